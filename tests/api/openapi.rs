//! The OpenAPI document (`GET /api/openapi.json`) against the running service: it is OpenAPI
//! 3.1 and well formed (references resolve, examples fit their schemas); it documents exactly
//! the routes the router registers; every operation, sent as documented (fixtures in its path,
//! its example body, the credentials its `security` names), answers its documented success with
//! a body its schema accepts; every secured operation answers a documented 401 without
//! credentials; a malformed JSON body a documented 400; and ids that name nothing a documented
//! 404.

mod fixtures;

use crate::helpers::{TestApp, spawn_app};
use fixtures::{Fixtures, png_part};
use porthole_shared::sse::SseDecoder;
use porthole_tests::client::Sent;
use porthole_tests::openapi::{Doc, Operation, normalize, router_routes};
use porthole_tests::tenant::TenantSocket;
use reqwest::Method;
use reqwest::multipart::Form;
use serde_json::{Value, json};
use std::cmp::Reverse;
use std::collections::{BTreeSet, HashSet};

/// The route table, read as text.
const ROUTER: &str = include_str!("../../edge/src/routes/mod.rs");

/// How a request carries credentials and a body.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sending {
    /// As documented: the first security requirement, the example body.
    Documented,
    /// As documented, without credentials.
    Anonymous,
    /// As documented, with the body `{`.
    Malformed,
}

/// The document, as the service serves it.
async fn served_doc(app: &TestApp) -> Doc {
    let response = app
        .client
        .get(format!("{}/api/openapi.json", app.base))
        .sent()
        .await
        .expect("openapi.json");
    assert_eq!(response.status(), 200);
    let headers = response.headers();
    assert!(
        header(headers, "content-type").starts_with("application/json"),
        "{headers:?}"
    );
    assert_eq!(header(headers, "access-control-allow-origin"), "*");
    Doc::parse(&response.text().await.expect("body")).expect("the document is JSON")
}

/// The header `name` as text (`""` when absent).
fn header(headers: &reqwest::header::HeaderMap, name: &str) -> String {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned()
}

/// The documented success statuses of `op` (2xx, or 101 for the socket).
fn successes(op: &Value) -> Vec<u16> {
    op["responses"]
        .as_object()
        .expect("responses")
        .keys()
        .filter_map(|k| k.parse::<u16>().ok())
        .filter(|s| (200..300).contains(s) || *s == 101)
        .collect()
}

/// The JSON example of `op`'s request body, when it has a JSON body.
fn json_example<'a>(doc: &'a Doc, op: &'a Value) -> Option<(&'a Value, Option<&'a Value>)> {
    let body = doc.resolve(op.get("requestBody")?);
    let media = body["content"].get("application/json")?;
    Some((&media["schema"], media.get("example")))
}

/// Sends `op` as `how` says.
async fn send(
    app: &TestApp,
    doc: &Doc,
    fx: &Fixtures,
    op: &Operation,
    how: Sending,
) -> reqwest::Response {
    let mut path = op.path.clone();
    let mut query: Vec<(String, String)> = Vec::new();
    for param in doc.parameters(&op.op) {
        let name = param["name"].as_str().expect("name");
        match param["in"].as_str() {
            Some("path") => {
                let value = fx.path_value(&op.method, &op.path, name);
                path = path.replace(&format!("{{{name}}}"), &value);
            }
            Some("query") if param["required"] == true => {
                let value = fx
                    .query_value(name)
                    .or_else(|| param["example"].as_str().map(str::to_owned))
                    .unwrap_or_else(|| panic!("{}: no value for {name}", op.name()));
                query.push((name.to_owned(), value));
            }
            _ => {}
        }
    }
    let method = Method::from_bytes(op.method.as_bytes()).expect("method");
    let mut req = app
        .client
        .request(method, format!("{}{path}", app.base))
        .query(&query);
    if how != Sending::Anonymous
        && let Some(requirement) = op.op["security"].as_array().and_then(|s| s.first())
    {
        let (scheme, _) = requirement
            .as_object()
            .and_then(|r| r.iter().next())
            .expect("a scheme");
        let definition = &doc.value["components"]["securitySchemes"][scheme];
        req = req.header("Authorization", fx.credential(scheme, definition));
    }
    if let Some((_, example)) = json_example(doc, &op.op) {
        req = match how {
            Sending::Malformed => req.header("Content-Type", "application/json").body("{"),
            _ => req.json(&fx.body(op, example.expect("a request example"))),
        };
    } else if op.path == "/api/v1/chat/upload-image" {
        let form = Form::new()
            .text("site_key", fx.token.clone())
            .text("session_id", fx.chat.clone())
            .part("image", png_part());
        req = req.multipart(form);
    }
    req.sent().await.expect("request")
}

