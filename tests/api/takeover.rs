//! Human takeover: the mode lives in the conversation. An operator takes over explicitly or by
//! replying; a reply being streamed stops there and is kept; while a person answers no AI turn
//! runs; the operator hands back, or the bot's idle setting returns the conversation to the AI.
//! A visitor can ask for a person, and stop a reply.

use crate::helpers::{TestApp, assert_error, chat_id, message_id, paced_app, spawn_app};
use porthole_shared::StreamEvent;
use porthole_tests::sse::{SseReader, text_of};
use reqwest::Method;
use serde_json::{Value, json};
use std::time::Duration;

/// The stored messages of `chat`, as an operator reads them.
async fn messages(app: &TestApp, chat: &str) -> Vec<Value> {
    let body: Value = app.conversation_detail(&app.token, chat).await;
    body["messages"].as_array().cloned().unwrap_or_default()
}

/// The last `done` frame's meta.
fn done_meta(frames: &[porthole_tests::sse::Frame]) -> Value {
    match frames.last().map(|f| &f.event) {
        Some(StreamEvent::Done { meta }) => serde_json::to_value(meta).unwrap(),
        other => panic!("the stream did not end with done: {other:?}"),
    }
}

#[tokio::test]
async fn a_takeover_stops_the_reply_being_streamed_and_keeps_what_was_said() {
    let app = paced_app(300).await;
    let (jwt, _) = app.operator("agent", &[&app.token]).await;
    let chat = chat_id();
    let response = app
        .stream(
            &app.stream_body(&chat, &message_id(), "What are your opening hours?"),
            None,
        )
        .await;
    let mut reader = SseReader::new(response);
    let first = reader.next().await.expect("a first chunk");
    assert!(matches!(first.event, StreamEvent::Chunk { .. }));
    let taken = app.act(&jwt, &chat, "takeover", None).await;
    assert_eq!(taken.status(), 200);
    let body: Value = taken.json().await.unwrap();
    assert_eq!(body["conversation"]["mode"], "operator");
    assert_eq!(body["conversation"]["assignee"]["name"], "Jane Agent");

    let mut frames = vec![first];
    while let Some(frame) = reader.next().await {
        frames.push(frame);
    }
    let meta = done_meta(&frames);
    assert_eq!(meta["stopped"], true, "{meta}");
    let said = text_of(&frames);
    // The whole answer, for comparison, from a conversation nobody interrupted.
    app.patch_bot(&app.token, json!({"stream_pace_ms": 0}))
        .await;
    let full = text_of(
        &app.ask_streaming(&chat_id(), &message_id(), "What are your opening hours?")
            .await,
    );
    assert!(
        said.len() < full.len(),
        "the reply stopped early: {said:?} vs {full:?}"
    );
    let stored = messages(&app, &chat).await;
    let reply = stored.iter().find(|m| m["role"] == "assistant").unwrap();
    assert_eq!(reply["content"], said, "kept as far as it got, no further");
    assert_eq!(reply["status"], "stopped");
    // Nothing more is written later on.
    tokio::time::sleep(Duration::from_millis(900)).await;
    let later = messages(&app, &chat).await;
    let reply = later.iter().find(|m| m["role"] == "assistant").unwrap();
    assert_eq!(reply["content"], said);
}

