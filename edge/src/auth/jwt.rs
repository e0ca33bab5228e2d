//! Dashboard JWTs: compact JWS with HS256 (HMAC-SHA256 over `header.payload`, base64url without
//! padding), as RFC 7519 describes. Only HS256 is accepted; the signature is checked in
//! constant time before the claims are read; expiry is checked against the caller's clock.
//! No runtime here, so `cargo test` covers it natively.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use porthole_shared::operators::Claims;
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// The only header we issue and accept.
const HEADER: &str = r#"{"alg":"HS256","typ":"JWT"}"#;

/// Why a token was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JwtError {
    /// Not three base64url parts, or not JSON inside.
    #[error("malformed token")]
    Malformed,
    /// Another algorithm than HS256 (including `none`).
    #[error("unsupported algorithm")]
    Algorithm,
    /// The signature does not match.
    #[error("bad signature")]
    Signature,
    /// Past its `exp`.
    #[error("token expired")]
    Expired,
}

/// Signs `claims` with `secret`.
pub fn sign(claims: &Claims, secret: &[u8]) -> String {
    let payload = serde_json::to_vec(claims).unwrap_or_default();
    let signing_input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(HEADER),
        URL_SAFE_NO_PAD.encode(payload)
    );
    let signature = mac(secret, signing_input.as_bytes())
        .finalize()
        .into_bytes();
    format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(signature))
}

/// The claims of `token` if it is an HS256 token signed with `secret` and not expired at
/// `now_secs`.
pub fn verify(token: &str, secret: &[u8], now_secs: i64) -> Result<Claims, JwtError> {
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(JwtError::Malformed);
    };
    let header: serde_json::Value = URL_SAFE_NO_PAD
        .decode(header)
        .ok()
        .and_then(|h| serde_json::from_slice(&h).ok())
        .ok_or(JwtError::Malformed)?;
    if header.get("alg").and_then(|a| a.as_str()) != Some("HS256") {
        return Err(JwtError::Algorithm);
    }
    let signature = URL_SAFE_NO_PAD
        .decode(signature)
        .map_err(|_| JwtError::Malformed)?;
    let signed = &token[..token.len() - token.rsplit('.').next().map_or(0, str::len) - 1];
    mac(secret, signed.as_bytes())
        .verify_slice(&signature)
        .map_err(|_| JwtError::Signature)?;
    let claims: Claims = URL_SAFE_NO_PAD
        .decode(payload)
        .ok()
        .and_then(|p| serde_json::from_slice(&p).ok())
        .ok_or(JwtError::Malformed)?;
    if claims.exp <= now_secs {
        return Err(JwtError::Expired);
    }
    Ok(claims)
}

fn mac(secret: &[u8], data: &[u8]) -> HmacSha256 {
    // HMAC takes a key of any length; `new_from_slice` cannot fail for it.
    let mut mac = HmacSha256::new_from_slice(secret).unwrap_or_else(|_| unreachable!());
    mac.update(data);
    mac
}

#[cfg(test)]
mod tests {
    use super::*;
    use porthole_shared::operators::OperatorRole;

    const SECRET: &[u8] = b"a-test-secret-of-enough-length-123";

    fn claims(exp: i64) -> Claims {
        Claims {
            sub: "op_1".into(),
            name: "Jane".into(),
            avatar: String::new(),
            role: OperatorRole::Agent,
            bots: vec!["b".repeat(32)],
            iat: 1_000,
            exp,
        }
    }

    #[test]
    fn a_signed_token_verifies_and_gives_back_its_claims() {
        let token = sign(&claims(2_000), SECRET);
        assert_eq!(token.split('.').count(), 3);
        assert_eq!(verify(&token, SECRET, 1_500).unwrap(), claims(2_000));
    }

    #[test]
    fn an_expired_token_is_refused() {
        let token = sign(&claims(2_000), SECRET);
        assert_eq!(verify(&token, SECRET, 2_000), Err(JwtError::Expired));
    }

    #[test]
    fn another_secret_or_a_changed_payload_fails_the_signature() {
        let token = sign(&claims(2_000), SECRET);
        assert_eq!(
            verify(&token, b"another-secret", 1_500),
            Err(JwtError::Signature)
        );
        let mut forged = claims(2_000);
        forged.role = OperatorRole::Owner;
        let parts: Vec<&str> = token.split('.').collect();
        let tampered = format!(
            "{}.{}.{}",
            parts[0],
            URL_SAFE_NO_PAD.encode(serde_json::to_vec(&forged).unwrap()),
            parts[2]
        );
        assert_eq!(verify(&tampered, SECRET, 1_500), Err(JwtError::Signature));
    }

    #[test]
    fn the_none_algorithm_and_garbage_are_refused() {
        let none = format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#),
            URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims(2_000)).unwrap())
        );
        assert_eq!(verify(&none, SECRET, 1_500), Err(JwtError::Algorithm));
        for bad in ["", "a.b", "a.b.c.d", "!!!.???.***", "e30.e30.e30"] {
            assert!(verify(bad, SECRET, 1_500).is_err(), "{bad:?}");
        }
    }
}
