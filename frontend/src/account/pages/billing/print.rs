//! The printable invoice: the platform's number, the workspace, the plan and term, the amount,
//! the payment instructions and what happened to it. Print styles hide the app's frame.
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use shared::billing::money;

use super::invoices::invoice_badge;
use crate::components::{ErrorLine, date};

#[component]
pub fn InvoicePrint() -> impl IntoView {
    let params = use_params_map();
    let invoice = LocalResource::new(move || {
        let id = params.with(|p| p.get("id").unwrap_or_default());
        async move { crate::api::invoice(&id).await }
    });
    move || match invoice.get() {
        None => view! { <p class="muted">"Loading…"</p> }.into_any(),
        Some(Err(e)) => view! { <ErrorLine message=Signal::derive(move || Some(e.message.clone())) /> }.into_any(),
        Some(Ok(i)) => {
            let (class, label) = invoice_badge(i.status);
            let term = if i.months == 1 { "1 month".to_string() } else { format!("{} months", i.months) };
            view! {
                <div class="no-print toolbar">
                    <A href="/billing">"← Billing"</A>
                    <span class="spacer"></span>
                    <button class="primary" on:click=move |_| { let _ = window().print(); }>"Print"</button>
                </div>
                <article class="invoice" data-testid="invoice-print">
                    <header>
                        <h1>"Invoice " {i.number.clone()}</h1>
                        <div>"PanelRelay"</div>
                    </header>
                    <table class="invoice-facts">
                        <tr><th>"Billed to"</th><td>{i.workspace_name.clone()}</td></tr>
                        <tr><th>"Issued"</th><td>{date(&i.created_at)}</td></tr>
                        <tr><th>"Due"</th><td>{date(&i.due_at)}</td></tr>
                        <tr><th>"Status"</th><td><span class=class>{label}</span></td></tr>
                    </table>
                    <table class="invoice-lines">
                        <thead><tr><th>"Item"</th><th>"Term"</th><th class="num">"Amount"</th></tr></thead>
                        <tbody><tr><td>"Plan " {i.plan_name.clone()}</td><td>{term}</td><td class="num">{money(i.amount, &i.currency)}</td></tr></tbody>
                        <tfoot><tr><th colspan="2">"Total"</th><th class="num" data-testid="invoice-total">{money(i.amount, &i.currency)}</th></tr></tfoot>
                    </table>
                    <h2>"How to pay: " {i.method_name.clone()}</h2>
                    <pre class="instructions">{i.instructions.clone()}</pre>
                    {i.reference.clone().map(|r| view! { <p>"Payment reference: " <b>{r}</b></p> })}
                    {i.reject_reason.clone().map(|r| view! { <p>"Rejected: " {r}</p> })}
                </article>
            }
            .into_any()
        }
    }
}
