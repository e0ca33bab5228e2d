//! Knowledge ingestion: text, Markdown and HTML documents, chunking, replacement by URL, and the
//! size limits per document and per bot.

use crate::helpers::{KNOWLEDGE_MAX_CHARS, assert_error, spawn_app};
use porthole_shared::admin::DOCUMENT_MAX_CHARS;
use reqwest::Method;
use serde_json::{Value, json};

#[tokio::test]
async fn an_html_document_is_read_with_its_headings_and_answered_from() {
    let app = spawn_app().await;
    let html = "<!doctype html><html><head><title>x</title><style>.a{color:red}</style><script>var secret = 1;</script></head>\
        <body><h1>Roasting</h1><p>We roast on <b>Tuesdays</b> and Fridays.</p><h2>Decaf</h2><p>Our decaf is Swiss Water processed.</p></body></html>";
    let added = app
        .add_document(&app.token, "Roasting", "https://harbor.test/roasting", html)
        .await;
    assert_eq!(added["document"]["format"], "html");
    let body: Value = app
        .message(&json!({"token": app.token, "message": "Which days do you roast?"}))
        .await
        .json()
        .await
        .unwrap();
    let reply = body["reply"].as_str().unwrap();
    assert!(
        reply.contains("Tuesdays") && reply.contains("Fridays"),
        "{reply}"
    );
    assert!(!reply.contains('<') && !reply.contains("secret"), "{reply}");
    let body: Value = app
        .message(&json!({"token": app.token, "message": "How is the decaf processed?"}))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        body["reply"].as_str().unwrap().contains("Swiss Water"),
        "{body}"
    );
}

#[tokio::test]
async fn a_long_document_is_split_into_several_chunks() {
    let app = spawn_app().await;
    let text: String = (0..60)
        .map(|i| {
            format!(
                "## Bean {i}\nThe bean number {i} comes from farm {i} and tastes of cherry {i}.\n\n"
            )
        })
        .collect();
    let added = app
        .add_document(&app.token, "Beans", "https://harbor.test/beans", &text)
        .await;
    assert!(
        added["document"]["chunks"].as_i64().unwrap() >= 5,
        "{added}"
    );
    let body: Value = app
        .message(&json!({"token": app.token, "message": "Where does bean 42 come from?"}))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        body["reply"].as_str().unwrap().contains("farm 42"),
        "{body}"
    );
}

#[tokio::test]
async fn a_document_over_the_size_limit_gets_413() {
    let app = spawn_app().await;
    let path = format!("/api/admin/bots/{}/documents", app.token);
    let big = "a ".repeat(DOCUMENT_MAX_CHARS / 2 + 1);
    let body = json!({"title": "Big", "text": big});
    assert_error(
        app.admin(Method::POST, &path, Some(&body)).await,
        413,
        "payload_too_large",
    )
    .await;
    let huge = json!({"title": "Huge", "text": "x".repeat(3 * 1024 * 1024)});
    assert_error(
        app.admin(Method::POST, &path, Some(&huge)).await,
        413,
        "payload_too_large",
    )
    .await;
}

#[tokio::test]
async fn a_bot_over_its_knowledge_limit_gets_413_and_keeps_what_it_had() {
    let app = spawn_app().await;
    let path = format!("/api/admin/bots/{}/documents", app.token);
    let chunk = "coffee ".repeat(60_000); // 420,000 characters
    let mut added = 0;
    let refusal = loop {
        let body = json!({"title": format!("Part {added}"), "url": format!("https://harbor.test/p{added}"), "text": chunk});
        let response = app.admin(Method::POST, &path, Some(&body)).await;
        if response.status() != 201 {
            break response;
        }
        added += 1;
        assert!(
            added * chunk.len() <= KNOWLEDGE_MAX_CHARS,
            "the limit was not enforced"
        );
    };
    assert_eq!(added, KNOWLEDGE_MAX_CHARS / chunk.len());
    assert_error(refusal, 413, "payload_too_large").await;
    let listed: Value = app
        .admin(Method::GET, &path, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        listed["documents"].as_array().unwrap().len(),
        2 + added,
        "the two starting documents and the parts"
    );
    // Replacing a document by URL with a smaller one is still allowed at the limit.
    let smaller = json!({"title": "Part 0", "url": "https://harbor.test/p0", "text": "coffee"});
    assert_eq!(
        app.admin(Method::POST, &path, Some(&smaller))
            .await
            .status(),
        201
    );
}

