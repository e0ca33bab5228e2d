//! The widget's root: the theme (its mode; the colors are in the stylesheet), the corner, the launcher, the panel,
//! and the polite live region that announces each finished reply.

use super::launcher::Launcher;
use super::panel::{Panel, PanelContent};
use crate::controller::Widget;
use crate::theme::Look;
use leptos::prelude::*;

/// The whole widget.
#[component]
pub fn App(widget: Widget, look: Look, content: PanelContent) -> impl IntoView {
    provide_context(widget);
    // The visitor may switch light and dark (seed 004's toggle).
    let class = move || look.class_with(widget.theme().get());
    view! {
        <div class=class class:ph-opened=move || widget.is_open().get() data-testid="porthole">
            <Panel content/>
            <Launcher/>
            <div class="ph-sr-only" aria-live="polite" data-testid="announcer">{move || widget.announcement().get()}</div>
        </div>
    }
}
