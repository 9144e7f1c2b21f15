//! Service rules: the synced services with the refill and start time read from each name, what
//! matched, an override per row, and a box to test any service name.
use leptos::prelude::*;
use shared::commands::{ServiceOverride, ServiceRuleRow, ServiceTextCheck, ServiceTextResult};

use crate::api::ApiError;
use crate::components::{
    Action, DataTable, ErrorLine, Feedback, FeedbackView, RowActions, Select, TextInput, chosen_panel, load,
    panel_options,
};

fn hours(h: Option<f64>) -> String {
    h.map(|h| format!("{h} h")).unwrap_or_else(|| "unknown".into())
}

#[component]
pub fn ServiceRules() -> impl IntoView {
    let (panels, _) = load(crate::api::panels);
    let panel = RwSignal::new(String::new());
    let rows = RwSignal::new(None::<Result<Vec<ServiceRuleRow>, ApiError>>);
    let fb = Feedback::new();
    // A reload after a sync or a save must not wipe that action's notice or error: it runs in the
    // background with its own error line.
    let load_act = Action::new(fb.own_error()).in_background();
    let name = RwSignal::new(String::new());
    let checked = RwSignal::new(None::<ServiceTextResult>);
    let panel_id = move || chosen_panel(panel.get_untracked(), panels.get_untracked());
    let reload = move || {
        let id = panel_id();
        if id.is_empty() {
            rows.set(Some(Ok(Vec::new())));
            return;
        }
        load_act.run(async move { crate::api::services(&id).await }, move |r| {
            rows.set(Some(Ok(r)));
            None
        });
    };
    Effect::new(move |_| {
        if panels.get().is_some() {
            reload();
        }
    });
    Effect::new(move |prev: Option<String>| {
        let chosen = panel.get();
        if prev.is_some_and(|p| p != chosen) {
            reload();
        }
        chosen
    });
    let sync_act = Action::reloading(fb, reload);
    let save_act = Action::reloading(fb, reload);
    let check_act = Action::new(fb);
    let sync = move |_| {
        let id = panel_id();
        if id.is_empty() {
            sync_act.feedback.fail("Connect a panel first (Panels), then sync its services.");
            return;
        }
        sync_act.run(async move { crate::api::sync_services(&id).await }, |s| {
            Some(format!("{} services read; {} new providers found.", s.services, s.providers_discovered))
        });
    };
    let test = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let req = ServiceTextCheck { name: name.get_untracked(), ..Default::default() };
        check_act.run(async move { crate::api::check_service(&req).await }, move |r| {
            checked.set(Some(r));
            None
        });
    };
    let row = move |r: ServiceRuleRow| {
        let value = RwSignal::new(r.refill_override.clone().unwrap_or_default());
        let (sid, o) = (r.service_id.clone(), r.clone());
        view! {
            <tr>
                <td>{r.service_id.clone()}</td>
                <td style="white-space:normal;max-width:380px">{r.name.clone()}</td>
                <td>{r.parsed_refill.clone()}</td>
                <td>{hours(r.parsed_start_max_hours)}</td>
                <td class="muted">{r.refill_matched.clone().unwrap_or_default()}</td>
                <td><TextInput class="inline-input" label=format!("Refill override for {}", r.service_id) placeholder="none / 30 / lifetime" value /></td>
                <RowActions><button disabled=move || save_act.busy.get() on:click=move |_| {
                    let (pid, sid) = (panel_id(), sid.clone());
                    let v = value.get_untracked();
                    let req = ServiceOverride { refill_override: Some(v).filter(|v| !v.trim().is_empty()), start_override_hours: o.start_override_hours, refill_on_partial: o.refill_on_partial, cancel_allowed: o.cancel_allowed };
                    let notice = format!("Override for service {sid} saved.");
                    save_act.run_then(async move { crate::api::override_service(&pid, &sid, &req).await }, notice);
                }>"Save"</button></RowActions>
            </tr>
        }
    };
    view! {
        <h1>"Service rules"</h1>
        <FeedbackView feedback=fb />
        <ErrorLine message=load_act.feedback.error />
        <form class="toolbar" on:submit=test>
            <TextInput label="Service name to test" placeholder="Test a service name, e.g. Instagram Likes [R30] [Start: 0-1 Hour]" value=name width="480px" />
            <button type="submit" disabled=move || check_act.busy.get()>"Test"</button>
            {move || checked.get().map(|c| view! {
                <span data-testid="service-check">"Refill: "<b>{c.refill}</b>" · start within "<b>{hours(c.start_max_hours)}</b>
                <span class="muted">{c.refill_matched.map(|m| format!(" (matched “{m}”)")).unwrap_or_default()}</span></span>
            })}
        </form>
        <div class="toolbar">
            <Select label="Panel" value=panel options=panel_options(panels) disabled=load_act.busy />
            <button disabled=move || sync_act.busy.get() on:click=sync>"Sync services from the panel"</button>
            <span class="muted">"Overrides apply when Settings → Advanced service rules is on."</span>
        </div>
        <DataTable testid="service-rules" rows row
            head=&["ID", "Service", "Refill (read)", "Start (read)", "Matched", "Refill override", ""]
            empty="No services yet" hint="Add the panel's public API URL and key (Panels), then sync." />
    }
}
