//! Ticket medium storage. Every workspace query is scoped by the tenant id; the runner's own
//! queries are scoped by the panel it holds the lease of.
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, Iterable, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use shared::tickets::{TicketIntake, TicketRule, default_rules};

use crate::db::entities::{ticket_activity, ticket_intake, ticket_rules, ticket_seen};
use crate::db::{new_id, now};
use crate::error::AppError;

pub fn intake_of(row: Option<&ticket_intake::Model>) -> TicketIntake {
    match row {
        None => TicketIntake::default(),
        Some(r) => TicketIntake {
            enabled: r.enabled,
            interval_secs: u32::try_from(r.interval_secs).unwrap_or(60),
            since: r.since,
            reply_enabled: r.reply_enabled,
            get_path: r.get_path.clone(),
            reply_path: r.reply_path.clone(),
            reply_field: r.reply_field.clone(),
        },
    }
}

pub async fn intake_rows(db: &impl ConnectionTrait, tenant_id: &str) -> Result<Vec<ticket_intake::Model>, AppError> {
    Ok(ticket_intake::Entity::find().filter(ticket_intake::Column::TenantId.eq(tenant_id)).all(db).await?)
}

pub async fn intake_row(
    db: &impl ConnectionTrait,
    tenant_id: &str,
    panel_id: &str,
) -> Result<Option<ticket_intake::Model>, AppError> {
    Ok(ticket_intake::Entity::find_by_id(panel_id.to_string())
        .filter(ticket_intake::Column::TenantId.eq(tenant_id))
        .one(db)
        .await?)
}

