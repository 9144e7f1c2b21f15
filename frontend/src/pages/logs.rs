//! Logs: commands, provider dispatches and running cooldowns, with filters and pages.
use leptos::prelude::*;
use shared::commands::{CommandLogEntry, CooldownEntry, DispatchLogEntry, Page};

use crate::api::ApiError;
use crate::components::{Action, DataTable, Feedback, FeedbackView, TextInput, date};

fn encode(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect()
}

/// A page's rows for a table (loading until the first answer).
fn items<T: Clone + Send + Sync + 'static>(
    page: RwSignal<Option<Page<T>>>,
) -> Signal<Option<Result<Vec<T>, ApiError>>> {
    Signal::derive(move || page.get().map(|p| Ok(p.items)))
}

#[component]
pub fn Logs() -> impl IntoView {
    let tab = RwSignal::new("commands");
    let order = RwSignal::new(String::new());
    let command = RwSignal::new(String::new());
    let outcome = RwSignal::new(String::new());
    let page = RwSignal::new(1u64);
    let act = Action::new(Feedback::new());
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
        let call = async move {
            match which {
                "dispatches" => crate::api::logs("dispatches", &q).await.map(|p| dispatches.set(Some(p))),
                "cooldowns" => crate::api::logs("cooldowns", &q).await.map(|p| cooldowns.set(Some(p))),
                _ => crate::api::logs("commands", &q).await.map(|p| commands.set(Some(p))),
            }
        };
        act.run(call, |()| None);
    };
    reload();
    let switch = move |t: &'static str| {
        tab.set(t);
        page.set(1);
        reload();
    };
    let busy = move || act.busy.get();
    let filter = |label: &'static str, s: RwSignal<String>| view! { <TextInput label=label value=s width="150px" /> };
    view! {
        <h1>"Logs"</h1>
        <div class="toolbar">
            <button disabled=busy class=move || if tab.get() == "commands" { "primary" } else { "" } on:click=move |_| switch("commands")>"Commands"</button>
            <button disabled=busy class=move || if tab.get() == "dispatches" { "primary" } else { "" } on:click=move |_| switch("dispatches")>"Dispatches"</button>
            <button disabled=busy class=move || if tab.get() == "cooldowns" { "primary" } else { "" } on:click=move |_| switch("cooldowns")>"Cooldowns"</button>
            <span class="spacer"></span>
            {filter("Order id", order)} {filter("Command", command)} {filter("Outcome / status", outcome)}
            <button disabled=busy on:click=move |_| { page.set(1); reload() }>"Filter"</button>
        </div>
        <FeedbackView feedback=act.feedback />
        {move || match tab.get() {
            "dispatches" => view! {
                <DataTable testid="dispatch-log" rows=items(dispatches) empty="No dispatches" hint="Requests forwarded to provider groups show here."
                    head=&["Time", "Destination", "Provider", "Action", "Message", "Status", "Tries", "Last error"]
                    row=|d: DispatchLogEntry| view! {
                        <tr><td>{date(&d.created_at)}</td><td>{d.destination_name}</td><td>{d.provider_alias.unwrap_or_else(|| "Manual".into())}</td>
                        <td>{d.action}</td><td><code>{d.message}</code></td>
                        <td><span class=if d.status == "sent" { "badge ok" } else if d.status == "dead" { "badge off" } else { "badge" }>{d.status.clone()}</span></td>
                        <td>{d.attempts}</td><td>{d.last_error.unwrap_or_default()}</td></tr>
                    } />
            }.into_any(),
            "cooldowns" => view! {
                <DataTable testid="cooldown-log" rows=items(cooldowns) empty="No running cooldowns"
                    head=&["Order", "Action", "Started", "Until"]
                    row=|c: CooldownEntry| view! {
                        <tr><td>{c.order_id}</td><td>{c.action}</td><td>{date(&c.created_at)}</td><td>{date(&c.until)}</td></tr>
                    } />
            }.into_any(),
            _ => view! {
                <DataTable testid="command-log" rows=items(commands) empty="No commands" hint="Customer messages and dry runs show here."
                    head=&["Time", "Channel", "Chat", "Message", "Command", "Outcome", "Reply"]
                    row=|c: CommandLogEntry| view! {
                        <tr><td>{date(&c.created_at)}</td><td>{c.channel}{c.dry_run.then_some(" (test)")}</td><td>{c.chat}</td>
                        <td>{c.text}</td><td>{c.command}" "{c.order_ids.join(", ")}</td><td><span class="badge">{c.outcome}</span>
                            {c.problem.map(|p| view! { <div class="cell-note problem" title="Why some orders could not be checked (customers never see this)">{p}</div> })}</td>
                        <td style="white-space:pre-wrap">{c.reply}</td></tr>
                    } />
            }.into_any(),
        }}
        <div class="toolbar" style="margin-top:10px">
            <button disabled=busy on:click=move |_| { if page.get_untracked() > 1 { page.update(|p| *p -= 1); reload() } }>"Previous"</button>
            <span class="muted">"Page " {move || page.get()}</span>
            <button disabled=busy on:click=move |_| { page.update(|p| *p += 1); reload() }>"Next"</button>
        </div>
    }
}