#[tokio::test]
async fn a_document_id_that_is_not_exactly_a_number_deletes_nothing() {
    let app = spawn_app().await;
    // Documents 3 to 12 beside the two every test bot has.
    for i in 3..=12 {
        app.add_document(
            &app.token,
            &format!("Note {i}"),
            &format!("https://harbor.test/note-{i}"),
            &format!("Note number {i} is about the roastery."),
        )
        .await;
    }
    let docs_path = format!("/api/admin/bots/{}/documents", app.token);
    let ids = |listed: &Value| -> Vec<i64> {
        listed["documents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["id"].as_i64().unwrap())
            .collect()
    };
    let before: Value = app
        .admin(Method::GET, &docs_path, None)
        .await
        .json()
        .await
        .unwrap();
    assert!(ids(&before).contains(&12), "{before}");
    for id in [
        "1x2",
        "+12",
        "012",
        "12x",
        "1.2e1",
        "12%20",
        "-12",
        "0",
        "99999999999999999999",
    ] {
        let response = app
            .admin(Method::DELETE, &format!("{docs_path}/{id}"), None)
            .await;
        assert_error(response, 404, "not_found").await;
    }
    let after: Value = app
        .admin(Method::GET, &docs_path, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ids(&after), ids(&before), "no document was deleted");
    let response = app
        .admin(Method::DELETE, &format!("{docs_path}/12"), None)
        .await;
    assert_eq!(response.status(), 200, "document 12 itself can be deleted");
}

/// A document is read with its text and corrected in place: the bot answers from the new text
/// at once, the id stays, a URL that is another document's is refused (409), and a PDF's edited
/// text keeps its pages.
#[tokio::test]
async fn a_document_is_read_and_corrected_in_place() {
    let app = spawn_app().await;
    let docs = format!("/api/admin/bots/{}/documents", app.token);
    let first: Value = app
        .admin(
            Method::POST,
            &docs,
            Some(
                &json!({"title": "Hours", "url": "https://harbor.test/hours",
        "text": "## Opening hours\nWe open at 7am on weekdays."}),
            ),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = first["document"]["id"].as_i64().unwrap();
    let beans = json!({"title": "Beans", "url": "https://harbor.test/beans", "text": "Our beans come from Kenya."});
    app.admin(Method::POST, &docs, Some(&beans)).await;
    let read: Value = app
        .admin(Method::GET, &format!("{docs}/{id}"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        read["text"], "## Opening hours\nWe open at 7am on weekdays.",
        "{read}"
    );
    assert_eq!(read["document"]["title"], "Hours");

    let corrected = json!({"title": "Hours", "url": "https://harbor.test/hours",
        "text": "## Opening hours\nWe open at 8am on weekdays.", "format": "markdown"});
    let put = app
        .admin(Method::PUT, &format!("{docs}/{id}"), Some(&corrected))
        .await;
    assert_eq!(put.status(), 200);
    let put: Value = put.json().await.unwrap();
    assert_eq!(put["document"]["id"], id, "the same document");
    let got = app.ask("When do you open on weekdays?").await;
    assert!(got["reply"].as_str().unwrap().contains("8am"), "{got}");

    let taken = json!({"title": "Hours", "url": "https://harbor.test/beans", "text": "x"});
    assert_error(
        app.admin(Method::PUT, &format!("{docs}/{id}"), Some(&taken))
            .await,
        409,
        "conflict",
    )
    .await;
    assert_error(
        app.admin(Method::GET, &format!("{docs}/999999"), None)
            .await,
        404,
        "not_found",
    )
    .await;

    // A PDF's text, edited, keeps its pages (each passage cites its page).
    let pdf_text = "# Handbook\n\nReturns within 30 days.\u{c}Refunds take 5 days.";
    let stored: Value = app
        .admin(Method::PUT, &format!("{docs}/{id}"),
            Some(&json!({"title": "Handbook", "url": "https://harbor.test/h.pdf", "text": pdf_text, "format": "pdf"})))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(stored["document"]["format"], "pdf", "{stored}");
    assert_eq!(stored["document"]["chunks"], 2, "{stored}");
}
