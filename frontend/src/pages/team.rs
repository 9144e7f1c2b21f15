//! Team: members (owner and staff) and staff invites.
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::{Invite, Member, Role};

use crate::components::loader::table_rows;
use crate::components::{ErrorLine, Modal, date, load};
use crate::session::SessionCtx;

#[component]
pub fn Team() -> impl IntoView {
    let is_owner = SessionCtx::get().role() == Some(Role::Owner);
    let (members, reload_members) = load(crate::api::members);
    let (invites, reload_invites) =
        load(move || async move { if is_owner { crate::api::invites().await } else { Ok(Vec::new()) } });
    let error = RwSignal::new(None::<String>);
    let open = RwSignal::new(false);
    let email = RwSignal::new(String::new());
    let link = RwSignal::new(None::<String>);

    let remove = {
        let reload = reload_members.clone();
        move |id: String| {
            let reload = reload.clone();
            spawn_local(async move {
                match crate::api::remove_member(&id).await {
                    Ok(()) => reload(),
                    Err(e) => error.set(Some(e.message)),
                }
            });
        }
    };
    let withdraw = {
        let reload = reload_invites.clone();
        move |id: String| {
            let reload = reload.clone();
            spawn_local(async move {
                match crate::api::delete_invite(&id).await {
                    Ok(()) => reload(),
                    Err(e) => error.set(Some(e.message)),
                }
            });
        }
    };
    let send_invite = {
        let reload = reload_invites.clone();
        move |_| {
            let reload = reload.clone();
            let address = email.get_untracked();
            spawn_local(async move {
                match crate::api::create_invite(&address).await {
                    Ok(created) => {
                        let origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
                        link.set(Some(format!("{origin}{}", created.invite_link)));
                        reload();
                    }
                    Err(e) => error.set(Some(e.message)),
                }
            });
        }
    };
    let member_row = move |m: Member| {
        let remove = remove.clone();
        let id = m.id.clone();
        let role = match m.role {
            Role::Owner => "Owner",
            Role::Staff => "Staff",
            Role::MasterAdmin => "Admin",
            Role::SandboxVisitor => "Sandbox visitor",
        };
        view! {
            <tr>
                <td>{m.email}</td>
                <td><span class="badge">{role}</span></td>
                <td>{date(&m.created_at)}</td>
                <td>{(is_owner && m.role == Role::Staff).then(|| view! {
                    <button class="danger" on:click=move |_| remove(id.clone())>"Remove"</button>
                })}</td>
            </tr>
        }
    };
    let invite_row = move |i: Invite| {
        let withdraw = withdraw.clone();
        let id = i.id.clone();
        view! {
            <tr>
                <td>{i.email}</td>
                <td>{if i.accepted { view! { <span class="badge ok">"Joined"</span> } } else { view! { <span class="badge">"Pending"</span> } }}</td>
                <td>{date(&i.expires_at)}</td>
                <td>{(!i.accepted).then(|| view! { <button on:click=move |_| withdraw(id.clone())>"Withdraw"</button> })}</td>
            </tr>
        }
    };
    view! {
        <h1>"Team"</h1>
        <ErrorLine message=error />
        <div class="toolbar">
            <span class="muted">"Staff can see everything in the workspace; only the owner manages the team and API keys."</span>
            <span class="spacer"></span>
            {is_owner.then(|| view! {
                <button class="primary" on:click=move |_| { link.set(None); email.set(String::new()); open.set(true) }>"Invite staff"</button>
            })}
        </div>
        <table data-testid="members">
            <thead><tr><th>"Email"</th><th>"Role"</th><th>"Joined"</th><th></th></tr></thead>
            <tbody>{table_rows(members, 4, "No members yet.", member_row)}</tbody>
        </table>
        {is_owner.then(|| view! {
            <h1 style="margin-top:20px">"Invites"</h1>
            <table data-testid="invites">
                <thead><tr><th>"Email"</th><th>"Status"</th><th>"Expires"</th><th></th></tr></thead>
                <tbody>{table_rows(invites, 4, "No invites.", invite_row.clone())}</tbody>
            </table>
        })}
        <Modal open=open title="Invite a staff member">
            {let send_invite = send_invite.clone(); move || match link.get() {
                None => view! {
                    <label for="invite-email">"Email"</label>
                    <input id="invite-email" type="email" prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev)) />
                    <div class="actions">
                        <button on:click=move |_| open.set(false)>"Cancel"</button>
                        <button class="primary" on:click=send_invite.clone()>"Create invite link"</button>
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
