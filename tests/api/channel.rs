//! Seed 001, the API channel: API keys (shown once, revoked), starting a conversation and
//! sending messages with `Bearer <key>`, the bot's and operators' replies at a signed webhook
//! (retried until the receiver takes them, logged) and through `GET …/messages?after=`, and
//! the seed's errors.

use crate::helpers::{ADMIN, TestApp, assert_error, eventually, spawn_app};
use hmac::{Hmac, Mac};
use porthole_tests::client::Sent;
use porthole_tests::webhook::Receiver;
use reqwest::Method;
use serde_json::{Value, json};
use sha2::Sha256;

fn start_body(text: &str, visitor: &str) -> Value {
    json!({
        "channel": "API",
        "message": {"data": {"body": text}, "type": "text"},
        "variables": {
            "system": {"timezone": "Asia/Calcutta", "referrerUrl": "https://chataibot.io", "browserLanguage": "en-GB"},
            "contact": {"name": "User Name", "email": "example@domain.com", "phone": "1234567890"},
            "conversation": {"variable": "value"}
        },
        "from": {"user_external_id": visitor, "type": "VISITOR"}
    })
}

fn visitor_body(text: &str) -> Value {
    json!({"message": {"data": {"body": text}, "type": "text"}, "user": {"type": "VISITOR"}})
}

async fn post(app: &TestApp, key: &str, path: &str, body: &Value) -> reqwest::Response {
    app.call(Method::POST, path, key, Some(body)).await
}

/// Starts a conversation (`start_body(text, visitor)`): the answer, and the conversation's id.
async fn start(app: &TestApp, key: &str, text: &str, visitor: &str) -> (Value, String) {
    let started: Value = post(
        app,
        key,
        "/api/v1/conversations",
        &start_body(text, visitor),
    )
    .await
    .json()
    .await
    .unwrap();
    let id = started["conversation"]["id"].as_str().unwrap().to_owned();
    (started, id)
}

/// The bot's API keys, as the admin API lists them.
async fn list_keys(app: &TestApp) -> Value {
    let path = format!("/api/admin/bots/{}/keys", app.token);
    app.admin(Method::GET, &path, None)
        .await
        .json()
        .await
        .unwrap()
}

/// The bot's webhook delivery log, newest first.
async fn deliveries(app: &TestApp) -> Vec<Value> {
    let path = format!("/api/admin/bots/{}/webhook/deliveries", app.token);
    let log: Value = app
        .admin(Method::GET, &path, None)
        .await
        .json()
        .await
        .unwrap();
    log["deliveries"].as_array().unwrap().clone()
}

/// Asserts a seed-001 refusal: `{"ok":false,"error":{"code"}}` with `status`.
/// `GET /api/v1/conversation/{conversation}/messages?after={after}`'s JSON.
async fn messages_after(app: &TestApp, key: &str, conversation: &str, after: &str) -> Value {
    app.call(
        Method::GET,
        &format!("/api/v1/conversation/{conversation}/messages?after={after}"),
        key,
        None,
    )
    .await
    .json()
    .await
    .unwrap()
}

async fn refused(response: reqwest::Response, status: u16, code: &str) {
    assert_eq!(response.status().as_u16(), status);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["ok"], false, "{body}");
    assert_eq!(body["error"]["code"], code, "{body}");
}

