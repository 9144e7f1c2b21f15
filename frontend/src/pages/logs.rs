//! Logs: commands, provider dispatches and running cooldowns, with filters and pages. Columns
//! have fixed widths, long texts show two lines, and a row opens to show everything (the whole
//! message and reply, each order's outcome with the reason in words).
mod rows;

use leptos::prelude::*;
use shared::badges;
use shared::commands::{CommandLogEntry, CooldownEntry, DispatchLogEntry, Page};
use shared::grammar::Command;

use crate::api::ApiError;
use crate::components::{Action, DataTable, Feedback, FeedbackView, Select, TextInput};

/// The command outcomes the log records, in the order the filter offers them.
const OUTCOMES: [&str; 10] = [
    "accepted",
    "partly_accepted",
    "answered",
    "refused",
    "not_your_order",
    "not_found",
    "provider_missing",
    "route_missing",
    "api_problem",
    "cooldown_active",
];
/// A provider message's states.
const STATUSES: [&str; 4] = ["pending", "sending", "sent", "dead"];

fn encode(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect()
}

/// A page's rows for a table (loading until the first answer).
fn items<T: Clone + Send + Sync + 'static>(
    page: RwSignal<Option<Page<T>>>,
) -> Signal<Option<Result<Vec<T>, ApiError>>> {
    Signal::derive(move || page.get().map(|p| Ok(p.items)))
}

/// The outcome filter's options on a tab (code, words): outcomes for commands, states for
/// dispatches.
fn outcome_options(tab: &str) -> Vec<(String, String)> {
    let (any, words): (&str, Vec<(&str, &str)>) = match tab {
        "dispatches" => ("Any status", STATUSES.iter().map(|s| (*s, badges::dispatch(s).0)).collect()),
        _ => ("Any outcome", OUTCOMES.iter().map(|o| (*o, badges::outcome(o).0)).collect()),
    };
    std::iter::once((String::new(), any.to_string()))
        .chain(words.into_iter().map(|(code, label)| (code.to_string(), label.to_string())))
        .collect()
}

fn command_options() -> Vec<(String, String)> {
    std::iter::once((String::new(), "Any command".to_string()))
        .chain(Command::ALL.iter().map(|c| {
            let code = c.as_str();
            let mut chars = code.chars();
            let label = chars.next().map(|f| f.to_uppercase().chain(chars).collect()).unwrap_or_default();
            (code.to_string(), label)
        }))
        .collect()
}

/// "Page 2 of 5" (or just "Page 2" before the first answer).
fn page_of(page: u64, total: Option<(u64, u64)>) -> String {
    match total {
        Some((total, per_page)) if per_page > 0 => {
            format!("Page {page} of {}", total.div_ceil(per_page).max(1))
        }
        _ => format!("Page {page}"),
    }
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
        let which = tab.get_untracked();
        // Cooldowns have no outcome: the filter is hidden there and must not apply.
        let outcome = if which == "cooldowns" { String::new() } else { outcome.get_untracked() };
        for (k, v) in [("order_id", order.get_untracked()), ("command", command.get_untracked()), ("outcome", outcome)]
        {
            if !v.trim().is_empty() {
                q.push_str(&format!("&{k}={}", encode(v.trim())));
            }
        }
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
        // Outcomes and dispatch states are different lists.
        outcome.set(String::new());
        reload();
    };
    let busy = move || act.busy.get();
    // Total entries and page size of the tab on screen, once answered.
    let total = move || match tab.get() {
        "dispatches" => dispatches.get().map(|p| (p.total, p.per_page)),
        "cooldowns" => cooldowns.get().map(|p| (p.total, p.per_page)),
        _ => commands.get().map(|p| (p.total, p.per_page)),
    };
    let last_page = move || total().is_some_and(|(t, per)| per == 0 || page.get() * per >= t);
    let tab_button = move |t: &'static str, label: &'static str| {
        view! {
            <button type="button" disabled=busy aria-pressed=move || if tab.get() == t { "true" } else { "false" }
                class=move || if tab.get() == t { "primary" } else { "" } on:click=move |_| switch(t)>{label}</button>
        }
    };
    view! {
        <h1>"Logs"</h1>
        <form class="toolbar filters" on:submit=move |ev| { ev.prevent_default(); page.set(1); reload() }>
            {tab_button("commands", "Commands")}
            {tab_button("dispatches", "Dispatches")}
            {tab_button("cooldowns", "Cooldowns")}
            <span class="spacer"></span>
            <TextInput label="Order id" value=order width="150px" />
            <Select label="Command" value=command options=Signal::derive(command_options) />
            {move || (tab.get() != "cooldowns").then(|| view! {
                <Select label="Outcome / status" value=outcome options=Signal::derive(move || outcome_options(tab.get())) />
            })}
            <button type="submit" disabled=busy>"Filter"</button>
        </form>
        <FeedbackView feedback=act.feedback />
        {move || match tab.get() {
            "dispatches" => view! {
                <DataTable testid="dispatch-log" class="log-table" rows=items(dispatches) head=rows::DISPATCH_HEAD cols=rows::DISPATCH_COLS
                    row=rows::dispatch_row empty="No dispatches" hint="Requests forwarded to provider groups show here." />
            }.into_any(),
            "cooldowns" => view! {
                <DataTable testid="cooldown-log" rows=items(cooldowns) head=rows::COOLDOWN_HEAD row=rows::cooldown_row
                    empty="No running cooldowns" />
            }.into_any(),
            _ => view! {
                <DataTable testid="command-log" class="log-table" rows=items(commands) head=rows::COMMAND_HEAD cols=rows::COMMAND_COLS
                    row=rows::command_row empty="No commands" hint="Customer messages and dry runs show here." />
            }.into_any(),
        }}
        <div class="toolbar" style="margin-top:10px">
            <button disabled=move || busy() || page.get() <= 1 on:click=move |_| { if page.get_untracked() > 1 { page.update(|p| *p -= 1); reload() } }>"Previous"</button>
            <span class="muted">{move || page_of(page.get(), total())}</span>
            <button disabled=move || busy() || last_page() on:click=move |_| { page.update(|p| *p += 1); reload() }>"Next"</button>
        </div>
    }
}
