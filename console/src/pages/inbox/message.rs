//! One message as an operator reads it: who wrote it and when, the text (a visitor's as written;
//! a reply's and an operator's Markdown rendered as the widget shows it, never as HTML text), an
//! image the visitor sent, a reply's sources, the visitor's vote, its evaluation, and whether
//! it was stopped or cut; on a reply, "Improve this answer" (`super::improve`).

use crate::format;
use leptos::prelude::*;
use porthole_markdown::view::render;
use porthole_shared::Role;
use porthole_shared::message::{ChatMessage, MessageStatus};
use porthole_shared::visitor::Vote;

/// A message of the conversation (`bot` names the bot's replies).
#[component]
pub fn Message(
    message: ChatMessage,
    bot: String,
    /// For a bot reply: opens "Improve this answer".
    improve: Option<Callback<()>>,
) -> impl IntoView {
    let (class, who) = match message.role {
        Role::User => ("message visitor", "Visitor".to_owned()),
        Role::Assistant => ("message bot", bot),
        Role::Operator => (
            "message operator",
            message
                .author
                .as_ref()
                .map(|a| a.name.clone())
                .unwrap_or_else(|| "Operator".into()),
        ),
    };
    let status = match message.status {
        MessageStatus::Stopped => Some("Stopped before the end"),
        MessageStatus::Cut => Some("Cut off: the AI service failed"),
        MessageStatus::Failed => Some("No reply: the AI service failed"),
        MessageStatus::Streaming => Some("Being written…"),
        MessageStatus::Complete => None,
    };
    let evaluation = message.evaluation.map(|e| {
        if e.answered {
            (format!("Answered · {}% supported", e.support), false)
        } else {
            ("Did not know".to_owned(), true)
        }
    });
    let vote = message.vote.map(|v| match v {
        Vote::Up => ("👍 Helpful", false),
        Vote::Down => ("👎 Not helpful", true),
    });
    // A search result opens the conversation at the message that matched (`#m{id}`): it is
    // marked and brought into view.
    let anchor = format!("m{}", message.id);
    let found = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .is_some_and(|h| h.strip_prefix('#') == Some(anchor.as_str()));
    let node = NodeRef::<leptos::html::Li>::new();
    if found {
        Effect::new(move |_| {
            if let Some(el) = node.get() {
                request_animation_frame(move || el.scroll_into_view_with_bool(false));
            }
        });
    }
    view! {
        <li class=class class:found=found node_ref=node data-testid="message" data-role=message.role.as_str() id=anchor>
            <div class="meta">
                <span class="author">{who}</span>
                <time>{format::date_time(message.created_at)}</time>
            </div>
            {message.image.clone().map(|url| view! {
                <a href=url.clone() target="_blank" rel="noopener noreferrer" class="image">
                    <img src=url.clone() alt="Image the visitor sent" loading="lazy"/>
                </a>
            })}
            {(!message.content.is_empty()).then(|| if message.role == Role::User {
                view! { <p class="text" data-testid="message-text">{message.content.clone()}</p> }.into_any()
            } else {
                view! { <div class="text md" data-testid="message-text">{render(&message.content)}</div> }.into_any()
            })}
            {(!message.sources.is_empty()).then(|| view! {
                <p class="sources">"Sources: "
                    {message.sources.iter().map(|s| if s.url.is_empty() {
                        view! { <span>{s.title.clone()}</span> }.into_any()
                    } else {
                        view! { <a href=s.url.clone() target="_blank" rel="noopener noreferrer">{s.title.clone()}</a> }.into_any()
                    }).collect_view()}
                </p>
            })}
            <div class="marks">
                {status.map(|s| view! { <span class="badge off">{s}</span> })}
                {vote.map(|(v, down)| view! { <span class="badge" class:off=down data-testid="vote">{v}</span> })}
                {evaluation.map(|(e, bad)| view! { <span class="badge" class:off=bad data-testid="evaluation">{e}</span> })}
                {improve.map(|open| view! {
                    <button type="button" class="button small subtle" data-testid="improve-answer"
                        on:click=move |_| open.run(())>"Improve this answer"</button>
                })}
            </div>
        </li>
    }
}
