//! Tenant data. Every function on a tenant's data takes the tenant id first and filters by it,
//! so an id from another tenant simply finds nothing (the handler answers 404).
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use shared::api::{ApiKey, Invite, Member, Workspace};

use crate::auth::domain::role_from_db;
use crate::db::entities::{api_keys, invites, tenant_secrets, tenants, users};
use crate::db::{new_id, now};
use crate::error::AppError;
use crate::secrets::{SealScope, Secret, SecretBox, token_hash};

pub async fn workspace(db: &impl ConnectionTrait, tenant_id: &str) -> Result<Option<Workspace>, AppError> {
    let row = tenants::Entity::find_by_id(tenant_id.to_string()).one(db).await?;
    Ok(row.map(|t| Workspace { id: t.id, name: t.name, created_at: t.created_at, sandbox: t.sandbox }))
}

fn member_of(u: users::Model) -> Option<Member> {
    Some(Member { role: role_from_db(&u.role)?, id: u.id, email: u.email, created_at: u.created_at })
}

pub async fn members(db: &impl ConnectionTrait, tenant_id: &str) -> Result<Vec<Member>, AppError> {
    let rows = users::Entity::find()
        .filter(users::Column::TenantId.eq(tenant_id))
        .order_by_asc(users::Column::CreatedAt)
        .all(db)
        .await?;
    Ok(rows.into_iter().filter_map(member_of).collect())
}

/// Removes a staff member of this tenant. The owner cannot be removed this way.
pub async fn remove_staff(db: &impl ConnectionTrait, tenant_id: &str, user_id: &str) -> Result<(), AppError> {
    let user = users::Entity::find_by_id(user_id.to_string())
        .filter(users::Column::TenantId.eq(tenant_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound("member"))?;
    if user.role != "staff" {
        return Err(AppError::BadRequest("the workspace owner cannot be removed".into()));
    }
    users::Entity::delete_by_id(user.id).exec(db).await?;
    Ok(())
}

fn invite_of(i: invites::Model) -> Invite {
    Invite {
        id: i.id,
        email: i.email,
        created_at: i.created_at,
        expires_at: i.expires_at,
        accepted: i.accepted_at.is_some(),
    }
}

pub async fn create_invite(
    db: &impl ConnectionTrait,
    tenant_id: &str,
    email: &str,
    token: &str,
) -> Result<Invite, AppError> {
    let row = invites::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(tenant_id.to_string()),
        email: Set(email.to_string()),
        token_hash: Set(token_hash(token)),
        expires_at: Set(now() + chrono::Duration::days(7)),
        accepted_at: Set(None),
        created_at: Set(now()),
    }
    .insert(db)
    .await?;
    Ok(invite_of(row))
}

pub async fn invites(db: &impl ConnectionTrait, tenant_id: &str) -> Result<Vec<Invite>, AppError> {
    let rows = invites::Entity::find()
        .filter(invites::Column::TenantId.eq(tenant_id))
        .order_by_desc(invites::Column::CreatedAt)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(invite_of).collect())
}

pub async fn delete_invite(db: &impl ConnectionTrait, tenant_id: &str, invite_id: &str) -> Result<(), AppError> {
    let result = invites::Entity::delete_many()
        .filter(invites::Column::TenantId.eq(tenant_id))
        .filter(invites::Column::Id.eq(invite_id))
        .exec(db)
        .await?;
    if result.rows_affected == 0 { Err(AppError::NotFound("invite")) } else { Ok(()) }
}

/// The unused, unexpired invite with this token hash (one indexed read, no password work).
pub async fn live_invite(db: &impl ConnectionTrait, token_hash: &str) -> Result<Option<invites::Model>, AppError> {
    let row = invites::Entity::find().filter(invites::Column::TokenHash.eq(token_hash)).one(db).await?;
    Ok(row.filter(|i| i.accepted_at.is_none() && i.expires_at > now()))
}

/// Turns a live invite into a staff account, once: the conditional update marks it used atomically.
pub async fn accept_invite(
    db: &DatabaseConnection,
    token_hash: &str,
    password_hash: String,
) -> Result<users::Model, AppError> {
    let txn = db.begin().await?;
    let invite = invites::Entity::find()
        .filter(invites::Column::TokenHash.eq(token_hash))
        .one(&txn)
        .await?
        .filter(|i| i.accepted_at.is_none() && i.expires_at > now())
        .ok_or(AppError::NotFound("invite (it may have been used or have expired)"))?;
    let marked = invites::Entity::update_many()
        .col_expr(invites::Column::AcceptedAt, Expr::value(now()))
        .filter(invites::Column::Id.eq(invite.id.clone()))
        .filter(invites::Column::AcceptedAt.is_null())
        .exec(&txn)
        .await?;
    if marked.rows_affected != 1 {
        return Err(AppError::NotFound("invite (it may have been used or have expired)"));
    }
    let user =
        crate::auth::repo::insert_user(&txn, &invite.email, password_hash, "staff", Some(invite.tenant_id)).await?;
    txn.commit().await?;
    Ok(user)
}

