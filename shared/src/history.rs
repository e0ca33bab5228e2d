//! The conversation history a client may send with a message: a list of `{role, content}`
//! items of which only the last ten are used (older ones are cut, not refused).

use crate::limits::{HISTORY_ITEM_MAX_CHARS, HISTORY_MAX_ITEMS};

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The visitor (also accepted as `"visitor"`).
    #[serde(alias = "visitor")]
    User,
    /// The bot (also accepted as `"bot"`).
    #[serde(alias = "bot")]
    Assistant,
    /// A human agent who took over the conversation.
    Operator,
}

impl Role {
    /// The wire name of the role.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::User => "user",
            Role::Assistant => "assistant",
            Role::Operator => "operator",
        }
    }

    /// Parses a wire name (including the aliases).
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "user" | "visitor" => Some(Role::User),
            "assistant" | "bot" => Some(Role::Assistant),
            "operator" => Some(Role::Operator),
            _ => None,
        }
    }
}

/// One earlier message.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HistoryItem {
    /// Who wrote it.
    pub role: Role,
    /// What was written.
    pub content: String,
}

/// Why a history was refused; the text is safe to show to a client.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "history must be a list of {{\"role\":\"user\"|\"assistant\",\"content\":string}} items: {0}"
)]
pub struct HistoryError(pub String);

/// At most the last [`HISTORY_MAX_ITEMS`] history items, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct History(Vec<HistoryItem>);

impl History {
    /// Parses a JSON value (absent or `null` means empty); items beyond the last ten are cut.
    pub fn from_json(value: Option<&serde_json::Value>) -> Result<Self, HistoryError> {
        let items = match value {
            None | Some(serde_json::Value::Null) => return Ok(Self::default()),
            Some(serde_json::Value::Array(items)) => items,
            Some(_) => return Err(HistoryError("not a list".into())),
        };
        let parsed = items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                parse_item(item).map_err(|why| HistoryError(format!("item {i}: {why}")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self::from_items(parsed))
    }

    /// Keeps the last ten of `items`.
    pub fn from_items(mut items: Vec<HistoryItem>) -> Self {
        let excess = items.len().saturating_sub(HISTORY_MAX_ITEMS);
        items.drain(..excess);
        Self(items)
    }

    /// The items, oldest first.
    pub fn items(&self) -> &[HistoryItem] {
        &self.0
    }

    /// Whether there are no items.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

fn parse_item(item: &serde_json::Value) -> Result<HistoryItem, &'static str> {
    let obj = item.as_object().ok_or("not an object")?;
    let role = obj
        .get("role")
        .and_then(|r| r.as_str())
        .and_then(Role::parse)
        .ok_or("role must be \"user\" or \"assistant\"")?;
    let content = obj
        .get("content")
        .and_then(|c| c.as_str())
        .ok_or("content must be a string")?;
    if content.chars().count() > HISTORY_ITEM_MAX_CHARS {
        return Err("content is longer than 8000 characters");
    }
    Ok(HistoryItem {
        role,
        content: content.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn absent_or_null_history_is_empty() {
        assert!(History::from_json(None).unwrap().is_empty());
        assert!(History::from_json(Some(&json!(null))).unwrap().is_empty());
    }

    #[test]
    fn only_the_last_ten_items_are_kept() {
        let items: Vec<_> = (0..15)
            .map(|i| json!({"role": if i % 2 == 0 {"user"} else {"assistant"}, "content": format!("m{i}")}))
            .collect();
        let history = History::from_json(Some(&json!(items))).unwrap();
        assert_eq!(history.items().len(), 10);
        assert_eq!(history.items()[0].content, "m5");
        assert_eq!(history.items()[9].content, "m14");
    }

    #[test]
    fn malformed_histories_are_rejected() {
        for bad in [
            json!("nope"),
            json!({"role": "user", "content": "x"}),
            json!([1, 2]),
            json!([{"role": "king", "content": "x"}]),
            json!([{"role": "user"}]),
            json!([{"role": "user", "content": 5}]),
            json!([{"content": "x"}]),
        ] {
            assert!(
                History::from_json(Some(&bad)).is_err(),
                "{bad} should be rejected"
            );
        }
    }

    #[test]
    fn role_aliases_are_accepted() {
        let h = History::from_json(Some(&json!([
            {"role": "visitor", "content": "a"},
            {"role": "bot", "content": "b"}
        ])))
        .unwrap();
        assert_eq!(h.items()[0].role, Role::User);
        assert_eq!(h.items()[1].role, Role::Assistant);
    }
}
