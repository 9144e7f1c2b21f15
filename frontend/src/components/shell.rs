//! The signed-in frame both apps share: top bar with workspace and user menu, left navigation,
//! content. Below 900 px (a phone) the navigation folds away behind the top bar's "Menu" button.
//! The workspace app and the master admin console each bring their own navigation and say who
//! belongs elsewhere (a full page load into the other app).
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_navigate;
use shared::api::{Role, Session};

use super::{Confirm, ConfirmDialog};
use crate::session::SessionCtx;

/// Leaves this app for a page of the other one (the workspace SPA or the admin console): a full
/// page load, which restores the session from the refresh cookie there.
pub fn go_to(url: &str) {
    let _ = window().location().assign(url);
}

/// What one app puts in the frame.
#[derive(Clone, Copy)]
pub struct FrameParts {
    /// Where this user belongs instead, when it is not this app (`None`: here).
    pub elsewhere: fn(&Session) -> Option<&'static str>,
    /// The navigation links.
    pub nav: fn(&Session) -> AnyView,
    /// Notices shown under the top bar (e.g. a subscription about to expire).
    pub notices: fn(&Session) -> AnyView,
    /// Extra items in the top bar, before the user (e.g. unread support replies).
    pub topbar: fn(&Session) -> AnyView,
    /// Whether `/login` is a page of this app (else signing in means a full page load).
    pub has_login: bool,
}

pub fn role_label(role: Role) -> &'static str {
    match role {
        Role::MasterAdmin => "master admin",
        Role::Owner => "owner",
        Role::Staff => "staff",
        Role::SandboxVisitor => "sandbox visitor",
    }
}

#[component]
pub fn Frame(parts: FrameParts, children: ChildrenFn) -> impl IntoView {
    let ctx = SessionCtx::get();
    let navigate = use_navigate();
    let confirm = Confirm::provide();
    // Whether the navigation is unfolded on a phone (on a desktop it always shows).
    let menu_open = RwSignal::new(false);
    let sign_out = move |_| {
        ctx.set(None);
        spawn_local(async move {
            let _ = crate::api::logout().await;
        });
        if parts.has_login {
            navigate("/login", Default::default());
        } else {
            go_to("/login");
        }
    };
    let frame = move || match ctx.0.get() {
        None if ctx.restoring() => view! { <p class="muted" data-testid="restoring">"Loading…"</p> }.into_any(),
        None if parts.has_login => view! { <Redirect path="/login" /> }.into_any(),
        None => {
            go_to("/login");
            view! { <p class="muted">"Loading…"</p> }.into_any()
        }
        Some(session) if (parts.elsewhere)(&session).is_some() => {
            if let Some(url) = (parts.elsewhere)(&session) {
                go_to(url);
            }
            view! { <p class="muted">"Loading…"</p> }.into_any()
        }
        Some(session) => {
            let workspace = session
                .user
                .workspace
                .as_ref()
                .map(|w| w.name.clone())
                .unwrap_or_else(|| "Platform administration".into());
            let sandbox = session.user.workspace.as_ref().is_some_and(|w| w.sandbox);
            let role = role_label(session.user.role);
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
                    {(parts.topbar)(&session)}
                    <span class="user">{session.user.email.clone()} " · " {role}</span>
                    <button on:click=sign_out.clone()>"Sign out"</button>
                </header>
                {(parts.notices)(&session)}
                <div class="layout">
                    // A click on a link (or anywhere in the unfolded menu) folds it again.
                    <nav id="main-nav" class=move || if menu_open.get() { "sidebar open" } else { "sidebar" }
                        on:click=move |_| menu_open.set(false)>
                        {(parts.nav)(&session)}
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
