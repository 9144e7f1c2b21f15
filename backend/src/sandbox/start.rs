//! Sets the sandbox workspace up through the server's own REST API, as an owner would.
use std::sync::{Arc, Mutex};

use fakes::greenapi::FakeGreenApi;
use fakes::panel::{FakePanel, sample_data};
use fakes::telegram::FakeTelegram;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use super::*;
use crate::db::entities::tenants;
use crate::error::AppError;
use crate::state::AppState;

async fn call(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    method: &str,
    path: &str,
    body: Value,
) -> Result<Value, AppError> {
    let method = reqwest::Method::from_bytes(method.as_bytes()).map_err(|e| AppError::internal("sandbox", e))?;
    let resp = http
        .request(method, format!("{base}{path}"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .map_err(|e| AppError::internal("sandbox setup", e.without_url()))?;
    let status = resp.status();
    let value: Value = resp.json().await.unwrap_or(Value::Null);
    if !status.is_success() {
        return Err(AppError::Internal(format!("sandbox setup: {path} answered {status}: {value}")));
    }
    Ok(value)
}

fn id_of(v: &Value) -> String {
    v["id"].as_str().unwrap_or_default().to_string()
}

/// Recreates the sandbox workspace against fresh fakes. `base` is our own address: the setup
/// goes through the public API, with the same checks an owner's clicks get.
pub async fn start(state: &AppState, base: &str) -> Result<Arc<Sandbox>, AppError> {
    tenants::Entity::delete_many().filter(tenants::Column::Sandbox.eq(true)).exec(&state.db).await?;
    let (tenant, owner) =
        crate::auth::repo::create_tenant_with_owner(&state.db, "Sandbox", OWNER_EMAIL, "no password: sandbox".into())
            .await?;
    tenants::Entity::update_many()
        .col_expr(tenants::Column::Sandbox, Expr::value(true))
        .filter(tenants::Column::Id.eq(tenant.id.clone()))
        .exec(&state.db)
        .await?;
    let io = |e: std::io::Error| AppError::internal("sandbox fakes", e);
    let data = sample_data("sandbox-provider-one.example", "sandbox-provider-two.example");
    let (admin_key, user_key) = (data.admin_key.clone(), data.user_api_key.clone());
    let panel = FakePanel::start(data).map_err(io)?;
    let telegram = FakeTelegram::start().map_err(io)?;
    telegram.add_bot(BOT_TOKEN, "sandbox_support_bot", "Sandbox Support");
    let green = FakeGreenApi::start().map_err(io)?;
    green.add_instance(INSTANCE_ID, INSTANCE_TOKEN);
    // The fakes are ours, on 127.0.0.1: the outbound policy lets calls reach them and nothing else inside.
    for url in [panel.admin_v2_url(), panel.user_api_url(), telegram.api_url(), green.api_url()] {
        state.channels.outbound.exempt_origin(&url);
    }

    let token = crate::auth::routes::start_session(state, &owner).await?.access_token;
    let http = reqwest::Client::new();
    let api = |method: &'static str, path: String, body: Value| {
        let (http, token) = (http.clone(), token.clone());
        async move { call(&http, base, &token, method, &path, body).await }
    };
    let p = api(
        "POST",
        "/api/panels".into(),
        json!({"name": "Sandbox panel", "kind": "perfectpanel_v2",
        "admin_base_url": panel.admin_v2_url(), "admin_key": admin_key,
        "user_api_url": panel.user_api_url(), "user_api_key": user_key}),
    )
    .await?;
    let panel_id = id_of(&p);
    for order in ["2274209", "2274211"] {
        api("GET", format!("/api/panels/{panel_id}/orders/{order}"), Value::Null).await?;
    }
    api("POST", format!("/api/panels/{panel_id}/sync-services"), Value::Null).await?;
    let mut destinations = Vec::new();
    for (name, kind, address) in GROUPS {
        let d =
            api("POST", "/api/destinations".into(), json!({"name": name, "kind": kind, "address": address})).await?;
        destinations.push(id_of(&d));
    }
    let providers = api("GET", "/api/providers".into(), Value::Null).await?;
    for (i, p) in providers.as_array().into_iter().flatten().enumerate() {
        let dest = &destinations[i.min(1)];
        api("PUT", format!("/api/routes/providers/{}", id_of(p)), json!({"destination_id": dest})).await?;
    }
    let mut settings = api("GET", "/api/settings".into(), Value::Null).await?;
    settings["manual_destination_id"] = json!(destinations[2]);
    settings["fallback_destination_id"] = json!(destinations[2]);
    api("PUT", "/api/settings".into(), settings).await?;
    api(
        "POST",
        "/api/channels/telegram".into(),
        json!({"name": "Sandbox bot", "panel_id": panel_id,
        "token": BOT_TOKEN, "mode": "polling", "api_url": telegram.api_url()}),
    )
    .await?;
    api("POST", "/api/channels/whatsapp".into(), json!({"name": "Sandbox WhatsApp", "panel_id": panel_id,
        "id_instance": INSTANCE_ID.to_string(), "api_url": green.api_url(), "token": INSTANCE_TOKEN, "mode": "polling"}))
    .await?;
    for (channel, sender) in [("telegram", CUSTOMER_TG.to_string()), ("whatsapp", CUSTOMER_WA.to_string())] {
        api(
            "POST",
            "/api/links".into(),
            json!({"panel_id": panel_id, "channel": channel, "sender_id": sender, "username": CUSTOMER}),
        )
        .await?;
    }
    let visitor = crate::auth::repo::insert_user(
        &state.db,
        VISITOR_EMAIL,
        "no password: sandbox visitor".into(),
        crate::auth::domain::role_to_db(shared::api::Role::SandboxVisitor),
        Some(tenant.id.clone()),
    )
    .await?;
    Ok(Arc::new(Sandbox {
        tenant_id: tenant.id,
        visitor_id: visitor.id,
        _panel: panel,
        telegram,
        green,
        typed: Mutex::default(),
    }))
}
