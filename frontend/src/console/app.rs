//! Routes of the console (all under `/admin/`).
use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::pages::{
    audit::AdminAudit,
    backups::AdminBackups,
    customers::AdminCustomers,
    health::AdminHealth,
    invoices::AdminInvoices,
    payment_methods::AdminPaymentMethods,
    plans::AdminPlans,
    platform_texts::AdminPlatformTexts,
    subscriptions::AdminSubscriptions,
    support::{AdminSupport, AdminSupportThread},
};
use crate::session::SessionCtx;
use crate::shell::Shell;

#[component]
pub fn App() -> impl IntoView {
    let ctx = SessionCtx(RwSignal::new(None), RwSignal::new(true));
    provide_context(ctx);
    crate::session::bind(ctx.0);
    // The session comes from the refresh cookie: sign-in happens in the workspace app.
    leptos::task::spawn_local(async move {
        if frontend::api::refresh_session().await {
            ctx.0.set(crate::session::load());
        }
        ctx.1.set(false);
    });
    view! {
        <Router>
            <Routes fallback=|| view! { <Shell><h1>"Page not found"</h1></Shell> }>
                <Route path=path!("/admin") view=|| view! { <Redirect path="/admin/customers" /> } />
                <Route path=path!("/admin/customers") view=|| view! { <Shell><AdminCustomers /></Shell> } />
                <Route path=path!("/admin/plans") view=|| view! { <Shell><AdminPlans /></Shell> } />
                <Route path=path!("/admin/payment-methods") view=|| view! { <Shell><AdminPaymentMethods /></Shell> } />
                <Route path=path!("/admin/invoices") view=|| view! { <Shell><AdminInvoices /></Shell> } />
                <Route path=path!("/admin/support") view=|| view! { <Shell><AdminSupport /></Shell> } />
                <Route path=path!("/admin/support/:id") view=|| view! { <Shell><AdminSupportThread /></Shell> } />
                <Route path=path!("/admin/subscriptions") view=|| view! { <Shell><AdminSubscriptions /></Shell> } />
                <Route path=path!("/admin/platform-texts") view=|| view! { <Shell><AdminPlatformTexts /></Shell> } />
                <Route path=path!("/admin/audit") view=|| view! { <Shell><AdminAudit /></Shell> } />
                <Route path=path!("/admin/health") view=|| view! { <Shell><AdminHealth /></Shell> } />
                <Route path=path!("/admin/backups") view=|| view! { <Shell><AdminBackups /></Shell> } />
            </Routes>
        </Router>
    }
}
