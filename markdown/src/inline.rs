//! The text of a paragraph or heading: code spans, links and autolinks, backslash escapes,
//! entities and line breaks in one pass, then emphasis (`*`, `_`), strong and `~~strike~~`
//! matched by CommonMark's delimiter rules (flanking, the rule of three) over what is left.

use super::{Kind, Node, safe_url};

/// What the first pass leaves: finished nodes, and the marks the second pass may match.
enum Item {
    Node(Node),
    /// A run of `*`, `_` or `~`: how many are left of how many there were, and whether the run
    /// can open or close emphasis.
    Marks {
        mark: u8,
        left: usize,
        run: usize,
        open: bool,
        close: bool,
    },
    /// A `[` (or `![`) that may start a link's text (an image's description).
    Bracket {
        image: bool,
        active: bool,
    },
}

/// Parses the text of one block.
pub(super) fn parse(text: &str) -> Vec<Node> {
    let mut items = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        i = match bytes[i] {
            b'\\' => escape(text, i, &mut items),
            b'`' => code(text, i, &mut items),
            b'*' | b'_' | b'~' => marks(text, i, &mut items),
            b'!' if bytes.get(i + 1) == Some(&b'[') => {
                items.push(Item::Bracket {
                    image: true,
                    active: true,
                });
                i + 2
            }
            b'[' => {
                items.push(Item::Bracket {
                    image: false,
                    active: true,
                });
                i + 1
            }
            b']' => close_bracket(text, i, &mut items),
            b'<' => autolink(text, i, &mut items),
            b'&' => entity(text, i, &mut items),
            b'\n' => line_break(i, &mut items),
            _ => {
                let end = text[i..]
                    .find(['\\', '`', '*', '_', '~', '!', '[', ']', '<', '&', '\n'])
                    .map_or(text.len(), |n| i + n);
                push_text(&mut items, &text[i..end.max(i + 1)]);
                end.max(i + 1)
            }
        };
        debug_assert!(i > start);
    }
    emphasis(&mut items, 0);
    nodes(items)
}

/// Appends text, joining it to text just before.
fn push_text(items: &mut Vec<Item>, text: &str) {
    if let Some(Item::Node(Node::Text(last))) = items.last_mut() {
        last.push_str(text);
    } else {
        items.push(Item::Node(Node::Text(text.to_owned())));
    }
}

/// The items as nodes: marks and brackets left unmatched are text.
fn nodes(items: Vec<Item>) -> Vec<Node> {
    let mut out = Vec::new();
    for item in items {
        let text = match item {
            Item::Node(Node::Text(t)) => t,
            Item::Node(node) => {
                out.push(node);
                continue;
            }
            Item::Marks { mark, left, .. } => (mark as char).to_string().repeat(left),
            Item::Bracket { image, .. } => bracket(image).to_owned(),
        };
        match out.last_mut() {
            Some(Node::Text(last)) => last.push_str(&text),
            _ => out.push(Node::Text(text)),
        }
    }
    out
}

/// `\` before punctuation shows it as it is; before the end of a line, it breaks the line.
fn escape(text: &str, at: usize, items: &mut Vec<Item>) -> usize {
    match text.as_bytes().get(at + 1) {
        Some(b'\n') => {
            items.push(Item::Node(Node::Break));
            at + 2
        }
        Some(c) if c.is_ascii_punctuation() => {
            push_text(items, &text[at + 1..at + 2]);
            at + 2
        }
        _ => {
            push_text(items, "\\");
            at + 1
        }
    }
}

/// A line's end: a break when the line ends with two spaces, else a space.
fn line_break(at: usize, items: &mut Vec<Item>) -> usize {
    let mut hard = false;
    if let Some(Item::Node(Node::Text(last))) = items.last_mut() {
        hard = last.ends_with("  ");
        last.truncate(last.trim_end_matches([' ', '\t']).len());
        if last.is_empty() {
            items.pop();
        }
    }
    if hard {
        items.push(Item::Node(Node::Break));
    } else {
        push_text(items, " ");
    }
    at + 1
}

/// A code span: between runs of as many backticks; without a closing run, the backticks are
/// text.
fn code(text: &str, at: usize, items: &mut Vec<Item>) -> usize {
    let run = text[at..].bytes().take_while(|&b| b == b'`').count();
    let from = at + run;
    let mut i = from;
    while let Some(n) = text[i..].find('`') {
        let start = i + n;
        let len = text[start..].bytes().take_while(|&b| b == b'`').count();
        if len == run {
            let inner = text[from..start].replace('\n', " ");
            let trimmed = match inner.strip_prefix(' ').and_then(|s| s.strip_suffix(' ')) {
                Some(t) if !inner.trim().is_empty() => t.to_owned(),
                _ => inner,
            };
            items.push(Item::Node(Node::Element(
                Kind::Code,
                vec![Node::Text(trimmed)],
            )));
            return start + len;
        }
        i = start + len;
    }
    push_text(items, &text[at..from]);
    from
}

