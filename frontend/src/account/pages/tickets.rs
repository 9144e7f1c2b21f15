//! Tickets: the panel's own tickets read as order requests. Per panel: reading on or off, how
//! often, from when, and whether the answer is posted on the ticket; the subject rules that say
//! which tickets are order requests; and a box to test a ticket against the rules on screen.
//! Staff read and test; only the owner changes.
mod rules;
mod test;

use chrono::{DateTime, NaiveDateTime, Utc};
use leptos::prelude::*;
use shared::api::Role;
use shared::tickets::{MIN_INTERVAL_SECS, TicketIntake, TicketIntakeView};

use crate::components::{Action, ErrorLine, Feedback, FeedbackView, Switch, date, load};
use crate::session::SessionCtx;

/// How a `datetime-local` input writes a time (UTC here, like every time on these pages).
const LOCAL_FORMAT: &str = "%Y-%m-%dT%H:%M";

/// A `datetime-local` value as a time; empty is none.
fn parse_since(text: &str) -> Result<Option<DateTime<Utc>>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    NaiveDateTime::parse_from_str(text, LOCAL_FORMAT)
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
        .map(|t| Some(t.and_utc()))
        .map_err(|_| "Write the start time as a date and time, or leave it empty.".into())
}

/// A check's message as a sentence: "the reply field is …" → "The reply field is ….".
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|f| f.to_uppercase().chain(chars).collect::<String>() + ".").unwrap_or_default()
}

/// One panel's settings as the owner edits them.
#[derive(Clone, Copy)]
struct Form {
    enabled: RwSignal<bool>,
    interval: RwSignal<String>,
    since: RwSignal<String>,
    reply: RwSignal<bool>,
    get_path: RwSignal<String>,
    reply_path: RwSignal<String>,
    reply_field: RwSignal<String>,
}

impl Form {
    fn new(i: &TicketIntake) -> Self {
        let f = Form {
            enabled: RwSignal::new(false),
            interval: RwSignal::new(String::new()),
            since: RwSignal::new(String::new()),
            reply: RwSignal::new(false),
            get_path: RwSignal::new(String::new()),
            reply_path: RwSignal::new(String::new()),
            reply_field: RwSignal::new(String::new()),
        };
        f.fill(i);
        f
    }

    fn fill(self, i: &TicketIntake) {
        self.enabled.set(i.enabled);
        self.interval.set(i.interval_secs.to_string());
        self.since.set(i.since.map(|d| d.format(LOCAL_FORMAT).to_string()).unwrap_or_default());
        self.reply.set(i.reply_enabled);
        self.get_path.set(i.get_path.clone());
        self.reply_path.set(i.reply_path.clone());
        self.reply_field.set(i.reply_field.clone());
    }

    fn intake(self) -> Result<TicketIntake, String> {
        let interval_secs = self
            .interval
            .get_untracked()
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|s| *s >= MIN_INTERVAL_SECS)
            .ok_or_else(|| format!("Read the tickets every {MIN_INTERVAL_SECS} seconds or more."))?;
        let intake = TicketIntake {
            enabled: self.enabled.get_untracked(),
            interval_secs,
            since: parse_since(&self.since.get_untracked())?,
            reply_enabled: self.reply.get_untracked(),
            get_path: self.get_path.get_untracked().trim().to_string(),
            reply_path: self.reply_path.get_untracked().trim().to_string(),
            reply_field: self.reply_field.get_untracked().trim().to_string(),
        };
        intake.check().map_err(|e| sentence(&e))?;
        Ok(intake)
    }
}

/// A labelled control whose id carries the panel's (one card per panel).
fn field(label: &'static str, id: String, hint: &'static str, control: impl IntoView) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {control}
            {(!hint.is_empty()).then(|| view! { <div class="hint">{hint}</div> })}
        </div>
    }
}

fn input(id: String, kind: &'static str, value: RwSignal<String>) -> impl IntoView {
    view! { <input id=id type=kind prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) /> }
}

/// How the panel's reading is doing: runs, the last error in plain words, tickets seen.
fn status_line(v: &TicketIntakeView) -> impl IntoView + use<> {
    let when = |d: Option<DateTime<Utc>>| d.map(|d| date(&d)).unwrap_or_else(|| "never".into());
    let next = match (v.intake.enabled, v.next_run_at) {
        (false, _) => "reading is off".to_string(),
        (true, Some(at)) => format!("next run {}", date(&at)),
        (true, None) => "next run soon".to_string(),
    };
    let seen = match v.tickets_seen {
        1 => "1 ticket in the last run".to_string(),
        n => format!("{n} tickets in the last run"),
    };
    let line = format!("Last run {} · last success {} · {seen} · {next}", when(v.last_run_at), when(v.last_ok_at));
    view! {
        <p class="muted small" data-testid="ticket-status">{line}</p>
        {v.last_error.clone().map(|e| view! { <p class="field-error" data-testid="ticket-error">"Last error: " {e}</p> })}
    }
}

