//! The owners' daily digest: each morning (the cron trigger in `wrangler.toml`, 07:00 UTC) every
//! owner who wants it (`alerts.digest`) gets one email with the last 24 hours of each bot:
//! conversations, visitors who asked for a person, those still waiting now, how fast a person
//! answered, ratings. A day with nothing on any bot sends nothing.
//!
//! Locally `wrangler dev --test-scheduled` runs it at `/__scheduled` (the tests do; its
//! `/cdn-cgi/handler/scheduled` fails on this Worker's entrypoint class with a `DataCloneError`);
//! on Cloudflare, from the trigger.

use crate::objects::hub::{self, BotDay, Day, DayQuery};
use crate::people::alerts::{note, recipients};
use crate::people::mail::Mailer;
use crate::platform::clock::iso;
use crate::web::error::ApiResult;
use worker::Env;

/// A day's length.
const DAY_MS: i64 = 86_400_000;

/// One bot's lines.
fn lines(name: &str, d: &BotDay) -> String {
    let mut parts = vec![format!(
        "{} conversation{}",
        d.conversations,
        if d.conversations == 1 { "" } else { "s" }
    )];
    parts.push(format!("{} asked for a person", d.handoffs));
    if d.responses > 0 {
        let minutes = (d.response_ms / d.responses + 59_999) / 60_000;
        parts.push(format!("a person answered in {minutes} min on average"));
    }
    if d.ratings > 0 {
        parts.push(format!(
            "{} rating{}, {:.1} of 5 on average",
            d.ratings,
            if d.ratings == 1 { "" } else { "s" },
            d.rating_sum as f64 / d.ratings as f64
        ));
    }
    let mut text = format!("{name}: {}.", parts.join(", "));
    if d.waiting > 0 {
        text.push_str(&format!(
            "\n  Unanswered: {} visitor{} still waiting for a person.",
            d.waiting,
            if d.waiting == 1 { " is" } else { "s are" }
        ));
    }
    text
}

/// The digest's subject and text for the day ending at `to`, or `None` when nothing happened.
pub fn compose(day: &Day, names: &[(String, String)], to: i64) -> Option<(String, String)> {
    let busy: Vec<&BotDay> = day
        .bots
        .iter()
        .filter(|d| d.conversations > 0 || d.waiting > 0 || d.messages > 0)
        .collect();
    if busy.is_empty() {
        return None;
    }
    let date = iso(to - DAY_MS);
    let subject = format!("Your bots' day: {}", &date[..10]);
    let mut text = String::from("The last 24 hours on your bots:\n");
    for d in busy {
        let name = names
            .iter()
            .find(|(token, _)| token == &d.bot)
            .map_or(d.bot.as_str(), |(_, n)| n.as_str());
        text.push('\n');
        text.push_str(&lines(name, d));
    }
    if let Some(origin) = &day.origin {
        text.push_str(&format!("\n\nThe inbox: {origin}/console/inbox"));
    }
    Some((subject, text))
}

/// Sends the digest for the 24 hours before `now` to the owners who want it.
pub async fn run(env: &Env, now: i64) -> ApiResult<()> {
    let Some(mailer) = Mailer::of(env) else {
        return Ok(());
    };
    let query = DayQuery {
        from: now - DAY_MS,
        to: now,
    };
    let day = hub::ask(env, query).await?;
    let names = crate::bots::list(env).await?;
    let Some((subject, text)) = compose(&day, &names, now) else {
        return Ok(());
    };
    let owners = recipients(env, None, true, |a| a.digest, &[]).await?;
    note(
        env,
        &mailer,
        day.origin.as_deref(),
        &owners,
        &subject,
        &text,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_digest_names_each_busy_bot_and_skips_a_quiet_day() {
        let day = Day {
            origin: Some("https://x.test".into()),
            bots: vec![
                BotDay {
                    bot: "a".into(),
                    conversations: 3,
                    messages: 9,
                    handoffs: 2,
                    responses: 1,
                    response_ms: 90_000,
                    ratings: 2,
                    rating_sum: 9,
                    waiting: 1,
                },
                BotDay {
                    bot: "b".into(),
                    ..Default::default()
                },
            ],
        };
        let names = vec![("a".to_owned(), "Harbor".to_owned())];
        let (subject, text) = compose(&day, &names, 2 * DAY_MS).unwrap();
        assert_eq!(subject, "Your bots' day: 1970-01-02");
        assert!(text.contains("Harbor: 3 conversations, 2 asked for a person, a person answered in 2 min on average, 2 ratings, 4.5 of 5 on average."));
        assert!(text.contains("Unanswered: 1 visitor is still waiting"));
        assert!(!text.contains("\nb:"));
        let quiet = Day {
            bots: vec![BotDay::default()],
            ..Default::default()
        };
        assert!(compose(&quiet, &names, DAY_MS).is_none());
    }
}
