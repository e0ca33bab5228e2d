//! The live inbox (dashboard API): a bot's conversations, newest activity first, with filters
//! and paging; one conversation with every message; and what an operator does — reply (as a
//! person, with their name and avatar), take over, hand back, mark read, block or unblock the
//! visitor, queue a proactive message for one session or for many (a campaign). Owners and the
//! agents given the bot may call them.

use super::{Access, bot_access};
use crate::objects::conversation::{
    self, BlockCall, Blocked, ConversationCall, OperatorMessageCall, ProactiveCall, TakeoverRequest,
};
use crate::objects::hub::{self, CampaignCall, ListQuery};
use crate::objects::rpc::Ask;
use crate::platform::clock::now_ms;
use crate::routes::{Ctx, query};
use crate::web::error::{ApiError, ApiResult};
use crate::web::respond::{body_json, json, json_with_status};
use crate::{auth, visitors::blocks};
use porthole_shared::api::Ack;
use porthole_shared::inbox::{
    Assignee, BLOCK_MAX_MINUTES, BlockRequest, CAMPAIGN_MAX_SESSIONS, CampaignRequest,
    ConversationFilter, ConversationList, ConversationResponse, OperatorMessageRequest, PAGE_MAX,
    PostedMessage,
};
use porthole_shared::message::Mode;
use porthole_shared::operators::{Identity, OperatorRole};
use porthole_shared::{BotConfig, ChatId, ErrorCode, WidgetToken};
use worker::Request;

/// `GET /api/admin/bots/{token}/conversations?mode=&waiting=&unread=&has_contact=&rated=
/// &blocked=&from=&to=&limit=&cursor=` → `{"success":true,"conversations":[…],"next_cursor"?}`.
/// Errors: 400 `invalid_field` (a bad filter), 401, 403, 404.
pub async fn list(req: Request, ctx: Ctx) -> ApiResult {
    let (_, token, _) = bot_access(&req, &ctx, Access::Answer).await?;
    page(
        &ctx,
        Some(vec![token.as_str().to_owned()]),
        filter(&req, PAGE_MAX)?,
    )
    .await
}

/// `GET /api/admin/conversations?bot=&…` (the same filters) → the conversations of every bot
/// the caller may see (or of `bot`), newest activity first: the console's one inbox.
/// Errors: 400 `invalid_field`, 401, 403 (a `bot` the caller may not see).
pub async fn list_all(req: Request, ctx: Ctx) -> ApiResult {
    let bots = visible_bots(&req, &ctx).await?;
    page(&ctx, bots, filter(&req, PAGE_MAX)?).await
}

/// A page of the hub's inbox index.
async fn page(ctx: &Ctx, bots: Option<Vec<String>>, filter: ConversationFilter) -> ApiResult {
    json(&fetch_page(ctx, bots, filter, false).await?)
}

/// A page of the hub's inbox index (`export`: up to 10,000 conversations).
pub(super) async fn fetch_page(
    ctx: &Ctx,
    bots: Option<Vec<String>>,
    filter: ConversationFilter,
    export: bool,
) -> ApiResult<ConversationList> {
    let ask = ListQuery {
        bots,
        filter,
        export,
    };
    hub::ask(&ctx.env, ask).await
}

/// The bots `req` asks about (`?bot=`) among those the caller may see (`None`: every bot).
/// Errors: 400 (a malformed `bot`), 401, 403 (a `bot` the caller may not see).
pub(super) async fn visible_bots(req: &Request, ctx: &Ctx) -> ApiResult<Option<Vec<String>>> {
    let caller = auth::caller(req, &ctx.env).await?;
    Ok(match query(req, "bot")?.filter(|b| !b.is_empty()) {
        Some(raw) => {
            let token = WidgetToken::parse(&raw)
                .map_err(|_| ApiError::invalid("bot must be a bot's token"))?;
            auth::require_bot(&caller, &token)?;
            Some(vec![token.as_str().to_owned()])
        }
        None if caller.role == OperatorRole::Owner => None,
        None => Some(caller.bots.clone()),
    })
}

/// `GET /api/admin/bots/{token}/conversations/{id}` → `{"success":true,"chat_id",
/// "conversation":{…},"messages":[…]}`. Errors: 400 `invalid_chat_id`, 401, 403, 404.
pub async fn read(req: Request, ctx: Ctx) -> ApiResult {
    let target = Target::of(&req, &ctx).await?;
    target.relay(conversation::Detail).await
}

