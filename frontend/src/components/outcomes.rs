//! Outcomes, refusal reasons and dispatch states in words and colours (from `shared::badges`):
//! the logs and "Test a command" show them the same way, and no raw code reaches the screen.
use leptos::prelude::*;
use shared::badges;
use shared::commands::{OrderVerdict, RefusalReason};

use super::table::EmptyRow;

/// A command's (or one order's) outcome as a coloured badge. The code stays in `data-outcome`
/// for tests and styles; the words are what people read.
#[component]
pub fn OutcomeBadge(#[prop(into)] code: String) -> impl IntoView {
    let (label, tone) = badges::outcome(&code);
    view! { <span class=tone.class() data-outcome=code title=label>{label}</span> }
}

/// A provider message's state (pending, sending, sent, dead) as a coloured badge.
#[component]
pub fn DispatchBadge(#[prop(into)] status: String) -> impl IntoView {
    let (label, tone) = badges::dispatch(&status);
    view! { <span class=tone.class() data-status=status title=label>{label}</span> }
}

/// Why the rules refused an order, as a sentence ("The order is not completed").
pub fn reason_text(reason: Option<RefusalReason>) -> String {
    let Some(r) = reason else { return "—".into() };
    let words = badges::reason(r);
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// One row per order: its outcome, the reason in words, the provider (by alias) and where the
/// request went.
#[component]
pub fn VerdictTable(verdicts: Vec<OrderVerdict>, #[prop(optional)] testid: Option<&'static str>) -> impl IntoView {
    let rows = if verdicts.is_empty() {
        view! { <EmptyRow columns=5 title="No orders in this message" /> }.into_any()
    } else {
        verdicts
            .into_iter()
            .map(|v| {
                view! {
                    <tr>
                        <td>{v.order_id}</td>
                        <td><OutcomeBadge code=v.outcome.as_str() /></td>
                        <td class="wrap">{reason_text(v.reason)}</td>
                        <td>{v.provider_alias.unwrap_or_else(|| "—".into())}</td>
                        <td>{v.destination_name.unwrap_or_else(|| "—".into())}</td>
                    </tr>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <div class="table-scroll">
            <table data-testid=testid>
                <thead><tr><th>"Order"</th><th>"Outcome"</th><th>"Reason"</th><th>"Provider"</th><th>"Destination"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
