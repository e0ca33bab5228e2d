//! Unsaved edits are not dropped without a word: while a form says it has some ([`guard`]), a
//! click on a link to another page of the console asks first ([`LeaveDialog`], the console's
//! confirmation dialog), the browser's back and forward buttons ask the same (the address they
//! went to is put back until the answer), and closing or reloading the tab makes the browser ask
//! (`beforeunload`).

use crate::components::dialog::Confirm;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::JsCast;
use wasm_bindgen::convert::FromWasmAbi;
use wasm_bindgen::prelude::Closure;
use web_sys::{BeforeUnloadEvent, HtmlAnchorElement, MouseEvent, PopStateEvent};

/// Whether a form on the page has unsaved edits, and the link waiting for a confirmation.
#[derive(Clone, Copy)]
pub struct Unsaved {
    dirty: RwSignal<bool>,
    /// The address of the page with the edits, while it has some.
    here: RwSignal<Option<String>>,
    asking: RwSignal<bool>,
    pending: RwSignal<Option<String>>,
}

impl Unsaved {
    /// Listens to the whole window for the console's lifetime (links are checked before the
    /// router follows them) and goes in the context.
    pub fn install() {
        let this = Self {
            dirty: RwSignal::new(false),
            here: RwSignal::new(None),
            asking: RwSignal::new(false),
            pending: RwSignal::new(None),
        };
        provide_context(this);
        let Some(window) = web_sys::window() else {
            return;
        };
        // Capture: before the router's own listener follows the link.
        listen(&window, "click", true, move |ev: MouseEvent| {
            if !this.is_dirty() {
                return;
            }
            if let Some(to) = link_elsewhere(&ev) {
                ev.prevent_default();
                this.ask(to);
            }
        });
        // Back or forward: the address has already changed. Capture, registered before the
        // router's own listener, keeps the router from showing that page; the address of the
        // page with the edits goes back in the bar until the answer.
        listen(&window, "popstate", true, move |ev: PopStateEvent| {
            if !this.is_dirty() {
                return;
            }
            let (Some(to), Some(here)) = (address(), this.here.try_get_untracked().flatten())
            else {
                return;
            };
            if to == here {
                return;
            }
            ev.stop_immediate_propagation();
            if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
                let _ = h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&here));
            }
            this.ask(to);
        });
        listen(
            &window,
            "beforeunload",
            false,
            move |ev: BeforeUnloadEvent| {
                if this.is_dirty() {
                    ev.prevent_default();
                    ev.set_return_value("unsaved");
                }
            },
        );
    }

    fn is_dirty(&self) -> bool {
        self.dirty.try_get_untracked().unwrap_or(false)
    }

    /// Opens the question, with `to` waiting for its answer.
    fn ask(&self, to: String) {
        self.pending.set(Some(to));
        self.asking.set(true);
    }
}

/// Listens to `event` on the window for the console's lifetime.
fn listen<E: FromWasmAbi + 'static>(
    window: &web_sys::Window,
    event: &str,
    capture: bool,
    handle: impl Fn(E) + 'static,
) {
    let handle = Closure::<dyn Fn(E)>::new(handle);
    let _ = window.add_event_listener_with_callback_and_bool(
        event,
        handle.as_ref().unchecked_ref(),
        capture,
    );
    handle.forget();
}

/// Holds links back while `dirty` says so, until the calling view goes.
pub fn guard(dirty: Signal<bool>) {
    let unsaved = expect_context::<Unsaved>();
    Effect::new(move |_| {
        let dirty = dirty.get();
        unsaved.dirty.set(dirty);
        unsaved.here.set(if dirty { address() } else { None });
    });
    on_cleanup(move || {
        unsaved.dirty.try_set(false);
        unsaved.here.try_set(None);
    });
}

/// The question asked before a link drops unsaved edits (once, in the frame).
#[component]
pub fn LeaveDialog() -> impl IntoView {
    let unsaved = expect_context::<Unsaved>();
    let navigate = use_navigate();
    let leave = Callback::new(move |()| {
        if let Some(to) = unsaved.pending.get_untracked() {
            unsaved.dirty.set(false);
            unsaved.pending.set(None);
            navigate(&to, Default::default());
        }
    });
    // In the page only while it asks, so the other confirmations stay the only ones there.
    view! {
        <Show when=move || unsaved.asking.get()>
            <Confirm open=unsaved.asking title="Leave without saving?"
                message="Your changes on this page are not saved yet. Leave, and they are lost; stay, and you can save them."
                confirm="Leave without saving" on_confirm=leave/>
        </Show>
    }
}

/// The address in the bar: path, query and fragment.
fn address() -> Option<String> {
    let here = web_sys::window()?.location();
    Some(format!(
        "{}{}{}",
        here.pathname().ok()?,
        here.search().ok()?,
        here.hash().ok()?
    ))
}

/// The console address a plain click on a link goes to, when it leaves the current page.
fn link_elsewhere(ev: &MouseEvent) -> Option<String> {
    if ev.default_prevented()
        || ev.button() != 0
        || ev.meta_key()
        || ev.ctrl_key()
        || ev.shift_key()
        || ev.alt_key()
    {
        return None;
    }
    let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
    let a: HtmlAnchorElement = target.closest("a[href]").ok()??.dyn_into().ok()?;
    let here = web_sys::window()?.location();
    if !a.target().is_empty() || a.has_attribute("download") || a.origin() != here.origin().ok()? {
        return None;
    }
    let to = format!("{}{}", a.pathname(), a.search());
    let now = format!("{}{}", here.pathname().ok()?, here.search().ok()?);
    (to != now).then(|| format!("{to}{}", a.hash()))
}
