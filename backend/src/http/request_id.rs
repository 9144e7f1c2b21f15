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
    }
    if let Ok(v) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(HeaderName::from_static(HEADER), v);
    }
    span.in_scope(|| {
        tracing::info!(status = status.as_u16(), ms = started.elapsed().as_millis() as u64, "request done")
    });
    Ok(response)
}
