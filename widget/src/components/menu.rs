//! The header's "more" menu: a button that opens a short list of actions (share, light/dark,
//! new conversation). It behaves as a menu button: Enter or Space opens it, arrows move between
//! its items, Esc closes it and gives focus back, and it closes when focus leaves it.

use crate::icons::MoreIcon;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// One action of the menu.
pub struct MenuItem {
    /// Its label.
    pub label: &'static str,
    /// Its test id.
    pub id: &'static str,
    /// What it does.
    pub run: Box<dyn Fn() + Send + Sync>,
}

/// The menu (nothing when it has no items).
#[component]
pub fn Menu(
    /// The menu button's label.
    label: &'static str,
    /// Its actions.
    items: Vec<MenuItem>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let list = NodeRef::<html::Div>::new();
    let button = NodeRef::<html::Button>::new();
    let items = StoredValue::new(items);
    // The item that has focus, if one has.
    let current = RwSignal::new(None::<i32>);
    // Opens the list at once (the reactive `hidden` would only follow in a microtask, and a
    // hidden item cannot take focus) and moves focus `step` items on.
    let focus_item = move |step: i32| {
        let Some(list) = list.get_untracked() else {
            return;
        };
        open.set(true);
        list.set_hidden(false);
        let Ok(nodes) = list.query_selector_all("[role=menuitem]") else {
            return;
        };
        let count = nodes.length() as i32;
        if count == 0 {
            return;
        }
        let next = match current.get_untracked() {
            Some(i) => (i + step).rem_euclid(count),
            None if step < 0 => count - 1,
            None => 0,
        };
        if let Some(el) = nodes
            .get(next as u32)
            .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    };
    let close = move |refocus: bool| {
        open.set(false);
        if refocus && let Some(b) = button.get_untracked() {
            let _ = b.focus();
        }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "Escape" if open.get_untracked() => {
            ev.stop_propagation();
            close(true);
        }
        "ArrowDown" => {
            ev.prevent_default();
            focus_item(1);
        }
        "ArrowUp" => {
            ev.prevent_default();
            focus_item(-1);
        }
        _ => {}
    };
    let on_focusout = move |ev: leptos::ev::FocusEvent| {
        let inside = ev
            .related_target()
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
            .zip(list.get_untracked())
            .is_some_and(|(t, l)| l.contains(Some(&t)));
        let on_button = ev
            .related_target()
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
            .zip(button.get_untracked())
            .is_some_and(|(t, b)| b.is_same_node(Some(&t)));
        if !inside {
            current.set(None);
        }
        if !inside && !on_button {
            open.set(false);
        }
    };
    let entries = move || {
        items.with_value(|list| {
            list.iter()
                .enumerate()
                .map(|(index, item)| {
                    let run = move |_| {
                        items.with_value(|all| (all[index].run)());
                        close(true);
                    };
                    let i = index as i32;
                    view! {
                        <button type="button" role="menuitem" class="ph-menu-item" data-testid=item.id
                            on:focus=move |_| current.set(Some(i)) on:click=run>{item.label}</button>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div class="ph-menu" on:keydown=on_keydown on:focusout=on_focusout>
            <button class="ph-icon-button" type="button" aria-label=label title=label aria-haspopup="menu"
                aria-expanded=move || open.get().to_string() data-testid="menu" node_ref=button
                on:click=move |_| {
                    if open.get_untracked() {
                        open.set(false);
                    } else {
                        focus_item(1);
                    }
                }>
                <MoreIcon/>
            </button>
            <div class="ph-menu-list" role="menu" aria-label=label node_ref=list hidden=move || !open.get()>
                {entries}
            </div>
        </div>
    }
}
