//! How times, numbers and visitors are written in the console.

use js_sys::Date;
use porthole_shared::inbox::ConversationSummary;

/// "just now", "5 min ago", "3 h ago", "2 d ago", then the date.
pub fn ago(ms: i64) -> String {
    let seconds = ((Date::now() - ms as f64) / 1000.0).max(0.0) as i64;
    match seconds {
        0..=44 => "just now".into(),
        45..=3_599 => format!("{} min ago", (seconds + 30) / 60),
        3_600..=86_399 => format!("{} h ago", seconds / 3_600),
        86_400..=604_799 => format!("{} d ago", seconds / 86_400),
        _ => date(ms),
    }
}

/// The date and time of `ms` in the browser's locale.
pub fn date_time(ms: i64) -> String {
    js_sys::Date::new(&(ms as f64).into())
        .to_locale_string("default", &js_sys::Object::new())
        .into()
}

/// The date of `ms` in the browser's locale.
pub fn date(ms: i64) -> String {
    js_sys::Date::new(&(ms as f64).into())
        .to_locale_date_string("default", &js_sys::Object::new())
        .into()
}

/// An ISO 8601 time as a local date and time (`—` when absent).
pub fn iso(iso: Option<&str>) -> String {
    match iso.map(Date::parse) {
        Some(ms) if !ms.is_nan() => date_time(ms as i64),
        _ => "—".into(),
    }
}

/// `1234567` → `1,234,567`.
pub fn count(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// `1 passage`, `3 passages`.
pub fn plural(n: i64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{} {noun}s", count(n))
    }
}

/// A ratio with two decimals at most (`1.5`, `0.67`, `3`).
pub fn ratio(x: f64) -> String {
    let rounded = (x * 100.0).round() / 100.0;
    let text = format!("{rounded:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// A share as a percentage (`0.875` → `88%`).
pub fn percent(x: f64) -> String {
    format!("{}%", (x * 100.0).round() as i64)
}

/// Who the visitor is, as far as the conversation says: their name, email or phone, else a
/// short form of the conversation id.
pub fn visitor(c: &ConversationSummary) -> String {
    let contact = c.contact_data.as_ref();
    contact
        .and_then(|d| {
            d.name
                .clone()
                .or_else(|| d.email.clone())
                .or_else(|| d.phone.clone())
        })
        .or_else(|| c.visitor_key.clone().map(String::from))
        .unwrap_or_else(|| {
            let tail: String =
                c.id.chars()
                    .rev()
                    .take(6)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
            format!("Visitor {tail}")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_ratios_read_well() {
        assert_eq!(count(0), "0");
        assert_eq!(count(1234567), "1,234,567");
        assert_eq!(count(-1000), "-1,000");
        assert_eq!(ratio(1.5), "1.5");
        assert_eq!(ratio(2.0 / 3.0), "0.67");
        assert_eq!(ratio(3.0), "3");
        assert_eq!(percent(0.875), "88%");
        assert_eq!(plural(1, "passage"), "1 passage");
        assert_eq!(plural(1200, "passage"), "1,200 passages");
    }
}
