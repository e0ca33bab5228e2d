//! Curated answers (`/api/admin/bots/{token}/answers`): saved, listed, changed and deleted
//! apart from the documents; refused with the documented errors; given as written for their
//! own wording by a bot that finds by words, and for a paraphrase in other words or another
//! language by a bot that finds by meaning (the real local model), over a document that says
//! otherwise; changed, the new answer is given at once; agents given the bot may curate, no
//! one else.

use crate::helpers::{TestApp, app_with_bot, assert_error, server_with_embeddings, spawn_app};
use porthole_tests::client::Sent;
use reqwest::Method;
use serde_json::{Value, json};

const RETURNS: &str = "## Returns\nUnopened bags can be returned within 30 days of delivery for a full refund. If a bag arrives damaged, email a photo to hello@harbor-lights.example and we send a new one at no cost.";
const HOURS: &str =
    "## Opening hours\n- Monday to Friday: 7am to 6pm\n- Saturday and Sunday: 8am to 4pm";
const OPENED: &str = "Yes: an opened bag you did not like can be exchanged once, within 14 days, for another coffee.";

async fn save(app: &TestApp, method: Method, path: &str, body: &Value, status: u16) -> Value {
    let response = app.admin(method, path, Some(body)).await;
    assert_eq!(response.status(), status, "{path} {body}");
    response.json().await.expect("json")
}

async fn list_documents(app: &TestApp) -> Value {
    let path = format!("/api/admin/bots/{}/documents", app.token);
    save(app, Method::GET, &path, &Value::Null, 200).await
}

