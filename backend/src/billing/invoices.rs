//! Invoices: created by the owner for a plan, a term and a payment method, numbered gap-free per
//! year; the owner sends a payment reference; the master admin approves (the subscription is
//! extended exactly once) or rejects with a reason. Open invoices expire after the platform's
//! number of days.
use chrono::{DateTime, Datelike, Duration, Months, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, Statement};
use shared::billing::{CreateInvoice, Invoice, InvoiceStatus, SubmitPayment, TERMS};

use crate::db::entities::{invoices, payment_methods, subscriptions, tenants};
use crate::db::new_id;
use crate::error::AppError;

pub const MAX_REFERENCE: usize = 200;
pub const MAX_NOTE: usize = 1000;

pub fn to_api(m: invoices::Model) -> Invoice {
    Invoice {
        id: m.id,
        number: m.number,
        workspace_id: m.tenant_id.unwrap_or_default(),
        workspace_name: m.tenant_name,
        plan_id: m.plan_id,
        plan_name: m.plan_name,
        months: u32::try_from(m.months).unwrap_or(0),
        amount: m.amount,
        currency: m.currency,
        method_name: m.method_name,
        instructions: m.instructions,
        status: InvoiceStatus::from_key(&m.status).unwrap_or(InvoiceStatus::Open),
        reference: m.reference,
        note: m.note,
        reject_reason: m.reject_reason,
        created_at: m.created_at,
        due_at: m.due_at,
        submitted_at: m.submitted_at,
        decided_at: m.decided_at,
    }
}

/// The next number of `year`, taken inside the invoice's transaction: the counter row is locked
/// until the invoice commits, so numbers are unique and, as a failed insert rolls the counter
/// back too, without gaps.
async fn next_seq(tx: &impl ConnectionTrait, year: i32) -> Result<i32, AppError> {
    let backend = tx.get_database_backend();
    let (insert, bump) = match backend {
        sea_orm::DbBackend::Postgres => (
            "INSERT INTO invoice_counters (year, last) VALUES ($1, 0) ON CONFLICT (year) DO NOTHING",
            "UPDATE invoice_counters SET last = last + 1 WHERE year = $1 RETURNING last",
        ),
        _ => (
            "INSERT INTO invoice_counters (year, last) VALUES (?, 0) ON CONFLICT (year) DO NOTHING",
            "UPDATE invoice_counters SET last = last + 1 WHERE year = ? RETURNING last",
        ),
    };
    tx.execute_raw(Statement::from_sql_and_values(backend, insert, [year.into()])).await?;
    let row = tx
        .query_one_raw(Statement::from_sql_and_values(backend, bump, [year.into()]))
        .await?
        .ok_or_else(|| AppError::Internal("the invoice counter returned nothing".into()))?;
    Ok(row.try_get::<i32>("", "last")?)
}

/// Marks open invoices past their due date as expired (read paths call this first).
pub async fn expire_overdue(db: &crate::db::Db, now: DateTime<Utc>) -> Result<(), AppError> {
    db.write(async |c| {
        invoices::Entity::update_many()
            .col_expr(invoices::Column::Status, Expr::value("expired"))
            .filter(invoices::Column::Status.eq("open"))
            .filter(invoices::Column::DueAt.lt(now))
            .exec(c)
            .await?;
        Ok(())
    })
    .await
}

