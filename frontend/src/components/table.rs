//! Tables in the panel-admin look: a header row, one row per item, an empty row with a hint,
//! and a row-actions cell on the right. Every table scrolls sideways inside its own box, so a
//! wide table never pushes the page wider than a phone's screen.
use leptos::prelude::*;

use crate::api::ApiError;

/// Rows from a loaded list, with loading, error and empty rows.
#[component]
pub fn DataTable<T, V, R>(
    /// Column titles; an empty title for the row-actions column.
    head: &'static [&'static str],
    #[prop(into)] rows: Signal<Option<Result<Vec<T>, ApiError>>>,
    row: R,
    #[prop(optional)] testid: Option<&'static str>,
    /// What the empty row says ("Nothing here yet" when not given) and the hint under it.
    #[prop(optional)]
    empty: Option<&'static str>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] class: Option<&'static str>,
    /// Column widths (CSS lengths, one per column; "" leaves a column to share what is left),
    /// for a table with `table-layout: fixed` (its `class`).
    #[prop(optional)]
    cols: Option<&'static [&'static str]>,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
    R: Fn(T) -> V + Clone + Send + Sync + 'static,
{
    let columns = head.len();
    let body = move || match rows.get() {
        None => view! { <tr><td class="empty" colspan=columns>"Loading…"</td></tr> }.into_any(),
        Some(Err(e)) => {
            view! { <tr><td class="empty" colspan=columns><span class="error">{e.message}</span></td></tr> }.into_any()
        }
        Some(Ok(list)) if list.is_empty() => {
            view! { <EmptyRow columns title=empty.unwrap_or("Nothing here yet") hint=hint.unwrap_or_default() /> }
                .into_any()
        }
        Some(Ok(list)) => list.into_iter().map(row.clone()).collect_view().into_any(),
    };
    view! {
        <div class="table-scroll">
            <table class=class data-testid=testid>
                {cols.map(|cols| view! {
                    <colgroup>
                        {cols.iter().map(|w| view! { <col style=(!w.is_empty()).then(|| format!("width:{w}")) /> }).collect_view()}
                    </colgroup>
                })}
                <thead><tr>{head.iter().map(|h| view! { <th>{*h}</th> }).collect_view()}</tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

/// The row of a table with nothing in it: what is missing, and what to do about it.
#[component]
pub fn EmptyRow(columns: usize, title: &'static str, #[prop(optional)] hint: &'static str) -> impl IntoView {
    view! {
        <tr><td class="empty" colspan=columns>
            <div class="empty-title">{title}</div>
            {(!hint.is_empty()).then(|| view! { <div class="hint">{hint}</div> })}
        </td></tr>
    }
}

/// The right-hand cell with a row's buttons.
#[component]
pub fn RowActions(children: Children) -> impl IntoView {
    view! { <td class="actions">{children()}</td> }
}

/// A row's delete button: asks first, then runs `on_confirm`.
#[component]
pub fn DeleteButton(
    /// The question, e.g. "Delete the destination “Group A”?".
    #[prop(into)]
    question: String,
    #[prop(optional)] text: Option<&'static str>,
    #[prop(optional, into)] disabled: Signal<bool>,
    on_confirm: impl Fn() + Clone + 'static,
) -> impl IntoView {
    let text = text.unwrap_or("Delete");
    view! {
        <button class="danger" disabled=move || disabled.get() on:click=move |_| {
            let go = on_confirm.clone();
            super::confirm_then(question.clone(), text, go)
        }>{text}</button>
    }
}
