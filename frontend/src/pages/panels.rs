//! Panels: connect the panel's Admin API, test it, sync its services. Keys are never filled back.
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::Role;
use shared::panels::{ConnectionOutcome, CreatePanel, Panel, PanelKind, UpdatePanel};

use crate::components::loader::table_rows;
use crate::components::{ErrorLine, Modal, date, load};
use crate::session::SessionCtx;

fn outcome_badge(o: Option<ConnectionOutcome>) -> impl IntoView {
    use ConnectionOutcome::*;
    let (class, text) = match o {
        None => ("badge", "Not tested"),
        Some(Connected) => ("badge ok", "Connected"),
        Some(KeyRejected) => ("badge off", "Key rejected"),
        Some(NotAdminApi) => ("badge off", "Not an Admin API"),
        Some(Cloudflare) => ("badge off", "Cloudflare"),
        Some(Unreachable) => ("badge off", "Unreachable"),
        Some(TimedOut) => ("badge off", "Timed out"),
        Some(RateLimited) => ("badge off", "Rate limited"),
        Some(PanelError) => ("badge off", "Panel error"),
    };
    view! { <span class=class>{text}</span> }
}

fn kind_label(k: PanelKind) -> &'static str {
    match k {
        PanelKind::PerfectpanelV2 => "Perfect Panel (Admin API v2)",
        PanelKind::AdminapiV1 => "Rental Panel (/adminapi/v1)",
    }
}

#[derive(Clone, Default)]
struct Form {
    name: RwSignal<String>,
    kind: RwSignal<String>,
    url: RwSignal<String>,
    key: RwSignal<String>,
    user_url: RwSignal<String>,
    user_key: RwSignal<String>,
    rps: RwSignal<String>,
}

#[component]
fn Input(
    label: &'static str,
    id: &'static str,
    kind: &'static str,
    value: RwSignal<String>,
    #[prop(optional)] placeholder: &'static str,
) -> impl IntoView {
    view! {
        <label for=id>{label}</label>
        <input id=id type=kind placeholder=placeholder autocomplete="off" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
    }
}

