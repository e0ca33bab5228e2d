//! The app's launcher: the shared button and the bubble of a message waiting for the visitor,
//! wired to the widget's state. Focus comes back here when the panel closes by keyboard or by
//! its close button.

use super::launcher_button::LauncherButton;
use super::nudge::Nudge;
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
        let asked = widget.focus_requests().get();
        if previous.is_some_and(|p| p != asked)
            && let Some(b) = button.get()
        {
            let _ = b.focus();
        }
        asked
    });
    view! {
        <Nudge text=widget.nudge() open=widget.is_open() strings=widget.launcher_words()
            on_open=move || widget.open_panel() on_dismiss=move || widget.dismiss_nudge()/>
        <LauncherButton
            open=widget.is_open()
            unread=widget.unread()
            busy=false
            strings=widget.launcher_words()
            button
            on_click=move || widget.toggle()
            on_reach=|| {}
        />
    }
}
