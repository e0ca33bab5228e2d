//! What the visitor may do now, above (or instead of) the composer: waiting for a person, with
//! a way back to the assistant; or blocked, with no composer at all.

use crate::controller::Widget;
use leptos::prelude::*;

/// The "waiting for a person" bar (nothing otherwise).
#[component]
pub fn Waiting() -> impl IntoView {
    let widget = expect_context::<Widget>();
    let strings = widget.strings();
    let live = widget.live();
    move || {
        live.with(|l| l.waiting && !l.blocked).then(|| {
            view! {
                <div class="ph-status" data-testid="waiting" role="status">
                    // Outside business hours, or while nobody is online, nobody answers here now.
                    <span>{if widget.person_available() { strings.waiting_for_person } else { strings.waiting_away }}</span>
                    <button type="button" class="ph-retry" on:click=move |_| widget.ask_for_person(false)>
                        {strings.keep_ai}
                    </button>
                </div>
            }
        })
    }
}

/// The notice a blocked visitor sees in place of the composer.
#[component]
pub fn Blocked() -> impl IntoView {
    let strings = expect_context::<Widget>().strings();
    view! { <div class="ph-blocked" data-testid="blocked" role="status">{strings.blocked}</div> }
}
