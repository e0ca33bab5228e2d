//! One message: the visitor's text; a reply rendered from Markdown with its typing indicator,
//! its sources, and what went wrong (with a retry); or a person's message with their name and
//! avatar. Under a reply the bot could not answer, "talk to a person" when the bot offers it.

use super::avatar::Avatar;
use super::markdown_view::Markdown;
use super::user_message::UserMessage;
use super::votes::Votes;
use crate::chat::{Failure, Status};
use crate::controller::Widget;
use crate::i18n::{Strings, with_n};
use leptos::prelude::*;
use porthole_markdown::safe_url;
use porthole_shared::{Role, Source};

/// The message with `key` in the chat.
#[component]
pub fn Message(
    /// The message's key.
    key: u64,
    /// Whether replies show their sources.
    citations: bool,
) -> impl IntoView {
    let widget = expect_context::<Widget>();
    let strings = widget.strings();
    let role = widget
        .chat()
        .with_untracked(|c| c.get(key).map(|m| m.role))
        .unwrap_or(Role::Assistant);
    let text = Signal::derive(move || {
        widget
            .chat()
            .with(|c| c.get(key).map(|m| m.text.clone()).unwrap_or_default())
    });
    let status = Memo::new(move |_| {
        widget
            .chat()
            .with(|c| c.get(key).map(|m| m.status.clone()))
            .unwrap_or(Status::Done)
    });
    let sources = Memo::new(move |_| {
        widget
            .chat()
            .with(|c| c.get(key).map(|m| m.sources.clone()))
            .unwrap_or_default()
    });
    let turn = move || {
        widget
            .chat()
            .with_untracked(|c| c.get(key).and_then(|m| m.turn.clone()))
    };

    if role == Role::User {
        return view! { <UserMessage key/> }.into_any();
    }
    let role_name = if role == Role::Operator {
        "operator"
    } else {
        "assistant"
    };
    let author = (role == Role::Operator).then(|| {
        let a = widget
            .chat()
            .with_untracked(|c| c.get(key).and_then(|m| m.author.clone()))
            .unwrap_or_default();
        view! {
            <div class="ph-author" data-testid="author">
                <Avatar name=a.name.clone() url=a.avatar class="ph-avatar ph-avatar-sm"/>
                <span data-testid="author-name">{a.name}</span>
            </div>
        }
    });
    // The bot had no answer: offer a person, under the latest message only.
    let offer_person = move || {
        let live = widget.live();
        let wanted = widget.offers_handoff()
            && live.with(|l| !l.engaged() && !l.blocked)
            && widget.chat().with(|c| {
                c.get(key).is_some_and(|m| m.fallback)
                    && c.messages().last().is_some_and(|m| m.key == key)
            });
        wanted.then(|| {
            view! {
                <button type="button" class="ph-chip ph-handoff" data-testid="offer-person"
                    on:click=move |_| widget.reach_person()>
                    {if widget.away().is_some() { strings.leave_message } else { strings.talk_to_person }}
                </button>
            }
        })
    };
    let typing = move || {
        (status.get() == Status::Waiting).then(|| {
            view! { <span class="ph-typing" data-testid="typing" role="status" aria-label=strings.typing><i></i><i></i><i></i></span> }
        })
    };
    let problem = move || match status.get() {
        Status::Failed(failure) => {
            let retry = move |_| {
                if let Some(t) = turn() {
                    widget.retry(&t);
                }
            };
            Some(view! {
                <div class="ph-error" data-testid="error" role="alert">
                    <span>{describe(strings, &failure)}</span>
                    {(!matches!(failure, Failure::Paused | Failure::Blocked)).then(|| view! {
                        <button type="button" class="ph-retry" data-testid="retry" on:click=retry>{strings.retry}</button>
                    })}
                </div>
            }
            .into_any())
        }
        Status::Stopped => Some(view! { <div class="ph-note">{strings.stopped}</div> }.into_any()),
        _ => None,
    };
    // A finished reply the service knows can be voted on.
    let votes = move || {
        let votable = role == Role::Assistant
            && status.get() == Status::Done
            && widget.chat().with(|c| {
                c.get(key)
                    .is_some_and(|m| m.id.is_some() && !m.text.is_empty())
            });
        votable.then(|| view! { <Votes key/> })
    };
    let sources_view = move || {
        let list = sources.get();
        (citations && !list.is_empty()).then(|| view! { <SourceList sources=list/> })
    };
    view! {
        {author}
        <div class="ph-msg ph-bot" class:ph-person=role == Role::Operator data-testid="message" data-role=role_name
            class:ph-streaming=move || status.get() == Status::Streaming
            aria-busy=move || matches!(status.get(), Status::Waiting | Status::Streaming).to_string()>
            {typing}
            <div class="ph-md"><Markdown text/></div>
            {sources_view}
        </div>
        {votes}
        {problem}
        {offer_person}
    }
    .into_any()
}

/// The links to a reply's sources.
#[component]
fn SourceList(sources: Vec<Source>) -> impl IntoView {
    let strings = expect_context::<Widget>().strings();
    view! {
        <div class="ph-sources" data-testid="sources">
            <span class="ph-sources-label">{strings.sources}</span>
            {sources.into_iter().map(|s| match safe_url(&s.url) {
                Some(url) => view! { <a href=url target="_blank" rel="noopener noreferrer">{s.title}</a> }.into_any(),
                None => view! { <span>{s.title}</span> }.into_any(),
            }).collect_view()}
        </div>
    }
}

/// What the visitor reads for a failure.
fn describe(strings: &Strings, failure: &Failure) -> String {
    match failure {
        Failure::Network => strings.error_network.to_owned(),
        Failure::RateLimited(Some(secs)) => {
            format!("{} {}", strings.error_rate, with_n(strings.retry_in, secs))
        }
        Failure::RateLimited(None) => strings.error_rate.to_owned(),
        Failure::Paused => strings.error_paused.to_owned(),
        Failure::Blocked => strings.blocked.to_owned(),
        Failure::Service(m) if m.is_empty() => strings.error_generic.to_owned(),
        Failure::Service(m) => format!("{} {m}", strings.error_generic),
    }
}
