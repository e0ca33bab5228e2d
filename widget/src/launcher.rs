//! The launcher program: what a host page loads before the first click. It draws the themed
//! launcher, its unread badge and the bubble of a message waiting for the visitor (the loader
//! polls for them and calls [`LauncherHandle::notify`]), tells the loader when the visitor
//! reaches for it (so the app starts downloading) and when they click (so the app takes over,
//! opening the panel), and shows that it is busy meanwhile.
//!
//! On that click it also draws the panel's frame at once: the header with the bot's name and
//! the composer, focused, so the visitor can type while the app downloads (on a Fast 4G
//! connection the app takes about 0.4 s). What they typed becomes the app's draft
//! ([`LauncherHandle::draft`]); a message they sent with Enter meanwhile is sent by the app as
//! soon as it runs ([`LauncherHandle::sent`]). The frame uses the app's classes, so the app's
//! panel replaces it in place.
//!
//! It builds its few elements with `web-sys` alone, not Leptos: a reactive runtime for one
//! button and two optional children would be most of what a host page downloads before the
//! first click. The elements, classes and attributes are those the app's `LauncherButton` and
//! `Nudge` components render, so the app replaces the launcher without a visible change.

use crate::i18n::{self, Launcher, with_n};
use crate::options::{self, function, get, string, theme_colors};
use crate::theme::Look;
use crate::{LAUNCHER_CSS, icons};
use porthole_shared::Position;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};

/// An event handler kept alive as long as the launcher.
type Handler = Closure<dyn FnMut()>;

/// What the panel's frame shows before the app arrives (from the bot's config).
struct Frame {
    /// The bot's name.
    name: String,
    /// Its avatar's address, if it has one.
    avatar: Option<String>,
    /// The composer's placeholder.
    placeholder: String,
}

/// The panel's frame, once drawn.
struct Drawn {
    panel: Element,
    input: web_sys::HtmlTextAreaElement,
    /// Enter in the composer: the message waits for the app, the composer read-only.
    _keys: Closure<dyn FnMut(web_sys::KeyboardEvent)>,
}

/// The launcher's elements and words.
struct Parts {
    document: Document,
    /// The themed root (`.ph-root`), holding the bubble (when shown) and the button.
    root: Element,
    button: Element,
    strings: &'static Launcher,
    /// The bubble beside the launcher, while it shows a message.
    nudge: RefCell<Option<Element>>,
    /// The badge on the button, while there are unread messages.
    badge: RefCell<Option<Element>>,
    /// The bubble's handlers (replaced with the bubble).
    nudge_handlers: RefCell<Vec<Handler>>,
    /// What the panel's frame shows, and the frame once the visitor asked for the panel.
    frame: Frame,
    drawn: RefCell<Option<Drawn>>,
    /// The loader's callbacks.
    activate: Option<js_sys::Function>,
    reach: Option<js_sys::Function>,
    dismiss: Option<js_sys::Function>,
}

/// Calls one of the loader's callbacks, if it gave it.
fn call(f: &Option<js_sys::Function>) {
    if let Some(f) = f {
        let _ = f.call0(&JsValue::NULL);
    }
}

impl Parts {
    /// An element of `tag` with `class` and `attributes`.
    fn element(
        &self,
        tag: &str,
        class: &str,
        attributes: &[(&str, &str)],
    ) -> Result<Element, JsValue> {
        let el = self.document.create_element(tag)?;
        el.set_class_name(class);
        for (name, value) in attributes {
            el.set_attribute(name, value)?;
        }
        Ok(el)
    }

    /// The visitor clicked: the button shows it is busy while the app loads and takes over,
    /// and the panel's frame opens with the composer focused.
    fn activate(&self) {
        let _ = self.button.class_list().add_1("ph-busy");
        let _ = self.button.set_attribute("aria-busy", "true");
        if self.drawn.borrow().is_none() {
            match self.draw_frame() {
                Ok(drawn) => {
                    let _ = drawn.input.focus();
                    *self.drawn.borrow_mut() = Some(drawn);
                }
                Err(e) => {
                    web_sys::console::error_2(&"Porthole: the panel could not open".into(), &e)
                }
            }
        }
        call(&self.activate);
    }

