//! PanelRelay account pages (Billing, Support and Tickets): a separate bundle with the
//! workspace's frame, loaded when an owner opens them, so the workspace's first load stays small.
use frontend::{api, components, session, workspace_shell};

mod app;
mod pages;

fn main() {
    console_error_panic_hook::set_once();
    workspace_shell::set_app(workspace_shell::App::Account);
    leptos::mount::mount_to_body(app::App);
}
