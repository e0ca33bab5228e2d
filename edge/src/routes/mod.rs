//! The router: every endpoint, its method and its handler, in one table. Handlers return
//! [`ApiResult`]; [`finish`] turns refusals into JSON errors and adds CORS, so every answer
//! under `/api/` is JSON (or SSE) with the right status, whatever went wrong.

pub mod admin;
pub mod chat;
pub mod demo;
pub mod widget;

use crate::cors;
use crate::error::{ApiError, ApiResult};
use porthole_shared::ErrorCode;
use porthole_shared::WidgetToken;
use worker::{Context, Request, Response, RouteContext, Router};

/// What every handler can reach besides the request and the environment.
pub struct AppData {
    /// The fetch event's context (for work that outlives the response).
    pub ctx: Context,
}

/// A handler's context.
pub type Ctx = RouteContext<AppData>;

/// Wraps an [`ApiResult`] handler into the router's handler shape.
macro_rules! api {
    ($handler:path) => {
        |req, ctx| async move { Ok(finish($handler(req, ctx).await)) }
    };
}

/// Builds the router.
pub fn router<'a>(ctx: Context) -> Router<'a, AppData> {
    Router::with_data(AppData { ctx })
        .options_async("/api/*path", |_, _| async { Ok(cors::preflight()) })
        // Seed 000: the widget API.
        .get_async("/api/widget/config", api!(widget::config))
        .post_async("/api/widget/ping", api!(widget::ping))
        .post_async("/api/widget/message", api!(widget::message))
        // Seed 003: streaming and history.
        .post_async("/api/v1/chat/stream", api!(chat::stream))
        .get_async("/api/v1/chat/history", api!(chat::history))
        // Admin API.
        .get_async("/api/admin/bots", api!(admin::bots::list))
        .post_async("/api/admin/bots", api!(admin::bots::create))
        .get_async("/api/admin/bots/:token", api!(admin::bots::read))
        .patch_async("/api/admin/bots/:token", api!(admin::bots::update))
        .put_async("/api/admin/bots/:token", api!(admin::bots::replace))
        .delete_async("/api/admin/bots/:token", api!(admin::bots::delete))
        .get_async(
            "/api/admin/bots/:token/documents",
            api!(admin::knowledge::list),
        )
        .post_async(
            "/api/admin/bots/:token/documents",
            api!(admin::knowledge::add),
        )
        .delete_async(
            "/api/admin/bots/:token/documents/:id",
            api!(admin::knowledge::delete),
        )
        .get_async(
            "/api/admin/bots/:token/conversations",
            api!(admin::conversations::list),
        )
        .get_async(
            "/api/admin/bots/:token/conversations/:chat_id",
            api!(admin::conversations::read),
        )
        .get_async(
            "/api/admin/bots/:token/llm-usage-statistics",
            api!(admin::usage::statistics),
        )
        // The demo host page (development).
        .get_async("/", |req, ctx| async move { demo::page(req, ctx).await })
        .get_async(
            "/demo",
            |req, ctx| async move { demo::page(req, ctx).await },
        )
        .or_else_any_method_async("/api/*path", |_, _| async {
            Ok(finish(Err(ApiError::new(
                ErrorCode::NotFound,
                "no such endpoint",
            ))))
        })
}

/// The response for a handler's result, with CORS headers.
pub fn finish(result: ApiResult) -> Response {
    cors::apply(result.unwrap_or_else(ApiError::into_response))
}

/// The router answers a known path with the wrong method with a plain-text 405; give it the
/// API's JSON shape instead.
pub fn normalize(response: Response) -> Response {
    let is_json = response
        .headers()
        .get("Content-Type")
        .ok()
        .flatten()
        .is_some_and(|t| {
            t.starts_with("application/json")
                || t.starts_with("text/event-stream")
                || t.starts_with("text/html")
        });
    match response.status_code() {
        405 if !is_json => finish(Err(ApiError::new(
            ErrorCode::MethodNotAllowed,
            "this endpoint does not accept that method",
        ))),
        404 if !is_json => finish(Err(ApiError::new(ErrorCode::NotFound, "no such endpoint"))),
        _ => response,
    }
}

/// A widget token from the query string; 404 when absent or malformed.
pub fn query_token(req: &Request, name: &str) -> ApiResult<WidgetToken> {
    query(req, name)?
        .and_then(|raw| WidgetToken::parse(&raw).ok())
        .ok_or_else(ApiError::unknown_token)
}

/// A query-string parameter.
pub fn query(req: &Request, name: &str) -> ApiResult<Option<String>> {
    Ok(req
        .url()?
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned()))
}

/// The `:token` path parameter; 404 when malformed.
pub fn path_token(ctx: &Ctx) -> ApiResult<WidgetToken> {
    ctx.param("token")
        .and_then(|raw| WidgetToken::parse(raw).ok())
        .ok_or_else(ApiError::unknown_token)
}
