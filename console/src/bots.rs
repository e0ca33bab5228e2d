//! The bots the signed-in user may see, loaded once per session and reloaded after a change;
//! shared by the pages (and the live connection, for the names in its alerts). Where a list
//! names or offers bots, two of one name are told apart by their token's start.

use crate::api;
use crate::live::Live;
use leptos::prelude::*;
use porthole_shared::admin::{BotList, BotListItem};

/// The list and whether it has loaded.
#[derive(Clone, Copy)]
pub struct Bots {
    /// The bots, as the service lists them.
    pub list: RwSignal<Vec<BotListItem>>,
    /// Whether a first answer came.
    pub loaded: RwSignal<bool>,
    live: Live,
}

impl Bots {
    /// An empty list, whose names `live` gets.
    pub fn new(live: Live) -> Self {
        Self {
            list: RwSignal::new(Vec::new()),
            loaded: RwSignal::new(false),
            live,
        }
    }

    /// Loads the list again (and gives the live connection the names).
    pub fn reload(&self) {
        let this = *self;
        leptos::task::spawn_local(async move {
            if let Ok(answer) = api::get::<BotList>("/api/admin/bots").await {
                this.live.bot_names.set(
                    answer
                        .bots
                        .iter()
                        .map(|b| (b.token.clone(), b.bot_name.clone()))
                        .collect(),
                );
                this.list.set(answer.bots);
                this.loaded.set(true);
            }
        });
    }

    /// The name of the bot `token` (its token's start when unknown).
    pub fn name(&self, token: &str) -> String {
        self.list
            .with(|l| {
                l.iter()
                    .find(|b| b.token == token)
                    .map(|b| b.bot_name.clone())
            })
            .unwrap_or_else(|| format!("Bot {}", short(token)))
    }

    /// How a list names the bot `token`: its name, with its token's start when another bot
    /// has the same name ("Harbor Lights (3f9a1c)").
    pub fn label(&self, token: &str) -> String {
        self.list
            .with(|l| match l.iter().find(|b| b.token == token) {
                Some(b) => label_in(l, b),
                None => format!("Bot {}", short(token)),
            })
    }

    /// `(token, label)` of every bot, in the list's order (see [`Bots::label`]).
    pub fn labels(&self) -> Vec<(String, String)> {
        self.list.with(|l| {
            l.iter()
                .map(|b| (b.token.clone(), label_in(l, b)))
                .collect()
        })
    }
}

/// A token's first six characters.
fn short(token: &str) -> &str {
    token.get(..6).unwrap_or(token)
}

/// `bot`'s name, with its token's start when another bot of `list` has the same name.
fn label_in(list: &[BotListItem], bot: &BotListItem) -> String {
    let twin = list
        .iter()
        .any(|b| b.token != bot.token && b.bot_name.trim() == bot.bot_name.trim());
    if twin {
        format!("{} ({})", bot.bot_name, short(&bot.token))
    } else {
        bot.bot_name.clone()
    }
}
