//! A request id on every response (`x-request-id`), a log span per request, and 500 bodies
//! replaced by a fixed message carrying that id.
use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use shared::{ApiErrorBody, ErrorCode};
use tracing::Instrument;

pub const HEADER: &str = "x-request-id";

fn is_json(response: &ServiceResponse<BoxBody>) -> bool {
    response
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

fn code_for(status: actix_web::http::StatusCode) -> ErrorCode {
    match status.as_u16() {
        401 => ErrorCode::Unauthorized,
        403 => ErrorCode::Forbidden,
        404 => ErrorCode::NotFound,
        405 => ErrorCode::MethodNotAllowed,
        409 => ErrorCode::Conflict,
        413 => ErrorCode::PayloadTooLarge,
        429 => ErrorCode::TooManyRequests,
        503 => ErrorCode::Unavailable,
        500.. => ErrorCode::Internal,
        _ => ErrorCode::BadRequest,
    }
}

fn message_for(status: actix_web::http::StatusCode, method: &actix_web::http::Method) -> String {
    match status.as_u16() {
        405 => format!("{method} is not allowed here"),
        413 => "the request body is too large".into(),
        _ => status.canonical_reason().unwrap_or("the request failed").to_lowercase(),
    }
}

pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let id = uuid::Uuid::new_v4().simple().to_string();
    let span = tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.path());
    let started = Instant::now();
    // Handler and extractor errors arrive here already turned into responses; an `Err` can only
    // come from a middleware further in, and passes through. (The request must not be cloned
    // before routing: the router needs it uniquely owned.)
    let mut response = next.call(req).instrument(span.clone()).await?.map_into_boxed_body();
    let status = response.status();
    // Only 500s are ours and opaque; 502/503 carry a specific, safe message.
    if status == actix_web::http::StatusCode::INTERNAL_SERVER_ERROR {
        let body = ApiErrorBody {
            code: ErrorCode::Internal,
            message: crate::error::INTERNAL_MESSAGE.into(),
            request_id: Some(id.clone()),
        };
        let replaced = actix_web::HttpResponse::build(status).json(body);
        response = response.into_response(replaced);
    } else if (status.is_client_error() || status.is_server_error()) && !is_json(&response) {
        // actix's and the file server's own refusals (413 on a webhook, 405 on `TRACE /`, ...)
        // leave in the API's one JSON shape too, keeping `Allow` and `Retry-After`.
        let method = response.request().method().clone();
        let mut replaced = crate::error::error_body(status, code_for(status), message_for(status, &method));
        for name in [actix_web::http::header::ALLOW, actix_web::http::header::RETRY_AFTER] {
            if let Some(v) = response.headers().get(&name).cloned() {
                replaced.headers_mut().insert(name, v);
            }
        }
        response = response.into_response(replaced);
    }
    if let Ok(v) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(HeaderName::from_static(HEADER), v);
    }
    span.in_scope(|| {
        tracing::info!(status = status.as_u16(), ms = started.elapsed().as_millis() as u64, "request done")
    });
    Ok(response)
}
