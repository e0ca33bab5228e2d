//! Knowledge from files that are not text: PDF ([`pdf`]) and Word ([`docx`]). The worker
//! extracts their text when they are uploaded (the Bot object only ever gets text), as
//! Markdown with the file's headings, lists and tables where it has them, a PDF's pages
//! separated so each chunk cites its page ([`chunks`]).

pub mod docx;
pub mod pdf;

use super::chunking;
use crate::web::error::{ApiError, ApiResult};
use base64::Engine;
use porthole_shared::ErrorCode;
use porthole_shared::admin::{DOCUMENT_FILE_MAX_BYTES, DocumentFormat};

/// The text of a file of `format` sent as base64, or a clear refusal: 400 for what is not
/// base64 or cannot be read as that format (a PDF without text: a scan), 413 for a file over
/// [`DOCUMENT_FILE_MAX_BYTES`].
pub fn extract(format: DocumentFormat, base64: &str) -> ApiResult<String> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(base64.trim())
        .map_err(|_| ApiError::invalid("file must be the file's bytes in base64"))?;
    if bytes.len() > DOCUMENT_FILE_MAX_BYTES {
        return Err(ApiError::new(
            ErrorCode::PayloadTooLarge,
            format!(
                "a file may hold at most {DOCUMENT_FILE_MAX_BYTES} bytes (this one has {})",
                bytes.len()
            ),
        ));
    }
    let text = match format {
        DocumentFormat::Pdf => pdf::text(&bytes),
        DocumentFormat::Docx => docx::text(&bytes),
        _ => {
            return Err(ApiError::invalid(
                "file is only for the formats pdf and docx",
            ));
        }
    };
    text.map_err(ApiError::invalid)
}

/// One chunk to index: its title and URL (a PDF's carry its page) and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    /// The title it is cited by.
    pub title: String,
    /// The link it is cited by.
    pub url: String,
    /// Its text.
    pub body: String,
}

/// The chunks of a document kept as `format` (its name in the `documents` table): a PDF's
/// page by page, each titled and linked to its page (`#page=N`, as browsers open PDFs) and
/// starting under the heading the page continues; any other's as [`chunking::chunk`] splits it,
/// a chunk under a heading marked with its id (` {#id}`, a web page's, `super::site::page`)
/// linked to it (`url#id`).
pub fn chunks(format: &str, title: &str, url: &str, text: &str) -> Vec<Chunk> {
    if format != "pdf" || !text.contains(pdf::PAGE_BREAK) {
        return chunking::chunk(text)
            .into_iter()
            .map(|body| {
                let (anchor, body) = anchored(&body);
                Chunk {
                    title: title.to_owned(),
                    url: match anchor {
                        Some(id) if !url.is_empty() => {
                            format!("{}#{id}", url.split('#').next().unwrap_or(url))
                        }
                        _ => url.to_owned(),
                    },
                    body,
                }
            })
            .collect();
    }
    let mut out = Vec::new();
    let mut heading: Option<&str> = None;
    for (i, page) in text.split(pdf::PAGE_BREAK).enumerate() {
        let page = page.trim();
        let n = i + 1;
        let text = match heading {
            Some(h) if !page.starts_with('#') => format!("{h}\n\n{page}"),
            _ => page.to_owned(),
        };
        if let Some(last) = page.lines().rev().find(|l| l.starts_with('#')) {
            heading = Some(last);
        }
        for body in chunking::chunk(&text) {
            out.push(Chunk {
                title: format!("{title}, page {n}"),
                url: if url.is_empty() {
                    String::new()
                } else {
                    format!("{}#page={n}", url.split('#').next().unwrap_or(url))
                },
                body,
            });
        }
    }
    out
}

/// A chunk's body without its headings' ` {#id}` marks, and the id of the heading it starts
/// with, if marked.
fn anchored(body: &str) -> (Option<String>, String) {
    if !body.contains(" {#") {
        return (None, body.to_owned());
    }
    let mut anchor = None;
    let mut out = String::with_capacity(body.len());
    for (i, line) in body.lines().enumerate() {
        let mut line = line;
        if line.starts_with('#')
            && line.ends_with('}')
            && let Some(at) = line.rfind(" {#")
            && super::site::page::anchor_ok(&line[at + 3..line.len() - 1])
        {
            if i == 0 {
                anchor = Some(line[at + 3..line.len() - 1].to_owned());
            }
            line = &line[..at];
        }
        if i > 0 {
            out.push('\n');
        }
        out.push_str(line);
    }
    (anchor, out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_chunk_under_a_marked_heading_links_to_it() {
        let text = "# Prices {#top}\n\nAll prices.\n\n## Coffee {#coffee}\n\nEspresso 2.40.\n\n## Tea\n\nGreen tea.";
        let chunks = super::chunks("html", "Prices", "https://x.test/prices#old", text);
        let urls: Vec<&str> = chunks.iter().map(|c| c.url.as_str()).collect();
        assert!(urls.contains(&"https://x.test/prices#coffee"), "{urls:?}");
        let coffee = chunks.iter().find(|c| c.url.ends_with("#coffee")).unwrap();
        assert!(
            coffee.body.starts_with("## Coffee\nEspresso 2.40."),
            "{}",
            coffee.body
        );
        assert!(chunks.iter().all(|c| !c.body.contains("{#")), "{chunks:?}");
        let tea = chunks
            .iter()
            .find(|c| c.body.contains("Green tea"))
            .unwrap();
        assert_eq!(tea.url, "https://x.test/prices#old");
    }

    use super::*;

    #[test]
    fn a_pdf_is_chunked_by_page_each_citing_it_under_the_heading_it_continues() {
        let text = "# Handbook\n\n## Hours\nWe open at 7am.\u{c}Weekends: 8am to 4pm.\u{c}## Returns\nWithin 30 days.";
        let chunks = chunks("pdf", "Handbook", "https://x.test/h.pdf", text);
        let pages: Vec<(&str, &str)> = chunks
            .iter()
            .map(|c| (c.title.as_str(), c.url.as_str()))
            .collect();
        assert_eq!(
            pages,
            [
                ("Handbook, page 1", "https://x.test/h.pdf#page=1"),
                ("Handbook, page 2", "https://x.test/h.pdf#page=2"),
                ("Handbook, page 3", "https://x.test/h.pdf#page=3"),
            ]
        );
        assert!(chunks[1].body.starts_with("## Hours"), "{}", chunks[1].body);
        assert!(chunks[1].body.contains("8am to 4pm"));
        let plain = super::chunks("markdown", "Notes", "", "Hello.");
        assert_eq!(plain[0].title, "Notes");
    }

    #[test]
    fn what_is_not_base64_or_not_the_format_is_refused_clearly() {
        let e = extract(DocumentFormat::Pdf, "not base64!").unwrap_err();
        assert!(e.message.contains("base64"), "{}", e.message);
        let junk = base64::engine::general_purpose::STANDARD.encode(b"hello");
        assert!(extract(DocumentFormat::Pdf, &junk).is_err());
        let e = extract(DocumentFormat::Docx, &junk).unwrap_err();
        assert!(e.message.contains("not a Word"), "{}", e.message);
    }
}
