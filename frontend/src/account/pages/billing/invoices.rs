//! Buying or renewing (an invoice for a plan, a term and a payment method) and the workspace's
//! invoices: send the payment reference, cancel, print.
use leptos::prelude::*;
use leptos_router::components::A;
use shared::billing::{CreateInvoice, Invoice, InvoiceStatus, SubmitPayment, TERMS, money};

use super::price_text;
use crate::components::{
    Action, DataTable, Feedback, FeedbackView, Field, Modal, RowActions, Select, TextInput, confirm_then, date, load,
};

pub fn invoice_badge(s: InvoiceStatus) -> (&'static str, &'static str) {
    match s {
        InvoiceStatus::Open => ("badge warn", "waiting for payment"),
        InvoiceStatus::Submitted => ("badge", "payment sent, waiting for approval"),
        InvoiceStatus::Paid => ("badge ok", "paid"),
        InvoiceStatus::Rejected => ("badge bad", "rejected"),
        InvoiceStatus::Cancelled => ("badge off", "cancelled"),
        InvoiceStatus::Expired => ("badge off", "expired"),
    }
}

const FILTERS: [(&str, &str); 4] =
    [("", "All"), ("open", "Waiting for payment"), ("submitted", "Waiting for approval"), ("paid", "Paid")];

