//! Names of the bindings and variables declared in `wrangler.toml`, in one place.

/// KV namespace holding each bot's [`porthole_shared::BotConfig`] under `bot:{token}`.
pub const CONFIG_KV: &str = "CONFIG";
/// Durable Object namespace: one [`crate::objects::bot::Bot`] per bot.
pub const BOT_DO: &str = "BOT";
/// Durable Object namespace: one [`crate::objects::conversation::Conversation`] per chat.
pub const CONVERSATION_DO: &str = "CONVERSATION";
/// Durable Object namespace: the one [`crate::objects::hub::Hub`] (dashboard sockets, events,
/// inbox index).
pub const HUB_DO: &str = "HUB";
/// Durable Object namespace: the one [`crate::objects::directory::Directory`] (operators).
pub const DIRECTORY_DO: &str = "DIRECTORY";
/// R2 bucket of the images visitors send.
pub const UPLOADS: &str = "UPLOADS";
/// Rate limiter for `POST /api/v1/chat/upload-image` (10 per 60 s).
pub const UPLOAD_LIMITER: &str = "UPLOAD_LIMITER";
/// Rate limiter for public reads: history, polls, stream reconnects (300 per 60 s).
pub const READ_LIMITER: &str = "READ_LIMITER";
/// Rate limiter for other public writes: contact, rating, votes, … (60 per 60 s).
pub const WRITE_LIMITER: &str = "WRITE_LIMITER";
/// Rate limiter for `POST /api/widget/ping` (30 per 60 s).
pub const PING_LIMITER: &str = "PING_LIMITER";
/// Rate limiter for messages (20 per 60 s).
pub const MESSAGE_LIMITER: &str = "MESSAGE_LIMITER";

/// Secret: the admin API's bearer token (plain; fine for development).
pub const ADMIN_TOKEN: &str = "ADMIN_TOKEN";
/// Secret: SHA-256 (hex) of the admin bearer token, preferred in production.
pub const ADMIN_TOKEN_SHA256: &str = "ADMIN_TOKEN_SHA256";
/// `development` lets a short `ADMIN_TOKEN` through (`.dev.vars`, tests); unset in production.
pub const ENVIRONMENT: &str = "ENVIRONMENT";
/// Rate limiter for wrong admin tokens and dashboard JWTs, per client address (30 per 60 s).
pub const AUTH_LIMITER: &str = "AUTH_LIMITER";
/// Secret: the key that signs dashboard JWTs (HS256), at least 32 characters.
pub const JWT_SECRET: &str = "JWT_SECRET";
/// Variable: the demo bot's token; when set, `/` serves the demo page embedding it.
pub const DEMO_BOT_TOKEN: &str = "DEMO_BOT_TOKEN";
/// Variable: `"off"` lifts the rate limits (development and benchmarks only).
pub const RATE_LIMITS: &str = "RATE_LIMITS";
/// Variable: `"on"` serves the benchmark's floor route (`crate::routes::floor`; benchmarks only).
pub const BENCH_FLOOR: &str = "BENCH_FLOOR";
/// Variable: seconds between SSE keep-alive comments while a reply is pending (default 15).
pub const SSE_KEEPALIVE_SECS: &str = "SSE_KEEPALIVE_SECS";
/// Variable: seconds to wait for a model provider's first byte and between pieces (default 30).
pub const AI_TIMEOUT_SECS: &str = "AI_TIMEOUT_SECS";
/// Variable: most characters one bot's knowledge base may hold (default 20,000,000).
pub const KNOWLEDGE_MAX_CHARS: &str = "KNOWLEDGE_MAX_CHARS";
/// Variable: the first wait before retrying a webhook delivery, in ms (default 10,000; the
/// next waits are multiples of it).
pub const WEBHOOK_RETRY_BASE_MS: &str = "WEBHOOK_RETRY_BASE_MS";
/// The Workers AI binding (declared on deploy only: it cannot run locally).
pub const AI: &str = "AI";
/// Variable: an OpenAI-compatible embeddings endpoint's base (`…/v1`) that bots on `auto`
/// embed with (before Workers AI). `make dev`, the tests and the benchmarks set it to the local
/// model (`scripts/embeddings`).
pub const EMBEDDINGS_URL: &str = "EMBEDDINGS_URL";
/// Variable: the model of [`EMBEDDINGS_URL`] (default `multilingual-e5-small`).
pub const EMBEDDINGS_MODEL: &str = "EMBEDDINGS_MODEL";
/// Secret: the key of [`EMBEDDINGS_URL`], when it wants one.
pub const EMBEDDINGS_API_KEY: &str = "EMBEDDINGS_API_KEY";

/// Variable: `unavailable` where `wrangler.toml` declares the [`AI`] binding but it cannot run
/// (`wrangler dev --local`, which `make dev`, the tests and the benchmarks use: there the binding
/// is a stand-in that fails every call). The binding then counts as absent.
pub const WORKERS_AI: &str = "WORKERS_AI";

/// The Workers AI binding, when the deployment has a usable one.
pub fn workers_ai(env: &worker::Env) -> worker::Result<worker::Ai> {
    if var(env, WORKERS_AI).as_deref() == Some("unavailable") {
        return Err(worker::Error::RustError(format!(
            "the `{AI}` binding cannot run here ({WORKERS_AI}=unavailable)"
        )));
    }
    env.ai(AI)
}

/// A positive whole number from a variable (the tests' knobs for delays), `None` otherwise.
pub fn millis(env: &worker::Env, name: &str) -> Option<i64> {
    var(env, name)?.parse().ok().filter(|v| *v > 0)
}

/// Reads a plain variable or secret, `None` when unset or empty.
pub fn var(env: &worker::Env, name: &str) -> Option<String> {
    env.var(name)
        .map(|v| v.to_string())
        .or_else(|_| env.secret(name).map(|s| s.to_string()))
        .ok()
        .filter(|s| !s.is_empty())
}

/// Every key of `kv` under `prefix`, with its metadata: all the pages of the listing.
pub async fn kv_keys(
    kv: &worker::KvStore,
    prefix: &str,
) -> Result<Vec<worker::kv::Key>, worker::KvError> {
    let mut keys = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut request = kv.list().prefix(prefix.to_owned()).limit(1000);
        if let Some(c) = cursor.take() {
            request = request.cursor(c);
        }
        let page = request.execute().await?;
        keys.extend(page.keys);
        if page.list_complete || page.cursor.is_none() {
            return Ok(keys);
        }
        cursor = page.cursor;
    }
}
