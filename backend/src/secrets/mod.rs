//! Sealed secrets: XChaCha20-Poly1305 with a random nonce and associated data that binds every
//! ciphertext to its tenant, table, row and key version, so a sealed value copied to another row
//! or tenant no longer opens. The master key never lives in the database.
pub mod key;
mod secret;

pub use key::{MasterKey, load_or_create_master_key};
pub use secret::Secret;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};

/// Version of the stored format and of the key that sealed it (bumped on key rotation).
pub const KEY_VERSION: u32 = 1;
const FORMAT_PREFIX: &str = "pr1";
const NONCE_LEN: usize = 24;

/// Where a sealed value lives. All four parts go into the associated data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SealScope<'a> {
    /// Tenant id, or a platform scope such as `"platform:backup"` for master admin data.
    pub tenant: &'a str,
    pub table: &'a str,
    pub row: &'a str,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SealError {
    #[error("sealed value is not in the expected format")]
    Format,
    #[error("sealed with key version {0}, which this server does not have")]
    UnknownKeyVersion(u32),
    #[error("sealed value does not open with this key and scope")]
    Open,
    /// The cipher refused to seal (only a plaintext far beyond any input we accept).
    #[error("the value could not be sealed")]
    Seal,
}

/// Seals and opens secrets with the master key.
#[derive(Clone)]
pub struct SecretBox {
    cipher: XChaCha20Poly1305,
    key_version: u32,
}

impl std::fmt::Debug for SecretBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SecretBox(key version {}, [redacted])", self.key_version)
    }
}

fn associated_data(scope: SealScope<'_>, key_version: u32) -> Vec<u8> {
    // Length-prefixed parts: ("ab","c") and ("a","bc") must not give the same bytes.
    let mut ad = Vec::new();
    for part in [FORMAT_PREFIX, scope.tenant, scope.table, scope.row] {
        ad.extend_from_slice(&(part.len() as u32).to_be_bytes());
        ad.extend_from_slice(part.as_bytes());
    }
    ad.extend_from_slice(&key_version.to_be_bytes());
    ad
}

impl SecretBox {
    pub fn new(master: &MasterKey) -> Self {
        Self::with_label(master, b"panelrelay/secrets/v1")
    }

    /// A box with its own key scope (e.g. the master admin's backups), unrelated to tenants' keys.
    pub fn with_label(master: &MasterKey, label: &[u8]) -> Self {
        let key = master.derive(label);
        Self { cipher: XChaCha20Poly1305::new(&key.into()), key_version: KEY_VERSION }
    }

    /// Seals `plaintext` for `scope`: `pr1.<key version>.<base64url(nonce ‖ ciphertext ‖ tag)>`.
    pub fn seal(&self, scope: SealScope<'_>, plaintext: &str) -> Result<String, SealError> {
        let mut nonce = [0u8; NONCE_LEN];
        fill_random(&mut nonce);
        self.seal_with_nonce(scope, plaintext, nonce)
    }

    fn seal_with_nonce(
        &self,
        scope: SealScope<'_>,
        plaintext: &str,
        nonce: [u8; NONCE_LEN],
    ) -> Result<String, SealError> {
        let aad = associated_data(scope, self.key_version);
        let nonce_arr = XNonce::from(nonce);
        let ciphertext = self
            .cipher
            .encrypt(&nonce_arr, Payload { msg: plaintext.as_bytes(), aad: &aad })
            .map_err(|_| SealError::Seal)?;
        let mut blob = Vec::with_capacity(NONCE_LEN + ciphertext.len());
        blob.extend_from_slice(&nonce);
        blob.extend_from_slice(&ciphertext);
        Ok(format!("{FORMAT_PREFIX}.{}.{}", self.key_version, URL_SAFE_NO_PAD.encode(blob)))
    }

    pub fn open(&self, scope: SealScope<'_>, sealed: &str) -> Result<Secret<String>, SealError> {
        let mut parts = sealed.splitn(3, '.');
        let (Some(prefix), Some(version), Some(body)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(SealError::Format);
        };
        if prefix != FORMAT_PREFIX {
            return Err(SealError::Format);
        }
        let version: u32 = version.parse().map_err(|_| SealError::Format)?;
        if version != self.key_version {
            return Err(SealError::UnknownKeyVersion(version));
        }
        let blob = URL_SAFE_NO_PAD.decode(body).map_err(|_| SealError::Format)?;
        if blob.len() < NONCE_LEN + 16 {
            return Err(SealError::Format);
        }
        let (nonce, ciphertext) = blob.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| SealError::Format)?;
        let aad = associated_data(scope, version);
        let plain = self
            .cipher
            .decrypt(&XNonce::from(nonce), Payload { msg: ciphertext, aad: &aad })
            .map_err(|_| SealError::Open)?;
        String::from_utf8(plain).map(Secret::new).map_err(|_| SealError::Format)
    }
}

