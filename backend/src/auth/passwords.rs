//! Argon2id password hashing through one bounded queue: at most `concurrency` hashes run at once
//! (each takes ~19 MiB), a caller waits a short while for a turn and is otherwise told to come back
//! (503 with `Retry-After`). Without the bound, a burst of sign-ups or invite acceptances would
//! hold hundreds of hashes in memory at the same time.
use std::sync::Arc;
use std::time::Duration;

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use tokio::sync::Semaphore;

use crate::error::AppError;

/// How long a caller waits for a free hashing slot before the server answers 503.
const QUEUE_WAIT: Duration = Duration::from_secs(2);
const RETRY_AFTER_SECS: u64 = 2;

#[derive(Clone, Debug)]
pub struct PasswordHasherPool {
    slots: Arc<Semaphore>,
}

impl Default for PasswordHasherPool {
    fn default() -> Self {
        Self::new(std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2))
    }
}

impl PasswordHasherPool {
    pub fn new(concurrency: usize) -> Self {
        Self { slots: Arc::new(Semaphore::new(concurrency.max(1))) }
    }

    async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
        let permit = tokio::time::timeout(QUEUE_WAIT, self.slots.clone().acquire_owned())
            .await
            .map_err(|_| AppError::Busy {
                message: "the server is busy checking passwords; try again in a moment".into(),
                retry_after_secs: RETRY_AFTER_SECS,
            })?
            .map_err(|e| AppError::internal("password queue", e))?;
        tokio::task::spawn_blocking(move || {
            let out = work();
            drop(permit);
            out
        })
        .await
        .map_err(|e| AppError::internal("password task", e))
    }

    pub async fn hash(&self, password: String) -> Result<String, AppError> {
        self.run(move || {
            let mut salt_bytes = [0u8; 16];
            crate::secrets::fill_random(&mut salt_bytes);
            Argon2::default()
                .hash_password_with_salt(password.as_bytes(), &salt_bytes)
                .map(|h| h.to_string())
                .map_err(|e| AppError::internal("argon2 hash", e))
        })
        .await?
    }

    /// True when `password` matches the stored hash. A malformed stored hash counts as no match.
    pub async fn verify(&self, password: String, stored_hash: String) -> Result<bool, AppError> {
        self.run(move || Argon2::default().verify_password(password.as_bytes(), stored_hash.as_str()).is_ok()).await
    }

    /// Spends the same work as a real verification, so that an unknown email is not faster to reject.
    pub async fn burn_equal_time(&self, password: String) -> Result<(), AppError> {
        self.hash(password).await.map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_a_full_queue_answers_busy_instead_of_piling_up() {
        let pool = PasswordHasherPool::new(1);
        let hash = pool.hash("correct horse battery".into()).await.expect("hash");
        assert!(pool.verify("correct horse battery".into(), hash.clone()).await.expect("verify"));
        assert!(!pool.verify("wrong".into(), hash).await.expect("verify"));
        // Hold the only slot: the next caller is refused after the short wait, not queued forever.
        let _held = pool.slots.clone().acquire_owned().await.expect("permit");
        let started = std::time::Instant::now();
        let err = pool.hash("another password".into()).await.expect_err("busy");
        assert!(matches!(err, AppError::Busy { retry_after_secs: RETRY_AFTER_SECS, .. }), "{err:?}");
        assert!(started.elapsed() >= QUEUE_WAIT);
    }
}
