//! Asking before a destructive action. The Shell provides one `Confirm` and renders its
//! `ConfirmDialog`; `confirm_then` opens it (or the browser's own confirm box outside the Shell).
use leptos::prelude::*;

use super::Modal;

type Pending = Option<Box<dyn FnOnce()>>;

/// The question on screen and what runs when the user says yes.
#[derive(Clone, Copy)]
pub struct Confirm {
    open: RwSignal<bool>,
    message: RwSignal<String>,
    yes: RwSignal<&'static str>,
    pending: StoredValue<Pending, LocalStorage>,
}

impl Confirm {
    /// Makes the confirmation available to everything the caller renders.
    pub fn provide() -> Self {
        let c = Confirm {
            open: RwSignal::new(false),
            message: RwSignal::new(String::new()),
            yes: RwSignal::new("Delete"),
            pending: StoredValue::new_local(None),
        };
        provide_context(c);
        c
    }
}

/// Runs `action` after the user confirms `message` with the `yes` button (e.g. "Delete").
pub fn confirm_then(message: impl Into<String>, yes: &'static str, action: impl FnOnce() + 'static) {
    let message = message.into();
    match use_context::<Confirm>() {
        Some(c) => {
            c.pending.set_value(Some(Box::new(action)));
            c.message.set(message);
            c.yes.set(yes);
            c.open.set(true);
        }
        None => {
            if web_sys::window().and_then(|w| w.confirm_with_message(&message).ok()) == Some(true) {
                action()
            }
        }
    }
}

/// The question, shown while one is asked.
#[component]
pub fn ConfirmDialog(confirm: Confirm) -> impl IntoView {
    let c = confirm;
    let answer = move |yes: bool| {
        c.open.set(false);
        let pending = c.pending.try_update_value(Option::take).flatten();
        if let (true, Some(action)) = (yes, pending) {
            action();
        }
    };
    view! {
        <Modal open=c.open title="Are you sure?">
            <p>{move || c.message.get()}</p>
            <div class="actions">
                <button on:click=move |_| answer(false)>"Cancel"</button>
                <button class="danger" on:click=move |_| answer(true)>{move || c.yes.get()}</button>
            </div>
        </Modal>
    }
}
