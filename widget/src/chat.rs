//! The conversation as the widget shows it, as a plain type: visitor messages, replies as they
//! stream in, and what went wrong. Components only read it; the controller changes it through
//! these methods.

use porthole_shared::message::Author;
use porthole_shared::visitor::Vote;
use porthole_shared::{Role, Source};

/// Why a reply could not be delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The network failed (offline, connection dropped).
    Network,
    /// Too many messages; retry after this many seconds, when known.
    RateLimited(Option<u64>),
    /// The bot is disabled.
    Paused,
    /// The visitor is blocked.
    Blocked,
    /// The service refused or failed, with its message.
    Service(String),
}

/// Where a reply stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Sent; nothing back yet (typing indicator).
    Waiting,
    /// Pieces are arriving.
    Streaming,
    /// Complete.
    Done,
    /// The visitor pressed stop.
    Stopped,
    /// It failed; the visitor may retry.
    Failed(Failure),
}

/// One message on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// Stable key for rendering.
    pub key: u64,
    /// Who wrote it.
    pub role: Role,
    /// Its text (Markdown for replies).
    pub text: String,
    /// The sources of a reply.
    pub sources: Vec<Source>,
    /// For replies: where they stand. Visitor messages are always `Done`.
    pub status: Status,
    /// The turn (client message id) it belongs to.
    pub turn: Option<String>,
    /// The service's id, once known.
    pub id: Option<String>,
    /// For operator messages: who wrote it.
    pub author: Option<Author>,
    /// The bot had no answer (its fallback): a person may help.
    pub fallback: bool,
    /// An image (its URL; a local preview while it uploads).
    pub image: Option<String>,
    /// How much of an image is sent (0–100), while it uploads.
    pub progress: Option<u8>,
    /// The visitor's vote on this reply.
    pub vote: Option<Vote>,
}

impl Message {
    /// A message of `role` with `text` and `status`, not yet in a chat.
    pub fn new(role: Role, text: impl Into<String>, status: Status) -> Self {
        Self {
            key: 0,
            role,
            text: text.into(),
            sources: Vec::new(),
            status,
            turn: None,
            id: None,
            author: None,
            fallback: false,
            image: None,
            progress: None,
            vote: None,
        }
    }
}

/// The conversation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Chat {
    messages: Vec<Message>,
    next_key: u64,
}

impl Chat {
    /// The messages, oldest first.
    pub fn messages(&self) -> &[Message] {
        &self.messages
    }

    /// The message with `key`.
    pub fn get(&self, key: u64) -> Option<&Message> {
        self.messages.iter().find(|m| m.key == key)
    }

    /// Adds a message (restored from history, or an operator's); returns its key.
    pub fn push(&mut self, mut message: Message) -> u64 {
        let key = self.next_key;
        self.next_key += 1;
        message.key = key;
        self.messages.push(message);
        key
    }

    /// Adds a message the service sent, unless one with its id is already shown.
    pub fn receive(&mut self, message: Message) -> bool {
        let known = message
            .id
            .as_deref()
            .is_some_and(|id| self.messages.iter().any(|m| m.id.as_deref() == Some(id)));
        if !known {
            self.push(message);
        }
        !known
    }

    /// The visitor sends `text` as turn `turn`: their message and a waiting reply.
    pub fn send(&mut self, text: &str, turn: &str) {
        for (role, status) in [
            (Role::User, Status::Done),
            (Role::Assistant, Status::Waiting),
        ] {
            let mut m = Message::new(role, if role == Role::User { text } else { "" }, status);
            m.turn = Some(turn.to_owned());
            self.push(m);
        }
    }

    /// No AI reply comes for `turn` (a person answers, or the visitor waits for one).
    pub fn no_reply(&mut self, turn: &str) {
        self.messages
            .retain(|m| !(m.role == Role::Assistant && m.turn.as_deref() == Some(turn)));
    }

    /// Notes the service's id of the reply of `turn`, and whether it was the bot's fallback.
    pub fn identify_reply(&mut self, turn: &str, id: Option<String>, fallback: bool) {
        if let Some(m) = self.reply_mut(turn) {
            m.id = id;
            m.fallback = fallback;
        }
    }

    fn reply_mut(&mut self, turn: &str) -> Option<&mut Message> {
        self.messages
            .iter_mut()
            .rev()
            .find(|m| m.role == Role::Assistant && m.turn.as_deref() == Some(turn))
    }

    /// Gives both messages of turn `from` the turn id `to` (a retry under a new id).
    pub fn retarget(&mut self, from: &str, to: &str) {
        for m in self
            .messages
            .iter_mut()
            .filter(|m| m.turn.as_deref() == Some(from))
        {
            m.turn = Some(to.to_owned());
        }
    }

    /// Clears the reply of `turn` so it can be streamed again from its first frame.
    pub fn restart(&mut self, turn: &str) {
        if let Some(m) = self.reply_mut(turn) {
            m.text.clear();
            m.sources.clear();
            m.status = Status::Waiting;
        }
    }

    /// Appends a piece to the reply of `turn`.
    pub fn chunk(&mut self, turn: &str, piece: &str) {
        if let Some(m) = self.reply_mut(turn)
            && matches!(m.status, Status::Waiting | Status::Streaming)
        {
            m.text.push_str(piece);
            m.status = Status::Streaming;
        }
    }

