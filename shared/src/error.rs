use serde::{Deserialize, Serialize};

/// Every error the API returns has one of these codes; clients switch on the code, people read the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The request body or parameters are malformed or fail validation.
    BadRequest,
    /// The body is larger than the configured limit.
    PayloadTooLarge,
    /// No or invalid credentials.
    Unauthorized,
    /// Authenticated, but the role does not allow this action.
    Forbidden,
    /// No such route or object (also for other tenants' objects).
    NotFound,
    /// The route exists but not with this HTTP method.
    MethodNotAllowed,
    /// The object already exists (e.g. an email already registered).
    Conflict,
    /// Too many attempts; retry later.
    TooManyRequests,
    /// The tenant's panel failed (unreachable, key rejected, Cloudflare, malformed answer ...).
    PanelError,
    /// The tenant's panel is rate limiting us; retry later.
    PanelRateLimited,
    /// Something failed on the server; the log has the cause under the request id.
    Internal,
    /// The server is not ready (database unreachable or migrations missing).
    Unavailable,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::BadRequest => "bad_request",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::NotFound => "not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::Conflict => "conflict",
            ErrorCode::TooManyRequests => "too_many_requests",
            ErrorCode::PanelError => "panel_error",
            ErrorCode::PanelRateLimited => "panel_rate_limited",
            ErrorCode::Internal => "internal",
            ErrorCode::Unavailable => "unavailable",
        }
    }
}

/// The one JSON error body of the API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiErrorBody {
    pub code: ErrorCode,
    pub message: String,
    /// Set on server errors so that support can find the cause in the log.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}
