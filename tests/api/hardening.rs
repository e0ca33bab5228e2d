//! Issue 13's promises against the real runtime: a bot that lists its sites refuses the others
//! (and CORS names its own), daily caps end a turn with `quota_exceeded`, a retried message runs
//! no second turn, a reconnect is no new message, stop frees the next question, wrong
//! credentials are throttled, and erasure (one conversation, a deleted bot, retention) leaves
//! nothing behind.

use crate::extras::{PNG, upload};
use crate::helpers::*;
use porthole_shared::StreamEvent;
use porthole_tests::client::Sent;
use porthole_tests::sse::{SseReader, text_of};
use reqwest::Method;
use serde_json::{Value, json};

const SHOP: &str = "https://shop.example";

/// `GET` of a public endpoint from a page at `origin`.
async fn get_from(app: &TestApp, path: &str, origin: Option<&str>) -> reqwest::Response {
    let mut req = app.client.get(app.url(path));
    if let Some(origin) = origin {
        req = req.header("Origin", origin);
    }
    req.sent().await.unwrap()
}

#[tokio::test]
async fn a_bot_that_lists_its_sites_answers_only_them() {
    let app = spawn_app().await;
    let config = format!("/api/widget/config?token={}", app.token);
    // No list: any page, and CORS names the caller.
    let open = get_from(&app, &config, Some("https://anyone.test")).await;
    assert_eq!(open.status(), 200);
    assert_eq!(
        open.headers()["access-control-allow-origin"],
        "https://anyone.test"
    );

    app.patch_bot(
        &app.token,
        json!({"access": {"allowed_origins": [SHOP, "https://*.shop.example"]}}),
    )
    .await;
    let allowed = get_from(&app, &config, Some(SHOP)).await;
    assert_eq!(allowed.status(), 200);
    assert_eq!(allowed.headers()["access-control-allow-origin"], SHOP);
    let sub = get_from(&app, &config, Some("https://www.shop.example")).await;
    assert_eq!(sub.status(), 200);

    let thief = get_from(&app, &config, Some("https://thief.test")).await;
    assert_eq!(
        thief.headers()["access-control-allow-origin"],
        SHOP,
        "a refusal names the bot's own site, never the caller"
    );
    assert_error(thief, 403, "origin_not_allowed").await;
    // No origin at all (a script elsewhere) is refused too; the service's own pages are not.
    assert_error(
        get_from(&app, &config, None).await,
        403,
        "origin_not_allowed",
    )
    .await;
    assert_eq!(get_from(&app, &config, Some(&app.base)).await.status(), 200);

    // Writes that spend the owner's budget are refused before anything runs.
    let chat = chat_id();
    let refused = app
        .client
        .post(app.url("/api/v1/chat/stream"))
        .header("Origin", "https://thief.test")
        .json(&app.stream_body(&chat, &message_id(), "What are your opening hours?"))
        .sent()
        .await
        .unwrap();
    assert_error(refused, 403, "origin_not_allowed").await;
    let message = app
        .client
        .post(app.url("/api/widget/message"))
        .header("Origin", "https://thief.test")
        .json(&json!({"token": app.token, "message": "hi", "history": []}))
        .sent()
        .await
        .unwrap();
    assert_error(message, 403, "origin_not_allowed").await;
    assert_eq!(
        app.conversation(&app.token, &chat).await.status(),
        404,
        "nothing was stored"
    );
    let from_shop = app
        .client
        .post(app.url("/api/v1/chat/stream"))
        .header("Origin", SHOP)
        .json(&app.stream_body(&chat, &message_id(), "What are your opening hours?"))
        .sent()
        .await
        .unwrap();
    assert_eq!(from_shop.status(), 200);
    assert!(text_of(&SseReader::new(from_shop).collect().await).contains("7am"));

    // A bad list is refused with the API's validation.
    let bad = app
        .admin(
            Method::PATCH,
            &format!("/api/admin/bots/{}", app.token),
            Some(&json!({"access": {"allowed_origins": ["shop.example/path"]}})),
        )
        .await;
    assert_error(bad, 400, "invalid_field").await;
}

