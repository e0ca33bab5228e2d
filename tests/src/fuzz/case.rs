//! One generated request: an operation of the OpenAPI document sent as documented (real
//! fixtures in its path, query, credentials and body), then broken by one or two mutations.
//! Everything comes from the case's own [`Rng`], so a seed and an index name a request exactly.

use super::Targets;
use super::rng::Rng;
use crate::openapi::{Doc, Operation};
use serde_json::{Value, json};

/// The placeholders of the document's examples (the OpenAPI walk's fixtures use the same).
const SAMPLE_TOKEN: &str = "0123456789abcdef0123456789abcdef";
const SAMPLE_CHAT: &str = "web_0123456789abcdef";
const SAMPLE_BOT_ID: &str = "550e8400-e29b-41d4-a716-446655440000";
const SAMPLE_LOGIN: &str = "jane.doe@example.com";
const SAMPLE_NEW_OPERATOR: &str = "sam.agent@example.com";
const SAMPLE_WEBHOOK: &str = "https://crm.example.com/porthole-webhook";
/// The site an example imports: here an address where nothing listens (no crawl leaves the machine).
const SAMPLE_SITE: &str = "https://harbor.example/";

/// A 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, b'I', b'H', b'D', b'R', 0, 0, 0,
    1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89,
];

/// Paths whose `DELETE` would take away what the run acts on (the scratch bot, its operator,
/// its key): sent to the scratch bot, they name something that does not exist instead.
const DESTRUCTIVE: [&str; 3] = [
    "/api/admin/bots/{token}",
    "/api/admin/operators/{id}",
    "/api/admin/bots/{token}/keys/{id}",
];

/// A request, ready to send.
#[derive(Debug, Clone)]
pub struct Case {
    /// Its index in the run.
    pub index: u64,
    /// The documented operation it started from (`POST /api/widget/message`).
    pub op: String,
    /// The documented path it started from.
    pub template: String,
    /// What was done to it.
    pub mutations: Vec<String>,
    /// Whether it is aimed at the demo bot (which must come through unchanged).
    pub demo: bool,
    /// The method (may be an extension method).
    pub method: String,
    /// Path and query, as sent (`/api/…?…`).
    pub target: String,
    /// Headers, values as raw bytes.
    pub headers: Vec<(String, Vec<u8>)>,
    /// The body.
    pub body: Vec<u8>,
    /// Send the body with chunked transfer encoding (no Content-Length).
    pub chunked: bool,
}

/// A request body while it is being built.
#[derive(Debug, Clone)]
enum Body {
    None,
    Json(Value),
    Raw(Vec<u8>),
}

/// A request while it is being built: the documented operation, then mutations.
struct Draft {
    method: String,
    template: String,
    params: Vec<(String, String)>,
    path_override: Option<String>,
    query: Vec<String>,
    headers: Vec<(String, Vec<u8>)>,
    body: Body,
    chunked: bool,
}

impl Draft {
    fn set_header(&mut self, name: &str, value: impl Into<Vec<u8>>) {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.to_owned(), value.into()));
    }

    fn remove_header(&mut self, name: &str) {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    }

    fn path(&self) -> String {
        if let Some(path) = &self.path_override {
            return path.clone();
        }
        let mut path = self.template.clone();
        for (name, value) in &self.params {
            path = path.replace(&format!("{{{name}}}"), value);
        }
        path
    }

    /// The body's bytes (a JSON body serialized).
    fn body_bytes(&self) -> Vec<u8> {
        match &self.body {
            Body::None => Vec::new(),
            Body::Json(v) => serde_json::to_vec(v).unwrap_or_default(),
            Body::Raw(b) => b.clone(),
        }
    }

    fn has_body(&self) -> bool {
        !matches!(self.body, Body::None)
    }
}

/// The kinds of mutation, with their weights and whether they are always refused whatever the
/// rest of the request says (only those may be aimed at the demo bot).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    AsDocumented,
    RandomBytes,
    Truncated,
    DeepNesting,
    WrongType,
    LongString,
    HugeString,
    InvalidUtf8,
    WrongMethod,
    WrongContentType,
    BadMultipart,
    BadPathParam,
    BadQuery,
    BadAuth,
    OddHeaders,
    UnknownPath,
}

const KINDS: [(Kind, u32); 16] = [
    (Kind::AsDocumented, 3),
    (Kind::RandomBytes, 8),
    (Kind::Truncated, 8),
    (Kind::DeepNesting, 5),
    (Kind::WrongType, 18),
    (Kind::LongString, 4),
    (Kind::HugeString, 1),
    (Kind::InvalidUtf8, 6),
    (Kind::WrongMethod, 7),
    (Kind::WrongContentType, 6),
    (Kind::BadMultipart, 3),
    (Kind::BadPathParam, 10),
    (Kind::BadQuery, 8),
    (Kind::BadAuth, 8),
    (Kind::OddHeaders, 3),
    (Kind::UnknownPath, 2),
];

impl Kind {
    /// Whether `op` is refused after this mutation whatever else the request says, so it may
    /// be aimed at the demo bot: a broken body where a JSON body is required, a bad path
    /// parameter, bad credentials where credentials are required.
    fn always_refused(self, doc: &Doc, op: &Operation) -> bool {
        match self {
            Kind::RandomBytes | Kind::Truncated | Kind::DeepNesting | Kind::InvalidUtf8 => {
                json_example(doc, op).is_some()
            }
            Kind::BadPathParam => op.path.contains('{'),
            Kind::BadAuth => op.op["security"].as_array().is_some_and(|s| !s.is_empty()),
            _ => false,
        }
    }
}

