//! Test a command: the whole pipeline as a dry run — verdicts, the reply, the provider messages.
use leptos::prelude::*;
use shared::commands::{CommandResult, SimulateRequest};

use crate::components::{
    Action, ConnectPanelFirst, Feedback, FeedbackView, Select, TextInput, VerdictTable, chosen_panel, load, no_panel,
    panel_options,
};

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
        if panel_id.is_empty() {
            act.feedback.fail("Connect a panel first (Panels), then test a command on it.");
            return;
        }
        let req = SimulateRequest { panel_id, text: text.get_untracked(), username: Some(username.get_untracked()) };
        act.run(async move { crate::api::simulate(&req).await }, move |r| {
            result.set(Some(r));
            None
        });
    };
    // Only a change between "no panel" and "some panel" draws the form again.
    let without_panel = Memo::new(move |_| no_panel(panels));
    let form = move || {
        if without_panel.get() {
            return view! { <ConnectPanelFirst then="test a command" /> }.into_any();
        }
        view! {
            <form class="toolbar" on:submit=run>
                <Select label="Panel" value=panel options=panel_options(panels) />
                <TextInput label="Customer username" placeholder="Customer username (empty = admin chat)" value=username width="240px" />
                <TextInput label="Customer message" placeholder="2274209, 2274210 refill" value=text width="320px" />
                <button class="primary" type="submit" disabled=move || act.busy.get() || panels.get().is_none()>"Run"</button>
            </form>
        }
        .into_any()
    };
    view! {
        <h1>"Test a command"</h1>
        <p class="muted">"A dry run: see what the bot would answer and what each provider group would receive. Nothing is sent and no cooldown is used."</p>
        {form}
        <FeedbackView feedback=act.feedback />
        {move || result.get().map(|r| view! {
            <p><b>"Understood as: "</b><span data-testid="sim-command">{r.command.as_str()}</span>" "{r.order_ids.join(", ")}</p>
            <VerdictTable verdicts=r.verdicts testid="sim-verdicts" />
            <h1 style="margin-top:16px">"Customer reply"</h1>
            <pre class="secret" data-testid="sim-reply">{if r.reply.is_empty() { "(silence)".to_string() } else { r.reply.clone() }}</pre>
            <h1 style="margin-top:16px">"Provider messages"</h1>
            <div class="table-scroll">
                <table data-testid="sim-messages">
                    <thead><tr><th>"Destination"</th><th>"Action"</th><th>"Message"</th></tr></thead>
                    <tbody>
                        {r.messages.is_empty().then(|| view! {
                            <tr><td class="empty" colspan="3">
                                <div class="empty-title">"Nothing would be sent"</div>
                                <div class="hint">"No order of this message goes to a provider group."</div>
                            </td></tr>
                        })}
                        {r.messages.into_iter().map(|m| view! {
                            <tr><td>{m.destination_name}</td><td>{m.action.as_str()}</td><td class="wrap"><code>{m.text}</code></td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        })}
    }
}
