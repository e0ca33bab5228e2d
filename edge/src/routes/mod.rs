//! The router: every endpoint, its method and its handler, in one table. Handlers return
//! [`ApiResult`]; [`finish`] turns refusals into JSON errors and adds CORS, so every answer
//! under `/api/` is JSON (or SSE) with the right status, whatever went wrong.

pub mod admin;
pub mod auth;
pub mod channel;
pub mod chat;
pub mod console;
pub mod demo;
pub mod email;
pub mod extras;
pub mod floor;
pub mod identify;
pub mod openapi;
pub mod reports;
pub mod setup;
pub mod share;
mod table;
pub mod tenant;
pub mod visitor;
pub mod webchat;
pub mod widget;
pub mod widgets;

use crate::web::cors;
use crate::web::error::{ApiError, ApiResult, ErrorShape};
use porthole_shared::ErrorCode;
use porthole_shared::request::token_reader;
use porthole_shared::{ChatId, WidgetToken};
pub use table::{Ctx, Table};
use worker::{Context, Request, Response};

/// What every handler can reach besides the request and the environment.
pub struct AppData {
    /// The fetch event's context (for work that outlives the response).
    pub ctx: Context,
}

/// Wraps an [`ApiResult`] handler into the router's handler shape: errors in the standard
/// shape, or in a seed's own (`api!(h, Channel)`: seed 001's `{"ok":false,…}`; `api!(h,
/// Detail)`: seed 004's `{"detail":…}`).
macro_rules! api {
    ($handler:path) => {
        api!($handler, Standard)
    };
    ($handler:path, $shape:ident) => {
        |req, ctx| async move {
            let origin = cors::origin(&req);
            Ok(finish_for(
                $handler(req, ctx).await,
                ErrorShape::$shape,
                origin,
            ))
        }
    };
}

