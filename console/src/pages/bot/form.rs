//! A bot settings form as a draft over the saved config's JSON: each field is a JSON pointer
//! into it (`/bot_name`, `/theme/primaryColor`, `/lead_capture/when`) with a kind that says how
//! the input maps to JSON. The draft yields the patch of what changed, checks each field with
//! the service's own [`ConfigPatch`] type, and gives the config the preview shows.

use super::Current;
use crate::api;
use crate::components::status::Outcome;
use crate::validate;
use leptos::prelude::*;
use porthole_shared::admin::BotRecord;
use porthole_shared::{BotConfig, ConfigPatch};
use serde_json::{Map, Value};

/// How an input maps to JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A string.
    Text,
    /// A string, `null` when empty.
    NullableText,
    /// A string, left out when empty (an optional color).
    OmittedText,
    /// An array of strings, one per line.
    Lines,
    /// An array of strings, comma-separated in the input (a set of checkboxes).
    Set,
    /// A number.
    Number,
    /// A boolean (the `on` signal).
    Bool,
}

/// One field of the draft.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// Where it lives in the config's JSON.
    pub path: &'static str,
    kind: Kind,
    /// The input's text.
    pub text: RwSignal<String>,
    /// The checkbox (for [`Kind::Bool`]).
    pub on: RwSignal<bool>,
}

impl Field {
    fn new(path: &'static str, kind: Kind, saved: &Value) -> Self {
        let field = Self {
            path,
            kind,
            text: RwSignal::new(String::new()),
            on: RwSignal::new(false),
        };
        field.load(saved);
        field
    }

    /// Sets the input from `saved`.
    fn load(&self, saved: &Value) {
        let value = saved.pointer(self.path).cloned().unwrap_or(Value::Null);
        match self.kind {
            Kind::Bool => self.on.set(value.as_bool().unwrap_or(false)),
            Kind::Lines | Kind::Set => {
                let sep = if self.kind == Kind::Lines { "\n" } else { "," };
                let items: Vec<String> = value
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|v| v.as_str().map(str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default();
                self.text.set(items.join(sep));
            }
            Kind::Number => self.text.set(number_text(&value)),
            _ => self.text.set(value.as_str().unwrap_or_default().to_owned()),
        }
    }

    /// The draft value (`None`: left out).
    fn value(&self) -> Option<Value> {
        let text = self.text.get();
        Some(match self.kind {
            Kind::Bool => Value::Bool(self.on.get()),
            Kind::Text => Value::String(text),
            Kind::NullableText if text.trim().is_empty() => Value::Null,
            Kind::NullableText => Value::String(text),
            Kind::OmittedText if text.trim().is_empty() => return None,
            Kind::OmittedText => Value::String(text.trim().to_owned()),
            Kind::Lines => Value::Array(
                text.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(|l| Value::String(l.to_owned()))
                    .collect(),
            ),
            Kind::Set => Value::Array(
                text.split(',')
                    .filter(|s| !s.is_empty())
                    .map(|s| Value::String(s.to_owned()))
                    .collect(),
            ),
            Kind::Number => match text.trim().parse::<f64>() {
                Ok(n) if n.fract() == 0.0 && n.abs() < 1e15 => Value::from(n as i64),
                Ok(n) => Value::from(n),
                Err(_) => Value::String(text),
            },
        })
    }

    /// Whether it differs from `saved` (numbers compare by value: `15` is `15.0`; fractions
    /// at `f32`'s precision, as the service keeps the temperature: `0.3` is the saved
    /// `0.30000001192092896`).
    fn changed(&self, saved: &Value) -> bool {
        let before = saved
            .pointer(self.path)
            .cloned()
            .filter(|v| !v.is_null() || self.kind == Kind::NullableText);
        match (self.value(), before) {
            (Some(Value::Number(a)), Some(Value::Number(b))) => !same_number(&a, &b),
            (now, before) => now != before,
        }
    }

    /// Why the service would refuse this field's value, if it would.
    pub fn error(&self) -> Signal<Option<String>> {
        let this = *self;
        Signal::derive(move || {
            let mut patch = Value::Object(Map::new());
            if let Some(v) = this.value() {
                put(&mut patch, this.path, v);
            }
            validate::check::<ConfigPatch>(patch)
        })
    }
}

/// Sets `value` at the JSON pointer `path` in `root`, making objects on the way.
fn put(root: &mut Value, path: &str, value: Value) {
    let mut at = root;
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        if !at.is_object() {
            *at = Value::Object(Map::new());
        }
        let map = at
            .as_object_mut()
            .unwrap_or_else(|| unreachable!("made an object above"));
        if i + 1 == parts.len() {
            map.insert((*part).to_owned(), value);
            return;
        }
        at = map
            .entry((*part).to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
    }
}

/// A draft of some of a bot's settings.
#[derive(Clone)]
pub struct Draft {
    saved: RwSignal<Value>,
    fields: StoredValue<Vec<Field>>,
}

impl Draft {
    /// A draft of `config` with no fields yet.
    pub fn new(config: &BotConfig) -> Self {
        Self {
            saved: RwSignal::new(serde_json::to_value(config).unwrap_or_default()),
            fields: StoredValue::new(Vec::new()),
        }
    }

    /// Adds the field at `path`.
    pub fn field(&self, path: &'static str, kind: Kind) -> Field {
        let field = Field::new(path, kind, &self.saved.get_untracked());
        self.fields.update_value(|f| f.push(field));
        field
    }

