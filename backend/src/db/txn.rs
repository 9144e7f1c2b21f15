//! A write transaction in as few round trips as the engine allows.
//!
//! On SQLite every statement sqlx runs is a round trip to the connection's worker thread (two
//! thread wake-ups), and those trips, not SQLite, were most of a command's database time. So on
//! SQLite the statements of one step go as one script (sqlx binds the parameters across the
//! statements in order) on a dedicated single-connection pool: `BEGIN IMMEDIATE` rides with the
//! first step and `COMMIT` with the last. The write gate keeps that connection to one
//! transaction at a time. On PostgreSQL the same statements run one by one in an ordinary
//! transaction (its protocol takes one parameterised statement per message).
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, QueryResult, Statement, TransactionTrait,
};
use tokio::sync::OwnedMutexGuard;

use crate::state::AppState;

pub struct WriteTxn {
    inner: Inner,
}

enum Inner {
    Script(Script),
    Plain { txn: DatabaseTransaction, _gate: Option<OwnedMutexGuard<()>> },
}

struct Script {
    conn: DatabaseConnection,
    gate: Option<OwnedMutexGuard<()>>,
    /// `BEGIN IMMEDIATE` has been sent and neither COMMIT nor ROLLBACK since.
    open: bool,
}

impl WriteTxn {
    /// Waits for the write gate (SQLite) and starts the transaction.
    pub async fn begin(state: &AppState) -> Result<Self, DbErr> {
        let gate = state.write_gate().await;
        Ok(Self {
            inner: match state.script_writer() {
                Some(conn) => Inner::Script(Script { conn: conn.clone(), gate, open: false }),
                None => Inner::Plain { txn: state.db.begin().await?, _gate: gate },
            },
        })
    }

    pub fn backend(&self) -> sea_orm::DbBackend {
        match &self.inner {
            Inner::Script(s) => s.conn.get_database_backend(),
            Inner::Plain { txn, .. } => txn.get_database_backend(),
        }
    }

    /// Runs the statements in order and returns the rows they return (`RETURNING`, `SELECT`).
    /// On failure the transaction is rolled back.
    pub async fn run(&mut self, statements: Vec<Statement>) -> Result<Vec<QueryResult>, DbErr> {
        match &mut self.inner {
            Inner::Script(s) => s.run(statements, false).await,
            Inner::Plain { txn, .. } => run_each(txn, statements).await,
        }
    }

    /// Runs the last statements and commits.
    pub async fn commit_with(self, statements: Vec<Statement>) -> Result<Vec<QueryResult>, DbErr> {
        match self.inner {
            Inner::Script(mut s) => s.run(statements, true).await,
            Inner::Plain { txn, _gate } => {
                let rows = run_each(&txn, statements).await?;
                txn.commit().await?;
                Ok(rows)
            }
        }
    }
}

async fn run_each(txn: &DatabaseTransaction, statements: Vec<Statement>) -> Result<Vec<QueryResult>, DbErr> {
    let mut rows = Vec::new();
    for statement in statements {
        rows.extend(txn.query_all_raw(statement).await?);
    }
    Ok(rows)
}

impl Script {
    async fn run(&mut self, statements: Vec<Statement>, commit: bool) -> Result<Vec<QueryResult>, DbErr> {
        let mut sql = String::new();
        let mut values = Vec::new();
        if !self.open {
            sql.push_str("BEGIN IMMEDIATE;\n");
        }
        for s in statements {
            sql.push_str(&s.sql);
            sql.push_str(";\n");
            if let Some(v) = s.values {
                values.extend(v.0);
            }
        }
        if commit {
            sql.push_str("COMMIT;");
        }
        self.open = true;
        let statement =
            Statement::from_sql_and_values(sea_orm::DbBackend::Sqlite, sql, sea_orm::sea_query::Values(values));
        match self.conn.query_all_raw(statement).await {
            Ok(rows) => {
                self.open = !commit;
                if commit {
                    self.gate = None;
                }
                Ok(rows)
            }
            Err(e) => {
                self.rollback().await;
                Err(e)
            }
        }
    }

    async fn rollback(&mut self) {
        // Fails harmlessly ("no transaction is active") when the script stopped before BEGIN.
        let _ = self.conn.execute_unprepared("ROLLBACK").await;
        self.open = false;
        self.gate = None;
    }
}

impl Drop for Script {
    /// Dropped half way (an error between steps, or the caller gave up): roll back before the
    /// gate lets the next transaction onto the connection.
    fn drop(&mut self) {
        if !self.open {
            return;
        }
        let (conn, gate) = (self.conn.clone(), self.gate.take());
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                let _ = conn.execute_unprepared("ROLLBACK").await;
                drop(gate);
            });
        }
    }
}
