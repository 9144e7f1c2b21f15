//! Loading state for a page's data: loading, loaded, or a visible error.
use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::ApiError;

pub type Loaded<T> = ReadSignal<Option<Result<T, ApiError>>>;

/// Starts loading now and returns the state and a function that loads again.
pub fn load<T, F, Fut>(fetch: F) -> (Loaded<T>, impl Fn() + Clone + 'static)
where
    T: Send + Sync + 'static,
    F: Fn() -> Fut + Clone + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let (state, set_state) = signal(None);
    let reload = move || {
        let fetch = fetch.clone();
        spawn_local(async move { set_state.set(Some(fetch().await)) });
    };
    reload();
    (state, reload)
}

/// Renders rows of a table body from a loaded list, with loading, empty and error rows.
pub fn table_rows<T, V>(
    state: Loaded<Vec<T>>,
    columns: usize,
    empty: &'static str,
    row: impl Fn(T) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    move || match state.get() {
        None => view! { <tr><td class="empty" colspan=columns>"Loading…"</td></tr> }.into_any(),
        Some(Err(e)) => {
            view! { <tr><td class="empty" colspan=columns><span class="error">{e.message}</span></td></tr> }.into_any()
        }
        Some(Ok(rows)) if rows.is_empty() => {
            view! { <tr><td class="empty" colspan=columns>{empty}</td></tr> }.into_any()
        }
        Some(Ok(rows)) => rows.into_iter().map(row.clone()).collect_view().into_any(),
    }
}
