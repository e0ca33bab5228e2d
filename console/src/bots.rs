//! The bots the signed-in user may see, loaded once per session and reloaded after a change;
//! shared by the pages (and the live connection, for the names in its alerts).

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
            .unwrap_or_else(|| format!("Bot {}", &token[..token.len().min(6)]))
    }
}
