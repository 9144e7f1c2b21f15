//! Data migrations on a database that already holds rows (the schema tests start empty).
use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Database};

/// m0009: WhatsApp keys `m:{idMessage}` become `m:{chatId}:{idMessage}`, in the inbox and in
/// the delivery keys, so a notification still queued at Green API after the upgrade is still
/// recognised as handled; a body whose chat cannot be read keeps its key.
#[tokio::test]
async fn whatsapp_message_keys_gain_their_chat() {
    let db = Database::connect("sqlite::memory:").await.expect("sqlite");
    Migrator::up(&db, Some(8)).await.expect("up to m0008");
    let at = "2026-12-01 10:00:00+00:00";
    for sql in [
        "PRAGMA foreign_keys = OFF".to_string(),
        format!(
            "INSERT INTO channels (id, tenant_id, panel_id, kind, name, mode, enabled, api_url, account_id, token_sealed, \
             poll_offset, status, created_at) VALUES ('c1', 't1', 'p1', 'whatsapp', 'WA', 'webhook', true, 'x', '1', 'x', 0, 'ok', '{at}')"
        ),
        format!(
            "INSERT INTO channel_inbox (id, tenant_id, channel_id, message_key, body, status, attempts, received_at) VALUES \
             ('i1', 't1', 'c1', 'm:3EB0A1', '{{\"senderData\": {{\"chatId\": \"15550001111@c.us\"}}}}', 'done', 1, '{at}'), \
             ('i2', 't1', 'c1', 'm:3EB0B2', 'not json', 'done', 1, '{at}'), \
             ('i3', 't1', 'c1', 's:3EB0C3:failed', '{{}}', 'done', 1, '{at}')"
        ),
        format!(
            "INSERT INTO inbound_keys (id, tenant_id, channel, source, message_key, received_at) VALUES \
             ('k1', 't1', 'whatsapp', 'c1', 'm:3EB0A1', '{at}'), ('k2', 't1', 'telegram', 'c1', 'm:3EB0A1', '{at}')"
        ),
    ] {
        db.execute_unprepared(&sql).await.expect("seed");
    }
    Migrator::up(&db, None).await.expect("up");
    let key = async |table: &str, id: &str| -> String {
        let row = db
            .query_one_raw(sea_orm::Statement::from_string(
                db.get_database_backend(),
                format!("SELECT message_key FROM {table} WHERE id = '{id}'"),
            ))
            .await
            .expect("query")
            .expect("row");
        row.try_get("", "message_key").expect("key")
    };
    assert_eq!(key("channel_inbox", "i1").await, "m:15550001111@c.us:3EB0A1");
    assert_eq!(key("channel_inbox", "i2").await, "m:3EB0B2", "no readable chat: unchanged");
    assert_eq!(key("channel_inbox", "i3").await, "s:3EB0C3:failed", "delivery reports keep their key");
    assert_eq!(key("inbound_keys", "k1").await, "m:15550001111@c.us:3EB0A1");
    assert_eq!(key("inbound_keys", "k2").await, "m:3EB0A1", "another channel's key is left alone");
}
