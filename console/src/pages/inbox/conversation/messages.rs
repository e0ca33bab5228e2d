//! The conversation's messages: opened at the newest and following new ones while the operator
//! is at (or near) the bottom, the reply being written as it streams in, and "Improve this
//! answer" on each finished bot reply.

use super::super::improve::{self, Draft};
use super::super::message::Message;
use leptos::prelude::*;
use porthole_shared::Role;
use porthole_shared::inbox::ConversationDetail;
use porthole_shared::message::{ChatMessage, MessageStatus};

/// The list of `detail`'s messages, with `streaming` (the reply being written) at its end.
#[component]
pub fn Messages(
    detail: RwSignal<Option<ConversationDetail>>,
    streaming: RwSignal<Option<String>>,
    /// The bot's name, as its replies are signed.
    bot_name: Memo<String>,
    /// Set to a bot reply's draft when the operator asks to improve it.
    improving: RwSignal<Option<Draft>>,
) -> impl IntoView {
    // Read when they scroll, as the widget does.
    let list = NodeRef::<leptos::html::Ol>::new();
    let at_bottom = StoredValue::new(true);
    let on_scroll = move |_| {
        if let Some(Some(el)) = list.try_get_untracked() {
            at_bottom.set_value(el.scroll_height() - el.scroll_top() - el.client_height() < 120);
        }
    };
    Effect::new(move |_| {
        detail.with(|d| d.as_ref().map(|d| d.messages.len()));
        streaming.track();
        if at_bottom.get_value() {
            // After the frame's rendering, when the new message is in the list.
            request_animation_frame(move || {
                if let Some(Some(el)) = list.try_get_untracked() {
                    el.set_scroll_top(el.scroll_height());
                }
            });
        }
    });
    view! {
        <ol class="messages" data-testid="messages" aria-live="polite" node_ref=list on:scroll=on_scroll>
            {move || {
                let messages = detail.with(|d| d.as_ref().map(|d| d.messages.clone()).unwrap_or_default());
                // Each reply's question: the visitor's last message before it.
                let mut question: Option<String> = None;
                messages.into_iter()
                    .filter(|m| !(m.status == MessageStatus::Streaming && streaming.with(|s| s.is_some())))
                    .map(|m: ChatMessage| {
                        if m.role == Role::User {
                            question = Some(m.content.clone());
                        }
                        let improve = (m.role == Role::Assistant && m.status != MessageStatus::Streaming && !m.content.is_empty())
                            .then(|| improve::draft(question.as_deref(), &m.content))
                            .map(|d| Callback::new(move |_| improving.set(Some(d.clone()))));
                        view! { <Message message=m bot=bot_name.get() improve/> }
                    })
                    .collect_view()
            }}
            {move || streaming.get().map(|text| view! {
                <li class="message bot streaming" data-testid="streaming">
                    <div class="meta"><span class="author">{bot_name}</span><span class="badge">"writing…"</span></div>
                    <p class="text">{text}</p>
                </li>
            })}
        </ol>
    }
}
