//! Nothing acknowledged is lost: a reply is streaming when the runtime dies (SIGKILL to wrangler
//! and workerd, no chance to flush anything); started again on the same state, the service still
//! has the visitor's message, every piece of the reply the visitor received, in order, and the
//! conversation goes on. This test has a server of its own, since it kills it.

use crate::helpers::*;
use porthole_shared::StreamEvent;
use porthole_tests::server::Server;
use porthole_tests::sse::{SseReader, text_of};
use serde_json::{Value, json};

#[tokio::test]
async fn a_reply_survives_the_runtime_being_killed_mid_stream() {
    let server = tokio::task::spawn_blocking(|| Server::start(&[("JWT_SECRET", JWT_SECRET)]))
        .await
        .unwrap();
    let app = app_with_bot(
        &server.base,
        json!({"bot_name": "Barista", "stream_pace_ms": 250}),
        &[("Visit us", "https://harbor.test/visit", HOURS_DOC)],
    )
    .await;
    let chat = chat_id();
    let turn = message_id();
    let question = "What are your opening hours?";
    let mut reader = SseReader::new(
        app.stream(&app.stream_body(&chat, &turn, question), None)
            .await,
    );
    let mut received = Vec::new();
    while received.len() < 3 {
        received.push(reader.next().await.expect("a chunk before the crash"));
    }
    let said = text_of(&received);
    assert!(!said.is_empty());
    let last_id = received.last().unwrap().id.clone().unwrap();

    let handle = std::sync::Arc::new(server);
    let killed = handle.clone();
    tokio::task::spawn_blocking(move || {
        killed.kill();
        killed.restart();
    })
    .await
    .unwrap();
    drop(reader);

    // The visitor's message and everything the visitor saw, in order.
    let history: Value = app.history(&app.token, &chat).await.json().await.unwrap();
    let messages = history["messages"].as_array().unwrap().clone();
    assert_eq!(messages.len(), 2, "{history}");
    assert_eq!(messages[0]["role"], "user");
    assert_eq!(messages[0]["content"], question);
    assert_eq!(messages[1]["role"], "assistant");
    let kept = messages[1]["content"].as_str().unwrap();
    assert!(
        kept.starts_with(&said),
        "every piece the visitor received was stored: {said:?} vs {kept:?}"
    );

    // Reconnecting ends the interrupted reply cleanly, with nothing repeated.
    let resumed = app
        .stream(&app.stream_body(&chat, &turn, question), Some(&last_id))
        .await;
    assert_eq!(resumed.status(), 200);
    let frames = SseReader::new(resumed).collect().await;
    let again = text_of(&frames);
    assert!(
        kept == format!("{said}{again}"),
        "no gap, no repeat: {said:?} + {again:?} vs {kept:?}"
    );
    assert!(
        matches!(
            frames.last().map(|f| &f.event),
            Some(StreamEvent::Error { .. })
        ),
        "the interrupted reply ends with an error frame: {frames:?}"
    );

    // And the conversation goes on.
    let next = app.ask_streaming(&chat, &message_id(), question).await;
    assert!(text_of(&next).contains("7am"));
    let history: Value = app.history(&app.token, &chat).await.json().await.unwrap();
    let roles: Vec<&str> = history["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["user", "assistant", "user", "assistant"]);
}
