//! The panel's header: who the visitor is talking to — the bot (its logo or avatar, name and
//! description), or the person who took the conversation over — and its actions: talk to a
//! person, call (where the bot has a number), close, and a menu with share, light/dark and new
//! conversation.

use super::avatar::Avatar;
use super::menu::{Menu, MenuItem};
use crate::controller::Widget;
use crate::icons::{CloseIcon, PersonIcon, PhoneIcon};
use leptos::prelude::*;
use porthole_shared::message::Mode;

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
    let options = widget.options();
    let live = widget.live();
    // The person answering, once the service names them.
    let person = Memo::new(move |_| {
        live.with(|l| {
            (l.mode == Mode::Operator)
                .then(|| l.operator.clone())
                .flatten()
        })
    });
    let image = if options.logo.is_empty() {
        avatar
    } else {
        options.logo.clone()
    };
    let description = options.description.clone();
    let who = move || {
        match person.get() {
        Some(p) => view! {
            <Avatar name=p.name.clone() url=p.avatar.clone()/>
            <div class="ph-title-box">
                <h2 class="ph-title" id="ph-title" data-testid="bot-name">{p.name}</h2>
                <span class="ph-subtitle" data-testid="talking-to-person">{strings.person}</span>
            </div>
        }
        .into_any(),
        None => view! {
            <Avatar name=name.clone() url=image.clone()/>
            <div class="ph-title-box">
                <h2 class="ph-title" id="ph-title" data-testid="bot-name">{name.clone()}</h2>
                {match widget.away().filter(|_| widget.offers_handoff()) {
                    Some(back) => Some(view! {
                        <span class="ph-subtitle" data-testid="away">{match back {
                            Some(at) => crate::i18n::with_when(strings.back_at, &widget.back_text(at)),
                            None => strings.away.to_owned(),
                        }}</span>
                    }.into_any()),
                    None if widget.person_available() => Some(view! {
                        <span class="ph-subtitle" data-testid="available"><i class="ph-dot" aria-hidden="true"></i>{strings.available}</span>
                    }.into_any()),
                    None => (!description.is_empty()).then(|| view! {
                        <span class="ph-subtitle" data-testid="description">{description.clone()}</span>
                    }.into_any()),
                }}
            </div>
        }
        .into_any(),
    }
    };
    let can_ask = move || widget.offers_handoff() && live.with(|l| !l.engaged() && !l.blocked);
    let call = options.phone_number.clone().map(|number| {
        view! {
            <a class="ph-icon-button" href=format!("tel:{number}") aria-label=strings.call title=strings.call
                data-testid="call" on:click=move |_| widget.record_call()>
                <PhoneIcon/>
            </a>
        }
    });
    let mut items = Vec::new();
    if options.enable_share_conversation {
        items.push(MenuItem {
            label: strings.share,
            id: "share",
            run: Box::new(move || widget.share()),
        });
    }
    if options.enable_theme_mode_toggle {
        items.push(MenuItem {
            label: strings.theme_toggle,
            id: "theme-toggle",
            run: Box::new(move || widget.toggle_theme()),
        });
    }
    if widget.offers_transcript() {
        items.push(MenuItem {
            label: strings.transcript,
            id: "transcript",
            run: Box::new(move || widget.ask_transcript()),
        });
    }
    items.push(MenuItem {
        label: strings.new_chat,
        id: "new-chat",
        run: Box::new(move || widget.end_chat()),
    });
    view! {
        <header class="ph-header">
            {who}
            <Show when=can_ask>
                {move || {
                    let label = if widget.away().is_some() { strings.leave_message } else { strings.talk_to_person };
                    view! {
                        <button class="ph-icon-button" type="button" aria-label=label title=label
                            data-testid="talk-to-person" on:click=move |_| widget.reach_person()>
                            <PersonIcon/>
                        </button>
                    }
                }}
            </Show>
            {call}
            <Menu label=strings.more items/>
            <button class="ph-icon-button" type="button" aria-label=close title=close
                data-testid="close" on:click=move |_| widget.close_panel(true)>
                <CloseIcon size=22/>
            </button>
        </header>
    }
}
