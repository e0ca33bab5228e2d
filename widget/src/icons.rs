//! Inline SVG icons (no icon font, no emoji font, no extra request). The launcher program,
//! which has no Leptos, draws the chat icon from [`CHAT_PATH`] itself.

/// The speech bubble's outline (the closed launcher's icon, in both programs).
pub const CHAT_PATH: &str = "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zm3 6.5a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3zm5 0a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3zm5 0a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3z";
/// The send arrow (the app's send button, and the launcher's before the app arrives).
pub const SEND_PATH: &str = "M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2z";

#[cfg(feature = "app")]
pub use views::*;

/// The icons as Leptos views (the app).
#[cfg(feature = "app")]
mod views {
    use super::{CHAT_PATH, SEND_PATH};
    use leptos::prelude::*;

    /// A square icon of `size` pixels drawn by one filled path `d` (on a 24-unit grid).
    fn glyph(size: u32, d: &'static str) -> impl IntoView {
        view! {
            <svg viewBox="0 0 24 24" width=size height=size aria-hidden="true" focusable="false">
                <path fill="currentColor" d=d/>
            </svg>
        }
    }

    /// A speech bubble (launcher, closed).
    #[component]
    pub fn ChatIcon() -> impl IntoView {
        glyph(28, CHAT_PATH)
    }

    /// A cross (close).
    #[component]
    pub fn CloseIcon(#[prop(default = 24)] size: u32) -> impl IntoView {
        glyph(
            size,
            "M18.3 5.7a1 1 0 0 0-1.4 0L12 10.6 7.1 5.7a1 1 0 1 0-1.4 1.4l4.9 4.9-4.9 4.9a1 1 0 1 0 1.4 1.4l4.9-4.9 4.9 4.9a1 1 0 0 0 1.4-1.4L13.4 12l4.9-4.9a1 1 0 0 0 0-1.4z",
        )
    }

    /// A paper plane (send).
    #[component]
    pub fn SendIcon() -> impl IntoView {
        glyph(20, SEND_PATH)
    }

    /// A square (stop).
    #[component]
    pub fn StopIcon() -> impl IntoView {
        view! {
            <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
                <rect fill="currentColor" x="6" y="6" width="12" height="12" rx="2"/>
            </svg>
        }
    }

    /// A circular arrow (new conversation).
    #[component]
    pub fn RestartIcon() -> impl IntoView {
        glyph(20, "M12 5V2L7 6l5 4V7a5 5 0 1 1-5 5H5a7 7 0 1 0 7-7z")
    }

    /// A head and shoulders (a person).
    #[component]
    pub fn PersonIcon() -> impl IntoView {
        glyph(
            20,
            "M12 12a4.5 4.5 0 1 0 0-9 4.5 4.5 0 0 0 0 9zm0 2c-4.4 0-8 2.2-8 5v1.5c0 .8.7 1.5 1.5 1.5h13c.8 0 1.5-.7 1.5-1.5V19c0-2.8-3.6-5-8-5z",
        )
    }

    /// A thumb up (helpful) or down (not helpful).
    #[component]
    pub fn ThumbIcon(#[prop(default = false)] down: bool) -> impl IntoView {
        let turn = if down { "rotate(180 12 12)" } else { "" };
        view! {
            <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
                <path fill="currentColor" transform=turn d="M2 10h4v11H2zm6 11h9.2a2 2 0 0 0 2-1.6l1.7-8A2 2 0 0 0 19 9h-5.3l.9-4.2a1.5 1.5 0 0 0-.4-1.4L13 2 7.6 7.4A2 2 0 0 0 8 8.8z"/>
            </svg>
        }
    }

    /// A paper clip (attach an image).
    #[component]
    pub fn ClipIcon() -> impl IntoView {
        view! {
            <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
                <path fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" d="M20 11.5 12.2 19.3a5 5 0 0 1-7.1-7.1l8.5-8.5a3.3 3.3 0 0 1 4.7 4.7l-8.5 8.5a1.7 1.7 0 0 1-2.4-2.4L15.2 6.8"/>
            </svg>
        }
    }

    /// Three dots (more actions).
    #[component]
    pub fn MoreIcon() -> impl IntoView {
        glyph(
            20,
            "M6 10.5a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3zm6 0a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3zm6 0a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3z",
        )
    }

    /// A telephone handset (call).
    #[component]
    pub fn PhoneIcon() -> impl IntoView {
        glyph(
            20,
            "M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.24 11.4 11.4 0 0 0 3.6.57 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1z",
        )
    }

    /// A microphone (speak).
    #[component]
    pub fn MicIcon() -> impl IntoView {
        glyph(
            20,
            "M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.92V21h2v-3.08A7 7 0 0 0 19 11z",
        )
    }
}
