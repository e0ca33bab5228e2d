//! A dashboard's client of the tenant WebSocket (`/api/ws/tenant`) for the tests: connect, send
//! the auth message, read JSON messages with a deadline, and see how the server closed.

use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use std::time::{Duration, Instant};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, connect_async};

/// A connected tenant socket.
pub struct TenantSocket {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    /// When the connection opened.
    pub opened: Instant,
}

/// How the server closed the socket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closed {
    /// The close code (0 when the connection dropped without a close frame).
    pub code: u16,
    /// The reason.
    pub reason: String,
    /// Time from opening to the close frame.
    pub after: Duration,
}

impl TenantSocket {
    /// Connects to the service at `base` (`http://127.0.0.1:PORT`).
    pub async fn connect(base: &str) -> Self {
        let url = format!("{}/api/ws/tenant", base.replacen("http", "ws", 1));
        let (ws, response) = connect_async(&url).await.expect("websocket connect");
        assert_eq!(response.status().as_u16(), 101);
        Self {
            ws,
            opened: Instant::now(),
        }
    }

    /// Sends a JSON message.
    pub async fn send(&mut self, value: &Value) {
        self.ws
            .send(Message::text(value.to_string()))
            .await
            .expect("websocket send");
    }

    /// Authenticates with `token` (replaying after `since`); returns the `auth:ok` message.
    pub async fn auth(&mut self, token: &str, since: Option<u64>) -> Value {
        let mut message = serde_json::json!({"type": "auth", "token": token});
        if let Some(since) = since {
            message["since"] = since.into();
        }
        self.send(&message).await;
        let ok = self
            .next(Duration::from_secs(5))
            .await
            .expect("auth answer");
        assert_eq!(ok["type"], "auth:ok", "{ok}");
        ok
    }

    /// The next JSON message within `timeout`, or `None`.
    pub async fn next(&mut self, timeout: Duration) -> Option<Value> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let message = tokio::time::timeout_at(deadline, self.ws.next())
                .await
                .ok()??;
            match message.ok()? {
                Message::Text(text) => return serde_json::from_str(text.as_str()).ok(),
                Message::Close(_) => return None,
                _ => continue,
            }
        }
    }

    /// The next message of `kind` (skipping others) within `timeout`; panics when none came.
    pub async fn next_of(&mut self, kind: &str, timeout: Duration) -> Value {
        self.next_where(kind, |_| true, timeout).await
    }

    /// The next message of `kind` that `wanted` accepts (skipping others) within `timeout`:
    /// a socket signed in as the admin sees every bot's events, other tests' too.
    pub async fn next_where(
        &mut self,
        kind: &str,
        wanted: impl Fn(&Value) -> bool,
        timeout: Duration,
    ) -> Value {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.next(left).await {
                Some(m) if m["type"] == kind && wanted(&m) => return m,
                Some(_) => continue,
                None => panic!("no {kind} event within {timeout:?}"),
            }
        }
    }

    /// Every message that arrives within `window`.
    pub async fn drain(&mut self, window: Duration) -> Vec<Value> {
        let deadline = Instant::now() + window;
        let mut out = Vec::new();
        while let Some(m) = self
            .next(deadline.saturating_duration_since(Instant::now()))
            .await
        {
            out.push(m);
        }
        out
    }

    /// Waits (up to `timeout`) for the server to close the socket.
    pub async fn closed(&mut self, timeout: Duration) -> Closed {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            match tokio::time::timeout_at(deadline, self.ws.next()).await {
                Err(_) => panic!("the socket was not closed within {timeout:?}"),
                Ok(Some(Ok(Message::Close(frame)))) => {
                    return Closed {
                        code: frame.as_ref().map_or(0, |f| u16::from(f.code)),
                        reason: frame.map(|f| f.reason.to_string()).unwrap_or_default(),
                        after: self.opened.elapsed(),
                    };
                }
                Ok(Some(Ok(_))) => continue,
                Ok(Some(Err(_))) | Ok(None) => {
                    return Closed {
                        code: 0,
                        reason: String::new(),
                        after: self.opened.elapsed(),
                    };
                }
            }
        }
    }
}