/// The example of `op`'s JSON request body, when it takes one.
fn json_example<'a>(doc: &'a Doc, op: &'a Operation) -> Option<&'a Value> {
    doc.resolve(&op.op["requestBody"])
        .get("content")
        .and_then(|c| c.get("application/json"))
        .and_then(|m| m.get("example"))
}

/// Generates case `index` of the run started from `seed`.
///
/// The first cases go through the [`sweep`] in order — one wrong value in every field of every
/// documented body, and near misses of every id in every path (at the demo bot where the path
/// names one, past authentication) — so any run of several hundred requests covers them all;
/// the rest draw an operation and one or two mutations at random.
pub fn generate(
    doc: &Doc,
    ops: &[Operation],
    sweep: &[Sweep],
    t: &Targets,
    seed: u64,
    index: u64,
) -> Case {
    let mut rng = Rng::for_case(seed, index);
    match usize::try_from(index).ok().and_then(|i| sweep.get(i)) {
        Some(Sweep::Field(at, pointer)) => {
            let op = &ops[*at];
            let mut draft = documented(doc, op, t, false, &mut rng);
            let odd = odd_value(&mut rng);
            let mut value = json_body(&draft);
            set_pointer(&mut value, pointer, odd.clone());
            draft.body = Body::Json(value);
            let mutations = vec![format!("{pointer} = {odd} (every field in turn)")];
            return finish(draft, op, mutations, false, index, t, &mut rng);
        }
        Some(Sweep::Id(at, name, variant)) => {
            let op = &ops[*at];
            let demo = touches_a_bot(op);
            let mut draft = documented(doc, op, t, demo, &mut rng);
            // Past authentication: the admin token where the operation takes it.
            if op.op["security"].to_string().contains("adminToken") {
                draft.set_header("Authorization", format!("Bearer {}", t.admin));
            }
            let Some(slot) = draft.params.iter_mut().find(|(n, _)| n == name) else {
                return finish(draft, op, Vec::new(), demo, index, t, &mut rng);
            };
            let misses = near_misses(&slot.1);
            let value = misses[*variant % misses.len()].clone();
            slot.1 = value.clone();
            let shown: String = value.chars().take(40).collect();
            let mutations = vec![format!("path {{{name}}} = {shown:?} (every id in turn)")];
            return finish(draft, op, mutations, demo, index, t, &mut rng);
        }
        None => {}
    }
    let op = rng.pick(ops).clone();
    let takes_json = json_example(doc, &op).is_some();
    let weights: Vec<u32> = KINDS
        .iter()
        .map(|(kind, w)| match kind {
            // Bad multipart mostly where multipart is expected.
            Kind::BadMultipart if op.path.ends_with("upload-image") => 40,
            // Broken bodies mostly where a body is read.
            Kind::RandomBytes
            | Kind::Truncated
            | Kind::DeepNesting
            | Kind::WrongType
            | Kind::LongString
            | Kind::InvalidUtf8
                if !takes_json =>
            {
                1
            }
            _ => *w,
        })
        .collect();
    let mut kinds = vec![KINDS[rng.weighted(&weights)].0];
    if kinds[0] != Kind::AsDocumented && rng.one_in(5) {
        let second = KINDS[rng.weighted(&weights)].0;
        if second != Kind::AsDocumented && second != kinds[0] {
            kinds.push(second);
        }
    }
    let demo =
        touches_a_bot(&op) && kinds.iter().all(|k| k.always_refused(doc, &op)) && rng.one_in(2);
    let mut draft = documented(doc, &op, t, demo, &mut rng);
    let mut mutations = Vec::new();
    for kind in kinds {
        mutations.push(mutate(kind, &mut draft, doc, &op, t, demo, &mut rng));
    }
    finish(draft, &op, mutations, demo, index, t, &mut rng)
}

/// The case a finished draft makes.
fn finish(
    mut draft: Draft,
    op: &Operation,
    mutations: Vec<String>,
    demo: bool,
    index: u64,
    t: &Targets,
    rng: &mut Rng,
) -> Case {
    protect(&mut draft, t, demo, rng);
    let mut target = draft.path();
    if !draft.query.is_empty() {
        target.push('?');
        target.push_str(&draft.query.join("&"));
    }
    Case {
        index,
        op: op.name(),
        template: op.path.clone(),
        mutations,
        demo,
        method: draft.method.clone(),
        target,
        body: draft.body_bytes(),
        headers: draft.headers,
        chunked: draft.chunked,
    }
}

/// Whether `op` names a bot (so it may be aimed at the demo bot).
fn touches_a_bot(op: &Operation) -> bool {
    op.path.contains("{token}")
        || op.path.contains("{widgetId}")
        || op.path.starts_with("/api/widget/")
        || op.path.starts_with("/api/v1/chat/")
        || op.path.starts_with("/api/web-chats/")
        || op.path.starts_with("/api/chatbots/")
}

/// One case of the sweep that starts every run.
#[derive(Debug, Clone)]
pub enum Sweep {
    /// A wrong value at a JSON pointer of an operation's body.
    Field(usize, String),
    /// The `n`th near miss of a path parameter (not the token) of an operation.
    Id(usize, String, usize),
}

