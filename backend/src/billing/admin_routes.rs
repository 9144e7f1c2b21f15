//! The master admin's billing console: the invoices queue (approve or reject), each workspace's
//! subscription (change plan, extend, suspend, resume — always with a reason), the billing
//! settings, and the append-only audit log of these actions. Plans and payment methods are in
//! `admin_plan_routes`.
use actix_web::{get, post, put, web};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use serde::{Deserialize, Serialize};
use shared::ApiErrorBody;
use shared::billing::{AuditEntry, BillingSettings, ChangeSubscription, Invoice, InvoiceStatus, Reason, Subscription};

use super::{invoices, repo};
use crate::auth::MasterAdmin;
use crate::db::entities::{admin_audit, subscriptions, tenants, users};
use crate::db::{new_id, now};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.configure(super::admin_plan_routes::configure)
        .service(list_invoices)
        .service(approve_invoice)
        .service(reject_invoice)
        .service(list_subscriptions)
        .service(change_subscription)
        .service(suspend)
        .service(resume)
        .service(get_settings)
        .service(put_settings)
        .service(list_audit);
}

pub fn reason_of(r: &str) -> Result<String, AppError> {
    let r = r.trim();
    if !(4..=300).contains(&r.chars().count()) {
        return Err(AppError::BadRequest("give a reason of 4 to 300 characters; it is kept in the audit log".into()));
    }
    Ok(r.to_string())
}

/// Records a master admin action (append-only).
pub async fn audit(
    state: &AppState,
    admin: &MasterAdmin,
    action: &str,
    tenant_id: Option<&str>,
    subject: String,
    reason: Option<String>,
) -> Result<(), AppError> {
    let email = users::Entity::find_by_id(admin.user_id.clone()).one(&state.db).await?.map(|u| u.email);
    let tenant_name = match tenant_id {
        Some(t) => tenants::Entity::find_by_id(t.to_string()).one(&state.db).await?.map(|t| t.name),
        None => None,
    };
    let row = admin_audit::ActiveModel {
        id: Set(new_id()),
        at: Set(now()),
        admin_id: Set(admin.user_id.clone()),
        admin_email: Set(email.unwrap_or_default()),
        action: Set(action.to_string()),
        tenant_id: Set(tenant_id.map(str::to_string)),
        tenant_name: Set(tenant_name),
        subject: Set(subject),
        reason: Set(reason),
    };
    state.db.write(async |c| Ok(row.insert(c).await?)).await?;
    Ok(())
}

/// After a change to what `tenant_id` (or, with `None`, every workspace) may use: forget the
/// cached entitlements, switch channels on or off to match the plan, and tell the pollers and
/// webhook receivers.
pub async fn replan(state: &AppState, tenant_id: Option<&str>) -> Result<(), AppError> {
    let billing = &state.engine.billing;
    billing.forget(tenant_id);
    let tenants: Vec<String> = match tenant_id {
        Some(t) => vec![t.to_string()],
        None => subscriptions::Entity::find().all(&state.db).await?.into_iter().map(|s| s.tenant_id).collect(),
    };
    let mut changed = 0;
    for t in tenants {
        let e = billing.entitlements(&state.db, &t).await?;
        changed += repo::apply_plan(&state.db, &e, &t).await?;
    }
    if changed > 0 {
        state.channels.webhooks.invalidate();
        state.channels.changed.notify_one();
    }
    Ok(())
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct InvoiceFilter {
    /// `open`, `submitted`, `paid`, `rejected`, `cancelled` or `expired`.
    pub status: Option<String>,
}

/// Every workspace's invoices: submitted first (the queue), then the newest.
#[utoipa::path(tag = "admin", security(("bearer" = [])), params(InvoiceFilter), responses(
    (status = 200, body = Vec<Invoice>), (status = 400, body = ApiErrorBody)))]
#[get("/admin/invoices")]
async fn list_invoices(
    state: web::Data<AppState>,
    _admin: MasterAdmin,
    q: web::Query<InvoiceFilter>,
) -> AppResult<web::Json<Vec<Invoice>>> {
    let status = match q.status.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => Some(InvoiceStatus::from_key(s).ok_or_else(|| {
            AppError::BadRequest("status is open, submitted, paid, rejected, cancelled or expired".into())
        })?),
        None => None,
    };
    invoices::expire_overdue(&state.db, state.engine.billing.now()).await?;
    let mut list = invoices::list(&state.db, None, status).await?;
    list.sort_by_key(|i| i.status != InvoiceStatus::Submitted);
    Ok(web::Json(list))
}

/// Approve a submitted invoice: the workspace's subscription is extended by its term from the
/// later of now and the current period end, exactly once (a second approval is a 409).
#[utoipa::path(tag = "admin", security(("bearer" = [])), params(("invoice_id" = String, Path)), responses(
    (status = 200, body = Invoice), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
