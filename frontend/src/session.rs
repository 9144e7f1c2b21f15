//! The signed-in session, in memory only: the access token never touches localStorage, and the
//! refresh token lives in an `HttpOnly` cookie the page cannot read. A reload restores the session
//! by asking the server to refresh with that cookie.
use std::cell::RefCell;

use leptos::prelude::*;
use shared::api::{Role, Session};

thread_local! {
    static CURRENT: RefCell<Option<Session>> = const { RefCell::new(None) };
    /// Counts every change, so a refresh that fails late does not undo a newer sign-in.
    static GENERATION: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
    /// The app's session signal, so that losing the session (a failed refresh) shows at once.
    static SIGNAL: std::cell::Cell<Option<RwSignal<Option<Session>>>> = const { std::cell::Cell::new(None) };
    /// True while this page shows a master admin's read-only view of a workspace.
    static VIEWING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The token of a master admin's read-only view, handed over in the URL fragment
/// (`#view-as=<token>`, never sent to a server); the fragment is removed from the address at once.
pub fn take_view_as() -> Option<String> {
    let location = window().location();
    let hash = location.hash().ok()?;
    let token = hash.strip_prefix("#view-as=")?.to_string();
    let _ = location.set_hash("");
    (!token.is_empty()).then_some(token)
}

pub fn set_viewing(on: bool) {
    VIEWING.with(|v| v.set(on));
}

pub fn viewing() -> bool {
    VIEWING.with(|v| v.get())
}

pub fn load() -> Option<Session> {
    CURRENT.with(|c| c.borrow().clone())
}

pub fn generation() -> u64 {
    GENERATION.with(|g| g.get())
}

pub fn bind(signal: RwSignal<Option<Session>>) {
    SIGNAL.with(|s| s.set(Some(signal)));
}

/// Keeps the session in memory. The signal follows only when the user signs in or out: a routine
/// token rotation must not re-render the page.
pub fn store(session: Option<&Session>) {
    CURRENT.with(|c| *c.borrow_mut() = session.cloned());
    GENERATION.with(|g| g.set(g.get() + 1));
    if let Some(signal) = SIGNAL.with(|s| s.get())
        && signal.with_untracked(Option::is_some) != session.is_some()
    {
        signal.set(session.cloned());
    }
}

/// The app-wide session signal, provided by `App`, and whether the session is still being
/// restored from the cookie (pages wait instead of sending the visitor to sign in).
#[derive(Clone, Copy)]
pub struct SessionCtx(pub RwSignal<Option<Session>>, pub RwSignal<bool>);

impl SessionCtx {
    pub fn get() -> Self {
        expect_context::<SessionCtx>()
    }
    pub fn set(&self, session: Option<Session>) {
        store(session.as_ref());
        self.0.set(session);
    }
    pub fn restoring(&self) -> bool {
        self.1.get()
    }
    pub fn role(&self) -> Option<Role> {
        self.0.with(|s| s.as_ref().map(|s| s.user.role))
    }
}

/// Where a user lands after signing in.
pub fn home_for(role: Role) -> &'static str {
    match role {
        Role::MasterAdmin => "/admin/customers",
        Role::Owner | Role::Staff => "/",
        Role::SandboxVisitor => "/sandbox",
    }
}
