//! A simulated day of an owner and two agents, on a server of its own that sends email
//! (`EMAIL_FROM`; `wrangler dev` simulates the `send_email` binding and runs the cron handler at
//! `/__scheduled`), with alerts held for two seconds (`ALERT_DELAY_MS`):
//! - the owner invites an agent by email, who joins through the link (once);
//! - a visitor who asks for a person while nobody has the inbox open gets the bot's operators
//!   emailed (those who want it, for that bot); nobody is emailed while an agent is online, or
//!   when a person answered before the alert was due; a visitor who leaves a message (a person
//!   and an address) makes one email; contact details alone make one for those who want them;
//! - the visitor who left is answered by email, and asks for the transcript in the widget;
//! - a bot whose email is off makes no email at all;
//! - the owner's morning digest counts the day; one click stops it.
//!
//! At the end, every email that went out is one this test expected, and no other.

use crate::helpers::*;
use porthole_tests::client::Sent;
use porthole_tests::server::Server;
use porthole_tests::tenant::TenantSocket;
use reqwest::Method;
use serde_json::{Value, json};
use std::time::Duration;

const FROM: &str = "support@harbor.test";
const BOSS: &str = "boss@harbor.test";
const ANA: &str = "ana@harbor.test";
const BO: &str = "bo@harbor.test";
const CY: &str = "cy@harbor.test";
/// How long the server holds an alert (ms), and how long the test waits past it.
const DELAY_MS: &str = "2000";
const SETTLE: Duration = Duration::from_millis(4500);

/// The emails so far, as (to, subject).
fn letters(server: &Server) -> Vec<(String, String)> {
    sent_mail(server)
        .iter()
        .map(|m| (m.field("To"), m.field("Subject")))
        .collect()
}

/// Waits until `n` emails went out in all; then a moment more, so a stray one would show.
async fn emails(server: &Server, n: usize) -> Vec<SentMail> {
    eventually(10, &format!("{n} emails"), || async {
        (sent_mail(server).len() >= n).then_some(())
    })
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let all = sent_mail(server);
    assert_eq!(all.len(), n, "{:#?}", letters(server));
    all
}

/// A visitor of `bot` writes `text` and asks for a person.
async fn asks_for_a_person_of(app: &TestApp, bot: &str, text: &str) -> String {
    let chat = chat_id();
    let said = app
        .message(&json!({"token": bot, "chat_id": chat, "message": text}))
        .await;
    assert_eq!(said.status(), 200);
    let session = json!({"site_key": bot, "session_id": chat});
    assert_eq!(app.visitor_post("handoff", &session).await.status(), 200);
    chat
}

/// A visitor of the test's bot writes `text` and asks for a person.
async fn asks_for_a_person(app: &TestApp, text: &str) -> String {
    asks_for_a_person_of(app, &app.token, text).await
}

async fn add_agent(app: &TestApp, name: &str, email: &str, bots: &[&str]) -> String {
    let created = app
        .admin(
            Method::POST,
            "/api/admin/operators",
            Some(&json!({"name": name, "email": email, "password": PASSWORD, "role": "agent", "bots": bots})),
        )
        .await;
    assert_eq!(created.status(), 201);
    let session: Value = app.login(email, PASSWORD).await.json().await.unwrap();
    session["token"].as_str().unwrap().to_owned()
}

/// Runs the cron handler (the morning digest) as the trigger would.
async fn digest(app: &TestApp, server: &Server) {
    let ran = app
        .client
        .get(app.url("/__scheduled?cron=0+7+*+*+*"))
        .sent()
        .await
        .unwrap();
    let status = ran.status();
    if !status.is_success() {
        let log = server.log();
        panic!("{status}: {}", &log[log.len().saturating_sub(3000)..]);
    }
}

