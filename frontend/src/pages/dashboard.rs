use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::load;

#[component]
pub fn Dashboard() -> impl IntoView {
    let (members, _) = load(crate::api::members);
    let count = move || match members.get() {
        Some(Ok(m)) => m.len().to_string(),
        Some(Err(_)) => "—".into(),
        None => "…".into(),
    };
    view! {
        <h1>"Dashboard"</h1>
        <div class="cards">
            <div class="card"><div class="muted">"Team members"</div><div class="num" data-testid="member-count">{count}</div></div>
        </div>
        <div class="notice">
            "Next steps: connect your panel's Admin API, map provider aliases to your WhatsApp and Telegram groups, "
            "then link your customers' chats. Invite helpers on the " <A href="/team">"Team"</A> " page; "
            "integrations use " <A href="/api-keys">"API keys"</A> "."
        </div>
    }
}
