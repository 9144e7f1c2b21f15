//! The signed-in session, kept in localStorage so a reload stays signed in.
use leptos::prelude::*;
use shared::api::{Role, Session};

const KEY: &str = "panelrelay.session";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn load() -> Option<Session> {
    let text = storage()?.get_item(KEY).ok()??;
    serde_json::from_str(&text).ok()
}

pub fn store(session: Option<&Session>) {
    let Some(storage) = storage() else { return };
    match session.and_then(|s| serde_json::to_string(s).ok()) {
        Some(text) => {
            let _ = storage.set_item(KEY, &text);
        }
        None => {
            let _ = storage.remove_item(KEY);
        }
    }
}

/// The app-wide session signal, provided by `App`.
#[derive(Clone, Copy)]
pub struct SessionCtx(pub RwSignal<Option<Session>>);

impl SessionCtx {
    pub fn get() -> Self {
        expect_context::<SessionCtx>()
    }
    pub fn set(&self, session: Option<Session>) {
        store(session.as_ref());
        self.0.set(session);
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
