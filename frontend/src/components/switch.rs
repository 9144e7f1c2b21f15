//! A small on/off toggle for one boolean, as in the panel admin's tables.
use leptos::prelude::*;

/// A checkbox drawn as a switch. `label` is its accessible name; `on_toggle` gets the new value.
/// Pass the action's `busy` as `disabled` so it cannot be flipped twice while saving.
#[component]
pub fn Switch(
    #[prop(into)] label: String,
    #[prop(into)] checked: Signal<bool>,
    #[prop(optional, into)] disabled: Signal<bool>,
    on_toggle: impl Fn(bool) + 'static,
) -> impl IntoView {
    view! {
        <input type="checkbox" role="switch" class="switch" aria-label=label
            prop:checked=move || checked.get() disabled=move || disabled.get()
            on:change=move |ev| on_toggle(event_target_checked(&ev)) />
    }
}