#[post("/admin/invoices/{invoice_id}/approve")]
async fn approve_invoice(
    state: web::Data<AppState>,
    admin: MasterAdmin,
    path: web::Path<String>,
) -> AppResult<web::Json<Invoice>> {
    let inv = invoices::approve(&state.db, &path.into_inner(), &admin.user_id, state.engine.billing.now()).await?;
    let subject = format!("{} ({} × {} months)", inv.number, inv.plan_name, inv.months);
    audit(&state, &admin, "invoice_approved", inv.tenant_id.as_deref(), subject, inv.reference.clone()).await?;
    replan(&state, inv.tenant_id.as_deref()).await?;
    Ok(web::Json(invoices::to_api(inv)))
}

/// Reject an invoice with a reason the owner sees.
#[utoipa::path(tag = "admin", security(("bearer" = [])), params(("invoice_id" = String, Path)), request_body = Reason,
    responses((status = 200, body = Invoice), (status = 400, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
    (status = 409, body = ApiErrorBody)))]
#[post("/admin/invoices/{invoice_id}/reject")]
async fn reject_invoice(
    state: web::Data<AppState>,
    admin: MasterAdmin,
    path: web::Path<String>,
    body: web::Json<Reason>,
) -> AppResult<web::Json<Invoice>> {
    let reason = reason_of(&body.reason)?;
    let now = state.engine.billing.now();
    let inv = invoices::reject(&state.db, &path.into_inner(), &admin.user_id, &reason, now).await?;
    audit(&state, &admin, "invoice_rejected", inv.tenant_id.as_deref(), inv.number.clone(), Some(reason)).await?;
    Ok(web::Json(invoices::to_api(inv)))
}

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct WorkspaceSubscription {
    pub workspace_id: String,
    pub workspace_name: String,
    pub subscription: Subscription,
}

/// Every real workspace's subscription and usage.
#[utoipa::path(tag = "admin", security(("bearer" = [])), responses((status = 200, body = Vec<WorkspaceSubscription>)))]
#[get("/admin/subscriptions")]
async fn list_subscriptions(
    state: web::Data<AppState>,
    _admin: MasterAdmin,
) -> AppResult<web::Json<Vec<WorkspaceSubscription>>> {
    let rows = tenants::Entity::find()
        .filter(tenants::Column::Sandbox.eq(false))
        .order_by_desc(tenants::Column::CreatedAt)
        .limit(1000)
        .all(&state.db)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for t in rows {
        let subscription = super::routes::subscription(&state, &t.id).await?;
        out.push(WorkspaceSubscription { workspace_id: t.id, workspace_name: t.name, subscription });
    }
    Ok(web::Json(out))
}

async fn real_tenant(state: &AppState, id: &str) -> Result<tenants::Model, AppError> {
    let found = match id.len() {
        0..=36 => tenants::Entity::find_by_id(id.to_string()).one(&state.db).await?,
        _ => None,
    };
    found.filter(|t| !t.sandbox).ok_or(AppError::NotFound("workspace"))
}

/// Put a workspace on a plan and/or move its period end by hand, with a reason (audited).
#[utoipa::path(tag = "admin", security(("bearer" = [])), params(("tenant_id" = String, Path)),
    request_body = ChangeSubscription, responses((status = 200, body = Subscription), (status = 400, body = ApiErrorBody),
    (status = 404, body = ApiErrorBody)))]
#[put("/admin/tenants/{tenant_id}/subscription")]
async fn change_subscription(
    state: web::Data<AppState>,
    admin: MasterAdmin,
    path: web::Path<String>,
    body: web::Json<ChangeSubscription>,
) -> AppResult<web::Json<Subscription>> {
    let reason = reason_of(&body.reason)?;
    if body.extend_days.abs() > 3660 {
        return Err(AppError::BadRequest("move the period end by at most 3,660 days".into()));
    }
    let tenant = real_tenant(&state, &path.into_inner()).await?;
    let plan = repo::plan(&state.db, &body.plan_id).await?;
    let now = state.engine.billing.now();
    let days = chrono::Duration::days(body.extend_days);
    let tenant_id = tenant.id.clone();
    state
        .db
        .transaction(async |tx| {
            let current = subscriptions::Entity::find_by_id(tenant_id.clone()).one(tx).await?;
            let row = subscriptions::ActiveModel {
                tenant_id: Set(tenant_id.clone()),
                plan_id: Set(plan.id.clone()),
                trial: Set(current.as_ref().is_some_and(|s| s.trial) && days.is_zero()),
                period_end: Set(current.as_ref().map_or(now, |s| s.period_end) + days),
                suspended: Set(current.as_ref().is_some_and(|s| s.suspended)),
                suspended_reason: Set(current.as_ref().and_then(|s| s.suspended_reason.clone())),
                updated_at: Set(now),
            };
            if current.is_some() {
                row.update(tx).await?;
            } else {
                row.insert(tx).await?;
            }
            Ok(())
        })
        .await?;
    let subject = format!("plan “{}”, period end moved by {} days", plan.name, body.extend_days);
    audit(&state, &admin, "subscription_changed", Some(&tenant.id), subject, Some(reason)).await?;
    replan(&state, Some(&tenant.id)).await?;
    Ok(web::Json(super::routes::subscription(&state, &tenant.id).await?))
}

