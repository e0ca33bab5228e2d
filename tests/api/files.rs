//! PDF and Word files as knowledge: real files made by LibreOffice from an HTML page, uploaded
//! through the admin API in base64, come back as their text with their headings and tables, a
//! PDF's passages citing their page; a file with no text (a scan) and malformed uploads are
//! refused with a clear 400.

use crate::helpers::{TestApp, assert_error, spawn_app};
use base64::Engine;
use porthole_tests::office;
use reqwest::Method;
use serde_json::{Value, json};

const HANDBOOK: &str = r#"<html><body>
<h1>Staff handbook</h1>
<p>Welcome to Harbor Lights Coffee.</p>
<h2>Opening hours</h2>
<p>We open at 7am on weekdays and at 8am on weekends.</p>
<ul><li>Monday to Friday: 7am to 6pm</li><li>Saturday and Sunday: 8am to 4pm</li></ul>
<h2 style="page-break-before: always">Returns</h2>
<p>Unopened bags can be returned within 30 days of delivery for a full refund.</p>
</body></html>"#;

const PRICES: &str = r#"<html><body>
<h1>Price list</h1>
<h2>Beans</h2>
<table border="1"><tr><th>Coffee</th><th>250 g</th><th>1 kg</th></tr>
<tr><td>Harbor Blend</td><td>10.00</td><td>34.00</td></tr>
<tr><td>Lighthouse Decaf</td><td>11.50</td><td>39.00</td></tr></table>
</body></html>"#;

fn base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

async fn upload(app: &TestApp, body: &Value) -> reqwest::Response {
    let path = format!("/api/admin/bots/{}/documents", app.token);
    app.admin(Method::POST, &path, Some(body)).await
}

#[tokio::test]
async fn a_pdf_answers_with_its_page_and_a_word_file_with_its_table() {
    let app = spawn_app().await;
    let pdf = office::convert(HANDBOOK, "pdf");
    let response = upload(
        &app,
        &json!({"title": "Staff handbook", "url": "https://harbor.test/handbook.pdf",
                "format": "pdf", "file": base64(&pdf)}),
    )
    .await;
    assert_eq!(response.status(), 201);
    let added: Value = response.json().await.expect("json");
    assert_eq!(added["document"]["format"], "pdf", "{added}");
    assert!(added["document"]["chunks"].as_i64() >= Some(2), "{added}");

    let saturday = app
        .ask("When does the staff handbook say we open on Saturday?")
        .await;
    assert!(
        saturday["reply"]
            .as_str()
            .unwrap_or_default()
            .contains("8am to 4pm"),
        "{saturday}"
    );
    assert_eq!(
        saturday["sources"][0],
        json!({"title": "Staff handbook, page 1", "url": "https://harbor.test/handbook.pdf#page=1"})
    );
    let returns = app.ask("Can unopened bags be returned for a refund?").await;
    assert!(
        returns["reply"]
            .as_str()
            .unwrap_or_default()
            .contains("30 days"),
        "{returns}"
    );
    assert_eq!(
        returns["sources"][0]["url"], "https://harbor.test/handbook.pdf#page=2",
        "{returns}"
    );

    let docx = office::convert(PRICES, "docx");
    let response = upload(
        &app,
        &json!({"title": "Price list", "format": "docx", "file": base64(&docx)}),
    )
    .await;
    assert_eq!(response.status(), 201);
    let decaf = app.ask("What does the Lighthouse Decaf cost?").await;
    let reply = decaf["reply"].as_str().unwrap_or_default();
    assert!(
        reply.contains("| Lighthouse Decaf | 11.50 | 39.00 |"),
        "{decaf}"
    );
    assert!(
        reply.contains("| Coffee | 250 g | 1 kg |"),
        "the table's header: {decaf}"
    );
}

#[tokio::test]
async fn a_file_without_text_or_not_of_its_format_is_refused_clearly() {
    let app = spawn_app().await;
    let scan = upload(
        &app,
        &json!({"title": "Scan", "format": "pdf", "file": base64(&office::pdf_without_text())}),
    )
    .await;
    let body = assert_error(scan, 400, "invalid_field").await;
    let message = body["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        message.contains("no text") && message.contains("OCR"),
        "{body}"
    );

    let refused = [
        json!({"title": "Junk", "format": "pdf", "file": base64(b"not a pdf")}),
        json!({"title": "Junk", "format": "docx", "file": base64(b"not a zip")}),
        json!({"title": "Junk", "format": "docx", "file": "%%% not base64"}),
        json!({"title": "Both", "format": "pdf", "file": base64(b"x"), "text": "hello"}),
        json!({"title": "None", "format": "pdf"}),
        json!({"title": "Text", "format": "markdown", "text": "hello", "file": base64(b"x")}),
    ];
    for body in refused {
        let response = upload(&app, &body).await;
        assert_eq!(response.status(), 400, "{body}");
    }
}
