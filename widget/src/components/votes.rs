//! Thumbs up and down under a finished reply: the visitor's vote, which a click changes (the
//! same thumb again takes it back).

use crate::controller::Widget;
use crate::icons::ThumbIcon;
use leptos::prelude::*;
use porthole_shared::visitor::Vote;

/// The two buttons for the reply with `key`.
#[component]
pub fn Votes(
    /// The reply's key.
    key: u64,
) -> impl IntoView {
    let widget = expect_context::<Widget>();
    let strings = widget.strings();
    let vote = Memo::new(move |_| widget.chat().with(|c| c.get(key).and_then(|m| m.vote)));
    let button = move |which: Vote| {
        let (label, down, id) = match which {
            Vote::Up => (strings.vote_up, false, "vote-up"),
            Vote::Down => (strings.vote_down, true, "vote-down"),
        };
        view! {
            <button type="button" class="ph-vote" data-testid=id aria-label=label title=label
                aria-pressed=move || (vote.get() == Some(which)).to_string()
                on:click=move |_| widget.vote(key, which)>
                <ThumbIcon down/>
            </button>
        }
    };
    view! { <div class="ph-votes" data-testid="votes">{button(Vote::Up)}{button(Vote::Down)}</div> }
}
