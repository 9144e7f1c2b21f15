//! Panels: connect the panel's Admin API, test it, sync its services. Keys are never filled back.
use leptos::prelude::*;
use shared::api::Role;
use shared::panels::{ConnectionOutcome, CreatePanel, Panel, PanelKind, UpdatePanel};

use crate::components::{
    Action, DataTable, DeleteButton, Feedback, FeedbackView, Field, Modal, RowActions, TextInput, date, load,
};
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

#[derive(Clone, Copy, Default)]
struct Form {
    name: RwSignal<String>,
    kind: RwSignal<String>,
    url: RwSignal<String>,
    key: RwSignal<String>,
    user_url: RwSignal<String>,
    user_key: RwSignal<String>,
    rps: RwSignal<String>,
    /// Hours between service-list refreshes (advanced rules); 0 = only by hand.
    refresh: RwSignal<String>,
    /// Save although the connection test fails (a panel that is down right now).
    save_anyway: RwSignal<bool>,
}

#[component]
pub fn Panels() -> impl IntoView {
    let is_owner = SessionCtx::get().role() == Some(Role::Owner);
    let (panels, reload) = load(crate::api::panels);
    let fb = Feedback::new();
    let act = Action::reloading(fb, reload.clone());
    let save_act = Action::reloading(fb.own_error(), reload);
    let open = RwSignal::new(false);
    let editing = RwSignal::new(None::<String>);
    let form = Form {
        rps: RwSignal::new("5".into()),
        refresh: RwSignal::new("6".into()),
        kind: RwSignal::new("perfectpanel_v2".into()),
        ..Default::default()
    };

    let f = form;
    let open_add = move |_| {
        editing.set(None);
        for s in [f.name, f.url, f.key, f.user_url, f.user_key] {
            s.set(String::new());
        }
        f.rps.set("5".into());
        f.refresh.set("6".into());
        f.kind.set("perfectpanel_v2".into());
        f.save_anyway.set(false);
        open.set(true);
    };
    let save = {
        move |_| {
            let kind =
                if f.kind.get_untracked() == "adminapi_v1" { PanelKind::AdminapiV1 } else { PanelKind::PerfectpanelV2 };
            let rps = f.rps.get_untracked().trim().parse::<u32>().ok();
            let refresh = f.refresh.get_untracked().trim().parse::<u32>().ok();
            let opt = |s: RwSignal<String>| Some(s.get_untracked()).filter(|v| !v.trim().is_empty());
            let (name, url, key, user_url, user_key) = (
                f.name.get_untracked(),
                f.url.get_untracked(),
                f.key.get_untracked(),
                opt(f.user_url),
                opt(f.user_key),
            );
            let id = editing.get_untracked();
            let call = async move {
                match id {
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
                            services_refresh_hours: refresh,
                            save_anyway: f.save_anyway.get_untracked(),
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
                                services_refresh_hours: refresh,
                            },
                        )
                        .await
                    }
                }
            };
            save_act.run(call, move |p| {
                open.set(false);
                Some(format!("{} saved.", p.name))
            });
        }
    };
    let row = {
        move |p: Panel| {
            let (id_test, id_sync, id_del) = (p.id.clone(), p.id.clone(), p.id.clone());
            let edit_panel = p.clone();
            let question = format!("Delete the panel “{}”? Its channels stop answering customers.", p.name);
            view! {
                <tr>
                    <td>{p.name.clone()}</td>
                    <td>{kind_label(p.kind)}</td>
                    <td class="url" title=p.admin_base_url.clone()><code>{p.admin_base_url.clone()}</code></td>
                    <td title=p.last_tested_at.as_ref().map(|d| format!("Tested {}", date(d))).unwrap_or_default()>{outcome_badge(p.last_test)}</td>
                    <td>{p.rps}</td>
                    <RowActions>
                        <button disabled=move || act.busy.get() on:click=move |_| {
                            let id = id_test.clone();
                            fb.tell("Testing the connection…");
                            act.run(async move { crate::api::test_panel(&id).await }, |t| Some(t.message));
                        }>"Test"</button>
                        " "
                        {is_owner.then(|| view! {
                            <button disabled=move || act.busy.get() on:click=move |_| {
                                let id = id_sync.clone();
                                act.run(async move { crate::api::sync_services(&id).await }, |s| {
                                    Some(format!("{} services read; {} new providers found.", s.services, s.providers_discovered))
                                });
                            }>"Sync"</button>
                            " "
                            <button on:click={
                                let p = edit_panel.clone();
                                move |_| {
                                    editing.set(Some(p.id.clone()));
                                    f.name.set(p.name.clone());
                                    f.kind.set(if p.kind == PanelKind::AdminapiV1 { "adminapi_v1".into() } else { "perfectpanel_v2".into() });
                                    f.url.set(p.admin_base_url.clone());
                                    f.key.set(String::new());
                                    f.user_url.set(p.user_api_url.clone().unwrap_or_default());
                                    f.user_key.set(String::new());
                                    f.rps.set(p.rps.to_string());
                                    f.refresh.set(p.services_refresh_hours.to_string());
                                    open.set(true);
                                }
                            }>"Edit"</button>
                            " "
                            <DeleteButton question disabled=act.busy on_confirm=move || {
                                let id = id_del.clone();
                                act.run_then(async move { crate::api::delete_panel(&id).await }, "Panel deleted.");
                            } />
                        })}
                    </RowActions>
                </tr>
            }
        }
    };
    view! {
        <h1>"Panels"</h1>
        <FeedbackView feedback=fb notice_testid="panel-notice" />
        <div class="toolbar">
            <span class="muted">"Connect your panel's Admin API so orders can be checked. Keys are stored encrypted and never shown again."</span>
            <span class="spacer"></span>
            {is_owner.then(|| view! { <button class="primary" on:click=open_add>"Add panel"</button> })}
        </div>
        <DataTable testid="panels" head=&["Name", "Kind", "Admin API", "Status", "Req/s", ""] rows=panels row
            empty="No panel connected yet" hint="Add your panel to start." />
        <Modal open title="Panel connection" action=save_act>
            {
                move || {
                    let key_hint = if editing.get().is_some() { "Leave empty to keep the stored key." } else { "" };
                    view! {
                        <Field label="Name" id="panel-name"><TextInput id="panel-name" value=f.name /></Field>
                        <Field label="Kind" id="panel-kind">
                            <select id="panel-kind" prop:value=move || f.kind.get() on:change=move |ev| f.kind.set(event_target_value(&ev))>
                                <option value="perfectpanel_v2">"Perfect Panel (Admin API v2)"</option>
                                <option value="adminapi_v1">"Rental Panel (/adminapi/v1)"</option>
                            </select>
                        </Field>
                        <Field label="Admin API base URL" id="panel-url">
                            <TextInput id="panel-url" value=f.url placeholder="https://yourpanel.com/adminapi/v2" />
                        </Field>
                        <Field label="Admin API key" id="panel-key" hint=key_hint><TextInput id="panel-key" kind="password" value=f.key /></Field>
                        <p class="cell-note">"Where to find it: in your panel's admin area, in the settings of the Admin API \
                            (Perfect Panel: the address is your domain followed by /adminapi/v2; Rental Panel style \
                            panels: /adminapi/v1). Ask your panel provider to switch the Admin API on if it is missing. \
                            Saving tests the connection first."</p>
                        <Field label="Public API URL (optional, for the service list)" id="panel-user-url">
                            <TextInput id="panel-user-url" value=f.user_url placeholder="https://yourpanel.com/api/v2" />
                        </Field>
                        <Field label="Public API key (optional)" id="panel-user-key" hint=key_hint>
                            <TextInput id="panel-user-key" kind="password" value=f.user_key />
                        </Field>
                        <Field label="Requests per second" id="panel-rps"><TextInput id="panel-rps" value=f.rps width="100px" /></Field>
                        <Field label="Read the service list again every (hours)" id="panel-refresh"
                            hint="Advanced service rules only; 0 = only with Sync services">
                            <TextInput id="panel-refresh" value=f.refresh width="100px" />
                        </Field>
                        {editing.get().is_none().then(|| view! {
                            <label class="check"><input type="checkbox" data-testid="panel-save-anyway"
                                prop:checked=move || f.save_anyway.get()
                                on:change=move |ev| f.save_anyway.set(event_target_checked(&ev)) />
                                " Save anyway, even if the test fails (the panel is down right now)"</label>
                        })}
                        <div class="actions">
                            <button on:click=move |_| open.set(false)>"Cancel"</button>
                            <button class="primary" disabled=move || save_act.busy.get() on:click=save>"Save"</button>
                        </div>
                    }
                }
            }
        </Modal>
    }
}
