//! Destinations: the provider groups and chats that requests are forwarded to.
use leptos::prelude::*;
use shared::commands::{Destination, DestinationKind, SaveDestination};

use crate::api::ApiError;
use crate::components::loader::Loaded;
use crate::components::{
    Action, DataTable, DeleteButton, ErrorLine, Feedback, Field, Modal, RowActions, Switch, TextInput,
};

fn kind_label(k: DestinationKind) -> &'static str {
    match k {
        DestinationKind::WhatsappGroup => "WhatsApp group",
        DestinationKind::WhatsappNumber => "WhatsApp number",
        DestinationKind::TelegramGroup => "Telegram group",
        DestinationKind::TelegramUser => "Telegram user",
    }
}

fn kind_value(k: DestinationKind) -> &'static str {
    match k {
        DestinationKind::TelegramGroup => "telegram_group",
        DestinationKind::TelegramUser => "telegram_user",
        DestinationKind::WhatsappGroup => "whatsapp_group",
        DestinationKind::WhatsappNumber => "whatsapp_number",
    }
}

fn kind_of(v: &str) -> DestinationKind {
    match v {
        "whatsapp_group" => DestinationKind::WhatsappGroup,
        "whatsapp_number" => DestinationKind::WhatsappNumber,
        "telegram_user" => DestinationKind::TelegramUser,
        _ => DestinationKind::TelegramGroup,
    }
}

#[component]
pub fn Destinations(
    dests: Loaded<Vec<Destination>>,
    feedback: Feedback,
    reload: impl Fn() + Clone + 'static,
    /// Deleting a destination changes the routes, rules and settings that used it.
    reload_all: impl Fn() + Clone + 'static,
) -> impl IntoView {
    let add_act = Action::reloading(feedback.own_error(), reload.clone());
    let row_act = Action::reloading(feedback.own_error(), reload);
    let delete_act = Action::reloading(row_act.feedback, reload_all);
    let open = RwSignal::new(false);
    let (name, kind, address) =
        (RwSignal::new(String::new()), RwSignal::new("telegram_group".to_string()), RwSignal::new(String::new()));
    let name_error = RwSignal::new(None::<String>);
    // `Some((id, enabled))` while an existing destination is edited in the same dialog.
    let editing = RwSignal::new(None::<(String, bool)>);

    let add = move |_| {
        if name.get_untracked().trim().is_empty() {
            name_error.set(Some("Give the destination a name your team will recognise.".into()));
            return;
        }
        name_error.set(None);
        let edit = editing.get_untracked();
        let req = SaveDestination {
            name: name.get_untracked(),
            kind: kind_of(&kind.get_untracked()),
            address: address.get_untracked(),
            enabled: edit.as_ref().is_none_or(|(_, on)| *on),
        };
        match edit {
            Some((id, _)) => add_act.run(async move { crate::api::update_destination(&id, &req).await }, move |d| {
                open.set(false);
                Some(format!("{} saved.", d.name))
            }),
            None => add_act.run(async move { crate::api::create_destination(&req).await }, move |d| {
                open.set(false);
                Some(format!("{} added.", d.name))
            }),
        }
    };
    let row = move |d: Destination| {
        let save = d.clone();
        let edit = d.clone();
        let (test_id, del_id) = (d.id.clone(), d.id.clone());
        let label = d.name.clone();
        view! {
            <tr>
                <td>{d.name.clone()}</td><td>{kind_label(d.kind)}</td><td><code>{d.address.clone()}</code></td>
                <td><Switch label=format!("Destination enabled: {label}") checked=d.enabled disabled=row_act.busy on_toggle=move |on| {
                    let s = save.clone();
                    let req = SaveDestination { name: s.name, kind: s.kind, address: s.address, enabled: on };
                    row_act.run(async move { crate::api::update_destination(&s.id, &req).await }, |_| None);
                } /></td>
                <RowActions>
                    <button on:click=move |_| {
                        name.set(edit.name.clone());
                        kind.set(kind_value(edit.kind).into());
                        address.set(edit.address.clone());
                        name_error.set(None);
                        editing.set(Some((edit.id.clone(), edit.enabled)));
                        open.set(true);
                    }>"Edit"</button>" "
                    <button disabled=move || row_act.busy.get() on:click=move |_| {
                        let id = test_id.clone();
                        let call = async move {
                            let r = crate::api::test_destination(&id).await?;
                            if r.ok { Ok(r.message) } else { Err(ApiError::plain(format!("The test message was not sent: {}", r.message))) }
                        };
                        row_act.run(call, |message| Some(format!("Test message {message}.")));
                    }>"Send test message"</button>" "
                    <DeleteButton question=format!("Delete the destination “{}”? Routes and rules that send there stop until you choose another.", d.name)
                        disabled=delete_act.busy on_confirm=move || {
                            let id = del_id.clone();
                            delete_act.run_then(async move { crate::api::delete_destination(&id).await }, "Destination deleted.");
                        } />
                </RowActions>
            </tr>
        }
    };

    view! {
        <h1 class="section">"Destinations"</h1>
        <div class="toolbar"><span class="spacer"></span>
            <button class="primary" on:click=move |_| {
                name.set(String::new());
                address.set(String::new());
                name_error.set(None);
                editing.set(None);
                open.set(true)
            }>"Add destination"</button>
        </div>
        <ErrorLine message=row_act.feedback.error />
        <DataTable testid="destinations" head=&["Name", "Kind", "Address", "On", ""] rows=dests row
            empty="No destinations yet" hint="Add the provider's WhatsApp or Telegram group." />
        <Modal open title="Destination" action=add_act>
            <Field label="Name" id="dest-name" error=name_error><TextInput id="dest-name" value=name placeholder="e.g. FastLikes group" /></Field>
            <Field label="Kind" id="dest-kind">
                <select id="dest-kind" prop:value=move || kind.get() on:change=move |ev| kind.set(event_target_value(&ev))>
                    <option value="telegram_group">"Telegram group"</option><option value="telegram_user">"Telegram user"</option>
                    <option value="whatsapp_group">"WhatsApp group"</option><option value="whatsapp_number">"WhatsApp number"</option>
                </select>
            </Field>
            <Field label="Chat id, group id (…@g.us) or number" id="dest-address" hint="Telegram: the chat id (a group's starts with -100). WhatsApp: the group id or the number.">
                <TextInput id="dest-address" value=address placeholder="-1001234567890" />
            </Field>
            <div class="actions">
                <button on:click=move |_| open.set(false)>"Cancel"</button>
                <button class="primary" disabled=move || add_act.busy.get() on:click=add>
                    {move || if editing.get().is_some() { "Save" } else { "Add" }}</button>
            </div>
        </Modal>
    }
}
