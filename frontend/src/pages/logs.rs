//! Logs: commands, provider dispatches and running cooldowns, with filters and pages.
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::commands::{CommandLogEntry, CooldownEntry, DispatchLogEntry, Page};

use crate::components::{ErrorLine, date};

fn encode(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect()
}

#[component]
pub fn Logs() -> impl IntoView {
    let tab = RwSignal::new("commands");
    let order = RwSignal::new(String::new());
    let command = RwSignal::new(String::new());
    let outcome = RwSignal::new(String::new());
    let page = RwSignal::new(1u64);
    let error = RwSignal::new(None::<String>);
    let commands = RwSignal::new(None::<Page<CommandLogEntry>>);
    let dispatches = RwSignal::new(None::<Page<DispatchLogEntry>>);
    let cooldowns = RwSignal::new(None::<Page<CooldownEntry>>);
    let reload = move || {
        let mut q = format!("page={}&per_page=25", page.get_untracked());
        for (k, v) in [
            ("order_id", order.get_untracked()),
            ("command", command.get_untracked()),
            ("outcome", outcome.get_untracked()),
        ] {
            if !v.trim().is_empty() {
                q.push_str(&format!("&{k}={}", encode(v.trim())));
            }
        }
        let which = tab.get_untracked();
        spawn_local(async move {
            let r = match which {
                "dispatches" => crate::api::logs("dispatches", &q).await.map(|p| dispatches.set(Some(p))),
                "cooldowns" => crate::api::logs("cooldowns", &q).await.map(|p| cooldowns.set(Some(p))),
                _ => crate::api::logs("commands", &q).await.map(|p| commands.set(Some(p))),
            };
            error.set(r.err().map(|e| e.message));
        });
    };
    reload();
    let switch = move |t: &'static str| {
        tab.set(t);
        page.set(1);
        reload();
    };
    let filter = move |label: &'static str, s: RwSignal<String>| {
        view! {
            <input type="text" aria-label=label placeholder=label style="width:150px" prop:value=move || s.get() on:input=move |ev| s.set(event_target_value(&ev)) />
        }
    };
    view! {
        <h1>"Logs"</h1>
        <div class="toolbar">
            <button class=move || if tab.get() == "commands" { "primary" } else { "" } on:click=move |_| switch("commands")>"Commands"</button>
            <button class=move || if tab.get() == "dispatches" { "primary" } else { "" } on:click=move |_| switch("dispatches")>"Dispatches"</button>
            <button class=move || if tab.get() == "cooldowns" { "primary" } else { "" } on:click=move |_| switch("cooldowns")>"Cooldowns"</button>
            <span class="spacer"></span>
            {filter("Order id", order)} {filter("Command", command)} {filter("Outcome / status", outcome)}
            <button on:click=move |_| { page.set(1); reload() }>"Filter"</button>
        </div>
        <ErrorLine message=error />
        {move || match tab.get() {
            "dispatches" => view! {
                <table data-testid="dispatch-log">
                    <thead><tr><th>"Time"</th><th>"Destination"</th><th>"Provider"</th><th>"Action"</th><th>"Message"</th><th>"Status"</th><th>"Tries"</th><th>"Last error"</th></tr></thead>
                    <tbody>{dispatches.get().map(|p| p.items).unwrap_or_default().into_iter().map(|d| view! {
                        <tr><td>{date(&d.created_at)}</td><td>{d.destination_name}</td><td>{d.provider_alias.unwrap_or_else(|| "Manual".into())}</td>
                        <td>{d.action}</td><td><code>{d.message}</code></td>
                        <td><span class=if d.status == "sent" { "badge ok" } else if d.status == "dead" { "badge off" } else { "badge" }>{d.status.clone()}</span></td>
                        <td>{d.attempts}</td><td>{d.last_error.unwrap_or_default()}</td></tr>
                    }).collect_view()}</tbody>
                </table>
            }.into_any(),
            "cooldowns" => view! {
                <table data-testid="cooldown-log">
                    <thead><tr><th>"Order"</th><th>"Action"</th><th>"Started"</th><th>"Until"</th></tr></thead>
                    <tbody>{cooldowns.get().map(|p| p.items).unwrap_or_default().into_iter().map(|c| view! {
                        <tr><td>{c.order_id}</td><td>{c.action}</td><td>{date(&c.created_at)}</td><td>{date(&c.until)}</td></tr>
                    }).collect_view()}</tbody>
                </table>
            }.into_any(),
            _ => view! {
                <table data-testid="command-log">
                    <thead><tr><th>"Time"</th><th>"Channel"</th><th>"Chat"</th><th>"Message"</th><th>"Command"</th><th>"Outcome"</th><th>"Reply"</th></tr></thead>
                    <tbody>{commands.get().map(|p| p.items).unwrap_or_default().into_iter().map(|c| view! {
                        <tr><td>{date(&c.created_at)}</td><td>{c.channel}{c.dry_run.then_some(" (test)")}</td><td>{c.chat}</td>
                        <td>{c.text}</td><td>{c.command}" "{c.order_ids.join(", ")}</td><td><span class="badge">{c.outcome}</span></td>
                        <td style="white-space:pre-wrap">{c.reply}</td></tr>
                    }).collect_view()}</tbody>
                </table>
            }.into_any(),
        }}
        <div class="toolbar" style="margin-top:10px">
            <button on:click=move |_| { if page.get_untracked() > 1 { page.update(|p| *p -= 1); reload() } }>"Previous"</button>
            <span class="muted">"Page " {move || page.get()}</span>
            <button on:click=move |_| { page.update(|p| *p += 1); reload() }>"Next"</button>
        </div>
    }
}