#[tokio::test]
async fn curated_answers_are_kept_apart_from_documents_and_refused_when_malformed() {
    let app = spawn_app().await;
    let path = format!("/api/admin/bots/{}/answers", app.token);
    let saved = save(
        &app,
        Method::POST,
        &path,
        &json!({"questions": [" Can I return an opened bag? ", "Opened coffee refund"], "answer": OPENED,
                "url": "https://harbor.test/returns#opened"}),
        201,
    )
    .await;
    let answer = &saved["answer"];
    assert_eq!(
        answer["questions"],
        json!(["Can I return an opened bag?", "Opened coffee refund"])
    );
    assert_eq!(answer["answer"], OPENED);
    assert_eq!(answer["url"], "https://harbor.test/returns#opened");
    let id = answer["id"].as_i64().expect("id");

    let list = save(&app, Method::GET, &path, &Value::Null, 200).await;
    assert_eq!(list["answers"].as_array().map(Vec::len), Some(1), "{list}");
    let documents = list_documents(&app).await;
    let titles: Vec<&str> = documents["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .filter_map(|d| d["title"].as_str())
        .collect();
    assert!(
        !titles.contains(&"Can I return an opened bag?"),
        "an answer is not a document: {titles:?}"
    );
    let status = app.bot(&app.token).await["status"].clone();
    assert_eq!(status["answers"], 1, "{status}");

    let changed = save(
        &app,
        Method::PUT,
        &format!("{path}/{id}"),
        &json!({"questions": ["Can I return an opened bag?"], "answer": "No, sorry."}),
        200,
    )
    .await;
    assert_eq!(changed["answer"]["id"], id);
    assert_eq!(
        changed["answer"]["questions"],
        json!(["Can I return an opened bag?"])
    );
    assert_eq!(changed["answer"]["url"], "");

    for bad in [
        json!({"questions": [], "answer": "x"}),
        json!({"questions": ["  "], "answer": "x"}),
        json!({"questions": ["Same?", "same?"], "answer": "x"}),
        json!({"questions": ["q"], "answer": ""}),
        json!({"questions": ["q"], "answer": "x".repeat(4001)}),
        json!({"questions": ["q".repeat(301)], "answer": "x"}),
        json!({"questions": ["q"], "answer": "x", "url": "javascript:alert(1)"}),
        json!({"questions": ["q"], "answer": "x", "extra": true}),
        json!({"questions": "q", "answer": "x"}),
    ] {
        let response = app.admin(Method::POST, &path, Some(&bad)).await;
        assert_eq!(response.status(), 400, "{bad}");
    }
    // A document's id, or no number at all, names no curated answer.
    let doc = app
        .add_document(&app.token, "Hours", "https://harbor.test/visit", HOURS)
        .await;
    let doc_id = doc["document"]["id"].as_i64().expect("document id");
    for bad_id in [doc_id.to_string(), "1x".into(), "0".into(), "999".into()] {
        let at = format!("{path}/{bad_id}");
        let body = json!({"questions": ["q"], "answer": "x"});
        assert_error(
            app.admin(Method::PUT, &at, Some(&body)).await,
            404,
            "not_found",
        )
        .await;
        assert_error(app.admin(Method::DELETE, &at, None).await, 404, "not_found").await;
    }
    let deleted = app
        .admin(Method::DELETE, &format!("{path}/{id}"), None)
        .await;
    assert_eq!(deleted.status(), 200);
    let list = save(&app, Method::GET, &path, &Value::Null, 200).await;
    assert_eq!(list["answers"], json!([]));
    let status = app.bot(&app.token).await["status"].clone();
    let documents = list_documents(&app).await;
    let listed = documents["documents"].as_array().map_or(0, Vec::len);
    assert_eq!(
        (status["answers"].clone(), status["documents"].clone()),
        (json!(0), json!(listed))
    );
}

#[tokio::test]
async fn its_own_wording_gets_the_answer_as_written_from_a_bot_that_finds_by_words() {
    let app = spawn_app().await;
    app.add_document(
        &app.token,
        "Returns",
        "https://harbor.test/returns",
        RETURNS,
    )
    .await;
    let path = format!("/api/admin/bots/{}/answers", app.token);
    let body = json!({"questions": ["Can I return an opened bag?"], "answer": OPENED});
    save(&app, Method::POST, &path, &body, 201).await;
    // The question tester says so.
    let trial: Value = app
        .admin(
            Method::POST,
            &format!("/api/admin/bots/{}/test-question", app.token),
            Some(&json!({"question": "Can I return an opened bag?"})),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(trial["reply"], OPENED, "{trial}");
    assert_eq!(
        (
            trial["passages"][0]["curated"].clone(),
            trial["passages"][0]["used"].clone()
        ),
        (json!(true), json!(true)),
        "{trial}"
    );
    let got = app.ask("can I return an opened bag").await;
    assert_eq!(got["reply"], OPENED, "{got}");
    assert_eq!(
        got["sources"],
        json!([]),
        "an answer without a link cites nothing: {got}"
    );
    // A question the answer does not match is still answered from the documents.
    let damaged = app.ask("What if the bag arrives damaged?").await;
    assert!(
        damaged["reply"]
            .as_str()
            .unwrap_or_default()
            .contains("email a photo"),
        "{damaged}"
    );
}

#[tokio::test]
async fn a_paraphrase_gets_the_curated_answer_over_a_document_and_a_change_holds_at_once() {
    let app = app_with_bot(
        &server_with_embeddings().await.base,
        json!({"bot_name": "Harbor"}),
        &[
            ("Returns", "https://harbor.test/returns", RETURNS),
            ("Visit us", "https://harbor.test/visit", HOURS),
        ],
    )
    .await;
    let path = format!("/api/admin/bots/{}/answers", app.token);
    let body = json!({"questions": ["Can I return an opened bag of coffee?"], "answer": OPENED,
                      "url": "https://harbor.test/returns#opened"});
    let id = save(&app, Method::POST, &path, &body, 201).await["answer"]["id"].clone();
    app.embedded(&app.token).await;

    for paraphrase in [
        "I opened the coffee and don't like it, can I send it back?",
        "¿Puedo devolver un paquete de café ya abierto?",
    ] {
        let got = app.ask(paraphrase).await;
        assert_eq!(got["reply"], OPENED, "{paraphrase}: {got}");
        assert_eq!(
            got["sources"],
            json!([{"title": "harbor.test/returns#opened", "url": "https://harbor.test/returns#opened"}]),
            "{got}"
        );
    }
    let hours = app.ask("When are you open on Saturday?").await;
    assert!(
        hours["reply"]
            .as_str()
            .unwrap_or_default()
            .contains("8am to 4pm"),
        "{hours}"
    );

    let corrected = "Opened bags cannot be returned, but write to us and we will make it right.";
    let body = json!({"questions": ["Can I return an opened bag of coffee?"], "answer": corrected});
    save(&app, Method::PUT, &format!("{path}/{id}"), &body, 200).await;
    app.embedded(&app.token).await;
    let got = app
        .ask("I opened the coffee and don't like it, can I send it back?")
        .await;
    assert_eq!(got["reply"], corrected, "{got}");
}

#[tokio::test]
async fn agents_given_the_bot_curate_its_answers_and_no_one_else_does() {
    let app = spawn_app().await;
    let other = app.create_bot(json!({"bot_name": "Other"})).await;
    let (jwt, _) = app.operator("agent", &[&app.token]).await;
    let body = json!({"questions": ["Do you roast on site?"], "answer": "Yes, every Tuesday."});
    let mine = format!("/api/admin/bots/{}/answers", app.token);
    let response = app.call(Method::POST, &mine, &jwt, Some(&body)).await;
    assert_eq!(response.status(), 201);
    let theirs = format!("/api/admin/bots/{other}/answers");
    assert_error(
        app.call(Method::POST, &theirs, &jwt, Some(&body)).await,
        403,
        "forbidden",
    )
    .await;
    assert_error(
        app.call(Method::GET, &theirs, &jwt, None).await,
        403,
        "forbidden",
    )
    .await;
    let anonymous = app
        .client
        .post(app.url(&mine))
        .json(&body)
        .sent()
        .await
        .expect("post");
    assert_eq!(anonymous.status(), 401);
}
