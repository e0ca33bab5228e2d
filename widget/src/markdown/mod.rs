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

/// How far a growing text (a reply as it streams in) is made of finished top-level blocks:
/// those end at a blank line followed by a line that is neither indented nor a list item
/// (either may continue a list), outside a fenced code block. A finished block is parsed and
/// rendered once; only the rest is parsed again as text arrives, so each piece of a reply
/// costs time in proportion to the block it extends, not to the whole reply.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settled {
    /// The byte ranges of the finished blocks, in order.
    pub blocks: Vec<(usize, usize)>,
    /// Which text it reads: a new number whenever the text was replaced rather than grown.
    pub generation: u32,
    /// Where the unfinished rest starts.
    rest: usize,
    /// Where reading stopped: the end of the last whole line read.
    scanned: usize,
    /// Whether the last line read was blank.
    after_blank: bool,
    /// Whether the last line read is inside a fenced code block.
    in_fence: bool,
}

impl Settled {
    /// Reads the lines `text` gained since this was computed; starts over (with a new
    /// generation) when `text` is not this text grown.
    pub fn advance(&self, text: &str) -> Settled {
        let grown = text.len() >= self.scanned
            && (self.scanned == 0 || text.as_bytes()[self.scanned - 1] == b'\n');
        let mut next = if grown {
            self.clone()
        } else {
            Settled {
                generation: self.generation.wrapping_add(1),
                ..Settled::default()
            }
        };
        while let Some(len) = text[next.scanned..].find('\n') {
            let (start, end) = (next.scanned, next.scanned + len + 1);
            let line = &text[start..end - 1];
            let fence = {
                let t = line.trim_start();
                t.starts_with("```") || t.starts_with("~~~")
            };
            if next.in_fence {
                next.in_fence = !fence;
                next.after_blank = false;
            } else if line.trim().is_empty() {
                next.after_blank = true;
            } else {
                if next.after_blank && !line.starts_with([' ', '\t']) && !starts_list_item(line) {
                    next.end_block(text, start);
                }
                next.after_blank = false;
                next.in_fence = fence;
            }
            next.scanned = end;
        }
        // A line being written that starts with a letter after a blank line starts a
        // paragraph: the block before it is finished already.
        let writing = &text[next.scanned..];
        if next.after_blank
            && !next.in_fence
            && writing.chars().next().is_some_and(char::is_alphabetic)
        {
            next.end_block(text, next.scanned);
        }
        next
    }

    /// Ends the block being written at `at`, where another starts, unless it is blank.
    fn end_block(&mut self, text: &str, at: usize) {
        if !text[self.rest..at].trim().is_empty() {
            self.blocks.push((self.rest, at));
            self.rest = at;
        }
    }

    /// Where the unfinished rest of the text starts.
    pub fn rest(&self) -> usize {
        self.rest
    }
}

/// Whether `line` starts an item of a list ("- ", "* ", "+ ", "3. ", "3) "), which may
/// continue a list above it (a loose list, its items apart by blank lines).
fn starts_list_item(line: &str) -> bool {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &line[digits..];
    if digits > 0 {
        rest.starts_with(". ") || rest.starts_with(") ")
    } else {
        ["- ", "* ", "+ "].iter().any(|m| line.starts_with(m))
    }
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

    /// The finished blocks and the rest of `text` fed in pieces of `step` bytes, parsed
    /// separately as the widget renders them.
    fn streamed(text: &str, step: usize) -> (Vec<Node>, usize) {
        let mut settled = Settled::default();
        let mut end = 0;
        while end < text.len() {
            end = (end + step).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            settled = settled.advance(&text[..end]);
        }
        let mut nodes: Vec<Node> = settled
            .blocks
            .iter()
            .flat_map(|(a, b)| parse(&text[*a..*b]))
            .collect();
        nodes.extend(parse(&text[settled.rest()..]));
        (nodes, settled.blocks.len())
    }

    #[test]
    fn a_streamed_reply_is_parsed_block_by_block_as_a_whole_would_be() {
        let reply = "Our hours:\n\n- Mon–Fri: **8:00–20:00**\n- Sat: closed\n\n1. First\n2. Second\n\n```\ncode\n\nstill code\n```\n\n> quoted\n\nSee [us](https://x.test) — 你好。\n";
        for step in [1, 2, 5, 17, reply.len()] {
            let (nodes, finished) = streamed(reply, step);
            assert_eq!(nodes, parse(reply), "step {step}");
            assert_eq!(finished, 3, "step {step}");
        }
        // A list item continued after a blank line, and a loose list, stay one block.
        for list in [
            "- one\n\n  more of one\n- two\n",
            "1. one\n\n2. two\n\nAfter.\n",
        ] {
            let (nodes, _) = streamed(list, 3);
            assert_eq!(nodes, parse(list), "{list}");
        }
    }

    #[test]
    fn a_replaced_text_is_read_again() {
        let first = Settled::default().advance("Hello\n\nworld\n");
        assert_eq!(first.blocks, [(0, 7)]);
        let again = first.advance("Bye\n");
        assert_eq!(again.generation, first.generation + 1);
        assert!(again.blocks.is_empty());
        assert_eq!(again.rest(), 0);
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
