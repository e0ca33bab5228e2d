//! The tree as DOM nodes built one by one — never `innerHTML` — so no text of a reply can
//! become markup. Links open in a new tab with `rel="noopener noreferrer"`; a table sits in a
//! `div.md-table` that scrolls sideways when it is wider than the message.

use crate::{Align, Kind, Node, parse};
use leptos::html;
use leptos::prelude::*;

/// `text`'s Markdown as views.
pub fn render(text: &str) -> Vec<AnyView> {
    nodes(parse(text))
}

fn nodes(children: Vec<Node>) -> Vec<AnyView> {
    children.into_iter().map(node).collect()
}

fn node(n: Node) -> AnyView {
    match n {
        Node::Text(t) => t.into_any(),
        Node::Break => html::br().into_any(),
        Node::Element(Kind::Table, rows) => table(rows),
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
                Kind::Table => table(Vec::new()),
                Kind::Row => html::tr().child(c).into_any(),
                Kind::Cell { header, align } => {
                    // A class, not a style attribute: pages with a strict CSP refuse those.
                    let class = match align {
                        Align::None => None,
                        Align::Left => Some("md-left"),
                        Align::Center => Some("md-center"),
                        Align::Right => Some("md-right"),
                    };
                    if header {
                        html::th().attr("class", class).child(c).into_any()
                    } else {
                        html::td().attr("class", class).child(c).into_any()
                    }
                }
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

/// A table: its first row in `<thead>`, the others in `<tbody>`, in a box that scrolls.
fn table(mut rows: Vec<Node>) -> AnyView {
    let body = if rows.is_empty() {
        Vec::new()
    } else {
        rows.split_off(1)
    };
    html::div()
        .class("md-table")
        .child(
            html::table()
                .child(html::thead().child(nodes(rows)))
                .child(html::tbody().child(nodes(body))),
        )
        .into_any()
}
