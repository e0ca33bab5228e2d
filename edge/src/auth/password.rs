//! Operator passwords, stored only as PBKDF2-HMAC-SHA256 digests (WebCrypto's `deriveBits`, so
//! the slow part runs natively in the runtime): `pbkdf2-sha256$<iterations>$<salt>$<digest>`
//! with a random 16-byte salt, base64. 100,000 iterations is the most Workers' WebCrypto allows.
//! Verification derives again with the stored salt and count and compares in constant time.

use crate::web::error::{ApiError, ApiResult};
use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD;
use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use subtle::ConstantTimeEq;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Iterations for new digests.
pub const ITERATIONS: u32 = 100_000;
const SCHEME: &str = "pbkdf2-sha256";
const DIGEST_BITS: u32 = 256;

/// A stored digest, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// Iterations it was made with.
    pub iterations: u32,
    /// Its salt.
    pub salt: Vec<u8>,
    /// The derived bytes.
    pub digest: Vec<u8>,
}

impl Stored {
    /// Parses `pbkdf2-sha256$iterations$salt$digest`.
    pub fn parse(raw: &str) -> Option<Self> {
        let mut parts = raw.split('$');
        if parts.next()? != SCHEME {
            return None;
        }
        let iterations = parts.next()?.parse().ok().filter(|n| *n > 0)?;
        let salt = STANDARD_NO_PAD.decode(parts.next()?).ok()?;
        let digest = STANDARD_NO_PAD.decode(parts.next()?).ok()?;
        parts.next().is_none().then_some(Self {
            iterations,
            salt,
            digest,
        })
    }

    /// The stored form.
    pub fn encode(&self) -> String {
        format!(
            "{SCHEME}${}${}${}",
            self.iterations,
            STANDARD_NO_PAD.encode(&self.salt),
            STANDARD_NO_PAD.encode(&self.digest)
        )
    }

    /// Whether `derived` equals the stored digest (constant time).
    pub fn matches(&self, derived: &[u8]) -> bool {
        self.digest.len() == derived.len() && bool::from(self.digest.ct_eq(derived))
    }
}

/// A new stored digest of `password` with a fresh random salt.
pub async fn hash(password: &str) -> ApiResult<String> {
    let mut salt = vec![0u8; 16];
    getrandom::getrandom(&mut salt).map_err(|e| ApiError::internal(format!("getrandom: {e}")))?;
    let digest = derive(password, &salt, ITERATIONS).await?;
    Ok(Stored {
        iterations: ITERATIONS,
        salt,
        digest,
    }
    .encode())
}

/// Whether `password` matches `stored`. A malformed stored value never matches, but costs the
/// same derivation, so the answer's timing does not tell whether an account exists.
pub async fn verify(password: &str, stored: Option<&str>) -> ApiResult<bool> {
    let parsed = stored.and_then(Stored::parse);
    let (salt, iterations) = match &parsed {
        Some(s) => (s.salt.clone(), s.iterations.min(ITERATIONS)),
        None => (vec![0u8; 16], ITERATIONS),
    };
    let derived = derive(password, &salt, iterations).await?;
    Ok(parsed.is_some_and(|s| s.matches(&derived)))
}

/// PBKDF2-HMAC-SHA256 of `password` through the runtime's WebCrypto.
async fn derive(password: &str, salt: &[u8], iterations: u32) -> ApiResult<Vec<u8>> {
    let failed = |what: &str, e: JsValue| ApiError::internal(format!("pbkdf2 {what}: {e:?}"));
    let subtle = Reflect::get(&js_sys::global(), &"crypto".into())
        .and_then(|c| Reflect::get(&c, &"subtle".into()))
        .map_err(|e| failed("subtle", e))?;
    let call = |name: &str, args: &Array| -> Result<Promise, JsValue> {
        let f: Function = Reflect::get(&subtle, &name.into())?.dyn_into()?;
        f.apply(&subtle, args)?.dyn_into()
    };
    let usages = Array::of1(&"deriveBits".into());
    let key = call(
        "importKey",
        &Array::of5(
            &"raw".into(),
            &Uint8Array::from(password.as_bytes()),
            &"PBKDF2".into(),
            &false.into(),
            &usages,
        ),
    )
    .map_err(|e| failed("importKey", e))?;
    let key = JsFuture::from(key)
        .await
        .map_err(|e| failed("importKey", e))?;
    let params = Object::new();
    for (name, value) in [
        ("name", JsValue::from("PBKDF2")),
        ("hash", "SHA-256".into()),
        ("salt", Uint8Array::from(salt).into()),
        ("iterations", iterations.into()),
    ] {
        Reflect::set(&params, &name.into(), &value).map_err(|e| failed("params", e))?;
    }
    let bits = call(
        "deriveBits",
        &Array::of3(&params, &key, &DIGEST_BITS.into()),
    )
    .map_err(|e| failed("deriveBits", e))?;
    let bits = JsFuture::from(bits)
        .await
        .map_err(|e| failed("deriveBits", e))?;
    Ok(Uint8Array::new(&bits).to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_digest_round_trips() {
        let stored = Stored {
            iterations: 100_000,
            salt: vec![1; 16],
            digest: vec![2; 32],
        };
        let text = stored.encode();
        assert!(text.starts_with("pbkdf2-sha256$100000$"));
        assert_eq!(Stored::parse(&text), Some(stored));
    }

    #[test]
    fn malformed_stored_values_do_not_parse() {
        for bad in [
            "",
            "plain",
            "md5$1$AAAA$AAAA",
            "pbkdf2-sha256$0$AAAA$AAAA",
            "pbkdf2-sha256$x$AAAA$AAAA",
            "pbkdf2-sha256$10$!!$AAAA",
            "pbkdf2-sha256$10$AAAA$AAAA$extra",
        ] {
            assert_eq!(Stored::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn only_the_same_digest_matches() {
        let stored = Stored {
            iterations: 1,
            salt: vec![],
            digest: vec![7; 32],
        };
        assert!(stored.matches(&[7; 32]));
        assert!(!stored.matches(&[7; 31]));
        assert!(!stored.matches(&[8; 32]));
    }
}
