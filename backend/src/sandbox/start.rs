//! Starts the sandbox's fakes, and sets each visitor's workspace up through the server's own
//! REST API, as an owner would.
use std::sync::{Arc, Mutex, Weak};

use fakes::panel::sample_data;
use sea_orm::sea_query::Expr;
use serde_json::{Value, json};

use super::*;

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

/// Starts the sandbox: removes the workspaces of an earlier run, starts the fakes on 127.0.0.1
/// and a sweeper that removes idle workspaces. `base` is our own address. No workspace exists
/// until a visitor asks for one.
pub async fn start(state: &AppState, base: &str) -> Result<Arc<Sandboxes>, AppError> {
    tenants::Entity::delete_many().filter(tenants::Column::Sandbox.eq(true)).exec(&state.db).await?;
    let io = |e: std::io::Error| AppError::internal("sandbox fakes", e);
    let mut data = sample_data("sandbox-provider-one.example", "sandbox-provider-two.example");
    data.tickets = sample_tickets();
    let (admin_key, user_key) = (data.admin_key.clone(), data.user_api_key.clone());
    let fakes = Fakes {
        panel: FakePanel::start(data).map_err(io)?,
        telegram: FakeTelegram::start().map_err(io)?,
        green: FakeGreenApi::start().map_err(io)?,
        admin_key,
        user_key,
    };
    // The fakes are ours, on 127.0.0.1: the outbound policy lets calls reach them and nothing else inside.
    for url in [fakes.panel.admin_v2_url(), fakes.panel.user_api_url(), fakes.telegram.api_url(), fakes.green.api_url()]
    {
        state.channels.outbound.exempt_origin(&url);
    }
    let sandboxes = Arc::new(Sandboxes {
        fakes: Arc::new(fakes),
        base: base.to_string(),
        live: Mutex::default(),
        opening: tokio::sync::Mutex::new(()),
        next: AtomicU64::new(1),
        limits: Mutex::new(Limits::default()),
    });
    let (weak, state) = (Arc::downgrade(&sandboxes), state.clone());
    tokio::spawn(sweeper(weak, state));
    Ok(sandboxes)
}

/// The panel's tickets a visitor sees handled: a refill asked on Perfect Panel's form (order
/// 2274210, so the chat's own `2274209 refill` is not in a cooldown), a payment question that is
/// left alone, and a speed-up for an order of another customer (refused).
fn sample_tickets() -> Vec<fakes::panel::FakeTicket> {
    use fakes::panel::{FakeTicket, FakeTicketMessage};
    let ticket = |id: u64, user: &str, subject: &str, order_id: Option<u64>, text: &str, at: &str| FakeTicket {
        id,
        user: user.into(),
        subject: subject.into(),
        status: "pending".into(),
        created: at.into(),
        order_id,
        messages: vec![FakeTicketMessage { id: id * 10, text: text.into(), staff: false, created: at.into() }],
    };
    vec![
        ticket(
            9001,
            CUSTOMER,
            "Orders - Refill",
            Some(2274210),
            "Followers dropped, please refill",
            "2026-11-24 09:15:00",
        ),
        ticket(9002, CUSTOMER, "Payment", None, "I paid 10 USD by Payeer, please add the funds", "2026-11-24 09:40:00"),
        ticket(9003, "karan_smm", "Speed Up", Some(2274211), "It is too slow", "2026-11-24 10:05:00"),
    ]
}

async fn sweeper(sandboxes: Weak<Sandboxes>, state: AppState) {
    loop {
        tokio::time::sleep(Duration::from_secs(600)).await;
        let Some(s) = sandboxes.upgrade() else { return };
        if let Err(e) = s.sweep(&state).await {
            tracing::warn!(error = %e, "cannot remove idle sandbox workspaces");
        }
    }
}

