//! LLM responders against a fake OpenAI-compatible provider on loopback: grounded prompts,
//! streaming, citations, clean failures, and usage accounting.

use crate::helpers::{OPENAI_KEY, TestApp, assert_error, chat_id, message_id, spawn_app};
use porthole_shared::StreamEvent;
use porthole_tests::fake_llm::FakeLlm;
use porthole_tests::sse::{SseReader, text_of};
use serde_json::{Value, json};
use std::time::Duration;

/// Points the test's bot at `fake` with `model`.
async fn use_fake(app: &TestApp, fake: &FakeLlm, model: &str) {
    app.patch_bot(
        &app.token,
        json!({"ai": {"responder": "openai", "model": model, "base_url": fake.base_url}}),
    )
    .await;
}

fn error_of(frames: &[porthole_tests::sse::Frame]) -> Option<(String, String)> {
    frames.iter().find_map(|f| match &f.event {
        StreamEvent::Error { code, message } => Some((code.clone(), message.clone())),
        _ => None,
    })
}

#[tokio::test]
async fn an_openai_bot_streams_a_grounded_answer_with_its_citation() {
    let app = spawn_app().await;
    let fake = FakeLlm::start().await;
    use_fake(&app, &fake, "fake:delay=120").await;
    let response = app
        .stream(
            &app.stream_body(&chat_id(), &message_id(), "What are your opening hours?"),
            None,
        )
        .await;
    let frames = SseReader::new(response).collect().await;

    assert_eq!(
        text_of(&frames),
        "You asked: \"What are your opening hours?\". Our notes say so.",
        "the [1] marker is taken out"
    );
    let sources = frames.iter().find_map(|f| match &f.event {
        StreamEvent::Sources { sources } => Some(sources.clone()),
        _ => None,
    });
    assert_eq!(sources.expect("a sources frame")[0].title, "Visit us");
    assert!(matches!(
        frames.last().unwrap().event,
        StreamEvent::Done { .. }
    ));
    // Chunks reach the client as the provider emits them (120 ms apart), not at the end.
    let chunks: Vec<_> = frames
        .iter()
        .filter(|f| matches!(f.event, StreamEvent::Chunk { .. }))
        .collect();
    assert!(chunks.len() >= 5);
    let spread = chunks.last().unwrap().at - chunks[0].at;
    assert!(
        spread >= Duration::from_millis(60 * (chunks.len() as u64 - 1)),
        "{spread:?} for {} chunks",
        chunks.len()
    );

    let sent = &fake.requests()[0];
    assert_eq!(sent.path, "/v1/chat/completions");
    assert_eq!(
        sent.authorization.as_deref(),
        Some(format!("Bearer {OPENAI_KEY}").as_str())
    );
    assert_eq!(sent.body["stream"], true);
    assert_eq!(sent.body["stream_options"]["include_usage"], true);
    let system = sent.body["messages"][0]["content"].as_str().unwrap();
    assert!(
        system.contains("Answer visitors' questions using only the knowledge below"),
        "{system}"
    );
    assert!(
        system.contains("[1] Visit us (https://harbor.test/visit)"),
        "{system}"
    );
    assert!(system.contains("Monday to Friday: 7am to 6pm"), "{system}");
    let messages = sent.body["messages"].as_array().unwrap();
    assert_eq!(
        messages.last().unwrap(),
        &json!({"role": "user", "content": "What are your opening hours?"})
    );
}

