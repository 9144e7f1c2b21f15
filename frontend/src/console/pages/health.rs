//! Master admin: runtime health — the instances sharing the database (heartbeat, version,
//! uptime), the queues (depth and the age of the oldest item), the channels and ticket readers in
//! error across workspaces, and the database. Refreshed every 10 seconds.
use leptos::prelude::*;
use shared::api::Role;
use shared::health::{HealthProblem, InstanceHealth, QueueHealth};

use crate::components::{DataTable, ErrorLine, date, load};
use crate::session::SessionCtx;

fn duration(secs: i64) -> String {
    match secs {
        s if s < 120 => format!("{s} s"),
        s if s < 7200 => format!("{} min", s / 60),
        s if s < 172_800 => format!("{} h", s / 3600),
        s => format!("{} days", s / 86_400),
    }
}

fn size(bytes: Option<i64>) -> String {
    match bytes {
        Some(b) if b >= 1 << 30 => format!("{:.1} GB", b as f64 / f64::from(1u32 << 30)),
        Some(b) if b >= 1 << 20 => format!("{:.1} MB", b as f64 / f64::from(1u32 << 20)),
        Some(b) => format!("{} KB", b / 1024),
        None => "—".into(),
    }
}

#[component]
pub fn AdminHealth() -> impl IntoView {
    if SessionCtx::get().role() != Some(Role::MasterAdmin) {
        return view! { <h1>"Page not found"</h1><p class="muted" data-testid="not-available">"This page does not exist in your workspace."</p> }.into_any();
    }
    let (health, reload) = load(crate::api::health);
    let handle = set_interval_with_handle(reload, std::time::Duration::from_secs(10)).ok();
    on_cleanup(move || {
        if let Some(h) = handle {
            h.clear();
        }
    });
    let instances = Signal::derive(move || health.get().map(|r| r.map(|h| h.instances)));
    let queues = Signal::derive(move || health.get().map(|r| r.map(|h| h.queues)));
    let problems = Signal::derive(move || health.get().map(|r| r.map(|h| h.problems)));
    let error = move || match health.get() {
        Some(Err(e)) => Some(e.message),
        _ => None,
    };
    let instance_row = |i: InstanceHealth| {
        let (class, words) = if i.alive { ("badge ok", "running") } else { ("badge warn", "stopped") };
        view! {
            <tr>
                <td>{i.id}</td>
                <td><span class=class>{words}</span></td>
                <td>{i.version}</td>
                <td>{date(&i.heartbeat_at)}</td>
                <td>{duration(i.uptime_secs)}</td>
            </tr>
        }
    };
    let queue_row = |q: QueueHealth| {
        let words = if q.queue == "inbox" { "Received chat updates" } else { "Provider messages" };
        let age = if q.depth == 0 { "—".to_string() } else { duration(q.oldest_age_secs.round() as i64) };
        view! { <tr><td>{words}</td><td>{q.depth}</td><td>{age}</td></tr> }
    };
    let problem_row = |p: HealthProblem| {
        let what = if p.kind == "channel" { "Channel" } else { "Ticket reading" };
        view! {
            <tr>
                <td>{p.workspace_name}</td>
                <td>{what}</td>
                <td>{p.name}</td>
                <td>{p.status}</td>
                <td class="wrap">{p.reason}</td>
                <td>{p.since.map(|d| date(&d)).unwrap_or_else(|| "—".into())}</td>
            </tr>
        }
    };
    let database = move || {
        health.get().and_then(Result::ok).map(|h| {
            format!(
                "Database: {} · {} · {} migrations applied",
                if h.database.engine == "postgres" { "PostgreSQL" } else { "SQLite" },
                size(h.database.size_bytes),
                h.database.migrations_applied
            )
        })
    };
    view! {
        <h1>"Health"</h1>
        <ErrorLine message=Signal::derive(error) />
        <p class="muted" data-testid="health-database">{database}</p>
        <h1 class="section">"Instances"</h1>
        <DataTable testid="health-instances" rows=instances head=&["Instance", "State", "Version", "Last heartbeat", "Up for"]
            row=instance_row empty="No instance has written a heartbeat yet" />
        <h1 class="section">"Queues"</h1>
        <DataTable testid="health-queues" rows=queues head=&["Queue", "Waiting", "Oldest"] row=queue_row empty="No queues" />
        <h1 class="section">"In error across workspaces"</h1>
        <DataTable testid="health-problems" rows=problems head=&["Workspace", "What", "Name", "State", "Why", "Last success"]
            row=problem_row empty="Nothing is in error" />
    }
    .into_any()
}
