//! The console's frame: its navigation; everyone but the master admin is sent to the workspace app.
use leptos::prelude::*;
use leptos_router::components::A;
use shared::api::{Role, Session};

use crate::components::{Frame, FrameParts};

fn elsewhere(session: &Session) -> Option<&'static str> {
    (session.user.role != Role::MasterAdmin).then_some("/")
}

fn nav(_: &Session) -> AnyView {
    view! {
        <A href="/admin/customers">"Customers"</A>
        <A href="/admin/plans">"Plans"</A>
        <A href="/admin/payment-methods">"Payment methods"</A>
        <A href="/admin/invoices">"Invoices"</A>
        <A href="/admin/subscriptions">"Subscriptions"</A>
        <A href="/admin/audit">"Audit log"</A>
        <A href="/admin/backups">"Backups"</A>
    }
    .into_any()
}

fn nothing(_: &Session) -> AnyView {
    ().into_any()
}

#[component]
pub fn Shell(children: ChildrenFn) -> impl IntoView {
    let parts = FrameParts { elsewhere, nav, notices: nothing, topbar: nothing, has_login: false };
    view! { <Frame parts children /> }
}
