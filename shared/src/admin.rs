//! Wire types of the admin API (site owners, `Authorization: Bearer <ADMIN_TOKEN>`): bots,
//! knowledge documents and conversations.

use crate::config::BotConfig;
use crate::fields::{Bounded, OptionalUrl};
use serde::{Deserialize, Serialize};

/// Most characters one knowledge document may hold (larger → 413).
pub const DOCUMENT_MAX_CHARS: usize = 500_000;
/// Most characters a bot's whole knowledge base may hold (more → 413).
pub const KNOWLEDGE_MAX_CHARS: u64 = 20_000_000;
/// Most documents a bot may have (more → 400).
pub const KNOWLEDGE_MAX_DOCUMENTS: u64 = 2_000;
/// Largest admin request body (a document upload), in bytes.
pub const ADMIN_BODY_MAX_BYTES: usize = 2 * 1024 * 1024;
/// Largest PDF or Word file, in bytes (larger → 413).
pub const DOCUMENT_FILE_MAX_BYTES: usize = 5 * 1024 * 1024;
/// Largest document upload request: a file of [`DOCUMENT_FILE_MAX_BYTES`] in base64, with room
/// for the JSON around it.
pub const DOCUMENT_BODY_MAX_BYTES: usize = DOCUMENT_FILE_MAX_BYTES / 3 * 4 + 64 * 1024;

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
    /// A PDF file (`file`): its text, page by page, each chunk citing its page.
    Pdf,
    /// A Word file (`.docx`, `file`): its text with its headings, lists and tables.
    Docx,
}

impl DocumentFormat {
    /// Whether documents of this format come as a file (`file`), not as text.
    pub fn is_file(self) -> bool {
        matches!(self, Self::Pdf | Self::Docx)
    }
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
    /// The content (`""` for a file).
    #[serde(default)]
    pub text: String,
    /// How to read `text` (or `file`).
    #[serde(default)]
    pub format: DocumentFormat,
    /// For `pdf` and `docx`: the file's bytes, base64 (at most [`DOCUMENT_FILE_MAX_BYTES`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

/// A document id from a path: the digits of a positive number and nothing else (no sign, no
/// leading zero, no `x`), so `1x2`, `+12` and `012` name no document rather than document 12.
pub fn parse_document_id(raw: &str) -> Option<i64> {
    let canonical =
        !raw.is_empty() && !raw.starts_with('0') && raw.bytes().all(|b| b.is_ascii_digit());
    canonical.then(|| raw.parse().ok()).flatten()
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
    /// Curated answers.
    #[serde(default)]
    pub answers: i64,
    /// Knowledge chunks.
    pub chunks: i64,
    /// Conversations started.
    pub conversations: i64,
    /// How its knowledge is retrieved.
    #[serde(default)]
    pub retrieval: RetrievalStatus,
}

/// How a bot's knowledge is retrieved: by its words alone, or by words and meaning (its
/// chunks' embeddings).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetrievalStatus {
    /// `hybrid` (words and meaning) or `lexical` (words only).
    pub mode: RetrievalMode,
    /// The embedding model (`provider:model`), when the bot has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Chunks embedded with that model so far (the others are found by their words alone).
    pub embedded: i64,
    /// Why embedding last failed, when it did (retried in the background).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// See [`RetrievalStatus::mode`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RetrievalMode {
    /// Words only: no embeddings provider (or none of its vectors yet).
    #[default]
    Lexical,
    /// Words and meaning.
    Hybrid,
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

/// `GET /api/admin/bots` item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BotListItem {
    /// The widget token.
    pub token: String,
    /// The bot's public id.
    pub id: String,
    /// Its name.
    pub bot_name: String,
}

/// `GET /api/admin/bots` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BotList {
    /// Always `true`.
    pub success: bool,
    /// The bots the caller may see.
    pub bots: Vec<BotListItem>,
}

/// `GET /api/admin/bots/{token}/documents` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentList {
    /// Always `true`.
    pub success: bool,
    /// The documents, oldest first.
    pub documents: Vec<DocumentSummary>,
}

/// `GET /api/admin/bots/{token}/documents/{id}` answer: the document and its text as the
/// knowledge keeps it (a web page's headings marked ` {#id}`, a PDF's pages parted by form
/// feeds).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentDetail {
    /// Always `true`.
    pub success: bool,
    /// The document.
    pub document: DocumentSummary,
    /// Its text.
    pub text: String,
}

/// `POST /api/admin/bots/{token}/documents` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentAdded {
    /// Always `true`.
    pub success: bool,
    /// Whether a document with the same URL was replaced.
    pub replaced: bool,
    /// The stored document.
    pub document: DocumentSummary,
}

/// `POST /api/admin/bots/{token}/keys {"name"}` body.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewApiKey {
    /// What the key is for (1–80 characters).
    pub name: Bounded<1, 80>,
}

/// An API key as listed (never the key itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKeyInfo {
    /// The key's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its first characters, to recognize it.
    pub prefix: String,
    /// When it was made (ISO 8601).
    pub created_at: String,
    /// When it was last used (ISO 8601), to the minute.
    pub last_used_at: Option<String>,
}

