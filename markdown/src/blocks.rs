//! The block structure of a reply: its lines become paragraphs, headings, code blocks, quotes,
//! lists and tables ([`super::table`]) (a quote's or a list item's own lines are read again, inside it, the same way);
//! the text of paragraphs and headings goes to [`super::inline`].

use super::{Kind, Node, inline, table};

/// The blocks of `lines`.
pub(super) fn parse(lines: &[&str]) -> Vec<Node> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if is_blank(line) {
            i += 1;
            continue;
        }
        let indent = indent(line);
        let text = line.trim_start();
        i = if indent >= 4 {
            indented_code(lines, i, &mut out)
        } else if let Some(fence) = fence(text) {
            fenced_code(lines, i, fence, indent, &mut out)
        } else if let Some(title) = heading(text) {
            out.push(Node::Element(Kind::Heading, inline::parse(title)));
            i + 1
        } else if is_rule(text) {
            i + 1 // a horizontal rule: nothing to show in a chat bubble
        } else if text.starts_with('>') {
            quote(lines, i, &mut out)
        } else if let Some(marker) = list_marker(text) {
            list(lines, i, marker, &mut out)
        } else if table::opens(lines, i) {
            table::parse(lines, i, interrupts, &mut out)
        } else {
            paragraph(lines, i, &mut out)
        };
    }
    out
}

pub(super) fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// The columns of whitespace `line` starts with (a tab reaches the next multiple of four).
fn indent(line: &str) -> usize {
    let mut col = 0;
    for b in line.bytes() {
        match b {
            b' ' => col += 1,
            b'\t' => col += 4 - col % 4,
            _ => break,
        }
    }
    col
}

/// `line` without its first `cols` columns of indentation.
fn dedent(line: &str, cols: usize) -> &str {
    let mut col = 0;
    for (i, b) in line.bytes().enumerate() {
        if col >= cols {
            return &line[i..];
        }
        match b {
            b' ' => col += 1,
            b'\t' => col += 4 - col % 4,
            _ => return &line[i..],
        }
    }
    ""
}

/// A code fence: its character and length ("```", "~~~~").
pub(super) type Fence = (u8, usize);

/// The code fence `line` opens, if it opens one.
pub(super) fn opens_fence(line: &str) -> Option<Fence> {
    if indent(line) >= 4 {
        return None;
    }
    fence(line.trim_start())
}

/// Whether `line` closes a code block opened by `fence` (as many of its characters or more,
/// and nothing else).
pub(super) fn closes_fence(line: &str, (c, n): Fence) -> bool {
    let text = line.trim_start();
    let run = text.bytes().take_while(|&b| b == c).count();
    indent(line) < 4 && run >= n && text[run..].trim().is_empty()
}

/// Whether `line` starts an item of a list (which may continue a list above it).
pub(super) fn starts_item(line: &str) -> bool {
    indent(line) < 4 && list_marker(line.trim_start()).is_some()
}

/// A code fence opening at the start of `text`: its character and length.
fn fence(text: &str) -> Option<Fence> {
    let c = *text.as_bytes().first()?;
    let n = text.bytes().take_while(|&b| b == c).count();
    ((c == b'`' || c == b'~') && n >= 3 && !(c == b'`' && text[n..].contains('`')))
        .then_some((c, n))
}

/// A heading's text ("## Hours ##" → "Hours").
fn heading(text: &str) -> Option<&str> {
    let level = text.bytes().take_while(|&b| b == b'#').count();
    let rest = &text[level..];
    if !(1..=6).contains(&level) || !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let rest = rest.trim();
    let closed = rest.trim_end_matches('#');
    Some(if closed.is_empty() || closed.ends_with([' ', '\t']) {
        closed.trim_end()
    } else {
        rest
    })
}

/// A horizontal rule: three or more `-`, `*` or `_` and nothing else but spaces.
fn is_rule(text: &str) -> bool {
    let mut marks = text.bytes().filter(|b| !matches!(b, b' ' | b'\t'));
    let Some(c) = marks.next() else { return false };
    matches!(c, b'-' | b'*' | b'_') && marks.clone().all(|b| b == c) && marks.count() >= 2
}

/// A list item's marker.
#[derive(Clone, Copy)]
struct Marker {
    /// The number of a numbered item.
    number: Option<u64>,
    /// The bullet (`-`, `*`, `+`) or the number's delimiter (`.`, `)`).
    mark: u8,
    /// The columns from the marker to the item's text: its lines are indented as far.
    width: usize,
    /// The byte where the item's text starts, from the marker.
    text_at: usize,
    /// Whether nothing follows the marker.
    empty: bool,
}

