//! Saved replies (`/api/admin/replies`): an owner saves one for every bot or for one bot, an
//! agent for the bots they are given; each operator lists the shared ones and those of the bots
//! they see (with `?bot=`, one bot's); a shortcut is unique among one bot's and the shared
//! ones (a bot's own may share a shared one's shortcut); bad fields, unknown bots and other operators' bots are refused with the documented
//! statuses. The Directory keeps them for the whole deployment, so each test names its own
//! shortcuts.

use crate::helpers::*;
use porthole_shared::replies::{SavedReply, SavedReplyList, SavedReplySaved};
use porthole_tests::client::Sent;
use porthole_tests::server::ADMIN_TOKEN;
use reqwest::Method;
use serde_json::{Value, json};

/// A shortcut no other test uses.
fn shortcut(name: &str) -> String {
    format!("{name}-{}", &chat_id()[4..])
}

async fn save(app: &TestApp, credential: &str, body: &Value) -> reqwest::Response {
    app.call(Method::POST, "/api/admin/replies", credential, Some(body))
        .await
}

async fn list(app: &TestApp, credential: &str, query: &str) -> Vec<SavedReply> {
    let response = app
        .call(
            Method::GET,
            &format!("/api/admin/replies{query}"),
            credential,
            None,
        )
        .await;
    assert_eq!(response.status(), 200);
    let list: SavedReplyList = response.json().await.expect("SavedReplyList");
    assert!(list.success);
    list.replies
}

#[tokio::test]
async fn replies_are_saved_changed_listed_by_bot_and_deleted() {
    let app = spawn_app().await;
    let other = app.create_bot(json!({"bot_name": "Other"})).await;
    let shared = shortcut("hello");
    let refund = shortcut("refund");
    let response = save(
        &app,
        ADMIN_TOKEN,
        &json!({"shortcut": format!("/{}", shared.to_uppercase()),
        "text": "Hi {visitor_first_name}, this is {operator_name}."}),
    )
    .await;
    assert_eq!(response.status(), 201);
    let saved: SavedReplySaved = response.json().await.expect("saved");
    assert_eq!(
        saved.reply.shortcut, shared,
        "the slash goes, letters are lowercased"
    );
    assert_eq!(
        saved.reply.title, shared,
        "the title is the shortcut when none is given"
    );
    assert_eq!(saved.reply.bot, None);
    assert!(saved.reply.id.starts_with("sr_"));
    let mine = save(
        &app,
        ADMIN_TOKEN,
        &json!({"shortcut": refund, "title": "Refunds",
        "text": "Refunds take **5 days**.", "bot": app.token}),
    )
    .await;
    assert_eq!(mine.status(), 201);
    let mine: SavedReplySaved = mine.json().await.expect("saved");
    // One shortcut once per bot and among the shared ones: another bot may have its own.
    assert_error(
        save(
            &app,
            ADMIN_TOKEN,
            &json!({"shortcut": refund, "text": "again", "bot": app.token}),
        )
        .await,
        409,
        "conflict",
    )
    .await;
    let theirs = save(
        &app,
        ADMIN_TOKEN,
        &json!({"shortcut": refund, "text": "Theirs.", "bot": other}),
    )
    .await;
    assert_eq!(theirs.status(), 201);

    let for_bot = list(&app, ADMIN_TOKEN, &format!("?bot={}", app.token)).await;
    let ours: Vec<&str> = for_bot
        .iter()
        .filter(|r| r.shortcut == shared || r.shortcut == refund)
        .map(|r| r.text.as_str())
        .collect();
    assert_eq!(
        ours,
        [
            "Hi {visitor_first_name}, this is {operator_name}.",
            "Refunds take **5 days**."
        ]
    );
    assert!(
        list(&app, ADMIN_TOKEN, "")
            .await
            .iter()
            .filter(|r| r.shortcut == refund)
            .count()
            == 2
    );

    let changed = app
        .call(Method::PUT, &format!("/api/admin/replies/{}", mine.reply.id), ADMIN_TOKEN,
            Some(&json!({"shortcut": refund, "title": "Refunds", "text": "Refunds take 3 days.", "bot": app.token})))
        .await;
    assert_eq!(changed.status(), 200);
    let changed: SavedReplySaved = changed.json().await.expect("saved");
    assert_eq!(changed.reply.text, "Refunds take 3 days.");
    assert_eq!(changed.reply.created_at, mine.reply.created_at);

    let path = format!("/api/admin/replies/{}", mine.reply.id);
    let deleted = app.call(Method::DELETE, &path, ADMIN_TOKEN, None).await;
    assert_eq!(deleted.status(), 200);
    assert_error(
        app.call(Method::DELETE, &path, ADMIN_TOKEN, None).await,
        404,
        "not_found",
    )
    .await;
    assert!(
        !list(&app, ADMIN_TOKEN, "")
            .await
            .iter()
            .any(|r| r.id == mine.reply.id)
    );
}

