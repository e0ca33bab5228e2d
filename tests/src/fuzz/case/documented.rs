//! The request as documented: real fixtures (the sample values, a PNG) in its path, query,
//! credentials and body, the demo bot kept out of harm, and multipart bodies.

use super::*;

/// The placeholders of the document's examples (the OpenAPI walk's fixtures use the same).
pub(super) const SAMPLE_TOKEN: &str = "0123456789abcdef0123456789abcdef";
pub(super) const SAMPLE_CHAT: &str = "web_0123456789abcdef";
pub(super) const SAMPLE_BOT_ID: &str = "550e8400-e29b-41d4-a716-446655440000";
pub(super) const SAMPLE_LOGIN: &str = "jane.doe@example.com";
pub(super) const SAMPLE_NEW_OPERATOR: &str = "sam.agent@example.com";
pub(super) const SAMPLE_WEBHOOK: &str = "https://crm.example.com/porthole-webhook";
/// The site an example imports: here an address where nothing listens (no crawl leaves the machine).
pub(super) const SAMPLE_SITE: &str = "https://harbor.example/";

/// A 1×1 PNG.
pub(super) const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, b'I', b'H', b'D', b'R', 0, 0, 0,
    1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89,
];

/// Paths whose `DELETE` would take away what the run acts on (the scratch bot, its operator,
/// its key): sent to the scratch bot, they name something that does not exist instead.
pub(super) const DESTRUCTIVE: [&str; 3] = [
    "/api/admin/bots/{token}",
    "/api/admin/operators/{id}",
    "/api/admin/bots/{token}/keys/{id}",
];

/// The example of `op`'s JSON request body, when it takes one.
pub(super) fn json_example<'a>(doc: &'a Doc, op: &'a Operation) -> Option<&'a Value> {
    doc.resolve(&op.op["requestBody"])
        .get("content")
        .and_then(|c| c.get("application/json"))
        .and_then(|m| m.get("example"))
}

/// Keeps the scratch bot, its operator and its key alive and the bot switched on: a `DELETE`
/// of one of them, or any request whose path climbs with dot segments, names a well-formed id
/// that does not exist, and a body that would switch a bot off switches it on.
pub(super) fn protect(draft: &mut Draft, t: &Targets, demo: bool, rng: &mut Rng) {
    let climbs = |v: &str| {
        let lower = v.to_ascii_lowercase();
        v == "." || v == ".." || lower.contains("%2e") || v.contains("/.") || v.contains("./")
    };
    if draft.params.iter().any(|(_, v)| climbs(v)) && (demo || draft.method != "GET") {
        for (_, v) in draft.params.iter_mut() {
            if climbs(v) {
                *v = "x".into();
            }
        }
    }
    // A scratch bot that is switched off answers every visitor with "paused": keep it on.
    if let Body::Json(Value::Object(map)) = &mut draft.body {
        for key in ["enabled", "isActive"] {
            if map.get(key) == Some(&Value::Bool(false)) {
                map.insert(key.to_owned(), Value::Bool(true));
            }
        }
    }
    if !demo && draft.method == "DELETE" && DESTRUCTIVE.contains(&draft.template.as_str()) {
        for (name, value) in draft.params.iter_mut() {
            let keep = name == "token" && draft.template != "/api/admin/bots/{token}";
            if !keep && (*value == t.scratch.token || *value == t.operator_id || *value == t.key_id)
            {
                *value = rng.hex(32);
            }
        }
    }
}

