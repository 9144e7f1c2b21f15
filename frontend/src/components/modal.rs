use leptos::prelude::*;

/// A small centred dialog, shown while `open` is true.
#[component]
pub fn Modal(open: RwSignal<bool>, #[prop(into)] title: String, children: ChildrenFn) -> impl IntoView {
    move || {
        open.get().then(|| {
            let (title, label) = (title.clone(), title.clone());
            view! {
                <div class="modal-backdrop">
                    <div class="modal" role="dialog" aria-label=label>
                        <h2>{title}</h2>
                        {children()}
                    </div>
                </div>
            }
        })
    }
}
