//! Channels: the workspace's Telegram bots and WhatsApp (Green API) numbers, each bound to one
//! panel, with their runtime health (mode, last update, last send, queue, last error).
use leptos::prelude::*;
use shared::channels::{
    Channel, ChannelKind, ChannelMode, CreateTelegramChannel, CreateWhatsappChannel, UpdateChannel,
};

use crate::api::ApiError;
use crate::components::{
    Action, DataTable, DeleteButton, Feedback, FeedbackView, Field, Modal, RowActions, Select, Switch, TextInput,
    chosen_panel, date, load, panel_options,
};

fn mode_of(v: &str) -> ChannelMode {
    if v == "webhook" { ChannelMode::Webhook } else { ChannelMode::Polling }
}

fn ago(d: &Option<chrono::DateTime<chrono::Utc>>) -> String {
    d.as_ref().map(date).unwrap_or_else(|| "never".into())
}

#[component]
pub fn Channels() -> impl IntoView {
    let (channels, reload) = load(crate::api::channels);
    let (panels, _) = load(crate::api::panels);
    let fb = Feedback::new();
    let act = Action::reloading(fb, reload.clone());
    let add_act = Action::reloading(fb.own_error(), reload.clone());
    let panel_name = move |id: &str| {
        panels
            .get()
            .and_then(|r| r.ok())
            .and_then(|list| list.into_iter().find(|p| p.id == id).map(|p| p.name))
            .unwrap_or_else(|| "—".into())
    };

    // Add forms (one modal per kind).
    let tg_open = RwSignal::new(false);
    let wa_open = RwSignal::new(false);
    let (name, panel, token, mode, api_url, instance) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new("polling".to_string()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let reset = move || {
        for s in [name, token, api_url, instance] {
            s.set(String::new());
        }
        mode.set("polling".into());
    };
    let connected = move |c: Channel| {
        tg_open.set(false);
        wa_open.set(false);
        Some(format!("{} is connected.", c.name))
    };
    let add_telegram = move |_| {
        let req = CreateTelegramChannel {
            name: name.get_untracked(),
            panel_id: chosen_panel(panel.get_untracked(), panels.get_untracked()),
            token: token.get_untracked(),
            mode: mode_of(&mode.get_untracked()),
            api_url: Some(api_url.get_untracked()).filter(|u| !u.trim().is_empty()),
        };
        add_act.run(async move { crate::api::create_telegram_channel(&req).await }, connected);
    };
    let add_whatsapp = move |_| {
        let req = CreateWhatsappChannel {
            name: name.get_untracked(),
            panel_id: chosen_panel(panel.get_untracked(), panels.get_untracked()),
            id_instance: instance.get_untracked(),
            api_url: api_url.get_untracked(),
            media_url: None,
            token: token.get_untracked(),
            mode: mode_of(&mode.get_untracked()),
        };
        add_act.run(async move { crate::api::create_whatsapp_channel(&req).await }, connected);
    };

    let update = move |id: String, req: UpdateChannel| {
        let switched = req.mode.is_some();
        act.run(async move { crate::api::update_channel(&id, &req).await }, move |c| {
            switched.then(|| {
                format!(
                    "{} now uses {}.",
                    c.name,
                    match c.mode {
                        ChannelMode::Webhook => "a webhook",
                        ChannelMode::Polling => "polling",
                    }
                )
            })
        });
    };
    let row = move |c: Channel| {
        let (id_m, id_e, id_c, id_d) = (c.id.clone(), c.id.clone(), c.id.clone(), c.id.clone());
        let status_class = match c.health.status.as_str() {
            "ok" => "badge ok",
            "off" => "badge off",
            _ => "badge warn",
        };
        let kind = match c.kind {
            ChannelKind::Telegram => "Telegram",
            ChannelKind::Whatsapp => "WhatsApp",
        };
        let webhook = c.mode == ChannelMode::Webhook;
        view! {
            <tr>
                <td>{c.name.clone()}</td>
                <td>{kind}" "<code>{c.account_name.clone().unwrap_or_else(|| c.account_id.clone())}</code>
                    {(c.privacy_on == Some(true)).then(|| view! { <div class="muted small">"group privacy on"</div> })}</td>
                <td>{panel_name(&c.panel_id)}</td>
                <td><select aria-label="Channel mode" disabled=move || act.busy.get() on:change=move |ev| {
                    update(id_m.clone(), UpdateChannel { mode: Some(mode_of(&event_target_value(&ev))), ..Default::default() })
                }>
                    <option value="polling" selected=!webhook>"polling"</option>
                    <option value="webhook" selected=webhook>"webhook"</option>
                </select></td>
                <td>{if c.plan_blocked {
                        view! { <span class="badge off" data-testid="plan-blocked">"disabled by plan"</span> }.into_any()
                    } else {
                        view! { <span class=status_class>{c.health.status.clone()}</span> }.into_any()
                    }}
                    {c.health.last_error.clone().map(|e| view! { <div class="cell-note">{e}</div> })}
                    {(c.health.unreadable_24h > 0).then(|| view! {
                        <div class="cell-note" title=c.health.last_unreadable.clone().unwrap_or_default()>
                            {format!("{} update(s) could not be read in the last 24 h (kept): {}",
                                c.health.unreadable_24h, c.health.last_unreadable.clone().unwrap_or_default())}
                        </div>
                    })}</td>
                <td class="small">"received "{ago(&c.health.last_update_at)}<br/>"sent "{ago(&c.health.last_send_at)}
                    <br/>{format!("queue {}", c.health.queue_length)}</td>
                <td><Switch label="Channel enabled" checked=c.enabled disabled=act.busy
                    on_toggle=move |on| update(id_e.clone(), UpdateChannel { enabled: Some(on), ..Default::default() }) /></td>
                <RowActions>
                    <button disabled=move || act.busy.get() on:click=move |_| {
                        let id = id_c.clone();
                        let call = async move {
                            let r = crate::api::check_channel(&id).await?;
                            if r.ok { Ok(r.message) } else { Err(ApiError::plain(r.message)) }
                        };
                        act.run(call, Some);
                    }>"Check"</button>" "
                    <DeleteButton question=format!("Delete the channel “{}”? Customers writing to it get no answer any more.", c.name)
                        disabled=act.busy on_confirm=move || {
                            let id = id_d.clone();
                            act.run_then(async move { crate::api::delete_channel(&id).await }, "Channel deleted.");
                        } />
                </RowActions>
            </tr>
        }
    };
    let panel_select = move || {
        view! {
            <Field label="Panel (commands are checked against it)" id="ch-panel">
                <Select id="ch-panel" value=panel options=panel_options(panels) />
            </Field>
        }
    };
    let mode_select = move || {
        view! {
            <Field label="How messages arrive" id="ch-mode">
                <select id="ch-mode" on:change=move |ev| mode.set(event_target_value(&ev))>
                    <option value="polling">"Polling (works on any server)"</option>
                    <option value="webhook">"Webhook (needs a public HTTPS address)"</option>
                </select>
            </Field>
        }
    };
    view! {
        <h1>"Channels"</h1>
        <p class="muted">"Customers write to your own Telegram bot or WhatsApp number; provider groups receive the forwarded requests through the same bot or number. Each channel is bound to one panel."</p>
        <p class="muted">"Telegram groups: a new bot has privacy mode on and sees only commands, mentions and replies to it; make it a group admin or send /setprivacy to BotFather to let it read every message."</p>
        <FeedbackView feedback=fb />
        <div class="toolbar">
            <button on:click=move |_| reload()>"Refresh"</button>
            <span class="spacer"></span>
            <button class="primary" on:click=move |_| { reset(); tg_open.set(true) }>"Add Telegram bot"</button>
            <button class="primary" on:click=move |_| { reset(); wa_open.set(true) }>"Add WhatsApp number"</button>
        </div>
        <DataTable testid="channels" rows=channels row
            head=&["Name", "Account", "Panel", "Mode", "Health", "Activity", "On", ""]
            empty="No channels yet" hint="Add your Telegram bot or WhatsApp number." />
        <Modal open=tg_open title="Add a Telegram bot" action=add_act>
            <p class="muted">"Create a bot with @BotFather, then paste its token. It is checked with Telegram and stored encrypted."</p>
            <Field label="Name" id="ch-name"><TextInput id="ch-name" value=name placeholder="e.g. Support bot" /></Field>
            {panel_select()}
            <Field label="Bot token" id="ch-token"><TextInput id="ch-token" kind="password" value=token placeholder="123456789:AA…" /></Field>
            {mode_select()}
            <Field label="Bot API address (leave empty for Telegram)" id="ch-api-url">
                <TextInput id="ch-api-url" value=api_url placeholder="https://api.telegram.org" />
            </Field>
            <div class="actions"><button on:click=move |_| tg_open.set(false)>"Cancel"</button>
                <button class="primary" disabled=move || add_act.busy.get() on:click=add_telegram>"Connect"</button></div>
        </Modal>
        <Modal open=wa_open title="Add a WhatsApp number (Green API)" action=add_act>
            <p class="muted">"Copy idInstance, apiUrl and apiTokenInstance from the Green API console. The token is stored encrypted."</p>
            <Field label="Name" id="ch-name"><TextInput id="ch-name" value=name placeholder="e.g. WhatsApp support" /></Field>
            {panel_select()}
            <Field label="idInstance" id="ch-instance"><TextInput id="ch-instance" value=instance placeholder="3301448207" /></Field>
            <Field label="apiUrl" id="ch-api-url"><TextInput id="ch-api-url" value=api_url placeholder="https://3301.api.greenapi.com" /></Field>
            <Field label="apiTokenInstance" id="ch-token"><TextInput id="ch-token" kind="password" value=token /></Field>
            {mode_select()}
            <div class="actions"><button on:click=move |_| wa_open.set(false)>"Cancel"</button>
                <button class="primary" disabled=move || add_act.busy.get() on:click=add_whatsapp>"Connect"</button></div>
        </Modal>
    }
}
