//! Wire types of what a bot could not answer (`GET /api/admin/bots/{token}/gaps`): the
//! questions that got its fallback and the replies visitors voted down, grouped when they ask
//! the same thing — the owner's list of what to teach it next (content gaps).

use serde::{Deserialize, Serialize};

/// Most groups listed.
pub const GAPS_LISTED: usize = 200;
/// Most characters of a question kept.
pub const GAP_QUESTION_MAX_CHARS: usize = 500;

/// Why a question is listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GapKind {
    /// The bot said its fallback.
    Fallback,
    /// The visitor voted the reply down.
    Disliked,
}

/// Questions that ask the same thing, and how often they went unanswered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gap {
    /// What the group is known by (the question's words, as retrieval reads them).
    pub key: String,
    /// The latest wording.
    pub question: String,
    /// Its wordings, newest first (at most five).
    pub wordings: Vec<String>,
    /// Times asked and not answered (fallbacks and replies voted down).
    pub count: i64,
    /// Of them, the fallbacks.
    pub fallbacks: i64,
    /// Of them, the replies voted down.
    pub disliked: i64,
    /// When it was last asked (ISO 8601).
    pub last_at: String,
    /// The conversation it was last asked in.
    pub chat_id: String,
}

/// `GET /api/admin/bots/{token}/gaps` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GapList {
    /// Always `true`.
    pub success: bool,
    /// The groups, most recently asked first.
    pub gaps: Vec<Gap>,
}