#[tokio::test]
async fn an_owner_and_two_agents_run_a_day_and_every_email_is_wanted() {
    let server = tokio::task::spawn_blocking(|| {
        Server::start_logging(
            &[
                ("JWT_SECRET", JWT_SECRET),
                ("EMAIL_FROM", FROM),
                ("ALERT_DELAY_MS", DELAY_MS),
            ],
            "info",
        )
    })
    .await
    .unwrap();
    let app = app_with_bot(&server.base, json!({"bot_name": "Harbor"}), &[]).await;
    let quiet = app
        .create_bot(json!({"bot_name": "Elsewhere", "email_replies": false}))
        .await;

    // The owner says where their emails go; an agent may not (their sign-in address is it).
    let me = app
        .call(
            Method::PATCH,
            "/api/auth/me",
            ADMIN,
            Some(&json!({"email": BOSS})),
        )
        .await;
    assert_eq!(me.status(), 200);
    let me: Value = app
        .call(Method::GET, "/api/auth/me", ADMIN, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["email"], BOSS);
    assert_eq!(me["email_enabled"], true);
    assert_eq!(
        me["alerts"],
        json!({"handoff": true, "contact": true, "digest": true})
    );

    // The owner invites Ana by email; she joins through the link, once.
    let invited = app
        .admin(
            Method::POST,
            "/api/admin/operators/invitations",
            Some(&json!({"email": ANA, "name": "Ana", "role": "agent", "bots": [app.token]})),
        )
        .await;
    assert_eq!(invited.status(), 201);
    let invited: Value = invited.json().await.unwrap();
    assert_eq!(invited["emailed"], true, "{invited}");
    let link = invited["invitation"]["link"].as_str().unwrap().to_owned();
    let mail = emails(&server, 1).await.remove(0);
    assert_eq!(mail.field("To"), ANA);
    assert!(mail.text.contains(&link), "{}", mail.text);
    let code = link
        .split("code=")
        .nth(1)
        .and_then(|rest| rest.split('&').next())
        .unwrap()
        .to_owned();
    let accept = |code: String| {
        let app = app.clone();
        async move {
            app.client
                .post(app.url("/api/auth/accept"))
                .json(&json!({"code": code, "name": "Ana Lima", "password": PASSWORD}))
                .sent()
                .await
                .unwrap()
        }
    };
    let joined = accept(code.clone()).await;
    assert_eq!(joined.status(), 200);
    let joined: Value = joined.json().await.unwrap();
    assert_eq!(joined["operator"]["name"], "Ana Lima");
    assert_eq!(joined["operator"]["bots"], json!([app.token]));
    let ana = joined["token"].as_str().unwrap().to_owned();
    assert_error(accept(code).await, 404, "not_found").await;
    let again = app
        .admin(
            Method::POST,
            "/api/admin/operators/invitations",
            Some(&json!({"email": ANA})),
        )
        .await;
    assert_error(again, 409, "conflict").await;

    // Bo wants no handoff alerts; Cy answers the other bot only.
    let bo = add_agent(&app, "Bo", BO, &[&app.token]).await;
    add_agent(&app, "Cy", CY, &[&quiet]).await;
    let alerts = json!({"handoff": false, "contact": true, "digest": true});
    let saved = app
        .call(
            Method::PATCH,
            "/api/auth/me",
            &bo,
            Some(&json!({"alerts": alerts})),
        )
        .await;
    assert_eq!(saved.status(), 200);
    let saved: Value = saved.json().await.unwrap();
    assert_eq!(saved["alerts"], alerts);
    assert_eq!(saved["email"], BO);
    let refused = app
        .call(
            Method::PATCH,
            "/api/auth/me",
            &bo,
            Some(&json!({"email": "x@y.test"})),
        )
        .await;
    assert_error(refused, 400, "invalid_field").await;

    // 08:00, nobody online: a visitor asks for a person. Ana and the owner hear of it.
    asks_for_a_person(&app, "Can a person help me with my order?").await;
    let mails = emails(&server, 3).await;
    let mut to: Vec<String> = mails[1..].iter().map(|m| m.field("To")).collect();
    to.sort();
    assert_eq!(to, [ANA, BOSS]);
    for m in &mails[1..] {
        assert_eq!(
            m.field("Subject"),
            "Harbor: A visitor is waiting for a person"
        );
        assert!(
            m.text.contains("“Can a person help me with my order?”"),
            "{}",
            m.text
        );
        let inbox = format!(
            "Answer in the inbox: {}/console/inbox/{}/",
            server.base, app.token
        );
        assert!(m.text.contains(&inbox), "{}", m.text);
        let stop = format!("{}/api/email/unsubscribe?t=", server.base);
        assert!(m.text.contains(&stop), "{}", m.text);
    }

    // 09:00, Ana opens the inbox: she sees who waits; nobody is emailed.
    let mut socket = TenantSocket::connect(&server.base).await;
    socket.auth(&ana, None).await;
    asks_for_a_person(&app, "Is anyone there?").await;
    tokio::time::sleep(SETTLE).await;
    assert_eq!(sent_mail(&server).len(), 3, "{:#?}", letters(&server));
    drop(socket);

    // 12:00, Ana is at lunch: a visitor asks, and the owner answers before the alert is due.
    let chat = asks_for_a_person(&app, "Quick question about returns").await;
    let answered = app
        .act(
            ADMIN,
            &chat,
            "messages",
            Some(&json!({"content": "Happy to help!"})),
        )
        .await;
    assert_eq!(answered.status(), 201);
    tokio::time::sleep(SETTLE).await;
    assert_eq!(sent_mail(&server).len(), 3, "{:#?}", letters(&server));

    // 18:00, after hours: Ann leaves a message (a person, her address): one email each.
    let ann = "ann@example.com";
    let chat = asks_for_a_person(&app, "Please call me back about my order").await;
    let contact = json!({"site_key": app.token, "session_id": chat, "email": ann, "name": "Ann"});
    assert_eq!(app.visitor_post("contact", &contact).await.status(), 200);
    let mails = emails(&server, 6).await;
    let mut to: Vec<String> = mails[3..].iter().map(|m| m.field("To")).collect();
    to.sort();
    assert_eq!(to, [ANA, BO, BOSS], "Bo wants contact details");
    for m in &mails[3..] {
        assert_eq!(
            m.field("Subject"),
            "Harbor: Ann <ann@example.com> is waiting for a person"
        );
        assert!(m.text.contains("Email: ann@example.com"), "{}", m.text);
    }

    // Contact details alone: those who want them.
    let chat = chat_id();
    let said = app
        .message(&json!({"token": app.token, "chat_id": chat, "message": "Do you ship to Norway?"}))
        .await;
    assert_eq!(said.status(), 200);
    let lead = json!({"site_key": app.token, "session_id": chat, "email": "lee@example.com"});
    assert_eq!(app.visitor_post("contact", &lead).await.status(), 200);
    let mails = emails(&server, 9).await;
    for m in &mails[6..] {
        assert_eq!(
            m.field("Subject"),
            "Harbor: lee@example.com left their contact details"
        );
    }

    // Lee asks for the transcript in the widget: it goes to the address, once in ten minutes.
    let config: Value = app.config(&app.token).await.json().await.unwrap();
    assert_eq!(config["transcripts"], true);
    let transcript = app.visitor_post("transcript", &lead).await;
    assert_eq!(transcript.status(), 200);
    let mail = emails(&server, 10).await.remove(9);
    assert_eq!(mail.field("To"), "lee@example.com");
    assert_eq!(mail.field("Subject"), "Harbor: your conversation");
    assert!(
        mail.text.contains("Do you ship to Norway?"),
        "{}",
        mail.text
    );
    assert!(
        mail.text
            .contains("Reply to this email to write in the same conversation.")
    );
    assert_error(
        app.visitor_post("transcript", &lead).await,
        429,
        "rate_limited",
    )
    .await;
    let elsewhere: Value = app.config(&quiet).await.json().await.unwrap();
    assert_eq!(elsewhere["transcripts"], false, "that bot's email is off");
    let other = chat_id();
    app.message(&json!({"token": quiet, "chat_id": other, "message": "Hi"}))
        .await;
    let off = json!({"site_key": quiet, "session_id": other, "email": "lee@example.com"});
    assert_error(app.visitor_post("transcript", &off).await, 403, "forbidden").await;
    // Nor are Cy and the owner told of that bot's visitors.
    asks_for_a_person_of(&app, &quiet, "Anyone?").await;
    tokio::time::sleep(SETTLE).await;
    assert_eq!(sent_mail(&server).len(), 10, "{:#?}", letters(&server));

    // The owner's morning digest: the day on each bot.
    digest(&app, &server).await;
    let mail = emails(&server, 11).await.remove(10);
    assert_eq!(mail.field("To"), BOSS, "agents get no digest");
    assert!(mail.field("Subject").starts_with("Your bots' day: "));
    assert!(
        mail.text
            .contains("Harbor: 5 conversations, 4 asked for a person"),
        "{}",
        mail.text
    );
    assert!(
        mail.text
            .contains("Unanswered: 3 visitors are still waiting for a person."),
        "{}",
        mail.text
    );
    let stop = mail
        .text
        .split("/api/email/unsubscribe?t=")
        .nth(1)
        .map(|rest| rest.chars().take(32).collect::<String>())
        .unwrap();
    let clicked = app
        .client
        .post(app.url(&format!("/api/email/unsubscribe?t={stop}")))
        .body("List-Unsubscribe=One-Click")
        .sent()
        .await
        .unwrap();
    assert_eq!(clicked.status(), 200);
    digest(&app, &server).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;

    // Every email that went out was one of these.
    let mut all = letters(&server);
    all.sort();
    let mut wanted: Vec<(String, String)> = [
        (ANA, "Support invites you to their Porthole inbox"),
        (ANA, "Harbor: A visitor is waiting for a person"),
        (BOSS, "Harbor: A visitor is waiting for a person"),
        (ANA, "Harbor: Ann <ann@example.com> is waiting for a person"),
        (BO, "Harbor: Ann <ann@example.com> is waiting for a person"),
        (
            BOSS,
            "Harbor: Ann <ann@example.com> is waiting for a person",
        ),
        (ANA, "Harbor: lee@example.com left their contact details"),
        (BO, "Harbor: lee@example.com left their contact details"),
        (BOSS, "Harbor: lee@example.com left their contact details"),
        ("lee@example.com", "Harbor: your conversation"),
        (BOSS, "Your bots' day"),
    ]
    .iter()
    .map(|(to, subject)| (to.to_string(), subject.to_string()))
    .collect();
    wanted.sort();
    assert_eq!(all.len(), wanted.len(), "{all:#?}");
    for ((to, subject), (want_to, want_subject)) in all.iter().zip(&wanted) {
        assert_eq!(to, want_to);
        assert!(
            subject.starts_with(want_subject.as_str()),
            "{subject} / {want_subject}"
        );
    }
}
