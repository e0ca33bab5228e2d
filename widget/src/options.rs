//! What the loader passes to `mount` and `mount_launcher`: the token, the service URL, the bot's
//! config (fetched once by the loader), the site owner's overrides from the script tag's
//! `data-*` attributes, and callbacks.

use porthole_shared::{HexColor, Position, ThemeColors, ThemeMode};
use wasm_bindgen::{JsCast, JsValue};

/// A property of a JS object.
pub fn get(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// A non-empty string property.
pub fn string(obj: &JsValue, key: &str) -> Option<String> {
    get(obj, key).as_string().filter(|s| !s.is_empty())
}

/// A function property.
pub fn function(obj: &JsValue, key: &str) -> Option<js_sys::Function> {
    get(obj, key).dyn_into().ok()
}

/// `br`, `bl`, `tr` or `tl`.
pub fn position(raw: &str) -> Option<Position> {
    match raw {
        "br" => Some(Position::Br),
        "bl" => Some(Position::Bl),
        "tr" => Some(Position::Tr),
        "tl" => Some(Position::Tl),
        _ => None,
    }
}

/// `light`, `dark` or `auto`.
pub fn theme_mode(raw: &str) -> Option<ThemeMode> {
    match raw {
        "light" => Some(ThemeMode::Light),
        "dark" => Some(ThemeMode::Dark),
        "auto" => Some(ThemeMode::Auto),
        _ => None,
    }
}

/// `data-lang`, else the browser's language.
pub fn lang(obj: &JsValue) -> String {
    string(obj, "lang")
        .or_else(|| web_sys::window().and_then(|w| w.navigator().language()))
        .unwrap_or_else(|| "en".into())
}

/// Seed 004 theme colors read from a JS object (`{primaryColor, dialogColor, navbarTextColor}`).
pub fn theme_colors(obj: &JsValue) -> ThemeColors {
    let color = |key| string(obj, key).and_then(|c| HexColor::parse(&c).ok());
    ThemeColors {
        primary_color: color("primaryColor"),
        dialog_color: color("dialogColor"),
        navbar_text_color: color("navbarTextColor"),
    }
}