fn api_key_of(k: api_keys::Model) -> ApiKey {
    ApiKey {
        id: k.id,
        name: k.name,
        prefix: k.prefix,
        created_at: k.created_at,
        last_used_at: k.last_used_at,
        revoked: k.revoked_at.is_some(),
    }
}

pub async fn create_api_key(
    db: &impl ConnectionTrait,
    tenant_id: &str,
    name: &str,
    key: &str,
) -> Result<ApiKey, AppError> {
    let row = api_keys::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(tenant_id.to_string()),
        name: Set(name.to_string()),
        prefix: Set(super::api_keys::shown_prefix(key)),
        key_hash: Set(token_hash(key)),
        created_at: Set(now()),
        last_used_at: Set(None),
        revoked_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(api_key_of(row))
}

pub async fn api_keys(db: &impl ConnectionTrait, tenant_id: &str) -> Result<Vec<ApiKey>, AppError> {
    let rows = api_keys::Entity::find()
        .filter(api_keys::Column::TenantId.eq(tenant_id))
        .order_by_desc(api_keys::Column::CreatedAt)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(api_key_of).collect())
}

pub async fn revoke_api_key(db: &impl ConnectionTrait, tenant_id: &str, key_id: &str) -> Result<(), AppError> {
    let result = api_keys::Entity::update_many()
        .col_expr(api_keys::Column::RevokedAt, Expr::value(now()))
        .filter(api_keys::Column::TenantId.eq(tenant_id))
        .filter(api_keys::Column::Id.eq(key_id))
        .filter(api_keys::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    if result.rows_affected == 0 { Err(AppError::NotFound("API key")) } else { Ok(()) }
}

/// Finds a live API key by the key itself (authentication; the tenant comes from the key).
pub async fn api_key_by_secret(db: &impl ConnectionTrait, key: &str) -> Result<Option<api_keys::Model>, AppError> {
    let row = api_keys::Entity::find()
        .filter(api_keys::Column::KeyHash.eq(token_hash(key)))
        .filter(api_keys::Column::RevokedAt.is_null())
        .one(db)
        .await?;
    if let Some(k) = &row {
        api_keys::Entity::update_many()
            .col_expr(api_keys::Column::LastUsedAt, Expr::value(now()))
            .filter(api_keys::Column::Id.eq(k.id.clone()))
            .exec(db)
            .await?;
    }
    Ok(row)
}

/// Stores (or replaces) a tenant's named secret, sealed for this tenant, table and name.
pub async fn put_secret(
    db: &impl ConnectionTrait,
    tenant_id: &str,
    name: &str,
    value: &Secret<String>,
    secrets: &SecretBox,
) -> Result<(), AppError> {
    let sealed = secrets.seal(SealScope { tenant: tenant_id, table: "tenant_secrets", row: name }, value.expose())?;
    let existing = tenant_secrets::Entity::find()
        .filter(tenant_secrets::Column::TenantId.eq(tenant_id))
        .filter(tenant_secrets::Column::Name.eq(name))
        .one(db)
        .await?;
    match existing {
        Some(row) => {
            let mut row: tenant_secrets::ActiveModel = row.into();
            row.sealed = Set(sealed);
            row.update(db).await?;
        }
        None => {
            tenant_secrets::ActiveModel {
                id: Set(new_id()),
                tenant_id: Set(tenant_id.to_string()),
                name: Set(name.to_string()),
                sealed: Set(sealed),
                created_at: Set(now()),
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

pub async fn get_secret(
    db: &impl ConnectionTrait,
    tenant_id: &str,
    name: &str,
    secrets: &SecretBox,
) -> Result<Option<Secret<String>>, AppError> {
    let row = tenant_secrets::Entity::find()
        .filter(tenant_secrets::Column::TenantId.eq(tenant_id))
        .filter(tenant_secrets::Column::Name.eq(name))
        .one(db)
        .await?;
    let Some(row) = row else { return Ok(None) };
    secrets
        .open(SealScope { tenant: tenant_id, table: "tenant_secrets", row: name }, &row.sealed)
        .map(Some)
        .map_err(|e| AppError::internal("open tenant secret", e))
}

pub async fn member_count(db: &impl ConnectionTrait, tenant_id: &str) -> Result<u64, AppError> {
    Ok(users::Entity::find().filter(users::Column::TenantId.eq(tenant_id)).count(db).await?)
}
