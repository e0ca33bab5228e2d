//! Porthole's chat widget: Leptos compiled to WebAssembly, mounted in the shadow root that the
//! loader (`static/widget.js`) creates. Two programs are built from this crate:
//!
//! - the launcher (`launcher::mount_launcher`, `--no-default-features`): the only wasm a
//!   host page loads before the first click — the themed launcher button and its badge, built
//!   with `web-sys` alone (no Leptos), about 22 KB brotli;
//! - the app ([`mount`], feature `app`): launcher, panel, streaming replies, Markdown, history.
//!   The loader fetches it when the visitor reaches for the launcher and hands over on click.

#[cfg(feature = "app")]
pub mod components;
pub mod i18n;
pub mod icons;
pub mod options;
pub mod theme;

#[cfg(not(feature = "app"))]
pub mod launcher;

#[cfg(feature = "app")]
pub mod api;
#[cfg(feature = "app")]
pub mod chat;
#[cfg(feature = "app")]
pub mod controller;
#[cfg(feature = "app")]
pub mod json;
#[cfg(feature = "app")]
pub mod speech;
#[cfg(feature = "app")]
pub mod storage;
#[cfg(feature = "app")]
pub mod stream;

#[cfg(feature = "app")]
pub use app_entry::{Handle, mount};

#[cfg(all(test, target_arch = "wasm32", feature = "app"))]
mod browser_tests;

/// A program's place in the shadow root: a fresh container for its view, and its stylesheet.
///
/// The stylesheet is a constructed `CSSStyleSheet` adopted by the shadow root, which a host
/// page's Content-Security-Policy does not govern, so the widget is styled on a page whose
/// `style-src` allows no `'unsafe-inline'`. Where a browser cannot construct stylesheets it
/// falls back to a `<style>` element carrying the host's nonce (the loader passes the script
/// tag's `nonce`, or its `data-nonce`). Nothing in the widget sets a `style` attribute.
pub struct Place {
    /// Where the program mounts its view.
    pub container: web_sys::HtmlElement,
    root: web_sys::ShadowRoot,
    sheet: Option<web_sys::CssStyleSheet>,
}

impl Place {
    /// Puts `css` and a fresh container in `root`; `nonce` is the host's CSP nonce, if any.
    pub fn new(
        root: &web_sys::ShadowRoot,
        css: &str,
        nonce: Option<&str>,
    ) -> Result<Self, wasm_bindgen::JsValue> {
        use wasm_bindgen::JsCast;
        let document = web_sys::window()
            .and_then(|w| w.document())
            .ok_or("no document")?;
        let container: web_sys::HtmlElement = document.create_element("div")?.dyn_into()?;
        let sheet = adopt(root, css);
        if sheet.is_none() {
            let style = document.create_element("style")?;
            if let Some(nonce) = nonce.filter(|n| !n.is_empty()) {
                style.set_attribute("nonce", nonce)?;
            }
            style.set_text_content(Some(css));
            container.append_child(&style)?;
        }
        root.append_child(&container)?;
        Ok(Self {
            container,
            root: root.clone(),
            sheet,
        })
    }

    /// Takes the container and the stylesheet off the shadow root.
    pub fn remove(&self) {
        self.container.remove();
        if let Some(sheet) = &self.sheet {
            let mine: &wasm_bindgen::JsValue = sheet.as_ref();
            let others = js_sys::Array::new();
            for other in self.root.adopted_style_sheets().iter() {
                if other != *mine {
                    others.push(&other);
                }
            }
            self.root.set_adopted_style_sheets(&others);
        }
    }
}

/// Adds a constructed stylesheet of `css` to `root`'s adopted ones; `None` where the browser
/// has no constructable stylesheets.
fn adopt(root: &web_sys::ShadowRoot, css: &str) -> Option<web_sys::CssStyleSheet> {
    if !js_sys::Reflect::has(root, &"adoptedStyleSheets".into()).unwrap_or(false) {
        return None;
    }
    let sheet = web_sys::CssStyleSheet::new().ok()?;
    sheet.replace_sync(css).ok()?;
    let sheets = root.adopted_style_sheets();
    let all = js_sys::Array::from(&sheets);
    all.push(&sheet);
    root.set_adopted_style_sheets(&all);
    Some(sheet)
}

/// The stylesheet of a program: its rules, then the bot's colors as custom properties of the
/// widget's root (a rule, not a `style` attribute, which a strict CSP would block).
pub fn stylesheet(rules: &[&str], look: &theme::Look) -> String {
    let mut css = rules.concat();
    css.push_str(&format!(".ph-root{{{}}}", look.variables));
    css
}

/// The launcher's stylesheet (both programs).
pub const LAUNCHER_CSS: &str = include_str!("launcher.css");

