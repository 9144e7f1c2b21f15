//! The owner's channel API (`/api/channels`, the destination test button). The webhook
//! receivers are in `webhook_routes`.
use actix_web::{HttpResponse, delete, get, patch, post, web};
use sea_orm::Set;
use shared::ApiErrorBody;
use shared::channels::{
    Channel, ChannelHealth, ChannelKind, ChannelMode, CheckResult, CreateTelegramChannel, CreateWhatsappChannel,
    UpdateChannel,
};

use super::activation::{activate, channel_error, store_and_activate};
use super::{ChannelError, greenapi, repo, telegram};
use crate::auth::domain::clean_name;
use crate::auth::{TenantMember, TenantOwner};
use crate::db::entities::channels::{Kind, Mode};
use crate::db::entities::{channels, destinations};
use crate::error::{AppError, AppResult};
use crate::panels::domain::{clean_key, clean_url};
use crate::routing::repo::kind_from_db;
use crate::state::AppState;

/// Real bot tokens are about 46 characters; anything much longer is not one (and would travel in a URL).
const MAX_BOT_TOKEN_LEN: usize = 100;
const MAX_INSTANCE_TOKEN_LEN: usize = 128;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_channels)
        .service(create_telegram)
        .service(create_whatsapp)
        .service(update_channel)
        .service(delete_channel)
        .service(check_channel)
        .service(test_destination);
}

fn bad(message: String) -> AppError {
    AppError::BadRequest(message)
}

async fn to_dto(state: &AppState, c: channels::Model) -> Result<Channel, AppError> {
    let queue_length = repo::queue_len(&state.db, &c).await?;
    let last_update_at = repo::last_update(&state.db, &c.id).await?;
    let (unreadable_24h, last_unreadable) = repo::unreadable(&state.db, &c.id).await?;
    let kind = ChannelKind::from(c.kind);
    let webhook_path = format!("/{}/{}", if c.kind == Kind::Telegram { "tg" } else { "wa" }, c.id);
    Ok(Channel {
        kind,
        mode: c.mode.into(),
        health: ChannelHealth {
            status: if c.enabled && !c.plan_blocked { c.status.clone() } else { "off".into() },
            last_error: if c.plan_blocked {
                Some("switched off by your plan: it comes back when your plan allows it (see Billing)".into())
            } else {
                c.status_reason.clone()
            },
            last_update_at,
            last_send_at: c.last_send_at,
            queue_length,
            unreadable_24h,
            last_unreadable,
        },
        webhook_path,
        id: c.id,
        name: c.name,
        panel_id: c.panel_id,
        enabled: c.enabled,
        plan_blocked: c.plan_blocked,
        account_id: c.account_id,
        account_name: c.account_name,
        api_url: c.api_url,
        media_url: c.media_url,
        privacy_on: c.privacy_on,
        created_at: c.created_at,
    })
}

/// The workspace's bots and WhatsApp numbers with their runtime health. Tokens are never returned.
#[utoipa::path(tag = "channels", security(("bearer" = [])), responses((status = 200, body = Vec<Channel>)))]
#[get("/channels")]
async fn list_channels(state: web::Data<AppState>, member: TenantMember) -> AppResult<web::Json<Vec<Channel>>> {
    let mut out = Vec::new();
    for c in repo::list(&state.db, &member.tenant_id).await? {
        out.push(to_dto(&state, c).await?);
    }
    Ok(web::Json(out))
}

/// A new channel row and its id (the id seals its secrets).
fn new_row(
    tenant: &str,
    panel_id: &str,
    kind: Kind,
    name: String,
    mode: ChannelMode,
) -> (String, channels::ActiveModel) {
    let id = crate::db::new_id();
    let row = channels::ActiveModel {
        id: Set(id.clone()),
        tenant_id: Set(tenant.to_string()),
        panel_id: Set(panel_id.to_string()),
        kind: Set(kind),
        name: Set(name),
        mode: Set(mode.into()),
        enabled: Set(true),
        media_url: Set(None),
        poll_offset: Set(0),
        privacy_on: Set(None),
        status: Set("ok".into()),
        status_reason: Set(None),
        last_update_at: Set(None),
        last_send_at: Set(None),
        created_at: Set(crate::db::now()),
        ..Default::default()
    };
    (id, row)
}

