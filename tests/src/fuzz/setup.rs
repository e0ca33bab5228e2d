//! What a fuzz run stands on: a fresh `wrangler dev` with rate limits off, the demo bot seeded
//! from `demo/` as `make dev` seeds it (plus one visitor conversation), a scratch bot with
//! everything the generated requests name (a key, an agent and its JWT, conversations, an
//! image, a shared link), and a snapshot of the demo bot to compare afterwards.

use super::{Bot, Targets};
use crate::client::Sent;
use crate::server::{ADMIN_TOKEN, Server, workspace_root};
use reqwest::Method;
use serde_json::{Value, json};

/// The demo bot's token (as in `.dev.vars.example`).
pub const DEMO_TOKEN: &str = "5f2b8c0e9d4a4e7b8a1c3d5e7f9a0b2c";

/// Starts a server for fuzzing: rate limits off (so the run measures input handling, not the
/// limiter), the demo page on.
pub async fn start_server() -> Server {
    tokio::task::spawn_blocking(|| {
        Server::start(&[
            ("RATE_LIMITS", "off"),
            ("JWT_SECRET", "fuzz-jwt-secret-0123456789abcdef-0123"),
            ("DEMO_BOT_TOKEN", DEMO_TOKEN),
        ])
    })
    .await
    .expect("server start")
}

/// An admin call; its JSON, after checking its status.
async fn admin(
    client: &reqwest::Client,
    base: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
    status: u16,
) -> Value {
    let mut req = client
        .request(method.clone(), format!("{base}{path}"))
        .bearer_auth(ADMIN_TOKEN);
    if let Some(body) = body {
        req = req.json(&body);
    }
    let response = req.sent().await.expect("admin call");
    let got = response.status().as_u16();
    let text = response.text().await.unwrap_or_default();
    assert_eq!(got, status, "{method} {path}: {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// A public JSON POST; its JSON, after checking for 200.
async fn post(client: &reqwest::Client, base: &str, path: &str, body: Value) -> Value {
    let response = client
        .post(format!("{base}{path}"))
        .json(&body)
        .sent()
        .await
        .expect("post");
    assert_eq!(response.status(), 200, "POST {path}");
    response.json().await.expect("json")
}

/// The last path segment of a URL.
fn last_segment(url: &str) -> String {
    url.rsplit('/').next().unwrap_or("").to_owned()
}

/// A bot's public id.
async fn bot_id(client: &reqwest::Client, base: &str, token: &str) -> String {
    let config: Value = client
        .get(format!("{base}/api/widget/config?token={token}"))
        .sent()
        .await
        .expect("config")
        .json()
        .await
        .expect("json");
    config["id"].as_str().expect("bot id").to_owned()
}

/// A bot's document ids.
async fn documents(client: &reqwest::Client, base: &str, token: &str) -> Vec<i64> {
    let list = admin(
        client,
        base,
        Method::GET,
        &format!("/api/admin/bots/{token}/documents"),
        None,
        200,
    )
    .await;
    list["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .filter_map(|d| d["id"].as_i64())
        .collect()
}

/// Seeds the demo bot (`demo/bot.json`, its knowledge files) and gives it one conversation.
pub async fn seed_demo(client: &reqwest::Client, base: &str) -> Bot {
    let root = workspace_root().join("demo");
    let demo: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("bot.json")).expect("demo/bot.json"),
    )
    .expect("demo/bot.json is JSON");
    let path = format!("/api/admin/bots/{DEMO_TOKEN}");
    admin(
        client,
        base,
        Method::PUT,
        &path,
        Some(demo["config"].clone()),
        201,
    )
    .await;
    for doc in demo["documents"].as_array().expect("documents") {
        let file = doc["file"].as_str().expect("file");
        let text = std::fs::read_to_string(root.join(file)).expect("demo knowledge file");
        admin(
            client,
            base,
            Method::POST,
            &format!("{path}/documents"),
            Some(json!({"title": doc["title"], "url": doc["url"], "text": text})),
            201,
        )
        .await;
    }
    let reply = post(
        client,
        base,
        "/api/widget/message",
        json!({"token": DEMO_TOKEN, "message": "When are you open?"}),
    )
    .await;
    Bot {
        token: DEMO_TOKEN.to_owned(),
        bot_id: bot_id(client, base, DEMO_TOKEN).await,
        chat: reply["chat_id"].as_str().expect("chat_id").to_owned(),
        documents: documents(client, base, DEMO_TOKEN).await,
    }
}

/// Makes the scratch bot and everything the requests name.
pub async fn targets(client: &reqwest::Client, base: &str, demo: Bot) -> Targets {
    let created = admin(
        client,
        base,
        Method::POST,
        "/api/admin/bots",
        Some(json!({"bot_name": "Scratch"})),
        201,
    )
    .await;
    let token = created["token"].as_str().expect("token").to_owned();
    let bot = format!("/api/admin/bots/{token}");
    admin(
        client,
        base,
        Method::PATCH,
        &bot,
        Some(json!({"enableFileUpload": true, "enableShareConversation": true})),
        200,
    )
    .await;
    admin(
        client,
        base,
        Method::POST,
        &format!("{bot}/documents"),
        Some(
            json!({"title": "Hours", "url": "https://scratch.test/hours",
                    "text": "We are open from 8am to 6pm every day, at 12 Quay Street."}),
        ),
        201,
    )
    .await;
    let key = admin(
        client,
        base,
        Method::POST,
        &format!("{bot}/keys"),
        Some(json!({"name": "fuzz"})),
        201,
    )
    .await;
    let api_key = key["key"].as_str().expect("key").to_owned();
    let second = admin(
        client,
        base,
        Method::POST,
        &format!("{bot}/keys"),
        Some(json!({"name": "second"})),
        201,
    )
    .await;
    let email = "fuzz-agent@example.test";
    let password = "correct horse battery";
    let operator = admin(
        client,
        base,
        Method::POST,
        "/api/admin/operators",
        Some(
            json!({"name": "Fuzz Agent", "email": email, "password": password,
                    "role": "agent", "bots": [token]}),
        ),
        201,
    )
    .await;
    let session = post(
        client,
        base,
        "/api/auth/login",
        json!({"email": email, "password": password}),
    )
    .await;
    let reply = post(
        client,
        base,
        "/api/widget/message",
        json!({"token": token, "message": "When are you open?"}),
    )
    .await;
    let chat = reply["chat_id"].as_str().expect("chat_id").to_owned();
    let started = client
        .post(format!("{base}/api/v1/conversations"))
        .bearer_auth(&api_key)
        .json(&json!({"message": {"data": {"body": "Hello"}},
                      "from": {"user_external_id": "fuzz-visitor"}}))
        .sent()
        .await
        .expect("API conversation");
    assert_eq!(started.status(), 200, "API conversation");
    let started: Value = started.json().await.expect("json");
    let png = vec![
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, b'I', b'H', b'D', b'R', 0, 0,
        0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89,
    ];
    let form = reqwest::multipart::Form::new()
        .text("site_key", token.clone())
        .text("session_id", chat.clone())
        .part(
            "image",
            reqwest::multipart::Part::bytes(png)
                .file_name("photo.png")
                .mime_str("image/png")
                .expect("mime"),
        );
    let uploaded: Value = client
        .post(format!("{base}/api/v1/chat/upload-image"))
        .multipart(form)
        .sent()
        .await
        .expect("upload")
        .json()
        .await
        .expect("json");
    let shared = post(
        client,
        base,
        "/api/v1/chat/share",
        json!({"site_key": token, "session_id": chat}),
    )
    .await;
    Targets {
        scratch: Bot {
            bot_id: bot_id(client, base, &token).await,
            documents: documents(client, base, &token).await,
            token,
            chat,
        },
        demo,
        admin: ADMIN_TOKEN.to_owned(),
        jwt: session["token"].as_str().expect("jwt").to_owned(),
        operator_id: operator["operator"]["id"]
            .as_str()
            .expect("operator id")
            .to_owned(),
        api_key,
        key_id: second["id"].as_str().expect("key id").to_owned(),
        api_chat: started["conversation"]["id"]
            .as_str()
            .expect("conversation id")
            .to_owned(),
        image_file: last_segment(uploaded["url"].as_str().expect("image url")),
        share_id: last_segment(shared["url"].as_str().expect("share url")),
    }
}

/// What must not change in the demo bot: its config, its documents, its conversations.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// The admin view of the bot.
    pub config: Value,
    /// Its documents.
    pub documents: Value,
    /// Its conversations' ids, message counts and modes.
    pub conversations: Vec<Value>,
}

