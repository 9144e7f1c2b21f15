//! The configuration checks: what will stop a request from going through, in plain words, with
//! the page that fixes it.
use std::collections::HashSet;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use shared::health::ConfigCheck;

use crate::db::entities::{channels, destinations, panels, provider_routes, providers};
use crate::error::AppError;

fn check(code: &str, message: String, fix_path: &str) -> ConfigCheck {
    ConfigCheck { code: code.into(), message, fix_path: fix_path.into() }
}

pub async fn run(
    db: &crate::db::Db,
    public_url: Option<&str>,
    tenant_id: &str,
    channel_rows: &[channels::Model],
    panel_rows: &[panels::Model],
    now: DateTime<Utc>,
) -> Result<Vec<ConfigCheck>, AppError> {
    let mut out = Vec::new();
    let (settings, _) = crate::settings::repo::settings(db, tenant_id).await?;

    // A discovered provider with no route and no fallback: its requests have nowhere to go.
    let routed: HashSet<String> = provider_routes::Entity::find()
        .filter(provider_routes::Column::TenantId.eq(tenant_id))
        .filter(provider_routes::Column::Enabled.eq(true))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.provider_id)
        .collect();
    if settings.fallback_destination_id.is_none() {
        for p in providers::Entity::find()
            .filter(providers::Column::TenantId.eq(tenant_id))
            .filter(providers::Column::Enabled.eq(true))
            .all(db)
            .await?
            .into_iter()
            .filter(|p| !routed.contains(&p.id))
        {
            out.push(check(
                "provider_unrouted",
                format!(
                    "Provider “{}” has no route and there is no fallback destination: its customers' requests cannot be sent.",
                    p.alias
                ),
                "/routing",
            ));
        }
    }

    // A destination no channel can reach.
    let enabled_kinds: HashSet<&str> = channel_rows.iter().filter(|c| c.enabled).map(|c| c.kind.as_str()).collect();
    for d in destinations::Entity::find()
        .filter(destinations::Column::TenantId.eq(tenant_id))
        .filter(destinations::Column::Enabled.eq(true))
        .all(db)
        .await?
    {
        let medium = if d.kind.starts_with("telegram") { "telegram" } else { "whatsapp" };
        if !enabled_kinds.contains(medium) {
            let words = if medium == "telegram" { "Telegram bot" } else { "WhatsApp number" };
            out.push(check(
                "destination_unreachable",
                format!("Destination “{}” needs a {words}, and none is connected and switched on.", d.name),
                "/channels",
            ));
        }
    }

    // Webhook mode needs an address Telegram and Green API can reach.
    let public = public_url.is_some_and(|u| u.starts_with("https://"));
    for c in channel_rows.iter().filter(|c| c.enabled && c.mode == channels::Mode::Webhook) {
        if !public {
            out.push(check(
                "webhook_without_public_url",
                format!(
                    "“{}” is in webhook mode, but this server has no public https address (PANELRELAY_PUBLIC_URL): \
                     updates cannot arrive. Switch it to polling, or ask your administrator to set the address.",
                    c.name
                ),
                "/channels",
            ));
        }
    }

    // A channel answers for one panel; a deleted panel leaves it with nothing to read orders from.
    let panel_ids: HashSet<&str> = panel_rows.iter().map(|p| p.id.as_str()).collect();
    for c in channel_rows.iter().filter(|c| !panel_ids.contains(c.panel_id.as_str())) {
        out.push(check(
            "channel_without_panel",
            format!("“{}” is bound to a panel that was deleted: choose its panel again.", c.name),
            "/channels",
        ));
    }

    // Advanced rules read the service list; an old list misses new services.
    if settings.service_rules_mode == "advanced" {
        let synced = crate::service_rules::repo::last_synced(db, Some(tenant_id)).await?;
        for p in panel_rows {
            let stale = synced.get(&p.id).is_none_or(|at| now - *at > super::stale_after(p.services_refresh_hours));
            if stale {
                let when =
                    synced.get(&p.id).map_or("never".to_string(), |at| at.format("%Y-%m-%d %H:%M UTC").to_string());
                out.push(check(
                    "stale_service_list",
                    format!(
                        "Advanced rules read {}'s service list, last read {when}: press “Sync services” (or set a refresh interval).",
                        p.name
                    ),
                    "/panels",
                ));
            }
        }
    }
    Ok(out)
}
