//! Operators and dashboard sign-in (seed 002): the owner manages operators, operators sign in
//! for a short-lived JWT that every dashboard call accepts, failed sign-ins are throttled, and
//! an agent never reaches a bot it was not given.

use crate::helpers::{PASSWORD, assert_error, email, spawn_app};
use porthole_tests::client::Sent;
use porthole_tests::server::ADMIN_TOKEN;
use reqwest::Method;
use serde_json::{Value, json};

#[tokio::test]
async fn the_owner_creates_lists_changes_and_removes_an_operator() {
    let app = spawn_app().await;
    let address = email();
    let created = app
        .admin(
            Method::POST,
            "/api/admin/operators",
            Some(
                &json!({"name": "Jane", "email": address.to_uppercase(), "password": PASSWORD,
                "bots": [app.token]}),
            ),
        )
        .await;
    assert_eq!(created.status(), 201);
    let body: Value = created.json().await.unwrap();
    let op = &body["operator"];
    assert_eq!(op["email"], address, "emails are stored lowercased");
    assert_eq!(op["role"], "agent");
    assert_eq!(op["bots"], json!([app.token]));
    assert!(op.get("password").is_none(), "{op}");
    let id = op["id"].as_str().unwrap().to_owned();

    let list: Value = app
        .admin(Method::GET, "/api/admin/operators", None)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        list["operators"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["id"] == id)
    );
    assert!(!list.to_string().contains("pbkdf2"), "no digest leaks");

    let changed: Value = app
        .admin(
            Method::PATCH,
            &format!("/api/admin/operators/{id}"),
            Some(&json!({"name": "Jane Doe"})),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(changed["operator"]["name"], "Jane Doe");

    let removed = app
        .admin(Method::DELETE, &format!("/api/admin/operators/{id}"), None)
        .await;
    assert_eq!(removed.status(), 200);
    assert_error(
        app.admin(Method::GET, &format!("/api/admin/operators/{id}"), None)
            .await,
        404,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn bad_operator_bodies_are_refused_with_their_codes() {
    let app = spawn_app().await;
    let taken = email();
    app.admin(
        Method::POST,
        "/api/admin/operators",
        Some(&json!({"name": "A", "email": taken, "password": PASSWORD})),
    )
    .await;
    for (body, status, code) in [
        (
            json!({"name": "A", "email": "not-an-email", "password": PASSWORD}),
            400,
            "invalid_field",
        ),
        (
            json!({"name": "A", "email": email(), "password": "short"}),
            400,
            "invalid_field",
        ),
        (
            json!({"name": "", "email": email(), "password": PASSWORD}),
            400,
            "invalid_field",
        ),
        (
            json!({"name": "A", "email": email(), "password": PASSWORD, "role": "king"}),
            400,
            "invalid_field",
        ),
        (
            json!({"name": "A", "email": email(), "password": PASSWORD, "bots": ["0".repeat(32)]}),
            400,
            "invalid_field",
        ),
        (
            json!({"name": "A", "email": taken, "password": PASSWORD}),
            409,
            "conflict",
        ),
    ] {
        assert_error(
            app.admin(Method::POST, "/api/admin/operators", Some(&body))
                .await,
            status,
            code,
        )
        .await;
    }
}

#[tokio::test]
async fn an_operator_signs_in_and_the_jwt_opens_the_dashboard() {
    let app = spawn_app().await;
    let (jwt, op) = app.operator("agent", &[&app.token]).await;
    assert_eq!(jwt.split('.').count(), 3, "a compact JWT");
    let me: Value = app
        .call(Method::GET, "/api/auth/me", &jwt, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["operator"]["id"], op["id"]);
    assert_eq!(me["operator"]["role"], "agent");
    let list = app.inbox(&jwt, "").await;
    assert_eq!(list["success"], true);
    // The scheme is matched case-insensitively.
    let lower = app
        .client
        .get(format!("{}/api/auth/me", app.base))
        .header("Authorization", format!("bearer {jwt}"))
        .sent()
        .await
        .unwrap();
    assert_eq!(lower.status(), 200);
}

#[tokio::test]
async fn a_session_renews_and_ends_when_the_operator_is_removed() {
    let app = spawn_app().await;
    let (jwt, op) = app.operator("agent", &[&app.token]).await;
    let renewed: Value = app
        .call(Method::POST, "/api/auth/refresh", &jwt, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(renewed["success"], true);
    assert!(renewed["expires_at"].as_str().unwrap().ends_with('Z'));
    let id = op["id"].as_str().unwrap();
    app.admin(Method::DELETE, &format!("/api/admin/operators/{id}"), None)
        .await;
    assert_error(
        app.call(Method::POST, "/api/auth/refresh", &jwt, None)
            .await,
        401,
        "unauthorized",
    )
    .await;
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_401() {
    let app = spawn_app().await;
    let (_, op) = app.operator("agent", &[]).await;
    let address = op["email"].as_str().unwrap();
    let wrong = assert_error(
        app.login(address, "not the password").await,
        401,
        "unauthorized",
    )
    .await;
    let unknown = assert_error(app.login(&email(), PASSWORD).await, 401, "unauthorized").await;
    assert_eq!(wrong["error"]["message"], unknown["error"]["message"]);
    assert_error(
        app.client
            .post(format!("{}/api/auth/login", app.base))
            .body("{")
            .sent()
            .await
            .unwrap(),
        400,
        "invalid_json",
    )
    .await;
}

#[tokio::test]
async fn failed_sign_ins_are_throttled_even_for_the_right_password_after() {
    let app = spawn_app().await;
    let (_, op) = app.operator("agent", &[]).await;
    let address = op["email"].as_str().unwrap();
    for _ in 0..5 {
        assert_error(
            app.login(address, "guess guess guess").await,
            401,
            "unauthorized",
        )
        .await;
    }
    let locked = app.login(address, PASSWORD).await;
    let retry: u64 = locked
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After");
    assert!((1..=900).contains(&retry), "{retry}");
    assert_error(locked, 429, "rate_limited").await;
}

#[tokio::test]
async fn garbage_expired_or_forged_tokens_are_401() {
    let app = spawn_app().await;
    // A token signed with another key, and one past its expiry (both well-formed).
    let forged = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJvd25lciIsIm5hbWUiOiJYIiwicm9sZSI6Im93bmVyIiwiaWF0IjoxLCJleHAiOjk5OTk5OTk5OTl9.c2lnbmF0dXJl";
    for credential in ["nope", forged, "a.b.c", "dev-admin-token-change-me"] {
        assert_error(
            app.call(Method::GET, "/api/auth/me", credential, None)
                .await,
            401,
            "unauthorized",
        )
        .await;
    }
    assert_error(
        app.client
            .get(format!("{}/api/auth/me", app.base))
            .sent()
            .await
            .unwrap(),
        401,
        "unauthorized",
    )
    .await;
}

#[tokio::test]
async fn an_agent_never_reaches_a_bot_it_was_not_given() {
    let app = spawn_app().await;
    let other = app.create_bot(json!({"bot_name": "Other"})).await;
    let (jwt, _) = app.operator("agent", &[&app.token]).await;
    for (method, path) in [
        (Method::GET, format!("/api/admin/bots/{other}")),
        (
            Method::GET,
            format!("/api/admin/bots/{other}/conversations"),
        ),
        (
            Method::GET,
            format!("/api/admin/bots/{other}/conversations/web_abcd1234"),
        ),
        (
            Method::POST,
            format!("/api/admin/bots/{other}/conversations/web_abcd1234/takeover"),
        ),
        (
            Method::GET,
            format!("/api/admin/bots/{other}/llm-usage-statistics"),
        ),
    ] {
        assert_error(app.call(method, &path, &jwt, None).await, 403, "forbidden").await;
    }
    // Nor does it manage anything, even on its own bot.
    for (method, path, body) in [
        (Method::POST, "/api/admin/bots".to_owned(), json!({})),
        (
            Method::PATCH,
            format!("/api/admin/bots/{}", app.token),
            json!({"bot_name": "Mine"}),
        ),
        (Method::GET, "/api/admin/operators".to_owned(), json!({})),
        (
            Method::POST,
            format!("/api/admin/bots/{}/documents", app.token),
            json!({"title": "T", "text": "x"}),
        ),
    ] {
        assert_error(
            app.call(method, &path, &jwt, Some(&body)).await,
            403,
            "forbidden",
        )
        .await;
    }
    let bots: Value = app
        .call(Method::GET, "/api/admin/bots", &jwt, None)
        .await
        .json()
        .await
        .unwrap();
    let tokens: Vec<&str> = bots["bots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["token"].as_str().unwrap())
        .collect();
    assert_eq!(tokens, [app.token.as_str()], "an agent lists only its bots");
}

#[tokio::test]
async fn an_owner_operator_sees_every_bot_like_the_admin_token() {
    let app = spawn_app().await;
    let other = app.create_bot(json!({"bot_name": "Other"})).await;
    let (jwt, _) = app.operator("owner", &[]).await;
    let read = app
        .call(Method::GET, &format!("/api/admin/bots/{other}"), &jwt, None)
        .await;
    assert_eq!(read.status(), 200);
    let admin = app
        .call(Method::GET, "/api/auth/me", ADMIN_TOKEN, None)
        .await
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(admin["operator"]["role"], "owner");
}

#[tokio::test]
async fn the_widget_offers_a_person_once_an_agent_is_given_the_bot_and_the_owner_allows_it() {
    let app = spawn_app().await;
    let handoff = || async {
        let config: Value = app.config(&app.token).await.json().await.unwrap();
        config["handoff"].as_bool().unwrap()
    };
    app.operator("agent", &[&app.token]).await;
    assert!(handoff().await, "an agent was given the bot");
    app.patch_bot(&app.token, json!({"operators": {"handoff": false}}))
        .await;
    assert!(!handoff().await, "the owner turned it off");
}

/// The sign-in lock is the guesser's address: after five wrong passwords from one address, the
/// right password from that address waits, and from another it signs in.
#[tokio::test]
async fn a_guesser_cannot_lock_an_operator_out_of_their_own_account() {
    let app = spawn_app().await;
    let (_, op) = app.operator("agent", &[]).await;
    let address = op["email"].as_str().unwrap();
    let login = |ip: &'static str, password: &'static str| {
        app.client
            .post(app.url("/api/auth/login"))
            .header("CF-Connecting-IP", ip)
            .json(&json!({"email": address, "password": password}))
            .sent()
    };
    for _ in 0..5 {
        assert_eq!(
            login("203.0.113.7", "guess guess guess")
                .await
                .unwrap()
                .status(),
            401
        );
    }
    assert_eq!(login("203.0.113.7", PASSWORD).await.unwrap().status(), 429);
    assert_eq!(
        login("198.51.100.20", PASSWORD).await.unwrap().status(),
        200
    );
}

/// Everyone says how visitors see them: an agent renames themself and sets an avatar (the inbox
/// and their next reply follow); the admin token's owner, `Support` until then, takes a name of
/// their own (a server of its own: the owner is the deployment's). Bad fields are refused.
#[tokio::test]
async fn operators_and_the_owner_say_how_visitors_see_them() {
    let app = spawn_app().await;
    let (jwt, _) = app.operator("agent", &[&app.token]).await;
    let patch = json!({"name": "Sam Porter", "avatar": "https://cdn.test/sam.png"});
    let me = app
        .call(Method::PATCH, "/api/auth/me", &jwt, Some(&patch))
        .await;
    assert_eq!(me.status(), 200);
    let me: Value = me.json().await.unwrap();
    assert_eq!(me["operator"]["name"], "Sam Porter", "{me}");
    assert_eq!(me["operator"]["avatar"], "https://cdn.test/sam.png");
    for bad in [
        json!({"name": ""}),
        json!({"avatar": "javascript:alert(1)"}),
        json!({"role": "owner"}),
    ] {
        assert_error(
            app.call(Method::PATCH, "/api/auth/me", &jwt, Some(&bad))
                .await,
            400,
            "invalid_field",
        )
        .await;
    }

    let server = tokio::task::spawn_blocking(|| {
        porthole_tests::server::Server::start(&[("JWT_SECRET", crate::helpers::JWT_SECRET)])
    })
    .await
    .unwrap();
    let own = crate::helpers::app_with_bot(&server.base, json!({"bot_name": "Harbor"}), &[]).await;
    let named = own
        .call(
            Method::PATCH,
            "/api/auth/me",
            ADMIN_TOKEN,
            Some(&json!({"name": "Ana Costa"})),
        )
        .await;
    assert_eq!(named.status(), 200);
    let chat = crate::helpers::chat_id();
    own.ask_streaming(&chat, &crate::helpers::message_id(), "Hello?")
        .await;
    let path = format!(
        "/api/admin/bots/{}/conversations/{chat}/messages",
        own.token
    );
    let posted = own
        .call(
            Method::POST,
            &path,
            ADMIN_TOKEN,
            Some(&json!({"content": "Hi, Ana here."})),
        )
        .await;
    assert_eq!(posted.status(), 201);
    let posted: Value = posted.json().await.unwrap();
    assert_eq!(posted["message"]["author"]["name"], "Ana Costa", "{posted}");
}
