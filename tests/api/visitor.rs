//! Seed 003's visitor side of a live conversation: `operator-messages` (after a cursor, with the
//! mode), `block-status`, `pending-proactive` (delivered once); a blocked visitor's messages are
//! refused with 403, also from a new chat in the same browser.

use crate::helpers::{ADMIN, TestApp, assert_error, chat_id, message_id, spawn_app, visitor_id};
use serde_json::{Value, json};

async fn poll(app: &TestApp, endpoint: &str, params: &[(&str, &str)]) -> Value {
    let response = app.visitor_get(endpoint, params).await;
    assert_eq!(response.status(), 200, "{endpoint}");
    assert_eq!(
        response.headers()["cache-control"].to_str().unwrap(),
        "no-store"
    );
    response.json().await.unwrap()
}

async fn operator_messages(app: &TestApp, chat: &str, after: &str) -> Value {
    poll(
        app,
        "operator-messages",
        &[
            ("site_key", &app.token),
            ("session_id", chat),
            ("after", after),
        ],
    )
    .await
}

#[tokio::test]
async fn operator_messages_come_after_the_cursor_with_their_author_and_the_mode() {
    let app = spawn_app().await;
    let chat = chat_id();
    assert_eq!(
        operator_messages(&app, &chat, "0").await,
        json!({"success": true, "messages": [], "mode": "ai", "waiting": false, "blocked": false})
    );
    app.ask_streaming(&chat, &message_id(), "Hello?").await;
    let first: Value = app
        .act(
            ADMIN,
            &chat,
            "messages",
            Some(&json!({"content": "First."})),
        )
        .await
        .json()
        .await
        .unwrap();
    app.act(
        ADMIN,
        &chat,
        "messages",
        Some(&json!({"content": "Second."})),
    )
    .await;
    let all = operator_messages(&app, &chat, "0").await;
    assert_eq!(all["mode"], "operator");
    let list = all["messages"].as_array().unwrap();
    assert_eq!(list.len(), 2, "{all}");
    assert_eq!(list[0]["content"], "First.");
    assert_eq!(list[0]["role"], "operator");
    assert_eq!(list[0]["author"]["name"], "Support");
    assert!(list[0]["created_at"].as_i64().unwrap() > 0);
    let cursor = first["message"]["id"].as_str().unwrap();
    let after = operator_messages(&app, &chat, cursor).await;
    let list = after["messages"].as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["content"], "Second.");
}

/// A long poll of `operator-messages` (`wait`, `known`) and how long it took.
async fn long_poll(
    app: &TestApp,
    chat: &str,
    after: &str,
    wait: &str,
    known: &str,
) -> (Value, std::time::Duration) {
    let started = std::time::Instant::now();
    let answer = poll(
        app,
        "operator-messages",
        &[
            ("site_key", &app.token),
            ("session_id", chat),
            ("after", after),
            ("wait", wait),
            ("known", known),
        ],
    )
    .await;
    (answer, started.elapsed())
}

/// The `state_key` of an `operator-messages` answer.
fn state_key(answer: &Value) -> String {
    serde_json::from_value::<porthole_shared::api::OperatorMessagesResponse>(answer.clone())
        .unwrap()
        .state_key()
}

