//! Porthole's chat widget, mounted by the loader (`static/widget.js`) into a Shadow DOM.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// Mounts the widget into `root` (the loader's shadow root).
#[wasm_bindgen]
pub fn mount(root: web_sys::ShadowRoot) -> Result<(), JsValue> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let container: web_sys::HtmlElement = document.create_element("div")?.dyn_into()?;
    root.append_child(&container)?;
    leptos::mount::mount_to(container, || view! { <button data-testid="launcher">"Chat"</button> }).forget();
    Ok(())
}
