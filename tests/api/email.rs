//! Email both ways, on a server of its own that can send (`EMAIL_FROM`; `wrangler dev`
//! simulates the `send_email` binding: it writes each message to a file and logs where): an
//! operator's reply reaches a visitor who left an address and is not in the widget, with a reply
//! address; the visitor's answer, sent to it through `/cdn-cgi/handler/email`, lands in the
//! conversation without the quoted text; a visitor in the widget gets no email; another sender
//! is refused; one click unsubscribes.

use crate::helpers::*;
use porthole_tests::client::Sent;
use porthole_tests::server::Server;
use reqwest::Method;
use serde_json::{Value, json};

const FROM: &str = "support@harbor.test";

/// The simulated emails: (the builder's lines, the text).
fn sent(server: &Server) -> Vec<(String, String)> {
    sent_mail(server)
        .into_iter()
        .map(|m| (m.head, m.text))
        .collect()
}

async fn reply(app: &TestApp, chat: &str, content: &str) -> Value {
    let path = format!(
        "/api/admin/bots/{}/conversations/{chat}/messages",
        app.token
    );
    let response = app
        .call(
            Method::POST,
            &path,
            ADMIN,
            Some(&json!({ "content": content })),
        )
        .await;
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

/// Delivers `raw` from `from` to `to` as Email Routing would.
async fn deliver(app: &TestApp, from: &str, to: &str, raw: &str) -> reqwest::Response {
    app.client
        .post(app.url("/cdn-cgi/handler/email"))
        .query(&[("from", from), ("to", to)])
        .body(raw.to_owned())
        .sent()
        .await
        .unwrap()
}

fn mail(from: &str, to: &str, id: &str, body: &str) -> String {
    format!(
        "From: Ann <{from}>\r\nTo: {to}\r\nSubject: Re: Harbor\r\nMessage-ID: <{id}@mail.test>\r\nDate: Mon, 7 Dec 2026 10:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}"
    )
}

#[tokio::test]
async fn a_reply_goes_by_email_and_the_answer_comes_back() {
    let server = tokio::task::spawn_blocking(|| {
        Server::start_logging(&[("JWT_SECRET", JWT_SECRET), ("EMAIL_FROM", FROM)], "info")
    })
    .await
    .unwrap();
    let app = app_with_bot(&server.base, json!({"bot_name": "Harbor"}), &[]).await;
    let visitor = "ann@example.com";
    let chat = chat_id();
    let said = app
        .message(&json!({"token": app.token, "chat_id": chat, "message": "Where is my order?"}))
        .await;
    assert_eq!(said.status(), 200);
    let contact = json!({"site_key": app.token, "session_id": chat, "email": visitor});
    assert_eq!(app.visitor_post("contact", &contact).await.status(), 200);

    // The visitor has gone: the reply goes by email too.
    let answer = reply(&app, &chat, "Your order ships today.").await;
    assert_eq!(answer["emailed"], true, "{answer}");
    let (head, text) = eventually(5, "the simulated email", || async {
        sent(&server).into_iter().next()
    })
    .await;
    assert!(head.contains(&format!("From: {FROM}")), "{head}");
    assert!(head.contains(&format!("To: {visitor}")), "{head}");
    assert!(
        head.contains("Subject: Harbor: a reply to your question"),
        "{head}"
    );
    assert!(text.contains("Your order ships today."), "{text}");
    let id = text
        .split("/api/email/unsubscribe?t=")
        .nth(1)
        .map(|rest| rest.chars().take(32).collect::<String>())
        .expect("an unsubscribe link");
    let reply_to = format!("support+r{id}@harbor.test");

    // The answer comes back into the conversation, without the quoted text and signature.
    let body = "Thanks! Can I pick it up instead?\r\n\r\n-- \r\nAnn\r\n\r\nOn Mon, 7 Dec 2026, Harbor <support@harbor.test> wrote:\r\n> Your order ships today.\r\n";
    // Delivered twice (a mail server's retry): taken both times, added once.
    for _ in 0..2 {
        let raw = mail(visitor, &reply_to, "a1", body);
        let delivered = deliver(&app, visitor, &reply_to, &raw).await;
        let status = delivered.status();
        assert_eq!(status, 200, "{}", delivered.text().await.unwrap());
    }
    let detail = app.conversation_detail(&app.token, &chat).await;
    let from_visitor: Vec<&str> = detail["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["role"] == "user")
        .map(|m| m["content"].as_str().unwrap())
        .collect();
    assert_eq!(
        from_visitor,
        ["Where is my order?", "Thanks! Can I pick it up instead?"]
    );

    // Another sender, or an unknown address, is refused with a reason (wrangler logs the
    // refusal; its answer to the test's delivery does not always carry it, Cloudflare's SMTP
    // answer does) and nothing lands in the conversation.
    let unknown = format!("support+r{}@harbor.test", "0".repeat(32));
    for (from, to, id) in [
        ("eve@example.com", reply_to.as_str(), "e1"),
        (visitor, unknown.as_str(), "u1"),
    ] {
        let response = deliver(&app, from, to, &mail(from, to, id, "Let me in")).await;
        assert!(response.status().is_success() || response.status() == 400);
    }
    let reasons = [
        "replies are taken from the address the conversation's email went to",
        "this address takes replies to a conversation, and this one is unknown or expired",
    ];
    eventually(5, "both refusals logged", || async {
        let log = server.log();
        reasons
            .iter()
            .all(|r| {
                log.contains(&format!(
                    "Email handler rejected message with the following reason: \"{r}\""
                ))
            })
            .then_some(())
    })
    .await;
    let detail = app.conversation_detail(&app.token, &chat).await;
    assert!(!detail.to_string().contains("Let me in"));

    // A visitor in the widget reads the reply there: no email.
    let polled = app
        .visitor_get(
            "operator-messages",
            &[("site_key", &app.token), ("session_id", &chat)],
        )
        .await;
    assert_eq!(polled.status(), 200);
    let answer = reply(&app, &chat, "Yes, from 9 tomorrow.").await;
    assert_eq!(answer["emailed"], false);

    // One click, and no more email to that address.
    let page = app
        .client
        .get(app.url(&format!("/api/email/unsubscribe?t={id}")))
        .sent()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("no more emails"));
    let one_click = app
        .client
        .post(app.url(&format!("/api/email/unsubscribe?t={id}")))
        .body("List-Unsubscribe=One-Click")
        .sent()
        .await
        .unwrap();
    assert_eq!(one_click.status(), 200, "a mail client's one-click POST");
    let other = chat_id();
    app.message(&json!({"token": app.token, "chat_id": other, "message": "Hello again"}))
        .await;
    let contact = json!({"site_key": app.token, "session_id": other, "email": visitor});
    app.visitor_post("contact", &contact).await;
    let answer = reply(&app, &other, "Hello Ann").await;
    assert_eq!(answer["emailed"], false, "unsubscribed");
    assert_eq!(sent(&server).len(), 1, "one email in all");
    let bad = app
        .client
        .get(app.url("/api/email/unsubscribe?t=nothing"))
        .sent()
        .await
        .unwrap();
    assert_error(bad, 404, "not_found").await;
}
