//! The rating prompt: five stars (a radio group, so arrow keys move between them), an optional
//! comment, send or skip. It is asked once per conversation.

use crate::controller::{RatingAsk, Widget};
use crate::i18n::with_n;
use leptos::prelude::*;

/// The prompt (nothing when it is not asked for).
#[component]
pub fn RatingPrompt() -> impl IntoView {
    let widget = expect_context::<Widget>();
    let strings = widget.strings();
    let rating = widget.rating();
    let score = RwSignal::new(0u8);
    let comment = RwSignal::new(String::new());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = score.get_untracked();
        if chosen > 0 {
            widget.send_rating(chosen, comment.get_untracked());
        }
    };
    move || {
        match rating.get() {
        RatingAsk::Hidden => None,
        RatingAsk::Thanks => Some(
            view! { <div class="ph-card" data-testid="rating-thanks" role="status">{strings.rate_thanks}</div> }
                .into_any(),
        ),
        RatingAsk::Open { .. } => Some(
            view! {
                <form class="ph-card" data-testid="rating" on:submit=on_submit>
                    <fieldset class="ph-stars">
                        <legend class="ph-card-title">{strings.rate_prompt}</legend>
                        {(1..=5u8).map(|n| star(n, score, strings.rate_star)).collect_view()}
                    </fieldset>
                    <label class="ph-field">
                        <span>{strings.rate_comment}</span>
                        <textarea rows="2" maxlength="1000" data-testid="rating-comment"
                            on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                    </label>
                    <div class="ph-card-actions">
                        <button type="submit" class="ph-button" disabled=move || score.get() == 0>{strings.rate_send}</button>
                        <button type="button" class="ph-retry" data-testid="rating-skip"
                            on:click=move |_| widget.skip_rating()>{strings.rate_skip}</button>
                    </div>
                </form>
            }
            .into_any(),
        ),
    }
    }
}

/// The star for `n`, lit when the chosen score reaches it.
fn star(n: u8, score: RwSignal<u8>, label: &'static str) -> impl IntoView {
    let lit = move || score.get() >= n;
    let label = with_n(label, n);
    let title = label.clone();
    view! {
        <label class="ph-star" class:ph-lit=lit title=title>
            <input type="radio" name="ph-score" value=n.to_string() aria-label=label
                on:change=move |_| score.set(n)/>
            <span aria-hidden="true">"★"</span>
        </label>
    }
}