/// Reads the demo bot's [`Snapshot`].
pub async fn snapshot(client: &reqwest::Client, base: &str, token: &str) -> Snapshot {
    let bot = format!("/api/admin/bots/{token}");
    let config = admin(client, base, Method::GET, &bot, None, 200).await;
    let documents = admin(
        client,
        base,
        Method::GET,
        &format!("{bot}/documents"),
        None,
        200,
    )
    .await;
    let list = admin(
        client,
        base,
        Method::GET,
        &format!("{bot}/conversations?limit=200"),
        None,
        200,
    )
    .await;
    Snapshot {
        config,
        documents,
        conversations: list["conversations"]
            .as_array()
            .cloned()
            .unwrap_or_default(),
    }
}

/// What differs between two snapshots, one line per part.
pub fn differences(before: &Snapshot, after: &Snapshot) -> Vec<String> {
    let mut out = Vec::new();
    if before.config != after.config {
        out.push(format!(
            "config was {}\n  now {}",
            before.config, after.config
        ));
    }
    if before.documents != after.documents {
        out.push(format!(
            "documents were {}\n  now {}",
            before.documents, after.documents
        ));
    }
    if before.conversations.len() != after.conversations.len() {
        out.push(format!(
            "{} conversations, now {}: {:?}",
            before.conversations.len(),
            after.conversations.len(),
            after.conversations
        ));
    }
    out
}

/// Starts a server, seeds it, and runs `plan`; the report, with the demo bot's changes.
pub async fn run_fresh(plan: &super::Plan) -> super::Report {
    let server = start_server().await;
    let base = server.base.clone();
    let client = reqwest::Client::new();
    let demo = seed_demo(&client, &base).await;
    let targets = targets(&client, &base, demo).await;
    let text = client
        .get(format!("{base}/api/openapi.json"))
        .sent()
        .await
        .expect("openapi.json")
        .text()
        .await
        .expect("openapi.json");
    let doc = crate::openapi::Doc::parse(&text).expect("the OpenAPI document is JSON");
    let before = snapshot(&client, &base, DEMO_TOKEN).await;
    let mut report = super::run(&base, &doc, &targets, plan).await;
    let after = snapshot(&client, &base, DEMO_TOKEN).await;
    report.demo_changes = differences(&before, &after);
    // The runtime must still answer after everything.
    let alive = client
        .get(format!("{base}/api/widget/config?token={DEMO_TOKEN}"))
        .sent()
        .await;
    if !alive.is_ok_and(|r| r.status() == 200) {
        report
            .demo_changes
            .push("the server no longer answers the demo bot's config".into());
    }
    if !report.passed() {
        let log = server.log();
        let tail: Vec<&str> = log.lines().rev().take(40).collect();
        eprintln!(
            "fuzz: the last lines of the wrangler log ({}):\n{}",
            server.dir.join("wrangler.log").display(),
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        );
    }
    report
}
