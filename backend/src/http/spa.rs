//! Serves the built SPA from the same origin, with `index.html` for client-side routes.
use std::path::Path;

use actix_files::{Files, NamedFile};
use actix_web::dev::{ServiceRequest, ServiceResponse, fn_service};
use actix_web::{HttpResponse, web};

const NOT_BUILT: &str = "<!doctype html><title>PanelRelay</title><h1>PanelRelay API is running</h1>\
<p>The web workspace has not been built. Run <code>make run</code>, or see <a href=\"/api/docs/\">the API docs</a>.</p>";

/// The SPA's pages are only read; anything else (`TRACE /`, `POST /login`) is 405 in our JSON shape.
fn reads(method: &actix_web::http::Method) -> bool {
    method == actix_web::http::Method::GET || method == actix_web::http::Method::HEAD
}

fn not_allowed(req: &actix_web::HttpRequest) -> HttpResponse {
    let mut res = crate::error::error_body(
        actix_web::http::StatusCode::METHOD_NOT_ALLOWED,
        shared::ErrorCode::MethodNotAllowed,
        format!("{} is not allowed here", req.method()),
    );
    res.headers_mut()
        .insert(actix_web::http::header::ALLOW, actix_web::http::header::HeaderValue::from_static("GET, HEAD"));
    res
}

pub fn configure(cfg: &mut web::ServiceConfig, dist: &Path) {
    let index = dist.join("index.html");
    if !index.is_file() {
        cfg.default_service(web::to(|req: actix_web::HttpRequest| async move {
            if !reads(req.method()) {
                return not_allowed(&req);
            }
            HttpResponse::Ok().content_type("text/html; charset=utf-8").body(NOT_BUILT)
        }));
        return;
    }
    cfg.service(Files::new("/", dist).index_file("index.html").default_handler(fn_service(
        move |req: ServiceRequest| {
            let index = index.clone();
            async move {
                let (req, _) = req.into_parts();
                if !reads(req.method()) {
                    let res = not_allowed(&req);
                    return Ok(ServiceResponse::new(req, res));
                }
                let res = NamedFile::open(index)?.into_response(&req);
                Ok(ServiceResponse::new(req, res))
            }
        },
    )));
}
