//! Master admin: every workspace's subscription (plan, status, period end, usage against the
//! plan's limits), and the platform's billing settings (grace days, days to pay an invoice).
use leptos::prelude::*;
use leptos_router::components::A;
use shared::api::Role;
use shared::billing::{BillingSettings, Subscription, SubscriptionStatus};

use crate::billing_api::WorkspaceSubscription;
use crate::components::{Action, DataTable, Feedback, FeedbackView, Field, TextInput, date, load};
use crate::session::SessionCtx;

pub fn status_class(s: SubscriptionStatus) -> &'static str {
    match s {
        SubscriptionStatus::Active => "badge ok",
        SubscriptionStatus::Unrestricted => "badge",
        SubscriptionStatus::Trial | SubscriptionStatus::Grace | SubscriptionStatus::NoPlan => "badge warn",
        SubscriptionStatus::Expired => "badge bad",
        SubscriptionStatus::Suspended => "badge off",
    }
}

/// "panels 1 / 3", one line per limit ("∞" when unlimited).
fn usage(s: &Subscription) -> Vec<String> {
    let (u, l) = (s.usage, s.limits);
    let of = |limit: Option<u32>| limit.map_or("∞".to_string(), |n| n.to_string());
    vec![
        format!("panels {} / {}", u.panels, of(l.panels)),
        format!("channels {} / {}", u.channels, of(l.channels)),
        format!("linked chats {} / {}", u.linked_chats, of(l.linked_chats)),
        format!("requests this month {} / {}", u.commands_this_month, of(l.commands_per_month)),
    ]
}

fn period(s: &Subscription) -> String {
    match (s.period_end.as_ref(), s.days_left) {
        (Some(end), Some(days)) if days >= 0 => format!("{} ({days} days left)", date(end)),
        (Some(end), Some(days)) => format!("{} ({} days ago)", date(end), -days),
        (Some(end), None) => date(end),
        (None, _) => "—".into(),
    }
}

/// The billing settings form: loaded once, saved with PUT.
#[component]
fn SettingsForm() -> impl IntoView {
    let fb = Feedback::new();
    let (load_act, save_act) = (Action::new(fb), Action::new(fb));
    let (grace, invoice_days) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let show = move |s: BillingSettings| {
        grace.set(s.grace_days.to_string());
        invoice_days.set(s.invoice_days.to_string());
    };
    load_act.run(crate::billing_api::billing_settings(), move |s| {
        show(s);
        None
    });
    let save = move |_| {
        let number = |label: &str, v: RwSignal<String>| {
            v.get_untracked().trim().parse::<u32>().map_err(|_| format!("{label}: type a whole number of days."))
        };
        let settings = match (number("Grace days", grace), number("Days to pay an invoice", invoice_days)) {
            (Ok(grace_days), Ok(invoice_days)) => BillingSettings { grace_days, invoice_days },
            (Err(e), _) | (_, Err(e)) => return save_act.feedback.fail(e),
        };
        save_act.run(async move { crate::billing_api::save_billing_settings(&settings).await }, move |s| {
            show(s);
            Some("Billing settings saved.".into())
        });
    };
    view! {
        <h1 class="section">"Billing settings"</h1>
        <FeedbackView feedback=fb notice_testid="billing-settings-saved" />
        <div class="toolbar form-row" data-testid="billing-settings">
            <Field label="Grace days" id="grace-days" hint="After the period end, everything still works (with a banner).">
                <TextInput id="grace-days" kind="number" value=grace width="120px" />
            </Field>
            <Field label="Days to pay an invoice" id="invoice-days" hint="An invoice left open longer expires.">
                <TextInput id="invoice-days" kind="number" value=invoice_days width="120px" />
            </Field>
            <button class="primary" disabled=move || save_act.busy.get() || load_act.busy.get() on:click=save>"Save"</button>
        </div>
    }
}

#[component]
pub fn AdminSubscriptions() -> impl IntoView {
    if SessionCtx::get().role() != Some(Role::MasterAdmin) {
        return view! { <h1>"Page not found"</h1><p class="muted" data-testid="not-available">"This page does not exist in your workspace."</p> }.into_any();
    }
    let (subscriptions, reload) = load(crate::billing_api::subscriptions);
    let row = |w: WorkspaceSubscription| {
        let s = w.subscription;
        let note = s.suspended_reason.clone().map(|r| format!("Suspended: {r}")).or(s.banner.clone());
        view! {
            <tr data-status=s.status.label()>
                <td>{w.workspace_name}</td>
                <td>{s.plan_name.clone().unwrap_or_else(|| "—".into())}</td>
                <td><span class=status_class(s.status)>{s.status.label()}</span>
                    {s.self_hosted.then(|| view! { <div class="cell-note">"self-hosted: no plan exists"</div> })}</td>
                <td>{period(&s)}</td>
                <td class="small">{usage(&s).into_iter().map(|u| view! { <div>{u}</div> }).collect_view()}</td>
                <td class="wrap">{note.unwrap_or_default()}</td>
                <td class="actions"><A href=format!("/admin/audit?workspace_id={}", w.workspace_id)>"Audit log"</A></td>
            </tr>
        }
    };
    view! {
        <h1>"Subscriptions"</h1>
        <div class="toolbar">
            <span class="muted">"Every workspace but the sandbox. The status is computed from the dates each time; grace days apply to all."</span>
            <span class="spacer"></span>
            <button on:click=move |_| reload()>"Refresh"</button>
        </div>
        <DataTable testid="subscriptions" rows=subscriptions row
            head=&["Workspace", "Plan", "Status", "Period ends", "Usage", "Note", ""]
            empty="No workspaces yet" hint="A workspace appears when someone signs up." />
        <SettingsForm />
    }
    .into_any()
}
