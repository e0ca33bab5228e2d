//! `GET /api/ws/tenant`, seed 002's tenant WebSocket: the upgrade is handed to the hub, which
//! holds the socket (hibernating), checks the auth message and sends the events.

use super::{Ctx, finish};
use crate::web::error::ApiError;
use porthole_shared::ErrorCode;
use worker::{Request, Response};

/// Upgrades to the tenant socket (101). Errors: 426 `upgrade_required` (not a WebSocket
/// request), as JSON.
pub async fn socket(req: Request, ctx: Ctx) -> worker::Result<Response> {
    let upgrade = req.headers().get("Upgrade")?.unwrap_or_default();
    if !upgrade.eq_ignore_ascii_case("websocket") {
        return Ok(finish(Err(ApiError::new(
            ErrorCode::UpgradeRequired,
            "this endpoint is a WebSocket: connect with Upgrade: websocket",
        ))));
    }
    crate::objects::hub::socket(&ctx.env, req.headers())
        .await
        .or_else(|e| Ok(e.into_response()))
}