async fn set_suspended(
    state: &AppState,
    admin: &MasterAdmin,
    tenant_id: &str,
    reason: &str,
    suspended: bool,
) -> Result<Subscription, AppError> {
    let reason = reason_of(reason)?;
    let tenant = real_tenant(state, tenant_id).await?;
    // A workspace that has not been seen since plans exist starts its sign-up trial now.
    state.engine.billing.entitlements(&state.db, &tenant.id).await?;
    let sub = subscriptions::Entity::find_by_id(tenant.id.clone())
        .one(&state.db)
        .await?
        .ok_or_else(|| AppError::Conflict("this workspace has no subscription: put it on a plan first".into()))?;
    let mut row: subscriptions::ActiveModel = sub.into();
    row.suspended = Set(suspended);
    row.suspended_reason = Set(suspended.then(|| reason.clone()));
    row.updated_at = Set(state.engine.billing.now());
    state.db.write(async |c| Ok(row.update(c).await?)).await?;
    let action = if suspended { "suspended" } else { "resumed" };
    audit(state, admin, action, Some(&tenant.id), tenant.name.clone(), Some(reason)).await?;
    replan(state, Some(&tenant.id)).await?;
    super::routes::subscription(state, &tenant.id).await
}

/// Suspend a workspace (its bot pauses; the owner can still sign in, read and pay).
#[utoipa::path(tag = "admin", security(("bearer" = [])), params(("tenant_id" = String, Path)), request_body = Reason,
    responses((status = 200, body = Subscription), (status = 400, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
    (status = 409, body = ApiErrorBody)))]
#[post("/admin/tenants/{tenant_id}/suspend")]
async fn suspend(
    state: web::Data<AppState>,
    admin: MasterAdmin,
    path: web::Path<String>,
    body: web::Json<Reason>,
) -> AppResult<web::Json<Subscription>> {
    Ok(web::Json(set_suspended(&state, &admin, &path.into_inner(), &body.reason, true).await?))
}

/// Lift a suspension.
#[utoipa::path(tag = "admin", security(("bearer" = [])), params(("tenant_id" = String, Path)), request_body = Reason,
    responses((status = 200, body = Subscription), (status = 400, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
    (status = 409, body = ApiErrorBody)))]
#[post("/admin/tenants/{tenant_id}/resume")]
async fn resume(
    state: web::Data<AppState>,
    admin: MasterAdmin,
    path: web::Path<String>,
    body: web::Json<Reason>,
) -> AppResult<web::Json<Subscription>> {
    Ok(web::Json(set_suspended(&state, &admin, &path.into_inner(), &body.reason, false).await?))
}

/// Grace days after a period end, and how long an invoice stays open.
#[utoipa::path(tag = "admin", security(("bearer" = [])), responses((status = 200, body = BillingSettings)))]
#[get("/admin/billing-settings")]
async fn get_settings(state: web::Data<AppState>, _admin: MasterAdmin) -> AppResult<web::Json<BillingSettings>> {
    Ok(web::Json(repo::settings(&state.db).await?))
}

#[utoipa::path(tag = "admin", security(("bearer" = [])), request_body = BillingSettings, responses(
    (status = 200, body = BillingSettings), (status = 400, body = ApiErrorBody)))]
#[put("/admin/billing-settings")]
async fn put_settings(
    state: web::Data<AppState>,
    admin: MasterAdmin,
    body: web::Json<BillingSettings>,
) -> AppResult<web::Json<BillingSettings>> {
    repo::save_settings(&state.db, *body).await?;
    let subject = format!("grace {} days, invoices open {} days", body.grace_days, body.invoice_days);
    audit(&state, &admin, "billing_settings_changed", None, subject, None).await?;
    state.engine.billing.forget(None);
    Ok(web::Json(repo::settings(&state.db).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct AuditFilter {
    /// Only this action (`invoice_approved`, `suspended`…).
    pub action: Option<String>,
    /// Only this workspace.
    pub workspace_id: Option<String>,
}

/// The master admin's actions, newest first (append-only; the last 500).
#[utoipa::path(tag = "admin", security(("bearer" = [])), params(AuditFilter), responses((status = 200, body = Vec<AuditEntry>)))]
#[get("/admin/audit")]
async fn list_audit(
    state: web::Data<AppState>,
    _admin: MasterAdmin,
    q: web::Query<AuditFilter>,
) -> AppResult<web::Json<Vec<AuditEntry>>> {
    let mut query = admin_audit::Entity::find().order_by_desc(admin_audit::Column::At).limit(500);
    if let Some(a) = q.action.as_deref().filter(|a| !a.is_empty()) {
        query = query.filter(admin_audit::Column::Action.eq(a));
    }
    if let Some(w) = q.workspace_id.as_deref().filter(|w| !w.is_empty()) {
        query = query.filter(admin_audit::Column::TenantId.eq(w));
    }
    Ok(web::Json(
        query
            .all(&state.db)
            .await?
            .into_iter()
            .map(|r| AuditEntry {
                id: r.id,
                at: r.at,
                admin_email: r.admin_email,
                action: r.action,
                workspace_id: r.tenant_id,
                workspace_name: r.tenant_name,
                subject: r.subject,
                reason: r.reason,
            })
            .collect(),
    ))
}
