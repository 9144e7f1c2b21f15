//! Integrator API keys: create (shown once), list, revoke.
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::ApiKey;

use crate::components::loader::table_rows;
use crate::components::{ErrorLine, Modal, date, load};

#[component]
pub fn ApiKeys() -> impl IntoView {
    let (keys, reload) = load(crate::api::api_keys);
    let error = RwSignal::new(None::<String>);
    let open = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let created = RwSignal::new(None::<String>);

    let create = {
        let reload = reload.clone();
        move |_| {
            let reload = reload.clone();
            let key_name = name.get_untracked();
            spawn_local(async move {
                match crate::api::create_api_key(&key_name).await {
                    Ok(c) => {
                        created.set(Some(c.key));
                        reload();
                    }
                    Err(e) => error.set(Some(e.message)),
                }
            });
        }
    };
    let revoke = {
        let reload = reload.clone();
        move |id: String| {
            let reload = reload.clone();
            spawn_local(async move {
                match crate::api::revoke_api_key(&id).await {
                    Ok(()) => reload(),
                    Err(e) => error.set(Some(e.message)),
                }
            });
        }
    };
    let row = move |k: ApiKey| {
        let revoke = revoke.clone();
        let id = k.id.clone();
        view! {
            <tr>
                <td>{k.name}</td>
                <td><code>{k.prefix}"…"</code></td>
                <td>{date(&k.created_at)}</td>
                <td>{k.last_used_at.as_ref().map(date).unwrap_or_else(|| "never".into())}</td>
                <td>{if k.revoked { view! { <span class="badge off">"Revoked"</span> } } else { view! { <span class="badge ok">"Active"</span> } }}</td>
                <td>{(!k.revoked).then(|| view! { <button class="danger" on:click=move |_| revoke(id.clone())>"Revoke"</button> })}</td>
            </tr>
        }
    };
    view! {
        <h1>"API keys"</h1>
        <ErrorLine message=error />
        <div class="toolbar">
            <span class="muted">"Use a key as " <code>"Authorization: Bearer <key>"</code> " on the REST API (docs at " <a href="/api/docs/">"/api/docs"</a> ")."</span>
            <span class="spacer"></span>
            <button class="primary" on:click=move |_| { created.set(None); name.set(String::new()); open.set(true) }>"Create key"</button>
        </div>
        <table data-testid="api-keys">
            <thead><tr><th>"Name"</th><th>"Key"</th><th>"Created"</th><th>"Last used"</th><th>"Status"</th><th></th></tr></thead>
            <tbody>{table_rows(keys, 6, "No API keys yet.", row)}</tbody>
        </table>
        <Modal open=open title="Create an API key">
            {let create = create.clone(); move || match created.get() {
                None => view! {
                    <label for="key-name">"Name (what uses it)"</label>
                    <input id="key-name" type="text" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                    <div class="actions">
                        <button on:click=move |_| open.set(false)>"Cancel"</button>
                        <button class="primary" on:click=create.clone()>"Create"</button>
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
