//! Seed 002's widget-token API: chat (the same turn as every channel), config in the seed's
//! shape, the voice call (recorded in the conversation), and the seed's status codes.

use crate::helpers::{TestApp, assert_error, spawn_app};
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
async fn a_conversation_id_of_the_integrators_making_names_one_conversation() {
    let app = spawn_app().await;
    let id = app.bot_id().await;
    // The seed's own example body, less its `assistantId` (not this bot's: a 400 the seed names).
    let body = json!({"sessionId": "session_abc123", "message": "What are your opening hours?", "conversationId": "conv-456"});
    let mut seen = Vec::new();
    for _ in 0..2 {
        let answer: Value = widget_call(&app, Method::POST, &id, "chat", Some(&body))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(answer["success"], true, "{answer}");
        seen.push(answer["conversationId"].as_str().unwrap().to_owned());
    }
    assert_eq!(seen[0], seen[1], "conv-456 is one conversation");
    let detail: Value = app.conversation_detail(&app.token, &seen[0]).await;
    assert_eq!(detail["messages"].as_array().unwrap().len(), 4, "{detail}");
    let bad = json!({"sessionId": "s", "message": "Hi", "conversationId": "no spaces"});
    assert_error(
        widget_call(&app, Method::POST, &id, "chat", Some(&bad)).await,
        400,
        "invalid_field",
    )
    .await;
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
            .send()
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
    let config: Value = widget_call(&app, Method::GET, &id, "config", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        config,
        json!({"success": true, "config": {"name": "Harbor", "assistantId": id,
            "widget": {"primaryColor": "#3b82f6", "position": "bottom-left"},
            "branding": {"logo": "https://cdn.test/logo.png"}}})
    );
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
