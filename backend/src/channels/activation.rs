//! Bringing a channel to life: storing it, settling who holds its bot or instance, and pointing
//! Telegram or Green API at us (webhook) or away from us (polling).
use super::Channels;
use super::{ChannelError, claims, greenapi, repo, telegram};
use crate::db::entities::channels;
use crate::db::entities::channels::{Kind, Mode};
use crate::error::{AppError, AppResult};
use crate::outbound::ChannelApi;

fn bad(message: String) -> AppError {
    AppError::BadRequest(message)
}

pub(super) fn channel_error(e: ChannelError) -> AppError {
    AppError::BadRequest(e.to_string())
}

/// Points the outside service at us (webhook) or away from us (polling), as the row says. The
/// one path every mode change goes through, so a token is never served both ways.
pub(super) async fn activate(ch: &Channels, c: &channels::Model) -> Result<(), AppError> {
    let secret = repo::hook_secret(&ch.vault.secrets, c)?;
    let public = ch.config.public_url.clone();
    let webhook = c.enabled && c.mode == Mode::Webhook;
    if webhook && public.is_none() {
        return Err(bad("webhook mode needs the server's public address (PANELRELAY_PUBLIC_URL); \
                        choose polling, or set it and try again"
            .into()));
    }
    let token = repo::token(&ch.vault.secrets, c)?;
    if c.kind == Kind::Telegram {
        let bot = telegram::bot(&ch.telegram_http, &ch.outbound, token.expose(), &c.api_url).map_err(channel_error)?;
        if webhook {
            let url = format!("{}/tg/{}", public.unwrap_or_default(), c.id);
            let secret = secret.ok_or_else(|| AppError::Internal("channel without a webhook secret".into()))?;
            telegram::set_webhook(&bot, &url, secret.expose()).await.map_err(channel_error)?;
        } else {
            telegram::delete_webhook(&bot).await.map_err(channel_error)?;
        }
    } else {
        let id_instance = c.account_id.parse().map_err(|_| bad("the instance id must be a number".into()))?;
        let instance =
            greenapi::Instance::checked(&ch.outbound, &c.api_url, id_instance, token).map_err(channel_error)?;
        if webhook {
            let url = format!("{}/wa/{}", public.unwrap_or_default(), c.id);
            let secret = secret.ok_or_else(|| AppError::Internal("channel without a webhook secret".into()))?;
            greenapi::set_webhook(&ch.http, &instance, &url, secret.expose()).await.map_err(channel_error)?;
        } else if c.enabled {
            let current = greenapi::webhook_url(&ch.http, &instance).await.map_err(channel_error)?;
            if !current.is_empty() {
                greenapi::clear_webhook(&ch.http, &instance).await.map_err(channel_error)?;
            }
        }
    }
    ch.webhooks.invalidate();
    ch.changed.notify_one();
    Ok(())
}

/// Stores a new channel, settles who holds its account (see `claims`), and points the outside
/// service at us; nothing half-made stays behind when a step fails.
pub(super) async fn store_and_activate(ch: &Channels, row: channels::ActiveModel) -> AppResult<channels::Model> {
    let set = |v: &sea_orm::ActiveValue<String>| {
        v.try_as_ref().cloned().ok_or_else(|| AppError::Internal("channel row without its identity".into()))
    };
    let kind = *row.kind.try_as_ref().ok_or_else(|| AppError::Internal("channel row without its kind".into()))?;
    let (account_id, tenant_id, api_url) = (set(&row.account_id)?, set(&row.tenant_id)?, set(&row.api_url)?);
    let api = if kind == Kind::Telegram { ChannelApi::Telegram } else { ChannelApi::GreenApi };
    let proven = ch.outbound.is_official(api, &api_url);
    let holder = claims::holder(&ch.db, kind.as_str(), &account_id).await?;
    let mut superseded = None;
    match claims::decide(holder.as_ref().map(|h| h.tenant_id.as_str()), &tenant_id, proven) {
        claims::Claim::Free => {}
        claims::Claim::Refuse => {
            return Err(AppError::Conflict("this bot or WhatsApp instance is already connected to a workspace".into()));
        }
        claims::Claim::Supersede => {
            if let Some(earlier) = holder {
                claims::supersede(&ch.db, earlier.clone()).await?;
                superseded = Some(earlier);
            }
        }
    }
    let activated = match repo::insert(&ch.db, row).await {
        Ok(row) => match activate(ch, &row).await {
            Ok(()) => Ok(row),
            Err(e) => {
                // Nothing half-made stays behind: the owner fixes the input and adds it again.
                repo::delete(&ch.db, &row.tenant_id, &row.id).await?;
                Err(e)
            }
        },
        Err(e) => Err(e),
    };
    let row = match (activated, superseded) {
        (Ok(row), Some(earlier)) => {
            tracing::warn!(channel = %earlier.id, "a proven claim took over a channel held by another workspace");
            ch.webhooks.invalidate();
            ch.changed.notify_one();
            row
        }
        (Ok(row), None) => row,
        (Err(e), Some(earlier)) => {
            // The new claim did not come to life: the earlier one keeps the account.
            claims::restore(&ch.db, earlier).await?;
            return Err(e);
        }
        (Err(e), None) => return Err(e),
    };
    Ok(row)
}
