//! Saved replies in the composer: typing `/` (and part of a shortcut or title) at the start of
//! a reply lists the matching saved replies of the conversation's bot; arrows choose, Enter or
//! Tab (or a click) inserts one with its placeholders filled from the conversation, Escape
//! closes the list.

use crate::api;
use leptos::prelude::*;
use porthole_shared::inbox::ConversationDetail;
use porthole_shared::replies::{Filling, SavedReply, SavedReplyList, fill, rank};

/// Most replies listed at once.
const LISTED: usize = 8;

/// The list's state, shared with the composer's keys.
#[derive(Clone, Copy)]
pub struct Picker {
    /// The bot's saved replies (loaded once).
    replies: RwSignal<Vec<SavedReply>>,
    /// The replies matching what is typed, best first (empty: the list is closed).
    pub matches: Memo<Vec<SavedReply>>,
    /// The one chosen with the arrows.
    pub selected: RwSignal<usize>,
    /// Closed with Escape until the text changes.
    dismissed: RwSignal<bool>,
}

impl Picker {
    /// The picker of the composer's `text`, for the bot `token`.
    pub fn new(token: &str, text: RwSignal<String>) -> Self {
        let replies = RwSignal::new(Vec::<SavedReply>::new());
        let dismissed = RwSignal::new(false);
        let path = format!("/api/admin/replies?bot={}", api::encode(token));
        leptos::task::spawn_local(async move {
            if let Ok(list) = api::get::<SavedReplyList>(&path).await {
                replies.try_set(list.replies);
            }
        });
        let matches = Memo::new(move |_| {
            let typed = text.get();
            if dismissed.get() {
                return Vec::new();
            }
            let Some(query) = typed.strip_prefix('/') else {
                return Vec::new();
            };
            if query.contains(char::is_whitespace) {
                return Vec::new();
            }
            replies.with(|all| {
                let mut found: Vec<(u8, &SavedReply)> = all
                    .iter()
                    .filter_map(|r| rank(r, query).map(|score| (score, r)))
                    .collect();
                found.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.shortcut.cmp(&b.1.shortcut)));
                found
                    .into_iter()
                    .take(LISTED)
                    .map(|(_, r)| r.clone())
                    .collect()
            })
        });
        Effect::new(move |_| {
            text.track();
            dismissed.set(false);
        });
        Self {
            replies,
            matches,
            selected: RwSignal::new(0),
            dismissed,
        }
    }

    /// Whether the list is open.
    pub fn open(&self) -> bool {
        self.matches.with(|m| !m.is_empty())
    }

    /// Handles a key while the list is open; `true` when it was the list's.
    pub fn key(&self, key: &str, insert: impl Fn(SavedReply)) -> bool {
        let count = self.matches.with(Vec::len);
        if count == 0 {
            return false;
        }
        match key {
            "ArrowDown" => self.selected.update(|s| *s = (*s + 1) % count),
            "ArrowUp" => self.selected.update(|s| *s = (*s + count - 1) % count),
            "Enter" | "Tab" => {
                let chosen = self
                    .matches
                    .with(|m| m.get(self.selected.get_untracked().min(count - 1)).cloned());
                if let Some(reply) = chosen {
                    insert(reply);
                }
            }
            "Escape" => self.dismissed.set(true),
            _ => return false,
        }
        true
    }

    /// Whether the bot has any saved reply (the composer says how to use them).
    pub fn any(&self) -> bool {
        self.replies.with(|r| !r.is_empty())
    }
}

/// A saved reply's text with the conversation's facts in its placeholders.
pub fn filled(reply: &SavedReply, detail: Option<&ConversationDetail>, bot_name: String) -> String {
    let contact = detail
        .and_then(|d| d.conversation.contact_data.clone())
        .unwrap_or_default();
    let operator = crate::session::auth()
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.identity.name.clone()));
    fill(
        &reply.text,
        &Filling {
            visitor_name: contact.name,
            visitor_email: contact.email,
            visitor_phone: contact.phone,
            operator_name: operator,
            bot_name: Some(bot_name),
        },
    )
}

/// The list under the composer.
#[component]
pub fn SavedReplyList(picker: Picker, on_pick: Callback<SavedReply>) -> impl IntoView {
    view! {
        <Show when=move || picker.open()>
            <ul class="saved-picker" role="listbox" id="saved-picker" aria-label="Saved replies" data-testid="saved-picker">
                <For each=move || picker.matches.get().into_iter().enumerate() key=|(i, r)| (*i, r.id.clone()) let:item>
                    {
                        let (i, reply) = item;
                        let chosen = move || picker.selected.get() == i;
                        let pick = reply.clone();
                        view! {
                            <li role="option" class:selected=chosen aria-selected=move || chosen().to_string()
                                data-testid="saved-option"
                                on:mousedown=move |ev: leptos::ev::MouseEvent| {
                                    ev.prevent_default();
                                    on_pick.run(pick.clone());
                                }>
                                <code>{format!("/{}", reply.shortcut)}</code>
                                " "
                                <span class="title">{reply.title.clone()}</span>
                                <span class="preview">{reply.text.chars().take(80).collect::<String>()}</span>
                            </li>
                        }
                    }
                </For>
            </ul>
        </Show>
    }
}
