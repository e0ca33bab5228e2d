//! Wire types of the admin API (site owners, `Authorization: Bearer <ADMIN_TOKEN>`): bots,
//! knowledge documents and conversations.

use crate::config::{BotConfig, Bounded, OptionalUrl};
use serde::{Deserialize, Serialize};

/// Most characters one knowledge document may hold (larger → 413).
pub const DOCUMENT_MAX_CHARS: usize = 500_000;
/// Most characters a bot's whole knowledge base may hold (more → 413).
pub const KNOWLEDGE_MAX_CHARS: u64 = 20_000_000;
/// Most documents a bot may have (more → 400).
pub const KNOWLEDGE_MAX_DOCUMENTS: u64 = 2_000;
/// Largest admin request body (a document upload), in bytes.
pub const ADMIN_BODY_MAX_BYTES: usize = 2 * 1024 * 1024;

/// The format of a document's text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocumentFormat {
    /// Decide from the text: HTML when it looks like markup, else Markdown.
    #[default]
    Auto,
    /// Plain text.
    Text,
    /// Markdown (headings become sections).
    Markdown,
    /// HTML (tags stripped, headings kept as sections).
    Html,
}

/// `POST /api/admin/bots/{token}/documents` body. A document whose `url` matches an existing
/// one replaces it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentInput {
    /// Title shown with citations.
    pub title: Bounded<1, 200>,
    /// Where the document lives (shown as the citation link), or `""`.
    #[serde(default)]
    pub url: OptionalUrl,
    /// The content.
    pub text: String,
    /// How to read `text`.
    #[serde(default)]
    pub format: DocumentFormat,
}

/// A stored document, as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentSummary {
    /// Id within the bot.
    pub id: i64,
    /// Title.
    pub title: String,
    /// URL or `""`.
    pub url: String,
    /// Format it was read as.
    pub format: DocumentFormat,
    /// Characters of text after conversion.
    pub chars: i64,
    /// Number of chunks it was split into.
    pub chunks: i64,
    /// When it was first added (ISO 8601).
    pub created_at: String,
    /// When it was last replaced (ISO 8601).
    pub updated_at: String,
}

/// What the service knows of a bot beyond its config.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BotStatus {
    /// Last widget ping (ISO 8601), if any.
    pub widget_last_seen_at: Option<String>,
    /// Host of the page of the last ping, if known.
    pub widget_last_domain: Option<String>,
    /// Knowledge documents.
    pub documents: i64,
    /// Knowledge chunks.
    pub chunks: i64,
    /// Conversations started.
    pub conversations: i64,
}

/// A bot as the admin API returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BotRecord {
    /// Always `true`.
    pub success: bool,
    /// The widget token.
    pub token: String,
    /// Its configuration.
    pub config: BotConfig,
    /// Activity and knowledge counts (absent right after creation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<BotStatus>,
}
