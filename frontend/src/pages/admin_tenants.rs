//! Master admin: every workspace on the platform. Other roles never see or reach this page.
use leptos::prelude::*;
use shared::api::{Role, TenantSummary};

use crate::components::loader::table_rows;
use crate::components::{date, load};
use crate::session::SessionCtx;

#[component]
pub fn AdminTenants() -> impl IntoView {
    if SessionCtx::get().role() != Some(Role::MasterAdmin) {
        return view! { <h1>"Page not found"</h1><p class="muted" data-testid="not-available">"This page does not exist in your workspace."</p> }.into_any();
    }
    let (tenants, _) = load(crate::api::tenants);
    let row = |t: TenantSummary| {
        view! {
            <tr>
                <td>{t.name}{t.sandbox.then(|| view! { " " <span class="badge warn">"sandbox"</span> })}</td>
                <td>{t.owner_email.unwrap_or_else(|| "—".into())}</td>
                <td>{date(&t.created_at)}</td>
                <td>{t.members}</td>
                <td><span class=if t.status == "active" { "badge ok" } else { "badge off" }>{t.status.clone()}</span></td>
            </tr>
        }
    };
    view! {
        <h1>"Tenants"</h1>
        <table data-testid="tenants">
            <thead><tr><th>"Workspace"</th><th>"Owner email"</th><th>"Created"</th><th>"Members"</th><th>"Status"</th></tr></thead>
            <tbody>{table_rows(tenants, 5, "No workspaces yet.", row)}</tbody>
        </table>
    }
    .into_any()
}
