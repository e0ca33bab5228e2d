//! A conversation's state as operators see and change it — who answers (the AI or a person),
//! whether the visitor waits for a person or is blocked, unread messages, what the visitor left
//! — kept as one record in the object, with the rules that change it. No runtime here.

use porthole_shared::inbox::{Assignee, Channel, ContactData, ConversationSummary, preview};
use porthole_shared::message::Mode;
use porthole_shared::{ChatId, WidgetToken};
use serde::{Deserialize, Deserializer, Serialize};

/// A block that lasts until lifted.
pub const FOREVER: i64 = i64::MAX;

/// The state record.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConvState {
    /// The bot (its widget token); `None` until the conversation starts.
    #[serde(deserialize_with = "blank_is_none")]
    pub token: Option<WidgetToken>,
    /// The chat id; `None` until the conversation starts.
    #[serde(deserialize_with = "blank_is_none")]
    pub chat_id: Option<ChatId>,
    /// Where it came from.
    pub channel: Channel,
    /// First activity (ms).
    pub started_at: i64,
    /// Latest visitor or operator activity (ms): the idle clock.
    pub last_activity: i64,
    /// Who answers.
    pub mode: Mode,
    /// The visitor asked for a person.
    pub waiting: bool,
    /// The operator who took over.
    pub assignee: Option<Assignee>,
    /// Blocked until then (ms; [`FOREVER`] until lifted).
    pub blocked_until: Option<i64>,
    /// Visitor messages no operator has read.
    pub unread: i64,
    /// Idle time after which a person's conversation returns to the AI (ms; none: never).
    pub idle_ms: Option<i64>,
    /// The visitor's browser id (a new chat from the same browser stays blocked).
    pub visitor_id: Option<porthole_shared::VisitorId>,
    /// Contact details the visitor left.
    pub contact: Option<ContactData>,
    /// The visitor's rating (1–5).
    pub rating: Option<u8>,
    /// The visitor's comment on the rating.
    pub rating_comment: Option<String>,
    /// `conversation:new` was announced.
    pub announced: bool,
    /// An operator resolved the conversation (the widget then asks for a rating); cleared when
    /// the visitor writes again.
    pub resolved: bool,
    /// API conversations: the integrator's visitor key.
    pub visitor_key: Option<porthole_shared::VisitorKey>,
    /// Calls the visitor asked for (seed 002's voice): the number and when (ms).
    pub calls: Vec<(String, i64)>,
    /// When the visitor asked for a person, until a person first writes to them (ms).
    pub asked_at: Option<i64>,
    /// The host's user id of a verified visitor ([`ConvState::identify`]).
    pub verified_user: Option<String>,
}

/// The refusal of a blocked visitor's message (403 `blocked`).
pub fn blocked() -> crate::web::error::ApiError {
    crate::web::error::ApiError::new(
        porthole_shared::ErrorCode::Blocked,
        "this conversation is closed to new messages",
    )
}

/// What a change touched, as `conversation:updated` names it.
pub type Changed = Vec<&'static str>;

/// A stored id, where an empty string (what records written before the ids were typed hold
/// for "not yet") or `null` is none. A stored id that is not one fails, as any bad record does.
fn blank_is_none<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<String, Error = porthole_shared::ids::IdError>,
{
    match Option::<String>::deserialize(d)? {
        Some(raw) if !raw.is_empty() => {
            T::try_from(raw).map(Some).map_err(serde::de::Error::custom)
        }
        _ => Ok(None),
    }
}

impl ConvState {
    /// The bot and the chat, once the conversation started.
    pub fn whose(&self) -> Option<(&WidgetToken, &ChatId)> {
        self.token.as_ref().zip(self.chat_id.as_ref())
    }

    /// Whether anything was ever recorded (the bot and chat are known).
    pub fn is_known(&self) -> bool {
        self.whose().is_some()
    }

    /// Whether the visitor is blocked at `now`.
    pub fn blocked(&self, now: i64) -> bool {
        self.blocked_until.is_some_and(|until| until > now)
    }

    /// Whether visitor messages wait for a person instead of starting an AI turn.
    pub fn for_a_person(&self) -> bool {
        self.mode == Mode::Operator || self.waiting
    }

    /// When the conversation returns to the AI if nobody acts before (ms), if it would.
    pub fn idle_deadline(&self) -> Option<i64> {
        if self.for_a_person() {
            self.idle_ms.map(|ms| self.last_activity.saturating_add(ms))
        } else {
            None
        }
    }

