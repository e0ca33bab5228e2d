//! Emails to operators: a visitor waiting for a person, or contact details left, while nobody
//! who answers the bot had the inbox open (the hub decides when: [`crate::objects::hub`]'s
//! alerts), and the owners' daily digest ([`crate::people::digest`]). Each goes only to those who can
//! see the bot, want that email (their settings, `PATCH /api/auth/me {"alerts"}`), and have no
//! dashboard open, through [`crate::people::mail::Mailer`] (nothing without the deployment's email).

use crate::objects::directory;
use crate::people::mail::{Letter, Mailer};
use crate::web::error::ApiResult;
use porthole_shared::inbox::ConversationSummary;
use porthole_shared::operators::{EmailAlerts, Identity, OperatorRole};
use porthole_shared::{ChatId, Role, WidgetToken};
use worker::Env;

/// One alert: what happened in a conversation (one email however much did).
#[derive(Debug, Clone)]
pub struct Alert {
    /// The visitor asked for a person and still waits.
    pub handoff: bool,
    /// The visitor left contact details.
    pub contact: bool,
    pub summary: ConversationSummary,
}

impl Alert {
    /// Whether someone with `alerts` wants to hear of it.
    fn wanted_by(&self, alerts: &EmailAlerts) -> bool {
        (self.handoff && alerts.handoff) || (self.contact && alerts.contact)
    }
}

/// Someone an email goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub email: String,
    pub name: String,
}

/// Who gets an email: operators (and the admin token's owner, when they gave an address) who
/// see `bot` (any bot: `None`), are owners when `owners_only`, want it, and are not `online`.
pub async fn recipients(
    env: &Env,
    bot: Option<&str>,
    owners_only: bool,
    wants: impl Fn(&EmailAlerts) -> bool,
    online: &[String],
) -> ApiResult<Vec<Recipient>> {
    let operators = directory::ask(env, directory::Operators).await?;
    let owner = directory::ask(env, directory::GetOwner).await?;
    let sees = |role: OperatorRole, bots: &[String]| {
        role == OperatorRole::Owner
            || (!owners_only && bot.is_none_or(|b| bots.iter().any(|x| x == b)))
    };
    let mut out: Vec<Recipient> = operators
        .into_iter()
        .filter(|o| sees(o.role, &o.bots) && wants(&o.alerts) && !online.contains(&o.id))
        .map(|o| Recipient {
            email: o.email,
            name: o.name,
        })
        .collect();
    if !owner.email.is_empty() && wants(&owner.alerts) && !online.contains(&Identity::owner().id) {
        out.push(Recipient {
            email: owner.email,
            name: owner.name,
        });
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|r| seen.insert(r.email.clone()));
    Ok(out)
}

/// Who the visitor is, as far as they said.
fn visitor(summary: &ConversationSummary) -> String {
    let contact = summary.contact_data.as_ref();
    match (
        contact.and_then(|c| c.name.clone()),
        contact.and_then(|c| c.email.clone()),
    ) {
        (Some(name), Some(email)) => format!("{name} <{email}>"),
        (Some(name), None) => name,
        (None, Some(email)) => email,
        (None, None) => "A visitor".to_owned(),
    }
}

/// What the visitor wrote last (up to three messages, oldest first), from the conversation.
async fn visitor_words(env: &Env, token: &WidgetToken, chat: &str) -> Vec<String> {
    let Ok(chat) = ChatId::parse(chat) else {
        return Vec::new();
    };
    let history =
        crate::objects::conversation::ask(env, token, &chat, crate::objects::conversation::History);
    let Ok(history) = history.await else {
        return Vec::new();
    };
    let mut words: Vec<String> = history
        .messages
        .iter()
        .rev()
        .filter(|m| m.role == Role::User && !m.content.trim().is_empty())
        .take(3)
        .map(|m| porthole_shared::inbox::preview(&m.content))
        .collect();
    words.reverse();
    words
}