/// Whether `c` counts as punctuation for the flanking rules (Unicode symbols do too).
fn is_punctuation(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_whitespace()
}

/// A run of `*`, `_` or `~`, and whether it can open or close emphasis.
fn marks(text: &str, at: usize, items: &mut Vec<Item>) -> usize {
    let mark = text.as_bytes()[at];
    let run = text[at..].bytes().take_while(|&b| b == mark).count();
    let end = at + run;
    if mark == b'~' && run != 2 {
        push_text(items, &text[at..end]);
        return end;
    }
    let before = text[..at].chars().next_back().unwrap_or(' ');
    let after = text[end..].chars().next().unwrap_or(' ');
    let left = !after.is_whitespace()
        && (!is_punctuation(after) || before.is_whitespace() || is_punctuation(before));
    let right = !before.is_whitespace()
        && (!is_punctuation(before) || after.is_whitespace() || is_punctuation(after));
    let (open, close) = if mark == b'_' {
        (
            left && (!right || is_punctuation(before)),
            right && (!left || is_punctuation(after)),
        )
    } else {
        (left, right)
    };
    items.push(Item::Marks {
        mark,
        left: run,
        run,
        open,
        close,
    });
    end
}

/// Matches the marks of `items[from..]`, innermost first, into emphasis, strong and strike.
fn emphasis(items: &mut Vec<Item>, from: usize) {
    let mut c = from;
    while c < items.len() {
        let Item::Marks {
            mark,
            left,
            run,
            open: closer_opens,
            close: true,
        } = items[c]
        else {
            c += 1;
            continue;
        };
        let opener = (from..c).rev().find(|&o| match items[o] {
            Item::Marks {
                mark: m,
                left: l,
                run: r,
                open: true,
                close: opener_closes,
            } if m == mark => {
                if mark == b'~' {
                    return l == left;
                }
                // The rule of three: a run that can both open and close matches another only
                // when their lengths do not add up to a multiple of three (unless both are).
                !((opener_closes || closer_opens)
                    && (r + run) % 3 == 0
                    && (r % 3 != 0 || run % 3 != 0))
            }
            _ => false,
        });
        // Unmatched, the run stays text (or an opener for a later closer).
        let Some(o) = opener else {
            c += 1;
            continue;
        };
        let Item::Marks {
            left: opener_left, ..
        } = items[o]
        else {
            unreachable!()
        };
        let used = if mark == b'~' || (left >= 2 && opener_left >= 2) {
            2
        } else {
            1
        };
        let kind = match (mark, used) {
            (b'~', _) => Kind::Strike,
            (_, 2) => Kind::Strong,
            _ => Kind::Emphasis,
        };
        let inner: Vec<Item> = items.drain(o + 1..c).collect();
        items.insert(o + 1, Item::Node(Node::Element(kind, nodes(inner))));
        // Now the opener is at `o`, the element at `o + 1`, the closer at `o + 2`. A closer
        // with marks left may close another opener; one used up is done with.
        c = o + 2;
        for at in [o + 2, o] {
            if let Item::Marks { left, .. } = &mut items[at] {
                *left -= used;
                if *left == 0 {
                    items.remove(at);
                    if at == o {
                        c -= 1;
                    }
                }
            }
        }
    }
}

/// `]`: the end of a link's text when a destination follows (`[text](url "title")`), else
/// text.
fn close_bracket(text: &str, at: usize, items: &mut Vec<Item>) -> usize {
    let Some(b) = items
        .iter()
        .rposition(|i| matches!(i, Item::Bracket { .. }))
    else {
        push_text(items, "]");
        return at + 1;
    };
    let Item::Bracket { image, active } = items[b] else {
        unreachable!()
    };
    let destination = if active {
        destination(text, at + 1)
    } else {
        None
    };
    let Some((url, end)) = destination else {
        items[b] = Item::Node(Node::Text(bracket(image).to_owned()));
        push_text(items, "]");
        return at + 1;
    };
    emphasis(items, b + 1);
    let inner: Vec<Item> = items.drain(b + 1..).collect();
    items.pop(); // the bracket
    let children = nodes(inner);
    match safe_url(&url).filter(|_| !image) {
        Some(href) => items.push(Item::Node(Node::Element(Kind::Link(href), children))),
        // An image shows its description; a link to an unsafe address, its text.
        None => children.into_iter().for_each(|n| match n {
            Node::Text(t) => push_text(items, &t),
            n => items.push(Item::Node(n)),
        }),
    }
    if !image {
        // No link inside a link: the brackets before this one are text now.
        for item in items.iter_mut() {
            if let Item::Bracket {
                image: false,
                active,
            } = item
            {
                *active = false;
            }
        }
    }
    end
}

