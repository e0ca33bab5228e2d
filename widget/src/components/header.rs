//! The panel's header: who the visitor is talking to — the bot, or the person who took the
//! conversation over — and the "talk to a person", new-conversation and close buttons.

use super::avatar::Avatar;
use crate::controller::Widget;
use crate::icons::{CloseIcon, PersonIcon, RestartIcon};
use leptos::prelude::*;
use porthole_shared::inbox::Mode;

/// The header.
#[component]
pub fn Header(
    /// The bot's name.
    name: String,
    /// The avatar URL, or empty for an initial.
    avatar: String,
) -> impl IntoView {
    let widget = expect_context::<Widget>();
    let strings = widget.strings();
    let close = widget.launcher_words().close_chat;
    let live = widget.live();
    // The person answering, once the service names them.
    let person = Memo::new(move |_| {
        live.with(|l| {
            (l.mode == Mode::Operator)
                .then(|| l.operator.clone())
                .flatten()
        })
    });
    let who = move || match person.get() {
        Some(p) => view! {
            <Avatar name=p.name.clone() url=p.avatar.clone()/>
            <div class="ph-title-box">
                <h2 class="ph-title" id="ph-title" data-testid="bot-name">{p.name}</h2>
                <span class="ph-subtitle" data-testid="talking-to-person">{strings.person}</span>
            </div>
        }
        .into_any(),
        None => view! {
            <Avatar name=name.clone() url=avatar.clone()/>
            <div class="ph-title-box">
                <h2 class="ph-title" id="ph-title" data-testid="bot-name">{name.clone()}</h2>
            </div>
        }
        .into_any(),
    };
    let can_ask = move || widget.offers_handoff() && live.with(|l| !l.engaged() && !l.blocked);
    view! {
        <header class="ph-header">
            {who}
            <Show when=can_ask>
                <button class="ph-icon-button" type="button" aria-label=strings.talk_to_person
                    title=strings.talk_to_person data-testid="talk-to-person"
                    on:click=move |_| widget.ask_for_person(true)>
                    <PersonIcon/>
                </button>
            </Show>
            <button class="ph-icon-button" type="button" aria-label=strings.new_chat title=strings.new_chat
                data-testid="new-chat" on:click=move |_| widget.end_chat()>
                <RestartIcon/>
            </button>
            <button class="ph-icon-button" type="button" aria-label=close title=close
                data-testid="close" on:click=move |_| widget.close_panel(true)>
                <CloseIcon size=22/>
            </button>
        </header>
    }
}
