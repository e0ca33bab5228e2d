//! "A person is available": the widget's config says so while someone who can answer a bot has
//! the dashboard open (an authenticated tenant socket) and is not away; an agent counts for
//! their bots only; setting oneself away (`PATCH /api/auth/me {"away"}`) or closing the
//! dashboard ends it. On a server of its own: the owners of a shared one cover every bot.

use crate::helpers::*;
use porthole_tests::tenant::TenantSocket;
use reqwest::Method;
use serde_json::{Value, json};

async fn available(app: &TestApp, token: &str) -> bool {
    let config: Value = app.config(token).await.json().await.unwrap();
    config["available"].as_bool().expect("available")
}

/// Waits (the hub writes KV, an isolate trusts its read five seconds) until `token`'s config
/// says `wanted`.
async fn becomes(app: &TestApp, token: &str, wanted: bool) {
    eventually(15, &format!("available = {wanted}"), || async {
        (available(app, token).await == wanted).then_some(())
    })
    .await;
}

#[tokio::test]
async fn a_person_is_available_while_an_operator_is_online_and_not_away() {
    let server = tokio::task::spawn_blocking(|| {
        porthole_tests::server::Server::start(&[("JWT_SECRET", JWT_SECRET)])
    })
    .await
    .unwrap();
    let app = app_with_bot(&server.base, json!({"bot_name": "Harbor"}), &[]).await;
    let other = app.create_bot(json!({"bot_name": "Elsewhere"})).await;
    let (jwt, _) = app.operator("agent", &[&app.token]).await;
    assert!(
        !available(&app, &app.token).await,
        "nobody has the dashboard open"
    );

    let mut socket = TenantSocket::connect(&server.base).await;
    socket.auth(&jwt, None).await;
    becomes(&app, &app.token, true).await;
    assert!(
        !available(&app, &other).await,
        "an agent counts for their bots only"
    );

    let away = |on: bool| {
        let app = &app;
        let jwt = jwt.clone();
        async move {
            let me = app
                .call(
                    Method::PATCH,
                    "/api/auth/me",
                    &jwt,
                    Some(&json!({"away": on})),
                )
                .await;
            assert_eq!(me.status(), 200);
            let me: Value = me.json().await.unwrap();
            assert_eq!(me["operator"]["away"], on);
        }
    };
    away(true).await;
    becomes(&app, &app.token, false).await;
    away(false).await;
    becomes(&app, &app.token, true).await;

    drop(socket);
    becomes(&app, &app.token, false).await;
}