    /// The panel's frame: header, an empty conversation, and the composer.
    fn draw_frame(&self) -> Result<Drawn, JsValue> {
        let panel = self.element(
            "div",
            "ph-panel ph-open ph-frame",
            &[
                ("role", "dialog"),
                ("aria-label", &self.frame.name),
                ("data-testid", "frame"),
            ],
        )?;
        let header = self.element("div", "ph-header", &[])?;
        let avatar = match &self.frame.avatar {
            Some(src) => self.element("img", "ph-avatar", &[("src", src), ("alt", "")])?,
            None => {
                let initial = self.element("div", "ph-avatar", &[("aria-hidden", "true")])?;
                let first = self.frame.name.chars().next().map(String::from);
                initial.set_text_content(first.as_deref());
                initial
            }
        };
        let titles = self.element("div", "ph-title-box", &[])?;
        let title = self.element("h2", "ph-title", &[])?;
        title.set_text_content(Some(&self.frame.name));
        titles.append_child(&title)?;
        header.append_child(&avatar)?;
        header.append_child(&titles)?;
        let messages = self.element("div", "ph-messages", &[("aria-busy", "true")])?;
        let composer = self.element("div", "ph-composer", &[])?;
        let input: web_sys::HtmlTextAreaElement = self
            .element(
                "textarea",
                "ph-input",
                &[
                    ("rows", "1"),
                    ("data-testid", "input"),
                    ("placeholder", &self.frame.placeholder),
                    ("aria-label", self.strings.message_label),
                ],
            )?
            .unchecked_into();
        let send = self.element(
            "button",
            "ph-send",
            &[
                ("type", "button"),
                ("disabled", ""),
                ("aria-hidden", "true"),
            ],
        )?;
        let arrow = icon(&self.document, icons::SEND_PATH, 20)?;
        send.append_child(&arrow)?;
        composer.append_child(&input)?;
        composer.append_child(&send)?;
        for part in [&header, &messages, &composer] {
            panel.append_child(part)?;
        }
        let keys = {
            let input = input.clone();
            Closure::<dyn FnMut(web_sys::KeyboardEvent)>::new(move |ev: web_sys::KeyboardEvent| {
                if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
                    ev.prevent_default();
                    if !input.value().trim().is_empty() {
                        input.set_read_only(true);
                    }
                }
            })
        };
        input.add_event_listener_with_callback("keydown", keys.as_ref().unchecked_ref())?;
        let _ = self.root.class_list().add_1("ph-opened");
        self.root.append_child(&panel)?;
        Ok(Drawn {
            panel,
            input,
            _keys: keys,
        })
    }

    /// Shows `n` unread messages on the badge (none: no badge).
    fn set_unread(&self, n: u32) -> Result<(), JsValue> {
        let mut badge = self.badge.borrow_mut();
        if n == 0 {
            if let Some(b) = badge.take() {
                b.remove();
            }
            return Ok(());
        }
        let b = match badge.as_ref() {
            Some(b) => b.clone(),
            None => {
                let b = self.element("span", "ph-badge", &[("data-testid", "unread")])?;
                self.button.append_child(&b)?;
                badge.insert(b).clone()
            }
        };
        b.set_attribute("aria-label", &with_n(self.strings.unread, n))?;
        b.set_text_content(Some(&n.to_string()));
        Ok(())
    }

    /// Hides the bubble.
    fn hide_nudge(&self) {
        if let Some(n) = self.nudge.borrow_mut().take() {
            n.remove();
        }
    }
}

/// The mounted launcher, until the app takes over.
#[wasm_bindgen]
pub struct LauncherHandle {
    place: crate::Place,
    parts: Rc<Parts>,
    /// The button's and the bubble's handlers (dropped with the launcher).
    handlers: Rc<RefCell<Vec<Handler>>>,
}

#[wasm_bindgen]
impl LauncherHandle {
    /// Removes the launcher (the app has mounted its own).
    pub fn unmount(&mut self) {
        self.place.remove();
        self.handlers.borrow_mut().clear();
        self.parts.nudge_handlers.borrow_mut().clear();
        self.parts.drawn.borrow_mut().take();
    }

    /// What the visitor typed into the panel's frame before the app arrived (`""` without it).
    pub fn draft(&self) -> String {
        self.parts
            .drawn
            .borrow()
            .as_ref()
            .map(|d| d.input.value())
            .unwrap_or_default()
    }

    /// The app could not load: the frame closes and the button is no longer busy (a click
    /// tries again).
    pub fn failed(&self) {
        if let Some(drawn) = self.parts.drawn.borrow_mut().take() {
            drawn.panel.remove();
        }
        let _ = self.parts.root.class_list().remove_1("ph-opened");
        let _ = self.parts.button.class_list().remove_1("ph-busy");
        let _ = self.parts.button.set_attribute("aria-busy", "false");
    }

    /// Whether the visitor sent the draft (Enter) before the app arrived: the frame's composer
    /// became read-only then.
    pub fn sent(&self) -> bool {
        self.parts
            .drawn
            .borrow()
            .as_ref()
            .is_some_and(|d| d.input.read_only())
    }

    /// Shows `unread` on the badge and `text` (when given) beside the launcher.
    pub fn notify(&self, unread: u32, text: Option<String>) -> Result<(), JsValue> {
        self.parts.set_unread(unread)?;
        match text {
            Some(text) => show_nudge(&self.parts, &text),
            None => Ok(()),
        }
    }
}

