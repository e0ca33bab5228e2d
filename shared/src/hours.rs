//! Business hours: when a person answers a bot's visitors, in the bot's time zone, per weekday,
//! with holidays. Outside them the widget offers "leave a message" instead of "talk to a
//! person" and says when people are back; the AI answers at any hour.
//!
//! The owner writes a day's hours as text (`"09:00-12:30, 13:30-17:00"`, empty: closed), which
//! is what the console's fields and the admin API carry. The service turns the schedule into
//! the next week's opening windows as instants ([`BusinessHours::windows`]), given the zone's
//! UTC offset at an instant (the Worker asks the runtime's `Intl`), so the widget needs no time
//! zone data of its own: it compares the windows with its clock.

use serde::{Deserialize, Serialize};

const MINUTE_MS: i64 = 60_000;
const DAY_MS: i64 = 86_400_000;
/// Most spans in one day.
pub const SPANS_MAX: usize = 4;
/// Most holidays.
pub const HOLIDAYS_MAX: usize = 100;
/// How many days ahead the windows reach (a week and a day, so "back on" is always found
/// when the schedule has any hours).
pub const WINDOW_DAYS: i64 = 8;

/// One day's opening spans, minutes after midnight (`from < to <= 1440`), sorted, apart.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DaySpans(Vec<(u16, u16)>);