/// `DELETE /api/admin/bots/{token}/conversations/{id}` → `{"success":true}`: the conversation,
/// its messages and the images in it are erased, for good (a visitor's erasure request).
/// Owners only. Errors: 400 `invalid_chat_id`, 401, 403, 404.
pub async fn erase(req: Request, ctx: Ctx) -> ApiResult {
    let target = Target::of(&req, &ctx).await?;
    auth::require_owner(&target.caller)?;
    target.call(conversation::Detail).await?;
    let erase = hub::EraseConversation {
        bot: target.token.clone(),
        chat_id: target.chat_id.clone(),
    };
    hub::ask(&ctx.env, erase).await?;
    json(&Ack::OK)
}

/// `GET /api/admin/bots/{token}/conversations/{id}/stream` → `text/event-stream`: the reply
/// being written now, frame by frame as the visitor gets it (`chunk`, `sources`, `done`,
/// `error`), from its start; it ends with the reply, at once when none is being written.
/// Errors: 400 `invalid_chat_id`, 401, 403, 404.
pub async fn watch(req: Request, ctx: Ctx) -> ApiResult {
    let target = Target::of(&req, &ctx).await?;
    let (token, chat) = (&target.token, &target.chat_id);
    conversation::stream(&ctx.env, token, chat, &conversation::Watch).await
}

/// `POST …/conversations/{id}/messages {"content"}` → 201 `{"success":true,"message":{…},
/// "conversation":{…}}`: an operator's reply; the conversation is taken over if it was the AI's.
/// Errors: 400, 401, 403, 404.
pub async fn reply(mut req: Request, ctx: Ctx) -> ApiResult {
    let target = Target::of(&req, &ctx).await?;
    let body: OperatorMessageRequest = body_json(&mut req).await?;
    let call = OperatorMessageCall {
        operator: target.operator(),
        content: body.content.as_str().to_owned(),
        idle_ms: target.idle_ms(),
    };
    let posted = target.call(call).await?;
    let mut answer = posted.answer;
    if !posted.visitor_present {
        answer.emailed = email_reply(&req, &target, &answer).await;
    }
    Ok(json_with_status(&answer, 201))
}

/// Sends an operator's reply by email to a visitor who left an address and is not in the
/// widget, where the deployment and the bot send email; whether it went. A failure is logged:
/// the reply itself is stored and shown in the widget either way.
async fn email_reply(req: &Request, target: &Target, posted: &PostedMessage) -> bool {
    let to = posted
        .conversation
        .contact_data
        .as_ref()
        .and_then(|c| c.email.clone());
    let (Some(to), Some(message)) = (to, posted.message.as_ref()) else {
        return false;
    };
    if !target.config.email_replies {
        return false;
    }
    let Some(mailer) = crate::people::mail::Mailer::of(&target.env) else {
        return false;
    };
    let base = req
        .url()
        .map(|u| u.origin().ascii_serialization())
        .unwrap_or_default();
    let author = message
        .author
        .as_ref()
        .map(|a| a.name.clone())
        .unwrap_or_else(|| target.caller.name.clone());
    let mail = crate::people::mail::Reply {
        base: &base,
        token: &target.token,
        bot_name: target.config.bot_name.as_str(),
        chat: &target.chat_id,
        to: &to,
        text: &message.content,
        author: &author,
    };
    match mailer.send_reply(&target.env, &mail).await {
        Ok(sent) => sent,
        Err(e) => {
            worker::console_error!("emailing a reply: {}", e.message);
            false
        }
    }
}

/// `POST …/conversations/{id}/takeover` → `{"success":true,"conversation":{…}}`: a person
/// answers from now on; a reply being written stops there. Errors: 401, 403, 404.
pub async fn take_over(req: Request, ctx: Ctx) -> ApiResult {
    let target = Target::of(&req, &ctx).await?;
    let call = TakeoverRequest {
        operator: target.operator(),
        idle_ms: target.idle_ms(),
    };
    target.relay(call).await
}

/// `POST …/conversations/{id}/handback` → the conversation, answered by the AI again.
/// Errors: 401, 403, 404.
pub async fn hand_back(req: Request, ctx: Ctx) -> ApiResult {
    let target = Target::of(&req, &ctx).await?;
    target.relay(conversation::HandBack).await
}

/// `POST …/conversations/{id}/resolve` → the conversation, answered by the AI again; the
/// visitor's widget asks for a rating. Errors: 401, 403, 404.
pub async fn resolve(req: Request, ctx: Ctx) -> ApiResult {
    let target = Target::of(&req, &ctx).await?;
    target.relay(conversation::Resolve).await
}

/// `POST …/conversations/{id}/read` → the conversation with no unread messages.
/// Errors: 401, 403, 404.
pub async fn mark_read(req: Request, ctx: Ctx) -> ApiResult {
    let target = Target::of(&req, &ctx).await?;
    target.relay(conversation::MarkRead).await
}

