//! The master admin's plans (what workspaces may use and what it costs) and payment methods.
use actix_web::{HttpResponse, delete, get, post, put, web};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use serde::{Deserialize, Serialize};
use shared::ApiErrorBody;
use shared::billing::{PaymentMethod, PaymentMethodInput, Plan, PlanInput};

use super::admin_routes::{audit, replan};
use super::repo;
use crate::auth::MasterAdmin;
use crate::db::entities::{payment_methods, plans, subscriptions};
use crate::db::{new_id, now};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_plans)
        .service(create_plan)
        .service(update_plan)
        .service(archive_plan)
        .service(delete_plan)
        .service(list_methods)
        .service(create_method)
        .service(update_method);
}

/// Every plan, with how many workspaces use it.
#[utoipa::path(tag = "admin", security(("bearer" = [])), responses((status = 200, body = Vec<Plan>), (status = 403, body = ApiErrorBody)))]
#[get("/admin/plans")]
async fn list_plans(state: web::Data<AppState>, _admin: MasterAdmin) -> AppResult<web::Json<Vec<Plan>>> {
    Ok(web::Json(repo::plans(&state.db).await?))
}

async fn plan_view(state: &AppState, id: &str) -> Result<Plan, AppError> {
    repo::plans(&state.db).await?.into_iter().find(|p| p.id == id).ok_or(AppError::NotFound("plan"))
}

/// Create a plan. The first plan ends self-hosted mode: from then on every workspace needs one
/// (workspaces without a subscription start the sign-up plan's trial).
#[utoipa::path(tag = "admin", security(("bearer" = [])), request_body = PlanInput, responses(
    (status = 201, body = Plan), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
#[post("/admin/plans")]
async fn create_plan(
    state: web::Data<AppState>,
    admin: MasterAdmin,
    body: web::Json<PlanInput>,
) -> AppResult<HttpResponse> {
    let row = repo::save_plan(&state.db, None, &body).await?;
    audit(&state, &admin, "plan_created", None, row.name.clone(), None).await?;
    replan(&state, None).await?;
    Ok(HttpResponse::Created().json(plan_view(&state, &row.id).await?))
}

/// Change a plan. Workspaces on it get the new mediums, modules and limits at once (what is over
/// a lower limit is switched off, never deleted).
#[utoipa::path(tag = "admin", security(("bearer" = [])), params(("plan_id" = String, Path)), request_body = PlanInput,
    responses((status = 200, body = Plan), (status = 400, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
#[put("/admin/plans/{plan_id}")]
async fn update_plan(
    state: web::Data<AppState>,
    admin: MasterAdmin,
    path: web::Path<String>,
    body: web::Json<PlanInput>,
) -> AppResult<web::Json<Plan>> {
    let row = repo::save_plan(&state.db, Some(&path.into_inner()), &body).await?;
    audit(&state, &admin, "plan_changed", None, row.name.clone(), None).await?;
    replan(&state, None).await?;
    Ok(web::Json(plan_view(&state, &row.id).await?))
}

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Archive {
    pub archived: bool,
}

/// Archive a plan (no new invoices; workspaces on it keep it) or offer it again.
#[utoipa::path(tag = "admin", security(("bearer" = [])), params(("plan_id" = String, Path)), request_body = Archive,
    responses((status = 200, body = Plan), (status = 404, body = ApiErrorBody)))]
#[put("/admin/plans/{plan_id}/archived")]
async fn archive_plan(
    state: web::Data<AppState>,
    admin: MasterAdmin,
    path: web::Path<String>,
    body: web::Json<Archive>,
) -> AppResult<web::Json<Plan>> {
    let plan = repo::plan(&state.db, &path.into_inner()).await?;
    let mut row: plans::ActiveModel = plan.clone().into();
    row.archived = Set(body.archived);
    if body.archived {
        row.signup = Set(false);
    }
    state.db.write(async |c| Ok(row.update(c).await?)).await?;
    let action = if body.archived { "plan_archived" } else { "plan_offered" };
    audit(&state, &admin, action, None, plan.name, None).await?;
    Ok(web::Json(plan_view(&state, &plan.id).await?))
}