/// Connect a Telegram bot (owner only): getMe checks the token; it is sealed at rest.
#[utoipa::path(tag = "channels", security(("bearer" = [])), request_body = CreateTelegramChannel, responses(
    (status = 201, body = Channel), (status = 400, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
#[post("/channels/telegram")]
async fn create_telegram(
    state: web::Data<AppState>,
    owner: TenantOwner,
    body: web::Json<CreateTelegramChannel>,
) -> AppResult<HttpResponse> {
    let b = body.into_inner();
    let tenant = owner.tenant_id.as_str();
    state
        .engine
        .billing
        .require(&state.db, tenant, crate::billing::Need::Medium(shared::billing::Medium::Telegram))
        .await?;
    state
        .engine
        .billing
        .require(&state.db, tenant, crate::billing::Need::Room(crate::billing::Limit::Channels))
        .await?;
    let name = clean_name(&b.name, "channel name").map_err(bad)?;
    crate::panels::repo::get(&state.db, tenant, &b.panel_id).await?;
    let token = b.token.trim().to_string();
    let looks_right = token.split_once(':').is_some_and(|(id, rest)| {
        !id.is_empty()
            && id.bytes().all(|c| c.is_ascii_digit())
            && rest.len() >= 20
            && !rest.contains(char::is_whitespace)
    });
    if !looks_right || token.len() > MAX_BOT_TOKEN_LEN {
        return Err(bad("the bot token looks like 123456789:AA… (copy it from BotFather)".into()));
    }
    let api_url = match b.api_url.filter(|u| !u.trim().is_empty()) {
        Some(u) => clean_url(&u, "Telegram API URL").map_err(bad)?,
        None => telegram::DEFAULT_API_URL.to_string(),
    };
    let bot = telegram::bot(&state.channels.telegram_http, &state.channels.outbound, &token, &api_url)
        .map_err(channel_error)?;
    let me = telegram::get_me(&bot).await.map_err(channel_error)?;
    let (id, mut row) = new_row(tenant, &b.panel_id, Kind::Telegram, name, b.mode);
    row.api_url = Set(api_url);
    row.account_id = Set(me.id.to_string());
    row.account_name = Set(Some(format!("@{}", me.username)));
    row.privacy_on = Set(Some(me.privacy_on));
    row.token_sealed = Set(repo::seal(&state.vault.secrets, tenant, &id, "token", &token)?);
    row.hook_secret_sealed =
        Set(Some(repo::seal(&state.vault.secrets, tenant, &id, "hook", &crate::secrets::random_token(24))?));
    Ok(HttpResponse::Created().json(to_dto(&state, store_and_activate(&state.channels, row).await?).await?))
}

/// Connect a WhatsApp number through Green API (owner only): getStateInstance checks it.
#[utoipa::path(tag = "channels", security(("bearer" = [])), request_body = CreateWhatsappChannel, responses(
    (status = 201, body = Channel), (status = 400, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
#[post("/channels/whatsapp")]
async fn create_whatsapp(
    state: web::Data<AppState>,
    owner: TenantOwner,
    body: web::Json<CreateWhatsappChannel>,
) -> AppResult<HttpResponse> {
    let b = body.into_inner();
    let tenant = owner.tenant_id.as_str();
    state
        .engine
        .billing
        .require(&state.db, tenant, crate::billing::Need::Medium(shared::billing::Medium::Whatsapp))
        .await?;
    state
        .engine
        .billing
        .require(&state.db, tenant, crate::billing::Need::Room(crate::billing::Limit::Channels))
        .await?;
    let name = clean_name(&b.name, "channel name").map_err(bad)?;
    crate::panels::repo::get(&state.db, tenant, &b.panel_id).await?;
    let id_instance: i64 = b
        .id_instance
        .trim()
        .parse()
        .ok()
        .filter(|n: &i64| *n > 0)
        .ok_or_else(|| bad("the instance id is the number shown as idInstance in the Green API console".into()))?;
    let api_url = clean_url(&b.api_url, "Green API apiUrl").map_err(bad)?;
    let media_url = b
        .media_url
        .filter(|u| !u.trim().is_empty())
        .map(|u| clean_url(&u, "Green API mediaUrl"))
        .transpose()
        .map_err(bad)?;
    if let Some(media) = &media_url {
        state
            .channels
            .outbound
            .check_channel_api(crate::outbound::ChannelApi::GreenApi, media)
            .map_err(|e| bad(format!("mediaUrl: {e}")))?;
    }
    let token = clean_key(&b.token, "apiTokenInstance").map_err(bad)?;
    if token.len() > MAX_INSTANCE_TOKEN_LEN {
        return Err(bad(
            "the apiTokenInstance is the token shown in the Green API console (at most 128 characters)".into()
        ));
    }
    let instance = greenapi::Instance::checked(
        &state.channels.outbound,
        &api_url,
        id_instance,
        crate::secrets::Secret::new(token.clone()),
    )
    .map_err(channel_error)?;
    let state_name = greenapi::state(&state.channels.http, &instance).await.map_err(channel_error)?;
    let (id, mut row) = new_row(tenant, &b.panel_id, Kind::Whatsapp, name, b.mode);
    if let Some(problem) = greenapi::state_problem(&state_name) {
        row.status = Set("unhealthy".into());
        row.status_reason = Set(Some(problem));
    }
    row.api_url = Set(api_url);
    row.media_url = Set(media_url);
    row.account_id = Set(id_instance.to_string());
    row.account_name = Set(None);
    row.token_sealed = Set(repo::seal(&state.vault.secrets, tenant, &id, "token", &token)?);
    row.hook_secret_sealed =
        Set(Some(repo::seal(&state.vault.secrets, tenant, &id, "hook", &crate::secrets::random_token(24))?));
    Ok(HttpResponse::Created().json(to_dto(&state, store_and_activate(&state.channels, row).await?).await?))
}

/// Rename, switch on or off, or change the mode (owner only).
#[utoipa::path(tag = "channels", security(("bearer" = [])), request_body = UpdateChannel, responses(
    (status = 200, body = Channel), (status = 400, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
#[patch("/channels/{channel_id}")]
async fn update_channel(
    state: web::Data<AppState>,
    owner: TenantOwner,
    path: web::Path<String>,
    body: web::Json<UpdateChannel>,
) -> AppResult<web::Json<Channel>> {
    let before = repo::get(&state.db, &owner.tenant_id, &path).await?;
    let b = body.into_inner();
    let mut row: channels::ActiveModel = before.clone().into();
    if let Some(name) = b.name {
        row.name = Set(clean_name(&name, "channel name").map_err(bad)?);
    }
    if let Some(enabled) = b.enabled {
        row.enabled = Set(enabled);
    }
    if let Some(mode) = b.mode {
        row.mode = Set(mode.into());
    }
    let after = repo::save(&state.db, row).await?;
    if after.mode != before.mode || after.enabled != before.enabled {
        if let Err(e) = activate(&state.channels, &after).await {
            let mut undo: channels::ActiveModel = after.into();
            undo.mode = Set(before.mode);
            undo.enabled = Set(before.enabled);
            repo::save(&state.db, undo).await?;
            return Err(e);
        }
        repo::set_status(&state.db, &after.id, "ok", None).await?;
    }
    let fresh = repo::get(&state.db, &owner.tenant_id, &after.id).await?;
    Ok(web::Json(to_dto(&state, fresh).await?))
}

/// Disconnect a channel (owner only); a Telegram webhook is removed first.
#[utoipa::path(tag = "channels", security(("bearer" = [])), responses(
    (status = 204), (status = 404, body = ApiErrorBody)))]
