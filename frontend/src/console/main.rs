//! PanelRelay master admin console: a separate SPA under `/admin/`, for the platform's admin only.
use frontend::{components, session};

mod api;
mod app;
mod billing_api;
mod pages;
mod shell;
mod support_api;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
