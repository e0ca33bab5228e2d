//! What the visitor left, beside the messages: contact (and a verified identity), rating and its
//! comment, calls asked for, the block, and the conversation's counts.

use crate::format;
use leptos::prelude::*;
use porthole_shared::inbox::{Channel, ConversationDetail, ConversationSummary};

/// What the visitor left: contact, rating, calls; and the block.
#[component]
pub fn Facts(detail: RwSignal<Option<ConversationDetail>>) -> impl IntoView {
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
                        Channel::Api => "API channel",
                        Channel::Chat => "widget",
                    })}</p>
                </aside>
            })
        })
    }
}
