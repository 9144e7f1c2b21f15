use std::io::Write;
use std::path::Path;

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The 32-byte master key. Everything else (sealing key, JWT key, lookup hashes) is derived from it.
#[derive(Clone)]
pub struct MasterKey([u8; 32]);

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey([redacted])")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("the master key must be 64 hexadecimal characters (32 bytes); got {0} characters")]
    BadLength(usize),
    #[error("the master key must be hexadecimal (0-9, a-f)")]
    NotHex,
    #[error("cannot read or create the key file {path}: {source}")]
    Io { path: String, source: std::io::Error },
}

impl MasterKey {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    pub fn from_hex(text: &str) -> Result<Self, KeyError> {
        let text = text.trim();
        if text.len() != 64 {
            return Err(KeyError::BadLength(text.len()));
        }
        let mut bytes = [0u8; 32];
        for (i, chunk) in text.as_bytes().chunks(2).enumerate() {
            let pair = std::str::from_utf8(chunk).map_err(|_| KeyError::NotHex)?;
            bytes[i] = u8::from_str_radix(pair, 16).map_err(|_| KeyError::NotHex)?;
        }
        Ok(Self(bytes))
    }

    fn to_hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// A sub-key for one purpose (HMAC-SHA256 of the label): keys for different uses never coincide.
    pub fn derive(&self, label: &[u8]) -> [u8; 32] {
        let mut mac = hmac_with(&self.0);
        mac.update(label);
        mac.finalize().into_bytes().into()
    }
}

/// Reads the key file beside the database, or creates it with mode 0600 on first start.
pub fn load_or_create_master_key(path: &Path) -> Result<MasterKey, KeyError> {
    let io = |source| KeyError::Io { path: path.display().to_string(), source };
    match std::fs::read_to_string(path) {
        Ok(text) => MasterKey::from_hex(&text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut bytes = [0u8; 32];
            super::fill_random(&mut bytes);
            let key = MasterKey(bytes);
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut file = options.open(path).map_err(io)?;
            file.write_all(key.to_hex().as_bytes()).map_err(io)?;
            file.sync_all().map_err(io)?;
            Ok(key)
        }
        Err(e) => Err(io(e)),
    }
}

/// HMAC-SHA256 keyed with a 32-byte key, built without a fallible constructor: HMAC pads a key
/// shorter than the hash's 64-byte block with zeros, so the padded block is the same key.
pub(crate) fn hmac_with(key: &[u8; 32]) -> Hmac<Sha256> {
    use hmac::digest::KeyInit;
    let mut block = [0u8; 64];
    block[..32].copy_from_slice(key);
    <Hmac<Sha256> as KeyInit>::new(&block.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_file_is_created_once_with_owner_only_permissions() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("master.key");
        let first = load_or_create_master_key(&path).expect("create");
        let second = load_or_create_master_key(&path).expect("read");
        assert_eq!(first.0, second.0);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
    }

    #[test]
    fn malformed_keys_get_clear_errors() {
        assert!(matches!(MasterKey::from_hex("abc"), Err(KeyError::BadLength(3))));
        assert!(matches!(MasterKey::from_hex(&"zz".repeat(32)), Err(KeyError::NotHex)));
        assert!(MasterKey::from_hex(&"0a".repeat(32)).is_ok());
    }
}
