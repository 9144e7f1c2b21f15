//! Actions: one async API call with its busy flag, its error shown where it ran, a success
//! notice, and a reload of the page's data. Pages call `Action::run` instead of `spawn_local`.
use std::future::Future;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::ErrorLine;
use crate::api::ApiError;

/// What a page (or a dialog) says about its actions: a red error box for a failure and a green
/// notice for a success.
#[derive(Clone, Copy)]
pub struct Feedback {
    pub error: RwSignal<Option<String>>,
    pub notice: RwSignal<Option<String>>,
}

impl Default for Feedback {
    fn default() -> Self {
        Self::new()
    }
}

impl Feedback {
    pub fn new() -> Self {
        Feedback { error: RwSignal::new(None), notice: RwSignal::new(None) }
    }

    /// The same notice, with an error line of its own (a dialog shows its errors inside).
    pub fn own_error(self) -> Self {
        Feedback { error: RwSignal::new(None), notice: self.notice }
    }

    pub fn fail(self, message: impl Into<String>) {
        self.notice.set(None);
        self.error.set(Some(message.into()));
    }

    pub fn tell(self, message: impl Into<String>) {
        self.error.set(None);
        self.notice.set(Some(message.into()));
    }
}

/// The error box (red), then the success notice (green; with `notice_testid` when a test looks
/// for it).
#[component]
pub fn FeedbackView(feedback: Feedback, #[prop(optional)] notice_testid: Option<&'static str>) -> impl IntoView {
    view! {
        <ErrorLine message=feedback.error />
        {move || feedback.notice.get().map(|n| view! { <div class="notice ok" role="status" data-testid=notice_testid>{n}</div> })}
    }
}

type Reload = Rc<dyn Fn()>;

/// An async call the user starts. Copy it freely into rows and handlers.
#[derive(Clone, Copy)]
pub struct Action {
    /// True while the call runs: disable the buttons and switches that start it.
    pub busy: RwSignal<bool>,
    pub feedback: Feedback,
    reload: StoredValue<Option<Reload>, LocalStorage>,
    /// A background call (a poll, a reload after another action): it leaves the messages on
    /// screen when it starts.
    background: bool,
}

impl Action {
    /// An action that reports to `feedback` and reloads nothing.
    pub fn new(feedback: Feedback) -> Self {
        Action { busy: RwSignal::new(false), feedback, reload: StoredValue::new_local(None), background: false }
    }

    /// An action that reloads the page's data with `reload` once the call is over, whatever it
    /// answered (a switch that failed then shows the stored state again).
    pub fn reloading(feedback: Feedback, reload: impl Fn() + 'static) -> Self {
        Action {
            busy: RwSignal::new(false),
            feedback,
            reload: StoredValue::new_local(Some(Rc::new(reload))),
            background: false,
        }
    }

    /// The same action as a background call (a poll, or the reload another action triggers): it
    /// does not clear the messages when it starts, so a poll does not make an error blink and a
    /// reload does not wipe the notice of the action that caused it.
    pub fn in_background(self) -> Self {
        Action { background: true, ..self }
    }

    /// Runs `call` unless this action is already running. Starting clears the error and the
    /// notice left by the previous action (unless this is a background action); on success the
    /// notice `done` returns (if any) is shown, on failure the error.
    pub fn run<T: 'static>(
        self,
        call: impl Future<Output = Result<T, ApiError>> + 'static,
        done: impl FnOnce(T) -> Option<String> + 'static,
    ) {
        if self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        if !self.background {
            self.feedback.error.set(None);
            self.feedback.notice.set(None);
        }
        spawn_local(async move {
            let result = call.await;
            self.busy.set(false);
            match result {
                Ok(value) => {
                    self.feedback.error.set(None);
                    if let Some(notice) = done(value) {
                        self.feedback.notice.set(Some(notice));
                    }
                }
                Err(e) => self.feedback.fail(e.message),
            }
            if let Some(reload) = self.reload.try_get_value().flatten() {
                reload();
            }
        });
    }

    /// `run` with a fixed success notice.
    pub fn run_then<T: 'static>(
        self,
        call: impl Future<Output = Result<T, ApiError>> + 'static,
        notice: impl Into<String>,
    ) {
        let notice = notice.into();
        self.run(call, move |_| Some(notice));
    }
}

impl ApiError {
    /// A failure the server reported inside a successful answer (a check that did not pass).
    pub fn plain(message: impl Into<String>) -> Self {
        ApiError { status: 0, message: message.into() }
    }
}
