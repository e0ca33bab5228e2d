//! Admin: try a question on a bot without a visitor — what the knowledge base finds, the reply
//! the bot's responder writes (with its saved AI settings, or a draft of them), its sources and
//! evaluation, or the provider's failure in plain words. Nothing is stored in a conversation;
//! an LLM's tokens count in the bot's usage like any other.

use super::{Access, bot_access};
use crate::ai::stop::Stop;
use crate::ai::{self, AiError, Outcome, ReplySink, TurnInput};
use crate::knowledge::evaluate::evaluate;
use crate::knowledge::lang::Lang;
use crate::platform::bindings;
use crate::platform::clock::now_ms;
use crate::routes::Ctx;
use crate::web::error::ApiResult;
use crate::web::respond::{body_json, json};
use porthole_shared::BotConfig;
use porthole_shared::admin::{TestAnswer, TestPassage, TestQuestion};
use porthole_shared::ai::ResponderKind;
use worker::{Env, Request};

/// The reply, gathered whole.
#[derive(Default)]
struct Gathered(String);

impl ReplySink for Gathered {
    fn chunk(&mut self, text: &str) {
        self.0.push_str(text);
    }
}

/// `POST /api/admin/bots/{token}/test-question {"question","ai"?,"lang"?}` → `{"success":true,"reply",
/// "sources","passages":[{"title","url","text","used"}],"fell_back","evaluation","responder",
/// "model"?,"prompt_tokens"?,"completion_tokens"?,"elapsed_ms","error"?}`. A provider's failure
/// is reported in `error`, not as a refusal. Errors: 400 (bad body or AI fields), 401, 403, 404,
/// 413 (body over 256 KiB).
pub async fn test_question(mut req: Request, ctx: Ctx) -> ApiResult {
    let (_, token, mut config) = bot_access(&req, &ctx, Access::Manage).await?;
    let ask: TestQuestion = body_json(&mut req).await?;
    if let Some(draft) = ask.ai {
        config.ai.apply(draft);
    }
    // The owner waits for the whole reply: no pacing.
    config.stream_pace_ms = 0;
    let question = ask.question.as_str();
    let started = now_ms();
    let lang = ask.lang.as_deref().and_then(Lang::from_tag);
    let retrieved =
        crate::objects::bot::retrieve(&ctx.env, &token, &config.ai.embeddings, question, lang)
            .await?;
    let stop = Stop::default();
    let mut reply = Gathered::default();
    let input = TurnInput {
        message: question,
        history: &[],
        retrieved: &retrieved,
        config: &config,
        lang,
        stop: &stop,
    };
    let (outcome, error) = match ai::respond(input, &ctx.env, &mut reply).await {
        Ok(outcome) => (outcome, None),
        Err(e) => {
            let outcome = Outcome {
                usage: e.usage.clone(),
                ..Outcome::default()
            };
            (outcome, Some(explain(&e, &config, &ctx.env)))
        }
    };
    if let Some(usage) = outcome.usage.clone()
        && let Err(e) = crate::objects::bot::record_usage(&ctx.env, &token, usage).await
    {
        worker::console_error!("usage of a test question: {}", e.message);
    }
    let evaluation = evaluate(
        &reply.0,
        outcome.fell_back,
        &outcome.sources,
        &retrieved.passages,
    );
    // A curated answer given as written cites only its link: it is used when the reply is it.
    let gave_curated = |i: usize, p: &crate::knowledge::compose::Passage| {
        i == 0 && retrieved.curated && reply.0.trim() == p.body.trim()
    };
    let passages = retrieved
        .passages
        .iter()
        .enumerate()
        .map(|(i, p)| TestPassage {
            title: p.title.clone(),
            url: p.url.clone(),
            text: p.body.clone(),
            used: gave_curated(i, p)
                || outcome
                    .sources
                    .iter()
                    .any(|s| s.title == p.title && s.url == p.url),
            curated: p.curated,
        })
        .collect();
    json(&TestAnswer {
        success: true,
        reply: reply.0,
        sources: outcome.sources,
        passages,
        fell_back: outcome.fell_back,
        evaluation,
        responder: config.ai.responder.as_str().to_owned(),
        model: outcome.usage.as_ref().map(|u| u.model.clone()),
        prompt_tokens: outcome.usage.as_ref().map(|u| u.prompt_tokens),
        completion_tokens: outcome.usage.as_ref().map(|u| u.completion_tokens),
        elapsed_ms: u64::try_from(now_ms() - started).unwrap_or(0),
        error,
    })
}

/// A responder's failure for the owner: what a visitor would read, what actually happened,
/// and the likely fix when the key's secret is missing.
fn explain(e: &AiError, config: &BotConfig, env: &Env) -> String {
    let secret = config.ai.api_key_secret.as_str();
    let missing =
        config.ai.responder == ResponderKind::Openai && bindings::var(env, secret).is_none();
    let hint = if missing {
        format!(
            " No secret named {secret} is set on this service: add it with `npx wrangler secret put {secret}` (or in .dev.vars when developing)."
        )
    } else {
        String::new()
    };
    format!("{} What happened: {}.{hint}", e.message, e.detail)
}
