//! The tenant socket (seed 002): a dashboard connects to `GET /api/ws/tenant`, must send
//! `{"type":"auth","token":"…"}` within five seconds (else the socket is closed with 4408), and
//! then receives the events of the bots it may see, each with its sequence number. `since` in
//! the auth message (or a later `{"type":"resume","since":N}`) replays what it missed; when that
//! is no longer kept it gets `resync`. `{"type":"ping"}` is answered without waking the object.
//! A socket whose token expires is closed with 4401; a new `auth` message renews it. When an
//! owner changes an operator, the worker tells the hub ([`Hub::revise_operator`]): their open
//! sockets see the new bots from the next event, and a removed operator's are closed with 4401;
//! a later `auth` with their still-unexpired JWT is judged by what the hub was told.

use super::Hub;
use crate::auth;
use crate::platform::clock::now_ms;
use crate::platform::random;
use porthole_shared::events::{
    AUTH_TIMEOUT_SECS, CLOSE_AUTH_TIMEOUT, CLOSE_PROTOCOL, CLOSE_UNAUTHORIZED, ClientMessage,
    Envelope, ServerMessage,
};
use porthole_shared::operators::Identity;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::time::Duration;
use worker::{
    Request, Response, SqlStorage, State, WebSocket, WebSocketIncomingMessage, WebSocketPair,
    WebSocketRequestResponsePair,
};

/// How early an alarm may fire and still close a socket that is due.
const ALARM_SLACK_MS: i64 = 100;

/// Events sent per page of a replay.
const REPLAY_PAGE: i64 = 500;

/// Operators an owner changed or removed since their JWTs were issued: their identity now,
/// `NULL` once removed.
pub const OPERATORS_TABLE: &str =
    "CREATE TABLE IF NOT EXISTS operators (id TEXT PRIMARY KEY, identity TEXT)";

/// What lives with each socket (survives hibernation).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Attachment {
    /// The socket's id (its row in `sessions` once authenticated).
    id: String,
    /// When it connected (ms).
    at: i64,
}

/// Closes `ws` (accepted as socket `id`) after [`AUTH_TIMEOUT_SECS`] unless it authenticated.
async fn close_if_silent(ws: WebSocket, sql: SqlStorage, id: String) {
    worker::Delay::from(Duration::from_secs(AUTH_TIMEOUT_SECS)).await;
    let sessions = crate::objects::sql::count(
        &sql,
        "SELECT count(*) AS n FROM sessions WHERE id = ?",
        vec![id.into()],
    );
    // A failed read leaves it to the alarm's sweep.
    if sessions == Ok(0) {
        close_silent(&ws);
    }
}

/// Closes a socket that sent no auth message in time (4408).
fn close_silent(ws: &WebSocket) {
    let _ = ws.close(
        Some(CLOSE_AUTH_TIMEOUT),
        Some("no auth message within 5 seconds"),
    );
}

/// Answers `{"type":"ping"}` with `{"type":"pong"}` without waking the object.
pub(super) fn answer_pings(state: &State) {
    let pong = serde_json::to_string(&ServerMessage::Pong).unwrap_or_default();
    if let Ok(pair) = WebSocketRequestResponsePair::new(r#"{"type":"ping"}"#, &pong) {
        state.set_websocket_auto_response(&pair);
    }
}

impl Hub {
    /// Accepts a dashboard socket (hibernating) and starts its auth clock.
    pub(super) async fn accept(&self, req: &Request) -> worker::Result<Response> {
        let upgrade = req.headers().get("Upgrade")?.unwrap_or_default();
        if !upgrade.eq_ignore_ascii_case("websocket") {
            return Response::error("expected a WebSocket upgrade", 426);
        }
        let pair = WebSocketPair::new()?;
        self.state.accept_web_socket(&pair.server);
        let id = random::hex_id("s_").unwrap_or_else(|_| format!("s_{}", now_ms()));
        pair.server.serialize_attachment(Attachment {
            id: id.clone(),
            at: now_ms(),
        })?;
        // The alarm's sweep closes it too, but an alarm waits behind the hub's other work (a
        // slow webhook receiver, a purge): the socket's own timer keeps the five seconds.
        let timer = close_if_silent(pair.server.clone(), self.sql.clone(), id);
        self.state.wait_until(timer);
        self.rearm().await;
        Response::from_websocket(pair.client)
    }

