//! Service rules: the synced services with the refill and start time read from each name, what
//! matched, an override per row, and a box to test any service name.
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::commands::{ServiceOverride, ServiceRuleRow, ServiceTextCheck, ServiceTextResult};

use crate::components::{ErrorLine, load};

fn hours(h: Option<f64>) -> String {
    h.map(|h| format!("{h} h")).unwrap_or_else(|| "unknown".into())
}

#[component]
pub fn ServiceRules() -> impl IntoView {
    let (panels, _) = load(crate::api::panels);
    let panel = RwSignal::new(String::new());
    let rows = RwSignal::new(Vec::<ServiceRuleRow>::new());
    let error = RwSignal::new(None::<String>);
    let name = RwSignal::new(String::new());
    let checked = RwSignal::new(None::<ServiceTextResult>);
    let panel_id = move || crate::components::chosen_panel(panel.get_untracked(), panels.get_untracked());
    let reload = move || {
        let id = panel_id();
        if id.is_empty() {
            return;
        }
        spawn_local(async move {
            match crate::api::services(&id).await {
                Ok(r) => rows.set(r),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    Effect::new(move |_| {
        if panels.get().is_some() {
            reload();
        }
    });
    let sync = move |_| {
        let id = panel_id();
        spawn_local(async move {
            match crate::api::sync_services(&id).await {
                Ok(_) => reload(),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    let test = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let req = ServiceTextCheck { name: name.get_untracked(), ..Default::default() };
        spawn_local(async move {
            match crate::api::check_service(&req).await {
                Ok(r) => checked.set(Some(r)),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    view! {
        <h1>"Service rules"</h1>
        <ErrorLine message=error />
        <form class="toolbar" on:submit=test>
            <input type="text" aria-label="Service name to test" placeholder="Test a service name, e.g. Instagram Likes [R30] [Start: 0-1 Hour]" style="width:480px"
                prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
            <button type="submit">"Test"</button>
            {move || checked.get().map(|c| view! {
                <span data-testid="service-check">"Refill: "<b>{c.refill}</b>" · start within "<b>{hours(c.start_max_hours)}</b>
                <span class="muted">{c.refill_matched.map(|m| format!(" (matched “{m}”)")).unwrap_or_default()}</span></span>
            })}
        </form>
        <div class="toolbar">
            <select aria-label="Panel" on:change=move |ev| { panel.set(event_target_value(&ev)); reload() }>
                {move || panels.get().and_then(|r| r.ok()).unwrap_or_default().into_iter().map(|p| view! { <option value=p.id.clone()>{p.name}</option> }).collect_view()}
            </select>
            <button on:click=sync>"Sync services from the panel"</button>
            <span class="muted">"Overrides apply when Settings → Advanced service rules is on."</span>
        </div>
        <table data-testid="service-rules">
            <thead><tr><th>"ID"</th><th>"Service"</th><th>"Refill (read)"</th><th>"Start (read)"</th><th>"Matched"</th><th>"Refill override"</th><th></th></tr></thead>
            <tbody>{move || {
                let list = rows.get();
                if list.is_empty() {
                    return view! { <tr><td class="empty" colspan="7">"No services yet: add the panel's public API URL and key, then sync."</td></tr> }.into_any();
                }
                list.into_iter().map(|r| {
                    let value = RwSignal::new(r.refill_override.clone().unwrap_or_default());
                    let (sid, o) = (r.service_id.clone(), r.clone());
                    view! {
                        <tr>
                            <td>{r.service_id.clone()}</td>
                            <td style="white-space:normal;max-width:380px">{r.name.clone()}</td>
                            <td>{r.parsed_refill.clone()}</td>
                            <td>{hours(r.parsed_start_max_hours)}</td>
                            <td class="muted">{r.refill_matched.clone().unwrap_or_default()}</td>
                            <td><input type="text" class="inline-input" aria-label=format!("Refill override for {}", r.service_id) placeholder="none / 30 / lifetime"
                                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) /></td>
                            <td><button on:click=move |_| {
                                let (pid, sid) = (panel_id(), sid.clone());
                                let v = value.get_untracked();
                                let req = ServiceOverride { refill_override: Some(v).filter(|v| !v.trim().is_empty()), start_override_hours: o.start_override_hours, refill_on_partial: o.refill_on_partial, cancel_allowed: o.cancel_allowed };
                                spawn_local(async move { match crate::api::override_service(&pid, &sid, &req).await { Ok(_) => { error.set(None); reload() } Err(e) => error.set(Some(e.message)) } });
                            }>"Save"</button></td>
                        </tr>
                    }
                }).collect_view().into_any()
            }}</tbody>
        </table>
    }
}