pub async fn create(
    db: &crate::db::Db,
    tenant_id: &str,
    req: &CreateInvoice,
    now: DateTime<Utc>,
) -> Result<Invoice, AppError> {
    if !TERMS.contains(&req.months) {
        return Err(AppError::BadRequest("a term is 1, 3 or 12 months".into()));
    }
    let plan = super::repo::plan(db, &req.plan_id).await?;
    if plan.archived {
        return Err(AppError::Conflict(format!("the plan “{}” is no longer offered; pick another", plan.name)));
    }
    let input = super::repo::plan_input(&plan);
    let amount =
        input.price_for(req.months).ok_or_else(|| AppError::BadRequest("a term is 1, 3 or 12 months".into()))?;
    let method = match req.method_id.len() {
        0..=36 => payment_methods::Entity::find_by_id(req.method_id.clone()).one(db).await?,
        _ => None,
    }
    .filter(|m| m.enabled)
    .ok_or(AppError::NotFound("payment method"))?;
    let tenant =
        tenants::Entity::find_by_id(tenant_id.to_string()).one(db).await?.ok_or(AppError::NotFound("workspace"))?;
    let invoice_days = super::repo::settings(db).await?.invoice_days;
    let year = now.year();
    let months = i32::try_from(req.months).unwrap_or(1);
    let row = db
        .transaction(async |tx| {
            let seq = next_seq(tx, year).await?;
            let row = invoices::ActiveModel {
                id: Set(new_id()),
                number: Set(format!("PR-{year}-{seq:06}")),
                year: Set(year),
                seq: Set(seq),
                tenant_id: Set(Some(tenant.id.clone())),
                tenant_name: Set(tenant.name.clone()),
                plan_id: Set(plan.id.clone()),
                plan_name: Set(plan.name.clone()),
                months: Set(months),
                amount: Set(amount),
                currency: Set(plan.currency.clone()),
                method_id: Set(method.id.clone()),
                method_name: Set(method.name.clone()),
                instructions: Set(method.instructions.clone()),
                status: Set("open".into()),
                reference: Set(None),
                note: Set(None),
                reject_reason: Set(None),
                created_at: Set(now),
                due_at: Set(now + Duration::days(i64::from(invoice_days))),
                submitted_at: Set(None),
                decided_at: Set(None),
                decided_by: Set(None),
            };
            Ok(row.insert(tx).await?)
        })
        .await?;
    Ok(to_api(row))
}

