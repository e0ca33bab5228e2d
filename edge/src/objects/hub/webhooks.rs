//! Webhook deliveries (seed 001's API channel): each reply of the bot or of an operator in an
//! API conversation is queued in the same step that records its event, then POSTed to the bot's
//! webhook URL at once, signed with `X-Porthole-Signature: sha256=<hex HMAC-SHA256 of the body>`
//! (the bot's webhook secret), and retried from the hub's alarm with growing waits (10 s, 30 s,
//! 2 min, 10 min, 30 min, 1 h, 3 h, 6 h) until the receiver answers 2xx; after the last try it
//! is marked failed. The owner reads the log.
//!
//! Each attempt runs on its own (`wait_until`), holding its delivery for a lease: a receiver
//! that takes its ten seconds to answer, or never does, delays only its own deliveries, not
//! other bots' nor the hub's alarm. An attempt cut short (the object evicted) is tried again
//! when its lease ends.

use super::Hub;
use crate::bots;
use crate::objects::sql::{exec, first, rows};
use crate::platform::bindings::{self, WEBHOOK_RETRY_BASE_MS};
use crate::platform::clock::{iso, now_ms};
use crate::platform::random;
use crate::web::error::{ApiError, ApiResult};
use hmac::{Hmac, Mac};
use porthole_shared::admin::{Delivery, DeliveryList, DeliveryStatus};
use porthole_shared::channel::{WebhookMessage, WebhookPayload};
use porthole_shared::events::Event;
use porthole_shared::inbox::Channel;
use porthole_shared::{Role, WidgetToken};
use serde::Deserialize;
use sha2::Sha256;
use std::time::Duration;
use worker::{Fetch, Headers, Method, Request, RequestInit};

/// Waits before each retry, in units of the base (10 s unless `WEBHOOK_RETRY_BASE_MS` says).
const BACKOFF: [i64; 8] = [1, 3, 12, 60, 180, 360, 1080, 2160];
/// How long a receiver may take to answer.
const TIMEOUT: Duration = Duration::from_secs(10);
/// Deliveries started at a time.
const BATCH: i64 = 10;
/// How long an attempt holds its delivery: after it, an attempt that never finished (the
/// object evicted mid-way) is due again.
const LEASE_MS: i64 = 30_000;
/// How long finished deliveries stay in the log.
const KEEP_MS: i64 = 30 * 86_400_000;

/// The body a webhook receives, signed with `secret`: `sha256=<hex>`.
pub fn signature(secret: &str, body: &str) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap_or_else(|_| unreachable!());
    mac.update(body.as_bytes());
    format!(
        "sha256={}",
        porthole_shared::ids::hex(&mac.finalize().into_bytes())
    )
}

#[derive(Deserialize)]
struct Row {
    id: String,
    bot: String,
    conversation_id: String,
    message_id: String,
    body: String,
    status: String,
    attempts: f64,
    last_status: f64,
    last_error: Option<String>,
    created_at: f64,
    next_at: f64,
}

impl Row {
    fn delivery(self) -> Delivery {
        let status = DeliveryStatus::parse(&self.status);
        Delivery {
            id: self.id,
            conversation_id: self.conversation_id,
            message_id: self.message_id,
            next_attempt_at: (status == DeliveryStatus::Pending).then(|| iso(self.next_at as i64)),
            status,
            attempts: self.attempts as i64,
            last_status: self.last_status as i64,
            last_error: self.last_error,
            created_at: iso(self.created_at as i64),
        }
    }
}

const COLUMNS: &str = "id, bot, conversation_id, message_id, body, status, attempts, last_status, last_error, created_at, next_at";

impl Hub {
    /// Queues a delivery when `event` is a reply in an API conversation; whether it did.
    pub(super) fn queue_webhook(&self, event: &Event) -> ApiResult<bool> {
        let Event::MessageNew(m) = event else {
            return Ok(false);
        };
        let reply = matches!(m.message.role, Role::Assistant | Role::Operator);
        if m.conversation.channel != Channel::Api || !reply || m.message.content.is_empty() {
            return Ok(false);
        }
        let id = random::hex_id("dlv_")?;
        let token =
            WidgetToken::parse(&m.bot).map_err(|_| ApiError::internal("bad bot in event"))?;
        let payload = WebhookPayload {
            event: "message.created".into(),
            delivery_id: id.clone(),
            timestamp: m.message.created_at,
            bot_key: bots::bot_id(&token).to_string(),
            conversation_id: m.conversation_id.clone(),
            visitor_key: m.conversation.visitor_key.clone(),
            message: WebhookMessage {
                id: m.message.id.clone(),
                role: m.message.role,
                content: m.message.content.clone(),
                created_at: m.message.created_at,
                author: m.message.author.clone(),
            },
        };
        let body = serde_json::to_string(&payload).map_err(ApiError::internal)?;
        let now = now_ms();
        exec(
            &self.sql,
            &format!(
                "INSERT INTO deliveries ({COLUMNS}) VALUES (?, ?, ?, ?, ?, 'pending', 0, 0, NULL, ?, ?)"
            ),
            vec![
                id.into(),
                m.bot.clone().into(),
                m.conversation_id.clone().into(),
                m.message.id.clone().into(),
                body.into(),
                now.into(),
                now.into(),
            ],
        )?;
        Ok(true)
    }

