//! Billing: the plan at a glance (status, days left, what is included, usage against limits),
//! buying or renewing (an invoice for a plan, a term and a payment method), and the invoices
//! with their payment references. Staff read; only the owner buys. In self-hosted mode (no plan
//! exists) and in the sandbox there is nothing to pay, and the page says so.
mod invoices;
pub mod print;

use leptos::prelude::*;
use shared::api::Role;
use shared::billing::{Subscription, SubscriptionStatus, money};

use crate::components::{ErrorLine, load};
use crate::session::SessionCtx;

pub fn status_badge(s: SubscriptionStatus) -> &'static str {
    match s {
        SubscriptionStatus::Trial | SubscriptionStatus::Active | SubscriptionStatus::Unrestricted => "badge ok",
        SubscriptionStatus::Grace => "badge warn",
        _ => "badge off",
    }
}

/// One usage bar: "3 of 5", or "3 (no limit)".
fn usage_bar(label: &'static str, used: u64, limit: Option<u32>) -> impl IntoView {
    let (text, percent, over) = match limit {
        Some(l) => {
            let l = u64::from(l);
            let pct = used.saturating_mul(100).checked_div(l).map_or(100, |p| p.min(100));
            (format!("{used} of {l}"), pct, used >= l)
        }
        None => (format!("{used} (no limit)"), 0, false),
    };
    view! {
        <div class="usage" data-testid="usage">
            <span class="usage-label">{label}</span>
            <span class="usage-track"><span class=if over { "usage-fill full" } else { "usage-fill" }
                style=format!("width: {percent}%")></span></span>
            <span class="usage-text">{text}</span>
        </div>
    }
}

fn summary(s: Subscription) -> AnyView {
    if s.self_hosted {
        return view! {
            <div class="notice" data-testid="self-hosted">
                <b>"Self-hosted mode. "</b>
                "No plans exist on this server, so nothing is billed or limited: every medium and module is yours."
            </div>
        }
        .into_any();
    }
    let included: Vec<&str> = s.mediums.iter().map(|m| m.label()).chain(s.modules.iter().map(|m| m.label())).collect();
    let days = match s.days_left {
        Some(d) if d >= 0 => format!("{d} days left"),
        Some(d) => format!("ended {} days ago", -d),
        None => "—".into(),
    };
    let ends = s.period_end.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_else(|| "—".into());
    view! {
        <div class="cards" data-testid="subscription">
            <div class="card"><div class="muted">"Plan"</div><div class="num">{s.plan_name.clone().unwrap_or_else(|| "None".into())}</div></div>
            <div class="card"><div class="muted">"Status"</div>
                <div class="num"><span class=status_badge(s.status) data-testid="subscription-status">{s.status.label()}</span></div></div>
            <div class="card"><div class="muted">"Period ends"</div><div class="num">{ends}</div><div class="muted">{days}</div></div>
        </div>
        {s.suspended_reason.clone().map(|r| view! { <div class="error" role="alert">"Suspended by the platform: " {r}</div> })}
        <p><b>"Included: "</b>{if included.is_empty() { "nothing".to_string() } else { included.join(", ") }}</p>
        <h2>"Usage"</h2>
        <div class="usages">
            {usage_bar("Panels", s.usage.panels, s.limits.panels)}
            {usage_bar("Channels", s.usage.channels, s.limits.channels)}
            {usage_bar("Linked customer chats", s.usage.linked_chats, s.limits.linked_chats)}
            {usage_bar("Requests this month", s.usage.commands_this_month, s.limits.commands_per_month)}
        </div>
    }
    .into_any()
}

#[component]
pub fn Billing() -> impl IntoView {
    let (sub, reload_sub) = load(crate::api::billing);
    let owner = SessionCtx::get().role() == Some(Role::Owner);
    let body = move || match sub.get() {
        None => view! { <p class="muted">"Loading…"</p> }.into_any(),
        Some(Err(e)) => view! { <ErrorLine message=Signal::derive(move || Some(e.message.clone())) /> }.into_any(),
        Some(Ok(s)) => {
            let self_hosted = s.self_hosted;
            view! {
                {summary(s)}
                {(!self_hosted).then(|| view! { <invoices::Invoices owner on_paid=reload_sub.clone() /> })}
            }
            .into_any()
        }
    };
    view! {
        <h1>"Billing"</h1>
        {body}
    }
}

/// `1250, "USD"` with the term: `12.50 USD for 1 month`.
pub fn price_text(amount: i64, currency: &str, months: u32) -> String {
    let term = if months == 1 { "1 month".to_string() } else { format!("{months} months") };
    format!("{} for {term}", money(amount, currency))
}
