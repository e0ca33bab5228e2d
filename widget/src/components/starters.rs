//! Conversation starters: questions offered as chips before the first message.

use crate::controller::Widget;
use leptos::prelude::*;

/// The starter chips (nothing when there are none).
#[component]
pub fn Starters(starters: Vec<String>) -> impl IntoView {
    let widget = expect_context::<Widget>();
    (!starters.is_empty()).then(|| {
        view! {
            <div class="ph-starters" data-testid="starters">
                {starters.into_iter().map(|s| {
                    let text = s.clone();
                    let on_click = move |_| {
                        widget.track("starter_clicked", &[]);
                        widget.send(&text);
                    };
                    view! { <button type="button" class="ph-chip" on:click=on_click>{s}</button> }
                }).collect_view()}
            </div>
        }
    })
}
