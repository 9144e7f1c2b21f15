//! Role extractors: a handler's argument list states the role it needs, and the tenant id it
//! works on comes from the verified session or API key, never from the path.
use std::future::Future;
use std::pin::Pin;

use actix_web::{FromRequest, HttpRequest, web};
use shared::api::Role;

use crate::error::AppError;
use crate::state::AppState;

/// Who is acting inside a tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    User { user_id: String, role: Role },
    ApiKey { key_id: String },
}

/// Any signed-in user, of any role (used by `/api/me`).
#[derive(Debug, Clone)]
pub struct AnyUser {
    pub user_id: String,
    pub email: String,
    pub role: Role,
    pub tenant_id: Option<String>,
}

/// A signed-in member of a tenant (owner, staff or sandbox visitor): the workspace's read pages.
/// Integrator API keys are refused: they reach only what `TenantCaller` and `CommandRunner` allow.
#[derive(Debug, Clone)]
pub struct TenantMember {
    pub tenant_id: String,
    pub actor: Actor,
}

/// Anyone who may read orders, run dry runs and read the logs: a signed-in member or an
/// integrator API key.
#[derive(Debug, Clone)]
pub struct TenantCaller {
    pub tenant_id: String,
    pub actor: Actor,
}

/// Whoever may run a customer's command for real: the owner or an integrator API key. Staff and
/// sandbox visitors use dry runs (the sandbox chat runs commands through its fake channels).
#[derive(Debug, Clone)]
pub struct CommandRunner {
    pub tenant_id: String,
    pub actor: Actor,
}

/// The owner of a tenant, signed in as a user: everything that changes the workspace or calls
/// outside systems on its behalf.
#[derive(Debug, Clone)]
pub struct TenantOwner {
    pub tenant_id: String,
    pub user_id: String,
}

/// The platform's master admin.
#[derive(Debug, Clone)]
pub struct MasterAdmin {
    pub user_id: String,
}

enum Credential {
    User(AnyUser),
    ApiKey { key_id: String, tenant_id: String },
}

fn bearer(req: &HttpRequest) -> Result<String, AppError> {
    let header = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .ok_or_else(|| AppError::Unauthorized("sign in first: the Authorization header is missing".into()))?;
    let text = header.to_str().map_err(|_| AppError::Unauthorized("the Authorization header is malformed".into()))?;
    let token = text
        .strip_prefix("Bearer ")
        .or_else(|| text.strip_prefix("bearer "))
        .ok_or_else(|| AppError::Unauthorized("use Authorization: Bearer <token>".into()))?;
    Ok(token.trim().to_string())
}

async fn authenticate(req: HttpRequest) -> Result<Credential, AppError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| AppError::Internal("application state missing".into()))?;
    let token = bearer(&req)?;
    if token.starts_with(crate::tenants::api_keys::KEY_PREFIX) {
        let key = crate::tenants::repo::api_key_by_secret(&state.db, &token)
            .await?
            .ok_or_else(|| AppError::Unauthorized("the API key is unknown or revoked".into()))?;
        // A plan without the integrator API switches the workspace's keys off (not deleted).
        let module = crate::billing::Need::Module(shared::billing::Module::IntegratorApi);
        state.engine.billing.require(&state.db, &key.tenant_id, module).await?;
        return Ok(Credential::ApiKey { key_id: key.id, tenant_id: key.tenant_id });
    }
    let claims = state.tokens.verify_access(&token).map_err(|e| AppError::Unauthorized(e.to_string()))?;
    if !state.live_sessions.check(&state.db, &claims.sid).await? {
        return Err(AppError::Unauthorized("this session has ended (signed out); sign in again".into()));
    }
    // The user is read on every request so that a removed member loses access at once.
    let user = crate::auth::repo::user_by_id(&state.db, &claims.sub)
        .await?
        .ok_or_else(|| AppError::Unauthorized("the account no longer exists".into()))?;
    let role = crate::auth::domain::role_from_db(&user.role)
        .ok_or_else(|| AppError::Internal(format!("unknown role {:?} for user {}", user.role, user.id)))?;
    if let Some(tenant_id) = claims.purpose.strip_prefix(crate::auth::tokens::VIEW_PREFIX) {
        // The master admin's recorded, read-only view of a workspace: staff's pages, no writes.
        if role != Role::MasterAdmin {
            return Err(AppError::Unauthorized("this view has ended; sign in again".into()));
        }
        if req.method() != actix_web::http::Method::GET {
            return Err(AppError::Forbidden(
                "this is a read-only view of the workspace: nothing can be changed".into(),
            ));
        }
        let tenant_id = Some(tenant_id.to_string());
        return Ok(Credential::User(AnyUser { user_id: user.id, email: user.email, role: Role::Staff, tenant_id }));
    }
    if role == Role::Staff
        && let Some(tenant_id) = &user.tenant_id
    {
        refuse_suspended(&state, tenant_id).await?;
    }
    Ok(Credential::User(AnyUser { user_id: user.id, email: user.email, role, tenant_id: user.tenant_id }))
}

