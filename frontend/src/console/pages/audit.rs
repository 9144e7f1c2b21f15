//! Master admin: the audit log — every recorded action of the platform's admins (append-only, the
//! last 500), filtered by action and by workspace (`?workspace_id=` opens it on one workspace).
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::api::Role;
use shared::billing::AuditEntry;

use crate::components::{DataTable, ErrorLine, date, load};
use crate::session::SessionCtx;

/// The actions the server records (it offers no list), in words.
const ACTIONS: [(&str, &str); 13] = [
    ("invoice_approved", "Invoice approved"),
    ("invoice_rejected", "Invoice rejected"),
    ("subscription_changed", "Subscription changed"),
    ("suspended", "Suspended"),
    ("resumed", "Resumed"),
    ("plan_created", "Plan created"),
    ("plan_changed", "Plan changed"),
    ("plan_archived", "Plan archived"),
    ("plan_offered", "Plan offered again"),
    ("plan_deleted", "Plan deleted"),
    ("billing_settings_changed", "Billing settings changed"),
    ("view_as", "Workspace viewed (read-only)"),
    ("workspace_deleted", "Workspace deleted"),
];

fn action_words(code: &str) -> String {
    ACTIONS.iter().find(|(c, _)| *c == code).map_or_else(|| code.replace('_', " "), |(_, w)| w.to_string())
}

#[component]
pub fn AdminAudit() -> impl IntoView {
    if SessionCtx::get().role() != Some(Role::MasterAdmin) {
        return view! { <h1>"Page not found"</h1><p class="muted" data-testid="not-available">"This page does not exist in your workspace."</p> }.into_any();
    }
    let action = RwSignal::new(String::new());
    let workspace = RwSignal::new(use_query_map().get_untracked().get("workspace_id").unwrap_or_default());
    let (entries, reload) =
        load(
            move || async move { crate::billing_api::audit(&action.get_untracked(), &workspace.get_untracked()).await },
        );
    let (tenants, _) = load(|| crate::api::tenants("", ""));
    let tenant_options = move || {
        let list = match tenants.get() {
            Some(Ok(list)) => list,
            _ => Vec::new(),
        };
        let chosen = workspace.get();
        list.into_iter()
            .filter(|t| !t.sandbox)
            .map(|t| {
                let selected = t.id == chosen;
                view! { <option value=t.id selected=selected>{t.name}</option> }
            })
            .collect_view()
    };
    let tenants_error = move || match tenants.get() {
        Some(Err(e)) => Some(format!("The workspaces for the filter could not be loaded: {}", e.message)),
        _ => None,
    };
    let (reload_a, reload_w) = (reload.clone(), reload);
    let row = |e: AuditEntry| {
        view! {
            <tr data-action=e.action.clone()>
                <td>{date(&e.at)}</td>
                <td>{e.admin_email}</td>
                <td><span class="badge">{action_words(&e.action)}</span></td>
                <td>{e.workspace_name.or(e.workspace_id).unwrap_or_else(|| "—".into())}</td>
                <td class="wrap">{e.subject}</td>
                <td class="wrap">{e.reason.unwrap_or_default()}</td>
            </tr>
        }
    };
    view! {
        <h1>"Audit log"</h1>
        <p class="muted">"Every change to plans, invoices, subscriptions, workspaces and billing settings, with who made it and why. Nothing here can be edited or deleted."</p>
        <ErrorLine message=Signal::derive(tenants_error) />
        <div class="filters toolbar">
            <select aria-label="Action" data-testid="audit-action" on:change=move |ev| {
                action.set(event_target_value(&ev));
                reload_a();
            }>
                <option value="">"Any action"</option>
                {ACTIONS.iter().map(|(code, words)| view! { <option value=*code>{*words}</option> }).collect_view()}
            </select>
            <select aria-label="Workspace" data-testid="audit-workspace" on:change=move |ev| {
                workspace.set(event_target_value(&ev));
                reload_w();
            }>
                <option value="" selected=move || workspace.get().is_empty()>"Any workspace"</option>
                {tenant_options}
            </select>
        </div>
        <DataTable testid="audit" rows=entries row head=&["When", "Who", "Action", "Workspace", "What", "Reason"]
            empty="Nothing recorded yet" hint="Approving an invoice, changing a plan or suspending a workspace is recorded here." />
    }
    .into_any()
}
