//! What the loopback servers of the tests (a fake LLM provider, a website) read of a request's
//! head: its headers, names lowercased, and the length of its body.

use std::collections::HashMap;

/// The headers in `lines` (a request head after its first line), names lowercased, and its
/// `Content-Length` (0 when absent).
pub fn headers<'a>(lines: impl Iterator<Item = &'a str>) -> (HashMap<String, String>, usize) {
    let headers: HashMap<String, String> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    (headers, length)
}