#[tokio::test]
async fn the_prompt_carries_the_bots_system_prompt_and_the_conversation() {
    let app = spawn_app().await;
    let fake = FakeLlm::start().await;
    use_fake(&app, &fake, "fake:delay=0").await;
    app.patch_bot(&app.token, json!({"ai": {"system_prompt": "You are Barista. Speak like a friendly barista.", "temperature": 0.9, "max_tokens": 200}})).await;
    let chat = chat_id();
    app.ask_streaming(&chat, &message_id(), "Do you ship to Canada?")
        .await;
    app.ask_streaming(&chat, &message_id(), "And to Mexico?")
        .await;
    let second = &fake.requests()[1].body;
    assert!(
        second["messages"][0]["content"]
            .as_str()
            .unwrap()
            .starts_with("You are Barista. Speak like a friendly barista.")
    );
    let roles: Vec<_> = second["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["role"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(roles, ["system", "user", "assistant", "user"]);
    assert_eq!(second["messages"][1]["content"], "Do you ship to Canada?");
    assert!(
        second["messages"][2]["content"]
            .as_str()
            .unwrap()
            .starts_with("You asked: \"Do you ship to Canada?\"")
    );
    assert_eq!(
        second["temperature"].as_f64().map(|t| (t * 10.0).round()),
        Some(9.0)
    );
    assert_eq!(second["max_tokens"], 200);
}

#[tokio::test]
async fn only_the_last_ten_history_items_a_client_sends_reach_the_model() {
    let app = spawn_app().await;
    let fake = FakeLlm::start().await;
    use_fake(&app, &fake, "fake:delay=0").await;
    let history: Vec<Value> = (0..14)
        .map(|i| json!({"role": if i % 2 == 0 { "user" } else { "assistant" }, "content": format!("earlier {i}")}))
        .collect();
    let response = app
        .message(&json!({"token": app.token, "message": "Hello", "history": history}))
        .await;
    assert_eq!(response.status(), 200);
    let messages = fake.requests()[0].body["messages"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(
        messages.len(),
        12,
        "system + 10 history items + the question"
    );
    assert_eq!(messages[1]["content"], "earlier 4");
    assert_eq!(messages[10]["content"], "earlier 13");
}

#[tokio::test]
async fn an_upstream_error_is_an_error_frame_when_streaming_and_a_500_when_not() {
    let app = spawn_app().await;
    let fake = FakeLlm::start().await;
    use_fake(&app, &fake, "fake:status=500").await;
    let frames = app.ask_streaming(&chat_id(), &message_id(), "Hello?").await;
    let (code, message) = error_of(&frames).expect("an error frame");
    assert_eq!(code, "ai_error");
    assert!(
        !message.contains("fake provider"),
        "provider details stay in the logs: {message}"
    );
    let body = assert_error(
        app.message(&json!({"token": app.token, "message": "Hello?"}))
            .await,
        500,
        "ai_error",
    )
    .await;
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("AI service")
    );
}

#[tokio::test]
async fn a_stream_cut_mid_way_keeps_what_arrived_marked_as_cut() {
    let app = spawn_app().await;
    let fake = FakeLlm::start().await;
    use_fake(&app, &fake, "fake:cut=3,delay=30").await;
    let chat = chat_id();
    let frames = app
        .ask_streaming(&chat, &message_id(), "Hello there?")
        .await;
    assert_eq!(text_of(&frames), "You asked: \"Hello ");
    assert_eq!(error_of(&frames).expect("an error frame").0, "ai_error");
    let history: Value = app.history(&app.token, &chat).await.json().await.unwrap();
    assert_eq!(history["messages"][1]["content"], "You asked: \"Hello ");
    assert_eq!(history["messages"][1]["status"], "cut");
}

#[tokio::test]
async fn a_provider_that_never_answers_times_out_cleanly_with_keep_alives_meanwhile() {
    let app = spawn_app().await;
    let fake = FakeLlm::start().await;
    use_fake(&app, &fake, "fake:hang").await;
    let response = app
        .stream(&app.stream_body(&chat_id(), &message_id(), "Anyone?"), None)
        .await;
    let mut reader = SseReader::new(response);
    let mut frames = Vec::new();
    while let Some(frame) = reader.next().await {
        frames.push(frame);
    }
    assert!(reader.comments >= 1, "keep-alive comments while waiting");
    assert_eq!(error_of(&frames).expect("an error frame").0, "ai_error");
}

#[tokio::test]
async fn a_slow_first_token_gets_keep_alives_then_the_answer() {
    let app = spawn_app().await;
    let fake = FakeLlm::start().await;
    use_fake(&app, &fake, "fake:first=2200,delay=0").await;
    let response = app
        .stream(&app.stream_body(&chat_id(), &message_id(), "Slowly?"), None)
        .await;
    let mut reader = SseReader::new(response);
    let first = reader.next().await.expect("a frame");
    assert!(
        reader.comments >= 1,
        "a keep-alive came before the first chunk"
    );
    assert!(matches!(first.event, StreamEvent::Chunk { .. }));
    let rest = reader.collect().await;
    assert!(matches!(
        rest.last().unwrap().event,
        StreamEvent::Done { .. }
    ));
}

#[tokio::test]
async fn a_malformed_stream_is_a_clean_error() {
    let app = spawn_app().await;
    let fake = FakeLlm::start().await;
    use_fake(&app, &fake, "fake:malformed").await;
    let frames = app.ask_streaming(&chat_id(), &message_id(), "Hm?").await;
    assert_eq!(error_of(&frames).expect("an error frame").0, "ai_error");
}

#[tokio::test]
async fn usage_statistics_add_up_to_what_the_provider_reported() {
    let app = spawn_app().await;
    let fake = FakeLlm::start().await;
    use_fake(&app, &fake, "fake:delay=0").await;
    for question in ["One?", "Two, please?", "And three?"] {
        app.ask_streaming(&chat_id(), &message_id(), question).await;
    }
    use_fake(&app, &fake, "fake:nousage,delay=0").await;
    app.ask_streaming(&chat_id(), &message_id(), "Estimated?")
        .await;
    let reported: Vec<(u64, u64)> = fake.requests().iter().filter_map(|r| r.usage).collect();
    assert_eq!(reported.len(), 3);

    // The accounting is written just after each reply; give it a moment.
    let mut stats = Value::Null;
    for _ in 0..50 {
        let response = app
            .admin(
                reqwest::Method::GET,
                &format!(
                    "/api/admin/bots/{}/llm-usage-statistics?timeGranularity=day",
                    app.token
                ),
                None,
            )
            .await;
        assert_eq!(response.status(), 200);
        stats = response.json().await.unwrap();
        let turns: u64 = stats[0]["llmDetails"]
            .as_array()
            .map(|d| d.iter().map(|m| m["turns"].as_u64().unwrap()).sum())
            .unwrap_or(0);
        if turns == 4 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let today = &stats[0];
    let details = today["llmDetails"].as_array().expect("one period today");
    let exact = details
        .iter()
        .find(|m| m["llmModelName"] == "fake:delay=0")
        .expect("the reporting model");
    assert_eq!(exact["llmModelProvider"], "openai");
    let config: Value = app.config(&app.token).await.json().await.unwrap();
    assert_eq!(
        exact["chatbotId"], config["id"],
        "seed 004's chatbot id is the bot's UUID"
    );
    assert_eq!(exact["turns"], 3);
    assert_eq!(
        exact["promptTokens"].as_u64().unwrap(),
        reported.iter().map(|u| u.0).sum::<u64>()
    );
    assert_eq!(
        exact["completionTokens"].as_u64().unwrap(),
        reported.iter().map(|u| u.1).sum::<u64>()
    );
    let estimated = details
        .iter()
        .find(|m| m["llmModelName"] == "fake:nousage,delay=0")
        .expect("the silent model");
    assert!(
        estimated["promptTokens"].as_u64().unwrap() > 0
            && estimated["completionTokens"].as_u64().unwrap() > 0
    );
    let total: u64 = details
        .iter()
        .map(|m| m["wordsCount"].as_u64().unwrap())
        .sum();
    assert_eq!(today["totalWordsCount"].as_u64().unwrap(), total);

    let month: Value = app
        .admin(
            reqwest::Method::GET,
            &format!(
                "/api/admin/bots/{}/llm-usage-statistics?timeGranularity=month",
                app.token
            ),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(month[0]["month"].as_str().unwrap().ends_with("-01"));
    assert_eq!(month[0]["totalWordsCount"], today["totalWordsCount"]);
    for bad in [
        "timeGranularity=week",
        "startDate=yesterday",
        "startDate=2026-12-02&endDate=2026-12-01",
    ] {
        let path = format!("/api/admin/bots/{}/llm-usage-statistics?{bad}", app.token);
        assert_error(
            app.admin(reqwest::Method::GET, &path, None).await,
            400,
            "invalid_field",
        )
        .await;
    }
}

#[tokio::test]
async fn with_citations_off_no_sources_are_sent() {
    let app = spawn_app().await;
    let fake = FakeLlm::start().await;
    use_fake(&app, &fake, "fake:delay=0").await;
    app.patch_bot(&app.token, json!({"enableDisplayCitations": false}))
        .await;
    let frames = app
        .ask_streaming(&chat_id(), &message_id(), "What are your opening hours?")
        .await;
    assert!(
        !frames
            .iter()
            .any(|f| matches!(f.event, StreamEvent::Sources { .. }))
    );
    let body: Value = app
        .message(&json!({"token": app.token, "message": "What are your opening hours?"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["sources"], json!([]));
    assert_eq!(body["extra_replies"], json!([]));
}

#[tokio::test]
async fn a_workers_ai_bot_fails_cleanly_where_the_binding_is_absent() {
    let app = spawn_app().await;
    app.patch_bot(&app.token, json!({"ai": {"responder": "workers-ai"}}))
        .await;
    let frames = app.ask_streaming(&chat_id(), &message_id(), "Hello?").await;
    let (code, message) = error_of(&frames).expect("an error frame");
    assert_eq!(code, "ai_error");
    assert!(message.contains("Workers AI is not enabled"), "{message}");
}

#[tokio::test]
async fn api_keys_are_named_never_stored_and_only_ai_secrets_can_be_named() {
    let app = spawn_app().await;
    app.patch_bot(
        &app.token,
        json!({"ai": {"responder": "openai", "api_key_secret": "AI_KEY_SHOP"}}),
    )
    .await;
    let bot = app.bot(&app.token).await;
    assert_eq!(bot["config"]["ai"]["api_key_secret"], "AI_KEY_SHOP");
    assert!(!bot.to_string().contains(OPENAI_KEY));
    let path = format!("/api/admin/bots/{}", app.token);
    for bad in [
        json!({"ai": {"api_key_secret": "ADMIN_TOKEN"}}),
        json!({"ai": {"api_key": "sk-123"}}),
        json!({"ai": {"temperature": 5}}),
    ] {
        assert_error(
            app.admin(reqwest::Method::PATCH, &path, Some(&bad)).await,
            400,
            "invalid_field",
        )
        .await;
    }
}
