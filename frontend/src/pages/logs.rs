//! Logs: commands, chat messages, provider dispatches, panel tickets and running cooldowns, with
//! filters and pages. Columns have fixed widths, long texts show two lines, and a row opens to
//! show everything (the whole message and reply, each order's outcome with the reason in words).
mod media;
mod rows;

use leptos::prelude::*;
use shared::badges;
use shared::commands::{CommandLogEntry, CooldownEntry, DispatchLogEntry, Page};
use shared::grammar::Command;
use shared::tickets::{MessageLogRow, TicketActivity};

use crate::api::ApiError;
use crate::components::{Action, DataTable, Feedback, FeedbackView, Select, TextInput, load, panel_options};

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

/// The tabs, in order (code, title).
const TABS: [(&str, &str); 5] = [
    ("commands", "Commands"),
    ("messages", "Messages"),
    ("dispatches", "Dispatches"),
    ("tickets", "Tickets"),
    ("cooldowns", "Cooldowns"),
];

/// The filters a tab's log understands; the others are hidden there and not sent.
fn filters(tab: &str) -> &'static [&'static str] {
    match tab {
        "messages" => &["outcome"],
        "dispatches" => &["command", "outcome"],
        "tickets" => &["panel_id", "ticket_id", "outcome"],
        "cooldowns" => &["order_id", "command"],
        _ => &["order_id", "command", "outcome"],
    }
}

fn encode(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect()
}

/// A page's rows for a table (loading until the first answer).
fn items<T: Clone + Send + Sync + 'static>(
    page: RwSignal<Option<Page<T>>>,
) -> Signal<Option<Result<Vec<T>, ApiError>>> {
    Signal::derive(move || page.get().map(|p| Ok(p.items)))
}

