//! PanelRelay workspace SPA: mounts the app.
use frontend::{api, components, session, workspace_shell};

mod app;
mod pages;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