    /// A visitor message arrived at `now`.
    pub fn visitor_wrote(&mut self, now: i64) {
        self.unread += 1;
        self.last_activity = now;
        self.resolved = false;
    }

    /// The visitor wrote an email address in a message (`text`): it becomes their contact email
    /// when they left none (one they gave in a form is not replaced).
    pub fn email_in(&mut self, text: &str) -> Changed {
        if self.contact.as_ref().is_some_and(|c| c.email.is_some()) {
            return Changed::new();
        }
        let Some(email) = email_in_text(text) else {
            return Changed::new();
        };
        self.leave_contact(ContactData {
            email: Some(email),
            ..ContactData::default()
        })
    }

    /// The visitor left contact details (merged with what they left before).
    pub fn leave_contact(&mut self, given: ContactData) -> Changed {
        let mut contact = self.contact.clone().unwrap_or_default();
        contact.email = given.email.or(contact.email);
        contact.phone = given.phone.or(contact.phone);
        contact.name = given.name.or(contact.name);
        if self.contact.as_ref() == Some(&contact) {
            return Changed::new();
        }
        self.contact = Some(contact);
        vec!["contact"]
    }

    /// The host page said who the visitor is: `user` when its hash proved it (the conversation
    /// becomes that user's), `None` when unproven (the details count as typed by the visitor).
    /// Refused (`None`) when the conversation is another verified user's, or, for an unproven
    /// visitor, any verified user's: a browser cannot take a verified conversation over.
    pub fn identify(&mut self, user: Option<&str>, given: ContactData) -> Option<Changed> {
        match (self.verified_user.as_deref(), user) {
            (Some(mine), Some(theirs)) if mine != theirs => return None,
            (Some(_), None) => return None,
            _ => {}
        }
        let mut changed = Changed::new();
        if let Some(user) = user.filter(|u| self.verified_user.as_deref() != Some(*u)) {
            self.verified_user = Some(user.to_owned());
            changed.push("verified_user");
        }
        changed.extend(self.leave_contact(given));
        Some(changed)
    }

    /// The visitor rated the conversation; the rating it replaces.
    pub fn rate(&mut self, score: u8) -> (Changed, Option<u8>) {
        let before = self.rating.replace(score);
        let changed = if before == Some(score) {
            Changed::new()
        } else {
            vec!["rated"]
        };
        (changed, before)
    }

    /// The visitor commented on their rating.
    pub fn comment(&mut self, comment: String) -> Changed {
        if self.rating_comment.as_deref() == Some(comment.as_str()) {
            return Changed::new();
        }
        self.rating_comment = Some(comment);
        vec!["rated"]
    }

    /// An operator resolved the conversation: the AI answers again, and the widget asks for a
    /// rating.
    pub fn resolve(&mut self) -> Changed {
        let mut changed = self.hand_back();
        if !self.resolved {
            self.resolved = true;
            changed.push("resolved");
        }
        changed
    }

    /// `operator` takes the conversation over.
    pub fn take_over(&mut self, operator: Assignee, idle_ms: Option<i64>, now: i64) -> Changed {
        let mut changed = Changed::new();
        if self.mode != Mode::Operator {
            self.mode = Mode::Operator;
            changed.push("mode");
        }
        if self.waiting {
            self.waiting = false;
            changed.push("waiting");
        }
        if self.assignee.as_ref() != Some(&operator) {
            self.assignee = Some(operator);
            if !changed.contains(&"mode") {
                changed.push("mode");
            }
        }
        self.idle_ms = idle_ms;
        self.last_activity = now;
        changed
    }

    /// The AI answers again.
    pub fn hand_back(&mut self) -> Changed {
        let mut changed = Changed::new();
        if self.mode != Mode::Ai || self.assignee.is_some() {
            self.mode = Mode::Ai;
            self.assignee = None;
            changed.push("mode");
        }
        if self.waiting {
            self.waiting = false;
            changed.push("waiting");
        }
        changed
    }

    /// The visitor asks for a person (`true`) or no longer waits (`false`).
    pub fn ask_for_person(&mut self, waiting: bool, idle_ms: Option<i64>, now: i64) -> Changed {
        if self.mode == Mode::Operator || self.waiting == waiting {
            return Changed::new();
        }
        self.waiting = waiting;
        self.idle_ms = idle_ms;
        self.last_activity = now;
        if waiting {
            self.asked_at.get_or_insert(now);
        }
        vec!["waiting"]
    }

