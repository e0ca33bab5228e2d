//! Finding any conversation (`GET /api/admin/conversations?q=`): words in messages and contact
//! details, Chinese included, as prefixes while typing; filters that combine with them; an
//! agent finds only its bots' conversations; each hit names the message it matched. Export
//! (`GET /api/admin/conversations/export`) gives the same conversations as CSV and JSON Lines.
//! The hub is the deployment's, so each test searches for a word of its own.

use crate::helpers::*;
use reqwest::Method;
use serde_json::{Value, json};

/// A word no other test writes.
fn marker() -> String {
    format!("kw{}", &chat_id()[12..])
}

async fn say(app: &TestApp, token: &str, chat: &str, text: &str) {
    let body = json!({"token": token, "chat_id": chat, "message": text});
    assert_eq!(app.message(&body).await.status(), 200);
}

async fn search(app: &TestApp, credential: &str, query: &str) -> reqwest::Response {
    app.call(
        Method::GET,
        &format!("/api/admin/conversations?{query}"),
        credential,
        None,
    )
    .await
}

/// The ids found for `query`, once the hub has indexed `expected` of them.
async fn found(app: &TestApp, credential: &str, query: &str, expected: usize) -> Value {
    eventually(5, query, || async {
        let response = search(app, credential, query).await;
        assert_eq!(response.status(), 200, "{query}");
        let list: Value = response.json().await.unwrap();
        (list["conversations"].as_array().unwrap().len() == expected).then_some(list)
    })
    .await
}

