//! Support: the workspace's tickets with the platform (not the panel's own tickets). The owner
//! opens one, replies and closes; staff read.
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use shared::api::Role;
use shared::support::{OpenTicket, Ticket, TicketStatus, TicketThread};

use crate::components::{Action, DataTable, Feedback, FeedbackView, Field, Modal, TextInput, date, load};
use crate::session::SessionCtx;

fn is_owner() -> bool {
    SessionCtx::get().role() == Some(Role::Owner)
}

#[component]
pub fn Support() -> impl IntoView {
    let (tickets, reload) = load(crate::api::tickets);
    let fb = Feedback::new();
    let act = Action::reloading(fb.own_error(), reload);
    let open = RwSignal::new(false);
    let subject = RwSignal::new(String::new());
    let message = RwSignal::new(String::new());
    let navigate = leptos_router::hooks::use_navigate();
    let create = move |_| {
        let req = OpenTicket { subject: subject.get_untracked(), message: message.get_untracked() };
        let navigate = navigate.clone();
        act.run(async move { crate::api::open_ticket(&req).await }, move |t| {
            open.set(false);
            navigate(&format!("/support/{}", t.ticket.id), Default::default());
            None
        });
    };
    let row = |t: Ticket| {
        let status = t.status;
        view! {
            <tr>
                <td><A href=format!("/support/{}", t.id)>{t.subject}</A></td>
                <td><span class=status.badge()>{status_text(status)}</span></td>
                <td>{(t.unread > 0).then(|| view! { <span class="badge warn" data-testid="ticket-unread">{t.unread}" new"</span> })}</td>
                <td>{t.opened_by}</td>
                <td>{date(&t.updated_at)}</td>
            </tr>
        }
    };
    view! {
        <h1>"Support"</h1>
        <FeedbackView feedback=fb />
        <div class="toolbar">
            <span class="muted">"Questions about PanelRelay itself, billing or a problem with the service: the platform answers here."</span>
            <span class="spacer"></span>
            {is_owner().then(|| view! {
                <button class="primary" data-testid="new-ticket" on:click=move |_| { subject.set(String::new()); message.set(String::new()); open.set(true) }>"New ticket"</button>
            })}
        </div>
        <DataTable testid="support-tickets" head=&["Subject", "Status", "", "Opened by", "Last activity"] rows=tickets row
            empty="No tickets yet" hint="Open one when you need the platform's help." />
        <Modal open title="New support ticket" action=act>
            <Field label="Subject" id="ticket-subject"><TextInput id="ticket-subject" value=subject /></Field>
            <Field label="Message" id="ticket-message">
                <textarea id="ticket-message" rows="6" prop:value=move || message.get() on:input=move |ev| message.set(event_target_value(&ev))></textarea>
            </Field>
            <div class="actions">
                <button on:click=move |_| open.set(false)>"Cancel"</button>
                <button class="primary" data-testid="open-ticket" disabled=move || act.busy.get() on:click=create.clone()>"Open ticket"</button>
            </div>
        </Modal>
    }
}

pub fn status_text(s: TicketStatus) -> &'static str {
    match s {
        TicketStatus::Open => "waiting for the platform",
        TicketStatus::Answered => "answered",
        TicketStatus::Closed => "closed",
    }
}

fn messages(t: &TicketThread) -> impl IntoView {
    t.messages
        .iter()
        .map(|m| {
            let class = if m.from_platform { "msg platform" } else { "msg workspace" };
            let who = if m.from_platform { format!("PanelRelay support ({})", m.author) } else { m.author.clone() };
            view! {
                <div class=class>
                    <div class="meta">{who} " · " {date(&m.at)}</div>
                    <div class="body">{m.body.clone()}</div>
                </div>
            }
        })
        .collect_view()
}

#[component]
pub fn SupportThread() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let thread = RwSignal::new(None::<Result<TicketThread, crate::api::ApiError>>);
    let fb = Feedback::new();
    let act = Action::new(fb);
    Effect::new(move |_| {
        let id = id();
        leptos::task::spawn_local(async move { thread.set(Some(crate::api::ticket(&id).await)) });
    });
    let reply = RwSignal::new(String::new());
    let send = move |_| {
        let (id, text) = (id(), reply.get_untracked());
        act.run(async move { crate::api::reply_ticket(&id, &text).await }, move |t| {
            thread.set(Some(Ok(t)));
            reply.set(String::new());
            Some("Reply sent.".into())
        });
    };
    let close = move |_| {
        let id = id();
        act.run(async move { crate::api::close_ticket(&id).await }, move |t| {
            thread.set(Some(Ok(t)));
            Some("Ticket closed.".into())
        });
    };
    let owner = is_owner();
    move || match thread.get() {
        None => view! { <p class="muted">"Loading…"</p> }.into_any(),
        Some(Err(e)) => {
            view! { <A href="/support">"← Support"</A><div class="error" role="alert">{e.message}</div> }.into_any()
        }
        Some(Ok(t)) => {
            let status = t.ticket.status;
            view! {
                <A href="/support">"← Support"</A>
                <h1>{t.ticket.subject.clone()}</h1>
                <p><span class=status.badge() data-testid="ticket-status">{status_text(status)}</span></p>
                <FeedbackView feedback=fb />
                <div class="thread" data-testid="support-thread">{messages(&t)}</div>
                {owner.then(|| view! {
                    <Field label="Reply" id="ticket-reply">
                        <textarea id="ticket-reply" rows="4" prop:value=move || reply.get() on:input=move |ev| reply.set(event_target_value(&ev))></textarea>
                    </Field>
                    <div class="actions">
                        {(status != TicketStatus::Closed).then(|| view! { <button on:click=close disabled=move || act.busy.get()>"Close ticket"</button> })}
                        <button class="primary" data-testid="send-reply" disabled=move || act.busy.get() on:click=send>"Send reply"</button>
                    </div>
                })}
            }
            .into_any()
        }
    }
}
