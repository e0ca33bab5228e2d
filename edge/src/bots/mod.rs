//! Bot configurations in KV (key `bot:{token}`), read on every widget request and written
//! rarely. Reads go through a short in-isolate cache, so a busy bot costs one KV read per
//! isolate every few seconds; a write in this isolate updates the cache at once.
//!
//! Each bot also has a public id, a UUID derived from its token (so every isolate computes the
//! same one and nothing needs to be assigned), indexed in KV under `id:{uuid}` when the bot is
//! saved: seed 002's `widgetId` and seed 004's chatbot and web chat `id`.

pub mod apikeys;
pub mod avatar;
pub mod derived;
pub mod numbers;
pub mod statistics;
pub mod usage;

use crate::platform::bindings::{self, CONFIG_KV};
use crate::platform::clock::now_ms;
use crate::web::error::{ApiError, ApiResult};
use porthole_shared::{BotConfig, BotId, WidgetToken};
use sha2::{Digest, Sha256};
use std::cell::RefCell;
use std::collections::HashMap;
use worker::Env;

const KEY_PREFIX: &str = "bot:";
const ID_PREFIX: &str = "id:";
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

/// Stores the config (with its name as KV metadata, for listing) and the index of its id.
pub async fn save(env: &Env, token: &WidgetToken, config: &BotConfig) -> ApiResult<()> {
    let text = serde_json::to_string(config).map_err(ApiError::internal)?;
    let kv = env.kv(CONFIG_KV)?;
    kv.put(&key(token), text)?
        .metadata(serde_json::json!({ "bot_name": config.bot_name.as_str() }))?
        .execute()
        .await?;
    kv.put(&format!("{ID_PREFIX}{}", bot_id(token)), token.as_str())?
        .execute()
        .await?;
    remember(token, Some(config.clone()));
    Ok(())
}

/// Removes the config and the index of its id.
pub async fn delete(env: &Env, token: &WidgetToken) -> ApiResult<()> {
    let kv = env.kv(CONFIG_KV)?;
    kv.delete(&key(token)).await?;
    kv.delete(&format!("{ID_PREFIX}{}", bot_id(token))).await?;
    kv.delete(&format!("identity:{}", token.as_str())).await?;
    remember(token, None);
    Ok(())
}

/// The bot's public id: a version-4-shaped UUID from SHA-256 of its token.
pub fn bot_id(token: &WidgetToken) -> BotId {
    let digest = Sha256::digest(format!("porthole/bot-id/{}", token.as_str()).as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    BotId::from_random_bytes(bytes)
}

/// The bot's assistant id (seed 002's `assistantId`): the one its owner set, else `asst-` and
/// the first twelve hex digits of its public id.
pub fn assistant_id(token: &WidgetToken, config: &BotConfig) -> String {
    match config.assistant_id.as_str() {
        "" => porthole_shared::config::derived_assistant_id(bot_id(token).as_ref()),
        own => own.to_owned(),
    }
}

/// The token of the bot with public id `id`, if there is one.
pub async fn by_id(env: &Env, id: &BotId) -> ApiResult<Option<WidgetToken>> {
    let token = env
        .kv(CONFIG_KV)?
        .get(&format!("{ID_PREFIX}{}", id.as_str()))
        .text()
        .await?;
    Ok(token.and_then(|t| WidgetToken::parse(&t).ok()))
}

/// Every bot's token and name.
pub async fn list(env: &Env) -> ApiResult<Vec<(String, String)>> {
    let kv = env.kv(CONFIG_KV)?;
    let keys = bindings::kv_keys(&kv, KEY_PREFIX).await?;
    Ok(keys
        .into_iter()
        .map(|k| {
            let name = k
                .metadata
                .as_ref()
                .and_then(|m| m.get("bot_name"))
                .and_then(|n| n.as_str())
                .unwrap_or_default()
                .to_owned();
            (k.name.trim_start_matches(KEY_PREFIX).to_owned(), name)
        })
        .collect())
}
