//! Master admin: the hidden backups, with an explicit, recorded reveal.
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::Role;
use shared::panels::{Backup, BackupReveal};

use crate::components::loader::table_rows;
use crate::components::{ErrorLine, Modal, date, load};
use crate::session::SessionCtx;

#[component]
pub fn AdminBackups() -> impl IntoView {
    if SessionCtx::get().role() != Some(Role::MasterAdmin) {
        return view! { <h1>"Page not found"</h1><p class="muted" data-testid="not-available">"This page does not exist in your workspace."</p> }.into_any();
    }
    let (backups, reload) = load(crate::api::backups);
    let (reveals, reload_reveals) = load(crate::api::backup_reveals);
    let error = RwSignal::new(None::<String>);
    let open = RwSignal::new(false);
    let shown = RwSignal::new(String::new());
    let row = move |b: Backup| {
        let (reload, reload_reveals) = (reload.clone(), reload_reveals.clone());
        let id = b.id.clone();
        view! {
            <tr>
                <td>{b.tenant_name}</td>
                <td><span class="badge">{b.kind}</span></td>
                <td>{b.panel_name.unwrap_or_else(|| "—".into())}</td>
                <td>{b.alias.unwrap_or_else(|| "—".into())}</td>
                <td>{date(&b.created_at)}</td>
                <td>{b.reveals}</td>
                <td><button class="danger" on:click=move |_| {
                    let (id, reload, reload_reveals) = (id.clone(), reload.clone(), reload_reveals.clone());
                    spawn_local(async move {
                        match crate::api::reveal_backup(&id).await {
                            Ok(r) => {
                                shown.set(r.domain.or(r.admin_base_url).unwrap_or_default());
                                open.set(true);
                                reload();
                                reload_reveals();
                            }
                            Err(e) => error.set(Some(e.message)),
                        }
                    });
                }>"Reveal"</button></td>
            </tr>
        }
    };
    let reveal_row = |r: BackupReveal| view! { <tr><td>{date(&r.revealed_at)}</td><td>{r.admin_email}</td><td><code>{r.backup_id}</code></td></tr> };
    view! {
        <h1>"Backups"</h1>
        <ErrorLine message=error />
        <p class="muted">"Written whenever a panel is added or a provider is found. Kept even when the tenant deletes them. Every reveal is recorded."</p>
        <table data-testid="backups">
            <thead><tr><th>"Tenant"</th><th>"Kind"</th><th>"Panel"</th><th>"Alias"</th><th>"Saved"</th><th>"Reveals"</th><th></th></tr></thead>
            <tbody>{table_rows(backups, 7, "No backups yet.", row)}</tbody>
        </table>
        <h1 style="margin-top:20px">"Reveal log"</h1>
        <table data-testid="reveals">
            <thead><tr><th>"When"</th><th>"Who"</th><th>"Backup"</th></tr></thead>
            <tbody>{table_rows(reveals, 3, "Nothing revealed yet.", reveal_row)}</tbody>
        </table>
        <Modal open=open title="Revealed (recorded)">
            <div class="secret" data-testid="revealed">{move || shown.get()}</div>
            <div class="actions"><button class="primary" on:click=move |_| open.set(false)>"Close"</button></div>
        </Modal>
    }
    .into_any()
}
