//! A bot's statistics, by hour, kept as events arrive: messages and conversations (from
//! `message:new` and `conversation:new`), votes and ratings (the counts a conversation sends
//! with its announcement), and tracked widget events (sums the isolates send). Seed 004's
//! statistics and the console's charts are read from here.

use super::Hub;
use super::protocol::{
    Announcement, BotDay, Day, DayQuery, HourRow, NAMES_PER_HOUR, OTHER, StatsQuery, Tracked,
};
use crate::objects::rpc::Counts;
use crate::objects::sql::exec;
use crate::objects::sql::rows;
use crate::platform::clock::now_ms;
use crate::web::error::ApiResult;
use porthole_shared::api::Ack;
use porthole_shared::events::Event;
use serde::Deserialize;
use std::collections::BTreeMap;

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
            "INSERT INTO stats (bot, hour, messages, conversations, likes, dislikes, ratings,
               rating_sum, evaluated, answered, support_sum, handoffs, responses, response_ms)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (bot, hour) DO UPDATE SET
               messages = messages + excluded.messages,
               conversations = conversations + excluded.conversations,
               likes = likes + excluded.likes, dislikes = dislikes + excluded.dislikes,
               ratings = ratings + excluded.ratings, rating_sum = rating_sum + excluded.rating_sum,
               evaluated = evaluated + excluded.evaluated, answered = answered + excluded.answered,
               support_sum = support_sum + excluded.support_sum,
               handoffs = handoffs + excluded.handoffs, responses = responses + excluded.responses,
               response_ms = response_ms + excluded.response_ms",
            vec![
                bot.into(),
                hour.into(),
                add.messages.into(),
                add.conversations.into(),
                c.likes.into(),
                c.dislikes.into(),
                c.ratings.into(),
                c.rating_sum.into(),
                c.evaluated.into(),
                c.answered.into(),
                c.support_sum.into(),
                c.handoffs.into(),
                c.responses.into(),
                c.response_ms.into(),
            ],
        )
    }

    /// Adds tracked-event sums from an isolate.
    pub(super) fn add_tracked(&self, sums: &[Tracked]) -> ApiResult<Ack> {
        // A name the bot's hour has no place for is counted as OTHER (see `tracking`): the
        // seed allows no rate limit, so the names a flood could add are bounded here.
        let kept = (NAMES_PER_HOUR - 1) as i64;
        for t in sums {
            exec(
                &self.sql,
                "INSERT INTO tracked (bot, hour, event, count)
                 SELECT ?1, ?2, CASE WHEN EXISTS (SELECT 1 FROM tracked WHERE bot = ?1 AND hour = ?2 AND event = ?3)
                     OR (SELECT count(*) FROM tracked WHERE bot = ?1 AND hour = ?2) < ?4 THEN ?3 ELSE ?5 END, ?6
                 WHERE true
                 ON CONFLICT (bot, hour, event) DO UPDATE SET count = count + excluded.count",
                vec![
                    t.bot.as_str().into(),
                    hour(t.hour).into(),
                    t.event.clone().into(),
                    kept.into(),
                    OTHER.into(),
                    (t.count.min(i64::MAX as u64) as i64).into(),
                ],
            )?;
        }
        Ok(Ack::OK)
    }
}

impl Hub {
    /// The hourly rows of a bot between two times, with their tracked events.
    pub(super) fn hours(&self, q: &StatsQuery) -> ApiResult<Vec<HourRow>> {
        let range = |sql: &str| {
            (
                sql.to_owned(),
                vec![q.bot.as_str().into(), hour(q.from).into(), q.to.into()],
            )
        };
        let (sql, binds) = range(
            "SELECT hour, messages, conversations, likes, dislikes, ratings, rating_sum, evaluated,
               answered, support_sum, handoffs, responses, response_ms FROM stats WHERE bot = ? AND hour >= ? AND hour <= ? ORDER BY hour",
        );
        let mut hours: BTreeMap<i64, HourRow> = rows::<HourRow>(&self.sql, &sql, binds)?
            .into_iter()
            .map(|r| (r.hour, r))
            .collect();
        #[derive(Deserialize)]
        struct Tracked {
            hour: f64,
            event: String,
            count: f64,
        }
        let (sql, binds) = range(
            "SELECT hour, event, count FROM tracked WHERE bot = ? AND hour >= ? AND hour <= ?",
        );
        for t in rows::<Tracked>(&self.sql, &sql, binds)? {
            let h = t.hour as i64;
            let row = hours.entry(h).or_insert_with(|| HourRow {
                hour: h,
                ..HourRow::default()
            });
            *row.events.entry(t.event).or_default() += t.count as i64;
        }
        Ok(hours.into_values().collect())
    }
}

impl Hub {
    /// Every bot's totals in a time range, with who waits for a person now (the digest).
    pub(super) fn day(&self, q: &DayQuery) -> ApiResult<Day> {
        #[derive(Deserialize)]
        struct Row {
            bot: String,
            conversations: f64,
            messages: f64,
            handoffs: f64,
            responses: f64,
            response_ms: f64,
            ratings: f64,
            rating_sum: f64,
        }
        let mut bots: BTreeMap<String, BotDay> = rows::<Row>(
            &self.sql,
            "SELECT bot, sum(conversations) AS conversations, sum(messages) AS messages,
               sum(handoffs) AS handoffs, sum(responses) AS responses,
               sum(response_ms) AS response_ms, sum(ratings) AS ratings,
               sum(rating_sum) AS rating_sum
             FROM stats WHERE hour >= ? AND hour < ? GROUP BY bot",
            vec![hour(q.from).into(), q.to.into()],
        )?
        .into_iter()
        .map(|r| {
            (
                r.bot.clone(),
                BotDay {
                    bot: r.bot,
                    conversations: r.conversations as i64,
                    messages: r.messages as i64,
                    handoffs: r.handoffs as i64,
                    responses: r.responses as i64,
                    response_ms: r.response_ms as i64,
                    ratings: r.ratings as i64,
                    rating_sum: r.rating_sum as i64,
                    waiting: 0,
                },
            )
        })
        .collect();
        #[derive(Deserialize)]
        struct Waiting {
            bot: String,
            n: f64,
        }
        for w in rows::<Waiting>(
            &self.sql,
            // Bound like the index writes it (a bool).
            "SELECT bot, count(*) AS n FROM conversations WHERE waiting = ? GROUP BY bot",
            vec![true.into()],
        )? {
            bots.entry(w.bot.clone())
                .or_insert_with(|| BotDay {
                    bot: w.bot,
                    ..Default::default()
                })
                .waiting = w.n as i64;
        }
        Ok(Day {
            origin: self.origin(),
            bots: bots.into_values().collect(),
        })
    }
}