/// Staff cannot use a suspended workspace (its owner can: to read why, pay and ask support).
pub async fn refuse_suspended(state: &AppState, tenant_id: &str) -> Result<(), AppError> {
    let e = state.engine.billing.entitlements(&state.db, tenant_id).await?;
    if e.status == shared::billing::SubscriptionStatus::Suspended {
        return Err(AppError::Forbidden(format!(
            "this workspace is suspended by the platform{}; only its owner can sign in",
            e.suspended_reason.as_deref().map(|r| format!(" ({r})")).unwrap_or_default()
        )));
    }
    Ok(())
}

type Fut<T> = Pin<Box<dyn Future<Output = Result<T, AppError>>>>;

impl FromRequest for AnyUser {
    type Error = AppError;
    type Future = Fut<Self>;
    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            match authenticate(req).await? {
                Credential::User(user) => Ok(user),
                Credential::ApiKey { .. } => {
                    Err(AppError::Forbidden("this route needs a signed-in user, not an API key".into()))
                }
            }
        })
    }
}

const API_KEY_SCOPE: &str =
    "an integrator API key can run commands and dry runs, look orders up and read the logs; sign in for the rest";

/// What a tenant credential is, with the roles that may act in a workspace.
fn tenant_actor(credential: Credential) -> Result<(String, Actor), AppError> {
    match credential {
        Credential::ApiKey { key_id, tenant_id } => Ok((tenant_id, Actor::ApiKey { key_id })),
        Credential::User(AnyUser { user_id, role, tenant_id: Some(tenant_id), .. }) if role != Role::MasterAdmin => {
            Ok((tenant_id, Actor::User { user_id, role }))
        }
        Credential::User(_) => {
            Err(AppError::Forbidden("this route belongs to a workspace; sign in as its owner or staff".into()))
        }
    }
}

macro_rules! tenant_extractor {
    ($name:ident, |$actor:ident| $allowed:expr, $refusal:expr) => {
        impl FromRequest for $name {
            type Error = AppError;
            type Future = Fut<Self>;
            fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
                let req = req.clone();
                Box::pin(async move {
                    let (tenant_id, $actor) = tenant_actor(authenticate(req).await?)?;
                    if !$allowed {
                        return Err(AppError::Forbidden($refusal(&$actor).into()));
                    }
                    Ok($name { tenant_id, actor: $actor })
                })
            }
        }
    };
}

tenant_extractor!(TenantMember, |actor| !matches!(actor, Actor::ApiKey { .. }), |_: &Actor| API_KEY_SCOPE);
tenant_extractor!(TenantCaller, |actor| true, |_: &Actor| "");
tenant_extractor!(
    CommandRunner,
    |actor| matches!(actor, Actor::ApiKey { .. } | Actor::User { role: Role::Owner, .. }),
    |_: &Actor| "only the workspace owner or an integrator API key can run commands for real; use Test a command for a dry run"
);

impl FromRequest for TenantOwner {
    type Error = AppError;
    type Future = Fut<Self>;
    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            match authenticate(req).await? {
                Credential::User(AnyUser { user_id, role: Role::Owner, tenant_id: Some(tenant_id), .. }) => {
                    Ok(TenantOwner { tenant_id, user_id })
                }
                Credential::ApiKey { .. } => Err(AppError::Forbidden(API_KEY_SCOPE.into())),
                Credential::User(AnyUser { role: Role::SandboxVisitor, .. }) => Err(AppError::Forbidden(
                    "the sandbox is for trying things: sign up for your own workspace to change settings".into(),
                )),
                _ => Err(AppError::Forbidden("only the workspace owner can do this".into())),
            }
        })
    }
}

impl FromRequest for MasterAdmin {
    type Error = AppError;
    type Future = Fut<Self>;
    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            match authenticate(req).await? {
                Credential::User(AnyUser { user_id, role: Role::MasterAdmin, .. }) => Ok(MasterAdmin { user_id }),
                _ => Err(AppError::Forbidden("only the platform's master admin can do this".into())),
            }
        })
    }
}