fn panel_card(v: TicketIntakeView, owner: bool) -> AnyView {
    let testid = format!("ticket-panel-{}", v.panel_name);
    let name = v.panel_name.clone();
    if !v.supported {
        return view! {
            <section class="card ticket-panel" data-testid=testid>
                <h2>{name}</h2>
                <p class="muted">"Only Perfect Panel Admin API v2 panels can list tickets, so PanelRelay cannot read this panel's tickets."</p>
            </section>
        }
        .into_any();
    }
    let form = Form::new(&v.intake);
    let status = RwSignal::new(v.clone());
    let act = Action::new(Feedback::new());
    let (panel_id, run_id) = (v.panel_id.clone(), v.panel_id.clone());
    let save = move |_| {
        let intake = match form.intake() {
            Ok(i) => i,
            Err(e) => return act.feedback.fail(e),
        };
        let id = panel_id.clone();
        act.run(async move { crate::api::save_ticket_intake(&id, &intake).await }, move |view| {
            form.fill(&view.intake);
            status.set(view);
            Some("Saved.".into())
        });
    };
    let run = move |_| {
        let id = run_id.clone();
        act.run(async move { crate::api::run_ticket_intake(&id).await }, move |view| {
            let ok = view.last_error.is_none();
            status.set(view);
            ok.then(|| "Tickets read.".into())
        });
    };
    let id = |what: &str| format!("ticket-{what}-{}", v.panel_id);
    let busy = move || act.busy.get();
    view! {
        <section class="card ticket-panel" data-testid=testid>
            <h2>{name.clone()}</h2>
            <fieldset class="plain" disabled=!owner>
                <label class="check-line">
                    <Switch label=format!("Read {name}'s tickets") checked=form.enabled on_toggle=move |on| form.enabled.set(on) />
                    "Read this panel's tickets"
                </label>
                <div class="toolbar form-row">
                    {field("Every (seconds)", id("interval"), "At least 30.", input(id("interval"), "number", form.interval))}
                    {field("Handle tickets created after (UTC)", id("since"), "Empty: from when reading is switched on.",
                        input(id("since"), "datetime-local", form.since))}
                </div>
                <label class="check-line">
                    <Switch label=format!("Post the answer on {name}'s tickets") checked=form.reply on_toggle=move |on| form.reply.set(on) />
                    "Post the answer on the ticket"
                </label>
                <p class="hint">"Perfect Panel does not document a way to reply to a ticket through its Admin API: PanelRelay posts to the reply path below and reads the ticket back to check. Off by default; while off, answers are only written in the Logs."</p>
                <details>
                    <summary>"Advanced"</summary>
                    <div class="toolbar form-row">
                        {field("Ticket detail path", id("get-path"), "{id} is the ticket's id.", input(id("get-path"), "text", form.get_path))}
                        {field("Reply path", id("reply-path"), "", input(id("reply-path"), "text", form.reply_path))}
                        {field("Reply field", id("reply-field"), "", input(id("reply-field"), "text", form.reply_field))}
                    </div>
                </details>
                <div class="toolbar" style="margin-top:10px">
                    <button class="primary" data-testid="ticket-save" disabled=busy on:click=save>"Save"</button>
                    <button data-testid="ticket-run" disabled=move || busy() || !status.with(|s| s.intake.enabled) on:click=run>
                        "Read tickets now"
                    </button>
                </div>
            </fieldset>
            <FeedbackView feedback=act.feedback />
            {move || status_line(&status.get())}
        </section>
    }
    .into_any()
}

#[component]
pub fn Tickets() -> impl IntoView {
    let owner = SessionCtx::get().role() == Some(Role::Owner);
    let (panels, _) = load(crate::api::ticket_panels);
    let rows = RwSignal::new(None::<Vec<rules::Keyed>>);
    let cards = move || {
        match panels.get() {
        None => view! { <p class="muted">"Loading…"</p> }.into_any(),
        Some(Err(e)) => view! { <ErrorLine message=Signal::derive(move || Some(e.message.clone())) /> }.into_any(),
        Some(Ok(list)) if list.is_empty() => view! {
            <div class="notice" data-testid="no-panel">
                <b>"Connect a panel first. "</b>
                "Add your panel's Admin API on the " <a href="/panels" rel="external">"Panels"</a> " page, then come back here."
            </div>
        }
        .into_any(),
        Some(Ok(list)) => list.into_iter().map(|v| panel_card(v, owner)).collect_view().into_any(),
    }
    };
    view! {
        <h1>"Tickets"</h1>
        <p class="muted">"PanelRelay can read your panel's tickets like chat messages: a ticket asking for a refill, a speed-up or a cancel goes through your rules and on to the provider. Other tickets stay for you in the panel. What happened to each ticket is in "
            <a href="/logs" rel="external">"Logs"</a> " (Tickets)."</p>
        {(!owner).then(|| view! { <div class="notice">"Only the workspace owner can change these settings. You can test a ticket below."</div> })}
        <h1 class="section">"Panels"</h1>
        {cards}
        <rules::SubjectRules rows owner />
        <test::TestTicket rows />
    }
}
