//! The launcher program: what a host page loads before the first click. It draws the themed
//! launcher and its unread badge from the config the loader fetched, tells the loader when the
//! visitor reaches for it (so the app starts downloading) and when they click (so the app takes
//! over, opening the panel), and shows that it is busy meanwhile.

use crate::components::launcher_button::LauncherButton;
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
    container: web_sys::HtmlElement,
    mounted: Option<Box<dyn std::any::Any>>,
}

#[wasm_bindgen]
impl LauncherHandle {
    /// Removes the launcher (the app has mounted its own).
    pub fn unmount(&mut self) {
        self.mounted = None;
        self.container.remove();
    }
}

/// Mounts the launcher in `root`. `options`: `config` (the `/api/widget/config` answer),
/// `position`, `lang`, `theme` (tag overrides), `unread` (count remembered from the last page),
/// `reach()` and `activate()` callbacks.
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
    let unread = string(&options, "unread")
        .and_then(|u| u.parse::<u32>().ok())
        .unwrap_or(0);
    let activate = function(&options, "activate");
    let reach = function(&options, "reach");

    let container = crate::prepare_root(&root, LAUNCHER_CSS)?;
    let mounted = leptos::mount::mount_to(container.clone(), move || {
        let busy = RwSignal::new(false);
        let on_click = move || {
            busy.set(true);
            if let Some(f) = &activate {
                let _ = f.call0(&JsValue::NULL);
            }
        };
        let on_reach = move || {
            if let Some(f) = &reach {
                let _ = f.call0(&JsValue::NULL);
            }
        };
        let button = NodeRef::<html::Button>::new();
        view! {
            <div class=look.class() style=look.variables.clone() data-testid="porthole-launcher">
                <LauncherButton open=false unread busy strings button on_click on_reach/>
            </div>
        }
    });
    Ok(LauncherHandle {
        container,
        mounted: Some(Box::new(mounted)),
    })
}
