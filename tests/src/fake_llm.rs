//! A fake OpenAI-compatible model provider on loopback, speaking the real protocol: HTTP/1.1,
//! `POST /v1/chat/completions` with `"stream": true` answered by `text/event-stream` chunks
//! (`chat.completion.chunk` objects, a final `usage` chunk, `[DONE]`) in chunked transfer
//! encoding. The model name picks its behaviour, so each bot of a test can ask for another:
//!
//! - `fake` — replies `You asked: "<question>". Our notes say so [1].`, one word per chunk;
//! - `fake:delay=150` — milliseconds between chunks (default 20); `first=3000` — before the first;
//! - `fake:status=500` — answers that status with an OpenAI error body;
//! - `fake:cut=3` — drops the connection after three chunks, without `[DONE]`;
//! - `fake:hang` — accepts and never answers; `fake:malformed` — sends a broken event;
//! - `fake:nousage` — no usage chunk.
//!
//! Every request is recorded (path, authorization, JSON body, usage reported, timings).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the fake received and did for one request.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// The request path.
    pub path: String,
    /// The `Authorization` header.
    pub authorization: Option<String>,
    /// The JSON body.
    pub body: serde_json::Value,
    /// `(prompt_tokens, completion_tokens)` reported in the usage chunk, if one was sent.
    pub usage: Option<(u64, u64)>,
    /// When the request arrived, the first chunk and the end were written (ms since the epoch).
    pub received_ms: u64,
    /// See `received_ms`.
    pub first_chunk_ms: Option<u64>,
    /// See `received_ms`.
    pub done_ms: Option<u64>,
}

/// A running fake provider.
pub struct FakeLlm {
    /// `http://127.0.0.1:PORT/v1`, the base URL to configure.
    pub base_url: String,
    records: Arc<Mutex<Vec<Recorded>>>,
}

impl FakeLlm {
    /// Starts on a free loopback port (on the current tokio runtime).
    pub async fn start() -> FakeLlm {
        Self::start_on(0, |_| {}).await
    }

    /// Starts on `port` (0: any), calling `on_done` with each finished request's record.
    pub async fn start_on(
        port: u16,
        on_done: impl Fn(&Recorded) + Send + Sync + 'static,
    ) -> FakeLlm {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("bind fake LLM");
        let port = listener.local_addr().expect("addr").port();
        let records = Arc::new(Mutex::new(Vec::new()));
        let shared = records.clone();
        let on_done = Arc::new(on_done);
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let (records, on_done) = (shared.clone(), on_done.clone());
                tokio::spawn(async move {
                    if let Some(record) = serve(socket).await {
                        on_done(&record);
                        records.lock().expect("records").push(record);
                    }
                });
            }
        });
        FakeLlm {
            base_url: format!("http://127.0.0.1:{port}/v1"),
            records,
        }
    }

    /// Every request served so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.records.lock().expect("records").clone()
    }
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// The behaviour a model name asks for.
#[derive(Debug, Default)]
struct Script {
    delay: Duration,
    first: Duration,
    status: Option<u16>,
    cut: Option<usize>,
    hang: bool,
    malformed: bool,
    usage: bool,
}

fn script(model: &str) -> Script {
    let options: HashMap<&str, &str> = model
        .split_once(':')
        .map(|(_, rest)| {
            rest.split(',')
                .map(|o| o.split_once('=').unwrap_or((o, "")))
                .collect()
        })
        .unwrap_or_default();
    let ms = |key: &str, default: u64| {
        Duration::from_millis(
            options
                .get(key)
                .and_then(|v| v.parse().ok())
                .unwrap_or(default),
        )
    };
    Script {
        delay: ms("delay", 20),
        first: ms("first", 0),
        status: options.get("status").and_then(|v| v.parse().ok()),
        cut: options.get("cut").and_then(|v| v.parse().ok()),
        hang: options.contains_key("hang"),
        malformed: options.contains_key("malformed"),
        usage: !options.contains_key("nousage"),
    }
}

