//! Customers: chats linked to panel usernames (approve or reject requests, add by hand) and the
//! admin chats that may act on any order.
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::commands::{AdminChat, ChatLink, SaveAdminChat, SaveChatLink, UpdateChatLink};

use crate::components::loader::table_rows;
use crate::components::{ErrorLine, date, load};

#[component]
pub fn Customers() -> impl IntoView {
    let (links, reload_links) = load(crate::api::links);
    let (admins, reload_admins) = load(crate::api::admin_chats);
    let (panels, _) = load(crate::api::panels);
    let error = RwSignal::new(None::<String>);
    let (channel, sender, username) =
        (RwSignal::new("telegram".to_string()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let (a_channel, a_chat, a_label) =
        (RwSignal::new("telegram".to_string()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let fail = move |e: crate::api::ApiError| error.set(Some(e.message));

    let set_status = {
        let reload = reload_links.clone();
        move |id: String, status: Option<&'static str>| {
            let reload = reload.clone();
            spawn_local(async move {
                let result = match status {
                    Some(s) => crate::api::update_link(&id, &UpdateChatLink { username: None, status: Some(s.into()) })
                        .await
                        .map(|_| ()),
                    None => crate::api::delete_link(&id).await,
                };
                if let Err(e) = result {
                    fail(e)
                } else {
                    error.set(None)
                }
                reload();
            });
        }
    };
    let link_row = move |l: ChatLink| {
        let (a, r, d) = (set_status.clone(), set_status.clone(), set_status.clone());
        let (ia, ir, id) = (l.id.clone(), l.id.clone(), l.id.clone());
        let pending = l.status == "pending";
        view! {
            <tr>
                <td>{l.channel}</td><td><code>{l.sender_id}</code></td><td>{l.username}</td>
                <td><span class=match l.status.as_str() { "approved" => "badge ok", "rejected" => "badge off", _ => "badge" }>{l.status.clone()}</span></td>
                <td>{date(&l.created_at)}</td>
                <td class="actions">
                    {pending.then(|| view! {
                        <button class="primary" on:click=move |_| a(ia.clone(), Some("approved"))>"Approve"</button>" "
                        <button on:click=move |_| r(ir.clone(), Some("rejected"))>"Reject"</button>" "
                    })}
                    <button class="danger" on:click=move |_| d(id.clone(), None)>"Remove"</button>
                </td>
            </tr>
        }
    };
    let add_link = {
        let reload = reload_links.clone();
        move |_| {
            let reload = reload.clone();
            let panel_id = crate::components::chosen_panel(String::new(), panels.get_untracked());
            let req = SaveChatLink {
                panel_id,
                channel: channel.get_untracked(),
                sender_id: sender.get_untracked(),
                username: username.get_untracked(),
            };
            spawn_local(async move {
                match crate::api::add_link(&req).await {
                    Ok(_) => {
                        sender.set(String::new());
                        username.set(String::new());
                        error.set(None)
                    }
                    Err(e) => fail(e),
                }
                reload();
            });
        }
    };
    let admin_row = {
        let reload = reload_admins.clone();
        move |c: AdminChat| {
            let reload = reload.clone();
            let id = c.id.clone();
            view! {
                <tr><td>{c.label}</td><td>{c.channel}</td><td><code>{c.chat_id}</code></td>
                <td class="actions"><button class="danger" on:click=move |_| {
                    let (id, reload) = (id.clone(), reload.clone());
                    spawn_local(async move { if let Err(e) = crate::api::delete_admin_chat(&id).await { fail(e) } reload() });
                }>"Remove"</button></td></tr>
            }
        }
    };
    let add_admin = {
        let reload = reload_admins.clone();
        move |_| {
            let reload = reload.clone();
            let req = SaveAdminChat {
                channel: a_channel.get_untracked(),
                chat_id: a_chat.get_untracked(),
                label: a_label.get_untracked(),
            };
            spawn_local(async move {
                match crate::api::add_admin_chat(&req).await {
                    Ok(_) => {
                        a_chat.set(String::new());
                        a_label.set(String::new());
                        error.set(None)
                    }
                    Err(e) => fail(e),
                }
                reload();
            });
        }
    };
    let input = |label: &'static str, v: RwSignal<String>, width: &'static str| {
        view! {
            <input type="text" aria-label=label placeholder=label style=format!("width:{width}") prop:value=move || v.get() on:input=move |ev| v.set(event_target_value(&ev)) />
        }
    };
    let channel_select = |v: RwSignal<String>, label: &'static str| {
        view! {
            <select aria-label=label on:change=move |ev| v.set(event_target_value(&ev))><option value="telegram">"Telegram"</option><option value="whatsapp">"WhatsApp"</option></select>
        }
    };
    view! {
        <h1>"Customers"</h1>
        <p class="muted">"A customer sends “link <username>” to your bot in a private chat; approve it here. Orders of other usernames are refused. Group chats never answer customers who are not linked."</p>
        <ErrorLine message=error />
        <div class="toolbar">
            {channel_select(channel, "Link channel")}
            {input("Chat id (Telegram id or 7900…@c.us)", sender, "260px")}
            {input("Panel username", username, "180px")}
            <button on:click=add_link>"Link by hand"</button>
        </div>
        <table data-testid="links">
            <thead><tr><th>"Channel"</th><th>"Chat"</th><th>"Username"</th><th>"Status"</th><th>"Since"</th><th></th></tr></thead>
            <tbody>{table_rows(links, 6, "No linked chats yet.", link_row)}</tbody>
        </table>
        <h1 style="margin-top:18px">"Admin chats"</h1>
        <p class="muted">"Members of these chats (your support team) may act on any order and see fuller status replies — still with provider aliases only."</p>
        <div class="toolbar">
            {channel_select(a_channel, "Admin chat channel")}
            {input("Chat id", a_chat, "200px")}
            {input("Label", a_label, "180px")}
            <button on:click=add_admin>"Add admin chat"</button>
        </div>
        <table data-testid="admin-chats">
            <thead><tr><th>"Label"</th><th>"Channel"</th><th>"Chat"</th><th></th></tr></thead>
            <tbody>{table_rows(admins, 4, "No admin chats.", admin_row)}</tbody>
        </table>
    }
}
