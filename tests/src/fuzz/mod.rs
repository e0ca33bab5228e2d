//! The bad-input generator: thousands of malformed requests, made from the OpenAPI document
//! (so a new endpoint is covered as soon as it is documented) and sent to a real `wrangler
//! dev`. Each request starts as its operation documented — real ids in its path, its query,
//! the admin token (or a JWT, an API key) so it gets past authentication, its example body —
//! and is then broken: random bytes, truncated or deeply nested JSON, wrong types, long and
//! huge strings, invalid UTF-8, wrong methods and content types, bad multipart, bad path and
//! query parameters, bad credentials, odd headers, unknown paths.
//!
//! What must hold: no 5xx, no dropped connection, every answer under `/api/` JSON (except
//! event streams and documented non-JSON successes such as images), 429s JSON with
//! `Retry-After`; and afterwards the demo bot (config, documents, conversations) as it was.
//! Requests that could change what they reach go to a scratch bot; the demo bot only gets
//! requests that must be refused whatever else they say.
//!
//! Everything follows from a seed: case `i` of seed `s` is always the same request, and a
//! failure prints a `curl` line that sends it again.

mod case;
pub mod rng;
pub mod setup;

pub use case::{Case, Sweep, generate, sweep};

use crate::client::Sent;
use crate::openapi::{Doc, Operation};
use futures_util::StreamExt;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// A bot the generator aims at.
#[derive(Debug, Clone)]
pub struct Bot {
    /// Its widget token.
    pub token: String,
    /// Its public id (seed 002's widgetId, seed 004's id).
    pub bot_id: String,
    /// A conversation of it.
    pub chat: String,
    /// Its knowledge documents' ids.
    pub documents: Vec<i64>,
}

/// What the generated requests name: the demo bot, a scratch bot, and credentials.
#[derive(Debug, Clone)]
pub struct Targets {
    /// The demo bot (must come through unchanged).
    pub demo: Bot,
    /// A bot the fuzzer may change (uploads and sharing on).
    pub scratch: Bot,
    /// The admin token.
    pub admin: String,
    /// The JWT of an agent of the scratch bot.
    pub jwt: String,
    /// That agent's id.
    pub operator_id: String,
    /// An API key of the scratch bot.
    pub api_key: String,
    /// The id of a second key of the scratch bot.
    pub key_id: String,
    /// An API-channel conversation of the scratch bot.
    pub api_chat: String,
    /// The stored name of an image the scratch bot's visitor sent.
    pub image_file: String,
    /// A shared transcript's id.
    pub share_id: String,
}

/// How much to send.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The seed everything follows from.
    pub seed: u64,
    /// How many requests.
    pub requests: u64,
    /// How many in flight at once.
    pub concurrency: usize,
    /// Only these case indexes (to replay failures); all when empty.
    pub only: Vec<u64>,
    /// Where failing cases' bodies are written for their `curl` lines.
    pub out_dir: PathBuf,
}

/// One broken promise.
#[derive(Debug, Clone)]
pub struct Failure {
    /// The case.
    pub case: Case,
    /// What went wrong.
    pub reason: String,
    /// A shell line that sends the case again.
    pub curl: String,
}

/// What a run found.
#[derive(Debug, Default)]
pub struct Report {
    /// Requests sent.
    pub sent: u64,
    /// Answers by status.
    pub statuses: BTreeMap<u16, u64>,
    /// Requests per documented operation.
    pub operations: BTreeMap<String, u64>,
    /// Every case: index, operation, mutations, and its status (0 when it failed).
    pub outcomes: Vec<(u64, String, String, u16)>,
    /// Failed cases.
    pub failures: Vec<Failure>,
    /// Changes found in the demo bot afterwards.
    pub demo_changes: Vec<String>,
    /// How long the requests took.
    pub elapsed: Duration,
}

impl Report {
    /// Whether every promise held.
    pub fn passed(&self) -> bool {
        self.failures.is_empty() && self.demo_changes.is_empty()
    }

    /// Writes every case's outcome, one per line (`index, status, operation, mutations`).
    pub fn write_outcomes(&self, path: &std::path::Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let mut text = String::new();
        for (index, op, mutations, status) in &self.outcomes {
            let _ = writeln!(text, "{index}\t{status}\t{op}\t{mutations}");
        }
        std::fs::write(path, text)
    }

