//! Routing: destinations, provider routes (alias → destination, with toggles and message
//! templates), service-ID rules, and the manual-services and fallback destinations.
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::commands::{
    Destination, DestinationKind, ProviderRoute, RouteTemplates, SaveDestination, SaveProviderRoute, SaveServiceRoute,
    ServiceRoute,
};

use crate::components::loader::table_rows;
use crate::components::{ErrorLine, Modal, load};

fn kind_label(k: DestinationKind) -> &'static str {
    match k {
        DestinationKind::WhatsappGroup => "WhatsApp group",
        DestinationKind::WhatsappNumber => "WhatsApp number",
        DestinationKind::TelegramGroup => "Telegram group",
        DestinationKind::TelegramUser => "Telegram user",
    }
}

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
    let error = RwSignal::new(None::<String>);
    let tested = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let dest_list = move || dests.get().and_then(|r| r.ok()).unwrap_or_default();
    let fail = move |e: crate::api::ApiError| error.set(Some(e.message));

    // Add destination modal
    let open = RwSignal::new(false);
    let (d_name, d_kind, d_addr) =
        (RwSignal::new(String::new()), RwSignal::new("telegram_group".to_string()), RwSignal::new(String::new()));
    let add_dest = {
        let reload = reload_dests.clone();
        move |_| {
            let reload = reload.clone();
            let kind = match d_kind.get_untracked().as_str() {
                "whatsapp_group" => DestinationKind::WhatsappGroup,
                "whatsapp_number" => DestinationKind::WhatsappNumber,
                "telegram_user" => DestinationKind::TelegramUser,
                _ => DestinationKind::TelegramGroup,
            };
            let req =
                SaveDestination { name: d_name.get_untracked(), kind, address: d_addr.get_untracked(), enabled: true };
            spawn_local(async move {
                match crate::api::create_destination(&req).await {
                    Ok(_) => {
                        open.set(false);
                        error.set(None);
                        reload()
                    }
                    Err(e) => fail(e),
                }
            });
        }
    };
    let dest_row = {
        let reload = reload_dests.clone();
        move |d: Destination| {
            let reload = reload.clone();
            let save = d.clone();
            let test_id = d.id.clone();
            view! {
                <tr>
                    <td>{d.name}</td><td>{kind_label(d.kind)}</td><td><code>{d.address}</code></td>
                    <td><input type="checkbox" class="switch" aria-label="Destination enabled" prop:checked=d.enabled on:change=move |ev| {
                        let reload = reload.clone();
                        let req = SaveDestination { name: save.name.clone(), kind: save.kind, address: save.address.clone(), enabled: event_target_checked(&ev) };
                        let id = save.id.clone();
                        spawn_local(async move { if let Err(e) = crate::api::update_destination(&id, &req).await { fail(e) } reload() });
                    } /></td>
                    <td><button on:click=move |_| {
                        let id = test_id.clone();
                        spawn_local(async move {
                            match crate::api::test_destination(&id).await {
                                Ok(r) if r.ok => { tested.set(Some(format!("Test message {}.", r.message))); error.set(None) }
                                Ok(r) => { tested.set(None); error.set(Some(format!("The test message was not sent: {}", r.message))) }
                                Err(e) => fail(e),
                            }
                        });
                    }>"Send test message"</button></td>
                </tr>
            }
        }
    };

    // Provider routes: one row per alias.
    let tpl_open = RwSignal::new(false);
    let tpl_for = RwSignal::new(None::<ProviderRoute>);
    let (t_refill, t_speed, t_cancel) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let save_route = {
        let reload = reload_routes.clone();
        move |r: ProviderRoute, destination: Option<String>, enabled: bool, templates: RouteTemplates| {
            let reload = reload.clone();
            let Some(destination_id) = destination.filter(|d| !d.is_empty()) else {
                error.set(Some(format!("Choose a destination for {} first.", r.provider_alias)));
                return;
            };
            spawn_local(async move {
                match crate::api::save_provider_route(
                    &r.provider_id,
                    &SaveProviderRoute { destination_id, enabled, templates },
                )
                .await
                {
                    Ok(_) => {
                        error.set(None);
                        notice.set(Some(format!("Route for {} saved.", r.provider_alias)))
                    }
                    Err(e) => fail(e),
                }
                reload();
            });
        }
    };
    let route_row = {
        let save_route = save_route.clone();
        move |r: ProviderRoute| {
            let (s1, s2) = (save_route.clone(), save_route.clone());
            let (r1, r2, r3) = (r.clone(), r.clone(), r.clone());
            let selected = RwSignal::new(r.destination_id.clone());
            let alias = r.provider_alias.clone();
            view! {
                <tr>
                    <td>{alias.clone()}</td>
                    <td><select aria-label=format!("Destination for {alias}") on:change=move |ev| {
                        let v = event_target_value(&ev);
                        selected.set(Some(v.clone()));
                        s1(r1.clone(), Some(v), true, r1.templates.clone());
                    }>{destination_options(dest_list(), r.destination_id.clone())}</select></td>
                    <td><input type="checkbox" class="switch" aria-label=format!("Route enabled for {alias}") prop:checked=r.enabled on:change=move |ev| {
                        s2(r2.clone(), selected.get_untracked(), event_target_checked(&ev), r2.templates.clone())
                    } /></td>
                    <td><code>{if r.templates.refill.is_empty() { "{external_ids} {command}".to_string() } else { r.templates.refill.clone() }}</code></td>
                    <td><button on:click=move |_| {
                        t_refill.set(r3.templates.refill.clone()); t_speed.set(r3.templates.speed.clone()); t_cancel.set(r3.templates.cancel.clone());
                        tpl_for.set(Some(r3.clone())); tpl_open.set(true);
                    }>"Templates"</button></td>
                </tr>
            }
        }
    };
    let save_templates = {
        let save_route = save_route.clone();
        move |_| {
            if let Some(r) = tpl_for.get_untracked() {
                let t = RouteTemplates {
                    refill: t_refill.get_untracked(),
                    speed: t_speed.get_untracked(),
                    cancel: t_cancel.get_untracked(),
                };
                save_route(r.clone(), r.destination_id.clone(), r.enabled || r.destination_id.is_none(), t);
            }
            tpl_open.set(false);
        }
    };

    // Service-ID rules
    let (svc_id, svc_dest) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let add_rule = {
        let reload = reload_rules.clone();
        move |_| {
            let reload = reload.clone();
            let req = SaveServiceRoute {
                service_id: svc_id.get_untracked(),
                destination_id: svc_dest.get_untracked(),
                enabled: true,
            };
            spawn_local(async move {
                match crate::api::create_service_route(&req).await {
                    Ok(_) => {
                        svc_id.set(String::new());
                        error.set(None);
                        reload()
                    }
                    Err(e) => fail(e),
                }
            });
        }
    };
    let rule_row = {
        let reload = reload_rules.clone();
        move |r: ServiceRoute| {
            let reload = reload.clone();
            let name = dest_list().into_iter().find(|d| d.id == r.destination_id).map(|d| d.name).unwrap_or_default();
            let id = r.id.clone();
            view! {
                <tr><td>{r.service_id}</td><td>{name}</td><td>{if r.enabled { "On" } else { "Off" }}</td>
                <td><button class="danger" on:click=move |_| { let (id, reload) = (id.clone(), reload.clone()); spawn_local(async move { if let Err(e) = crate::api::delete_service_route(&id).await { fail(e) } reload() }); }>"Remove"</button></td></tr>
            }
        }
    };

    // Manual and fallback destinations live in the settings.
    let save_special = move |which: &'static str, value: String| {
        let reload = reload_settings.clone();
        let Some(Ok(mut s)) = settings.get_untracked() else { return };
        let v = Some(value).filter(|v| !v.is_empty());
        if which == "manual" {
            s.manual_destination_id = v
        } else {
            s.fallback_destination_id = v
        }
        spawn_local(async move {
            match crate::api::save_settings(&s).await {
                Ok(_) => notice.set(Some("Saved.".into())),
                Err(e) => fail(e),
            }
            reload();
        });
    };
    let save_special2 = save_special.clone();

    view! {
        <h1>"Routing"</h1>
        <div class="privacy">{super::providers::PRIVACY_LINE}</div>
        <ErrorLine message=error />
        {move || tested.get().map(|t| view! { <div class="notice" role="status">{t}</div> })}
        {move || notice.get().map(|n| view! { <div class="notice">{n}</div> })}
        <p class="muted">"Order of routing: a service-ID rule, then the provider's route, then the manual-services destination (orders without a provider), then the fallback."</p>
        <h1>"Provider routes"</h1>
        <table data-testid="provider-routes">
            <thead><tr><th>"Provider"</th><th>"Destination"</th><th>"On"</th><th>"Refill message"</th><th></th></tr></thead>
            <tbody>{table_rows(routes, 5, "No providers yet: look an order up or sync your services.", route_row)}</tbody>
        </table>
        <h1 style="margin-top:18px">"Service-ID rules"</h1>
        <div class="toolbar">
            <input type="text" aria-label="Service id" placeholder="Service id, e.g. 1234" style="width:160px" prop:value=move || svc_id.get() on:input=move |ev| svc_id.set(event_target_value(&ev)) />
            <select aria-label="Rule destination" on:change=move |ev| svc_dest.set(event_target_value(&ev))>{move || destination_options(dest_list(), None)}</select>
            <button on:click=add_rule>"Add rule"</button>
        </div>
        <table data-testid="service-routes">
            <thead><tr><th>"Service ID"</th><th>"Destination"</th><th>"On"</th><th></th></tr></thead>
            <tbody>{table_rows(rules, 4, "No service-ID rules.", rule_row)}</tbody>
        </table>
        <h1 style="margin-top:18px">"Manual services and fallback"</h1>
        <div class="toolbar">
            <label for="manual-dest" style="margin:0">"Manual services go to"</label>
            <select id="manual-dest" on:change=move |ev| save_special("manual", event_target_value(&ev))>
                {move || destination_options(dest_list(), settings.get().and_then(|r| r.ok()).and_then(|s| s.manual_destination_id))}
            </select>
            <label for="fallback-dest" style="margin:0 0 0 16px">"Anything unrouted goes to"</label>
            <select id="fallback-dest" on:change=move |ev| save_special2("fallback", event_target_value(&ev))>
                {move || destination_options(dest_list(), settings.get().and_then(|r| r.ok()).and_then(|s| s.fallback_destination_id))}
            </select>
        </div>
        <h1 style="margin-top:18px">"Destinations"</h1>
        <div class="toolbar"><span class="spacer"></span><button class="primary" on:click=move |_| { d_name.set(String::new()); d_addr.set(String::new()); open.set(true) }>"Add destination"</button></div>
        <table data-testid="destinations">
            <thead><tr><th>"Name"</th><th>"Kind"</th><th>"Address"</th><th>"On"</th><th></th></tr></thead>
            <tbody>{table_rows(dests, 5, "No destinations yet: add the provider's WhatsApp or Telegram group.", dest_row)}</tbody>
        </table>
        <Modal open=open title="Add a destination">
            {let add_dest = add_dest.clone(); move || { let add_dest = add_dest.clone(); view! {
                <label for="dest-name">"Name"</label>
                <input id="dest-name" type="text" placeholder="e.g. FastLikes group" prop:value=move || d_name.get() on:input=move |ev| d_name.set(event_target_value(&ev)) />
                <label for="dest-kind">"Kind"</label>
                <select id="dest-kind" on:change=move |ev| d_kind.set(event_target_value(&ev))>
                    <option value="telegram_group">"Telegram group"</option><option value="telegram_user">"Telegram user"</option>
                    <option value="whatsapp_group">"WhatsApp group"</option><option value="whatsapp_number">"WhatsApp number"</option>
                </select>
                <label for="dest-address">"Chat id, group id (…@g.us) or number"</label>
                <input id="dest-address" type="text" placeholder="-1001234567890" prop:value=move || d_addr.get() on:input=move |ev| d_addr.set(event_target_value(&ev)) />
                <div class="actions"><button on:click=move |_| open.set(false)>"Cancel"</button><button class="primary" on:click=add_dest>"Add"</button></div>
            }}}
        </Modal>
        <Modal open=tpl_open title="Message templates">
            {let save_templates = save_templates.clone(); move || { let save_templates = save_templates.clone(); view! {
                <p class="muted">"Variables: {external_ids}, {order_ids}, {command}, {count}. Empty uses {external_ids} {command}."</p>
                <label for="tpl-refill">"Refill"</label><input id="tpl-refill" type="text" prop:value=move || t_refill.get() on:input=move |ev| t_refill.set(event_target_value(&ev)) />
                <label for="tpl-speed">"Speed"</label><input id="tpl-speed" type="text" prop:value=move || t_speed.get() on:input=move |ev| t_speed.set(event_target_value(&ev)) />
                <label for="tpl-cancel">"Cancel"</label><input id="tpl-cancel" type="text" prop:value=move || t_cancel.get() on:input=move |ev| t_cancel.set(event_target_value(&ev)) />
                <div class="actions"><button on:click=move |_| tpl_open.set(false)>"Cancel"</button><button class="primary" on:click=save_templates>"Save"</button></div>
            }}}
        </Modal>
    }
}
