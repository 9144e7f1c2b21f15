//! The one error type of the API. Every failure, ours or actix's, leaves as `{"code","message"}`.
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use shared::{ApiErrorBody, ErrorCode};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    /// Also returned for other tenants' objects, so that their existence is not revealed.
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{0}")]
    Conflict(String),
    #[error("{message}")]
    TooManyRequests { message: String, retry_after_secs: u64 },
    /// The tenant's panel failed; the message says what to do.
    #[error("{0}")]
    Panel(String),
    #[error("the panel is rate limiting us; try again in a moment")]
    PanelRateLimited { retry_after_secs: u64 },
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// A bounded queue is full (password hashing, ...): 503 with `Retry-After`.
    #[error("{message}")]
    Busy { message: String, retry_after_secs: u64 },
    /// The cause goes to the log; the client sees a fixed message and the request id.
    #[error("internal error: {0}")]
    Internal(String),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn code(&self) -> ErrorCode {
        match self {
            AppError::BadRequest(_) => ErrorCode::BadRequest,
            AppError::Unauthorized(_) => ErrorCode::Unauthorized,
            AppError::Forbidden(_) => ErrorCode::Forbidden,
            AppError::NotFound(_) => ErrorCode::NotFound,
            AppError::Conflict(_) => ErrorCode::Conflict,
            AppError::TooManyRequests { .. } => ErrorCode::TooManyRequests,
            AppError::Unavailable(_) | AppError::Busy { .. } => ErrorCode::Unavailable,
            AppError::Panel(_) => ErrorCode::PanelError,
            AppError::PanelRateLimited { .. } => ErrorCode::PanelRateLimited,
            AppError::Internal(_) => ErrorCode::Internal,
        }
    }

    pub fn internal(context: &str, cause: impl std::fmt::Display) -> Self {
        AppError::Internal(format!("{context}: {cause}"))
    }
}

impl From<crate::secrets::SealError> for AppError {
    fn from(e: crate::secrets::SealError) -> Self {
        AppError::internal("sealing a secret", e)
    }
}

impl From<sea_orm::DbErr> for AppError {
    fn from(e: sea_orm::DbErr) -> Self {
        AppError::internal("database", e)
    }
}

/// The fixed text of every 500; the request id is added by the request-id middleware.
pub const INTERNAL_MESSAGE: &str =
    "Something went wrong on our side. The details are in the server log under this request id.";

pub fn error_body(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> HttpResponse {
    HttpResponse::build(status).json(ApiErrorBody { code, message: message.into(), request_id: None })
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable(_) | AppError::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Panel(_) => StatusCode::BAD_GATEWAY,
            AppError::PanelRateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let message = match self {
            AppError::Internal(cause) => {
                tracing::error!(cause = %cause, "request failed");
                INTERNAL_MESSAGE.to_string()
            }
            other => other.to_string(),
        };
        let mut response = error_body(self.status_code(), self.code(), message);
        if let AppError::TooManyRequests { retry_after_secs, .. }
        | AppError::PanelRateLimited { retry_after_secs }
        | AppError::Busy { retry_after_secs, .. } = self
        {
            response.headers_mut().insert(actix_web::http::header::RETRY_AFTER, (*retry_after_secs).into());
        }
        response
    }
}