    /// A readable summary, with at most `shown` failures in full.
    pub fn summary(&self, seed: u64, shown: usize) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "fuzz: seed {seed}: {} requests over {} operations in {:.1} s; statuses {:?}",
            self.sent,
            self.operations.len(),
            self.elapsed.as_secs_f64(),
            self.statuses
        );
        for f in self.failures.iter().take(shown) {
            let _ = writeln!(
                out,
                "\nFAIL case {} ({} | {}{}): {}\n  {}",
                f.case.index,
                f.case.op,
                f.case.mutations.join(" + "),
                if f.case.demo { " | demo bot" } else { "" },
                f.reason,
                f.curl
            );
        }
        if self.failures.len() > shown {
            let _ = writeln!(out, "\n… and {} more failures", self.failures.len() - shown);
        }
        for change in &self.demo_changes {
            let _ = writeln!(out, "\nFAIL the demo bot changed: {change}");
        }
        if !self.demo_changes.is_empty() {
            let _ = writeln!(
                out,
                "\n(the cases marked `demo bot` that were answered 2xx are the suspects: see the outcomes file)"
            );
        }
        let _ = writeln!(
            out,
            "\nfuzz: {}",
            if self.passed() {
                "no failures".to_owned()
            } else {
                format!(
                    "{} failing requests, {} demo bot changes (replay one: cargo run -p porthole-tests --bin fuzz -- --seed {seed} --only INDEX)",
                    self.failures.len(),
                    self.demo_changes.len()
                )
            }
        );
        out
    }
}

/// The operations the generator draws from: every documented one but the tenant socket's
/// upgrade (a GET without `Upgrade` is still sent, through the other operations' paths).
pub fn operations(doc: &Doc) -> Vec<Operation> {
    doc.operations()
}

/// Sends the plan's requests to `base` and checks every answer.
pub async fn run(base: &str, doc: &Doc, targets: &Targets, plan: &Plan) -> Report {
    let ops = operations(doc);
    let sweep = sweep(doc, &ops);
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .pool_max_idle_per_host(plan.concurrency)
        .build()
        .expect("client");
    let indexes: Vec<u64> = if plan.only.is_empty() {
        (0..plan.requests).collect()
    } else {
        plan.only.clone()
    };
    let started = Instant::now();
    let results: Vec<(Case, Result<u16, String>)> = futures_util::stream::iter(indexes)
        .map(|i| {
            let case = generate(doc, &ops, &sweep, targets, plan.seed, i);
            let client = client.clone();
            let ops = &ops;
            async move {
                let outcome = send_and_check(&client, base, doc, ops, &case).await;
                (case, outcome)
            }
        })
        .buffer_unordered(plan.concurrency)
        .collect()
        .await;
    let mut report = Report {
        elapsed: started.elapsed(),
        ..Report::default()
    };
    for (case, outcome) in results {
        report.sent += 1;
        *report.operations.entry(case.op.clone()).or_default() += 1;
        report.outcomes.push((
            case.index,
            case.op.clone(),
            format!(
                "{}{}",
                case.mutations.join(" + "),
                if case.demo { " | demo bot" } else { "" }
            ),
            *outcome.as_ref().unwrap_or(&0),
        ));
        match outcome {
            Ok(status) => *report.statuses.entry(status).or_default() += 1,
            Err(reason) => {
                let curl = curl_line(base, &case, &plan.out_dir, plan.seed);
                report.failures.push(Failure { case, reason, curl });
            }
        }
    }
    report.failures.sort_by_key(|f| f.case.index);
    report.outcomes.sort();
    report
}

/// Sends `case`; its status when the answer keeps every promise, else why not.
async fn send_and_check(
    client: &reqwest::Client,
    base: &str,
    doc: &Doc,
    ops: &[Operation],
    case: &Case,
) -> Result<u16, String> {
    let method = reqwest::Method::from_bytes(case.method.as_bytes()).map_err(|e| e.to_string())?;
    let mut req = client.request(method, format!("{base}{}", case.target));
    for (name, value) in &case.headers {
        let value = reqwest::header::HeaderValue::from_bytes(value)
            .unwrap_or_else(|_| reqwest::header::HeaderValue::from_static("x"));
        req = req.header(name.as_str(), value);
    }
    if case.chunked {
        let body = bytes::Bytes::from(case.body.clone());
        let chunks = futures_util::stream::iter(
            body.chunks(1000)
                .map(|c| Ok::<_, std::io::Error>(bytes::Bytes::copy_from_slice(c)))
                .collect::<Vec<_>>(),
        );
        req = req.body(reqwest::Body::wrap_stream(chunks));
    } else if !case.body.is_empty() {
        req = req.body(case.body.clone());
    }
    let response = req
        .sent()
        .await
        .map_err(|e| format!("no answer (dropped connection?): {}", error_chain(&e)))?;
    let status = response.status().as_u16();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    };
    let content_type = header("content-type");
    let retry_after = header("retry-after");
    let path = case.target.split('?').next().unwrap_or("");
    let is_api = path.starts_with("/api/");
    if content_type.starts_with("text/event-stream") && (200..300).contains(&status) {
        // A stream (a reply, or a watch that stays open): its success is not JSON; stop here.
        return Ok(status);
    }
    let body = response
        .bytes()
        .await
        .map_err(|e| format!("{status}: the body broke off: {}", error_chain(&e)))?;
    let shown = String::from_utf8_lossy(&body[..body.len().min(300)]).into_owned();
    if status >= 500 {
        return Err(format!("answered {status}: {shown}"));
    }
    if !is_api || status == 101 || case.method == "HEAD" {
        return Ok(status);
    }
    if case.method == "OPTIONS" && status == 204 {
        return Ok(status);
    }
    if (200..300).contains(&status) && documented_non_json(doc, ops, case, status, &content_type) {
        return Ok(status);
    }
    if !content_type.starts_with("application/json") {
        return Err(format!(
            "answered {status} as {content_type:?}, not JSON: {shown}"
        ));
    }
    if let Err(e) = serde_json::from_slice::<Value>(&body) {
        return Err(format!(
            "answered {status} with a body that is not JSON ({e}): {shown}"
        ));
    }
    let parsed: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    if status == 429 && retry_after.parse::<u64>().is_err() {
        return Err(format!("answered 429 without a Retry-After: {shown}"));
    }
    if status >= 400 && !is_error_body(&parsed) {
        return Err(format!(
            "answered {status} without an error code or detail: {shown}"
        ));
    }
    if let Some(op) = as_documented(ops, case)
        && status != 405
        && doc.response(&op.op, status).is_none()
    {
        return Err(format!(
            "answered {status}, which {} does not document: {shown}",
            case.op
        ));
    }
    Ok(status)
}

