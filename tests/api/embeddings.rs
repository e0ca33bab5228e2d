//! Retrieval by meaning, against the real runtime and the real local model
//! (multilingual-e5-small): a bot's knowledge is embedded in the background, a question in
//! other words or another language finds it, an unrelated one still gets the fallback, a
//! failing provider leaves retrieval by words (and says why), and another model embeds the
//! knowledge again.

use crate::helpers::{TestApp, app_with_bot, server_with_embeddings};
use serde_json::{Value, json};

const RETURNS: &str = "## Returns\nUnopened bags can be returned within 30 days of delivery for a full refund. If a bag arrives damaged, email a photo to hello@harbor-lights.example and we send a new one at no cost.";
const DELIVERY: &str = "## Delivery times and costs\nDomestic delivery takes 1 to 3 working days and costs 4.90; it is free for orders above 40. International delivery takes 5 to 10 working days and costs 12.90.";
const HOURS: &str = "## Opening hours\n- Monday to Friday: 7am to 6pm\n- Saturday and Sunday: 8am to 4pm\n- Closed on December 25 and January 1";

async fn bot(config: Value) -> TestApp {
    app_with_bot(
        &server_with_embeddings().await.base,
        config,
        &[
            ("Returns", "https://harbor.test/returns", RETURNS),
            ("Delivery", "https://harbor.test/delivery", DELIVERY),
            ("Visit us", "https://harbor.test/visit", HOURS),
        ],
    )
    .await
}

async fn reply(app: &TestApp, question: &str) -> String {
    let body: Value = app
        .message(&json!({"token": app.token, "message": question}))
        .await
        .json()
        .await
        .unwrap();
    body["reply"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn questions_in_other_languages_are_answered_from_the_meaning_of_the_knowledge() {
    let app = bot(json!({"bot_name": "Harbor"})).await;
    let status = app.embedded(&app.token).await;
    assert_eq!(
        status["retrieval"]["model"], "openai:multilingual-e5-small",
        "{status}"
    );
    let spanish = reply(&app, "¿cuánto cuesta el envío?").await;
    assert!(spanish.contains("4.90"), "{spanish}");
    let chinese = reply(&app, "你们周末几点开门").await;
    assert!(chinese.contains("8am to 4pm"), "{chinese}");
    // Not invented: a question the knowledge does not answer gets the fallback.
    let weather = reply(&app, "will it rain in Lisbon tomorrow?").await;
    let fallback = app.bot(&app.token).await["config"]["fallback"].clone();
    assert_eq!(weather, fallback.as_str().unwrap(), "{weather}");
}

#[tokio::test]
async fn a_bot_with_embeddings_off_is_told_as_retrieving_by_words() {
    let app = bot(json!({"ai": {"embeddings": {"provider": "off"}}})).await;
    let status = app.bot(&app.token).await["status"].clone();
    assert_eq!(status["retrieval"]["mode"], "lexical", "{status}");
    assert_eq!(status["retrieval"]["embedded"], 0, "{status}");
    let hours = reply(&app, "What are your opening hours?").await;
    assert!(hours.contains("7am to 6pm"), "{hours}");
}

#[tokio::test]
async fn a_failing_provider_leaves_retrieval_by_words_and_says_why() {
    let app = bot(json!({"ai": {"embeddings": {
        "provider": "openai", "base_url": "http://127.0.0.1:9/v1", "model": "nothing-here"
    }}}))
    .await;
    let mut status = Value::Null;
    for _ in 0..100 {
        status = app.bot(&app.token).await["status"].clone();
        if !status["retrieval"]["error"].is_null() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let error = status["retrieval"]["error"].as_str().unwrap_or_default();
    assert!(error.contains("openai:nothing-here"), "{status}");
    assert_eq!(status["retrieval"]["mode"], "lexical", "{status}");
    let hours = reply(&app, "What are your opening hours?").await;
    assert!(hours.contains("7am to 6pm"), "{hours}");
}

#[tokio::test]
async fn another_model_embeds_the_knowledge_again() {
    let app = bot(json!({})).await;
    app.embedded(&app.token).await;
    let base = porthole_tests::embeddings::url();
    app.patch_bot(
        &app.token,
        json!({"ai": {"embeddings": {"provider": "openai", "base_url": base, "model": "e5-small-again"}}}),
    )
    .await;
    let mut status = Value::Null;
    for _ in 0..300 {
        status = app.bot(&app.token).await["status"].clone();
        if status["retrieval"]["model"] == "openai:e5-small-again"
            && status["retrieval"]["embedded"] == status["chunks"]
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        status["retrieval"]["model"], "openai:e5-small-again",
        "{status}"
    );
    assert_eq!(
        status["retrieval"]["embedded"], status["chunks"],
        "{status}"
    );
    let spanish = reply(&app, "¿cuánto cuesta el envío?").await;
    assert!(spanish.contains("4.90"), "{spanish}");
}
