//! "Test a ticket": the decision for a pasted subject and message with the rules on screen
//! (saved or not), in words. Nothing reaches the panel; staff may use it.
use leptos::prelude::*;
use shared::grammar::Command;
use shared::tickets::{TicketDecision, TicketTest};

use super::rules::{Rows, on_screen};
use crate::components::{Action, Feedback, FeedbackView, Field, TextInput};

/// "Refill for orders 2274209 — subject rule 1 → Refill, order ids from the message", or
/// "Left for you: no subject rule matched".
fn decision_text(d: &TicketDecision) -> String {
    let action = match d.command {
        Command::Silent => return format!("Left for you: {}", d.why.trim_end_matches(": left for you")),
        Command::Refill => "Refill",
        Command::Speed => "Speed up",
        Command::Cancel => "Cancel",
        Command::Status => "Status",
        Command::Balance => "Balance",
        Command::Help => "Help",
    };
    if d.ids.is_empty() {
        format!("{action} — {}", d.why)
    } else {
        format!("{action} for orders {} — {}", d.ids.join(", "), d.why)
    }
}

#[component]
pub fn TestTicket(rows: Rows) -> impl IntoView {
    let (subject, message, order) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let decision = RwSignal::new(None::<TicketDecision>);
    let act = Action::new(Feedback::new());
    let test = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let req = TicketTest {
            subject: subject.get_untracked(),
            message: message.get_untracked(),
            order_id: Some(order.get_untracked().trim().to_string()).filter(|o| !o.is_empty()),
            rules: on_screen(rows),
        };
        decision.set(None);
        act.run(async move { crate::api::test_ticket(&req).await }, move |d| {
            decision.set(Some(d));
            None
        });
    };
    view! {
        <h1 class="section">"Test a ticket"</h1>
        <p class="muted">"Paste a ticket's subject and message: the rules on screen decide, saved or not, and nothing reaches the panel."</p>
        <form class="texts-form" data-testid="ticket-test" on:submit=test>
            <Field label="Subject" id="ticket-test-subject"><TextInput id="ticket-test-subject" value=subject placeholder="e.g. Orders - Refill" /></Field>
            <Field label="Message" id="ticket-test-message">
                <textarea id="ticket-test-message" rows="4" prop:value=move || message.get() on:input=move |ev| message.set(event_target_value(&ev))></textarea>
            </Field>
            <Field label="Order ids (the ticket's order field)" id="ticket-test-order"
                hint="Leave empty when the ticket form has no order field: the ids are then read from the message.">
                <TextInput id="ticket-test-order" value=order placeholder="e.g. 2274209, 2274210" />
            </Field>
            <div class="toolbar" style="margin-top:10px">
                <button type="submit" class="primary" data-testid="ticket-test-run" disabled=move || act.busy.get()>"Test"</button>
            </div>
        </form>
        <FeedbackView feedback=act.feedback />
        {move || decision.get().map(|d| view! { <div class="notice" data-testid="ticket-decision">{decision_text(&d)}</div> })}
    }
}
