//! Seed 004 with `Api-Key`: the web chat with every field (and a PATCH), LLM usage statistics
//! with the seed's 400 body, statistics that agree with what the conversations hold, and the
//! evaluation switch with each reply's scores.

use crate::helpers::{ADMIN, TestApp, chat_id, eventually, message_id, spawn_app};
use porthole_shared::StreamEvent;
use porthole_tests::client::Sent;
use reqwest::Method;
use serde_json::{Value, json};

async fn seed(
    app: &TestApp,
    key: &str,
    method: Method,
    path: &str,
    body: Option<&Value>,
) -> reqwest::Response {
    let mut req = app
        .client
        .request(method, format!("{}{path}", app.base))
        .header("Authorization", format!("Api-Key {key}"));
    if let Some(body) = body {
        req = req.json(body);
    }
    req.sent().await.unwrap()
}

#[tokio::test]
async fn the_web_chat_has_every_field_and_changes_with_a_patch() {
    let app = spawn_app().await;
    let key = app.api_key().await;
    let id = app.bot_id().await;
    let chat: Value = seed(
        &app,
        &key,
        Method::GET,
        &format!("/api/web-chats/{id}/"),
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(chat["id"], id);
    assert_eq!(chat["name"], "Barista");
    assert_eq!(chat["logo"], Value::Null);
    // Strings where the seed types strings: the colors the widget paints, and an avatar a
    // client can show (the generated one, served without a token).
    let primary =
        app.config(&app.token).await.json::<Value>().await.unwrap()["config"]["primary_color"]
            .clone();
    assert_eq!(chat["theme"]["primaryColor"], primary);
    assert_eq!(chat["darkTheme"]["primaryColor"], primary);
    for mode in ["theme", "darkTheme"] {
        for color in ["dialogColor", "navbarTextColor"] {
            let c = chat[mode][color].as_str().unwrap_or_default();
            assert!(c.len() == 7 && c.starts_with('#'), "{mode}.{color}: {chat}");
        }
    }
    let avatar = chat["avatar"].as_str().unwrap();
    assert_eq!(avatar, format!("{}/api/widgets/{id}/avatar.svg", app.base));
    let image = app.client.get(avatar).sent().await.unwrap();
    assert_eq!(image.status(), 200);
    assert_eq!(
        image.headers()["content-type"],
        "image/svg+xml; charset=utf-8"
    );
    let svg = image.text().await.unwrap();
    assert!(
        svg.starts_with("<svg") && svg.contains(">B</text>"),
        "{svg}"
    );
    assert_eq!(chat["accessType"], "web");
    assert_eq!(chat["inbox"]["id"], id);
    assert_eq!(chat["isActive"], true);
    let changed: Value = seed(
        &app,
        &key,
        Method::PATCH,
        &format!("/api/web-chats/{id}/"),
        Some(&json!({"displayGreeting": "Ahoy!", "enableThemeModeToggle": true, "enableSpeech": true})),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(changed["displayGreeting"], "Ahoy!");
    // A color set is the color painted; `null` returns it to the derived one.
    let themed: Value = seed(
        &app,
        &key,
        Method::PATCH,
        &format!("/api/web-chats/{id}/"),
        Some(&json!({"theme": {"primaryColor": "#3854d8", "dialogColor": "#ddeaf6", "navbarTextColor": null}})),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(themed["theme"]["primaryColor"], "#3854d8");
    assert_eq!(themed["theme"]["dialogColor"], "#ddeaf6");
    assert_eq!(themed["theme"]["navbarTextColor"], "#ffffff");
    assert_eq!(themed["darkTheme"]["primaryColor"], "#3854d8");
    let config: Value = app.config(&app.token).await.json().await.unwrap();
    assert_eq!(config["config"]["welcome"], "Ahoy!");
    assert_eq!(config["web_chat"]["enableThemeModeToggle"], true);
    assert_eq!(config["web_chat"]["enableSpeech"], true);
    let refused = seed(
        &app,
        &key,
        Method::PATCH,
        &format!("/api/web-chats/{id}/"),
        Some(&json!({"accessType": "app"})),
    )
    .await;
    assert_eq!(refused.status(), 400);
    assert!(refused.json::<Value>().await.unwrap()["detail"].is_string());
}

#[tokio::test]
async fn a_wrong_key_is_401_and_another_bot_is_not_found() {
    let app = spawn_app().await;
    let key = app.api_key().await;
    let id = app.bot_id().await;
    for wrong in ["phk_00000000000000000000000000000000", "nope"] {
        let response = seed(
            &app,
            wrong,
            Method::GET,
            &format!("/api/web-chats/{id}/"),
            None,
        )
        .await;
        assert_eq!(response.status(), 401);
        assert!(response.json::<Value>().await.unwrap()["detail"].is_string());
    }
    let bare = app
        .client
        .get(format!("{}/api/web-chats/{id}/", app.base))
        .sent()
        .await
        .unwrap();
    assert_eq!(bare.status(), 401);
    let other = seed(
        &app,
        &key,
        Method::GET,
        "/api/web-chats/550e8400-e29b-41d4-a716-446655440000/",
        None,
    )
    .await;
    assert_eq!(other.status(), 404);
    assert_eq!(
        other.json::<Value>().await.unwrap(),
        json!({"detail": "Not found."})
    );
}

#[tokio::test]
async fn usage_statistics_refuse_a_bad_granularity_with_the_valid_types() {
    let app = spawn_app().await;
    let key = app.api_key().await;
    let id = app.bot_id().await;
    let ok = seed(
        &app,
        &key,
        Method::GET,
        &format!("/api/chatbots/{id}/llm-usage-statistics/?startDate=2026-01-01&endDate=2026-01-31&timeGranularity=month"),
        None,
    )
    .await;
    assert_eq!(ok.status(), 200);
    assert!(ok.json::<Value>().await.unwrap().is_array());
    let bad = seed(
        &app,
        &key,
        Method::GET,
        &format!("/api/chatbots/{id}/llm-usage-statistics/?timeGranularity=week"),
        None,
    )
    .await;
    assert_eq!(bad.status(), 400);
    let body: Value = bad.json().await.unwrap();
    assert_eq!(body["valid_types"], json!(["day", "month"]));
    assert!(body["detail"].as_str().unwrap().contains("timeGranularity"));
}

#[tokio::test]
async fn statistics_agree_with_what_the_conversations_hold() {
    let app = spawn_app().await;
    let key = app.api_key().await;
    let id = app.bot_id().await;
    let mut replies = Vec::new();
    for question in [
        "What are your opening hours?",
        "Do you ship to Canada?",
        "Where are you?",
    ] {
        let chat = chat_id();
        let frames = app.ask_streaming(&chat, &message_id(), question).await;
        let reply = frames.iter().find_map(|f| match &f.event {
            StreamEvent::Done { meta } => meta.reply_id.clone(),
            _ => None,
        });
        replies.push((chat, reply.unwrap()));
    }
    // Two votes up, one down, from the three visitors.
    for ((chat, reply), vote) in replies.iter().zip(["up", "up", "down"]) {
        app.visitor_post(
            "feedback",
            &json!({"site_key": app.token, "session_id": chat, "message_id": reply, "vote": vote}),
        )
        .await;
    }
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    let path = format!(
        "/api/chatbots/{id}/statistics/?datetimeFrom={today}&datetimeTo={today}&timeGranularity=day"
    );
    let point = eventually(10, "the statistics", || async {
        let stats: Value = seed(&app, &key, Method::GET, &path, None)
            .await
            .json()
            .await
            .unwrap();
        let p = stats[0].clone();
        (p["messagesCount"] == 6 && p["avgLikesPerFeedback"].as_f64().unwrap_or(0.0) > 0.0)
            .then_some(p)
    })
    .await;
    assert_eq!(point["conversationsCount"], 3);
    assert_eq!(point["avgMessagesPerConversation"], 2.0);
    let likes = point["avgLikesPerFeedback"].as_f64().unwrap();
    assert!((likes - 2.0 / 3.0).abs() < 1e-9, "{likes}");
    assert!(point["datetime"].as_str().unwrap().starts_with(&today));
    let hours: Value = seed(
        &app,
        &key,
        Method::GET,
        &format!("/api/chatbots/{id}/statistics/?datetimeFrom={today}&datetimeTo={today}&timeGranularity=hour"),
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(hours.as_array().unwrap().len(), 24, "every hour of the day");
    let bad = seed(
        &app,
        &key,
        Method::GET,
        &format!("/api/chatbots/{id}/statistics/?timeGranularity=week"),
        None,
    )
    .await;
    assert_eq!(bad.status(), 400);
    assert_eq!(
        bad.json::<Value>().await.unwrap()["valid_types"],
        json!(["hour", "day", "month"])
    );
}

#[tokio::test]
async fn with_evaluation_on_each_reply_is_scored_and_summed() {
    let app = spawn_app().await;
    let key = app.api_key().await;
    let id = app.bot_id().await;
    let on: Value = seed(
        &app,
        &key,
        Method::PATCH,
        &format!("/api/chatbots/{id}/enable-evaluation/"),
        Some(&json!({"enableEvaluation": true})),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(on, json!({"enableEvaluation": true}));
    let answered = chat_id();
    app.ask_streaming(&answered, &message_id(), "What are your opening hours?")
        .await;
    let unanswered = chat_id();
    app.ask_streaming(&unanswered, &message_id(), "Do you sell bicycles?")
        .await;
    let app = &app;
    let evaluation = |chat: String| async move {
        let detail: Value = app.conversation_detail(&app.token, &chat).await;
        detail["messages"][1]["evaluation"].clone()
    };
    let good = evaluation(answered).await;
    assert_eq!(good["answered"], true);
    assert!(good["support"].as_u64().unwrap() >= 80, "{good}");
    let none = evaluation(unanswered).await;
    assert_eq!(none, json!({"answered": false, "support": 0}));
    let stats: Value = app
        .call(
            Method::GET,
            &format!(
                "/api/admin/bots/{}/statistics?timeGranularity=month",
                app.token
            ),
            ADMIN,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    let month = stats.as_array().unwrap().last().unwrap().clone();
    assert_eq!(month["evaluated"], 2);
    assert_eq!(month["answered"], 1);
}

/// The statistics count the visitors who asked for a person and how long they waited for a
/// person's first message (the owner acts on these: are visitors left waiting?).
#[tokio::test]
async fn statistics_count_handoffs_and_the_wait_for_a_person() {
    let app = spawn_app().await;
    let key = app.api_key().await;
    let id = app.bot_id().await;
    app.operator("agent", &[&app.token]).await;
    let chat = chat_id();
    let session = json!({"site_key": app.token, "session_id": chat});
    app.visitor_post("handoff", &session).await;
    tokio::time::sleep(std::time::Duration::from_millis(1_200)).await;
    let path = format!(
        "/api/admin/bots/{}/conversations/{chat}/messages",
        app.token
    );
    let reply = app
        .admin(
            Method::POST,
            &path,
            Some(&json!({"content": "Hi, Sam here."})),
        )
        .await;
    assert_eq!(reply.status(), 201);
    // A second message is no first reply.
    app.admin(
        Method::POST,
        &path,
        Some(&json!({"content": "How can I help?"})),
    )
    .await;
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    let stats_path = format!(
        "/api/chatbots/{id}/statistics/?datetimeFrom={today}&datetimeTo={today}&timeGranularity=day"
    );
    let point = eventually(10, "the statistics", || async {
        let stats: Value = seed(&app, &key, Method::GET, &stats_path, None)
            .await
            .json()
            .await
            .unwrap();
        let p = stats[0].clone();
        (p["responses"] == 1).then_some(p)
    })
    .await;
    assert_eq!(point["handoffs"], 1, "{point}");
    let waited = point["avgFirstResponseSecs"].as_f64().unwrap();
    assert!((1.0..30.0).contains(&waited), "{point}");
}
