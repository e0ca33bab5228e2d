//! A visitor's message: their text, or an image they sent — with its progress while it uploads,
//! and what went wrong if it could not be sent.

use crate::chat::{Failure, Status};
use crate::controller::Widget;
use crate::i18n::with_n;
use leptos::prelude::*;
use porthole_markdown::safe_url;

/// The visitor's message with `key`.
#[component]
pub fn UserMessage(
    /// The message's key.
    key: u64,
) -> impl IntoView {
    let widget = expect_context::<Widget>();
    let strings = widget.strings();
    let message = Memo::new(move |_| widget.chat().with(|c| c.get(key).cloned()));
    move || {
        let m = message.get()?;
        let Some(image) = m.image.clone() else {
            return Some(
                view! { <div class="ph-msg ph-user" data-testid="message" data-role="user">{m.text}</div> }
                    .into_any(),
            );
        };
        // A local preview (blob:) while it uploads, then the service's URL.
        let src = if image.starts_with("blob:") {
            Some(image)
        } else {
            safe_url(&image)
        };
        let progress = m
            .progress
            .map(|p| view! { <span class="ph-progress" role="status">{with_n(strings.uploading, p)}</span> });
        let failed = match m.status {
            Status::Failed(Failure::Service(why)) => {
                Some(view! { <div class="ph-error" data-testid="error" role="alert">{why}</div> })
            }
            _ => None,
        };
        Some(
            view! {
                <div class="ph-msg ph-user ph-image" data-testid="message" data-role="user">
                    {src.map(|src| view! { <img src=src alt=m.text.clone() data-testid="image"/> })}
                    {progress}
                </div>
                {failed}
            }
            .into_any(),
        )
    }
}
