//! Word files (`.docx`): the text of `word/document.xml`, read with `quick-xml` from the zip
//! (`zip`, deflate only), as Markdown the chunker understands: a paragraph whose style is a
//! heading (by the style's built-in name, `heading 1`…, or its outline level, whatever the
//! language of Word that wrote it) becomes `#`…, a numbered or bulleted paragraph `- `, a table
//! a GFM table; deleted text (tracked changes) and field codes are left out.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// Most bytes read from one part of the zip (a zip bomb stops here).
const PART_MAX_BYTES: u64 = 32 * 1024 * 1024;

/// The text of a `.docx`, or why it cannot be read.
pub fn text(bytes: &[u8]) -> Result<String, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|_| "this is not a Word (.docx) file".to_owned())?;
    let document = part(&mut zip, "word/document.xml")?
        .ok_or_else(|| "this .docx has no document in it".to_owned())?;
    let styles = part(&mut zip, "word/styles.xml")?
        .map(|s| heading_styles(&s))
        .unwrap_or_default();
    Ok(render(&document, &styles))
}

fn part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Option<String>, String> {
    let Ok(file) = zip.by_name(name) else {
        return Ok(None);
    };
    let mut out = String::new();
    file.take(PART_MAX_BYTES)
        .read_to_string(&mut out)
        .map_err(|_| format!("{name} in this .docx cannot be read"))?;
    Ok(Some(out))
}

/// The value of attribute `w:<name>` (any prefix).
fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find_map(|a| (a.key.local_name().as_ref() == name).then(|| unescape(&a.value)))
}

/// The heading level of each paragraph style that is one: by its name (`heading 2`, `Title`)
/// or its outline level.
fn heading_styles(xml: &str) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    let mut reader = Reader::from_str(xml);
    let mut current: Option<String> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match e.local_name().as_ref() {
                "style" => current = attr(&e, "styleId"),
                "name" => {
                    if let (Some(id), Some(name)) = (&current, attr(&e, "val"))
                        && let Some(level) = level_of_name(&name)
                    {
                        out.insert(id.clone(), level);
                    }
                }
                "outlineLvl" => {
                    if let (Some(id), Some(level)) = (&current, attr(&e, "val"))
                        && let Ok(level) = level.parse::<usize>()
                    {
                        out.entry(id.clone()).or_insert((level + 1).min(6));
                    }
                }
                _ => {}
            },
            Ok(Event::End(e)) if e.local_name().as_ref() == "style" => current = None,
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

/// `heading 3` → 3, `Title` → 1.
fn level_of_name(name: &str) -> Option<usize> {
    let lower = name.to_ascii_lowercase();
    if lower == "title" {
        return Some(1);
    }
    let n = lower
        .strip_prefix("heading")?
        .trim()
        .parse::<usize>()
        .ok()?;
    (1..=9).contains(&n).then_some(n.min(6))
}

/// One paragraph as it is read.
#[derive(Default)]
struct Paragraph {
    text: String,
    level: Option<usize>,
    list: Option<usize>,
}

/// Where the reader is in a table.
#[derive(Default)]
struct Table {
    rows: Vec<Vec<String>>,
    cell: Option<String>,
}

