//! Operators' alerts, as the hub decides them: a visitor who asks for a person, or leaves
//! contact details, while nobody available who sees the bot has a dashboard open. Each is held
//! for a short while ([`DELAY_MS`], `ALERT_DELAY_MS`) and merged per conversation, so one
//! visitor's "leave a message" makes one email, and none goes when, by then, an operator opened
//! the inbox or the visitor is no longer waiting (nobody is told what they already saw). The
//! alarm sends what is due through [`crate::people::alerts`]; operators with a dashboard open are never
//! emailed.

use super::Hub;
use crate::objects::sql::{exec, first, meta, rows, set_meta};
use crate::people::alerts::Alert;
use crate::platform::clock::now_ms;
use crate::web::error::ApiResult;
use porthole_shared::events::Event;
use porthole_shared::inbox::ConversationSummary;
use serde::Deserialize;

pub(super) const ALERTS_TABLE: &str = "CREATE TABLE IF NOT EXISTS alerts (
    bot TEXT NOT NULL, chat TEXT NOT NULL, handoff INTEGER NOT NULL, contact INTEGER NOT NULL,
    due INTEGER NOT NULL, PRIMARY KEY (bot, chat))";

/// How long an alert waits for someone to see it first (ms).
const DELAY_MS: i64 = 60_000;

/// What an event asks to tell operators: (handoff, contact).
fn wanted(event: &Event) -> Option<(&ConversationSummary, bool, bool)> {
    match event {
        Event::ConversationUpdated(u)
            if u.conversation.waiting && u.changed.iter().any(|c| c == "waiting") =>
        {
            Some((&u.conversation, true, false))
        }
        // A signed-in visitor's details come from the host's `identify`, not from a visitor
        // leaving them: nobody is told.
        Event::ConversationQualified(c) if c.verified_user.is_none() => Some((c, false, true)),
        _ => None,
    }
}

impl Hub {
    /// Holds an alert for each event that wants one, unless someone available sees its bot.
    pub(super) fn hold_alerts(&self, events: &[Event]) -> ApiResult<bool> {
        let open = self.open_sessions();
        let mut held = false;
        for (c, handoff, contact) in events.iter().filter_map(wanted) {
            if open.iter().any(|i| !i.away && i.can_see(&c.bot)) {
                continue;
            }
            let due = now_ms() + self.setting("ALERT_DELAY_MS").unwrap_or(DELAY_MS);
            exec(
                &self.sql,
                "INSERT INTO alerts (bot, chat, handoff, contact, due) VALUES (?, ?, ?, ?, ?)
                 ON CONFLICT (bot, chat) DO UPDATE SET handoff = max(handoff, excluded.handoff),
                   contact = max(contact, excluded.contact)",
                vec![
                    c.bot.clone().into(),
                    c.id.clone().into(),
                    i64::from(handoff).into(),
                    i64::from(contact).into(),
                    due.into(),
                ],
            )?;
            held = true;
        }
        Ok(held)
    }

    /// When the next held alert is due.
    pub(super) fn next_alert(&self) -> Option<i64> {
        #[derive(Deserialize)]
        struct Next {
            at: Option<f64>,
        }
        first::<Next>(&self.sql, "SELECT min(due) AS at FROM alerts", vec![])
            .ok()
            .flatten()
            .and_then(|n| n.at)
            .map(|at| at as i64)
    }

    /// Sends the alerts that are due and still true now (in the background).
    pub(super) fn send_alerts(&self) -> ApiResult<()> {
        #[derive(Deserialize)]
        struct Due {
            bot: String,
            chat: String,
            handoff: f64,
            contact: f64,
        }
        let now = now_ms();
        let due: Vec<Due> = rows(
            &self.sql,
            "DELETE FROM alerts WHERE due <= ? RETURNING bot, chat, handoff, contact",
            vec![now.into()],
        )?;
        if due.is_empty() {
            return Ok(());
        }
        let open = self.open_sessions();
        let mut alerts = Vec::new();
        for d in due {
            if open.iter().any(|i| !i.away && i.can_see(&d.bot)) {
                continue;
            }
            #[derive(Deserialize)]
            struct Row {
                summary: String,
            }
            let Some(row) = first::<Row>(
                &self.sql,
                "SELECT summary FROM conversations WHERE bot = ? AND id = ?",
                vec![d.bot.into(), d.chat.into()],
            )?
            else {
                continue;
            };
            let Ok(summary) = serde_json::from_str::<ConversationSummary>(&row.summary) else {
                continue;
            };
            let handoff = d.handoff != 0.0 && summary.waiting;
            let contact = d.contact != 0.0 && summary.contact_data.is_some();
            if handoff || contact {
                alerts.push(Alert {
                    handoff,
                    contact,
                    summary,
                });
            }
        }
        if alerts.is_empty() {
            return Ok(());
        }
        let online: Vec<String> = open.into_iter().map(|i| i.id).collect();
        let origin = self.origin();
        let env = self.env.clone();
        self.state.wait_until(async move {
            if let Err(e) =
                crate::people::alerts::send(&env, origin.as_deref(), &online, &alerts).await
            {
                worker::console_error!("alerts: {}", e.message);
            }
        });
        Ok(())
    }

    /// Notes the service's public origin (a dashboard call tells it: [`crate::auth::caller`]).
    pub(super) fn note_origin(&self, origin: &str) {
        if self.origin().as_deref() != Some(origin) {
            let _ = set_meta(&self.sql, "origin", origin);
        }
    }

    /// The service's public origin, once a dashboard call told it.
    pub(super) fn origin(&self) -> Option<String> {
        meta(&self.sql, "origin").ok().flatten()
    }
}