impl Marker {
    fn continues(&self, other: &Marker) -> bool {
        self.mark == other.mark && self.number.is_some() == other.number.is_some()
    }
}

/// The list marker `text` starts with, if any.
fn list_marker(text: &str) -> Option<Marker> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let (number, at) = match digits {
        0 => match text.as_bytes().first()? {
            b'-' | b'*' | b'+' => (None, 0),
            _ => return None,
        },
        1..=9 => (Some(text[..digits].parse().ok()?), digits),
        _ => return None,
    };
    let mark = *text.as_bytes().get(at)?;
    if number.is_some() && !matches!(mark, b'.' | b')') {
        return None;
    }
    let rest = &text[at + 1..];
    if rest.trim().is_empty() {
        return Some(Marker {
            number,
            mark,
            width: at + 2,
            text_at: text.len(),
            empty: true,
        });
    }
    let spaces = indent(rest);
    if spaces == 0 {
        return None;
    }
    // Five spaces or more start indented code inside the item: the text starts after one.
    let (width, text_at) = if spaces > 4 {
        (at + 2, at + 2)
    } else {
        (at + 1 + spaces, text.len() - rest.trim_start().len())
    };
    Some(Marker {
        number,
        mark,
        width,
        text_at,
        empty: false,
    })
}

/// Whether `line` ends a paragraph above it by starting a block of another kind.
fn interrupts(line: &str) -> bool {
    if indent(line) >= 4 {
        return false;
    }
    let text = line.trim_start();
    fence(text).is_some()
        || heading(text).is_some()
        || is_rule(text)
        || text.starts_with('>')
        || list_marker(text).is_some_and(|m| !m.empty && m.number.is_none_or(|n| n == 1))
}

/// Whether `line` continues, lazily (without its container's `>` or indentation), the
/// paragraph that `read` (the container's lines so far) ends with: a line of text that starts
/// no block of its own (no list item either) after a paragraph's line.
fn continues_lazily(read: &Read, line: &str) -> bool {
    !is_blank(line)
        && ends_in_paragraph(read)
        && !interrupts(line)
        && list_marker(line.trim_start()).is_none()
}

/// A container's lines read so far, with what is asked of them for each line that follows,
/// counted as they are added (reading them all again for each line made a long quote or
/// list item quadratic).
#[derive(Default)]
struct Read<'a> {
    lines: Vec<&'a str>,
    /// How many of them open or close a fence.
    fences: usize,
    /// Whether any is not blank.
    text: bool,
}

impl<'a> Read<'a> {
    fn push(&mut self, line: &'a str) {
        if indent(line) < 4 && fence(line.trim_start()).is_some() {
            self.fences += 1;
        }
        self.text |= !is_blank(line);
        self.lines.push(line);
    }
}

/// Whether `read` (a container's lines so far) ends with a line of a paragraph: not a heading,
/// a rule, a fence or the code inside one.
fn ends_in_paragraph(read: &Read) -> bool {
    read.lines.last().is_some_and(|last| {
        let text = last.trim_start();
        !is_blank(last)
            && indent(last) < 4
            && read.fences.is_multiple_of(2)
            && (!interrupts(last) || list_marker(text).is_some_and(|m| !m.empty))
            && !text.starts_with('>')
    })
}

/// Lines indented four columns: code, up to the next line that is not.
fn indented_code(lines: &[&str], from: usize, out: &mut Vec<Node>) -> usize {
    let mut end = from;
    let mut i = from;
    while i < lines.len() && (is_blank(lines[i]) || indent(lines[i]) >= 4) {
        if !is_blank(lines[i]) {
            end = i + 1;
        }
        i += 1;
    }
    let code: String = lines[from..end]
        .iter()
        .map(|l| format!("{}\n", dedent(l, 4)))
        .collect();
    out.push(code_block(code));
    end
}

/// A fenced code block, up to its closing fence (or the end of the text).
fn fenced_code(
    lines: &[&str],
    from: usize,
    fence: Fence,
    indent: usize,
    out: &mut Vec<Node>,
) -> usize {
    let mut code = String::new();
    let mut i = from + 1;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        if closes_fence(line, fence) {
            break;
        }
        code.push_str(dedent(line, indent));
        code.push('\n');
    }
    out.push(code_block(code));
    i
}

