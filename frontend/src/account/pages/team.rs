//! Team: members (owner and staff) and staff invites.
use leptos::prelude::*;
use shared::api::{Invite, Member, Role};

use crate::components::{
    Action, DataTable, DeleteButton, Feedback, FeedbackView, Field, Modal, RowActions, TextInput, date, load,
};
use crate::session::SessionCtx;

#[component]
pub fn Team() -> impl IntoView {
    let is_owner = SessionCtx::get().role() == Some(Role::Owner);
    let (members, reload_members) = load(crate::api::members);
    let (invites, reload_invites) =
        load(move || async move { if is_owner { crate::api::invites().await } else { Ok(Vec::new()) } });
    let fb = Feedback::new();
    let member_act = Action::reloading(fb, reload_members);
    let invite_act = Action::reloading(fb, reload_invites.clone());
    let send_act = Action::reloading(fb.own_error(), reload_invites);
    let open = RwSignal::new(false);
    let email = RwSignal::new(String::new());
    let link = RwSignal::new(None::<String>);

    let send_invite = move |_| {
        let address = email.get_untracked();
        send_act.run(async move { crate::api::create_invite(&address).await }, move |created| {
            let origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
            link.set(Some(format!("{origin}{}", created.invite_link)));
            None
        });
    };
    let member_row = move |m: Member| {
        let id = m.id.clone();
        let role = match m.role {
            Role::Owner => "Owner",
            Role::Staff => "Staff",
            Role::MasterAdmin => "Admin",
            Role::SandboxVisitor => "Sandbox visitor",
        };
        let question = format!("Remove {} from the team? They are signed out at once.", m.email);
        view! {
            <tr>
                <td>{m.email}</td>
                <td><span class="badge">{role}</span></td>
                <td>{date(&m.created_at)}</td>
                <RowActions>{(is_owner && m.role == Role::Staff).then(|| view! {
                    <DeleteButton question text="Remove" disabled=member_act.busy on_confirm=move || {
                        let id = id.clone();
                        member_act.run_then(async move { crate::api::remove_member(&id).await }, "Member removed.");
                    } />
                })}</RowActions>
            </tr>
        }
    };
    let invite_row = move |i: Invite| {
        let id = i.id.clone();
        view! {
            <tr>
                <td>{i.email}</td>
                <td>{if i.accepted { view! { <span class="badge ok">"Joined"</span> } } else { view! { <span class="badge">"Pending"</span> } }}</td>
                <td>{date(&i.expires_at)}</td>
                <RowActions>{(!i.accepted).then(|| view! {
                    <button disabled=move || invite_act.busy.get() on:click=move |_| {
                        let id = id.clone();
                        invite_act.run_then(async move { crate::api::delete_invite(&id).await }, "Invite withdrawn.");
                    }>"Withdraw"</button>
                })}</RowActions>
            </tr>
        }
    };
    view! {
        <h1>"Team"</h1>
        <FeedbackView feedback=fb />
        <div class="toolbar">
            <span class="muted">"Staff can see everything in the workspace; only the owner manages the team and API keys."</span>
            <span class="spacer"></span>
            {is_owner.then(|| view! {
                <button class="primary" on:click=move |_| { link.set(None); email.set(String::new()); open.set(true) }>"Invite staff"</button>
            })}
        </div>
        <DataTable testid="members" head=&["Email", "Role", "Joined", ""] rows=members row=member_row empty="No members yet" />
        {is_owner.then(|| view! {
            <h1 class="section">"Invites"</h1>
            <DataTable testid="invites" head=&["Email", "Status", "Expires", ""] rows=invites row=invite_row
                empty="No invites" hint="Invite a helper with “Invite staff”: they get a one-time link." />
        })}
        <Modal open title="Invite a staff member" action=send_act>
            {move || match link.get() {
                None => view! {
                    <Field label="Email" id="invite-email"><TextInput id="invite-email" kind="email" value=email /></Field>
                    <div class="actions">
                        <button on:click=move |_| open.set(false)>"Cancel"</button>
                        <button class="primary" disabled=move || send_act.busy.get() on:click=send_invite>"Create invite link"</button>
                    </div>
                }.into_any(),
                Some(url) => view! {
                    <p>"Send this one-time link to your staff member. It is shown only now and works once, for 7 days."</p>
                    <div class="secret" data-testid="invite-link">{url}</div>
                    <div class="actions"><button class="primary" on:click=move |_| open.set(false)>"Done"</button></div>
                }.into_any(),
            }}
        </Modal>
    }
}