/// How many near misses [`near_misses`] gives (at most).
const NEAR_MISSES: usize = 12;

/// Values that look like `id` but are not it, nor any other well-formed id: for a number
/// `1x2`-like garbage, a sign, a leading zero, a decimal point, padding; for a text id a
/// changed case (not for a UUID, read in either case), a suffix, a last character that is no
/// hex digit, an encoded NUL or slash.
fn near_misses(id: &str) -> Vec<String> {
    let digits = !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit());
    let uuid = id.len() == 36 && id.matches('-').count() == 4;
    let mut out = if digits {
        vec![
            format!("{id}x{id}"),
            format!("+{id}"),
            format!("0{id}"),
            format!("{id}.0"),
            format!("{id}e0"),
            format!("{id}%20"),
            format!("-{id}"),
            format!("{id}x"),
        ]
    } else {
        let cut: String = id
            .chars()
            .take(id.chars().count().saturating_sub(1))
            .collect();
        vec![
            if uuid {
                format!("{id}0")
            } else {
                id.to_uppercase()
            },
            format!("{id}x"),
            format!("{cut}g"),
            format!("{id}%00"),
            format!("%20{id}"),
            format!("{id}%2F"),
            format!("{id}-"),
            format!("{id}{id}"),
        ]
    };
    out.extend(["1x2".into(), "%ff".into(), "a".repeat(300), "9".repeat(30)]);
    out.retain(|v| v != id);
    out
}

/// The sweep: every field of every documented JSON body (the fields of its example and the
/// properties its schema names, three levels deep), then every near miss of every id in a
/// path.
pub fn sweep(doc: &Doc, ops: &[Operation]) -> Vec<Sweep> {
    let mut out: Vec<Sweep> = fields(doc, ops)
        .into_iter()
        .map(|(i, p)| Sweep::Field(i, p))
        .collect();
    for (i, op) in ops.iter().enumerate() {
        for segment in op.path.split('/') {
            if let Some(name) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}'))
                && name != "token"
            {
                out.extend((0..NEAR_MISSES).map(|n| Sweep::Id(i, name.to_owned(), n)));
            }
        }
    }
    out
}

/// Every field of every documented JSON body, as `(operation index, JSON pointer)`.
fn fields(doc: &Doc, ops: &[Operation]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, op) in ops.iter().enumerate() {
        let Some(example) = json_example(doc, op) else {
            continue;
        };
        let mut pointers_of_op = Vec::new();
        pointers(example, String::new(), &mut pointers_of_op);
        let schema = &doc.resolve(&op.op["requestBody"])["content"]["application/json"]["schema"];
        properties(doc, schema, "", 0, &mut pointers_of_op);
        pointers_of_op.sort();
        pointers_of_op.dedup();
        out.extend(pointers_of_op.into_iter().map(|p| (i, p)));
    }
    out
}

/// The properties `schema` names (through `$ref`, `allOf`, `oneOf`, `anyOf`), as pointers.
fn properties(doc: &Doc, schema: &Value, at: &str, depth: usize, out: &mut Vec<String>) {
    let schema = doc.resolve(schema);
    if depth > 3 {
        return;
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        for sub in schema[key].as_array().into_iter().flatten() {
            properties(doc, sub, at, depth, out);
        }
    }
    for (name, sub) in schema["properties"].as_object().into_iter().flatten() {
        let pointer = format!("{at}/{}", name.replace('~', "~0").replace('/', "~1"));
        out.push(pointer.clone());
        properties(doc, sub, &pointer, depth + 1, out);
    }
}

/// Sets the value at `pointer`, making the objects on the way when they are missing.
fn set_pointer(root: &mut Value, pointer: &str, new: Value) {
    let mut slot = root;
    for raw in pointer.split('/').skip(1) {
        let key = raw.replace("~1", "/").replace("~0", "~");
        let item = key
            .parse::<usize>()
            .ok()
            .filter(|i| slot.as_array().is_some_and(|items| *i < items.len()));
        if let Some(i) = item {
            slot = &mut slot[i];
            continue;
        }
        if !slot.is_object() {
            *slot = Value::Object(serde_json::Map::new());
        }
        // Indexing an object by a missing key inserts `null` there.
        slot = &mut slot[key.as_str()];
    }
    *slot = new;
}

