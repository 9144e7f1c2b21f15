//! Queries on accounts and sessions. Users are not tenant-scoped data in themselves (login finds
//! them by email); everything a tenant reads about its members goes through `tenants::repo`.
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::db::entities::{tenants, users};
use crate::db::{new_id, now};
use crate::error::AppError;

pub async fn user_by_id(db: &impl ConnectionTrait, id: &str) -> Result<Option<users::Model>, AppError> {
    Ok(users::Entity::find_by_id(id.to_string()).one(db).await?)
}

pub async fn user_by_email(db: &impl ConnectionTrait, email: &str) -> Result<Option<users::Model>, AppError> {
    Ok(users::Entity::find().filter(users::Column::Email.eq(email)).one(db).await?)
}

pub async fn master_admin_exists(db: &impl ConnectionTrait) -> Result<bool, AppError> {
    Ok(users::Entity::find().filter(users::Column::Role.eq("master_admin")).one(db).await?.is_some())
}

pub async fn insert_user(
    db: &impl ConnectionTrait,
    email: &str,
    password_hash: String,
    role: &str,
    tenant_id: Option<String>,
) -> Result<users::Model, AppError> {
    let user = users::ActiveModel {
        id: Set(new_id()),
        email: Set(email.to_string()),
        password_hash: Set(password_hash),
        role: Set(role.to_string()),
        tenant_id: Set(tenant_id),
        created_at: Set(now()),
    };
    user.insert(db).await.map_err(|e| unique_violation(e, "an account with this email already exists"))
}

/// Creates a workspace and its owner in one transaction.
pub async fn create_tenant_with_owner(
    db: &crate::db::Db,
    workspace_name: &str,
    email: &str,
    password_hash: String,
) -> Result<(tenants::Model, users::Model), AppError> {
    db.transaction(async |txn| {
        let tenant = tenants::ActiveModel {
            id: Set(new_id()),
            name: Set(workspace_name.to_string()),
            status: Set("active".into()),
            sandbox: Set(false),
            created_at: Set(now()),
        }
        .insert(txn)
        .await?;
        let owner = insert_user(txn, email, password_hash, "owner", Some(tenant.id.clone())).await?;
        Ok((tenant, owner))
    })
    .await
}

pub fn unique_violation(e: sea_orm::DbErr, message: &str) -> AppError {
    match e.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => AppError::Conflict(message.to_string()),
        _ => AppError::from(e),
    }
}
