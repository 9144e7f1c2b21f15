//! Sign-up, login, refresh, logout, the current user, and accepting a staff invite.
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, ResponseError, get, post, web};
use shared::ApiErrorBody;
use shared::api::{AcceptInviteRequest, LoginRequest, Me, RefreshRequest, Role, Session, SignupRequest};

use super::domain::{clean_name, looks_like_email, normalize_email, role_from_db};
use super::guards::take_attempt;
use super::{AnyUser, repo, sessions};
use crate::error::{AppError, AppResult};
use crate::http::client_address::client_address;
use crate::secrets::{random_token, token_hash};
use crate::state::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(signup).service(login).service(refresh).service(logout).service(me).service(accept_invite);
}

/// The cookie that carries the refresh token in browsers: out of reach of scripts, sent only to
/// the auth routes, only over HTTPS (browsers treat localhost as such), never cross-site.
pub const REFRESH_COOKIE: &str = "panelrelay_refresh";

/// Starts a sign-in session for `user`: a session row, an access token naming it and its first
/// refresh token (stored hashed).
pub(crate) async fn start_session(state: &AppState, user: &crate::db::entities::users::Model) -> AppResult<Session> {
    let session_id = sessions::start(&state.db, &user.id).await?;
    issue_in_session(state, user, &session_id).await
}

async fn issue_in_session(
    state: &AppState,
    user: &crate::db::entities::users::Model,
    session_id: &str,
) -> AppResult<Session> {
    let ttl = state.config.access_token_ttl_secs;
    let access_token = state
        .tokens
        .issue(&user.id, session_id, super::tokens::ACCESS_PURPOSE, ttl)
        .map_err(|e| AppError::internal("jwt", e))?;
    let refresh_token = random_token(32);
    let expires = crate::db::now() + chrono::Duration::days(state.config.refresh_token_ttl_days);
    sessions::insert_refresh_token(&state.db, &user.id, session_id, token_hash(&refresh_token), expires).await?;
    Ok(Session { access_token, expires_in: ttl, refresh_token: Some(refresh_token), user: me_of(state, user).await? })
}

fn refresh_cookie(value: &str, max_age_secs: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{REFRESH_COOKIE}={value}; Path=/api/auth; HttpOnly{secure}; SameSite=Strict; Max-Age={max_age_secs}")
}

/// `Secure` wherever a browser keeps it: over https, and on loopback addresses (which browsers
/// count as secure). On a plain-http LAN address a `Secure` cookie would be dropped, and every
/// reload would sign the owner out.
fn cookie_secure(state: &AppState, req: &HttpRequest) -> bool {
    let info = req.connection_info();
    let host = info.host().rsplit_once(':').map_or(info.host(), |(h, _)| h).trim_matches(['[', ']']).to_string();
    info.scheme() == "https"
        || state.config.public_url.as_deref().is_some_and(|u| u.starts_with("https://"))
        || host == "localhost"
        || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// A session as the answer: the refresh token as the browser's `HttpOnly` cookie, and in the body
/// only for clients that are not browsers (a browser's fetch always carries `Sec-Fetch-*`
/// headers, which a script can neither forge nor remove).
pub(crate) fn session_response(
    state: &AppState,
    req: &HttpRequest,
    status: StatusCode,
    mut session: Session,
) -> HttpResponse {
    let max_age = state.config.refresh_token_ttl_days * 86_400;
    let token = session.refresh_token.clone().unwrap_or_default();
    if req.headers().contains_key("sec-fetch-site") || req.headers().contains_key("sec-fetch-mode") {
        session.refresh_token = None;
    }
    HttpResponse::build(status)
        .insert_header((header::SET_COOKIE, refresh_cookie(&token, max_age, cookie_secure(state, req))))
        .json(session)
}

fn clear_cookie(mut response: HttpResponse) -> HttpResponse {
    if let Ok(v) = header::HeaderValue::from_str(&refresh_cookie("", 0, false)) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    response
}

/// The refresh token from the body, or else from the cookie.
fn presented_refresh_token(req: &HttpRequest, body: &RefreshRequest) -> Option<String> {
    body.refresh_token.clone().filter(|t| !t.is_empty()).or_else(|| {
        req.headers()
            .get_all(header::COOKIE)
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, value)| *name == REFRESH_COOKIE && !value.is_empty())
            .map(|(_, value)| value.to_string())
    })
}

