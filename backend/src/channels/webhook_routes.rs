//! The two webhook receivers (`/tg/{channel_id}`, `/wa/{channel_id}`): check the secret in
//! constant time, store the body once, answer 200 at once, and leave the work to the inbox worker.
//! Unknown channels and wrong secrets get the same 401, with no hint whether the path exists.
use actix_web::{HttpRequest, HttpResponse, web};
use shared::ApiErrorBody;
use subtle::ConstantTimeEq;

use super::{greenapi, repo};
use crate::db::entities::channels;
use crate::db::entities::channels::Mode;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Outside `/api`: Telegram and Green API call these, not integrators.
pub fn configure(cfg: &mut actix_web::web::ServiceConfig) {
    cfg.route("/tg/{channel_id}", web::post().to(telegram_webhook))
        .route("/wa/{channel_id}", web::post().to(whatsapp_webhook));
}

fn digest(text: &str) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(text.as_bytes()).into()
}

fn unauthorized() -> HttpResponse {
    // Same answer for an unknown channel and a wrong secret: no hint whether the path exists.
    HttpResponse::Unauthorized().json(ApiErrorBody {
        code: shared::ErrorCode::Unauthorized,
        message: "unauthorized".into(),
        request_id: None,
    })
}

async fn authorised(
    state: &AppState,
    id: &str,
    kind: &str,
    presented: &str,
) -> Result<Option<channels::Model>, AppError> {
    if id.len() > 36 {
        return Ok(None);
    }
    let entry = match state.channels.webhooks.get(kind, id) {
        Some(entry) => entry,
        None => {
            let entry = match repo::find_for_webhook(&state.db, id, kind).await? {
                Some(c) => repo::hook_secret(&state.vault.secrets, &c)?
                    .filter(|s| !s.expose().is_empty())
                    .map(|s| (c, digest(s.expose()))),
                None => None,
            };
            state.channels.webhooks.put(kind, id, entry.clone());
            entry
        }
    };
    // Digests compared in constant time: equal length, so nothing leaks about the secret.
    Ok(entry
        .filter(|(c, expected)| {
            c.kind.as_str() == kind
                && c.enabled
                && !c.plan_blocked
                && c.mode == Mode::Webhook
                && bool::from(digest(presented).ct_eq(expected))
        })
        .map(|(c, _)| c))
}

/// Telegram's webhook: check the secret header, store the update once, answer 200.
async fn telegram_webhook(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let presented =
        req.headers().get("X-Telegram-Bot-Api-Secret-Token").and_then(|v| v.to_str().ok()).unwrap_or_default();
    let Some(c) = authorised(&state, &path, "telegram", presented).await? else { return Ok(unauthorized()) };
    // The update id is the dedupe key; a body that does not parse is still stored (and reported
    // unreadable by the worker) so nothing accepted is lost.
    let key = super::telegram::updates::update_id(&body)
        .map(|id| format!("u:{id}"))
        .unwrap_or_else(|| format!("raw:{}", crate::secrets::token_hash(&String::from_utf8_lossy(&body))));
    state.channels.inbox.store(&c, &key, &String::from_utf8_lossy(&body)).await?;
    Ok(HttpResponse::Ok().finish())
}

/// Green API's webhook: `Bearer <token>` or the bare token, store once, answer 200.
async fn whatsapp_webhook(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let header = req.headers().get("Authorization").and_then(|v| v.to_str().ok());
    let presented = greenapi::presented_token(header);
    let Some(c) = authorised(&state, &path, "whatsapp", presented).await? else { return Ok(unauthorized()) };
    let note = serde_json::from_slice::<greenapi::Notification>(&body).ok();
    if let Some(id) = note.as_ref().and_then(greenapi::Notification::instance_id)
        && id.to_string() != c.account_id
    {
        // Answer 200 so Green API's queue is not blocked; the owner sees why in the health.
        tracing::warn!(channel = %c.id, "a notification for another instance arrived at this webhook");
        repo::set_status(
            &state.db,
            &c.id,
            &c.status,
            Some("a notification for a different instance id arrived; check the instance's webhook settings"),
        )
        .await?;
        return Ok(HttpResponse::Ok().finish());
    }
    let key = match &note {
        Some(n) => n.dedupe_key(&body),
        None => format!("raw:{}", crate::secrets::token_hash(&String::from_utf8_lossy(&body))),
    };
    state.channels.inbox.store(&c, &key, &String::from_utf8_lossy(&body)).await?;
    Ok(HttpResponse::Ok().finish())
}
