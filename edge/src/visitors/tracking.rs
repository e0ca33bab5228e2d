//! Tracked widget events (seed 002's `track`), counted per bot, per event and per hour. A busy
//! site must not make every event a write: each isolate adds events up in memory ([`Tally`]) and
//! hands the sums to the hub at most once every few seconds, after the responses are sent.
//! The seed allows no rate limit here, so what a flood can leave behind is bounded instead: at
//! most [`NAMES_PER_HOUR`] event names per bot and hour are kept, here and in the hub; events
//! of further names are counted as [`OTHER`].

use crate::objects::hub::{self, AddTracked};
pub use crate::objects::hub::{NAMES_PER_HOUR, OTHER, Tracked};
use crate::platform::clock::now_ms;
use porthole_shared::WidgetToken;
use std::cell::RefCell;
use std::collections::HashMap;
use std::time::Duration;
use worker::{Context, Env};

/// At most one flush per isolate per this many milliseconds.
pub const WINDOW_MS: i64 = 5_000;
/// One hour in milliseconds.
const HOUR_MS: i64 = 3_600_000;

/// Events added up in one isolate, waiting to be written.
#[derive(Debug, Default)]
pub struct Tally {
    /// By bot and hour, by event name.
    counts: HashMap<(WidgetToken, i64), HashMap<String, u64>>,
    scheduled: bool,
    last_flush: i64,
}

impl Tally {
    /// Counts one `event` of `bot` at `at`; says after how many ms to flush, when a flush must
    /// be scheduled (none is yet).
    pub fn add(&mut self, bot: &WidgetToken, event: &str, at: i64) -> Option<i64> {
        let hour = at - at.rem_euclid(HOUR_MS);
        let names = self.counts.entry((bot.clone(), hour)).or_default();
        // One place is kept for OTHER itself.
        let name = if names.contains_key(event) || names.len() < NAMES_PER_HOUR - 1 {
            event
        } else {
            OTHER
        };
        *names.entry(name.to_owned()).or_default() += 1;
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
            .flat_map(|((bot, hour), names)| {
                names.into_iter().map(move |(event, count)| Tracked {
                    bot: bot.clone(),
                    hour,
                    event,
                    count,
                })
            })
            .collect()
    }
}

thread_local! {
    static TALLY: RefCell<Tally> = RefCell::new(Tally::default());
}

/// Counts one event; the hub hears of it within a few seconds.
pub fn record(env: &Env, ctx: &Context, bot: &WidgetToken, event: &str) {
    let Some(delay) = TALLY.with(|t| t.borrow_mut().add(bot, event, now_ms())) else {
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
        let count = batch.len();
        let sent = hub::ask(&env, AddTracked(batch)).await;
        if let Err(e) = sent {
            worker::console_error!("tracked events ({} sums) not written: {}", count, e.message);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b() -> WidgetToken {
        WidgetToken::parse("0123456789abcdef0123456789abcdef").unwrap()
    }

    #[test]
    fn events_of_one_hour_add_up_into_one_sum_and_one_flush() {
        let mut t = Tally::default();
        assert_eq!(t.add(&b(), "widget_opened", 10_000), Some(0));
        assert_eq!(t.add(&b(), "widget_opened", 11_000), None);
        assert_eq!(t.add(&b(), "message_sent", 12_000), None);
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
    fn names_beyond_the_hours_share_are_counted_as_other() {
        let mut t = Tally::default();
        for n in 0..NAMES_PER_HOUR + 20 {
            t.add(&b(), &format!("e{n}"), 0);
        }
        t.add(&b(), "e0", 0);
        let sums = t.take(0);
        assert_eq!(sums.len(), NAMES_PER_HOUR);
        let count = |name: &str| sums.iter().find(|s| s.event == name).map(|s| s.count);
        assert_eq!(count("e0"), Some(2), "a kept name goes on counting");
        assert_eq!(count(OTHER), Some(21));
        assert_eq!(count(&format!("e{}", NAMES_PER_HOUR + 5)), None);
    }

    #[test]
    fn the_next_flush_waits_for_the_window() {
        let mut t = Tally::default();
        t.add(&b(), "e", 0);
        t.take(1_000);
        assert_eq!(t.add(&b(), "e", 2_000), Some(4_000));
    }

    #[test]
    fn hours_are_counted_apart() {
        let mut t = Tally::default();
        t.add(&b(), "e", HOUR_MS - 1);
        t.add(&b(), "e", HOUR_MS);
        assert_eq!(t.take(HOUR_MS).len(), 2);
    }
}
