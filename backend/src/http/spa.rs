//! Serves the built SPA from the same origin, with `index.html` for client-side routes.
use std::path::Path;

use actix_files::{Files, NamedFile};
use actix_web::dev::{ServiceRequest, ServiceResponse, fn_service};
use actix_web::{HttpResponse, web};

const NOT_BUILT: &str = "<!doctype html><title>PanelRelay</title><h1>PanelRelay API is running</h1>\
<p>The web workspace has not been built. Run <code>make run</code>, or see <a href=\"/api/docs/\">the API docs</a>.</p>";

pub fn configure(cfg: &mut web::ServiceConfig, dist: &Path) {
    let index = dist.join("index.html");
    if !index.is_file() {
        cfg.default_service(web::to(|| async {
            HttpResponse::Ok().content_type("text/html; charset=utf-8").body(NOT_BUILT)
        }));
        return;
    }
    cfg.service(Files::new("/", dist).index_file("index.html").default_handler(fn_service(
        move |req: ServiceRequest| {
            let index = index.clone();
            async move {
                let (req, _) = req.into_parts();
                let res = NamedFile::open(index)?.into_response(&req);
                Ok(ServiceResponse::new(req, res))
            }
        },
    )));
}
