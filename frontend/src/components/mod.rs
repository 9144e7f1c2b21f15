//! The UI kit: actions with their feedback, confirmation, fields, switches, tables, dialogs,
//! outcome badges.
pub mod action;
pub mod confirm;
pub mod field;
pub mod loader;
pub mod modal;
pub mod outcomes;
pub mod shell;
pub mod switch;
pub mod table;

pub use action::{Action, Feedback, FeedbackView};
pub use confirm::{Confirm, ConfirmDialog, confirm_then};
pub use field::{Field, Select, TextInput};
pub use loader::load;
pub use modal::Modal;
pub use outcomes::{DispatchBadge, OutcomeBadge, VerdictTable};
pub use shell::{Frame, FrameParts, go_to, role_label};
pub use switch::Switch;
pub use table::{DataTable, DeleteButton, RowActions};

use leptos::prelude::*;
use leptos_router::components::A;

/// A visible error line; never swallow an error.
#[component]
pub fn ErrorLine(#[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    move || message.get().map(|m| view! { <div class="error" role="alert">{m}</div> })
}

pub fn date(d: &chrono::DateTime<chrono::Utc>) -> String {
    d.format("%Y-%m-%d %H:%M").to_string()
}

/// The panel the owner chose, or the first one when they did not choose.
pub fn chosen_panel(
    chosen: String,
    panels: Option<Result<Vec<shared::panels::Panel>, crate::api::ApiError>>,
) -> String {
    if !chosen.is_empty() {
        return chosen;
    }
    panels.and_then(|r| r.ok()).and_then(|p| p.first().map(|p| p.id.clone())).unwrap_or_default()
}

/// True once the panels are loaded and there are none: pages that need a panel then say
/// "Connect a panel first" instead of calling the API with an empty panel id.
pub fn no_panel(panels: crate::components::loader::Loaded<Vec<shared::panels::Panel>>) -> bool {
    matches!(panels.get(), Some(Ok(list)) if list.is_empty())
}

/// What a page that needs a panel shows while the workspace has none.
#[component]
pub fn ConnectPanelFirst(
    /// What the page will do once there is a panel, e.g. "look orders up".
    then: &'static str,
) -> impl IntoView {
    view! {
        <div class="notice" data-testid="no-panel">
            <b>"Connect a panel first. "</b>
            "Add your panel's Admin API on the " <A href="/panels">"Panels"</A>
            " page, then come back here to " {then} "."
        </div>
    }
}

/// The workspace's panels as select options (id, name).
pub fn panel_options(
    panels: crate::components::loader::Loaded<Vec<shared::panels::Panel>>,
) -> Signal<Vec<(String, String)>> {
    Signal::derive(move || {
        panels.get().and_then(|r| r.ok()).unwrap_or_default().into_iter().map(|p| (p.id, p.name)).collect()
    })
}
