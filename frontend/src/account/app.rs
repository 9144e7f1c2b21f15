//! Routes of the account app: Billing (with the printable invoice), Support, Tickets, Team, API keys and Health.
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::pages::billing::{Billing, print::InvoicePrint};
use crate::pages::support::{Support, SupportThread};
use crate::pages::tickets::Tickets;
use crate::pages::{api_keys::ApiKeys, health::Health, team::Team};
use crate::session::SessionCtx;
use crate::workspace_shell::Shell;

#[component]
pub fn App() -> impl IntoView {
    let ctx = SessionCtx(RwSignal::new(None), RwSignal::new(true));
    provide_context(ctx);
    crate::session::bind(ctx.0);
    // The session comes from the refresh cookie (signing in happens in the workspace app).
    leptos::task::spawn_local(async move {
        if crate::api::refresh_session().await {
            ctx.0.set(crate::session::load());
        }
        ctx.1.set(false);
    });
    view! {
        <Router>
            <Routes fallback=|| view! { <Shell><h1>"Page not found"</h1></Shell> }>
                <Route path=path!("/billing") view=|| view! { <Shell><Billing /></Shell> } />
                <Route path=path!("/billing/invoices/:id") view=|| view! { <Shell><InvoicePrint /></Shell> } />
                <Route path=path!("/team") view=|| view! { <Shell><Team /></Shell> } />
                <Route path=path!("/api-keys") view=|| view! { <Shell><ApiKeys /></Shell> } />
                <Route path=path!("/support") view=|| view! { <Shell><Support /></Shell> } />
                <Route path=path!("/support/:id") view=|| view! { <Shell><SupportThread /></Shell> } />
                <Route path=path!("/tickets") view=|| view! { <Shell><Tickets /></Shell> } />
                <Route path=path!("/health") view=|| view! { <Shell><Health /></Shell> } />
            </Routes>
        </Router>
    }
}
