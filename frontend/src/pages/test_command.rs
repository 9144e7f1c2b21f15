//! Test a command: the whole pipeline as a dry run — verdicts, the reply, the provider messages.
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::commands::{CommandResult, SimulateRequest};

use crate::components::{ErrorLine, load};

#[component]
pub fn TestCommand() -> impl IntoView {
    let (panels, _) = load(crate::api::panels);
    let panel = RwSignal::new(String::new());
    let username = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let result = RwSignal::new(None::<CommandResult>);
    let run = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let panel_id = crate::components::chosen_panel(panel.get_untracked(), panels.get_untracked());
        let req = SimulateRequest { panel_id, text: text.get_untracked(), username: Some(username.get_untracked()) };
        spawn_local(async move {
            match crate::api::simulate(&req).await {
                Ok(r) => {
                    result.set(Some(r));
                    error.set(None);
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    view! {
        <h1>"Test a command"</h1>
        <p class="muted">"A dry run: see what the bot would answer and what each provider group would receive. Nothing is sent and no cooldown is used."</p>
        <form class="toolbar" on:submit=run>
            <select aria-label="Panel" on:change=move |ev| panel.set(event_target_value(&ev))>
                {move || panels.get().and_then(|r| r.ok()).unwrap_or_default().into_iter().map(|p| view! { <option value=p.id.clone()>{p.name}</option> }).collect_view()}
            </select>
            <input type="text" aria-label="Customer username" placeholder="Customer username (empty = admin chat)" style="width:240px"
                prop:value=move || username.get() on:input=move |ev| username.set(event_target_value(&ev)) />
            <input type="text" aria-label="Customer message" placeholder="2274209, 2274210 refill" style="width:320px"
                prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev)) />
            <button class="primary" type="submit">"Run"</button>
        </form>
        <ErrorLine message=error />
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
