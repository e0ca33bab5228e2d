//! The scrolling list: the welcome message, the conversation, and the starters before the first
//! message. It follows new text to the bottom unless the visitor scrolled up to read.

use super::lead_form::LeadForm;
use super::message::Message;
use super::rating::RatingPrompt;
use super::share_link::ShareLink;
use super::starters::Starters;
use crate::controller::Widget;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The message list.
#[component]
pub fn MessageList(
    /// The welcome message.
    welcome: String,
    /// Conversation starters.
    starters: Vec<String>,
    /// Whether replies show their sources.
    citations: bool,
) -> impl IntoView {
    let widget = expect_context::<Widget>();
    let list = NodeRef::<html::Div>::new();
    let keys = move || {
        widget
            .chat()
            .with(|c| c.messages().iter().map(|m| m.key).collect::<Vec<_>>())
    };
    // Keeps the newest text in view while the visitor is at (or near) the bottom. Whether they
    // are is read when they scroll, not when text arrives: by then a long message (an
    // operator's, say) has pushed the bottom away already.
    let at_bottom = StoredValue::new(true);
    let on_scroll = move |_| {
        if let Some(el) = list.get_untracked() {
            let gap = el.scroll_height() - el.scroll_top() - el.client_height();
            at_bottom.set_value(gap < 120);
        }
    };
    Effect::new(move |_| {
        widget.chat().track();
        widget.is_open().track();
        if at_bottom.get_value() || widget.chat().with_untracked(|c| c.pending_turn().is_some()) {
            // After the frame's rendering, when the new text is in the list — or never, when
            // the widget was taken off the page meanwhile (the console's preview mounts a
            // fresh one for every edit): reading the disposed list would be a panic.
            request_animation_frame(move || {
                if let Some(Some(el)) = list.try_get_untracked() {
                    el.set_scroll_top(el.scroll_height());
                }
            });
        }
    });
    // The rating prompt and the lead form come under the last message: each is brought into
    // view when it is asked (and again when the status bar above the composer changes),
    // wherever the visitor had scrolled.
    Effect::new(move |_| {
        let rating = matches!(
            widget.rating().get(),
            crate::controller::RatingAsk::Open { .. }
        );
        let lead = matches!(widget.lead().get(), crate::controller::LeadAsk::Open(_));
        // The "waiting for a person" bar that comes with leaving a message shortens the list.
        widget.live().with(|l| l.waiting);
        if rating || lead {
            request_animation_frame(move || {
                if let Some(Some(el)) = list.try_get_untracked() {
                    el.set_scroll_top(el.scroll_height());
                }
            });
        }
    });
    let welcome = (!welcome.is_empty()).then(|| {
        view! { <div class="ph-msg ph-bot ph-welcome" data-testid="welcome">{welcome}</div> }
    });
    // Links in replies are counted (a click on one, not on the text around it).
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let link = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten());
        if let Some(link) = link {
            let href = link.get_attribute("href").unwrap_or_default();
            widget.track("link_clicked", &[("href", &href)]);
        }
    };
    view! {
        <div class="ph-messages" node_ref=list data-testid="messages" on:click=on_click on:scroll=on_scroll>
            {welcome}
            <Show when=move || widget.chat().with(|c| c.is_empty())>
                <Starters starters=starters.clone()/>
            </Show>
            <For each=keys key=|k| *k children=move |key| view! { <Message key citations/> }/>
            <LeadForm/>
            <RatingPrompt/>
            <ShareLink/>
        </div>
    }
}
