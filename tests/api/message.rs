//! `POST /api/widget/message` (seed 000): the reply, its storage, and every refusal.

use crate::helpers::{
    assert_error, chat_id, message_id, paced_app, spawn_app, wait_for_window_with,
};
use porthole_shared::StreamEvent;
use porthole_tests::sse::text_of;
use serde_json::{Value, json};

#[tokio::test]
async fn a_question_the_knowledge_answers_gets_that_fact_with_its_source() {
    let app = spawn_app().await;
    let response = app
        .message(
            &json!({"token": app.token, "message": "What are your opening hours?", "history": []}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["success"], true);
    let reply = body["reply"].as_str().unwrap();
    assert!(reply.contains("7am to 6pm"), "{reply}");
    assert_eq!(
        body["sources"][0],
        json!({"title": "Visit us", "url": "https://harbor.test/visit"})
    );
    assert_eq!(
        body["extra_replies"][0]["text"],
        "Sources: Visit us (https://harbor.test/visit)"
    );
}

#[tokio::test]
async fn a_question_about_another_document_is_answered_from_it() {
    let app = spawn_app().await;
    let body: Value = app
        .message(&json!({"token": app.token, "message": "Do you ship to Canada?"}))
        .await
        .json()
        .await
        .unwrap();
    assert!(body["reply"].as_str().unwrap().contains("Canada"), "{body}");
    assert_eq!(body["sources"][0]["title"], "Shipping");
}

#[tokio::test]
async fn questions_made_of_question_words_are_understood() {
    let app = spawn_app().await;
    for (question, expected) in [
        ("Where are you?", "12 Quay Street"),
        ("How much is shipping?", "free above 40"),
    ] {
        let body: Value = app
            .message(&json!({"token": app.token, "message": question}))
            .await
            .json()
            .await
            .unwrap();
        assert!(
            body["reply"].as_str().unwrap().contains(expected),
            "{question}: {body}"
        );
    }
}

#[tokio::test]
async fn a_question_about_something_absent_gets_the_fallback_not_an_invention() {
    let app = spawn_app().await;
    app.patch_bot(
        &app.token,
        json!({"fallback": "Sorry, I can only help with our coffee, hours and shipping."}),
    )
    .await;
    for question in [
        "Do you repair bicycles?",
        "What is the capital of Peru?",
        "Can I bring my dog?",
    ] {
        let body: Value = app
            .message(&json!({"token": app.token, "message": question}))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            body["reply"], "Sorry, I can only help with our coffee, hours and shipping.",
            "{question}"
        );
        assert_eq!(body["sources"], json!([]));
        assert_eq!(body["extra_replies"], json!([]));
    }
}

#[tokio::test]
async fn a_disabled_bot_answers_service_paused() {
    let app = spawn_app().await;
    app.patch_bot(&app.token, json!({"enabled": false})).await;
    let response = app
        .message(&json!({"token": app.token, "message": "Hello"}))
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!({"success": false, "reply": "Service paused"})
    );
}