#[tokio::test]
async fn a_long_poll_answers_when_a_person_writes_and_not_before() {
    let app = spawn_app().await;
    let chat = chat_id();
    app.ask_streaming(&chat, &message_id(), "Hello?").await;
    app.act(ADMIN, &chat, "takeover", None).await;
    let now = operator_messages(&app, &chat, "0").await;
    let key = state_key(&now);

    // Nothing changes: it waits out its second and brings nothing.
    let (quiet, took) = long_poll(&app, &chat, "0", "1", &key).await;
    assert!(took >= std::time::Duration::from_millis(900), "{took:?}");
    assert_eq!(quiet, now);

    // What the poller knows is out of date: the answer comes at once.
    let (stale, took) = long_poll(&app, &chat, "0", "20", "00000000").await;
    assert!(took < std::time::Duration::from_secs(20), "{took:?}");
    assert_eq!(stale, now);

    // A person writes while the poll waits: it answers with the message, before its 20 s.
    let (answer, took) = act_while_polling(&app, &chat, "0", &key, "messages", "Here now.").await;
    assert!(took < std::time::Duration::from_secs(20), "{took:?}");
    assert_eq!(answer["messages"][0]["content"], "Here now.", "{answer}");

    // A queued proactive message ends a wait too (the poller then fetches it).
    let key = state_key(&answer);
    let cursor = answer["messages"][0]["id"].as_str().unwrap().to_owned();
    let (_, took) =
        act_while_polling(&app, &chat, &cursor, &key, "proactive", "Still there?").await;
    assert!(took < std::time::Duration::from_secs(20), "{took:?}");

    // One queued before the poll (between the poller's fetches): no wait either.
    app.act(
        ADMIN,
        &chat,
        "proactive",
        Some(&json!({"content": "Hello again."})),
    )
    .await;
    let (_, took) = long_poll(&app, &chat, &cursor, "20", &key).await;
    assert!(took < std::time::Duration::from_secs(20), "{took:?}");
}

/// An operator's `action` with `content`, half a second into a 20 s long poll: the poll's
/// answer and how long it took.
async fn act_while_polling(
    app: &TestApp,
    chat: &str,
    after: &str,
    key: &str,
    action: &str,
    content: &str,
) -> (Value, std::time::Duration) {
    let waiting = {
        let (app, chat, after, key) = (
            app.clone(),
            chat.to_owned(),
            after.to_owned(),
            key.to_owned(),
        );
        tokio::spawn(async move { long_poll(&app, &chat, &after, "20", &key).await })
    };
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    app.act(ADMIN, chat, action, Some(&json!({"content": content})))
        .await;
    waiting.await.unwrap()
}

#[tokio::test]
async fn a_long_poll_refuses_a_bad_wait_or_known() {
    let app = spawn_app().await;
    let chat = chat_id();
    for (wait, known) in [
        ("26", ""),
        ("soon", ""),
        ("-1", ""),
        ("5", "not a key!"),
        ("5", "0123456789abcdef0"),
    ] {
        let response = app
            .visitor_get(
                "operator-messages",
                &[
                    ("site_key", &app.token),
                    ("session_id", &chat),
                    ("wait", wait),
                    ("known", known),
                ],
            )
            .await;
        assert_error(response, 400, "invalid_field").await;
    }
}

#[tokio::test]
async fn polls_refuse_bad_parameters_with_their_codes() {
    let app = spawn_app().await;
    for endpoint in ["operator-messages", "block-status", "pending-proactive"] {
        assert_error(
            app.visitor_get(
                endpoint,
                &[("site_key", "nope"), ("session_id", "web_abcd1234")],
            )
            .await,
            404,
            "token_not_found",
        )
        .await;
        assert_error(
            app.visitor_get(
                endpoint,
                &[("site_key", &app.token), ("session_id", "chat-1")],
            )
            .await,
            400,
            "invalid_chat_id",
        )
        .await;
        assert_error(
            app.visitor_get(
                endpoint,
                &[
                    ("site_key", &app.token),
                    ("session_id", "web_abcd1234"),
                    ("visitor_id", "x"),
                ],
            )
            .await,
            400,
            "invalid_field",
        )
        .await;
    }
    assert_error(
        app.visitor_get(
            "operator-messages",
            &[
                ("site_key", &app.token),
                ("session_id", "web_abcd1234"),
                ("after", "-1"),
            ],
        )
        .await,
        400,
        "invalid_field",
    )
    .await;
}

