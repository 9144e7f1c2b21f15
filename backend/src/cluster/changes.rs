//! The change feed: a configuration change made through one instance reaches every other
//! instance's caches within about a second. Each change an instance makes is written as a row
//! (scope and workspace, never the content); every instance reads the new rows once a second and
//! drops what it cached for them. No clocks are compared: rows are found by id.
use std::collections::{HashSet, VecDeque};
use std::sync::{Arc, OnceLock};
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use tokio::sync::mpsc;

use crate::db::Db;
use crate::db::entities::cluster_changes;
use crate::error::AppError;

/// What changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A workspace's configuration (settings, templates, routing, rules, providers, panels).
    Tenant(String),
    /// Channels (added, changed, switched off, removed): webhook receivers and pollers.
    Channels,
    /// A workspace's plan or subscription, or (None) the plans themselves.
    Billing(Option<String>),
}

impl Change {
    fn to_row(&self) -> (&'static str, Option<String>) {
        match self {
            Change::Tenant(t) => ("tenant", Some(t.clone())),
            Change::Channels => ("channels", None),
            Change::Billing(t) => ("billing", t.clone()),
        }
    }

    fn from_row(scope: &str, tenant: Option<String>) -> Option<Self> {
        match (scope, tenant) {
            ("tenant", Some(t)) => Some(Change::Tenant(t)),
            ("channels", _) => Some(Change::Channels),
            ("billing", t) => Some(Change::Billing(t)),
            _ => None,
        }
    }
}

/// The publishing end, shared by the caches: a change is sent to the writer task (if the feed
/// runs; tests without it only drop their own caches).
#[derive(Clone, Default)]
pub struct ChangeFeed {
    tx: Arc<OnceLock<mpsc::UnboundedSender<Change>>>,
}

impl ChangeFeed {
    pub fn publish(&self, change: Change) {
        if let Some(tx) = self.tx.get() {
            let _ = tx.send(change);
        }
    }
}

/// Changes older than this are deleted.
const KEEP: i64 = 600;
/// Passes (seconds) a row is read again for.
const REREAD_PASSES: usize = 5;

pub async fn record(
    db: &impl ConnectionTrait,
    origin: &str,
    change: &Change,
    at: DateTime<Utc>,
) -> Result<(), AppError> {
    let (scope, tenant) = change.to_row();
    cluster_changes::Entity::insert(cluster_changes::ActiveModel {
        origin: Set(origin.chars().take(100).collect()),
        scope: Set(scope.into()),
        tenant_id: Set(tenant),
        at: Set(at),
        ..Default::default()
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Every change after row `after` (all instances'): (row id, origin, change).
pub async fn after(db: &impl ConnectionTrait, after: i64) -> Result<Vec<(i64, String, Option<Change>)>, AppError> {
    Ok(cluster_changes::Entity::find()
        .filter(cluster_changes::Column::Id.gt(after))
        .order_by_asc(cluster_changes::Column::Id)
        .limit(5000)
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r.origin, Change::from_row(&r.scope, r.tenant_id)))
        .collect())
}

/// Starts the feed: publishes this instance's changes and applies the others' with `apply`.
pub fn spawn(db: Db, feed: &ChangeFeed, origin: String, apply: impl Fn(Change) + Send + 'static) {
    let (tx, mut rx) = mpsc::unbounded_channel::<Change>();
    if feed.tx.set(tx).is_err() {
        return; // already running
    }
    let writer_db = db.clone();
    let writer_origin = origin.clone();
    tokio::spawn(async move {
        while let Some(first) = rx.recv().await {
            let mut batch = vec![first];
            while let Ok(more) = rx.try_recv() {
                if !batch.contains(&more) {
                    batch.push(more);
                }
            }
            let at = crate::db::now();
            for change in batch {
                if let Err(e) = writer_db.write(async |c| record(c, &writer_origin, &change, at).await).await {
                    tracing::warn!(error = %e, "cannot publish a configuration change to the other instances");
                }
            }
        }
    });
    tokio::spawn(async move {
        // Rows are read again for a few passes after they appear (a row can commit after one with
        // a higher id was read); `applied` keeps each from being applied twice.
        let start = cluster_changes::Entity::find()
            .order_by_desc(cluster_changes::Column::Id)
            .one(&db)
            .await
            .ok()
            .flatten()
            .map_or(0, |r| r.id);
        let mut floors: VecDeque<i64> = VecDeque::from([start]);
        let mut applied: HashSet<i64> = HashSet::new();
        let mut timer = tokio::time::interval(StdDuration::from_secs(1));
        timer.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut last_prune = crate::db::now();
        loop {
            timer.tick().await;
            let floor = floors.front().copied().unwrap_or(start);
            match after(&db, floor).await {
                Ok(rows) => {
                    let top = rows.last().map(|r| r.0).unwrap_or(*floors.back().unwrap_or(&floor));
                    for (id, from, change) in rows {
                        if from != origin
                            && applied.insert(id)
                            && let Some(change) = change
                        {
                            apply(change);
                        }
                    }
                    floors.push_back(top);
                    while floors.len() > REREAD_PASSES {
                        floors.pop_front();
                    }
                    let low = floors.front().copied().unwrap_or(top);
                    applied.retain(|id| *id > low);
                }
                Err(e) => tracing::warn!(error = %e, "cannot read the other instances' configuration changes"),
            }
            let now = crate::db::now();
            if now - last_prune > Duration::seconds(60) {
                last_prune = now;
                let old = now - Duration::seconds(KEEP);
                let _ = db
                    .write(async |c| {
                        cluster_changes::Entity::delete_many()
                            .filter(cluster_changes::Column::At.lt(old))
                            .exec(c)
                            .await
                            .map_err(AppError::from)
                    })
                    .await;
            }
        }
    });
}
