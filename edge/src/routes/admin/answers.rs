//! Admin: a bot's curated answers — its own answers to questions, in several wordings, that
//! win over the documents when a visitor asks one of them closely (`crate::knowledge::curated`).
//! Owners and the agents given the bot may change them (they are how the team corrects the
//! bot). The Bot object keeps and indexes them with the documents; a change is answered from at once
//! in this isolate (its snapshot is forgotten, `crate::objects::bot::snapshots`).

use super::{Access, bot_access, relay};
use crate::objects::bot::{self, SaveAnswer};
use crate::platform::clock::now_ms;
use crate::routes::Ctx;
use crate::web::error::{ApiError, ApiResult};
use crate::web::respond::body_json_within;
use porthole_shared::admin::parse_document_id;
use porthole_shared::answers::AnswerInput;
use worker::Request;

/// Largest body of a curated answer, in bytes (20 wordings of 300 characters and an answer of
/// 4,000, in four-byte characters, with room for JSON).
const ANSWER_BODY_MAX_BYTES: usize = 64 * 1024;

/// `GET /api/admin/bots/{token}/answers` → `{"success":true,"answers":[…]}`, newest first.
/// Errors: 401, 403, 404.
pub async fn list(req: Request, ctx: Ctx) -> ApiResult {
    let (_, token, _) = bot_access(&req, &ctx, Access::Answer).await?;
    relay(&ctx, &token, bot::ListAnswers, 200).await
}

/// `POST /api/admin/bots/{token}/answers {"questions":[…],"answer","url"?}` → 201 with the
/// stored answer. Errors: 400 (bad body, too many answers), 401, 403, 404, 413 (knowledge base
/// too large).
pub async fn add(mut req: Request, ctx: Ctx) -> ApiResult {
    let (_, token, _) = bot_access(&req, &ctx, Access::Answer).await?;
    let answer: AnswerInput = body_json_within(&mut req, ANSWER_BODY_MAX_BYTES).await?;
    let ask = SaveAnswer {
        answer,
        now: now_ms(),
    };
    let saved = relay(&ctx, &token, ask, 201).await;
    crate::objects::bot::snapshots::forget(&token);
    saved
}

/// `PUT /api/admin/bots/{token}/answers/{id}` (the same body) → the answer as now stored.
/// Errors: 400, 401, 403, 404, 413.
pub async fn replace(mut req: Request, ctx: Ctx) -> ApiResult {
    let (_, token, _) = bot_access(&req, &ctx, Access::Answer).await?;
    let id = answer_id(&ctx)?;
    let answer: AnswerInput = body_json_within(&mut req, ANSWER_BODY_MAX_BYTES).await?;
    let ask = SaveAnswer {
        answer,
        now: now_ms(),
    };
    let put = bot::PutAnswer {
        id: id.to_string(),
        answer: ask,
    };
    let saved = relay(&ctx, &token, put, 200).await;
    crate::objects::bot::snapshots::forget(&token);
    saved
}

/// `DELETE /api/admin/bots/{token}/answers/{id}` → `{"success":true}`. Errors: 401, 403, 404.
pub async fn delete(req: Request, ctx: Ctx) -> ApiResult {
    let (_, token, _) = bot_access(&req, &ctx, Access::Answer).await?;
    let id = answer_id(&ctx)?.to_string();
    let deleted = relay(&ctx, &token, bot::DeleteAnswer { id }, 200).await;
    crate::objects::bot::snapshots::forget(&token);
    deleted
}

/// The answer's id from the path: a positive number written plainly, else 404.
fn answer_id(ctx: &Ctx) -> ApiResult<i64> {
    ctx.param("id")
        .and_then(|id| parse_document_id(id))
        .ok_or_else(|| ApiError::not_found("curated answer"))
}
