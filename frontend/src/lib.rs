//! What the single-page apps share: the typed API client, the signed-in session, the UI kit and
//! the frames. Three bundles keep a panel owner's first load small:
//! - `main.rs`, the workspace app (panel owners and their staff, the sandbox), at `/`;
//! - `account/main.rs`, the workspace's Billing, Support and Tickets pages (assets under
//!   `/account/`, pages at `/billing`, `/support` and `/tickets`), with the same frame and
//!   navigation;
//! - `console/main.rs`, the master admin console, under `/admin/`.
pub mod api;
pub mod components;
pub mod session;
pub mod workspace_shell;