/// An opening bracket as text.
fn bracket(image: bool) -> &'static str {
    if image { "![" } else { "[" }
}

/// A link's destination `(url)`, `(<url>)` or `(url "title")` at `at`: the URL and where it
/// ends.
fn destination(text: &str, at: usize) -> Option<(String, usize)> {
    let rest = text.get(at..)?.strip_prefix('(')?;
    let body = rest.trim_start();
    let mut i = at + 1 + (rest.len() - body.len());
    let url = if let Some(inside) = body.strip_prefix('<') {
        let end = inside.find(['>', '\n', '<'])?;
        if inside.as_bytes()[end] != b'>' {
            return None;
        }
        i += end + 2;
        inside[..end].to_owned()
    } else {
        let mut depth = 0usize;
        let mut end = body.len();
        for (n, c) in body.char_indices() {
            match c {
                '(' => depth += 1,
                ')' if depth == 0 => {
                    end = n;
                    break;
                }
                ')' => depth -= 1,
                c if c.is_whitespace() || c.is_control() => {
                    end = n;
                    break;
                }
                _ => {}
            }
        }
        i += end;
        unescape(&body[..end])
    };
    // An optional title, apart from the URL: `"…"`, `'…'` or `(…)`.
    let after = text[i..].trim_start();
    let spaced = after.len() < text.len() - i;
    let after = match after.as_bytes().first() {
        Some(&q @ (b'"' | b'\'' | b'(')) if spaced => {
            let close = if q == b'(' { ')' } else { q as char };
            let end = after[1..].find(close)? + 2;
            after[end..].trim_start()
        }
        _ => after,
    };
    let end = text.len() - after.len();
    after.starts_with(')').then(|| (url, end + 1))
}

/// `text` without the backslashes that escape punctuation.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match chars.peek() {
            Some(&n) if c == '\\' && n.is_ascii_punctuation() => {}
            _ => out.push(c),
        }
    }
    out
}

/// `<https://…>`, `<mailto:…>` or `<name@example.com>`: a link showing its address.
fn autolink(text: &str, at: usize, items: &mut Vec<Item>) -> usize {
    let inside = &text[at + 1..];
    let Some(end) = inside.find(['>', '<', ' ', '\n']) else {
        push_text(items, "<");
        return at + 1;
    };
    let address = &inside[..end];
    let scheme = address.split(':').next().unwrap_or("");
    let is_uri = address.len() > scheme.len()
        && (2..=32).contains(&scheme.len())
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+.-".contains(&b));
    let is_email = !is_uri
        && address.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty() && host.contains('.') && !address.contains(['\\', '"', '(', ')'])
        });
    if inside.as_bytes().get(end) != Some(&b'>') || !(is_uri || is_email) {
        push_text(items, "<");
        return at + 1;
    }
    let href = if is_email {
        format!("mailto:{address}")
    } else {
        address.to_owned()
    };
    let shown = Node::Text(address.to_owned());
    match safe_url(&href) {
        Some(href) => items.push(Item::Node(Node::Element(Kind::Link(href), vec![shown]))),
        None => push_text(items, address),
    }
    at + end + 2
}

/// The named entities replies use; the rest stay as written.
const ENTITIES: [(&str, char); 22] = [
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", '\u{a0}'),
    ("copy", '©'),
    ("reg", '®'),
    ("trade", '™'),
    ("hellip", '…'),
    ("mdash", '—'),
    ("ndash", '–'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("bull", '•'),
    ("middot", '·'),
    ("deg", '°'),
    ("euro", '€'),
    ("pound", '£'),
    ("times", '×'),
];

/// `&amp;`, `&#60;` or `&#x3C;` as the character it names; anything else as text.
fn entity(text: &str, at: usize, items: &mut Vec<Item>) -> usize {
    let rest = &text[at + 1..];
    let semicolon = rest.bytes().take(11).position(|b| b == b';');
    let decoded = semicolon.and_then(|n| {
        let name = &rest[..n];
        let c = if let Some(number) = name.strip_prefix('#') {
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) if !hex.is_empty() && hex.len() <= 6 => {
                    u32::from_str_radix(hex, 16).ok()?
                }
                None if !number.is_empty() && number.len() <= 7 => number.parse().ok()?,
                _ => return None,
            };
            char::from_u32(code)
                .filter(|&c| c != '\0')
                .unwrap_or('\u{fffd}')
        } else {
            ENTITIES.iter().find(|(e, _)| *e == name)?.1
        };
        Some((c, n))
    });
    match decoded {
        Some((c, n)) => {
            push_text(items, c.encode_utf8(&mut [0; 4]));
            at + n + 2
        }
        None => {
            push_text(items, "&");
            at + 1
        }
    }
}
