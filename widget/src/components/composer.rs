//! The composer: a growing text box (Enter sends, Shift+Enter starts a new line, and nothing is
//! sent mid-composition of CJK input), the 300-character limit shown before sending, and a send
//! button that becomes stop while a reply streams.

use crate::controller::Widget;
use crate::i18n::with_n;
use crate::icons::{ClipIcon, MicIcon, SendIcon, StopIcon};
use leptos::html;
use leptos::prelude::*;
use porthole_shared::limits::MESSAGE_MAX_CHARS;

/// Characters left before the counter shows.
const COUNTER_FROM: usize = 50;

/// The composer.
#[component]
pub fn Composer(
    /// The placeholder from the config.
    placeholder: String,
    /// Where the panel puts focus when it opens.
    input: NodeRef<html::Textarea>,
) -> impl IntoView {
    let widget = expect_context::<Widget>();
    let strings = widget.strings();
    let text = RwSignal::new(widget.take_draft());
    let length = Memo::new(move |_| text.with(|t| t.trim().chars().count()));
    let busy = Memo::new(move |_| widget.chat().with(|c| c.pending_turn().is_some()));
    // A lead form the owner requires comes first.
    let waits_for_lead = Memo::new(move |_| {
        widget.lead().track();
        widget.lead_blocks_composer()
    });
    let sendable = move || {
        (1..=MESSAGE_MAX_CHARS).contains(&length.get()) && !busy.get() && !waits_for_lead.get()
    };

    let submit = move || {
        if sendable() && widget.send(&text.get_untracked()) {
            text.set(String::new());
        }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
            ev.prevent_default();
            submit();
        }
    };
    let on_input = move |ev: leptos::ev::Event| text.set(event_target_value(&ev));
    let counter = move || {
        let left = MESSAGE_MAX_CHARS as i64 - length.get() as i64;
        (left < COUNTER_FROM as i64).then(|| {
            let over = left < 0;
            let words = if over { with_n(strings.chars_over, -left) } else { with_n(strings.chars_left, left) };
            view! { <span class="ph-counter" class:ph-over=over data-testid="counter" aria-live="polite">{words}</span> }
        })
    };
    let button = move || {
        if busy.get() {
            view! {
                <button class="ph-send" type="button" data-testid="stop" aria-label=strings.stop title=strings.stop
                    on:click=move |_| widget.stop()><StopIcon/></button>
            }
            .into_any()
        } else {
            view! {
                <button class="ph-send" type="button" data-testid="send" aria-label=strings.send title=strings.send
                    disabled=move || !sendable() on:click=move |_| submit()><SendIcon/></button>
            }
            .into_any()
        }
    };
    let file_input = NodeRef::<html::Input>::new();
    let on_file = move |_| {
        if let Some(input) = file_input.get_untracked() {
            if let Some(file) = input.files().and_then(|list| list.get(0)) {
                widget.send_image(file);
            }
            input.set_value("");
        }
    };
    let attach = widget.accepts_images().then(|| {
        view! {
            <input type="file" accept="image/png,image/jpeg,image/gif,image/webp" class="ph-sr-only"
                tabindex="-1" data-testid="file" node_ref=file_input on:change=on_file/>
            <button class="ph-attach" type="button" data-testid="attach" aria-label=strings.attach title=strings.attach
                disabled=move || waits_for_lead.get()
                on:click=move |_| { if let Some(i) = file_input.get_untracked() { i.click(); } }>
                <ClipIcon/>
            </button>
        }
    });
    // Speech fills the text box, where the bot allows it and the browser can listen.
    let listening = StoredValue::new_local(None::<crate::speech::Listening>);
    let hearing = RwSignal::new(false);
    let lang = widget.lang();
    let mic = (widget.options().enable_speech && crate::speech::available()).then(|| {
        let toggle = move |_| {
            if hearing.get_untracked() {
                listening.with_value(|l| {
                    if let Some(l) = l {
                        l.stop();
                    }
                });
                return;
            }
            let before = text.get_untracked();
            let started = crate::speech::listen(
                &lang,
                move |heard| {
                    let joined = [before.trim(), heard.trim()].join(" ");
                    text.set(joined.trim().to_owned());
                },
                move || hearing.set(false),
            );
            hearing.set(started.is_some());
            listening.set_value(started);
        };
        view! {
            <button class="ph-attach" class:ph-hearing=move || hearing.get() type="button" data-testid="mic"
                aria-pressed=move || hearing.get().to_string()
                aria-label=move || if hearing.get() { strings.listening } else { strings.speak }
                title=move || if hearing.get() { strings.listening } else { strings.speak }
                on:click=toggle>
                <MicIcon/>
            </button>
        }
    });
    view! {
        <div class="ph-composer">
            {attach}
            {mic}
            <textarea
                class="ph-input"
                data-testid="input"
                rows="1"
                node_ref=input
                placeholder=placeholder
                aria-label=widget.launcher_words().message_label
                prop:value=move || text.get()
                on:input=on_input
                on:keydown=on_keydown
            ></textarea>
            {button}
            {counter}
        </div>
    }
}