/// Adds a `kind` listener on `target` that calls `f` with the launcher's parts.
fn listen(
    parts: &Rc<Parts>,
    handlers: &RefCell<Vec<Handler>>,
    target: &Element,
    kind: &str,
    f: fn(&Parts),
) -> Result<(), JsValue> {
    let parts = Rc::downgrade(parts);
    let handler = Closure::<dyn FnMut()>::new(move || {
        if let Some(parts) = parts.upgrade() {
            f(&parts);
        }
    });
    target.add_event_listener_with_callback(kind, handler.as_ref().unchecked_ref())?;
    handlers.borrow_mut().push(handler);
    Ok(())
}

/// Shows `text` in the bubble beside the launcher (replacing what it showed): a button that
/// opens the chat, and one that dismisses the bubble.
fn show_nudge(parts: &Rc<Parts>, text: &str) -> Result<(), JsValue> {
    parts.hide_nudge();
    // The last bubble's handlers go with it when these replace them (below).
    let handlers = RefCell::new(Vec::new());
    let nudge = parts.element(
        "div",
        "ph-nudge",
        &[("data-testid", "nudge"), ("role", "status")],
    )?;
    let open = parts.element("button", "ph-nudge-text", &[("type", "button")])?;
    open.set_text_content(Some(text));
    let dismiss = parts.strings.dismiss;
    let close = parts.element(
        "button",
        "ph-nudge-close",
        &[
            ("type", "button"),
            ("aria-label", dismiss),
            ("title", dismiss),
        ],
    )?;
    close.set_text_content(Some("×"));
    nudge.append_child(&open)?;
    nudge.append_child(&close)?;
    listen(parts, &handlers, &open, "click", Parts::activate)?;
    listen(parts, &handlers, &close, "click", |p| {
        p.hide_nudge();
        call(&p.dismiss);
    })?;
    parts.root.prepend_with_node_1(&nudge)?;
    *parts.nudge.borrow_mut() = Some(nudge);
    *parts.nudge_handlers.borrow_mut() = handlers.into_inner();
    Ok(())
}

/// An icon of `size` pixels drawn from the SVG `path` (24 units square).
fn icon(document: &Document, path: &str, size: u32) -> Result<Element, JsValue> {
    const SVG: Option<&str> = Some("http://www.w3.org/2000/svg");
    let svg = document.create_element_ns(SVG, "svg")?;
    let size = size.to_string();
    for (name, value) in [
        ("viewBox", "0 0 24 24"),
        ("width", size.as_str()),
        ("height", size.as_str()),
        ("aria-hidden", "true"),
        ("focusable", "false"),
    ] {
        svg.set_attribute(name, value)?;
    }
    let d = document.create_element_ns(SVG, "path")?;
    d.set_attribute("fill", "currentColor")?;
    d.set_attribute("d", path)?;
    svg.append_child(&d)?;
    Ok(svg)
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
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;

    let css = crate::stylesheet(&[LAUNCHER_CSS], &look);
    let place = crate::Place::new(&root, &css, string(&options, "nonce").as_deref())?;
    let themed = document.create_element("div")?;
    themed.set_class_name(&look.class());
    themed.set_attribute("data-testid", "porthole-launcher")?;
    let button = document.create_element("button")?;
    button.set_class_name("ph-launcher");
    for (name, value) in [
        ("type", "button"),
        ("data-testid", "launcher"),
        ("aria-label", strings.open_chat),
        ("aria-expanded", "false"),
        ("aria-controls", "ph-panel"),
        ("aria-busy", "false"),
    ] {
        button.set_attribute(name, value)?;
    }
    let bubble = icon(&document, icons::CHAT_PATH, 28)?;
    button.append_child(&bubble)?;
    themed.append_child(&button)?;

    let parts = Rc::new(Parts {
        document,
        root: themed.clone(),
        button: button.clone(),
        strings,
        nudge: RefCell::new(None),
        badge: RefCell::new(None),
        nudge_handlers: RefCell::new(Vec::new()),
        frame: Frame {
            name: string(&config, "bot_name").unwrap_or_default(),
            avatar: string(&config, "avatar_url").filter(|a| !a.is_empty()),
            placeholder: string(&config, "placeholder").unwrap_or_default(),
        },
        drawn: RefCell::new(None),
        activate: function(&options, "activate"),
        reach: function(&options, "reach"),
        dismiss: function(&options, "dismiss"),
    });
    let handlers = Rc::new(RefCell::new(Vec::new()));
    listen(&parts, &handlers, &button, "click", Parts::activate)?;
    for kind in ["pointerenter", "focus"] {
        listen(&parts, &handlers, &button, kind, |p| call(&p.reach))?;
    }
    let unread = string(&options, "unread").and_then(|u| u.parse::<u32>().ok());
    parts.set_unread(unread.unwrap_or(0))?;
    if let Some(text) = string(&options, "nudge") {
        show_nudge(&parts, &text)?;
    }
    place.container.append_child(&themed)?;
    Ok(LauncherHandle {
        place,
        parts,
        handlers,
    })
}
