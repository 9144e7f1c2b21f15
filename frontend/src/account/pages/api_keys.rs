//! Integrator API keys: create (shown once), list, revoke.
use leptos::prelude::*;
use shared::api::ApiKey;

use crate::components::{
    Action, DataTable, DeleteButton, Feedback, FeedbackView, Field, Modal, RowActions, TextInput, date, load,
};

#[component]
pub fn ApiKeys() -> impl IntoView {
    let (keys, reload) = load(crate::api::api_keys);
    let fb = Feedback::new();
    let act = Action::reloading(fb, reload.clone());
    let create_act = Action::reloading(fb.own_error(), reload);
    let open = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let created = RwSignal::new(None::<String>);

    let create = move |_| {
        let key_name = name.get_untracked();
        create_act.run(async move { crate::api::create_api_key(&key_name).await }, move |c| {
            created.set(Some(c.key));
            None
        });
    };
    let row = move |k: ApiKey| {
        let id = k.id.clone();
        let question = format!("Revoke the key “{}”? Whatever uses it stops working at once.", k.name);
        view! {
            <tr>
                <td>{k.name}</td>
                <td><code>{k.prefix}"…"</code></td>
                <td>{date(&k.created_at)}</td>
                <td>{k.last_used_at.as_ref().map(date).unwrap_or_else(|| "never".into())}</td>
                <td>{if k.revoked { view! { <span class="badge off">"Revoked"</span> } } else { view! { <span class="badge ok">"Active"</span> } }}</td>
                <RowActions>{(!k.revoked).then(|| view! {
                    <DeleteButton question text="Revoke" disabled=act.busy on_confirm=move || {
                        let id = id.clone();
                        act.run_then(async move { crate::api::revoke_api_key(&id).await }, "Key revoked.");
                    } />
                })}</RowActions>
            </tr>
        }
    };
    view! {
        <h1>"API keys"</h1>
        <FeedbackView feedback=fb />
        <div class="toolbar">
            <span class="muted">"Use a key as " <code>"Authorization: Bearer <key>"</code> " on the REST API (docs at " <a href="/api/docs/">"/api/docs"</a> ")."</span>
            <span class="spacer"></span>
            <button class="primary" on:click=move |_| { created.set(None); name.set(String::new()); open.set(true) }>"Create key"</button>
        </div>
        <DataTable testid="api-keys" head=&["Name", "Key", "Created", "Last used", "Status", ""] rows=keys row
            empty="No API keys yet" hint="Create one for each integration that reads orders or logs." />
        <Modal open title="Create an API key" action=create_act>
            {move || match created.get() {
                None => view! {
                    <Field label="Name (what uses it)" id="key-name"><TextInput id="key-name" value=name /></Field>
                    <div class="actions">
                        <button on:click=move |_| open.set(false)>"Cancel"</button>
                        <button class="primary" disabled=move || create_act.busy.get() on:click=create>"Create"</button>
                    </div>
                }.into_any(),
                Some(key) => view! {
                    <p>"Copy the key now: it is shown only once."</p>
                    <div class="secret" data-testid="new-api-key">{key}</div>
                    <div class="actions"><button class="primary" on:click=move |_| open.set(false)>"Done"</button></div>
                }.into_any(),
            }}
        </Modal>
    }
}
