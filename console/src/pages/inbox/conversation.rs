//! One conversation as an operator works it: the messages (a reply being written streams in as
//! the visitor sees it), the visitor's contact, rating and calls, and what a person can do —
//! take over, reply, hand back to the AI, mark it resolved (the header then says so until the
//! visitor writes again), block or unblock the visitor, and send a message the visitor gets at
//! their next visit.

use super::choice::Choice;
use super::improve::{self, ImproveAnswer};
use super::message::Message;
use super::saved::{self, Picker, SavedReplyList};
use crate::api;
use crate::bots::Bots;
use crate::components::dialog::Confirm;
use crate::components::status::{Loading, Outcome, OutcomeLine};
use crate::format;
use crate::live::{Live, LiveEvent};
use crate::session::auth;
use crate::validate;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use porthole_shared::Role;
use porthole_shared::StreamEvent;
use porthole_shared::api::{ChatMessage, MessageStatus};
use porthole_shared::events::Event;
use porthole_shared::inbox::{
    ConversationDetail, ConversationResponse, ConversationSummary, Mode, OperatorMessageRequest,
    PostedMessage,
};
use porthole_shared::replies::SavedReply;

/// The conversation `chat` of the bot `token`.
#[component]
pub fn ConversationView(token: String, chat: String) -> impl IntoView {
    let live = expect_context::<Live>();
    let bots = expect_context::<Bots>();
    let choice = Choice::read();
    let base = format!("/api/admin/bots/{token}/conversations/{chat}");
    let detail = RwSignal::new(None::<ConversationDetail>);
    let failed = RwSignal::new(None::<String>);
    let streaming = RwSignal::new(None::<String>);
    // The messages open at the newest and follow new ones while the operator is at (or near)
    // the bottom; read when they scroll, as the widget does.
    let list = NodeRef::<leptos::html::Ol>::new();
    let at_bottom = StoredValue::new(true);
    let on_scroll = move |_| {
        if let Some(Some(el)) = list.try_get_untracked() {
            at_bottom.set_value(el.scroll_height() - el.scroll_top() - el.client_height() < 120);
        }
    };
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
    let load = {
        let base = base.clone();
        let mark_read = mark_read.clone();
        let watch = watch.clone();
        move || {
            let base = base.clone();
            let mark_read = mark_read.clone();
            let watch = watch.clone();
            leptos::task::spawn_local(async move {
                match api::get::<ConversationDetail>(&base).await {
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

    let act = Callback::new({
        let base = base.clone();
        move |(action, body, done): (&'static str, serde_json::Value, &'static str)| {
            let path = format!("{base}/{action}");
            leptos::task::spawn_local(async move {
                match api::send::<_, ConversationResponse>("POST", &path, &body).await {
                    Ok(r) => {
                        detail.update(|d| {
                            if let Some(d) = d {
                                d.conversation = r.conversation;
                            }
                        });
                        outcome.set(Some(Outcome::Done(done.into())));
                    }
                    Err(e) => outcome.set(Some(Outcome::Failed(e.message))),
                }
            });
        }
    });
    let unblock = Callback::new({
        let base = base.clone();
        move |()| {
            let path = format!("{base}/block");
            leptos::task::spawn_local(async move {
                match api::delete(&path).await {
                    Ok(()) => {
                        detail.update(|d| {
                            if let Some(d) = d {
                                d.conversation.blocked = false;
                                d.blocked_until = None;
                            }
                        });
                        outcome.set(Some(Outcome::Done("Unblocked.".into())));
                    }
                    Err(e) => outcome.set(Some(Outcome::Failed(e.message))),
                }
            });
        }
    });
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
    let summary = move || detail.with(|d| d.as_ref().map(|d| d.conversation.clone()));
    let mode = move || summary().map(|s| s.mode).unwrap_or(Mode::Ai);
    // Read when shown, so a list of bots that loads after the conversation still names it.
    let bot_name = Memo::new({
        let token = token.clone();
        move |_| bots.name(&token)
    });
    let bot_label = Memo::new({
        let token = token.clone();
        move |_| bots.label(&token)
    });
    // Resolved, and (when blocked) the block said instead.
    let is_resolved = move || {
        detail.with(|d| {
            d.as_ref()
                .is_some_and(|d| !d.conversation.blocked && d.conversation.resolved)
        })
    };
    let back = move || format!("/console/inbox{}", choice.suffix());
    let block_minutes = RwSignal::new("60".to_owned());
    let owner = move || auth().is_owner();
    let erasing = RwSignal::new(false);
    let improving = RwSignal::new(None::<super::improve::Draft>);
    let erase = Callback::new({
        let base = base.clone();
        let navigate = use_navigate();
        move |()| {
            let path = base.clone();
            let navigate = navigate.clone();
            let back_to = format!("/console/inbox{}", choice.suffix_untracked());
            leptos::task::spawn_local(async move {
                match api::delete(&path).await {
                    Ok(()) => navigate(&back_to, Default::default()),
                    Err(e) => outcome.set(Some(Outcome::Failed(e.message))),
                }
            });
        }
    });

    view! {
        <article class="conversation-view" data-testid="conversation-view">
            {move || failed.get().map(|e| view! { <p class="outcome error" role="alert">{e}</p> })}
            <Show when=move || detail.with(|d| d.is_some()) fallback=|| view! { <Loading/> }>
                <header class="conversation-head">
                    <a class="button subtle back" href=back>"← All conversations"</a>
                    <h2 data-testid="visitor">{move || summary().map(|s| format::visitor(&s)).unwrap_or_default()}</h2>
                    <p class="hint">
                        {bot_label} " · "
                        {move || summary().map(|s| format!("started {}", format::ago(s.started_at))).unwrap_or_default()}
                        {move || summary().and_then(|s| s.visitor_key).map(|k| format!(" · API visitor {k}"))}
                    </p>
                    <p class="state" data-testid="mode">
                        {move || match (mode(), summary().map(|s| s.waiting).unwrap_or(false)) {
                            _ if summary().is_some_and(|s| s.blocked) => "Blocked: the visitor cannot write".to_owned(),
                            _ if is_resolved() => String::new(),
                            (Mode::Operator, _) => format!("{} answers", summary().and_then(|s| s.assignee).map(|a| a.name).unwrap_or_else(|| "A person".into())),
                            (Mode::Ai, true) => "The visitor asks for a person".to_owned(),
                            (Mode::Ai, false) => "The AI answers".to_owned(),
                        }}
                        {move || is_resolved().then(|| view! {
                            <span class="resolved" data-testid="conversation-resolved">
                                <span class="badge done">"Resolved"</span>
                                " The visitor was asked for a rating. If they write again, the AI answers and the conversation opens again."
                            </span>
                        })}
                    </p>
                    <div class="actions">
                        <Show when=move || mode() == Mode::Ai
                            fallback=move || view! {
                                <button type="button" class="button" data-testid="hand-back"
                                    on:click=move |_| act.run(("handback", serde_json::json!({}), "The AI answers again."))>"Hand back to the AI"</button>
                            }>
                            <button type="button" class="button primary" data-testid="take-over"
                                on:click=move |_| act.run(("takeover", serde_json::json!({}), "You answer this visitor now."))>"Take over"</button>
                        </Show>
                        <button type="button" class="button" data-testid="resolve" disabled=is_resolved
                            title=move || if is_resolved() { "Already resolved" } else { "Done: the AI answers again and the visitor is asked for a rating" }
                            on:click=move |_| act.run(("resolve", serde_json::json!({}), "Resolved: the visitor is asked for a rating."))>"Resolve"</button>
                        <Show when=move || !summary().is_some_and(|s| s.blocked)
                            fallback=move || view! {
                                <button type="button" class="button" data-testid="unblock" on:click=move |_| unblock.run(())>"Unblock"</button>
                            }>
                                <span class="block">
                                    <label class="sr-only" for="block-for">"Block for"</label>
                                    <select id="block-for" data-testid="block-for" prop:value=move || block_minutes.get()
                                        on:change=move |ev| block_minutes.set(event_target_value(&ev))>
                                        <option value="60">"1 hour"</option>
                                        <option value="1440">"1 day"</option>
                                        <option value="10080">"1 week"</option>
                                        <option value="">"Until unblocked"</option>
                                    </select>
                                    <button type="button" class="button danger-outline" data-testid="block"
                                        on:click=move |_| {
                                            let minutes = block_minutes.get_untracked().parse::<u32>().ok();
                                            act.run(("block", serde_json::json!({"minutes": minutes}), "Blocked: the visitor cannot write."));
                                        }>"Block"</button>
                                </span>
                        </Show>
                        <Show when=owner>
                            <button type="button" class="button danger-outline" data-testid="erase"
                                on:click=move |_| erasing.set(true)>"Erase…"</button>
                        </Show>
                    </div>
                    <Confirm open=erasing title="Erase this conversation?"
                        message="Its messages, contact details and images are deleted for good. Use this for a visitor's erasure request."
                        confirm="Erase the conversation" on_confirm=erase/>
                    <OutcomeLine outcome/>
                </header>
                <div class="conversation-body">
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
                    <Facts detail/>
                </div>
                <Composer base=base.clone() token=token.clone() detail outcome/>
                <ImproveAnswer token=token.clone() draft=improving
                    on_saved=Callback::new(move |_| outcome.set(Some(Outcome::Done("Curated answer saved: the bot gives it to this question from now on.".into()))))/>
            </Show>
        </article>
    }
}

/// What the visitor left: contact, rating, calls; and the block.
#[component]
fn Facts(detail: RwSignal<Option<ConversationDetail>>) -> impl IntoView {
    move || {
        detail.with(|d| {
            let d = d.as_ref()?;
            let c: &ConversationSummary = &d.conversation;
            let contact = c.contact_data.clone().unwrap_or_default();
            Some(view! {
                <aside class="facts" aria-label="About the visitor" data-testid="facts">
                    <h3>"Contact"</h3>
                    {c.verified_user.clone().map(|user| view! {
                        <p data-testid="verified"><span class="pill">"Verified"</span>" "
                            <span class="hint">{format!("signed in on your site as user {user}")}</span></p>
                    })}
                    {if contact.is_empty() {
                        view! { <p class="hint">"None left yet."</p> }.into_any()
                    } else {
                        view! {
                            <dl data-testid="contact">
                                {contact.name.map(|n| view! { <dt>"Name"</dt><dd>{n}</dd> })}
                                {contact.email.map(|e| view! { <dt>"Email"</dt><dd><a href=format!("mailto:{e}")>{e.clone()}</a></dd> })}
                                {contact.phone.map(|p| view! { <dt>"Phone"</dt><dd><a href=format!("tel:{p}")>{p.clone()}</a></dd> })}
                            </dl>
                        }.into_any()
                    }}
                    <h3>"Rating"</h3>
                    <p data-testid="rating">{match c.rating {
                        Some(r) => format!("{}{} ({r} of 5)", "★".repeat(r as usize), "☆".repeat(5 - r as usize)),
                        None => "Not rated.".into(),
                    }}</p>
                    {d.rating_comment.clone().map(|t| view! { <blockquote data-testid="rating-comment">{t}</blockquote> })}
                    {(!d.calls.is_empty()).then(|| view! {
                        <h3>"Calls asked for"</h3>
                        <ul>{d.calls.iter().map(|call| view! { <li>{format!("{} · {}", call.phone_number, format::date_time(call.requested_at))}</li> }).collect_view()}</ul>
                    })}
                    {c.blocked.then(|| view! {
                        <p class="outcome warn">{match d.blocked_until {
                            Some(until) => format!("Blocked until {}", format::date_time(until)),
                            None => "Blocked until unblocked".into(),
                        }}</p>
                    })}
                    <p class="hint">{format!("{} messages · {} from the visitor · {}", c.messages, c.visitor_messages, match c.channel {
                        porthole_shared::inbox::Channel::Api => "API channel",
                        porthole_shared::inbox::Channel::Chat => "widget",
                    })}</p>
                </aside>
            })
        })
    }
}

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
fn Composer(
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
