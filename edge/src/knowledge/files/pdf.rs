//! PDF files: the text of each page, read with `lopdf` (its own text extraction, which decodes
//! the fonts' encodings and `ToUnicode` maps), pages separated by a form feed so each chunk
//! can cite its page (`#page=N`). The headings of the file's outline (bookmarks), where it has
//! one, become Markdown headings on their page. A file whose pages hold no text (a scan) is
//! refused: there is no OCR.

use lopdf::Document;

/// The marks a list item's bullet is drawn with.
const BULLETS: [&str; 7] = ["•", "◦", "▪", "▫", "‣", "–", "-"];

/// What separates pages in the text kept.
pub const PAGE_BREAK: char = '\u{c}';

/// The text of a PDF, its pages separated by [`PAGE_BREAK`], or why it cannot be read.
pub fn text(bytes: &[u8]) -> Result<String, String> {
    let doc = Document::load_mem(bytes).map_err(|e| format!("this PDF cannot be read ({e})"))?;
    if doc.is_encrypted() {
        return Err("this PDF is protected by a password: save it without one first".into());
    }
    let pages = doc.get_pages();
    let outline = headings(&doc);
    let mut out: Vec<String> = Vec::with_capacity(pages.len());
    for number in pages.keys() {
        let raw = doc.extract_text(&[*number]).unwrap_or_default();
        let page_headings: Vec<&(u32, usize, String)> =
            outline.iter().filter(|(p, _, _)| p == number).collect();
        out.push(page_text(&raw, &page_headings));
    }
    if out.iter().all(|p| p.trim().is_empty()) {
        return Err(
            "this PDF has no text in it (a scan, or pictures of text?): Porthole reads a PDF's text, not its images (no OCR). Export it with its text, or paste the text".into(),
        );
    }
    Ok(out.join(&PAGE_BREAK.to_string()))
}

/// A page's text: lines trimmed, blank runs collapsed, and a line that is one of the page's
/// outline headings marked as one.
fn page_text(raw: &str, headings: &[&(u32, usize, String)]) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut bullet = false;
    for line in raw
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
    {
        // A list's bullet is a text of its own: it goes before the item's line.
        if BULLETS.contains(&line.as_str()) {
            bullet = true;
            continue;
        }
        let line = if std::mem::take(&mut bullet) && !line.is_empty() {
            format!("- {line}")
        } else {
            line
        };
        if line.is_empty() {
            if lines.last().is_some_and(|l| !l.is_empty()) {
                lines.push(String::new());
            }
            continue;
        }
        match headings
            .iter()
            .find(|(_, _, title)| title.eq_ignore_ascii_case(&line))
        {
            Some((_, level, _)) => {
                if lines.last().is_some_and(|l| !l.is_empty()) {
                    lines.push(String::new());
                }
                lines.push(format!("{} {line}", "#".repeat((*level).clamp(1, 6))));
                lines.push(String::new());
            }
            None => lines.push(line),
        }
    }
    lines.join("\n").trim().to_owned()
}

/// The outline's entries: page, level (1 at the top) and title.
fn headings(doc: &Document) -> Vec<(u32, usize, String)> {
    match doc.get_toc() {
        Ok(toc) => toc
            .toc
            .into_iter()
            .map(|t| {
                (
                    t.page as u32,
                    t.level,
                    t.title.split_whitespace().collect::<Vec<_>>().join(" "),
                )
            })
            .collect(),
        Err(_) => Vec::new(),
    }
}
