//! The signed-in session, in memory only: the access token never touches localStorage, and the
//! refresh token lives in an `HttpOnly` cookie the page cannot read. A reload restores the session
//! by asking the server to refresh with that cookie.
use std::cell::RefCell;

use leptos::prelude::*;
use shared::api::{Role, Session};

thread_local! {
    static CURRENT: RefCell<Option<Session>> = const { RefCell::new(None) };
}

pub fn load() -> Option<Session> {
    CURRENT.with(|c| c.borrow().clone())
}

pub fn store(session: Option<&Session>) {
    CURRENT.with(|c| *c.borrow_mut() = session.cloned());
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
        Role::MasterAdmin => "/admin/tenants",
        Role::Owner | Role::Staff => "/",
        Role::SandboxVisitor => "/sandbox",
    }
}