impl DaySpans {
    /// Reads `"09:00-17:00"`, several separated by commas; `""` is closed.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let mut spans = Vec::new();
        for part in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (from, to) = part
                .split_once(['-', '–'])
                .ok_or_else(|| format!("{part:?}: write a span as 09:00-17:00"))?;
            let (from, to) = (clock(from.trim())?, clock(to.trim())?);
            if from >= to {
                return Err(format!("{part:?}: the span must end after it starts"));
            }
            spans.push((from, to));
        }
        spans.sort_unstable();
        if spans.windows(2).any(|w| w[0].1 > w[1].0) {
            return Err("the spans of a day must not overlap".into());
        }
        if spans.len() > SPANS_MAX {
            return Err(format!("at most {SPANS_MAX} spans a day"));
        }
        Ok(Self(spans))
    }

    /// The spans, minutes after midnight.
    pub fn spans(&self) -> &[(u16, u16)] {
        &self.0
    }

    fn text(&self) -> String {
        let hm = |m: u16| format!("{:02}:{:02}", m / 60, m % 60);
        self.0
            .iter()
            .map(|(a, b)| format!("{}-{}", hm(*a), hm(*b)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// `"9:00"`, `"09:00"` or `"24:00"` as minutes after midnight.
fn clock(raw: &str) -> Result<u16, String> {
    let bad = || format!("{raw:?} is not a time like 09:00");
    let (h, m) = raw.split_once(':').ok_or_else(bad)?;
    let digits = |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(h) || m.len() != 2 || !digits(m) {
        return Err(bad());
    }
    let (h, m): (u16, u16) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if m > 59 || h > 24 || (h == 24 && m > 0) {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

impl Serialize for DaySpans {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text())
    }
}

impl<'de> Deserialize<'de> for DaySpans {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::parse(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// An IANA time zone name (`Europe/Berlin`, `America/New_York`, `UTC`). Its shape is checked
/// here; whether the zone exists is checked by the service when the hours are saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeZone(String);

impl TimeZone {
    /// Accepts 1 to 64 characters of letters, digits and `/ _ + -`.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        let ok = (1..=64).contains(&raw.len())
            && raw
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"/_+-".contains(&b));
        if ok {
            Ok(Self(raw.to_owned()))
        } else {
            Err(format!("{raw:?} is not a time zone like Europe/Berlin"))
        }
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for TimeZone {
    fn default() -> Self {
        Self("UTC".into())
    }
}

text_serde!(TimeZone);

/// Days without hours (`YYYY-MM-DD`, in the bot's zone), at most [`HOLIDAYS_MAX`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Holidays(Vec<i64>);

impl Holidays {
    /// Reads the dates (empty lines ignored), sorted and without repeats.
    pub fn parse<S: AsRef<str>>(raw: &[S]) -> Result<Self, String> {
        let mut days = raw
            .iter()
            .map(|d| d.as_ref().trim())
            .filter(|d| !d.is_empty())
            .map(|d| date(d).ok_or_else(|| format!("{d:?} is not a date like 2026-12-25")))
            .collect::<Result<Vec<_>, _>>()?;
        days.sort_unstable();
        days.dedup();
        if days.len() > HOLIDAYS_MAX {
            return Err(format!("at most {HOLIDAYS_MAX} holidays"));
        }
        Ok(Self(days))
    }

    fn contains(&self, day: i64) -> bool {
        self.0.binary_search(&day).is_ok()
    }
}

impl Serialize for Holidays {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|d| civil(*d)))
    }
}

impl<'de> Deserialize<'de> for Holidays {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::parse(&Vec::<String>::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// Days since 1970-01-01 of `YYYY-MM-DD`, if it is a real date.
fn date(raw: &str) -> Option<i64> {
    let mut parts = raw.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d): (i64, i64, i64) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let days = days_from_civil(y, m, d);
    (civil(days) == raw).then_some(days)
}

/// Days since 1970-01-01 (H. Hinnant's algorithm; any `m`, `d` in range give a real date).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `YYYY-MM-DD` of a day since 1970-01-01.
fn civil(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The week's hours, Monday first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Week {
    pub mon: DaySpans,
    pub tue: DaySpans,
    pub wed: DaySpans,
    pub thu: DaySpans,
    pub fri: DaySpans,
    pub sat: DaySpans,
    pub sun: DaySpans,
}

impl Default for Week {
    /// Monday to Friday, 09:00 to 17:00.
    fn default() -> Self {
        let office = DaySpans(vec![(9 * 60, 17 * 60)]);
        Self {
            mon: office.clone(),
            tue: office.clone(),
            wed: office.clone(),
            thu: office.clone(),
            fri: office,
            sat: DaySpans::default(),
            sun: DaySpans::default(),
        }
    }
}

impl Week {
    /// The spans of weekday `i` (0 = Monday).
    fn day(&self, i: i64) -> &DaySpans {
        match i.rem_euclid(7) {
            0 => &self.mon,
            1 => &self.tue,
            2 => &self.wed,
            3 => &self.thu,
            4 => &self.fri,
            5 => &self.sat,
            _ => &self.sun,
        }
    }
}

/// A partial update of [`Week`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeekPatch {
    pub mon: Option<DaySpans>,
    pub tue: Option<DaySpans>,
    pub wed: Option<DaySpans>,
    pub thu: Option<DaySpans>,
    pub fri: Option<DaySpans>,
    pub sat: Option<DaySpans>,
    pub sun: Option<DaySpans>,
}

/// A bot's business hours (off by default: a person may be asked for at any hour).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BusinessHours {
    /// Whether the hours apply.
    pub enabled: bool,
    /// The zone the hours are in.
    pub time_zone: TimeZone,
    /// Each weekday's hours.
    pub week: Week,
    /// Days without hours.
    pub holidays: Holidays,
}

/// A partial update of [`BusinessHours`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BusinessHoursPatch {
    pub enabled: Option<bool>,
    pub time_zone: Option<TimeZone>,
    pub week: Option<WeekPatch>,
    pub holidays: Option<Holidays>,
}

impl BusinessHours {
    /// Applies the fields present in `patch`.
    pub fn apply(&mut self, patch: BusinessHoursPatch) {
        let set = |slot: &mut DaySpans, v: Option<DaySpans>| {
            if let Some(v) = v {
                *slot = v;
            }
        };
        if let Some(v) = patch.enabled {
            self.enabled = v;
        }
        if let Some(v) = patch.time_zone {
            self.time_zone = v;
        }
        if let Some(w) = patch.week {
            set(&mut self.week.mon, w.mon);
            set(&mut self.week.tue, w.tue);
            set(&mut self.week.wed, w.wed);
            set(&mut self.week.thu, w.thu);
            set(&mut self.week.fri, w.fri);
            set(&mut self.week.sat, w.sat);
            set(&mut self.week.sun, w.sun);
        }
        if let Some(v) = patch.holidays {
            self.holidays = v;
        }
    }

