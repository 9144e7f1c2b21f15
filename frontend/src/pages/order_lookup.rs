//! Order lookup: type an order id, see it as the panel reports it, with the provider's alias.
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::panels::OrderLookup as Lookup;

use crate::components::{ErrorLine, load};

#[component]
pub fn OrderLookup() -> impl IntoView {
    let (panels, _) = load(crate::api::panels);
    let panel = RwSignal::new(String::new());
    let order = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let result = RwSignal::new(None::<Lookup>);
    let busy = RwSignal::new(false);
    let look_up = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let panel_id = crate::components::chosen_panel(panel.get_untracked(), panels.get_untracked());
        let id = order.get_untracked();
        busy.set(true);
        spawn_local(async move {
            match crate::api::lookup_order(&panel_id, id.trim()).await {
                Ok(r) => {
                    result.set(Some(r));
                    error.set(None);
                }
                Err(e) => {
                    result.set(None);
                    error.set(Some(e.message));
                }
            }
            busy.set(false);
        });
    };
    let field = |label: &'static str, value: Option<String>| view! { <tr><td>{label}</td><td>{value.unwrap_or_else(|| "—".into())}</td></tr> };
    view! {
        <h1>"Order lookup"</h1>
        <form class="toolbar" on:submit=look_up>
            <select aria-label="Panel" on:change=move |ev| panel.set(event_target_value(&ev))>
                {move || panels.get().and_then(|r| r.ok()).unwrap_or_default().into_iter()
                    .map(|p| view! { <option value=p.id.clone()>{p.name}</option> }).collect_view()}
            </select>
            <input type="text" aria-label="Order id" placeholder="Order id, e.g. 2274209" style="width:220px"
                prop:value=move || order.get() on:input=move |ev| order.set(event_target_value(&ev)) />
            <button class="primary" type="submit" disabled=move || busy.get()>"Look up"</button>
        </form>
        <ErrorLine message=error />
        {move || result.get().map(|r| view! {
            <table class="details" data-testid="order-details">
                <tbody>
                    {field("Order", Some(r.order_id.clone()))}
                    {field("Status", Some(r.status.clone()))}
                    {field("Service", r.service_name.clone().map(|n| format!("{} (ID {})", n, r.service_id.clone().unwrap_or_default())))}
                    {field("Customer", r.owner_username.clone())}
                    {field("Quantity", r.quantity.map(|q| q.to_string()))}
                    {field("Start count", r.start_count.map(|q| q.to_string()))}
                    {field("Remains", r.remains.map(|q| q.to_string()))}
                    {field("External ID", r.external_id.clone())}
                    {field("Provider", Some(r.provider_alias.clone().unwrap_or_else(|| "Manual service (no provider)".into())))}
                </tbody>
            </table>
        })}
    }
}
