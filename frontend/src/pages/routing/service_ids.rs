//! Service-ID rules: per panel, one service's orders go to their own destination (before the
//! provider's route). Added inline, switched on and off, re-pointed and deleted in the table.
use leptos::prelude::*;
use shared::commands::{Destination, PatchServiceRoute, SaveServiceRoute, ServiceRoute};
use shared::panels::Panel;

use crate::api::ApiError;
use crate::components::loader::Loaded;
use crate::components::{
    Action, DataTable, DeleteButton, ErrorLine, Feedback, Field, RowActions, Select, Switch, TextInput, chosen_panel,
    panel_options,
};

/// The value chosen in a select, or its first option when none was chosen yet.
fn or_first(chosen: String, options: &[(String, String)]) -> String {
    if chosen.is_empty() { options.first().map(|o| o.0.clone()).unwrap_or_default() } else { chosen }
}

#[component]
pub fn ServiceIdRules(
    panels: Loaded<Vec<Panel>>,
    dests: Loaded<Vec<Destination>>,
    rules: Loaded<Vec<ServiceRoute>>,
    feedback: Feedback,
    reload: impl Fn() + Clone + 'static,
) -> impl IntoView {
    let add_act = Action::reloading(feedback.own_error(), reload.clone());
    let row_act = Action::reloading(feedback.own_error(), reload);
    let panel_opts = panel_options(panels);
    let dest_opts = Signal::derive(move || {
        dests.get().and_then(|r| r.ok()).unwrap_or_default().into_iter().map(|d| (d.id, d.name)).collect::<Vec<_>>()
    });
    let (panel, service, dest) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let service_error = RwSignal::new(None::<String>);

    let add = move |_| {
        let service_id = service.get_untracked().trim().to_string();
        if service_id.is_empty() {
            service_error.set(Some("Enter the panel's service id.".into()));
            return;
        }
        service_error.set(None);
        let panel_id = chosen_panel(panel.get_untracked(), panels.get_untracked());
        if panel_id.is_empty() {
            add_act.feedback.fail("Connect a panel first (Panels): service ids are the panel's own.");
            return;
        }
        let destination_id = or_first(dest.get_untracked(), &dest_opts.get_untracked());
        if destination_id.is_empty() {
            add_act.feedback.fail("Add a destination first (below), then route the service to it.");
            return;
        }
        let req = SaveServiceRoute { panel_id, service_id: service_id.clone(), destination_id, enabled: true };
        let call = async move {
            crate::api::create_service_route(&req).await.map_err(|e| match e.status {
                409 => {
                    ApiError::plain(format!("This panel already has a rule for service {service_id}: change that one."))
                }
                _ => e,
            })
        };
        add_act.run(call, move |r| {
            service.set(String::new());
            Some(format!("Rule for service {} added.", r.service_id))
        });
    };

    let row = move |r: ServiceRoute| {
        let panel_name = panel_opts
            .get()
            .into_iter()
            .find(|(id, _)| *id == r.panel_id)
            .map(|(_, name)| name)
            .unwrap_or_else(|| "—".into());
        let sid = r.service_id.clone();
        let (id_t, id_d) = (r.id.clone(), r.id.clone());
        let edit = r.clone();
        let chosen = r.destination_id.clone();
        view! {
            <tr>
                <td>{panel_name.clone()}</td>
                <td>{sid.clone()}</td>
                <td><select aria-label=format!("Destination for service {sid}") disabled=move || row_act.busy.get() on:change=move |ev| {
                    let e = edit.clone();
                    let notice = format!("Rule for service {} saved.", e.service_id);
                    let req = SaveServiceRoute { panel_id: e.panel_id, service_id: e.service_id, destination_id: event_target_value(&ev), enabled: e.enabled };
                    row_act.run_then(async move { crate::api::update_service_route(&e.id, &req).await }, notice);
                }>
                    {dest_opts.get().into_iter().map(|(id, name)| { let is = id == chosen; view! { <option value=id selected=is>{name}</option> } }).collect_view()}
                </select></td>
                <td><Switch label=format!("Rule enabled for service {sid}") checked=r.enabled disabled=row_act.busy on_toggle=move |on| {
                    let (id, req) = (id_t.clone(), PatchServiceRoute { enabled: Some(on), destination_id: None });
                    row_act.run(async move { crate::api::patch_service_route(&id, &req).await }, |_| None);
                } /></td>
                <RowActions>
                    <DeleteButton question=format!("Delete the rule for service {sid} on {panel_name}? Its orders follow the provider's route again.")
                        disabled=row_act.busy on_confirm=move || {
                            let id = id_d.clone();
                            row_act.run_then(async move { crate::api::delete_service_route(&id).await }, "Rule deleted.");
                        } />
                </RowActions>
            </tr>
        }
    };

    view! {
        <h1 class="section">"Service-ID rules"</h1>
        <div class="toolbar form-row">
            <Field label="Panel" id="rule-panel"><Select id="rule-panel" value=panel options=panel_opts /></Field>
            <Field label="Service ID" id="rule-service" error=service_error>
                <TextInput id="rule-service" value=service placeholder="e.g. 1234" width="140px" />
            </Field>
            <Field label="Destination" id="rule-destination"><Select id="rule-destination" value=dest options=dest_opts /></Field>
            <button on:click=add disabled=move || add_act.busy.get()>"Add rule"</button>
        </div>
        <ErrorLine message=add_act.feedback.error />
        <ErrorLine message=row_act.feedback.error />
        <DataTable testid="service-routes" head=&["Panel", "Service ID", "Destination", "On", ""] rows=rules row
            empty="No service-ID rules" hint="A rule sends one service's orders to their own destination, before the provider's route." />
    }
}
