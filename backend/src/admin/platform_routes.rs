//! The master admin's platform texts: the reply templates every new workspace starts with (the
//! existing ones keep theirs) and the notices of the workspace top bar.
use actix_web::{get, put, web};
use shared::ApiErrorBody;
use shared::billing::platform::PlatformTexts;

use crate::auth::MasterAdmin;
use crate::billing::platform;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_texts).service(put_texts);
}

/// The platform's reply templates for new workspaces and its top-bar notices.
#[utoipa::path(tag = "admin", security(("bearer" = [])), responses(
    (status = 200, body = PlatformTexts), (status = 403, body = ApiErrorBody)))]
#[get("/admin/platform-texts")]
async fn get_texts(state: web::Data<AppState>, _admin: MasterAdmin) -> AppResult<web::Json<PlatformTexts>> {
    Ok(web::Json(platform::texts(&state.db).await?))
}

/// Save them: new workspaces start with these templates; the notices show at once (audited).
#[utoipa::path(tag = "admin", security(("bearer" = [])), request_body = PlatformTexts, responses(
    (status = 200, body = PlatformTexts), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
#[put("/admin/platform-texts")]
async fn put_texts(
    state: web::Data<AppState>,
    admin: MasterAdmin,
    body: web::Json<PlatformTexts>,
) -> AppResult<web::Json<PlatformTexts>> {
    let body = body.into_inner();
    let texts = PlatformTexts {
        templates: crate::settings::domain::normalize_templates(body.templates).map_err(AppError::BadRequest)?,
        notices: body.notices.check().map_err(AppError::BadRequest)?,
    };
    platform::save(&state.db, &texts).await?;
    crate::billing::admin_routes::audit(
        &state,
        &admin,
        "platform_texts_changed",
        None,
        "platform templates and notices".into(),
        None,
    )
    .await?;
    Ok(web::Json(platform::texts(&state.db).await?))
}