    /// The opening windows `[start, end)` (ms since the epoch) from `now` until
    /// [`WINDOW_DAYS`] ahead, touching ones joined; the current one first when open. `offset`
    /// gives the zone's UTC offset (ms, local = UTC + offset) at an instant.
    pub fn windows(&self, now: i64, offset: impl Fn(i64) -> i64) -> Vec<[i64; 2]> {
        let here = offset(now);
        let today = (now + here).div_euclid(DAY_MS);
        // A local wall-clock time as an instant: the offset where it falls (DST-aware).
        let instant = |local: i64| {
            let guess = local - offset(local - here);
            local - offset(guess)
        };
        let mut out: Vec<[i64; 2]> = Vec::new();
        for day in today - 1..today + WINDOW_DAYS {
            if self.holidays.contains(day) {
                continue;
            }
            // 1970-01-01 was a Thursday (weekday 3, Monday being 0).
            for (from, to) in self.week.day(day + 3).spans() {
                let start = instant(day * DAY_MS + i64::from(*from) * MINUTE_MS);
                let end = instant(day * DAY_MS + i64::from(*to) * MINUTE_MS);
                if end <= now || end <= start {
                    continue;
                }
                match out.last_mut() {
                    Some(last) if last[1] >= start => last[1] = last[1].max(end),
                    _ => out.push([start, end]),
                }
            }
        }
        out
    }
}

/// The hours as the widget gets them (`hours` of `GET /api/widget/config`): the zone, and the
/// next week's opening windows `[start, end)` in ms since the epoch.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenHours {
    /// The bot's time zone.
    pub time_zone: String,
    /// When people answer, from now on.
    pub windows: Vec<[i64; 2]>,
}

