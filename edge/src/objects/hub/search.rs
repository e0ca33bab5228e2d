//! Finding any conversation: a full-text index of every message and every conversation's contact
//! details, kept by the hub as the announcements arrive (one FTS5 row per message, one per
//! contact), searched together with the inbox index's filters.
//!
//! Text is indexed as tokens: words lowercased without accents, CJK runs as overlapping
//! character pairs (so a two-character Chinese word is found inside a sentence without a word
//! breaker). A query is read the same way: every word must appear (the last one as a prefix,
//! so results come while typing), each CJK run as a phrase of its pairs.

use super::Hub;
use crate::knowledge::terms::{Piece, bigrams, fold, pieces};
use crate::objects::sql::{exec, rows};
use crate::web::error::ApiResult;
use porthole_shared::events::Event;
use porthole_shared::inbox::{ContactData, SearchHit};
use serde::Deserialize;

/// The index's table: `tokens` is searched; the rest says where a row comes from.
pub(super) const SEARCH_TABLE: &str = "CREATE VIRTUAL TABLE IF NOT EXISTS search USING fts5(
    tokens, bot UNINDEXED, chat UNINDEXED, message UNINDEXED, role UNINDEXED, at UNINDEXED,
    text UNINDEXED, tokenize = 'unicode61')";

/// Characters of a hit's snippet around the first match.
const SNIPPET_CHARS: usize = 160;

/// `text` as the index stores it: tokens separated by spaces.
pub fn tokens(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for piece in pieces(text) {
        match piece {
            Piece::Word(w) | Piece::TimePart(w) => out.push(fold(&w)),
            Piece::Cjk(run) => out.extend(bigrams(&run)),
        }
    }
    out.join(" ")
}

/// The FTS5 query of what an operator typed (`None`: nothing to search for).
pub fn query(typed: &str) -> Option<String> {
    let mut terms: Vec<String> = Vec::new();
    let parts = pieces(typed);
    let last = parts.len().saturating_sub(1);
    for (i, piece) in parts.into_iter().enumerate() {
        match piece {
            Piece::Word(w) | Piece::TimePart(w) => {
                let star = if i == last { "*" } else { "" };
                terms.push(format!("\"{}\"{star}", fold(&w).replace('"', "")));
            }
            Piece::Cjk(run) if run.len() == 1 => terms.push(format!("\"{}\"*", run[0])),
            Piece::Cjk(run) => terms.push(format!("\"{}\"", bigrams(&run).join(" "))),
        }
    }
    (!terms.is_empty()).then(|| terms.join(" AND "))
}

/// A hit's snippet: the text around the first word of the query found in it.
pub fn snippet(text: &str, typed: &str) -> String {
    // Lowercasing may change a character's length ('İ' is two in lowercase): each byte of the
    // lowercase text remembers the character of `text` it came from.
    let mut lower = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        lower.extend(c.to_lowercase());
        origin.resize(lower.len(), i);
    }
    let first = typed
        .split_whitespace()
        .filter_map(|w| lower.find(&w.to_lowercase()))
        .min()
        .unwrap_or(0);
    let chars: Vec<char> = text.chars().collect();
    let at = origin.get(first).copied().unwrap_or(0);
    let start = at.saturating_sub(SNIPPET_CHARS / 3);
    let end = (start + SNIPPET_CHARS).min(chars.len());
    let mut out: String = chars[start..end].iter().collect();
    if start > 0 {
        out.insert(0, '…');
    }
    if end < chars.len() {
        out.push('…');
    }
    out
}

