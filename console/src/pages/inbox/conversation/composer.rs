//! Writing to the visitor: a reply now (which takes the conversation over, and goes by email too
//! when the visitor has left), or a message they get at their next visit; `/` offers the saved
//! replies.

use super::super::saved::{self, Picker, SavedReplyList};
use crate::api;
use crate::bots::Bots;
use crate::components::status::Outcome;
use crate::validate;
use leptos::prelude::*;
use porthole_shared::inbox::{
    ConversationDetail, ConversationSummary, OperatorMessageRequest, PostedMessage,
};
use porthole_shared::replies::SavedReply;

/// What the operator is told when their reply also went by email (the visitor had left).
fn emailed_to(conversation: &ConversationSummary) -> String {
    let to = conversation
        .contact_data
        .as_ref()
        .and_then(|c| c.email.as_deref())
        .unwrap_or("the visitor");
    format!(
        "The visitor has left: your reply was emailed to {to} too; their answer will come back here."
    )
}

/// Writing to the visitor: a reply now (which takes the conversation over), or a message they
/// get at their next visit.
#[component]
pub fn Composer(
    base: String,
    /// The conversation's bot (its saved replies are offered).
    token: String,
    detail: RwSignal<Option<ConversationDetail>>,
    outcome: RwSignal<Option<Outcome>>,
) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let picker = Picker::new(&token, text);
    let bots = expect_context::<Bots>();
    let reply_box = NodeRef::<leptos::html::Textarea>::new();
    let insert = {
        let token = token.clone();
        Callback::new(move |reply: SavedReply| {
            let filled =
                detail.with_untracked(|d| saved::filled(&reply, d.as_ref(), bots.name(&token)));
            text.set(filled);
            picker.selected.set(0);
            if let Some(el) = reply_box.get_untracked() {
                let _ = el.focus();
            }
        })
    };
    let busy = RwSignal::new(false);
    let send = {
        let base = base.clone();
        move |proactive: bool| {
            let content = text.get_untracked();
            let body = serde_json::json!({"content": content});
            if let Some(e) = validate::check::<OperatorMessageRequest>(body.clone()) {
                outcome.set(Some(Outcome::Failed(e)));
                return;
            }
            busy.set(true);
            let base = base.clone();
            leptos::task::spawn_local(async move {
                let result = if proactive {
                    api::send::<_, serde_json::Value>("POST", &format!("{base}/proactive"), &body)
                        .await
                        .map(|_| None)
                } else {
                    api::send::<_, PostedMessage>("POST", &format!("{base}/messages"), &body)
                        .await
                        .map(Some)
                };
                match result {
                    Ok(posted) => {
                        text.set(String::new());
                        if let Some(posted) = posted {
                            let emailed = posted.emailed.then(|| emailed_to(&posted.conversation));
                            detail.update(|d| {
                                let Some(d) = d else { return };
                                if let Some(m) = posted.message
                                    && !d.messages.iter().any(|x| x.id == m.id)
                                {
                                    d.messages.push(m);
                                }
                                d.conversation = posted.conversation;
                            });
                            outcome.set(emailed.map(Outcome::Done));
                        } else {
                            outcome.set(Some(Outcome::Done(
                                "Queued: the visitor gets it at their next visit.".into(),
                            )));
                        }
                    }
                    Err(e) => outcome.set(Some(Outcome::Failed(e.message))),
                }
                busy.set(false);
            });
        }
    };
    let send_key = send.clone();
    let send_click = send.clone();
    view! {
        <form class="composer" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); send(false); }>
            <label class="sr-only" for="reply">"Reply"</label>
            <textarea id="reply" rows="2" data-testid="reply" node_ref=reply_box
                placeholder=move || if picker.any() {
                    "Reply as yourself — the AI stops answering. / inserts a saved reply; Enter sends, Shift+Enter adds a line."
                } else {
                    "Reply as yourself — the AI stops answering. Enter sends, Shift+Enter adds a line."
                }
                role="combobox" aria-autocomplete="list" aria-controls="saved-picker"
                aria-expanded=move || picker.open().to_string()
                prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    if ev.is_composing() {
                        return;
                    }
                    if picker.open() && picker.key(&ev.key(), |r| insert.run(r)) {
                        ev.prevent_default();
                        return;
                    }
                    if ev.key() == "Enter" && !ev.shift_key() {
                        ev.prevent_default();
                        send_key(false);
                    }
                }></textarea>
            <SavedReplyList picker on_pick=insert/>
            <div class="actions">
                <button type="submit" class="button primary" data-testid="send-reply" disabled=move || busy.get()>"Send"</button>
                <button type="button" class="button" data-testid="send-proactive" disabled=move || busy.get()
                    title="Delivered once, the next time the visitor's widget checks in"
                    on:click=move |_| send_click(true)>"Send at their next visit"</button>
            </div>
        </form>
    }
}
