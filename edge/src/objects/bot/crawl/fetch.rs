//! One request of a crawl: a GET in the crawler's name, conditional when the page was seen
//! before (`If-None-Match`, `If-Modified-Since`), the body read as a stream and given up past
//! [`SITE_PAGE_MAX_BYTES`], the whole given up after [`FETCH_WAIT`]. Redirects are handled by
//! hand, each checked to stay on the site: a page's is given back (the crawl queues where it
//! leads, so every page is fetched once however many addresses lead to it); `robots.txt`'s and
//! a sitemap's are followed (at most [`MAX_HOPS`]).

use crate::knowledge::site::address::{Scope, resolve};
use futures_util::StreamExt;
use porthole_shared::sites::{CRAWLER_USER_AGENT, SITE_PAGE_MAX_BYTES};
use std::time::Duration;
use url::Url;
use worker::{Fetch, Headers, Method, Request, RequestInit, RequestRedirect};

/// Redirects followed for one address (each one request).
pub const MAX_HOPS: usize = 3;
/// Longest wait for one address, redirects and body included.
const FETCH_WAIT: Duration = Duration::from_secs(20);

/// What the site answered for one address.
#[derive(Debug, Default)]
pub struct Fetched {
    /// Where the answer came from (after redirects).
    pub url: Option<Url>,
    /// Its status (0: no answer).
    pub status: u16,
    /// Its `Content-Type`, lowercased.
    pub content_type: String,
    /// `ETag` and `Last-Modified`, to ask with next time.
    pub etag: Option<String>,
    /// `Last-Modified`.
    pub last_modified: Option<String>,
    /// The body (empty when too large or not modified).
    pub body: Vec<u8>,
    /// The body was over [`SITE_PAGE_MAX_BYTES`].
    pub too_large: bool,
    /// Why there is no answer, or where a redirect led away from the site.
    pub problem: Option<String>,
    /// Where a redirect on the site leads (a page's, not followed).
    pub redirect: Option<Url>,
    /// Requests sent.
    pub requests: i64,
    /// Bytes received.
    pub bytes: i64,
}

/// What to ask with: the validators of the copy kept.
#[derive(Debug, Default, Clone)]
pub struct Validators {
    /// The `ETag` the page was last answered with.
    pub etag: Option<String>,
    /// Its `Last-Modified`.
    pub last_modified: Option<String>,
}

/// Where a redirect may lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// A page under the prefix: the redirect is given back, to be queued.
    Prefix,
    /// The start page: given back too, but it may lead anywhere on the site (`/` to `/en/`).
    Site,
    /// `robots.txt` or a sitemap: followed, anywhere on the site.
    Follow,
}

/// Whether a `Content-Type` is a web page's (none said: read it and see).
pub fn is_html(content_type: &str) -> bool {
    content_type.is_empty()
        || content_type.starts_with("text/html")
        || content_type.starts_with("application/xhtml")
}

/// GETs `url`, its redirects handled as `reach` says.
pub async fn get(url: &Url, validators: &Validators, scope: &Scope, reach: Reach) -> Fetched {
    let mut fetched = Fetched::default();
    let work = follow(url, validators, scope, reach, &mut fetched);
    if crate::ai::upstream::within(FETCH_WAIT, work)
        .await
        .is_none()
    {
        fetched.status = 0;
        fetched.body.clear();
        fetched.problem = Some(format!("no answer within {} s", FETCH_WAIT.as_secs()));
    }
    fetched
}

async fn follow(
    start: &Url,
    validators: &Validators,
    scope: &Scope,
    reach: Reach,
    out: &mut Fetched,
) {
    let mut url = start.clone();
    for hop in 0..=MAX_HOPS {
        let conditional = if hop == 0 { Some(validators) } else { None };
        out.requests += 1;
        let mut response = match send(&url, conditional).await {
            Ok(r) => r,
            Err(e) => {
                out.problem = Some(format!("could not fetch: {e}"));
                return;
            }
        };
        let status = response.status_code();
        let headers = response.headers();
        if (300..400).contains(&status) && status != 304 {
            let target = headers
                .get("location")
                .ok()
                .flatten()
                .and_then(|l| resolve(&url, &l));
            let Some(target) = target else {
                out.status = status;
                out.problem = Some(format!("HTTP {status} without a usable Location"));
                return;
            };
            let allowed = match reach {
                Reach::Prefix => scope.contains(&target),
                Reach::Site | Reach::Follow => scope.on_site(&target),
            };
            out.status = status;
            if !allowed {
                out.problem = Some(format!("redirects away from the site, to {target}"));
                return;
            }
            if reach != Reach::Follow {
                out.redirect = Some(target);
                return;
            }
            url = target;
            continue;
        }
        out.url = Some(url);
        out.status = status;
        out.content_type = header(headers, "content-type").to_ascii_lowercase();
        out.etag = Some(header(headers, "etag")).filter(|v| !v.is_empty());
        out.last_modified = Some(header(headers, "last-modified")).filter(|v| !v.is_empty());
        if status != 200 {
            return;
        }
        let declared: Option<u64> = header(headers, "content-length").parse().ok();
        if declared.is_some_and(|n| n > SITE_PAGE_MAX_BYTES) {
            out.too_large = true;
            return;
        }
        // A page that is not HTML (a PDF, an image) is skipped unread.
        if reach != Reach::Follow && !is_html(&out.content_type) {
            return;
        }
        read_body(&mut response, out).await;
        return;
    }
    out.problem = Some(format!("more than {MAX_HOPS} redirects"));
}

/// Reads the body as it comes, giving up past the cap.
async fn read_body(response: &mut worker::Response, out: &mut Fetched) {
    let Ok(mut stream) = response.stream() else {
        out.problem = Some("no body".to_owned());
        return;
    };
    while let Some(piece) = stream.next().await {
        match piece {
            Ok(bytes) => {
                out.bytes += bytes.len() as i64;
                out.body.extend_from_slice(&bytes);
                if out.body.len() as u64 > SITE_PAGE_MAX_BYTES {
                    out.too_large = true;
                    out.body = Vec::new();
                    return;
                }
            }
            Err(e) => {
                out.problem = Some(format!("the body broke off: {e}"));
                out.status = 0;
                out.body.clear();
                return;
            }
        }
    }
}

async fn send(url: &Url, validators: Option<&Validators>) -> worker::Result<worker::Response> {
    let headers = Headers::new();
    headers.set(
        "User-Agent",
        &format!("Mozilla/5.0 (compatible; {CRAWLER_USER_AGENT}/1.0)"),
    )?;
    headers.set(
        "Accept",
        "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5",
    )?;
    if let Some(v) = validators {
        if let Some(etag) = &v.etag {
            headers.set("If-None-Match", etag)?;
        }
        if let Some(date) = &v.last_modified {
            headers.set("If-Modified-Since", date)?;
        }
    }
    let mut init = RequestInit::new();
    init.with_method(Method::Get)
        .with_headers(headers)
        .with_redirect(RequestRedirect::Manual);
    let request = Request::new_with_init(url.as_str(), &init)?;
    Fetch::Request(request).send().await
}

fn header(headers: &Headers, name: &str) -> String {
    headers.get(name).ok().flatten().unwrap_or_default()
}
