//! JSON through the browser's own `JSON.parse` / `JSON.stringify` and serde-wasm-bindgen, so
//! the widget's wasm carries no JSON parser of its own.

use serde::{Serialize, de::DeserializeOwned};
use wasm_bindgen::JsValue;

/// Parses JSON text into `T`.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, JsValue> {
    let value = js_sys::JSON::parse(text)?;
    serde_wasm_bindgen::from_value(value).map_err(JsValue::from)
}

/// Serializes `value` to JSON text.
pub fn stringify<T: Serialize>(value: &T) -> Result<String, JsValue> {
    let value = value.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?;
    js_sys::JSON::stringify(&value)?
        .as_string()
        .ok_or_else(|| JsValue::from_str("not a string"))
}
