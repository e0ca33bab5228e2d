//! `POST /api/widget/ping` (seed 000): records last seen time and domain in the Bot object.

use crate::helpers::{assert_error, spawn_app, wait_for_window_with};
use serde_json::{Value, json};
use std::time::Duration;

#[tokio::test]
async fn ping_records_last_seen_and_the_domain_of_the_origin() {
    let app = spawn_app().await;
    let before = app.bot(&app.token).await;
    assert!(before["status"]["widget_last_seen_at"].is_null());

    let response = app
        .ping(
            &json!({"token": app.token}),
            Some("https://shop.example.com:8443"),
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!({"success": true})
    );

    // The write happens after the response (coalesced per isolate); wait for it.
    let status = poll_status(&app, |s| s["widget_last_domain"] == "shop.example.com").await;
    let seen = status["widget_last_seen_at"]
        .as_str()
        .expect("an ISO timestamp");
    assert!(seen.starts_with("20") && seen.ends_with('Z'), "{seen}");
}

#[tokio::test]
async fn pings_within_a_few_seconds_are_coalesced_but_the_latest_domain_wins() {
    let app = spawn_app().await;
    app.ping(&json!({"token": app.token}), Some("https://first.example"))
        .await;
    poll_status(&app, |s| s["widget_last_domain"] == "first.example").await;
    app.ping(&json!({"token": app.token}), Some("https://second.example"))
        .await;
    app.ping(&json!({"token": app.token}), Some("https://third.example"))
        .await;
    // The coalesced write lands within the window (5 s).
    poll_status(&app, |s| s["widget_last_domain"] == "third.example").await;
}

#[tokio::test]
async fn ping_returns_404_for_a_bad_or_unknown_token() {
    let app = spawn_app().await;
    for body in [
        json!({"token": "nope"}),
        json!({"token": 7}),
        json!({}),
        json!({"token": "0123456789abcdef0123456789abcdef"}),
    ] {
        assert_error(app.ping(&body, None).await, 404, "token_not_found").await;
    }
}

#[tokio::test]
async fn ping_returns_400_for_malformed_json() {
    let app = spawn_app().await;
    for body in ["{\"token\":", "not json", "[1,2]"] {
        assert_error(
            app.post_raw("/api/widget/ping", body).await,
            400,
            "invalid_json",
        )
        .await;
    }
}

#[tokio::test]
async fn ping_returns_429_with_retry_after_on_the_31st_ping_within_a_minute() {
    let app = spawn_app().await;
    wait_for_window_with(20).await;
    for i in 1..=30 {
        let response = app.ping(&json!({"token": app.token}), None).await;
        assert_eq!(response.status(), 200, "ping {i} of 30 must pass");
    }
    let response = app.ping(&json!({"token": app.token}), None).await;
    let retry_after: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    assert_error(response, 429, "rate_limited").await;
}

/// Polls the bot's status until `done` holds (at most 10 s).
async fn poll_status(app: &crate::helpers::TestApp, done: impl Fn(&Value) -> bool) -> Value {
    for _ in 0..100 {
        let bot = app.bot(&app.token).await;
        if done(&bot["status"]) {
            return bot["status"].clone();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "the bot's status never reached the expected state: {}",
        app.bot(&app.token).await
    );
}
