//! Routing: provider routes (alias → destination, with toggles and message templates), service-ID
//! rules per panel, the manual-services and fallback destinations, and the destinations.
mod destinations;
mod service_ids;

use leptos::prelude::*;
use shared::commands::{Destination, ProviderRoute, RouteTemplates, SaveProviderRoute};

use crate::components::{Action, DataTable, ErrorLine, Feedback, FeedbackView, Field, Modal, Switch, TextInput, load};

/// Options of a destination select, with "— none —" first.
fn destination_options(list: Vec<Destination>, selected: Option<String>) -> impl IntoView {
    view! {
        <option value="" selected=selected.is_none()>"— none —"</option>
        {list.into_iter().map(|d| {
            let is = selected.as_deref() == Some(d.id.as_str());
            view! { <option value=d.id.clone() selected=is>{d.name}</option> }
        }).collect_view()}
    }
}

#[component]
pub fn Routing() -> impl IntoView {
    let (dests, reload_dests) = load(crate::api::destinations);
    let (routes, reload_routes) = load(crate::api::provider_routes);
    let (rules, reload_rules) = load(crate::api::service_routes);
    let (settings, reload_settings) = load(crate::api::settings);
    let (panels, _) = load(crate::api::panels);
    let fb = Feedback::new();
    let dest_list = move || dests.get().and_then(|r| r.ok()).unwrap_or_default();
    let reload_all = {
        let (d, r, s, t) = (reload_dests.clone(), reload_routes.clone(), reload_rules.clone(), reload_settings.clone());
        move || {
            d();
            r();
            s();
            t();
        }
    };

    // Provider routes: one row per alias; the templates dialog shows its own errors.
    let route_act = Action::reloading(fb.own_error(), reload_routes.clone());
    let tpl_act = Action::reloading(fb.own_error(), reload_routes);
    let tpl_open = RwSignal::new(false);
    let tpl_for = RwSignal::new(None::<ProviderRoute>);
    let (t_refill, t_speed, t_cancel) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let save_route = move |act: Action, r: ProviderRoute, dest: Option<String>, enabled: bool, templates| {
        let Some(destination_id) = dest.filter(|d| !d.is_empty()) else {
            act.feedback.fail(format!("Choose a destination for {} first.", r.provider_alias));
            return;
        };
        let req = SaveProviderRoute { destination_id, enabled, templates };
        let notice = format!("Route for {} saved.", r.provider_alias);
        act.run(async move { crate::api::save_provider_route(&r.provider_id, &req).await }, move |_| {
            tpl_open.set(false);
            Some(notice)
        });
    };
    let route_row = move |r: ProviderRoute| {
        let (r1, r2, r3) = (r.clone(), r.clone(), r.clone());
        let selected = RwSignal::new(r.destination_id.clone());
        let alias = r.provider_alias.clone();
        let refill =
            if r.templates.refill.is_empty() { "{external_ids} {command}".into() } else { r.templates.refill.clone() };
        view! {
            <tr>
                <td>{alias.clone()}</td>
                <td><select aria-label=format!("Destination for {alias}") disabled=move || route_act.busy.get() on:change=move |ev| {
                    let v = event_target_value(&ev);
                    selected.set(Some(v.clone()));
                    save_route(route_act, r1.clone(), Some(v), true, r1.templates.clone());
                }>{destination_options(dest_list(), r.destination_id.clone())}</select></td>
                <td><Switch label=format!("Route enabled for {alias}") checked=r.enabled
                    disabled=Signal::derive(move || route_act.busy.get() || selected.get().is_none_or(|d| d.is_empty()))
                    on_toggle=move |on| save_route(route_act, r2.clone(), selected.get_untracked(), on, r2.templates.clone()) /></td>
                <td><code>{refill}</code></td>
                <td class="actions"><button on:click=move |_| {
                    t_refill.set(r3.templates.refill.clone());
                    t_speed.set(r3.templates.speed.clone());
                    t_cancel.set(r3.templates.cancel.clone());
                    tpl_for.set(Some(r3.clone()));
                    tpl_open.set(true);
                }>"Templates"</button></td>
            </tr>
        }
    };
    let save_templates = move |_| {
        if let Some(r) = tpl_for.get_untracked() {
            let t = RouteTemplates {
                refill: t_refill.get_untracked(),
                speed: t_speed.get_untracked(),
                cancel: t_cancel.get_untracked(),
            };
            let enabled = r.enabled || r.destination_id.is_none();
            save_route(tpl_act, r.clone(), r.destination_id.clone(), enabled, t);
        }
    };

    // Manual and fallback destinations live in the settings.
    let special_act = Action::reloading(fb.own_error(), reload_settings);
    let save_special = move |manual: bool, value: String| {
        let Some(Ok(mut s)) = settings.get_untracked() else { return };
        let v = Some(value).filter(|v| !v.is_empty());
        if manual {
            s.manual_destination_id = v
        } else {
            s.fallback_destination_id = v
        }
        special_act.run_then(async move { crate::api::save_settings(&s).await }, "Saved.");
    };
    let special = move |manual: bool| {
        let s = settings.get().and_then(|r| r.ok());
        let chosen = s.and_then(|s| if manual { s.manual_destination_id } else { s.fallback_destination_id });
        destination_options(dest_list(), chosen)
    };

    view! {
        <h1>"Routing"</h1>
        <div class="privacy">{super::providers::PRIVACY_LINE}</div>
        <FeedbackView feedback=fb />
        <p class="muted">"First add the provider groups (destinations), then send each provider to one. Order of routing: a service-ID rule, then the provider's route, then the manual-services destination (orders without a provider), then the fallback."</p>
        <destinations::Destinations dests feedback=fb reload=reload_dests reload_all />
        <h1 class="section">"Provider routes"</h1>
        <ErrorLine message=route_act.feedback.error />
        <DataTable testid="provider-routes" head=&["Provider", "Destination", "On", "Refill message", ""] rows=routes row=route_row
            empty="No providers yet" hint="Look an order up or sync your services: providers appear here by alias." />
        <service_ids::ServiceIdRules panels dests rules feedback=fb reload=reload_rules />
        <h1 class="section">"Manual services and fallback"</h1>
        <ErrorLine message=special_act.feedback.error />
        <div class="toolbar">
            <label for="manual-dest" style="margin:0">"Manual services go to"</label>
            <select id="manual-dest" disabled=move || special_act.busy.get() on:change=move |ev| save_special(true, event_target_value(&ev))>
                {move || special(true)}
            </select>
            <label for="fallback-dest" style="margin:0 0 0 16px">"Anything unrouted goes to"</label>
            <select id="fallback-dest" disabled=move || special_act.busy.get() on:change=move |ev| save_special(false, event_target_value(&ev))>
                {move || special(false)}
            </select>
        </div>
        <Modal open=tpl_open title="Message templates" action=tpl_act>
            <p data-testid="tpl-provider">{move || tpl_for.get().map(|r| format!("What {}'s group receives.", r.provider_alias)).unwrap_or_default()}</p>
            <p class="muted">"Variables: {external_ids}, {order_ids}, {command}, {count}. Empty uses the default shown in grey."</p>
            <Field label="Refill" id="tpl-refill"><TextInput id="tpl-refill" value=t_refill placeholder="{external_ids} refill" /></Field>
            <Field label="Speed" id="tpl-speed"><TextInput id="tpl-speed" value=t_speed placeholder="{external_ids} speed" /></Field>
            <Field label="Cancel" id="tpl-cancel"><TextInput id="tpl-cancel" value=t_cancel placeholder="{external_ids} cancel" /></Field>
            <div class="actions">
                <button on:click=move |_| tpl_open.set(false)>"Cancel"</button>
                <button class="primary" disabled=move || tpl_act.busy.get() on:click=save_templates>"Save"</button>
            </div>
        </Modal>
    }
}
