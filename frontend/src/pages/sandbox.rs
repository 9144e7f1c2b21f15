//! Sandbox chat: type as a customer on Telegram or WhatsApp, see the bot's reply, and see what
//! each provider group received. Everything here runs against built-in fakes.
use leptos::prelude::*;
use shared::channels::{ChannelKind, SandboxLine, SandboxMessage, SandboxShape, SandboxTranscript};

use crate::api::ApiError;
use crate::components::{Action, ErrorLine, Feedback};

#[component]
pub fn SandboxChat() -> impl IntoView {
    let transcript = RwSignal::new(None::<SandboxTranscript>);
    let text = RwSignal::new(String::new());
    let channel = RwSignal::new(ChannelKind::Telegram);
    let shape = RwSignal::new(SandboxShape::Text);
    // Polled every second: it must not make its own error line blink when it starts.
    let poll = Action::new(Feedback::new()).in_background();
    let refresh = move || {
        let call = async {
            crate::api::sandbox_transcript().await.map_err(|e| match e.status {
                404 => ApiError::plain("The sandbox is not running here: start the server with `make run` (or `panelrelay serve --sandbox`) and choose “Try the sandbox” on the sign-in page."),
                _ => e,
            })
        };
        poll.run(call, move |t| {
            transcript.set(Some(t));
            None
        });
    };
    refresh();
    if let Ok(handle) = set_interval_with_handle(refresh, std::time::Duration::from_millis(1000)) {
        on_cleanup(move || handle.clear());
    }
    let say = Action::reloading(poll.feedback.own_error(), refresh);
    let reset = Action::reloading(poll.feedback.own_error(), refresh);
    // The newest message stays in view.
    let chat_ref = NodeRef::<leptos::html::Div>::new();
    let groups_ref = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        transcript.track();
        request_animation_frame(move || {
            for r in [chat_ref, groups_ref] {
                if let Some(el) = r.get_untracked() {
                    el.set_scroll_top(el.scroll_height());
                }
            }
        });
    });
    let channel_name = move || match channel.get() {
        ChannelKind::Telegram => "telegram",
        ChannelKind::Whatsapp => "whatsapp",
    };
    let send = move || {
        let message = text.get_untracked();
        if message.trim().is_empty() {
            return;
        }
        let req = SandboxMessage { channel: channel.get_untracked(), text: message, shape: shape.get_untracked() };
        text.set(String::new());
        say.run(async move { crate::api::sandbox_say(&req).await }, |()| None);
    };
    let bubble = |l: SandboxLine| {
        let class = format!("bubble {}", l.from);
        let who = match l.from.as_str() {
            "customer" => "You",
            "bot" => "Bot",
            _ => "Group",
        };
        // Where it was said, when not the customer's own chat (a forum topic).
        let place = (l.chat != "Mira (customer)").then(|| format!(" · {}", l.chat));
        view! { <div class=class data-from=l.from.clone()><span class="who">{who}" · "{l.channel.clone()}{place}</span><div>{l.text}</div></div> }
    };
    let tab = move |kind: ChannelKind, label: &'static str| {
        view! {
            <button class=move || if channel.get() == kind { "tab active" } else { "tab" } on:click=move |_| {
                channel.set(kind);
                if kind == ChannelKind::Whatsapp && shape.get_untracked() == SandboxShape::ForumTopic {
                    shape.set(SandboxShape::Text);
                }
            }>{label}</button>
        }
    };
    view! {
        <h1>"Sandbox chat"</h1>
        <div class="sandbox-banner" role="note">"Sandbox — a workspace of your own with a fake panel, a fake Telegram bot and a fake WhatsApp number. Nothing here reaches a real customer or provider; it is removed after a day without use."</div>
        <ErrorLine message=poll.feedback.error />
        <ErrorLine message=say.feedback.error />
        <div class="sandbox">
            <section class="chat">
                <h2>"Customer chat"</h2>
                <p class="muted">{move || transcript.get().map(|t| format!("You are the customer {}, already linked to the panel.", t.customer))}</p>
                <div class="tabs">{tab(ChannelKind::Telegram, "Telegram")}{tab(ChannelKind::Whatsapp, "WhatsApp")}</div>
                <div class="bubbles" data-testid="customer-chat" node_ref=chat_ref>
                    {move || transcript.get().map(|t| {
                        let lines: Vec<SandboxLine> =
                            t.lines.into_iter().filter(|l| l.from != "provider" && l.channel == channel_name()).collect();
                        if lines.is_empty() {
                            view! { <p class="muted">"Nothing here yet: type an order id and what you need, or pick an order below."</p> }.into_any()
                        } else {
                            lines.into_iter().map(bubble).collect_view().into_any()
                        }
                    })}
                </div>
                <form class="say" on:submit=move |ev| { ev.prevent_default(); send() }>
                    <input type="text" aria-label="Message" data-testid="sandbox-input" placeholder="e.g. 2274209 refill"
                        prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev)) />
                    <select aria-label="Send as" data-testid="sandbox-shape" on:change=move |ev| shape.set(match event_target_value(&ev).as_str() {
                        "caption" => SandboxShape::PictureWithCaption,
                        "topic" => SandboxShape::ForumTopic,
                        _ => SandboxShape::Text,
                    })>
                        <option value="text" selected=move || shape.get() == SandboxShape::Text>"as text"</option>
                        <option value="caption" selected=move || shape.get() == SandboxShape::PictureWithCaption>"as a picture's caption"</option>
                        <option value="topic" selected=move || shape.get() == SandboxShape::ForumTopic
                            disabled=move || channel.get() == ChannelKind::Whatsapp>"in a forum topic (Telegram)"</option>
                    </select>
                    <button class="primary" type="submit" disabled=move || say.busy.get()>"Send"</button>
                </form>
            </section>
            <section class="chat">
                <h2>"Provider groups"</h2>
                <p class="muted">"What each provider group received (providers are shown by their alias only)."</p>
                <div class="bubbles" data-testid="provider-groups" node_ref=groups_ref>
                    {move || transcript.get().map(|t| t.lines.into_iter().filter(|l| l.from == "provider").map(|l| {
                        let chat = l.chat.clone();
                        view! { <div class="bubble provider" data-from="provider"><span class="who">{chat}</span><div>{l.text}</div></div> }
                    }).collect_view())}
                </div>
            </section>
        </div>
        <div class="toolbar"><h2>"Orders to try"</h2><span class="spacer"></span>
            <button data-testid="sandbox-reset" disabled=move || reset.busy.get() on:click=move |_| {
                reset.run(async { crate::api::sandbox_reset().await }, |()| Some("The sandbox chat starts over.".into()));
            }>"Reset the sandbox"</button></div>
        <div class="order-chips" data-testid="sample-orders">
            {move || transcript.get().map(|t| t.sample_orders.into_iter().map(|o| {
                let id = o.split(" — ").next().unwrap_or_default().trim().to_string();
                view! { <button class="chip" title="Put this order in the message box" on:click=move |_| text.set(format!("{id} refill"))>{o}</button> }
            }).collect_view())}
        </div>
        <p class="muted">"Try: “2274209 refill”, “2274211, 2274212 speed”, “status 2274216”, “balance”, “2274218 refill” (another customer's order). See the results in Logs."</p>
    }
}
