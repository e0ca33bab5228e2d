//! The numbers of the public contract, defined once. Everything that enforces or displays a
//! limit (parsers, rate limiters, the widget's character counter) reads it from here.

/// A visitor message is 1 to 300 characters (Unicode scalar values, not bytes).
pub const MESSAGE_MAX_CHARS: usize = 300;

/// A message an integrator sends through the API channel (seed 001, from its own widget or
/// server) is 1 to this many characters: seed 001 sets no limit, and its own widgets may allow
/// more than ours.
pub const API_MESSAGE_MAX_CHARS: usize = 4_000;

/// At most this many history items are used; older ones are cut, not refused.
pub const HISTORY_MAX_ITEMS: usize = 10;

/// One history item's content may not exceed this many characters (replies can be long).
pub const HISTORY_ITEM_MAX_CHARS: usize = 8_000;

/// A request body larger than this is refused before it is parsed.
pub const BODY_MAX_BYTES: usize = 256 * 1024;

/// Pings allowed per client IP (and bot) per [`RATE_LIMIT_PERIOD_SECS`].
pub const PINGS_PER_PERIOD: u32 = 30;

/// Messages allowed per client IP (and bot) per [`RATE_LIMIT_PERIOD_SECS`].
pub const MESSAGES_PER_PERIOD: u32 = 20;

/// Images allowed per client IP (and bot) per [`RATE_LIMIT_PERIOD_SECS`].
pub const UPLOADS_PER_PERIOD: u32 = 10;

/// Public reads (history, the widget's polls, a stream's reconnects) per client IP (and bot)
/// per [`RATE_LIMIT_PERIOD_SECS`]: an open widget polls about 30 times a minute at most.
pub const READS_PER_PERIOD: u32 = 300;

/// Public writes besides messages and images (contact, rating, votes, hand-off, stop, share,
/// tracked events) per client IP (and bot) per [`RATE_LIMIT_PERIOD_SECS`].
pub const WRITES_PER_PERIOD: u32 = 60;

/// The window of the rate limits, in seconds.
pub const RATE_LIMIT_PERIOD_SECS: u64 = 60;

/// A widget token is exactly this many lowercase hex digits.
pub const WIDGET_TOKEN_HEX_LEN: usize = 32;

/// A chat id is `web_` followed by this many lowercase hex digits (inclusive range).
pub const CHAT_ID_HEX_MIN: usize = 8;
/// See [`CHAT_ID_HEX_MIN`].
pub const CHAT_ID_HEX_MAX: usize = 32;

/// A client message id (used for idempotency) is at most this long.
pub const MESSAGE_ID_MAX_LEN: usize = 64;

/// The longest `from.user_external_id` of seed 001's API channel, in characters.
pub const EXTERNAL_ID_MAX_CHARS: usize = 200;