#[delete("/channels/{channel_id}")]
async fn delete_channel(
    state: web::Data<AppState>,
    owner: TenantOwner,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let c = repo::get(&state.db, &owner.tenant_id, &path).await?;
    if c.kind == Kind::Telegram && c.mode == Mode::Webhook {
        let mut off = c.clone();
        off.enabled = false;
        if let Err(e) = activate(&state.channels, &off).await {
            tracing::warn!(channel = %c.id, error = %e, "could not remove the webhook of a deleted channel");
        }
    }
    repo::delete(&state.db, &owner.tenant_id, &c.id).await?;
    state.channels.webhooks.invalidate();
    state.channels.changed.notify_one();
    Ok(HttpResponse::NoContent().finish())
}

/// Checks the channel now (getMe / getStateInstance) and updates its health.
#[utoipa::path(tag = "channels", security(("bearer" = [])), responses(
    (status = 200, body = CheckResult), (status = 404, body = ApiErrorBody)))]
#[post("/channels/{channel_id}/check")]
async fn check_channel(
    state: web::Data<AppState>,
    owner: TenantOwner,
    path: web::Path<String>,
) -> AppResult<web::Json<CheckResult>> {
    let c = repo::get(&state.db, &owner.tenant_id, &path).await?;
    let token = repo::token(&state.vault.secrets, &c)?;
    let outcome = if c.kind == Kind::Telegram {
        match telegram::bot(&state.channels.telegram_http, &state.channels.outbound, token.expose(), &c.api_url) {
            Ok(bot) => telegram::get_me(&bot).await.map(|me| format!("the bot @{} answers", me.username)),
            Err(e) => Err(e),
        }
    } else {
        let instance =
            greenapi::Instance::checked(&state.channels.outbound, &c.api_url, c.account_id.parse().unwrap_or(0), token);
        match async { greenapi::state(&state.channels.http, &instance?).await }.await {
            Ok(s) => match greenapi::state_problem(&s) {
                None => Ok("the WhatsApp number is linked and ready".to_string()),
                Some(p) => Err(ChannelError::NotReady(p)),
            },
            Err(e) => Err(e),
        }
    };
    Ok(web::Json(match outcome {
        Ok(message) => {
            repo::set_status(&state.db, &c.id, "ok", None).await?;
            CheckResult { ok: true, message }
        }
        Err(e) => {
            let message = e.to_string();
            repo::set_status(&state.db, &c.id, "unhealthy", Some(&message)).await?;
            CheckResult { ok: false, message }
        }
    }))
}

