//! The workspace's billing: its subscription at a glance, the plans on offer, and its invoices
//! (create, send the payment reference, cancel). Members read; only the owner buys. Integrator
//! API keys never reach billing.
use actix_web::{HttpResponse, get, post, web};
use serde::{Deserialize, Serialize};
use shared::ApiErrorBody;
use shared::billing::{CreateInvoice, Invoice, PaymentMethod, Plan, SubmitPayment, Subscription, SubscriptionStatus};

use super::{Entitlements, invoices, repo};
use crate::auth::{TenantMember, TenantOwner};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use shared::billing::platform::{Notices, fill};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_subscription)
        .service(get_offer)
        .service(list_invoices)
        .service(create_invoice)
        .service(get_invoice)
        .service(submit_payment)
        .service(cancel_invoice);
}

/// The top bar's notice for `e` at `now`, if any, in the platform's words (`notices`).
pub fn banner(
    e: &Entitlements,
    now: chrono::DateTime<chrono::Utc>,
    grace_days: u32,
    notices: &Notices,
) -> Option<String> {
    let day = |d: chrono::DateTime<chrono::Utc>| d.format("%Y-%m-%d").to_string();
    if e.status == SubscriptionStatus::NoPlan {
        return Some(notices.no_plan.clone());
    }
    let end = e.period_end?;
    let left = (end - now).num_days();
    let days = match left {
        0 => "less than a day".to_string(),
        1 => "1 day".to_string(),
        n => format!("{n} days"),
    };
    let until = day(end + chrono::Duration::days(i64::from(grace_days)));
    let reason = e.suspended_reason.clone().unwrap_or_else(|| "no reason given".into());
    let what = if e.trial { "trial" } else { "plan" };
    let vars = [("what", what), ("days", &days), ("date", &day(end)), ("until", &until), ("reason", &reason)];
    let text = match e.status {
        SubscriptionStatus::Trial | SubscriptionStatus::Active if left < 7 => &notices.expiring,
        SubscriptionStatus::Grace => &notices.grace,
        SubscriptionStatus::Expired => &notices.expired,
        SubscriptionStatus::Suspended => &notices.suspended,
        _ => return None,
    };
    Some(fill(text, &vars))
}

pub async fn subscription(state: &AppState, tenant_id: &str) -> Result<Subscription, AppError> {
    let billing = &state.engine.billing;
    let now = billing.now();
    let e = billing.entitlements(&state.db, tenant_id).await?;
    let grace_days = repo::settings(&state.db).await?.grace_days;
    let notices = super::platform::notices(&state.db).await?;
    let banner = banner(&e, now, grace_days, &notices);
    Ok(Subscription {
        self_hosted: e.self_hosted,
        status: e.status,
        plan_id: e.plan_id.clone(),
        plan_name: e.plan_name.clone(),
        period_end: e.period_end,
        days_left: e.period_end.map(|end| (end - now).num_days()),
        grace_days,
        mediums: e.mediums.clone(),
        modules: e.modules.clone(),
        limits: e.limits,
        usage: repo::usage(&state.db, tenant_id, now).await?,
        banner,
        suspended_reason: e.suspended_reason.clone(),
    })
}

/// The workspace's plan, status, days left, what is included and the usage against its limits.
#[utoipa::path(tag = "billing", security(("bearer" = [])), responses(
    (status = 200, body = Subscription), (status = 403, body = ApiErrorBody)))]
#[get("/billing")]
async fn get_subscription(state: web::Data<AppState>, member: TenantMember) -> AppResult<web::Json<Subscription>> {
    Ok(web::Json(subscription(&state, &member.tenant_id).await?))
}

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Offer {
    /// Plans on offer (archived ones are not).
    pub plans: Vec<Plan>,
    /// Payment methods the platform accepts now.
    pub methods: Vec<PaymentMethod>,
}