/// Saves the owner's settings. Switching tickets on starts "now" unless a start time is given;
/// a change of paths forgets that the detail path was missing. The runner's state is kept.
pub async fn save_intake(
    db: &impl ConnectionTrait,
    tenant_id: &str,
    panel_id: &str,
    mut intake: TicketIntake,
) -> Result<TicketIntake, AppError> {
    let now = now();
    let before = intake_row(db, tenant_id, panel_id).await?;
    if intake.enabled && intake.since.is_none() {
        intake.since = before.as_ref().and_then(|b| b.since).or(Some(now));
    }
    let paths_changed = before.as_ref().is_none_or(|b| b.get_path != intake.get_path);
    let row = ticket_intake::ActiveModel {
        panel_id: Set(panel_id.to_string()),
        tenant_id: Set(tenant_id.to_string()),
        enabled: Set(intake.enabled),
        interval_secs: Set(i32::try_from(intake.interval_secs).unwrap_or(60)),
        since: Set(intake.since),
        reply_enabled: Set(intake.reply_enabled),
        get_path: Set(intake.get_path.clone()),
        reply_path: Set(intake.reply_path.clone()),
        reply_field: Set(intake.reply_field.clone()),
        detail_missing: Set(before.as_ref().is_some_and(|b| b.detail_missing) && !paths_changed),
        lease_holder: Set(before.as_ref().and_then(|b| b.lease_holder.clone())),
        lease_until: Set(before.as_ref().and_then(|b| b.lease_until)),
        // A new setting takes effect at the next tick.
        next_run_at: Set(Some(now)),
        last_run_at: Set(before.as_ref().and_then(|b| b.last_run_at)),
        last_ok_at: Set(before.as_ref().and_then(|b| b.last_ok_at)),
        last_error: Set(before.as_ref().and_then(|b| b.last_error.clone())),
        failures: Set(0),
        tickets_seen: Set(before.as_ref().map(|b| b.tickets_seen).unwrap_or(0)),
        updated_at: Set(now),
    };
    use ticket_intake::Column as C;
    ticket_intake::Entity::insert(row)
        .on_conflict(
            OnConflict::column(C::PanelId)
                .update_columns([
                    C::Enabled,
                    C::IntervalSecs,
                    C::Since,
                    C::ReplyEnabled,
                    C::GetPath,
                    C::ReplyPath,
                    C::ReplyField,
                    C::DetailMissing,
                    C::NextRunAt,
                    C::Failures,
                    C::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(intake)
}

/// The workspace's rules; the defaults until the owner saves a table.
pub async fn rules(db: &impl ConnectionTrait, tenant_id: &str) -> Result<Vec<TicketRule>, AppError> {
    let row = ticket_rules::Entity::find_by_id(tenant_id.to_string()).one(db).await?;
    Ok(row.and_then(|r| serde_json::from_str(&r.rules).ok()).unwrap_or_else(default_rules))
}

pub async fn save_rules(db: &impl ConnectionTrait, tenant_id: &str, rules: &[TicketRule]) -> Result<(), AppError> {
    let row = ticket_rules::ActiveModel {
        tenant_id: Set(tenant_id.to_string()),
        rules: Set(serde_json::to_string(rules).unwrap_or_else(|_| "[]".into())),
        updated_at: Set(now()),
    };
    ticket_rules::Entity::insert(row)
        .on_conflict(
            OnConflict::column(ticket_rules::Column::TenantId)
                .update_columns([ticket_rules::Column::Rules, ticket_rules::Column::UpdatedAt])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Panels whose tickets are due: switched on, their next run reached, no live lease.
pub async fn due(db: &impl ConnectionTrait, at: DateTime<Utc>) -> Result<Vec<ticket_intake::Model>, AppError> {
    use ticket_intake::Column as C;
    Ok(ticket_intake::Entity::find()
        .filter(C::Enabled.eq(true))
        .filter(Condition::any().add(C::NextRunAt.is_null()).add(C::NextRunAt.lte(at)))
        .filter(Condition::any().add(C::LeaseUntil.is_null()).add(C::LeaseUntil.lt(at)))
        .order_by_asc(C::NextRunAt)
        .limit(50)
        .all(db)
        .await?)
}

/// Takes (or renews) the panel's lease in one statement: at most one holder at a time, on
/// every instance sharing the database. `true` when this holder has it.
pub async fn take_lease(
    db: &impl ConnectionTrait,
    panel_id: &str,
    holder: &str,
    at: DateTime<Utc>,
    lease: Duration,
) -> Result<bool, AppError> {
    use ticket_intake::Column as C;
    let done = ticket_intake::Entity::update_many()
        .col_expr(C::LeaseHolder, Expr::value(holder))
        .col_expr(C::LeaseUntil, Expr::value(at + lease))
        .filter(C::PanelId.eq(panel_id))
        .filter(Condition::any().add(C::LeaseUntil.is_null()).add(C::LeaseUntil.lt(at)).add(C::LeaseHolder.eq(holder)))
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}

/// The end of a run: its outcome on the panel's health, the next run, and the lease let go.
pub struct RunEnd {
    pub at: DateTime<Utc>,
    pub error: Option<String>,
    pub next_run_at: DateTime<Utc>,
    pub seen: i64,
    pub detail_missing: Option<bool>,
}

pub async fn finish_run(db: &impl ConnectionTrait, panel_id: &str, holder: &str, end: RunEnd) -> Result<(), AppError> {
    use ticket_intake::Column as C;
    let mut update = ticket_intake::Entity::update_many()
        .col_expr(C::LeaseHolder, Expr::value(Option::<String>::None))
        .col_expr(C::LeaseUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(C::LastRunAt, Expr::value(end.at))
        .col_expr(C::NextRunAt, Expr::value(end.next_run_at))
        .col_expr(C::TicketsSeen, Expr::value(end.seen));
    update = match &end.error {
        None => update
            .col_expr(C::LastOkAt, Expr::value(end.at))
            .col_expr(C::LastError, Expr::value(Option::<String>::None))
            .col_expr(C::Failures, Expr::value(0)),
        Some(e) => {
            update.col_expr(C::LastError, Expr::value(e.clone())).col_expr(C::Failures, Expr::col(C::Failures).add(1))
        }
    };
    if let Some(missing) = end.detail_missing {
        update = update.col_expr(C::DetailMissing, Expr::value(missing));
    }
    update.filter(C::PanelId.eq(panel_id)).filter(C::LeaseHolder.eq(holder)).exec(db).await?;
    Ok(())
}

fn seen_id(panel_id: &str, ticket_id: &str) -> String {
    format!("{panel_id}:{ticket_id}").chars().take(200).collect()
}

pub async fn fingerprint(
    db: &impl ConnectionTrait,
    panel_id: &str,
    ticket_id: &str,
) -> Result<Option<String>, AppError> {
    Ok(ticket_seen::Entity::find_by_id(seen_id(panel_id, ticket_id)).one(db).await?.map(|s| s.fingerprint))
}

pub async fn set_fingerprint(
    db: &impl ConnectionTrait,
    tenant_id: &str,
    panel_id: &str,
    ticket_id: &str,
    fingerprint: &str,
) -> Result<(), AppError> {
    let row = ticket_seen::ActiveModel {
        id: Set(seen_id(panel_id, ticket_id)),
        tenant_id: Set(tenant_id.to_string()),
        panel_id: Set(panel_id.to_string()),
        ticket_id: Set(ticket_id.chars().take(120).collect()),
        fingerprint: Set(fingerprint.chars().take(64).collect()),
        seen_at: Set(now()),
    };
    ticket_seen::Entity::insert(row)
        .on_conflict(
            OnConflict::column(ticket_seen::Column::Id)
                .update_columns([ticket_seen::Column::Fingerprint, ticket_seen::Column::SeenAt])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Claims one customer message: `true` when this call wrote its activity row (`working`), so
/// only one runner ever decides it — also across instances and restarts.
pub async fn claim_message(db: &impl ConnectionTrait, row: ticket_activity::Model) -> Result<bool, AppError> {
    use ticket_activity::Column as C;
    let active: ticket_activity::ActiveModel = row.into();
    let inserted = ticket_activity::Entity::insert(active)
        .on_conflict(OnConflict::columns([C::PanelId, C::TicketId, C::MessageKey]).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
    Ok(inserted == 1)
}

/// Messages a runner claimed but never finished (it died): taken again by the next holder.
pub async fn unfinished(db: &impl ConnectionTrait, panel_id: &str) -> Result<Vec<ticket_activity::Model>, AppError> {
    use ticket_activity::Column as C;
    Ok(ticket_activity::Entity::find()
        .filter(C::PanelId.eq(panel_id))
        .filter(C::Outcome.eq("working"))
        .limit(100)
        .all(db)
        .await?)
}

pub async fn exists(db: &impl ConnectionTrait, panel_id: &str, ticket_id: &str, key: &str) -> Result<bool, AppError> {
    use ticket_activity::Column as C;
    Ok(ticket_activity::Entity::find()
        .filter(C::PanelId.eq(panel_id))
        .filter(C::TicketId.eq(ticket_id))
        .filter(C::MessageKey.eq(key))
        .one(db)
        .await?
        .is_some())
}

pub async fn finish_message(db: &impl ConnectionTrait, row: ticket_activity::Model) -> Result<(), AppError> {
    let id = row.id.clone();
    let mut active: ticket_activity::ActiveModel = row.into();
    // Every field is written, the id is the key.
    for col in <ticket_activity::Entity as EntityTrait>::Column::iter() {
        if let Some(v) = active.get(col).into_value() {
            active.set(col, v);
        }
    }
    active.id = sea_orm::ActiveValue::Unchanged(id);
    ticket_activity::Entity::update(active).exec(db).await?;
    Ok(())
}

pub fn new_activity(tenant_id: &str, panel_id: &str, ticket_id: &str, key: &str) -> ticket_activity::Model {
    ticket_activity::Model {
        id: new_id(),
        tenant_id: tenant_id.to_string(),
        panel_id: panel_id.to_string(),
        ticket_id: ticket_id.chars().take(120).collect(),
        message_key: key.chars().take(120).collect(),
        at: now(),
        subject: String::new(),
        username: None,
        outcome: "working".into(),
        rule: None,
        command: "silent".into(),
        order_ids: "[]".into(),
        detail: String::new(),
        command_id: None,
        reply: String::new(),
        reply_state: "none".into(),
    }
}
