//! Master admin: invoices — the queue of payments to check. Approving extends the workspace's
//! subscription by the invoice's term (exactly once); rejecting tells the owner why.
use leptos::prelude::*;
use shared::api::Role;
use shared::billing::{Invoice, InvoiceStatus, money};

use crate::components::{
    Action, DataTable, Feedback, FeedbackView, Field, Modal, RowActions, TextInput, confirm_then, date, load,
};
use crate::session::SessionCtx;

/// A status in words, with its badge colour.
fn status_badge(s: InvoiceStatus) -> (&'static str, &'static str) {
    match s {
        InvoiceStatus::Open => ("open", "badge"),
        InvoiceStatus::Submitted => ("waiting for approval", "badge warn"),
        InvoiceStatus::Paid => ("paid", "badge ok"),
        InvoiceStatus::Rejected => ("rejected", "badge bad"),
        InvoiceStatus::Cancelled => ("cancelled", "badge off"),
        InvoiceStatus::Expired => ("expired", "badge off"),
    }
}

/// The filter: the queue first, then everything, then each other status.
fn filter_options() -> Vec<(&'static str, String)> {
    let mut options =
        vec![("submitted", "Waiting for approval".to_string()), ("", "All (submitted first)".to_string())];
    for s in InvoiceStatus::ALL.into_iter().filter(|s| *s != InvoiceStatus::Submitted) {
        let (words, _) = status_badge(s);
        let mut chars = words.chars();
        options.push((s.key(), chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()));
    }
    options
}

fn dates(i: &Invoice) -> Vec<String> {
    let at = |what: &str, d: Option<&chrono::DateTime<chrono::Utc>>| d.map(|d| format!("{what} {}", date(d)));
    [
        at("created", Some(&i.created_at)),
        at("due", Some(&i.due_at)),
        at("submitted", i.submitted_at.as_ref()),
        at("decided", i.decided_at.as_ref()),
    ]
    .into_iter()
    .flatten()
    .collect()
}

#[component]
pub fn AdminInvoices() -> impl IntoView {
    if SessionCtx::get().role() != Some(Role::MasterAdmin) {
        return view! { <h1>"Page not found"</h1><p class="muted" data-testid="not-available">"This page does not exist in your workspace."</p> }.into_any();
    }
    let status = RwSignal::new("submitted".to_string());
    let (invoices, reload) = load(move || async move { crate::billing_api::invoices(&status.get_untracked()).await });
    let fb = Feedback::new();
    let act = Action::reloading(fb, reload.clone());
    let reject_act = Action::reloading(fb.own_error(), reload.clone());
    // The invoice being rejected (id, number) and the reason the owner will read.
    let rejecting = RwSignal::new(None::<(String, String)>);
    let reason = RwSignal::new(String::new());
    let reject_open = RwSignal::new(false);

    let reject = move |_| {
        let Some((id, number)) = rejecting.get_untracked() else { return };
        let why = reason.get_untracked();
        reject_act.run(async move { crate::billing_api::reject_invoice(&id, &why).await }, move |_| {
            reject_open.set(false);
            Some(format!("{number} rejected; the owner sees the reason."))
        });
    };
    let row = move |i: Invoice| {
        let (id_a, id_r, number) = (i.id.clone(), i.id.clone(), i.number.clone());
        let (words, tone) = status_badge(i.status);
        let amount = money(i.amount, &i.currency);
        let question = format!(
            "Approve {} ({amount}) from {}? Its subscription is extended by {} months, once.",
            i.number, i.workspace_name, i.months
        );
        let submitted = i.status == InvoiceStatus::Submitted;
        let open = i.status == InvoiceStatus::Open;
        view! {
            <tr data-status=i.status.key()>
                <td>{i.number.clone()}</td>
                <td>{i.workspace_name.clone()}</td>
                <td>{i.plan_name.clone()}</td>
                <td>{if i.months == 1 { "1 month".to_string() } else { format!("{} months", i.months) }}</td>
                <td>{amount}</td>
                <td>{i.method_name.clone()}</td>
                <td><code>{i.reference.clone().unwrap_or_else(|| "—".into())}</code></td>
                <td class="wrap">{i.note.clone().unwrap_or_default()}</td>
                <td><span class=tone>{words}</span>
                    {i.reject_reason.clone().map(|r| view! { <div class="cell-note">{r}</div> })}</td>
                <td class="small">{dates(&i).into_iter().map(|d| view! { <div>{d}</div> }).collect_view()}</td>
                <RowActions>
                    {submitted.then(|| view! {
                        <button class="primary" disabled=move || act.busy.get() on:click=move |_| {
                            let id = id_a.clone();
                            confirm_then(question.clone(), "Approve", move || {
                                act.run(async move { crate::billing_api::approve_invoice(&id).await }, |i| {
                                    Some(format!("{} approved: {}'s subscription is extended.", i.number, i.workspace_name))
                                });
                            });
                        }>"Approve"</button>" "
                    })}
                    {(submitted || open).then(|| view! {
                        <button class="danger" disabled=move || act.busy.get() on:click=move |_| {
                            rejecting.set(Some((id_r.clone(), number.clone())));
                            reason.set(String::new());
                            reject_open.set(true);
                        }>"Reject"</button>
                    })}
                </RowActions>
            </tr>
        }
    };
    let change = move |ev: leptos::ev::Event| {
        status.set(event_target_value(&ev));
        reload();
    };
    view! {
        <h1>"Invoices"</h1>
        <FeedbackView feedback=fb />
        <div class="toolbar">
            <select aria-label="Status" data-testid="invoice-status" on:change=change>
                {filter_options().into_iter().map(|(key, words)| {
                    view! { <option value=key selected=move || status.get() == key>{words}</option> }
                }).collect_view()}
            </select>
            <span class="spacer"></span>
            <span class="muted">"Check the payment reference against your wallet or bank before approving."</span>
        </div>
        <DataTable testid="invoices" rows=invoices row
            head=&["Number", "Workspace", "Plan", "Term", "Amount", "Method", "Payment reference", "Note", "Status", "Dates", ""]
            empty="No invoices here" hint="Submitted invoices wait here for you; choose “All” to see every invoice." />
        <Modal open=reject_open title="Reject this invoice?" action=reject_act>
            <p>{move || rejecting.get().map(|(_, number)| number).unwrap_or_default()}</p>
            <p class="muted">"The owner sees this reason on the invoice; it is kept in the audit log."</p>
            <Field label="Reason" id="reject-reason">
                <TextInput id="reject-reason" value=reason placeholder="e.g. no payment with this reference arrived" />
            </Field>
            <div class="actions">
                <button on:click=move |_| reject_open.set(false)>"Cancel"</button>
                <button class="danger" data-testid="confirm-reject" disabled=move || reject_act.busy.get() on:click=reject>"Reject"</button>
            </div>
        </Modal>
    }
    .into_any()
}
