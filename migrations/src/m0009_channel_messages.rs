//! What issue 12 needs from the channels' tables:
//! - a command remembers where in the chat it was asked (Telegram forum topic, the customer's
//!   message id), so every later notice about it lands in the same topic and quotes it;
//! - WhatsApp message ids are unique per chat only: stored keys `m:{idMessage}` (inbox and
//!   delivery keys) become `m:{chatId}:{idMessage}`, the chat read from the stored notification,
//!   so a notification still in Green API's queue after the upgrade is still recognised.
use sea_orm_migration::sea_orm::{ConnectionTrait, Statement, Value};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum CommandLog {
    Table,
    ReplyThread,
    ReplyMessage,
}

/// Rows rewritten per round trip.
const BATCH: i64 = 500;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter().table(CommandLog::Table).add_column(big_integer_null(CommandLog::ReplyThread)).to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(CommandLog::Table)
                .add_column(string_len_null(CommandLog::ReplyMessage, 160))
                .to_owned(),
        )
        .await?;
        rekey_whatsapp(m.get_connection()).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(CommandLog::Table).drop_column(CommandLog::ReplyMessage).to_owned()).await?;
        m.alter_table(Table::alter().table(CommandLog::Table).drop_column(CommandLog::ReplyThread).to_owned()).await
    }
}

/// `m:{id}` → `m:{chat}:{id}` for every stored WhatsApp notification whose chat is readable, and
/// the same for the delivery key recorded when it was handled. Old keys hold one colon; new ones two.
async fn rekey_whatsapp(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let mut after = String::new();
    loop {
        let select = Statement::from_sql_and_values(
            backend,
            bind(
                backend,
                "SELECT i.id, i.channel_id, i.message_key, i.body FROM channel_inbox i \
                 JOIN channels c ON c.id = i.channel_id \
                 WHERE c.kind = 'whatsapp' AND i.message_key LIKE 'm:%' AND i.message_key NOT LIKE 'm:%:%' \
                 AND i.id > ? ORDER BY i.id LIMIT ?",
            ),
            [Value::from(after.clone()), Value::from(BATCH)],
        );
        let rows = db.query_all_raw(select).await?;
        if rows.is_empty() {
            return Ok(());
        }
        for row in &rows {
            let id: String = row.try_get("", "id")?;
            let channel: String = row.try_get("", "channel_id")?;
            let old: String = row.try_get("", "message_key")?;
            let body: String = row.try_get("", "body")?;
            after = id.clone();
            let chat = serde_json::from_str::<serde_json::Value>(&body)
                .ok()
                .and_then(|v| v.pointer("/senderData/chatId").and_then(|c| c.as_str()).map(str::to_string))
                .filter(|c| !c.is_empty() && !c.contains(':'));
            let Some(chat) = chat else { continue };
            let new: String = format!("m:{chat}:{}", &old[2..]).chars().take(128).collect();
            for (table, key_filter) in [
                ("channel_inbox", "id = ?"),
                ("inbound_keys", "channel = 'whatsapp' AND source = ? AND message_key = ?"),
            ] {
                let sql = format!("UPDATE {table} SET message_key = ? WHERE {key_filter}");
                let values: Vec<Value> = if table == "channel_inbox" {
                    vec![new.clone().into(), id.clone().into()]
                } else {
                    vec![new.clone().into(), channel.clone().into(), old.clone().into()]
                };
                db.execute_raw(Statement::from_sql_and_values(backend, bind(backend, &sql), values)).await?;
            }
        }
    }
}

/// `?` placeholders as the backend wants them (`$1, $2, …` on PostgreSQL).
fn bind(backend: sea_orm_migration::sea_orm::DbBackend, sql: &str) -> String {
    if backend != sea_orm_migration::sea_orm::DbBackend::Postgres {
        return sql.to_string();
    }
    let mut out = String::with_capacity(sql.len() + 8);
    let mut n = 0;
    for c in sql.chars() {
        if c == '?' {
            n += 1;
            out.push_str(&format!("${n}"));
        } else {
            out.push(c);
        }
    }
    out
}
