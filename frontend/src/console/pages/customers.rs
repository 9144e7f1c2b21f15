//! Master admin: every workspace on the platform. Other roles never see or reach this page.
use leptos::prelude::*;
use shared::api::{Role, TenantSummary};

use crate::components::{DataTable, date, load};
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
        <DataTable testid="tenants" head=&["Workspace", "Owner email", "Created", "Members", "Status"] rows=tenants row
            empty="No workspaces yet" hint="A workspace appears when someone signs up." />
    }
    .into_any()
}