/// The outcome filter's options on a tab (code, words): outcomes for commands, messages and
/// tickets, states for dispatches.
fn outcome_options(tab: &str) -> Vec<(String, String)> {
    let (any, words): (&str, Vec<(&str, &str)>) = match tab {
        "dispatches" => ("Any status", STATUSES.iter().map(|s| (*s, badges::dispatch(s).0)).collect()),
        "messages" => {
            ("Any outcome", media::MESSAGE_OUTCOMES.iter().map(|o| (*o, media::message_outcome(o).0)).collect())
        }
        "tickets" => ("Any outcome", media::TICKET_OUTCOMES.iter().map(|o| (*o, media::ticket_outcome(o).0)).collect()),
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

/// The Tickets tab's panel filter ("Any panel" first).
fn panel_filter(panel: RwSignal<String>) -> impl IntoView {
    let (panels, _) = load(crate::api::panels);
    let named = panel_options(panels);
    let options = Signal::derive(move || {
        std::iter::once((String::new(), "Any panel".to_string())).chain(named.get()).collect::<Vec<_>>()
    });
    view! { <Select label="Panel" value=panel options /> }
}

#[component]
pub fn Logs() -> impl IntoView {
    let tab = RwSignal::new("commands");
    let order = RwSignal::new(String::new());
    let command = RwSignal::new(String::new());
    let outcome = RwSignal::new(String::new());
    let (panel, ticket) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let page = RwSignal::new(1u64);
    let act = Action::new(Feedback::new());
    let commands = RwSignal::new(None::<Page<CommandLogEntry>>);
    let messages = RwSignal::new(None::<Page<MessageLogRow>>);
    let dispatches = RwSignal::new(None::<Page<DispatchLogEntry>>);
    let tickets = RwSignal::new(None::<Page<TicketActivity>>);
    let cooldowns = RwSignal::new(None::<Page<CooldownEntry>>);
    let reload = move || {
        let mut q = format!("page={}&per_page=25", page.get_untracked());
        let which = tab.get_untracked();
        // Only the filters the tab's log understands (the others are hidden there).
        for k in filters(which) {
            let value = match *k {
                "order_id" => order,
                "command" => command,
                "panel_id" => panel,
                "ticket_id" => ticket,
                _ => outcome,
            };
            let v = value.get_untracked();
            if !v.trim().is_empty() {
                q.push_str(&format!("&{k}={}", encode(v.trim())));
            }
        }
        let call = async move {
            match which {
                "messages" => crate::api::logs("messages", &q).await.map(|p| messages.set(Some(p))),
                "dispatches" => crate::api::logs("dispatches", &q).await.map(|p| dispatches.set(Some(p))),
                "tickets" => crate::api::logs("tickets", &q).await.map(|p| tickets.set(Some(p))),
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
    // A ticket's command, in the Commands tab (by its first order id and its command).
    let show_command = Callback::new(move |(order_id, cmd): (String, String)| {
        order.set(order_id);
        command.set(cmd);
        switch("commands");
    });
    // A ticket's activity, in the Tickets tab (from a command that came from a ticket).
    let show_ticket = Callback::new(move |id: String| {
        ticket.set(id);
        switch("tickets");
    });
    let shows = move |filter: &str| filters(tab.get()).contains(&filter);
    let busy = move || act.busy.get();
    // Total entries and page size of the tab on screen, once answered.
    let total = move || match tab.get() {
        "messages" => messages.get().map(|p| (p.total, p.per_page)),
        "dispatches" => dispatches.get().map(|p| (p.total, p.per_page)),
        "tickets" => tickets.get().map(|p| (p.total, p.per_page)),
        "cooldowns" => cooldowns.get().map(|p| (p.total, p.per_page)),
        _ => commands.get().map(|p| (p.total, p.per_page)),
    };
    let last_page = move || total().is_some_and(|(t, per)| per == 0 || page.get() * per >= t);
    let tab_button = move |(t, label): (&'static str, &'static str)| {
        view! {
            <button type="button" disabled=busy aria-pressed=move || if tab.get() == t { "true" } else { "false" }
                class=move || if tab.get() == t { "primary" } else { "" } on:click=move |_| switch(t)>{label}</button>
        }
    };
    view! {
        <h1>"Logs"</h1>
        <form class="toolbar filters" on:submit=move |ev| { ev.prevent_default(); page.set(1); reload() }>
            {TABS.map(tab_button)}
            <span class="spacer"></span>
            {move || shows("order_id").then(|| view! { <TextInput label="Order id" value=order width="150px" /> })}
            {move || shows("panel_id").then(|| panel_filter(panel))}
            {move || shows("ticket_id").then(|| view! { <TextInput label="Ticket id" value=ticket width="110px" /> })}
            {move || shows("command").then(|| view! { <Select label="Command" value=command options=Signal::derive(command_options) /> })}
            {move || shows("outcome").then(|| view! {
                <Select label="Outcome / status" value=outcome options=Signal::derive(move || outcome_options(tab.get())) />
            })}
            <button type="submit" disabled=busy>"Filter"</button>
        </form>
        <FeedbackView feedback=act.feedback />
        {move || match tab.get() {
            "messages" => view! {
                <DataTable testid="message-log" class="log-table" rows=items(messages) head=media::MESSAGE_HEAD cols=media::MESSAGE_COLS
                    row=media::message_row empty="No messages" hint="Chat messages in and out, also the ones the bot ignored, show here." />
            }.into_any(),
            "tickets" => view! {
                <DataTable testid="ticket-log" class="log-table" rows=items(tickets) head=media::TICKET_HEAD cols=media::TICKET_COLS
                    row=move |t| media::ticket_row(t, show_command) empty="No tickets"
                    hint="Customer messages on your panel's tickets show here once Tickets reads a panel." />
            }.into_any(),
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
                    row=move |c| rows::command_row(c, show_ticket) empty="No commands" hint="Customer messages and dry runs show here." />
            }.into_any(),
        }}
        <div class="toolbar" style="margin-top:10px">
            <button disabled=move || busy() || page.get() <= 1 on:click=move |_| { if page.get_untracked() > 1 { page.update(|p| *p -= 1); reload() } }>"Previous"</button>
            <span class="muted">{move || page_of(page.get(), total())}</span>
            <button disabled=move || busy() || last_page() on:click=move |_| { page.update(|p| *p += 1); reload() }>"Next"</button>
        </div>
    }
}
