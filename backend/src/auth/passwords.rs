//! Argon2id password hashing through one bounded queue: a few dedicated threads (about the core
//! count) run the hashes, a caller waits a short while for a turn and is otherwise told to come
//! back (503 with `Retry-After`). Each hash takes ~19 MiB; running them on the same few threads
//! means the allocator keeps at most a few such buffers, where hashing on the general blocking
//! pool let every one of its many threads keep one (hundreds of MB, never given back).
use std::sync::mpsc::{Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::Semaphore;

use crate::error::AppError;

/// How long a caller waits for a free hashing slot before the server answers 503.
const QUEUE_WAIT: Duration = Duration::from_secs(2);
const RETRY_AFTER_SECS: u64 = 2;

type Job = Box<dyn FnOnce() + Send>;

#[derive(Clone)]
pub struct PasswordHasherPool {
    slots: Arc<Semaphore>,
    jobs: SyncSender<Job>,
}

impl std::fmt::Debug for PasswordHasherPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PasswordHasherPool({} free)", self.slots.available_permits())
    }
}

impl Default for PasswordHasherPool {
    /// One thread fewer than the cores (at least one): a burst of hashing leaves a core for the
    /// requests that need none (health checks, commands, webhooks).
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        Self::new(cores.saturating_sub(1).max(1))
    }
}

fn busy() -> AppError {
    AppError::Busy {
        message: "the server is busy checking passwords; try again in a moment".into(),
        retry_after_secs: RETRY_AFTER_SECS,
    }
}

impl PasswordHasherPool {
    /// `concurrency` threads; they end when the last handle to the pool is dropped.
    pub fn new(concurrency: usize) -> Self {
        let concurrency = concurrency.max(1);
        let (jobs, queue) = std::sync::mpsc::sync_channel::<Job>(concurrency);
        let queue: Arc<Mutex<Receiver<Job>>> = Arc::new(Mutex::new(queue));
        for n in 0..concurrency {
            let queue = queue.clone();
            let spawned = std::thread::Builder::new().name(format!("password-hasher-{n}")).spawn(move || {
                loop {
                    let job = queue.lock().unwrap_or_else(|p| p.into_inner()).recv();
                    match job {
                        // A failed job must not take the thread with it.
                        Ok(job) => {
                            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                        }
                        Err(_) => break,
                    }
                }
            });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "a password-hashing thread could not start");
            }
        }
        Self { slots: Arc::new(Semaphore::new(concurrency)), jobs }
    }

    async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
        let permit = tokio::time::timeout(QUEUE_WAIT, self.slots.clone().acquire_owned())
            .await
            .map_err(|_| busy())?
            .map_err(|e| AppError::internal("password queue", e))?;
        let (done, answer) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let out = work();
            drop(permit);
            let _ = done.send(out);
        });
        // At most `concurrency` permits exist, so the channel (of that capacity) always has room.
        self.jobs.try_send(job).map_err(|e| match e {
            TrySendError::Full(_) => busy(),
            TrySendError::Disconnected(_) => AppError::Internal("the password-hashing threads stopped".into()),
        })?;
        answer.await.map_err(|e| AppError::internal("password task", e))
    }

    pub async fn hash(&self, password: String) -> Result<String, AppError> {
        self.run(move || phc::hash(password.as_bytes())).await?
    }

    /// Checks a new password's strength (see `domain::check_password_strength`: `related` are the
    /// email and names it must not be built from) and hashes it, both on the queue's threads: the
    /// estimator costs milliseconds, which must not stall the request workers under a burst.
    pub async fn check_and_hash(&self, password: String, related: Vec<String>) -> Result<String, AppError> {
        self.run(move || {
            let related: Vec<&str> = related.iter().map(String::as_str).collect();
            super::domain::check_password_strength(&password, &related).map_err(AppError::BadRequest)?;
            phc::hash(password.as_bytes())
        })
        .await?
    }

    /// True when `password` matches the stored hash. A malformed stored hash counts as no match.
    pub async fn verify(&self, password: String, stored_hash: String) -> Result<bool, AppError> {
        self.run(move || phc::verify(password.as_bytes(), &stored_hash)).await
    }

    /// Spends the same work as a real verification, so that an unknown email is not faster to reject.
    pub async fn burn_equal_time(&self, password: String) -> Result<(), AppError> {
        self.hash(password).await.map(|_| ())
    }
}