#[tokio::test]
async fn an_api_key_is_shown_once_listed_without_the_secret_and_revoked() {
    let app = spawn_app().await;
    let created: Value = app
        .admin(
            Method::POST,
            &format!("/api/admin/bots/{}/keys", app.token),
            Some(&json!({"name": "CRM"})),
        )
        .await
        .json()
        .await
        .unwrap();
    let key = created["key"].as_str().unwrap().to_owned();
    assert!(key.starts_with("phk_") && key.len() == 36, "{key}");
    let id = created["id"].as_str().unwrap().to_owned();
    let listed = list_keys(&app).await;
    assert!(
        !listed.to_string().contains(&key),
        "the key is never shown again"
    );
    assert_eq!(listed["keys"][0]["name"], "CRM");
    assert_eq!(listed["keys"][0]["prefix"], &key[..8]);
    // A use is noted.
    let ok = post(
        &app,
        &key,
        "/api/v1/conversations",
        &start_body("Hello", "v-1"),
    )
    .await;
    assert_eq!(ok.status(), 200);
    let used = eventually(5, "last use noted", || async {
        list_keys(&app).await["keys"][0]["last_used_at"]
            .as_str()
            .map(str::to_owned)
    })
    .await;
    assert!(used.ends_with('Z'));
    let revoked = app
        .admin(
            Method::DELETE,
            &format!("/api/admin/bots/{}/keys/{id}", app.token),
            None,
        )
        .await;
    assert_eq!(revoked.status(), 200);
    assert_error(
        app.admin(
            Method::DELETE,
            &format!("/api/admin/bots/{}/keys/{id}", app.token),
            None,
        )
        .await,
        404,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn a_conversation_starts_with_the_seeds_answer_and_the_bot_replies() {
    let app = spawn_app().await;
    let key = app.api_key().await;
    let bot_id = app.bot_id().await;
    let mut socket = porthole_tests::tenant::TenantSocket::connect(&app.base).await;
    socket.auth(crate::helpers::ADMIN, None).await;
    let mut body = start_body("What are your opening hours?", "visitor-42");
    body["bot_key"] = bot_id.clone().into();
    let response = post(&app, &key, "/api/v1/conversations", &body).await;
    assert_eq!(response.status(), 200);
    let started: Value = response.json().await.unwrap();
    assert_eq!(started["ok"], true);
    let id = started["conversation"]["id"].as_str().unwrap().to_owned();
    assert!(id.starts_with("api_"));
    let created = started["conversation"]["created_at"].as_str().unwrap();
    assert!(
        created.len() == 26 && created.as_bytes()[10] == b' ' && created.as_bytes()[19] == b'.',
        "2025-02-10 20:21:03.913000: {created}"
    );
    assert_eq!(started["conversation"]["assignee"]["id"], bot_id);
    assert_eq!(started["contact"]["email"], "example@domain.com");
    assert_eq!(started["contact"]["name"], "User Name");
    assert_eq!(
        started["contact"]["visitor_key"],
        format!("visitor-42_{bot_id}")
    );
    // Seed 002's `conversation:new` carries what is known at the start: the contact.
    let new = socket
        .next_where(
            "conversation:new",
            |m| m["data"]["id"] == id.as_str(),
            std::time::Duration::from_secs(5),
        )
        .await;
    assert_eq!(new["data"]["id"], id.as_str());
    assert_eq!(
        new["data"]["contact_data"]["email"], "example@domain.com",
        "{new}"
    );
    assert_eq!(new["data"]["contact_data"]["name"], "User Name", "{new}");
    // The bot answered; its reply is there once complete.
    let messages = eventually(5, "the bot's reply", || async {
        let page: Value = messages_after(&app, &key, &id, "0").await;
        let list = page["messages"].as_array().cloned().unwrap_or_default();
        (list.len() == 2).then_some(list)
    })
    .await;
    assert_eq!(messages[0]["role"], "user");
    assert_eq!(messages[1]["role"], "assistant");
    assert!(messages[1]["content"].as_str().unwrap().contains("7am"));
    // Only what comes after the cursor.
    // The conversation's number (the stream's `done` gives it) names it here too.
    let number = app.conversation_detail(&app.token, &id).await["conversation"]["number"]
        .as_u64()
        .expect("a number");
    let by_number: Value = messages_after(&app, &key, &number.to_string(), "0").await;
    assert_eq!(
        by_number["messages"].as_array().unwrap().len(),
        2,
        "{by_number}"
    );
    let cursor = messages[0]["id"].as_str().unwrap();
    let later: Value = messages_after(&app, &key, &id, cursor).await;
    assert_eq!(later["messages"].as_array().unwrap().len(), 1);
    // The operator sees it as an API conversation with the visitor's contact.
    let detail: Value = app.conversation_detail(&app.token, &id).await;
    assert_eq!(detail["conversation"]["channel"], "api");
    assert_eq!(
        detail["conversation"]["contact_data"]["phone"],
        "1234567890"
    );
}

#[tokio::test]
async fn an_integrators_message_may_hold_4000_characters() {
    let app = spawn_app().await;
    let key = app.api_key().await;
    let long = format!(
        "What are your opening hours? {}",
        "Please tell me. ".repeat(200)
    );
    assert!(long.chars().count() > 300 && long.chars().count() <= 4_000);
    let (_, id) = start(&app, &key, &long, "visitor-long").await;
    let body =
        json!({"message": {"data": {"body": long}, "type": "text"}, "user": {"type": "VISITOR"}});
    let path = format!("/api/v1/conversation/{id}/messages");
    assert_eq!(post(&app, &key, &path, &body).await.status(), 200);
    let too_long = json!({"message": {"data": {"body": "a".repeat(4_001)}, "type": "text"}, "user": {"type": "VISITOR"}});
    refused(
        post(&app, &key, &path, &too_long).await,
        400,
        "invalid_message",
    )
    .await;
}

#[tokio::test]
async fn a_visitor_message_is_accepted_with_its_id_and_answered() {
    let app = spawn_app().await;
    let key = app.api_key().await;
    let (_, id) = start(&app, &key, "Hello", "v-2").await;
    let accepted: Value = post(
        &app,
        &key,
        &format!("/api/v1/conversation/{id}/messages"),
        &visitor_body("Do you ship to Canada?"),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(accepted["ok"], true);
    assert!(accepted["message_id"].as_str().unwrap().starts_with("m_"));
    eventually(5, "the reply about shipping", || async {
        let page: Value = app
            .call(
                Method::GET,
                &format!("/api/v1/conversation/{id}/messages"),
                &key,
                None,
            )
            .await
            .json()
            .await
            .unwrap();
        page["messages"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["content"].as_str().unwrap_or("").contains("Canada"))
            .then_some(())
    })
    .await;
}

#[tokio::test]
async fn the_seed_refuses_a_wrong_key_an_unknown_conversation_and_bad_bodies() {
    let app = spawn_app().await;
    let key = app.api_key().await;
    for credential in ["phk_00000000000000000000000000000000", "nope", ADMIN] {
        refused(
            post(
                &app,
                credential,
                "/api/v1/conversations",
                &start_body("Hi", "v"),
            )
            .await,
            401,
            "unauthorized",
        )
        .await;
    }
    refused(
        post(
            &app,
            &key,
            "/api/v1/conversation/api_0123456789abcdef/messages",
            &visitor_body("Hi"),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    refused(
        post(
            &app,
            &key,
            "/api/v1/conversation/not-an-id/messages",
            &visitor_body("Hi"),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    for bad in [
        json!({"message": {"data": {"body": "Hi"}}}),
        json!({"from": {"user_external_id": "v"}}),
        json!({"message": {"data": {"body": ""}}, "from": {"user_external_id": "v"}}),
        json!({"message": {"data": {"body": "Hi"}}, "from": {"user_external_id": ""}}),
        json!({"message": {"data": {"body": "Hi"}}, "from": {"user_external_id": "v"}, "bot_key": "someone-else"}),
    ] {
        let response = post(&app, &key, "/api/v1/conversations", &bad).await;
        assert_eq!(response.status(), 400, "{bad}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["ok"], false);
    }
    let invalid = app
        .client
        .post(format!("{}/api/v1/conversations", app.base))
        .bearer_auth(&key)
        .body("{")
        .sent()
        .await
        .unwrap();
    refused(invalid, 400, "invalid_json").await;
}

#[tokio::test]
async fn the_same_external_id_is_the_same_visitor_and_stays_blocked() {
    let app = spawn_app().await;
    let key = app.api_key().await;
    let (_, id) = start(&app, &key, "Hi", "same-person").await;
    let mut no_contact = start_body("Hello again", "same-person");
    no_contact["variables"] = json!({});
    let second: Value = post(&app, &key, "/api/v1/conversations", &no_contact)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        second["contact"]["email"], "example@domain.com",
        "the contact carries over"
    );
    app.act(ADMIN, &id, "block", Some(&json!({}))).await;
    refused(
        post(&app, &key, "/api/v1/conversations", &no_contact).await,
        403,
        "blocked",
    )
    .await;
}

#[tokio::test]
async fn an_integrator_gets_the_bots_and_the_operators_replies_at_a_signed_webhook() {
    let app = spawn_app().await;
    let key = app.api_key().await;
    // The receiver refuses the first delivery: it must be retried.
    let receiver = Receiver::start(1).await;
    let settings: Value = app
        .admin(
            Method::PUT,
            &format!("/api/admin/bots/{}/webhook", app.token),
            Some(&json!({"url": receiver.url})),
        )
        .await
        .json()
        .await
        .unwrap();
    let secret = settings["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("whsec_"));
    // The bot itself never carries it (agents read bots too).
    let bot = app.bot(&app.token).await;
    assert!(!bot.to_string().contains(&secret), "{bot}");
    let (started, id) = start(&app, &key, "What are your opening hours?", "hook-visitor").await;
    let bot_reply = eventually(10, "the bot's reply at the webhook", || async {
        receiver
            .received()
            .into_iter()
            .find(|r| r.accepted && r.body.contains("\"role\":\"assistant\""))
    })
    .await;
    let verify = |body: &str, header: &str| {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(body.as_bytes());
        let expected: String = mac
            .finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(header, format!("sha256={expected}"), "a valid signature");
    };
    verify(&bot_reply.body, &bot_reply.headers["x-porthole-signature"]);
    let payload: Value = serde_json::from_str(&bot_reply.body).unwrap();
    assert_eq!(payload["event"], "message.created");
    assert_eq!(payload["conversation_id"], id);
    assert!(
        payload["message"]["content"]
            .as_str()
            .unwrap()
            .contains("7am")
    );
    assert_eq!(payload["visitor_key"], started["contact"]["visitor_key"]);
    assert!(
        receiver.received().iter().any(|r| !r.accepted),
        "the first try was refused and retried"
    );

    // An operator takes over; their reply arrives too, signed, with their name.
    let (jwt, _) = app.operator("agent", &[&app.token]).await;
    app.act(
        &jwt,
        &id,
        "messages",
        Some(&json!({"content": "Jane here, how can I help?"})),
    )
    .await;
    let operator_reply = eventually(10, "the operator's reply at the webhook", || async {
        receiver
            .received()
            .into_iter()
            .find(|r| r.accepted && r.body.contains("Jane here"))
    })
    .await;
    verify(
        &operator_reply.body,
        &operator_reply.headers["x-porthole-signature"],
    );
    let payload: Value = serde_json::from_str(&operator_reply.body).unwrap();
    assert_eq!(payload["message"]["role"], "operator");
    assert_eq!(payload["message"]["author"]["name"], "Jane Agent");

    // While the operator answers, the visitor's next message gets no AI reply.
    post(
        &app,
        &key,
        &format!("/api/v1/conversation/{id}/messages"),
        &visitor_body("Thanks!"),
    )
    .await;
    let deliveries = deliveries(&app).await;
    assert_eq!(deliveries.len(), 2, "{deliveries:?}");
    assert!(deliveries.iter().all(|d| d["status"] == "delivered"));
    assert!(
        deliveries
            .iter()
            .any(|d| d["attempts"] == 2 && d["last_status"] == 200)
    );
}

/// A receiver that never answers holds up only its own bot's deliveries: another bot's reply
/// reaches its receiver while that attempt still waits (the hub's alarm used to wait on each
/// receiver in turn, up to ten seconds each).
#[tokio::test]
async fn a_receiver_that_never_answers_delays_no_other_bots_webhook() {
    let slow = spawn_app().await;
    // Takes each connection and never answers.
    let hanging = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", hanging.local_addr().unwrap());
    let accepted = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let count = accepted.clone();
    let _held = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((next, _)) = hanging.accept().await {
            count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            open.push(next);
        }
    });
    let webhook = |app: &TestApp| format!("/api/admin/bots/{}/webhook", app.token);
    let set = slow
        .admin(Method::PUT, &webhook(&slow), Some(&json!({"url": url})))
        .await;
    assert_eq!(set.status(), 200);
    let slow_key = slow.api_key().await;
    start(&slow, &slow_key, "What are your opening hours?", "hangs").await;
    eventually(10, "the hanging receiver's connection", || async {
        (accepted.load(std::sync::atomic::Ordering::SeqCst) > 0).then_some(())
    })
    .await;

    let quick = spawn_app().await;
    let receiver = Receiver::start(0).await;
    let set = quick
        .admin(
            Method::PUT,
            &webhook(&quick),
            Some(&json!({"url": receiver.url})),
        )
        .await;
    assert_eq!(set.status(), 200);
    let quick_key = quick.api_key().await;
    start(&quick, &quick_key, "What are your opening hours?", "quick").await;
    eventually(9, "the other bot's reply at its webhook", || async {
        receiver
            .received()
            .into_iter()
            .find(|r| r.accepted && r.body.contains("\"role\":\"assistant\""))
    })
    .await;
    // The hanging delivery's first attempt has not ended yet.
    let deliveries = deliveries(&slow).await;
    assert_eq!(deliveries.len(), 1, "{deliveries:?}");
    assert_eq!(deliveries[0]["status"], "pending", "{deliveries:?}");
    assert_eq!(deliveries[0]["attempts"], 0, "{deliveries:?}");
}
