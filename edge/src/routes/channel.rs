//! Seed 001, the API channel, with `Authorization: Bearer <api key>`: start a conversation (the
//! bot answers its first message), send the visitor's next messages, and read the bot's and
//! operators' replies after a cursor. Replies also go to the bot's webhook (see the hub). The
//! same `user_external_id` is the same visitor: its contact details carry over and a block
//! follows it. Errors are `{"ok":false,"error":{"code","message"}}`: 400 bad body, 401 wrong
//! key, 403 blocked, 404 unknown conversation, 409 paused bot.

use super::{Ctx, after_cursor};
use crate::auth::bearer;
use crate::knowledge::lang::Lang;
use crate::objects::conversation::TurnRequest;
use crate::web::error::{ApiError, ApiResult};
use crate::web::respond::{body_json, json};
use crate::{
    bots, bots::apikeys, bots::derived, platform::random, turns, visitors::blocks,
    visitors::contacts,
};
use porthole_shared::channel::{
    ChannelAssignee, ChannelContact, ChannelConversation, ChannelMessages, ConversationStarted,
    MessageAccepted, SendMessage, StartConversation,
};
use porthole_shared::inbox::Channel;
use porthole_shared::{BotConfig, ChatId, ErrorCode, MessageText, VisitorKey, WidgetToken};
use worker::Request;

/// The bot of the request's API key. Errors: 401.
async fn authorize(req: &Request, ctx: &Ctx) -> ApiResult<(WidgetToken, BotConfig)> {
    let unauthorized = || {
        ApiError::new(
            ErrorCode::Unauthorized,
            "send Authorization: Bearer <API key> (made in the admin API)",
        )
    };
    let key = bearer(req).ok_or_else(unauthorized)?;
    let token = apikeys::verify(&ctx.env, &ctx.data.ctx, &key)
        .await?
        .ok_or_else(unauthorized)?;
    let config = bots::require(&ctx.env, &token)
        .await
        .map_err(|_| unauthorized())?;
    if !config.enabled {
        return Err(ApiError::new(ErrorCode::Conflict, "the bot is paused"));
    }
    Ok((token, config))
}

/// A message of the API channel: 1 to 4,000 characters ([`MessageText::parse_api`]).
fn text(body: &str) -> ApiResult<MessageText> {
    MessageText::parse_api(body)
        .map_err(|e| ApiError::new(ErrorCode::InvalidMessage, format!("message.data.body: {e}")))
}

/// `POST /api/v1/conversations` → `{"ok":true,"conversation":{"id","created_at","assignee":{"id",
/// "to"}},"contact":{"name","email","phone","visitor_key"}}`; the bot answers the first message
/// (its reply goes to the webhook and to `GET …/messages`).
pub async fn start(mut req: Request, ctx: Ctx) -> ApiResult {
    let (token, config) = authorize(&req, &ctx).await?;
    let body: StartConversation = body_json(&mut req).await?;
    let bot_id = bots::bot_id(&token);
    if let Some(key) = body
        .bot_key
        .as_deref()
        .filter(|k| *k != bot_id.as_str() && *k != token.as_str())
    {
        return Err(ApiError::invalid(format!(
            "bot_key {key:?} is not the bot of this API key ({bot_id})"
        )));
    }
    let external = body.from.user_external_id.trim();
    let visitor_key = VisitorKey::of(external, &bot_id)
        .map_err(|e| ApiError::invalid(format!("from.user_external_id {e}")))?;
    let message = text(&body.message.data.body)?;
    let visitor = derived::visitor_of_external(&token, external);
    blocks::refuse_blocked(&ctx.env, &token, Some(&visitor)).await?;
    let contact =
        contacts::merge(&ctx.env, &token, &visitor, body.variables.contact.data()).await?;
    let chat_id = ChatId::api_from_bytes(random::bytes16()?);
    let lang = body
        .variables
        .system
        .get("browserLanguage")
        .and_then(|v| v.as_str())
        .and_then(Lang::from_tag);
    let turn = TurnRequest {
        lang,
        visitor_id: Some(visitor.clone()),
        channel: Channel::Api,
        visitor_key: Some(visitor_key.clone()),
        // Known from the start: `conversation:new` carries it (seed 002's `contact_data`).
        contact: (!contact.is_empty()).then(|| contact.clone()),
        ..TurnRequest::new(
            token.clone(),
            chat_id.clone(),
            random::message_id()?,
            message,
            config,
        )
    };
    // The turn runs in the conversation's object; its stream is not read here.
    turns::start(&ctx.env, &turn).await?;
    let created_at = chrono::Utc::now()
        .format("%Y-%m-%d %H:%M:%S%.6f")
        .to_string();
    json(&ConversationStarted {
        ok: true,
        conversation: ChannelConversation {
            id: chat_id.as_str().to_owned(),
            created_at,
            assignee: ChannelAssignee {
                id: bot_id.into(),
                to: "bot".into(),
            },
        },
        contact: ChannelContact {
            name: contact.name.unwrap_or_default(),
            email: contact.email.unwrap_or_default(),
            phone: contact.phone.unwrap_or_default(),
            visitor_key,
        },
    })
}

/// The conversation `:id` of the bot of `token`: its chat id, or its number (as the stream's
/// `done` frame gives it); anything else is unknown. Errors: 404.
async fn conversation_id(ctx: &Ctx, token: &WidgetToken) -> ApiResult<ChatId> {
    let raw = ctx.param("id").cloned().unwrap_or_default();
    crate::bots::numbers::chat_of(&ctx.env, token, &raw)
        .await?
        .ok_or_else(|| ApiError::not_found("conversation"))
}

/// `POST /api/v1/conversation/{id}/messages {"message":{"data":{"body"},"type":"text"},"user":
/// {"type":"VISITOR"}}` → `{"ok":true,"message_id":"…"}`; the bot (or the operator who took
/// over) answers.
pub async fn send(mut req: Request, ctx: Ctx) -> ApiResult {
    let (token, config) = authorize(&req, &ctx).await?;
    let chat_id = conversation_id(&ctx, &token).await?;
    let body: SendMessage = body_json(&mut req).await?;
    let message = text(&body.message.data.body)?;
    let message_id = random::message_id()?;
    let turn = TurnRequest {
        channel: Channel::Api,
        must_exist: true,
        ..TurnRequest::new(token, chat_id, message_id.clone(), message, config)
    };
    turns::start(&ctx.env, &turn).await?;
    json(&MessageAccepted {
        ok: true,
        message_id: message_id.as_str().to_owned(),
    })
}

/// `GET /api/v1/conversation/{id}/messages?after=` → `{"ok":true,"messages":[{"id","role",
/// "content","created_at","author"?}],"mode"}`: the messages after the message id `after`
/// (a reply once complete), for integrators without a webhook.
pub async fn messages(req: Request, ctx: Ctx) -> ApiResult {
    let (token, _) = authorize(&req, &ctx).await?;
    let chat_id = conversation_id(&ctx, &token).await?;
    let after = after_cursor(&req)?;
    let ask = crate::objects::conversation::MessagesAfter { after };
    let page: ChannelMessages =
        crate::objects::conversation::ask(&ctx.env, &token, &chat_id, ask).await?;
    json(&page)
}
