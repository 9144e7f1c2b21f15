//! Serves the built SPA from the same origin, with `index.html` for client-side routes, and the
//! hashed files in the precompressed form the browser accepts (`.br`, `.gz`, written by the build).
use std::path::{Path, PathBuf};

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

/// Whether `accept` (an `Accept-Encoding` value) allows `coding` (not refused with `q=0`).
fn accepts(accept: &str, coding: &str) -> bool {
    accept.split(',').any(|item| {
        let mut parts = item.split(';').map(str::trim);
        let name = parts.next().unwrap_or_default();
        let refused =
            parts.any(|p| p.strip_prefix("q=").is_some_and(|q| q.trim().parse::<f32>().is_ok_and(|q| q <= 0.0)));
        name.eq_ignore_ascii_case(coding) && !refused
    })
}

/// A hashed SPA file: its brotli or gzip copy when the build wrote one and the browser takes it,
/// else the file itself (compressed on the fly by the middleware). 404 when it does not exist.
async fn hashed_file(req: actix_web::HttpRequest, dist: web::Data<PathBuf>) -> actix_web::Result<HttpResponse> {
    use actix_web::http::header::{ACCEPT_ENCODING, ContentEncoding, HeaderValue, VARY};
    let name = req.match_info().query("file").to_string();
    let file = dist.join(&name);
    if name.contains("..") || !file.is_file() {
        return Ok(crate::error::error_body(
            actix_web::http::StatusCode::NOT_FOUND,
            shared::ErrorCode::NotFound,
            "no such file".to_string(),
        ));
    }
    let accept = req.headers().get(ACCEPT_ENCODING).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let ext = name.rsplit('.').next().unwrap_or_default();
    let copies = [("br", ContentEncoding::Brotli), ("gzip", ContentEncoding::Gzip)];
    for (coding, encoding) in copies {
        let suffix = if coding == "gzip" { "gz" } else { coding };
        let copy = dist.join(format!("{name}.{suffix}"));
        if accepts(accept, coding) && copy.is_file() {
            let mut res = NamedFile::open(copy)?
                .set_content_type(actix_files::file_extension_to_mime(ext))
                .disable_content_disposition()
                .set_content_encoding(encoding)
                .into_response(&req);
            res.headers_mut().insert(VARY, HeaderValue::from_static("accept-encoding"));
            return Ok(res);
        }
    }
    Ok(NamedFile::open(file)?.into_response(&req))
}

const HASHED: &str = "/{file:[A-Za-z0-9_.-]+-[0-9a-f]{16,}(?:_bg)?\\.(?:wasm|js|css)}";

/// The built SPAs: the master admin console (its own bundle, `dist/admin/`, under `/admin/`),
/// the account app (`dist/account/`: files under `/account/`, pages at `/billing`, `/support`,
/// `/tickets`, `/team`, `/api-keys` and `/health`), and the workspace app (`dist/`) for everything else.
pub fn configure(cfg: &mut web::ServiceConfig, dist: &Path) {
    let console = dist.join("admin");
    if console.join("index.html").is_file() {
        cfg.service(web::scope("/admin").configure(|c| app(c, &console)));
    }
    let account = dist.join("account");
    let account_index = account.join("index.html");
    if account_index.is_file() {
        cfg.service(web::scope("/account").configure(|c| app(c, &account)));
        for pages in ["/billing", "/support", "/tickets", "/team", "/api-keys", "/health"] {
            let index = account_index.clone();
            cfg.service(web::scope(pages).default_service(web::to(move |req: actix_web::HttpRequest| {
                let index = index.clone();
                async move {
                    if !reads(req.method()) {
                        return Ok(not_allowed(&req));
                    }
                    Ok::<_, actix_web::Error>(NamedFile::open(index)?.into_response(&req))
                }
            })));
        }
    }
    app(cfg, dist);
}

/// One SPA: its hashed files, its static files, and `index.html` for its client-side routes.
fn app(cfg: &mut web::ServiceConfig, dist: &Path) {
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
    let files = web::Data::new(dist.to_path_buf());
    cfg.service(web::resource(HASHED).app_data(files).route(web::get().to(hashed_file)));
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

#[cfg(test)]
mod tests {
    use super::accepts;

    #[test]
    fn accept_encoding_is_read_with_its_weights() {
        assert!(accepts("gzip, deflate, br, zstd", "br"));
        assert!(accepts("gzip;q=1.0, br;q=0.5", "br"));
        assert!(!accepts("gzip, deflate", "br"));
        assert!(!accepts("br;q=0, gzip", "br"));
        assert!(accepts("br;q=0, gzip", "gzip"));
        assert!(!accepts("", "gzip"));
    }
}
