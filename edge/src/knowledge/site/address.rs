//! Which addresses belong to a crawl, written one way each: a link is resolved against its
//! page, only `http` and `https` are followed, the fragment and tracking parameters
//! (`utm_*`, `gclid`, `fbclid`, …) are dropped, so two links to one page are one address. A
//! site is its host (with or without `www.`, either scheme), and a path prefix if the owner
//! gave one.

use url::Url;

/// Query parameters that only track a visit: never part of a page's address.
const TRACKING: &[&str] = &[
    "gclid", "fbclid", "msclkid", "mc_cid", "mc_eid", "ref", "_ga",
];

/// The pages a crawl may visit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    host: String,
    prefix: String,
}

impl Scope {
    /// The site of `start`, limited to paths under `prefix` (`/` for all of it).
    pub fn new(start: &Url, prefix: &str) -> Self {
        Self {
            host: site_host(start),
            prefix: prefix.to_owned(),
        }
    }

    /// Whether `url` is on the site (any path).
    pub fn on_site(&self, url: &Url) -> bool {
        matches!(url.scheme(), "http" | "https") && site_host(url) == self.host
    }

    /// Whether `url` is a page the crawl may visit: on the site and under the prefix.
    pub fn contains(&self, url: &Url) -> bool {
        self.on_site(url) && url.path().starts_with(&self.prefix)
    }
}

/// `host` without a leading `www.`, with its port if not the scheme's.
fn site_host(url: &Url) -> String {
    let host = url.host_str().unwrap_or("");
    let host = host.strip_prefix("www.").unwrap_or(host);
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    }
}

/// `href` resolved against `base`, in its one written form; `None` for what is not a web
/// page's address (`mailto:`, `javascript:`, …).
pub fn resolve(base: &Url, href: &str) -> Option<Url> {
    let href = href.trim();
    if href.is_empty() || href.starts_with('#') {
        return None;
    }
    let url = base.join(href).ok()?;
    normalize(url)
}

/// `url` in its one written form, if it is a web page's address.
pub fn normalize(mut url: Url) -> Option<Url> {
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return None;
    }
    url.set_fragment(None);
    if url.query().is_some() {
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(k, _)| {
                let k = k.to_ascii_lowercase();
                !k.starts_with("utm_") && !TRACKING.contains(&k.as_str())
            })
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        if kept.is_empty() {
            url.set_query(None);
        } else {
            url.query_pairs_mut().clear().extend_pairs(kept);
        }
    }
    Some(url)
}

/// The path prefix an owner gave, as the crawl compares it: starting with `/`, `/` for none;
/// `None` when it is not a path.
pub fn prefix(raw: Option<&str>) -> Option<String> {
    let raw = raw.map(str::trim).unwrap_or("");
    if raw.is_empty() {
        return Some("/".to_owned());
    }
    if raw.len() > 200 || raw.contains(['?', '#', ' ']) || raw.contains("://") {
        return None;
    }
    Some(if raw.starts_with('/') {
        raw.to_owned()
    } else {
        format!("/{raw}")
    })
}

/// Whether `url` names a sitemap rather than a page (`…sitemap….xml`, `.xml.gz`).
pub fn is_sitemap(url: &Url) -> bool {
    let path = url.path().to_ascii_lowercase();
    path.ends_with(".xml") || path.ends_with(".xml.gz")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn links_are_resolved_and_written_one_way() {
        let page = url("https://harbor.test/menu/coffee.html");
        let r = |href| resolve(&page, href).map(|u| u.to_string());
        assert_eq!(
            r("beans").as_deref(),
            Some("https://harbor.test/menu/beans")
        );
        assert_eq!(r("/a#top").as_deref(), Some("https://harbor.test/a"));
        assert_eq!(
            r("/a?utm_source=x&id=3&fbclid=1").as_deref(),
            Some("https://harbor.test/a?id=3")
        );
        assert_eq!(
            r("/a?utm_medium=y").as_deref(),
            Some("https://harbor.test/a")
        );
        assert_eq!(
            r("HTTPS://Harbor.TEST:443/b").as_deref(),
            Some("https://harbor.test/b")
        );
        for not_a_page in [
            "mailto:a@b.c",
            "javascript:void(0)",
            "#top",
            "",
            "tel:1",
            "ftp://x/y",
        ] {
            assert_eq!(r(not_a_page), None, "{not_a_page}");
        }
    }

    #[test]
    fn the_site_is_its_host_and_the_prefix() {
        let scope = Scope::new(&url("https://www.harbor.test/"), "/docs/");
        assert!(scope.contains(&url("https://harbor.test/docs/a")));
        assert!(scope.contains(&url("http://www.harbor.test/docs/")));
        assert!(!scope.contains(&url("https://harbor.test/blog/a")));
        assert!(scope.on_site(&url("https://harbor.test/sitemap.xml")));
        assert!(!scope.on_site(&url("https://evil.test/docs/a")));
        assert!(!scope.on_site(&url("https://harbor.test:8443/docs/a")));
        assert!(!scope.on_site(&url("https://sub.harbor.test/docs/a")));
    }

    #[test]
    fn prefixes_are_paths() {
        assert_eq!(prefix(None).as_deref(), Some("/"));
        assert_eq!(prefix(Some(" docs/ ")).as_deref(), Some("/docs/"));
        assert_eq!(prefix(Some("/help")).as_deref(), Some("/help"));
        assert_eq!(prefix(Some("https://x.test/")), None);
        assert_eq!(prefix(Some("/a?b")), None);
    }
}
