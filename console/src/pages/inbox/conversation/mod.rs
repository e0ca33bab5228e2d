//! One conversation as an operator works it: the messages (a reply being written streams in as
//! the visitor sees it), the visitor's contact, rating and calls, and what a person can do —
//! take over, reply, hand back to the AI, mark it resolved (the header then says so until the
//! visitor writes again), block or unblock the visitor, and send a message the visitor gets at
//! their next visit.

mod composer;
mod facts;
mod head;
mod messages;

use super::improve::{Draft, ImproveAnswer};
use crate::api;
use crate::bots::Bots;
use crate::components::status::{Loading, Outcome};
use crate::latest::Latest;
use crate::live::{Live, LiveEvent};
use composer::Composer;
use facts::Facts;
use head::Head;
use leptos::prelude::*;
use messages::Messages;
use porthole_shared::Role;
use porthole_shared::StreamEvent;
use porthole_shared::events::Event;
use porthole_shared::inbox::{ConversationDetail, ConversationResponse};
use porthole_shared::message::MessageStatus;
use porthole_shared::message::Mode;

/// The conversation `chat` of the bot `token`: kept current from the live events, and the reply
/// being written followed as it streams.
#[component]
pub fn ConversationView(token: String, chat: String) -> impl IntoView {
    let live = expect_context::<Live>();
    let bots = expect_context::<Bots>();
    let base = format!("/api/admin/bots/{token}/conversations/{chat}");
    let detail = RwSignal::new(None::<ConversationDetail>);
    let failed = RwSignal::new(None::<String>);
    let streaming = RwSignal::new(None::<String>);
    let watching = StoredValue::new(false);
    let outcome = RwSignal::new(None::<Outcome>);

    let mark_read = {
        let base = base.clone();
        move || {
            let path = format!("{base}/read");
            leptos::task::spawn_local(async move {
                let _ = api::send::<_, ConversationResponse>("POST", &path, &()).await;
            });
        }
    };
    // Follows the reply being written, if any, until it ends.
    let watch = {
        let base = base.clone();
        move || {
            if watching.get_value() {
                return;
            }
            watching.set_value(true);
            let path = format!("{base}/stream");
            leptos::task::spawn_local(async move {
                let _ = api::stream(&path, |event| match event {
                    StreamEvent::Chunk { content } => {
                        streaming.update(|s| s.get_or_insert_with(String::new).push_str(&content))
                    }
                    StreamEvent::Done { .. } | StreamEvent::Error { .. } => {}
                    StreamEvent::Sources { .. } => {}
                })
                .await;
                watching.set_value(false);
                streaming.set(None);
            });
        }
    };
    // Each event reads the conversation again; an older read answered last is not shown.
    let latest = Latest::new();
    let load = {
        let base = base.clone();
        let mark_read = mark_read.clone();
        let watch = watch.clone();
        move || {
            let base = base.clone();
            let mark_read = mark_read.clone();
            let watch = watch.clone();
            let ticket = latest.start();
            leptos::task::spawn_local(async move {
                let read = api::get::<ConversationDetail>(&base).await;
                if !latest.holds(ticket) {
                    return;
                }
                match read {
                    Ok(d) => {
                        let running = d
                            .messages
                            .iter()
                            .any(|m| m.status == MessageStatus::Streaming);
                        let unread = d.conversation.unread > 0;
                        detail.set(Some(d));
                        if unread {
                            mark_read();
                        }
                        if running {
                            watch();
                        }
                    }
                    Err(e) => failed.set(Some(e.message)),
                }
            });
        }
    };
    load();
    {
        let (token, chat) = (token.clone(), chat.clone());
        let load = load.clone();
        let mark_read = mark_read.clone();
        let watch = watch.clone();
        live.listen(move |event| {
            let event = match event {
                LiveEvent::Resync => return load(),
                LiveEvent::Event(e) => e,
            };
            match &**event {
                Event::MessageNew(m) if m.bot == token && m.conversation_id == chat => {
                    let message = m.message.clone();
                    let visitor_asked =
                        message.role == Role::User && m.conversation.mode == Mode::Ai;
                    detail.update(|d| {
                        let Some(d) = d else { return };
                        if !d.messages.iter().any(|x| x.id == message.id) {
                            d.messages.push(message);
                        }
                        d.conversation = m.conversation.clone();
                    });
                    if m.message.role == Role::Assistant {
                        streaming.set(None);
                    }
                    if m.conversation.unread > 0 {
                        mark_read();
                    }
                    if visitor_asked {
                        watch();
                    }
                }
                Event::ConversationUpdated(c)
                    if c.conversation.bot == token && c.conversation.id == chat =>
                {
                    if c.changed
                        .iter()
                        // What the summary does not carry (a block's end, say): read again.
                        .any(|k| {
                            matches!(
                                k.as_str(),
                                "rated" | "contact" | "feedback" | "call" | "blocked"
                            )
                        })
                    {
                        load();
                    } else {
                        detail.update(|d| {
                            if let Some(d) = d {
                                d.conversation = c.conversation.clone();
                            }
                        });
                    }
                }
                Event::ConversationQualified(c) if c.bot == token && c.id == chat => load(),
                _ => {}
            }
        });
    }

    // Read when shown, so a list of bots that loads after the conversation still names it.
    let bot_name = Memo::new({
        let token = token.clone();
        move |_| bots.name(&token)
    });
    let bot_label = Memo::new({
        let token = token.clone();
        move |_| bots.label(&token)
    });
    let improving = RwSignal::new(None::<Draft>);

    view! {
        <article class="conversation-view" data-testid="conversation-view">
            {move || failed.get().map(|e| view! { <p class="outcome error" role="alert">{e}</p> })}
            <Show when=move || detail.with(|d| d.is_some()) fallback=|| view! { <Loading/> }>
                <Head base=base.clone() detail outcome bot_label/>
                <div class="conversation-body">
                    <Messages detail streaming bot_name improving/>
                    <Facts detail/>
                </div>
                <Composer base=base.clone() token=token.clone() detail outcome/>
                <ImproveAnswer token=token.clone() draft=improving
                    on_saved=Callback::new(move |_| outcome.set(Some(Outcome::Done("Curated answer saved: the bot gives it to this question from now on.".into()))))/>
            </Show>
        </article>
    }
}