#[component]
pub fn Panels() -> impl IntoView {
    let is_owner = SessionCtx::get().role() == Some(Role::Owner);
    let (panels, reload) = load(crate::api::panels);
    let error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let open = RwSignal::new(false);
    let editing = RwSignal::new(None::<String>);
    let form =
        Form { rps: RwSignal::new("5".into()), kind: RwSignal::new("perfectpanel_v2".into()), ..Default::default() };

    let open_add = {
        let f = form.clone();
        move |_| {
            editing.set(None);
            for s in [f.name, f.url, f.key, f.user_url, f.user_key] {
                s.set(String::new());
            }
            f.rps.set("5".into());
            f.kind.set("perfectpanel_v2".into());
            open.set(true);
        }
    };
    let save = {
        let (f, reload) = (form.clone(), reload.clone());
        move |_| {
            let reload = reload.clone();
            let kind =
                if f.kind.get_untracked() == "adminapi_v1" { PanelKind::AdminapiV1 } else { PanelKind::PerfectpanelV2 };
            let rps = f.rps.get_untracked().trim().parse::<u32>().ok();
            let opt = |s: RwSignal<String>| Some(s.get_untracked()).filter(|v| !v.trim().is_empty());
            let (name, url, key, user_url, user_key) = (
                f.name.get_untracked(),
                f.url.get_untracked(),
                f.key.get_untracked(),
                opt(f.user_url),
                opt(f.user_key),
            );
            let id = editing.get_untracked();
            spawn_local(async move {
                let result = match id {
                    None => {
                        crate::api::create_panel(&CreatePanel {
                            name,
                            kind,
                            admin_base_url: url,
                            admin_key: key,
                            user_api_url: user_url,
                            user_api_key: user_key,
                            rps,
                            timeout_secs: None,
                            orders_user_param: None,
                            bulk_ids: None,
                        })
                        .await
                    }
                    Some(id) => {
                        crate::api::update_panel(
                            &id,
                            &UpdatePanel {
                                name: Some(name),
                                kind: Some(kind),
                                admin_base_url: Some(url),
                                admin_key: Some(key),
                                user_api_url: Some(user_url.unwrap_or_default()),
                                user_api_key: user_key,
                                rps,
                                timeout_secs: None,
                                orders_user_param: None,
                                bulk_ids: None,
                            },
                        )
                        .await
                    }
                };
                match result {
                    Ok(_) => {
                        open.set(false);
                        error.set(None);
                        reload();
                    }
                    Err(e) => error.set(Some(e.message)),
                }
            });
        }
    };
    let row = {
        let (f, reload) = (form.clone(), reload.clone());
        move |p: Panel| {
            let (f, reload) = (f.clone(), reload.clone());
            let (id_test, id_sync, id_del) = (p.id.clone(), p.id.clone(), p.id.clone());
            let edit_panel = p.clone();
            let reload2 = reload.clone();
            view! {
                <tr>
                    <td>{p.name.clone()}</td>
                    <td>{kind_label(p.kind)}</td>
                    <td class="url" title=p.admin_base_url.clone()><code>{p.admin_base_url.clone()}</code></td>
                    <td title=p.last_tested_at.as_ref().map(|d| format!("Tested {}", date(d))).unwrap_or_default()>{outcome_badge(p.last_test)}</td>
                    <td>{p.rps}</td>
                    <td class="actions">
                        <button on:click=move |_| {
                            let (id, reload) = (id_test.clone(), reload.clone());
                            notice.set(Some("Testing the connection…".into()));
                            spawn_local(async move {
                                match crate::api::test_panel(&id).await {
                                    Ok(t) => notice.set(Some(t.message)),
                                    Err(e) => { notice.set(None); error.set(Some(e.message)) }
                                }
                                reload();
                            });
                        }>"Test"</button>
                        " "
                        {is_owner.then(|| view! {
                            <button on:click=move |_| {
                                let id = id_sync.clone();
                                spawn_local(async move {
                                    match crate::api::sync_services(&id).await {
                                        Ok(s) => notice.set(Some(format!("{} services read; {} new providers found.", s.services, s.providers_discovered))),
                                        Err(e) => error.set(Some(e.message)),
                                    }
                                });
                            }>"Sync"</button>
                            " "
                            <button on:click={
                                let (f, p) = (f.clone(), edit_panel.clone());
                                move |_| {
                                    editing.set(Some(p.id.clone()));
                                    f.name.set(p.name.clone());
                                    f.kind.set(if p.kind == PanelKind::AdminapiV1 { "adminapi_v1".into() } else { "perfectpanel_v2".into() });
                                    f.url.set(p.admin_base_url.clone());
                                    f.key.set(String::new());
                                    f.user_url.set(p.user_api_url.clone().unwrap_or_default());
                                    f.user_key.set(String::new());
                                    f.rps.set(p.rps.to_string());
                                    open.set(true);
                                }
                            }>"Edit"</button>
                            " "
                            <button class="danger" on:click=move |_| {
                                let (id, reload) = (id_del.clone(), reload2.clone());
                                spawn_local(async move {
                                    match crate::api::delete_panel(&id).await {
                                        Ok(()) => reload(),
                                        Err(e) => error.set(Some(e.message)),
                                    }
                                });
                            }>"Delete"</button>
                        })}
                    </td>
                </tr>
            }
        }
    };
    view! {
        <h1>"Panels"</h1>
        <ErrorLine message=error />
        {move || notice.get().map(|n| view! { <div class="notice" data-testid="panel-notice">{n}</div> })}
        <div class="toolbar">
            <span class="muted">"Connect your panel's Admin API so orders can be checked. Keys are stored encrypted and never shown again."</span>
            <span class="spacer"></span>
            {is_owner.then(|| view! { <button class="primary" on:click=open_add>"Add panel"</button> })}
        </div>
        <table data-testid="panels">
            <thead><tr><th>"Name"</th><th>"Kind"</th><th>"Admin API"</th><th>"Status"</th><th>"Req/s"</th><th></th></tr></thead>
            <tbody>{table_rows(panels, 6, "No panel connected yet. Add your panel to start.", row)}</tbody>
        </table>
        <Modal open=open title="Panel connection">
            {
                let (f, save) = (form.clone(), save.clone());
                move || {
                    let save = save.clone();
                    let key_hint = if editing.get().is_some() { "leave empty to keep the stored key" } else { "" };
                    view! {
                        <Input label="Name" id="panel-name" kind="text" value=f.name />
                        <label for="panel-kind">"Kind"</label>
                        <select id="panel-kind" prop:value=move || f.kind.get() on:change=move |ev| f.kind.set(event_target_value(&ev))>
                            <option value="perfectpanel_v2">"Perfect Panel (Admin API v2)"</option>
                            <option value="adminapi_v1">"Rental Panel (/adminapi/v1)"</option>
                        </select>
                        <Input label="Admin API base URL" id="panel-url" kind="text" value=f.url placeholder="https://yourpanel.com/adminapi/v2" />
                        <Input label="Admin API key" id="panel-key" kind="password" value=f.key placeholder=key_hint />
                        <Input label="Public API URL (optional, for the service list)" id="panel-user-url" kind="text" value=f.user_url placeholder="https://yourpanel.com/api/v2" />
                        <Input label="Public API key (optional)" id="panel-user-key" kind="password" value=f.user_key placeholder=key_hint />
                        <Input label="Requests per second" id="panel-rps" kind="text" value=f.rps />
                        <div class="actions">
                            <button on:click=move |_| open.set(false)>"Cancel"</button>
                            <button class="primary" on:click=save>"Save"</button>
                        </div>
                    }
                }
            }
        </Modal>
    }
}