#[tokio::test]
async fn a_daily_message_cap_ends_the_turn_with_a_clear_error() {
    let app = spawn_app().await;
    app.patch_bot(&app.token, json!({"access": {"daily_messages": 2}}))
        .await;
    let chat = chat_id();
    for _ in 0..2 {
        let frames = app
            .ask_streaming(&chat, &message_id(), "What are your opening hours?")
            .await;
        assert!(text_of(&frames).contains("7am"));
    }
    let frames = app
        .ask_streaming(&chat, &message_id(), "What are your opening hours?")
        .await;
    match &frames.last().unwrap().event {
        StreamEvent::Error { code, message } => {
            assert_eq!(code, "quota_exceeded");
            assert!(message.contains("today"), "{message}");
        }
        other => panic!("expected quota_exceeded, got {other:?}"),
    }
    // The visitor's words are kept for the owner all the same.
    let stored: Value = app.conversation_detail(&app.token, &chat).await;
    let asked = stored["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["role"] == "user")
        .count();
    assert_eq!(asked, 3);
    // Seed 000's endpoint says so with a 429.
    let response = app
        .message(&json!({"token": app.token, "message": "Where are you?", "history": []}))
        .await;
    assert_error(response, 429, "quota_exceeded").await;
    // Lifting the cap lifts the refusal.
    app.patch_bot(&app.token, json!({"access": {"daily_messages": 0}}))
        .await;
    let frames = app
        .ask_streaming(&chat, &message_id(), "Where are you?")
        .await;
    assert!(text_of(&frames).contains("Quay"));
}

#[tokio::test]
async fn a_retried_message_gets_the_same_reply_and_runs_no_second_turn() {
    let app = spawn_app().await;
    let turn = message_id();
    let body = json!({"token": app.token, "message": "What are your opening hours?",
        "history": [], "message_id": turn});
    let first: Value = app.message(&body).await.json().await.unwrap();
    let again: Value = app.message(&body).await.json().await.unwrap();
    assert_eq!(first["success"], true);
    assert_eq!(first["reply"], again["reply"]);
    assert_eq!(first["chat_id"], again["chat_id"], "the same conversation");
    let chat = first["chat_id"].as_str().unwrap();
    let stored: Value = app.conversation_detail(&app.token, chat).await;
    assert_eq!(
        stored["messages"].as_array().unwrap().len(),
        2,
        "one question, one reply: {stored}"
    );
    let bad = app
        .message(&json!({"token": app.token, "message": "hi", "history": [], "message_id": "no spaces allowed"}))
        .await;
    assert_error(bad, 400, "invalid_message_id").await;
}

#[tokio::test]
async fn reconnects_are_reads_not_messages() {
    let app = spawn_app().await;
    let chat = chat_id();
    let turn = message_id();
    let frames = app
        .ask_streaming(&chat, &turn, "What are your opening hours?")
        .await;
    let text = text_of(&frames);
    // Far more reconnects than the 20 messages a minute: every one replays the same reply.
    for _ in 0..25 {
        let response = app
            .stream(
                &app.stream_body(&chat, &turn, "What are your opening hours?"),
                Some("0"),
            )
            .await;
        assert_eq!(response.status(), 200);
        assert_eq!(text_of(&SseReader::new(response).collect().await), text);
    }
    // A "reconnect" to a turn that never started is a new message (and is answered).
    let fresh = app
        .stream(
            &app.stream_body(&chat, &message_id(), "Where are you?"),
            Some("0"),
        )
        .await;
    assert_eq!(fresh.status(), 200);
    assert!(text_of(&SseReader::new(fresh).collect().await).contains("Quay"));
}

#[tokio::test]
async fn after_stop_the_next_question_is_answered_and_the_stopped_reply_stays_short() {
    let app = paced_app(400).await;
    let chat = chat_id();
    let first = message_id();
    let mut reader = SseReader::new(
        app.stream(
            &app.stream_body(&chat, &first, "What are your opening hours?"),
            None,
        )
        .await,
    );
    reader.next().await.unwrap();
    app.visitor_post(
        "stop",
        &json!({"site_key": app.token, "session_id": chat, "message_id": first}),
    )
    .await;
    let next = app
        .ask_streaming(&chat, &message_id(), "What are your opening hours?")
        .await;
    let full = text_of(&next);
    assert!(full.contains("7am"), "{full}");
    let stored: Value = app.conversation_detail(&app.token, &chat).await;
    let replies: Vec<&Value> = stored["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["role"] == "assistant")
        .collect();
    assert_eq!(replies[0]["status"], "stopped");
    let stopped = replies[0]["content"].as_str().unwrap();
    assert!(
        stopped.len() < full.len() && full.starts_with(stopped),
        "nothing more was written after stop: {stopped:?} vs {full:?}"
    );
}

#[tokio::test]
async fn wrong_credentials_are_throttled_and_the_scheme_is_case_insensitive() {
    let app = spawn_app().await;
    let ok = app
        .client
        .get(app.url("/api/admin/bots"))
        .header("Authorization", format!("bEaReR {ADMIN}"))
        .sent()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    // This test's own address, so the other tests' requests are not locked out.
    let ip = "203.0.113.77";
    let mut statuses = Vec::new();
    for i in 0..40 {
        let response = app
            .client
            .get(app.url("/api/admin/bots"))
            .header("CF-Connecting-IP", ip)
            .bearer_auth(format!("guess-{i}"))
            .sent()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
    }
    assert_eq!(statuses[0], 401);
    assert_eq!(*statuses.last().unwrap(), 429, "{statuses:?}");
    // Locked out: even the right token waits.
    let locked = app
        .client
        .get(app.url("/api/admin/bots"))
        .header("CF-Connecting-IP", ip)
        .bearer_auth(ADMIN)
        .sent()
        .await
        .unwrap();
    assert!(locked.headers().contains_key("retry-after"));
    assert_error(locked, 429, "rate_limited").await;
}

#[tokio::test]
async fn an_owner_erases_one_conversation_with_its_images() {
    let app = spawn_app().await;
    app.patch_bot(&app.token, json!({"enableFileUpload": true}))
        .await;
    let chat = chat_id();
    app.ask_streaming(&chat, &message_id(), "Where are you?")
        .await;
    let sent: Value = upload(&app, &chat, "me.png", PNG.to_vec())
        .await
        .json()
        .await
        .unwrap();
    let image = sent["url"].as_str().unwrap().to_owned();
    assert_eq!(app.client.get(&image).sent().await.unwrap().status(), 200);
    // Agents may read it but not erase it.
    let (agent, _) = app.operator("agent", &[&app.token]).await;
    let path = format!("/api/admin/bots/{}/conversations/{chat}", app.token);
    assert_error(
        app.call(Method::DELETE, &path, &agent, None).await,
        403,
        "forbidden",
    )
    .await;

    let erased = app.admin(Method::DELETE, &path, None).await;
    assert_eq!(erased.status(), 200);
    assert_error(app.conversation(&app.token, &chat).await, 404, "not_found").await;
    assert_eq!(app.client.get(&image).sent().await.unwrap().status(), 404);
    let history: Value = app.history(&app.token, &chat).await.json().await.unwrap();
    assert_eq!(history["messages"], json!([]));
    let listed = app.inbox(ADMIN, "").await;
    assert!(!listed.to_string().contains(&chat), "out of the inbox");
    assert_error(
        app.admin(Method::DELETE, &path, None).await,
        404,
        "not_found",
    )
    .await;
    // The session can start again, empty.
    let frames = app
        .ask_streaming(&chat, &message_id(), "Where are you?")
        .await;
    assert!(text_of(&frames).contains("Quay"));
}

#[tokio::test]
async fn a_deleted_bot_takes_its_conversations_and_uploads_with_it() {
    let app = spawn_app().await;
    app.patch_bot(&app.token, json!({"enableFileUpload": true}))
        .await;
    let chats: Vec<String> = (0..3).map(|_| chat_id()).collect();
    for chat in &chats {
        app.ask_streaming(chat, &message_id(), "Where are you?")
            .await;
    }
    let sent: Value = upload(&app, &chats[0], "me.png", PNG.to_vec())
        .await
        .json()
        .await
        .unwrap();
    let image = sent["url"].as_str().unwrap().to_owned();
    let deleted = app
        .admin(
            Method::DELETE,
            &format!("/api/admin/bots/{}", app.token),
            None,
        )
        .await;
    assert_eq!(deleted.status(), 200);
    // Recreate the bot at the same token: nothing of the old conversations may come back.
    app.admin(
        Method::PUT,
        &format!("/api/admin/bots/{}", app.token),
        Some(&json!({})),
    )
    .await;
    for chat in &chats {
        let chat = chat.clone();
        eventually(20, "the conversation is erased", || {
            let app = &app;
            let chat = chat.clone();
            async move {
                let history: Value = app.history(&app.token, &chat).await.json().await.ok()?;
                (history["messages"] == json!([])).then_some(())
            }
        })
        .await;
    }
    eventually(20, "the upload is erased", || {
        let app = &app;
        let image = image.clone();
        async move { (app.client.get(&image).sent().await.ok()?.status() == 404).then_some(()) }
    })
    .await;
}

#[tokio::test]
async fn retention_is_a_setting_the_hub_applies() {
    let app = spawn_app().await;
    let bot: Value = app
        .admin(
            Method::PATCH,
            &format!("/api/admin/bots/{}", app.token),
            Some(&json!({"access": {"retention_days": 30}})),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(bot["config"]["access"]["retention_days"], 30);
    let too_long = app
        .admin(
            Method::PATCH,
            &format!("/api/admin/bots/{}", app.token),
            Some(&json!({"access": {"retention_days": 4000}})),
        )
        .await;
    assert_error(too_long, 400, "invalid_field").await;
    // The test server's "day" lasts one second (RETENTION_DAY_MS): a conversation idle longer
    // than its bot's period is erased by the hub's sweep, and one of a bot without a period is
    // kept.
    let keeper = spawn_app().await;
    let kept = chat_id();
    keeper
        .ask_streaming(&kept, &message_id(), "Where are you?")
        .await;
    app.patch_bot(&app.token, json!({"access": {"retention_days": 2}}))
        .await;
    let chat = chat_id();
    app.ask_streaming(&chat, &message_id(), "Where are you?")
        .await;
    assert_eq!(app.conversation(&app.token, &chat).await.status(), 200);
    eventually(30, "the old transcript is erased", || {
        let app = &app;
        let chat = chat.clone();
        async move { (app.conversation(&app.token, &chat).await.status() == 404).then_some(()) }
    })
    .await;
    assert_eq!(
        keeper.conversation(&keeper.token, &kept).await.status(),
        200
    ); // No period, no sweeps: the hub's alarm goes quiet again for the other tests.
    app.patch_bot(&app.token, json!({"access": {"retention_days": 0}}))
        .await;
}