/// The subject and text of an alert for bot `bot_name`, with what the visitor wrote last;
/// `link`: the conversation in the console.
pub fn compose(
    alert: &Alert,
    bot_name: &str,
    words: &[String],
    link: Option<&str>,
) -> (String, String) {
    let who = visitor(&alert.summary);
    let (subject, what) = match alert.handoff {
        true => (
            format!("{bot_name}: {who} is waiting for a person"),
            format!(
                "{who} asked {bot_name} for a person, and nobody who answers it had the inbox open."
            ),
        ),
        false => (
            format!("{bot_name}: {who} left their contact details"),
            format!(
                "{who} left their contact details with {bot_name} while nobody had the inbox open."
            ),
        ),
    };
    let mut text = what;
    if !words.is_empty() {
        text.push_str("\n\nThey wrote:");
        for w in words {
            text.push_str(&format!("\n“{w}”"));
        }
    }
    if let Some(c) = &alert.summary.contact_data {
        for (label, value) in [("Name", &c.name), ("Email", &c.email), ("Phone", &c.phone)] {
            if let Some(value) = value {
                text.push_str(&format!("\n{label}: {value}"));
            }
        }
    }
    match link {
        Some(link) => text.push_str(&format!("\n\nAnswer in the inbox: {link}")),
        None => text.push_str("\n\nAnswer in the console's inbox."),
    }
    if alert
        .summary
        .contact_data
        .as_ref()
        .is_some_and(|c| c.email.is_some())
    {
        text.push_str("\nIf they have left the page, your reply reaches them by email.");
    }
    (subject, text)
}

/// The footer's words and where an operator chooses their emails.
fn settings_line(origin: Option<&str>) -> String {
    match origin {
        Some(o) => format!("Choose which emails you get: {o}/console/profile\n\nNo more emails from this console"),
        None => "Choose which emails you get in the console (your profile)\n\nNo more emails from this console".to_owned(),
    }
}

/// Sends each alert to the operators who should get it (none for a bot whose email is off).
pub async fn send(
    env: &Env,
    origin: Option<&str>,
    online: &[String],
    alerts: &[Alert],
) -> ApiResult<()> {
    let Some(mailer) = Mailer::of(env) else {
        return Ok(());
    };
    for alert in alerts {
        let Ok(token) = porthole_shared::WidgetToken::parse(&alert.summary.bot) else {
            continue;
        };
        // The bot's email switch governs every email about it, operators' alerts included.
        let Some(config) = crate::bots::find(env, &token)
            .await?
            .filter(|c| c.email_replies)
        else {
            continue;
        };
        let wants = |a: &EmailAlerts| alert.wanted_by(a);
        let to = recipients(env, Some(&alert.summary.bot), false, wants, online).await?;
        if to.is_empty() {
            continue;
        }
        let link = origin.map(|o| {
            format!(
                "{o}/console/inbox/{}/{}",
                alert.summary.bot, alert.summary.id
            )
        });
        let words = visitor_words(env, &token, &alert.summary.id).await;
        let (subject, text) = compose(alert, config.bot_name.as_str(), &words, link.as_deref());
        note(env, &mailer, origin, &to, &subject, &text).await?;
    }
    Ok(())
}

/// Sends one note to each of `to`, with the line on choosing one's emails and the one-click
/// unsubscribe (links on `origin`, the service's public origin when known).
pub async fn note(
    env: &Env,
    mailer: &Mailer,
    origin: Option<&str>,
    to: &[Recipient],
    subject: &str,
    text: &str,
) -> ApiResult<()> {
    let footer = settings_line(origin);
    for r in to {
        let letter = Letter {
            base: origin.unwrap_or_default(),
            to: &r.email,
            subject,
            text,
            footer: &footer,
        };
        mailer.send(env, &letter, None).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use porthole_shared::inbox::ContactData;

    #[test]
    fn an_alert_says_who_waits_and_where_to_answer() {
        let summary = ConversationSummary {
            bot: "b".into(),
            id: "web_1".into(),
            last_message: "Can a person call me?".into(),
            contact_data: Some(ContactData {
                email: Some("ann@example.com".into()),
                name: Some("Ann".into()),
                phone: None,
            }),
            waiting: true,
            ..Default::default()
        };
        let alert = Alert {
            handoff: true,
            contact: true,
            summary,
        };
        assert!(alert.wanted_by(&EmailAlerts {
            handoff: false,
            ..EmailAlerts::default()
        }));
        assert!(
            !Alert {
                contact: false,
                ..alert.clone()
            }
            .wanted_by(&EmailAlerts {
                handoff: false,
                ..EmailAlerts::default()
            })
        );
        let words = vec!["Can a person call me?".to_owned()];
        let (subject, text) = compose(
            &alert,
            "Harbor",
            &words,
            Some("https://x.test/console/inbox/b/web_1"),
        );
        assert_eq!(
            subject,
            "Harbor: Ann <ann@example.com> is waiting for a person"
        );
        assert!(text.contains("They wrote:\n“Can a person call me?”"));
        assert!(text.contains("Email: ann@example.com"));
        assert!(text.contains("Answer in the inbox: https://x.test/console/inbox/b/web_1"));
        assert!(text.contains("reaches them by email"));
    }
}
