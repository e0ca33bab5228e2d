//! GFM tables: a header row, a delimiter row (`| --- | :-: |`, as many cells) and body rows up
//! to a blank line or another block. Cells are split at each `|` that is not escaped (`\|`);
//! each cell's text goes to [`super::inline`]. Price lists and opening
//! hours are tables in owners' knowledge, and replies quote them.

use super::{Align, Kind, Node, inline};

/// Whether `lines[at]` and the line after it open a table: a row, then a delimiter row with as
/// many cells.
pub(super) fn opens(lines: &[&str], at: usize) -> bool {
    let (Some(head), Some(rule)) = (lines.get(at), lines.get(at + 1)) else {
        return false;
    };
    head.contains('|') && alignments(rule).is_some_and(|columns| columns.len() == cells(head).len())
}

/// The table at `lines[from]` (which [`opens`] one): its rows, the first the header. Returns
/// the index of the first line after it.
pub(super) fn parse(
    lines: &[&str],
    from: usize,
    ends: impl Fn(&str) -> bool,
    out: &mut Vec<Node>,
) -> usize {
    let columns = alignments(lines[from + 1]).unwrap_or_default();
    let mut rows = vec![row(lines[from], &columns, true)];
    let mut i = from + 2;
    while i < lines.len() && !super::blocks::is_blank(lines[i]) && !ends(lines[i]) {
        rows.push(row(lines[i], &columns, false));
        i += 1;
    }
    out.push(Node::Element(Kind::Table, rows));
    i
}

/// One row: as many cells as the table has columns (missing ones empty, extra ones dropped).
fn row(line: &str, columns: &[Align], header: bool) -> Node {
    let mut texts = cells(line).into_iter();
    let cells = columns
        .iter()
        .map(|&align| {
            let text = texts.next().unwrap_or_default();
            Node::Element(Kind::Cell { header, align }, inline::parse(&text))
        })
        .collect();
    Node::Element(Kind::Row, cells)
}

/// The columns' alignments when `line` is a delimiter row (`:---`, `:-:`, `---:` or `---`
/// between pipes), else `None`.
fn alignments(line: &str) -> Option<Vec<Align>> {
    if !line.contains('-') || line.trim_start().len() + 4 <= line.len() {
        return None;
    }
    let columns: Option<Vec<Align>> = cells(line)
        .iter()
        .map(|cell| {
            let c = cell.trim();
            let left = c.starts_with(':');
            let right = c.ends_with(':');
            let dashes = c.trim_start_matches(':').trim_end_matches(':');
            (!dashes.is_empty() && dashes.bytes().all(|b| b == b'-')).then_some(
                match (left, right) {
                    (true, true) => Align::Center,
                    (true, false) => Align::Left,
                    (false, true) => Align::Right,
                    (false, false) => Align::None,
                },
            )
        })
        .collect();
    // A single column needs a pipe, or it is a setext underline or a list.
    columns.filter(|c| c.len() > 1 || line.contains('|'))
}

