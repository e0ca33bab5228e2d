//! Admin: a bot's conversations — the index (newest first) and each conversation's messages
//! with their times, for an agent to read.

use super::authorize;
use super::knowledge::known_bot;
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
    authorize(&req, &ctx.env)?;
    let token = known_bot(&ctx).await?;
    let body: serde_json::Value = rpc::call::<(), _>(
        &rpc::bot(&ctx.env, &token)?,
        Method::Get,
        "/conversations",
        None,
    )
    .await?;
    json(&body)
}

/// `GET /api/admin/bots/{token}/conversations/{chat_id}` → `{"success":true,"chat_id",
/// "messages":[{"id","role","content","created_at",…}]}`. Errors: 400 `invalid_chat_id`, 401, 404.
pub async fn read(req: Request, ctx: Ctx) -> ApiResult {
    authorize(&req, &ctx.env)?;
    let token = known_bot(&ctx).await?;
    let raw = ctx.param("chat_id").cloned().unwrap_or_default();
    let chat_id = ChatId::parse(&raw).map_err(|e| ApiError::new(ErrorCode::InvalidChatId, e.0))?;
    let body: ConversationRecord = rpc::call::<(), _>(
        &rpc::conversation(&ctx.env, &token, &chat_id)?,
        Method::Get,
        "/transcript",
        None,
    )
    .await?;
    json(&body)
}
