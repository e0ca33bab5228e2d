//! Signed-in visitors: the owner makes the bot's identity secret (shown once), rotates it,
//! requires it and turns it off; `POST /api/widget/identify` proves a user with the HMAC of their
//! id, gives them their own conversation on every device, refuses a wrong hash, and never gives a
//! verified user's conversation to a browser without the proof. Seed 004's web chat names the
//! method in `inbox.signAuth`.

use crate::helpers::*;
use hmac::{Hmac, Mac};
use porthole_tests::client::Sent;
use reqwest::Method;
use serde_json::{Value, json};
use sha2::Sha256;

/// What the host's server computes: hex HMAC-SHA256 of `user_id` keyed by the secret's text.
fn sign(secret: &str, user_id: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(user_id.as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

async fn identity(app: &TestApp, method: Method, tail: &str, body: Option<&Value>) -> Value {
    let response = app
        .admin(
            method,
            &format!("/api/admin/bots/{}/identity{tail}", app.token),
            body,
        )
        .await;
    assert!(response.status().is_success(), "{}", response.status());
    response.json().await.unwrap()
}

/// Makes (or rotates) the bot's secret; returns it.
async fn make_secret(app: &TestApp) -> String {
    let made = identity(app, Method::POST, "/secret", None).await;
    assert_eq!(made["enabled"], true);
    made["secret"].as_str().unwrap().to_owned()
}

async fn identify(app: &TestApp, body: Value) -> reqwest::Response {
    let mut body = body;
    body["token"] = json!(app.token);
    app.client
        .post(app.url("/api/widget/identify"))
        .json(&body)
        .sent()
        .await
        .unwrap()
}

/// Identifies and answers `(chat_id, verified)`.
async fn chat_of(app: &TestApp, body: Value) -> (String, bool) {
    let response = identify(app, body).await;
    assert_eq!(response.status(), 200);
    let answer: Value = response.json().await.unwrap();
    (
        answer["chat_id"].as_str().unwrap().to_owned(),
        answer["verified"].as_bool().unwrap(),
    )
}

async fn say(app: &TestApp, chat: &str, text: &str) {
    let response = app
        .message(&json!({"token": app.token, "chat_id": chat, "message": text}))
        .await;
    assert_eq!(response.status(), 200);
}

async fn visitor_messages(app: &TestApp, chat: &str) -> Vec<String> {
    let history: Value = app.history(&app.token, chat).await.json().await.unwrap();
    history["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["role"] == "user")
        .map(|m| m["content"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_secret_is_shown_once_rotated_required_and_turned_off() {
    let app = spawn_app().await;
    let off = identity(&app, Method::GET, "", None).await;
    assert_eq!(
        (off["enabled"].clone(), off["required"].clone()),
        (json!(false), json!(false))
    );
    let path = format!("/api/admin/bots/{}/identity", app.token);
    let early = app
        .admin(Method::PATCH, &path, Some(&json!({"required": true})))
        .await;
    assert_error(early, 409, "conflict").await;

    let first = make_secret(&app).await;
    assert!(first.len() == 64 && first.bytes().all(|b| b.is_ascii_hexdigit()));
    let read = identity(&app, Method::GET, "", None).await;
    assert_eq!(read["enabled"], true);
    assert_eq!(read["hint"].as_str(), Some(&first[60..]));
    assert!(
        read.get("secret").is_none(),
        "the secret is shown once: {read}"
    );
    let (_, verified) = chat_of(
        &app,
        json!({"user_id": "u1", "user_hash": sign(&first, "u1")}),
    )
    .await;
    assert!(verified);

    let second = make_secret(&app).await;
    assert_ne!(first, second);
    let stale = identify(
        &app,
        json!({"user_id": "u1", "user_hash": sign(&first, "u1")}),
    )
    .await;
    assert_error(stale, 401, "unauthorized").await;
    let (_, verified) = chat_of(
        &app,
        json!({"user_id": "u1", "user_hash": sign(&second, "u1")}),
    )
    .await;
    assert!(verified, "the new secret proves at once");
    let (_, verified) = chat_of(&app, json!({"user_id": "u1", "name": "Ann"})).await;
    assert!(!verified, "without a hash: accepted, unverified");

    let required = identity(&app, Method::PATCH, "", Some(&json!({"required": true}))).await;
    assert_eq!(required["required"], true);
    let bare = identify(&app, json!({"user_id": "u1"})).await;
    assert_error(bare, 401, "unauthorized").await;

    // Seed 004's web chat names the method, never the secret.
    let key = app.api_key().await;
    let bot = app.bot_id().await;
    let web_chat = |key: String, bot: String| {
        let app = &app;
        async move {
            let response = app
                .client
                .get(app.url(&format!("/api/web-chats/{bot}/")))
                .header("Authorization", format!("Api-Key {key}"))
                .sent()
                .await
                .unwrap();
            assert_eq!(response.status(), 200);
            response.json::<Value>().await.unwrap()
        }
    };
    let sign_auth = web_chat(key.clone(), bot.clone()).await["inbox"]["signAuth"].clone();
    assert_eq!(sign_auth["signSource"]["accessType"], "hmac");
    assert_eq!(sign_auth["signParams"]["hmac"]["required"], true);
    assert!(!sign_auth.to_string().contains(&second));

    let gone = identity(&app, Method::DELETE, "", None).await;
    assert_eq!(gone["enabled"], false);
    let signed = identify(
        &app,
        json!({"user_id": "u1", "user_hash": sign(&second, "u1")}),
    )
    .await;
    assert_error(signed, 401, "unauthorized").await;
    assert_eq!(web_chat(key, bot).await["inbox"]["signAuth"], Value::Null);
}

#[tokio::test]
async fn a_verified_user_finds_their_conversation_on_every_device_and_nobody_else_does() {
    let app = spawn_app().await;
    let secret = make_secret(&app).await;
    let user = format!("user-{}", &chat_id()[4..]);
    let proof = sign(&secret, &user);
    let signed_in =
        json!({"user_id": user, "user_hash": proof, "name": "Ann Lee", "email": "ann@example.com"});

    // A browser that never chatted: the user's conversation starts here.
    let (first, verified) = chat_of(&app, signed_in.clone()).await;
    assert!(verified);
    say(&app, &first, "Where is my order?").await;
    let detail = app.conversation_detail(&app.token, &first).await;
    assert_eq!(detail["conversation"]["verified_user"], user.as_str());
    let contact = &detail["conversation"]["contact_data"];
    assert_eq!(
        (contact["name"].as_str(), contact["email"].as_str()),
        (Some("Ann Lee"), Some("ann@example.com"))
    );

    // Another device: the same conversation, with what was said.
    let (other_device, _) = chat_of(&app, signed_in.clone()).await;
    assert_eq!(other_device, first);
    assert_eq!(
        visitor_messages(&app, &other_device).await,
        ["Where is my order?"]
    );

    // Without the proof, nothing of it: a wrong hash is refused, none gets a conversation of its own.
    let forged = identify(
        &app,
        json!({"user_id": user, "user_hash": sign("guess", &user)}),
    )
    .await;
    assert_error(forged, 401, "unauthorized").await;
    let (stranger, verified) = chat_of(&app, json!({"user_id": user, "name": "Ann Lee"})).await;
    assert!(!verified);
    assert_ne!(stranger, first);
    assert!(visitor_messages(&app, &stranger).await.is_empty());
    // Nor by naming the verified conversation as the browser's own.
    let (taken, verified) = chat_of(&app, json!({"user_id": user, "chat_id": first})).await;
    assert!(!verified);
    assert_ne!(
        taken, first,
        "an unproven browser never continues a verified conversation"
    );
    let detail = app.conversation_detail(&app.token, &first).await;
    assert_eq!(detail["conversation"]["contact_data"]["name"], "Ann Lee");

    // A shared computer: the next user signs in on the same browser and gets their own.
    let next = format!("{user}-next");
    let (theirs, verified) = chat_of(
        &app,
        json!({"user_id": next, "user_hash": sign(&secret, &next), "chat_id": first}),
    )
    .await;
    assert!(verified);
    assert_ne!(theirs, first);

    // A browser where the visitor chatted before signing in: that conversation becomes theirs,
    // and their latest everywhere.
    let anonymous = chat_id();
    say(&app, &anonymous, "Hello before signing in").await;
    let mut here = signed_in.clone();
    here["chat_id"] = json!(anonymous);
    let (kept, _) = chat_of(&app, here).await;
    assert_eq!(kept, anonymous);
    let detail = app.conversation_detail(&app.token, &anonymous).await;
    assert_eq!(detail["conversation"]["verified_user"], user.as_str());
    let (elsewhere, _) = chat_of(&app, signed_in.clone()).await;
    assert_eq!(elsewhere, anonymous);

    // Starting over ("new"): a fresh conversation, the latest from then on.
    let mut fresh = signed_in.clone();
    fresh["new"] = json!(true);
    let (started_over, _) = chat_of(&app, fresh).await;
    assert!(started_over != first && started_over != anonymous);
    assert_eq!(chat_of(&app, signed_in).await.0, started_over);
}

#[tokio::test]
async fn bad_identify_calls_get_their_codes() {
    let app = spawn_app().await;
    for (body, status, code) in [
        (json!({}), 400, "invalid_field"),
        (json!({"user_id": ""}), 400, "invalid_field"),
        (
            json!({"user_id": "u", "user_hash": "nothex"}),
            400,
            "invalid_field",
        ),
        (json!({"user_id": "u", "email": "x"}), 400, "invalid_email"),
        (
            json!({"user_id": "u", "chat_id": "nope"}),
            400,
            "invalid_chat_id",
        ),
        (
            json!({"user_id": "u", "user_hash": "a".repeat(64)}),
            401,
            "unauthorized",
        ),
    ] {
        assert_error(identify(&app, body).await, status, code).await;
    }
    let unknown = app
        .client
        .post(app.url("/api/widget/identify"))
        .json(&json!({"token": "0".repeat(32), "user_id": "u"}))
        .sent()
        .await
        .unwrap();
    assert_error(unknown, 404, "token_not_found").await;
}
