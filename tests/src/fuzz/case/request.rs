//! Mutations of the rest of the request: method, content type, multipart parts, path
//! parameters, query, credentials, headers, and paths nobody documented.

use super::*;

/// Methods to send instead of the documented one. Only methods the runtime's HTTP server
/// knows: workerd answers an unknown one (`FROB`, lower-case `get`) itself with a plain-text
/// 501 and closes the connection before any Worker code runs.
pub(super) const METHODS: [&str; 12] = [
    "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "PROPFIND", "MKCOL", "LOCK",
    "REPORT", "TRACE",
];

pub(super) fn wrong_method(d: &mut Draft, rng: &mut Rng) -> String {
    let others: Vec<&str> = METHODS.iter().copied().filter(|m| *m != d.method).collect();
    let method = rng.pick(&others).to_string();
    if (method == "GET" || method == "HEAD") && rng.one_in(2) {
        d.body = Body::None;
    }
    d.method = method.clone();
    format!("method {method}")
}

pub(super) const CONTENT_TYPES: &[&str] = &[
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

pub(super) fn wrong_content_type(d: &mut Draft, rng: &mut Rng) -> String {
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

pub(super) fn bad_multipart(d: &mut Draft, t: &Targets, rng: &mut Rng) -> String {
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
pub(super) fn odd_path_values(rng: &mut Rng) -> Vec<String> {
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

pub(super) fn bad_path_param(d: &mut Draft, t: &Targets, demo: bool, rng: &mut Rng) -> String {
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
pub(super) const ODD_QUERY: &[&str] = &[
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

pub(super) fn bad_query_value(d: &mut Draft, rng: &mut Rng) -> String {
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

pub(super) fn bad_query(d: &mut Draft, doc: &Doc, op: &Operation, rng: &mut Rng) -> String {
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

pub(super) fn bad_auth(d: &mut Draft, t: &Targets, demo: bool, rng: &mut Rng) -> String {
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

pub(super) fn odd_headers(d: &mut Draft, rng: &mut Rng) -> String {
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

pub(super) fn unknown_path(d: &mut Draft, rng: &mut Rng) -> String {
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
