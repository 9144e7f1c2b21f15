//! The subject rules: a toggle table read from the top, where the first enabled rule whose
//! subject matches says what a ticket asks for. Edited on screen (and tested there before
//! saving), then saved as a whole.
use std::cell::Cell;

use leptos::prelude::*;
use shared::tickets::{MAX_RULES, SubjectMatch, TicketAction, TicketRule, check_rules, default_rules};

use crate::components::{Action, DataTable, Feedback, FeedbackView, RowActions, Switch, load};

/// A rule with a key that stays with it while it moves (its place decides, not its key).
pub type Keyed = (u64, TicketRule);
/// The rules on screen; `None` until they are loaded.
pub type Rows = RwSignal<Option<Vec<Keyed>>>;

thread_local! {
    static NEXT: Cell<u64> = const { Cell::new(0) };
}

fn keyed(rules: Vec<TicketRule>) -> Vec<Keyed> {
    let key = || {
        NEXT.with(|n| {
            n.set(n.get() + 1);
            n.get()
        })
    };
    rules.into_iter().map(|r| (key(), r)).collect()
}

/// The rules as they are on screen, saved or not.
pub fn on_screen(rows: Rows) -> Option<Vec<TicketRule>> {
    rows.with_untracked(|v| v.as_ref().map(|v| v.iter().map(|(_, r)| r.clone()).collect()))
}

/// Changes one rule without drawing the table again (its control already shows the change).
fn edit(rows: Rows, key: u64, change: impl FnOnce(&mut TicketRule)) {
    rows.update_untracked(|v| {
        if let Some((_, rule)) = v.iter_mut().flatten().find(|(k, _)| *k == key) {
            change(rule);
        }
    });
}

/// Moves a rule one place up (`-1`) or down (`1`), or removes it (`0`).
fn shift(rows: Rows, key: u64, by: i8) {
    rows.update(|v| {
        let Some(v) = v.as_mut() else { return };
        let Some(i) = v.iter().position(|(k, _)| *k == key) else { return };
        match by {
            0 => {
                v.remove(i);
            }
            -1 if i > 0 => v.swap(i, i - 1),
            1 if i + 1 < v.len() => v.swap(i, i + 1),
            _ => {}
        }
    });
}

/// A select over `(key, words)` options with `chosen` selected.
fn choice(
    label: String,
    options: impl Iterator<Item = (&'static str, &'static str)>,
    chosen: &'static str,
    on_change: impl Fn(String) + 'static,
) -> impl IntoView {
    view! {
        <select aria-label=label on:change=move |ev| on_change(event_target_value(&ev))>
            {options.map(|(key, text)| view! { <option value=key selected=key == chosen>{text}</option> }).collect_view()}
        </select>
    }
}

/// One rule: its place, on/off, how and what it compares, its action, and the row's buttons.
fn rule_row(rows: Rows, (n, count, (key, r)): (usize, usize, Keyed)) -> impl IntoView {
    let matches = SubjectMatch::ALL.iter().map(|m| (m.key(), m.label()));
    let actions = TicketAction::ALL.iter().map(|a| (a.key(), a.label()));
    view! {
        <tr>
            <td>{n}</td>
            <td><Switch label=format!("Rule {n} on") checked=r.enabled on_toggle=move |on| edit(rows, key, |r| r.enabled = on) /></td>
            <td>{choice(format!("How rule {n} compares the subject"), matches, r.matching.key(), move |v| {
                edit(rows, key, |r| r.matching = SubjectMatch::from_key(&v).unwrap_or(r.matching))
            })}</td>
            <td><input type="text" class="inline-input" aria-label=format!("Subject of rule {n}") prop:value=r.subject
                on:input=move |ev| { let v = event_target_value(&ev); edit(rows, key, |r| r.subject = v) } /></td>
            <td>{choice(format!("Action of rule {n}"), actions, r.action.key(), move |v| {
                edit(rows, key, |r| r.action = TicketAction::from_key(&v).unwrap_or(r.action))
            })}</td>
            <RowActions>
                <button type="button" aria-label=format!("Move rule {n} up") disabled=n == 1 on:click=move |_| shift(rows, key, -1)>"↑"</button>
                " "
                <button type="button" aria-label=format!("Move rule {n} down") disabled=n == count on:click=move |_| shift(rows, key, 1)>"↓"</button>
                " "
                <button type="button" class="danger" on:click=move |_| shift(rows, key, 0)>"Remove"</button>
            </RowActions>
        </tr>
    }
}

#[component]
pub fn SubjectRules(rows: Rows, owner: bool) -> impl IntoView {
    let (saved, _) = load(crate::api::ticket_rules);
    Effect::new(move |_| {
        if let Some(Ok(list)) = saved.get() {
            rows.set(Some(keyed(list)));
        }
    });
    let table = Signal::derive(move || {
        match saved.with(|s| s.as_ref().map(|r| r.as_ref().map(|_| ()).map_err(Clone::clone)))? {
            Err(e) => Some(Err(e)),
            Ok(()) => rows.get().map(|v| {
                let count = v.len();
                Ok(v.into_iter().enumerate().map(|(i, k)| (i + 1, count, k)).collect::<Vec<_>>())
            }),
        }
    });
    let act = Action::new(Feedback::new());
    let full = move || rows.with(|v| v.as_ref().is_none_or(|v| v.len() >= MAX_RULES));
    let add = move |_| {
        let rule = TicketRule {
            enabled: true,
            matching: SubjectMatch::Contains,
            subject: String::new(),
            action: TicketAction::Refill,
        };
        rows.update(|v| v.iter_mut().for_each(|v| v.extend(keyed(vec![rule.clone()]))));
    };
    let restore = move |_| {
        rows.set(Some(keyed(default_rules())));
        act.feedback.tell("The default rules are back on screen: Save keeps them.");
    };
    let save = move |_| {
        let Some(list) = on_screen(rows) else { return };
        if let Err(e) = check_rules(&list) {
            return act.feedback.fail(super::sentence(&e));
        }
        act.run(async move { crate::api::save_ticket_rules(&list).await }, move |saved| {
            rows.set(Some(keyed(saved)));
            Some("Subject rules saved.".into())
        });
    };
    view! {
        <h1 class="section">"Subject rules"</h1>
        <p class="muted">"Read from the top: the first enabled rule whose subject matches says what the ticket asks for (case and accents do not matter). A ticket no rule matches is left for you in the panel. “Read the message” reads the ticket's text like a chat message."</p>
        <fieldset class="plain" disabled=!owner>
            <DataTable testid="ticket-rules" head=&["#", "On", "Subject match", "Subject", "Action", ""] rows=table
                row=move |r| rule_row(rows, r) empty="No subject rules" hint="Every ticket is left for you: add a rule or restore the defaults." />
            <div class="toolbar" style="margin-top:10px">
                <button type="button" disabled=full on:click=add>"Add rule"</button>
                <button type="button" on:click=restore>"Restore defaults"</button>
                <button type="button" class="primary" data-testid="ticket-rules-save" disabled=move || act.busy.get() on:click=save>"Save"</button>
            </div>
        </fieldset>
        <FeedbackView feedback=act.feedback />
    }
}