/// Whether `body` is one of the API's error shapes: `{"error":{"code","message"}}` (with
/// `success` or `ok` false) or seed 004's `{"detail":"…"}`.
fn is_error_body(body: &Value) -> bool {
    let coded = body["error"]["code"]
        .as_str()
        .is_some_and(|c| !c.is_empty())
        && body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty());
    let detail = body["detail"].as_str().is_some_and(|d| !d.is_empty());
    coded || detail
}

/// The case's operation, when it went out with its documented method and path (so its status
/// must be one the operation documents).
fn as_documented<'a>(ops: &'a [Operation], case: &Case) -> Option<&'a Operation> {
    if case.mutations.iter().any(|m| m.starts_with("path \"")) {
        return None;
    }
    ops.iter()
        .find(|o| o.path == case.template && o.method == case.method)
}

/// Whether the case's operation documents `status` with a non-JSON body of `content_type`
/// (an image).
fn documented_non_json(
    doc: &Doc,
    ops: &[Operation],
    case: &Case,
    status: u16,
    content_type: &str,
) -> bool {
    let media = content_type.split(';').next().unwrap_or("").trim();
    let Some(op) = as_documented(ops, case) else {
        return false;
    };
    doc.response(&op.op, status)
        .and_then(|r| r["content"].as_object())
        .is_some_and(|content| {
            media != "application/json"
                && content.keys().any(|k| {
                    k == media || k.ends_with("/*") && media.starts_with(k.trim_end_matches('*'))
                })
        })
}

/// An error with its causes.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let _ = write!(out, ": {s}");
        source = s.source();
    }
    out
}

/// A `curl` command that sends `case` again (its body, if any, written beside it).
pub fn curl_line(base: &str, case: &Case, out_dir: &std::path::Path, seed: u64) -> String {
    let mut line = format!(
        "curl -sS -i -X {} {}",
        shell_quote(case.method.as_bytes()),
        shell_quote(format!("{base}{}", case.target).as_bytes())
    );
    for (name, value) in &case.headers {
        let mut header = format!("{name}: ").into_bytes();
        header.extend_from_slice(value);
        let _ = write!(line, " -H {}", shell_quote(&header));
    }
    if case.chunked {
        line.push_str(" -H 'Transfer-Encoding: chunked'");
    }
    if !case.body.is_empty() {
        let printable = case.body.iter().all(|b| b.is_ascii_graphic() || *b == b' ');
        if printable && case.body.len() <= 400 {
            let _ = write!(line, " --data-binary {}", shell_quote(&case.body));
        } else {
            let _ = std::fs::create_dir_all(out_dir);
            let file = out_dir.join(format!("seed{seed}-case{}.body", case.index));
            let _ = std::fs::write(&file, &case.body);
            let _ = write!(line, " --data-binary @{}", file.display());
        }
    }
    line
}

/// `bytes` quoted for bash: `'…'` when printable, else `$'…'` with `\xHH` escapes.
pub fn shell_quote(bytes: &[u8]) -> String {
    if bytes
        .iter()
        .all(|b| (b.is_ascii_graphic() || *b == b' ') && *b != b'\'')
    {
        return format!("'{}'", String::from_utf8_lossy(bytes));
    }
    let mut out = String::from("$'");
    for b in bytes {
        match b {
            b'\'' => out.push_str("\\'"),
            b'\\' => out.push_str("\\\\"),
            b if b.is_ascii_graphic() || *b == b' ' => out.push(char::from(*b)),
            b => {
                let _ = write!(out, "\\x{b:02x}");
            }
        }
    }
    out.push('\'');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_quoting_keeps_every_byte() {
        assert_eq!(shell_quote(b"a b"), "'a b'");
        assert_eq!(shell_quote(b"it's"), "$'it\\'s'");
        assert_eq!(shell_quote(b"\xff\n"), "$'\\xff\\x0a'");
    }
}
