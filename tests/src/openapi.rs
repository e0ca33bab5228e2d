//! Reading an OpenAPI 3.1 document in the tests: its operations, its local `$ref`s resolved,
//! JSON Schema (2020-12) validation against its schemas with `#/components/…` references
//! working, and the `(method, path)` routes a workers-rs router registers, read from its source.

use serde_json::{Value, json};
use std::collections::BTreeSet;

/// The HTTP methods an OpenAPI path item may hold operations for (the ones the router uses).
pub const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// A parsed OpenAPI document.
pub struct Doc {
    /// The whole document.
    pub value: Value,
    /// Its paths in the order the text gives them (a parsed map sorts its keys).
    order: Vec<String>,
}

/// One operation of the document.
#[derive(Debug, Clone)]
pub struct Operation {
    /// `GET`, `POST`, … (upper case).
    pub method: String,
    /// The path as documented (`/api/admin/bots/{token}`).
    pub path: String,
    /// The operation object.
    pub op: Value,
}

impl Operation {
    /// `METHOD path`, for messages.
    pub fn name(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

impl Doc {
    /// Wraps a document; its paths are taken in sorted order.
    pub fn new(value: Value) -> Self {
        let order = value["paths"]
            .as_object()
            .map(|paths| paths.keys().cloned().collect())
            .unwrap_or_default();
        Self { value, order }
    }

    /// Parses a document's text, keeping the order of its paths.
    pub fn parse(text: &str) -> Result<Self, serde_json::Error> {
        let mut doc = Self::new(serde_json::from_str(text)?);
        doc.order
            .sort_by_key(|path| text.find(&format!("\"{path}\": {{")));
        Ok(doc)
    }

    /// `value`, following local `$ref`s (`#/…`) until it is not one. Panics on a dangling ref.
    pub fn resolve<'a>(&'a self, mut value: &'a Value) -> &'a Value {
        for _ in 0..16 {
            let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
                return value;
            };
            value = self.pointer(reference);
        }
        panic!("$ref chain too long at {value}");
    }

    /// The value a local reference (`#/components/schemas/X`) points at.
    pub fn pointer(&self, reference: &str) -> &Value {
        let pointer = reference
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("only local references are used: {reference}"));
        self.value
            .pointer(pointer)
            .unwrap_or_else(|| panic!("dangling reference {reference}"))
    }

    /// Every operation, in document order.
    pub fn operations(&self) -> Vec<Operation> {
        let mut out = Vec::new();
        for path in &self.order {
            let item = &self.value["paths"][path];
            for method in METHODS {
                if let Some(op) = item.get(method) {
                    out.push(Operation {
                        method: method.to_ascii_uppercase(),
                        path: path.clone(),
                        op: op.clone(),
                    });
                }
            }
        }
        out
    }

    /// The `(METHOD, path)` pairs the document describes, paths normalized as [`normalize`].
    pub fn routes(&self) -> BTreeSet<(String, String)> {
        self.operations()
            .into_iter()
            .map(|o| (o.method, normalize(&o.path)))
            .collect()
    }

    /// The operation's parameters, resolved.
    pub fn parameters<'a>(&'a self, op: &'a Value) -> Vec<&'a Value> {
        op["parameters"]
            .as_array()
            .map(|ps| ps.iter().map(|p| self.resolve(p)).collect())
            .unwrap_or_default()
    }

    /// The documented response for `status`, resolved.
    pub fn response<'a>(&'a self, op: &'a Value, status: u16) -> Option<&'a Value> {
        op["responses"]
            .get(status.to_string())
            .map(|r| self.resolve(r))
    }

    /// Validates `instance` against `schema` (which may hold `#/components/…` references).
    /// Formats (`uuid`, `date-time`, `email`, `uri`, `date`) are checked too.
    pub fn validate(&self, schema: &Value, instance: &Value) -> Result<(), String> {
        let root = json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "components": self.value["components"],
            "allOf": [schema],
        });
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(&root)
            .map_err(|e| format!("the schema does not compile: {e}"))?;
        let errors: Vec<String> = validator
            .iter_errors(instance)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors.join("; "))
        }
    }
}