fn contact_text(contact: Option<&ContactData>) -> String {
    contact
        .map(|c| {
            [&c.name, &c.email, &c.phone]
                .into_iter()
                .flatten()
                .cloned()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default()
}

impl Hub {
    /// Adds what an announcement says to the search index: a finished message, or the
    /// conversation's contact details when they changed (`known`: the ones indexed so far).
    pub(super) fn index_text(&self, event: &Event, known: &str) -> ApiResult<String> {
        let summary = match event {
            Event::ConversationNew(c) | Event::ConversationQualified(c) => c,
            Event::ConversationUpdated(u) => &u.conversation,
            Event::MessageNew(m) => {
                if m.message.status == porthole_shared::message::MessageStatus::Complete
                    && !m.message.content.trim().is_empty()
                {
                    exec(
                        &self.sql,
                        "INSERT INTO search (tokens, bot, chat, message, role, at, text)
                         VALUES (?, ?, ?, ?, ?, ?, ?)",
                        vec![
                            tokens(&m.message.content).into(),
                            m.bot.clone().into(),
                            m.conversation_id.clone().into(),
                            m.message.id.clone().into(),
                            m.message.role.as_str().into(),
                            m.message.created_at.into(),
                            m.message.content.clone().into(),
                        ],
                    )?;
                }
                &m.conversation
            }
            Event::CampaignProgress(_) => return Ok(known.to_owned()),
        };
        let contact = contact_text(summary.contact_data.as_ref());
        if contact != known {
            exec(
                &self.sql,
                "DELETE FROM search WHERE chat = ? AND bot = ? AND role = 'contact'",
                vec![summary.id.clone().into(), summary.bot.clone().into()],
            )?;
            if !contact.is_empty() {
                exec(
                    &self.sql,
                    "INSERT INTO search (tokens, bot, chat, message, role, at, text)
                     VALUES (?, ?, ?, '', 'contact', ?, ?)",
                    vec![
                        tokens(&contact).into(),
                        summary.bot.clone().into(),
                        summary.id.clone().into(),
                        summary.started_at.into(),
                        contact.clone().into(),
                    ],
                )?;
            }
        }
        Ok(contact)
    }

    /// Forgets an erased conversation's text.
    pub(super) fn unindex_text(&self, bot: &str, chat: &str) -> ApiResult<()> {
        exec(
            &self.sql,
            "DELETE FROM search WHERE chat = ? AND bot = ?",
            vec![chat.into(), bot.into()],
        )
    }

    /// The hits of `typed` in the conversations `ids` (their newest matching message, or the
    /// contact).
    pub(super) fn hits(&self, fts: &str, typed: &str, ids: &[String]) -> ApiResult<Vec<SearchHit>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        #[derive(Deserialize)]
        struct Row {
            chat: String,
            message: String,
            role: String,
            text: String,
        }
        let marks = vec!["?"; ids.len()].join(", ");
        let mut binds = vec![fts.to_owned().into()];
        binds.extend(ids.iter().map(|i| i.clone().into()));
        let found: Vec<Row> = rows(
            &self.sql,
            &format!(
                "SELECT chat, message, role, text, max(at) AS at FROM search
                 WHERE search MATCH ? AND chat IN ({marks}) GROUP BY chat"
            ),
            binds,
        )?;
        Ok(found
            .into_iter()
            .map(|r| SearchHit {
                conversation_id: r.chat,
                message_id: (!r.message.is_empty()).then_some(r.message),
                role: r.role,
                snippet: snippet(&r.text, typed),
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_queries_are_read_alike() {
        assert_eq!(
            tokens("Où est mon REMBOURSEMENT?"),
            "ou est mon remboursement"
        );
        assert_eq!(tokens("我想退款"), "我想 想退 退款");
        assert_eq!(
            query("refund card").as_deref(),
            Some("\"refund\" AND \"card\"*")
        );
        assert_eq!(query("退款").as_deref(), Some("\"退款\""));
        assert_eq!(query("退款多久").as_deref(), Some("\"退款 款多 多久\""));
        assert_eq!(query("  ?! ").as_deref(), None);
        assert_eq!(query("say \"hi\"").as_deref(), Some("\"say\" AND \"hi\"*"));
    }

    #[test]
    fn a_snippet_shows_the_match() {
        let long = format!(
            "{} the refund arrives in five days {}",
            "x ".repeat(200),
            "y ".repeat(200)
        );
        let s = snippet(&long, "refund");
        assert!(
            s.starts_with('…') && s.ends_with('…') && s.contains("the refund arrives"),
            "{s}"
        );
        assert_eq!(snippet("short text", "none"), "short text");
        // A character longer in lowercase before the match: no slicing inside a character.
        let turkish = format!("{}İstanbul refund desk", "İ".repeat(80));
        assert!(snippet(&turkish, "refund").contains("refund desk"));
    }
}
