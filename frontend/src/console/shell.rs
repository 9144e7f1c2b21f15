//! The console's frame: its navigation and the unread support messages in the top bar; everyone
//! but the master admin is sent to the workspace app.
use leptos::prelude::*;
use leptos_router::components::A;
use shared::api::{Role, Session};

use crate::components::{Frame, FrameParts, load};

fn elsewhere(session: &Session) -> Option<&'static str> {
    (session.user.role != Role::MasterAdmin).then_some("/")
}

fn nav(_: &Session) -> AnyView {
    view! {
        <A href="/admin/customers">"Customers"</A>
        <A href="/admin/plans">"Plans"</A>
        <A href="/admin/payment-methods">"Payment methods"</A>
        <A href="/admin/invoices">"Invoices"</A>
        <A href="/admin/support">"Support"</A>
        <A href="/admin/subscriptions">"Subscriptions"</A>
        <A href="/admin/platform-texts">"Platform templates"</A>
        <A href="/admin/audit">"Audit log"</A>
        <A href="/admin/health">"Health"</A>
        <A href="/admin/backups">"Backups"</A>
    }
    .into_any()
}

fn nothing(_: &Session) -> AnyView {
    ().into_any()
}

/// "Support", with the count of workspace messages not read yet (loaded when the frame renders;
/// a failed load says so on hover).
fn topbar(_: &Session) -> AnyView {
    let (unread, _) = load(crate::support_api::unread);
    let count = move || unread.get().and_then(Result::ok).map_or(0, |u| u.messages);
    let problem =
        move || unread.get().and_then(Result::err).map(|e| format!("Unread count unavailable: {}", e.message));
    view! {
        <span class="topbar-link" title=problem>
            <A href="/admin/support">"Support"</A>
            {move || (count() > 0).then(|| view! { " " <span class="badge warn" data-testid="support-unread">{count()}</span> })}
        </span>
    }
    .into_any()
}

#[component]
pub fn Shell(children: ChildrenFn) -> impl IntoView {
    let parts = FrameParts { elsewhere, nav, notices: nothing, topbar, has_login: false };
    view! { <Frame parts children /> }
}
