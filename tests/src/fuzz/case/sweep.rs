//! The sweep: every documented operation and body field, each with near misses of its path.

use super::*;

/// One case of the sweep that starts every run.
#[derive(Debug, Clone)]
pub enum Sweep {
    /// A wrong value at a JSON pointer of an operation's body.
    Field(usize, String),
    /// The `n`th near miss of a path parameter (not the token) of an operation.
    Id(usize, String, usize),
}

/// How many near misses [`near_misses`] gives (at most).
pub(super) const NEAR_MISSES: usize = 12;

/// Values that look like `id` but are not it, nor any other well-formed id: for a number
/// `1x2`-like garbage, a sign, a leading zero, a decimal point, padding; for a text id a
/// changed case (not for a UUID, read in either case), a suffix, a last character that is no
/// hex digit, an encoded NUL or slash.
pub(super) fn near_misses(id: &str) -> Vec<String> {
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
pub(super) fn fields(doc: &Doc, ops: &[Operation]) -> Vec<(usize, String)> {
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
pub(super) fn properties(doc: &Doc, schema: &Value, at: &str, depth: usize, out: &mut Vec<String>) {
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