fn render(xml: &str, styles: &HashMap<String, usize>) -> String {
    let mut reader = Reader::from_str(xml);
    let mut blocks: Vec<String> = Vec::new();
    let mut paragraph: Option<Paragraph> = None;
    let mut tables: Vec<Table> = Vec::new();
    // Inside deleted text or a field's code: nothing is kept.
    let mut skipping = 0usize;
    let mut in_text = false;
    loop {
        let event = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(e) => e,
        };
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                "del" | "instrText" | "delText" => skipping += 1,
                "p" => paragraph = Some(Paragraph::default()),
                "t" => in_text = true,
                "tbl" => tables.push(Table::default()),
                "tr" => {
                    if let Some(t) = tables.last_mut() {
                        t.rows.push(Vec::new());
                    }
                }
                "tc" => {
                    if let Some(t) = tables.last_mut() {
                        t.cell = Some(String::new());
                    }
                }
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "pStyle" => {
                    if let (Some(p), Some(id)) = (paragraph.as_mut(), attr(&e, "val")) {
                        p.level = p.level.or_else(|| styles.get(&id).copied());
                    }
                }
                "outlineLvl" => {
                    if let (Some(p), Some(l)) = (paragraph.as_mut(), attr(&e, "val"))
                        && let Ok(l) = l.parse::<usize>()
                    {
                        p.level = Some((l + 1).min(6));
                    }
                }
                "ilvl" => {
                    if let (Some(p), Some(l)) = (paragraph.as_mut(), attr(&e, "val")) {
                        p.list = l.parse().ok();
                    }
                }
                "numId" => {
                    if let Some(p) = paragraph.as_mut() {
                        // `numId 0` takes a paragraph out of a list.
                        if attr(&e, "val").as_deref() == Some("0") {
                            p.list = None;
                        } else {
                            p.list = p.list.or(Some(0));
                        }
                    }
                }
                "tab" | "br" | "cr" if skipping == 0 => {
                    if let Some(p) = paragraph.as_mut() {
                        p.text.push(' ');
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_text && skipping == 0 => {
                if let Some(p) = paragraph.as_mut() {
                    p.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if in_text && skipping == 0 => {
                if let Some(p) = paragraph.as_mut() {
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => p.text.push(c),
                        _ => p.text.push_str(&unescape(&format!("&{};", &*r))),
                    }
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "del" | "instrText" | "delText" => skipping = skipping.saturating_sub(1),
                "t" => in_text = false,
                "p" => {
                    let Some(p) = paragraph.take() else { continue };
                    let text = p.text.split_whitespace().collect::<Vec<_>>().join(" ");
                    if text.is_empty() {
                        continue;
                    }
                    match tables.last_mut().and_then(|t| t.cell.as_mut()) {
                        Some(cell) => {
                            if !cell.is_empty() {
                                cell.push(' ');
                            }
                            cell.push_str(&text);
                        }
                        None => blocks.push(match (p.level, p.list) {
                            (Some(level), _) => format!("{} {text}", "#".repeat(level)),
                            (None, Some(depth)) => format!("{}- {text}", "  ".repeat(depth.min(4))),
                            (None, None) => text,
                        }),
                    }
                }
                "tc" => {
                    if let Some(t) = tables.last_mut() {
                        let cell = t.cell.take().unwrap_or_default();
                        if let Some(row) = t.rows.last_mut() {
                            row.push(cell.replace('|', "\\|"));
                        }
                    }
                }
                "tbl" => {
                    if let Some(t) = tables.pop() {
                        let table = gfm(&t.rows);
                        // A table inside a cell is written into that cell as text.
                        match tables.last_mut().and_then(|t| t.cell.as_mut()) {
                            Some(cell) => cell.push_str(&table.replace('\n', " ")),
                            None if !table.is_empty() => blocks.push(table),
                            None => {}
                        }
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    join_blocks(&blocks)
}

/// Blocks separated by blank lines, list items by single newlines.
fn join_blocks(blocks: &[String]) -> String {
    let mut out = String::new();
    let is_item = |b: &str| b.trim_start().starts_with("- ");
    for (i, b) in blocks.iter().enumerate() {
        if i > 0 {
            out.push_str(if is_item(b) && is_item(&blocks[i - 1]) {
                "\n"
            } else {
                "\n\n"
            });
        }
        out.push_str(b);
    }
    out
}

/// Rows as a GFM table (the first row its header).
fn gfm(rows: &[Vec<String>]) -> String {
    let rows: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r.iter().any(|c| !c.is_empty()))
        .collect();
    let Some(width) = rows.iter().map(|r| r.len()).max() else {
        return String::new();
    };
    let line = |r: &Vec<String>| {
        let mut cells: Vec<&str> = r.iter().map(String::as_str).collect();
        cells.resize(width, "");
        format!("| {} |", cells.join(" | "))
    };
    let mut out = vec![line(rows[0]), format!("|{}", " --- |".repeat(width))];
    out.extend(rows[1..].iter().map(|r| line(r)));
    out.join("\n")
}

/// XML's five entities and numeric references.
fn unescape(raw: &str) -> String {
    quick_xml::escape::unescape(raw).map_or_else(|_| raw.to_owned(), |s| s.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_heading_style_is_known_by_its_built_in_name_whatever_its_id() {
        let styles = r#"<w:styles xmlns:w="w"><w:style w:styleId="berschrift2"><w:name w:val="heading 2"/></w:style>
            <w:style w:styleId="Titel"><w:name w:val="Title"/></w:style>
            <w:style w:styleId="Kapitel"><w:name w:val="Kapitel"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
            <w:style w:styleId="Standard"><w:name w:val="Normal"/></w:style></w:styles>"#;
        let levels = heading_styles(styles);
        assert_eq!(levels.get("berschrift2"), Some(&2));
        assert_eq!(levels.get("Titel"), Some(&1));
        assert_eq!(levels.get("Kapitel"), Some(&1));
        assert_eq!(levels.get("Standard"), None);
        let document = r#"<w:document xmlns:w="w"><w:body>
            <w:p><w:pPr><w:pStyle w:val="berschrift2"/></w:pPr><w:r><w:t>Öffnungszeiten</w:t></w:r></w:p>
            <w:p><w:r><w:t xml:space="preserve">Fish &amp; chips, </w:t></w:r><w:del><w:r><w:delText>old</w:delText></w:r></w:del><w:r><w:t>daily</w:t></w:r></w:p>
            <w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>Sunday</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>A|B</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>2</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
            </w:body></w:document>"#;
        assert_eq!(
            render(document, &levels),
            "## Öffnungszeiten\n\nFish & chips, daily\n\n  - Sunday\n\n| A\\|B | 2 |\n| --- | --- |"
        );
    }
}
