//! Argon2id password hashing, run on the blocking pool so it never stalls the async workers.
use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

use crate::error::AppError;

pub async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let mut salt_bytes = [0u8; 16];
        crate::secrets::fill_random(&mut salt_bytes);
        Argon2::default()
            .hash_password_with_salt(password.as_bytes(), &salt_bytes)
            .map(|h| h.to_string())
            .map_err(|e| AppError::internal("argon2 hash", e))
    })
    .await
    .map_err(|e| AppError::internal("hash task", e))?
}

/// True when `password` matches the stored hash. A malformed stored hash counts as no match.
pub async fn verify_password(password: String, stored_hash: String) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        // A malformed stored hash is an error here, which counts as no match.
        Argon2::default().verify_password(password.as_bytes(), stored_hash.as_str()).is_ok()
    })
    .await
    .map_err(|e| AppError::internal("verify task", e))
}

/// Spends the same work as a real verification, so that an unknown email is not faster to reject.
pub async fn burn_equal_time(password: String) {
    let _ = hash_password(password).await;
}
