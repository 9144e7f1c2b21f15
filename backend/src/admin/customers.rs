//! The master admin's customer list: every workspace with its owner, plan, subscription status,
//! channels and activity, searched and filtered.
use std::collections::HashMap;

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use shared::api::TenantSummary;
use shared::billing::SubscriptionStatus;

use crate::billing::Billing;
use crate::db::Db;
use crate::db::entities::{channels, command_log, tenants, users};
use crate::error::AppError;

/// What the list is narrowed to.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    /// Part of the workspace name or the owner's email (any case).
    pub search: Option<String>,
    pub status: Option<SubscriptionStatus>,
}

async fn counts(
    db: &Db,
    q: sea_orm::Select<impl EntityTrait>,
    by: impl ColumnTrait,
) -> Result<HashMap<String, u64>, AppError> {
    let rows: Vec<(String, i64)> =
        q.select_only().column(by).column_as(Expr::cust("COUNT(*)"), "n").group_by(by).into_tuple().all(db).await?;
    Ok(rows.into_iter().map(|(t, n)| (t, u64::try_from(n).unwrap_or(0))).collect())
}

pub async fn list(db: &Db, billing: &Billing, filter: &Filter) -> Result<Vec<TenantSummary>, AppError> {
    let rows = tenants::Entity::find().order_by_desc(tenants::Column::CreatedAt).limit(5000).all(db).await?;
    let all_users = users::Entity::find().filter(users::Column::TenantId.is_not_null()).all(db).await?;
    let channels = counts(db, channels::Entity::find(), channels::Column::TenantId).await?;
    let since = billing.now() - chrono::Duration::days(30);
    let recent = command_log::Entity::find()
        .filter(command_log::Column::DryRun.eq(false))
        .filter(command_log::Column::CreatedAt.gte(since));
    let commands = counts(db, recent, command_log::Column::TenantId).await?;
    let search = filter.search.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_lowercase);
    let mut out = Vec::new();
    for t in rows {
        let members: Vec<&users::Model> = all_users.iter().filter(|u| u.tenant_id.as_deref() == Some(&t.id)).collect();
        let owner_email = members.iter().find(|u| u.role == "owner").map(|u| u.email.clone());
        if let Some(s) = &search {
            let hit = t.name.to_lowercase().contains(s)
                || owner_email.as_deref().is_some_and(|e| e.to_lowercase().contains(s));
            if !hit {
                continue;
            }
        }
        let e = billing.entitlements(db, &t.id).await?;
        if filter.status.is_some_and(|s| s != e.status) {
            continue;
        }
        let last = command_log::Entity::find()
            .filter(command_log::Column::TenantId.eq(t.id.clone()))
            .filter(command_log::Column::DryRun.eq(false))
            .order_by_desc(command_log::Column::CreatedAt)
            .one(db)
            .await?;
        out.push(TenantSummary {
            owner_email,
            members: members.len() as u64,
            channels: channels.get(&t.id).copied().unwrap_or(0),
            commands_30d: commands.get(&t.id).copied().unwrap_or(0),
            last_command_at: last.map(|c| c.created_at),
            plan: e.plan_name.clone(),
            subscription: e.status,
            period_end: e.period_end,
            suspended_reason: e.suspended_reason.clone(),
            id: t.id,
            name: t.name,
            created_at: t.created_at,
            status: t.status,
            sandbox: t.sandbox,
        });
    }
    Ok(out)
}
