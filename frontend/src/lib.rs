//! What the two single-page apps share: the typed API client, the signed-in session, the UI kit
//! and the frame. `main.rs` is the workspace app (panel owners and their staff, the sandbox);
//! `console/main.rs` is the master admin console, a separate bundle served under `/admin/`, so
//! that a panel owner's first load never carries the platform's pages.
pub mod api;
pub mod components;
pub mod session;
