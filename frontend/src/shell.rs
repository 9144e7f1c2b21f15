//! The workspace app's frame: its navigation, and the master admin sent to the console.
use leptos::prelude::*;
use leptos_router::components::A;
use shared::api::{Role, Session};

use crate::components::{Frame, FrameParts};

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
    }
    .into_any()
}

fn nothing(_: &Session) -> AnyView {
    ().into_any()
}

#[component]
pub fn Shell(children: ChildrenFn) -> impl IntoView {
    let parts = FrameParts { elsewhere, nav, notices: nothing, topbar: nothing, has_login: true };
    view! { <Frame parts children /> }
}
