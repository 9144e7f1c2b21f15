//! The workspace's frame, shared by the workspace app and the account app (Billing, Support,
//! Tickets): its navigation, the subscription notice and unread support replies in the top bar,
//! and the master admin sent to the console. A link into the other app is a full page load
//! (`rel="external"`).
use leptos::prelude::*;
use leptos_router::components::A;
use shared::api::{Role, Session};

use crate::components::{Frame, FrameParts, load};

fn elsewhere(session: &Session) -> Option<&'static str> {
    // The platform's admin has no workspace pages: take them to the console.
    (session.user.role == Role::MasterAdmin).then_some("/admin/customers")
}

/// Which of the two apps draws the frame.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum App {
    Workspace,
    Account,
}

thread_local! {
    static HERE: std::cell::Cell<App> = const { std::cell::Cell::new(App::Workspace) };
}

/// Set once by the app at start.
pub fn set_app(app: App) {
    HERE.with(|h| h.set(app));
}

/// A navigation link: routed inside this app, a full page load into the other.
fn link(href: &'static str, text: &'static str, app: App) -> AnyView {
    if HERE.with(|h| h.get()) == app {
        view! { <A href=href>{text}</A> }.into_any()
    } else {
        view! { <a href=href rel="external">{text}</a> }.into_any()
    }
}

fn nav(session: &Session) -> AnyView {
    let sandbox = session.user.workspace.as_ref().is_some_and(|w| w.sandbox);
    let w = |href, text| link(href, text, App::Workspace);
    view! {
        {sandbox.then(|| w("/sandbox", "Sandbox chat"))}
        {w("/", "Dashboard")}
        {w("/panels", "Panels")}
        {w("/providers", "Providers")}
        {w("/orders", "Order lookup")}
        {w("/channels", "Channels")}
        {link("/tickets", "Tickets", App::Account)}
        {w("/customers", "Customers")}
        {w("/routing", "Routing")}
        {w("/service-rules", "Service rules")}
        {w("/templates", "Templates")}
        {w("/test-command", "Test a command")}
        {w("/logs", "Logs")}
        {link("/health", "Health", App::Account)}
        {w("/settings", "Settings")}
        {link("/team", "Team", App::Account)}
        {link("/api-keys", "API keys", App::Account)}
        {link("/billing", "Billing", App::Account)}
        {link("/support", "Support", App::Account)}
    }
    .into_any()
}

/// The subscription's notice (7 days before the end, grace, expiry, suspension), and the
/// reminder that a master admin's view is read-only.
fn notices(session: &Session) -> AnyView {
    let viewing = crate::session::viewing().then(|| {
        let name = session.user.workspace.as_ref().map(|w| w.name.clone()).unwrap_or_default();
        view! { <div class="banner view-as" data-testid="view-as-banner">"Read-only view of “" {name} "” as the platform: nothing can be changed, and this view is recorded."</div> }
    });
    let (billing, _) = load(crate::api::billing);
    view! {
        {viewing}
        {move || billing.get().and_then(Result::ok).and_then(|b| b.banner).map(|text| view! {
            <div class="banner" role="status" data-testid="billing-banner">{text} " " {link("/billing", "Billing", App::Account)}</div>
        })}
    }
    .into_any()
}

/// Unread replies from the platform's support.
fn topbar(_: &Session) -> AnyView {
    let (unread, _) = load(crate::api::support_unread);
    (move || {
        unread.get().and_then(Result::ok).filter(|u| u.messages > 0).map(|u| {
            let text = format!("{} new support {}", u.messages, if u.messages == 1 { "reply" } else { "replies" });
            if HERE.with(|h| h.get()) == App::Account {
                view! { <A href="/support" attr:class="badge warn" attr:data-testid="support-unread">{text}</A> }
                    .into_any()
            } else {
                view! { <a href="/support" rel="external" class="badge warn" data-testid="support-unread">{text}</a> }
                    .into_any()
            }
        })
    })
    .into_any()
}

#[component]
pub fn Shell(children: ChildrenFn) -> impl IntoView {
    let parts = FrameParts { elsewhere, nav, notices, topbar, has_login: true };
    view! { <Frame parts children /> }
}
