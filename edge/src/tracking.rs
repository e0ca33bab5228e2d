//! Tracked widget events (seed 002's `track`), counted per bot, per event and per hour. A busy
//! site must not make every event a write: each isolate adds events up in memory ([`Tally`]) and
//! hands the sums to the hub at most once every few seconds, after the responses are sent.

use crate::clock::now_ms;
use crate::objects::rpc;
use porthole_shared::WidgetToken;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::HashMap;
use std::time::Duration;
use worker::{Context, Env, Method};

/// At most one flush per isolate per this many milliseconds.
pub const WINDOW_MS: i64 = 5_000;
/// One hour in milliseconds.
const HOUR_MS: i64 = 3_600_000;

/// A sum of events, as the hub adds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tracked {
    /// The bot (its token).
    pub bot: String,
    /// The hour (ms since the epoch at its start).
    pub hour: i64,
    /// The event's name.
    pub event: String,
    /// How many.
    pub count: u64,
}

/// Events added up in one isolate, waiting to be written.
#[derive(Debug, Default)]
pub struct Tally {
    counts: HashMap<(String, i64, String), u64>,
    scheduled: bool,
    last_flush: i64,
}

impl Tally {
    /// Counts one `event` of `bot` at `at`; says after how many ms to flush, when a flush must
    /// be scheduled (none is yet).
    pub fn add(&mut self, bot: &str, event: &str, at: i64) -> Option<i64> {
        let hour = at - at.rem_euclid(HOUR_MS);
        *self
            .counts
            .entry((bot.to_owned(), hour, event.to_owned()))
            .or_default() += 1;
        if self.scheduled {
            return None;
        }
        self.scheduled = true;
        Some((self.last_flush + WINDOW_MS - at).max(0))
    }

    /// Everything counted so far, for writing at `now`.
    pub fn take(&mut self, now: i64) -> Vec<Tracked> {
        self.scheduled = false;
        self.last_flush = now;
        self.counts
            .drain()
            .map(|((bot, hour, event), count)| Tracked {
                bot,
                hour,
                event,
                count,
            })
            .collect()
    }
}

thread_local! {
    static TALLY: RefCell<Tally> = RefCell::new(Tally::default());
}

/// Counts one event; the hub hears of it within a few seconds.
pub fn record(env: &Env, ctx: &Context, bot: &WidgetToken, event: &str) {
    let Some(delay) = TALLY.with(|t| t.borrow_mut().add(bot.as_str(), event, now_ms())) else {
        return;
    };
    let env = env.clone();
    ctx.wait_until(async move {
        if delay > 0 {
            worker::Delay::from(Duration::from_millis(delay as u64)).await;
        }
        let batch = TALLY.with(|t| t.borrow_mut().take(now_ms()));
        if batch.is_empty() {
            return;
        }
        let sent = match rpc::hub(&env) {
            Ok(hub) => {
                rpc::call::<_, serde_json::Value>(&hub, Method::Post, "/tracked", Some(&batch))
                    .await
                    .map(|_| ())
            }
            Err(e) => Err(e.into()),
        };
        if let Err(e) = sent {
            worker::console_error!(
                "tracked events ({} sums) not written: {}",
                batch.len(),
                e.message
            );
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_of_one_hour_add_up_into_one_sum_and_one_flush() {
        let mut t = Tally::default();
        assert_eq!(t.add("b", "widget_opened", 10_000), Some(0));
        assert_eq!(t.add("b", "widget_opened", 11_000), None);
        assert_eq!(t.add("b", "message_sent", 12_000), None);
        let mut sums = t.take(12_000);
        sums.sort_by(|a, b| a.event.cmp(&b.event));
        assert_eq!(sums.len(), 2);
        assert_eq!(
            (sums[1].event.as_str(), sums[1].count, sums[1].hour),
            ("widget_opened", 2, 0)
        );
        assert!(t.take(13_000).is_empty());
    }

    #[test]
    fn the_next_flush_waits_for_the_window() {
        let mut t = Tally::default();
        t.add("b", "e", 0);
        t.take(1_000);
        assert_eq!(t.add("b", "e", 2_000), Some(4_000));
    }

    #[test]
    fn hours_are_counted_apart() {
        let mut t = Tally::default();
        t.add("b", "e", HOUR_MS - 1);
        t.add("b", "e", HOUR_MS);
        assert_eq!(t.take(HOUR_MS).len(), 2);
    }
}
