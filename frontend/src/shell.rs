//! The workspace app's frame: its navigation, the subscription notice and unread support replies
//! in the top bar, and the master admin sent to the console.
use leptos::prelude::*;
use leptos_router::components::A;
use shared::api::{Role, Session};

use crate::components::{Frame, FrameParts, load};

fn elsewhere(session: &Session) -> Option<&'static str> {
    // The platform's admin has no workspace pages: take them to the console.
    (session.user.role == Role::MasterAdmin).then_some("/admin/")
}

fn nav(session: &Session) -> AnyView {
    let sandbox = session.user.workspace.as_ref().is_some_and(|w| w.sandbox);
    view! {
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
        <A href="/billing">"Billing"</A>
        <A href="/support">"Support"</A>
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
            <div class="banner" role="status" data-testid="billing-banner">{text} " " <A href="/billing">"Billing"</A></div>
        })}
    }
    .into_any()
}

/// Unread replies from the platform's support.
fn topbar(_: &Session) -> AnyView {
    let (unread, _) = load(crate::api::support_unread);
    (move || {
        unread.get().and_then(Result::ok).filter(|u| u.messages > 0).map(|u| {
            view! { <A href="/support" attr:class="badge warn" attr:data-testid="support-unread">{u.messages} " new support " {if u.messages == 1 { "reply" } else { "replies" }}</A> }
        })
    })
    .into_any()
}

#[component]
pub fn Shell(children: ChildrenFn) -> impl IntoView {
    let parts = FrameParts { elsewhere, nav, notices, topbar, has_login: true };
    view! { <Frame parts children /> }
}