/// Checks that `response` is one of `op`'s documented responses among `expected`: its status,
/// its content type, its documented headers, and its body against the schema.
async fn check(
    doc: &Doc,
    op: &Operation,
    response: reqwest::Response,
    expected: &[u16],
) -> Result<(), String> {
    let status = response.status().as_u16();
    if !expected.contains(&status) {
        let body = response.text().await.unwrap_or_default();
        return Err(format!("answered {status}, not {expected:?}: {body:.300}"));
    }
    let documented = doc
        .response(&op.op, status)
        .ok_or_else(|| format!("{status} is not documented"))?;
    // A header documented with `"required": false` may be absent (a page with no next one).
    for name in documented["headers"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, h)| h["required"] != false)
        .map(|(k, _)| k)
    {
        if response.headers().get(name.as_str()).is_none() {
            return Err(format!("{status} lacks the documented header {name}"));
        }
    }
    let content_type = header(response.headers(), "content-type");
    let media = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_owned();
    let bytes = response.bytes().await.map_err(|e| e.to_string())?;
    let Some(content) = documented["content"].as_object() else {
        return Ok(());
    };
    let described = content.get(&media).ok_or_else(|| {
        let known: Vec<&String> = content.keys().collect();
        format!("{status} came as {content_type:?}, documented as {known:?}")
    })?;
    match media.as_str() {
        "application/json" => {
            let body: Value = serde_json::from_slice(&bytes)
                .map_err(|e| format!("{status}: the body is not JSON ({e})"))?;
            doc.validate(&described["schema"], &body).map_err(|e| {
                let shown = body.to_string();
                format!("{status}: {e}; body: {shown:.400}")
            })
        }
        "text/event-stream" => {
            let events = SseDecoder::new().push_events(&bytes);
            // Only a stream documented as possibly empty (`x-sse-may-be-empty`) may be.
            if events.is_empty() && described["x-sse-may-be-empty"] != true {
                return Err("the event stream has no events".into());
            }
            for event in events {
                let data: Value = serde_json::from_str(&event.data)
                    .map_err(|e| format!("a frame is not JSON ({e}): {}", event.data))?;
                doc.validate(&described["x-sse-data"], &data)
                    .map_err(|e| format!("frame {}: {e}", event.data))?;
            }
            Ok(())
        }
        _ if bytes.is_empty() => Err(format!("{status}: an empty {media} body")),
        _ => Ok(()),
    }
}