/// Keeps the scratch bot, its operator and its key alive and the bot switched on: a `DELETE`
/// of one of them, or any request whose path climbs with dot segments, names a well-formed id
/// that does not exist, and a body that would switch a bot off switches it on.
fn protect(draft: &mut Draft, t: &Targets, demo: bool, rng: &mut Rng) {
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
fn documented(doc: &Doc, op: &Operation, t: &Targets, demo: bool, rng: &mut Rng) -> Draft {
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
fn example_text(doc: &Doc, param: &Value) -> Option<String> {
    let example = param
        .get("example")
        .or_else(|| doc.resolve(&param["schema"]).get("enum")?.get(0))?;
    Some(match example {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    })
}

/// An example with its placeholders replaced by the bot's fixtures.
fn replaced(value: &Value, bot: &super::Bot, chat: &str, rng: &mut Rng) -> Value {
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

fn encode_bytes(bytes: &[u8]) -> String {
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
fn multipart(
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

/// Applies one mutation; returns its description.
fn mutate(
    kind: Kind,
    d: &mut Draft,
    doc: &Doc,
    op: &Operation,
    t: &Targets,
    demo: bool,
    rng: &mut Rng,
) -> String {
    match kind {
        Kind::AsDocumented => "as documented".into(),
        Kind::RandomBytes => random_bytes(d, rng),
        Kind::Truncated => truncated(d, rng),
        Kind::DeepNesting => deep_nesting(d, rng),
        Kind::WrongType => wrong_type(d, rng),
        Kind::LongString => long_string(d, rng, false),
        Kind::HugeString => long_string(d, rng, true),
        Kind::InvalidUtf8 => invalid_utf8(d, rng),
        Kind::WrongMethod => wrong_method(d, rng),
        Kind::WrongContentType => wrong_content_type(d, rng),
        Kind::BadMultipart => bad_multipart(d, t, rng),
        Kind::BadPathParam => bad_path_param(d, t, demo, rng),
        Kind::BadQuery => bad_query(d, doc, op, rng),
        Kind::BadAuth => bad_auth(d, t, demo, rng),
        Kind::OddHeaders => odd_headers(d, rng),
        Kind::UnknownPath => unknown_path(d, rng),
    }
}

/// A first byte that no JSON text (nor whitespace) starts with.
const NOT_JSON_START: &[u8] = b"}]:,=x\x00\xff\xfe<";

fn random_bytes(d: &mut Draft, rng: &mut Rng) -> String {
    let len = *rng.pick(&[0, 1, 7, 64, 512, 4096, 70_000]);
    let mut body = vec![*rng.pick(NOT_JSON_START)];
    body.extend(rng.bytes(len));
    if rng.one_in(3) {
        d.set_header("Content-Type", *rng.pick(CONTENT_TYPES));
    } else if !d.has_body() {
        d.set_header("Content-Type", "application/json");
    }
    d.body = Body::Raw(body);
    format!("random bytes ({} bytes)", len + 1)
}

fn truncated(d: &mut Draft, rng: &mut Rng) -> String {
    let full = match &d.body {
        Body::None => br#"{"token":"0123456789abcdef0123456789abcdef","message":"hello"}"#.to_vec(),
        _ => d.body_bytes(),
    };
    // Never empty (an empty body reads as `{}`) and never whole.
    let cut = if full.len() <= 2 {
        1
    } else {
        rng.between(1, full.len() - 1)
    };
    let mut body = full[..cut.min(full.len())].to_vec();
    if body.iter().all(u8::is_ascii_whitespace) || body.is_empty() {
        body = b"{".to_vec();
    }
    if !d.has_body() {
        d.set_header("Content-Type", "application/json");
    }
    d.body = Body::Raw(body);
    format!("truncated JSON at byte {cut}")
}

fn deep_nesting(d: &mut Draft, rng: &mut Rng) -> String {
    let depth = *rng.pick(&[200, 1_000, 10_000, 100_000]);
    let mut body = Vec::new();
    let shape = rng.below(4);
    match shape {
        0 => {
            body.extend(std::iter::repeat_n(b'[', depth));
            body.extend(std::iter::repeat_n(b']', depth));
        }
        1 => {
            body.extend(std::iter::repeat_n(&b"{\"a\":"[..], depth).flatten());
            body.push(b'1');
            body.extend(std::iter::repeat_n(b'}', depth));
        }
        2 => {
            // Unclosed.
            body.extend(std::iter::repeat_n(&b"[{\"a\":"[..], depth / 2).flatten());
        }
        _ => {
            // Deep inside a field of the real body.
            let mut text = String::from_utf8(d.body_bytes()).unwrap_or_default();
            if !text.starts_with('{') || text.len() < 2 {
                text = "{}".into();
            }
            let deep = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
            let inner = &text[1..];
            let sep = if inner.trim_start().starts_with('}') {
                ""
            } else {
                ","
            };
            body = format!("{{\"message\":{deep}{sep}{inner}").into_bytes();
        }
    }
    if !d.has_body() {
        d.set_header("Content-Type", "application/json");
    }
    d.body = Body::Raw(body);
    format!("JSON nested {depth} deep (shape {shape})")
}

/// Values of every JSON type, and edge numbers.
fn odd_value(rng: &mut Rng) -> Value {
    let choices = [
        json!(null),
        json!(true),
        json!(false),
        json!(0),
        json!(-1),
        json!(1.5),
        json!(-0.0),
        json!(1e308),
        json!(u64::MAX),
        json!(i64::MIN),
        json!(""),
        json!(" "),
        json!("x"),
        json!("\u{0000}"),
        json!("🦀🦀🦀"),
        json!("<script>alert(1)</script>"),
        json!("1"),
        json!("true"),
        json!([]),
        json!([1, "a", null]),
        json!([[[]]]),
        json!({}),
        json!({"a": {"b": []}}),
        json!({"role": "system", "content": 5}),
    ];
    rng.pick(&choices).clone()
}

/// The JSON pointers of every value inside `value` (not the root).
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(p.clone());
                pointers(v, p, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push(p.clone());
                pointers(v, p, out);
            }
        }
        _ => {}
    }
}

fn json_body(d: &Draft) -> Value {
    match &d.body {
        Body::Json(v) => v.clone(),
        _ => json!({"message": "hello", "token": SAMPLE_TOKEN}),
    }
}

fn wrong_type(d: &mut Draft, rng: &mut Rng) -> String {
    let mut value = json_body(d);
    if !d.has_body() {
        d.set_header("Content-Type", "application/json");
    }
    let mut fields = Vec::new();
    pointers(&value, String::new(), &mut fields);
    let what = match rng.below(10) {
        0 => {
            value = odd_value(rng);
            format!("the whole body is {value}")
        }
        1 if !fields.is_empty() => {
            let field = rng.pick(&fields).clone();
            remove(&mut value, &field);
            format!("without {field}")
        }
        2 => {
            let extra = odd_value(rng);
            if let Value::Object(map) = &mut value {
                map.insert(format!("unknown_{}", rng.hex(4)), extra.clone());
            }
            format!("an unknown field {extra}")
        }
        3 if !fields.is_empty() => {
            // The same key twice, the second one wrong.
            let field = rng.pick(&fields).clone();
            let key = field
                .trim_start_matches('/')
                .split('/')
                .next()
                .unwrap_or("");
            let odd = odd_value(rng);
            let text = serde_json::to_string(&value).unwrap_or_default();
            let dup = format!("{},{}:{odd}}}", text.trim_end_matches('}'), json!(key));
            d.body = Body::Raw(dup.into_bytes());
            return format!("key {key} twice, the second {odd}");
        }
        _ if !fields.is_empty() => {
            let field = rng.pick(&fields).clone();
            let odd = odd_value(rng);
            if let Some(slot) = value.pointer_mut(&field) {
                *slot = odd.clone();
            }
            format!("{field} = {odd}")
        }
        _ => {
            value = odd_value(rng);
            format!("the whole body is {value}")
        }
    };
    d.body = Body::Json(value);
    what
}

fn remove(value: &mut Value, pointer: &str) {
    let (parent, last) = pointer.rsplit_once('/').unwrap_or(("", pointer));
    let key = last.replace("~1", "/").replace("~0", "~");
    match value.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.remove(&key);
        }
        Some(Value::Array(items)) => {
            if let Ok(i) = key.parse::<usize>()
                && i < items.len()
            {
                items.remove(i);
            }
        }
        _ => {}
    }
}

