//! Settings: cooldowns, refill on Partial, unknown refill terms, extra words, bulk cap, cancel
//! statuses and the service-rules mode.
use leptos::prelude::*;
use shared::commands::{CommandSettings, ExtraWord};
use shared::grammar::Command;

use crate::components::{Action, Feedback, FeedbackView, Switch, TextInput};

fn parse_words(text: &str) -> Vec<ExtraWord> {
    // One per line: "refill: garansi, isi ulang"
    text.lines()
        .filter_map(|l| l.split_once(':'))
        .flat_map(|(cmd, words)| {
            let command = match cmd.trim().to_lowercase().as_str() {
                "refill" => Some(Command::Refill),
                "speed" => Some(Command::Speed),
                "cancel" => Some(Command::Cancel),
                "status" => Some(Command::Status),
                "balance" => Some(Command::Balance),
                "help" => Some(Command::Help),
                _ => None,
            };
            words
                .split(',')
                .filter(|w| !w.trim().is_empty())
                .filter_map(move |w| command.map(|c| ExtraWord { command: c, word: w.trim().to_string() }))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn words_text(words: &[ExtraWord]) -> String {
    let mut out = String::new();
    for c in Command::ALL {
        let list: Vec<&str> = words.iter().filter(|w| w.command == c).map(|w| w.word.as_str()).collect();
        if !list.is_empty() {
            out.push_str(&format!("{}: {}\n", c.as_str(), list.join(", ")));
        }
    }
    out
}

#[component]
pub fn Settings() -> impl IntoView {
    let fb = Feedback::new();
    let (load_act, save_act) = (Action::new(fb), Action::new(fb));
    let current = RwSignal::new(None::<CommandSettings>);
    let fields: [RwSignal<String>; 6] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let [refill_h, speed_h, cancel_h, cap, words, keep_days] = fields;
    let (partial, unknown, advanced) = (RwSignal::new(false), RwSignal::new(false), RwSignal::new(false));
    let cancel_running = RwSignal::new(true);
    let ask_for_text = RwSignal::new(false);
    load_act.run(crate::api::settings(), move |s| {
        refill_h.set(s.cooldown_hours_refill.to_string());
        speed_h.set(s.cooldown_hours_speed.to_string());
        cancel_h.set(s.cooldown_hours_cancel.to_string());
        cap.set(s.max_ids.to_string());
        keep_days.set(s.message_log_days.to_string());
        words.set(words_text(&s.extra_words));
        partial.set(s.refill_on_partial);
        unknown.set(s.allow_unknown_refill);
        advanced.set(s.service_rules_mode == "advanced");
        cancel_running.set(s.cancel_statuses.iter().any(|c| c == "in_progress"));
        ask_for_text.set(s.ask_for_text);
        current.set(Some(s));
        None
    });
    let save = move |_| {
        let Some(mut s) = current.get_untracked() else { return };
        // Numbers are checked here first, naming the field, before anything is sent.
        let mut hours = Vec::with_capacity(3);
        for (label, v) in [("Refill cooldown", refill_h), ("Speed cooldown", speed_h), ("Cancel cooldown", cancel_h)] {
            match v.get_untracked().trim().replace(',', ".").parse::<f64>() {
                // The allowed range is the server's to say (its message names it).
                Ok(h) if h.is_finite() => hours.push(h),
                _ => {
                    save_act.feedback.fail(format!("{label}: type a number of hours, e.g. 12 or 1.5."));
                    return;
                }
            }
        }
        let Ok(max_ids) = cap.get_untracked().trim().parse::<usize>() else {
            save_act.feedback.fail("Most order ids in one message: type a whole number, e.g. 100.");
            return;
        };
        let Ok(days) = keep_days.get_untracked().trim().parse::<u32>() else {
            save_act.feedback.fail("Keep the message log: type a whole number of days, e.g. 30.");
            return;
        };
        s.message_log_days = days;
        s.cooldown_hours_refill = hours[0];
        s.cooldown_hours_speed = hours[1];
        s.cooldown_hours_cancel = hours[2];
        s.max_ids = max_ids;
        s.extra_words = parse_words(&words.get_untracked());
        s.refill_on_partial = partial.get_untracked();
        s.allow_unknown_refill = unknown.get_untracked();
        s.service_rules_mode = if advanced.get_untracked() { "advanced".into() } else { "easy".into() };
        s.cancel_statuses = if cancel_running.get_untracked() {
            vec!["pending".into(), "in_progress".into(), "processing".into()]
        } else {
            vec!["pending".into()]
        };
        s.ask_for_text = ask_for_text.get_untracked();
        save_act.run(async move { crate::api::save_settings(&s).await }, move |s| {
            current.set(Some(s));
            Some("Settings saved.".into())
        });
    };
    let num_field = |label: &'static str, id: &'static str, v: RwSignal<String>| {
        view! {
            <tr><td><label for=id style="margin:0">{label}</label></td><td><TextInput id=id kind="number" value=v width="120px" /></td></tr>
        }
    };
    let toggle = |label: &'static str, v: RwSignal<bool>| {
        view! { <tr><td>{label}</td><td><Switch label=label checked=v on_toggle=move |on| v.set(on) /></td></tr> }
    };
    let toggle_hint = |label: &'static str, hint: &'static str, v: RwSignal<bool>| {
        view! {
            <tr><td>{label}<div class="cell-note">{hint}</div></td>
                <td><Switch label=label checked=v on_toggle=move |on| v.set(on) /></td></tr>
        }
    };
    view! {
        <h1>"Settings"</h1>
        <FeedbackView feedback=fb notice_testid="settings-saved" />
        <div class="table-scroll"><table class="details">
            <tbody>
                {num_field("Refill cooldown (hours)", "cd-refill", refill_h)}
                {num_field("Speed cooldown (hours)", "cd-speed", speed_h)}
                {num_field("Cancel cooldown (hours)", "cd-cancel", cancel_h)}
                {num_field("Most order ids in one message", "bulk-cap", cap)}
                {num_field("Keep the message log (days)", "log-days", keep_days)}
                {toggle("Allow refill on Partial orders", partial)}
                {toggle("Forward refills when the service's refill terms are unknown", unknown)}
                {toggle("Allow cancel while In progress / Processing (off: Pending only)", cancel_running)}
                {toggle("Advanced service rules (synced list with overrides)", advanced)}
                {toggle_hint("Ask WhatsApp customers to send text when they send a picture or voice note",
                    "Off: strict silence on anything that is not text. The reply is the 'Please send text' template; an empty template says nothing.",
                    ask_for_text)}
                <tr><td><label for="extra-words" style="margin:0">"Extra command words (one command per line, e.g. refill: garansi, isi ulang)"</label></td>
                    <td><textarea id="extra-words" rows="4" cols="40" prop:value=move || words.get() on:input=move |ev| words.set(event_target_value(&ev))></textarea></td></tr>
            </tbody>
        </table></div>
        <div class="toolbar" style="margin-top:12px"><button class="primary" disabled=move || save_act.busy.get() on:click=save>"Save settings"</button></div>
    }
}
