//! The local embedding model (multilingual-e5-small, `scripts/embeddings`) for the suites that
//! retrieve by meaning: started once per test binary on a free loopback port, and stopped when
//! the binary exits (the script stops when its standard input, held here, closes).

use crate::server::workspace_root;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;

/// The model's address (`http://127.0.0.1:PORT/v1`), started on first use.
pub fn url() -> &'static str {
    static MODEL: OnceLock<(Child, String)> = OnceLock::new();
    let (_, url) = MODEL.get_or_init(|| {
        let mut child = Command::new(workspace_root().join("scripts/embeddings"))
            .arg("attached")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("scripts/embeddings attached");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("the model's address");
        let url = line
            .trim()
            .strip_prefix("ready ")
            .unwrap_or_else(|| panic!("scripts/embeddings said {line:?}"))
            .to_owned();
        (child, url)
    });
    url
}