/// Reads one HTTP request: path, headers (lowercase names), body.
async fn read_request(
    socket: &mut TcpStream,
) -> Option<(String, HashMap<String, String>, Vec<u8>)> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let path = lines.next()?.split(' ').nth(1)?.to_owned();
    let (headers, length) = crate::http::headers(lines);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < length {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some((path, headers, body))
}

async fn write_chunk(socket: &mut TcpStream, data: &str) -> std::io::Result<()> {
    socket
        .write_all(format!("{:x}\r\n{data}\r\n", data.len()).as_bytes())
        .await?;
    socket.flush().await
}

fn event(model: &str, delta: serde_json::Value, finish: Option<&str>) -> String {
    let chunk = serde_json::json!({
        "id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 1_700_000_000, "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    });
    format!("data: {chunk}\n\n")
}

/// Serves one connection; returns its record.
async fn serve(mut socket: TcpStream) -> Option<Recorded> {
    let (path, headers, body) = read_request(&mut socket).await?;
    let received_ms = now_ms();
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null);
    let mut record = Recorded {
        path: path.clone(),
        authorization: headers.get("authorization").cloned(),
        body: body.clone(),
        usage: None,
        received_ms,
        first_chunk_ms: None,
        done_ms: None,
    };
    if path != "/v1/chat/completions" {
        let _ = socket
            .write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            .await;
        return Some(record);
    }
    let model = body["model"].as_str().unwrap_or("fake").to_owned();
    let s = script(&model);
    if s.hang {
        tokio::time::sleep(Duration::from_secs(600)).await;
        return Some(record);
    }
    if let Some(status) = s.status {
        let error = serde_json::json!({"error": {"message": "The fake provider failed on purpose.", "type": "server_error"}}).to_string();
        let head = format!(
            "HTTP/1.1 {status} Error\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            error.len()
        );
        let _ = socket.write_all(format!("{head}{error}").as_bytes()).await;
        return Some(record);
    }
    let messages = body["messages"].as_array().cloned().unwrap_or_default();
    let question = messages
        .last()
        .and_then(|m| m["content"].as_str())
        .unwrap_or("")
        .to_owned();
    let reply = format!("You asked: \"{question}\". Our notes say so [1].");
    let words: Vec<String> = reply.split_inclusive(' ').map(str::to_owned).collect();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
    socket.write_all(head.as_bytes()).await.ok()?;
    tokio::time::sleep(s.first).await;
    write_chunk(
        &mut socket,
        &event(
            &model,
            serde_json::json!({"role": "assistant", "content": ""}),
            None,
        ),
    )
    .await
    .ok()?;
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            tokio::time::sleep(s.delay).await;
        }
        if s.cut == Some(i) {
            return Some(record); // dropped without the end of the chunked body
        }
        if s.malformed && i == 1 {
            let _ = write_chunk(&mut socket, "data: {\"choices\": [broken\n\n").await;
            let _ = write_chunk(&mut socket, "").await;
            return Some(record);
        }
        write_chunk(
            &mut socket,
            &event(&model, serde_json::json!({"content": word}), None),
        )
        .await
        .ok()?;
        record.first_chunk_ms.get_or_insert_with(now_ms);
    }
    write_chunk(
        &mut socket,
        &event(&model, serde_json::json!({}), Some("stop")),
    )
    .await
    .ok()?;
    if s.usage {
        let prompt: u64 = messages
            .iter()
            .map(|m| m["content"].as_str().unwrap_or("").len() as u64)
            .sum::<u64>()
            / 4
            + 7;
        let completion = words.len() as u64;
        record.usage = Some((prompt, completion));
        let usage = serde_json::json!({
            "id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 1_700_000_000, "model": model, "choices": [],
            "usage": {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion},
        });
        write_chunk(&mut socket, &format!("data: {usage}\n\n"))
            .await
            .ok()?;
    }
    write_chunk(&mut socket, "data: [DONE]\n\n").await.ok()?;
    write_chunk(&mut socket, "").await.ok()?;
    record.done_ms = Some(now_ms());
    Some(record)
}
