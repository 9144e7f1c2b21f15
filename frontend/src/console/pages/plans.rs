//! Master admin: plans — what a workspace may use and what it costs. The first plan ends
//! self-hosted mode; a plan in use can only be archived (no new subscriptions, existing ones run).
mod form;

use leptos::prelude::*;
use shared::api::Role;
use shared::billing::{Plan, PlanInput, TERMS, money};

use crate::components::{Action, DataTable, DeleteButton, Feedback, FeedbackView, Modal, RowActions, Switch, load};
use crate::session::SessionCtx;
use form::{PlanFields, PlanForm, limits_text};

/// Each term's price, with the discount against paying month by month.
fn terms(p: &PlanInput) -> Vec<String> {
    TERMS
        .iter()
        .filter_map(|&months| {
            let price = p.price_for(months)?;
            let full = p.price_month.saturating_mul(i64::from(months));
            let off = (full > 0 && price < full).then(|| format!(" (−{}%)", (full - price) * 100 / full));
            Some(format!("{months} mo: {}{}", money(price, &p.currency), off.unwrap_or_default()))
        })
        .collect()
}

fn joined(labels: impl Iterator<Item = &'static str>) -> String {
    let list: Vec<&str> = labels.collect();
    if list.is_empty() { "—".into() } else { list.join(", ") }
}

#[component]
pub fn AdminPlans() -> impl IntoView {
    if SessionCtx::get().role() != Some(Role::MasterAdmin) {
        return view! { <h1>"Page not found"</h1><p class="muted" data-testid="not-available">"This page does not exist in your workspace."</p> }.into_any();
    }
    let (plans, reload) = load(crate::billing_api::plans);
    let fb = Feedback::new();
    let act = Action::reloading(fb, reload.clone());
    let save_act = Action::reloading(fb.own_error(), reload);
    let form = PlanForm::new();
    let (new_open, edit_open) = (RwSignal::new(false), RwSignal::new(false));
    // The plan the Edit dialog changes.
    let editing = RwSignal::new(None::<String>);
    let first_plan = move || matches!(plans.get(), Some(Ok(list)) if list.is_empty());

    let save = move |_| {
        let input = match form.read() {
            Ok(input) => input,
            Err(e) => return save_act.feedback.fail(e),
        };
        let done = move |p: Plan| {
            new_open.set(false);
            edit_open.set(false);
            Some(format!("Plan “{}” saved.", p.input.name))
        };
        match editing.get_untracked() {
            Some(id) => save_act.run(async move { crate::billing_api::update_plan(&id, &input).await }, done),
            None => save_act.run(async move { crate::billing_api::create_plan(&input).await }, done),
        }
    };
    let archive = move |id: String, name: String, on: bool| {
        let notice = if on {
            format!("“{name}” is archived: no new subscriptions; workspaces on it keep it.")
        } else {
            format!("“{name}” is offered again.")
        };
        act.run_then(async move { crate::billing_api::archive_plan(&id, on).await }, notice);
    };
    let row = move |p: Plan| {
        let (id_a, id_d, edit) = (p.id.clone(), p.id.clone(), p.clone());
        let name = p.input.name.clone();
        let label = format!("Archived: {name}");
        let question = format!("Delete the plan “{name}”? Only a plan no workspace uses can be deleted.");
        let i = p.input;
        view! {
            <tr>
                <td>{i.name.clone()}{(!i.description.is_empty()).then(|| view! { <div class="cell-note">{i.description.clone()}</div> })}</td>
                <td>{money(i.price_month, &i.currency)}</td>
                <td class="small">{terms(&i).into_iter().map(|t| view! { <div>{t}</div> }).collect_view()}</td>
                <td>{joined(i.mediums.iter().map(|m| m.label()))}</td>
                <td class="wrap">{joined(i.modules.iter().map(|m| m.label()))}</td>
                <td class="small">{limits_text(&i.limits)}</td>
                <td>{if i.trial_days == 0 { "—".to_string() } else { format!("{} days", i.trial_days) }}</td>
                <td>{i.signup.then(|| view! { <span class="badge ok" data-testid="signup-plan">"sign-up plan"</span> })}</td>
                <td>{p.subscribers}</td>
                <td><Switch label checked=p.archived disabled=act.busy
                    on_toggle=move |on| archive(id_a.clone(), name.clone(), on) /></td>
                <RowActions>
                    <button on:click=move |_| {
                        form.fill(Some(&edit.input));
                        editing.set(Some(edit.id.clone()));
                        edit_open.set(true);
                    }>"Edit"</button>" "
                    <DeleteButton question disabled=act.busy on_confirm=move || {
                        let id = id_d.clone();
                        act.run_then(async move { crate::billing_api::delete_plan(&id).await }, "Plan deleted.");
                    } />
                </RowActions>
            </tr>
        }
    };
    let buttons = move |open: RwSignal<bool>, text: &'static str| {
        view! {
            <div class="actions">
                <button on:click=move |_| open.set(false)>"Cancel"</button>
                <button class="primary" data-testid="save-plan" disabled=move || save_act.busy.get() on:click=save>{text}</button>
            </div>
        }
    };
    view! {
        <h1>"Plans"</h1>
        <FeedbackView feedback=fb />
        <div class="toolbar">
            <span class="muted">"Workspaces on a plan get its mediums, modules and limits at once when it changes. A plan in use can only be archived."</span>
            <span class="spacer"></span>
            <button class="primary" data-testid="new-plan" on:click=move |_| {
                form.fill(None);
                editing.set(None);
                new_open.set(true);
            }>"New plan"</button>
        </div>
        <DataTable testid="plans" rows=plans row
            head=&["Name", "Price / month", "Terms", "Mediums", "Modules", "Limits", "Trial", "Sign-up", "Workspaces", "Archived", ""]
            empty="No plans yet" hint="While no plan exists the platform is self-hosted: every workspace is unrestricted." />
        <Modal open=new_open title="New plan" action=save_act>
            {move || first_plan().then(|| view! {
                <div class="notice">"This is the first plan: billing starts. Workspaces without a subscription start the sign-up plan's trial."</div>
            })}
            <PlanFields form />
            {buttons(new_open, "Create plan")}
        </Modal>
        <Modal open=edit_open title="Edit plan" action=save_act>
            <p class="muted">"Workspaces on this plan get the new mediums, modules and limits at once; what is over a lower limit is switched off, never deleted."</p>
            <PlanFields form />
            {buttons(edit_open, "Save")}
        </Modal>
    }
    .into_any()
}
