//! Real things for the OpenAPI walk to act on — a bot answering through a fake LLM (so usage is
//! counted) with evaluation, a phone number, uploads and sharing on, an API key (and a second
//! one to revoke), an agent operator and its JWT, a conversation with a reply, one to block, an
//! API-channel conversation delivered to a webhook, a document, an imported website (whose
//! crawl has ended), a saved reply of the bot, an identity secret, an uploaded image, a shared link — and how a
//! documented request is filled from them: path parameters (by path and name, as `{id}` means
//! something else on each path), query parameters, the example body with its placeholders
//! replaced, and credentials by scheme.

use crate::helpers::{ADMIN, PASSWORD, TestApp, chat_id, email, message_id};
use porthole_tests::client::Sent;
use porthole_tests::fake_llm::FakeLlm;
use porthole_tests::openapi::Operation;
use porthole_tests::webhook::Receiver;
use reqwest::Method;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use std::time::Duration;

/// The placeholders of the document's examples, and what stands for them in the walk.
const SAMPLE_TOKEN: &str = "0123456789abcdef0123456789abcdef";
const SAMPLE_CHAT: &str = "web_0123456789abcdef";
const SAMPLE_BOT_ID: &str = "550e8400-e29b-41d4-a716-446655440000";
const SAMPLE_LOGIN: &str = "jane.doe@example.com";
const SAMPLE_NEW_OPERATOR: &str = "sam.agent@example.com";
const SAMPLE_WEBHOOK: &str = "https://crm.example.com/porthole-webhook";
const SAMPLE_SITE: &str = "https://harbor.example/";

/// A website nothing listens at: its crawl ends at once (`robots.txt` cannot be read), and the
/// walk crawls nothing beyond the machine.
const UNREACHABLE_SITE: &str = "http://127.0.0.1:9/";

/// A 1×1 PNG.
pub const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, b'I', b'H', b'D', b'R', 0, 0, 0,
    1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89,
];

/// What the walk acts on.
pub struct Fixtures {
    /// The bot's widget token.
    pub token: String,
    /// Its public id.
    pub bot_id: String,
    /// An API key of the bot.
    pub api_key: String,
    /// A second key, revoked by the walk.
    pub key_id: String,
    /// An agent of the bot: its id, email and JWT.
    pub operator_id: String,
    pub operator_email: String,
    pub jwt: String,
    /// A widget conversation with a visitor message and a reply.
    pub chat: String,
    pub reply_id: String,
    /// A conversation the walk blocks (so `chat` stays writable).
    pub block_chat: String,
    /// An API-channel conversation.
    pub api_chat: String,
    /// A knowledge document's id.
    pub document_id: String,
    /// A curated answer of the bot.
    pub answer_id: String,
    /// An imported website of the bot, not being crawled (so the walk may sync it).
    pub site_id: String,
    /// A saved reply of the bot (`sr_…`). Saved replies are the deployment's; this one is for
    /// the bot, so each test's fixtures may use the same shortcut. The document's `POST` and
    /// `PUT` examples (also for the bot) name two other shortcuts, so neither is taken.
    pub saved_reply_id: String,
    /// The stored name of an uploaded image.
    pub image_file: String,
    /// A shared link's id.
    pub share_id: String,
    /// Where the bot's webhook delivers.
    pub webhook: Receiver,
}

async fn json_of(response: reqwest::Response, status: u16, what: &str) -> Value {
    assert_eq!(response.status().as_u16(), status, "{what}");
    response.json().await.expect("json")
}

fn last_segment(url: &str) -> String {
    url.rsplit('/').next().expect("segment").to_owned()
}

