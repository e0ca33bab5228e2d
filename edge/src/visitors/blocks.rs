//! Visitors blocked beyond one conversation: a block is kept in KV under
//! `block:{token}:{visitor_id}` (with KV's own expiry for a timed block), so a new chat from the
//! same browser stays blocked. The conversation itself also knows it is blocked. Reads go
//! through a short in-isolate cache; a write in this isolate updates it at once.

use crate::platform::bindings::CONFIG_KV;
use crate::platform::clock::now_ms;
use crate::web::error::{ApiError, ApiResult};
use porthole_shared::{ErrorCode, VisitorId, WidgetToken};
use std::cell::RefCell;
use std::collections::HashMap;
use worker::Env;

/// How long a cached answer is trusted.
const CACHE_TTL_MS: i64 = 5_000;
/// KV's shortest expiry.
const KV_MIN_TTL_SECS: u64 = 60;

thread_local! {
    static CACHE: RefCell<HashMap<String, (i64, bool)>> = RefCell::new(HashMap::new());
}

fn key(token: &WidgetToken, visitor: &str) -> String {
    format!("block:{}:{visitor}", token.as_str())
}

fn remember(key: &str, blocked: bool) {
    CACHE.with(|c| {
        let mut cache = c.borrow_mut();
        if cache.len() > 10_000 {
            cache.clear();
        }
        cache.insert(key.to_owned(), (now_ms(), blocked));
    });
}

/// Whether the visitor is blocked from the bot.
pub async fn is_blocked(
    env: &Env,
    token: &WidgetToken,
    visitor: Option<&VisitorId>,
) -> ApiResult<bool> {
    let Some(visitor) = visitor else {
        return Ok(false);
    };
    let key = key(token, visitor.as_str());
    let now = now_ms();
    if let Some(blocked) = CACHE.with(|c| {
        c.borrow()
            .get(&key)
            .filter(|(at, _)| now - at < CACHE_TTL_MS)
            .map(|(_, b)| *b)
    }) {
        return Ok(blocked);
    }
    let until = env.kv(CONFIG_KV)?.get(&key).text().await?;
    let blocked = until
        .and_then(|u| u.parse::<i64>().ok())
        .is_some_and(|u| u > now);
    remember(&key, blocked);
    Ok(blocked)
}

/// 403 `blocked` when the visitor is blocked from the bot.
pub async fn refuse_blocked(
    env: &Env,
    token: &WidgetToken,
    visitor: Option<&VisitorId>,
) -> ApiResult<()> {
    if is_blocked(env, token, visitor).await? {
        Err(ApiError::new(
            ErrorCode::Blocked,
            "you can no longer send messages here",
        ))
    } else {
        Ok(())
    }
}

/// Blocks the visitor until `until` (ms, `i64::MAX` for good), or lifts the block (`None`).
pub async fn set(
    env: &Env,
    token: &WidgetToken,
    visitor: &str,
    until: Option<i64>,
) -> ApiResult<()> {
    let key = key(token, visitor);
    let kv = env.kv(CONFIG_KV)?;
    match until {
        Some(until) => {
            // As text: a block for good is i64::MAX, which no JavaScript number holds.
            let mut put = kv.put(&key, until.to_string())?;
            if until != i64::MAX {
                let secs = ((until - now_ms()).max(0) as u64).div_ceil(1000);
                put = put.expiration_ttl(secs.max(KV_MIN_TTL_SECS));
            }
            put.execute().await?;
            remember(&key, true);
        }
        None => {
            kv.delete(&key).await?;
            remember(&key, false);
        }
    }
    Ok(())
}