/// Fills `buf` from the operating system's random source.
pub fn fill_random(buf: &mut [u8]) {
    if let Err(e) = getrandom::fill(buf) {
        // Without an OS random source no secret can be made safely; this is a start-up class failure.
        panic!("the operating system's random source failed: {e}");
    }
}

/// A random token of `bytes` bytes, base64url without padding.
pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    fill_random(&mut buf);
    URL_SAFE_NO_PAD.encode(buf)
}

/// Every key scope the server seals with, derived from the master key: tenants' secrets, the
/// master admin's backups (a scope of their own), and the keyed hash of provider domains.
#[derive(Clone, Debug)]
pub struct Vault {
    pub secrets: SecretBox,
    pub backups: SecretBox,
    /// Keyed hashes of provider domains, for lookup without the clear domain.
    pub domain_lookup: LookupKey,
}

impl Vault {
    pub fn new(master: &MasterKey) -> Self {
        Self {
            secrets: SecretBox::new(master),
            backups: SecretBox::with_label(master, b"panelrelay/backups/v1"),
            domain_lookup: LookupKey::new(master, b"panelrelay/provider-domain/v1"),
        }
    }
}

/// A keyed hash (HMAC-SHA256, hex) for looking up sealed values such as provider domains
/// without storing them in the clear.
#[derive(Clone)]
pub struct LookupKey([u8; 32]);

impl std::fmt::Debug for LookupKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LookupKey([redacted])")
    }
}

impl LookupKey {
    pub fn new(master: &MasterKey, label: &[u8]) -> Self {
        Self(master.derive(label))
    }

    pub fn hash(&self, parts: &[&str]) -> String {
        use hmac::Mac;
        let mut mac = key::hmac_with(&self.0);
        for part in parts {
            mac.update(&(part.len() as u32).to_be_bytes());
            mac.update(part.as_bytes());
        }
        mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// SHA-256 hex digest, for looking up high-entropy tokens (refresh tokens, API keys, invites).
pub fn token_hash(token: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn test_box() -> SecretBox {
        SecretBox::new(&MasterKey::from_bytes([7u8; 32]))
    }
    const SCOPE: SealScope<'static> = SealScope { tenant: "t1", table: "panels", row: "r1" };

    #[test]
    fn stored_format_is_pinned() {
        // If this changes, existing databases can no longer be opened: add a new format version instead.
        let sealed = test_box().seal_with_nonce(SCOPE, "canary-secret", [1u8; NONCE_LEN]).expect("sealed");
        assert_eq!(sealed, "pr1.1.AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBmlpMQqJgqFYzzTNFoTPWM5tU2VgLL7rJaZGSzUs");
        assert_eq!(test_box().open(SCOPE, &sealed).map(|s| s.expose().clone()), Ok("canary-secret".to_string()));
    }

    #[test]
    fn sealing_twice_gives_different_ciphertexts() {
        let b = test_box();
        assert_ne!(b.seal(SCOPE, "x").expect("sealed"), b.seal(SCOPE, "x").expect("sealed"));
    }

    #[test]
    fn opening_with_another_row_tenant_table_or_key_fails() {
        let b = test_box();
        let sealed = b.seal(SCOPE, "bot-token").expect("sealed");
        for other in [
            SealScope { row: "r2", ..SCOPE },
            SealScope { tenant: "t2", ..SCOPE },
            SealScope { table: "bots", ..SCOPE },
        ] {
            assert_eq!(b.open(other, &sealed).err(), Some(SealError::Open));
        }
        let other_key = SecretBox::new(&MasterKey::from_bytes([8u8; 32]));
        assert_eq!(other_key.open(SCOPE, &sealed).err(), Some(SealError::Open));
    }

    #[test]
    fn tampered_or_garbage_values_fail_cleanly() {
        let b = test_box();
        for bad in ["", "pr1", "pr1.1", "pr1.1.!!!", "pr9.1.AAAA", "pr1.x.AAAA", "pr1.1.AAAA"] {
            assert!(b.open(SCOPE, bad).is_err(), "{bad}");
        }
        assert_eq!(b.open(SCOPE, "pr1.2.AAAA").err(), Some(SealError::UnknownKeyVersion(2)));
    }

    #[test]
    fn debug_output_never_shows_the_key() {
        let shown = format!("{:?} {:?}", test_box(), MasterKey::from_bytes([7u8; 32]));
        assert!(!shown.contains("07070707") && !shown.contains("[7, 7"), "{shown}");
    }
}
