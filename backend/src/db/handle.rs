//! `Db`: the one handle to the database. See the module comment in `db/mod.rs`.
use std::sync::Arc;

use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, ExecResult, QueryResult, Statement,
    TransactionTrait,
};
use tokio::sync::{Mutex, OwnedMutexGuard};

use crate::error::AppError;

tokio::task_local! {
    /// Set while a task holds the write gate: a second `write` in the same task would wait for itself.
    static HOLDING_GATE: ();
}

#[derive(Clone)]
pub struct Db {
    conn: DatabaseConnection,
    /// SQLite: the single connection command transactions run on as scripts (`txn`).
    script_writer: Option<DatabaseConnection>,
    /// SQLite: one writer at a time, without busy-wait sleeps. PostgreSQL: none.
    gate: Option<Arc<Mutex<()>>>,
}

impl Db {
    /// `script_writer` is SQLite's dedicated writer connection; with it comes the write gate.
    pub fn new(conn: DatabaseConnection, script_writer: Option<DatabaseConnection>) -> Self {
        let gate = script_writer.is_some().then(|| Arc::new(Mutex::new(())));
        Self { conn, script_writer, gate }
    }

    /// Opens the database, applies pending migrations and, on SQLite, opens the script writer.
    pub async fn open(url: &str) -> Result<Self, DbErr> {
        let conn = super::connect_and_migrate(url).await?;
        Ok(Self::new(conn, super::connect_script_writer(url).await?))
    }

    /// The pool, for reads and for writes that need no ordering.
    pub fn conn(&self) -> &DatabaseConnection {
        &self.conn
    }

    pub fn is_sqlite(&self) -> bool {
        self.script_writer.is_some()
    }

    /// Waits for the write gate (SQLite; nothing on PostgreSQL). Refuses a second hold in one task.
    pub(super) async fn gate(&self) -> Result<Option<OwnedMutexGuard<()>>, DbErr> {
        if HOLDING_GATE.try_with(|_| ()).is_ok() {
            return Err(DbErr::Custom("a database write was started inside another write of the same task".into()));
        }
        Ok(match &self.gate {
            Some(gate) => Some(gate.clone().lock_owned().await),
            None => None,
        })
    }

    pub(super) fn script_writer(&self) -> Option<&DatabaseConnection> {
        self.script_writer.as_ref()
    }

    /// Runs ordered writes on the pool under the write gate (no transaction: each statement
    /// commits on its own). `f` gets the connection; it must not start another write.
    pub async fn write<T>(
        &self,
        f: impl AsyncFnOnce(&DatabaseConnection) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let _gate = self.gate().await?;
        HOLDING_GATE.scope((), f(&self.conn)).await
    }

    /// Runs `f` in one transaction under the write gate; an error rolls it back.
    pub async fn transaction<T>(
        &self,
        f: impl AsyncFnOnce(&DatabaseTransaction) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let _gate = self.gate().await?;
        HOLDING_GATE
            .scope((), async {
                let txn = self.conn.begin().await?;
                let out = f(&txn).await?;
                txn.commit().await?;
                Ok(out)
            })
            .await
    }

    pub async fn close(self) -> Result<(), DbErr> {
        if let Some(w) = self.script_writer {
            w.close().await?;
        }
        self.conn.close().await
    }
}

/// Reads (and unordered writes) go straight to the pool.
#[async_trait::async_trait]
impl ConnectionTrait for Db {
    fn get_database_backend(&self) -> DbBackend {
        self.conn.get_database_backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.conn.execute_raw(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.conn.execute_unprepared(sql).await
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.conn.query_one_raw(stmt).await
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.conn.query_all_raw(stmt).await
    }

    fn support_returning(&self) -> bool {
        self.conn.support_returning()
    }
}

#[cfg(test)]
mod tests {
    use super::Db;
    use crate::error::AppError;

    #[tokio::test]
    async fn a_write_inside_a_write_of_the_same_task_fails_instead_of_waiting_for_itself() {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("t.db").display());
        let db = Db::open(&url).await.expect("db");
        let inner = db.clone();
        let nested = db.write(async |_| inner.write(async |_| Ok::<_, AppError>(())).await).await;
        let message = nested.expect_err("nested write refused").to_string();
        assert!(message.contains("inside another write"), "{message}");
        // The gate is free again, and writes in other tasks never see the mark.
        db.write(async |_| Ok::<_, AppError>(())).await.expect("a plain write");
        let other = db.clone();
        tokio::spawn(async move { other.transaction(async |_| Ok::<_, AppError>(())).await })
            .await
            .expect("task")
            .expect("a transaction in another task");
    }
}
