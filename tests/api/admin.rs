//! The admin API: bearer auth, bots, knowledge documents and conversations.

use crate::helpers::{assert_error, spawn_app};
use porthole_tests::client::Sent;
use porthole_tests::server::ADMIN_TOKEN;
use reqwest::Method;
use serde_json::{Value, json};

#[tokio::test]
async fn every_admin_route_refuses_a_missing_or_wrong_token_with_401() {
    let app = spawn_app().await;
    let t = &app.token;
    let routes = [
        (Method::GET, "/api/admin/bots".to_owned()),
        (Method::POST, "/api/admin/bots".to_owned()),
        (Method::GET, format!("/api/admin/bots/{t}")),
        (Method::PATCH, format!("/api/admin/bots/{t}")),
        (Method::PUT, format!("/api/admin/bots/{t}")),
        (Method::DELETE, format!("/api/admin/bots/{t}")),
        (Method::GET, format!("/api/admin/bots/{t}/documents")),
        (Method::POST, format!("/api/admin/bots/{t}/documents")),
        (Method::DELETE, format!("/api/admin/bots/{t}/documents/1")),
        (Method::GET, format!("/api/admin/bots/{t}/conversations")),
        (
            Method::GET,
            format!("/api/admin/bots/{t}/conversations/web_abcd1234"),
        ),
    ];
    for (method, path) in routes {
        let url = format!("{}{}", app.base, path);
        let none = app
            .client
            .request(method.clone(), &url)
            .sent()
            .await
            .unwrap();
        assert_error(none, 401, "unauthorized").await;
        let wrong = app
            .client
            .request(method.clone(), &url)
            .bearer_auth(format!("{ADMIN_TOKEN}x"))
            .sent()
            .await
            .unwrap();
        assert_error(wrong, 401, "unauthorized").await;
        let not_bearer = app
            .client
            .request(method, &url)
            .header("Authorization", ADMIN_TOKEN)
            .sent()
            .await
            .unwrap();
        assert_error(not_bearer, 401, "unauthorized").await;
    }
    // Nothing was deleted by those attempts.
    assert_eq!(app.config(t).await.status(), 200);
}

#[tokio::test]
async fn a_created_bot_gets_a_32_hex_token_and_the_given_config() {
    let app = spawn_app().await;
    let response = app
        .admin(
            Method::POST,
            "/api/admin/bots",
            Some(&json!({"bot_name": "Nova", "position": "bl"})),
        )
        .await;
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    let token = body["token"].as_str().unwrap();
    assert!(
        token.len() == 32
            && token
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    );
    assert_eq!(body["config"]["bot_name"], "Nova");
    assert_eq!(body["config"]["position"], "bl");
    let listed: Value = app
        .admin(Method::GET, "/api/admin/bots", None)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        listed["bots"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["token"] == token && b["bot_name"] == "Nova")
    );
}

#[tokio::test]
async fn a_bot_can_be_created_at_a_chosen_token_updated_and_deleted() {
    let app = spawn_app().await;
    let token = format!("{:0>32}", &app.token[..16]);
    let path = format!("/api/admin/bots/{token}");
    assert_eq!(
        app.admin(Method::PUT, &path, Some(&json!({"bot_name": "Demo"})))
            .await
            .status(),
        201
    );
    assert_eq!(
        app.admin(Method::PUT, &path, Some(&json!({"bot_name": "Demo 2"})))
            .await
            .status(),
        200
    );
    app.patch_bot(&token, json!({"welcome": "Hello there"}))
        .await;
    let bot = app.bot(&token).await;
    assert_eq!(bot["config"]["bot_name"], "Demo 2");
    assert_eq!(bot["config"]["welcome"], "Hello there");
    assert_eq!(app.admin(Method::DELETE, &path, None).await.status(), 200);
    assert_error(app.config(&token).await, 404, "token_not_found").await;
    assert_error(
        app.admin(Method::GET, &path, None).await,
        404,
        "token_not_found",
    )
    .await;
}

