//! Sitemaps (sitemaps.org): a list of pages (`<urlset>`) or of further sitemaps
//! (`<sitemapindex>`), plain or gzip-compressed, read with quick-xml; unpacking stops at
//! [`SITE_PAGE_MAX_BYTES`] so a small file cannot unpack into a large one.

use porthole_shared::sites::SITE_PAGE_MAX_BYTES;
use quick_xml::Reader;
use quick_xml::events::Event;
use std::io::Read;

/// Most addresses read from one sitemap.
pub const SITEMAP_MAX_URLS: usize = 50_000;

/// What a sitemap lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sitemap {
    /// Pages.
    Pages(Vec<String>),
    /// Further sitemaps.
    Index(Vec<String>),
}

/// Reads a sitemap's bytes (gzip-compressed or not).
pub fn read(bytes: &[u8]) -> Result<Sitemap, String> {
    let text = if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .take(SITE_PAGE_MAX_BYTES + 1)
            .read_to_end(&mut out)
            .map_err(|e| format!("not a gzip file: {e}"))?;
        if out.len() as u64 > SITE_PAGE_MAX_BYTES {
            return Err(format!("unpacks to more than {SITE_PAGE_MAX_BYTES} bytes"));
        }
        out
    } else {
        bytes.to_vec()
    };
    let mut reader = Reader::from_reader(text.as_slice());
    reader.config_mut().trim_text(true);
    let mut index = None;
    let mut loc: Option<String> = None;
    // The elements open around the text: a `<loc>` counts only right inside `<url>` or
    // `<sitemap>` (not an image's or a video's, `<image:loc>`).
    let mut open: Vec<String> = Vec::new();
    let mut urls = Vec::new();
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                let name = e.local_name().as_ref().to_owned();
                match name.as_str() {
                    "sitemapindex" => index = Some(true),
                    "urlset" => index = Some(false),
                    "loc" if matches!(open.last().map(String::as_str), Some("url" | "sitemap")) => {
                        loc = Some(String::new());
                    }
                    _ => {}
                }
                open.push(name);
            }
            Ok(Event::End(_)) => {
                if open.pop().as_deref() == Some("loc")
                    && let Some(done) = loc.take()
                    && urls.len() < SITEMAP_MAX_URLS
                {
                    urls.push(done.trim().to_owned());
                }
            }
            Ok(Event::Text(t)) => {
                if let Some(loc) = loc.as_mut() {
                    loc.push_str(&t.xml10_content());
                }
            }
            Ok(Event::CData(t)) => {
                if let Some(loc) = loc.as_mut() {
                    loc.push_str(&t.into_inner());
                }
            }
            Ok(Event::GeneralRef(r)) => {
                if let Some(loc) = loc.as_mut() {
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => loc.push(c),
                        _ => {
                            let entity = format!("&{};", &*r);
                            loc.push_str(&quick_xml::escape::unescape(&entity).unwrap_or_default());
                        }
                    }
                }
            }
            Ok(Event::Eof) => break,
            Err(e) => return Err(format!("not a sitemap: {e}")),
            _ => {}
        }
        buf.clear();
    }
    match index {
        Some(true) => Ok(Sitemap::Index(urls)),
        Some(false) => Ok(Sitemap::Pages(urls)),
        None => Err("not a sitemap: no <urlset> or <sitemapindex>".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn pages_and_indexes_plain_and_gzip() {
        let pages = r#"<?xml version="1.0" encoding="UTF-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
            <url><loc>https://harbor.test/</loc><lastmod>2026-01-01</lastmod></url>
            <url><loc> https://harbor.test/a?x=1&amp;y=2 </loc>
            <image:image><image:loc>https://harbor.test/cup.jpg</image:loc></image:image></url></urlset>"#;
        assert_eq!(
            read(pages.as_bytes()),
            Ok(Sitemap::Pages(vec![
                "https://harbor.test/".into(),
                "https://harbor.test/a?x=1&y=2".into()
            ]))
        );
        let index = r#"<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
            <sitemap><loc>https://harbor.test/s1.xml.gz</loc></sitemap></sitemapindex>"#;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(index.as_bytes()).unwrap();
        assert_eq!(
            read(&gz.finish().unwrap()),
            Ok(Sitemap::Index(vec!["https://harbor.test/s1.xml.gz".into()]))
        );
        assert!(read(b"<html><body>hi</body></html>").is_err());
    }

    #[test]
    fn a_gzip_bomb_stops_at_the_cap() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(b"<urlset>").unwrap();
        gz.write_all(&vec![b' '; 2 * SITE_PAGE_MAX_BYTES as usize])
            .unwrap();
        let bytes = gz.finish().unwrap();
        assert!(bytes.len() < 10_000);
        assert!(read(&bytes).unwrap_err().contains("more than"));
    }
}
