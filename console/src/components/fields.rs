//! Form fields with a label, an optional hint and the reason a value is refused, tied to
//! signals. Each field's id and test id come from its `name`.

use leptos::prelude::*;

fn describe(name: &str, hint: bool, error: bool) -> String {
    let mut ids = Vec::new();
    if hint {
        ids.push(format!("{name}-hint"));
    }
    if error {
        ids.push(format!("{name}-error"));
    }
    ids.join(" ")
}

/// The hint and the error under a control.
#[component]
fn Notes(name: &'static str, hint: &'static str, error: Signal<Option<String>>) -> impl IntoView {
    view! {
        {(!hint.is_empty()).then(|| view! { <p class="hint" id=format!("{name}-hint")>{hint}</p> })}
        {move || error.get().map(|e| view! {
            <p class="field-error" id=format!("{name}-error") role="alert" data-testid=format!("{name}-error")>{e}</p>
        })}
    }
}

/// A text input: one line, or a text area of `rows` lines.
#[component]
pub fn TextField(
    /// Its label.
    label: &'static str,
    /// Its name (id and test id).
    name: &'static str,
    /// The value.
    value: RwSignal<String>,
    /// Why the value is refused, if it is.
    #[prop(optional, into)]
    error: Signal<Option<String>>,
    /// A line of help.
    #[prop(optional)]
    hint: &'static str,
    /// The input type (`text`, `email`, `password`, `url`, …).
    #[prop(default = "text")]
    kind: &'static str,
    /// Shown while empty.
    #[prop(optional)]
    placeholder: &'static str,
    /// The browser's autofill hint.
    #[prop(optional)]
    autocomplete: &'static str,
    /// Must be filled.
    #[prop(optional)]
    required: bool,
    /// A text area of this many lines.
    #[prop(optional)]
    rows: Option<u32>,
) -> impl IntoView {
    let has_hint = !hint.is_empty();
    let invalid = move || error.with(|e| e.is_some());
    let described = move || describe(name, has_hint, invalid());
    let control = match rows {
        Some(rows) => view! {
            <textarea id=name name=name rows=rows data-testid=name placeholder=placeholder
                aria-invalid=move || invalid().to_string() aria-describedby=described
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))></textarea>
        }
        .into_any(),
        None => view! {
            <input id=name name=name type=kind data-testid=name placeholder=placeholder
                autocomplete=(!autocomplete.is_empty()).then_some(autocomplete)
                required=required
                aria-invalid=move || invalid().to_string() aria-describedby=described
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))/>
        }
        .into_any(),
    };
    view! {
        <div class="field" class:invalid=invalid>
            <label for=name>{label}</label>
            {control}
            <Notes name hint error/>
        </div>
    }
}

/// A whole number from `min` to `max`, kept as the text typed (the form reads it when sent).
#[component]
pub fn NumberField(
    /// Its label.
    label: &'static str,
    /// Its name (id and test id).
    name: &'static str,
    /// The value, as typed.
    value: RwSignal<String>,
    /// The least value.
    min: u32,
    /// The greatest value.
    max: u32,
    /// Why the value is refused, if it is.
    #[prop(optional, into)]
    error: Signal<Option<String>>,
    /// A line of help.
    #[prop(optional)]
    hint: &'static str,
) -> impl IntoView {
    let has_hint = !hint.is_empty();
    let invalid = move || error.with(|e| e.is_some());
    view! {
        <div class="field" class:invalid=invalid>
            <label for=name>{label}</label>
            <input id=name name=name type="number" inputmode="numeric" data-testid=name
                min=min max=max step="1"
                aria-invalid=move || invalid().to_string()
                aria-describedby=move || describe(name, has_hint, invalid())
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))/>
            <Notes name hint error/>
        </div>
    }
}

