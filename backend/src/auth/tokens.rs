//! Short-lived JWT access tokens whose claims name their purpose, and opaque refresh tokens.
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::secrets::MasterKey;

pub const ACCESS_PURPOSE: &str = "access";
const ISSUER: &str = "panelrelay";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Claims {
    pub sub: String,
    pub purpose: String,
    pub iss: String,
    pub iat: i64,
    pub exp: i64,
    pub jti: String,
}

#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
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
        Self { encoding: EncodingKey::from_secret(&secret), decoding: DecodingKey::from_secret(&secret) }
    }

    pub fn issue(&self, user_id: &str, purpose: &str, ttl_secs: i64) -> Result<String, jsonwebtoken::errors::Error> {
        let now = chrono::Utc::now().timestamp();
        let claims = Claims {
            sub: user_id.to_string(),
            purpose: purpose.to_string(),
            iss: ISSUER.to_string(),
            iat: now,
            exp: now + ttl_secs,
            jti: crate::db::new_id(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
    }

    pub fn verify_access(&self, token: &str) -> Result<Claims, TokenError> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.leeway = 0;
        validation.set_required_spec_claims(&["exp", "iss", "sub"]);
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation).map_err(|e| match e.kind() {
            jsonwebtoken::errors::ErrorKind::ExpiredSignature => TokenError::Expired,
            _ => TokenError::Invalid,
        })?;
        if data.claims.purpose != ACCESS_PURPOSE {
            return Err(TokenError::WrongPurpose);
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
        let t = keys(1).issue("u1", ACCESS_PURPOSE, 60).expect("issue");
        assert_eq!(keys(1).verify_access(&t).map(|c| c.sub), Ok("u1".into()));
    }

    #[test]
    fn expired_forged_and_wrong_purpose_tokens_are_rejected() {
        let expired = keys(1).issue("u1", ACCESS_PURPOSE, -10).expect("issue");
        assert_eq!(keys(1).verify_access(&expired), Err(TokenError::Expired));
        let forged = keys(2).issue("u1", ACCESS_PURPOSE, 60).expect("issue");
        assert_eq!(keys(1).verify_access(&forged), Err(TokenError::Invalid));
        let invite = keys(1).issue("u1", "invite", 60).expect("issue");
        assert_eq!(keys(1).verify_access(&invite), Err(TokenError::WrongPurpose));
        assert_eq!(keys(1).verify_access("not.a.jwt"), Err(TokenError::Invalid));
    }
}
