//! actix's own failures (bad JSON, oversized bodies, bad path or query, unknown routes, wrong
//! methods) come back in the API's one error shape.
use std::sync::Arc;

use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use shared::ErrorCode;

use crate::error::error_body;

fn json_error(err: JsonPayloadError) -> actix_web::Error {
    let (status, code, message) = match &err {
        JsonPayloadError::Overflow { limit } | JsonPayloadError::OverflowKnownLength { limit, .. } => (
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::PayloadTooLarge,
            format!("the request body is larger than the limit of {limit} bytes"),
        ),
        JsonPayloadError::ContentType => (
            StatusCode::BAD_REQUEST,
            ErrorCode::BadRequest,
            "send the body as JSON with Content-Type: application/json".to_string(),
        ),
        JsonPayloadError::Deserialize(e) => {
            (StatusCode::BAD_REQUEST, ErrorCode::BadRequest, format!("invalid JSON body: {e}"))
        }
        other => (StatusCode::BAD_REQUEST, ErrorCode::BadRequest, format!("invalid request body: {other}")),
    };
    actix_web::error::InternalError::from_response(err, error_body(status, code, message)).into()
}

pub fn json_config(limit: usize) -> web::JsonConfig {
    web::JsonConfig::default().limit(limit).error_handler(|err, _req| json_error(err))
}

pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|err: PathError, _req| {
        let message = format!("invalid path parameter: {err}");
        actix_web::error::InternalError::from_response(
            err,
            error_body(StatusCode::BAD_REQUEST, ErrorCode::BadRequest, message),
        )
        .into()
    })
}

pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|err: QueryPayloadError, _req| {
        let message = format!("invalid query string: {err}");
        actix_web::error::InternalError::from_response(
            err,
            error_body(StatusCode::BAD_REQUEST, ErrorCode::BadRequest, message),
        )
        .into()
    })
}

/// The API's routes, read from the OpenAPI document, to tell "no such route" (404) from
/// "route exists, other method" (405 with `Allow`).
#[derive(Clone, Debug)]
pub struct RouteTable(Arc<Vec<(Vec<Segment>, Vec<String>)>>);

#[derive(Clone, Debug, PartialEq)]
enum Segment {
    Literal(String),
    Param,
}

impl RouteTable {
    pub fn from_openapi(doc: &utoipa::openapi::OpenApi) -> Self {
        let mut routes = Vec::new();
        for (path, item) in &doc.paths.paths {
            let segments = path
                .trim_matches('/')
                .split('/')
                .map(|s| {
                    if s.starts_with('{') && s.ends_with('}') {
                        Segment::Param
                    } else {
                        Segment::Literal(s.to_string())
                    }
                })
                .collect();
            let methods = [
                ("GET", item.get.is_some()),
                ("POST", item.post.is_some()),
                ("PUT", item.put.is_some()),
                ("PATCH", item.patch.is_some()),
                ("DELETE", item.delete.is_some()),
            ]
            .into_iter()
            .filter(|(_, present)| *present)
            .map(|(m, _)| m.to_string())
            .collect();
            routes.push((segments, methods));
        }
        Self(Arc::new(routes))
    }

    pub fn allowed_methods(&self, path: &str) -> Vec<String> {
        let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
        let mut allowed = Vec::new();
        for (segments, methods) in self.0.iter() {
            let matches = segments.len() == parts.len()
                && segments.iter().zip(&parts).all(|(s, p)| match s {
                    Segment::Literal(l) => l == p,
                    Segment::Param => !p.is_empty(),
                });
            if matches {
                allowed.extend(methods.iter().cloned());
            }
        }
        allowed
    }

    pub fn not_found_or_method_not_allowed(&self, req: &HttpRequest) -> HttpResponse {
        let allowed = self.allowed_methods(req.path());
        if allowed.is_empty() {
            return error_body(StatusCode::NOT_FOUND, ErrorCode::NotFound, format!("no API route {}", req.path()));
        }
        let mut response = error_body(
            StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::MethodNotAllowed,
            format!("{} is not allowed on {}; use {}", req.method(), req.path(), allowed.join(", ")),
        );
        if let Ok(v) = actix_web::http::header::HeaderValue::from_str(&allowed.join(", ")) {
            response.headers_mut().insert(actix_web::http::header::ALLOW, v);
        }
        response
    }
}
