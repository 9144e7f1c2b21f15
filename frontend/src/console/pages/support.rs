//! Master admin: support — every workspace's tickets with the platform, those waiting for an
//! answer first, and one ticket's thread with the reply box.
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use shared::api::Role;
use shared::support::{Ticket, TicketMessage, TicketThread};

use crate::components::{Action, DataTable, Feedback, FeedbackView, Field, date, load};
use crate::session::SessionCtx;

/// The filter: the queue first, then everything, then each other status.
const FILTERS: [(&str, &str); 4] =
    [("open", "Waiting for us"), ("", "All"), ("answered", "Answered"), ("closed", "Closed")];

fn not_found() -> AnyView {
    view! { <h1>"Page not found"</h1><p class="muted" data-testid="not-available">"This page does not exist in your workspace."</p> }.into_any()
}

#[component]
pub fn AdminSupport() -> impl IntoView {
    if SessionCtx::get().role() != Some(Role::MasterAdmin) {
        return not_found();
    }
    let status = RwSignal::new("open".to_string());
    let (tickets, reload) = load(move || async move { crate::support_api::tickets(&status.get_untracked()).await });
    let row = |t: Ticket| {
        view! {
            <tr data-status=t.status.key()>
                <td class="wrap"><A href=format!("/admin/support/{}", t.id)>{t.subject}</A></td>
                <td>{t.workspace_name}</td>
                <td>{t.opened_by}</td>
                <td><span class=t.status.badge()>{t.status.key()}</span></td>
                <td>{(t.unread > 0).then(|| view! { <span class="badge warn" data-testid="ticket-unread">{t.unread}</span> })}</td>
                <td>{date(&t.updated_at)}</td>
            </tr>
        }
    };
    let change = move |ev: leptos::ev::Event| {
        status.set(event_target_value(&ev));
        reload();
    };
    view! {
        <h1>"Support"</h1>
        <div class="toolbar">
            <select aria-label="Status" data-testid="support-status" on:change=change>
                {FILTERS.into_iter().map(|(key, words)| {
                    view! { <option value=key selected=move || status.get() == key>{words}</option> }
                }).collect_view()}
            </select>
            <span class="spacer"></span>
            <span class="muted">"Tickets from workspace owners about PanelRelay itself. Open: waiting for your answer."</span>
        </div>
        <DataTable testid="support-tickets" rows=tickets row
            head=&["Subject", "Workspace", "Opened by", "Status", "Unread", "Updated"]
            empty="No tickets here" hint="Nothing is waiting for you; choose “All” to see every ticket." />
    }
    .into_any()
}

fn message(m: TicketMessage) -> impl IntoView {
    let (class, who) = if m.from_platform {
        ("msg platform", format!("{} (platform)", m.author))
    } else {
        ("msg workspace", m.author)
    };
    view! {
        <div class=class>
            <div class="meta">{who} " · " {date(&m.at)}</div>
            <div class="body">{m.body}</div>
        </div>
    }
}

/// The subject, workspace and status of a loaded thread.
fn heading(t: &TicketThread) -> impl IntoView + use<> {
    let s = t.ticket.status;
    view! {
        <h1>{t.ticket.subject.clone()}</h1>
        <p>{t.ticket.workspace_name.clone()} " · opened by " {t.ticket.opened_by.clone()} " "
            <span class=s.badge() data-testid="ticket-status">{s.key()}</span></p>
    }
}

#[component]
pub fn AdminSupportThread() -> impl IntoView {
    if SessionCtx::get().role() != Some(Role::MasterAdmin) {
        return not_found();
    }
    let params = use_params_map();
    let id = move || params.with_untracked(|p| p.get("id").unwrap_or_default());
    let (thread, reload) = load(move || async move { crate::support_api::ticket(&id()).await });
    let fb = Feedback::new();
    let act = Action::reloading(fb, reload);
    let reply = RwSignal::new(String::new());
    let closed =
        move || matches!(thread.get(), Some(Ok(t)) if t.ticket.status == shared::support::TicketStatus::Closed);

    let send = move |_| {
        let (id, text) = (id(), reply.get_untracked());
        act.run(async move { crate::support_api::reply(&id, &text).await }, move |_| {
            reply.set(String::new());
            Some("Reply sent; the owner sees it on their Support page.".into())
        });
    };
    let close = move |_| {
        let id = id();
        act.run_then(
            async move { crate::support_api::close(&id).await },
            "Ticket closed. It opens again if the owner writes.",
        );
    };
    view! {
        <A href="/admin/support">"← Support"</A>
        {move || match thread.get() {
            None => view! { <p class="muted">"Loading…"</p> }.into_any(),
            Some(Err(e)) => view! { <h1>"Support"</h1><div class="error" role="alert">{e.message}</div> }.into_any(),
            Some(Ok(t)) => heading(&t).into_any(),
        }}
        <FeedbackView feedback=fb />
        <div class="thread" data-testid="support-thread">
            {move || thread.get().and_then(Result::ok).map(|t| t.messages.into_iter().map(message).collect_view())}
        </div>
        <Field label="Reply" id="support-reply">
            <textarea id="support-reply" rows="5" prop:value=move || reply.get()
                on:input=move |ev| reply.set(event_target_value(&ev))></textarea>
        </Field>
        <div class="toolbar" style="margin-top:8px">
            <button class="primary" data-testid="send-reply" disabled=move || act.busy.get() on:click=send>"Send reply"</button>
            {move || (!closed()).then(|| view! {
                <button data-testid="close-ticket" disabled=move || act.busy.get() on:click=close>"Close ticket"</button>
            })}
        </div>
    }
    .into_any()
}