async fn me_of(state: &AppState, user: &crate::db::entities::users::Model) -> AppResult<Me> {
    let role = role_from_db(&user.role).ok_or_else(|| AppError::Internal(format!("unknown role {:?}", user.role)))?;
    let workspace = match &user.tenant_id {
        Some(tid) => crate::tenants::repo::workspace(&state.db, tid).await?,
        None => None,
    };
    Ok(Me { user_id: user.id.clone(), email: user.email.clone(), role, workspace })
}

/// Create a workspace and its owner, and sign the owner in. Limited per client address.
#[utoipa::path(tag = "auth", request_body = SignupRequest, responses(
    (status = 201, body = Session), (status = 400, body = ApiErrorBody), (status = 409, body = ApiErrorBody),
    (status = 429, body = ApiErrorBody), (status = 503, body = ApiErrorBody)))]
#[post("/auth/signup")]
async fn signup(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<SignupRequest>,
) -> AppResult<HttpResponse> {
    let body = body.into_inner();
    let email = normalize_email(&body.email);
    if !looks_like_email(&email) {
        return Err(AppError::BadRequest("enter a valid email address".into()));
    }
    let name = clean_name(&body.workspace_name, "workspace name").map_err(AppError::BadRequest)?;
    let address = client_address(&req, state.config.trust_proxy_headers);
    let keys = [format!("address:{address}")];
    let taken_at = take_attempt(&state.guards.signups, &keys, "sign-ups from your address")?;
    if repo::user_by_email(&state.db, &email).await?.is_some() {
        return Err(AppError::Conflict("an account with this email already exists; sign in instead".into()));
    }
    // A weak password or a busy queue made no account: the attempt is given back.
    let hash = state
        .guards
        .passwords
        .check_and_hash(body.password, vec![email.clone(), name.clone()])
        .await
        .inspect_err(|_| state.guards.signups.release(&keys, taken_at))?;
    let (tenant, owner) = repo::create_tenant_with_owner(&state.db, &name, &email, hash).await?;
    // A new workspace starts with the platform's reply templates (when the master admin edited them).
    if let Some(templates) = crate::billing::platform::stored_templates(&state.db).await? {
        let settings = shared::commands::CommandSettings::default();
        let tid = tenant.id.clone();
        state.db.write(async |c| crate::settings::repo::save_settings(c, &tid, &settings, &templates).await).await?;
    }
    tracing::info!(tenant_id = %tenant.id, user_id = %owner.id, "workspace created");
    Ok(session_response(&state, &req, StatusCode::CREATED, start_session(&state, &owner).await?))
}

/// Sign in with email and password. Attempts are limited per account and per address: each one
/// is reserved before the password is checked, and a successful one is given back.
#[utoipa::path(tag = "auth", request_body = LoginRequest, responses(
    (status = 200, body = Session), (status = 401, body = ApiErrorBody), (status = 429, body = ApiErrorBody),
    (status = 503, body = ApiErrorBody)))]
#[post("/auth/login")]
async fn login(req: HttpRequest, state: web::Data<AppState>, body: web::Json<LoginRequest>) -> AppResult<HttpResponse> {
    let body = body.into_inner();
    let email = normalize_email(&body.email);
    let address = client_address(&req, state.config.trust_proxy_headers);
    let keys = [format!("account:{email}"), format!("address:{address}")];
    let reserved_at = take_attempt(&state.guards.logins, &keys, "failed sign-in attempts")?;
    let user = repo::user_by_email(&state.db, &email).await?;
    let checked = match &user {
        Some(u) => state.guards.passwords.verify(body.password, u.password_hash.clone()).await,
        None => state.guards.passwords.burn_equal_time(body.password).await.map(|()| false),
    };
    // A busy hashing queue checked nothing: the attempt is given back.
    let ok = checked.inspect_err(|_| state.guards.logins.release(&keys, reserved_at))?;
    match user {
        Some(user) if ok => {
            state.guards.logins.release(&keys, reserved_at);
            if user.role == "staff"
                && let Some(tenant_id) = &user.tenant_id
            {
                super::extractors::refuse_suspended(&state, tenant_id).await?;
            }
            Ok(session_response(&state, &req, StatusCode::OK, start_session(&state, &user).await?))
        }
        _ => Err(AppError::Unauthorized("wrong email or password".into())),
    }
}

