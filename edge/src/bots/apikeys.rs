//! API keys of a bot — seed 001's `Authorization: Bearer <key>`, seed 004's `Api-Key <key>`.
//! The owner makes one with a name; it is shown once (`phk_` + 128 random bits in hex) and kept
//! only as its SHA-256 (enough for a random key of that length: a copy of the store gives
//! nothing to try). In KV: `apikey:{hash}` → the bot and the key's id (read on every call,
//! through a short in-isolate cache), and `apikeys:{token}:{id}` → its record (name, prefix,
//! times) as metadata, for the list. The time of last use is written at most once a minute per
//! isolate. A revoked key stops working within [`CACHE_TTL_MS`].

use crate::platform::bindings::{self, CONFIG_KV};
use crate::platform::clock::{iso, now_ms};
use crate::platform::random;
use crate::web::error::{ApiError, ApiResult};
use porthole_shared::WidgetToken;
use porthole_shared::admin::{ApiKeyCreated, ApiKeyInfo};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::cell::RefCell;
use std::collections::HashMap;
use worker::{Context, Env};

/// How long a looked-up key is trusted in an isolate.
pub const CACHE_TTL_MS: i64 = 30_000;
/// The time of last use is written at most this often per key per isolate.
const TOUCH_EVERY_MS: i64 = 60_000;

/// What `apikey:{hash}` holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Owner {
    token: WidgetToken,
    id: String,
}

/// What `apikeys:{token}:{id}` holds as metadata.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Record {
    name: String,
    prefix: String,
    created_at: i64,
    last_used_at: Option<i64>,
    hash: String,
}

#[derive(Default)]
struct Cache {
    owners: HashMap<String, (i64, Option<Owner>)>,
    touched: HashMap<String, i64>,
}

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(Cache::default());
}

fn digest(key: &str) -> String {
    porthole_shared::ids::hex(&Sha256::digest(key.as_bytes()))
}

fn record_key(token: &WidgetToken, id: &str) -> String {
    format!("apikeys:{}:{id}", token.as_str())
}

/// Makes a key for the bot `token`; the answer is the only place the key appears.
pub async fn create(env: &Env, token: &WidgetToken, name: &str) -> ApiResult<ApiKeyCreated> {
    let key = random::hex_id("phk_")?;
    let id = random::hex_id("key_")?;
    let hash = digest(&key);
    let record = Record {
        name: name.to_owned(),
        prefix: key[..8].to_owned(),
        created_at: now_ms(),
        last_used_at: None,
        hash: hash.clone(),
    };
    let kv = env.kv(CONFIG_KV)?;
    kv.put(&record_key(token, &id), "")?
        .metadata(&record)?
        .execute()
        .await?;
    let owner = Owner {
        token: token.clone(),
        id: id.clone(),
    };
    kv.put(
        &format!("apikey:{hash}"),
        serde_json::to_string(&owner).map_err(ApiError::internal)?,
    )?
    .execute()
    .await?;
    Ok(ApiKeyCreated {
        success: true,
        key,
        info: info(&id, &record),
    })
}

fn info(id: &str, r: &Record) -> ApiKeyInfo {
    ApiKeyInfo {
        id: id.to_owned(),
        name: r.name.clone(),
        prefix: r.prefix.clone(),
        created_at: iso(r.created_at),
        last_used_at: r.last_used_at.map(iso),
    }
}

/// The bot's keys, oldest first.
pub async fn list(env: &Env, token: &WidgetToken) -> ApiResult<Vec<ApiKeyInfo>> {
    let prefix = format!("apikeys:{}:", token.as_str());
    let kv = env.kv(CONFIG_KV)?;
    let mut out: Vec<(i64, ApiKeyInfo)> = Vec::new();
    for k in bindings::kv_keys(&kv, &prefix).await? {
        let Some(record) = k
            .metadata
            .and_then(|m| serde_json::from_value::<Record>(m).ok())
        else {
            continue;
        };
        let id = k.name.trim_start_matches(&prefix).to_owned();
        out.push((record.created_at, info(&id, &record)));
    }
    out.sort_by_key(|(at, _)| *at);
    Ok(out.into_iter().map(|(_, i)| i).collect())
}

/// Revokes a key of the bot. Errors: 404 (no such key of this bot).
pub async fn revoke(env: &Env, token: &WidgetToken, id: &str) -> ApiResult<()> {
    let kv = env.kv(CONFIG_KV)?;
    let found = kv
        .get(&record_key(token, id))
        .text_with_metadata::<Record>()
        .await?;
    let Some(record) = found.1.filter(|_| found.0.is_some()) else {
        return Err(ApiError::not_found("key"));
    };
    kv.delete(&format!("apikey:{}", record.hash)).await?;
    kv.delete(&record_key(token, id)).await?;
    CACHE.with(|c| c.borrow_mut().owners.remove(&record.hash));
    Ok(())
}

/// The bot a presented key opens, if any; notes its use (after the answer).
pub async fn verify(env: &Env, ctx: &Context, key: &str) -> ApiResult<Option<WidgetToken>> {
    if !key.starts_with("phk_") || key.len() > 100 {
        return Ok(None);
    }
    let hash = digest(key);
    let now = now_ms();
    let cached = CACHE.with(|c| {
        c.borrow()
            .owners
            .get(&hash)
            .filter(|(at, _)| now - at < CACHE_TTL_MS)
            .map(|(_, o)| o.clone())
    });
    let owner = match cached {
        Some(owner) => owner,
        None => {
            let text = env
                .kv(CONFIG_KV)?
                .get(&format!("apikey:{hash}"))
                .text()
                .await?;
            let owner: Option<Owner> = text.and_then(|t| serde_json::from_str(&t).ok());
            CACHE.with(|c| {
                let mut c = c.borrow_mut();
                if c.owners.len() > 10_000 {
                    c.owners.clear();
                }
                c.owners.insert(hash.clone(), (now, owner.clone()));
            });
            owner
        }
    };
    let Some(owner) = owner else { return Ok(None) };
    let token = owner.token.clone();
    let due = CACHE.with(|c| {
        let mut c = c.borrow_mut();
        let last = c.touched.get(&owner.id).copied().unwrap_or(0);
        let due = now - last >= TOUCH_EVERY_MS;
        if due {
            c.touched.insert(owner.id.clone(), now);
        }
        due
    });
    if due {
        let (env, token, id) = (env.clone(), token.clone(), owner.id.clone());
        ctx.wait_until(async move {
            if let Err(e) = touch(&env, &token, &id, now).await {
                worker::console_error!("noting the use of key {id}: {}", e.message);
            }
        });
    }
    Ok(Some(token))
}

async fn touch(env: &Env, token: &WidgetToken, id: &str, at: i64) -> ApiResult<()> {
    let kv = env.kv(CONFIG_KV)?;
    let (value, record) = kv
        .get(&record_key(token, id))
        .text_with_metadata::<Record>()
        .await?;
    if let (Some(_), Some(mut record)) = (value, record) {
        record.last_used_at = Some(at);
        kv.put(&record_key(token, id), "")?
            .metadata(&record)?
            .execute()
            .await?;
    }
    Ok(())
}
