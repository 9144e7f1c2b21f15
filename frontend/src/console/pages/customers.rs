//! Master admin: the customers — every workspace with its owner, plan, status and activity,
//! searched and filtered. Each row can change the plan, suspend or resume, be viewed read-only or
//! be deleted; every one of these asks for a reason kept in the audit log.
mod dialogs;

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::{Role, TenantSummary};
use shared::billing::SubscriptionStatus;

use crate::api::ApiError;
use crate::components::{Action, DataTable, Feedback, FeedbackView, RowActions, date};
use crate::pages::subscriptions::status_class;
use crate::session::SessionCtx;
use dialogs::{ChangePlanDialog, DeleteDialog, Dialogs, SuspendDialog, ViewAsDialog};

/// The status filter: (query value, words).
const STATUSES: [(&str, &str); 8] = [
    ("", "All"),
    ("trial", "Trial"),
    ("active", "Active"),
    ("grace", "Grace"),
    ("expired", "Expired"),
    ("suspended", "Suspended"),
    ("no_plan", "No plan"),
    ("unrestricted", "Unrestricted"),
];

fn or_dash(text: Option<String>) -> String {
    text.unwrap_or_else(|| "—".into())
}

/// A row's buttons: the sandbox can only be viewed; a suspended workspace offers Resume.
fn row_actions(t: &TenantSummary, d: Dialogs, busy: RwSignal<bool>) -> impl IntoView + use<> {
    let (a, b, c, e) = (t.clone(), t.clone(), t.clone(), t.clone());
    let suspended = t.subscription == SubscriptionStatus::Suspended;
    let real = (!t.sandbox).then(|| {
        view! {
            <button disabled=move || busy.get() on:click=move |_| d.show(d.plan, &a)>"Change plan"</button>" "
            {if suspended {
                view! { <button disabled=move || busy.get() on:click=move |_| d.show(d.resume, &b)>"Resume"</button> }.into_any()
            } else {
                view! { <button class="danger" disabled=move || busy.get() on:click=move |_| d.show(d.suspend, &b)>"Suspend"</button> }.into_any()
            }}" "
        }
    });
    let delete = (!t.sandbox).then(|| {
        view! { " "<button class="danger" disabled=move || busy.get() on:click=move |_| d.show(d.delete, &e)>"Delete"</button> }
    });
    view! {
        <RowActions>
            {real}
            <button disabled=move || busy.get() on:click=move |_| d.show(d.view_as, &c)>"View as"</button>
            {delete}
        </RowActions>
    }
}

#[component]
pub fn AdminCustomers() -> impl IntoView {
    if SessionCtx::get().role() != Some(Role::MasterAdmin) {
        return view! { <h1>"Page not found"</h1><p class="muted" data-testid="not-available">"This page does not exist in your workspace."</p> }.into_any();
    }
    let (search, status) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    // The list shows the answer to the latest search only (typing sends one request per key).
    let (tenants, set_tenants) = signal(None::<Result<Vec<TenantSummary>, ApiError>>);
    let asked = StoredValue::new(0u32);
    let reload = move || {
        asked.update_value(|n| *n += 1);
        let mine = asked.get_value();
        let (q, s) = (search.get_untracked(), status.get_untracked());
        spawn_local(async move {
            let list = crate::api::tenants(&q, &s).await;
            if asked.try_get_value() == Some(mine) {
                set_tenants.set(Some(list));
            }
        });
    };
    reload();
    let fb = Feedback::new();
    let act = Action::reloading(fb.own_error(), reload);
    let d = Dialogs::new();

    let row = move |t: TenantSummary| {
        let actions = row_actions(&t, d, act.busy);
        let last = t.last_command_at.as_ref().map(date);
        view! {
            <tr data-status=t.subscription.label()>
                <td>{t.name.clone()}{t.sandbox.then(|| view! { " " <span class="badge warn">"sandbox"</span> })}</td>
                <td>{or_dash(t.owner_email.clone())}</td>
                <td>{or_dash(t.plan.clone())}</td>
                <td><span class=status_class(t.subscription) title=t.suspended_reason.clone()>{t.subscription.label()}</span></td>
                <td>{or_dash(t.period_end.as_ref().map(date))}</td>
                <td>{t.channels}</td>
                <td>{or_dash(last)}</td>
                <td>{t.commands_30d}</td>
                {actions}
            </tr>
        }
    };
    view! {
        <h1>"Customers"</h1>
        <FeedbackView feedback=fb />
        {move || d.blocked.get().map(|(url, name)| view! {
            <div class="notice" data-testid="view-as-link">"The browser blocked the new tab: "
                <a href=url target="_blank" rel="noopener">"open “" {name} "” read-only"</a></div>
        })}
        <div class="toolbar">
            <input type="text" aria-label="Search by name or owner email" placeholder="Search by name or owner email"
                data-testid="customer-search" style="width:280px" prop:value=move || search.get()
                on:input=move |ev| { search.set(event_target_value(&ev)); reload() } />
            <select aria-label="Status" data-testid="customer-status"
                on:change=move |ev| { status.set(event_target_value(&ev)); reload() }>
                {STATUSES.into_iter().map(|(key, words)| {
                    view! { <option value=key selected=move || status.get() == key>{words}</option> }
                }).collect_view()}
            </select>
            <span class="spacer"></span>
            <span class="muted">"Status is the subscription's; hover a suspended one for the reason."</span>
        </div>
        <DataTable testid="tenants" rows=tenants row
            head=&["Workspace", "Owner email", "Plan", "Status", "Period end", "Channels", "Last command", "Commands 30 d", ""]
            empty="No workspaces here" hint="A workspace appears when someone signs up; clear the search or choose “All”." />
        <ChangePlanDialog d act />
        <SuspendDialog d act resume=false />
        <SuspendDialog d act resume=true />
        <ViewAsDialog d act />
        <DeleteDialog d act />
    }
    .into_any()
}
