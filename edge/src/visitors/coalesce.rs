//! Ping coalescing, decided without the runtime: many pings for one bot within a few seconds
//! become one write to the Bot object carrying the latest time and domain. Each isolate keeps
//! one [`Coalescer`]; with it, 10,000 page loads a second reach the Bot object at most once
//! per bot per isolate per window.

pub use crate::objects::bot::PingRecord;
use std::collections::HashMap;

/// The window within which pings for one bot share one write.
pub const WINDOW_MS: i64 = 5_000;
/// Beyond this many bots, idle entries are forgotten.
const MAX_ENTRIES: usize = 4_096;

/// What the caller should do after recording a ping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// Write now (call [`Coalescer::take`] and send it).
    WriteNow,
    /// Schedule one write after this many milliseconds.
    WriteAfter(i64),
    /// A write is already scheduled and will carry this ping.
    Nothing,
}

#[derive(Debug, Default)]
struct Entry {
    latest: Option<PingRecord>,
    last_write: Option<i64>,
    scheduled: bool,
}

/// Per-isolate ping state for all bots.
#[derive(Debug, Default)]
pub struct Coalescer {
    entries: HashMap<String, Entry>,
}

impl Coalescer {
    /// Records a ping for `bot` and says whether to write now, later, or not at all.
    pub fn record(&mut self, bot: &str, at: i64, domain: Option<String>) -> Plan {
        if self.entries.len() >= MAX_ENTRIES {
            self.entries
                .retain(|_, e| e.scheduled || e.last_write.is_some_and(|w| at - w < WINDOW_MS));
        }
        let entry = self.entries.entry(bot.to_owned()).or_default();
        let domain = domain.or_else(|| entry.latest.as_ref().and_then(|l| l.domain.clone()));
        entry.latest = Some(PingRecord { at, domain });
        if entry.scheduled {
            return Plan::Nothing;
        }
        match entry.last_write {
            Some(last) if at - last < WINDOW_MS => {
                entry.scheduled = true;
                Plan::WriteAfter(last + WINDOW_MS - at)
            }
            _ => Plan::WriteNow,
        }
    }

    /// Takes the pending record of `bot` for writing at `now`, if there is one.
    pub fn take(&mut self, bot: &str, now: i64) -> Option<PingRecord> {
        let entry = self.entries.get_mut(bot)?;
        entry.scheduled = false;
        let record = entry.latest.take()?;
        entry.last_write = Some(now);
        Some(record)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_ping_is_written_at_once() {
        let mut c = Coalescer::default();
        assert_eq!(c.record("b", 1_000, Some("a.test".into())), Plan::WriteNow);
        assert_eq!(
            c.take("b", 1_000),
            Some(PingRecord {
                at: 1_000,
                domain: Some("a.test".into())
            })
        );
    }

    #[test]
    fn pings_within_the_window_share_one_scheduled_write_with_the_latest_values() {
        let mut c = Coalescer::default();
        c.record("b", 0, Some("a.test".into()));
        c.take("b", 0);
        assert_eq!(
            c.record("b", 1_000, Some("b.test".into())),
            Plan::WriteAfter(4_000)
        );
        assert_eq!(c.record("b", 2_000, Some("c.test".into())), Plan::Nothing);
        assert_eq!(c.record("b", 3_000, None), Plan::Nothing);
        assert_eq!(
            c.take("b", 5_000),
            Some(PingRecord {
                at: 3_000,
                domain: Some("c.test".into())
            })
        );
        assert_eq!(c.take("b", 5_000), None, "nothing left after the write");
    }

    #[test]
    fn after_the_window_a_ping_is_written_at_once_again() {
        let mut c = Coalescer::default();
        c.record("b", 0, None);
        c.take("b", 0);
        assert_eq!(c.record("b", WINDOW_MS, None), Plan::WriteNow);
    }

    #[test]
    fn bots_are_independent() {
        let mut c = Coalescer::default();
        c.record("a", 0, None);
        c.take("a", 0);
        assert_eq!(c.record("b", 10, None), Plan::WriteNow);
    }
}
