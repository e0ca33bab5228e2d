//! A confirmation before something that cannot be undone: a modal `<dialog>` (focus stays in
//! it, Esc cancels) that names what will happen on its button.

use leptos::html;
use leptos::prelude::*;

/// Asks to confirm while `open` is set; runs `on_confirm` when confirmed.
#[component]
pub fn Confirm(
    /// Whether the dialog shows.
    open: RwSignal<bool>,
    /// Its title.
    #[prop(into)]
    title: Signal<String>,
    /// What will happen.
    #[prop(into)]
    message: Signal<String>,
    /// The confirming button's label (it names the action and its object).
    #[prop(into)]
    confirm: Signal<String>,
    /// What to do.
    on_confirm: Callback<()>,
) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    Effect::new(move |_| {
        let Some(d) = dialog.get() else { return };
        if open.get() {
            if !d.open() {
                let _ = d.show_modal();
            }
        } else if d.open() {
            d.close();
        }
    });
    view! {
        <dialog class="dialog" node_ref=dialog aria-labelledby="dialog-title"
            on:close=move |_| open.set(false) data-testid="confirm-dialog">
            <h2 id="dialog-title">{title}</h2>
            <p>{message}</p>
            <div class="actions">
                <button type="button" class="button" on:click=move |_| open.set(false)>"Cancel"</button>
                <button type="button" class="button danger" data-testid="confirm"
                    on:click=move |_| {
                        open.set(false);
                        on_confirm.run(());
                    }>{confirm}</button>
            </div>
        </dialog>
    }
}
