//! An avatar: the image when there is one that loads, else the name's first letter (in
//! capitals by the stylesheet).

use leptos::prelude::*;

/// A round avatar for `name`.
#[component]
pub fn Avatar(
    /// Whose avatar.
    name: String,
    /// Image URL, or empty.
    url: String,
    /// Extra class (size).
    #[prop(default = "ph-avatar")]
    class: &'static str,
) -> impl IntoView {
    let failed = RwSignal::new(url.is_empty());
    // Shown in capitals by the stylesheet (`text-transform`), with the browser's case rules.
    let initial: String = name.chars().next().into_iter().collect();
    move || {
        if failed.get() {
            view! { <span class=class aria-hidden="true">{initial.clone()}</span> }.into_any()
        } else {
            view! { <img class=class src=url.clone() alt="" on:error=move |_| failed.set(true) /> }
                .into_any()
        }
    }
}
