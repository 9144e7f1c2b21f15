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
