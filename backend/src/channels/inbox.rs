//! The inbox writer: every received update is stored before it is acknowledged, and the writes
//! of many concurrent webhook calls and pollers are committed together (one multi-row insert per
//! batch, under the SQLite write gate), so ingest is not one transaction per request.
use std::sync::Arc;

use sea_orm::sea_query::OnConflict;
use sea_orm::{EntityTrait, Set};
use tokio::sync::{mpsc, oneshot};

use crate::db::entities::{channel_inbox, channels};
use crate::db::{Db, new_id, now};
use crate::error::AppError;

/// Rows per multi-row insert (well under SQLite's and PostgreSQL's parameter limits).
const MAX_BATCH: usize = 256;

type Job = (channel_inbox::ActiveModel, oneshot::Sender<Result<(), String>>);

#[derive(Clone)]
pub struct InboxWriter {
    tx: mpsc::Sender<Job>,
}

impl InboxWriter {
    /// Starts the writer task.
    pub fn start(db: Db, wakeup: Arc<tokio::sync::Notify>) -> Self {
        let (tx, mut rx) = mpsc::channel::<Job>(4096);
        tokio::spawn(async move {
            while let Some(first) = rx.recv().await {
                let mut batch = vec![first];
                while batch.len() < MAX_BATCH {
                    match rx.try_recv() {
                        Ok(job) => batch.push(job),
                        Err(_) => break,
                    }
                }
                let rows: Vec<channel_inbox::ActiveModel> = batch.iter().map(|(row, _)| row.clone()).collect();
                let result = db
                    .write(async |conn| {
                        Ok(channel_inbox::Entity::insert_many(rows)
                            .on_conflict(
                                OnConflict::columns([
                                    channel_inbox::Column::ChannelId,
                                    channel_inbox::Column::MessageKey,
                                ])
                                .do_nothing()
                                .to_owned(),
                            )
                            .exec_without_returning(conn)
                            .await?)
                    })
                    .await;
                let outcome = match result {
                    Ok(inserted) => {
                        if inserted > 0 {
                            wakeup.notify_one();
                        }
                        Ok(())
                    }
                    Err(e) => {
                        tracing::error!(error = %e, rows = batch.len(), "cannot store received updates");
                        Err(e.to_string())
                    }
                };
                for (_, reply) in batch {
                    let _ = reply.send(outcome.clone());
                }
            }
        });
        Self { tx }
    }

    /// Stores a received body once per (channel, key); a redelivery is dropped by the unique key.
    /// Returns when the row is committed.
    pub async fn store(&self, c: &channels::Model, key: &str, body: &str) -> Result<(), AppError> {
        let row = channel_inbox::ActiveModel {
            id: Set(new_id()),
            tenant_id: Set(c.tenant_id.clone()),
            channel_id: Set(c.id.clone()),
            message_key: Set(key.chars().take(160).collect()),
            body: Set(body.to_string()),
            status: Set(channel_inbox::InboxStatus::New),
            attempts: Set(0),
            error: Set(None),
            received_at: Set(now()),
            processed_at: Set(None),
            claimed_by: Set(None),
            lease_until: Set(None),
        };
        let (reply, done) = oneshot::channel();
        self.tx.send((row, reply)).await.map_err(|_| AppError::Internal("the inbox writer stopped".into()))?;
        match done.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(AppError::Internal(format!("storing an update failed: {e}"))),
            Err(_) => Err(AppError::Internal("the inbox writer stopped".into())),
        }
    }
}
