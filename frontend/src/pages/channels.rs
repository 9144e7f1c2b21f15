//! Channels: the workspace's Telegram bots and WhatsApp (Green API) numbers, each bound to one
//! panel, with their runtime health (mode, last update, last send, queue, last error).
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::channels::{
    Channel, ChannelKind, ChannelMode, CreateTelegramChannel, CreateWhatsappChannel, UpdateChannel,
};

use crate::components::loader::table_rows;
use crate::components::{ErrorLine, Modal, date, load};

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
    let error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let fail = move |e: crate::api::ApiError| error.set(Some(e.message));
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
    let busy = RwSignal::new(false);
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
        error.set(None);
    };
    let finish = {
        let reload = reload.clone();
        move |result: Result<Channel, crate::api::ApiError>| {
            busy.set(false);
            match result {
                Ok(c) => {
                    tg_open.set(false);
                    wa_open.set(false);
                    notice.set(Some(format!("{} is connected.", c.name)));
                    error.set(None);
                    reload();
                }
                Err(e) => fail(e),
            }
        }
    };
    let add_telegram = {
        let finish = finish.clone();
        move |_| {
            let finish = finish.clone();
            let req = CreateTelegramChannel {
                name: name.get_untracked(),
                panel_id: crate::components::chosen_panel(panel.get_untracked(), panels.get_untracked()),
                token: token.get_untracked(),
                mode: mode_of(&mode.get_untracked()),
                api_url: Some(api_url.get_untracked()).filter(|u| !u.trim().is_empty()),
            };
            busy.set(true);
            spawn_local(async move { finish(crate::api::create_telegram_channel(&req).await) });
        }
    };
    let add_whatsapp = {
        let finish = finish.clone();
        move |_| {
            let finish = finish.clone();
            let req = CreateWhatsappChannel {
                name: name.get_untracked(),
                panel_id: crate::components::chosen_panel(panel.get_untracked(), panels.get_untracked()),
                id_instance: instance.get_untracked(),
                api_url: api_url.get_untracked(),
                media_url: None,
                token: token.get_untracked(),
                mode: mode_of(&mode.get_untracked()),
            };
            busy.set(true);
            spawn_local(async move { finish(crate::api::create_whatsapp_channel(&req).await) });
        }
    };

    let row = {
        let reload = reload.clone();
        move |c: Channel| {
            let (r1, r2, r3, r4) = (reload.clone(), reload.clone(), reload.clone(), reload.clone());
            let (id1, id2, id3, id4) = (c.id.clone(), c.id.clone(), c.id.clone(), c.id.clone());
            let status_class = match c.health.status.as_str() {
                "ok" => "badge ok",
                "off" => "badge off",
                _ => "badge warn",
            };
            let kind = match c.kind {
                ChannelKind::Telegram => "Telegram",
                ChannelKind::Whatsapp => "WhatsApp",
            };
            let mode = match c.mode {
                ChannelMode::Webhook => "webhook",
                ChannelMode::Polling => "polling",
            };
            view! {
                <tr>
                    <td>{c.name.clone()}</td>
                    <td>{kind}" "<code>{c.account_name.clone().unwrap_or_else(|| c.account_id.clone())}</code>
                        {(c.privacy_on == Some(true)).then(|| view! { <div class="muted small">"group privacy on"</div> })}</td>
                    <td>{panel_name(&c.panel_id)}</td>
                    <td><select aria-label="Channel mode" on:change=move |ev| {
                        let (id, reload) = (id4.clone(), r4.clone());
                        let req = UpdateChannel { mode: Some(mode_of(&event_target_value(&ev))), ..Default::default() };
                        spawn_local(async move {
                            match crate::api::update_channel(&id, &req).await {
                                Ok(c) => { notice.set(Some(format!("{} now uses {}.", c.name, match c.mode { ChannelMode::Webhook => "a webhook", ChannelMode::Polling => "polling" }))); error.set(None) }
                                Err(e) => fail(e),
                            }
                            reload()
                        });
                    }>
                        <option value="polling" selected=mode == "polling">"polling"</option>
                        <option value="webhook" selected=mode == "webhook">"webhook"</option>
                    </select></td>
                    <td><span class=status_class>{c.health.status.clone()}</span></td>
                    <td>{ago(&c.health.last_update_at)}</td>
                    <td>{ago(&c.health.last_send_at)}</td>
                    <td>{c.health.queue_length}</td>
                    <td class="muted">{c.health.last_error.clone().unwrap_or_default()}</td>
                    <td><input type="checkbox" class="switch" aria-label="Channel enabled" prop:checked=c.enabled on:change=move |ev| {
                        let (id, reload) = (id1.clone(), r1.clone());
                        let req = UpdateChannel { enabled: Some(event_target_checked(&ev)), ..Default::default() };
                        spawn_local(async move { if let Err(e) = crate::api::update_channel(&id, &req).await { fail(e) } reload() });
                    } /></td>
                    <td class="actions">
                        <button on:click=move |_| {
                            let (id, reload) = (id2.clone(), r2.clone());
                            spawn_local(async move {
                                match crate::api::check_channel(&id).await {
                                    Ok(r) if r.ok => { notice.set(Some(r.message)); error.set(None) }
                                    Ok(r) => error.set(Some(r.message)),
                                    Err(e) => fail(e),
                                }
                                reload()
                            });
                        }>"Check"</button>" "
                        <button class="danger" on:click=move |_| {
                            let (id, reload) = (id3.clone(), r3.clone());
                            spawn_local(async move { if let Err(e) = crate::api::delete_channel(&id).await { fail(e) } reload() });
                        }>"Remove"</button>
                    </td>
                </tr>
            }
        }
    };
    let panel_select = move || {
        view! {
            <label for="ch-panel">"Panel (commands are checked against it)"</label>
            <select id="ch-panel" on:change=move |ev| panel.set(event_target_value(&ev))>
                {move || panels.get().and_then(|r| r.ok()).unwrap_or_default().into_iter().map(|p| view! { <option value=p.id.clone()>{p.name}</option> }).collect_view()}
            </select>
        }
    };
    let text = |id: &'static str, label: &'static str, placeholder: &'static str, v: RwSignal<String>| {
        view! {
            <label for=id>{label}</label>
            <input id=id type="text" placeholder=placeholder prop:value=move || v.get() on:input=move |ev| v.set(event_target_value(&ev)) />
        }
    };
    let mode_select = move || {
        view! {
            <label for="ch-mode">"How messages arrive"</label>
            <select id="ch-mode" on:change=move |ev| mode.set(event_target_value(&ev))>
                <option value="polling">"Polling (works on any server)"</option>
                <option value="webhook">"Webhook (needs a public HTTPS address)"</option>
            </select>
        }
    };
    let refresh = reload.clone();
    view! {
        <h1>"Channels"</h1>
        <p class="muted">"Customers write to your own Telegram bot or WhatsApp number; provider groups receive the forwarded requests through the same bot or number. Each channel is bound to one panel."</p>
        <p class="muted">"Telegram groups: a new bot has privacy mode on and sees only commands, mentions and replies to it; make it a group admin or send /setprivacy to BotFather to let it read every message."</p>
        <ErrorLine message=error />
        {move || notice.get().map(|n| view! { <div class="notice" role="status">{n}</div> })}
        <div class="toolbar">
            <button on:click=move |_| refresh()>"Refresh"</button>
            <span class="spacer"></span>
            <button class="primary" on:click=move |_| { reset(); tg_open.set(true) }>"Add Telegram bot"</button>
            <button class="primary" on:click=move |_| { reset(); wa_open.set(true) }>"Add WhatsApp number"</button>
        </div>
        <div class="table-scroll"><table data-testid="channels">
            <thead><tr><th>"Name"</th><th>"Account"</th><th>"Panel"</th><th>"Mode"</th><th>"Status"</th>
                <th>"Last update"</th><th>"Last send"</th><th>"Queue"</th><th>"Last error"</th><th>"On"</th><th></th></tr></thead>
            <tbody>{table_rows(channels, 11, "No channels yet: add your Telegram bot or WhatsApp number.", row)}</tbody>
        </table></div>
        <Modal open=tg_open title="Add a Telegram bot">
            {let add = add_telegram.clone(); move || { let add = add.clone(); view! {
                <p class="muted">"Create a bot with @BotFather, then paste its token. It is checked with Telegram and stored encrypted."</p>
                {text("ch-name", "Name", "e.g. Support bot", name)}
                {panel_select()}
                <label for="ch-token">"Bot token"</label>
                <input id="ch-token" type="password" autocomplete="off" placeholder="123456789:AA…" prop:value=move || token.get() on:input=move |ev| token.set(event_target_value(&ev)) />
                {mode_select()}
                {text("ch-api-url", "Bot API address (leave empty for Telegram)", "https://api.telegram.org", api_url)}
                <div class="actions"><button on:click=move |_| tg_open.set(false)>"Cancel"</button>
                    <button class="primary" disabled=move || busy.get() on:click=add>"Connect"</button></div>
            }}}
        </Modal>
        <Modal open=wa_open title="Add a WhatsApp number (Green API)">
            {let add = add_whatsapp.clone(); move || { let add = add.clone(); view! {
                <p class="muted">"Copy idInstance, apiUrl and apiTokenInstance from the Green API console. The token is stored encrypted."</p>
                {text("ch-name", "Name", "e.g. WhatsApp support", name)}
                {panel_select()}
                {text("ch-instance", "idInstance", "3301448207", instance)}
                {text("ch-api-url", "apiUrl", "https://3301.api.greenapi.com", api_url)}
                <label for="ch-token">"apiTokenInstance"</label>
                <input id="ch-token" type="password" autocomplete="off" prop:value=move || token.get() on:input=move |ev| token.set(event_target_value(&ev)) />
                {mode_select()}
                <div class="actions"><button on:click=move |_| wa_open.set(false)>"Cancel"</button>
                    <button class="primary" disabled=move || busy.get() on:click=add>"Connect"</button></div>
            }}}
        </Modal>
    }
}
