//! Providers by alias: rename inline, switch on/off, add by domain (a write-only field).
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::Role;
use shared::panels::{AddProvider, Provider, UpdateProvider};

use crate::components::loader::table_rows;
use crate::components::{ErrorLine, Modal, date, load};
use crate::session::SessionCtx;

pub const PRIVACY_LINE: &str = "Requests are forwarded using provider aliases to protect your privacy.";

#[component]
pub fn Providers() -> impl IntoView {
    let is_owner = SessionCtx::get().role() == Some(Role::Owner);
    let (providers, reload) = load(crate::api::providers);
    let error = RwSignal::new(None::<String>);
    let open = RwSignal::new(false);
    let domain = RwSignal::new(String::new());
    let alias = RwSignal::new(String::new());

    let update = {
        let reload = reload.clone();
        move |id: String, req: UpdateProvider| {
            let reload = reload.clone();
            spawn_local(async move {
                match crate::api::update_provider(&id, &req).await {
                    Ok(_) => error.set(None),
                    Err(e) => error.set(Some(e.message)),
                }
                reload();
            });
        }
    };
    let add = {
        let reload = reload.clone();
        move |_| {
            let reload = reload.clone();
            let req = AddProvider {
                domain: domain.get_untracked(),
                alias: Some(alias.get_untracked()).filter(|a| !a.trim().is_empty()),
            };
            // The domain is write-only: clear it from the page at once, whatever happens.
            domain.set(String::new());
            spawn_local(async move {
                match crate::api::add_provider(&req).await {
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
    let row = move |p: Provider| {
        let (update_a, update_t) = (update.clone(), update.clone());
        let (id_a, id_t) = (p.id.clone(), p.id.clone());
        let name = RwSignal::new(p.alias.clone());
        let enabled = p.enabled;
        view! {
            <tr>
                <td>{if is_owner {
                    view! {
                        <input class="inline-input" type="text" aria-label="Alias" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                        " "
                        <button on:click=move |_| update_a(id_a.clone(), UpdateProvider { alias: Some(name.get_untracked()), enabled: None })>"Rename"</button>
                    }.into_any()
                } else {
                    view! { <span>{p.alias.clone()}</span> }.into_any()
                }}</td>
                <td><input type="checkbox" class="switch" aria-label="Enabled" prop:checked=enabled disabled=!is_owner
                    on:change=move |ev| update_t(id_t.clone(), UpdateProvider { alias: None, enabled: Some(event_target_checked(&ev)) }) /></td>
                <td>{p.orders_seen}</td>
                <td>{p.last_seen_at.as_ref().map(date).unwrap_or_else(|| "—".into())}</td>
                <td>{match p.source.as_str() { "manual" => "Added by hand", "order" => "Seen in an order", _ => "Service list" }}</td>
            </tr>
        }
    };
    view! {
        <h1>"Providers"</h1>
        <div class="privacy" data-testid="privacy-line">{PRIVACY_LINE}</div>
        <ErrorLine message=error />
        <div class="toolbar">
            <span class="muted">"Providers are found automatically from your orders and service list. Give each an alias your team will see."</span>
            <span class="spacer"></span>
            {is_owner.then(|| view! { <button class="primary" on:click=move |_| { domain.set(String::new()); alias.set(String::new()); open.set(true) }>"Add provider"</button> })}
        </div>
        <table data-testid="providers">
            <thead><tr><th>"Alias"</th><th>"Enabled"</th><th>"Orders seen"</th><th>"Last seen"</th><th>"Found via"</th></tr></thead>
            <tbody>{table_rows(providers, 5, "No providers yet: look an order up or sync your services.", row)}</tbody>
        </table>
        <Modal open=open title="Add a provider">
            {let add = add.clone(); move || {
                let add = add.clone();
                view! {
                    <p class="muted">"The domain is stored encrypted and never shown again — only its alias is."</p>
                    <label for="provider-domain">"Provider domain"</label>
                    <input id="provider-domain" type="password" autocomplete="off" placeholder="provider.com" prop:value=move || domain.get() on:input=move |ev| domain.set(event_target_value(&ev)) />
                    <label for="provider-alias">"Alias (optional)"</label>
                    <input id="provider-alias" type="text" placeholder="e.g. FastLikes_A" prop:value=move || alias.get() on:input=move |ev| alias.set(event_target_value(&ev)) />
                    <div class="actions">
                        <button on:click=move |_| open.set(false)>"Cancel"</button>
                        <button class="primary" on:click=add>"Add"</button>
                    </div>
                }
            }}
        </Modal>
    }
}