/// Builds the route table (once per isolate: see [`table`]).
pub fn table() -> Table {
    Table::new()
        .options_async("/api/*path", |_, _| async { Ok(cors::preflight()) })
        // Seed 000: the widget API.
        .get_async("/api/widget/config", api!(widget::config))
        .post_async("/api/widget/ping", api!(widget::ping))
        .post_async("/api/widget/message", api!(widget::message))
        .post_async("/api/widget/identify", api!(identify::identify))
        .get_async("/api/email/unsubscribe", api!(email::unsubscribe))
        .post_async("/api/email/unsubscribe", api!(email::unsubscribe))
        // Seed 003: streaming, history, and the visitor's side of a live conversation.
        .post_async("/api/v1/chat/stream", api!(chat::stream))
        .get_async("/api/v1/chat/history", api!(chat::history))
        .get_async(
            "/api/v1/chat/operator-messages",
            api!(visitor::operator_messages),
        )
        .get_async("/api/v1/chat/block-status", api!(visitor::block_status))
        .get_async(
            "/api/v1/chat/pending-proactive",
            api!(visitor::pending_proactive),
        )
        .post_async("/api/v1/chat/handoff", api!(visitor::handoff))
        .post_async("/api/v1/chat/stop", api!(visitor::stop))
        .post_async("/api/v1/chat/email", api!(extras::email))
        .post_async("/api/v1/chat/contact", api!(extras::contact))
        .post_async("/api/v1/chat/transcript", api!(extras::transcript))
        .post_async("/api/v1/chat/rate", api!(extras::rate))
        .post_async("/api/v1/chat/rate/comment", api!(extras::rate_comment))
        .post_async("/api/v1/chat/feedback", api!(extras::feedback))
        .post_async("/api/v1/chat/upload-image", api!(extras::upload_image))
        .get_async("/api/v1/chat/images/:token/:file", api!(extras::image))
        .post_async("/api/v1/chat/share", api!(share::create))
        .get_async("/share/:id", |req, ctx| async move {
            share::page(req, ctx).await
        })
        // Seed 002: dashboard sign-in and the tenant socket.
        .post_async("/api/auth/login", api!(auth::login))
        .post_async("/api/auth/refresh", api!(auth::refresh))
        .post_async("/api/auth/accept", api!(admin::invitations::accept))
        .get_async("/api/auth/me", api!(auth::me))
        .patch_async("/api/auth/me", api!(auth::update_me))
        // A deployment without an admin-token secret: its first visit.
        .get_async("/api/auth/setup", api!(setup::status))
        .post_async("/api/auth/setup", api!(setup::complete))
        .get_async("/api/ws/tenant", |req, ctx| async move {
            tenant::socket(req, ctx).await
        })
        // Seed 001: the API channel.
        .post_async("/api/v1/conversations", api!(channel::start, Channel))
        .post_async(
            "/api/v1/conversation/:id/messages",
            api!(channel::send, Channel),
        )
        .get_async(
            "/api/v1/conversation/:id/messages",
            api!(channel::messages, Channel),
        )
        // Seed 002: the widget-token API.
        .post_async("/api/widgets/:widgetId/track", api!(widgets::track))
        .post_async("/api/widgets/:widgetId/chat", api!(widgets::chat))
        .get_async("/api/widgets/:widgetId/config", api!(widgets::config))
        .get_async("/api/widgets/:widgetId/avatar.svg", api!(widgets::avatar))
        .post_async(
            "/api/widgets/:widgetId/voice/start",
            api!(widgets::voice_start),
        )
        // Seed 004, with Api-Key (with and without the seed's trailing slash).
        .get_async("/api/web-chats/:id/", api!(webchat::read, Detail))
        .get_async("/api/web-chats/:id", api!(webchat::read, Detail))
        .patch_async("/api/web-chats/:id/", api!(webchat::update, Detail))
        .patch_async("/api/web-chats/:id", api!(webchat::update, Detail))
        .get_async(
            "/api/chatbots/:id/llm-usage-statistics/",
            api!(webchat::usage, Detail),
        )
        .get_async(
            "/api/chatbots/:id/llm-usage-statistics",
            api!(webchat::usage, Detail),
        )
        .get_async(
            "/api/chatbots/:id/statistics/",
            api!(webchat::statistics, Detail),
        )
        .get_async(
            "/api/chatbots/:id/statistics",
            api!(webchat::statistics, Detail),
        )
        .patch_async(
            "/api/chatbots/:id/enable-evaluation/",
            api!(webchat::enable_evaluation, Detail),
        )
        .patch_async(
            "/api/chatbots/:id/enable-evaluation",
            api!(webchat::enable_evaluation, Detail),
        )
        // Admin and dashboard API.
        .get_async("/api/admin/operators", api!(admin::operators::list))
        .post_async("/api/admin/operators", api!(admin::operators::create))
        .post_async(
            "/api/admin/operators/invitations",
            api!(admin::invitations::create),
        )
        .get_async("/api/admin/operators/:id", api!(admin::operators::read))
        .patch_async("/api/admin/operators/:id", api!(admin::operators::update))
        .delete_async("/api/admin/operators/:id", api!(admin::operators::delete))
        .get_async("/api/admin/bots", api!(admin::bots::list))
        .post_async("/api/admin/bots", api!(admin::bots::create))
        .get_async("/api/admin/bots/:token", api!(admin::bots::read))
        .patch_async("/api/admin/bots/:token", api!(admin::bots::update))
        .put_async("/api/admin/bots/:token", api!(admin::bots::replace))
        .delete_async("/api/admin/bots/:token", api!(admin::bots::delete))
        .post_async(
            "/api/admin/bots/:token/test-question",
            api!(admin::trial::test_question),
        )
        .get_async(
            "/api/admin/bots/:token/documents",
            api!(admin::knowledge::list),
        )
        .post_async(
            "/api/admin/bots/:token/documents",
            api!(admin::knowledge::add),
        )
        .get_async(
            "/api/admin/bots/:token/documents/:id",
            api!(admin::knowledge::read),
        )
        .put_async(
            "/api/admin/bots/:token/documents/:id",
            api!(admin::knowledge::replace),
        )
        .delete_async(
            "/api/admin/bots/:token/documents/:id",
            api!(admin::knowledge::delete),
        )
        .get_async("/api/admin/bots/:token/answers", api!(admin::answers::list))
        .post_async("/api/admin/bots/:token/answers", api!(admin::answers::add))
        .put_async(
            "/api/admin/bots/:token/answers/:id",
            api!(admin::answers::replace),
        )
        .delete_async(
            "/api/admin/bots/:token/answers/:id",
            api!(admin::answers::delete),
        )
        .get_async("/api/admin/replies", api!(admin::replies::list))
        .post_async("/api/admin/replies", api!(admin::replies::add))
        .put_async("/api/admin/replies/:id", api!(admin::replies::replace))
        .delete_async("/api/admin/replies/:id", api!(admin::replies::delete))
        .get_async("/api/admin/bots/:token/sites", api!(admin::sites::list))
        .post_async("/api/admin/bots/:token/sites", api!(admin::sites::add))
        .get_async("/api/admin/bots/:token/sites/:id", api!(admin::sites::get))
        .patch_async(
            "/api/admin/bots/:token/sites/:id",
            api!(admin::sites::update),
        )
        .delete_async(
            "/api/admin/bots/:token/sites/:id",
            api!(admin::sites::delete),
        )
        .post_async(
            "/api/admin/bots/:token/sites/:id/sync",
            api!(admin::sites::sync),
        )
        .post_async(
            "/api/admin/bots/:token/sites/:id/cancel",
            api!(admin::sites::cancel),
        )
        .get_async(
            "/api/admin/bots/:token/sites/:id/pages",
            api!(admin::sites::pages),
        )
        .get_async("/api/admin/bots/:token/gaps", api!(admin::gaps::list))
        .post_async(
            "/api/admin/bots/:token/gaps/dismiss",
            api!(admin::gaps::dismiss),
        )
        .get_async(
            "/api/admin/conversations",
            api!(admin::conversations::list_all),
        )
        .get_async(
            "/api/admin/conversations/export",
            api!(admin::export::export),
        )
        .get_async(
            "/api/admin/bots/:token/conversations",
            api!(admin::conversations::list),
        )
        .get_async(
            "/api/admin/bots/:token/conversations/:id",
            api!(admin::conversations::read),
        )
        .delete_async(
            "/api/admin/bots/:token/conversations/:id",
            api!(admin::conversations::erase),
        )
        .get_async(
            "/api/admin/bots/:token/conversations/:id/stream",
            api!(admin::conversations::watch),
        )
        .post_async(
            "/api/admin/bots/:token/conversations/:id/messages",
            api!(admin::conversations::reply),
        )
        .post_async(
            "/api/admin/bots/:token/conversations/:id/takeover",
            api!(admin::conversations::take_over),
        )
        .post_async(
            "/api/admin/bots/:token/conversations/:id/handback",
            api!(admin::conversations::hand_back),
        )
        .post_async(
            "/api/admin/bots/:token/conversations/:id/read",
            api!(admin::conversations::mark_read),
        )
        .post_async(
            "/api/admin/bots/:token/conversations/:id/block",
            api!(admin::conversations::block),
        )
        .delete_async(
            "/api/admin/bots/:token/conversations/:id/block",
            api!(admin::conversations::unblock),
        )
        .post_async(
            "/api/admin/bots/:token/conversations/:id/proactive",
            api!(admin::conversations::proactive),
        )
        .post_async(
            "/api/admin/bots/:token/conversations/:id/resolve",
            api!(admin::conversations::resolve),
        )
        .post_async(
            "/api/admin/bots/:token/proactive",
            api!(admin::conversations::campaign),
        )
        .get_async(
            "/api/admin/bots/:token/identity",
            api!(admin::identity::read),
        )
        .patch_async(
            "/api/admin/bots/:token/identity",
            api!(admin::identity::update),
        )
        .delete_async(
            "/api/admin/bots/:token/identity",
            api!(admin::identity::delete),
        )
        .post_async(
            "/api/admin/bots/:token/identity/secret",
            api!(admin::identity::rotate),
        )
        .get_async("/api/admin/bots/:token/keys", api!(admin::keys::list))
        .post_async("/api/admin/bots/:token/keys", api!(admin::keys::create))
        .delete_async("/api/admin/bots/:token/keys/:id", api!(admin::keys::revoke))
        .get_async("/api/admin/bots/:token/webhook", api!(admin::keys::webhook))
        .put_async(
            "/api/admin/bots/:token/webhook",
            api!(admin::keys::set_webhook),
        )
        .get_async(
            "/api/admin/bots/:token/webhook/deliveries",
            api!(admin::keys::deliveries),
        )
        .get_async(
            "/api/admin/bots/:token/llm-usage-statistics",
            api!(admin::usage::statistics),
        )
        .get_async(
            "/api/admin/bots/:token/statistics",
            api!(admin::usage::activity),
        )
        // This API's OpenAPI document.
        .get_async("/api/openapi.json", api!(openapi::document))
        // The console's pages (its files are static assets).
        .get_async("/console/*path", |req, ctx| async move {
            console::page(req, ctx).await
        })
        // The demo host page (development).
        .get_async("/", |req, ctx| async move { demo::page(req, ctx).await })
        .get_async(
            "/demo",
            |req, ctx| async move { demo::page(req, ctx).await },
        )
        // `make bench`'s floor (off unless BENCH_FLOOR=on): a fallback, so no other request
        // pays for looking at it.
        .or_else_any_method_async("/__bench/floor", |req, ctx| async move {
            floor::serve(req, &ctx.env).await
        })
        .or_else_any_method_async("/api/*path", |_, _| async {
            Ok(finish(Err(ApiError::new(
                ErrorCode::NotFound,
                "no such endpoint",
            ))))
        })
}

