//! The rows of the log tables: one line per entry with long texts cut to two lines (the whole
//! text on hover), and the entry's details in a row below it once opened (a click on the row or
//! on its "Details" button).
use leptos::prelude::*;
use shared::commands::{CommandLogEntry, CooldownEntry, DispatchLogEntry};

use crate::components::{DispatchBadge, OutcomeBadge, VerdictTable, date};

pub const COMMAND_HEAD: &[&str] = &["Time", "Channel", "Chat", "Message", "Command", "Outcome", "Reply", ""];
pub const COMMAND_COLS: &[&str] = &["7.5em", "7em", "8em", "", "9em", "10em", "", "6.5em"];
pub const DISPATCH_HEAD: &[&str] =
    &["Time", "Destination", "Provider", "Action", "Message", "Status", "Tries", "Last error", ""];
pub const DISPATCH_COLS: &[&str] = &["7.5em", "9em", "7em", "5.5em", "", "7.5em", "4.5em", "", "6.5em"];
pub const COOLDOWN_HEAD: &[&str] = &["Order", "Action", "Started", "Until"];

/// The row's "Details" / "Hide" button. It has no handler of its own: the click reaches the
/// row, which opens or closes the details (so a click on the button toggles once).
pub(super) fn details_button(open: RwSignal<bool>) -> impl IntoView {
    view! {
        <td class="actions">
            <button type="button" aria-expanded=move || if open.get() { "true" } else { "false" }>
                {move || if open.get() { "Hide" } else { "Details" }}
            </button>
        </td>
    }
}

/// A text cut to two lines, whole on hover; `empty` (muted) when there is none.
pub(super) fn clamped(text: String, empty: &'static str) -> impl IntoView {
    if text.trim().is_empty() {
        return view! { <span class="muted">{empty}</span> }.into_any();
    }
    let title = text.clone();
    view! { <div class="clamp" title=title>{text}</div> }.into_any()
}

/// A titled block of the details row.
pub(super) fn block(title: &'static str, body: impl IntoView) -> impl IntoView {
    view! { <div><h3>{title}</h3>{body}</div> }
}

pub(super) fn full(text: String, empty: &'static str) -> impl IntoView {
    if text.trim().is_empty() {
        view! { <p class="full muted">{empty}</p> }.into_any()
    } else {
        view! { <p class="full">{text}</p> }.into_any()
    }
}

pub(super) fn row_class(open: RwSignal<bool>) -> impl Fn() -> &'static str {
    move || if open.get() { "log-row open" } else { "log-row" }
}

/// A channel as the logs show it: a panel ticket reads "Ticket", chat channels keep their name.
pub(super) fn channel_name(code: &str) -> &str {
    if code == "ticket" { "Ticket" } else { code }
}

/// One command: when, where, what the customer wrote, what it became, and the reply. A ticket's
/// command opens that ticket's activity (`show_ticket` gets the ticket id).
pub fn command_row(c: CommandLogEntry, show_ticket: Callback<String>) -> impl IntoView {
    let open = RwSignal::new(false);
    let channel = format!("{}{}", channel_name(&c.channel), if c.dry_run { " (test)" } else { "" });
    let command = format!("{} {}", c.command, c.order_ids.join(", "));
    let problem = c.problem.clone().map(|p| {
        let title = format!("{p} (customers never see this)");
        view! { <div class="cell-note problem clamp" title=title>{p}</div> }
    });
    let detail = c.clone();
    let columns = COMMAND_HEAD.len();
    let (chat_title, command_title) = (c.chat.clone(), command.clone());
    view! {
        <tr class=row_class(open) on:click=move |_| open.update(|o| *o = !*o)>
            <td class="wrap">{date(&c.created_at)}</td>
            <td class="wrap">{channel.clone()}</td>
            <td title=chat_title>{c.chat}</td>
            <td>{clamped(c.text, "(no text)")}</td>
            <td title=command_title>{command}</td>
            <td><OutcomeBadge code=c.outcome />{problem}</td>
            <td>{clamped(c.reply, "(silence)")}</td>
            {details_button(open)}
        </tr>
        {move || open.get().then(|| {
            let c = detail.clone();
            view! {
                <tr class="row-detail"><td colspan=columns><div class="detail-body">
                    {block("Customer message", full(c.text, "(no text)"))}
                    {block("Reply", full(c.reply, "(silence: the bot did not answer)"))}
                    {c.problem.map(|p| block("Why some orders could not be checked (customers never see this)",
                        view! { <p class="full field-error">{p}</p> }))}
                    {block("Orders", view! { <VerdictTable verdicts=c.verdicts /> })}
                    <div class="muted small">{format!("{} · chat {} · {}", channel, c.chat, date(&c.created_at))}</div>
                    {(c.channel == "ticket").then(|| {
                        let id: String = c.chat.chars().filter(char::is_ascii_digit).collect();
                        view! { <button type="button" data-testid="command-ticket-link"
                            on:click=move |ev| { ev.stop_propagation(); show_ticket.run(id.clone()) }>"Open the ticket's activity"</button> }
                    })}
                </div></td></tr>
            }
        })}
    }
}

/// One message to a provider group: where, what, and whether it went out.
pub fn dispatch_row(d: DispatchLogEntry) -> impl IntoView {
    let open = RwSignal::new(false);
    let provider = d.provider_alias.clone().unwrap_or_else(|| "Manual".into());
    let detail = d.clone();
    let columns = DISPATCH_HEAD.len();
    let (destination_title, provider_title, message_title) =
        (d.destination_name.clone(), provider.clone(), d.message.clone());
    view! {
        <tr class=row_class(open) on:click=move |_| open.update(|o| *o = !*o)>
            <td class="wrap">{date(&d.created_at)}</td>
            <td title=destination_title>{d.destination_name}</td>
            <td title=provider_title>{provider}</td>
            <td>{d.action}</td>
            <td><code class="clamp" title=message_title>{d.message}</code></td>
            <td><DispatchBadge status=d.status /></td>
            <td>{d.attempts}</td>
            <td>{clamped(d.last_error.unwrap_or_default(), "")}</td>
            {details_button(open)}
        </tr>
        {move || open.get().then(|| {
            let d = detail.clone();
            let sent = match d.sent_at {
                Some(at) => format!("Sent {}", date(&at)),
                None => "Not sent yet".into(),
            };
            view! {
                <tr class="row-detail"><td colspan=columns><div class="detail-body">
                    {block("Message", view! { <pre class="full"><code>{d.message}</code></pre> })}
                    {d.last_error.map(|e| block("Last error", view! { <p class="full field-error">{e}</p> }))}
                    <div class="muted small">
                        {format!("{sent} · {} · tries: {} · queued {}", d.destination_name, d.attempts, date(&d.created_at))}
                    </div>
                </div></td></tr>
            }
        })}
    }
}

/// A cooldown still running.
pub fn cooldown_row(c: CooldownEntry) -> impl IntoView {
    view! { <tr><td>{c.order_id}</td><td>{c.action}</td><td>{date(&c.created_at)}</td><td>{date(&c.until)}</td></tr> }
}
