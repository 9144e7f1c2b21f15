//! The message log: every chat message in (also the ignored ones, with why) and every answer
//! out, kept for the workspace's retention setting. Writing it never fails a message: a log row
//! that cannot be written is reported and skipped.
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::db::entities::message_log;
use crate::db::{Db, new_id};
use crate::error::AppError;

/// Longest text kept per message: enough to read, bounded so a flood cannot fill the disk.
pub const MAX_LOGGED_CHARS: usize = 1_000;

/// One message to log.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    pub tenant_id: String,
    pub channel: String,
    /// `in` or `out`
    pub direction: &'static str,
    pub chat: String,
    pub sender: String,
    pub text: String,
    /// `command`, `reply`, `ignored`, `link`, `duplicate`, `paused`, `sent`, `failed`
    pub outcome: &'static str,
    pub reason: String,
    pub command_id: Option<String>,
}

fn cut(text: &str, n: usize) -> String {
    text.chars().take(n).collect()
}

/// Writes one row; a failure is logged (without the text) and swallowed.
pub async fn record(db: &Db, entry: Entry, at: DateTime<Utc>) {
    let row = message_log::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(entry.tenant_id.clone()),
        at: Set(at),
        channel: Set(cut(&entry.channel, 16)),
        direction: Set(entry.direction.to_string()),
        chat: Set(cut(&entry.chat, 160)),
        sender: Set(cut(&entry.sender, 160)),
        body: Set(cut(&entry.text, MAX_LOGGED_CHARS)),
        outcome: Set(entry.outcome.to_string()),
        reason: Set(cut(&entry.reason, 200)),
        command_id: Set(entry.command_id.clone()),
    };
    let written = db
        .write(async |c| {
            message_log::Entity::insert(row).exec_without_returning(c).await?;
            Ok(())
        })
        .await;
    if let Err(e) = written {
        tracing::warn!(tenant = %entry.tenant_id, error = %e, "a message log row could not be written");
    }
}

/// Deletes what is older than each workspace's retention; returns how many rows went.
pub async fn clean(db: &impl ConnectionTrait, tenant_id: &str, days: u32, now: DateTime<Utc>) -> Result<u64, AppError> {
    let before = now - Duration::days(i64::from(days.max(1)));
    let gone = message_log::Entity::delete_many()
        .filter(message_log::Column::TenantId.eq(tenant_id))
        .filter(message_log::Column::At.lt(before))
        .exec(db)
        .await?;
    Ok(gone.rows_affected)
}

pub fn to_api(m: message_log::Model) -> shared::tickets::MessageLogRow {
    shared::tickets::MessageLogRow {
        id: m.id,
        at: m.at,
        channel: m.channel,
        direction: m.direction,
        chat: m.chat,
        sender: m.sender,
        text: m.body,
        outcome: m.outcome,
        reason: m.reason,
        command_id: m.command_id,
    }
}

/// One pass of the retention rule over every workspace.
pub async fn clean_all(db: &Db, at: DateTime<Utc>) -> Result<u64, AppError> {
    use crate::db::entities::tenants;
    let ids: Vec<String> = tenants::Entity::find().all(db.conn()).await?.into_iter().map(|t| t.id).collect();
    let mut gone = 0;
    for id in ids {
        let (settings, _) = crate::settings::repo::settings(db.conn(), &id).await?;
        gone += db.write(async |c| clean(c, &id, settings.message_log_days, at).await).await?;
    }
    Ok(gone)
}
