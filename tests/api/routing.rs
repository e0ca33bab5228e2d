//! What every `/api/` answer shares: JSON errors for unknown routes and methods, and CORS.

use crate::helpers::{ADMIN, assert_error, spawn_app};
use porthole_tests::client::Sent;

#[tokio::test]
async fn an_unknown_api_path_is_a_json_404() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(format!("{}/api/nope", app.base))
        .sent()
        .await
        .unwrap();
    assert_error(response, 404, "not_found").await;
}

#[tokio::test]
async fn a_wrong_method_is_a_json_405() {
    let app = spawn_app().await;
    let response = app
        .client
        .put(format!("{}/api/widget/ping", app.base))
        .sent()
        .await
        .unwrap();
    assert_error(response, 405, "method_not_allowed").await;
    let response = app
        .client
        .get(format!("{}/api/widget/message", app.base))
        .sent()
        .await
        .unwrap();
    assert_error(response, 405, "method_not_allowed").await;
}

#[tokio::test]
async fn a_method_the_api_does_not_know_is_a_json_405_not_a_get() {
    let app = spawn_app().await;
    // The `worker` crate reads unknown methods as GET: these must not list bots or read a bot.
    for (method, path) in [
        ("PROPFIND", "/api/admin/bots".to_owned()),
        ("MKCOL", format!("/api/admin/bots/{}", app.token)),
        ("LOCK", format!("/api/widget/config?token={}", app.token)),
    ] {
        let response = app
            .client
            .request(
                reqwest::Method::from_bytes(method.as_bytes()).unwrap(),
                format!("{}{path}", app.base),
            )
            .bearer_auth(ADMIN)
            .sent()
            .await
            .unwrap();
        assert_error(response, 405, "method_not_allowed").await;
    }
}

#[tokio::test]
async fn a_preflight_allows_any_origin_the_json_body_and_last_event_id() {
    let app = spawn_app().await;
    for path in [
        "/api/widget/message",
        "/api/widget/ping",
        "/api/v1/chat/stream",
    ] {
        let response = app
            .client
            .request(reqwest::Method::OPTIONS, format!("{}{}", app.base, path))
            .header("Origin", "https://any-site.example")
            .header("Access-Control-Request-Method", "POST")
            .header(
                "Access-Control-Request-Headers",
                "content-type,last-event-id",
            )
            .sent()
            .await
            .unwrap();
        assert!(
            response.status().is_success(),
            "{path}: {}",
            response.status()
        );
        let h = response.headers();
        assert_eq!(h["access-control-allow-origin"], "*");
        assert!(
            h["access-control-allow-methods"]
                .to_str()
                .unwrap()
                .contains("POST")
        );
        let allowed = h["access-control-allow-headers"]
            .to_str()
            .unwrap()
            .to_ascii_lowercase();
        assert!(
            allowed.contains("content-type") && allowed.contains("last-event-id"),
            "{allowed}"
        );
    }
}

#[tokio::test]
async fn errors_are_readable_cross_origin_including_retry_after() {
    let app = spawn_app().await;
    let response = app.config("nope").await;
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    assert!(
        response.headers()["access-control-expose-headers"]
            .to_str()
            .unwrap()
            .contains("Retry-After")
    );
}

#[tokio::test]
async fn the_benchmarks_floor_route_is_not_served_by_default() {
    // `POST /__bench/floor` calls a new Conversation object: only `make bench` (BENCH_FLOOR=on)
    // serves it; any other server answers as for a path it does not know.
    let app = spawn_app().await;
    let body = serde_json::json!({"token": app.token, "chat_id": "web_0123456789abcdef"});
    let response = app
        .client
        .post(format!("{}/__bench/floor", app.base))
        .json(&body)
        .sent()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
}
