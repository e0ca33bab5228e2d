//! Renders a reply's Markdown tree as DOM nodes built one by one — never `innerHTML` — so no
//! text of a reply can become markup. Links open in a new tab with `rel="noopener noreferrer"`.

use crate::markdown::{self, Kind, Node, Settled};
use leptos::html;
use leptos::prelude::*;

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

fn render(text: &str) -> Vec<AnyView> {
    nodes(markdown::parse(text))
}

fn nodes(children: Vec<Node>) -> Vec<AnyView> {
    children.into_iter().map(node).collect()
}

fn node(n: Node) -> AnyView {
    match n {
        Node::Text(t) => t.into_any(),
        Node::Break => html::br().into_any(),
        Node::Element(kind, children) => {
            let c = nodes(children);
            match kind {
                Kind::Paragraph => html::p().child(c).into_any(),
                Kind::Heading => html::p().child(html::strong().child(c)).into_any(),
                Kind::Strong => html::strong().child(c).into_any(),
                Kind::Emphasis => html::em().child(c).into_any(),
                Kind::Strike => html::del().child(c).into_any(),
                Kind::Code => html::code().child(c).into_any(),
                Kind::CodeBlock => html::pre().child(html::code().child(c)).into_any(),
                Kind::Quote => html::blockquote().child(c).into_any(),
                Kind::List => html::ul().child(c).into_any(),
                Kind::OrderedList(start) => html::ol()
                    .attr("start", start.to_string())
                    .child(c)
                    .into_any(),
                Kind::Item => html::li().child(c).into_any(),
                Kind::Link(href) => html::a()
                    .attr("href", href)
                    .attr("target", "_blank")
                    .attr("rel", "noopener noreferrer")
                    .child(c)
                    .into_any(),
            }
        }
    }
}
