//! The customer list's dialogs: change the plan, suspend or resume, view as, delete. Each asks
//! for what it needs and a reason of 4 to 300 characters, kept in the audit log.
use leptos::prelude::*;
use shared::api::{DeleteWorkspace, TenantSummary};
use shared::billing::ChangeSubscription;

use crate::components::{Action, Field, Modal, TextInput, date, load};

const REASON_HINT: &str = "4 to 300 characters; kept in the audit log.";

/// Which dialog is open, for which workspace, and what has been typed into it.
#[derive(Clone, Copy)]
pub struct Dialogs {
    target: RwSignal<Option<TenantSummary>>,
    reason: RwSignal<String>,
    plan_id: RwSignal<String>,
    extend: RwSignal<String>,
    typed_name: RwSignal<String>,
    pub plan: RwSignal<bool>,
    pub suspend: RwSignal<bool>,
    pub resume: RwSignal<bool>,
    pub view_as: RwSignal<bool>,
    pub delete: RwSignal<bool>,
    /// The read-only view's address and the workspace's name, when the browser blocked the tab.
    pub blocked: RwSignal<Option<(String, String)>>,
}

impl Dialogs {
    pub fn new() -> Self {
        let no = || RwSignal::new(false);
        Dialogs {
            target: RwSignal::new(None),
            reason: RwSignal::new(String::new()),
            plan_id: RwSignal::new(String::new()),
            extend: RwSignal::new(String::new()),
            typed_name: RwSignal::new(String::new()),
            plan: no(),
            suspend: no(),
            resume: no(),
            view_as: no(),
            delete: no(),
            blocked: RwSignal::new(None),
        }
    }

    /// Opens `which` (one of the flags above) for `t`, with its fields empty.
    pub fn show(self, which: RwSignal<bool>, t: &TenantSummary) {
        self.target.set(Some(t.clone()));
        self.reason.set(String::new());
        self.plan_id.set(String::new());
        self.extend.set("0".into());
        self.typed_name.set(String::new());
        self.blocked.set(None);
        which.set(true);
    }

    /// The workspace's id and name ("" while none is chosen).
    fn who(self) -> (String, String) {
        self.target.get_untracked().map(|t| (t.id, t.name)).unwrap_or_default()
    }

    fn name(self) -> String {
        self.target.get().map(|t| t.name).unwrap_or_default()
    }

    /// The reason, trimmed, or an error in the dialog when it is too short or too long.
    fn reason_for(self, act: Action) -> Option<String> {
        let reason = self.reason.get_untracked().trim().to_string();
        if (4..=300).contains(&reason.chars().count()) {
            return Some(reason);
        }
        act.feedback.fail("Give a reason of 4 to 300 characters; it is kept in the audit log.");
        None
    }
}

#[component]
fn ReasonField(d: Dialogs, id: &'static str, placeholder: &'static str) -> impl IntoView {
    view! { <Field label="Reason" id hint=REASON_HINT><TextInput id value=d.reason placeholder /></Field> }
}

/// Cancel, and the dialog's own button (`ready` false keeps it disabled).
#[component]
fn Buttons(
    open: RwSignal<bool>,
    act: Action,
    testid: &'static str,
    text: &'static str,
    #[prop(optional)] danger: bool,
    #[prop(optional, into)] blocked: Signal<bool>,
    on_confirm: impl Fn() + 'static,
) -> impl IntoView {
    view! {
        <div class="actions">
            <button on:click=move |_| open.set(false)>"Cancel"</button>
            <button class=if danger { "danger" } else { "primary" } data-testid=testid
                disabled=move || act.busy.get() || blocked.get() on:click=move |_| on_confirm()>{text}</button>
        </div>
    }
}

#[component]
pub fn ChangePlanDialog(d: Dialogs, act: Action) -> impl IntoView {
    let (plans, _) = load(crate::billing_api::plans);
    let list = move || plans.get().and_then(Result::ok).unwrap_or_default();
    // The plan chosen, else the workspace's current one, else the first.
    let chosen = move || {
        let picked = d.plan_id.get();
        let current = d.target.get().and_then(|t| t.plan);
        let plans = list();
        let by_name = plans.iter().find(|p| Some(&p.input.name) == current.as_ref()).or(plans.first());
        if picked.is_empty() { by_name.map(|p| p.id.clone()).unwrap_or_default() } else { picked }
    };
    let confirm = move || {
        let Some(reason) = d.reason_for(act) else { return };
        let Ok(extend_days) = d.extend.get_untracked().trim().parse::<i64>() else {
            return act
                .feedback
                .fail("Extend by days: type a whole number (0 keeps the period end, negative moves it back).");
        };
        let plan_id = untrack(chosen);
        if plan_id.is_empty() {
            return act.feedback.fail("There is no plan yet: create one on the Plans page first.");
        }
        let (id, name) = d.who();
        let change = ChangeSubscription { plan_id, extend_days, reason };
        act.run(async move { crate::billing_api::change_subscription(&id, &change).await }, move |s| {
            d.plan.set(false);
            let end = s.period_end.as_ref().map(date).unwrap_or_else(|| "—".into());
            Some(format!("“{name}” is on {}; its period ends {end}.", s.plan_name.unwrap_or_else(|| "no plan".into())))
        });
    };
    view! {
        <Modal open=d.plan title="Change plan" action=act>
            <p>{move || d.name()}</p>
            <p class="muted">"The workspace gets the plan's mediums, modules and limits at once. Extending moves the period end (0 keeps it; a negative number moves it back)."</p>
            {move || plans.get().and_then(Result::err).map(|e| view! {
                <div class="error" role="alert">"The plans could not be loaded: " {e.message}</div>
            })}
            <Field label="Plan" id="change-plan">
                <select id="change-plan" on:change=move |ev| d.plan_id.set(event_target_value(&ev))>
                    {move || list().into_iter().map(|p| {
                        let archived = if p.archived { " (archived)" } else { "" };
                        let id = p.id.clone();
                        view! { <option value=p.id selected=move || chosen() == id>{p.input.name}{archived}</option> }
                    }).collect_view()}
                </select>
            </Field>
            <Field label="Extend by days" id="extend-days">
                <TextInput id="extend-days" kind="number" value=d.extend width="120px" />
            </Field>
            <ReasonField d id="plan-reason" placeholder="e.g. upgraded after a call with the owner" />
            <Buttons open=d.plan act testid="confirm-change-plan" text="Change plan" on_confirm=confirm />
        </Modal>
    }
}