/// A checkbox with its label and hint.
#[component]
pub fn Toggle(
    /// Its label.
    label: &'static str,
    /// Its name (id and test id).
    name: &'static str,
    /// Whether it is on.
    value: RwSignal<bool>,
    /// A line of help.
    #[prop(optional)]
    hint: &'static str,
) -> impl IntoView {
    view! {
        <div class="toggle">
            <input id=name name=name type="checkbox" data-testid=name
                aria-describedby=(!hint.is_empty()).then(|| format!("{name}-hint"))
                prop:checked=move || value.get()
                on:change=move |ev| value.set(event_target_checked(&ev))/>
            <label for=name>{label}</label>
            {(!hint.is_empty()).then(|| view! { <p class="hint" id=format!("{name}-hint")>{hint}</p> })}
        </div>
    }
}

/// A choice among a few values.
#[component]
pub fn Select(
    /// Its label.
    label: &'static str,
    /// Its name (id and test id).
    name: &'static str,
    /// The chosen value.
    value: RwSignal<String>,
    /// `(value, label)` pairs.
    options: Vec<(String, String)>,
    /// A line of help.
    #[prop(optional)]
    hint: &'static str,
    /// Why the value is refused, if it is.
    #[prop(optional, into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let has_hint = !hint.is_empty();
    view! {
        <div class="field">
            <label for=name>{label}</label>
            <select id=name name=name data-testid=name
                aria-describedby=move || describe(name, has_hint, error.with(|e| e.is_some()))
                prop:value=move || value.get()
                on:change=move |ev| value.set(event_target_value(&ev))>
                {options.into_iter().map(|(v, l)| {
                    let selected = v.clone();
                    view! { <option value=v selected=move || value.get() == selected>{l}</option> }
                }).collect_view()}
            </select>
            <Notes name hint error/>
        </div>
    }
}

/// A color: the browser's picker and the `#rrggbb` text, kept together. A picker cannot be
/// empty, so an empty value (not set: the widget's default) shows as a checkerboard swatch
/// with the picker invisible over it, and the text stays empty until a colour is chosen; an
/// optional colour that is set can go back to the default.
#[component]
pub fn ColorField(
    /// Its label.
    label: &'static str,
    /// Its name (id and test id).
    name: &'static str,
    /// The value (`#rrggbb`, or `""` for "not set" when `optional`).
    value: RwSignal<String>,
    /// Why the value is refused, if it is.
    #[prop(optional, into)]
    error: Signal<Option<String>>,
    /// A line of help.
    #[prop(optional)]
    hint: &'static str,
    /// Empty means "the default" (said in the empty text box), not a missing value.
    #[prop(optional)]
    optional: bool,
) -> impl IntoView {
    let has_hint = !hint.is_empty();
    let unset = move || value.with(|v| v.trim().is_empty());
    let unset_means = if optional {
        "not set, the default is used"
    } else {
        "not set"
    };
    let picker = move || {
        let v = value.get();
        if v.len() == 7 && v.starts_with('#') {
            v
        } else {
            // The picker opens on white when nothing is set (it is invisible then).
            "#ffffff".into()
        }
    };
    view! {
        <div class="field color" class:invalid=move || error.with(|e| e.is_some())>
            <label for=name>{label}</label>
            <div class="color-row">
                <span class="color-swatch" class:unset=unset data-testid=format!("{name}-swatch")
                    title=move || unset().then_some(unset_means)>
                    <input type="color" data-testid=format!("{name}-picker")
                        aria-label=move || if unset() { format!("{label}: picker ({unset_means})") } else { format!("{label}: picker") }
                        prop:value=picker on:input=move |ev| value.set(event_target_value(&ev))/>
                </span>
                <input id=name name=name type="text" data-testid=name
                    placeholder=if optional { "Default (or #rrggbb)" } else { "#rrggbb" }
                    spellcheck="false" autocomplete="off"
                    aria-invalid=move || error.with(|e| e.is_some()).to_string()
                    aria-describedby=move || describe(name, has_hint, error.with(|e| e.is_some()))
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))/>
                {move || (optional && !unset()).then(|| view! {
                    <button type="button" class="button small subtle" data-testid=format!("{name}-clear")
                        aria-label=format!("{label}: use the default") on:click=move |_| value.set(String::new())>"Default"</button>
                })}
            </div>
            <Notes name hint error/>
        </div>
    }
}