    /// Handles one message from a dashboard.
    pub(super) async fn on_message(&self, ws: &WebSocket, message: WebSocketIncomingMessage) {
        let Some(attachment) = attachment(ws) else {
            let _ = ws.close(Some(CLOSE_PROTOCOL), Some("unknown socket"));
            return;
        };
        let parsed = match message {
            WebSocketIncomingMessage::String(text) => serde_json::from_str::<ClientMessage>(&text),
            WebSocketIncomingMessage::Binary(_) => serde_json::from_str("null"),
        };
        let authed = self.session(&attachment.id).is_some();
        match parsed {
            Ok(ClientMessage::Auth { token, since }) => {
                self.authenticate(ws, &attachment, &token, since).await
            }
            Ok(ClientMessage::Resume { since }) if authed => {
                if let Some((identity, _)) = self.session(&attachment.id) {
                    self.replay(ws, &identity, since);
                }
            }
            Ok(ClientMessage::Ping) => send(ws, &ServerMessage::Pong),
            Ok(ClientMessage::Resume { .. }) => {
                let _ = ws.close(Some(CLOSE_UNAUTHORIZED), Some("authenticate first"));
            }
            Err(_) if !authed => {
                let _ = ws.close(
                    Some(CLOSE_PROTOCOL),
                    Some(r#"the first message must be {"type":"auth","token":"…"}"#),
                );
            }
            Err(e) => send(
                ws,
                &ServerMessage::Error {
                    message: format!("not a message of this protocol: {e}"),
                },
            ),
        }
    }

    async fn authenticate(
        &self,
        ws: &WebSocket,
        attachment: &Attachment,
        token: &str,
        since: Option<u64>,
    ) {
        let (identity, exp) = match auth::session(&self.env, token)
            .await
            .and_then(|(identity, exp)| self.operator_now(identity).map(|identity| (identity, exp)))
        {
            Ok(session) => session,
            Err(e) => {
                self.forget(ws);
                let _ = ws.close(Some(CLOSE_UNAUTHORIZED), Some(e.message.as_str()));
                return;
            }
        };
        let stored = serde_json::to_string(&identity).unwrap_or_default();
        if let Err(e) = crate::objects::sql::exec(
            &self.sql,
            "REPLACE INTO sessions (id, identity, exp) VALUES (?, ?, ?)",
            vec![attachment.id.clone().into(), stored.into(), exp.into()],
        ) {
            worker::console_error!("socket session: {}", e.message);
            let _ = ws.close(Some(1011), Some("could not start the session"));
            return;
        }
        self.update_presence();
        send(
            ws,
            &ServerMessage::AuthOk {
                seq: self.seq().unwrap_or(0).max(0) as u64,
                role: identity.role,
                bots: identity.bots.clone(),
            },
        );
        if let Some(since) = since {
            self.replay(ws, &identity, since);
        }
    }

    /// `identity` (from a JWT) as the hub was last told the operator is; 401 once removed.
    fn operator_now(&self, identity: Identity) -> crate::web::error::ApiResult<Identity> {
        #[derive(Deserialize)]
        struct Row {
            identity: Option<String>,
        }
        let row: Option<Row> = crate::objects::sql::first(
            &self.sql,
            "SELECT identity FROM operators WHERE id = ?",
            vec![identity.id.clone().into()],
        )?;
        match row {
            None => Ok(identity),
            Some(Row {
                identity: Some(now),
            }) => serde_json::from_str(&now).map_err(crate::web::error::ApiError::internal),
            Some(Row { identity: None }) => Err(crate::web::error::ApiError::new(
                porthole_shared::ErrorCode::Unauthorized,
                "this operator was removed: the session has ended",
            )),
        }
    }

    /// The operator `id` changed (`Some`: who they are now) or was removed (`None`): their open
    /// sockets follow at once.
    pub(super) fn revise_operator(
        &self,
        id: &str,
        now: Option<Identity>,
    ) -> crate::web::error::ApiResult<porthole_shared::api::Ack> {
        let stored = now.as_ref().and_then(|i| serde_json::to_string(i).ok());
        crate::objects::sql::exec(
            &self.sql,
            "REPLACE INTO operators (id, identity) VALUES (?, ?)",
            vec![id.into(), stored.clone().into()],
        )?;
        let sessions = self.sessions();
        for ws in self.state.get_websockets() {
            let Some(a) = attachment(&ws) else { continue };
            let Some((identity, _)) = sessions.get(&a.id) else {
                continue;
            };
            if identity.id != id {
                continue;
            }
            match &stored {
                Some(identity) => crate::objects::sql::exec(
                    &self.sql,
                    "UPDATE sessions SET identity = ? WHERE id = ?",
                    vec![identity.clone().into(), a.id.into()],
                )?,
                None => {
                    self.forget(&ws);
                    let _ = ws.close(
                        Some(CLOSE_UNAUTHORIZED),
                        Some("this operator was removed: the session has ended"),
                    );
                }
            }
        }
        self.update_presence();
        Ok(porthole_shared::api::Ack::OK)
    }

    /// Sends the events after `since` that `identity` may see, or `resync` when they are gone.
    fn replay(&self, ws: &WebSocket, identity: &Identity, since: u64) {
        let mut since = since.min(i64::MAX as u64) as i64;
        match (self.oldest(), self.seq()) {
            (Ok(oldest), Ok(latest)) if since + 1 < oldest && since < latest => {
                send(ws, &ServerMessage::Resync { seq: latest as u64 });
                return;
            }
            (Err(e), _) | (_, Err(e)) => {
                worker::console_error!("replay: {}", e.message);
                return;
            }
            _ => {}
        }
        loop {
            let page = match self.events_after(since, REPLAY_PAGE) {
                Ok(page) => page,
                Err(e) => {
                    worker::console_error!("replay: {}", e.message);
                    return;
                }
            };
            for envelope in &page {
                if identity.can_see(envelope.event.bot()) {
                    send(ws, envelope);
                }
            }
            match page.last() {
                Some(last) if page.len() as i64 == REPLAY_PAGE => since = last.seq as i64,
                _ => return,
            }
        }
    }

    /// Sends `events` to every authenticated socket allowed to see them; closes the sockets
    /// whose token expired.
    pub(super) fn send(&self, events: &[Envelope]) {
        if events.is_empty() {
            return;
        }
        // Each event is written once, whatever the number of sockets.
        let texts: Vec<(&str, String)> = events
            .iter()
            .filter_map(|e| Some((e.event.bot(), serde_json::to_string(e).ok()?)))
            .collect();
        let sessions = self.sessions();
        let now = now_ms();
        for ws in self.state.get_websockets() {
            let Some((identity, exp)) = attachment(&ws).and_then(|a| sessions.get(&a.id)) else {
                continue;
            };
            if *exp <= now {
                self.forget(&ws);
                let _ = ws.close(Some(CLOSE_UNAUTHORIZED), Some("the session expired"));
                continue;
            }
            for (bot, text) in &texts {
                if identity.can_see(bot) {
                    let _ = ws.send_with_str(text);
                }
            }
        }
    }

    /// Closes sockets that did not authenticate in time (an alarm may fire a little early).
    pub(super) fn sweep(&self) {
        let sessions = self.sessions();
        let deadline = now_ms() + ALARM_SLACK_MS - (AUTH_TIMEOUT_SECS as i64) * 1000;
        for ws in self.state.get_websockets() {
            match attachment(&ws) {
                Some(a) if sessions.contains_key(&a.id) || a.at > deadline => {}
                _ => close_silent(&ws),
            }
        }
        self.drop_stale_sessions();
        self.update_presence();
    }

    /// When the next unauthenticated socket runs out of time, if any.
    pub(super) fn next_auth_deadline(&self) -> Option<i64> {
        let sessions = self.sessions();
        self.state
            .get_websockets()
            .iter()
            .filter_map(attachment)
            .filter(|a| !sessions.contains_key(&a.id))
            .map(|a| a.at + (AUTH_TIMEOUT_SECS as i64) * 1000)
            .min()
    }

    /// Forgets a closed socket's session.
    pub(super) fn forget(&self, ws: &WebSocket) {
        if let Some(a) = attachment(ws) {
            let _ = crate::objects::sql::exec(
                &self.sql,
                "DELETE FROM sessions WHERE id = ?",
                vec![a.id.into()],
            );
            self.update_presence();
        }
    }

    fn session(&self, id: &str) -> Option<(Identity, i64)> {
        self.sessions().remove(id)
    }

    fn sessions(&self) -> HashMap<String, (Identity, i64)> {
        #[derive(Deserialize)]
        struct Row {
            id: String,
            identity: String,
            exp: f64,
        }
        crate::objects::sql::rows::<Row>(
            &self.sql,
            "SELECT id, identity, exp FROM sessions",
            vec![],
        )
        .unwrap_or_default()
        .into_iter()
        .filter_map(|r| {
            Some((
                r.id,
                (serde_json::from_str(&r.identity).ok()?, r.exp as i64),
            ))
        })
        .collect()
    }

    /// Who is behind each authenticated socket open now (a session row may outlive a socket
    /// the runtime lost, until the sweep drops it).
    pub(super) fn open_sessions(&self) -> Vec<Identity> {
        let mut sessions = self.sessions();
        self.state
            .get_websockets()
            .iter()
            .filter_map(attachment)
            .filter_map(|a| sessions.remove(&a.id))
            .map(|(identity, _)| identity)
            .collect()
    }

    /// Drops sessions whose socket is gone (closed while the object was not told).
    fn drop_stale_sessions(&self) {
        let live: Vec<String> = self
            .state
            .get_websockets()
            .iter()
            .filter_map(attachment)
            .map(|a| a.id)
            .collect();
        for id in self.sessions().into_keys() {
            if !live.contains(&id) {
                let _ = crate::objects::sql::exec(
                    &self.sql,
                    "DELETE FROM sessions WHERE id = ?",
                    vec![id.into()],
                );
            }
        }
    }
}

fn attachment(ws: &WebSocket) -> Option<Attachment> {
    ws.deserialize_attachment().ok().flatten()
}

fn send<T: Serialize>(ws: &WebSocket, message: &T) {
    if let Ok(text) = serde_json::to_string(message) {
        let _ = ws.send_with_str(text);
    }
}
