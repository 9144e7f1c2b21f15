//! The rows of the message and ticket logs: every chat message in or out (the ignored ones with
//! why), and every customer message on a panel ticket with what became of it, in words.
use leptos::prelude::*;
use shared::tickets::{MessageLogRow, TicketActivity};

use super::rows::{block, channel_name, clamped, details_button, full, row_class};
use crate::components::date;

pub const MESSAGE_HEAD: &[&str] = &["Time", "Channel", "In/Out", "Chat", "Sender", "Message", "Outcome", "Reason"];
pub const MESSAGE_COLS: &[&str] = &["7.5em", "6.5em", "4.5em", "8em", "8em", "", "7.5em", ""];
pub const TICKET_HEAD: &[&str] =
    &["Time", "Panel", "Ticket", "Customer", "Subject", "Decision", "Outcome", "Answer", ""];
pub const TICKET_COLS: &[&str] = &["7.5em", "8em", "6em", "8em", "", "10em", "8em", "10em", "6.5em"];

/// A chat message's outcomes, in the order the filter offers them.
pub const MESSAGE_OUTCOMES: [&str; 8] =
    ["command", "reply", "ignored", "link", "duplicate", "paused", "sent", "failed"];
/// A ticket message's outcomes, in the order the filter offers them.
pub const TICKET_OUTCOMES: [&str; 6] = ["handled", "left", "refused", "error", "paused", "working"];

/// A chat message's outcome in words, with its badge's class.
pub fn message_outcome(code: &str) -> (&'static str, &'static str) {
    match code {
        "command" => ("Command", "badge ok"),
        "reply" => ("Reply", "badge"),
        "ignored" => ("Ignored", "badge"),
        "link" => ("Link", "badge"),
        "duplicate" => ("Duplicate", "badge warn"),
        "paused" => ("Paused", "badge warn"),
        "sent" => ("Sent", "badge ok"),
        "failed" => ("Failed", "badge bad"),
        _ => ("Other", "badge"),
    }
}

/// What became of a ticket message, in words, with its badge's class.
pub fn ticket_outcome(code: &str) -> (&'static str, &'static str) {
    match code {
        "handled" => ("Handled", "badge ok"),
        "left" => ("Left for you", "badge"),
        "refused" => ("Refused", "badge warn"),
        "error" => ("Panel error", "badge bad"),
        "paused" => ("Paused", "badge warn"),
        "working" => ("In progress", "badge"),
        _ => ("Other", "badge"),
    }
}

/// Whether the answer reached the ticket, in words.
fn answer_state(code: &str) -> &'static str {
    match code {
        "off" => "Not posted (replying off)",
        "posted" => "Posted on the ticket",
        "unverified" => "Posted, not found on re-read",
        "failed" => "Posting failed",
        _ => "—",
    }
}

fn badge(code: String, (label, class): (&'static str, &'static str)) -> impl IntoView {
    view! { <span class=class data-outcome=code title=label>{label}</span> }
}

/// One chat message in or out.
pub fn message_row(m: MessageLogRow) -> impl IntoView {
    let direction = if m.direction == "out" { "Out" } else { "In" };
    let words = message_outcome(&m.outcome);
    let (chat_title, sender_title) = (m.chat.clone(), m.sender.clone());
    view! {
        <tr>
            <td class="wrap">{date(&m.at)}</td>
            <td class="wrap">{channel_name(&m.channel).to_string()}</td>
            <td>{direction}</td>
            <td title=chat_title>{m.chat}</td>
            <td title=sender_title>{m.sender}</td>
            <td>{clamped(m.text, "(no text)")}</td>
            <td>{badge(m.outcome, words)}</td>
            <td>{clamped(m.reason, "")}</td>
        </tr>
    }
}

/// One customer message on a panel ticket: the decision, what it became and the answer.
/// `show_command` opens the command it started in the Commands tab (order id, command).
pub fn ticket_row(t: TicketActivity, show_command: Callback<(String, String)>) -> impl IntoView {
    let open = RwSignal::new(false);
    let decision = if t.command.is_empty() || t.command == "silent" {
        "—".to_string()
    } else {
        format!("{} {}", t.command, t.order_ids.join(", "))
    };
    let customer = t.username.clone().unwrap_or_else(|| "—".into());
    let words = ticket_outcome(&t.outcome);
    let answer = answer_state(&t.reply_state);
    let detail = t.clone();
    let columns = TICKET_HEAD.len();
    let (panel_title, customer_title, decision_title) = (t.panel_name.clone(), customer.clone(), decision.clone());
    view! {
        <tr class=row_class(open) on:click=move |_| open.update(|o| *o = !*o)>
            <td class="wrap">{date(&t.at)}</td>
            <td title=panel_title>{t.panel_name}</td>
            <td>{format!("#{}", t.ticket_id)}</td>
            <td title=customer_title>{customer}</td>
            <td>{clamped(t.subject, "(no subject)")}</td>
            <td title=decision_title>{decision}</td>
            <td>{badge(t.outcome, words)}</td>
            <td class="wrap">{answer}</td>
            {details_button(open)}
        </tr>
        {move || open.get().then(|| {
            let t = detail.clone();
            let rule = t.rule.map(|r| format!(" · subject rule {r}")).unwrap_or_default();
            let first_order = t.order_ids.first().cloned().unwrap_or_default();
            let command = t.command.clone();
            view! {
                <tr class="row-detail"><td colspan=columns><div class="detail-body">
                    {block("What happened", full(t.detail, "(nothing recorded)"))}
                    {block("Answer for the customer", view! {
                        {full(t.reply, "(no answer)")}
                        <p class="muted small">{answer_state(&t.reply_state)}</p>
                    })}
                    {t.command_id.map(|id| block("Command", view! {
                        <button type="button" data-testid="ticket-command-link"
                            on:click=move |_| show_command.run((first_order.clone(), command.clone()))>
                            "Show in the Commands tab"
                        </button>
                        <span class="muted small">" " {id}</span>
                    }))}
                    <div class="muted small">
                        {format!("Ticket #{} · {}{rule} · {}", t.ticket_id, t.panel_name, date(&t.at))}
                    </div>
                </div></td></tr>
            }
        })}
    }
}
