//! The throttle on wrong credentials: every wrong admin token or dashboard JWT counts against
//! the client address's allowance (`AUTH_LIMITER`, 30 a minute); past it, the address is locked
//! out of the admin and dashboard API for a minute, right credentials included, so guessing
//! gets nowhere. The lock is kept in the isolate that saw the excess (the limiter itself is
//! shared), so an address that keeps guessing is refused without a further lookup.
//! (Sign-in with email and password has its own throttle in the directory object.)

use crate::platform::bindings::AUTH_LIMITER;
use crate::platform::clock::now_ms;
use crate::web::error::{ApiError, ApiResult};
use crate::web::ratelimit::{self, client_ip};
use porthole_shared::ErrorCode;
use std::cell::RefCell;
use std::collections::HashMap;
use worker::{Env, Request};

/// How long an address stays locked out (ms).
const LOCK_MS: i64 = 60_000;
/// Beyond this many locked addresses, the oldest locks are forgotten.
const LOCKS_MAX: usize = 10_000;

thread_local! {
    static LOCKED: RefCell<HashMap<String, i64>> = RefCell::new(HashMap::new());
}

/// 429 while the client's address is locked out.
pub fn refuse_locked(req: &Request, env: &Env) -> ApiResult<()> {
    if ratelimit::lifted(env) {
        return Ok(());
    }
    let ip = client_ip(req);
    let now = now_ms();
    let until = LOCKED.with(|l| l.borrow().get(&ip).copied());
    match until {
        Some(until) if until > now => Err(locked(until - now)),
        Some(_) => {
            LOCKED.with(|l| l.borrow_mut().remove(&ip));
            Ok(())
        }
        None => Ok(()),
    }
}

/// Counts a wrong credential; 429 (and a lock) once the address is over its allowance.
pub async fn failed(req: &Request, env: &Env) -> ApiResult<()> {
    if ratelimit::lifted(env) {
        return Ok(());
    }
    let ip = client_ip(req);
    let outcome = env
        .rate_limiter(AUTH_LIMITER)?
        .limit(format!("auth|{ip}"))
        .await?;
    if outcome.success {
        return Ok(());
    }
    let until = now_ms() + LOCK_MS;
    LOCKED.with(|l| {
        let mut locks = l.borrow_mut();
        if locks.len() >= LOCKS_MAX {
            let now = now_ms();
            locks.retain(|_, until| *until > now);
            if locks.len() >= LOCKS_MAX {
                locks.clear();
            }
        }
        locks.insert(ip, until);
    });
    Err(locked(LOCK_MS))
}

fn locked(remaining_ms: i64) -> ApiError {
    let mut err = ApiError::new(
        ErrorCode::RateLimited,
        "Too many wrong credentials from this address. Please wait and try again.",
    );
    err.retry_after = Some((remaining_ms.max(1_000) as u64).div_ceil(1_000));
    err
}