/// Where `now` stands among `windows`: `None` while open, else `Some` start of the next window
/// (`Some(None)`: none in the coming week).
pub fn closed_until(windows: &[[i64; 2]], now: i64) -> Option<Option<i64>> {
    if windows.iter().any(|[a, b]| *a <= now && now < *b) {
        return None;
    }
    Some(windows.iter().map(|w| w[0]).filter(|a| *a > now).min())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = 3_600_000;
    /// Monday 2026-12-07 00:00 UTC.
    const MONDAY: i64 = 1_796_601_600_000;

    fn hours(week: Week) -> BusinessHours {
        BusinessHours {
            enabled: true,
            week,
            ..BusinessHours::default()
        }
    }

    #[test]
    fn spans_are_read_as_owners_write_them() {
        assert_eq!(
            DaySpans::parse("13:30-17:00, 9:00 – 12:30")
                .unwrap()
                .spans(),
            &[(540, 750), (810, 1020)]
        );
        assert_eq!(DaySpans::parse("").unwrap(), DaySpans::default());
        assert_eq!(
            DaySpans::parse("00:00-24:00").unwrap().spans(),
            &[(0, 1440)]
        );
        for bad in [
            "9-17",
            "17:00-09:00",
            "09:00-25:00",
            "09:60-10:00",
            "09:00-12:00,11:00-13:00",
            "x",
        ] {
            assert!(DaySpans::parse(bad).is_err(), "{bad}");
        }
        let text = serde_json::to_string(&DaySpans::parse("9:00-12:30").unwrap()).unwrap();
        assert_eq!(text, "\"09:00-12:30\"");
    }

    #[test]
    fn dates_zones_and_holidays_are_checked() {
        assert_eq!(civil(0), "1970-01-01");
        assert_eq!(date("2024-02-29").map(civil).as_deref(), Some("2024-02-29"));
        assert_eq!(date("2026-02-29"), None);
        assert_eq!(date("2026-13-01"), None);
        assert_eq!(civil(MONDAY / DAY_MS), "2026-12-07");
        assert!(Holidays::parse(&["2026-12-25", "", "2026-12-25"]).is_ok());
        assert!(Holidays::parse(&["25.12.2026"]).is_err());
        assert!(TimeZone::parse("America/Argentina/Buenos_Aires").is_ok());
        assert!(TimeZone::parse("Etc/GMT+5").is_ok());
        assert!(TimeZone::parse("Europe Berlin").is_err());
        assert!(TimeZone::parse("").is_err());
    }

    #[test]
    fn windows_follow_the_week_in_the_zone() {
        let h = hours(Week::default());
        // Berlin in winter: UTC+1. Monday 08:30 UTC is 09:30 there: open until 16:00 UTC.
        let berlin = |_: i64| HOUR;
        let now = MONDAY + 8 * HOUR + 30 * 60_000;
        let w = h.windows(now, berlin);
        assert_eq!(w[0], [MONDAY + 8 * HOUR, MONDAY + 16 * HOUR]);
        assert_eq!(closed_until(&w, now), None);
        // Friday 17:00 there: back on Monday at 09:00 (08:00 UTC).
        let friday_evening = MONDAY + 4 * 24 * HOUR + 16 * HOUR;
        let w = h.windows(friday_evening, berlin);
        assert_eq!(
            closed_until(&w, friday_evening),
            Some(Some(MONDAY + 7 * 24 * HOUR + 8 * HOUR))
        );
        assert_eq!(w.len(), 5, "next week's five days: {w:?}");
    }

    #[test]
    fn holidays_closed_days_and_round_the_clock_hours() {
        let mut h = hours(Week::default());
        h.holidays = Holidays::parse(&["2026-12-07"]).unwrap();
        let now = MONDAY + 10 * HOUR;
        let w = h.windows(now, |_| 0);
        assert_eq!(
            closed_until(&w, now),
            Some(Some(MONDAY + 24 * HOUR + 9 * HOUR))
        );

        let always = DaySpans::parse("00:00-24:00").unwrap();
        let h = hours(Week {
            mon: always.clone(),
            tue: always.clone(),
            wed: always.clone(),
            thu: always.clone(),
            fri: always.clone(),
            sat: always.clone(),
            sun: always,
        });
        let w = h.windows(now, |_| 0);
        assert_eq!(w.len(), 1, "one window, joined across midnights");
        assert_eq!(closed_until(&w, now), None);

        let closed = hours(Week {
            mon: DaySpans::default(),
            tue: DaySpans::default(),
            wed: DaySpans::default(),
            thu: DaySpans::default(),
            fri: DaySpans::default(),
            sat: DaySpans::default(),
            sun: DaySpans::default(),
        });
        assert_eq!(closed_until(&closed.windows(now, |_| 0), now), Some(None));
    }

    #[test]
    fn a_clock_change_moves_the_instant_not_the_wall_clock() {
        // New York: UTC-5 until Sunday 2027-03-14 07:00 UTC, then UTC-4.
        let switch = 1_805_007_600_000;
        let new_york = move |t: i64| if t < switch { -5 * HOUR } else { -4 * HOUR };
        let h = hours(Week::default());
        let friday = switch - 2 * 24 * HOUR - 7 * HOUR + 23 * HOUR;
        let w = h.windows(friday, new_york);
        // Monday 2027-03-15 09:00 New York is 13:00 UTC (not 14:00).
        let monday_nine = switch - 7 * HOUR + 24 * HOUR + 13 * HOUR;
        assert_eq!(closed_until(&w, friday), Some(Some(monday_nine)));
    }

    #[test]
    fn a_patch_changes_only_what_it_names() {
        let mut h = BusinessHours::default();
        let patch: BusinessHoursPatch = serde_json::from_value(
            serde_json::json!({"enabled": true, "week": {"sat": "10:00-14:00"}}),
        )
        .unwrap();
        h.apply(patch);
        assert!(h.enabled);
        assert_eq!(h.week.sat.spans(), &[(600, 840)]);
        assert_eq!(h.week.mon, Week::default().mon);
        assert!(
            serde_json::from_value::<BusinessHoursPatch>(
                serde_json::json!({"week": {"mon": "late"}})
            )
            .is_err()
        );
    }
}
