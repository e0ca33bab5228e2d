//! Bot configurations in KV (key `bot:{token}`), read on every widget request and written
//! rarely. Reads go through a short in-isolate cache, so a busy bot costs one KV read per
//! isolate every few seconds; a write in this isolate updates the cache at once.

use crate::bindings::CONFIG_KV;
use crate::clock::now_ms;
use crate::error::{ApiError, ApiResult};
use porthole_shared::{BotConfig, WidgetToken};
use std::cell::RefCell;
use std::collections::HashMap;
use worker::Env;

const KEY_PREFIX: &str = "bot:";
/// How long a cached read (found or not) is trusted.
const CACHE_TTL_MS: i64 = 5_000;
/// Beyond this many cached bots, the cache starts over.
const CACHE_MAX: usize = 10_000;

thread_local! {
    static CACHE: RefCell<HashMap<String, (i64, Option<BotConfig>)>> = RefCell::new(HashMap::new());
}

fn key(token: &WidgetToken) -> String {
    format!("{KEY_PREFIX}{}", token.as_str())
}

fn remember(token: &WidgetToken, config: Option<BotConfig>) {
    CACHE.with(|c| {
        let mut cache = c.borrow_mut();
        if cache.len() >= CACHE_MAX {
            cache.clear();
        }
        cache.insert(token.as_str().to_owned(), (now_ms(), config));
    });
}

/// The bot's config, or `None` for an unknown token.
pub async fn find(env: &Env, token: &WidgetToken) -> ApiResult<Option<BotConfig>> {
    let now = now_ms();
    let cached = CACHE.with(|c| {
        c.borrow()
            .get(token.as_str())
            .filter(|(at, _)| now - at < CACHE_TTL_MS)
            .map(|(_, cfg)| cfg.clone())
    });
    match cached {
        Some(config) => Ok(config),
        None => read_fresh(env, token).await,
    }
}

/// The bot's config; 404 `token_not_found` for an unknown token.
pub async fn require(env: &Env, token: &WidgetToken) -> ApiResult<BotConfig> {
    find(env, token).await?.ok_or_else(ApiError::unknown_token)
}

/// Reads the config without the cache (for the admin API, which must see its own writes).
pub async fn read_fresh(env: &Env, token: &WidgetToken) -> ApiResult<Option<BotConfig>> {
    let config: Option<BotConfig> = env.kv(CONFIG_KV)?.get(&key(token)).json().await?;
    remember(token, config.clone());
    Ok(config)
}

/// Stores the config (with its name as KV metadata, for listing).
pub async fn save(env: &Env, token: &WidgetToken, config: &BotConfig) -> ApiResult<()> {
    let text = serde_json::to_string(config).map_err(ApiError::internal)?;
    env.kv(CONFIG_KV)?
        .put(&key(token), text)?
        .metadata(serde_json::json!({ "bot_name": config.bot_name.as_str() }))?
        .execute()
        .await?;
    remember(token, Some(config.clone()));
    Ok(())
}

/// Removes the config.
pub async fn delete(env: &Env, token: &WidgetToken) -> ApiResult<()> {
    env.kv(CONFIG_KV)?.delete(&key(token)).await?;
    remember(token, None);
    Ok(())
}

/// Every bot's token and name.
pub async fn list(env: &Env) -> ApiResult<Vec<(String, String)>> {
    let kv = env.kv(CONFIG_KV)?;
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut request = kv.list().prefix(KEY_PREFIX.to_owned()).limit(1000);
        if let Some(c) = cursor.take() {
            request = request.cursor(c);
        }
        let page = request.execute().await?;
        for k in page.keys {
            let name = k
                .metadata
                .as_ref()
                .and_then(|m| m.get("bot_name"))
                .and_then(|n| n.as_str())
                .unwrap_or_default()
                .to_owned();
            out.push((k.name.trim_start_matches(KEY_PREFIX).to_owned(), name));
        }
        if page.list_complete || page.cursor.is_none() {
            return Ok(out);
        }
        cursor = page.cursor;
    }
}
