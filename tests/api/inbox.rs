//! The live inbox (dashboard API): a bot's conversations newest first with filters and paging,
//! one conversation with everything an operator needs, marking read, and campaigns.

use crate::helpers::{ADMIN, assert_error, chat_id, eventually, message_id, paced_app, spawn_app};
use reqwest::Method;
use serde_json::{Value, json};

fn ids(list: &Value) -> Vec<String> {
    list["conversations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn conversations_are_listed_newest_first_with_their_state() {
    let app = spawn_app().await;
    let (a, b) = (chat_id(), chat_id());
    app.ask_streaming(&a, &message_id(), "What are your opening hours?")
        .await;
    app.ask_streaming(&b, &message_id(), "Do you ship to Canada?")
        .await;
    let list = eventually(5, "both conversations listed", || async {
        let list = app.inbox(ADMIN, "").await;
        (ids(&list) == [b.clone(), a.clone()] && list["conversations"][0]["messages"] == 2)
            .then_some(list)
    })
    .await;
    let newest = &list["conversations"][0];
    assert_eq!(newest["bot"], app.token);
    assert_eq!(newest["channel"], "chat");
    assert_eq!(newest["mode"], "ai");
    assert_eq!(newest["visitor_messages"], 1);
    assert_eq!(newest["unread"], 1);
    assert!(
        newest["last_message"].as_str().unwrap().contains("Canada"),
        "{newest}"
    );
    let bot: Value = app.bot(&app.token).await;
    assert_eq!(bot["status"]["conversations"], 2);
}

#[tokio::test]
async fn the_list_filters_by_mode_waiting_unread_and_blocked_and_pages() {
    let app = spawn_app().await;
    let chats: Vec<String> = (0..5).map(|_| chat_id()).collect();
    for chat in &chats {
        app.ask_streaming(chat, &message_id(), "Hello?").await;
    }
    app.act(ADMIN, &chats[0], "takeover", None).await;
    app.act(ADMIN, &chats[1], "block", Some(&json!({}))).await;
    app.act(ADMIN, &chats[2], "read", None).await;
    eventually(5, "the index follows", || async {
        let list = app.inbox(ADMIN, "mode=operator").await;
        (ids(&list) == [chats[0].clone()]).then_some(())
    })
    .await;
    eventually(5, "blocked", || async {
        (ids(&app.inbox(ADMIN, "blocked=true").await) == [chats[1].clone()]).then_some(())
    })
    .await;
    eventually(5, "read", || async {
        (ids(&app.inbox(ADMIN, "unread=false").await) == [chats[2].clone()]).then_some(())
    })
    .await;
    assert!(ids(&app.inbox(ADMIN, "waiting=true").await).is_empty());
    assert!(ids(&app.inbox(ADMIN, "has_contact=true").await).is_empty());
    assert!(
        ids(&app.inbox(ADMIN, "to=1000").await).is_empty(),
        "before 1970 + 1 s"
    );

    let first = app.inbox(ADMIN, "limit=2").await;
    assert_eq!(ids(&first).len(), 2);
    let mut seen = ids(&first);
    let mut cursor = first["next_cursor"].as_str().unwrap().to_owned();
    loop {
        let page = app.inbox(ADMIN, &format!("limit=2&cursor={cursor}")).await;
        seen.extend(ids(&page));
        match page["next_cursor"].as_str() {
            Some(next) => cursor = next.to_owned(),
            None => break,
        }
    }
    let mut expected = chats.clone();
    expected.sort();
    seen.sort();
    assert_eq!(seen, expected, "every conversation once across pages");

    for bad in [
        "mode=human",
        "waiting=maybe",
        "from=yesterday",
        "limit=0",
        "limit=201",
    ] {
        assert_error(
            app.call(
                Method::GET,
                &format!("/api/admin/bots/{}/conversations?{bad}", app.token),
                ADMIN,
                None,
            )
            .await,
            400,
            "invalid_field",
        )
        .await;
    }
}

#[tokio::test]
async fn one_conversation_shows_its_messages_and_state_and_unknown_ones_are_404() {
    let app = spawn_app().await;
    let chat = chat_id();
    app.ask_streaming(&chat, &message_id(), "What are your opening hours?")
        .await;
    let detail: Value = app.conversation_detail(&app.token, &chat).await;
    assert_eq!(detail["chat_id"], chat);
    assert_eq!(detail["conversation"]["id"], chat);
    let roles: Vec<&str> = detail["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["user", "assistant"]);
    assert_error(
        app.conversation(&app.token, &chat_id()).await,
        404,
        "not_found",
    )
    .await;
    assert_error(
        app.conversation(&app.token, "web_nope").await,
        400,
        "invalid_chat_id",
    )
    .await;
    for action in ["takeover", "handback", "read", "messages"] {
        assert_error(
            app.act(ADMIN, &chat_id(), action, Some(&json!({"content": "x"})))
                .await,
            404,
            "not_found",
        )
        .await;
    }
    assert_error(
        app.act(ADMIN, &chat, "messages", Some(&json!({"content": ""})))
            .await,
        400,
        "invalid_field",
    )
    .await;
}

#[tokio::test]
async fn a_campaign_queues_one_message_for_many_sessions() {
    let app = spawn_app().await;
    let chats: Vec<String> = (0..3).map(|_| chat_id()).collect();
    let started = app
        .call(
            Method::POST,
            &format!("/api/admin/bots/{}/proactive", app.token),
            ADMIN,
            Some(&json!({"content": "We close early today.", "sessions": chats})),
        )
        .await;
    assert_eq!(started.status(), 202);
    let body: Value = started.json().await.unwrap();
    assert_eq!(body["total"], 3);
    assert!(body["campaign_id"].as_str().unwrap().starts_with("cmp_"));
    for chat in &chats {
        eventually(10, "delivery", || async {
            let got: Value = app
                .visitor_get(
                    "pending-proactive",
                    &[("site_key", &app.token), ("session_id", chat)],
                )
                .await
                .json()
                .await
                .unwrap();
            (got["messages"][0]["content"] == "We close early today.").then_some(())
        })
        .await;
    }
    for bad in [
        json!({"content": "x", "sessions": []}),
        json!({"content": "x", "sessions": ["nope"]}),
        json!({"content": "", "sessions": [chat_id()]}),
    ] {
        assert_error(
            app.call(
                Method::POST,
                &format!("/api/admin/bots/{}/proactive", app.token),
                ADMIN,
                Some(&bad),
            )
            .await,
            400,
            "invalid_field",
        )
        .await;
    }
}

#[tokio::test]
async fn the_console_inbox_lists_every_bot_the_caller_may_see() {
    let app = spawn_app().await;
    let other = spawn_app().await;
    let (mine, theirs) = (chat_id(), chat_id());
    app.ask_streaming(&mine, &message_id(), "What are your opening hours?")
        .await;
    other
        .ask_streaming(&theirs, &message_id(), "Do you ship to Canada?")
        .await;
    // The owner: any bot, or one of them.
    let all = |bot: &str| format!("/api/admin/conversations?limit=200&bot={bot}");
    eventually(5, "both conversations indexed", || async {
        let a: Value = app
            .call(Method::GET, &all(&app.token), ADMIN, None)
            .await
            .json()
            .await
            .unwrap();
        let b: Value = app
            .call(Method::GET, &all(&other.token), ADMIN, None)
            .await
            .json()
            .await
            .unwrap();
        (ids(&a) == [mine.clone()] && ids(&b) == [theirs.clone()]).then_some(())
    })
    .await;
    let everything: Value = app
        .call(
            Method::GET,
            "/api/admin/conversations?limit=200",
            ADMIN,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    let every_id = ids(&everything);
    assert!(every_id.contains(&mine) && every_id.contains(&theirs));

    // An agent of one bot sees that bot's conversations only, and may not ask for another's.
    let (agent, _) = app.operator("agent", &[&app.token]).await;
    let seen: Value = app
        .call(
            Method::GET,
            "/api/admin/conversations?limit=200",
            &agent,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    let bots: Vec<&str> = seen["conversations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["bot"].as_str().unwrap())
        .collect();
    assert!(
        bots.iter().all(|b| *b == app.token) && ids(&seen).contains(&mine),
        "{seen}"
    );
    assert_error(
        app.call(Method::GET, &all(&other.token), &agent, None)
            .await,
        403,
        "forbidden",
    )
    .await;
    for bad in ["bot=nope", "waiting=maybe"] {
        let path = format!("/api/admin/conversations?{bad}");
        assert_error(
            app.call(Method::GET, &path, ADMIN, None).await,
            400,
            "invalid_field",
        )
        .await;
    }
}

#[tokio::test]
async fn an_operator_watches_a_reply_as_it_is_written() {
    let app = paced_app(60).await;
    let chat = chat_id();
    let watch = format!("/api/admin/bots/{}/conversations/{chat}/stream", app.token);
    // No reply being written: the stream ends at once, empty.
    let idle = app.call(Method::GET, &watch, ADMIN, None).await;
    assert_eq!(idle.status(), 200);
    assert!(
        idle.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream")
    );
    assert_eq!(idle.text().await.unwrap(), "");

    let visitor = app
        .stream(
            &app.stream_body(&chat, &message_id(), "What are your opening hours?"),
            None,
        )
        .await;
    let watched =
        porthole_tests::sse::SseReader::new(app.call(Method::GET, &watch, ADMIN, None).await)
            .collect()
            .await;
    let seen = porthole_tests::sse::SseReader::new(visitor).collect().await;
    assert!(watched.len() > 2, "frames as they come: {}", watched.len());
    assert_eq!(
        porthole_tests::sse::text_of(&watched),
        porthole_tests::sse::text_of(&seen)
    );
    assert!(porthole_tests::sse::text_of(&watched).contains("7am to 6pm"));

    let (stranger, _) = app.operator("agent", &[]).await;
    assert_error(
        app.call(Method::GET, &watch, &stranger, None).await,
        403,
        "forbidden",
    )
    .await;
    let bad = format!("/api/admin/bots/{}/conversations/nope/stream", app.token);
    assert_error(
        app.call(Method::GET, &bad, ADMIN, None).await,
        400,
        "invalid_chat_id",
    )
    .await;
}
