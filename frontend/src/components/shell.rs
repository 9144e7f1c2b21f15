//! The signed-in frame: top bar with workspace and user menu, left navigation, content. Below
//! 900 px (a phone) the navigation folds away behind the top bar's "Menu" button.
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{A, Redirect};
use leptos_router::hooks::{use_location, use_navigate};
use shared::api::Role;

use super::{Confirm, ConfirmDialog};
use crate::session::SessionCtx;

#[component]
pub fn Shell(children: ChildrenFn) -> impl IntoView {
    let ctx = SessionCtx::get();
    let navigate = use_navigate();
    let location = use_location();
    let confirm = Confirm::provide();
    // Whether the navigation is unfolded on a phone (on a desktop it always shows).
    let menu_open = RwSignal::new(false);
    let sign_out = move |_| {
        ctx.set(None);
        spawn_local(async move {
            let _ = crate::api::logout().await;
        });
        navigate("/login", Default::default());
    };
    let frame = move || match ctx.0.get() {
        None if ctx.restoring() => view! { <p class="muted" data-testid="restoring">"Loading…"</p> }.into_any(),
        None => view! { <Redirect path="/login" /> }.into_any(),
        Some(session) if session.user.role == Role::MasterAdmin && !location.pathname.get().starts_with("/admin") => {
            // The platform's admin has no workspace pages: take them to theirs.
            drop(session);
            view! { <Redirect path="/admin/tenants" /> }.into_any()
        }
        Some(session) => {
            let is_admin = session.user.role == Role::MasterAdmin;
            let workspace = session
                .user
                .workspace
                .as_ref()
                .map(|w| w.name.clone())
                .unwrap_or_else(|| "Platform administration".into());
            let sandbox = session.user.workspace.as_ref().is_some_and(|w| w.sandbox);
            let role = match session.user.role {
                Role::MasterAdmin => "master admin",
                Role::Owner => "owner",
                Role::Staff => "staff",
                Role::SandboxVisitor => "sandbox visitor",
            };
            view! {
                <header class="topbar">
                    <button class="menu-button" type="button" aria-label="Menu" data-testid="menu-button"
                        aria-controls="main-nav" aria-expanded=move || if menu_open.get() { "true" } else { "false" }
                        on:click=move |_| menu_open.update(|open| *open = !*open)>
                        <span aria-hidden="true">{move || if menu_open.get() { "✕ " } else { "☰ " }}</span>"Menu"
                    </button>
                    <span class="brand">"PanelRelay"</span>
                    <span class="workspace" data-testid="workspace-name">{workspace}</span>
                    {sandbox.then(|| view! { <span class="badge warn" title="Fake panel, fake Telegram and WhatsApp">"sandbox: fake data"</span> })}
                    <span class="spacer"></span>
                    <span class="user">{session.user.email.clone()} " · " {role}</span>
                    <button on:click=sign_out.clone()>"Sign out"</button>
                </header>
                <div class="layout">
                    // A click on a link (or anywhere in the unfolded menu) folds it again.
                    <nav id="main-nav" class=move || if menu_open.get() { "sidebar open" } else { "sidebar" }
                        on:click=move |_| menu_open.set(false)>
                        {(!is_admin).then(|| view! {
                            {sandbox.then(|| view! { <A href="/sandbox">"Sandbox chat"</A> })}
                            <A href="/">"Dashboard"</A>
                            <A href="/panels">"Panels"</A>
                            <A href="/providers">"Providers"</A>
                            <A href="/orders">"Order lookup"</A>
                            <A href="/channels">"Channels"</A>
                            <A href="/customers">"Customers"</A>
                            <A href="/routing">"Routing"</A>
                            <A href="/service-rules">"Service rules"</A>
                            <A href="/templates">"Templates"</A>
                            <A href="/test-command">"Test a command"</A>
                            <A href="/logs">"Logs"</A>
                            <A href="/settings">"Settings"</A>
                            <A href="/team">"Team"</A>
                            <A href="/api-keys">"API keys"</A>
                        })}
                        {is_admin.then(|| view! { <A href="/admin/tenants">"Tenants"</A> <A href="/admin/backups">"Backups"</A> })}
                        <div class="nav-user">{session.user.email.clone()} " · " {role}</div>
                    </nav>
                    <main class="content">{children()}</main>
                </div>
            }
            .into_any()
        }
    };
    view! { {frame} <ConfirmDialog confirm /> }
}