    /// The patch of what changed: for each top-level key with a change, the whole draft of
    /// that key (a theme is sent whole, the service replaces it).
    pub fn patch(&self) -> Value {
        let saved = self.saved.get();
        let fields = self.fields.get_value();
        let mut tops: Vec<&str> = fields
            .iter()
            .filter(|f| f.changed(&saved))
            .map(|f| top(f.path))
            .collect();
        tops.dedup();
        let mut patch = Value::Object(Map::new());
        for field in fields.iter().filter(|f| tops.contains(&top(f.path))) {
            if let Some(v) = field.value() {
                put(&mut patch, field.path, v);
            } else if field.path.matches('/').count() > 1 {
                // An omitted member still makes its object (an emptied theme is `{}`).
                let parent = &field.path[..field.path.rfind('/').unwrap_or(0)];
                if patch.pointer(parent).is_none() {
                    put(&mut patch, parent, Value::Object(Map::new()));
                }
            }
        }
        patch
    }

    /// Whether anything changed.
    pub fn dirty(&self) -> bool {
        self.patch().as_object().is_some_and(|m| !m.is_empty())
    }

    /// `config` with the draft applied, when the service would accept the draft.
    pub fn applied(&self, config: &BotConfig) -> Option<BotConfig> {
        let patch: ConfigPatch = validate::parse(self.patch()).ok()?;
        let mut next = config.clone();
        next.apply(patch);
        Some(next)
    }

    /// Takes `config` as the saved state and resets every field to it.
    pub fn reset(&self, config: &BotConfig) {
        let saved = serde_json::to_value(config).unwrap_or_default();
        self.fields
            .with_value(|f| f.iter().for_each(|f| f.load(&saved)));
        self.saved.set(saved);
    }
}

/// A form's saving: whether anything changed, whether a save runs, what the last one did.
#[derive(Debug, Clone, Copy)]
pub struct Saving {
    /// The draft differs from the saved settings.
    pub dirty: Signal<bool>,
    /// A save is under way.
    pub busy: RwSignal<bool>,
    /// What the last save did.
    pub outcome: RwSignal<Option<Outcome>>,
}

impl Draft {
    /// The saving state of this draft.
    pub fn saving(&self) -> Saving {
        let draft = self.clone();
        Saving {
            dirty: Signal::derive(move || draft.dirty()),
            busy: RwSignal::new(false),
            outcome: RwSignal::new(None),
        }
    }

    /// The form's submit handler: saves the draft to the bot (`PATCH`), then takes what the
    /// service answered as saved and says `done` (or why not).
    pub fn submit(
        &self,
        current: Current,
        done: &'static str,
        saving: Saving,
    ) -> impl Fn(leptos::ev::SubmitEvent) + Clone + use<> {
        let draft = self.clone();
        move |ev| {
            ev.prevent_default();
            let saved = current
                .record
                .with_untracked(|r| r.as_ref().map(|r| r.config.clone()));
            if draft.applied(&saved.unwrap_or_default()).is_none() {
                saving.outcome.set(Some(Outcome::Failed(
                    "Some values are not accepted: see the fields marked in red.".into(),
                )));
                return;
            }
            let patch = draft.patch();
            let draft = draft.clone();
            saving.busy.set(true);
            leptos::task::spawn_local(async move {
                match api::send::<_, BotRecord>("PATCH", &current.path(""), &patch).await {
                    Ok(record) => {
                        draft.reset(&record.config);
                        current.keep(record);
                        saving.outcome.set(Some(Outcome::Done(done.into())));
                    }
                    Err(e) => saving.outcome.set(Some(Outcome::Failed(e.message))),
                }
                saving.busy.set(false);
            });
        }
    }
}

fn top(path: &str) -> &str {
    path.trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or_default()
}

/// How a number field shows `value`: whole numbers without a point (`15.0` as `15`); a value
/// the service keeps as `f32` (the temperature), which arrives widened (0.3 as
/// 0.30000001192092896), as that `f32`; anything else as it came; not a number: empty.
fn number_text(value: &Value) -> String {
    match value {
        Value::Number(n) => match n.as_f64() {
            Some(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", x as i64),
            Some(x) if f64::from(x as f32) == x => (x as f32).to_string(),
            _ => n.to_string(),
        },
        _ => String::new(),
    }
}

/// Whether two numbers are the same value: integers exactly, fractions at `f32`'s precision.
fn same_number(a: &serde_json::Number, b: &serde_json::Number) -> bool {
    match (a.as_i64(), b.as_i64()) {
        (Some(a), Some(b)) => a == b,
        _ => a.as_f64().map(|a| a as f32) == b.as_f64().map(|b| b as f32),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_temperature_kept_as_f32_is_the_number_written() {
        let number = |v: serde_json::Value| v.as_number().cloned().unwrap();
        assert!(same_number(
            &number(json!(0.3)),
            &number(json!(f64::from(0.3f32)))
        ));
        assert!(!same_number(
            &number(json!(0.4)),
            &number(json!(f64::from(0.3f32)))
        ));
        assert!(same_number(&number(json!(15)), &number(json!(15.0))));
        assert!(!same_number(
            &number(json!(20_000_001)),
            &number(json!(20_000_000))
        ));
    }

    #[test]
    fn numbers_are_shown_as_they_were_written() {
        assert_eq!(number_text(&json!(f64::from(0.3f32))), "0.3");
        assert_eq!(number_text(&json!(0.7)), "0.7");
        assert_eq!(number_text(&json!(30)), "30");
        assert_eq!(number_text(&json!(2.0)), "2");
        assert_eq!(number_text(&json!(null)), "");
    }

    #[test]
    fn put_makes_the_objects_on_the_way() {
        let mut v = json!({});
        put(&mut v, "/theme/primaryColor", json!("#abc"));
        put(&mut v, "/bot_name", json!("X"));
        assert_eq!(
            v,
            json!({"theme": {"primaryColor": "#abc"}, "bot_name": "X"})
        );
    }
}
