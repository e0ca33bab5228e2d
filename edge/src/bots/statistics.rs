//! A bot's statistics by period, decided without the runtime: the hub's hourly rows (messages,
//! conversations, votes, ratings, evaluations, tracked events) grouped by hour, day or month
//! (UTC), every period of the range present (zeros where nothing happened), in seed 004's shape.

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use porthole_shared::webchat::StatisticsPoint;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use crate::objects::hub::HourRow;

/// Hour, day or month periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// One per hour.
    Hour,
    /// One per UTC day.
    Day,
    /// One per calendar month.
    Month,
}

impl Period {
    /// `hour`, `day` or `month`.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "hour" => Some(Self::Hour),
            "day" => Some(Self::Day),
            "month" => Some(Self::Month),
            _ => None,
        }
    }

    /// The start of the period holding `ms`.
    pub fn start(self, ms: i64) -> i64 {
        match self {
            Self::Hour => ms - ms.rem_euclid(3_600_000),
            Self::Day => ms - ms.rem_euclid(86_400_000),
            Self::Month => {
                let t = DateTime::from_timestamp_millis(ms).unwrap_or_default();
                Utc.with_ymd_and_hms(t.year(), t.month(), 1, 0, 0, 0)
                    .single()
                    .map_or(ms, |m| m.timestamp_millis())
            }
        }
    }

    /// The start of the period after the one starting at `start`.
    fn next(self, start: i64) -> i64 {
        match self {
            Self::Hour => start + 3_600_000,
            Self::Day => start + 86_400_000,
            Self::Month => {
                let t = DateTime::from_timestamp_millis(start).unwrap_or_default();
                let (y, m) = if t.month() == 12 {
                    (t.year() + 1, 1)
                } else {
                    (t.year(), t.month() + 1)
                };
                NaiveDate::from_ymd_opt(y, m, 1)
                    .and_then(|d| d.and_hms_opt(0, 0, 0))
                    .map_or(start + 86_400_000 * 31, |d| d.and_utc().timestamp_millis())
            }
        }
    }
}

/// Most periods one answer holds.
pub const MAX_PERIODS: usize = 2_000;

/// The periods from the one holding `from` to the one holding `to`, each with the sums of the
/// `rows` in it.
pub fn group(rows: &[HourRow], from: i64, to: i64, period: Period) -> Vec<StatisticsPoint> {
    let mut sums: BTreeMap<i64, HourRow> = BTreeMap::new();
    let mut start = period.start(from);
    while start <= to && sums.len() < MAX_PERIODS {
        sums.insert(start, HourRow::default());
        start = period.next(start);
    }
    for r in rows {
        let Some(s) = sums.get_mut(&period.start(r.hour)) else {
            continue;
        };
        s.messages += r.messages;
        s.conversations += r.conversations;
        s.counts += r.counts;
        for (name, n) in &r.events {
            *s.events.entry(name.clone()).or_default() += n;
        }
    }
    let ratio = |a: i64, b: i64| if b > 0 { a as f64 / b as f64 } else { 0.0 };
    sums.into_iter()
        .map(|(start, s)| StatisticsPoint {
            datetime: DateTime::from_timestamp_millis(start)
                .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
                .unwrap_or_default(),
            messages_count: s.messages,
            conversations_count: s.conversations,
            avg_messages_per_conversation: ratio(s.messages, s.conversations),
            avg_likes_per_feedback: ratio(s.counts.likes, s.counts.likes + s.counts.dislikes),
            likes: s.counts.likes,
            dislikes: s.counts.dislikes,
            ratings: s.counts.ratings,
            avg_rating: ratio(s.counts.rating_sum, s.counts.ratings),
            evaluated: s.counts.evaluated,
            answered: s.counts.answered,
            avg_support: ratio(s.counts.support_sum, s.counts.evaluated * 100),
            handoffs: s.counts.handoffs,
            responses: s.counts.responses,
            avg_first_response_secs: ratio(s.counts.response_ms, s.counts.responses * 1000),
            events: s.events,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = 3_600_000;
    const DAY: i64 = 24 * HOUR;

    fn row(hour: i64, messages: i64, conversations: i64) -> HourRow {
        HourRow {
            hour,
            messages,
            conversations,
            ..HourRow::default()
        }
    }

    #[test]
    fn hours_add_up_into_days_with_empty_days_as_zeros() {
        let rows = [row(HOUR, 4, 1), row(5 * HOUR, 2, 1), row(2 * DAY, 3, 1)];
        let days = group(&rows, 0, 2 * DAY + HOUR, Period::Day);
        assert_eq!(days.len(), 3);
        assert_eq!(days[0].datetime, "1970-01-01T00:00:00Z");
        assert_eq!(
            (days[0].messages_count, days[0].conversations_count),
            (6, 2)
        );
        assert_eq!(days[0].avg_messages_per_conversation, 3.0);
        assert_eq!(
            (
                days[1].messages_count,
                days[1].avg_messages_per_conversation
            ),
            (0, 0.0)
        );
        assert_eq!(days[2].messages_count, 3);
    }

    #[test]
    fn likes_per_feedback_is_the_share_of_votes_up() {
        let mut r = row(0, 2, 1);
        r.counts.likes = 3;
        r.counts.dislikes = 1;
        assert_eq!(
            group(&[r], 0, 0, Period::Hour)[0].avg_likes_per_feedback,
            0.75
        );
    }

    #[test]
    fn months_follow_the_calendar() {
        let jan31 = Utc
            .with_ymd_and_hms(2026, 1, 31, 12, 0, 0)
            .unwrap()
            .timestamp_millis();
        let feb1 = Utc
            .with_ymd_and_hms(2026, 2, 1, 1, 0, 0)
            .unwrap()
            .timestamp_millis();
        let months = group(
            &[row(jan31, 1, 1), row(feb1, 2, 1)],
            jan31,
            feb1,
            Period::Month,
        );
        assert_eq!(months.len(), 2);
        assert_eq!(months[0].datetime, "2026-01-01T00:00:00Z");
        assert_eq!((months[0].messages_count, months[1].messages_count), (1, 2));
    }

    #[test]
    fn a_huge_range_is_capped() {
        assert_eq!(group(&[], 0, 10_000 * DAY, Period::Hour).len(), MAX_PERIODS);
    }
}