/// Argon2id in the standard PHC string format (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`,
/// what `argon2`'s own `PasswordHasher` writes), computed in a buffer each hashing thread keeps,
/// so no hash allocates its 19 MiB again.
mod phc {
    use std::cell::RefCell;

    use argon2::{Algorithm, Argon2, Block, Params, Version};
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD_NO_PAD as B64;
    use subtle::ConstantTimeEq;

    use crate::error::AppError;

    /// Stored hashes asking for more memory than this are not ours (64 MiB).
    const MAX_M_COST: u32 = 64 * 1024;

    thread_local! {
        static MEMORY: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
    }

    fn compute(params: Params, password: &[u8], salt: &[u8], out: &mut [u8]) -> Result<(), argon2::Error> {
        let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        MEMORY.with(|memory| {
            let mut memory = memory.borrow_mut();
            let needed = argon.params().block_count();
            if memory.len() < needed {
                memory.resize(needed, Block::default());
            }
            argon.hash_password_into_with_memory(password, salt, out, &mut memory[..needed])
        })
    }

    pub fn hash(password: &[u8]) -> Result<String, AppError> {
        let params = Params::default();
        let mut salt = [0u8; 16];
        crate::secrets::fill_random(&mut salt);
        let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
        compute(params.clone(), password, &salt, &mut out).map_err(|e| AppError::internal("argon2 hash", e))?;
        Ok(format!(
            "$argon2id$v=19$m={},t={},p={}${}${}",
            params.m_cost(),
            params.t_cost(),
            params.p_cost(),
            B64.encode(salt),
            B64.encode(out)
        ))
    }

    pub fn verify(password: &[u8], stored: &str) -> bool {
        let parts: Vec<&str> = stored.split('$').collect();
        let ["", "argon2id", "v=19", costs, salt, expected] = parts.as_slice() else { return false };
        let (mut m, mut t, mut p) = (None, None, None);
        for pair in costs.split(',') {
            match pair.split_once('=') {
                Some(("m", v)) => m = v.parse::<u32>().ok(),
                Some(("t", v)) => t = v.parse::<u32>().ok(),
                Some(("p", v)) => p = v.parse::<u32>().ok(),
                _ => return false,
            }
        }
        let (Some(m), Some(t), Some(p)) = (m, t, p) else { return false };
        let (Ok(salt), Ok(expected)) = (B64.decode(salt), B64.decode(expected)) else { return false };
        if m > MAX_M_COST {
            return false;
        }
        let Ok(params) = Params::new(m, t, p, Some(expected.len())) else { return false };
        let mut out = vec![0u8; expected.len()];
        compute(params, password, &salt, &mut out).is_ok() && bool::from(out.ct_eq(&expected))
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
        assert!(!pool.verify("wrong".into(), hash.clone()).await.expect("verify"));
        assert!(!pool.verify("x".into(), "not a hash".into()).await.expect("verify"));
        // Hold the only slot: the next caller is refused after the short wait, not queued forever.
        let _held = pool.slots.clone().acquire_owned().await.expect("permit");
        let started = std::time::Instant::now();
        let err = pool.hash("another password".into()).await.expect_err("busy");
        assert!(matches!(err, AppError::Busy { retry_after_secs: RETRY_AFTER_SECS, .. }), "{err:?}");
        assert!(started.elapsed() >= QUEUE_WAIT);
    }

    #[test]
    fn hashes_are_the_standard_format_both_ways() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let ours = phc::hash(b"correct horse battery").expect("hash");
        assert!(ours.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{ours}");
        assert!(argon2::Argon2::default().verify_password(b"correct horse battery", ours.as_str()).is_ok());
        let theirs = argon2::Argon2::default()
            .hash_password_with_salt(b"correct horse battery", b"0123456789abcdef")
            .expect("hash")
            .to_string();
        assert!(phc::verify(b"correct horse battery", &theirs));
        assert!(!phc::verify(b"wrong", &theirs));
        assert!(!phc::verify(b"x", "$argon2id$v=19$m=999999999,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA"));
    }
}
