//! The sandbox: a workspace wired to the built-in fake panel, a fake Telegram bot and a fake
//! WhatsApp number, with routes to two provider groups, so a new user can try the whole flow in
//! the browser without any account. It is recreated at every sandbox start, flagged in the
//! database, and reachable only through its own session (no password exists for it).
use std::sync::{Arc, Mutex};

use actix_web::{HttpResponse, get, post, web};
use fakes::greenapi::FakeGreenApi;
use fakes::panel::{FakePanel, sample_data};
use fakes::telegram::FakeTelegram;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use shared::ApiErrorBody;
use shared::channels::{ChannelKind, SandboxLine, SandboxMessage, SandboxTranscript};

use crate::auth::TenantMember;
use crate::db::entities::tenants;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub const BOT_TOKEN: &str = "7012345678:AAF-sandbox-fake-token_0123456789";
pub const INSTANCE_ID: i64 = 3_301_448_207;
pub const INSTANCE_TOKEN: &str = "9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a49";
const CUSTOMER_TG: i64 = 6_600_112_233;
const CUSTOMER_WA: &str = "15550001111@c.us";
const CUSTOMER: &str = "mira_boost";
const OWNER_EMAIL: &str = "sandbox@panelrelay.local";
const VISITOR_EMAIL: &str = "visitor@sandbox.panelrelay.local";
const GROUPS: [(&str, &str, &str); 3] = [
    ("Provider 1 group (Telegram)", "telegram_group", "-1001000000001"),
    ("Provider 2 group (WhatsApp)", "whatsapp_group", "120363000000000002@g.us"),
    ("Manual services (Telegram)", "telegram_group", "-1001000000003"),
];

pub struct Sandbox {
    pub tenant_id: String,
    /// The account every sandbox session signs in as: role `sandbox_visitor`, no password.
    visitor_id: String,
    _panel: FakePanel,
    telegram: FakeTelegram,
    green: FakeGreenApi,
    /// What the visitor typed: (time in µs, channel, text).
    typed: Mutex<Vec<(u64, &'static str, String)>>,
}

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

impl Sandbox {
    pub async fn say(&self, channel: ChannelKind, text: &str) {
        let text: String = text.chars().take(4000).collect();
        let name = match channel {
            ChannelKind::Telegram => "telegram",
            ChannelKind::Whatsapp => "whatsapp",
        };
        self.typed.lock().unwrap_or_else(|p| p.into_inner()).push((fakes::now_us(), name, text.clone()));
        match channel {
            ChannelKind::Telegram => {
                self.telegram.inject(BOT_TOKEN, CUSTOMER_TG, CUSTOMER_TG, "Mira", &text).await;
            }
            ChannelKind::Whatsapp => {
                self.green.inject(INSTANCE_ID, CUSTOMER_WA, None, "Mira", &text).await;
            }
        }
    }