#[cfg(feature = "app")]
mod app_entry {
    use crate::api::Api;
    use crate::components::app::App;
    use crate::components::panel::PanelContent;
    use crate::controller::{Settings, Widget};
    use crate::options::{self, function, get, string};
    use crate::theme::Look;
    use crate::{LAUNCHER_CSS, i18n, storage};
    use leptos::prelude::*;
    use porthole_shared::api::ConfigResponse;
    use wasm_bindgen::prelude::*;

    /// The panel's stylesheet.
    const PANEL_CSS: &str = include_str!("panel.css");

    /// What the host page can do with the mounted app (behind `window.Porthole`).
    #[wasm_bindgen]
    pub struct Handle {
        widget: Widget,
        /// The mounted view (dropping it takes it off the page).
        mounted: Option<Box<dyn std::any::Any>>,
        /// Its container and stylesheet in the shadow root.
        place: crate::Place,
    }

    #[wasm_bindgen]
    impl Handle {
        /// Opens the panel.
        pub fn open(&self) {
            self.widget.open_panel();
        }

        /// Closes the panel.
        pub fn close(&self) {
            self.widget.close_panel(false);
        }

        /// Opens or closes the panel.
        pub fn toggle(&self) {
            self.widget.toggle();
        }

        /// Sends `text` as the visitor, opening the panel; false when it cannot be sent
        /// (empty, too long, or a reply is still coming).
        pub fn send(&self, text: &str) -> bool {
            self.widget.open_panel();
            self.widget.send(text)
        }

        /// Starts a new conversation.
        pub fn reset(&self) {
            self.widget.reset();
        }

        /// Takes the widget off the page and ends its work (the console's preview mounts a
        /// fresh one for every change).
        pub fn unmount(&mut self) {
            self.widget.retire();
            self.mounted = None;
            self.place.remove();
        }
    }

    /// Mounts the app in `root`. `options`: `token`, `api` (service URL), `config` (the
    /// `/api/widget/config` answer), `position`, `lang`, `theme` (tag overrides), `open`
    /// (open the panel), `focus` (the visitor asked: focus the composer), `emit(name, detail)`,
    /// `nonce` (the host page's CSP nonce, for browsers without constructable stylesheets).
    #[wasm_bindgen]
    pub fn mount(root: web_sys::ShadowRoot, options: JsValue) -> Result<Handle, JsValue> {
        // A panic says what and where in the browser's console, not only "unreachable".
        console_error_panic_hook::set_once();
        let token = string(&options, "token").ok_or("Porthole: mount needs a token")?;
        let api = string(&options, "api").ok_or("Porthole: mount needs the service URL")?;
        let response: ConfigResponse = serde_wasm_bindgen::from_value(get(&options, "config"))?;
        let config = &response.config;
        let web = &response.web_chat;
        let look = Look::new(
            &config.primary_color,
            &web.theme,
            &web.dark_theme,
            string(&options, "position")
                .and_then(|p| options::position(&p))
                .unwrap_or(config.position),
            string(&options, "theme")
                .and_then(|t| options::theme_mode(&t))
                .unwrap_or(web.default_theme_mode),
        );
        let content = PanelContent {
            name: config.bot_name.clone(),
            avatar: config.avatar_url.clone(),
            welcome: config.welcome.clone(),
            placeholder: config.placeholder.clone(),
            starters: web.display_conversation_starters.clone(),
            citations: web.enable_display_citations,
            powered_by: web.enable_show_powered_by,
        };
        let lang = options::lang(&options);
        let widget = Widget::new(Settings {
            strings: i18n::strings(&lang),
            launcher: i18n::launcher(&lang),
            store: storage::Store::new(&token),
            api: Api::new(&api),
            token,
            lang,
            emit: function(&options, "emit"),
            handoff: response.handoff,
            hours: response.hours.clone(),
            available: response.available,
            transcripts: response.transcripts,
            lead: response.lead_capture.clone(),
            images: web.enable_file_upload,
            track: function(&options, "track"),
            bot_id: response.id.clone(),
            options: web.clone(),
            draft: string(&options, "draft").unwrap_or_default(),
        });
        if get(&options, "open").is_truthy() {
            // Like any opening (remembered, reported to the page), but the composer takes focus
            // only when the visitor asked for the panel, not when it reopens on a new page.
            widget.open_panel();
            widget.opened_by_visitor(get(&options, "focus").is_truthy());
        }
        let css = crate::stylesheet(&[LAUNCHER_CSS, PANEL_CSS], &look);
        let place = crate::Place::new(&root, &css, string(&options, "nonce").as_deref())?;
        let mounted = leptos::mount::mount_to(place.container.clone(), move || {
            view! { <App widget look content/> }
        });
        widget.start_live();
        Ok(Handle {
            widget,
            mounted: Some(Box::new(mounted)),
            place,
        })
    }
}
