//! What the inbox's list shows — a filter (all, waiting, unread, mine, resolved), a bot and the
//! words searched for — kept in the address (`?show=waiting&bot=…&q=…`), so the choice
//! survives opening a conversation, going back to the list, a reload and the back button.

use crate::api;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use porthole_shared::inbox::ConversationSummary;

/// Which conversations the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    All,
    Waiting,
    Unread,
    Mine,
    /// Resolved and not written to since.
    Resolved,
}

impl Filter {
    /// Its name in the address.
    fn name(self) -> &'static str {
        match self {
            Filter::All => "",
            Filter::Waiting => "waiting",
            Filter::Unread => "unread",
            Filter::Mine => "mine",
            Filter::Resolved => "resolved",
        }
    }

    fn parse(raw: &str) -> Self {
        match raw {
            "waiting" => Filter::Waiting,
            "unread" => Filter::Unread,
            "mine" => Filter::Mine,
            "resolved" => Filter::Resolved,
            _ => Filter::All,
        }
    }

    /// What the list API is asked for.
    pub fn query(self) -> &'static str {
        match self {
            Filter::All | Filter::Mine => "",
            Filter::Waiting => "&waiting=true",
            Filter::Unread => "&unread=true",
            Filter::Resolved => "&resolved=true",
        }
    }

    /// Whether the list keeps `c` (`me`: the signed-in operator's id).
    pub fn keeps(self, c: &ConversationSummary, me: &str) -> bool {
        match self {
            Filter::All => true,
            Filter::Waiting => c.waiting,
            Filter::Unread => c.unread > 0,
            Filter::Mine => c.assignee.as_ref().is_some_and(|a| a.id == me),
            Filter::Resolved => c.resolved,
        }
    }
}

/// The list's filter and bot, read from the address.
#[derive(Clone, Copy)]
pub struct Choice {
    /// The filter.
    pub filter: Memo<Filter>,
    /// A bot's token, or `""` for every bot.
    pub bot: Memo<String>,
    /// The words searched for (`""`: none).
    pub q: Memo<String>,
}

impl Choice {
    /// The choice in the current address.
    pub fn read() -> Self {
        let query = use_query_map();
        Self {
            filter: Memo::new(move |_| {
                query.with(|q| Filter::parse(q.get_str("show").unwrap_or_default()))
            }),
            bot: Memo::new(move |_| query.with(|q| q.get("bot").unwrap_or_default())),
            q: Memo::new(move |_| query.with(|q| q.get("q").unwrap_or_default())),
        }
    }

    /// The query string (`?show=…&bot=…`, or `""`) that keeps the choice in a link.
    pub fn suffix(&self) -> String {
        suffix(self.filter.get(), &self.bot.get(), &self.q.get())
    }

    /// [`Choice::suffix`], read once.
    pub fn suffix_untracked(&self) -> String {
        suffix(
            self.filter.get_untracked(),
            &self.bot.get_untracked(),
            &self.q.get_untracked(),
        )
    }

    /// A function that shows `filter`, `bot` and the words `q` (`None`: keep) on the current
    /// page, in place of the current entry of the history.
    pub fn setter(
        &self,
    ) -> impl Fn(Option<Filter>, Option<String>, Option<String>) + Clone + use<> {
        let this = *self;
        let navigate = use_navigate();
        let location = use_location();
        move |filter, bot, q| {
            let filter = filter.unwrap_or_else(|| this.filter.get_untracked());
            let bot = bot.unwrap_or_else(|| this.bot.get_untracked());
            let q = q.unwrap_or_else(|| this.q.get_untracked());
            let path = location.pathname.get_untracked();
            navigate(
                &format!("{path}{}", suffix(filter, &bot, &q)),
                NavigateOptions {
                    replace: true,
                    scroll: false,
                    ..Default::default()
                },
            );
        }
    }
}

fn suffix(filter: Filter, bot: &str, q: &str) -> String {
    let mut parts = Vec::new();
    if filter != Filter::All {
        parts.push(format!("show={}", filter.name()));
    }
    if !bot.is_empty() {
        parts.push(format!("bot={}", api::encode(bot)));
    }
    if !q.trim().is_empty() {
        parts.push(format!("q={}", api::encode(q)));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}
