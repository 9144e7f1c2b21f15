//! Typed API client: one async fn per endpoint, returning `Result<T, ApiError>`.
//! A 401 triggers one refresh with the refresh cookie, then the call is retried.
mod billing;
mod endpoints;
mod tickets;

pub use billing::*;
pub use endpoints::*;
pub use tickets::*;

use std::cell::RefCell;

use futures::future::{FutureExt, LocalBoxFuture, Shared};
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use shared::ApiErrorBody;

#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: u16,
    pub message: String,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

#[derive(Clone, Copy, PartialEq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

fn builder(method: Method, path: &str) -> RequestBuilder {
    match method {
        Method::Get => Request::get(path),
        Method::Post => Request::post(path),
        Method::Put => Request::put(path),
        Method::Patch => Request::patch(path),
        Method::Delete => Request::delete(path),
    }
}

fn network_error(e: gloo_net::Error) -> ApiError {
    ApiError {
        status: 0,
        message: format!("Cannot reach the PanelRelay server ({e}). Check your connection and try again."),
    }
}

async fn send(
    method: Method,
    path: &str,
    body: Option<&serde_json::Value>,
    token: Option<&str>,
) -> Result<Response, ApiError> {
    let mut b = builder(method, path);
    if let Some(t) = token {
        b = b.header("Authorization", &format!("Bearer {t}"));
    }
    let req = match body {
        Some(json) => b.json(json).map_err(network_error)?,
        None => b.build().map_err(network_error)?,
    };
    req.send().await.map_err(network_error)
}

async fn error_of(res: Response) -> ApiError {
    let status = res.status();
    let message = match res.json::<ApiErrorBody>().await {
        Ok(body) => capitalise(&body.message),
        Err(_) => format!("The server answered {status} without details."),
    };
    ApiError { status, message }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

thread_local! {
    /// The refresh in flight: every caller that met a 401 at the same time waits for this one. Two
    /// refreshes with the same cookie would look like a stolen token and end the session.
    static IN_FLIGHT: RefCell<Option<Shared<LocalBoxFuture<'static, bool>>>> = const { RefCell::new(None) };
}

/// Renews the session with the `HttpOnly` refresh cookie (the browser sends it; the page never
/// sees it), once for all callers waiting at that moment; on failure the user is signed out.
pub async fn refresh_session() -> bool {
    let refresh = IN_FLIGHT.with(|slot| {
        let mut slot = slot.borrow_mut();
        if let Some(running) = slot.as_ref() {
            return running.clone();
        }
        let started = refresh_once().boxed_local().shared();
        *slot = Some(started.clone());
        started
    });
    let ok = refresh.await;
    IN_FLIGHT.with(|slot| *slot.borrow_mut() = None);
    ok
}

async fn refresh_once() -> bool {
    let generation = crate::session::generation();
    let body = serde_json::json!({});
    match send(Method::Post, "/api/auth/refresh", Some(&body), None).await {
        Ok(res) if res.ok() => match res.json::<shared::api::Session>().await {
            Ok(new) => {
                crate::session::store(Some(&new));
                true
            }
            Err(_) => false,
        },
        _ => {
            // Signed in again meanwhile (a login during the restore): keep that session.
            if crate::session::generation() == generation {
                crate::session::store(None);
            }
            false
        }
    }
}

async fn call_raw(method: Method, path: &str, body: Option<serde_json::Value>) -> Result<Response, ApiError> {
    let token = crate::session::load().map(|s| s.access_token);
    let res = send(method, path, body.as_ref(), token.as_deref()).await?;
    if res.status() == 401 && token.is_some() && refresh_session().await {
        let token = crate::session::load().map(|s| s.access_token);
        return send(method, path, body.as_ref(), token.as_deref()).await;
    }
    Ok(res)
}

pub async fn call<T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: Option<serde_json::Value>,
) -> Result<T, ApiError> {
    let res = call_raw(method, path, body).await?;
    if !res.ok() {
        return Err(error_of(res).await);
    }
    res.json::<T>()
        .await
        .map_err(|e| ApiError { status: 0, message: format!("Unexpected answer from the server: {e}") })
}

pub async fn call_empty(method: Method, path: &str, body: Option<serde_json::Value>) -> Result<(), ApiError> {
    let res = call_raw(method, path, body).await?;
    if res.ok() { Ok(()) } else { Err(error_of(res).await) }
}

pub fn to_json(value: &impl Serialize) -> Option<serde_json::Value> {
    serde_json::to_value(value).ok()
}

/// Who a bearer token belongs to (`/api/me`), asked with that token rather than the session's:
/// how a master admin's read-only view of a workspace starts in this app.
pub async fn me_with(token: &str) -> Result<shared::api::Me, ApiError> {
    let res = send(Method::Get, "/api/me", None, Some(token)).await?;
    if !res.ok() {
        return Err(error_of(res).await);
    }
    res.json().await.map_err(|e| ApiError { status: 0, message: format!("Unexpected answer from the server: {e}") })
}
