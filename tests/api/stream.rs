//! `POST /api/v1/chat/stream` (seed 003): frames as the reply is written, idempotent turns, and
//! resuming with `Last-Event-ID` after the client dropped.

use crate::helpers::{
    assert_error, chat_id, message_id, paced_app, spawn_app, wait_for_window_with,
};
use porthole_shared::StreamEvent;
use porthole_tests::sse::{SseReader, text_of};
use serde_json::{Value, json};
use std::time::Duration;

#[tokio::test]
async fn chunks_arrive_spread_over_time_not_all_at_the_end() {
    let app = paced_app(120).await;
    let response = app
        .stream(
            &app.stream_body(&chat_id(), &message_id(), "What are your opening hours?"),
            None,
        )
        .await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream")
    );
    let frames = SseReader::new(response).collect().await;
    let chunks: Vec<_> = frames
        .iter()
        .filter(|f| matches!(f.event, StreamEvent::Chunk { .. }))
        .collect();
    assert!(
        chunks.len() >= 4,
        "a reply of a few lines comes in several chunks: {}",
        chunks.len()
    );
    // Pieces are paced 120 ms apart by the server: had the response been buffered, they would
    // all arrive together. Half the pacing is a wide margin for scheduling noise.
    let spread = chunks.last().unwrap().at - chunks[0].at;
    let minimum = Duration::from_millis(60 * (chunks.len() as u64 - 1));
    assert!(
        spread >= minimum,
        "chunks arrived within {spread:?}, expected at least {minimum:?}"
    );
}

