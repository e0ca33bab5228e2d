//! What visitors leave behind (seed 003): contact details, ratings and comments, votes on
//! replies, images; and seed 002's tracked events. Each refusal has its code, and an operator
//! reading the conversation sees everything.

use crate::helpers::{ADMIN, TestApp, assert_error, chat_id, eventually, message_id, spawn_app};
use porthole_tests::client::Sent;
use porthole_tests::tenant::TenantSocket;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use std::time::Duration;

pub(crate) const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, b'I', b'H', b'D', b'R', 0, 0, 0,
    1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89,
];

fn session(app: &TestApp, chat: &str, extra: Value) -> Value {
    let mut body = json!({"site_key": app.token, "session_id": chat});
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    body
}

async fn detail(app: &TestApp, chat: &str) -> Value {
    app.conversation_detail(&app.token, chat).await
}

#[tokio::test]
async fn email_and_contact_are_saved_and_the_operator_is_told() {
    let app = spawn_app().await;
    let mut ws = TenantSocket::connect(&app.base).await;
    ws.auth(ADMIN, None).await;
    let chat = chat_id();
    let saved: Value = app
        .visitor_post(
            "email",
            &session(&app, &chat, json!({"email": "Jane@Example.com"})),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(saved, json!({"success": true, "message": "Email saved"}));
    let qualified = ws
        .next_of("conversation:qualified", Duration::from_secs(5))
        .await;
    assert_eq!(qualified["data"]["id"], chat);
    assert_eq!(
        qualified["data"]["contact_data"]["email"],
        "jane@example.com"
    );

    let saved: Value = app
        .visitor_post(
            "contact",
            &session(
                &app,
                &chat,
                json!({"phone": "+1 416-555-9999", "name": "Jane"}),
            ),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(saved, json!({"success": true, "message": "Contact saved"}));
    let contact = &detail(&app, &chat).await["conversation"]["contact_data"];
    assert_eq!(
        *contact,
        json!({"email": "jane@example.com", "phone": "+14165559999", "name": "Jane"})
    );
    let listed = app.inbox(ADMIN, "has_contact=true").await;
    assert!(listed.to_string().contains(&chat));
}

#[tokio::test]
async fn bad_contact_details_are_refused_with_their_codes() {
    let app = spawn_app().await;
    let chat = chat_id();
    for (endpoint, extra, status, code) in [
        (
            "email",
            json!({"email": "not an email"}),
            400,
            "invalid_email",
        ),
        ("email", json!({}), 400, "invalid_email"),
        (
            "contact",
            json!({"phone": "555-1234"}),
            400,
            "invalid_phone",
        ),
        (
            "contact",
            json!({"email": "a@b.test", "name": "x".repeat(101)}),
            400,
            "invalid_name",
        ),
        ("contact", json!({"name": "Jane"}), 400, "invalid_field"),
        (
            "contact",
            json!({"site_key": "nope", "email": "a@b.test"}),
            404,
            "token_not_found",
        ),
        (
            "contact",
            json!({"session_id": "nope", "email": "a@b.test"}),
            400,
            "invalid_chat_id",
        ),
    ] {
        assert_error(
            app.visitor_post(endpoint, &session(&app, &chat, extra))
                .await,
            status,
            code,
        )
        .await;
    }
}

#[tokio::test]
async fn a_rating_and_its_comment_are_kept_and_bad_scores_refused() {
    let app = spawn_app().await;
    let chat = chat_id();
    app.ask_streaming(&chat, &message_id(), "What are your opening hours?")
        .await;
    for bad in [json!(0), json!(6), json!(4.5), json!("5")] {
        assert_error(
            app.visitor_post("rate", &session(&app, &chat, json!({"score": bad})))
                .await,
            400,
            "invalid_score",
        )
        .await;
    }
    let rated: Value = app
        .visitor_post("rate", &session(&app, &chat, json!({"score": 4})))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(rated, json!({"success": true}));
    let commented: Value = app
        .visitor_post(
            "rate/comment",
            &session(&app, &chat, json!({"comment": "Quick and right."})),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(commented, json!({"success": true}));
    assert_error(
        app.visitor_post(
            "rate/comment",
            &session(&app, &chat, json!({"comment": ""})),
        )
        .await,
        400,
        "invalid_comment",
    )
    .await;
    let read = detail(&app, &chat).await;
    assert_eq!(read["conversation"]["rating"], 4);
    assert_eq!(read["rating_comment"], "Quick and right.");
}

#[tokio::test]
async fn a_vote_on_a_reply_is_kept_replaced_and_taken_back() {
    let app = spawn_app().await;
    let chat = chat_id();
    let frames = app
        .ask_streaming(&chat, &message_id(), "What are your opening hours?")
        .await;
    let reply_id = frames
        .iter()
        .find_map(|f| match &f.event {
            porthole_shared::StreamEvent::Done { meta } => meta.reply_id.clone(),
            _ => None,
        })
        .expect("done carries the reply's id");
    let vote = |v: Value| session(&app, &chat, json!({"message_id": reply_id, "vote": v}));
    let reply_vote = || async {
        let read = detail(&app, &chat).await;
        read["messages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == json!(reply_id))
            .unwrap()["vote"]
            .clone()
    };
    assert_eq!(
        app.visitor_post("feedback", &vote(json!("up")))
            .await
            .status(),
        200
    );
    assert_eq!(reply_vote().await, "up");
    app.visitor_post("feedback", &vote(json!("down"))).await;
    assert_eq!(reply_vote().await, "down", "a new vote replaces the old");
    app.visitor_post("feedback", &vote(Value::Null)).await;
    assert_eq!(reply_vote().await, Value::Null);
    // The visitor's own message is no reply.
    let user_id = detail(&app, &chat).await["messages"][0]["id"].clone();
    assert_error(
        app.visitor_post(
            "feedback",
            &session(&app, &chat, json!({"message_id": user_id, "vote": "up"})),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    assert_error(
        app.visitor_post("feedback", &vote(json!("meh"))).await,
        400,
        "invalid_field",
    )
    .await;
}

#[tokio::test]
async fn a_bot_takes_only_its_daily_images() {
    let app = spawn_app().await;
    assert_eq!(
        app.bot(&app.token).await["config"]["access"]["daily_images"],
        200,
        "a cap by default"
    );
    app.patch_bot(&app.token, json!({"access": {"daily_images": 1}}))
        .await;
    assert_eq!(
        upload(&app, &chat_id(), "a.png", PNG.to_vec())
            .await
            .status(),
        200
    );
    let refused = upload(&app, &chat_id(), "b.png", PNG.to_vec()).await;
    assert!(refused.headers().contains_key("retry-after"));
    assert_error(refused, 429, "quota_exceeded").await;
    // A refused image is not counted: not an image at all is refused before the cap.
    assert_error(
        upload(&app, &chat_id(), "c.png", b"GIF? no".to_vec()).await,
        415,
        "unsupported_media_type",
    )
    .await;
}

/// Posts `bytes` as the image `name` for `chat`.
pub(crate) async fn upload(
    app: &TestApp,
    chat: &str,
    name: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    let form = Form::new()
        .text("site_key", app.token.clone())
        .text("session_id", chat.to_owned())
        .part(
            "image",
            Part::bytes(bytes)
                .file_name(name.to_owned())
                .mime_str("image/png")
                .unwrap(),
        );
    app.client
        .post(format!("{}/api/v1/chat/upload-image", app.base))
        .multipart(form)
        .sent()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_image_is_stored_served_with_its_true_type_and_shown_to_the_operator() {
    // Images are on for a new bot: the seed's public endpoint works out of the box.
    let app = spawn_app().await;
    assert_eq!(
        app.bot(&app.token).await["config"]["enableFileUpload"],
        true
    );
    let chat = chat_id();
    let sent = upload(&app, &chat, "photo.png", PNG.to_vec()).await;
    assert_eq!(sent.status(), 200);
    let body: Value = sent.json().await.unwrap();
    assert_eq!(body["success"], true);
    let url = body["url"].as_str().unwrap().to_owned();
    assert!(
        url.starts_with(&format!("{}/api/v1/chat/images/{}/", app.base, app.token)),
        "{url}"
    );
    let stem = url.rsplit('/').next().unwrap();
    assert_eq!(
        stem.len(),
        "0123456789abcdef0123456789abcdef.png".len(),
        "an unguessable name"
    );

    let served = app.client.get(&url).sent().await.unwrap();
    assert_eq!(served.status(), 200);
    let headers = served.headers().clone();
    assert_eq!(headers["content-type"], "image/png");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert!(
        headers["cache-control"]
            .to_str()
            .unwrap()
            .contains("max-age=31536000")
    );
    assert_eq!(served.bytes().await.unwrap().as_ref(), PNG);

    let read = detail(&app, &chat).await;
    let message = &read["messages"][0];
    assert_eq!(message["role"], "user");
    assert_eq!(message["image"], url);
    assert_eq!(read["conversation"]["last_message"], "[image]");
    assert_error(
        app.client
            .get(format!(
                "{}/api/v1/chat/images/{}/{}",
                app.base,
                app.token,
                "0".repeat(32) + ".png"
            ))
            .sent()
            .await
            .unwrap(),
        404,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn uploads_that_are_not_images_too_big_or_not_allowed_are_refused() {
    let app = spawn_app().await;
    let chat = chat_id();
    // The owner's switch still turns them off.
    app.patch_bot(&app.token, json!({"enableFileUpload": false}))
        .await;
    assert_error(
        upload(&app, &chat, "photo.png", PNG.to_vec()).await,
        403,
        "forbidden",
    )
    .await;
    app.patch_bot(&app.token, json!({"enableFileUpload": true}))
        .await;
    let html = b"<html><script>alert(document.cookie)</script></html>".to_vec();
    assert_error(
        upload(&app, &chat, "innocent.png", html).await,
        415,
        "unsupported_media_type",
    )
    .await;
    let mut big = PNG.to_vec();
    big.resize(5 * 1024 * 1024 + 1, 0);
    assert_error(
        upload(&app, &chat, "big.png", big).await,
        413,
        "payload_too_large",
    )
    .await;
    let not_multipart = app
        .client
        .post(format!("{}/api/v1/chat/upload-image", app.base))
        .json(&json!({"image": "x"}))
        .sent()
        .await
        .unwrap();
    assert_error(not_multipart, 400, "invalid_field").await;
    // Nothing refused became a message.
    assert_error(app.conversation(&app.token, &chat).await, 404, "not_found").await;
}

#[tokio::test]
async fn widget_events_are_tracked_with_the_seeds_auth() {
    let app = spawn_app().await;
    let config: Value = app.config(&app.token).await.json().await.unwrap();
    let id = config["id"]
        .as_str()
        .expect("the bot's public id")
        .to_owned();
    let track = |widget: &str, token: Option<&str>, body: Value| {
        let mut req = app
            .client
            .post(format!("{}/api/widgets/{widget}/track", app.base))
            .json(&body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.sent()
    };
    let event = json!({"sessionId": "session_abc123", "event": "widget_opened",
        "timestamp": "2024-01-15T10:00:00Z", "metadata": {"source": "landing_page"}});
    let ok: Value = track(&id, Some(&app.token), event.clone())
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ok, json!({"success": true}));
    // No rate limit (the seed says so): more than the 60 writes a minute other endpoints allow,
    // and more names than an hour keeps, which are counted as `other`.
    for n in 0..110 {
        let body = json!({"sessionId": "flood", "event": format!("flood_{n}")});
        let status = track(&id, Some(&app.token), body).await.unwrap().status();
        assert_eq!(status, 200, "event {n}");
    }
    let path = format!(
        "/api/admin/bots/{}/statistics?timeGranularity=day",
        app.token
    );
    let events = eventually(15, "the tracked events in the statistics", || async {
        let periods: Value = app
            .admin(reqwest::Method::GET, &path, None)
            .await
            .json()
            .await
            .ok()?;
        let events = periods.as_array()?.last()?["events"].as_object()?.clone();
        events.contains_key("other").then_some(events)
    })
    .await;
    // At most 100 names (`other` among them), and every event counted once.
    assert!(events.len() <= 100, "{events:?}");
    assert_eq!(events["widget_opened"], 1);
    assert!(events["other"].as_i64().unwrap() >= 11, "{events:?}");
    let counted: i64 = events.values().filter_map(Value::as_i64).sum();
    assert_eq!(counted, 111, "{events:?}");
    assert_error(
        track(&id, Some(&app.token), json!({"event": "widget_opened"}))
            .await
            .unwrap(),
        400,
        "invalid_field",
    )
    .await;
    assert_error(
        track(&id, None, event.clone()).await.unwrap(),
        401,
        "unauthorized",
    )
    .await;
    let other = app.create_bot(json!({})).await;
    assert_error(
        track(&id, Some(&other), event.clone()).await.unwrap(),
        401,
        "unauthorized",
    )
    .await;
    assert_error(
        track(
            "550e8400-e29b-41d4-a716-446655440000",
            Some(&app.token),
            event.clone(),
        )
        .await
        .unwrap(),
        404,
        "not_found",
    )
    .await;
    assert_error(
        track("not-a-uuid", Some(&app.token), event).await.unwrap(),
        404,
        "not_found",
    )
    .await;
}
