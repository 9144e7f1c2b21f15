//! Master admin: the hidden backups, with an explicit, recorded reveal.
use leptos::prelude::*;
use shared::api::Role;
use shared::panels::{Backup, BackupReveal};

use crate::components::{Action, DataTable, Feedback, FeedbackView, Field, Modal, RowActions, TextInput, date, load};
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
    let reveal = Action::reloading(fb.own_error(), move || {
        reload();
        reload_reveals();
    });
    let open = RwSignal::new(false);
    let shown = RwSignal::new(String::new());
    // Asking first: which backup, and why (recorded with the reveal).
    let asking = RwSignal::new(None::<(String, String)>);
    let reason = RwSignal::new(String::new());
    let ask_open = RwSignal::new(false);
    let confirm = move |_| {
        let Some((id, _)) = asking.get_untracked() else { return };
        let why = reason.get_untracked();
        reveal.run(async move { crate::api::reveal_backup(&id, &why).await }, move |r| {
            ask_open.set(false);
            shown.set(r.domain.or(r.admin_base_url).unwrap_or_default());
            open.set(true);
            None
        });
    };
    let row = move |b: Backup| {
        let id = b.id.clone();
        let (panel, alias) = names(&b);
        let what = format!("{} — {} {}", b.tenant_name, panel, alias);
        view! {
            <tr>
                <td>{b.tenant_name}</td>
                <td><span class="badge">{b.kind.replace('_', " ")}</span></td>
                <td>{panel}</td>
                <td>{alias}</td>
                <td>{date(&b.created_at)}</td>
                <td>{b.reveals}</td>
                <RowActions><button class="danger" disabled=move || reveal.busy.get() on:click=move |_| {
                    asking.set(Some((id.clone(), what.clone())));
                    reason.set(String::new());
                    ask_open.set(true);
                }>"Reveal"</button></RowActions>
            </tr>
        }
    };
    let reveal_row = |r: BackupReveal| {
        let what = format!(
            "{} — {} {}",
            r.tenant_name.unwrap_or_else(|| "deleted workspace".into()),
            r.panel_name.unwrap_or_default(),
            r.alias.unwrap_or_default()
        );
        view! { <tr><td>{date(&r.revealed_at)}</td><td>{r.admin_email}</td><td>{what}</td><td>{r.reason.unwrap_or_default()}</td></tr> }
    };
    view! {
        <h1>"Backups"</h1>
        <FeedbackView feedback=fb />
        <p class="muted">"Written whenever a panel is added or a provider is found or renamed (the old record stays). Panel: where a provider was found. Kept even when the tenant deletes them. Every reveal is recorded."</p>
        <DataTable testid="backups" head=&["Tenant", "Kind", "Panel", "Alias", "Saved", "Reveals", ""] rows=backups row
            empty="No backups yet" hint="One is written when a panel is connected or a provider is found." />
        <h1 class="section">"Reveal log"</h1>
        <DataTable testid="reveals" head=&["When", "Who", "What", "Reason"] rows=reveals row=reveal_row empty="Nothing revealed yet" />
        <Modal open=ask_open title="Reveal this backup?" action=reveal>
            <p>{move || asking.get().map(|(_, what)| what).unwrap_or_default()}</p>
            <p class="muted">"The domain or address is shown once. Every reveal is recorded with your name and this reason."</p>
            <Field label="Reason" id="reveal-reason"><TextInput id="reveal-reason" value=reason placeholder="e.g. the owner lost access to the provider" /></Field>
            <div class="actions">
                <button on:click=move |_| ask_open.set(false)>"Cancel"</button>
                <button class="danger" data-testid="confirm-reveal" disabled=move || reveal.busy.get() on:click=confirm>"Reveal"</button>
            </div>
        </Modal>
        <Modal open=open title="Revealed (recorded)">
            <div class="secret" data-testid="revealed">{move || shown.get()}</div>
            <div class="actions"><button class="primary" on:click=move |_| open.set(false)>"Close"</button></div>
        </Modal>
    }
    .into_any()
}
