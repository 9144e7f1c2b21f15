//! Customers: chats linked to panel usernames (approve or reject requests, add by hand) and the
//! admin chats that may act on any order.
use leptos::prelude::*;
use shared::commands::{AdminChat, ChatLink, SaveAdminChat, SaveChatLink, UpdateChatLink};

use crate::components::{
    Action, DataTable, DeleteButton, ErrorLine, Feedback, FeedbackView, RowActions, TextInput, chosen_panel, date, load,
};

fn channel_select(v: RwSignal<String>, label: &'static str) -> impl IntoView {
    view! {
        <select aria-label=label on:change=move |ev| v.set(event_target_value(&ev))><option value="telegram">"Telegram"</option><option value="whatsapp">"WhatsApp"</option></select>
    }
}

#[component]
pub fn Customers() -> impl IntoView {
    let (links, reload_links) = load(crate::api::links);
    let (admins, reload_admins) = load(crate::api::admin_chats);
    let (panels, _) = load(crate::api::panels);
    let fb = Feedback::new();
    let link_act = Action::reloading(fb.own_error(), reload_links);
    let admin_act = Action::reloading(fb.own_error(), reload_admins);
    let (channel, sender, username) =
        (RwSignal::new("telegram".to_string()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let (a_channel, a_chat, a_label) =
        (RwSignal::new("telegram".to_string()), RwSignal::new(String::new()), RwSignal::new(String::new()));

    let set_status = move |id: String, status: &'static str| {
        let req = UpdateChatLink { username: None, status: Some(status.into()) };
        link_act.run(async move { crate::api::update_link(&id, &req).await }, |l| {
            Some(format!("{} is {}.", l.username, l.status))
        });
    };
    let link_row = move |l: ChatLink| {
        let (ia, ir, id) = (l.id.clone(), l.id.clone(), l.id.clone());
        let pending = l.status == "pending";
        let question = format!(
            "Remove the link of {} to this chat? Their commands are refused until they link again.",
            l.username
        );
        view! {
            <tr>
                <td>{l.channel}</td><td><code>{l.sender_id}</code></td><td>{l.username}</td>
                <td><span class=match l.status.as_str() { "approved" => "badge ok", "rejected" => "badge off", _ => "badge" }>{l.status.clone()}</span></td>
                <td>{date(&l.created_at)}</td>
                <RowActions>
                    {pending.then(|| view! {
                        <button class="primary" disabled=move || link_act.busy.get() on:click=move |_| set_status(ia.clone(), "approved")>"Approve"</button>" "
                        <button disabled=move || link_act.busy.get() on:click=move |_| set_status(ir.clone(), "rejected")>"Reject"</button>" "
                    })}
                    <DeleteButton question text="Remove" disabled=link_act.busy on_confirm=move || {
                        let id = id.clone();
                        link_act.run_then(async move { crate::api::delete_link(&id).await }, "Link removed.");
                    } />
                </RowActions>
            </tr>
        }
    };
    let add_link = move |_| {
        let req = SaveChatLink {
            panel_id: chosen_panel(String::new(), panels.get_untracked()),
            channel: channel.get_untracked(),
            sender_id: sender.get_untracked(),
            username: username.get_untracked(),
        };
        link_act.run(async move { crate::api::add_link(&req).await }, move |l| {
            sender.set(String::new());
            username.set(String::new());
            Some(format!("{} is linked.", l.username))
        });
    };
    let admin_row = move |c: AdminChat| {
        let id = c.id.clone();
        let question =
            format!("Remove the admin chat “{}”? Its members can then act only on their own orders.", c.label);
        view! {
            <tr><td>{c.label}</td><td>{c.channel}</td><td><code>{c.chat_id}</code></td>
            <RowActions><DeleteButton question text="Remove" disabled=admin_act.busy on_confirm=move || {
                let id = id.clone();
                admin_act.run_then(async move { crate::api::delete_admin_chat(&id).await }, "Admin chat removed.");
            } /></RowActions></tr>
        }
    };
    let add_admin = move |_| {
        let req = SaveAdminChat {
            channel: a_channel.get_untracked(),
            chat_id: a_chat.get_untracked(),
            label: a_label.get_untracked(),
        };
        admin_act.run(async move { crate::api::add_admin_chat(&req).await }, move |c| {
            a_chat.set(String::new());
            a_label.set(String::new());
            Some(format!("{} added.", c.label))
        });
    };
    view! {
        <h1>"Customers"</h1>
        <p class="muted">"A customer sends “link <username>” to your bot in a private chat; approve it here. Orders of other usernames are refused. Group chats never answer customers who are not linked."</p>
        <FeedbackView feedback=fb />
        <div class="toolbar">
            {channel_select(channel, "Link channel")}
            <TextInput label="Chat id (Telegram id or 7900…@c.us)" value=sender width="260px" />
            <TextInput label="Panel username" value=username width="180px" />
            <button disabled=move || link_act.busy.get() on:click=add_link>"Link by hand"</button>
        </div>
        <ErrorLine message=link_act.feedback.error />
        <DataTable testid="links" head=&["Channel", "Chat", "Username", "Status", "Since", ""] rows=links row=link_row
            empty="No linked chats yet" hint="Customers link themselves by sending “link <username>”, or link one by hand above." />
        <h1 class="section">"Admin chats"</h1>
        <p class="muted">"Members of these chats (your support team) may act on any order and see fuller status replies — still with provider aliases only."</p>
        <div class="toolbar">
            {channel_select(a_channel, "Admin chat channel")}
            <TextInput label="Chat id" value=a_chat width="200px" />
            <TextInput label="Label" value=a_label width="180px" />
            <button disabled=move || admin_act.busy.get() on:click=add_admin>"Add admin chat"</button>
        </div>
        <ErrorLine message=admin_act.feedback.error />
        <DataTable testid="admin-chats" head=&["Label", "Channel", "Chat", ""] rows=admins row=admin_row
            empty="No admin chats" hint="Add your support team's group to let it act on any order." />
    }
}
