//! Short-lived JWT access tokens whose claims name their purpose, and opaque refresh tokens.
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::secrets::MasterKey;

pub const ACCESS_PURPOSE: &str = "access";
/// The purpose of a master admin's read-only view of a workspace: `view:<tenant id>`.
pub const VIEW_PREFIX: &str = "view:";
const ISSUER: &str = "panelrelay";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Claims {
    pub sub: String,
    /// The sign-in session; the token stops working when it ends.
    pub sid: String,
    pub purpose: String,
    pub iss: String,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
    pub jti: String,
}

#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    /// The longest lifetime an access token may claim (the configured one): a token minted with a
    /// longer one is refused even though its signature is good.
    max_ttl_secs: i64,
}

impl std::fmt::Debug for TokenKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenKeys([redacted])")
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TokenError {
    #[error("the access token has expired")]
    Expired,
    #[error("the token is not an access token")]
    WrongPurpose,
    #[error("the access token is invalid")]
    Invalid,
}

impl TokenKeys {
    pub fn new(master: &MasterKey) -> Self {
        let secret = master.derive(b"panelrelay/jwt/v1");
        Self {
            encoding: EncodingKey::from_secret(&secret),
            decoding: DecodingKey::from_secret(&secret),
            max_ttl_secs: i64::MAX,
        }
    }

    pub fn with_max_ttl(mut self, secs: i64) -> Self {
        self.max_ttl_secs = secs;
        self
    }

    pub fn issue(
        &self,
        user_id: &str,
        session_id: &str,
        purpose: &str,
        ttl_secs: i64,
    ) -> Result<String, jsonwebtoken::errors::Error> {
        let now = chrono::Utc::now().timestamp();
        let claims = Claims {
            sub: user_id.to_string(),
            sid: session_id.to_string(),
            purpose: purpose.to_string(),
            iss: ISSUER.to_string(),
            iat: now,
            nbf: now,
            exp: now + ttl_secs,
            jti: crate::db::new_id(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
    }

    pub fn verify_access(&self, token: &str) -> Result<Claims, TokenError> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.leeway = 0;
        validation.validate_nbf = true;
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "sub"]);
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation).map_err(|e| match e.kind() {
            jsonwebtoken::errors::ErrorKind::ExpiredSignature => TokenError::Expired,
            _ => TokenError::Invalid,
        })?;
        if data.claims.purpose != ACCESS_PURPOSE && !data.claims.purpose.starts_with(VIEW_PREFIX) {
            return Err(TokenError::WrongPurpose);
        }
        let c = &data.claims;
        let now = chrono::Utc::now().timestamp();
        if c.exp.saturating_sub(c.iat) > self.max_ttl_secs || c.iat > now + 5 || c.nbf < c.iat {
            return Err(TokenError::Invalid);
        }
        Ok(data.claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(b: u8) -> TokenKeys {
        TokenKeys::new(&MasterKey::from_bytes([b; 32]))
    }

    #[test]
    fn access_tokens_round_trip() {
        let t = keys(1).issue("u1", "s1", ACCESS_PURPOSE, 60).expect("issue");
        assert_eq!(keys(1).verify_access(&t).map(|c| c.sub), Ok("u1".into()));
    }

    #[test]
    fn expired_forged_and_wrong_purpose_tokens_are_rejected() {
        let expired = keys(1).issue("u1", "s1", ACCESS_PURPOSE, -10).expect("issue");
        assert_eq!(keys(1).verify_access(&expired), Err(TokenError::Expired));
        let forged = keys(2).issue("u1", "s1", ACCESS_PURPOSE, 60).expect("issue");
        assert_eq!(keys(1).verify_access(&forged), Err(TokenError::Invalid));
        let invite = keys(1).issue("u1", "s1", "invite", 60).expect("issue");
        assert_eq!(keys(1).verify_access(&invite), Err(TokenError::WrongPurpose));
        assert_eq!(keys(1).verify_access("not.a.jwt"), Err(TokenError::Invalid));
    }

    #[test]
    fn tokens_not_yet_valid_or_longer_lived_than_configured_are_rejected() {
        let k = keys(1).with_max_ttl(900);
        let long = k.issue("u1", "s1", ACCESS_PURPOSE, 86_400).expect("issue");
        assert_eq!(k.verify_access(&long), Err(TokenError::Invalid));
        let ok = k.issue("u1", "s1", ACCESS_PURPOSE, 900).expect("issue");
        assert!(k.verify_access(&ok).is_ok());
        let now = chrono::Utc::now().timestamp();
        let future = Claims {
            sub: "u1".into(),
            sid: "s1".into(),
            purpose: ACCESS_PURPOSE.into(),
            iss: ISSUER.into(),
            iat: now,
            nbf: now + 600,
            exp: now + 900,
            jti: "j".into(),
        };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &future, &k.encoding).expect("encode");
        assert_eq!(k.verify_access(&token), Err(TokenError::Invalid));
    }
}
