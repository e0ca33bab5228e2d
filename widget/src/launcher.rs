//! The launcher program: what a host page loads before the first click. It draws the themed
//! launcher, its unread badge and the bubble of a message waiting for the visitor (the loader
//! polls for them and calls [`LauncherHandle::notify`]), tells the loader when the visitor
//! reaches for it (so the app starts downloading) and when they click (so the app takes over,
//! opening the panel), and shows that it is busy meanwhile.

use crate::components::launcher_button::LauncherButton;
use crate::components::nudge::Nudge;
use crate::options::{self, function, get, string, theme_colors};
use crate::theme::Look;
use crate::{LAUNCHER_CSS, i18n};
use leptos::html;
use leptos::prelude::*;
use porthole_shared::Position;
use wasm_bindgen::prelude::*;

/// The mounted launcher, until the app takes over.
#[wasm_bindgen]
pub struct LauncherHandle {
    place: crate::Place,
    mounted: Option<Box<dyn std::any::Any>>,
    unread: RwSignal<u32>,
    nudge: RwSignal<Option<String>>,
}

#[wasm_bindgen]
impl LauncherHandle {
    /// Removes the launcher (the app has mounted its own).
    pub fn unmount(&mut self) {
        self.mounted = None;
        self.place.remove();
    }

    /// Shows `unread` on the badge and `text` (when given) beside the launcher.
    pub fn notify(&self, unread: u32, text: Option<String>) {
        self.unread.set(unread);
        if text.is_some() {
            self.nudge.set(text);
        }
    }
}

/// Mounts the launcher in `root`. `options`: `config` (the `/api/widget/config` answer),
/// `position`, `lang`, `theme` (tag overrides), `unread` (count remembered from the last page),
/// `nudge` (a message waiting for the visitor), `reach()`, `activate()` and `dismiss()`
/// callbacks, `nonce` (the host page's CSP nonce, for browsers without constructable
/// stylesheets).
#[wasm_bindgen]
pub fn mount_launcher(
    root: web_sys::ShadowRoot,
    options: JsValue,
) -> Result<LauncherHandle, JsValue> {
    let response = get(&options, "config");
    let config = get(&response, "config");
    let web = get(&response, "web_chat");
    let pick_position = |obj: &JsValue| string(obj, "position").and_then(|p| options::position(&p));
    let pick_mode = |obj: &JsValue, key| string(obj, key).and_then(|t| options::theme_mode(&t));
    let look = Look::new(
        &string(&config, "primary_color").unwrap_or_default(),
        &theme_colors(&get(&web, "theme")),
        &theme_colors(&get(&web, "darkTheme")),
        pick_position(&options)
            .or_else(|| pick_position(&config))
            .unwrap_or(Position::Br),
        pick_mode(&options, "theme")
            .or_else(|| pick_mode(&web, "defaultThemeMode"))
            .unwrap_or_default(),
    );
    let strings = i18n::launcher(&options::lang(&options));
    let unread = RwSignal::new(
        string(&options, "unread")
            .and_then(|u| u.parse::<u32>().ok())
            .unwrap_or(0),
    );
    let nudge = RwSignal::new(string(&options, "nudge"));
    // Kept in arena slots, so the handlers that call them are `Copy`.
    let callback = |name| StoredValue::new_local(function(&options, name));
    let (activate, reach, dismiss) = (callback("activate"), callback("reach"), callback("dismiss"));
    let call = |f: StoredValue<Option<js_sys::Function>, LocalStorage>| {
        f.with_value(|f| {
            if let Some(f) = f {
                let _ = f.call0(&JsValue::NULL);
            }
        })
    };

    let css = crate::stylesheet(&[LAUNCHER_CSS], &look);
    let place = crate::Place::new(&root, &css, string(&options, "nonce").as_deref())?;
    let mounted = leptos::mount::mount_to(place.container.clone(), move || {
        let busy = RwSignal::new(false);
        let on_click = move || {
            busy.set(true);
            call(activate);
        };
        let on_reach = move || call(reach);
        let on_dismiss = move || {
            nudge.set(None);
            call(dismiss);
        };
        let button = NodeRef::<html::Button>::new();
        view! {
            <div class=look.class() data-testid="porthole-launcher">
                <Nudge text=nudge open=false strings on_open=on_click on_dismiss/>
                <LauncherButton open=false unread busy strings button on_click on_reach/>
            </div>
        }
    });
    Ok(LauncherHandle {
        place,
        mounted: Some(Box::new(mounted)),
        unread,
        nudge,
    })
}
