//! Mutations of the body: random bytes, truncated or deeply nested JSON, wrong types, long or
//! huge strings, invalid UTF-8.

use super::*;

/// Sets the value at `pointer`, making the objects on the way when they are missing.
pub(super) fn set_pointer(root: &mut Value, pointer: &str, new: Value) {
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

/// A first byte that no JSON text (nor whitespace) starts with.
pub(super) const NOT_JSON_START: &[u8] = b"}]:,=x\x00\xff\xfe<";

pub(super) fn random_bytes(d: &mut Draft, rng: &mut Rng) -> String {
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

pub(super) fn truncated(d: &mut Draft, rng: &mut Rng) -> String {
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

pub(super) fn deep_nesting(d: &mut Draft, rng: &mut Rng) -> String {
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
pub(super) fn odd_value(rng: &mut Rng) -> Value {
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
pub(super) fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
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

pub(super) fn json_body(d: &Draft) -> Value {
    match &d.body {
        Body::Json(v) => v.clone(),
        _ => json!({"message": "hello", "token": SAMPLE_TOKEN}),
    }
}

pub(super) fn wrong_type(d: &mut Draft, rng: &mut Rng) -> String {
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

pub(super) fn remove(value: &mut Value, pointer: &str) {
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
pub(super) fn long_text(rng: &mut Rng, len: usize) -> String {
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

pub(super) fn long_string(d: &mut Draft, rng: &mut Rng, huge: bool) -> String {
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

pub(super) fn invalid_utf8(d: &mut Draft, rng: &mut Rng) -> String {
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