/// `POST /api/admin/bots/{token}/keys` answer: the key, shown this once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKeyCreated {
    /// Always `true`.
    pub success: bool,
    /// The key: keep it now, it is not shown again.
    pub key: String,
    /// Its record.
    #[serde(flatten)]
    pub info: ApiKeyInfo,
}

/// `GET /api/admin/bots/{token}/keys` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKeyList {
    /// Always `true`.
    pub success: bool,
    /// The bot's keys, oldest first.
    pub keys: Vec<ApiKeyInfo>,
}

/// `GET`/`PUT /api/admin/bots/{token}/webhook` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookSettings {
    /// Always `true`.
    pub success: bool,
    /// Where replies of API conversations go (`""`: nowhere).
    pub url: String,
    /// The key of `X-Porthole-Signature: sha256=<hex HMAC-SHA256 of the body>`.
    pub secret: String,
}

/// `PUT /api/admin/bots/{token}/webhook` body.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookInput {
    /// The receiver's URL (`""` turns deliveries off).
    pub url: OptionalUrl,
    /// Make a new signing key.
    #[serde(default)]
    pub rotate_secret: bool,
}

/// Where a webhook delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeliveryStatus {
    /// Not yet received: tried again at `next_attempt_at`.
    Pending,
    /// The receiver answered 2xx.
    Delivered,
    /// Given up after the last retry.
    Failed,
}

// An unknown stored status reads as failed: it is not tried again.
named!(DeliveryStatus, fallback Failed, {
    Pending => "pending",
    Delivered => "delivered",
    Failed => "failed",
});

/// One webhook delivery, as the log shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    /// The delivery's id (sent as `X-Porthole-Delivery`).
    pub id: String,
    /// The conversation.
    pub conversation_id: String,
    /// The message delivered.
    pub message_id: String,
    /// Where it stands.
    pub status: DeliveryStatus,
    /// Tries so far.
    pub attempts: i64,
    /// The receiver's last HTTP status (0: no answer).
    pub last_status: i64,
    /// What went wrong last, if anything.
    pub last_error: Option<String>,
    /// When it was queued (ISO 8601).
    pub created_at: String,
    /// When the next try is due (ISO 8601), while pending.
    pub next_attempt_at: Option<String>,
}

/// `GET /api/admin/bots/{token}/webhook/deliveries` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryList {
    /// Always `true`.
    pub success: bool,
    /// Newest first (the last 200).
    pub deliveries: Vec<Delivery>,
}

/// `POST /api/admin/bots/{token}/test-question` body: a question for the bot, answered with
/// its saved settings, or with `ai` merged over them (a draft tried before it is saved).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestQuestion {
    /// The question (1 to 300 characters, like a visitor's).
    pub question: Bounded<1, 300>,
    /// AI settings to try instead of the saved ones (the fields given).
    #[serde(default)]
    pub ai: Option<crate::ai::AiPatch>,
    /// The language a visitor's widget would send (`zh-TW`, …), when trying one.
    #[serde(default)]
    pub lang: Option<String>,
}

/// A passage the knowledge base offered for a test question, best first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestPassage {
    /// Its document's title.
    pub title: String,
    /// Its document's URL, or `""`.
    pub url: String,
    /// The passage.
    pub text: String,
    /// The reply drew on its document (it is among the reply's sources), or is this curated
    /// answer.
    pub used: bool,
    /// A curated answer's wording (its title) and answer, not a document's passage.
    #[serde(default)]
    pub curated: bool,
}

/// `POST /api/admin/bots/{token}/test-question` answer. A provider that fails is no refusal:
/// the answer says what it said, in `error`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestAnswer {
    /// Always `true`.
    pub success: bool,
    /// The reply, as a visitor would read it (what was written before a failure).
    pub reply: String,
    /// The documents it cites.
    pub sources: Vec<crate::Source>,
    /// What retrieval found, best first.
    pub passages: Vec<TestPassage>,
    /// The reply is the bot's fallback: its knowledge had no answer.
    pub fell_back: bool,
    /// Its evaluation (whether it answered, how much of it the passages support).
    pub evaluation: crate::webchat::Evaluation,
    /// The responder that answered (`extractive`, `openai`, `workers-ai`).
    pub responder: String,
    /// The model, for LLM responders.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Prompt tokens, for LLM responders (counted in the bot's usage).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt_tokens: Option<u64>,
    /// Completion tokens, for LLM responders.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completion_tokens: Option<u64>,
    /// How long it took, in milliseconds.
    pub elapsed_ms: u64,
    /// What went wrong, in plain words, when the responder failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[cfg(test)]
mod document_id_tests {
    use super::parse_document_id;

    #[test]
    fn a_document_id_is_the_digits_of_a_positive_number() {
        assert_eq!(parse_document_id("12"), Some(12));
        assert_eq!(parse_document_id("9223372036854775807"), Some(i64::MAX));
    }

    #[test]
    fn near_misses_of_a_document_id_name_no_document() {
        for raw in [
            "",
            "0",
            "012",
            "+12",
            "-12",
            "1x2",
            "12x",
            "1 2",
            "12 ",
            "1.0",
            "1e1",
            "0x1f",
            "9223372036854775808",
            "١٢",
        ] {
            assert_eq!(parse_document_id(raw), None, "{raw:?}");
        }
    }
}