/// Suspend (the bot pauses, staff are kept out, the owner reads the reason) or resume.
#[component]
pub fn SuspendDialog(d: Dialogs, act: Action, resume: bool) -> impl IntoView {
    let open = if resume { d.resume } else { d.suspend };
    let confirm = move || {
        let Some(reason) = d.reason_for(act) else { return };
        let (id, name) = d.who();
        act.run(async move { crate::billing_api::set_suspended(&id, !resume, &reason).await }, move |_| {
            open.set(false);
            Some(if resume { format!("“{name}” is resumed.") } else { format!("“{name}” is suspended.") })
        });
    };
    let (title, text, testid, explain) = if resume {
        (
            "Resume this workspace?",
            "Resume",
            "confirm-resume",
            "Its bot works again as its subscription allows, and its staff can sign in again.",
        )
    } else {
        (
            "Suspend this workspace?",
            "Suspend",
            "confirm-suspend",
            "Its bot pauses (requests are logged, nothing reaches a provider) and its staff cannot sign in. The owner can still sign in, read and pay, and sees this reason.",
        )
    };
    view! {
        <Modal open title action=act>
            <p>{move || d.name()}</p>
            <p class="muted">{explain}</p>
            <ReasonField d id=if resume { "resume-reason" } else { "suspend-reason" } placeholder="e.g. chargeback on the last invoice" />
            <Buttons open act testid text danger=!resume on_confirm=confirm />
        </Modal>
    }
}

/// A read-only look at the workspace app, in a new tab.
#[component]
pub fn ViewAsDialog(d: Dialogs, act: Action) -> impl IntoView {
    let confirm = move || {
        let Some(reason) = d.reason_for(act) else { return };
        let (id, name) = d.who();
        act.run(async move { crate::api::view_as(&id, &reason).await }, move |v| {
            d.view_as.set(false);
            let url = format!("/#view-as={}", v.access_token);
            if !matches!(window().open_with_url_and_target(&url, "_blank"), Ok(Some(_))) {
                d.blocked.set(Some((url, v.workspace_name.clone())));
            }
            let minutes = (v.expires_in / 60).max(1);
            Some(format!("“{name}” opens read-only in a new tab for {minutes} minutes; the view is in the audit log."))
        });
    };
    view! {
        <Modal open=d.view_as title="View as this workspace?" action=act>
            <p>{move || d.name()}</p>
            <p class="muted">"The workspace app opens in a new tab, read-only: you see its pages as its staff would and cannot change anything. The view is recorded in the audit log with this reason and ends by itself when its short-lived token expires."</p>
            <ReasonField d id="view-reason" placeholder="e.g. the owner asked why replies are not sent" />
            <Buttons open=d.view_as act testid="confirm-view-as" text="View as" on_confirm=confirm />
        </Modal>
    }
}

/// Deleting: the exact name typed again, and a reason.
#[component]
pub fn DeleteDialog(d: Dialogs, act: Action) -> impl IntoView {
    let confirm = move || {
        let Some(reason) = d.reason_for(act) else { return };
        let (id, name) = d.who();
        let body = DeleteWorkspace { confirm_name: d.typed_name.get_untracked(), reason };
        act.run(async move { crate::api::delete_tenant(&id, &body).await }, move |_| {
            d.delete.set(false);
            Some(format!("“{name}” is deleted."))
        });
    };
    let mismatch = Signal::derive(move || d.typed_name.get() != d.name());
    view! {
        <Modal open=d.delete title="Delete this workspace?" action=act>
            <p>{move || d.name()}</p>
            <p class="muted">"Everything in it is deleted for good: panels, channels, chats, rules, logs and members. Its invoices are kept with its name, and its backups are kept."</p>
            <Field label="Type the workspace name" id="delete-name" hint="Exactly as it is written above.">
                <TextInput id="delete-name" value=d.typed_name />
            </Field>
            <ReasonField d id="delete-reason" placeholder="e.g. the owner asked to close the account" />
            <Buttons open=d.delete act testid="confirm-delete" text="Delete" danger=true blocked=mismatch on_confirm=confirm />
        </Modal>
    }
}
