//! Markdown of replies (bold, italics, code, links, lists, headings, quotes) parsed with
//! pulldown-cmark into a small tree that components render as DOM nodes — never as HTML text.
//! Raw HTML in a reply is shown as text; links are kept only for http(s), mailto and tel.

use pulldown_cmark::{Event, Parser, Tag};

/// A node of a rendered reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// Plain text.
    Text(String),
    /// An element and its children.
    Element(Kind, Vec<Node>),
    /// A line break.
    Break,
}

/// The elements a reply may contain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// `<p>`.
    Paragraph,
    /// A heading, shown as a strong paragraph.
    Heading,
    /// `<strong>`.
    Strong,
    /// `<em>`.
    Emphasis,
    /// `<del>`.
    Strike,
    /// Inline `<code>`.
    Code,
    /// `<pre><code>`.
    CodeBlock,
    /// `<blockquote>`.
    Quote,
    /// `<ul>`.
    List,
    /// `<ol start=…>`.
    OrderedList(u64),
    /// `<li>`.
    Item,
    /// `<a href=…>` (safe schemes only).
    Link(String),
}

/// Parses `text` into nodes.
pub fn parse(text: &str) -> Vec<Node> {
    let mut tree = Tree::default();
    for event in Parser::new(text) {
        match event {
            Event::Start(tag) => tree.open.push((kind_of(tag), Vec::new())),
            Event::End(_) => tree.close(),
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => tree.text(&t),
            Event::Code(c) => {
                tree.push(Node::Element(Kind::Code, vec![Node::Text(c.into_string())]))
            }
            Event::SoftBreak => tree.text(" "),
            Event::HardBreak => tree.push(Node::Break),
            _ => {}
        }
    }
    while !tree.open.is_empty() {
        tree.close();
    }
    tree.root
}

/// The nodes built so far: the finished top level, and the elements still open.
#[derive(Default)]
struct Tree {
    root: Vec<Node>,
    open: Vec<(Option<Kind>, Vec<Node>)>,
}

impl Tree {
    /// The children of the innermost open element (or the top level).
    fn current(&mut self) -> &mut Vec<Node> {
        match self.open.last_mut() {
            Some((_, children)) => children,
            None => &mut self.root,
        }
    }

    fn push(&mut self, node: Node) {
        self.current().push(node);
    }

    /// Appends text, merging it with text just before.
    fn text(&mut self, text: &str) {
        let children = self.current();
        if let Some(Node::Text(last)) = children.last_mut() {
            last.push_str(text);
        } else {
            children.push(Node::Text(text.to_owned()));
        }
    }

    /// Closes the innermost element; tags we do not render (images, tables…) keep their text.
    fn close(&mut self) {
        let Some((kind, children)) = self.open.pop() else {
            return;
        };
        match kind {
            Some(kind) => self.push(Node::Element(kind, children)),
            None => self.current().extend(children),
        }
    }
}

fn kind_of(tag: Tag<'_>) -> Option<Kind> {
    Some(match tag {
        Tag::Paragraph => Kind::Paragraph,
        Tag::Heading { .. } => Kind::Heading,
        Tag::Strong => Kind::Strong,
        Tag::Emphasis => Kind::Emphasis,
        Tag::Strikethrough => Kind::Strike,
        Tag::CodeBlock(_) => Kind::CodeBlock,
        Tag::BlockQuote(_) => Kind::Quote,
        Tag::List(Some(start)) => Kind::OrderedList(start),
        Tag::List(None) => Kind::List,
        Tag::Item => Kind::Item,
        Tag::Link { dest_url, .. } => return safe_url(&dest_url).map(Kind::Link),
        _ => return None,
    })
}

/// The URL when its scheme is safe to link to.
pub fn safe_url(url: &str) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    ["https://", "http://", "mailto:", "tel:"]
        .iter()
        .any(|s| lower.starts_with(s))
        .then(|| url.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use Kind::*;
    use Node::*;

    fn text(s: &str) -> Node {
        Text(s.to_owned())
    }

    #[test]
    fn bold_code_and_links_become_elements() {
        assert_eq!(
            parse("We open at **7am**, see [hours](https://x.test/h) or `call`."),
            vec![Element(
                Paragraph,
                vec![
                    text("We open at "),
                    Element(Strong, vec![text("7am")]),
                    text(", see "),
                    Element(Link("https://x.test/h".into()), vec![text("hours")]),
                    text(" or "),
                    Element(Code, vec![text("call")]),
                    text("."),
                ]
            )]
        );
    }

    #[test]
    fn lists_keep_their_items() {
        let nodes = parse("- Mon: 7am\n- Sat: 8am");
        assert_eq!(
            nodes,
            vec![Element(
                List,
                vec![
                    Element(Item, vec![text("Mon: 7am")]),
                    Element(Item, vec![text("Sat: 8am")]),
                ]
            )]
        );
        assert!(matches!(
            parse("3. three\n4. four")[0],
            Element(OrderedList(3), _)
        ));
    }

    #[test]
    fn html_stays_text_and_unsafe_links_lose_their_href() {
        assert_eq!(
            parse("<img src=x onerror=alert(1)>"),
            vec![text("<img src=x onerror=alert(1)>")]
        );
        assert_eq!(
            parse("[x](javascript:alert(1))"),
            vec![Element(Paragraph, vec![text("x")])]
        );
    }
}