    /// A person writes to the visitor at `now`: how long the visitor waited, when this is the
    /// first answer to their asking for one.
    pub fn person_wrote(&mut self, now: i64) -> Option<i64> {
        self.asked_at.take().map(|at| (now - at).max(0))
    }

    /// If the idle time passed at `now`, the AI answers again.
    pub fn expire_idle(&mut self, now: i64) -> Changed {
        match self.idle_deadline() {
            Some(deadline) if deadline <= now => self.hand_back(),
            _ => Changed::new(),
        }
    }

    /// An operator read the conversation.
    pub fn mark_read(&mut self) -> Changed {
        if self.unread == 0 {
            return Changed::new();
        }
        self.unread = 0;
        vec!["read"]
    }

    /// Blocks the visitor until `until` (ms), or lifts the block (`None`).
    pub fn set_block(&mut self, until: Option<i64>) -> Changed {
        if self.blocked_until == until {
            return Changed::new();
        }
        self.blocked_until = until;
        vec!["blocked"]
    }

    /// The summary the list and events show, with the message counts from the store.
    pub fn summary(
        &self,
        (visitor_messages, messages, last): (i64, i64, String),
        now: i64,
    ) -> ConversationSummary {
        let text = |id: Option<&str>| id.unwrap_or_default().to_owned();
        ConversationSummary {
            id: text(self.chat_id.as_ref().map(ChatId::as_str)),
            number: self.whose().map_or(0, |(token, chat)| chat.number(token)),
            bot: text(self.token.as_ref().map(WidgetToken::as_str)),
            channel: self.channel,
            contact_data: self.contact.clone().filter(|c| !c.is_empty()),
            started_at: self.started_at,
            updated_at: self.last_activity.max(self.started_at),
            visitor_messages,
            messages,
            last_message: preview(&last),
            mode: self.mode,
            waiting: self.waiting,
            unread: self.unread,
            blocked: self.blocked(now),
            rating: self.rating,
            assignee: self.assignee.clone(),
            visitor_key: self.visitor_key.clone(),
            resolved: self.resolved,
            verified_user: self.verified_user.clone(),
        }
    }
}

