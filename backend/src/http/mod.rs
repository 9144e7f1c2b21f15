//! The HTTP surface: route registration, actix's own errors in our JSON shape, request ids,
//! OpenAPI and its docs page, and the built SPA.
pub mod assets;
pub mod client_address;
pub mod errors;
pub mod health;
pub mod openapi;
pub mod request_id;
pub mod security_headers;
pub mod spa;

use actix_web::web;

/// Every `/api` route. New bounded contexts add their `configure` here; the OpenAPI document,
/// the 405 detection and the tenant-isolation test all follow from this one list.
pub fn api_routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.configure(health::configure)
        .configure(crate::auth::routes::configure)
        .configure(crate::tenants::routes::configure)
        .configure(crate::panels::routes::configure)
        .configure(crate::providers::routes::configure)
        .configure(crate::commands::routes::configure)
        .configure(crate::routing::routes::configure)
        .configure(crate::service_rules::routes::configure)
        .configure(crate::settings::routes::configure)
        .configure(crate::logs::routes::configure)
        .configure(crate::tickets::routes::configure)
        .configure(crate::dashboard::routes::configure)
        .configure(crate::chats::routes::configure)
        .configure(crate::channels::routes::configure)
        .configure(crate::sandbox::routes::configure)
        .configure(crate::billing::routes::configure)
        .configure(crate::billing::admin_routes::configure)
        .configure(crate::support::routes::configure)
        .configure(crate::support::admin_routes::configure)
        .configure(crate::admin::routes::configure)
        .configure(crate::platform_health::routes::configure)
        .configure(crate::workspace_health::routes::configure);
}

/// Registers the whole application on a plain actix `ServiceConfig`.
pub fn configure_app(
    cfg: &mut web::ServiceConfig,
    body_limit: usize,
    doc: &utoipa::openapi::OpenApi,
    dist: &std::path::Path,
) {
    let routes = errors::RouteTable::from_openapi(doc);
    cfg.app_data(errors::json_config(body_limit))
        .app_data(web::PayloadConfig::new(body_limit))
        .app_data(errors::path_config())
        .app_data(errors::query_config())
        .route(
            "/api/docs",
            web::get()
                .to(|| async { actix_web::HttpResponse::Found().insert_header(("location", "/api/docs/")).finish() }),
        )
        .configure(crate::channels::webhook_routes::configure)
        .configure(crate::metrics::routes::configure)
        .configure(assets::configure)
        .service(utoipa_swagger_ui::SwaggerUi::new("/api/docs/{_:.*}").url("/api/openapi.json", doc.clone()))
        .service(
            web::scope("/api")
                .configure(|c| api_routes(&mut utoipa_actix_web::service_config::ServiceConfig::new(c)))
                .default_service(web::to(move |req: actix_web::HttpRequest| {
                    let routes = routes.clone();
                    async move { routes.not_found_or_method_not_allowed(&req) }
                })),
        );
    spa::configure(cfg, dist);
}