/// Delete a plan nobody uses (a used plan can only be archived).
#[utoipa::path(tag = "admin", security(("bearer" = [])), params(("plan_id" = String, Path)), responses(
    (status = 204), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
#[delete("/admin/plans/{plan_id}")]
async fn delete_plan(
    state: web::Data<AppState>,
    admin: MasterAdmin,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let plan = repo::plan(&state.db, &path.into_inner()).await?;
    let used =
        subscriptions::Entity::find().filter(subscriptions::Column::PlanId.eq(&plan.id)).count(&state.db).await?;
    if used > 0 {
        return Err(AppError::Conflict(format!("{used} workspaces use “{}”: archive it instead", plan.name)));
    }
    state.db.write(async |c| Ok(plans::Entity::delete_by_id(plan.id.clone()).exec(c).await?)).await?;
    audit(&state, &admin, "plan_deleted", None, plan.name, None).await?;
    replan(&state, None).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Payment methods (enabled or not).
#[utoipa::path(tag = "admin", security(("bearer" = [])), responses((status = 200, body = Vec<PaymentMethod>)))]
#[get("/admin/payment-methods")]
async fn list_methods(state: web::Data<AppState>, _admin: MasterAdmin) -> AppResult<web::Json<Vec<PaymentMethod>>> {
    Ok(web::Json(repo::methods(&state.db, false).await?))
}

fn check_method(m: &PaymentMethodInput) -> Result<(), AppError> {
    let name = m.name.trim().chars().count();
    let text = m.instructions.trim().chars().count();
    if !(1..=80).contains(&name) || !(1..=2000).contains(&text) {
        return Err(AppError::BadRequest(
            "a payment method needs a name (up to 80 characters) and instructions (up to 2,000)".into(),
        ));
    }
    Ok(())
}

/// Add a payment method: its name and the instructions printed on invoices.
#[utoipa::path(tag = "admin", security(("bearer" = [])), request_body = PaymentMethodInput, responses(
    (status = 201, body = PaymentMethod), (status = 400, body = ApiErrorBody)))]
#[post("/admin/payment-methods")]
async fn create_method(
    state: web::Data<AppState>,
    _admin: MasterAdmin,
    body: web::Json<PaymentMethodInput>,
) -> AppResult<HttpResponse> {
    check_method(&body)?;
    let row = payment_methods::ActiveModel {
        id: Set(new_id()),
        name: Set(body.name.trim().to_string()),
        instructions: Set(body.instructions.trim().to_string()),
        enabled: Set(body.enabled),
        created_at: Set(now()),
    };
    let row = state.db.write(async |c| Ok(row.insert(c).await?)).await?;
    Ok(HttpResponse::Created().json(repo::method(row)))
}

/// Change a payment method (invoices already made keep the instructions they were made with).
#[utoipa::path(tag = "admin", security(("bearer" = [])), params(("method_id" = String, Path)),
    request_body = PaymentMethodInput, responses((status = 200, body = PaymentMethod), (status = 404, body = ApiErrorBody)))]
#[put("/admin/payment-methods/{method_id}")]
async fn update_method(
    state: web::Data<AppState>,
    _admin: MasterAdmin,
    path: web::Path<String>,
    body: web::Json<PaymentMethodInput>,
) -> AppResult<web::Json<PaymentMethod>> {
    check_method(&body)?;
    let id = path.into_inner();
    let found = match id.len() {
        0..=36 => payment_methods::Entity::find_by_id(id).one(&state.db).await?,
        _ => None,
    };
    let mut row: payment_methods::ActiveModel = found.ok_or(AppError::NotFound("payment method"))?.into();
    row.name = Set(body.name.trim().to_string());
    row.instructions = Set(body.instructions.trim().to_string());
    row.enabled = Set(body.enabled);
    let row = state.db.write(async |c| Ok(row.update(c).await?)).await?;
    Ok(web::Json(repo::method(row)))
}