/// The first email address written in `text` (a word with one `@` and a dotted domain, the
/// punctuation around it left out).
fn email_in_text(text: &str) -> Option<String> {
    text.split(|c: char| c.is_whitespace() || "<>()[],;\"'".contains(c))
        .filter(|word| word.contains('@'))
        .map(|word| word.trim_matches(|c: char| !c.is_alphanumeric()))
        .find_map(|word| porthole_shared::fields::Email::parse(word).ok())
        .map(|email| email.as_str().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jane() -> Assignee {
        Assignee {
            id: "op_1".into(),
            name: "Jane".into(),
            avatar: String::new(),
        }
    }

    #[test]
    fn a_record_reads_its_ids_typed_and_an_empty_one_as_not_yet() {
        let token = "0123456789abcdef0123456789abcdef";
        let stored = format!(r#"{{"token":"{token}","chat_id":"web_0123abcd","unread":2}}"#);
        let state: ConvState = serde_json::from_str(&stored).unwrap();
        assert_eq!(
            state.whose().map(|(t, c)| (t.as_str(), c.as_str())),
            Some((token, "web_0123abcd"))
        );
        assert_eq!(
            serde_json::from_str::<ConvState>(&serde_json::to_string(&state).unwrap()).unwrap(),
            state
        );
        // Records written while the ids were strings said "not yet" with "".
        let old: ConvState =
            serde_json::from_str(r#"{"token":"","chat_id":"","unread":1}"#).unwrap();
        assert!(!old.is_known());
        assert_eq!(old.unread, 1);
        assert!(
            serde_json::from_str::<ConvState>("{}")
                .unwrap()
                .whose()
                .is_none()
        );
        // A stored id that is not one is a bad record, not a silent "not yet".
        assert!(serde_json::from_str::<ConvState>(r#"{"token":"nope"}"#).is_err());
    }

    #[test]
    fn a_takeover_ends_waiting_and_names_both_changes() {
        let mut s = ConvState::default();
        assert_eq!(s.ask_for_person(true, Some(60_000), 0), ["waiting"]);
        assert!(s.for_a_person());
        assert_eq!(s.take_over(jane(), Some(60_000), 10), ["mode", "waiting"]);
        assert_eq!(s.mode, Mode::Operator);
        assert!(!s.waiting);
        assert!(
            s.take_over(jane(), Some(60_000), 20).is_empty(),
            "no change twice"
        );
    }

    #[test]
    fn an_idle_person_conversation_returns_to_the_ai_at_its_deadline() {
        let mut s = ConvState::default();
        s.take_over(jane(), Some(60_000), 1_000);
        assert_eq!(s.idle_deadline(), Some(61_000));
        assert!(s.expire_idle(60_999).is_empty());
        assert_eq!(s.expire_idle(61_000), ["mode"]);
        assert_eq!(s.mode, Mode::Ai);
        assert!(s.assignee.is_none());
        assert_eq!(s.idle_deadline(), None);
    }

    #[test]
    fn without_an_idle_setting_a_person_keeps_the_conversation() {
        let mut s = ConvState::default();
        s.take_over(jane(), None, 0);
        assert!(s.expire_idle(i64::MAX).is_empty());
    }

    #[test]
    fn asking_for_a_person_during_a_takeover_changes_nothing() {
        let mut s = ConvState::default();
        s.take_over(jane(), None, 0);
        assert!(s.ask_for_person(true, None, 1).is_empty());
        assert!(!s.waiting);
    }

    #[test]
    fn a_block_ends_at_its_time() {
        let mut s = ConvState::default();
        assert_eq!(s.set_block(Some(100)), ["blocked"]);
        assert!(s.blocked(99));
        assert!(!s.blocked(100));
        s.set_block(Some(FOREVER));
        assert!(s.blocked(i64::MAX - 1));
    }

    #[test]
    fn an_email_written_in_a_message_becomes_the_contact_unless_one_was_given() {
        let mut s = ConvState::default();
        assert!(s.email_in("no address here, just @mentions").is_empty());
        assert_eq!(
            s.email_in("Write me at Ana.Costa@Example.com."),
            vec!["contact"]
        );
        assert_eq!(
            s.contact.as_ref().and_then(|c| c.email.as_deref()),
            Some("ana.costa@example.com")
        );
        assert!(
            s.email_in("or (other@example.org)").is_empty(),
            "the first stays"
        );
    }

    #[test]
    fn contact_details_are_merged_and_a_repeat_changes_nothing() {
        let mut s = ConvState::default();
        let email = ContactData {
            email: Some("a@b.test".into()),
            ..ContactData::default()
        };
        assert_eq!(s.leave_contact(email.clone()), ["contact"]);
        assert!(s.leave_contact(email).is_empty());
        let phone = ContactData {
            phone: Some("+14165559999".into()),
            ..ContactData::default()
        };
        assert_eq!(s.leave_contact(phone), ["contact"]);
        let c = s.contact.unwrap();
        assert_eq!(
            (c.email.as_deref(), c.phone.as_deref()),
            (Some("a@b.test"), Some("+14165559999"))
        );
    }

    #[test]
    fn a_verified_conversation_stays_its_users() {
        let named = |n: &str| ContactData {
            name: Some(n.into()),
            ..ContactData::default()
        };
        let mut s = ConvState::default();
        assert_eq!(s.identify(None, named("Guess")), Some(vec!["contact"]));
        assert_eq!(
            s.identify(Some("u1"), named("Ann")),
            Some(vec!["verified_user", "contact"]),
            "an anonymous conversation becomes the user's"
        );
        assert_eq!(s.identify(Some("u1"), named("Ann")), Some(vec![]));
        assert_eq!(s.identify(Some("u2"), named("Bob")), None, "another user");
        assert_eq!(s.identify(None, named("Eve")), None, "an unproven visitor");
        assert_eq!(s.contact.unwrap().name.as_deref(), Some("Ann"));
    }

    #[test]
    fn a_new_rating_replaces_the_old_and_says_what_it_was() {
        let mut s = ConvState::default();
        assert_eq!(s.rate(4), (vec!["rated"], None));
        assert_eq!(s.rate(2), (vec!["rated"], Some(4)));
        assert_eq!(s.rate(2).0, Changed::new());
    }

    #[test]
    fn resolving_hands_back_and_the_next_visitor_message_reopens() {
        let mut s = ConvState::default();
        s.take_over(
            Assignee {
                id: "o".into(),
                name: "O".into(),
                avatar: String::new(),
            },
            None,
            0,
        );
        assert_eq!(s.resolve(), ["mode", "resolved"]);
        assert!(s.resolved);
        s.visitor_wrote(1);
        assert!(!s.resolved);
    }

    #[test]
    fn reading_clears_unread_once() {
        let mut s = ConvState::default();
        s.visitor_wrote(5);
        s.visitor_wrote(6);
        assert_eq!(s.unread, 2);
        assert_eq!(s.mark_read(), ["read"]);
        assert!(s.mark_read().is_empty());
    }
}
