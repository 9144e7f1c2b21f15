//! Plans, payment methods, subscriptions, the platform's billing settings, usage counts, and
//! what a workspace's plan allows.
use chrono::{DateTime, Datelike, Duration, TimeZone, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use shared::billing::{
    BillingSettings, Medium, Module, PaymentMethod, PaymentMethodInput, Plan, PlanInput, PlanLimits,
    SubscriptionStatus, status_at,
};

use super::Entitlements;
use crate::db::entities::{
    channels, chat_links, command_log, panels, payment_methods, plans, platform_settings, subscriptions, tenants,
};
use crate::db::{new_id, now};
use crate::error::AppError;

fn keys<T: Copy>(items: &[T], key: impl Fn(T) -> &'static str) -> String {
    items.iter().map(|i| key(*i)).collect::<Vec<_>>().join(",")
}

fn parse<T>(text: &str, from: impl Fn(&str) -> Option<T>) -> Vec<T> {
    text.split(',').filter_map(|k| from(k.trim())).collect()
}

fn limit(v: Option<u32>) -> Option<i32> {
    v.map(|n| i32::try_from(n).unwrap_or(i32::MAX))
}

fn unlimit(v: Option<i32>) -> Option<u32> {
    v.map(|n| u32::try_from(n).unwrap_or(0))
}

pub fn plan_input(m: &plans::Model) -> PlanInput {
    PlanInput {
        name: m.name.clone(),
        description: m.description.clone(),
        currency: m.currency.clone(),
        price_month: m.price_month,
        price_3_months: m.price3_months,
        price_12_months: m.price12_months,
        mediums: parse(&m.mediums, Medium::from_key),
        modules: parse(&m.modules, Module::from_key),
        limits: PlanLimits {
            panels: unlimit(m.limit_panels),
            channels: unlimit(m.limit_channels),
            linked_chats: unlimit(m.limit_linked_chats),
            commands_per_month: unlimit(m.limit_commands),
        },
        trial_days: u32::try_from(m.trial_days).unwrap_or(0),
        signup: m.signup,
    }
}

fn plan_row(p: &PlanInput, row: &mut plans::ActiveModel) {
    row.name = Set(p.name.trim().to_string());
    row.description = Set(p.description.trim().to_string());
    row.currency = Set(p.currency.clone());
    row.price_month = Set(p.price_month);
    row.price3_months = Set(p.price_3_months);
    row.price12_months = Set(p.price_12_months);
    row.mediums = Set(keys(&p.mediums, Medium::key));
    row.modules = Set(keys(&p.modules, Module::key));
    row.limit_panels = Set(limit(p.limits.panels));
    row.limit_channels = Set(limit(p.limits.channels));
    row.limit_linked_chats = Set(limit(p.limits.linked_chats));
    row.limit_commands = Set(limit(p.limits.commands_per_month));
    row.trial_days = Set(i32::try_from(p.trial_days).unwrap_or(0));
    row.signup = Set(p.signup);
}

pub async fn plans(db: &impl ConnectionTrait) -> Result<Vec<Plan>, AppError> {
    let rows = plans::Entity::find().order_by_asc(plans::Column::PriceMonth).all(db).await?;
    let subs = subscriptions::Entity::find().all(db).await?;
    Ok(rows
        .into_iter()
        .map(|m| Plan {
            id: m.id.clone(),
            input: plan_input(&m),
            archived: m.archived,
            subscribers: subs.iter().filter(|s| s.plan_id == m.id).count() as u64,
        })
        .collect())
}

pub async fn plan(db: &impl ConnectionTrait, id: &str) -> Result<plans::Model, AppError> {
    if id.len() > 36 {
        return Err(AppError::NotFound("plan"));
    }
    plans::Entity::find_by_id(id.to_string()).one(db).await?.ok_or(AppError::NotFound("plan"))
}

/// Saves a plan (a new one when `id` is `None`). Marking it the sign-up plan unmarks the others.
pub async fn save_plan(db: &crate::db::Db, id: Option<&str>, p: &PlanInput) -> Result<plans::Model, AppError> {
    p.check().map_err(AppError::BadRequest)?;
    let id = id.map(str::to_string);
    let p = p.clone();
    db.transaction(async |tx| {
        if p.signup {
            plans::Entity::update_many().col_expr(plans::Column::Signup, Expr::value(false)).exec(tx).await?;
        }
        let mut row = match &id {
            Some(id) => plan(tx, id).await?.into(),
            None => plans::ActiveModel {
                id: Set(new_id()),
                archived: Set(false),
                created_at: Set(now()),
                ..Default::default()
            },
        };
        plan_row(&p, &mut row);
        Ok(if id.is_some() { row.update(tx).await? } else { row.insert(tx).await? })
    })
    .await
}

pub fn method(m: payment_methods::Model) -> PaymentMethod {
    PaymentMethod {
        id: m.id,
        input: PaymentMethodInput { name: m.name, instructions: m.instructions, enabled: m.enabled },
    }
}

pub async fn methods(db: &impl ConnectionTrait, enabled_only: bool) -> Result<Vec<PaymentMethod>, AppError> {
    let mut q = payment_methods::Entity::find().order_by_asc(payment_methods::Column::CreatedAt);
    if enabled_only {
        q = q.filter(payment_methods::Column::Enabled.eq(true));
    }
    Ok(q.all(db).await?.into_iter().map(method).collect())
}

pub async fn settings(db: &impl ConnectionTrait) -> Result<BillingSettings, AppError> {
    let rows = platform_settings::Entity::find().all(db).await?;
    let get = |k: &str, d: u32| rows.iter().find(|r| r.key == k).and_then(|r| r.value.parse().ok()).unwrap_or(d);
    let d = BillingSettings::default();
    Ok(BillingSettings {
        grace_days: get("grace_days", d.grace_days),
        invoice_days: get("invoice_days", d.invoice_days),
    })
}

pub async fn save_settings(db: &crate::db::Db, s: BillingSettings) -> Result<(), AppError> {
    if s.grace_days > 60 || !(1..=90).contains(&s.invoice_days) {
        return Err(AppError::BadRequest("grace days are 0 to 60, and an invoice stays open 1 to 90 days".into()));
    }
    db.transaction(async |tx| {
        for (key, value) in [("grace_days", s.grace_days), ("invoice_days", s.invoice_days)] {
            platform_settings::Entity::delete_by_id(key.to_string()).exec(tx).await?;
            platform_settings::ActiveModel { key: Set(key.into()), value: Set(value.to_string()) }.insert(tx).await?;
        }
        Ok(())
    })
    .await
}

/// The first instant of `now`'s month (UTC).
pub fn month_start(now: DateTime<Utc>) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(now.year(), now.month(), 1, 0, 0, 0).single().unwrap_or(now)
}