/// Fails with every mismatch found, one per line.
fn report(what: &str, failures: Vec<String>) {
    assert!(
        failures.is_empty(),
        "{} operation(s) {what}:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[tokio::test]
async fn the_document_is_openapi_3_1_and_well_formed() {
    let app = spawn_app().await;
    let doc = served_doc(&app).await;
    let v = &doc.value;
    assert!(v["openapi"].as_str().is_some_and(|s| s.starts_with("3.1.")));
    assert_eq!(
        v["jsonSchemaDialect"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert!(v["info"]["title"].is_string() && v["info"]["version"].is_string());
    let mut failures = Vec::new();
    dangling_refs(&doc, v, "#", &mut failures);
    for (name, schema) in v["components"]["schemas"].as_object().expect("schemas") {
        if let Err(e) = doc.validate(schema, &Value::Null)
            && e.contains("does not compile")
        {
            failures.push(format!("schema {name}: {e}"));
        }
    }
    let tags: HashSet<&str> = v["tags"]
        .as_array()
        .expect("tags")
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    let schemes = &v["components"]["securitySchemes"];
    let mut ids = HashSet::new();
    for op in doc.operations() {
        if let Err(e) = well_formed(&doc, &op, &tags, schemes, &mut ids) {
            failures.push(format!("{}: {e}", op.name()));
        }
    }
    report("are not well documented", failures);
}

/// Every `$ref` under `value` points at something.
fn dangling_refs(doc: &Doc, value: &Value, at: &str, failures: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(r) = map.get("$ref").and_then(Value::as_str)
                && r.strip_prefix('#')
                    .is_none_or(|p| doc.value.pointer(p).is_none())
            {
                failures.push(format!("{at}: dangling $ref {r}"));
            }
            for (k, v) in map {
                dangling_refs(doc, v, &format!("{at}/{k}"), failures);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                dangling_refs(doc, v, &format!("{at}/{i}"), failures);
            }
        }
        _ => {}
    }
}

/// What every operation must have: a unique id, a summary, declared tags, a success, its path
/// parameters, known security schemes with a 401, a 400 for a JSON body, and examples that fit.
fn well_formed(
    doc: &Doc,
    op: &Operation,
    tags: &HashSet<&str>,
    schemes: &Value,
    ids: &mut HashSet<String>,
) -> Result<(), String> {
    let o = &op.op;
    let id = o["operationId"].as_str().ok_or("no operationId")?;
    if !ids.insert(id.to_owned()) {
        return Err(format!("operationId {id} is used twice"));
    }
    if o["summary"].as_str().is_none_or(str::is_empty) {
        return Err("no summary".into());
    }
    let op_tags = o["tags"].as_array().ok_or("no tags")?;
    if op_tags.is_empty()
        || op_tags
            .iter()
            .any(|t| !tags.contains(t.as_str().unwrap_or("")))
    {
        return Err(format!("undeclared or missing tags {op_tags:?}"));
    }
    if successes(o).is_empty() {
        return Err("no success response".into());
    }
    let params = doc.parameters(o);
    let declared: BTreeSet<&str> = params
        .iter()
        .filter(|p| p["in"] == "path" && p["required"] == true)
        .filter_map(|p| p["name"].as_str())
        .collect();
    let templated: BTreeSet<&str> = op
        .path
        .split('/')
        .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
        .collect();
    if declared != templated {
        return Err(format!(
            "path parameters {declared:?}, path has {templated:?}"
        ));
    }
    for p in &params {
        if let Some(example) = p.get("example") {
            doc.validate(&p["schema"], example)
                .map_err(|e| format!("the example of {}: {e}", p["name"]))?;
        }
    }
    let security = o["security"]
        .as_array()
        .ok_or("no security (use [] when public)")?;
    for requirement in security {
        for (name, _) in requirement.as_object().into_iter().flatten() {
            if schemes.get(name).is_none() {
                return Err(format!("unknown security scheme {name}"));
            }
        }
    }
    if !security.is_empty() && doc.response(o, 401).is_none() {
        return Err("secured, but no 401 documented".into());
    }
    if let Some((schema, example)) = json_example(doc, o) {
        let example = example.ok_or("a JSON body without an example")?;
        doc.validate(schema, example)
            .map_err(|e| format!("the request example: {e}"))?;
        if doc.response(o, 400).is_none() {
            return Err("a JSON body, but no 400 documented".into());
        }
    }
    Ok(())
}

#[tokio::test]
async fn every_route_is_documented_and_every_documented_route_exists() {
    let app = spawn_app().await;
    let doc = served_doc(&app).await;
    let registered = router_routes(ROUTER);
    let documented = doc.routes();
    let undocumented: Vec<_> = registered.difference(&documented).collect();
    let unregistered: Vec<_> = documented.difference(&registered).collect();
    assert!(
        undocumented.is_empty() && unregistered.is_empty(),
        "routes the document lacks: {undocumented:?}\ndocumented routes the router lacks: \
         {unregistered:?}"
    );
    assert!(registered.len() > 60, "read {} routes", registered.len());
    // Seed 004's paths are documented with the seed's trailing slash.
    for (path, _) in doc.value["paths"].as_object().expect("paths") {
        if path.starts_with("/api/web-chats/") || path.starts_with("/api/chatbots/") {
            assert!(path.ends_with('/'), "{path}");
            assert_ne!(normalize(path), *path);
        }
    }
}

#[tokio::test]
async fn every_operation_answers_its_documented_success() {
    let app = spawn_app().await;
    let doc = served_doc(&app).await;
    let fx = Fixtures::new(&app).await;
    // Deletions last, children before parents, so no operation loses what it acts on.
    let (mut deletes, others): (Vec<Operation>, Vec<Operation>) = doc
        .operations()
        .into_iter()
        .partition(|o| o.method == "DELETE");
    deletes.sort_by_key(|o| Reverse(o.path.matches('/').count()));
    let mut ops = Vec::new();
    for op in others {
        // Seed 004's paths answer without their trailing slash too, as their descriptions say.
        let bare = (normalize(&op.path) != op.path).then(|| Operation {
            path: normalize(&op.path),
            ..op.clone()
        });
        ops.push(op);
        ops.extend(bare);
    }
    ops.extend(deletes);
    let mut failures = Vec::new();
    for op in &ops {
        // An operation that needs what the walk cannot make (an email sent) names the test
        // that exercises it.
        if op.op.get("x-exercised-by").is_some() {
            continue;
        }
        let expected = successes(&op.op);
        let outcome = if op.path == "/api/ws/tenant" {
            socket(&app, &fx, &expected).await
        } else {
            check(
                &doc,
                op,
                send(&app, &doc, &fx, op, Sending::Documented).await,
                &expected,
            )
            .await
        };
        if let Err(e) = outcome {
            failures.push(format!("{}: {e}", op.name()));
        }
    }
    report("do not answer as documented", failures);
    assert!(ops.len() > 60, "walked {} operations", ops.len());
}

/// The tenant socket opens (101) and accepts the operator's JWT.
async fn socket(app: &TestApp, fx: &Fixtures, expected: &[u16]) -> Result<(), String> {
    if !expected.contains(&101) {
        return Err(format!("documents {expected:?}, not 101"));
    }
    let mut ws = TenantSocket::connect(&app.base).await;
    let ok = ws.auth(&fx.jwt, None).await;
    (ok["data"]["role"] == "agent" && ok["data"]["bots"] == json!([fx.token]))
        .then_some(())
        .ok_or_else(|| format!("auth:ok for someone else: {ok}"))
}

#[tokio::test]
async fn every_secured_operation_answers_a_documented_401_without_credentials() {
    let app = spawn_app().await;
    let doc = served_doc(&app).await;
    let fx = Fixtures::new(&app).await;
    let mut failures = Vec::new();
    let mut secured = 0;
    for op in doc.operations() {
        if op.op["security"].as_array().is_none_or(Vec::is_empty) {
            continue;
        }
        secured += 1;
        let response = send(&app, &doc, &fx, &op, Sending::Anonymous).await;
        if let Err(e) = check(&doc, &op, response, &[401]).await {
            failures.push(format!("{}: {e}", op.name()));
        }
    }
    report("do not refuse anonymous callers as documented", failures);
    assert!(secured > 40, "{secured} secured operations");
}

#[tokio::test]
async fn a_malformed_json_body_answers_a_documented_400() {
    let app = spawn_app().await;
    let doc = served_doc(&app).await;
    let fx = Fixtures::new(&app).await;
    let mut failures = Vec::new();
    let mut with_body = 0;
    for op in doc.operations() {
        if json_example(&doc, &op.op).is_none() {
            continue;
        }
        with_body += 1;
        let response = send(&app, &doc, &fx, &op, Sending::Malformed).await;
        let refusals: Vec<u16> = [400, 415]
            .into_iter()
            .filter(|s| doc.response(&op.op, *s).is_some())
            .collect();
        if let Err(e) = check(&doc, &op, response, &refusals).await {
            failures.push(format!("{}: {e}", op.name()));
        }
    }
    report("do not refuse a malformed body as documented", failures);
    assert!(with_body > 30, "{with_body} operations with a JSON body");
}

#[tokio::test]
async fn ids_that_name_nothing_answer_a_documented_404() {
    let app = spawn_app().await;
    let doc = served_doc(&app).await;
    let fx = Fixtures::new(&app).await.unknown();
    let mut failures = Vec::new();
    let mut probed = 0;
    for op in doc.operations() {
        // `PUT` makes the bot at an unknown token; its 404 is for a malformed one.
        // An operation exercised by a test of its own (`x-exercised-by`) is left to it.
        if doc.response(&op.op, 404).is_none()
            || op.method == "PUT"
            || op.op.get("x-exercised-by").is_some()
        {
            continue;
        }
        probed += 1;
        let response = send(&app, &doc, &fx, &op, Sending::Documented).await;
        if let Err(e) = check(&doc, &op, response, &[404]).await {
            failures.push(format!("{}: {e}", op.name()));
        }
    }
    report("do not answer an unknown id as documented", failures);
    assert!(probed > 40, "{probed} operations document a 404");
}
