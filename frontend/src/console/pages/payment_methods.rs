//! Master admin: payment methods — how owners pay (a wallet, bank details, a payment link). The
//! instructions are printed on each invoice; a disabled method is not offered for new invoices.
use leptos::prelude::*;
use shared::api::Role;
use shared::billing::{PaymentMethod, PaymentMethodInput};

use crate::components::{Action, DataTable, Feedback, FeedbackView, Field, Modal, RowActions, Switch, TextInput, load};
use crate::session::SessionCtx;

#[component]
pub fn AdminPaymentMethods() -> impl IntoView {
    if SessionCtx::get().role() != Some(Role::MasterAdmin) {
        return view! { <h1>"Page not found"</h1><p class="muted" data-testid="not-available">"This page does not exist in your workspace."</p> }.into_any();
    }
    let (methods, reload) = load(crate::billing_api::payment_methods);
    let fb = Feedback::new();
    let act = Action::reloading(fb, reload.clone());
    let save_act = Action::reloading(fb.own_error(), reload);
    let open = RwSignal::new(false);
    let (name, instructions, enabled) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(true));
    // `Some(id)` while an existing method is edited in the same dialog.
    let editing = RwSignal::new(None::<String>);

    let show = move |m: Option<PaymentMethod>| {
        let input = m.as_ref().map(|m| m.input.clone());
        name.set(input.as_ref().map(|i| i.name.clone()).unwrap_or_default());
        instructions.set(input.as_ref().map(|i| i.instructions.clone()).unwrap_or_default());
        enabled.set(input.is_none_or(|i| i.enabled));
        editing.set(m.map(|m| m.id));
        open.set(true);
    };
    let save = move |_| {
        let req = PaymentMethodInput {
            name: name.get_untracked(),
            instructions: instructions.get_untracked(),
            enabled: enabled.get_untracked(),
        };
        let done = move |m: PaymentMethod| {
            open.set(false);
            Some(format!("“{}” saved.", m.input.name))
        };
        match editing.get_untracked() {
            Some(id) => save_act.run(async move { crate::billing_api::update_payment_method(&id, &req).await }, done),
            None => save_act.run(async move { crate::billing_api::create_payment_method(&req).await }, done),
        }
    };
    let row = move |m: PaymentMethod| {
        let (toggled, edit) = (m.clone(), m.clone());
        let label = format!("Payment method enabled: {}", m.input.name);
        view! {
            <tr>
                <td>{m.input.name.clone()}</td>
                <td class="wrap">{m.input.instructions.clone()}</td>
                <td><Switch label checked=m.input.enabled disabled=act.busy on_toggle=move |on| {
                    let m = toggled.clone();
                    let req = PaymentMethodInput { enabled: on, ..m.input };
                    let notice = format!("“{}” is {}.", req.name, if on { "offered on new invoices" } else { "no longer offered" });
                    act.run_then(async move { crate::billing_api::update_payment_method(&m.id, &req).await }, notice);
                } /></td>
                <RowActions><button on:click=move |_| show(Some(edit.clone()))>"Edit"</button></RowActions>
            </tr>
        }
    };
    view! {
        <h1>"Payment methods"</h1>
        <FeedbackView feedback=fb />
        <div class="toolbar">
            <span class="muted">"Owners choose one when they ask for an invoice. Invoices already made keep the instructions they were made with."</span>
            <span class="spacer"></span>
            <button class="primary" data-testid="new-payment-method" on:click=move |_| show(None)>"New payment method"</button>
        </div>
        <DataTable testid="payment-methods" head=&["Name", "Instructions", "Enabled", ""] rows=methods row
            empty="No payment methods yet" hint="Add one so owners can pay their invoices: a wallet address, bank details or a payment link." />
        <Modal open title="Payment method" action=save_act>
            <Field label="Name" id="method-name"><TextInput id="method-name" value=name placeholder="e.g. USDT (TRC-20)" /></Field>
            <Field label="Instructions (printed on the invoice)" id="method-instructions" hint="What the owner must do: the address, account or link, and what to write as the reference.">
                <textarea id="method-instructions" rows="5" prop:value=move || instructions.get()
                    on:input=move |ev| instructions.set(event_target_value(&ev))></textarea>
            </Field>
            <label>
                <input type="checkbox" data-testid="method-enabled" prop:checked=move || enabled.get()
                    on:change=move |ev| enabled.set(event_target_checked(&ev)) />
                " Offered on new invoices"
            </label>
            <div class="actions">
                <button on:click=move |_| open.set(false)>"Cancel"</button>
                <button class="primary" disabled=move || save_act.busy.get() on:click=save>
                    {move || if editing.get().is_some() { "Save" } else { "Add" }}</button>
            </div>
        </Modal>
    }
    .into_any()
}
