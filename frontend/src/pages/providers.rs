//! Providers by alias: rename inline, switch on/off, delete, add by domain (a write-only field).
use leptos::prelude::*;
use shared::api::Role;
use shared::panels::{AddProvider, Provider, UpdateProvider};

use crate::components::{
    Action, DataTable, DeleteButton, Feedback, FeedbackView, Field, Modal, RowActions, Switch, TextInput, date, load,
};
use crate::session::SessionCtx;

pub const PRIVACY_LINE: &str = "Requests are forwarded using provider aliases to protect your privacy.";

#[component]
pub fn Providers() -> impl IntoView {
    let is_owner = SessionCtx::get().role() == Some(Role::Owner);
    let (providers, reload) = load(crate::api::providers);
    let fb = Feedback::new();
    let act = Action::reloading(fb, reload.clone());
    let add_act = Action::reloading(fb.own_error(), reload);
    let open = RwSignal::new(false);
    let domain = RwSignal::new(String::new());
    let alias = RwSignal::new(String::new());

    let update = move |id: String, req: UpdateProvider| {
        act.run(async move { crate::api::update_provider(&id, &req).await }, |_| None);
    };
    let add = move |_| {
        let req = AddProvider {
            domain: domain.get_untracked(),
            alias: Some(alias.get_untracked()).filter(|a| !a.trim().is_empty()),
        };
        // The domain is write-only: clear it from the page at once, whatever happens.
        domain.set(String::new());
        add_act.run(async move { crate::api::add_provider(&req).await }, move |p| {
            open.set(false);
            Some(format!("{} added.", p.alias))
        });
    };
    let row = move |p: Provider| {
        let (id_a, id_t, id_d) = (p.id.clone(), p.id.clone(), p.id.clone());
        let name = RwSignal::new(p.alias.clone());
        let question = format!("Delete the provider “{}” and its route?", p.alias);
        view! {
            <tr>
                <td>{if is_owner {
                    view! {
                        <TextInput class="inline-input" label="Alias" value=name />
                        " "
                        <button disabled=move || act.busy.get() on:click=move |_| update(id_a.clone(), UpdateProvider { alias: Some(name.get_untracked()), enabled: None })>"Rename"</button>
                    }.into_any()
                } else {
                    view! { <span>{p.alias.clone()}</span> }.into_any()
                }}</td>
                <td><Switch label="Enabled" checked=p.enabled disabled=Signal::derive(move || !is_owner || act.busy.get())
                    on_toggle=move |on| update(id_t.clone(), UpdateProvider { alias: None, enabled: Some(on) }) /></td>
                <td>{p.orders_seen}</td>
                <td>{p.last_seen_at.as_ref().map(date).unwrap_or_else(|| "—".into())}</td>
                <td>{match p.source.as_str() { "manual" => "Added by hand", "order" => "Seen in an order", _ => "Service list" }}</td>
                <RowActions>
                    {is_owner.then(|| view! {
                        <DeleteButton question disabled=act.busy on_confirm=move || {
                            let id = id_d.clone();
                            act.run_then(async move { crate::api::delete_provider(&id).await }, "Provider deleted.");
                        } />
                    })}
                </RowActions>
            </tr>
        }
    };
    view! {
        <h1>"Providers"</h1>
        <div class="privacy" data-testid="privacy-line">{PRIVACY_LINE}</div>
        <FeedbackView feedback=fb />
        <div class="toolbar">
            <span class="muted">"Providers are found automatically from your orders and service list. Give each an alias your team will see."</span>
            <span class="spacer"></span>
            {is_owner.then(|| view! { <button class="primary" on:click=move |_| { domain.set(String::new()); alias.set(String::new()); open.set(true) }>"Add provider"</button> })}
        </div>
        <DataTable testid="providers" head=&["Alias", "Enabled", "Orders seen", "Last seen", "Found via", ""] rows=providers row
            empty="No providers yet" hint="Look an order up or sync your services: providers are found in them." />
        <Modal open title="Add a provider" action=add_act>
            <p class="muted">"The domain is stored encrypted and never shown again — only its alias is."</p>
            <Field label="Provider domain" id="provider-domain">
                <TextInput id="provider-domain" kind="password" value=domain placeholder="provider.com" />
            </Field>
            <Field label="Alias (optional)" id="provider-alias" hint="Empty: a name like “Provider 3” is chosen.">
                <TextInput id="provider-alias" value=alias placeholder="e.g. FastLikes_A" />
            </Field>
            <div class="actions">
                <button on:click=move |_| open.set(false)>"Cancel"</button>
                <button class="primary" disabled=move || add_act.busy.get() on:click=add>"Add"</button>
            </div>
        </Modal>
    }
}