/// The response for a handler's result, with CORS headers.
pub fn finish(result: ApiResult) -> Response {
    finish_for(result, ErrorShape::Standard, None)
}

/// [`finish`] for a caller at page `origin`, with errors in a seed's `shape`.
pub fn finish_for(result: ApiResult, shape: ErrorShape, origin: Option<String>) -> Response {
    cors::apply(
        result.unwrap_or_else(|e| e.into_response_as(shape)),
        origin.as_deref(),
    )
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

/// The methods the API answers. The `worker` crate reads any other method (`PROPFIND`,
/// `MKCOL`, …) as `GET`, so without this check `PROPFIND /api/admin/bots` would list bots.
const KNOWN_METHODS: [&str; 7] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/// A JSON 405 for a request whose method is none of [`KNOWN_METHODS`], before it is routed.
pub fn refuse_unknown_method(req: &Request) -> Option<Response> {
    let method = req.inner().method();
    (!KNOWN_METHODS.contains(&method.as_str())).then(|| {
        finish(Err(ApiError::new(
            ErrorCode::MethodNotAllowed,
            "this endpoint does not accept that method",
        )))
    })
}

/// A widget token from the query string, read as a body's is ([`token_reader`]); 404 when
/// absent or malformed.
pub fn query_token(req: &Request, name: &str) -> ApiResult<WidgetToken> {
    let parse = token_reader(name);
    query(req, name)?
        .and_then(|raw| parse(&raw).ok())
        .ok_or_else(ApiError::unknown_token)
}

/// A seed-003 session from the query string: `site_key` (404 when unknown) and `session_id`
/// ([`ChatId::of_session`]; 400 `invalid_chat_id`).
pub fn query_session(req: &Request) -> ApiResult<(WidgetToken, ChatId)> {
    let token = query_token(req, "site_key")?;
    let raw = query(req, "session_id")?.unwrap_or_default();
    let chat_id = ChatId::of_session(&raw)
        .map_err(|e| ApiError::new(ErrorCode::InvalidChatId, format!("session_id {}", e.0)))?;
    Ok((token, chat_id))
}

/// A query-string parameter. Only the query is read (as `Url::query_pairs` reads it): a poll
/// asks for several, and parsing the whole URL for each was a noticeable share of its time.
pub fn query(req: &Request, name: &str) -> ApiResult<Option<String>> {
    let url = req.inner().url();
    let query = url.split_once('?').map_or("", |(_, rest)| rest);
    let query = query.split_once('#').map_or(query, |(query, _)| query);
    Ok(url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned()))
}

/// The `?after=` message id of a "messages since" poll (0 when absent or empty); 400 when it
/// is not a number.
pub fn after_cursor(req: &Request) -> ApiResult<u64> {
    match query(req, "after")?.filter(|a| !a.is_empty()) {
        None => Ok(0),
        Some(raw) => raw
            .parse::<u64>()
            .map_err(|_| ApiError::invalid("after must be a message id (a number)")),
    }
}

/// The `:token` path parameter; 404 when malformed.
pub fn path_token(ctx: &Ctx) -> ApiResult<WidgetToken> {
    ctx.param("token")
        .and_then(|raw| WidgetToken::parse(raw).ok())
        .ok_or_else(ApiError::unknown_token)
}