#[tokio::test]
async fn bad_replies_are_refused_with_their_reason() {
    let app = spawn_app().await;
    for (body, why) in [
        (json!({"shortcut": "two words", "text": "x"}), "a space"),
        (json!({"shortcut": "/", "text": "x"}), "no shortcut"),
        (
            json!({"shortcut": "a".repeat(41), "text": "x"}),
            "a long shortcut",
        ),
        (json!({"shortcut": "ok", "text": ""}), "no text"),
        (
            json!({"shortcut": "ok", "text": "x".repeat(4_001)}),
            "a long text",
        ),
        (
            json!({"shortcut": "ok", "text": "x", "bot": "not-a-token"}),
            "a malformed bot",
        ),
        (
            json!({"shortcut": "ok", "text": "x", "bot": "0123456789abcdef0123456789abcdef"}),
            "an unknown bot",
        ),
        (
            json!({"shortcut": "ok", "text": "x", "colour": "red"}),
            "an unknown field",
        ),
    ] {
        let response = save(&app, ADMIN_TOKEN, &body).await;
        assert_eq!(response.status(), 400, "{why}");
        let error: Value = response.json().await.expect("json");
        assert_eq!(error["success"], false, "{why}");
    }
    assert_error(
        app.call(
            Method::GET,
            "/api/admin/replies?bot=nope",
            ADMIN_TOKEN,
            None,
        )
        .await,
        400,
        "invalid_field",
    )
    .await;
    assert_error(
        app.call(
            Method::PUT,
            "/api/admin/replies/sr_nope",
            ADMIN_TOKEN,
            Some(&json!({"shortcut": "x", "text": "y"})),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    let anonymous = app
        .client
        .get(app.url("/api/admin/replies"))
        .sent()
        .await
        .expect("get");
    assert_eq!(anonymous.status(), 401);
}

#[tokio::test]
async fn agents_use_the_shared_replies_and_manage_their_own_bots_only() {
    let app = spawn_app().await;
    let other = app.create_bot(json!({"bot_name": "Other"})).await;
    let (jwt, _) = app.operator("agent", &[&app.token]).await;
    let theirs = shortcut("theirs");
    let response = save(
        &app,
        ADMIN_TOKEN,
        &json!({"shortcut": theirs, "text": "Secret.", "bot": other}),
    )
    .await;
    let hidden: SavedReplySaved = response.json().await.expect("saved");
    let shared = shortcut("shared");
    save(
        &app,
        ADMIN_TOKEN,
        &json!({"shortcut": shared, "text": "For all."}),
    )
    .await;

    let mine = shortcut("mine");
    let made = save(
        &app,
        &jwt,
        &json!({"shortcut": mine, "text": "Mine.", "bot": app.token}),
    )
    .await;
    assert_eq!(made.status(), 201);
    assert_error(
        save(
            &app,
            &jwt,
            &json!({"shortcut": shortcut("x"), "text": "All."}),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    assert_error(
        save(
            &app,
            &jwt,
            &json!({"shortcut": shortcut("y"), "text": "Other.", "bot": other}),
        )
        .await,
        403,
        "forbidden",
    )
    .await;

    let seen: Vec<String> = list(&app, &jwt, "")
        .await
        .into_iter()
        .map(|r| r.shortcut)
        .collect();
    assert!(seen.contains(&mine) && seen.contains(&shared), "{seen:?}");
    assert!(
        !seen.contains(&theirs),
        "another bot's reply is not listed: {seen:?}"
    );
    assert_error(
        app.call(
            Method::GET,
            &format!("/api/admin/replies?bot={other}"),
            &jwt,
            None,
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    // Another bot's reply is no reply to them; a shared one they may use, not change.
    let path = format!("/api/admin/replies/{}", hidden.reply.id);
    assert_error(
        app.call(Method::DELETE, &path, &jwt, None).await,
        404,
        "not_found",
    )
    .await;
    let shared_id = list(&app, &jwt, "")
        .await
        .into_iter()
        .find(|r| r.shortcut == shared)
        .expect("shared")
        .id;
    assert_error(
        app.call(
            Method::DELETE,
            &format!("/api/admin/replies/{shared_id}"),
            &jwt,
            None,
        )
        .await,
        403,
        "forbidden",
    )
    .await;
}
