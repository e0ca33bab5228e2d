//! The gate of every public endpoint a widget token opens: the client's rate limit, the bot
//! (404 for an unknown one), and the page's origin when the bot's owner listed their sites
//! (403 `origin_not_allowed` for any other, so nobody can put the bot on their own site and
//! spend its owner's AI budget). The service's own pages (the console's preview, the demo
//! page) are always admitted.

use crate::bots;
use crate::web::error::{ApiError, ApiResult};
use crate::web::ratelimit::{self, Limit};
use porthole_shared::{BotConfig, ErrorCode, WidgetToken};
use worker::{Env, Request};

/// Counts the request against `limit`, then finds the bot and checks the page origin.
pub async fn admit(
    req: &Request,
    env: &Env,
    token: &WidgetToken,
    limit: Limit,
) -> ApiResult<BotConfig> {
    ratelimit::check(req, env, limit, token).await?;
    let config = bots::require(env, token).await?;
    check_origin(req, &config)?;
    Ok(config)
}

/// 403 `origin_not_allowed` unless the page `req` came from may use the bot.
pub fn check_origin(req: &Request, config: &BotConfig) -> ApiResult<()> {
    let access = &config.access;
    let Some(first) = access.allowed_origins.first() else {
        return Ok(());
    };
    let page = page_origin(req);
    let own = req.url().ok().map(|u| u.origin().ascii_serialization());
    if (page.is_some() && page == own) || access.admits(page.as_deref()) {
        return Ok(());
    }
    let mut err = ApiError::new(
        ErrorCode::OriginNotAllowed,
        "this assistant is not available on this site",
    );
    err.allow_origin = Some(first.as_str().to_owned());
    Err(err)
}

/// The page's origin: the `Origin` header, or the origin of `Referer` (a same-origin `GET`
/// carries no `Origin`).
fn page_origin(req: &Request) -> Option<String> {
    let header = |name: &str| req.headers().get(name).ok().flatten();
    if let Some(origin) = header("Origin").filter(|o| !o.is_empty() && o != "null") {
        return Some(origin);
    }
    let referer = header("Referer")?;
    let url = worker::Url::parse(&referer).ok()?;
    url.has_host().then(|| url.origin().ascii_serialization())
}
