//! Whether a person can answer a bot's visitors now (someone with the dashboard open who is not
//! away), as the hub last wrote it to KV ([`crate::objects::hub`] keeps it). Read for the
//! widget's config through a short in-isolate cache; KV may show a change up to a minute late
//! in other locations.

use crate::platform::bindings::CONFIG_KV;
use crate::platform::clock::now_ms;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use worker::Env;

/// The KV key (and the hub's meta key).
pub const KEY: &str = "presence";
/// How long a read is trusted in an isolate.
const CACHE_TTL_MS: i64 = 5_000;

/// Who is available.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Presence {
    /// An owner (who sees every bot) is available.
    pub owners: bool,
    /// The bots an available agent was given.
    pub bots: Vec<String>,
}

impl Presence {
    /// Whether someone available sees the bot `token`.
    pub fn covers(&self, token: &str) -> bool {
        self.owners || self.bots.iter().any(|b| b == token)
    }
}

thread_local! {
    static CACHE: RefCell<Option<(i64, Presence)>> = const { RefCell::new(None) };
}

/// Whether someone available sees `token` (nobody, if KV cannot say).
pub async fn covers(env: &Env, token: &str) -> bool {
    let now = now_ms();
    let cached = CACHE.with(|c| {
        c.borrow()
            .as_ref()
            .filter(|(at, _)| now - at < CACHE_TTL_MS)
            .map(|(_, p)| p.clone())
    });
    let presence = match cached {
        Some(p) => p,
        None => {
            let read = match env.kv(CONFIG_KV) {
                Ok(kv) => kv.get(KEY).text().await.ok().flatten(),
                Err(_) => None,
            };
            let p: Presence = read
                .and_then(|t| serde_json::from_str(&t).ok())
                .unwrap_or_default();
            CACHE.with(|c| *c.borrow_mut() = Some((now, p.clone())));
            p
        }
    };
    presence.covers(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owners_cover_every_bot_and_agents_theirs() {
        let p = Presence {
            owners: false,
            bots: vec!["a".into()],
        };
        assert!(p.covers("a") && !p.covers("b"));
        assert!(
            Presence {
                owners: true,
                bots: vec![]
            }
            .covers("b")
        );
    }
}
