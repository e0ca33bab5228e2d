//! Markdown of replies, parsed into a small tree that is rendered as DOM nodes — never as HTML
//! text. It reads the part of CommonMark that replies use: paragraphs, headings, fenced and
//! indented code, quotes, bullet and numbered lists (nested, tight or loose), emphasis, strong,
//! `~~strike~~`, code spans, inline links and autolinks, backslash escapes, common entities,
//! hard breaks and GFM tables. Raw HTML is shown as text; an image shows its description; links are kept only
//! for http(s), mailto and tel. The widget renders replies with it as they stream in; the
//! console renders the messages operators read and the AI test's answer.
//!
//! Our own parser rather than pulldown-cmark: that crate weighed 149 KB of the panel's wasm
//! (53 KB brotli, a fifth of the open panel; bench/README.md §1), most of it for what replies
//! never contain (HTML entity names, reference-link folding, HTML block rules).
//!
//! - [`blocks`]: the lines of a reply into blocks;
//! - [`inline`]: the text of a block into text, emphasis, code and links;
//! - [`table`]: GFM tables (a header, alignments, rows);
//! - [`settled`]: where a reply streaming in has finished blocks;
//! - `view` (feature `leptos`): the tree as Leptos views.

mod blocks;
mod inline;
mod settled;
mod table;
#[cfg(feature = "leptos")]
pub mod view;

pub use settled::Settled;

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
    /// `<table>`: its rows, the first the header.
    Table,
    /// `<tr>`.
    Row,
    /// `<th>` in the header row, else `<td>`, aligned as its column.
    Cell {
        /// Whether it is in the header row.
        header: bool,
        /// Its column's alignment.
        align: Align,
    },
}

/// How a table's column is aligned (`:--`, `:-:`, `--:` or `---`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// As the text runs.
    None,
    /// Left.
    Left,
    /// Centered.
    Center,
    /// Right.
    Right,
}

