//! Trying a question on a bot from the console (`POST /api/admin/bots/{token}/test-question`):
//! the reply with what retrieval found and its evaluation, with the saved AI settings or a
//! draft of them, a provider's failure told in plain words, and nothing stored.

use crate::helpers::{ADMIN, TestApp, assert_error, spawn_app};
use porthole_tests::fake_llm::FakeLlm;
use reqwest::Method;
use serde_json::{Value, json};

async fn ask(app: &TestApp, body: Value) -> Value {
    let path = format!("/api/admin/bots/{}/test-question", app.token);
    let response = app.call(Method::POST, &path, ADMIN, Some(&body)).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

#[tokio::test]
async fn a_test_question_shows_the_reply_the_passages_it_drew_on_and_stores_nothing() {
    let app = spawn_app().await;
    let answer = ask(&app, json!({"question": "What are your opening hours?"})).await;
    assert!(
        answer["reply"].as_str().unwrap().contains("7am to 6pm"),
        "{answer}"
    );
    assert_eq!(answer["fell_back"], false);
    assert_eq!(answer["responder"], "extractive");
    assert_eq!(answer["evaluation"]["answered"], true);
    let passages = answer["passages"].as_array().unwrap();
    assert_eq!(passages[0]["title"], "Visit us");
    assert_eq!(passages[0]["used"], true);
    assert!(
        passages[0]["text"]
            .as_str()
            .unwrap()
            .contains("Monday to Friday")
    );
    assert_eq!(answer["sources"][0]["url"], "https://harbor.test/visit");

    let unknown = ask(&app, json!({"question": "Do you repair bicycles?"})).await;
    assert_eq!(unknown["fell_back"], true);
    assert_eq!(unknown["evaluation"]["answered"], false);

    // No conversation was made for either.
    let bot = app.bot(&app.token).await;
    assert_eq!(bot["status"]["conversations"], 0, "{bot}");
}

#[tokio::test]
async fn a_draft_of_the_ai_settings_is_tried_before_it_is_saved() {
    let app = spawn_app().await;
    let fake = FakeLlm::start().await;
    let draft = json!({"responder": "openai", "model": "fake", "base_url": fake.base_url});
    let answer = ask(&app, json!({"question": "Where are you?", "ai": draft})).await;
    assert_eq!(answer["responder"], "openai");
    assert_eq!(answer["model"], "fake");
    assert!(
        answer["reply"]
            .as_str()
            .unwrap()
            .starts_with("You asked: \"Where are you?\"")
    );
    assert!(answer["prompt_tokens"].as_u64().unwrap() > 0);
    assert_eq!(fake.requests().len(), 1);
    // The saved settings did not change.
    assert_eq!(
        app.bot(&app.token).await["config"]["ai"]["responder"],
        "extractive"
    );
}

#[tokio::test]
async fn a_failing_provider_is_explained_in_plain_words() {
    let app = spawn_app().await;
    let fake = FakeLlm::start().await;
    let refused =
        json!({"responder": "openai", "model": "fake:status=401", "base_url": fake.base_url});
    let answer = ask(&app, json!({"question": "Hello?", "ai": refused})).await;
    let error = answer["error"].as_str().expect("an error");
    assert!(
        error.contains("refused") && error.contains("401"),
        "{error}"
    );

    // A secret that is not set is named, with how to set it.
    let unset = json!({"responder": "openai", "model": "fake:status=401", "base_url": fake.base_url, "api_key_secret": "AI_KEY_MISSING"});
    let answer = ask(&app, json!({"question": "Hello?", "ai": unset})).await;
    let error = answer["error"].as_str().expect("an error");
    assert!(error.contains("No secret named AI_KEY_MISSING"), "{error}");
    assert!(
        error.contains("wrangler secret put AI_KEY_MISSING"),
        "{error}"
    );

    // Nobody listens on port 9 of loopback.
    let unreachable = json!({"responder": "openai", "base_url": "http://127.0.0.1:9/v1"});
    let answer = ask(&app, json!({"question": "Hello?", "ai": unreachable})).await;
    assert!(
        answer["error"]
            .as_str()
            .unwrap()
            .contains("could not be reached"),
        "{answer}"
    );
}

#[tokio::test]
async fn a_test_question_is_checked_and_only_for_owners() {
    let app = spawn_app().await;
    let path = format!("/api/admin/bots/{}/test-question", app.token);
    for bad in [
        json!({}),
        json!({"question": ""}),
        json!({"question": "x".repeat(301)}),
        json!({"question": "Hi", "ai": {"temperature": 9}}),
        json!({"question": "Hi", "colour": "red"}),
    ] {
        let response = app.call(Method::POST, &path, ADMIN, Some(&bad)).await;
        assert_eq!(response.status(), 400, "{bad}");
    }
    let (agent, _) = app.operator("agent", &[&app.token]).await;
    assert_error(
        app.call(
            Method::POST,
            &path,
            &agent,
            Some(&json!({"question": "Hi"})),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
}
