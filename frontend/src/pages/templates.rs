//! Templates: every customer reply, with a live preview on sample values.
use leptos::prelude::*;
use shared::commands::Templates as T;

use crate::components::{Action, Feedback, FeedbackView};

const SAMPLE: [(&str, &str); 13] = [
    ("order_id", "2274209"),
    ("command", "refill"),
    ("status", "In progress"),
    ("start_count", "120"),
    ("remains", "880"),
    ("reason", "the refill period for this order has ended."),
    ("time_left", "3h 20m"),
    ("balance", "$12.50"),
    ("username", "mira_boost"),
    ("total", "8"),
    ("accepted", "6"),
    ("refused", "1"),
    ("not_found", "1"),
];

fn preview(text: &str) -> String {
    let mut out = text.to_string();
    for (k, v) in SAMPLE {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out.replace("{other}", "0")
}

/// A line under a reply's name, for the replies that behave differently when emptied.
fn hint(key: &str) -> Option<&'static str> {
    (key == "text_only").then_some("Empty: no reply at all (the bot stays silent), not the default.")
}

type Field = (&'static str, fn(&mut T) -> &mut String);

/// The templates in the order of `shared::templates::LABELS` (which names them).
const FIELDS: [Field; 24] = [
    ("refill_ok", |t| &mut t.refill_ok),
    ("speed_ok", |t| &mut t.speed_ok),
    ("cancel_ok", |t| &mut t.cancel_ok),
    ("status", |t| &mut t.status),
    ("refused", |t| &mut t.refused),
    ("not_your_order", |t| &mut t.not_your_order),
    ("not_found", |t| &mut t.not_found),
    ("provider_missing", |t| &mut t.provider_missing),
    ("route_missing", |t| &mut t.route_missing),
    ("api_problem", |t| &mut t.api_problem),
    ("cooldown", |t| &mut t.cooldown),
    ("bulk_summary", |t| &mut t.bulk_summary),
    ("help", |t| &mut t.help),
    ("balance", |t| &mut t.balance),
    ("balance_unavailable", |t| &mut t.balance_unavailable),
    ("link_required", |t| &mut t.link_required),
    ("text_only", |t| &mut t.text_only),
    ("link_received", |t| &mut t.link_received),
    ("link_pending", |t| &mut t.link_pending),
    ("link_conflict", |t| &mut t.link_conflict),
    ("undelivered_refill", |t| &mut t.undelivered_refill),
    ("undelivered_speed", |t| &mut t.undelivered_speed),
    ("undelivered_cancel", |t| &mut t.undelivered_cancel),
    ("service_paused", |t| &mut t.service_paused),
];

#[component]
pub fn Templates() -> impl IntoView {
    let fb = Feedback::new();
    let (load_act, save_act) = (Action::new(fb), Action::new(fb));
    let values: Vec<RwSignal<String>> = FIELDS.iter().map(|_| RwSignal::new(String::new())).collect();
    {
        let values = values.clone();
        load_act.run(crate::api::templates(), move |mut t| {
            for (i, (_, get)) in FIELDS.iter().enumerate() {
                values[i].set(get(&mut t).clone());
            }
            None
        });
    }
    let save = {
        let values = values.clone();
        move |_| {
            let mut t = T::default();
            for (i, (_, get)) in FIELDS.iter().enumerate() {
                *get(&mut t) = values[i].get_untracked();
            }
            save_act.run_then(async move { crate::api::save_templates(&t).await }, "Templates saved.");
        }
    };
    view! {
        <h1>"Templates"</h1>
        <p class="muted">"What customers read. Each reply lists the variables it can use, in braces. Never provider names or external ids. An empty template uses the default shown in grey."</p>
        <FeedbackView feedback=fb />
        // On a phone each reply becomes a block: its name, the input, the preview.
        <div class="table-scroll"><table class="stack">
            <thead><tr><th>"Reply"</th><th>"Template"</th><th>"Preview"</th></tr></thead>
            <tbody>{FIELDS.iter().enumerate().map(|(i, (key, get))| {
                let v = values[i];
                let key: &'static str = key;
                let label = shared::templates::label(key);
                let allowed = shared::templates::variables(key);
                let default = get(&mut T::default()).clone();
                let shown_default = default.clone();
                // What the customer will read: the default when blank (except "text only", where blank is silence).
                let effective = move || {
                    let text = v.get();
                    if text.trim().is_empty() && key != "text_only" { shown_default.clone() } else { text }
                };
                let problem = move || shared::templates::check(&v.get(), allowed).err();
                let vars = if allowed.is_empty() {
                    "no variables".to_string()
                } else {
                    allowed.iter().map(|a| format!("{{{a}}}")).collect::<Vec<_>>().join(" ")
                };
                view! {
                    <tr>
                        <td>{label}{hint(key).map(|h| view! { <div class="cell-note">{h}</div> })}
                            <div class="cell-note">{vars}</div></td>
                        <td><input type="text" aria-label=label data-key=key style="width:420px" placeholder=default
                            aria-invalid=move || problem().is_some().to_string()
                            prop:value=move || v.get() on:input=move |ev| v.set(event_target_value(&ev)) />
                            {move || problem().map(|p| view! { <div class="field-error" role="alert">{p}</div> })}</td>
                        <td style="white-space:normal">{move || preview(&effective())}</td>
                    </tr>
                }
            }).collect_view()}</tbody>
        </table></div>
        <div class="toolbar" style="margin-top:12px"><button class="primary" disabled=move || save_act.busy.get() on:click=save>"Save templates"</button></div>
    }
}
