//! Form fields: a label, the control (a slot: input, select or textarea with the same `id`), a
//! hint line and the field's own error line.
use leptos::prelude::*;

#[component]
pub fn Field(
    #[prop(into)] label: String,
    id: &'static str,
    #[prop(optional, into)] hint: MaybeProp<String>,
    #[prop(optional, into)] error: Option<Signal<Option<String>>>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {children()}
            {move || hint.get().filter(|h| !h.is_empty()).map(|h| view! { <div class="hint">{h}</div> })}
            {move || error.and_then(|e| e.get()).map(|e| view! { <div class="field-error">{e}</div> })}
        </div>
    }
}

/// A text input bound to `value`. Inside a `Field` give it the field's `id`; on its own, a
/// `label` (its accessible name, also the placeholder unless one is given).
#[component]
pub fn TextInput(
    value: RwSignal<String>,
    #[prop(optional)] id: Option<&'static str>,
    #[prop(optional)] kind: Option<&'static str>,
    #[prop(optional, into)] label: Option<String>,
    #[prop(optional, into)] placeholder: Option<String>,
    #[prop(optional)] width: Option<&'static str>,
    #[prop(optional)] class: Option<&'static str>,
    #[prop(optional)] testid: Option<&'static str>,
) -> impl IntoView {
    let kind = kind.unwrap_or("text");
    let placeholder = placeholder.or_else(|| label.clone());
    view! {
        <input id=id type=kind class=class aria-label=label placeholder=placeholder data-testid=testid
            style=width.map(|w| format!("width:{w}")) autocomplete=(kind == "password").then_some("off")
            prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
    }
}

/// A select over `options` (value, text) bound to `value`; while `value` is empty the first
/// option shows (read it with a fallback such as `chosen_panel`).
#[component]
pub fn Select(
    value: RwSignal<String>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(optional)] id: Option<&'static str>,
    #[prop(optional, into)] label: Option<String>,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    view! {
        <select id=id aria-label=label disabled=move || disabled.get() on:change=move |ev| value.set(event_target_value(&ev))>
            {move || {
                let chosen = value.get();
                options.get().into_iter().map(|(v, text)| {
                    let selected = v == chosen;
                    view! { <option value=v selected=selected>{text}</option> }
                }).collect_view()
            }}
        </select>
    }
}