#[component]
pub fn Invoices(owner: bool, on_paid: impl Fn() + Clone + 'static) -> impl IntoView {
    let (offer, _) = load(crate::api::offer);
    let (invoices, reload) = load(crate::api::invoices);
    let fb = Feedback::new();
    let on_paid = StoredValue::new_local(on_paid);
    let reload_all = reload.clone();
    let act = Action::reloading(fb, move || {
        reload_all();
        on_paid.with_value(|f| f());
    });
    let plan = RwSignal::new(String::new());
    let term = RwSignal::new("1".to_string());
    let method = RwSignal::new(String::new());
    let filter = RwSignal::new(String::new());
    let plans = Signal::derive(move || match offer.get() {
        Some(Ok(o)) => o.plans.into_iter().map(|p| (p.id, p.name)).collect(),
        _ => vec![],
    });
    let methods = Signal::derive(move || match offer.get() {
        Some(Ok(o)) => o.methods.into_iter().map(|m| (m.id, m.name)).collect(),
        _ => vec![],
    });
    // Each term with its price for the chosen plan.
    let terms = Signal::derive(move || {
        let chosen = plan.get();
        let o = offer.get().and_then(Result::ok);
        let p = o.and_then(|o| o.plans.into_iter().find(|p| p.id == chosen || chosen.is_empty()));
        TERMS
            .iter()
            .map(|m| {
                let text = p
                    .as_ref()
                    .and_then(|p| p.price_for(*m).map(|a| price_text(a, &p.currency, *m)))
                    .unwrap_or_else(|| format!("{m} months"));
                (m.to_string(), text)
            })
            .collect::<Vec<_>>()
    });
    let first = |s: Signal<Vec<(String, String)>>, v: RwSignal<String>| {
        let chosen = v.get_untracked();
        if chosen.is_empty() { s.get_untracked().first().map(|(id, _)| id.clone()).unwrap_or_default() } else { chosen }
    };
    let buy = move |_| {
        let req = CreateInvoice {
            plan_id: first(plans, plan),
            months: term.get_untracked().parse().unwrap_or(1),
            method_id: first(methods, method),
        };
        act.run(async move { crate::api::create_invoice(&req).await }, |i| {
            Some(format!("Invoice {} created: pay as it says, then send the payment reference.", i.number))
        });
    };
    // The payment reference dialog.
    let paying = RwSignal::new(None::<Invoice>);
    let pay_open = RwSignal::new(false);
    let reference = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let pay_act = Action::reloading(fb.own_error(), reload);
    let send = move |_| {
        let Some(inv) = paying.get_untracked() else { return };
        let req = SubmitPayment {
            reference: reference.get_untracked(),
            note: Some(note.get_untracked()).filter(|n| !n.trim().is_empty()),
        };
        pay_act.run(async move { crate::api::submit_payment(&inv.id, &req).await }, move |i| {
            pay_open.set(false);
            Some(format!("Payment reference sent for {}: the platform checks it and approves.", i.number))
        });
    };
    let shown = Signal::derive(move || {
        let f = filter.get();
        invoices
            .get()
            .map(|r| r.map(|l| l.into_iter().filter(|i| f.is_empty() || i.status.key() == f).collect::<Vec<_>>()))
    });
    let row = move |i: Invoice| {
        let (class, label) = invoice_badge(i.status);
        let open = i.status == InvoiceStatus::Open;
        let (pay, cancel) = (i.clone(), i.id.clone());
        view! {
            <tr data-status=i.status.key()>
                <td><A href=format!("/billing/invoices/{}", i.id)>{i.number.clone()}</A></td>
                <td>{i.plan_name.clone()}</td>
                <td>{price_text(i.amount, &i.currency, i.months)}</td>
                <td>{i.method_name.clone()}</td>
                <td>{i.reference.clone().unwrap_or_else(|| "—".into())}</td>
                <td><span class=class>{label}</span>{i.reject_reason.clone().map(|r| view! { <div class="muted">{r}</div> })}</td>
                <td>{date(&i.due_at)}</td>
                <RowActions>{(owner && open).then(|| view! {
                    <button class="primary" on:click=move |_| { paying.set(Some(pay.clone())); reference.set(String::new()); note.set(String::new()); pay_open.set(true) }>"Send payment reference"</button>
                    <button on:click=move |_| {
                        let id = cancel.clone();
                        confirm_then("Cancel this invoice? You can create a new one later.", "Cancel invoice", move || {
                            act.run_then(async move { crate::api::cancel_invoice(&id).await }, "Invoice cancelled.");
                        });
                    }>"Cancel"</button>
                })}</RowActions>
            </tr>
        }
    };
    view! {
        <FeedbackView feedback=fb notice_testid="billing-notice" />
        <h2>"Buy or renew"</h2>
        {move || match offer.get() {
            Some(Ok(o)) if o.plans.is_empty() || o.methods.is_empty() => view! {
                <p class="muted">"Nothing is on offer yet: the platform has not set up plans or payment methods."</p>
            }.into_any(),
            _ => view! {
                <div class="toolbar" data-testid="buy">
                    <Field label="Plan" id="buy-plan"><Select id="buy-plan" value=plan options=plans /></Field>
                    <Field label="Term" id="buy-term"><Select id="buy-term" value=term options=terms /></Field>
                    <Field label="Payment method" id="buy-method"><Select id="buy-method" value=method options=methods /></Field>
                    <button class="primary" disabled=move || !owner || act.busy.get() on:click=buy
                        title=(!owner).then_some("Only the workspace owner can buy")>"Create invoice"</button>
                </div>
                {(!owner).then(|| view! { <p class="muted">"Only the workspace owner can buy or pay."</p> })}
            }.into_any(),
        }}
        <h2>"Invoices"</h2>
        <div class="filters">
            <Select label="Show" value=filter options=Signal::derive(|| FILTERS.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()) />
        </div>
        <DataTable testid="invoices" head=&["Number", "Plan", "Amount", "Method", "Payment reference", "Status", "Due", ""]
            rows=shown row empty="No invoices yet" hint="Create one above: pick a plan, a term and how you pay." />
        <Modal open=pay_open title="Send the payment reference" action=pay_act>
            {move || paying.get().map(|i| view! {
                <p>{format!("{} · {}", i.number, money(i.amount, &i.currency))}</p>
                <div class="secret">{i.instructions.clone()}</div>
            })}
            <Field label="Payment reference (transaction id)" id="pay-reference"><TextInput id="pay-reference" value=reference /></Field>
            <Field label="Note (optional)" id="pay-note"><TextInput id="pay-note" value=note /></Field>
            <div class="actions">
                <button on:click=move |_| pay_open.set(false)>"Cancel"</button>
                <button class="primary" data-testid="send-reference" disabled=move || pay_act.busy.get() on:click=send>"Send"</button>
            </div>
        </Modal>
    }
}
