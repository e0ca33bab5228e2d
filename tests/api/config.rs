//! `GET /api/widget/config` (seed 000).

use crate::helpers::{assert_error, spawn_app};
use porthole_tests::client::Sent;
use serde_json::{Value, json};

#[tokio::test]
async fn config_returns_exactly_the_seed_fields_for_a_known_token() {
    let app = spawn_app().await;
    let response = app.config(&app.token).await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("max-age")
    );
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["success"], true);
    let config = body["config"].as_object().unwrap();
    let mut keys: Vec<_> = config.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "avatar_url",
            "bot_name",
            "enabled",
            "placeholder",
            "position",
            "primary_color",
            "welcome"
        ]
    );
    assert_eq!(config["bot_name"], "Barista");
    assert_eq!(config["position"], "br");
    assert_eq!(config["enabled"], true);
    assert_eq!(config["primary_color"], "#00d4ff");
    // Seed 004's appearance settings travel beside, under their seed names.
    let web = &body["web_chat"];
    assert_eq!(web["defaultThemeMode"], "auto");
    assert_eq!(web["enableDisplayCitations"], true);
    assert_eq!(web["displayConversationStarters"], json!([]));
}

#[tokio::test]
async fn seed_004_theme_fields_set_by_the_admin_reach_the_widget() {
    let app = spawn_app().await;
    app.patch_bot(&app.token, json!({
        "theme": {"primaryColor": "#3854d8", "dialogColor": "#ddeaf6", "navbarTextColor": "#ffffff"},
        "darkTheme": {"primaryColor": "#223366"},
        "defaultThemeMode": "dark",
        "displayConversationStarters": ["Where are you?", "Do you ship?"],
    }))
    .await;
    let body: Value = app.config(&app.token).await.json().await.unwrap();
    let web = &body["web_chat"];
    assert_eq!(web["theme"]["dialogColor"], "#ddeaf6");
    assert_eq!(web["darkTheme"]["primaryColor"], "#223366");
    assert_eq!(web["defaultThemeMode"], "dark");
    assert_eq!(
        web["displayConversationStarters"],
        json!(["Where are you?", "Do you ship?"])
    );
}

#[tokio::test]
async fn config_follows_an_update() {
    let app = spawn_app().await;
    app.patch_bot(
        &app.token,
        json!({"position": "tl", "primary_color": "#ABC", "welcome": "Ahoy!", "enabled": false}),
    )
    .await;
    let body: Value = app.config(&app.token).await.json().await.unwrap();
    assert_eq!(body["config"]["position"], "tl");
    assert_eq!(body["config"]["primary_color"], "#aabbcc");
    assert_eq!(body["config"]["welcome"], "Ahoy!");
    assert_eq!(body["config"]["enabled"], false);
}

#[tokio::test]
async fn every_position_is_accepted_and_returned() {
    let app = spawn_app().await;
    for position in ["br", "bl", "tr", "tl"] {
        app.patch_bot(&app.token, json!({"position": position}))
            .await;
        let body: Value = app.config(&app.token).await.json().await.unwrap();
        assert_eq!(body["config"]["position"], position);
    }
}

#[tokio::test]
async fn config_returns_404_for_malformed_tokens() {
    let app = spawn_app().await;
    let upper = app.token.to_uppercase();
    let short = &app.token[..31];
    let long = format!("{}0", app.token);
    for token in [
        "",
        "nope",
        upper.as_str(),
        short,
        long.as_str(),
        "../../../../etc/passwd",
    ] {
        assert_error(app.config(token).await, 404, "token_not_found").await;
    }
}

#[tokio::test]
async fn config_returns_404_for_an_unknown_token() {
    let app = spawn_app().await;
    assert_error(
        app.config("0123456789abcdef0123456789abcdef").await,
        404,
        "token_not_found",
    )
    .await;
}

#[tokio::test]
async fn config_without_a_token_parameter_is_404() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(format!("{}/api/widget/config", app.base))
        .sent()
        .await
        .unwrap();
    assert_error(response, 404, "token_not_found").await;
}

#[tokio::test]
async fn config_is_readable_from_any_origin() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(format!("{}/api/widget/config", app.base))
        .query(&[("token", &app.token)])
        .header("Origin", "https://some-shop.example")
        .sent()
        .await
        .unwrap();
    // Any page may read it: CORS names the caller's origin (the bot lists no sites).
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        "https://some-shop.example"
    );
    assert!(
        response.headers()["vary"]
            .to_str()
            .unwrap()
            .contains("Origin")
    );
}
