//! `GET /api/v1/chat/history` (seed 003): restoring a conversation after a page load.

use crate::helpers::{assert_error, chat_id, message_id, spawn_app};
use serde_json::Value;

#[tokio::test]
async fn history_lists_the_conversation_in_order_with_ids_roles_and_times() {
    let app = spawn_app().await;
    let chat = chat_id();
    app.ask_streaming(&chat, &message_id(), "What are your opening hours?")
        .await;
    let response = app.history(&app.token, &chat).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["success"], true);
    let messages = body["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 2);
    for m in messages {
        for field in ["id", "role", "content", "created_at"] {
            assert!(!m[field].is_null(), "{field} missing in {m}");
        }
    }
    assert_eq!(messages[0]["role"], "user");
    assert_eq!(messages[1]["role"], "assistant");
    assert_eq!(messages[1]["sources"][0]["title"], "Visit us");
}

#[tokio::test]
async fn an_unknown_session_has_an_empty_history() {
    let app = spawn_app().await;
    let body: Value = app
        .history(&app.token, &chat_id())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body, serde_json::json!({"success": true, "messages": []}));
}

#[tokio::test]
async fn history_of_an_unknown_bot_is_404_and_a_bad_session_is_400() {
    let app = spawn_app().await;
    assert_error(
        app.history("0123456789abcdef0123456789abcdef", &chat_id())
            .await,
        404,
        "token_not_found",
    )
    .await;
    assert_error(app.history("bad", &chat_id()).await, 404, "token_not_found").await;
    assert_error(
        app.history(&app.token, "sess_1").await,
        400,
        "invalid_chat_id",
    )
    .await;
}