    pub fn transcript(&self) -> SandboxTranscript {
        let mut lines: Vec<(u64, SandboxLine)> = Vec::new();
        let line = |from: &str, channel: &str, chat: &str, text: &str| SandboxLine {
            from: from.into(),
            channel: channel.into(),
            chat: chat.into(),
            text: text.into(),
        };
        for (at, channel, text) in self.typed.lock().unwrap_or_else(|p| p.into_inner()).iter() {
            lines.push((*at, line("customer", channel, "Mira (customer)", text)));
        }
        let group_name = |address: &str| GROUPS.iter().find(|g| g.2 == address).map(|g| g.0);
        for m in self.telegram.sent(BOT_TOKEN) {
            let (from, chat) = match group_name(&m.chat_id) {
                Some(g) => ("provider", g),
                None => ("bot", "Mira (customer)"),
            };
            lines.push((m.at_us, line(from, "telegram", chat, &m.text)));
        }
        for m in self.green.sent(INSTANCE_ID) {
            let (from, chat) = match group_name(&m.chat_id) {
                Some(g) => ("provider", g),
                None => ("bot", "Mira (customer)"),
            };
            lines.push((m.at_us, line(from, "whatsapp", chat, &m.message)));
        }
        lines.sort_by_key(|(at, _)| *at);
        let sample_orders = sample_data("a", "b")
            .orders
            .into_iter()
            .map(|o| {
                let whose =
                    if o.user == CUSTOMER { String::new() } else { format!(", another customer's ({})", o.user) };
                format!("{} — {} — {}{whose}", o.id, o.status, o.service_name)
            })
            .collect();
        SandboxTranscript {
            customer: CUSTOMER.into(),
            sample_orders,
            lines: lines.into_iter().map(|(_, l)| l).collect(),
        }
    }
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(sandbox_status).service(sandbox_session).service(sandbox_say).service(sandbox_transcript);
}

fn running(state: &AppState) -> Result<Arc<Sandbox>, AppError> {
    state.sandbox.get().cloned().ok_or(AppError::NotFound("sandbox"))
}

fn mine(state: &AppState, member: &TenantMember) -> Result<Arc<Sandbox>, AppError> {
    running(state).ok().filter(|s| s.tenant_id == member.tenant_id).ok_or(AppError::NotFound("sandbox"))
}

/// Whether this server runs the sandbox (`panelrelay serve --sandbox`, which `make run` uses).
#[utoipa::path(tag = "sandbox", responses((status = 200, body = Object, example = json!({"available": true}))))]
#[get("/sandbox")]
async fn sandbox_status(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(json!({"available": state.sandbox.get().is_some()}))
}

/// Signs in to the sandbox workspace as a visitor (no account needed): the sandbox chat, the read
/// pages and dry runs, nothing that changes the workspace. 404 when the sandbox is off.
#[utoipa::path(tag = "sandbox", responses((status = 200, body = shared::api::Session), (status = 404, body = ApiErrorBody),
    (status = 429, body = ApiErrorBody)))]
#[post("/sandbox/session")]
async fn sandbox_session(req: actix_web::HttpRequest, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let sandbox = running(&state)?;
    let address = crate::http::client_address::client_address(&req, state.config.trust_proxy_headers);
    crate::auth::guards::take_attempt(
        &state.guards.sandbox_visits,
        &[format!("address:{address}")],
        "sandbox visits from your address",
    )?;
    let user = crate::db::entities::users::Entity::find_by_id(sandbox.visitor_id.clone())
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound("sandbox"))?;
    let session = crate::auth::routes::start_session(&state, &user).await?;
    Ok(crate::auth::routes::session_response(&state, &req, actix_web::http::StatusCode::OK, session))
}

/// Types a message as the sandbox customer, on Telegram or WhatsApp.
#[utoipa::path(tag = "sandbox", security(("bearer" = [])), request_body = SandboxMessage, responses(
    (status = 202), (status = 400, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
#[post("/sandbox/messages")]
async fn sandbox_say(
    state: web::Data<AppState>,
    member: TenantMember,
    body: web::Json<SandboxMessage>,
) -> AppResult<HttpResponse> {
    let sandbox = mine(&state, &member)?;
    if body.text.trim().is_empty() {
        return Err(AppError::BadRequest("type a message first".into()));
    }
    sandbox.say(body.channel, &body.text).await;
    Ok(HttpResponse::Accepted().finish())
}

/// The sandbox chats: what the customer typed, the bot's replies, and what each provider group got.
#[utoipa::path(tag = "sandbox", security(("bearer" = [])), responses(
    (status = 200, body = SandboxTranscript), (status = 404, body = ApiErrorBody)))]
#[get("/sandbox/transcript")]
async fn sandbox_transcript(
    state: web::Data<AppState>,
    member: TenantMember,
) -> AppResult<web::Json<SandboxTranscript>> {
    Ok(web::Json(mine(&state, &member)?.transcript()))
}