    /// Starts an attempt at each delivery that is due (a new one, a retry, or one whose
    /// attempt was cut short), each on its own; the attempts finish after this returns.
    pub(super) fn deliver_webhooks(&self) -> ApiResult<()> {
        let now = now_ms();
        let due: Vec<Row> = rows(
            &self.sql,
            &format!(
                "SELECT {COLUMNS} FROM deliveries WHERE status = 'pending' AND next_at <= ? ORDER BY next_at, created_at LIMIT ?"
            ),
            vec![now.into(), BATCH.into()],
        )?;
        let retry_base = self.retry_base();
        for row in due {
            exec(
                &self.sql,
                "UPDATE deliveries SET next_at = ? WHERE id = ?",
                vec![(now + LEASE_MS).into(), row.id.clone().into()],
            )?;
            let attempt = Attempt {
                env: self.env.clone(),
                storage: self.state.storage(),
                retry_base,
            };
            self.state.wait_until(async move {
                if let Err(e) = attempt.run(row).await {
                    worker::console_error!("webhook: {}", e.message);
                }
            });
        }
        Ok(())
    }

    /// Forgets finished deliveries older than the log keeps (from the alarm).
    pub(super) fn prune_deliveries(&self) -> ApiResult<()> {
        exec(
            &self.sql,
            "DELETE FROM deliveries WHERE status <> 'pending' AND created_at < ?",
            vec![(now_ms() - KEEP_MS).into()],
        )
    }

    fn retry_base(&self) -> i64 {
        bindings::var(&self.env, WEBHOOK_RETRY_BASE_MS)
            .and_then(|v| v.parse().ok())
            .filter(|ms: &i64| *ms > 0)
            .unwrap_or(10_000)
    }

    /// When the next delivery is due, if any is pending.
    pub(super) fn next_delivery(&self) -> Option<i64> {
        #[derive(Deserialize)]
        struct Next {
            at: Option<f64>,
        }
        first::<Next>(
            &self.sql,
            "SELECT min(next_at) AS at FROM deliveries WHERE status = 'pending'",
            vec![],
        )
        .ok()
        .flatten()
        .and_then(|n| n.at)
        .map(|at| at as i64)
    }

    /// A bot's delivery log, newest first.
    pub(super) fn deliveries(&self, bot: &str) -> ApiResult<DeliveryList> {
        let list: Vec<Row> = rows(
            &self.sql,
            &format!(
                "SELECT {COLUMNS} FROM deliveries WHERE bot = ? ORDER BY created_at DESC LIMIT 200"
            ),
            vec![bot.into()],
        )?;
        Ok(DeliveryList {
            success: true,
            deliveries: list.into_iter().map(Row::delivery).collect(),
        })
    }
}

/// One attempt at a delivery, running after the call that started it.
struct Attempt {
    env: worker::Env,
    storage: worker::Storage,
    retry_base: i64,
}

impl Attempt {
    /// POSTs the delivery and records the outcome: delivered, due again after its wait, or
    /// failed after the last try.
    async fn run(self, row: Row) -> ApiResult<()> {
        let outcome = self.post(&row).await;
        let attempts = row.attempts as i64 + 1;
        let (status, last_status, error, next) = match outcome {
            Ok(code) if (200..300).contains(&code) => (DeliveryStatus::Delivered, code, None, 0),
            result => {
                let (code, why) = match result {
                    Ok(code) => (code, format!("the receiver answered {code}")),
                    Err(why) => (0, why),
                };
                match BACKOFF.get(attempts as usize - 1) {
                    Some(units) if (attempts as usize) < BACKOFF.len() => (
                        DeliveryStatus::Pending,
                        code,
                        Some(why),
                        now_ms() + units * self.retry_base,
                    ),
                    _ => (DeliveryStatus::Failed, code, Some(why), 0),
                }
            }
        };
        exec(
            &self.storage.sql(),
            "UPDATE deliveries SET status = ?, attempts = ?, last_status = ?, last_error = ?, next_at = ? WHERE id = ?",
            vec![
                status.as_str().into(),
                attempts.into(),
                i64::from(last_status).into(),
                error.into(),
                next.into(),
                row.id.into(),
            ],
        )?;
        if status == DeliveryStatus::Pending {
            // At once: the alarm then sets itself for the earliest of everything due, this
            // retry included.
            super::set_alarm(self.storage, now_ms()).await;
        }
        Ok(())
    }

    /// POSTs one delivery; the receiver's status, or why there was none.
    async fn post(&self, row: &Row) -> Result<u16, String> {
        let token = WidgetToken::parse(&row.bot).map_err(|_| "unknown bot".to_owned())?;
        let config = bots::read_fresh(&self.env, &token)
            .await
            .map_err(|e| e.message)?
            .ok_or("the bot was deleted")?;
        let url = config.webhook_url.as_str();
        if url.is_empty() {
            return Err("the bot has no webhook URL".into());
        }
        let headers = Headers::new();
        let set = |k: &str, v: &str| headers.set(k, v).map_err(|e| e.to_string());
        set("Content-Type", "application/json")?;
        set("User-Agent", "Porthole-Webhook/1")?;
        set("X-Porthole-Delivery", &row.id)?;
        set(
            "X-Porthole-Signature",
            &signature(&config.webhook_secret, &row.body),
        )?;
        let mut init = RequestInit::new();
        init.with_method(Method::Post)
            .with_headers(headers)
            .with_body(Some(row.body.clone().into()));
        let request = Request::new_with_init(url, &init).map_err(|e| e.to_string())?;
        match crate::ai::upstream::within(TIMEOUT, Fetch::Request(request).send()).await {
            None => Err(format!("no answer within {} s", TIMEOUT.as_secs())),
            Some(Err(e)) => Err(e.to_string()),
            Some(Ok(response)) => Ok(response.status_code()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::signature;

    #[test]
    fn a_signature_is_the_hmac_sha256_of_the_body() {
        // RFC 4231, test case 2.
        assert_eq!(
            signature("Jefe", "what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
