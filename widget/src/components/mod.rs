//! The widget's components: small, each connecting signals of the [`crate::controller::Widget`]
//! to a piece of the page. State and behaviour live in `chat` and `controller`. The launcher
//! button is shared by both programs; the rest belongs to the app.

pub mod launcher_button;
pub mod nudge;

#[cfg(feature = "app")]
pub mod app;
#[cfg(feature = "app")]
pub mod avatar;
#[cfg(feature = "app")]
pub mod composer;
#[cfg(feature = "app")]
pub mod header;
#[cfg(feature = "app")]
pub mod launcher;
#[cfg(feature = "app")]
pub mod lead_form;
#[cfg(feature = "app")]
pub mod markdown_view;
#[cfg(feature = "app")]
pub mod menu;
#[cfg(feature = "app")]
pub mod message;
#[cfg(feature = "app")]
pub mod message_list;
#[cfg(feature = "app")]
pub mod panel;
#[cfg(feature = "app")]
pub mod rating;
#[cfg(feature = "app")]
pub mod share_link;
#[cfg(feature = "app")]
pub mod starters;
#[cfg(feature = "app")]
pub mod status;
#[cfg(feature = "app")]
pub mod user_message;
#[cfg(feature = "app")]
pub mod votes;