/// Exchange a refresh token (the body's, or the browser's cookie) for a new session; the old one
/// stops working. Using an old one again ends the whole session, its newest token included.
#[utoipa::path(tag = "auth", request_body = RefreshRequest, responses(
    (status = 200, body = Session), (status = 401, body = ApiErrorBody)))]
#[post("/auth/refresh")]
async fn refresh(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<RefreshRequest>,
) -> AppResult<HttpResponse> {
    let refused = |message: &str| clear_cookie(AppError::Unauthorized(message.into()).error_response());
    let Some(token) = presented_refresh_token(&req, &body) else {
        return Ok(refused("no refresh token; sign in again"));
    };
    match sessions::use_refresh_token(&state.db, &token_hash(&token)).await? {
        sessions::Presented::Rotated { user_id, session_id } => {
            let Some(user) = repo::user_by_id(&state.db, &user_id).await? else {
                return Ok(refused("the account no longer exists"));
            };
            let session = issue_in_session(&state, &user, &session_id).await?;
            Ok(session_response(&state, &req, StatusCode::OK, session))
        }
        sessions::Presented::Reused { session_id } => {
            if let Some(id) = session_id {
                sessions::end(&state.db, &id).await?;
                state.live_sessions.ended(&id);
                tracing::warn!(session = %id, "a used refresh token was presented again: the session is ended");
            }
            Ok(refused("this refresh token was already used, so the session was ended for safety; sign in again"))
        }
        sessions::Presented::Invalid => Ok(refused("the refresh token is invalid or expired; sign in again")),
    }
}

/// Sign out: ends the session of this refresh token (the body's, or the cookie), its access
/// tokens included. Unknown tokens are accepted silently.
#[utoipa::path(tag = "auth", request_body = RefreshRequest, responses((status = 204)))]
#[post("/auth/logout")]
async fn logout(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<RefreshRequest>,
) -> AppResult<HttpResponse> {
    if let Some(token) = presented_refresh_token(&req, &body)
        && let Some(id) = sessions::of_refresh_token(&state.db, &token_hash(&token)).await?
    {
        sessions::end(&state.db, &id).await?;
        state.live_sessions.ended(&id);
    }
    Ok(clear_cookie(HttpResponse::NoContent().finish()))
}

/// The signed-in user and their workspace.
#[utoipa::path(tag = "auth", security(("bearer" = [])), responses((status = 200, body = Me), (status = 401, body = ApiErrorBody)))]
#[get("/me")]
async fn me(state: web::Data<AppState>, user: AnyUser) -> AppResult<web::Json<Me>> {
    // As the session sees it: a master admin's view of a workspace is that workspace's staff.
    let workspace = match &user.tenant_id {
        Some(tid) => crate::tenants::repo::workspace(&state.db, tid).await?,
        None => None,
    };
    Ok(web::Json(Me { user_id: user.user_id, email: user.email, role: user.role, workspace }))
}

/// Accept a staff invite with its one-time token and choose a password; signs the new member in.
/// The token is looked up before any password work, and attempts are limited per client address.
#[utoipa::path(tag = "auth", request_body = AcceptInviteRequest, responses(
    (status = 201, body = Session), (status = 400, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
    (status = 409, body = ApiErrorBody), (status = 429, body = ApiErrorBody), (status = 503, body = ApiErrorBody)))]
#[post("/invites/accept")]
async fn accept_invite(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<AcceptInviteRequest>,
) -> AppResult<HttpResponse> {
    let body = body.into_inner();
    let address = client_address(&req, state.config.trust_proxy_headers);
    take_attempt(&state.guards.invites, &[format!("address:{address}")], "invite attempts from your address")?;
    let token_hash = token_hash(&body.token);
    let invite = crate::tenants::repo::live_invite(&state.db, &token_hash)
        .await?
        .ok_or(AppError::NotFound("invite (it may have been used or have expired)"))?;
    if repo::user_by_email(&state.db, &invite.email).await?.is_some() {
        return Err(AppError::Conflict(
            "this invite can no longer be used; ask the workspace owner for a new one".into(),
        ));
    }
    let hash = state.guards.passwords.check_and_hash(body.password, vec![invite.email.clone()]).await?;
    let user = state.db.write(async |db| crate::tenants::repo::accept_invite(db, &token_hash, hash).await).await?;
    debug_assert_eq!(role_from_db(&user.role), Some(Role::Staff));
    Ok(session_response(&state, &req, StatusCode::CREATED, start_session(&state, &user).await?))
}
