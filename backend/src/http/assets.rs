//! How responses travel: compressed (brotli or gzip, as the browser accepts) except where a
//! secret sits next to what the caller typed (sign-in, sessions, invites, the master admin's
//! reveals: BREACH), hashed SPA files cached for a year, `index.html` and client routes always
//! revalidated, and a real favicon instead of the SPA page.
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{CACHE_CONTROL, CONTENT_ENCODING, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, web};

/// Our mark, drawn as SVG (a relay arrow on the brand blue).
const FAVICON: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#1f5fae"/><path d="M7 11h13l-4-4 2-2 8 8-8 8-2-2 4-4H7zM25 21H12l4 4-2 2-8-8 8-8 2 2-4 4h13z" fill="#fff" opacity=".95"/></svg>"##;

pub fn configure(cfg: &mut web::ServiceConfig) {
    let icon = || async {
        HttpResponse::Ok()
            .content_type("image/svg+xml")
            .insert_header((CACHE_CONTROL, "public, max-age=86400"))
            .body(FAVICON)
    };
    cfg.route("/favicon.svg", web::get().to(icon)).route("/favicon.ico", web::get().to(icon));
}

/// Paths whose answers carry secrets next to caller input: never compressed.
fn never_compressed(path: &str) -> bool {
    ["/api/auth", "/api/sandbox/session", "/api/invites", "/api/team/invites", "/api/admin", "/api/api-keys"]
        .iter()
        .any(|p| path.starts_with(p))
}

/// Trunk's output names carry a content hash: `frontend-3f9c…e1.wasm`, `style-ab12…34.css`.
pub fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    let Some((stem, ext)) = name.rsplit_once('.') else { return false };
    if !["js", "wasm", "css"].contains(&ext) {
        return false;
    }
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| hash.len() >= 16 && hash.chars().all(|c| c.is_ascii_hexdigit()))
}

fn is_spa(path: &str) -> bool {
    !(path.starts_with("/api") || path.starts_with("/tg/") || path.starts_with("/wa/") || path.starts_with("/favicon"))
}

pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody + 'static>, actix_web::Error> {
    let path = req.path().to_string();
    let mut res = next.call(req).await?;
    let headers = res.headers_mut();
    if never_compressed(&path) {
        // The compression layer leaves a response alone when it already names an encoding.
        headers.insert(CONTENT_ENCODING, HeaderValue::from_static("identity"));
    }
    if is_spa(&path) && !headers.contains_key(CACHE_CONTROL) {
        let value = if is_hashed_asset(&path) { "public, max-age=31536000, immutable" } else { "no-cache" };
        headers.insert(CACHE_CONTROL, HeaderValue::from_static(value));
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_are_told_from_routes_and_plain_files() {
        for hashed in
            ["/frontend-3f9c0b1a2d3e4f50.js", "/frontend-3f9c0b1a2d3e4f50_bg.wasm", "/style-ab12cd34ef56ab78cd90.css"]
        {
            assert!(is_hashed_asset(hashed), "{hashed}");
        }
        for plain in ["/", "/index.html", "/logs", "/style.css", "/frontend-latest.js", "/panels/abc-123"] {
            assert!(!is_hashed_asset(plain), "{plain}");
        }
        assert!(never_compressed("/api/auth/login") && !never_compressed("/api/logs/commands"));
    }
}
