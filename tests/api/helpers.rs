//! `spawn_app()` and [`TestApp`]: one method per endpoint, over a fresh bot on the shared
//! test server.

use porthole_tests::client::Sent;
use porthole_tests::server::{ADMIN_TOKEN, Server};
use porthole_tests::sse::SseReader;
use serde_json::{Value, json};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

static SERVER: OnceLock<Server> = OnceLock::new();

/// The admin token (the owner's credential).
pub const ADMIN: &str = ADMIN_TOKEN;

/// The key that signs the test server's dashboard JWTs.
pub const JWT_SECRET: &str = "test-jwt-secret-0123456789abcdef-0123";

/// The OpenAI key the test server holds as a secret.
pub const OPENAI_KEY: &str = "sk-test-fake-4c1d";

/// The per-bot knowledge limit the test server runs with (the default is 20,000,000).
pub const KNOWLEDGE_MAX_CHARS: usize = 1_200_000;

/// The demo knowledge every test bot starts with.
pub const HOURS_DOC: &str = "## Opening hours\n- Monday to Friday: 7am to 6pm\n- Saturday and Sunday: 8am to 4pm\n\n## Address\nWe are at 12 Quay Street, next to the old lighthouse.";
/// A second document.
pub const SHIPPING_DOC: &str = "We ship our coffee to Canada and the United States within five working days. Orders placed before noon leave the same day. Shipping is free above 40 dollars.";

/// A test's view of the server, with a bot of its own.
#[derive(Clone)]
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// HTTP client.
    pub client: reqwest::Client,
    /// The widget token of this test's bot.
    pub token: String,
}

/// The shared server, started on first use.
pub async fn server() -> &'static Server {
    tokio::task::spawn_blocking(|| {
        SERVER.get_or_init(|| {
            Server::start(&[
                ("SSE_KEEPALIVE_SECS", "1"),
                ("AI_TIMEOUT_SECS", "3"),
                ("OPENAI_API_KEY", OPENAI_KEY),
                ("KNOWLEDGE_MAX_CHARS", &KNOWLEDGE_MAX_CHARS.to_string()),
                ("JWT_SECRET", JWT_SECRET),
                ("WEBHOOK_RETRY_BASE_MS", "300"),
                // Retention in seconds rather than days, swept every half second.
                ("RETENTION_DAY_MS", "1000"),
                ("RETENTION_SWEEP_MS", "500"),
                // Serves the demo page at `/` and `/demo`, as `make dev` does.
                ("DEMO_BOT_TOKEN", "0123456789abcdef0123456789abcdef"),
            ])
        })
    })
    .await
    .expect("server start")
}

/// The server whose bots on `auto` retrieve by meaning too, with the local model (the shared
/// [`server`] has none: its bots answer by words alone, so no test there depends on when the
/// background embedding of its knowledge ends). Started on first use.
pub async fn server_with_embeddings() -> &'static Server {
    static WITH_EMBEDDINGS: OnceLock<Server> = OnceLock::new();
    tokio::task::spawn_blocking(|| {
        WITH_EMBEDDINGS.get_or_init(|| {
            let url = porthole_tests::embeddings::url();
            Server::start(&[("EMBEDDINGS_URL", url), ("JWT_SECRET", JWT_SECRET)])
        })
    })
    .await
    .expect("server start")
}

/// A test app with a fresh bot that knows [`HOURS_DOC`] and [`SHIPPING_DOC`].
pub async fn spawn_app() -> TestApp {
    app_with_bot(
        &server().await.base,
        json!({"bot_name": "Barista"}),
        &[
            ("Visit us", "https://harbor.test/visit", HOURS_DOC),
            ("Shipping", "https://harbor.test/shipping", SHIPPING_DOC),
        ],
    )
    .await
}

/// [`spawn_app`] with its bot's reply paced `ms` apart per piece (`stream_pace_ms`): a reply
/// that is still being written while the test acts on it (0: the whole reply at once).
pub async fn paced_app(ms: u32) -> TestApp {
    let app = spawn_app().await;
    app.patch_bot(&app.token, serde_json::json!({ "stream_pace_ms": ms }))
        .await;
    app
}

