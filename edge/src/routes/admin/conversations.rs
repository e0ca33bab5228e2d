//! Admin: a bot's conversations — the index (newest first) and each conversation's messages
//! with their times, for an agent to read.

use super::{known_bot, relay};
use crate::error::{ApiError, ApiResult};
use crate::objects::rpc;
use crate::respond::json;
use crate::routes::Ctx;
use porthole_shared::admin::ConversationRecord;
use porthole_shared::{ChatId, ErrorCode};
use worker::{Method, Request};

/// `GET /api/admin/bots/{token}/conversations` → `{"success":true,"conversations":[…]}`.
/// Errors: 401, 404.
pub async fn list(req: Request, ctx: Ctx) -> ApiResult {
    let token = known_bot(&req, &ctx).await?;
    relay::<()>(&ctx, &token, Method::Get, "/conversations", None, 200).await
}

/// `GET /api/admin/bots/{token}/conversations/{chat_id}` → `{"success":true,"chat_id",
/// "messages":[{"id","role","content","created_at",…}]}`. Errors: 400 `invalid_chat_id`, 401, 404.
pub async fn read(req: Request, ctx: Ctx) -> ApiResult {
    let token = known_bot(&req, &ctx).await?;
    let raw = ctx.param("chat_id").cloned().unwrap_or_default();
    let chat_id = ChatId::parse(&raw)
        .map_err(|e| ApiError::new(ErrorCode::InvalidChatId, format!("chat_id {}", e.0)))?;
    let stub = rpc::conversation(&ctx.env, &token, &chat_id)?;
    let body: ConversationRecord =
        rpc::call::<(), _>(&stub, Method::Get, "/transcript", None).await?;
    json(&body)
}