/// A path with its trailing slash taken off (`/` stays `/`): the router registers seed 004's
/// paths with and without one.
pub fn normalize(path: &str) -> String {
    match path.strip_suffix('/') {
        Some(rest) if !rest.is_empty() => rest.to_owned(),
        _ => path.to_owned(),
    }
}

/// The `(METHOD, path)` routes a workers-rs router registers in `source` with
/// `.get_async(…)`, `.post_async(…)`, `.put_async(…)`, `.patch_async(…)` and
/// `.delete_async(…)` (the path may be on the next line), `:param` written `{param}`, trailing
/// slashes taken off, and the `/api/*path` wildcards left out.
pub fn router_routes(source: &str) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for method in METHODS {
        let call = format!(".{method}_async(");
        for (at, _) in source.match_indices(&call) {
            let rest = source[at + call.len()..].trim_start();
            let literal = rest
                .strip_prefix('"')
                .and_then(|r| r.split_once('"'))
                .map(|(path, _)| path)
                .unwrap_or_else(|| panic!("{call} without a string literal path: {rest:.60}"));
            if literal.contains('*') {
                continue;
            }
            let path: Vec<String> = literal
                .split('/')
                .map(|segment| match segment.strip_prefix(':') {
                    Some(name) => format!("{{{name}}}"),
                    None => segment.to_owned(),
                })
                .collect();
            out.insert((method.to_ascii_uppercase(), normalize(&path.join("/"))));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_are_read_across_lines_with_params_and_without_wildcards_or_trailing_slashes() {
        let source = r#"
            .options_async("/api/*path", |_, _| async { Ok(cors::preflight()) })
            .get_async("/api/widget/config", api!(widget::config))
            .get_async(
                "/api/chatbots/:id/statistics/",
                detail!(webchat::statistics),
            )
            .get_async("/api/chatbots/:id/statistics", detail!(webchat::statistics))
            .delete_async("/api/admin/bots/:token/keys/:id", api!(admin::keys::revoke))
            .get_async("/", |req, ctx| async move { demo::page(req, ctx).await })
            .or_else_any_method_async("/api/*path", |_, _| async { todo!() })
        "#;
        let routes: Vec<(String, String)> = router_routes(source).into_iter().collect();
        let expected: Vec<(String, String)> = [
            ("DELETE", "/api/admin/bots/{token}/keys/{id}"),
            ("GET", "/"),
            ("GET", "/api/chatbots/{id}/statistics"),
            ("GET", "/api/widget/config"),
        ]
        .into_iter()
        .map(|(m, p)| (m.to_owned(), p.to_owned()))
        .collect();
        assert_eq!(routes, expected);
    }

    #[test]
    fn operations_come_in_the_order_of_the_text() {
        let text = r#"{"paths": {"/b": {"post": {}, "get": {}}, "/a": {"delete": {}}}}"#;
        let names: Vec<String> = Doc::parse(text)
            .unwrap()
            .operations()
            .iter()
            .map(Operation::name)
            .collect();
        assert_eq!(names, ["GET /b", "POST /b", "DELETE /a"]);
    }

    #[test]
    fn references_resolve_and_a_wrong_instance_is_refused() {
        let doc = Doc::new(json!({
            "components": {"schemas": {
                "Thing": {"type": "object", "required": ["id"], "properties": {
                    "id": {"$ref": "#/components/schemas/Id"}, "at": {"type": "string", "format": "date-time"}}},
                "Id": {"type": "string", "format": "uuid"},
            }},
            "paths": {},
        }));
        let schema = json!({"$ref": "#/components/schemas/Thing"});
        assert!(
            doc.validate(
                &schema,
                &json!({"id": "550e8400-e29b-41d4-a716-446655440000"})
            )
            .is_ok()
        );
        assert!(doc.validate(&schema, &json!({})).is_err());
        assert!(doc.validate(&schema, &json!({"id": "nope"})).is_err());
        assert!(
            doc.validate(
                &schema,
                &json!({"id": "550e8400-e29b-41d4-a716-446655440000", "at": "yesterday"})
            )
            .is_err()
        );
        assert_eq!(
            doc.resolve(&schema)["required"],
            json!(["id"]),
            "resolved through the reference"
        );
    }
}
