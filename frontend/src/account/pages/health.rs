//! Health: the workspace's runtime at a glance — configuration problems with the page that fixes
//! each, the channels (mode, last update and send, queue, the server polling them), the panels'
//! Admin API (last good call, errors in the last hour, request budget) and the scheduled jobs.
use leptos::prelude::*;
use shared::health::{ChannelRuntime, ConfigCheck, JobHealth, PanelRuntime, WorkspaceHealth};

use crate::api::ApiError;
use crate::components::{DataTable, date, load};

fn when(d: &Option<chrono::DateTime<chrono::Utc>>) -> String {
    d.as_ref().map(date).unwrap_or_else(|| "—".into())
}

fn part<T: Clone + Send + Sync + 'static>(
    h: Signal<Option<Result<WorkspaceHealth, ApiError>>>,
    pick: fn(&WorkspaceHealth) -> Vec<T>,
) -> Signal<Option<Result<Vec<T>, ApiError>>> {
    Signal::derive(move || h.get().map(|r| r.map(|w| pick(&w))))
}

fn status_badge(status: &str) -> AnyView {
    let class = match status {
        "ok" => "badge ok",
        "failed" | "unhealthy" => "badge bad",
        _ => "badge",
    };
    view! { <span class=class>{status.to_string()}</span> }.into_any()
}

fn check_row(c: ConfigCheck) -> impl IntoView {
    view! {
        <tr>
            <td>{c.message}</td>
            <td><a href=c.fix_path rel="external">"Fix"</a></td>
        </tr>
    }
}

fn channel_row(c: ChannelRuntime) -> impl IntoView {
    let medium = if c.kind == "telegram" { "Telegram" } else { "WhatsApp" };
    let polled = if c.mode == "polling" { c.polled_by.unwrap_or_else(|| "nobody yet".into()) } else { "—".into() };
    view! {
        <tr>
            <td>{c.name}</td>
            <td>{medium}</td>
            <td>{c.mode}</td>
            <td>{if c.enabled { status_badge(&c.status) } else { status_badge("off") }}
                {c.status_reason.map(|r| view! { <div class="muted">{r}</div> })}</td>
            <td>{when(&c.last_update_at)}</td>
            <td>{when(&c.last_send_at)}</td>
            <td>{c.queue}</td>
            <td class="muted">{polled}</td>
        </tr>
    }
}

fn panel_row(p: PanelRuntime) -> impl IntoView {
    let rate = if p.calls_last_hour == 0 {
        "no calls".to_string()
    } else {
        format!(
            "{} of {} calls ({}%)",
            p.errors_last_hour,
            p.calls_last_hour,
            p.errors_last_hour * 100 / p.calls_last_hour
        )
    };
    view! {
        <tr>
            <td>{p.name}</td>
            <td>{when(&p.last_ok_at)}</td>
            <td>{rate}</td>
            <td>{p.last_error.map(|e| format!("{e} ({})", when(&p.last_error_at))).unwrap_or_else(|| "—".into())}</td>
            <td>{format!("{}% of {} req/s", p.budget_used_pct, p.rps)}</td>
        </tr>
    }
}

fn job_row(j: JobHealth) -> impl IntoView {
    let what = match j.kind.as_str() {
        "services" => "Service list refresh",
        "tickets" => "Ticket reading",
        "retention" => "Log cleanup",
        "subscription-notices" => "Subscription notices",
        _ => "Job",
    };
    let outcome = j.last_outcome.clone().unwrap_or_else(|| "not run yet".into());
    view! {
        <tr>
            <td>{what}</td>
            <td>{j.subject}</td>
            <td>{when(&j.last_started_at)}</td>
            <td>{status_badge(&outcome)} {j.last_error.map(|e| view! { <div class="muted">{e}</div> })}</td>
            <td>{date(&j.next_run_at)}</td>
            <td>{j.failures}</td>
        </tr>
    }
}

#[component]
pub fn Health() -> impl IntoView {
    let (health, reload) = load(crate::api::workspace_health);
    let h: Signal<Option<Result<WorkspaceHealth, ApiError>>> = health.into();
    view! {
        <h1>"Health"</h1>
        <div class="toolbar">
            <span class="muted">"What could stop a customer's request, and how the bots, panels and background jobs are doing."</span>
            <span class="spacer"></span>
            <button on:click=move |_| reload()>"Refresh"</button>
        </div>
        <h2 class="section">"Configuration checks"</h2>
        <DataTable testid="health-checks" head=&["Problem", ""] rows=part(h, |w| w.checks.clone()) row=check_row
            empty="No problems found" hint="Requests can reach every provider you route." />
        <h2 class="section">"Channels"</h2>
        <DataTable testid="health-channels" head=&["Name", "Medium", "Mode", "Status", "Last update", "Last send", "Queue", "Polled by"]
            rows=part(h, |w| w.channels.clone()) row=channel_row empty="No channels" hint="Connect a bot or a number on the Channels page." />
        <h2 class="section">"Panels"</h2>
        <DataTable testid="health-panels" head=&["Panel", "Last good call", "Errors (last hour)", "Last error", "Request budget (busiest second)"]
            rows=part(h, |w| w.panels.clone()) row=panel_row empty="No panels" />
        <h2 class="section">"Jobs"</h2>
        <DataTable testid="health-jobs" head=&["Job", "For", "Last run", "Outcome", "Next run", "Failures"]
            rows=part(h, |w| w.jobs.clone()) row=job_row empty="No scheduled jobs"
            hint="Service lists are refreshed in advanced mode; tickets are read when switched on." />
    }
}
