//! The dashboard: what is left to set up (ticked from live state), and what happened today and
//! this week, with a small chart of the last seven days.
use leptos::prelude::*;
use leptos_router::components::A;
use shared::badges;
use shared::dashboard::{Dashboard as Data, DayFigures, Figures};

use crate::components::load;

/// Seven stacked bars (sent on to a provider in green, the rest in grey), drawn as SVG.
fn chart(days: &[DayFigures]) -> AnyView {
    let max = days.iter().map(|d| d.sent + d.other).max().unwrap_or(0).max(1) as f64;
    let (w, h, bar) = (280.0, 110.0, 28.0);
    let step = w / days.len().max(1) as f64;
    let bars = days
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let x = i as f64 * step + (step - bar) / 2.0;
            let sent_h = d.sent as f64 / max * (h - 20.0);
            let other_h = d.other as f64 / max * (h - 20.0);
            let label = d.day.get(5..).unwrap_or(&d.day).to_string();
            let title = format!("{}: {} sent on, {} other", d.day, d.sent, d.other);
            view! {
                <g><title>{title}</title>
                    <rect x=x y=h - 14.0 - sent_h - other_h width=bar height=other_h fill="#c9d1da" />
                    <rect x=x y=h - 14.0 - sent_h width=bar height=sent_h fill="#2e8b57" />
                    <text x=x + bar / 2.0 y=h - 2.0 text-anchor="middle" font-size="9" fill="#5b6570">{label}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <svg class="chart" viewBox=format!("0 0 {w} {h}") role="img" aria-label="Requests per day, last 7 days" data-testid="chart">
            {bars}
        </svg>
    }
    .into_any()
}

fn outcome_list(f: &Figures) -> AnyView {
    if f.by_outcome.is_empty() {
        return view! { <p class="muted">"No requests yet."</p> }.into_any();
    }
    f.by_outcome
        .iter()
        .map(|o| {
            let (label, tone) = badges::outcome(&o.outcome);
            view! { <div class="figure-line"><span class=tone.class() data-outcome=o.outcome.clone()>{label}</span>" "{o.count}</div> }
        })
        .collect_view()
        .into_any()
}

fn card(label: &'static str, value: u64, testid: &'static str) -> impl IntoView {
    view! { <div class="card"><div class="muted">{label}</div><div class="num" data-testid=testid>{value}</div></div> }
}

fn body(d: Data) -> impl IntoView {
    let open_steps = d.checklist.iter().filter(|s| !s.done).count();
    let steps = d
        .checklist
        .into_iter()
        .map(|s| {
            let class = if s.done { "step done" } else { "step" };
            view! {
                <li class=class data-step=s.key.clone() data-done=s.done.to_string()>
                    <span class="tick" aria-hidden="true">{if s.done { "✓" } else { "○" }}</span>
                    <span class="step-title">{s.title}</span>
                    {(!s.done).then(|| view! { <A href=s.page>{s.action}</A> })}
                </li>
            }
        })
        .collect_view();
    let busiest = if d.busiest_providers.is_empty() {
        view! { <p class="muted">"No provider messages this week."</p> }.into_any()
    } else {
        d.busiest_providers
            .into_iter()
            .map(|p| view! { <div class="figure-line">{p.alias}" — "{p.dispatches}</div> })
            .collect_view()
            .into_any()
    };
    view! {
        <section class="setup" data-testid="setup-checklist">
            <h2>{if open_steps == 0 { "Setup complete".to_string() } else { format!("Setup: {open_steps} step(s) left") }}</h2>
            <ol class="steps">{steps}</ol>
        </section>
        <div class="cards">
            {card("Requests today", d.today.commands, "today-commands")}
            {card("Sent to providers today", d.today.dispatches_sent, "today-sent")}
            {card("Failed provider messages today", d.today.dispatches_failed, "today-failed")}
            {card("Waiting in the queue", d.queue_length, "queue-length")}
        </div>
        <div class="dash-grid">
            <section><h2>"Last 7 days"</h2>{chart(&d.days)}
                <p class="muted small">"Green: sent on to a provider. Grey: refused, not found, cooldown or answered."</p></section>
            <section><h2>"Requests this week"</h2>{outcome_list(&d.week)}<A href="/logs">"Open the logs"</A></section>
            <section><h2>"Busiest providers"</h2>{busiest}</section>
        </div>
    }
}

#[component]
pub fn Dashboard() -> impl IntoView {
    let (data, _) = load(crate::api::dashboard);
    let (members, _) = load(crate::api::members);
    let count = move || match members.get() {
        Some(Ok(m)) => m.len().to_string(),
        Some(Err(_)) => "—".into(),
        None => "…".into(),
    };
    view! {
        <h1>"Dashboard"</h1>
        {move || match data.get() {
            Some(Ok(d)) => body(d).into_any(),
            Some(Err(e)) => view! { <div class="error" role="alert">{e.message}</div> }.into_any(),
            None => view! { <p class="muted">"Loading…"</p> }.into_any(),
        }}
        <p class="muted small">"Team members: "<span data-testid="member-count">{count}</span>
            ". Invite helpers on the " <A href="/team">"Team"</A> " page; integrations use " <A href="/api-keys">"API keys"</A> "."</p>
    }
}