pub async fn usage(
    db: &impl ConnectionTrait,
    tenant_id: &str,
    now: DateTime<Utc>,
) -> Result<shared::billing::Usage, AppError> {
    Ok(shared::billing::Usage {
        panels: panels::Entity::find().filter(panels::Column::TenantId.eq(tenant_id)).count(db).await?,
        channels: channels::Entity::find().filter(channels::Column::TenantId.eq(tenant_id)).count(db).await?,
        linked_chats: chat_links::Entity::find()
            .filter(chat_links::Column::TenantId.eq(tenant_id))
            .filter(chat_links::Column::Status.eq(chat_links::LinkStatus::Approved))
            .count(db)
            .await?,
        commands_this_month: commands_this_month(db, tenant_id, now).await?,
    })
}

/// Customer requests handled this month (dry runs and paused requests do not count).
pub async fn commands_this_month(
    db: &impl ConnectionTrait,
    tenant_id: &str,
    now: DateTime<Utc>,
) -> Result<u64, AppError> {
    Ok(command_log::Entity::find()
        .filter(command_log::Column::TenantId.eq(tenant_id))
        .filter(command_log::Column::DryRun.eq(false))
        .filter(command_log::Column::Outcome.ne("paused"))
        .filter(command_log::Column::CreatedAt.gte(month_start(now)))
        .count(db)
        .await?)
}

