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

type Field = (&'static str, &'static str, fn(&mut T) -> &mut String);

const FIELDS: [Field; 23] = [
    ("refill_ok", "Refill accepted", |t| &mut t.refill_ok),
    ("speed_ok", "Speed accepted", |t| &mut t.speed_ok),
    ("cancel_ok", "Cancel accepted", |t| &mut t.cancel_ok),
    ("status", "Order status", |t| &mut t.status),
    ("refused", "Refused (with the reason)", |t| &mut t.refused),
    ("not_your_order", "Not your order", |t| &mut t.not_your_order),
    ("not_found", "Order not found", |t| &mut t.not_found),
    ("provider_missing", "Provider missing", |t| &mut t.provider_missing),
    ("route_missing", "Route missing", |t| &mut t.route_missing),
    ("api_problem", "Panel problem", |t| &mut t.api_problem),
    ("cooldown", "Cooldown active", |t| &mut t.cooldown),
    ("bulk_summary", "Bulk summary (more than 5 ids)", |t| &mut t.bulk_summary),
    ("help", "Help", |t| &mut t.help),
    ("balance", "Balance", |t| &mut t.balance),
    ("balance_unavailable", "Balance unavailable", |t| &mut t.balance_unavailable),
    ("link_required", "Please link your account", |t| &mut t.link_required),
    ("text_only", "Please send text (WhatsApp media, unreadable message)", |t| &mut t.text_only),
    ("link_received", "Link request received", |t| &mut t.link_received),
    ("link_pending", "Link still pending", |t| &mut t.link_pending),
    ("link_conflict", "Chat linked to another account", |t| &mut t.link_conflict),
    ("undelivered_refill", "Refill did not reach the provider", |t| &mut t.undelivered_refill),
    ("undelivered_speed", "Speed-up did not reach the provider", |t| &mut t.undelivered_speed),
    ("undelivered_cancel", "Cancel did not reach the provider", |t| &mut t.undelivered_cancel),
];

#[component]
pub fn Templates() -> impl IntoView {
    let fb = Feedback::new();
    let (load_act, save_act) = (Action::new(fb), Action::new(fb));
    let values: Vec<RwSignal<String>> = FIELDS.iter().map(|_| RwSignal::new(String::new())).collect();
    {
        let values = values.clone();
        load_act.run(crate::api::templates(), move |mut t| {
            for (i, (_, _, get)) in FIELDS.iter().enumerate() {
                values[i].set(get(&mut t).clone());
            }
            None
        });
    }
    let save = {
        let values = values.clone();
        move |_| {
            let mut t = T::default();
            for (i, (_, _, get)) in FIELDS.iter().enumerate() {
                *get(&mut t) = values[i].get_untracked();
            }
            save_act.run_then(async move { crate::api::save_templates(&t).await }, "Templates saved.");
        }
    };
    view! {
        <h1>"Templates"</h1>
        <p class="muted">"What customers read. Variables in braces: {order_id}, {command}, {status}, {start_count}, {remains}, {reason}, {time_left}, {balance}, {total}, {accepted}, {refused}, {not_found}. Never provider names or external ids. An empty template goes back to the default."</p>
        <FeedbackView feedback=fb />
        <table>
            <thead><tr><th>"Reply"</th><th>"Template"</th><th>"Preview"</th></tr></thead>
            <tbody>{FIELDS.iter().enumerate().map(|(i, (key, label, _))| {
                let v = values[i];
                view! {
                    <tr>
                        <td>{*label}{hint(key).map(|h| view! { <div class="cell-note">{h}</div> })}</td>
                        <td><input type="text" aria-label=*label data-key=*key style="width:420px" prop:value=move || v.get() on:input=move |ev| v.set(event_target_value(&ev)) /></td>
                        <td style="white-space:normal">{move || preview(&v.get())}</td>
                    </tr>
                }
            }).collect_view()}</tbody>
        </table>
        <div class="toolbar" style="margin-top:12px"><button class="primary" disabled=move || save_act.busy.get() on:click=save>"Save templates"</button></div>
    }
}
