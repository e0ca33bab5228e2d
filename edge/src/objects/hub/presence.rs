//! Who can answer visitors now: the operators with a dashboard open (an authenticated tenant
//! socket) who did not set themselves away. The hub knows the sockets, so it keeps the answer
//! and writes it to KV (`presence`) when it changes; the widget's config reads it there
//! ([`crate::people::presence`]), never the hub. Owners cover every bot, agents their bots.

use super::Hub;
use crate::objects::sql::{meta, set_meta};
use crate::people::presence::{KEY, Presence};
use crate::platform::bindings::CONFIG_KV;

impl Hub {
    /// Recomputes who is available from the open sessions; tells KV when it changed.
    pub(super) fn update_presence(&self) {
        let mut now = Presence::default();
        for identity in self.open_sessions() {
            if identity.away {
                continue;
            }
            if identity.is_owner() {
                now.owners = true;
            } else {
                now.bots.extend(identity.bots);
            }
        }
        now.bots.sort();
        now.bots.dedup();
        let Ok(json) = serde_json::to_string(&now) else {
            return;
        };
        if meta(&self.sql, KEY).ok().flatten().as_deref() == Some(json.as_str()) {
            return;
        }
        if set_meta(&self.sql, KEY, &json).is_err() {
            return;
        }
        let env = self.env.clone();
        self.state.wait_until(async move {
            let written = match env.kv(CONFIG_KV) {
                Ok(kv) => match kv.put(KEY, json) {
                    Ok(put) => put.execute().await.map_err(|e| e.to_string()),
                    Err(e) => Err(e.to_string()),
                },
                Err(e) => Err(e.to_string()),
            };
            if let Err(e) = written {
                worker::console_error!("presence: {e}");
            }
        });
    }
}
