//! PanelRelay workspace SPA: mounts the app.
use frontend::{api, components, session};

mod app;
mod pages;
mod shell;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
