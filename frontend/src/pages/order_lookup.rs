//! Order lookup: type an order id, see it as the panel reports it, with the provider's alias.
use leptos::prelude::*;
use shared::panels::OrderLookup as Lookup;

use crate::components::{
    Action, ConnectPanelFirst, Feedback, FeedbackView, Select, TextInput, chosen_panel, load, no_panel, panel_options,
};

#[component]
pub fn OrderLookup() -> impl IntoView {
    let (panels, _) = load(crate::api::panels);
    let panel = RwSignal::new(String::new());
    let order = RwSignal::new(String::new());
    let act = Action::new(Feedback::new());
    let result = RwSignal::new(None::<Lookup>);
    let look_up = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let panel_id = chosen_panel(panel.get_untracked(), panels.get_untracked());
        let id = order.get_untracked();
        result.set(None);
        // Never call `/api/panels//orders/…`: without a panel (or an order id) say so instead.
        if panel_id.is_empty() {
            act.feedback.fail("Connect a panel first (Panels), then look its orders up.");
            return;
        }
        if id.trim().is_empty() {
            act.feedback.fail("Type an order id, e.g. 2274209.");
            return;
        }
        act.run(async move { crate::api::lookup_order(&panel_id, id.trim()).await }, move |r| {
            result.set(Some(r));
            None
        });
    };
    let field = |label: &'static str, value: Option<String>| view! { <tr><td>{label}</td><td>{value.unwrap_or_else(|| "—".into())}</td></tr> };
    // Only a change between "no panel" and "some panel" draws the form again.
    let without_panel = Memo::new(move |_| no_panel(panels));
    let form = move || {
        if without_panel.get() {
            return view! { <ConnectPanelFirst then="look orders up" /> }.into_any();
        }
        view! {
            <form class="toolbar" on:submit=look_up>
                <Select label="Panel" value=panel options=panel_options(panels) />
                <TextInput label="Order id" placeholder="Order id, e.g. 2274209" value=order width="220px" />
                <button class="primary" type="submit" disabled=move || act.busy.get() || panels.get().is_none()>"Look up"</button>
            </form>
        }
        .into_any()
    };
    view! {
        <h1>"Order lookup"</h1>
        {form}
        <FeedbackView feedback=act.feedback />
        {move || result.get().map(|r| view! {
            <div class="table-scroll"><table class="details" data-testid="order-details">
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
            </table></div>
        })}
    }
}
