//! The one error shape of the API: `{"error":{"status":400,"code":"bad_request","message":"…"}}`.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// An error answered to the client. The message is meant for the client: it never carries
/// internal details (SQL, paths, panics); those go to the server log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }

    /// A server-side failure: logged with its details (the whole chain of causes), answered
    /// without them.
    pub fn internal(context: &str, e: &dyn std::error::Error) -> ApiError {
        eprintln!("sitrep serve: error: {context}: {}", chain(e));
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal server error")
    }
}

/// An error and its causes, `message: cause: cause…`, as the CLI prints errors (`anyhow`'s
/// `{:#}`). Error types in this workspace do not repeat their source in their message.
pub fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        out.push_str(": ");
        out.push_str(&c.to_string());
        cause = c.source();
    }
    out
}

/// The machine-readable code of a status.
pub fn code_of(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "bad_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        408 => "request_timeout",
        413 => "payload_too_large",
        415 => "unsupported_media_type",
        422 => "unprocessable_entity",
        429 => "too_many_requests",
        500 => "internal_error",
        503 => "unavailable",
        504 => "timeout",
        s if s >= 500 => "server_error",
        _ => "client_error",
    }
}

/// The JSON body of an error.
pub fn body(status: StatusCode, message: &str) -> String {
    serde_json::json!({"error": {"status": status.as_u16(), "code": code_of(status), "message": message}})
        .to_string()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut r = (self.status, body(self.status, &self.message)).into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        if self.status == StatusCode::UNAUTHORIZED {
            r.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        r
    }
}