impl Fixtures {
    /// Makes every fixture for `app`'s bot.
    pub async fn new(app: &TestApp) -> Self {
        let token = app.token.clone();
        // Serves for as long as the test runs.
        let llm = FakeLlm::start().await;
        app.patch_bot(
            &token,
            json!({"phone_number": "+14165559999", "enableFileUpload": true,
                   "enableShareConversation": true, "enableEvaluation": true,
                   "ai": {"responder": "openai", "model": "fake:delay=0",
                          "base_url": llm.base_url}}),
        )
        .await;
        let webhook = Receiver::start(0).await;
        let hook = format!("/api/admin/bots/{token}/webhook");
        let set = app
            .admin(Method::PUT, &hook, Some(&json!({"url": webhook.url})))
            .await;
        json_of(set, 200, "webhook").await;
        let bot_id = app.bot_id().await;
        let api_key = app.api_key().await;
        let keys = format!("/api/admin/bots/{token}/keys");
        let second = app
            .admin(Method::POST, &keys, Some(&json!({"name": "to revoke"})))
            .await;
        let key_id = json_of(second, 201, "second key").await["id"]
            .as_str()
            .expect("key id")
            .to_owned();

        let operator_email = email();
        let created = app
            .admin(
                Method::POST,
                "/api/admin/operators",
                Some(
                    &json!({"name": "Jane Doe", "email": operator_email, "password": PASSWORD,
                             "role": "agent", "bots": [token]}),
                ),
            )
            .await;
        let operator_id = json_of(created, 201, "operator").await["operator"]["id"]
            .as_str()
            .expect("operator id")
            .to_owned();
        let session = json_of(app.login(&operator_email, PASSWORD).await, 200, "login").await;
        let jwt = session["token"].as_str().expect("jwt").to_owned();

        let chat = chat_id();
        app.ask_streaming(&chat, &message_id(), "Do you ship to Canada?")
            .await;
        let history = json_of(app.history(&token, &chat).await, 200, "history").await;
        let reply_id = history["messages"]
            .as_array()
            .expect("messages")
            .iter()
            .find(|m| m["role"] == "assistant")
            .and_then(|m| m["id"].as_str())
            .expect("a reply")
            .to_owned();
        let block_chat = chat_id();
        app.ask_streaming(&block_chat, &message_id(), "When are you open?")
            .await;

        let started = app
            .call(
                Method::POST,
                "/api/v1/conversations",
                &api_key,
                Some(&json!({"message": {"data": {"body": "Hello"}},
                             "from": {"user_external_id": "openapi-visitor"}})),
            )
            .await;
        let api_chat = json_of(started, 200, "API conversation").await["conversation"]["id"]
            .as_str()
            .expect("conversation id")
            .to_owned();

        let documents = app
            .admin(
                Method::GET,
                &format!("/api/admin/bots/{token}/documents"),
                None,
            )
            .await;
        let document_id = json_of(documents, 200, "documents").await["documents"][0]["id"]
            .as_i64()
            .expect("document id")
            .to_string();

        let answer = app
            .admin(
                Method::POST,
                &format!("/api/admin/bots/{token}/answers"),
                Some(
                    &json!({"questions": ["Do you roast on site?"], "answer": "Yes, on Tuesdays."}),
                ),
            )
            .await;
        let answer_id = json_of(answer, 201, "curated answer").await["answer"]["id"]
            .as_i64()
            .expect("answer id")
            .to_string();

        let sites = format!("/api/admin/bots/{token}/sites");
        let site = app
            .admin(
                Method::POST,
                &sites,
                Some(&json!({"url": UNREACHABLE_SITE})),
            )
            .await;
        let site_id = json_of(site, 201, "imported website").await["site"]["id"]
            .as_i64()
            .expect("site id")
            .to_string();

        let saved = app
            .admin(
                Method::POST,
                "/api/admin/replies",
                Some(
                    &json!({"shortcut": "openapi-fixture", "text": "Hello {visitor_name}",
                             "bot": token}),
                ),
            )
            .await;
        let saved_reply_id = json_of(saved, 201, "saved reply").await["reply"]["id"]
            .as_str()
            .expect("saved reply id")
            .to_owned();

        let form = Form::new()
            .text("site_key", token.clone())
            .text("session_id", chat.clone())
            .part("image", png_part());
        let uploaded = app
            .client
            .post(format!("{}/api/v1/chat/upload-image", app.base))
            .multipart(form)
            .sent()
            .await
            .expect("upload");
        let image_file = last_segment(
            json_of(uploaded, 200, "upload").await["url"]
                .as_str()
                .expect("url"),
        );
        let shared = app
            .visitor_post("share", &json!({"site_key": token, "session_id": chat}))
            .await;
        let share_id = last_segment(
            json_of(shared, 200, "share").await["url"]
                .as_str()
                .expect("url"),
        );

        crawl_ended(app, &format!("{sites}/{site_id}")).await;

        // Identity verification on (PATCH needs a secret); not required, so the example's
        // identify (no user_hash) is accepted.
        let identity = format!("/api/admin/bots/{token}/identity/secret");
        let made = app.admin(Method::POST, &identity, None).await;
        json_of(made, 201, "identity").await;

        Self {
            token,
            bot_id,
            api_key,
            key_id,
            operator_id,
            operator_email,
            jwt,
            chat,
            reply_id,
            block_chat,
            api_chat,
            document_id,
            answer_id,
            site_id,
            saved_reply_id,
            image_file,
            share_id,
            webhook,
        }
    }

    /// The same credentials with every id replaced by a well-formed one that names nothing.
    pub fn unknown(&self) -> Fixtures {
        let hex = || chat_id().trim_start_matches("web_").to_owned();
        Fixtures {
            token: hex(),
            bot_id: "00000000-0000-4000-8000-000000000000".into(),
            api_key: self.api_key.clone(),
            key_id: format!("key_{}", hex()),
            operator_id: format!("op_{}", hex()),
            operator_email: email(),
            jwt: self.jwt.clone(),
            chat: chat_id(),
            reply_id: "999".into(),
            block_chat: chat_id(),
            api_chat: format!("api_{}", hex()),
            document_id: "999999".into(),
            answer_id: "999998".into(),
            site_id: "999997".into(),
            saved_reply_id: format!("sr_{}", hex()),
            image_file: format!("{}.png", hex()),
            share_id: hex(),
            webhook: self.webhook.clone(),
        }
    }

