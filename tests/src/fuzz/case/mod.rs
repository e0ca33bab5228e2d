//! One generated request: an operation of the OpenAPI document sent as documented (real
//! fixtures in its path, query, credentials and body), then broken by one or two mutations.
//! Everything comes from the case's own [`Rng`], so a seed and an index name a request exactly.

use super::Targets;
use super::rng::Rng;
use crate::openapi::{Doc, Operation};
use serde_json::{Value, json};

mod body;
mod documented;
mod request;
mod sweep;

use body::*;
use documented::*;
use request::*;
use sweep::near_misses;
pub use sweep::{Sweep, sweep};

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