    /// Sets the sources of the reply of `turn`.
    pub fn sources(&mut self, turn: &str, sources: Vec<Source>) {
        if let Some(m) = self.reply_mut(turn) {
            m.sources = sources;
        }
    }

    /// The reply of `turn` is complete.
    pub fn done(&mut self, turn: &str) {
        if let Some(m) = self.reply_mut(turn)
            && m.status != Status::Stopped
        {
            m.status = Status::Done;
        }
    }

    /// The reply of `turn` failed.
    pub fn fail(&mut self, turn: &str, failure: Failure) {
        if let Some(m) = self.reply_mut(turn) {
            m.status = Status::Failed(failure);
        }
    }

    /// The visitor stopped the reply of `turn`; what arrived stays.
    pub fn stop(&mut self, turn: &str) {
        if let Some(m) = self.reply_mut(turn) {
            m.status = Status::Stopped;
        }
    }

    /// The turn whose reply is still coming, if any.
    pub fn pending_turn(&self) -> Option<String> {
        self.messages
            .iter()
            .rev()
            .find(|m| {
                m.role == Role::Assistant && matches!(m.status, Status::Waiting | Status::Streaming)
            })
            .and_then(|m| m.turn.clone())
    }

    /// The visitor's text of `turn`, for a retry.
    pub fn question_of(&self, turn: &str) -> Option<String> {
        self.messages
            .iter()
            .find(|m| m.role == Role::User && m.turn.as_deref() == Some(turn))
            .map(|m| m.text.clone())
    }

    /// Whether nothing has been said yet.
    pub fn is_empty(&self) -> bool {
        self.messages.is_empty()
    }

    /// Changes the message with `key`.
    pub fn edit(&mut self, key: u64, f: impl FnOnce(&mut Message)) {
        if let Some(m) = self.messages.iter_mut().find(|m| m.key == key) {
            f(m);
        }
    }

    /// Whether the bot has replied at least once.
    pub fn has_reply(&self) -> bool {
        self.messages
            .iter()
            .any(|m| m.role == Role::Assistant && !m.text.is_empty())
    }

    /// The highest service id of an operator message shown (the poll cursor).
    pub fn operator_cursor(&self) -> i64 {
        self.messages
            .iter()
            .filter(|m| m.role == Role::Operator)
            .filter_map(|m| m.id.as_deref()?.parse::<i64>().ok())
            .max()
            .unwrap_or(0)
    }

    /// The author of the latest operator message.
    pub fn last_operator(&self) -> Option<&Author> {
        self.messages
            .iter()
            .rev()
            .find(|m| m.role == Role::Operator)
            .and_then(|m| m.author.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sent_message_waits_then_streams_then_completes() {
        let mut chat = Chat::default();
        chat.send("Hi?", "m1");
        assert_eq!(chat.pending_turn().as_deref(), Some("m1"));
        assert_eq!(chat.messages()[1].status, Status::Waiting);
        chat.chunk("m1", "Hello ");
        chat.chunk("m1", "there.");
        assert_eq!(chat.messages()[1].text, "Hello there.");
        assert_eq!(chat.messages()[1].status, Status::Streaming);
        chat.done("m1");
        assert_eq!(chat.messages()[1].status, Status::Done);
        assert_eq!(chat.pending_turn(), None);
    }

    #[test]
    fn a_stopped_reply_keeps_its_text_and_ignores_late_pieces() {
        let mut chat = Chat::default();
        chat.send("Hi?", "m1");
        chat.chunk("m1", "Hel");
        chat.stop("m1");
        chat.chunk("m1", "lo");
        chat.done("m1");
        assert_eq!(chat.messages()[1].text, "Hel");
        assert_eq!(chat.messages()[1].status, Status::Stopped);
    }

    #[test]
    fn a_failed_reply_can_be_retried_with_its_question() {
        let mut chat = Chat::default();
        chat.send("Where are you?", "m1");
        chat.fail("m1", Failure::Network);
        assert_eq!(chat.question_of("m1").as_deref(), Some("Where are you?"));
        chat.restart("m1");
        assert_eq!(chat.pending_turn().as_deref(), Some("m1"));
    }

    #[test]
    fn a_message_the_service_sent_twice_is_shown_once() {
        let mut chat = Chat::default();
        let mut m = Message::new(Role::Operator, "Hi, Jane here.", Status::Done);
        m.id = Some("7".into());
        assert!(chat.receive(m.clone()));
        assert!(!chat.receive(m));
        assert_eq!(chat.messages().len(), 1);
        assert_eq!(chat.operator_cursor(), 7);
    }

    #[test]
    fn when_a_person_answers_the_waiting_reply_goes_away() {
        let mut chat = Chat::default();
        chat.send("Anyone?", "m1");
        chat.no_reply("m1");
        assert_eq!(chat.messages().len(), 1);
        assert_eq!(chat.pending_turn(), None);
    }

    #[test]
    fn keys_are_unique() {
        let mut chat = Chat::default();
        chat.send("a", "1");
        chat.send("b", "2");
        let mut keys: Vec<_> = chat.messages().iter().map(|m| m.key).collect();
        keys.dedup();
        assert_eq!(keys.len(), 4);
    }
}