#[tokio::test]
async fn while_a_person_answers_no_ai_turn_runs_and_the_message_waits_for_them() {
    let app = spawn_app().await;
    let (jwt, _) = app.operator("agent", &[&app.token]).await;
    let chat = chat_id();
    app.ask_streaming(&chat, &message_id(), "Hello?").await;
    app.act(&jwt, &chat, "takeover", None).await;
    let frames = app
        .ask_streaming(&chat, &message_id(), "What are your opening hours?")
        .await;
    assert!(text_of(&frames).is_empty(), "no AI text");
    assert_eq!(frames.len(), 1);
    assert_eq!(done_meta(&frames)["mode"], "operator");
    let stored = messages(&app, &chat).await;
    assert_eq!(stored.last().unwrap()["role"], "user");
    assert_eq!(
        stored.last().unwrap()["content"],
        "What are your opening hours?"
    );
    assert_eq!(
        stored.iter().filter(|m| m["role"] == "assistant").count(),
        1,
        "only the reply from before the takeover"
    );
    // Seed 000's endpoint: the same, as JSON.
    let answer: Value = app
        .message(&json!({"token": app.token, "message": "Still there?", "chat_id": chat}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(answer["success"], true);
    assert_eq!(answer["reply"], "");
    assert_eq!(answer["mode"], "operator");
}

#[tokio::test]
async fn replying_takes_over_and_handing_back_lets_the_ai_answer_again() {
    let app = spawn_app().await;
    let (jwt, _) = app.operator("agent", &[&app.token]).await;
    let chat = chat_id();
    app.ask_streaming(&chat, &message_id(), "Hello?").await;
    let posted = app
        .act(
            &jwt,
            &chat,
            "messages",
            Some(&json!({"content": "Hi, I am Jane."})),
        )
        .await;
    assert_eq!(posted.status(), 201);
    let body: Value = posted.json().await.unwrap();
    assert_eq!(body["message"]["role"], "operator");
    assert_eq!(body["message"]["author"]["name"], "Jane Agent");
    assert_eq!(
        body["message"]["author"]["avatar"],
        "https://cdn.test/jane.png"
    );
    assert_eq!(body["conversation"]["mode"], "operator");

    let back: Value = app
        .act(&jwt, &chat, "handback", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(back["conversation"]["mode"], "ai");
    assert!(back["conversation"]["assignee"].is_null());
    let frames = app
        .ask_streaming(&chat, &message_id(), "What are your opening hours?")
        .await;
    assert!(text_of(&frames).contains("7am"), "the AI answers again");
}

#[tokio::test]
async fn an_idle_operator_conversation_returns_to_the_ai_after_the_bots_setting() {
    let app = spawn_app().await;
    // 0.03 minutes: under two seconds.
    app.patch_bot(
        &app.token,
        json!({"operators": {"idle_return_minutes": 0.03}}),
    )
    .await;
    let (jwt, _) = app.operator("agent", &[&app.token]).await;
    let chat = chat_id();
    app.ask_streaming(&chat, &message_id(), "Hello?").await;
    app.act(&jwt, &chat, "takeover", None).await;
    let mode = || async {
        let detail: Value = app.conversation_detail(&app.token, &chat).await;
        detail["conversation"]["mode"].as_str().unwrap().to_owned()
    };
    assert_eq!(mode().await, "operator");
    crate::helpers::eventually(10, "the idle return", || async {
        (mode().await == "ai").then_some(())
    })
    .await;
}

#[tokio::test]
async fn a_visitor_asks_for_a_person_and_the_ai_waits_with_them() {
    let app = spawn_app().await;
    app.operator("agent", &[&app.token]).await;
    let chat = chat_id();
    let session = json!({"site_key": app.token, "session_id": chat});
    let asked: Value = app
        .visitor_post("handoff", &session)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        asked,
        json!({"success": true, "mode": "ai", "waiting": true})
    );
    let frames = app
        .ask_streaming(&chat, &message_id(), "Is anyone there?")
        .await;
    assert!(text_of(&frames).is_empty());
    assert_eq!(done_meta(&frames)["waiting"], true);
    let listed = app.inbox(crate::helpers::ADMIN, "waiting=true").await;
    assert!(
        listed["conversations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == chat)
    );
    let mut cancel = session.clone();
    cancel["cancel"] = true.into();
    let cancelled: Value = app
        .visitor_post("handoff", &cancel)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(cancelled["waiting"], false);
    let frames = app
        .ask_streaming(&chat, &message_id(), "What are your opening hours?")
        .await;
    assert!(text_of(&frames).contains("7am"));
}

#[tokio::test]
async fn a_bot_that_offers_no_person_refuses_the_handoff() {
    let app = spawn_app().await;
    app.patch_bot(&app.token, json!({"operators": {"handoff": false}}))
        .await;
    let body = json!({"site_key": app.token, "session_id": chat_id()});
    assert_error(app.visitor_post("handoff", &body).await, 409, "conflict").await;
    for (bad, status, code) in [
        (
            json!({"site_key": "x", "session_id": chat_id()}),
            404,
            "token_not_found",
        ),
        (json!({"site_key": app.token}), 400, "invalid_chat_id"),
        (
            json!({"site_key": app.token, "session_id": chat_id(), "visitor_id": "me"}),
            400,
            "invalid_field",
        ),
        (
            json!({"site_key": app.token, "session_id": chat_id(), "cancel": "yes"}),
            400,
            "invalid_field",
        ),
    ] {
        assert_error(app.visitor_post("handoff", &bad).await, status, code).await;
    }
}

#[tokio::test]
async fn the_visitors_stop_ends_the_turn_on_the_server() {
    let app = paced_app(300).await;
    let chat = chat_id();
    let turn = message_id();
    let mut reader = SseReader::new(
        app.stream(
            &app.stream_body(&chat, &turn, "What are your opening hours?"),
            None,
        )
        .await,
    );
    let first = reader.next().await.unwrap();
    let stopped: Value = app
        .visitor_post(
            "stop",
            &json!({"site_key": app.token, "session_id": chat, "message_id": turn}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(stopped, json!({"success": true, "stopped": true}));
    let mut frames = vec![first];
    while let Some(f) = reader.next().await {
        frames.push(f);
    }
    assert_eq!(done_meta(&frames)["stopped"], true);
    let stored = messages(&app, &chat).await;
    assert_eq!(stored.last().unwrap()["status"], "stopped");
    // Nothing is running any more.
    let again: Value = app
        .visitor_post("stop", &json!({"site_key": app.token, "session_id": chat}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["stopped"], false);
    assert_eq!(
        app.admin(Method::GET, &format!("/api/admin/bots/{}", app.token), None)
            .await
            .status(),
        200
    );
}
