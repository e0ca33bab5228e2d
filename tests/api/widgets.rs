//! Seed 002's widget-token API: chat (the same turn as every channel), config in the seed's
//! shape, the voice call (recorded in the conversation), and the seed's status codes.

use crate::helpers::{TestApp, assert_error, spawn_app};
use porthole_tests::client::Sent;
use reqwest::Method;
use serde_json::{Value, json};

async fn widget_call(
    app: &TestApp,
    method: Method,
    id: &str,
    path: &str,
    body: Option<&Value>,
) -> reqwest::Response {
    app.call(
        method,
        &format!("/api/widgets/{id}/{path}"),
        &app.token,
        body,
    )
    .await
}

/// `GET /api/widgets/{id}/config`'s JSON.
async fn widget_config(app: &TestApp, id: &str) -> Value {
    widget_call(app, Method::GET, id, "config", None)
        .await
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_chat_answers_with_the_reply_and_continues_the_same_session() {
    let app = spawn_app().await;
    let id = app.bot_id().await;
    let body = json!({"sessionId": "session_abc123", "message": "What are your opening hours?", "assistantId": id});
    let first: Value = widget_call(&app, Method::POST, &id, "chat", Some(&body))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first["success"], true);
    assert!(
        first["message"].as_str().unwrap().contains("7am"),
        "{first}"
    );
    assert_eq!(first["metadata"]["model"], "extractive");
    assert!(first["metadata"]["tokens"].is_u64());
    let conversation = first["conversationId"].as_str().unwrap().to_owned();
    let again: Value = widget_call(
        &app,
        Method::POST,
        &id,
        "chat",
        Some(&json!({"sessionId": "session_abc123", "message": "Do you ship to Canada?"})),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(
        again["conversationId"], conversation,
        "the same session, the same conversation"
    );
    let detail: Value = app.conversation_detail(&app.token, &conversation).await;
    assert_eq!(detail["messages"].as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn the_seeds_own_chat_example_is_answered_with_its_own_ids() {
    let app = spawn_app().await;
    let id = app.bot_id().await;
    // The bot's assistant id is the one the integrator's client sends: the seed's `asst-123`.
    app.patch_bot(&app.token, json!({"assistant_id": "asst-123"}))
        .await;
    // The seed's example body, as written.
    let body = json!({
        "sessionId": "session_abc123",
        "message": "Hello, I need help with pricing",
        "assistantId": "asst-123",
        "conversationId": "conv-456"
    });
    for _ in 0..2 {
        let answer: Value = widget_call(&app, Method::POST, &id, "chat", Some(&body))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(answer["success"], true, "{answer}");
        // The id the integrator gave comes back (it goes on naming the same conversation).
        assert_eq!(answer["conversationId"], "conv-456", "{answer}");
        assert!(answer["message"].is_string(), "{answer}");
        assert!(answer["metadata"]["model"].is_string(), "{answer}");
        assert!(answer["metadata"]["tokens"].is_u64(), "{answer}");
    }
    let listed = app.inbox(crate::helpers::ADMIN, "").await;
    let conversations = listed["conversations"].as_array().unwrap();
    assert_eq!(
        conversations.len(),
        1,
        "conv-456 is one conversation: {listed}"
    );
    let chat = conversations[0]["id"].as_str().unwrap();
    let detail: Value = app.conversation_detail(&app.token, chat).await;
    assert_eq!(detail["messages"].as_array().unwrap().len(), 4, "{detail}");
    // The config names the assistant, and the bot's id is an assistant too.
    let config = widget_config(&app, &id).await;
    assert_eq!(config["config"]["assistantId"], "asst-123");
    let by_id = json!({"sessionId": "session_x", "message": "Hello", "assistantId": id});
    assert_eq!(
        widget_call(&app, Method::POST, &id, "chat", Some(&by_id))
            .await
            .status(),
        200
    );
    let bad = json!({"sessionId": "s", "message": "Hi", "conversationId": "no spaces"});
    assert_error(
        widget_call(&app, Method::POST, &id, "chat", Some(&bad)).await,
        400,
        "invalid_field",
    )
    .await;
}

#[tokio::test]
async fn a_new_bot_has_an_assistant_id_of_its_own_in_the_seeds_form() {
    let app = spawn_app().await;
    let id = app.bot_id().await;
    let config = widget_config(&app, &id).await;
    let assistant = config["config"]["assistantId"].as_str().unwrap().to_owned();
    assert!(
        assistant.starts_with("asst-") && assistant.len() == 17,
        "{assistant}"
    );
    let body = json!({"sessionId": "s1", "message": "Hello", "assistantId": assistant});
    assert_eq!(
        widget_call(&app, Method::POST, &id, "chat", Some(&body))
            .await
            .status(),
        200
    );
    // The seed's example id is no assistant of this bot: the seed's 400.
    let other = json!({"sessionId": "s1", "message": "Hello", "assistantId": "asst-123"});
    let refused = assert_error(
        widget_call(&app, Method::POST, &id, "chat", Some(&other)).await,
        400,
        "invalid_field",
    )
    .await;
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("no assistant configured"),
        "{refused}"
    );
}

#[tokio::test]
async fn the_seeds_errors_come_with_their_statuses() {
    let app = spawn_app().await;
    let id = app.bot_id().await;
    for (body, code) in [
        (json!({"message": "Hi"}), "invalid_field"),
        (json!({"sessionId": "s"}), "invalid_message"),
        (
            json!({"sessionId": "s", "message": "Hi", "assistantId": "asst-other"}),
            "invalid_field",
        ),
    ] {
        assert_error(
            widget_call(&app, Method::POST, &id, "chat", Some(&body)).await,
            400,
            code,
        )
        .await;
    }
    let body = json!({"sessionId": "s", "message": "Hi"});
    let other = app.create_bot(json!({})).await;
    assert_error(
        app.call(
            Method::POST,
            &format!("/api/widgets/{id}/chat"),
            &other,
            Some(&body),
        )
        .await,
        401,
        "unauthorized",
    )
    .await;
    assert_error(
        app.client
            .post(format!("{}/api/widgets/{id}/chat", app.base))
            .json(&body)
            .sent()
            .await
            .unwrap(),
        401,
        "unauthorized",
    )
    .await;
    assert_error(
        widget_call(
            &app,
            Method::POST,
            "550e8400-e29b-41d4-a716-446655440000",
            "chat",
            Some(&body),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    app.patch_bot(&app.token, json!({"enabled": false})).await;
    assert_error(
        widget_call(&app, Method::POST, &id, "chat", Some(&body)).await,
        400,
        "invalid_field",
    )
    .await;
}

#[tokio::test]
async fn the_config_has_the_seeds_shape() {
    let app = spawn_app().await;
    app.patch_bot(
        &app.token,
        json!({"bot_name": "Harbor", "primary_color": "#3B82F6", "position": "bl", "logo": "https://cdn.test/logo.png"}),
    )
    .await;
    let id = app.bot_id().await;
    let config = widget_config(&app, &id).await;
    // The assistant id a bot has until its owner sets one: `asst-` and twelve hex of its id.
    let assistant = format!("asst-{}", id.replace('-', "").get(..12).unwrap());
    assert_eq!(
        config,
        json!({"success": true, "config": {"name": "Harbor", "assistantId": assistant,
            "widget": {"primaryColor": "#3b82f6", "position": "bottom-left"},
            "branding": {"logo": "https://cdn.test/logo.png"}}})
    );
}

#[tokio::test]
async fn a_bot_without_a_logo_or_avatar_shows_its_generated_avatar() {
    let app = spawn_app().await;
    let id = app.bot_id().await;
    let config = widget_config(&app, &id).await;
    let logo = config["config"]["branding"]["logo"].as_str().unwrap();
    assert_eq!(logo, format!("{}/api/widgets/{id}/avatar.svg", app.base));
    let image = app.client.get(logo).sent().await.unwrap();
    assert_eq!(image.status(), 200);
    assert_eq!(image.headers()["x-content-type-options"], "nosniff");
    assert!(image.text().await.unwrap().contains("</svg>"));
    let unknown = format!(
        "{}/api/widgets/00000000-0000-4000-8000-000000000000/avatar.svg",
        app.base
    );
    assert_error(
        app.client.get(unknown).sent().await.unwrap(),
        404,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn a_voice_call_gives_the_number_and_is_recorded() {
    let app = spawn_app().await;
    let id = app.bot_id().await;
    let body = json!({"sessionId": "session_call", "assistantId": id});
    assert_error(
        widget_call(&app, Method::POST, &id, "voice/start", Some(&body)).await,
        404,
        "not_found",
    )
    .await;
    app.patch_bot(&app.token, json!({"phone_number": "+1 416 555 9999"}))
        .await;
    let started: Value = widget_call(&app, Method::POST, &id, "voice/start", Some(&body))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(started["success"], true);
    assert_eq!(started["phoneNumber"], "+14165559999");
    assert_eq!(started["assistantId"], id);
    let conversation = started["conversationId"].as_str().unwrap();
    let detail: Value = app.conversation_detail(&app.token, conversation).await;
    assert_eq!(detail["calls"][0]["phone_number"], "+14165559999");
    let config: Value = app.config(&app.token).await.json().await.unwrap();
    assert_eq!(
        config["web_chat"]["phoneNumber"], "+14165559999",
        "the widget shows a call button"
    );
    assert_error(
        widget_call(&app, Method::POST, &id, "voice/start", Some(&json!({}))).await,
        400,
        "invalid_field",
    )
    .await;
}
