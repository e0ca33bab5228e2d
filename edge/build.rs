//! Build step: `openapi.json` is kept readable in the repository; the worker embeds it
//! minified (keys in their written order), and a document that is not JSON fails the build.

use std::{env, fs, path::Path};

fn main() {
    println!("cargo:rerun-if-changed=openapi.json");
    let text = fs::read_to_string("openapi.json").expect("edge/openapi.json is readable");
    let document: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("edge/openapi.json: {e}"));
    let out = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let compact = serde_json::to_string(&document).expect("a JSON value serializes");
    fs::write(Path::new(&out).join("openapi.min.json"), compact).expect("OUT_DIR is writable");
}