/// One of the workspace's invoices (404 for another workspace's).
pub async fn owned(db: &impl ConnectionTrait, tenant_id: &str, id: &str) -> Result<invoices::Model, AppError> {
    if id.len() > 36 {
        return Err(AppError::NotFound("invoice"));
    }
    invoices::Entity::find_by_id(id.to_string())
        .filter(invoices::Column::TenantId.eq(tenant_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound("invoice"))
}

pub async fn list(
    db: &impl ConnectionTrait,
    tenant_id: Option<&str>,
    status: Option<InvoiceStatus>,
) -> Result<Vec<Invoice>, AppError> {
    let mut q = invoices::Entity::find().order_by_desc(invoices::Column::CreatedAt);
    if let Some(t) = tenant_id {
        q = q.filter(invoices::Column::TenantId.eq(t));
    }
    if let Some(s) = status {
        q = q.filter(invoices::Column::Status.eq(s.key()));
    }
    Ok(q.all(db).await?.into_iter().map(to_api).collect())
}

/// Moves one invoice from `from` to the new state in one conditional update: of two clicks (or
/// two admins) at once only one changes it; the other gets a conflict.
async fn transition(
    tx: &impl ConnectionTrait,
    id: &str,
    from: &[&str],
    set: Vec<(invoices::Column, sea_orm::Value)>,
) -> Result<bool, AppError> {
    let mut q = invoices::Entity::update_many();
    for (col, v) in set {
        q = q.col_expr(col, Expr::value(v));
    }
    let r = q
        .filter(invoices::Column::Id.eq(id))
        .filter(invoices::Column::Status.is_in(from.iter().map(|s| s.to_string())))
        .exec(tx)
        .await?;
    Ok(r.rows_affected == 1)
}

pub async fn submit(
    db: &crate::db::Db,
    tenant_id: &str,
    id: &str,
    req: &SubmitPayment,
    now: DateTime<Utc>,
) -> Result<Invoice, AppError> {
    let reference = req.reference.trim();
    if reference.is_empty() || reference.chars().count() > MAX_REFERENCE {
        return Err(AppError::BadRequest(format!(
            "the payment reference (transaction id) is 1 to {MAX_REFERENCE} characters"
        )));
    }
    let note = req.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
    if note.is_some_and(|n| n.chars().count() > MAX_NOTE) {
        return Err(AppError::BadRequest(format!("the note is longer than {MAX_NOTE} characters")));
    }
    expire_overdue(db, now).await?;
    owned(db, tenant_id, id).await?;
    let set = vec![
        (invoices::Column::Status, "submitted".into()),
        (invoices::Column::Reference, reference.to_string().into()),
        (invoices::Column::Note, note.map(str::to_string).into()),
        (invoices::Column::SubmittedAt, now.into()),
    ];
    // A rejected invoice's reference can be corrected and sent again.
    if !db.transaction(async |tx| transition(tx, id, &["open", "submitted"], set).await).await? {
        return Err(AppError::Conflict(
            "this invoice is no longer open (paid, rejected, cancelled or expired): create a new one".into(),
        ));
    }
    Ok(to_api(owned(db, tenant_id, id).await?))
}

pub async fn cancel(db: &crate::db::Db, tenant_id: &str, id: &str) -> Result<Invoice, AppError> {
    owned(db, tenant_id, id).await?;
    let set = vec![(invoices::Column::Status, "cancelled".into())];
    if !db.transaction(async |tx| transition(tx, id, &["open", "submitted"], set).await).await? {
        return Err(AppError::Conflict("only an open or submitted invoice can be cancelled".into()));
    }
    Ok(to_api(owned(db, tenant_id, id).await?))
}

/// Extends (or starts) `tenant_id`'s subscription on `plan_id` by `months` from the later of now
/// and the current period end; the trial ends.
pub async fn extend(
    tx: &impl ConnectionTrait,
    tenant_id: &str,
    plan_id: &str,
    months: u32,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, AppError> {
    let current = subscriptions::Entity::find_by_id(tenant_id.to_string()).one(tx).await?;
    let from = current.as_ref().map_or(now, |s| if s.trial { now } else { s.period_end.max(now) });
    let end = from
        .checked_add_months(Months::new(months))
        .ok_or_else(|| AppError::BadRequest("that date is out of range".into()))?;
    let row = subscriptions::ActiveModel {
        tenant_id: Set(tenant_id.to_string()),
        plan_id: Set(plan_id.to_string()),
        trial: Set(false),
        period_end: Set(end),
        suspended: Set(current.as_ref().is_some_and(|s| s.suspended)),
        suspended_reason: Set(current.as_ref().and_then(|s| s.suspended_reason.clone())),
        updated_at: Set(now),
    };
    if current.is_some() {
        row.update(tx).await?;
    } else {
        row.insert(tx).await?;
    }
    Ok(end)
}

/// Approves a submitted invoice and extends the subscription, in one transaction: exactly once.
pub async fn approve(
    db: &crate::db::Db,
    id: &str,
    admin_id: &str,
    now: DateTime<Utc>,
) -> Result<invoices::Model, AppError> {
    let inv = by_id(db, id).await?;
    let tenant = inv.tenant_id.clone().ok_or(AppError::Conflict("the workspace of this invoice was deleted".into()))?;
    let set = vec![
        (invoices::Column::Status, "paid".into()),
        (invoices::Column::DecidedAt, now.into()),
        (invoices::Column::DecidedBy, admin_id.to_string().into()),
    ];
    let months = u32::try_from(inv.months).unwrap_or(1);
    let (plan, id) = (inv.plan_id.clone(), id.to_string());
    db.transaction(async |tx| {
        if !transition(tx, &id, &["submitted"], set).await? {
            return Err(AppError::Conflict("this invoice was already decided, or has no payment reference yet".into()));
        }
        extend(tx, &tenant, &plan, months, now).await?;
        Ok(())
    })
    .await?;
    by_id(db, &inv.id).await
}

pub async fn reject(
    db: &crate::db::Db,
    id: &str,
    admin_id: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<invoices::Model, AppError> {
    let set = vec![
        (invoices::Column::Status, "rejected".into()),
        (invoices::Column::RejectReason, reason.to_string().into()),
        (invoices::Column::DecidedAt, now.into()),
        (invoices::Column::DecidedBy, admin_id.to_string().into()),
    ];
    by_id(db, id).await?;
    if !db.transaction(async |tx| transition(tx, id, &["submitted", "open"], set).await).await? {
        return Err(AppError::Conflict("this invoice was already decided".into()));
    }
    by_id(db, id).await
}

pub async fn by_id(db: &impl ConnectionTrait, id: &str) -> Result<invoices::Model, AppError> {
    if id.len() > 36 {
        return Err(AppError::NotFound("invoice"));
    }
    invoices::Entity::find_by_id(id.to_string()).one(db).await?.ok_or(AppError::NotFound("invoice"))
}
