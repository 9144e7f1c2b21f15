//! Master admin: the hidden backups, with an explicit, recorded reveal.
use leptos::prelude::*;
use shared::api::Role;
use shared::panels::{Backup, BackupReveal};

use crate::components::{Action, DataTable, Feedback, FeedbackView, Modal, RowActions, date, load};
use crate::session::SessionCtx;

/// The Panel and Alias cells: where a provider was found, and a rename as "old → new".
fn names(b: &Backup) -> (String, String) {
    let dash = || "—".to_string();
    let panel = match (b.kind.as_str(), &b.panel_name) {
        (_, Some(name)) => name.clone(),
        ("provider", None) => "added by hand".into(),
        _ => dash(),
    };
    let alias = b.alias.clone().unwrap_or_else(dash);
    let alias = match (b.kind.as_str(), &b.previous_alias) {
        ("provider_renamed", Some(previous)) => format!("Renamed: {previous} → {alias}"),
        _ => alias,
    };
    (panel, alias)
}

#[component]
pub fn AdminBackups() -> impl IntoView {
    if SessionCtx::get().role() != Some(Role::MasterAdmin) {
        return view! { <h1>"Page not found"</h1><p class="muted" data-testid="not-available">"This page does not exist in your workspace."</p> }.into_any();
    }
    let (backups, reload) = load(crate::api::backups);
    let (reveals, reload_reveals) = load(crate::api::backup_reveals);
    let fb = Feedback::new();
    let reveal = Action::reloading(fb, move || {
        reload();
        reload_reveals();
    });
    let open = RwSignal::new(false);
    let shown = RwSignal::new(String::new());
    let row = move |b: Backup| {
        let id = b.id.clone();
        let (panel, alias) = names(&b);
        view! {
            <tr>
                <td>{b.tenant_name}</td>
                <td><span class="badge">{b.kind.replace('_', " ")}</span></td>
                <td>{panel}</td>
                <td>{alias}</td>
                <td>{date(&b.created_at)}</td>
                <td>{b.reveals}</td>
                <RowActions><button class="danger" disabled=move || reveal.busy.get() on:click=move |_| {
                    let id = id.clone();
                    reveal.run(async move { crate::api::reveal_backup(&id).await }, move |r| {
                        shown.set(r.domain.or(r.admin_base_url).unwrap_or_default());
                        open.set(true);
                        None
                    });
                }>"Reveal"</button></RowActions>
            </tr>
        }
    };
    let reveal_row = |r: BackupReveal| view! { <tr><td>{date(&r.revealed_at)}</td><td>{r.admin_email}</td><td><code>{r.backup_id}</code></td></tr> };
    view! {
        <h1>"Backups"</h1>
        <FeedbackView feedback=fb />
        <p class="muted">"Written whenever a panel is added or a provider is found or renamed (the old record stays). Panel: where a provider was found. Kept even when the tenant deletes them. Every reveal is recorded."</p>
        <DataTable testid="backups" head=&["Tenant", "Kind", "Panel", "Alias", "Saved", "Reveals", ""] rows=backups row
            empty="No backups yet" hint="One is written when a panel is connected or a provider is found." />
        <h1 class="section">"Reveal log"</h1>
        <DataTable testid="reveals" head=&["When", "Who", "Backup"] rows=reveals row=reveal_row empty="Nothing revealed yet" />
        <Modal open=open title="Revealed (recorded)">
            <div class="secret" data-testid="revealed">{move || shown.get()}</div>
            <div class="actions"><button class="primary" on:click=move |_| open.set(false)>"Close"</button></div>
        </Modal>
    }
    .into_any()
}
