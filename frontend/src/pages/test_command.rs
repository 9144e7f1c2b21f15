//! Test a command: the whole pipeline as a dry run — verdicts, the reply, the provider messages.
use leptos::prelude::*;
use shared::commands::{CommandResult, SimulateRequest};

use crate::components::{Action, Feedback, FeedbackView, Select, TextInput, chosen_panel, load, panel_options};

#[component]
pub fn TestCommand() -> impl IntoView {
    let (panels, _) = load(crate::api::panels);
    let panel = RwSignal::new(String::new());
    let username = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let act = Action::new(Feedback::new());
    let result = RwSignal::new(None::<CommandResult>);
    let run = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let panel_id = chosen_panel(panel.get_untracked(), panels.get_untracked());
        let req = SimulateRequest { panel_id, text: text.get_untracked(), username: Some(username.get_untracked()) };
        act.run(async move { crate::api::simulate(&req).await }, move |r| {
            result.set(Some(r));
            None
        });
    };
    view! {
        <h1>"Test a command"</h1>
        <p class="muted">"A dry run: see what the bot would answer and what each provider group would receive. Nothing is sent and no cooldown is used."</p>
        <form class="toolbar" on:submit=run>
            <Select label="Panel" value=panel options=panel_options(panels) />
            <TextInput label="Customer username" placeholder="Customer username (empty = admin chat)" value=username width="240px" />
            <TextInput label="Customer message" placeholder="2274209, 2274210 refill" value=text width="320px" />
            <button class="primary" type="submit" disabled=move || act.busy.get()>"Run"</button>
        </form>
        <FeedbackView feedback=act.feedback />
        {move || result.get().map(|r| view! {
            <p><b>"Understood as: "</b><span data-testid="sim-command">{r.command.as_str()}</span>" "{r.order_ids.join(", ")}</p>
            <table data-testid="sim-verdicts">
                <thead><tr><th>"Order"</th><th>"Outcome"</th><th>"Reason"</th><th>"Provider"</th><th>"Destination"</th></tr></thead>
                <tbody>{r.verdicts.into_iter().map(|v| view! {
                    <tr>
                        <td>{v.order_id}</td>
                        <td><span class=if v.outcome.as_str() == "accepted" { "badge ok" } else { "badge off" }>{v.outcome.as_str()}</span></td>
                        <td>{v.reason.map(|x| format!("{x:?}")).unwrap_or_default()}</td>
                        <td>{v.provider_alias.unwrap_or_else(|| "—".into())}</td>
                        <td>{v.destination_name.unwrap_or_else(|| "—".into())}</td>
                    </tr>
                }).collect_view()}</tbody>
            </table>
            <h1 style="margin-top:16px">"Customer reply"</h1>
            <pre class="secret" data-testid="sim-reply">{if r.reply.is_empty() { "(silence)".to_string() } else { r.reply.clone() }}</pre>
            <h1 style="margin-top:16px">"Provider messages"</h1>
            <table data-testid="sim-messages">
                <thead><tr><th>"Destination"</th><th>"Action"</th><th>"Message"</th></tr></thead>
                <tbody>{r.messages.into_iter().map(|m| view! { <tr><td>{m.destination_name}</td><td>{m.action.as_str()}</td><td><code>{m.text}</code></td></tr> }).collect_view()}</tbody>
            </table>
        })}
    }
}
