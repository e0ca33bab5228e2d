//! Who is signed in: an operator (email and password → a JWT, renewed before it expires) or
//! the owner (the admin token). The session is kept in `localStorage`, checked with the service
//! when the console starts, and ends cleanly — the console says so on the sign-in page — when
//! the service stops accepting it.

use crate::api::{self, Failure};
use gloo_timers::future::TimeoutFuture;
use js_sys::Date;
use leptos::prelude::*;
use porthole_shared::operators::{Identity, MeResponse, OperatorRole, SessionResponse};
use serde::{Deserialize, Serialize};
use std::cell::OnceCell;

/// Where the session is kept.
const STORAGE_KEY: &str = "porthole:console:session";
/// Renew a JWT when it has less than this left (ms).
const RENEW_BEFORE_MS: f64 = 3.0 * 60_000.0;

/// A signed-in user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// What goes in `Authorization: Bearer …` (a JWT or the admin token).
    pub credential: String,
    /// When a JWT stops being accepted (ISO 8601); `None` for the admin token.
    pub expires_at: Option<String>,
    /// Who it is.
    pub identity: Identity,
}

impl Session {
    /// Whether this user manages bots, operators and keys (not only answers visitors).
    pub fn is_owner(&self) -> bool {
        self.identity.role == OperatorRole::Owner
    }
}

/// The session as the views see it.
#[derive(Debug, Clone, Copy)]
pub struct Auth {
    /// The signed-in user, if any.
    pub session: RwSignal<Option<Session>>,
    /// What the sign-in page should say (why the last session ended).
    pub notice: RwSignal<Option<String>>,
}

impl Auth {
    /// Whether an owner is signed in (a tracked read: views follow it).
    pub fn is_owner(&self) -> bool {
        self.session
            .with(|s| s.as_ref().is_some_and(Session::is_owner))
    }
}

thread_local! {
    static AUTH: OnceCell<Auth> = const { OnceCell::new() };
}

/// The session state (made on first use from what `localStorage` holds).
pub fn auth() -> Auth {
    AUTH.with(|cell| {
        *cell.get_or_init(|| Auth {
            session: RwSignal::new(load()),
            notice: RwSignal::new(None),
        })
    })
}

/// The signed-in user's credential.
pub fn credential() -> Option<String> {
    auth()
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.credential.clone()))
}

/// The service no longer accepts the session: sign out and say why.
pub fn ended() {
    let auth = auth();
    if auth.session.get_untracked().is_some() {
        store(None);
        auth.session.set(None);
        auth.notice.set(Some(
            "Your session has ended. Sign in again to continue.".into(),
        ));
    }
}

/// Signs out.
pub fn sign_out() {
    store(None);
    auth().notice.set(None);
    auth().session.set(None);
}

/// Signs in as an operator.
pub async fn sign_in_operator(email: &str, password: &str) -> Result<(), Failure> {
    let body = serde_json::json!({"email": email.trim(), "password": password});
    let answer: SessionResponse = api::send("POST", "/api/auth/login", &body).await?;
    begin(Session {
        credential: answer.token,
        expires_at: Some(answer.expires_at),
        identity: answer.operator,
    });
    Ok(())
}

/// Accepts an invitation: the person becomes an operator, signed in.
pub async fn accept_invitation(code: &str, name: &str, password: &str) -> Result<(), Failure> {
    let body = serde_json::json!({"code": code.trim(), "name": name.trim(), "password": password});
    let answer: SessionResponse = api::send("POST", "/api/auth/accept", &body).await?;
    begin(Session {
        credential: answer.token,
        expires_at: Some(answer.expires_at),
        identity: answer.operator,
    });
    Ok(())
}

/// Signs in as the owner with the admin token.
pub async fn sign_in_owner(token: &str) -> Result<(), Failure> {
    let token = token.trim();
    let me: MeResponse = api::get_as(token, "/api/auth/me").await?;
    begin(Session {
        credential: token.to_owned(),
        expires_at: None,
        identity: me.operator,
    });
    Ok(())
}

/// The signed-in user is now shown as `identity` (they changed their name or avatar).
pub fn renamed(identity: Identity) {
    let Some(mut session) = auth().session.get_untracked() else {
        return;
    };
    session.identity = identity;
    store(Some(&session));
    auth().session.set(Some(session));
}

fn begin(session: Session) {
    store(Some(&session));
    auth().notice.set(None);
    auth().session.set(Some(session));
}

/// Checks the stored session with the service (who the user is now), then keeps a JWT
/// renewed for as long as the console is open.
pub fn keep_alive() {
    leptos::task::spawn_local(async move {
        if credential().is_some()
            && let Ok(me) = api::get::<MeResponse>("/api/auth/me").await
        {
            auth().session.update(|s| {
                if let Some(s) = s {
                    s.identity = me.operator;
                }
            });
        }
        loop {
            renew_if_due().await;
            TimeoutFuture::new(30_000).await;
        }
    });
}

async fn renew_if_due() {
    let Some(expires) = auth()
        .session
        .with_untracked(|s| s.as_ref().and_then(|s| s.expires_at.clone()))
    else {
        return;
    };
    let left = Date::parse(&expires) - Date::now();
    if left.is_nan() || left <= 0.0 {
        ended();
        return;
    }
    if left > RENEW_BEFORE_MS {
        return;
    }
    if let Ok(answer) = api::send::<_, SessionResponse>("POST", "/api/auth/refresh", &()).await {
        begin(Session {
            credential: answer.token,
            expires_at: Some(answer.expires_at),
            identity: answer.operator,
        });
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn load() -> Option<Session> {
    let text = storage()?.get_item(STORAGE_KEY).ok().flatten()?;
    let session: Session = serde_json::from_str(&text).ok()?;
    let expired = session
        .expires_at
        .as_deref()
        .is_some_and(|at| Date::parse(at).is_nan() || Date::parse(at) <= Date::now());
    (!expired).then_some(session)
}

fn store(session: Option<&Session>) {
    let Some(storage) = storage() else { return };
    match session.and_then(|s| serde_json::to_string(s).ok()) {
        Some(text) => {
            let _ = storage.set_item(STORAGE_KEY, &text);
        }
        None => {
            let _ = storage.remove_item(STORAGE_KEY);
        }
    }
}

/// The state of a form that signs someone in (sign-in, invitation, first visit): whether its
/// submission runs, and why the last one failed.
#[derive(Debug, Clone, Copy)]
pub struct Attempt {
    /// A submission runs.
    pub busy: RwSignal<bool>,
    /// What the last failure said.
    pub error: RwSignal<Option<String>>,
}

impl Attempt {
    /// Nothing tried yet.
    pub fn new() -> Self {
        Self {
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
        }
    }

    /// Runs `work` unless a submission runs already: busy meanwhile, its failure said after.
    pub fn run(self, work: impl Future<Output = Result<(), String>> + 'static) {
        if self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        self.error.set(None);
        leptos::task::spawn_local(async move {
            let done = work.await;
            self.busy.set(false);
            if let Err(message) = done {
                self.error.set(Some(message));
            }
        });
    }
}

impl Default for Attempt {
    fn default() -> Self {
        Self::new()
    }
}
