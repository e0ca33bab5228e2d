//! Checks input exactly as the service will: each value is read with the same `porthole-shared`
//! type the service parses the request with, so the form and the API can never disagree.

use serde::de::DeserializeOwned;
use serde_json::Value;

/// `value` read as a `T`, or the reason it is refused (in the service's words).
pub fn parse<T: DeserializeOwned>(value: Value) -> Result<T, String> {
    serde_json::from_value(value).map_err(|e| clean(&e.to_string()))
}

/// Whether `value` would be accepted as a `T`.
pub fn check<T: DeserializeOwned>(value: Value) -> Option<String> {
    parse::<T>(value).err()
}

/// A serde message without its position (`… at line 1 column 9`).
fn clean(message: &str) -> String {
    let message = match message.rfind(" at line ") {
        Some(at) => &message[..at],
        None => message,
    };
    let mut out = message.to_owned();
    if let Some(first) = out.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use porthole_shared::ConfigPatch;
    use serde_json::json;

    #[test]
    fn a_bad_value_gets_the_services_reason_without_position() {
        let err = check::<ConfigPatch>(json!({"primary_color": "blue"})).unwrap();
        assert_eq!(err, "\"blue\" is not a #rgb or #rrggbb color");
        let err = check::<ConfigPatch>(json!({"position": "middle"})).unwrap();
        assert!(err.starts_with("Unknown variant `middle`"), "{err}");
        assert!(check::<ConfigPatch>(json!({"primary_color": "#abc"})).is_none());
    }
}
