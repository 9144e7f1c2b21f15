//! Master admin: the platform's own texts — the notices a workspace's top bar shows about its
//! subscription, and the reply templates every new workspace starts with.
use leptos::prelude::*;
use serde_json::{Map, Value};
use shared::api::Role;
use shared::billing::platform::{NOTICE_MAX, Notices, PlatformTexts};
use shared::commands::Templates;
use shared::templates::{LABELS, variables};

use crate::components::{Action, Feedback, FeedbackView, Field};
use crate::session::SessionCtx;

/// The templates by field name (`LABELS` order): `Templates` has no accessors, its JSON does.
fn template_texts(t: &Templates) -> Vec<String> {
    let json = serde_json::to_value(t).unwrap_or(Value::Null);
    LABELS.iter().map(|(key, _)| json[*key].as_str().unwrap_or_default().to_string()).collect()
}

fn templates_of(texts: &[RwSignal<String>]) -> Result<Templates, String> {
    let map: Map<String, Value> =
        LABELS.iter().zip(texts).map(|((key, _), v)| (key.to_string(), Value::String(v.get_untracked()))).collect();
    serde_json::from_value(Value::Object(map)).map_err(|e| format!("The templates could not be read: {e}"))
}

fn vars_hint(key: &str) -> String {
    match variables(key) {
        [] => "No variables.".into(),
        vars => format!("Variables: {}", vars.iter().map(|v| format!("{{{v}}}")).collect::<Vec<_>>().join(" ")),
    }
}

/// One textarea; the field's id is its key (unique on this page).
fn text_area(
    key: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    hint: String,
    rows: &'static str,
) -> impl IntoView {
    view! {
        <Field label id=key hint>
            <textarea id=key data-key=key rows=rows prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))></textarea>
        </Field>
    }
}

#[component]
pub fn AdminPlatformTexts() -> impl IntoView {
    if SessionCtx::get().role() != Some(Role::MasterAdmin) {
        return view! { <h1>"Page not found"</h1><p class="muted" data-testid="not-available">"This page does not exist in your workspace."</p> }.into_any();
    }
    // A load error shows at the top; the save's outcome next to the Save button.
    let (load_fb, fb) = (Feedback::new(), Feedback::new());
    let (load_act, save_act) = (Action::new(load_fb), Action::new(fb));
    let notices: Vec<RwSignal<String>> = Notices::LABELS.iter().map(|_| RwSignal::new(String::new())).collect();
    let templates: Vec<RwSignal<String>> = LABELS.iter().map(|_| RwSignal::new(String::new())).collect();
    let show = {
        let (notices, templates) = (notices.clone(), templates.clone());
        move |t: PlatformTexts| {
            for (v, (key, _)) in notices.iter().zip(Notices::LABELS) {
                v.set(t.notices.get(key).to_string());
            }
            for (v, text) in templates.iter().zip(template_texts(&t.templates)) {
                v.set(text);
            }
        }
    };
    load_act.run(crate::api::platform_texts(), {
        let show = show.clone();
        move |t| {
            show(t);
            None
        }
    });
    let save = {
        let (notices, templates) = (notices.clone(), templates.clone());
        move |_| {
            let mut n = Notices::default();
            for (v, (key, _)) in notices.iter().zip(Notices::LABELS) {
                n.set(key, v.get_untracked());
            }
            let texts = match templates_of(&templates) {
                Ok(t) => PlatformTexts { templates: t, notices: n },
                Err(e) => return save_act.feedback.fail(e),
            };
            let show = show.clone();
            save_act.run(async move { crate::api::save_platform_texts(&texts).await }, move |t| {
                show(t);
                Some("Platform templates and notices saved.".into())
            });
        }
    };
    let notice_hint = format!("At most {NOTICE_MAX} characters.");
    view! {
        <h1>"Platform templates"</h1>
        <p class="muted">"New workspaces start with these reply templates; existing workspaces keep their own. The notices show in a workspace's top bar at once."</p>
        <FeedbackView feedback=load_fb />
        <div class="texts-form">
            <h1 class="section">"Notices"</h1>
            <p class="muted">"Placeholders: {what} (trial or plan), {days} (e.g. “3 days”), {date} (the period end), {until} (the end of the grace days), {reason} (a suspension's reason)."</p>
            {Notices::LABELS.iter().zip(notices).map(|((key, label), v)| text_area(key, label, v, notice_hint.clone(), "2")).collect_view()}
            <h1 class="section">"Reply templates for new workspaces"</h1>
            {LABELS.iter().zip(templates).map(|((key, label), v)| text_area(key, label, v, vars_hint(key), "2")).collect_view()}
            <FeedbackView feedback=fb notice_testid="platform-texts-saved" />
            <div class="toolbar" style="margin-top:12px">
                <button class="primary" data-testid="save-platform-texts"
                    disabled=move || save_act.busy.get() || load_act.busy.get() on:click=save>"Save"</button>
            </div>
        </div>
    }
    .into_any()
}