/// A code block showing `code`.
fn code_block(code: String) -> Node {
    let text = if code.is_empty() {
        vec![]
    } else {
        vec![Node::Text(code)]
    };
    Node::Element(Kind::CodeBlock, text)
}

/// A quote: its lines starting with `>`, and the lines that continue its last paragraph.
fn quote(lines: &[&str], from: usize, out: &mut Vec<Node>) -> usize {
    let mut inner = Read::default();
    let mut i = from;
    while i < lines.len() {
        let line = lines[i];
        let text = line.trim_start();
        if indent(line) < 4 && text.starts_with('>') {
            let rest = &text[1..];
            inner.push(rest.strip_prefix([' ', '\t']).unwrap_or(rest));
        } else if continues_lazily(&inner, line) {
            inner.push(line);
        } else {
            break;
        }
        i += 1;
    }
    out.push(Node::Element(Kind::Quote, parse(&inner.lines)));
    i
}

/// A list: its items (with their indented lines) while they have the same kind of marker.
fn list(lines: &[&str], from: usize, first: Marker, out: &mut Vec<Node>) -> usize {
    let mut items = Vec::new();
    let mut loose = false;
    let mut i = from;
    let mut marker = first;
    loop {
        let line = lines[i];
        let content = indent(line) + marker.width;
        let mut read = Read::default();
        read.push(&line.trim_start()[marker.text_at..]);
        i += 1;
        let mut blank = marker.empty;
        while i < lines.len() {
            let line = lines[i];
            if is_blank(line) {
                read.push("");
                blank = true;
            } else if indent(line) >= content {
                // Two blocks of the item apart by a blank line make the list loose.
                loose |= blank && read.text;
                read.push(dedent(line, content));
                blank = false;
            } else if continues_lazily(&read, line) {
                read.push(line.trim_start());
            } else {
                break;
            }
            i += 1;
        }
        let mut inner = read.lines;
        let lines_read = inner.len();
        while inner.last().is_some_and(|l| is_blank(l)) {
            inner.pop();
        }
        let apart = inner.len() < lines_read; // blank lines before the next item
        items.push(parse(&inner));
        let following = lines
            .get(i)
            .filter(|l| indent(l) < 4 && !is_rule(l.trim_start()))
            .and_then(|l| list_marker(l.trim_start()))
            .filter(|m| m.continues(&first));
        match following {
            Some(m) => {
                loose |= apart;
                marker = m;
            }
            None => break,
        }
    }
    let items = items
        .into_iter()
        .map(|children| {
            let children = if loose { children } else { tight(children) };
            Node::Element(Kind::Item, children)
        })
        .collect();
    out.push(Node::Element(
        match first.number {
            Some(start) => Kind::OrderedList(start),
            None => Kind::List,
        },
        items,
    ));
    i
}

/// An item of a tight list shows its paragraphs' text without paragraph breaks.
fn tight(children: Vec<Node>) -> Vec<Node> {
    children
        .into_iter()
        .flat_map(|n| match n {
            Node::Element(Kind::Paragraph, inner) => inner,
            other => vec![other],
        })
        .collect()
}

/// A paragraph: lines up to a blank one or one that starts another block; a paragraph
/// underlined with `===` or `---` is a heading.
fn paragraph(lines: &[&str], from: usize, out: &mut Vec<Node>) -> usize {
    let mut i = from + 1;
    while i < lines.len() && !is_blank(lines[i]) {
        let text = lines[i].trim();
        if indent(lines[i]) < 4
            && !text.is_empty()
            && (text.bytes().all(|b| b == b'=') || text.bytes().all(|b| b == b'-'))
        {
            let title = join(&lines[from..i]);
            out.push(Node::Element(Kind::Heading, inline::parse(&title)));
            return i + 1;
        }
        if interrupts(lines[i]) || table::opens(lines, i) {
            break;
        }
        i += 1;
    }
    out.push(Node::Element(
        Kind::Paragraph,
        inline::parse(&join(&lines[from..i])),
    ));
    i
}

/// The lines of a paragraph as one text, without the indentation of each line or the spaces
/// that end the last.
fn join(lines: &[&str]) -> String {
    let text: Vec<&str> = lines.iter().map(|l| l.trim_start()).collect();
    text.join("\n").trim_end().to_owned()
}
