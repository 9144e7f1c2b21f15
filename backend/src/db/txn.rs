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

use super::Db;

pub struct WriteTxn {
    inner: Inner,
}

enum Inner {
    Script(Script),
    Plain { db: DatabaseConnection, txn: Option<DatabaseTransaction>, _gate: Option<OwnedMutexGuard<()>> },
}

struct Script {
    conn: DatabaseConnection,
    gate: Option<OwnedMutexGuard<()>>,
    /// `BEGIN IMMEDIATE` has been sent and neither COMMIT nor ROLLBACK since.
    open: bool,
}

impl WriteTxn {
    /// Waits for the write gate (SQLite) and starts the transaction.
    pub async fn begin(db: &Db) -> Result<Self, DbErr> {
        let gate = db.gate().await?;
        Ok(Self {
            inner: match db.script_writer() {
                Some(conn) => Inner::Script(Script { conn: conn.clone(), gate, open: false }),
                None => Inner::Plain { db: db.conn().clone(), txn: None, _gate: gate },
            },
        })
    }

    pub fn backend(&self) -> sea_orm::DbBackend {
        match &self.inner {
            Inner::Script(s) => s.conn.get_database_backend(),
            Inner::Plain { db, .. } => db.get_database_backend(),
        }
    }

    /// Runs the statements in order and returns the rows they return (`RETURNING`, `SELECT`).
    /// On failure the transaction is rolled back.
    pub async fn run(&mut self, statements: Vec<Statement>) -> Result<Vec<QueryResult>, DbErr> {
        match &mut self.inner {
            Inner::Script(s) => s.run(statements, false).await,
            Inner::Plain { db, txn, .. } => {
                let txn = match txn {
                    Some(txn) => txn,
                    None => txn.insert(db.begin().await?),
                };
                run_each(txn, statements).await
            }
        }
    }

    /// Runs the last statements and commits.
    pub async fn commit_with(self, statements: Vec<Statement>) -> Result<Vec<QueryResult>, DbErr> {
        match self.inner {
            Inner::Script(mut s) => s.run(statements, true).await,
            Inner::Plain { txn: Some(txn), .. } => {
                let rows = run_each(&txn, statements).await?;
                txn.commit().await?;
                Ok(rows)
            }
            Inner::Plain { db, txn: None, .. } => match one_statement(statements) {
                Some(statement) => db.query_all_raw(statement).await,
                None => Ok(Vec::new()),
            },
        }
    }
}

/// PostgreSQL: the statements as one, each a `WITH` clause of its own (they all run, against one
/// snapshot, and succeed or fail together), their parameters renumbered in order. Returns no rows.
fn one_statement(statements: Vec<Statement>) -> Option<Statement> {
    if statements.len() <= 1 {
        return statements.into_iter().next();
    }
    let (mut sql, mut values) = (String::from("WITH "), Vec::new());
    for (i, s) in statements.into_iter().enumerate() {
        let renumbered = renumber_placeholders(&s.sql, values.len());
        if i > 0 {
            sql.push_str(", ");
        }
        sql.push_str(&format!("w{i} AS ({renumbered})"));
        if let Some(v) = s.values {
            values.extend(v.0);
        }
    }
    sql.push_str(" SELECT 1 AS done WHERE false");
    Some(Statement::from_sql_and_values(sea_orm::DbBackend::Postgres, sql, sea_orm::sea_query::Values(values)))
}

/// `$n` becomes `$(n + offset)`. sea-query quotes identifiers and passes every value as a
/// parameter: a `$` followed by digits in its output is always a placeholder.
fn renumber_placeholders(sql: &str, offset: usize) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c != '$' {
            continue;
        }
        let mut digits = String::new();
        while let Some(d) = chars.peek().copied().filter(char::is_ascii_digit) {
            digits.push(d);
            chars.next();
        }
        match digits.parse::<usize>() {
            Ok(n) => out.push_str(&(n + offset).to_string()),
            Err(_) => out.push_str(&digits),
        }
    }
    out
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

#[cfg(test)]
mod tests {
    use sea_orm::sea_query::{Value, Values};
    use sea_orm::{DbBackend, Statement};

    use super::one_statement;

    fn pg(sql: &str, values: Vec<Value>) -> Statement {
        Statement::from_sql_and_values(DbBackend::Postgres, sql, Values(values))
    }

    #[test]
    fn postgres_statements_become_one_with_their_parameters_renumbered_in_order() {
        let one = one_statement(vec![
            pg(r#"INSERT INTO "a" ("x", "y") VALUES ($1, $2)"#, vec![1.into(), "two".into()]),
            pg(r#"DELETE FROM "b" WHERE "z" = $1 OR "z" = $10"#, vec![3.into()]),
            pg(r#"INSERT INTO "c" ("q") VALUES ($1)"#, vec![4.into()]),
        ])
        .expect("a statement");
        assert_eq!(
            one.sql,
            r#"WITH w0 AS (INSERT INTO "a" ("x", "y") VALUES ($1, $2)), w1 AS (DELETE FROM "b" WHERE "z" = $3 OR "z" = $12), w2 AS (INSERT INTO "c" ("q") VALUES ($4)) SELECT 1 AS done WHERE false"#
        );
        assert_eq!(one.values.map(|v| v.0.len()), Some(4));
        let alone = one_statement(vec![pg("DELETE FROM \"b\" WHERE \"z\" = $1", vec![1.into()])]).expect("one");
        assert_eq!(alone.sql, "DELETE FROM \"b\" WHERE \"z\" = $1");
        assert!(one_statement(Vec::new()).is_none());
    }
}
