pub mod loader;
pub mod modal;
pub mod shell;

pub use loader::load;
pub use modal::Modal;
pub use shell::Shell;

use leptos::prelude::*;

/// A visible error line; never swallow an error.
#[component]
pub fn ErrorLine(#[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    move || message.get().map(|m| view! { <div class="error" role="alert">{m}</div> })
}

pub fn date(d: &chrono::DateTime<chrono::Utc>) -> String {
    d.format("%Y-%m-%d %H:%M").to_string()
}
