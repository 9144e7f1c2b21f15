//! Sign in, sign up, and accept a staff invite.
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use shared::api::{AcceptInviteRequest, LoginRequest, Session, SignupRequest};

use crate::api::ApiError;
use crate::components::{Action, ErrorLine, Feedback, Field};
use crate::session::{SessionCtx, home_for};

/// Runs an auth call; on success stores the session and goes to the user's home page.
fn submit_with<Fut>(act: Action, call: Fut)
where
    Fut: std::future::Future<Output = Result<Session, ApiError>> + 'static,
{
    let ctx = SessionCtx::get();
    let navigate = use_navigate();
    act.run(call, move |session| {
        let role = session.user.role;
        ctx.set(Some(session));
        if role == shared::api::Role::MasterAdmin {
            // The console is a separate app: a full page load, the session follows by cookie.
            crate::components::go_to(home_for(role));
        } else {
            navigate(home_for(role), Default::default());
        }
        None
    });
}

#[component]
fn AuthField(label: &'static str, kind: &'static str, name: &'static str, value: RwSignal<String>) -> impl IntoView {
    view! {
        <Field label=label id=name>
            <input id=name name=name type=kind prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev)) required />
        </Field>
    }
}

#[component]
pub fn Login() -> impl IntoView {
    let (email, password) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let act = Action::new(Feedback::new());
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let req = LoginRequest { email: email.get_untracked(), password: password.get_untracked() };
        submit_with(act, async move { crate::api::login(&req).await });
    };
    let sandbox =
        LocalResource::new(|| async { crate::api::sandbox_status().await.map(|s| s.available).unwrap_or(false) });
    let try_sandbox = move |_| {
        let ctx = SessionCtx::get();
        let navigate = use_navigate();
        act.run(crate::api::sandbox_session(), move |session| {
            ctx.set(Some(session));
            navigate("/sandbox", Default::default());
            None
        });
    };
    view! {
        <form class="auth-box" on:submit=on_submit>
            <h1>"Sign in to PanelRelay"</h1>
            <ErrorLine message=act.feedback.error />
            <AuthField label="Email" kind="email" name="email" value=email />
            <AuthField label="Password" kind="password" name="password" value=password />
            <button class="primary" type="submit" disabled=move || act.busy.get()>"Sign in"</button>
            <p class="muted">"New here? " <A href="/signup">"Create a workspace"</A></p>
            {move || (sandbox.get() == Some(true)).then(|| view! {
                <div class="sandbox-offer">
                    <p>"Just looking? The sandbox is a workspace of your own with a fake panel, a fake Telegram bot and a fake WhatsApp number, already wired together. No account needed; it is removed after a day without use."</p>
                    <button type="button" on:click=try_sandbox disabled=move || act.busy.get()>
                        {move || if act.busy.get() { "Preparing your sandbox…" } else { "Try the sandbox" }}</button>
                </div>
            })}
        </form>
    }
}

#[component]
pub fn Signup() -> impl IntoView {
    let (email, password, workspace) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let act = Action::new(Feedback::new());
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let req = SignupRequest {
            email: email.get_untracked(),
            password: password.get_untracked(),
            workspace_name: workspace.get_untracked(),
        };
        submit_with(act, async move { crate::api::signup(&req).await });
    };
    view! {
        <form class="auth-box" on:submit=on_submit>
            <h1>"Create your workspace"</h1>
            <ErrorLine message=act.feedback.error />
            <AuthField label="Workspace name (your panel)" kind="text" name="workspace" value=workspace />
            <AuthField label="Email" kind="email" name="email" value=email />
            <AuthField label="Password (at least 10 characters)" kind="password" name="password" value=password />
            <button class="primary" type="submit" disabled=move || act.busy.get()>"Create workspace"</button>
            <p class="muted">"Already have an account? " <A href="/login">"Sign in"</A></p>
        </form>
    }
}

#[component]
pub fn AcceptInvite() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let password = RwSignal::new(String::new());
    let act = Action::new(Feedback::new());
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let req = AcceptInviteRequest { token: token(), password: password.get_untracked() };
        submit_with(act, async move { crate::api::accept_invite(&req).await });
    };
    view! {
        <form class="auth-box" on:submit=on_submit>
            <h1>"Join the team"</h1>
            <p class="muted">"You were invited to a PanelRelay workspace. Choose a password to finish."</p>
            <ErrorLine message=act.feedback.error />
            <AuthField label="Password (at least 10 characters)" kind="password" name="password" value=password />
            <button class="primary" type="submit" disabled=move || act.busy.get()>"Join"</button>
        </form>
    }
}
