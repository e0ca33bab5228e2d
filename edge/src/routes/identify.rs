//! `POST /api/widget/identify`: the host page says who its visitor is, and the widget learns
//! which conversation to show. A verified user (a `user_hash` the bot's secret proves) gets
//! their own conversation on any device; an unproven one keeps this browser's, with the name and
//! email noted as typed. See [`crate::visitors::identity`] for where the secret and the pointers live.

use super::Ctx;
use crate::objects::conversation::{Identified, IdentifyCall, VisitorRef};
use crate::web::error::{ApiError, ApiResult};
use crate::web::ratelimit::Limit;
use crate::web::respond::{body_bytes, json};
use crate::{platform::random, visitors::identity, web::gate};
use porthole_shared::identity::{IdentifyRequest, IdentifyResponse};
use porthole_shared::inbox::ContactData;
use porthole_shared::{ChatId, ErrorCode, WidgetToken};
use worker::{Env, Request};

/// `POST /api/widget/identify {"token","chat_id"?,"user_id","email"?,"name"?,"user_hash"?,
/// "new"?}` → `{"success":true,"chat_id","verified"}`.
///
/// With a `user_hash` that the bot's identity secret proves: the browser's conversation if it is
/// this user's or the visitor has written in it (it becomes theirs), else the user's latest from
/// any device, else a new one (`"new": true` skips the latest: the visitor started over). Without
/// a hash (and the bot not requiring one): the browser's conversation (or a new one) with the
/// name and email as the visitor's own, unverified; never a verified user's.
/// Errors: 400 (`invalid_field`, `invalid_email`, `invalid_name`, `invalid_chat_id`), 401
/// `unauthorized` (a hash that does not match, a hash for a bot without a secret, or none where
/// the bot requires one), 403 (`blocked`, `origin_not_allowed`), 404 `token_not_found`, 429.
pub async fn identify(mut req: Request, ctx: Ctx) -> ApiResult {
    let ask = IdentifyRequest::from_json(&body_bytes(&mut req).await?)?;
    gate::admit(&req, &ctx.env, &ask.token, Limit::Write).await?;
    let secret = identity::find(&ctx.env, &ask.token).await?;
    let verified = match (&secret, &ask.user_hash) {
        (Some(secret), Some(hash)) if secret.proves(&ask.user_id, hash) => true,
        (Some(_), Some(_)) => return Err(refused("user_hash does not match user_id")),
        (None, Some(_)) => {
            return Err(refused(
                "this bot verifies no visitors: make its identity secret in the console first",
            ));
        }
        (Some(secret), None) if secret.required() => {
            return Err(refused("this bot requires a user_hash with user_id"));
        }
        _ => false,
    };
    let contact = ContactData {
        email: ask.email.as_ref().map(|e| e.as_str().to_owned()),
        phone: None,
        name: ask.name.clone(),
    };
    let place = Place {
        env: &ctx.env,
        token: &ask.token,
        user: verified.then(|| ask.user_id.clone()),
        contact,
    };
    let chat_id = if verified {
        place.verified(&ask).await?
    } else {
        place.unverified(ask.chat_id.as_ref()).await?
    };
    json(&IdentifyResponse {
        success: true,
        chat_id: chat_id.as_str().to_owned(),
        verified,
    })
}

fn refused(why: &str) -> ApiError {
    ApiError::new(ErrorCode::Unauthorized, why)
}

/// Where an identified visitor's conversation is found.
struct Place<'a> {
    env: &'a Env,
    token: &'a WidgetToken,
    /// The proven user id.
    user: Option<String>,
    contact: ContactData,
}

impl Place<'_> {
    /// Asks conversation `chat` to take the identity.
    async fn offer(&self, chat: &ChatId, only_if_started: bool) -> ApiResult<bool> {
        let call = IdentifyCall {
            who: VisitorRef {
                token: self.token.clone(),
                chat_id: chat.clone(),
                visitor_id: None,
            },
            user: self.user.clone(),
            contact: self.contact.clone(),
            only_if_started,
        };
        let answer: Identified =
            crate::objects::conversation::ask(self.env, self.token, chat, call).await?;
        Ok(answer.accepted)
    }

    /// A new conversation that takes the identity.
    async fn fresh(&self) -> ApiResult<ChatId> {
        let chat = random::chat_id()?;
        if self.offer(&chat, false).await? {
            Ok(chat)
        } else {
            Err(ApiError::internal("a new conversation refused its visitor"))
        }
    }

    async fn verified(&self, ask: &IdentifyRequest) -> ApiResult<ChatId> {
        let user = &ask.user_id;
        let latest = identity::latest_chat(self.env, self.token, user).await?;
        let mut chosen = None;
        if let Some(device) = &ask.chat_id {
            // An empty conversation on this browser gives way to the user's latest.
            let only_if_started = !ask.new && latest.as_ref().is_some_and(|l| l != device);
            if self.offer(device, only_if_started).await? {
                chosen = Some(device.clone());
            }
        }
        if chosen.is_none()
            && !ask.new
            && let Some(latest) = &latest
            && self.offer(latest, false).await?
        {
            chosen = Some(latest.clone());
        }
        let chat = match chosen {
            Some(chat) => chat,
            None => self.fresh().await?,
        };
        if latest.as_ref() != Some(&chat) {
            identity::set_latest_chat(self.env, self.token, user, &chat).await?;
        }
        Ok(chat)
    }

    async fn unverified(&self, device: Option<&ChatId>) -> ApiResult<ChatId> {
        if let Some(device) = device
            && self.offer(device, false).await?
        {
            return Ok(device.clone());
        }
        // No conversation yet, or a verified user's that an unproven visitor must not continue.
        self.fresh().await
    }
}
