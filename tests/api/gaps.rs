//! What a bot could not answer (`/api/admin/bots/{token}/gaps`): fallbacks and replies voted
//! down, grouped when they ask the same thing, most recently asked first, with how often and
//! where; dismissed, or answered by a curated answer, a group leaves the list; agents of other
//! bots see none of it.

use crate::helpers::{TestApp, assert_error, chat_id, eventually, message_id, spawn_app};
use porthole_shared::StreamEvent;
use porthole_tests::client::Sent;
use reqwest::Method;
use serde_json::{Value, json};

async fn gaps(app: &TestApp) -> Vec<Value> {
    let path = format!("/api/admin/bots/{}/gaps", app.token);
    let response = app.admin(Method::GET, &path, None).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.expect("json");
    body["gaps"].as_array().cloned().unwrap_or_default()
}

/// Waits until the list has `n` groups (questions are recorded after the reply's stream ends).
async fn gaps_of(app: &TestApp, n: usize) -> Vec<Value> {
    eventually(10, "the unanswered questions", || async {
        let list = gaps(app).await;
        (list.len() == n).then_some(list)
    })
    .await
}

#[tokio::test]
async fn fallbacks_and_replies_voted_down_are_listed_grouped_and_leave_when_answered() {
    let app = spawn_app().await;
    let (first, second, third) = (chat_id(), chat_id(), chat_id());
    app.ask_streaming(&first, &message_id(), "Do you sell bicycles?")
        .await;
    app.ask_streaming(&second, &message_id(), "do you sell bicycles")
        .await;
    let frames = app
        .ask_streaming(&third, &message_id(), "What are your opening hours?")
        .await;
    let reply_id = frames
        .iter()
        .find_map(|f| match &f.event {
            StreamEvent::Done { meta } => meta.reply_id.clone(),
            _ => None,
        })
        .expect("a reply");
    let vote =
        json!({"site_key": app.token, "session_id": third, "message_id": reply_id, "vote": "down"});
    assert_eq!(app.visitor_post("feedback", &vote).await.status(), 200);

    let list = gaps_of(&app, 2).await;
    // Most recently asked first: the reply voted down, then the two fallbacks, as one group.
    let hours = &list[0];
    assert_eq!(
        hours["question"], "What are your opening hours?",
        "{list:?}"
    );
    assert_eq!(
        (hours["count"].clone(), hours["disliked"].clone()),
        (json!(1), json!(1))
    );
    assert_eq!(hours["chat_id"], third);
    let bicycles = &list[1];
    assert_eq!(bicycles["count"], 2, "{list:?}");
    assert_eq!(bicycles["fallbacks"], 2);
    assert_eq!(
        bicycles["question"], "do you sell bicycles",
        "the latest wording"
    );
    assert_eq!(
        bicycles["wordings"],
        json!(["do you sell bicycles", "Do you sell bicycles?"])
    );
    assert_eq!(bicycles["chat_id"], second);

    // Dismissed, a group leaves; a malformed dismissal is refused.
    let dismiss = format!("/api/admin/bots/{}/gaps/dismiss", app.token);
    let response = app
        .admin(Method::POST, &dismiss, Some(&json!({"key": hours["key"]})))
        .await;
    assert_eq!(response.status(), 200);
    let refused = app
        .admin(Method::POST, &dismiss, Some(&json!({"group": "x"})))
        .await;
    assert_eq!(refused.status(), 400);
    assert_eq!(gaps(&app).await.len(), 1);

    // Answered by a curated answer, the other leaves too, and the bot answers it.
    let answers = format!("/api/admin/bots/{}/answers", app.token);
    let body =
        json!({"questions": ["Do you sell bicycles?"], "answer": "No, only coffee and cups."});
    assert_eq!(
        app.admin(Method::POST, &answers, Some(&body))
            .await
            .status(),
        201
    );
    assert_eq!(gaps(&app).await, Vec::<Value>::new());
    let again: Value = app
        .message(&json!({"token": app.token, "message": "Do you sell bicycles?"}))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(again["reply"], "No, only coffee and cups.");
    assert_eq!(gaps(&app).await, Vec::<Value>::new(), "an answer is no gap");
}

#[tokio::test]
async fn an_agent_sees_the_gaps_of_its_bots_only() {
    let app = spawn_app().await;
    let other = app.create_bot(json!({"bot_name": "Other"})).await;
    let (jwt, _) = app.operator("agent", &[&app.token]).await;
    let mine = format!("/api/admin/bots/{}/gaps", app.token);
    assert_eq!(app.call(Method::GET, &mine, &jwt, None).await.status(), 200);
    let theirs = format!("/api/admin/bots/{other}/gaps");
    assert_error(
        app.call(Method::GET, &theirs, &jwt, None).await,
        403,
        "forbidden",
    )
    .await;
    let anonymous = app.client.get(app.url(&mine)).sent().await.expect("get");
    assert_eq!(anonymous.status(), 401);
}
