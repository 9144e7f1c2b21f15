//! Integrator API keys: `prk_` + 32 random bytes; only a SHA-256 of the key is stored.

pub const KEY_PREFIX: &str = "prk_";
/// Characters of the key shown in lists so owners can tell keys apart.
pub const SHOWN_PREFIX_LEN: usize = 10;

pub fn new_api_key() -> String {
    format!("{KEY_PREFIX}{}", crate::secrets::random_token(32))
}

pub fn shown_prefix(key: &str) -> String {
    key.chars().take(SHOWN_PREFIX_LEN).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_random_prefixed_and_long() {
        let (a, b) = (new_api_key(), new_api_key());
        assert_ne!(a, b);
        assert!(a.starts_with(KEY_PREFIX) && a.len() > 40);
        assert_eq!(shown_prefix(&a).len(), SHOWN_PREFIX_LEN);
    }
}
