//! Routes of the SPA.
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::pages::channels::Channels;
use crate::pages::customers::Customers;
use crate::pages::order_lookup::OrderLookup;
use crate::pages::panels::Panels;
use crate::pages::providers::Providers;
use crate::pages::sandbox::SandboxChat;
use crate::pages::{auth, dashboard::Dashboard};
use crate::pages::{
    logs::Logs, routing::Routing, service_rules::ServiceRules, settings::Settings, templates::Templates,
    test_command::TestCommand,
};
use crate::session::SessionCtx;
use crate::workspace_shell::Shell;

#[component]
pub fn App() -> impl IntoView {
    let ctx = SessionCtx(RwSignal::new(None), RwSignal::new(true));
    provide_context(ctx);
    crate::session::bind(ctx.0);
    let view_as = crate::session::take_view_as();
    leptos::task::spawn_local(async move {
        if let Some(token) = view_as {
            // The master admin's read-only view of a workspace (opened from the console).
            match crate::api::me_with(&token).await {
                Ok(user) => {
                    crate::session::set_viewing(true);
                    let session =
                        shared::api::Session { access_token: token, expires_in: 0, refresh_token: None, user };
                    ctx.set(Some(session));
                }
                Err(_) => ctx.set(None),
            }
        // A reload keeps the visitor signed in: the refresh cookie buys a new access token.
        } else if crate::api::refresh_session().await {
            ctx.0.set(crate::session::load());
        }
        ctx.1.set(false);
    });
    view! {
        <Router>
            <Routes fallback=|| view! { <Shell><h1>"Page not found"</h1></Shell> }>
                <Route path=path!("/login") view=auth::Login />
                <Route path=path!("/signup") view=auth::Signup />
                <Route path=path!("/accept-invite") view=auth::AcceptInvite />
                <Route path=path!("/") view=|| view! { <Shell><Dashboard /></Shell> } />
                <Route path=path!("/panels") view=|| view! { <Shell><Panels /></Shell> } />
                <Route path=path!("/providers") view=|| view! { <Shell><Providers /></Shell> } />
                <Route path=path!("/orders") view=|| view! { <Shell><OrderLookup /></Shell> } />
                <Route path=path!("/customers") view=|| view! { <Shell><Customers /></Shell> } />
                <Route path=path!("/channels") view=|| view! { <Shell><Channels /></Shell> } />
                <Route path=path!("/sandbox") view=|| view! { <Shell><SandboxChat /></Shell> } />
                <Route path=path!("/routing") view=|| view! { <Shell><Routing /></Shell> } />
                <Route path=path!("/service-rules") view=|| view! { <Shell><ServiceRules /></Shell> } />
                <Route path=path!("/templates") view=|| view! { <Shell><Templates /></Shell> } />
                <Route path=path!("/test-command") view=|| view! { <Shell><TestCommand /></Shell> } />
                <Route path=path!("/logs") view=|| view! { <Shell><Logs /></Shell> } />
                <Route path=path!("/settings") view=|| view! { <Shell><Settings /></Shell> } />
            </Routes>
        </Router>
    }
}