/// A string of `len` characters of one of several kinds.
fn long_text(rng: &mut Rng, len: usize) -> String {
    match rng.below(5) {
        0 => "a".repeat(len),
        1 => "界".repeat(len / 3 + 1),
        2 => "🦀".repeat(len / 4 + 1),
        3 => "\\\"\u{0001}<>&'".repeat(len / 10 + 1),
        _ => (0..len)
            .map(|_| char::from(b' ' + (rng.below(95) as u8)))
            .collect(),
    }
}

fn long_string(d: &mut Draft, rng: &mut Rng, huge: bool) -> String {
    let len = if huge {
        rng.between(1_000_000, 5_000_000)
    } else {
        *rng.pick(&[301, 1_001, 4_097, 65_537, 262_145, 300_000])
    };
    let mut value = json_body(d);
    if !d.has_body() {
        d.set_header("Content-Type", "application/json");
    }
    let mut fields = Vec::new();
    pointers(&value, String::new(), &mut fields);
    let text = long_text(rng, len);
    if fields.is_empty() || rng.one_in(6) {
        // The whole body: a long JSON string, or plain bytes.
        if rng.one_in(2) {
            d.body = Body::Json(Value::String(text));
        } else {
            d.body = Body::Raw(text.into_bytes());
        }
        return format!("a {len}-byte body");
    }
    let field = rng.pick(&fields).clone();
    if !huge && rng.one_in(3) {
        // Many items instead of one long string.
        let n = len.min(20_000);
        let many = if rng.one_in(2) {
            Value::Array(
                (0..n)
                    .map(|i| json!({"role": "user", "content": format!("item {i}")}))
                    .collect(),
            )
        } else {
            Value::Object((0..n).map(|i| (format!("k{i}"), json!(i))).collect())
        };
        if let Some(slot) = value.pointer_mut(&field) {
            *slot = many;
        }
        d.body = Body::Json(value);
        return format!("{field} = {n} items");
    }
    if let Some(slot) = value.pointer_mut(&field) {
        *slot = Value::String(text);
    }
    d.body = Body::Json(value);
    format!("{field} = a {len}-character string")
}

fn invalid_utf8(d: &mut Draft, rng: &mut Rng) -> String {
    let bad: &[&[u8]] = &[
        b"\xff",
        b"\xc3\x28",
        b"\xe2\x82",
        b"\xed\xa0\x80",
        b"\xf8\x88\x80\x80\x80",
        b"\xc0\xaf",
        b"\\ud800",
        b"\\udfff\\ud800",
    ];
    let chosen = rng.pick(bad).to_vec();
    let mut body = match &d.body {
        Body::Json(_) => d.body_bytes(),
        _ => br#"{"message":"hello","token":"0123456789abcdef0123456789abcdef"}"#.to_vec(),
    };
    // Inside a string: just after an opening quote of a value.
    let quotes: Vec<usize> = body
        .windows(2)
        .enumerate()
        .filter(|(_, w)| w == b":\"")
        .map(|(i, _)| i + 2)
        .collect();
    let at = if quotes.is_empty() {
        body.len() / 2
    } else {
        *rng.pick(&quotes)
    };
    body.splice(at..at, chosen.iter().copied());
    if !d.has_body() {
        d.set_header("Content-Type", "application/json");
    }
    d.body = Body::Raw(body);
    format!(
        "invalid UTF-8 {} in a string",
        String::from_utf8_lossy(&chosen).escape_debug()
    )
}