/// `POST …/conversations/{id}/block {"minutes"?}` → the conversation: the visitor (this session
/// and the same browser's new chats) may not send messages, for `minutes` or until unblocked.
/// Errors: 400, 401, 403, 404.
pub async fn block(mut req: Request, ctx: Ctx) -> ApiResult {
    let target = Target::of(&req, &ctx).await?;
    let body: BlockRequest = body_json(&mut req).await?;
    let until = match body.minutes {
        None => i64::MAX,
        Some(m) if (1..=BLOCK_MAX_MINUTES).contains(&m) => now_ms() + i64::from(m) * 60_000,
        Some(_) => {
            return Err(ApiError::invalid(format!(
                "minutes must be 1 to {BLOCK_MAX_MINUTES}"
            )));
        }
    };
    target.set_block(Some(until)).await
}

/// `DELETE …/conversations/{id}/block` → the conversation, the visitor unblocked.
/// Errors: 401, 403, 404.
pub async fn unblock(req: Request, ctx: Ctx) -> ApiResult {
    let target = Target::of(&req, &ctx).await?;
    target.set_block(None).await
}

/// `POST …/conversations/{id}/proactive {"content"}` → 202 `{"success":true}`: delivered once,
/// at the visitor's next poll. Errors: 400, 401, 403, 404.
pub async fn proactive(mut req: Request, ctx: Ctx) -> ApiResult {
    let target = Target::of(&req, &ctx).await?;
    let body: OperatorMessageRequest = body_json(&mut req).await?;
    let call = ProactiveCall {
        token: target.token.clone(),
        chat_id: target.chat_id.clone(),
        operator: target.operator(),
        content: body.content.as_str().to_owned(),
    };
    let answer = target.call(call).await?;
    Ok(json_with_status(&answer, 202))
}

/// `POST /api/admin/bots/{token}/proactive {"content","sessions":[…]}` → 202
/// `{"success":true,"campaign_id","total"}`; `campaign:progress` events follow.
/// Errors: 400, 401, 403, 404.
pub async fn campaign(mut req: Request, ctx: Ctx) -> ApiResult {
    let (caller, token, _) = bot_access(&req, &ctx, Access::Answer).await?;
    let body: CampaignRequest = body_json(&mut req).await?;
    if body.sessions.is_empty() || body.sessions.len() > CAMPAIGN_MAX_SESSIONS {
        return Err(ApiError::invalid(format!(
            "sessions must list 1 to {CAMPAIGN_MAX_SESSIONS} chat ids"
        )));
    }
    let mut sessions: Vec<String> = body
        .sessions
        .iter()
        .map(|c| c.as_str().to_owned())
        .collect();
    sessions.dedup();
    let call = CampaignCall {
        bot: token.clone(),
        operator: assignee(&caller),
        content: body.content.as_str().to_owned(),
        sessions,
    };
    let started = hub::ask(&ctx.env, call).await?;
    Ok(json_with_status(&started, 202))
}

/// The operator as conversations record them.
fn assignee(caller: &Identity) -> Assignee {
    Assignee {
        id: caller.id.clone(),
        name: caller.name.clone(),
        avatar: caller.avatar.clone(),
    }
}

/// A conversation an operator acts on.
struct Target {
    caller: Identity,
    token: WidgetToken,
    config: BotConfig,
    chat_id: ChatId,
    env: worker::Env,
}

impl Target {
    /// The conversation `:id` of the bot `:token`, when the caller may answer it.
    async fn of(req: &Request, ctx: &Ctx) -> ApiResult<Self> {
        let (caller, token, config) = bot_access(req, ctx, Access::Answer).await?;
        // A chat id, or the conversation's number (as the stream's `done` frame gives it).
        let raw = ctx.param("id").cloned().unwrap_or_default();
        let chat_id = match ChatId::parse(&raw) {
            Ok(chat) => chat,
            Err(_) if crate::bots::numbers::is_number(&raw) => {
                crate::bots::numbers::chat_of(&ctx.env, &token, &raw)
                    .await?
                    .ok_or_else(|| ApiError::not_found("conversation"))?
            }
            Err(e) => {
                return Err(ApiError::new(
                    ErrorCode::InvalidChatId,
                    format!("conversation id {}", e.0),
                ));
            }
        };
        Ok(Self {
            caller,
            token,
            config,
            chat_id,
            env: ctx.env.clone(),
        })
    }

    fn operator(&self) -> Assignee {
        assignee(&self.caller)
    }

    fn idle_ms(&self) -> Option<i64> {
        self.config.operators.idle_return_minutes.as_ms()
    }