/// The plans and payment methods an owner can buy with.
#[utoipa::path(tag = "billing", security(("bearer" = [])), responses((status = 200, body = Offer)))]
#[get("/billing/plans")]
async fn get_offer(state: web::Data<AppState>, _member: TenantMember) -> AppResult<web::Json<Offer>> {
    let mut plans = repo::plans(&state.db).await?;
    plans.retain(|p| !p.archived);
    for p in &mut plans {
        p.subscribers = 0; // the platform's figures stay the platform's
    }
    Ok(web::Json(Offer { plans, methods: repo::methods(&state.db, true).await? }))
}

/// The workspace's invoices, newest first.
#[utoipa::path(tag = "billing", security(("bearer" = [])), responses((status = 200, body = Vec<Invoice>)))]
#[get("/billing/invoices")]
async fn list_invoices(state: web::Data<AppState>, member: TenantMember) -> AppResult<web::Json<Vec<Invoice>>> {
    invoices::expire_overdue(&state.db, state.engine.billing.now()).await?;
    Ok(web::Json(invoices::list(&state.db, Some(&member.tenant_id), None).await?))
}

/// One invoice (for the printable page).
#[utoipa::path(tag = "billing", security(("bearer" = [])), params(("invoice_id" = String, Path)), responses(
    (status = 200, body = Invoice), (status = 404, body = ApiErrorBody)))]
#[get("/billing/invoices/{invoice_id}")]
async fn get_invoice(
    state: web::Data<AppState>,
    member: TenantMember,
    path: web::Path<String>,
) -> AppResult<web::Json<Invoice>> {
    Ok(web::Json(invoices::to_api(invoices::owned(&state.db, &member.tenant_id, &path.into_inner()).await?)))
}

/// Buy a plan for 1, 3 or 12 months: an invoice with its number, amount, due date and the
/// payment method's instructions. 409 in self-hosted mode (no billing).
#[utoipa::path(tag = "billing", security(("bearer" = [])), request_body = CreateInvoice, responses(
    (status = 201, body = Invoice), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody),
    (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
#[post("/billing/invoices")]
async fn create_invoice(
    state: web::Data<AppState>,
    owner: TenantOwner,
    body: web::Json<CreateInvoice>,
) -> AppResult<HttpResponse> {
    let e = state.engine.billing.entitlements(&state.db, &owner.tenant_id).await?;
    if e.status == SubscriptionStatus::Unrestricted {
        return Err(AppError::Conflict("billing is off here: this workspace is not limited by any plan".into()));
    }
    let invoice = invoices::create(&state.db, &owner.tenant_id, &body, state.engine.billing.now()).await?;
    Ok(HttpResponse::Created().json(invoice))
}

/// Send the payment's reference (transaction id) and an optional note: the invoice waits for
/// the platform's approval. A submitted reference can be corrected until it is decided.
#[utoipa::path(tag = "billing", security(("bearer" = [])), params(("invoice_id" = String, Path)),
    request_body = SubmitPayment, responses((status = 200, body = Invoice), (status = 400, body = ApiErrorBody),
    (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
#[post("/billing/invoices/{invoice_id}/payment")]
async fn submit_payment(
    state: web::Data<AppState>,
    owner: TenantOwner,
    path: web::Path<String>,
    body: web::Json<SubmitPayment>,
) -> AppResult<web::Json<Invoice>> {
    let now = state.engine.billing.now();
    Ok(web::Json(invoices::submit(&state.db, &owner.tenant_id, &path.into_inner(), &body, now).await?))
}

/// Cancel an open or submitted invoice (a new one can be made afterwards).
#[utoipa::path(tag = "billing", security(("bearer" = [])), params(("invoice_id" = String, Path)), responses(
    (status = 200, body = Invoice), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
#[post("/billing/invoices/{invoice_id}/cancel")]
async fn cancel_invoice(
    state: web::Data<AppState>,
    owner: TenantOwner,
    path: web::Path<String>,
) -> AppResult<web::Json<Invoice>> {
    Ok(web::Json(invoices::cancel(&state.db, &owner.tenant_id, &path.into_inner()).await?))
}