#[tokio::test]
async fn bad_config_bodies_get_400() {
    let app = spawn_app().await;
    let path = format!("/api/admin/bots/{}", app.token);
    for body in [
        json!({"position": "middle"}),
        json!({"primary_color": "blue"}),
        json!({"bot_name": ""}),
        json!({"enabled": "yes"}),
        json!({"avatar_url": "javascript:alert(1)"}),
        json!({"colour": "#fff"}),
    ] {
        assert_error(
            app.admin(Method::PATCH, &path, Some(&body)).await,
            400,
            "invalid_field",
        )
        .await;
    }
    let raw = app
        .client
        .patch(format!("{}{}", app.base, path))
        .bearer_auth(ADMIN_TOKEN)
        .body("{nope")
        .sent()
        .await
        .unwrap();
    assert_error(raw, 400, "invalid_json").await;
    // The config is unchanged.
    assert_eq!(app.bot(&app.token).await["config"]["position"], "br");
}

#[tokio::test]
async fn admin_routes_of_an_unknown_bot_are_404() {
    let app = spawn_app().await;
    let unknown = "0123456789abcdef0123456789abcdef";
    for path in [
        format!("/api/admin/bots/{unknown}"),
        format!("/api/admin/bots/{unknown}/documents"),
        "/api/admin/bots/not-a-token".to_owned(),
    ] {
        assert_error(
            app.admin(Method::GET, &path, None).await,
            404,
            "token_not_found",
        )
        .await;
    }
}

#[tokio::test]
async fn documents_are_listed_with_chunk_counts_replaced_by_url_and_deleted() {
    let app = spawn_app().await;
    let docs_path = format!("/api/admin/bots/{}/documents", app.token);
    let listed: Value = app
        .admin(Method::GET, &docs_path, None)
        .await
        .json()
        .await
        .unwrap();
    let docs = listed["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 2);
    assert!(
        docs.iter()
            .all(|d| d["chunks"].as_i64().unwrap() >= 1 && d["chars"].as_i64().unwrap() > 0)
    );

    // Same URL: replaced, not added.
    let replaced = app
        .add_document(
            &app.token,
            "Visit us",
            "https://harbor.test/visit",
            "## Opening hours\nWe are open every day from 6am to 10pm.",
        )
        .await;
    assert_eq!(replaced["replaced"], true);
    let listed: Value = app
        .admin(Method::GET, &docs_path, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["documents"].as_array().unwrap().len(), 2);
    let reply: Value = app
        .message(&json!({"token": app.token, "message": "What are your opening hours?"}))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        reply["reply"].as_str().unwrap().contains("6am to 10pm"),
        "{reply}"
    );

    // Deleted: no longer found, and no longer answered from.
    let id = replaced["document"]["id"].as_i64().unwrap();
    assert_eq!(
        app.admin(Method::DELETE, &format!("{docs_path}/{id}"), None)
            .await
            .status(),
        200
    );
    assert_error(
        app.admin(Method::DELETE, &format!("{docs_path}/{id}"), None)
            .await,
        404,
        "not_found",
    )
    .await;
    let reply: Value = app
        .message(&json!({"token": app.token, "message": "What are your opening hours?"}))
        .await
        .json()
        .await
        .unwrap();
    assert!(!reply["reply"].as_str().unwrap().contains("6am"), "{reply}");
}

#[tokio::test]
async fn bad_documents_get_400() {
    let app = spawn_app().await;
    let path = format!("/api/admin/bots/{}/documents", app.token);
    for body in [
        json!({"title": "", "text": "x"}),
        json!({"title": "T"}),
        json!({"title": "T", "text": "   "}),
        json!({"title": "T", "text": "x", "url": "ftp://x"}),
        json!({"title": "T", "text": "x", "format": "pdf"}),
        json!({"title": "T", "text": "x", "extra": 1}),
    ] {
        assert_error(
            app.admin(Method::POST, &path, Some(&body)).await,
            400,
            "invalid_field",
        )
        .await;
    }
}