/// Methods to send instead of the documented one. Only methods the runtime's HTTP server
/// knows: workerd answers an unknown one (`FROB`, lower-case `get`) itself with a plain-text
/// 501 and closes the connection before any Worker code runs.
const METHODS: [&str; 12] = [
    "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "PROPFIND", "MKCOL", "LOCK",
    "REPORT", "TRACE",
];

fn wrong_method(d: &mut Draft, rng: &mut Rng) -> String {
    let others: Vec<&str> = METHODS.iter().copied().filter(|m| *m != d.method).collect();
    let method = rng.pick(&others).to_string();
    if (method == "GET" || method == "HEAD") && rng.one_in(2) {
        d.body = Body::None;
    }
    d.method = method.clone();
    format!("method {method}")
}

const CONTENT_TYPES: &[&str] = &[
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "multipart/form-data; boundary=",
    "application/json; charset=utf-16",
    "application/json; charset=\"",
    "application/xml",
    "image/png",
    "",
    ";;;",
    "application/json, text/html",
    "text/event-stream",
];

fn wrong_content_type(d: &mut Draft, rng: &mut Rng) -> String {
    match rng.below(5) {
        0 => {
            d.remove_header("Content-Type");
            "no Content-Type".into()
        }
        1 => {
            d.set_header("Content-Type", "application/x-www-form-urlencoded");
            d.body =
                Body::Raw(b"message=hello&token=0123456789abcdef0123456789abcdef&a[]=1".to_vec());
            "a urlencoded form".into()
        }
        2 => {
            let raw = rng.bytes(12);
            d.set_header("Content-Type", raw.clone());
            format!("Content-Type bytes {:?}", String::from_utf8_lossy(&raw))
        }
        _ => {
            let ct = *rng.pick(CONTENT_TYPES);
            d.set_header("Content-Type", ct);
            format!("Content-Type {ct:?}")
        }
    }
}

fn bad_multipart(d: &mut Draft, t: &Targets, rng: &mut Rng) -> String {
    let token = t.scratch.token.clone();
    let chat = t.scratch.chat.clone();
    let variant = rng.below(16);
    let (mut ct, mut body) = match variant {
        0 => multipart(&token, &chat, rng, |n| (n == "image").then_some(None)),
        1 => multipart(&token, &chat, rng, |n| {
            (n == "image").then(|| Some(Vec::new()))
        }),
        2 => {
            let junk = rng.bytes(300);
            multipart(&token, &chat, rng, move |n| {
                (n == "image").then(|| Some(junk.clone()))
            })
        }
        3 => {
            // Over the 5 MB image limit.
            let mut big = PNG.to_vec();
            big.resize(5 * 1024 * 1024 + 10, 0);
            multipart(&token, &chat, rng, move |n| {
                (n == "image").then(|| Some(big.clone()))
            })
        }
        4 => multipart(&token, &chat, rng, |n| {
            (n == "site_key").then(|| Some(b"not-a-token".to_vec()))
        }),
        5 => multipart(&token, &chat, rng, |n| {
            (n == "session_id").then(|| Some(b"web_\xff\xfe".to_vec()))
        }),
        6 => multipart(&token, &chat, rng, |n| (n != "image").then_some(None)),
        _ => multipart(&token, &chat, rng, |_| None),
    };
    let what = match variant {
        0 => "multipart without the image",
        1 => "multipart with an empty image",
        2 => "multipart with random bytes as the image",
        3 => "multipart with a 5 MB + 10 byte image",
        4 => "multipart with a malformed site_key",
        5 => "multipart with an invalid UTF-8 session_id",
        6 => "multipart with only the image",
        7 => {
            ct = "multipart/form-data".into();
            "multipart without a boundary"
        }
        8 => {
            ct = "multipart/form-data; boundary=something-else".into();
            "multipart with the wrong boundary"
        }
        9 => {
            let cut = rng.between(1, body.len() - 1);
            body.truncate(cut);
            "multipart truncated"
        }
        10 => {
            let end = body.len() - 6;
            body.truncate(end.max(1));
            "multipart without its closing boundary"
        }
        11 => {
            body.retain(|b| *b != b'\r');
            "multipart with bare LF line endings"
        }
        12 => {
            let text = String::from_utf8_lossy(&body).replace(
                "filename=\"photo.png\"",
                "filename=\"../../../etc/passwd\x00.png\"; filename*=UTF-8''%ff%fe",
            );
            body = text.into_bytes();
            "multipart with a hostile file name"
        }
        13 => {
            let boundary = "b".repeat(300);
            let inner = String::from_utf8_lossy(&body).into_owned();
            let old = ct
                .trim_start_matches("multipart/form-data; boundary=")
                .to_owned();
            body = inner.replace(&old, &boundary).into_bytes();
            ct = format!("multipart/form-data; boundary={boundary}");
            "multipart with a 300-character boundary"
        }
        14 => {
            let old = ct
                .trim_start_matches("multipart/form-data; boundary=")
                .to_owned();
            let mut many = Vec::new();
            for i in 0..2000 {
                many.extend_from_slice(
                    format!("--{old}\r\nContent-Disposition: form-data; name=\"f{i}\"\r\n\r\n\r\n")
                        .as_bytes(),
                );
            }
            many.extend_from_slice(&body);
            body = many;
            "multipart with 2,000 extra parts"
        }
        _ => {
            let text = String::from_utf8_lossy(&body)
                .replace("Content-Disposition: form-data; ", "X-Nothing: ");
            body = text.into_bytes();
            "multipart parts without Content-Disposition"
        }
    };
    d.set_header("Content-Type", ct);
    d.body = Body::Raw(body);
    what.into()
}

