use leptos::prelude::*;

use super::{Action, ErrorLine};

/// A small centred dialog, shown while `open` is true. With an `action`, the action's errors
/// show inside the dialog (cleared each time it opens).
#[component]
pub fn Modal(
    open: RwSignal<bool>,
    #[prop(into)] title: String,
    #[prop(optional)] action: Option<Action>,
    children: ChildrenFn,
) -> impl IntoView {
    let error = action.map(|a| a.feedback.error);
    if let Some(error) = error {
        Effect::new(move |_| {
            if open.get() {
                error.set(None);
            }
        });
    }
    move || {
        open.get().then(|| {
            let (title, label) = (title.clone(), title.clone());
            view! {
                <div class="modal-backdrop">
                    <div class="modal" role="dialog" aria-label=label>
                        <h2>{title}</h2>
                        {error.map(|e| view! { <ErrorLine message=e /> })}
                        {children()}
                    </div>
                </div>
            }
        })
    }
}