/// Sends a short test message to a provider destination through the matching channel.
#[utoipa::path(tag = "routing", security(("bearer" = [])), responses(
    (status = 200, body = CheckResult), (status = 404, body = ApiErrorBody)))]
#[post("/destinations/{destination_id}/test")]
async fn test_destination(
    state: web::Data<AppState>,
    owner: TenantOwner,
    path: web::Path<String>,
) -> AppResult<web::Json<CheckResult>> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let d = destinations::Entity::find_by_id(path.into_inner())
        .filter(destinations::Column::TenantId.eq(owner.tenant_id.clone()))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound("destination"))?;
    let address = crate::dispatch::sender::Address { kind: kind_from_db(&d.kind), address: d.address.clone() };
    let text = format!("PanelRelay test message: requests for \"{}\" will arrive here.", d.name);
    let sender = crate::channels::runtime::ChannelRuntime::new(state.channels.clone());
    let route = crate::dispatch::sender::Route { tenant_id: &owner.tenant_id, panel_id: None };
    Ok(web::Json(match crate::dispatch::sender::Sender::send(sender.as_ref(), route, &address, &text).await {
        Ok(_) => CheckResult { ok: true, message: format!("sent to {}", d.name) },
        Err(e) => CheckResult {
            ok: false,
            message: match e {
                crate::dispatch::sender::SendError::Temporary(m) | crate::dispatch::sender::SendError::Permanent(m) => {
                    m
                }
            },
        },
    }))
}
