//! Sign-in sessions. A session is one sign-in: its refresh tokens rotate within it (one live at a
//! time), its access tokens carry its id. Using a rotated refresh token again means it was copied:
//! the whole session ends, successor included. Signing out ends it too, and every request checks
//! that its session is live (cached for a few seconds, forgotten at once when it ends here).
use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::cache::TtlCache;
use crate::db::entities::{refresh_tokens, sessions};
use crate::db::{new_id, now};
use crate::error::AppError;

pub async fn start(db: &impl ConnectionTrait, user_id: &str) -> Result<String, AppError> {
    let id = new_id();
    sessions::ActiveModel {
        id: Set(id.clone()),
        user_id: Set(user_id.to_string()),
        created_at: Set(now()),
        ended_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(id)
}

pub async fn insert_refresh_token(
    db: &impl ConnectionTrait,
    user_id: &str,
    session_id: &str,
    token_hash: String,
    expires_at: DateTime<Utc>,
) -> Result<(), AppError> {
    refresh_tokens::ActiveModel {
        id: Set(new_id()),
        user_id: Set(user_id.to_string()),
        token_hash: Set(token_hash),
        expires_at: Set(expires_at),
        revoked_at: Set(None),
        created_at: Set(now()),
        session_id: Set(Some(session_id.to_string())),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// What presenting a refresh token meant.
#[derive(Debug, PartialEq, Eq)]
pub enum Presented {
    /// It was live and is now used up: issue its successor in the same session.
    Rotated { user_id: String, session_id: String },
    /// It had been used before (or its session ended): the session is over.
    Reused { session_id: Option<String> },
    /// Unknown or expired.
    Invalid,
}

/// Uses up a refresh token. The conditional update makes rotation atomic: of two simultaneous
/// uses one rotates and the other counts as a reuse.
pub async fn use_refresh_token(db: &impl ConnectionTrait, token_hash: &str) -> Result<Presented, AppError> {
    let Some(row) =
        refresh_tokens::Entity::find().filter(refresh_tokens::Column::TokenHash.eq(token_hash)).one(db).await?
    else {
        return Ok(Presented::Invalid);
    };
    let Some(session_id) = row.session_id.clone() else { return Ok(Presented::Invalid) };
    if row.revoked_at.is_some() || !is_live(db, &session_id).await? {
        return Ok(Presented::Reused { session_id: Some(session_id) });
    }
    if row.expires_at <= now() {
        return Ok(Presented::Invalid);
    }
    let result = refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::RevokedAt, Expr::value(now()))
        .filter(refresh_tokens::Column::Id.eq(row.id.clone()))
        .filter(refresh_tokens::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(if result.rows_affected == 1 {
        Presented::Rotated { user_id: row.user_id, session_id }
    } else {
        Presented::Reused { session_id: Some(session_id) }
    })
}

/// The session a refresh token belongs to, whether or not the token is still live.
pub async fn of_refresh_token(db: &impl ConnectionTrait, token_hash: &str) -> Result<Option<String>, AppError> {
    let row = refresh_tokens::Entity::find().filter(refresh_tokens::Column::TokenHash.eq(token_hash)).one(db).await?;
    Ok(row.and_then(|r| r.session_id))
}

/// Ends a session: its access tokens stop working and every refresh token of it is revoked.
pub async fn end(db: &impl ConnectionTrait, session_id: &str) -> Result<(), AppError> {
    sessions::Entity::update_many()
        .col_expr(sessions::Column::EndedAt, Expr::value(now()))
        .filter(sessions::Column::Id.eq(session_id))
        .filter(sessions::Column::EndedAt.is_null())
        .exec(db)
        .await?;
    refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::RevokedAt, Expr::value(now()))
        .filter(refresh_tokens::Column::SessionId.eq(session_id))
        .filter(refresh_tokens::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

pub async fn is_live(db: &impl ConnectionTrait, session_id: &str) -> Result<bool, AppError> {
    let row = sessions::Entity::find_by_id(session_id.to_string()).one(db).await?;
    Ok(row.is_some_and(|s| s.ended_at.is_none()))
}

/// Which sessions are live, as last read; entries live a few seconds (so another instance's
/// sign-out is seen within that time) and are dropped here at once when a session ends.
pub struct LiveSessions(TtlCache<String, bool>);

impl Default for LiveSessions {
    fn default() -> Self {
        Self(TtlCache::new(Duration::from_secs(10), 100_000))
    }
}

impl LiveSessions {
    pub async fn check(&self, db: &impl ConnectionTrait, session_id: &str) -> Result<bool, AppError> {
        if let Some(live) = self.0.get(session_id) {
            return Ok(live);
        }
        let live = is_live(db, session_id).await?;
        self.0.put(session_id.to_string(), live);
        Ok(live)
    }

    pub fn ended(&self, session_id: &str) {
        self.0.put(session_id.to_string(), false);
    }
}