/// Path parameter values that name nothing, or nothing well-formed.
fn odd_path_values(rng: &mut Rng) -> Vec<String> {
    let mut values: Vec<String> = [
        "1x2",
        "-1",
        "0",
        "1.0",
        "1e3",
        "0x1f",
        "%201",
        "1%20",
        "%00",
        "%ff",
        "%2F",
        "%",
        "%zz",
        "%25",
        "null",
        "undefined",
        "%5B%5D",
        "true",
        "NaN",
        "Infinity",
        "99999999999999999999999999",
        "-9223372036854775809",
        "9223372036854775808",
        "caf%C3%A9",
        "%E2%80%AE",
        "%F0%9F%A6%80",
        "web_zzzzzzzzzz",
        "%0d%0aX-Injected:%201",
        "%3Cscript%3E",
        "'",
        "%22",
        "*",
        ":id",
        "%7Btoken%7D",
        "..",
        "%2e%2e",
        "a;b=c",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let n = *rng.pick(&[300, 2_000, 8_000]);
    values.push("a".repeat(n));
    values.push("9".repeat(n));
    values.push(format!("web_{}", rng.hex(64)));
    values.push(rng.hex(31));
    values.push(rng.hex(33));
    values.push(rng.hex(32).to_uppercase());
    values.push(format!("api_{}", rng.hex(8)));
    values
}

fn bad_path_param(d: &mut Draft, t: &Targets, demo: bool, rng: &mut Rng) -> String {
    if d.params.is_empty() {
        return bad_query_value(d, rng);
    }
    let i = rng.below(d.params.len());
    let name = d.params[i].0.clone();
    let current = d.params[i].1.clone();
    let mut values = odd_path_values(rng);
    if current.bytes().all(|b| b.is_ascii_digit()) && !current.is_empty() {
        // Near misses of a real numeric id (`1x2` must not be document 12).
        for v in [
            format!("{current}x"),
            format!("+{current}"),
            format!("0{current}"),
            format!("00{current}"),
            format!("{current}.0"),
            format!("{current}e0"),
            format!("{current}%00"),
            format!("{current}%20"),
            format!("%20{current}"),
            format!("{current}x{current}"),
            format!("-{current}"),
        ] {
            values.push(v.clone());
            values.push(v);
        }
    }
    if name == "token" && !demo {
        values.push(t.demo.token.to_uppercase());
    }
    let value = rng.pick(&values).clone();
    d.params[i].1 = value.clone();
    let shown: String = value.chars().take(40).collect();
    format!("path {{{name}}} = {shown:?} ({} chars)", value.len())
}

/// Query values that are wrong for any parameter.
const ODD_QUERY: &[&str] = &[
    "",
    "-1",
    "0",
    "abc",
    "1e9",
    "99999999999999999999",
    "1.5",
    "NaN",
    "%zz",
    "%ff%fe",
    "%00",
    "true",
    "maybe",
    "2024-13-45",
    "9999-99-99T99:99:99Z",
    "%E2%80%AE",
    "a%26b%3Dc",
    "+",
    "%2B",
    "null",
    "[]",
    "%5B1%5D",
];

fn bad_query_value(d: &mut Draft, rng: &mut Rng) -> String {
    let junk = match rng.below(6) {
        0 => "%zz&=&&==&a".to_owned(),
        1 => encode_bytes(&rng.bytes(40)),
        2 => format!("x={}", "q".repeat(*rng.pick(&[1_000, 16_000]))),
        3 => "token[]=1&site_key[a]=2".to_owned(),
        4 => "%ff%fe=%ff%fe".to_owned(),
        _ => format!("{}={}", rng.pick(ODD_QUERY), rng.pick(ODD_QUERY)),
    };
    d.query.push(junk.clone());
    let shown: String = junk.chars().take(40).collect();
    format!("query junk {shown:?}")
}

fn bad_query(d: &mut Draft, doc: &Doc, op: &Operation, rng: &mut Rng) -> String {
    let names: Vec<String> = doc
        .parameters(&op.op)
        .iter()
        .filter(|p| p["in"] == "query")
        .filter_map(|p| p["name"].as_str().map(str::to_owned))
        .collect();
    if names.is_empty() || rng.one_in(5) {
        return bad_query_value(d, rng);
    }
    let name = rng.pick(&names).clone();
    let prefix = format!("{}=", encode(&name));
    match rng.below(4) {
        0 => {
            d.query.retain(|q| !q.starts_with(&prefix));
            format!("query without {name}")
        }
        1 => {
            let odd = *rng.pick(ODD_QUERY);
            d.query.insert(0, format!("{prefix}{odd}"));
            format!("query {name} twice, first {odd:?}")
        }
        2 => {
            d.query.retain(|q| !q.starts_with(&prefix));
            let n = *rng.pick(&[300, 5_000, 30_000]);
            d.query.push(format!("{prefix}{}", "7".repeat(n)));
            format!("query {name} = {n} characters")
        }
        _ => {
            d.query.retain(|q| !q.starts_with(&prefix));
            let odd = *rng.pick(ODD_QUERY);
            d.query.push(format!("{prefix}{odd}"));
            format!("query {name} = {odd:?}")
        }
    }
}

fn bad_auth(d: &mut Draft, t: &Targets, demo: bool, rng: &mut Rng) -> String {
    let mut values: Vec<Vec<u8>> = vec![
        b"Bearer".to_vec(),
        b"Bearer ".to_vec(),
        b"Bearer null".to_vec(),
        b"Basic YWRtaW46YWRtaW4=".to_vec(),
        b"Api-Key".to_vec(),
        b"Api-Key phk_nope".to_vec(),
        b"Digest x".to_vec(),
        format!("Bearer {}x", t.admin).into_bytes(),
        format!("Bearer {}", &t.admin[..t.admin.len() - 1]).into_bytes(),
        format!("Bearer {}", "A".repeat(*rng.pick(&[1_000, 7_000]))).into_bytes(),
        b"Bearer \xff\xfe\x80".to_vec(),
        b"Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiIsInJvbGUiOiJvd25lciJ9.".to_vec(),
        b"Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvcF94Iiwicm9sZSI6Im93bmVyIiwiZXhwIjo5OTk5OTk5OTk5fQ.AAAA".to_vec(),
        b"Bearer a.b.c".to_vec(),
        b"Bearer ...".to_vec(),
        b"Bearer phk_".to_vec(),
        format!("Bearer phk_{}", rng.hex(40)).into_bytes(),
        format!("Api-Key phk_{}", rng.hex(40)).into_bytes(),
        // Credentials of someone else: the scratch bot's agent and key, for the demo bot.
        format!("Bearer {}", t.jwt).into_bytes(),
        format!("Api-Key {}", t.api_key).into_bytes(),
        format!("Bearer {}", t.api_key).into_bytes(),
    ];
    if !demo {
        // Near misses that a lenient parser might accept: not for the demo bot.
        values.extend([
            format!("bearer {}", t.admin).into_bytes(),
            format!("Bearer  {}", t.admin).into_bytes(),
            format!("Bearer {} ", t.admin).into_bytes(),
            format!("Bearer {}", t.scratch.token).into_bytes(),
            format!("Api-Key {}", t.admin).into_bytes(),
        ]);
    }
    match rng.below(8) {
        0 => {
            d.remove_header("Authorization");
            "no Authorization".into()
        }
        1 => {
            let value = rng.pick(&values).clone();
            d.remove_header("Authorization");
            d.headers
                .push(("Authorization".into(), b"Bearer nope".to_vec()));
            d.headers.push(("Authorization".into(), value.clone()));
            "Authorization twice".into()
        }
        _ => {
            let value = rng.pick(&values).clone();
            let shown: String = String::from_utf8_lossy(&value).chars().take(40).collect();
            d.set_header("Authorization", value);
            format!("Authorization {shown:?}")
        }
    }
}

fn odd_headers(d: &mut Draft, rng: &mut Rng) -> String {
    let long = "x".repeat(*rng.pick(&[500, 6_000]));
    let (name, value): (&str, Vec<u8>) = match rng.below(12) {
        0 => ("Last-Event-ID", b"-1".to_vec()),
        1 => ("Last-Event-ID", long.clone().into_bytes()),
        2 => ("Last-Event-ID", b"99999999999999999999:\xff".to_vec()),
        3 => ("Origin", b"null".to_vec()),
        4 => ("Origin", format!("http://{long}").into_bytes()),
        5 => ("Origin", b"http://[::1".to_vec()),
        6 => ("Referer", b"\xff\xfe not a url".to_vec()),
        7 => ("CF-Connecting-IP", b"999.999.999.999, <script>".to_vec()),
        8 => ("Accept", b"text/event-stream".to_vec()),
        9 => ("Content-Encoding", b"gzip".to_vec()),
        10 => {
            d.chunked = true;
            return "chunked transfer encoding".into();
        }
        _ => ("Cookie", format!("a={long}").into_bytes()),
    };
    let shown: String = String::from_utf8_lossy(&value).chars().take(30).collect();
    d.set_header(name, value);
    format!("header {name}: {shown:?}")
}

fn unknown_path(d: &mut Draft, rng: &mut Rng) -> String {
    let path = d.path();
    let unknown = match rng.below(9) {
        0 => format!("{path}/extra"),
        1 => format!("{path}//"),
        2 => path.replacen("/api/", "/api//", 1),
        3 => path.replacen("/api/", "/API/", 1),
        4 => format!("/api/{}", rng.hex(8)),
        5 => format!("/api/v2{}", path.trim_start_matches("/api")),
        6 => format!("{path};jsessionid=1"),
        7 => format!("/api/{}", "seg/".repeat(*rng.pick(&[50, 1_000]))),
        _ => format!("{path}%00"),
    };
    let shown: String = unknown.chars().take(60).collect();
    d.path_override = Some(unknown);
    format!("path {shown:?}")
}