/// A test app on the server at `base`, with a fresh bot made of `config` that knows `docs`
/// (title, URL, text).
pub async fn app_with_bot(base: &str, config: Value, docs: &[(&str, &str, &str)]) -> TestApp {
    let mut app = TestApp {
        base: base.to_owned(),
        client: reqwest::Client::new(),
        token: String::new(),
    };
    app.token = app.create_bot(config).await;
    for (title, url, text) in docs {
        app.add_document(&app.token.clone(), title, url, text).await;
    }
    app
}

/// A fresh, unique chat id.
pub fn chat_id() -> String {
    format!("web_{}", unique_hex())
}

/// A fresh, unique client message id.
pub fn message_id() -> String {
    format!("m_{}", unique_hex())
}

fn unique_hex() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0) as u64;
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!(
        "{:016x}{:016x}",
        nanos ^ (u64::from(std::process::id()) << 40),
        n
    )
}

/// Waits, if needed, until the current rate-limit window (fixed, 60 s, aligned to the minute as
/// the runtime's limiter is) has at least `secs` seconds left, so a burst fits in one window.
pub async fn wait_for_window_with(secs: u64) {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_millis() as u64;
    let left_ms = 60_000 - now % 60_000;
    if left_ms < secs * 1000 {
        tokio::time::sleep(Duration::from_millis(left_ms + 200)).await;
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// `GET /api/widget/config?token=`.
    pub async fn config(&self, token: &str) -> reqwest::Response {
        self.client
            .get(self.url("/api/widget/config"))
            .query(&[("token", token)])
            .sent()
            .await
            .expect("config")
    }

    /// `POST /api/widget/ping` from a page at `origin`.
    pub async fn ping(&self, body: &Value, origin: Option<&str>) -> reqwest::Response {
        let mut req = self.client.post(self.url("/api/widget/ping")).json(body);
        if let Some(origin) = origin {
            req = req.header("Origin", origin);
        }
        req.sent().await.expect("ping")
    }

    /// `POST /api/widget/message`.
    /// The JSON answer of `/api/widget/message` to `question`, asked of this test's bot.
    pub async fn ask(&self, question: &str) -> Value {
        self.message(&json!({"token": self.token, "message": question}))
            .await
            .json()
            .await
            .expect("json")
    }

    pub async fn message(&self, body: &Value) -> reqwest::Response {
        self.client
            .post(self.url("/api/widget/message"))
            .json(body)
            .sent()
            .await
            .expect("message")
    }

    /// POSTs raw text to `path` (for malformed JSON).
    pub async fn post_raw(&self, path: &str, body: &str) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .header("Content-Type", "application/json")
            .body(body.to_owned())
            .sent()
            .await
            .expect("post")
    }

    /// `POST /api/v1/chat/stream`, optionally resuming after `last_event_id`.
    pub async fn stream(&self, body: &Value, last_event_id: Option<&str>) -> reqwest::Response {
        let mut req = self.client.post(self.url("/api/v1/chat/stream")).json(body);
        if let Some(id) = last_event_id {
            req = req.header("Last-Event-ID", id);
        }
        req.sent().await.expect("stream")
    }

    /// Streams one question to this test's bot and reads every frame.
    pub async fn ask_streaming(
        &self,
        session: &str,
        message_id: &str,
        text: &str,
    ) -> Vec<porthole_tests::sse::Frame> {
        let response = self
            .stream(&self.stream_body(session, message_id, text), None)
            .await;
        assert_eq!(response.status(), 200);
        SseReader::new(response).collect().await
    }

    /// A stream request body for this test's bot.
    pub fn stream_body(&self, session: &str, message_id: &str, text: &str) -> Value {
        json!({"site_key": self.token, "session_id": session, "message": text, "lang": "en", "message_id": message_id})
    }

    /// `GET /api/v1/chat/history`.
    pub async fn history(&self, site_key: &str, session_id: &str) -> reqwest::Response {
        self.client
            .get(self.url("/api/v1/chat/history"))
            .query(&[("site_key", site_key), ("session_id", session_id)])
            .sent()
            .await
            .expect("history")
    }

    /// An admin request with the right bearer token.
    pub async fn admin(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&Value>,
    ) -> reqwest::Response {
        let mut req = self
            .client
            .request(method, self.url(path))
            .bearer_auth(ADMIN_TOKEN);
        if let Some(body) = body {
            req = req.json(body);
        }
        req.sent().await.expect("admin")
    }

    /// Creates a bot with `config`; returns its token.
    pub async fn create_bot(&self, config: Value) -> String {
        let response = self
            .admin(reqwest::Method::POST, "/api/admin/bots", Some(&config))
            .await;
        assert_eq!(response.status(), 201, "create bot");
        let body: Value = response.json().await.expect("json");
        body["token"].as_str().expect("token").to_owned()
    }

    /// Changes `token`'s config.
    pub async fn patch_bot(&self, token: &str, patch: Value) {
        let response = self
            .admin(
                reqwest::Method::PATCH,
                &format!("/api/admin/bots/{token}"),
                Some(&patch),
            )
            .await;
        assert_eq!(response.status(), 200, "patch bot");
    }

    /// Adds a knowledge document to `token`'s bot.
    pub async fn add_document(&self, token: &str, title: &str, url: &str, text: &str) -> Value {
        let body = json!({"title": title, "url": url, "text": text});
        let response = self
            .admin(
                reqwest::Method::POST,
                &format!("/api/admin/bots/{token}/documents"),
                Some(&body),
            )
            .await;
        assert_eq!(response.status(), 201, "add document");
        response.json().await.expect("json")
    }

    /// The admin view of `token`'s bot.
    /// Waits until every chunk of the bot's knowledge has its vector; the bot's status then.
    pub async fn embedded(&self, token: &str) -> Value {
        for _ in 0..600 {
            let status = self.bot(token).await["status"].clone();
            let retrieval = &status["retrieval"];
            assert!(retrieval["error"].is_null(), "{retrieval}");
            if retrieval["mode"] == "hybrid" && retrieval["embedded"] == status["chunks"] {
                return status;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the knowledge was not embedded within a minute");
    }

    pub async fn bot(&self, token: &str) -> Value {
        let response = self
            .admin(
                reqwest::Method::GET,
                &format!("/api/admin/bots/{token}"),
                None,
            )
            .await;
        assert_eq!(response.status(), 200, "read bot");
        response.json().await.expect("json")
    }

    /// The stored conversation `chat_id` of `token`'s bot, as an agent reads it.
    pub async fn conversation(&self, token: &str, chat_id: &str) -> reqwest::Response {
        self.admin(
            reqwest::Method::GET,
            &format!("/api/admin/bots/{token}/conversations/{chat_id}"),
            None,
        )
        .await
    }

    /// [`Self::conversation`]'s body: the stored messages and state.
    pub async fn conversation_detail(&self, token: &str, chat_id: &str) -> Value {
        self.conversation(token, chat_id)
            .await
            .json()
            .await
            .unwrap()
    }
}

/// Polls `check` every 50 ms until it gives a value, for at most `secs` seconds (the hub's
/// index and the sockets follow a write within milliseconds, not in the same request).
pub async fn eventually<T, F, Fut>(secs: u64, what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{what}: not within {secs} s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// An email `wrangler dev` simulated sending (the `send_email` binding).
#[derive(Debug, Clone)]
pub struct SentMail {
    /// The builder's lines as logged (`From:`, `To:`, `Subject:`, …).
    pub head: String,
    /// The text part (from the file the log names).
    pub text: String,
}

impl SentMail {
    /// The value of the logged line `name: …`.
    pub fn field(&self, name: &str) -> String {
        self.head
            .lines()
            .find_map(|l| l.trim().strip_prefix(&format!("{name}: ")))
            .unwrap_or_default()
            .trim()
            .to_owned()
    }
}

/// The emails in `server`'s log, oldest first.
pub fn sent_mail(server: &Server) -> Vec<SentMail> {
    let log = server.log();
    log.split("send_email binding called with MessageBuilder:")
        .skip(1)
        .map(|block| {
            let head: String = block.lines().take(8).collect::<Vec<_>>().join("\n");
            let text = head
                .lines()
                .find_map(|l| l.trim().strip_prefix("Text: "))
                .and_then(|path| std::fs::read_to_string(path.trim()).ok())
                .unwrap_or_default();
            SentMail { head, text }
        })
        .collect()
}

/// A unique email address.
pub fn email() -> String {
    format!("op-{}@example.test", unique_hex())
}

/// The password test operators get.
pub const PASSWORD: &str = "correct horse battery";

/// A visitor's browser id.
pub fn visitor_id() -> String {
    format!("v_{}", unique_hex())
}

impl TestApp {
    /// Makes an API key for this test's bot; returns it.
    pub async fn api_key(&self) -> String {
        let response = self
            .admin(
                reqwest::Method::POST,
                &format!("/api/admin/bots/{}/keys", self.token),
                Some(&json!({"name": "integration"})),
            )
            .await;
        assert_eq!(response.status(), 201, "create key");
        let body: Value = response.json().await.expect("json");
        body["key"].as_str().expect("key").to_owned()
    }

    /// This test's bot's public id (seed 002's widgetId, seed 004's id).
    pub async fn bot_id(&self) -> String {
        let config: Value = self.config(&self.token).await.json().await.expect("json");
        config["id"].as_str().expect("id").to_owned()
    }

    /// A request with `Authorization: Bearer {credential}`.
    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        credential: &str,
        body: Option<&Value>,
    ) -> reqwest::Response {
        let mut req = self
            .client
            .request(method, self.url(path))
            .bearer_auth(credential);
        if let Some(body) = body {
            req = req.json(body);
        }
        req.sent().await.expect("call")
    }

    /// Creates an operator (`role`, `bots`) and signs it in; returns its JWT and its record.
    pub async fn operator(&self, role: &str, bots: &[&str]) -> (String, Value) {
        let email = email();
        let response = self
            .admin(
                reqwest::Method::POST,
                "/api/admin/operators",
                Some(
                    &json!({"name": "Jane Agent", "email": email, "password": PASSWORD,
                    "role": role, "bots": bots, "avatar": "https://cdn.test/jane.png"}),
                ),
            )
            .await;
        assert_eq!(response.status(), 201, "create operator");
        let created: Value = response.json().await.expect("json");
        let session: Value = self
            .login(&email, PASSWORD)
            .await
            .json()
            .await
            .expect("json");
        let jwt = session["token"].as_str().expect("token").to_owned();
        (jwt, created["operator"].clone())
    }

    /// `POST /api/auth/login`.
    pub async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        self.client
            .post(self.url("/api/auth/login"))
            .json(&json!({"email": email, "password": password}))
            .sent()
            .await
            .expect("login")
    }

    /// A dashboard action on conversation `chat` of this test's bot, as `credential`.
    pub async fn act(
        &self,
        credential: &str,
        chat: &str,
        action: &str,
        body: Option<&Value>,
    ) -> reqwest::Response {
        let path = format!(
            "/api/admin/bots/{}/conversations/{chat}/{action}",
            self.token
        );
        self.call(reqwest::Method::POST, &path, credential, body)
            .await
    }

    /// The conversation list of this test's bot with `query` (`waiting=true`, …).
    pub async fn inbox(&self, credential: &str, query: &str) -> Value {
        let path = format!("/api/admin/bots/{}/conversations?{query}", self.token);
        let response = self
            .call(reqwest::Method::GET, &path, credential, None)
            .await;
        assert_eq!(response.status(), 200, "conversation list");
        response.json().await.expect("json")
    }

    /// A visitor-side GET (`operator-messages`, `block-status`, `pending-proactive`).
    pub async fn visitor_get(&self, endpoint: &str, params: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .get(self.url(&format!("/api/v1/chat/{endpoint}")))
            .query(params)
            .sent()
            .await
            .expect("visitor get")
    }

    /// A visitor-side POST (`handoff`, `stop`).
    pub async fn visitor_post(&self, endpoint: &str, body: &Value) -> reqwest::Response {
        self.client
            .post(self.url(&format!("/api/v1/chat/{endpoint}")))
            .json(body)
            .sent()
            .await
            .expect("visitor post")
    }
}

/// Asserts that `response` is a JSON error with `status` and `code`, and a message.
pub async fn assert_error(response: reqwest::Response, status: u16, code: &str) -> Value {
    assert_eq!(response.status().as_u16(), status, "status");
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    assert!(
        content_type.starts_with("application/json"),
        "content type {content_type:?}"
    );
    let body: Value = response.json().await.expect("error body is JSON");
    assert_eq!(body["success"], false, "{body}");
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    body
}