/// Parses `text` into nodes.
pub fn parse(text: &str) -> Vec<Node> {
    let lines: Vec<&str> = text.lines().collect();
    blocks::parse(&lines)
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
        // So do a fence inside a longer one, a fence after indented code, and an empty item.
        for list in [
            "- one\n\n  more of one\n- two\n",
            "1. one\n\n2. two\n\nAfter.\n",
            "````\n```\n\nstill code\n````\n",
            "    ```\n\n```\ncode\n\nmore\n```\n",
            "- one\n\n-\n  two\n",
            "Prices:\n\n| Cake | Price |\n|---|--:|\n| Lemon | $24 |\n\nOrder ahead.\n",
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
            vec![Element(
                Paragraph,
                vec![text("<img src=x onerror=alert(1)>")]
            )]
        );
        assert_eq!(
            parse("<javascript:alert(1)> ![x](javascript:alert(2)) [y](<data:text/html,z>)"),
            vec![Element(Paragraph, vec![text("javascript:alert(1) x y")])]
        );
        assert_eq!(
            parse("[x](javascript:alert(1))"),
            vec![Element(Paragraph, vec![text("x")])]
        );
    }

    fn para(children: Vec<Node>) -> Vec<Node> {
        vec![Element(Paragraph, children)]
    }

    #[test]
    fn emphasis_follows_the_delimiter_rules() {
        assert_eq!(
            parse("*a* _b_ **c** __d__ ~~e~~"),
            para(vec![
                Element(Emphasis, vec![text("a")]),
                text(" "),
                Element(Emphasis, vec![text("b")]),
                text(" "),
                Element(Strong, vec![text("c")]),
                text(" "),
                Element(Strong, vec![text("d")]),
                text(" "),
                Element(Strike, vec![text("e")]),
            ])
        );
        // Inside words, in arithmetic, alone or unclosed, the marks are text.
        for plain in [
            "snake_case_word",
            "2 * 3 * 4",
            "a ~ b ~c~",
            "**open",
            "__x**",
        ] {
            assert_eq!(parse(plain), para(vec![text(plain)]), "{plain}");
        }
        assert_eq!(
            parse("***both*** *a **b** c* **你好**。"),
            para(vec![
                Element(Emphasis, vec![Element(Strong, vec![text("both")])]),
                text(" "),
                Element(
                    Emphasis,
                    vec![text("a "), Element(Strong, vec![text("b")]), text(" c")]
                ),
                text(" "),
                Element(Strong, vec![text("你好")]),
                text("。"),
            ])
        );
        // The rule of three, and a closer with marks left over.
        assert_eq!(
            parse("*foo**bar**baz* **a*"),
            para(vec![
                Element(
                    Emphasis,
                    vec![text("foo"), Element(Strong, vec![text("bar")]), text("baz")]
                ),
                text(" *"),
                Element(Emphasis, vec![text("a")]),
            ])
        );
    }

    #[test]
    fn code_escapes_entities_and_breaks() {
        assert_eq!(
            parse("``a `b` c`` `x`y ` z"),
            para(vec![
                Element(Code, vec![text("a `b` c")]),
                text(" "),
                Element(Code, vec![text("x")]),
                text("y ` z"),
            ])
        );
        assert_eq!(
            parse(r"\*not\* \_em\_ C:\path &amp; &#60; &#x3C; &copy; &nope; AT&T"),
            para(vec![text(r"*not* _em_ C:\path & < < © &nope; AT&T")])
        );
        assert_eq!(
            parse("one  \ntwo\\\nthree\nfour"),
            para(vec![
                text("one"),
                Break,
                text("two"),
                Break,
                text("three four")
            ])
        );
    }

    #[test]
    fn links_autolinks_and_images() {
        let link = |href: &str, children| Element(Link(href.into()), children);
        assert_eq!(
            parse(
                "[a (b)](https://x.test/a_(b)) [**t**](<https://x.test/s p> \"T\") <https://x.test> <me@x.test>"
            ),
            para(vec![
                link("https://x.test/a_(b)", vec![text("a (b)")]),
                text(" "),
                link("https://x.test/s p", vec![Element(Strong, vec![text("t")])]),
                text(" "),
                link("https://x.test", vec![text("https://x.test")]),
                text(" "),
                link("mailto:me@x.test", vec![text("me@x.test")]),
            ])
        );
        assert_eq!(
            parse("![a map](https://x.test/m.png) [no link] [x] (y) a < b [[n]](https://x.test)"),
            para(vec![
                text("a map [no link] [x] (y) a < b "),
                link("https://x.test", vec![text("[n]")]),
            ])
        );
    }

    #[test]
    fn blocks_headings_code_quotes() {
        assert_eq!(
            parse(
                "## Hours ##\nOpen\n===\n\n* * *\n```js\nlet a = 1;\n\n```\n\n    indented\n      more\n\n> quoted\nlazy\n> - item"
            ),
            vec![
                Element(Heading, vec![text("Hours")]),
                Element(Heading, vec![text("Open")]),
                Element(CodeBlock, vec![text("let a = 1;\n\n")]),
                Element(CodeBlock, vec![text("indented\n  more\n")]),
                Element(
                    Quote,
                    vec![
                        Element(Paragraph, vec![text("quoted lazy")]),
                        Element(List, vec![Element(Item, vec![text("item")])]),
                    ]
                ),
            ]
        );
        // A fence still open (a reply streaming in) runs to the end; "#5" is no heading.
        assert_eq!(
            parse("```\ncode\n#5"),
            vec![Element(CodeBlock, vec![text("code\n#5\n")])]
        );
        assert_eq!(parse("#5 on the list"), para(vec![text("#5 on the list")]));
    }

    #[test]
    fn lists_nest_and_may_be_loose() {
        assert_eq!(
            parse("Hours:\n- Mon\n  - 8am\n  - 9am\n- Tue\nstill Tue\n\nAfter"),
            vec![
                Element(Paragraph, vec![text("Hours:")]),
                Element(
                    List,
                    vec![
                        Element(
                            Item,
                            vec![
                                text("Mon"),
                                Element(
                                    List,
                                    vec![
                                        Element(Item, vec![text("8am")]),
                                        Element(Item, vec![text("9am")]),
                                    ]
                                ),
                            ]
                        ),
                        Element(Item, vec![text("Tue still Tue")]),
                    ]
                ),
                Element(Paragraph, vec![text("After")]),
            ]
        );
        assert_eq!(
            parse("1) one\n\n   more\n2) two"),
            vec![Element(
                OrderedList(1),
                vec![
                    Element(
                        Item,
                        vec![
                            Element(Paragraph, vec![text("one")]),
                            Element(Paragraph, vec![text("more")])
                        ]
                    ),
                    Element(Item, vec![Element(Paragraph, vec![text("two")])]),
                ]
            )]
        );
        // A number other than 1 does not start a list inside a paragraph; a new marker starts
        // a new list.
        assert_eq!(
            parse("We have\n2. floors"),
            para(vec![text("We have 2. floors")])
        );
        assert_eq!(parse("- a\n+ b").len(), 2);
    }
}
