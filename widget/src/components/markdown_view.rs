//! Renders a reply's Markdown as it streams in: each finished block once, only the block being
//! written again as text arrives. The tree and its DOM nodes are `porthole-markdown`'s.

use leptos::prelude::*;
use porthole_markdown::Settled;
use porthole_markdown::view::render;

/// A reply's text, rendered. While it streams in, each finished block is parsed and rendered
/// once ([`Settled`]); only the block being written is parsed again as text arrives.
#[component]
pub fn Markdown(
    /// The Markdown text.
    #[prop(into)]
    text: Signal<String>,
) -> impl IntoView {
    let settled = Memo::new(move |before: Option<&Settled>| {
        text.with(|t| before.cloned().unwrap_or_default().advance(t))
    });
    // Each finished block renders once, keyed by its place (and the text it belongs to); the
    // keys change only when a block is finished, not with every piece of text.
    let finished = Memo::new(move |_| settled.with(|s| (s.generation, s.blocks.len())));
    let keys = move || {
        let (generation, count) = finished.get();
        (0..count).map(move |i| (generation, i))
    };
    let block = move |(_, i): (u32, usize)| {
        let (from, to) = settled.with_untracked(|s| s.blocks.get(i).copied().unwrap_or_default());
        text.with_untracked(|t| render(t.get(from..to).unwrap_or_default()))
    };
    let rest = move || {
        let from = settled.with(|s| s.rest());
        text.with(|t| render(t.get(from..).unwrap_or_default()))
    };
    view! {
        <For each=keys key=|k| *k children=block/>
        {rest}
    }
}
