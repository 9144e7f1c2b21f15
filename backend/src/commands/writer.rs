//! Group commit: one task applies the write sets of concurrent commands in one transaction, each
//! inside its own savepoint so that a failing command does not take the others with it. One
//! commit (and one fsync) then serves many commands; cooldown claims stay sequential and atomic.
use std::sync::Arc;

use sea_orm::{DatabaseConnection, TransactionTrait};
use shared::commands::CommandResult;
use tokio::sync::{Notify, mpsc, oneshot};

use super::pipeline::{WriteJob, apply};
use crate::error::AppError;

/// At most this many commands share one transaction.
const BATCH: usize = 64;

type Reply = oneshot::Sender<Result<CommandResult, AppError>>;

#[derive(Clone)]
pub struct Writer {
    queue: mpsc::Sender<(WriteJob, Reply)>,
}

impl Writer {
    pub fn spawn(db: DatabaseConnection, outbox_wakeup: Arc<Notify>) -> Self {
        let (queue, mut jobs) = mpsc::channel::<(WriteJob, Reply)>(1024);
        tokio::spawn(async move {
            while let Some(first) = jobs.recv().await {
                let mut batch = vec![first];
                while batch.len() < BATCH {
                    match jobs.try_recv() {
                        Ok(job) => batch.push(job),
                        Err(_) => break,
                    }
                }
                run_batch(&db, batch, &outbox_wakeup).await;
            }
        });
        Self { queue }
    }

    pub async fn submit(&self, job: WriteJob) -> Result<CommandResult, AppError> {
        let (reply, answer) = oneshot::channel();
        self.queue.send((job, reply)).await.map_err(|_| AppError::Internal("the writer has stopped".into()))?;
        answer.await.map_err(|_| AppError::Internal("the writer dropped a command".into()))?
    }
}

async fn run_batch(db: &DatabaseConnection, batch: Vec<(WriteJob, Reply)>, outbox_wakeup: &Notify) {
    let txn = match db.begin().await {
        Ok(t) => t,
        Err(e) => {
            for (_, reply) in batch {
                let _ = reply.send(Err(AppError::internal("begin write transaction", &e)));
            }
            return;
        }
    };
    let mut results: Vec<(Reply, Result<CommandResult, AppError>)> = Vec::with_capacity(batch.len());
    for (job, reply) in batch {
        let result = match txn.begin().await {
            Ok(savepoint) => match apply(&savepoint, job).await {
                Ok(r) => savepoint.commit().await.map(|_| r).map_err(AppError::from),
                Err(e) => Err(e), // the savepoint rolls back when dropped
            },
            Err(e) => Err(AppError::from(e)),
        };
        results.push((reply, result));
    }
    match txn.commit().await {
        Ok(()) => {
            if results.iter().any(|(_, r)| r.as_ref().is_ok_and(WriteJob::queues_messages)) {
                outbox_wakeup.notify_one();
            }
            for (reply, result) in results {
                let _ = reply.send(result);
            }
        }
        Err(e) => {
            for (reply, _) in results {
                let _ = reply.send(Err(AppError::internal("commit", &e)));
            }
        }
    }
}