/// The cells of a row: its text split at each `|` that is not escaped (inside code spans too,
/// as GFM reads it), without the leading and trailing pipe; `\|` becomes a plain pipe.
fn cells(line: &str) -> Vec<String> {
    let mut text = line.trim();
    text = text.strip_prefix('|').unwrap_or(text);
    if text.ends_with('|') && !text.ends_with("\\|") {
        text = &text[..text.len() - 1];
    }
    let mut out = vec![String::new()];
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let cell = out.last_mut().expect("one cell at least");
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                chars.next();
                cell.push('|');
            }
            '|' => out.push(String::new()),
            c => cell.push(c),
        }
    }
    out.into_iter().map(|c| c.trim().to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use crate::{Align, Kind, Node, parse};

    /// The text of each cell of each row, and the alignments of the first row's cells.
    fn grid(nodes: &[Node]) -> (Vec<Vec<String>>, Vec<Align>) {
        let Node::Element(Kind::Table, rows) = &nodes[0] else {
            panic!("no table: {nodes:?}")
        };
        let mut aligns = Vec::new();
        let cells = rows
            .iter()
            .map(|row| {
                let Node::Element(Kind::Row, cells) = row else {
                    panic!("no row: {row:?}")
                };
                cells
                    .iter()
                    .map(|cell| {
                        let Node::Element(Kind::Cell { align, .. }, inner) = cell else {
                            panic!("no cell: {cell:?}")
                        };
                        if aligns.len() < cells.len() {
                            aligns.push(*align);
                        }
                        inner
                            .iter()
                            .map(|n| match n {
                                Node::Text(t) => t.clone(),
                                Node::Element(_, inner) => format!("<{inner:?}>"),
                                Node::Break => "\n".into(),
                            })
                            .collect()
                    })
                    .collect()
            })
            .collect();
        (cells, aligns)
    }

    #[test]
    fn a_price_list_is_a_table_with_its_header_and_alignments() {
        let nodes = parse(
            "Our cakes:\n\n| Cake | Size | Price |\n|:-----|:---:|------:|\n| Chocolate | 8\" | $30 |\n| Lemon | 6\" | $24 |\n\nOrder ahead.",
        );
        assert_eq!(nodes.len(), 3, "{nodes:?}");
        let (cells, aligns) = grid(&nodes[1..]);
        assert_eq!(
            cells,
            [
                ["Cake", "Size", "Price"],
                ["Chocolate", "8\"", "$30"],
                ["Lemon", "6\"", "$24"]
            ]
        );
        assert_eq!(aligns, [Align::Left, Align::Center, Align::Right]);
        let Node::Element(Kind::Table, rows) = &nodes[1] else {
            unreachable!()
        };
        let Node::Element(Kind::Row, head) = &rows[0] else {
            unreachable!()
        };
        assert!(matches!(
            head[0],
            Node::Element(Kind::Cell { header: true, .. }, _)
        ));
        let Node::Element(Kind::Row, body) = &rows[1] else {
            unreachable!()
        };
        assert!(matches!(
            body[0],
            Node::Element(Kind::Cell { header: false, .. }, _)
        ));
    }

    #[test]
    fn a_table_interrupts_a_paragraph_and_ends_at_another_block() {
        let nodes = parse("Hours:\nDay | Open\n--- | ---\nMon | 7am\n- a list");
        assert!(
            matches!(nodes[0], Node::Element(Kind::Paragraph, _)),
            "{nodes:?}"
        );
        let (cells, _) = grid(&nodes[1..]);
        assert_eq!(cells, [["Day", "Open"], ["Mon", "7am"]]);
        assert!(
            matches!(nodes[2], Node::Element(Kind::List, _)),
            "{nodes:?}"
        );
    }

    #[test]
    fn rows_have_the_headers_cells_and_escaped_pipes_stay() {
        let nodes = parse("| a | b |\n| - | - |\n| only |\n| x \\| y | z | extra |");
        let (cells, aligns) = grid(&nodes);
        assert_eq!(cells, [["a", "b"], ["only", ""], ["x | y", "z"]]);
        assert_eq!(aligns, [Align::None, Align::None]);
    }

    #[test]
    fn what_is_not_a_table_stays_text() {
        for text in [
            "a | b\n--- | --- | ---", // the delimiter row has another count
            "a | b\nno rule here",    // no delimiter row
            "Title\n---",             // a setext heading
            "| a |\n    |---|",       // the rule is indented code
            "a\n- b",                 // a list
        ] {
            assert!(
                !parse(text)
                    .iter()
                    .any(|n| matches!(n, Node::Element(Kind::Table, _))),
                "{text}: {:?}",
                parse(text)
            );
        }
    }

    #[test]
    fn cells_read_their_inline_markdown() {
        let nodes = parse("| item | note |\n|---|---|\n| **Tart** | [menu](https://x.test) |");
        let Node::Element(Kind::Table, rows) = &nodes[0] else {
            panic!()
        };
        let Node::Element(Kind::Row, cells) = &rows[1] else {
            panic!()
        };
        let Node::Element(_, first) = &cells[0] else {
            panic!()
        };
        assert!(
            matches!(first[0], Node::Element(Kind::Strong, _)),
            "{first:?}"
        );
        let Node::Element(_, second) = &cells[1] else {
            panic!()
        };
        assert!(
            matches!(second[0], Node::Element(Kind::Link(_), _)),
            "{second:?}"
        );
    }
}