/// The seed writes `"site_key": "sk_…"` and `"session_id": "sess_…"`: a client that makes its
/// ids that way is served, and its session id names one conversation on every endpoint.
#[tokio::test]
async fn the_seeds_own_site_key_and_session_id_forms_are_served() {
    let app = spawn_app().await;
    let site_key = format!("sk_{}", app.token);
    let session = format!("sess_{}", &message_id()[..12]);
    let body = json!({"site_key": site_key, "session_id": session,
        "message": "Do you ship to Canada?", "lang": "en", "message_id": "m_abc"});
    let response = app.stream(&body, None).await;
    assert_eq!(response.status(), 200);
    let frames = SseReader::new(response).collect().await;
    assert!(text_of(&frames).contains("Canada"));
    let (number, conversation) = match &frames.last().unwrap().event {
        StreamEvent::Done { meta } => (meta.conversation_id, meta.chat_id.clone()),
        other => panic!("the last frame must be done, got {other:?}"),
    };
    assert!(conversation.starts_with("web_"), "{conversation}");
    // The seed's `conversation_id` is an integer, safe in JavaScript, and names the
    // conversation wherever an id is read.
    let done = serde_json::to_value(&frames.last().unwrap().event).unwrap();
    assert!(done["meta"]["conversation_id"].is_u64(), "{done}");
    assert!((1..(1u64 << 53)).contains(&number), "{number}");
    let by_number: Value = app
        .conversation_detail(&app.token, &number.to_string())
        .await;
    assert_eq!(by_number["conversation"]["id"], conversation, "{by_number}");
    let history: Value = app.history(&site_key, &session).await.json().await.unwrap();
    assert_eq!(
        history["messages"].as_array().unwrap().len(),
        2,
        "{history}"
    );
    let saved: Value = app
        .visitor_post(
            "email",
            &json!({"site_key": site_key, "session_id": session, "email": "jane@example.com"}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(saved, json!({"success": true, "message": "Email saved"}));
    let detail: Value = app.conversation_detail(&app.token, &conversation).await;
    assert_eq!(detail["messages"].as_array().unwrap().len(), 2, "{detail}");
}

#[tokio::test]
async fn frames_have_ids_and_done_carries_the_conversation_id() {
    let app = spawn_app().await;
    let chat = chat_id();
    let id = message_id();
    let frames = app
        .ask_streaming(&chat, &id, "Do you ship to Canada?")
        .await;
    let ids: Vec<String> = frames
        .iter()
        .map(|f| f.id.clone().expect("every frame has an id"))
        .collect();
    let expected: Vec<String> = (1..=frames.len()).map(|n| n.to_string()).collect();
    assert_eq!(ids, expected);
    assert!(text_of(&frames).contains("Canada"));
    assert!(frames.iter().any(
        |f| matches!(&f.event, StreamEvent::Sources { sources } if sources[0].title == "Shipping")
    ));
    match &frames.last().unwrap().event {
        StreamEvent::Done { meta } => {
            assert_eq!(meta.chat_id, chat);
            assert!(meta.conversation_id > 0);
            assert_eq!(meta.message_id.as_deref(), Some(id.as_str()));
        }
        other => panic!("the last frame must be done, got {other:?}"),
    }
}

#[tokio::test]
async fn the_same_message_id_replays_the_turn_and_makes_no_second_one() {
    let app = spawn_app().await;
    let chat = chat_id();
    let id = message_id();
    let first = app
        .ask_streaming(&chat, &id, "What are your opening hours?")
        .await;
    let second = app
        .ask_streaming(&chat, &id, "What are your opening hours?")
        .await;
    assert_eq!(text_of(&first), text_of(&second));
    assert_eq!(first.len(), second.len());
    let history: Value = app.history(&app.token, &chat).await.json().await.unwrap();
    assert_eq!(
        history["messages"].as_array().unwrap().len(),
        2,
        "one visitor message and one reply: {history}"
    );
}

#[tokio::test]
async fn a_client_that_drops_after_the_first_chunk_resumes_with_no_gap_and_no_duplicate() {
    let app = paced_app(150).await;
    let chat = chat_id();
    let id = message_id();
    let question = "What are your opening hours?";

    let mut reader = SseReader::new(
        app.stream(&app.stream_body(&chat, &id, question), None)
            .await,
    );
    let first = reader.next().await.expect("a first frame");
    assert!(matches!(first.event, StreamEvent::Chunk { .. }));
    drop(reader); // the visitor navigates away mid-reply

    let resumed = SseReader::new(
        app.stream(&app.stream_body(&chat, &id, question), first.id.as_deref())
            .await,
    )
    .collect()
    .await;
    let mut all = vec![first];
    all.extend(resumed);
    let ids: Vec<u64> = all
        .iter()
        .map(|f| f.id.as_deref().unwrap().parse().unwrap())
        .collect();
    let expected: Vec<u64> = (1..=all.len() as u64).collect();
    assert_eq!(ids, expected, "no gap and no duplicate");
    assert!(matches!(
        all.last().unwrap().event,
        StreamEvent::Done { .. }
    ));

    let full = app.ask_streaming(&chat, &id, question).await;
    assert_eq!(text_of(&all), text_of(&full));
    assert!(text_of(&full).contains("8am to 4pm"));
}

#[tokio::test]
async fn the_object_finishes_and_stores_the_reply_after_the_client_leaves() {
    let app = paced_app(100).await;
    let chat = chat_id();
    let mut reader = SseReader::new(
        app.stream(
            &app.stream_body(&chat, &message_id(), "What are your opening hours?"),
            None,
        )
        .await,
    );
    reader.next().await.expect("first chunk");
    drop(reader);

    let mut last = Value::Null;
    for _ in 0..50 {
        last = app.history(&app.token, &chat).await.json().await.unwrap();
        if last["messages"][1]["status"] == "complete" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(last["messages"][1]["status"], "complete", "{last}");
    assert!(
        last["messages"][1]["content"]
            .as_str()
            .unwrap()
            .contains("8am to 4pm")
    );
}

#[tokio::test]
async fn each_turn_stores_exactly_one_visitor_message_and_one_complete_reply() {
    let app = spawn_app().await;
    let chat = chat_id();
    for question in [
        "What are your opening hours?",
        "Do you ship to Canada?",
        "Thanks!",
    ] {
        app.ask_streaming(&chat, &message_id(), question).await;
    }
    let history: Value = app.history(&app.token, &chat).await.json().await.unwrap();
    let messages = history["messages"].as_array().unwrap();
    let roles: Vec<_> = messages
        .iter()
        .map(|m| m["role"].as_str().unwrap())
        .collect();
    assert_eq!(
        roles,
        [
            "user",
            "assistant",
            "user",
            "assistant",
            "user",
            "assistant"
        ]
    );
    assert!(messages.iter().all(|m| m["status"] == "complete"));
    assert!(
        messages
            .iter()
            .all(|m| !m["content"].as_str().unwrap().is_empty())
    );
}

#[tokio::test]
async fn joining_a_turn_still_running_replays_then_follows_it_live() {
    let app = paced_app(150).await;
    let chat = chat_id();
    let id = message_id();
    let question = "What are your opening hours?";
    let mut first = SseReader::new(
        app.stream(&app.stream_body(&chat, &id, question), None)
            .await,
    );
    first.next().await.expect("first chunk");
    first.next().await.expect("second chunk");
    // A second tab sends the same message while the first is still streaming.
    let joined = SseReader::new(
        app.stream(&app.stream_body(&chat, &id, question), None)
            .await,
    )
    .collect()
    .await;
    let rest = first.collect().await;
    assert!(matches!(
        joined.last().unwrap().event,
        StreamEvent::Done { .. }
    ));
    assert!(matches!(
        rest.last().unwrap().event,
        StreamEvent::Done { .. }
    ));
    assert!(text_of(&joined).contains("8am to 4pm"));
}

#[tokio::test]
async fn a_disabled_bot_answers_service_paused_as_json() {
    let app = spawn_app().await;
    app.patch_bot(&app.token, json!({"enabled": false})).await;
    let response = app
        .stream(&app.stream_body(&chat_id(), &message_id(), "Hello"), None)
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!({"success": false, "reply": "Service paused"})
    );
}

#[tokio::test]
async fn bad_stream_requests_get_json_errors_before_any_stream() {
    let app = spawn_app().await;
    let token = app.token.clone();
    let cases = [
        (
            json!({"site_key": "nope", "message": "hi"}),
            404,
            "token_not_found",
        ),
        (
            json!({"site_key": "0123456789abcdef0123456789abcdef", "message": "hi"}),
            404,
            "token_not_found",
        ),
        (
            json!({"site_key": token, "message": ""}),
            400,
            "invalid_message",
        ),
        (
            json!({"site_key": token, "message": "x".repeat(301)}),
            400,
            "invalid_message",
        ),
        (
            json!({"site_key": token, "message": 5}),
            400,
            "invalid_message",
        ),
        (
            json!({"site_key": token, "message": "hi", "session_id": "sess_1"}),
            400,
            "invalid_chat_id",
        ),
        (
            json!({"site_key": token, "message": "hi", "message_id": "has spaces"}),
            400,
            "invalid_message_id",
        ),
        (
            json!({"site_key": token, "message": "hi", "lang": "<b>"}),
            400,
            "invalid_field",
        ),
    ];
    for (body, status, code) in cases {
        assert_error(app.stream(&body, None).await, status, code).await;
    }
    assert_error(
        app.post_raw("/api/v1/chat/stream", "{oops").await,
        400,
        "invalid_json",
    )
    .await;
}

#[tokio::test]
async fn stream_returns_429_on_the_21st_message_within_a_minute() {
    let app = paced_app(0).await;
    wait_for_window_with(30).await;
    for i in 1..=20 {
        let response = app
            .stream(&app.stream_body(&chat_id(), &message_id(), "Hi"), None)
            .await;
        assert_eq!(response.status(), 200, "message {i} of 20 must pass");
        SseReader::new(response).collect().await;
    }
    let response = app
        .stream(&app.stream_body(&chat_id(), &message_id(), "Hi"), None)
        .await;
    assert!(response.headers().contains_key("retry-after"));
    assert_error(response, 429, "rate_limited").await;
}