/// What `tenant_id` may use at `now`. A workspace without a subscription starts the sign-up
/// plan's trial here (also one created before billing began), or has no plan.
pub async fn load_entitlements(
    db: &crate::db::Db,
    tenant_id: &str,
    now: DateTime<Utc>,
) -> Result<Entitlements, AppError> {
    let tenant =
        tenants::Entity::find_by_id(tenant_id.to_string()).one(db).await?.ok_or(AppError::NotFound("workspace"))?;
    if tenant.sandbox {
        return Ok(Entitlements::unrestricted(false));
    }
    if plans::Entity::find().count(db).await? == 0 {
        return Ok(Entitlements::unrestricted(true));
    }
    let mut sub = subscriptions::Entity::find_by_id(tenant_id.to_string()).one(db).await?;
    if sub.is_none() {
        let signup = plans::Entity::find()
            .filter(plans::Column::Signup.eq(true))
            .filter(plans::Column::Archived.eq(false))
            .one(db)
            .await?;
        if let Some(p) = signup {
            let row = subscriptions::ActiveModel {
                tenant_id: Set(tenant_id.to_string()),
                plan_id: Set(p.id.clone()),
                trial: Set(true),
                period_end: Set(now + Duration::days(i64::from(p.trial_days))),
                suspended: Set(false),
                suspended_reason: Set(None),
                updated_at: Set(now),
            };
            // Two first reads at once: the second insert fails and the first one's row is read.
            let _ = db.write(async |c| Ok(row.insert(c).await.ok())).await?;
            sub = subscriptions::Entity::find_by_id(tenant_id.to_string()).one(db).await?;
        }
    }
    let Some(sub) = sub else {
        return Ok(Entitlements {
            status: SubscriptionStatus::NoPlan,
            self_hosted: false,
            plan_id: None,
            plan_name: None,
            mediums: vec![],
            modules: vec![],
            limits: PlanLimits::default(),
            period_end: None,
            trial: false,
            suspended_reason: None,
        });
    };
    let plan = plan(db, &sub.plan_id).await?;
    let grace = settings(db).await?.grace_days;
    let input = plan_input(&plan);
    Ok(Entitlements {
        status: status_at(now, sub.period_end, sub.trial, grace, sub.suspended),
        self_hosted: false,
        plan_id: Some(plan.id),
        plan_name: Some(input.name),
        mediums: input.mediums,
        modules: input.modules,
        limits: input.limits,
        period_end: Some(sub.period_end),
        trial: sub.trial,
        suspended_reason: sub.suspended_reason,
    })
}

/// Switches the workspace's channels off where its plan does not allow them (a medium it lacks,
/// or beyond the channel limit: the newest go first) and on again where it does. Nothing is
/// deleted. Returns how many channels changed.
pub async fn apply_plan(db: &crate::db::Db, e: &Entitlements, tenant_id: &str) -> Result<usize, AppError> {
    let rows = channels::Entity::find()
        .filter(channels::Column::TenantId.eq(tenant_id))
        .order_by_asc(channels::Column::CreatedAt)
        .all(db)
        .await?;
    let max = e.limit(super::Limit::Channels).map(u64::from);
    let mut kept = 0u64;
    let mut changes = Vec::new();
    for c in rows {
        let medium = match c.kind {
            channels::Kind::Telegram => Medium::Telegram,
            channels::Kind::Whatsapp => Medium::Whatsapp,
        };
        let allowed = e.allows_medium(medium) && max.is_none_or(|m| kept < m);
        if allowed {
            kept += 1;
        }
        if c.plan_blocked == allowed {
            changes.push((c.id, !allowed));
        }
    }
    let n = changes.len();
    if n > 0 {
        db.transaction(async |tx| {
            for (id, blocked) in &changes {
                channels::Entity::update_many()
                    .col_expr(channels::Column::PlanBlocked, Expr::value(*blocked))
                    .filter(channels::Column::Id.eq(id.clone()))
                    .exec(tx)
                    .await?;
            }
            Ok(())
        })
        .await?;
    }
    Ok(n)
}
