//! The rate limits of the public API — 30 pings, 20 messages, 10 images, 300 reads and 60 other
//! writes per 60 s — enforced with Cloudflare's rate-limit bindings, keyed by client IP and bot. A refusal is a 429 whose
//! `Retry-After` counts the seconds to the end of the current window. `RATE_LIMITS = "off"`
//! (development and benchmarks only) lifts both.

use crate::platform::bindings::{
    self, MESSAGE_LIMITER, PING_LIMITER, RATE_LIMITS, READ_LIMITER, UPLOAD_LIMITER, WRITE_LIMITER,
};
use crate::platform::clock::now_ms;
use crate::web::error::{ApiError, ApiResult};
use porthole_shared::ErrorCode;
use porthole_shared::WidgetToken;
use porthole_shared::limits::{
    MESSAGES_PER_PERIOD, PINGS_PER_PERIOD, RATE_LIMIT_PERIOD_SECS, READS_PER_PERIOD,
    UPLOADS_PER_PERIOD, WRITES_PER_PERIOD,
};
use worker::{Env, Request};

/// Which limit applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// `POST /api/widget/ping`.
    Ping,
    /// `POST /api/widget/message` and `POST /api/v1/chat/stream`.
    Message,
    /// `POST /api/v1/chat/upload-image`.
    Upload,
    /// Public reads: history, the widget's polls, a stream's reconnects.
    Read,
    /// Other public writes: contact, rating, votes, hand-off, stop, share (tracked events have
    /// no limit: the seed says so, and `tracking` bounds what they leave).
    Write,
}

impl Limit {
    fn binding(self) -> &'static str {
        match self {
            Limit::Ping => PING_LIMITER,
            Limit::Message => MESSAGE_LIMITER,
            Limit::Upload => UPLOAD_LIMITER,
            Limit::Read => READ_LIMITER,
            Limit::Write => WRITE_LIMITER,
        }
    }

    fn describe(self) -> String {
        match self {
            Limit::Ping => format!("more than {PINGS_PER_PERIOD} pings per minute"),
            Limit::Message => format!("more than {MESSAGES_PER_PERIOD} messages per minute"),
            Limit::Upload => format!("more than {UPLOADS_PER_PERIOD} images per minute"),
            Limit::Read => format!("more than {READS_PER_PERIOD} reads per minute"),
            Limit::Write => format!("more than {WRITES_PER_PERIOD} updates per minute"),
        }
    }
}

/// The client's IP as Cloudflare reports it.
pub fn client_ip(req: &Request) -> String {
    req.headers()
        .get("CF-Connecting-IP")
        .ok()
        .flatten()
        .filter(|ip| !ip.is_empty())
        .unwrap_or_else(|| "unknown".to_owned())
}

/// Whether rate limits are lifted (`RATE_LIMITS = "off"`: development and benchmarks only).
pub fn lifted(env: &Env) -> bool {
    bindings::var(env, RATE_LIMITS).as_deref() == Some("off")
}

/// Counts one request against `limit` for this client and bot; 429 when over.
pub async fn check(req: &Request, env: &Env, limit: Limit, token: &WidgetToken) -> ApiResult<()> {
    if lifted(env) {
        return Ok(());
    }
    let key = format!("{}|{}", client_ip(req), token.as_str());
    let outcome = env.rate_limiter(limit.binding())?.limit(key).await?;
    if outcome.success {
        return Ok(());
    }
    let mut err = ApiError::new(
        ErrorCode::RateLimited,
        format!(
            "Too many requests: {}. Please wait and try again.",
            limit.describe()
        ),
    );
    err.retry_after = Some(retry_after_secs(now_ms(), RATE_LIMIT_PERIOD_SECS));
    Err(err)
}

/// Seconds from `now_ms` to the end of the current fixed window of `period` seconds (1 at least).
pub fn retry_after_secs(now_ms: i64, period: u64) -> u64 {
    let into_window = (now_ms.max(0) as u64 / 1000) % period;
    (period - into_window).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_counts_to_the_end_of_the_window() {
        assert_eq!(retry_after_secs(0, 60), 60);
        assert_eq!(retry_after_secs(59_999, 60), 1);
        assert_eq!(retry_after_secs(125_000, 60), 55);
    }
}
