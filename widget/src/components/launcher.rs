//! The app's launcher: the shared button, wired to the widget's state. Focus comes back here
//! when the panel closes by keyboard or by its close button.

use super::launcher_button::LauncherButton;
use crate::controller::Widget;
use leptos::html;
use leptos::prelude::*;

/// The launcher.
#[component]
pub fn Launcher() -> impl IntoView {
    let widget = expect_context::<Widget>();
    let button = NodeRef::<html::Button>::new();
    // Moves focus to the launcher when the widget asks for it (a counter, so repeats work).
    Effect::new(move |previous: Option<u32>| {
        let asked = widget.focus_launcher.get();
        if previous.is_some_and(|p| p != asked)
            && let Some(b) = button.get()
        {
            let _ = b.focus();
        }
        asked
    });
    view! {
        <LauncherButton
            open=widget.open
            unread=widget.unread
            busy=false
            strings=widget.launcher_words()
            button
            on_click=move || widget.toggle()
            on_reach=|| {}
        />
    }
}