    /// The value of the path parameter `name` of `method path`.
    pub fn path_value(&self, method: &str, path: &str, name: &str) -> String {
        let value = match (path, name) {
            // A fresh token: replacing the fixture bot would reset its settings.
            ("/api/admin/bots/{token}", "token") if method == "PUT" => {
                return chat_id().trim_start_matches("web_").to_owned();
            }
            (_, "token") => &self.token,
            (_, "widgetId") => &self.bot_id,
            ("/api/v1/chat/images/{token}/{file}", "file") => &self.image_file,
            ("/share/{id}", "id") => &self.share_id,
            ("/api/v1/conversation/{id}/messages", "id") => &self.api_chat,
            (p, "id") if p.starts_with("/api/web-chats/") || p.starts_with("/api/chatbots/") => {
                &self.bot_id
            }
            ("/api/admin/operators/{id}", "id") => &self.operator_id,
            ("/api/admin/bots/{token}/documents/{id}", "id") => &self.document_id,
            ("/api/admin/bots/{token}/answers/{id}", "id") => &self.answer_id,
            (
                "/api/admin/bots/{token}/sites/{id}"
                | "/api/admin/bots/{token}/sites/{id}/sync"
                | "/api/admin/bots/{token}/sites/{id}/cancel"
                | "/api/admin/bots/{token}/sites/{id}/pages",
                "id",
            ) => &self.site_id,
            ("/api/admin/bots/{token}/keys/{id}", "id") => &self.key_id,
            ("/api/admin/replies/{id}", "id") => &self.saved_reply_id,
            ("/api/admin/bots/{token}/conversations/{id}/block", "id") => &self.block_chat,
            (p, "id") if p.starts_with("/api/admin/bots/{token}/conversations/{id}") => &self.chat,
            _ => panic!("no fixture for the path parameter {name} of {method} {path}"),
        };
        value.clone()
    }

    /// The value of a required query parameter, when a fixture stands for it.
    pub fn query_value(&self, name: &str) -> Option<String> {
        match name {
            "token" | "site_key" => Some(self.token.clone()),
            "session_id" => Some(self.chat.clone()),
            // An unsubscribe link: one that names nothing (a real one needs an email sent; the
            // walk of successes leaves that operation to tests/api/email.rs).
            "t" => Some("0".repeat(32)),
            _ => None,
        }
    }

    /// `op`'s example request body with the placeholders replaced by fixtures.
    pub fn body(&self, op: &Operation, example: &Value) -> Value {
        let mut body = self.replaced(example);
        if op.path == "/api/v1/chat/feedback" {
            body["message_id"] = json!(self.reply_id);
        }
        body
    }

    fn replaced(&self, value: &Value) -> Value {
        match value {
            Value::String(s) => Value::String(match s.as_str() {
                SAMPLE_TOKEN => self.token.clone(),
                SAMPLE_CHAT => self.chat.clone(),
                SAMPLE_BOT_ID => self.bot_id.clone(),
                SAMPLE_LOGIN => self.operator_email.clone(),
                SAMPLE_NEW_OPERATOR => email(),
                SAMPLE_WEBHOOK => self.webhook.url.clone(),
                // Another prefix than the fixture's (`/docs/`), so not imported already.
                SAMPLE_SITE => UNREACHABLE_SITE.to_owned(),
                other => other.to_owned(),
            }),
            Value::Array(items) => Value::Array(items.iter().map(|v| self.replaced(v)).collect()),
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), self.replaced(v)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    /// The `Authorization` header for the security scheme `name` (as the document defines it).
    pub fn credential(&self, name: &str, scheme: &Value) -> String {
        let (kind, value) = match name {
            "adminToken" => ("bearer", ADMIN),
            "operatorJwt" => ("bearer", self.jwt.as_str()),
            "widgetTokenBearer" => ("bearer", self.token.as_str()),
            "apiKeyBearer" => ("bearer", self.api_key.as_str()),
            "apiKeyHeader" => ("api-key", self.api_key.as_str()),
            _ => panic!("no credential for the security scheme {name}"),
        };
        if kind == "bearer" {
            assert_eq!(
                (&scheme["type"], &scheme["scheme"]),
                (&json!("http"), &json!("bearer")),
                "{name} is sent as a bearer token"
            );
            format!("Bearer {value}")
        } else {
            assert_eq!(
                (&scheme["type"], &scheme["in"], &scheme["name"]),
                (&json!("apiKey"), &json!("header"), &json!("Authorization")),
                "{name} is sent in the Authorization header"
            );
            format!("Api-Key {value}")
        }
    }
}

/// Waits until the crawl of the site at `path` (`/api/admin/bots/{token}/sites/{id}`) has
/// ended, so the walk's sync of it is not refused as one running already.
async fn crawl_ended(app: &TestApp, path: &str) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        let site = json_of(app.admin(Method::GET, path, None).await, 200, "site").await;
        if site["site"]["state"] != "crawling" {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the fixture site's crawl did not end within 60 s: {site}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The image part of an upload.
pub fn png_part() -> Part {
    Part::bytes(PNG.to_vec())
        .file_name("photo.png")
        .mime_str("image/png")
        .expect("mime")
}