/// Sets up visitor workspace number `n`: its own bot and WhatsApp instance on the fakes, the
/// sample panel, three provider groups, routes, both channels, the linked customer, and the
/// visitor account. A workspace that cannot be finished is removed again.
pub(super) async fn workspace(state: &AppState, base: &str, fakes: &Arc<Fakes>, n: u64) -> Result<Sandbox, AppError> {
    let tag = crate::secrets::random_token(6).to_lowercase().replace(['-', '_'], "x");
    let (tenant, owner) = crate::auth::repo::create_tenant_with_owner(
        &state.db,
        &format!("Sandbox {n}"),
        &format!("sandbox-{n}-{tag}@sandbox.panelrelay.local"),
        "no password: sandbox".into(),
    )
    .await?;
    tenants::Entity::update_many()
        .col_expr(tenants::Column::Sandbox, Expr::value(true))
        .filter(tenants::Column::Id.eq(tenant.id.clone()))
        .exec(&state.db)
        .await?;
    let bot_token = format!("{}:AAF-sandbox-{tag}-{}", 7_012_000_000 + n, crate::secrets::random_token(12));
    let instance_id = 3_301_000_000 + i64::try_from(n % 1_000_000).unwrap_or(0);
    let sandbox = Sandbox {
        tenant_id: tenant.id.clone(),
        visitor_id: String::new(),
        bot_token,
        instance_id,
        fakes: fakes.clone(),
        typed: Mutex::default(),
        last_active: AtomicU64::new(0),
    };
    match wire(state, base, &sandbox, &owner).await {
        Ok(visitor_id) => Ok(Sandbox { visitor_id, ..sandbox }),
        Err(e) => {
            let _ = tenants::Entity::delete_by_id(tenant.id).exec(&state.db).await;
            state.channels.changed.notify_one();
            Err(e)
        }
    }
}

async fn wire(
    state: &AppState,
    base: &str,
    s: &Sandbox,
    owner: &crate::db::entities::users::Model,
) -> Result<String, AppError> {
    let fakes = &s.fakes;
    fakes.telegram.add_bot(&s.bot_token, "sandbox_support_bot", "Sandbox Support");
    let instance_token = crate::secrets::random_token(16);
    fakes.green.add_instance(s.instance_id, &instance_token);
    let token = crate::auth::routes::start_session(state, owner).await?.access_token;
    let http = reqwest::Client::new();
    let api = |method: &'static str, path: String, body: Value| {
        let (http, token) = (http.clone(), token.clone());
        async move { call(&http, base, &token, method, &path, body).await }
    };
    let p = api(
        "POST",
        "/api/panels".into(),
        json!({"name": "Sandbox panel", "kind": "perfectpanel_v2",
        "admin_base_url": fakes.panel.admin_v2_url(), "admin_key": fakes.admin_key,
        "user_api_url": fakes.panel.user_api_url(), "user_api_key": fakes.user_key}),
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
        "token": s.bot_token, "mode": "polling", "api_url": fakes.telegram.api_url()}),
    )
    .await?;
    api("POST", "/api/channels/whatsapp".into(), json!({"name": "Sandbox WhatsApp", "panel_id": panel_id,
        "id_instance": s.instance_id.to_string(), "api_url": fakes.green.api_url(), "token": instance_token, "mode": "polling"}))
    .await?;
    // The sample panel's tickets are read too (and answered on the ticket), so a visitor sees the
    // third intake: a refill request, a payment question left alone, another customer's order.
    let tickets = json!({"enabled": true, "interval_secs": 30, "since": "2026-01-01T00:00:00Z", "reply_enabled": true,
        "get_path": "/tickets/{id}", "reply_path": "/tickets/{id}/reply", "reply_field": "message"});
    api("PUT", format!("/api/tickets/panels/{panel_id}"), tickets).await?;
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
        &format!("visitor-{}@sandbox.panelrelay.local", s.tenant_id),
        "no password: sandbox visitor".into(),
        crate::auth::domain::role_to_db(shared::api::Role::SandboxVisitor),
        Some(s.tenant_id.clone()),
    )
    .await?;
    Ok(visitor.id)
}