fn ids(list: &Value) -> Vec<String> {
    let mut ids: Vec<String> = list["conversations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    ids
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn words_chinese_and_contacts_are_found_with_filters_and_an_agents_bots() {
    let app = spawn_app().await;
    let other = app.create_bot(json!({"bot_name": "Other"})).await;
    let word = marker();
    let (refund, chinese, elsewhere) = (chat_id(), chat_id(), chat_id());
    say(
        &app,
        &app.token,
        &refund,
        &format!("Where is my refund {word} for order 1234?"),
    )
    .await;
    say(
        &app,
        &app.token,
        &chinese,
        &format!("我想申请退款，需要多久？{word}"),
    )
    .await;
    say(&app, &other, &elsewhere, &format!("Refund please {word}")).await;
    let contact = json!({"site_key": app.token, "session_id": chinese, "name": "王小明", "email": format!("{word}@example.com")});
    assert_eq!(app.visitor_post("contact", &contact).await.status(), 200);

    // Every word must appear; the last one is a prefix.
    let all = found(&app, ADMIN, &format!("q=refund+{word}"), 2).await;
    assert_eq!(ids(&all), sorted(vec![refund.clone(), elsewhere.clone()]));
    let typing = found(&app, ADMIN, &format!("q={word}+refu"), 2).await;
    assert_eq!(ids(&typing), ids(&all));
    let hit = all["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["conversation_id"] == refund.as_str())
        .expect("a hit for the conversation")
        .clone();
    assert_eq!(hit["role"], "user");
    assert!(
        hit["snippet"]
            .as_str()
            .unwrap()
            .contains("Where is my refund"),
        "{hit}"
    );
    let detail = app.conversation_detail(&app.token, &refund).await;
    let message = detail["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == hit["message_id"])
        .expect("the hit names a message of the conversation");
    assert!(message["content"].as_str().unwrap().contains(&word));

    // Chinese: a two-character word inside a sentence, a phrase, and a name in the contact.
    let bot = format!("bot={}", app.token);
    for q in ["退款", "需要多久", "王小明"] {
        let list = found(&app, ADMIN, &format!("{bot}&q={}+{word}", encode(q)), 1).await;
        assert_eq!(ids(&list), vec![chinese.clone()], "{q}");
    }
    let by_name = found(&app, ADMIN, &format!("{bot}&q={}", encode("王小明")), 1).await;
    assert_eq!(by_name["hits"][0]["role"], "contact");
    assert_eq!(by_name["hits"][0]["message_id"], Value::Null);
    found(&app, ADMIN, &format!("q={}+{word}", encode("退货")), 0).await;

    // Filters combine with the words.
    let rate = json!({"site_key": app.token, "session_id": refund, "score": 5});
    assert_eq!(app.visitor_post("rate", &rate).await.status(), 200);
    let rated = found(&app, ADMIN, &format!("q={word}&rating=5"), 1).await;
    assert_eq!(ids(&rated), vec![refund.clone()]);
    assert_eq!(
        app.act(ADMIN, &refund, "takeover", None).await.status(),
        200
    );
    let mine = found(&app, ADMIN, &format!("q={word}&assignee=owner"), 1).await;
    assert_eq!(ids(&mine), vec![refund.clone()]);
    let nobodys = found(
        &app,
        ADMIN,
        &format!("q={word}&assignee=none&has_contact=false"),
        1,
    )
    .await;
    assert_eq!(ids(&nobodys), vec![elsewhere.clone()]);

    // An agent of the first bot finds only its conversations, and may not name the other bot.
    let (agent, _) = app.operator("agent", &[&app.token]).await;
    let theirs = found(&app, &agent, &format!("q={word}"), 2).await;
    assert_eq!(ids(&theirs), sorted(vec![refund.clone(), chinese.clone()]));
    let refused = search(&app, &agent, &format!("q={word}&bot={other}")).await;
    assert_error(refused, 403, "forbidden").await;
    let long = search(&app, ADMIN, &format!("q={}", "a".repeat(201))).await;
    assert_error(long, 400, "invalid_field").await;
    let bad = search(&app, ADMIN, "rating=9").await;
    assert_error(bad, 400, "invalid_field").await;
}

#[tokio::test]
async fn an_export_holds_the_filtered_conversations() {
    let app = spawn_app().await;
    let word = marker();
    let (first, second) = (chat_id(), chat_id());
    say(
        &app,
        &app.token,
        &first,
        &format!("Hello {word}, =1+2 \"quoted\", a comma"),
    )
    .await;
    say(&app, &app.token, &second, &format!("Another {word}")).await;
    let contact = json!({"site_key": app.token, "session_id": first, "name": "Ann, Lee", "phone": "+14165559999"});
    assert_eq!(app.visitor_post("contact", &contact).await.status(), 200);
    let listed = found(&app, ADMIN, &format!("q={word}"), 2).await;

    let export = |query: String| {
        let app = &app;
        async move {
            let response = app
                .call(
                    Method::GET,
                    &format!("/api/admin/conversations/export?{query}"),
                    ADMIN,
                    None,
                )
                .await;
            assert_eq!(response.status(), 200, "{query}");
            let kind = response.headers()["content-type"]
                .to_str()
                .unwrap()
                .to_owned();
            let disposition = response.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .to_owned();
            (kind, disposition, response.text().await.unwrap())
        }
    };
    let (kind, disposition, csv) = export(format!("q={word}&format=csv")).await;
    assert!(kind.starts_with("text/csv"));
    assert!(disposition.contains("attachment") && disposition.contains(".csv"));
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert!(
        lines[0].starts_with("id,number,bot,channel,started_at"),
        "{}",
        lines[0]
    );
    assert_eq!(lines.len(), 3, "a header and the two conversations: {csv}");
    let row = lines
        .iter()
        .find(|l| l.starts_with(&first))
        .expect("the first");
    assert!(
        row.contains("\"Ann, Lee\""),
        "a cell with a comma is quoted: {row}"
    );
    assert!(
        row.contains(",'+14165559999,"),
        "a phone is never a formula: {row}"
    );

    let (kind, _, jsonl) = export(format!("q={word}&format=jsonl")).await;
    assert!(kind.starts_with("application/x-ndjson"));
    let exported: Vec<String> = jsonl
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(
        sorted(exported),
        ids(&listed),
        "the same conversations as the list"
    );

    let (_, _, one) = export(format!("q={word}&format=jsonl&limit=1")).await;
    assert_eq!(one.lines().count(), 1);
    let bad = app
        .call(
            Method::GET,
            "/api/admin/conversations/export?format=xml",
            ADMIN,
            None,
        )
        .await;
    assert_error(bad, 400, "invalid_field").await;
}
