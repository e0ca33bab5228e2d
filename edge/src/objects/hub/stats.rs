//! A bot's statistics, by hour, kept as events arrive: messages and conversations (from
//! `message:new` and `conversation:new`), votes and ratings (the counts a conversation sends
//! with its announcement), and tracked widget events (sums the isolates send). Seed 004's
//! statistics and the console's charts are read from here.

use super::Hub;
use crate::clock::now_ms;
use crate::error::ApiResult;
use crate::objects::rpc::{Announcement, Counts};
use crate::objects::sql::exec;
use crate::respond::json;
use crate::tracking::Tracked;
use porthole_shared::events::Event;

/// One hour in milliseconds.
const HOUR_MS: i64 = 3_600_000;

/// The start of the hour of `ms`.
fn hour(ms: i64) -> i64 {
    ms - ms.rem_euclid(HOUR_MS)
}

/// What one announcement adds to its bot's hour.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Add {
    messages: i64,
    conversations: i64,
    counts: Counts,
}

impl Hub {
    /// Adds what a fresh announcement counts for.
    pub(super) fn tally(&self, a: &Announcement) -> ApiResult<()> {
        let bot = a.event.bot().to_owned();
        let (at, add) = match &a.event {
            Event::ConversationNew(c) => (
                c.started_at,
                Add {
                    conversations: 1,
                    ..Add::default()
                },
            ),
            Event::MessageNew(m) => (
                m.message.created_at,
                Add {
                    messages: 1,
                    ..Add::default()
                },
            ),
            _ => (now_ms(), Add::default()),
        };
        // Votes and ratings count when they are given.
        self.add(&bot, hour(at), add)?;
        if !a.counts.is_empty() {
            let counts = Add {
                counts: a.counts,
                ..Add::default()
            };
            self.add(&bot, hour(now_ms()), counts)?;
        }
        Ok(())
    }

    fn add(&self, bot: &str, hour: i64, add: Add) -> ApiResult<()> {
        if add == Add::default() {
            return Ok(());
        }
        let c = add.counts;
        exec(
            &self.sql,
            "INSERT INTO stats (bot, hour, messages, conversations, likes, dislikes, ratings, rating_sum)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (bot, hour) DO UPDATE SET
               messages = messages + excluded.messages,
               conversations = conversations + excluded.conversations,
               likes = likes + excluded.likes, dislikes = dislikes + excluded.dislikes,
               ratings = ratings + excluded.ratings, rating_sum = rating_sum + excluded.rating_sum",
            vec![
                bot.into(),
                hour.into(),
                add.messages.into(),
                add.conversations.into(),
                c.likes.into(),
                c.dislikes.into(),
                c.ratings.into(),
                c.rating_sum.into(),
            ],
        )
    }

    /// Adds tracked-event sums from an isolate.
    pub(super) fn add_tracked(&self, sums: Vec<Tracked>) -> ApiResult {
        for t in sums {
            exec(
                &self.sql,
                "INSERT INTO tracked (bot, hour, event, count) VALUES (?, ?, ?, ?)
                 ON CONFLICT (bot, hour, event) DO UPDATE SET count = count + excluded.count",
                vec![
                    t.bot.into(),
                    hour(t.hour).into(),
                    t.event.into(),
                    (t.count.min(i64::MAX as u64) as i64).into(),
                ],
            )?;
        }
        json(&porthole_shared::api::Ack::OK)
    }
}