#[tokio::test]
async fn each_exchange_is_stored_in_its_conversation_with_times() {
    let app = spawn_app().await;
    let chat = chat_id();
    for question in ["What are your opening hours?", "Do you ship to Canada?"] {
        let response = app
            .message(&json!({"token": app.token, "message": question, "chat_id": chat}))
            .await;
        assert_eq!(response.status(), 200);
    }
    let response = app.conversation(&app.token, &chat).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["chat_id"], chat);
    let messages = body["messages"].as_array().unwrap();
    let roles: Vec<_> = messages
        .iter()
        .map(|m| m["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["user", "assistant", "user", "assistant"]);
    assert_eq!(messages[0]["content"], "What are your opening hours?");
    assert!(messages[1]["content"].as_str().unwrap().contains("7am"));
    assert!(
        messages
            .iter()
            .all(|m| m["created_at"].as_i64().unwrap() > 1_700_000_000_000)
    );
    assert!(messages.iter().all(|m| m["status"] == "complete"));
}

#[tokio::test]
async fn without_a_chat_id_a_conversation_is_made_and_its_id_returned() {
    let app = spawn_app().await;
    let body: Value = app
        .message(&json!({"token": app.token, "message": "Hi!"}))
        .await
        .json()
        .await
        .unwrap();
    let chat = body["chat_id"].as_str().unwrap();
    assert!(chat.starts_with("web_") && chat.len() == 36, "{chat}");
    let stored: Value = app.conversation_detail(&app.token, chat).await;
    assert_eq!(stored["messages"][0]["content"], "Hi!");
}

#[tokio::test]
async fn three_hundred_cjk_characters_are_accepted() {
    let app = spawn_app().await;
    let message = "咖".repeat(300);
    let response = app
        .message(&json!({"token": app.token, "message": message}))
        .await;
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn more_than_ten_history_items_are_cut_not_refused() {
    let app = spawn_app().await;
    let history: Vec<Value> = (0..25)
        .map(|i| json!({"role": if i % 2 == 0 { "user" } else { "assistant" }, "content": format!("message {i}")}))
        .collect();
    let response = app
        .message(&json!({"token": app.token, "message": "Hello", "history": history}))
        .await;
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn bad_messages_get_400_with_the_field_named_by_the_code() {
    let app = spawn_app().await;
    let token = app.token.clone();
    let cases = [
        (json!({"token": token, "message": ""}), "invalid_message"),
        (
            json!({"token": token, "message": "   \n "}),
            "invalid_message",
        ),
        (json!({"token": token}), "invalid_message"),
        (json!({"token": token, "message": 42}), "invalid_message"),
        (
            json!({"token": token, "message": {"text": "hi"}}),
            "invalid_message",
        ),
        (
            json!({"token": token, "message": "a".repeat(301)}),
            "invalid_message",
        ),
        (
            json!({"token": token, "message": "咖".repeat(301)}),
            "invalid_message",
        ),
        (
            json!({"token": token, "message": "hi", "history": "nope"}),
            "invalid_history",
        ),
        (
            json!({"token": token, "message": "hi", "history": [{"role": "user"}]}),
            "invalid_history",
        ),
        (
            json!({"token": token, "message": "hi", "history": [{"role": "wizard", "content": "x"}]}),
            "invalid_history",
        ),
        (
            json!({"token": token, "message": "hi", "history": [["user", "x"]]}),
            "invalid_history",
        ),
        (
            json!({"token": token, "message": "hi", "chat_id": "web_xyz"}),
            "invalid_chat_id",
        ),
        (
            json!({"token": token, "message": "hi", "chat_id": "web_ABCD1234"}),
            "invalid_chat_id",
        ),
        (
            json!({"token": token, "message": "hi", "chat_id": "abcd1234"}),
            "invalid_chat_id",
        ),
        (
            json!({"token": token, "message": "hi", "chat_id": format!("web_{}", "a".repeat(33))}),
            "invalid_chat_id",
        ),
    ];
    for (body, code) in cases {
        let response = app.message(&body).await;
        assert_error(response, 400, code).await;
    }
    for raw in ["{\"token\":", "", "null", "\"hello\""] {
        assert_error(
            app.post_raw("/api/widget/message", raw).await,
            400,
            "invalid_json",
        )
        .await;
    }
}

#[tokio::test]
async fn an_unknown_or_malformed_token_gets_404() {
    let app = spawn_app().await;
    for token in ["0123456789abcdef0123456789abcdef", "short", ""] {
        assert_error(
            app.message(&json!({"token": token, "message": "Hello"}))
                .await,
            404,
            "token_not_found",
        )
        .await;
    }
}

#[tokio::test]
async fn the_reply_is_written_whole_for_a_client_that_waits_for_all_of_it() {
    let app = spawn_app().await;
    // The pace is for eyes on a stream: paced, this reply would take seconds in pieces.
    app.patch_bot(&app.token, json!({"stream_pace_ms": 1000}))
        .await;
    let (chat, id) = (chat_id(), message_id());
    let body: Value = app
        .message(
            &json!({"token": app.token, "message": "What are your opening hours?",
            "chat_id": chat, "message_id": id}),
        )
        .await
        .json()
        .await
        .unwrap();
    let reply = body["reply"].as_str().unwrap();
    assert!(reply.contains("7am to 6pm"), "{body}");
    // The turn's stored frames, replayed: the reply in one piece.
    let frames = app
        .ask_streaming(&chat, &id, "What are your opening hours?")
        .await;
    let chunks = frames
        .iter()
        .filter(|f| matches!(f.event, StreamEvent::Chunk { .. }))
        .count();
    assert_eq!(chunks, 1, "{frames:?}");
    assert_eq!(text_of(&frames), reply);
}

#[tokio::test]
async fn a_body_over_the_size_limit_gets_413() {
    let app = spawn_app().await;
    let history: Vec<Value> = (0..40)
        .map(|_| json!({"role": "user", "content": "x".repeat(8000)}))
        .collect();
    let response = app
        .message(&json!({"token": app.token, "message": "hi", "history": history}))
        .await;
    assert_error(response, 413, "payload_too_large").await;
}

#[tokio::test]
async fn message_returns_429_with_retry_after_on_the_21st_message_within_a_minute() {
    let app = paced_app(0).await;
    wait_for_window_with(30).await;
    for i in 1..=20 {
        let response = app
            .message(&json!({"token": app.token, "message": "Hi"}))
            .await;
        assert_eq!(response.status(), 200, "message {i} of 20 must pass");
    }
    let response = app
        .message(&json!({"token": app.token, "message": "Hi"}))
        .await;
    assert!(response.headers().contains_key("retry-after"));
    assert_error(response, 429, "rate_limited").await;
}