    /// Asks the conversation `call`; its answer.
    async fn call<A: Ask<Call = ConversationCall>>(&self, call: A) -> ApiResult<A::Answer> {
        conversation::ask(&self.env, &self.token, &self.chat_id, call).await
    }

    /// Asks the conversation `call` and answers the request with what it says.
    async fn relay<A: Ask<Call = ConversationCall>>(&self, call: A) -> ApiResult {
        json(&self.call(call).await?)
    }

    /// Blocks (or unblocks) the conversation, and the visitor's browser beyond it.
    async fn set_block(&self, until: Option<i64>) -> ApiResult {
        let blocked: Blocked = self.call(BlockCall { until }).await?;
        if let Some(visitor) = &blocked.visitor_id {
            blocks::set(&self.env, &self.token, visitor.as_str(), until).await?;
        }
        json(&ConversationResponse {
            success: true,
            conversation: blocked.conversation,
        })
    }
}

/// The list's filters from the query string.
/// The list's filters in the query string; `most`: the largest `limit`.
pub(super) fn filter(req: &Request, most: u32) -> ApiResult<ConversationFilter> {
    let flag = |name: &str| -> ApiResult<Option<bool>> {
        match query(req, name)?.as_deref() {
            None | Some("") => Ok(None),
            Some("true") | Some("1") => Ok(Some(true)),
            Some("false") | Some("0") => Ok(Some(false)),
            Some(_) => Err(ApiError::invalid(format!("{name} must be true or false"))),
        }
    };
    let time = |name: &str| -> ApiResult<Option<i64>> {
        match query(req, name)?.filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(raw) => parse_time(&raw).map(Some).ok_or_else(|| {
                ApiError::invalid(format!(
                    "{name} must be a date (2026-11-21), a time (2026-11-21T10:00:00Z) or milliseconds"
                ))
            }),
        }
    };
    let mode = match query(req, "mode")?.as_deref() {
        None | Some("") => None,
        Some(raw) => {
            Some(Mode::parse(raw).ok_or_else(|| ApiError::invalid("mode must be ai or operator"))?)
        }
    };
    let limit = match query(req, "limit")?.filter(|v| !v.is_empty()) {
        None => None,
        Some(raw) => Some(
            raw.parse::<u32>()
                .ok()
                .filter(|n| (1..=most).contains(n))
                .ok_or_else(|| ApiError::invalid(format!("limit must be 1 to {most}")))?,
        ),
    };
    let q = query(req, "q")?
        .map(|q| q.trim().to_owned())
        .filter(|q| !q.is_empty());
    if q.as_ref().is_some_and(|q| q.chars().count() > 200) {
        return Err(ApiError::invalid("q must be at most 200 characters"));
    }
    let assignee = query(req, "assignee")?.filter(|a| !a.is_empty());
    if assignee
        .as_ref()
        .is_some_and(|a| a.len() > 64 || !a.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
    {
        return Err(ApiError::invalid(
            "assignee must be an operator's id, owner or none",
        ));
    }
    let rating = match query(req, "rating")?.filter(|v| !v.is_empty()) {
        None => None,
        Some(raw) => Some(
            raw.parse::<u8>()
                .ok()
                .filter(|r| (1..=5).contains(r))
                .ok_or_else(|| ApiError::invalid("rating must be 1 to 5"))?,
        ),
    };
    Ok(ConversationFilter {
        q,
        assignee,
        rating,
        resolved: flag("resolved")?,
        mode,
        waiting: flag("waiting")?,
        unread: flag("unread")?,
        has_contact: flag("has_contact")?,
        rated: flag("rated")?,
        blocked: flag("blocked")?,
        from: time("from")?,
        to: time("to")?,
        limit,
        cursor: query(req, "cursor")?.filter(|c| !c.is_empty() && c.len() <= 100),
    })
}

/// Milliseconds since the epoch from `2026-11-21`, an RFC 3339 time, or a number of ms.
fn parse_time(raw: &str) -> Option<i64> {
    if let Ok(ms) = raw.parse::<i64>() {
        return Some(ms);
    }
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(raw) {
        return Some(t.timestamp_millis());
    }
    chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc().timestamp_millis())
}

#[cfg(test)]
mod tests {
    use super::parse_time;

    #[test]
    fn times_are_read_from_dates_rfc3339_and_milliseconds() {
        assert_eq!(parse_time("0"), Some(0));
        assert_eq!(parse_time("1970-01-02"), Some(86_400_000));
        assert_eq!(parse_time("1970-01-01T00:00:01Z"), Some(1_000));
        assert_eq!(parse_time("yesterday"), None);
    }
}