/// The operation as documented, for the demo bot or the scratch bot.
pub(super) fn documented(
    doc: &Doc,
    op: &Operation,
    t: &Targets,
    demo: bool,
    rng: &mut Rng,
) -> Draft {
    let bot = if demo { &t.demo } else { &t.scratch };
    let chat = if demo {
        t.demo.chat.clone()
    } else {
        t.scratch.chat.clone()
    };
    let mut params = Vec::new();
    let mut query = Vec::new();
    let mut headers = Vec::new();
    for param in doc.parameters(&op.op) {
        let Some(name) = param["name"].as_str() else {
            continue;
        };
        match param["in"].as_str() {
            Some("path") => {
                let value = match (op.path.as_str(), name) {
                    (_, "token") => bot.token.clone(),
                    (_, "widgetId") => bot.bot_id.clone(),
                    (_, "file") => t.image_file.clone(),
                    ("/share/{id}", _) => t.share_id.clone(),
                    ("/api/v1/conversation/{id}/messages", _) => t.api_chat.clone(),
                    (p, _)
                        if p.starts_with("/api/web-chats/") || p.starts_with("/api/chatbots/") =>
                    {
                        bot.bot_id.clone()
                    }
                    ("/api/admin/operators/{id}", _) => t.operator_id.clone(),
                    ("/api/admin/bots/{token}/documents/{id}", _) => {
                        rng.pick(&bot.documents).to_string()
                    }
                    ("/api/admin/bots/{token}/keys/{id}", _) => t.key_id.clone(),
                    // The run makes no saved reply: a well-formed id (one the handler looks up)
                    // that names none.
                    ("/api/admin/replies/{id}", _) => format!("sr_{}", rng.hex(32)),
                    (p, "id") if p.contains("/conversations/{id}") => chat.clone(),
                    _ => "x".into(),
                };
                params.push((name.to_owned(), value));
            }
            Some("query") => {
                if param["required"] != true && rng.one_in(2) {
                    continue;
                }
                let value = match name {
                    "token" | "site_key" | "bot" => bot.token.clone(),
                    "session_id" => chat.clone(),
                    "visitor_id" => format!("v_{}", rng.hex(32)),
                    _ => example_text(doc, param).unwrap_or_else(|| "1".into()),
                };
                query.push(format!("{}={}", encode(name), encode(&value)));
            }
            Some("header") if name.eq_ignore_ascii_case("Last-Event-ID") && rng.one_in(4) => {
                headers.push((name.to_owned(), b"0".to_vec()));
            }
            _ => {}
        }
    }
    if let Some(requirement) = op.op["security"]
        .as_array()
        .filter(|s| !s.is_empty())
        .map(|s| {
            if s.len() > 1 && rng.one_in(4) {
                &s[1]
            } else {
                &s[0]
            }
        })
        && let Some((scheme, _)) = requirement.as_object().and_then(|r| r.iter().next())
    {
        let value = match scheme.as_str() {
            "adminToken" => format!("Bearer {}", t.admin),
            "operatorJwt" => format!("Bearer {}", t.jwt),
            "widgetTokenBearer" => format!("Bearer {}", bot.token),
            "apiKeyBearer" => format!("Bearer {}", t.api_key),
            "apiKeyHeader" => format!("Api-Key {}", t.api_key),
            _ => String::new(),
        };
        headers.push(("Authorization".to_owned(), value.into_bytes()));
    }
    let mut body = Body::None;
    if let Some(example) = json_example(doc, op) {
        let mut value = replaced(example, bot, &chat, rng);
        if op.path == "/api/v1/chat/feedback" {
            value["message_id"] = json!("1");
        }
        headers.push(("Content-Type".to_owned(), b"application/json".to_vec()));
        body = Body::Json(value);
    } else if op.path.ends_with("/upload-image") {
        let (content_type, bytes) = multipart(&bot.token, &chat, &mut *rng, |_| None);
        headers.push(("Content-Type".to_owned(), content_type.into_bytes()));
        body = Body::Raw(bytes);
    }
    Draft {
        method: op.method.clone(),
        template: op.path.clone(),
        params,
        path_override: None,
        query,
        headers,
        body,
        chunked: false,
    }
}

/// A parameter's example (or first enum value) as text.
pub(super) fn example_text(doc: &Doc, param: &Value) -> Option<String> {
    let example = param
        .get("example")
        .or_else(|| doc.resolve(&param["schema"]).get("enum")?.get(0))?;
    Some(match example {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    })
}

/// An example with its placeholders replaced by the bot's fixtures.
pub(super) fn replaced(value: &Value, bot: &crate::fuzz::Bot, chat: &str, rng: &mut Rng) -> Value {
    match value {
        Value::String(s) => Value::String(match s.as_str() {
            SAMPLE_TOKEN => bot.token.clone(),
            SAMPLE_CHAT => chat.to_owned(),
            SAMPLE_BOT_ID => bot.bot_id.clone(),
            SAMPLE_LOGIN | SAMPLE_NEW_OPERATOR => format!("fuzz-{}@example.test", rng.hex(12)),
            // Nothing listens there: a delivery fails at once.
            SAMPLE_WEBHOOK => "http://127.0.0.1:9/hook".to_owned(),
            SAMPLE_SITE => "http://127.0.0.1:9/".to_owned(),
            other => other.to_owned(),
        }),
        Value::Array(items) => {
            Value::Array(items.iter().map(|v| replaced(v, bot, chat, rng)).collect())
        }
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), replaced(v, bot, chat, rng)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Percent-encodes everything but unreserved characters.
pub fn encode(text: &str) -> String {
    encode_bytes(text.as_bytes())
}

pub(super) fn encode_bytes(bytes: &[u8]) -> String {
    let mut out = String::new();
    for b in bytes {
        if b.is_ascii_alphanumeric() || b"-._~".contains(b) {
            out.push(char::from(*b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A multipart upload form: `(content type, body)`. `part` may replace a part's bytes
/// (`site_key`, `session_id`, `image`) or drop it (`Some(None)`).
pub(super) fn multipart(
    token: &str,
    chat: &str,
    rng: &mut Rng,
    part: impl Fn(&str) -> Option<Option<Vec<u8>>>,
) -> (String, Vec<u8>) {
    let boundary = format!("----porthole{}", rng.hex(16));
    let mut body = Vec::new();
    for (name, default, file) in [
        ("site_key", token.as_bytes().to_vec(), false),
        ("session_id", chat.as_bytes().to_vec(), false),
        ("image", PNG.to_vec(), true),
    ] {
        let value = match part(name) {
            Some(None) => continue,
            Some(Some(v)) => v,
            None => default,
        };
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        if file {
            body.extend_from_slice(
                b"Content-Disposition: form-data; name=\"image\"; filename=\"photo.png\"\r\nContent-Type: image/png\r\n\r\n",
            );
        } else {
            body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
            );
        }
        body.extend_from_slice(&value);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}
