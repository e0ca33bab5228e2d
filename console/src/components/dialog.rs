//! A confirmation before something that cannot be undone: a modal `<dialog>` (focus stays in
//! it, Esc cancels) that names what will happen on its button; and [`modal_while`], which
//! shows any `<dialog>` as a modal while a signal says so.

use leptos::html;
use leptos::prelude::*;

/// Shows `dialog` as a modal while `open` says so, and closes it when it stops saying so.
pub fn modal_while(dialog: NodeRef<html::Dialog>, open: impl Fn() -> bool + 'static) {
    Effect::new(move |_| {
        let Some(d) = dialog.get() else { return };
        if open() {
            if !d.open() {
                let _ = d.show_modal();
            }
        } else if d.open() {
            d.close();
        }
    });
}

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
    modal_while(dialog, move || open.get());
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