#[tokio::test]
async fn a_blocked_visitor_is_refused_also_in_a_new_chat_from_the_same_browser() {
    let app = spawn_app().await;
    let visitor = visitor_id();
    let chat = chat_id();
    let mut body = app.stream_body(&chat, &message_id(), "Hello?");
    body["visitor_id"] = visitor.clone().into();
    assert_eq!(app.stream(&body, None).await.status(), 200);
    let blocked: Value = app
        .act(ADMIN, &chat, "block", Some(&json!({})))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(blocked["conversation"]["blocked"], true);

    body["message_id"] = message_id().into();
    assert_error(app.stream(&body, None).await, 403, "blocked").await;
    assert_error(
        app.message(&json!({"token": app.token, "message": "Hi", "chat_id": chat}))
            .await,
        403,
        "blocked",
    )
    .await;
    let status = poll(
        &app,
        "block-status",
        &[("site_key", &app.token), ("session_id", &chat)],
    )
    .await;
    assert_eq!(status, json!({"success": true, "blocked": true}));

    // A new chat from the same browser.
    let fresh = chat_id();
    let mut other = app.stream_body(&fresh, &message_id(), "It's me again");
    other["visitor_id"] = visitor.clone().into();
    assert_error(app.stream(&other, None).await, 403, "blocked").await;
    let status = poll(
        &app,
        "block-status",
        &[
            ("site_key", &app.token),
            ("session_id", &fresh),
            ("visitor_id", &visitor),
        ],
    )
    .await;
    assert_eq!(status["blocked"], true);
    // Another visitor is not affected.
    let mut stranger = app.stream_body(&chat_id(), &message_id(), "Hello?");
    stranger["visitor_id"] = visitor_id().into();
    assert_eq!(app.stream(&stranger, None).await.status(), 200);

    // Unblocked, the visitor writes again.
    let lifted = app
        .call(
            reqwest::Method::DELETE,
            &format!("/api/admin/bots/{}/conversations/{chat}/block", app.token),
            ADMIN,
            None,
        )
        .await;
    assert_eq!(lifted.status(), 200);
    other["message_id"] = message_id().into();
    assert_eq!(app.stream(&other, None).await.status(), 200);
}

#[tokio::test]
async fn a_timed_block_ends_by_itself_and_bad_block_bodies_are_refused() {
    let app = spawn_app().await;
    let chat = chat_id();
    app.ask_streaming(&chat, &message_id(), "Hello?").await;
    for bad in [
        json!({"minutes": 0}),
        json!({"minutes": "ten"}),
        json!({"until": 5}),
    ] {
        assert_error(
            app.act(ADMIN, &chat, "block", Some(&bad)).await,
            400,
            "invalid_field",
        )
        .await;
    }
    let detail: Value = app
        .act(ADMIN, &chat, "block", Some(&json!({"minutes": 30})))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(detail["conversation"]["blocked"], true);
    let read: Value = app.conversation_detail(&app.token, &chat).await;
    let until = read["blocked_until"].as_i64().expect("blocked_until");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    assert!(
        (until - now - 30 * 60_000).abs() < 60_000,
        "about 30 minutes"
    );
}

#[tokio::test]
async fn a_proactive_message_is_delivered_once_and_stays_in_the_conversation() {
    let app = spawn_app().await;
    let chat = chat_id();
    app.ask_streaming(&chat, &message_id(), "Hello?").await;
    let queued = app
        .act(
            ADMIN,
            &chat,
            "proactive",
            Some(&json!({"content": "Need a hand?"})),
        )
        .await;
    assert_eq!(queued.status(), 202);
    let params = [
        ("site_key", app.token.as_str()),
        ("session_id", chat.as_str()),
    ];
    let first = poll(&app, "pending-proactive", &params).await;
    let list = first["messages"].as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["content"], "Need a hand?");
    assert_eq!(list[0]["role"], "operator");
    let second = poll(&app, "pending-proactive", &params).await;
    assert_eq!(second, json!({"success": true, "messages": []}));
    let history: Value = app.history(&app.token, &chat).await.json().await.unwrap();
    assert!(history.to_string().contains("Need a hand?"));
}

/// An email address a visitor writes in the chat is taken as their contact (the first one,
/// and only while they gave none in a form), so the operator can answer them after they leave.
#[tokio::test]
async fn an_email_written_in_the_chat_becomes_the_visitors_contact() {
    let app = spawn_app().await;
    let chat = chat_id();
    app.ask_streaming(
        &chat,
        &message_id(),
        "Please write to me: Ana.Costa@Example.com, thanks!",
    )
    .await;
    app.ask_streaming(&chat, &message_id(), "or other@example.org")
        .await;
    let read: Value = app
        .conversation(&app.token, &chat)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        read["conversation"]["contact_data"],
        json!({"email": "ana.costa@example.com"}),
        "{read}"
    );
}
