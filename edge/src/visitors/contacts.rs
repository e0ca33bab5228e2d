//! A visitor's contact details across conversations (seed 001: the same `user_external_id` is
//! the same contact), kept in KV under `contact:{token}:{visitor}`: what an integrator sends is
//! merged with what was known, and a new conversation starts with all of it.

use crate::platform::bindings::CONFIG_KV;
use crate::web::error::{ApiError, ApiResult};
use porthole_shared::inbox::ContactData;
use porthole_shared::{VisitorId, WidgetToken};
use worker::Env;

/// Longest contact field kept.
const FIELD_MAX: usize = 200;

/// Merges `given` into the visitor's known details (given fields win); answers the result.
pub async fn merge(
    env: &Env,
    token: &WidgetToken,
    visitor: &VisitorId,
    given: ContactData,
) -> ApiResult<ContactData> {
    let key = format!("contact:{}:{}", token.as_str(), visitor.as_str());
    let kv = env.kv(CONFIG_KV)?;
    let known: ContactData = kv
        .get(&key)
        .text()
        .await?
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    let clip = |v: Option<String>| v.map(|s| s.chars().take(FIELD_MAX).collect::<String>());
    let merged = ContactData {
        email: clip(given.email).or(known.email.clone()),
        phone: clip(given.phone).or(known.phone.clone()),
        name: clip(given.name).or(known.name.clone()),
    };
    if merged != known {
        kv.put(
            &key,
            serde_json::to_string(&merged).map_err(ApiError::internal)?,
        )?
        .execute()
        .await?;
    }
    Ok(merged)
}
