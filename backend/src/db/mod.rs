//! Database connection (SQLite by default, PostgreSQL for scale-out) and the sea-orm entities.
//!
//! `Db` owns the connection pool, SQLite's dedicated script writer and the write gate. Reads go
//! through it as through any connection (`&db` is a `ConnectionTrait`); writes that must not
//! interleave on SQLite go through `Db::write` (one statement or a few, in order) or
//! `Db::transaction`, or `txn::WriteTxn` for command scripts. The gate is private to this module,
//! and a write started while the same task already holds it fails at once with a clear error
//! instead of waiting for itself.
pub mod entities;
pub mod files;
pub mod txn;

mod handle;
pub use handle::Db;

use std::time::Duration;

use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbErr};

/// Opens the database and applies pending migrations.
pub async fn connect_and_migrate(url: &str) -> Result<DatabaseConnection, DbErr> {
    let db = connect(url).await?;
    Migrator::up(&db, None).await?;
    Ok(db)
}

pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    connect_pool(url, 8).await
}

/// SQLite: the single connection that runs command transactions as scripts (see `txn`).
pub async fn connect_script_writer(url: &str) -> Result<Option<DatabaseConnection>, DbErr> {
    if url.starts_with("sqlite:") { Ok(Some(connect_pool(url, 1).await?)) } else { Ok(None) }
}

async fn connect_pool(url: &str, sqlite_connections: u32) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .sqlx_logging(std::env::var_os("PANELRELAY_SQL_TRACE").is_some())
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(10));
    if url.starts_with("sqlite:") {
        // WAL lets readers work while one writer writes; the busy timeout makes writers wait
        // for each other instead of failing; foreign keys are off by default in SQLite.
        // A local file cannot drop a connection: no ping (a round trip to sqlx's worker thread)
        // before every checkout.
        options.max_connections(sqlite_connections).test_before_acquire(false).map_sqlx_sqlite_opts(|o| {
            o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                // Checkpoints run in the background (`spawn_checkpointer`), not inside a command's commit.
                .pragma("wal_autocheckpoint", "0")
        });
    } else {
        // Ping only connections idle long enough to have been dropped by the server or a proxy,
        // not every checkout (a round trip per statement).
        options.max_connections(16).test_before_acquire_if_idle_for(Duration::from_secs(30));
    }
    Database::connect(options).await
}

/// SQLite: copies the WAL back into the database every half second (PASSIVE: never blocks
/// writers), so no command's commit pays for a checkpoint and the WAL is reused instead of growing.
pub fn spawn_checkpointer(db: DatabaseConnection) {
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_millis(500)).await;
            if let Err(e) = db.execute_unprepared("PRAGMA wal_checkpoint(PASSIVE)").await {
                tracing::warn!(error = %e, "WAL checkpoint failed");
            }
        }
    });
}

/// Ready means: the database answers and no migration is pending.
pub async fn readiness(db: &DatabaseConnection) -> Result<(), String> {
    db.execute_unprepared("SELECT 1").await.map_err(|e| format!("database unreachable: {e}"))?;
    let pending = Migrator::get_pending_migrations(db).await.map_err(|e| format!("cannot read migrations: {e}"))?;
    if pending.is_empty() { Ok(()) } else { Err(format!("{} migrations pending", pending.len())) }
}

/// Current time truncated to microseconds, the precision both engines keep.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    use chrono::SubsecRound;
    chrono::Utc::now().trunc_subsecs(6)
}

/// Row ids: UUIDv7, so rows inserted together sit together in the primary-key indexes (each new
/// id goes to the index's last page instead of a random one: fewer pages to write per commit and
/// to checkpoint).
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}
