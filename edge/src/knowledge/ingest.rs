//! Turns an uploaded document into the text that is chunked and indexed: HTML is rendered to
//! text with its headings kept as Markdown headings (`#`, `##`, …) and its lists as items;
//! Markdown and plain text are kept as they are, with line endings normalized.

use porthole_shared::admin::DocumentFormat;

/// The format the document is read as, and its text.
pub fn prepare(raw: &str, format: DocumentFormat) -> (DocumentFormat, String) {
    let format = match format {
        DocumentFormat::Auto if looks_like_html(raw) => DocumentFormat::Html,
        DocumentFormat::Auto => DocumentFormat::Markdown,
        other => other,
    };
    let text = match format {
        DocumentFormat::Html => html_to_text(raw),
        // Already text (`super::files` read the file), a PDF's pages separated by form feeds.
        _ => raw.replace("\r\n", "\n").replace('\r', "\n"),
    };
    (format, text.trim().to_owned())
}

/// Whether `raw` is an HTML document or fragment rather than prose.
fn looks_like_html(raw: &str) -> bool {
    let head: String = raw
        .trim_start()
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || [
            "<p>", "<p ", "<div", "<h1", "<h2", "<ul", "<table", "<body", "<article", "<section",
        ]
        .iter()
        .any(|tag| head.contains(tag))
}

/// HTML rendered as text: the page's readable content with Markdown headings (marked with
/// their ids), list items and tables (`super::site::page`).
pub fn html_to_text(html: &str) -> String {
    super::site::page::read(html).text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_headings_become_markdown_headings_and_tags_go() {
        let (format, text) = prepare(
            "<html><head><style>p{color:red}</style><script>alert(1)</script></head><body>\
             <h2>Opening hours</h2><p>We open at <b>7am</b>.</p><ul><li>Mon</li><li>Tue</li></ul></body></html>",
            DocumentFormat::Auto,
        );
        assert_eq!(format, DocumentFormat::Html);
        assert!(text.contains("## Opening hours"), "{text}");
        assert!(text.contains("We open at **7am**."), "{text}");
        assert!(text.contains("* Mon"), "{text}");
        assert!(
            !text.contains('<') && !text.contains("alert") && !text.contains("color:red"),
            "{text}"
        );
    }

    #[test]
    fn entities_are_decoded() {
        let (_, text) = prepare(
            "<p>Fish &amp; chips &lt;3 &eacute;t&eacute;</p>",
            DocumentFormat::Html,
        );
        assert_eq!(text, "Fish & chips <3 été");
    }

    #[test]
    fn markdown_and_text_are_kept_with_normalized_newlines() {
        let (format, text) = prepare("# Title\r\n\r\nBody  ", DocumentFormat::Auto);
        assert_eq!(format, DocumentFormat::Markdown);
        assert_eq!(text, "# Title\n\nBody");
        assert_eq!(
            prepare("a < b", DocumentFormat::Text),
            (DocumentFormat::Text, "a < b".to_owned())
        );
    }
}
