//! A website for the crawl tests: a real HTTP/1.1 server on loopback (keep-alive, `HEAD`,
//! conditional requests answered `304 Not Modified`) serving a small site from memory that a
//! test can change between crawls, and logging every request it gets.
//!
//! [`TestSite::standard`] is a coffee shop's site with everything a crawler meets in the wild:
//! `robots.txt` naming a sitemap index, a plain and a gzipped sitemap, pages wrapped in a header,
//! a nav, a cookie banner and a footer, a page robots disallow, redirects on and off the site, a
//! 404, a PDF, a page too large, a link loop and one page under two addresses (one declaring the
//! other canonical). [`TestSite::generated`] is a plain site of many pages, for counts and time.

use flate2::Compression;
use flate2::write::GzEncoder;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The pages of [`TestSite::standard`] a crawl of its home page should keep, by path.
pub const STANDARD_PAGES: &[&str] = &[
    "/",
    "/prices",
    "/about",
    "/visit",
    "/blog/first-roast",
    "/blog/cold-brew",
    "/loop/a",
    "/loop/b",
];

/// Words only the standard site's chrome (cookie banner, footer) says: no page's text may
/// contain them once read.
pub const CHROME_WORDS: &[&str] = &["Accept all trackers", "Lighthousebury"];

/// Bytes of the standard site's `/big` page.
pub const BIG_PAGE_BYTES: usize = 2 * 1024 * 1024;

/// One thing the site serves at a path.
#[derive(Debug, Clone)]
pub struct Resource {
    /// The status it answers (200, 301, 404, …).
    pub status: u16,
    /// Its `Content-Type`.
    pub content_type: String,
    /// Its body.
    pub body: Vec<u8>,
    /// More headers (`Location`, …).
    pub headers: Vec<(String, String)>,
    /// Its `ETag` (quoted), a hash of the body.
    pub etag: String,
    /// Its `Last-Modified`, in seconds since the epoch.
    pub modified: u64,
}

/// One request the site got.
#[derive(Debug, Clone)]
pub struct SiteRequest {
    /// `GET`, `HEAD`, …
    pub method: String,
    /// The path with its query, as requested (`/loop/a?page=1`).
    pub path: String,
    /// Header names lowercased.
    pub headers: HashMap<String, String>,
    /// The status it was answered.
    pub status: u16,
}

#[derive(Default)]
struct State {
    resources: HashMap<String, Resource>,
    log: Vec<SiteRequest>,
    /// The last `Last-Modified` given: a change always gets a later one.
    clock: u64,
    /// How long each answer waits.
    delay: Duration,
    /// Built: what is set now is a change.
    live: bool,
}

/// A running site; it serves until the test's runtime ends.
#[derive(Clone)]
pub struct TestSite {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    state: Arc<Mutex<State>>,
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

impl TestSite {
    /// Starts an empty site (every path 404) on a free loopback port, on the current runtime.
    pub async fn start() -> TestSite {
        let site = Self::bind().await;
        site.go_live();
        site
    }

    fn go_live(&self) {
        self.state.lock().expect("site").live = true;
    }

    async fn bind() -> TestSite {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind site");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let state = Arc::new(Mutex::new(State {
            // What the site starts with was last changed a day ago.
            clock: now_secs() - 86_400,
            ..State::default()
        }));
        let shared = state.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                tokio::spawn(serve(socket, shared.clone()));
            }
        });
        TestSite { base, state }
    }

    /// The coffee shop's site (see the module's documentation and [`STANDARD_PAGES`]).
    pub async fn standard() -> TestSite {
        let site = Self::bind().await;
        let base = site.base.clone();
        site.set_text(
            "/robots.txt",
            &format!(
                "# Harbor Lights\nUser-agent: *\nDisallow: /private/\n\nSitemap: {base}/sitemap_index.xml\n"
            ),
        );
        site.set(
            "/sitemap_index.xml",
            200,
            "application/xml",
            sitemap_index(&[
                &format!("{base}/sitemap-pages.xml"),
                &format!("{base}/sitemap-blog.xml.gz"),
            ]),
            &[],
        );
        site.set(
            "/sitemap-pages.xml",
            200,
            "application/xml",
            urlset(&["/", "/prices", "/about", "/visit"].map(|p| format!("{base}{p}"))),
            &[],
        );
        site.set(
            "/sitemap-blog.xml.gz",
            200,
            "application/x-gzip",
            gzip(urlset(
                &["/blog/first-roast", "/blog/cold-brew"].map(|p| format!("{base}{p}")),
            )),
            &[],
        );
        site.set_page("/", &standard_page("home"));
        site.set_page("/prices", &standard_page("prices"));
        site.set_page("/about", &standard_page("about"));
        site.set_page("/about-us", &standard_page("about-us"));
        site.set_page("/visit", &standard_page("visit"));
        site.set_page("/blog/first-roast", &standard_page("first-roast"));
        site.set_page("/blog/cold-brew", &standard_page("cold-brew"));
        site.set_page("/loop/a", &standard_page("loop-a"));
        site.set_page("/loop/b", &standard_page("loop-b"));
        site.set_page("/private/secret.html", &standard_page("secret"));
        site.redirect("/old-prices", 301, "/prices");
        site.redirect("/moved", 302, "http://127.0.0.2:1/shop");
        site.set(
            "/files/menu.pdf",
            200,
            "application/pdf",
            b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
                .to_vec(),
            &[],
        );
        site.set_page("/big", &big_page());
        site.go_live();
        site
    }

    /// A site of `n` articles (`/articles/1` … `/articles/n`), each a few paragraphs of its own
    /// text, linked from the index page `/` and listed with it in `/sitemap.xml` (named by
    /// `robots.txt`). Its pages are [`generated_paths`]`(n)`.
    pub async fn generated(n: usize) -> TestSite {
        let site = Self::bind().await;
        let base = site.base.clone();
        site.set_text(
            "/robots.txt",
            &format!("User-agent: *\nAllow: /\nSitemap: {base}/sitemap.xml\n"),
        );
        let paths = generated_paths(n);
        site.set(
            "/sitemap.xml",
            200,
            "application/xml",
            urlset(
                &paths
                    .iter()
                    .map(|p| format!("{base}{p}"))
                    .collect::<Vec<_>>(),
            ),
            &[],
        );
        let links: String = (1..=n)
            .map(|i| format!("<li><a href=\"/articles/{i}\">Article {i}</a></li>\n"))
            .collect();
        site.set_page(
            "/",
            &html(
                "The Harbor Gazette archive",
                &format!(
                    "<main><h1>The Harbor Gazette archive</h1>\n<p>This archive keeps all {n} articles the Harbor Gazette printed about the old port, its ships and its people.</p>\n<ul>\n{links}</ul></main>"
                ),
            ),
        );
        for i in 1..=n {
            site.set_page(&format!("/articles/{i}"), &article(i));
        }
        site.go_live();
        site
    }

    /// `base` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Serves `body` at `path` (with its query, or a path that then serves any query) with
    /// `status`, `content_type` and `headers`; it counts as changed now.
    pub fn set(
        &self,
        path: &str,
        status: u16,
        content_type: &str,
        body: impl Into<Vec<u8>>,
        headers: &[(&str, &str)],
    ) {
        let body = body.into();
        let etag = format!("\"{}\"", &hex(&Sha256::digest(&body))[..20]);
        let mut state = self.state.lock().expect("site");
        // What a builder serves was changed a day ago; a change made later is always later
        // than the last one (so `If-Modified-Since` tells it too).
        let modified = if state.live {
            state.clock = now_secs().max(state.clock + 1);
            state.clock
        } else {
            state.clock
        };
        state.resources.insert(
            path.to_owned(),
            Resource {
                status,
                content_type: content_type.to_owned(),
                body,
                headers: headers
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect(),
                etag,
                modified,
            },
        );
    }

    /// Serves `html` at `path` as a `text/html` page.
    pub fn set_page(&self, path: &str, html: &str) {
        self.set(path, 200, "text/html; charset=utf-8", html, &[]);
    }

    /// Serves `text` at `path` as `text/plain`.
    pub fn set_text(&self, path: &str, text: &str) {
        self.set(path, 200, "text/plain; charset=utf-8", text, &[]);
    }

    /// Answers `path` with a redirect (`status` 301, 302, 307, 308) to `location`.
    pub fn redirect(&self, path: &str, status: u16, location: &str) {
        self.set(
            path,
            status,
            "text/html; charset=utf-8",
            format!("<a href=\"{location}\">Moved</a>"),
            &[("Location", location)],
        );
    }

    /// Stops serving `path`: 404 from now on.
    pub fn remove(&self, path: &str) {
        self.state.lock().expect("site").resources.remove(path);
    }

    /// What `path` serves now.
    pub fn resource(&self, path: &str) -> Option<Resource> {
        self.state
            .lock()
            .expect("site")
            .resources
            .get(path)
            .cloned()
    }

    /// Makes every answer wait `delay` first (a slow site, so a crawl takes a while).
    pub fn set_delay(&self, delay: Duration) {
        self.state.lock().expect("site").delay = delay;
    }

    /// Every request so far (since the last [`Self::reset_log`]), in the order they came.
    pub fn requests(&self) -> Vec<SiteRequest> {
        self.state.lock().expect("site").log.clone()
    }

    /// How many requests (any method) were for exactly `path` (with its query, if any).
    pub fn count(&self, path: &str) -> usize {
        self.state
            .lock()
            .expect("site")
            .log
            .iter()
            .filter(|r| r.path == path)
            .count()
    }

    /// How many `GET` requests were for exactly `path`.
    pub fn gets(&self, path: &str) -> usize {
        self.state
            .lock()
            .expect("site")
            .log
            .iter()
            .filter(|r| r.path == path && r.method == "GET")
            .count()
    }

    /// Forgets the requests so far.
    pub fn reset_log(&self) {
        self.state.lock().expect("site").log.clear();
    }
}

/// The pages of [`TestSite::generated`]`(n)`: the index `/` and `/articles/1` … `/articles/n`.
pub fn generated_paths(n: usize) -> Vec<String> {
    std::iter::once("/".to_owned())
        .chain((1..=n).map(|i| format!("/articles/{i}")))
        .collect()
}

/// A page of the standard site: `title`, and `main` (the page's own content, HTML) inside the
/// site's header, nav, cookie banner and footer — so a test can serve an edited page in the
/// same frame.
pub fn page(title: &str, main: &str) -> String {
    html(
        &format!("{title} – Harbor Lights Coffee"),
        &format!(
            r#"<header class="site-header"><a class="logo" href="/">Harbor Lights Coffee</a>
<nav><ul><li><a href="/">Home</a></li><li><a href="/prices">Prices</a></li><li><a href="/visit">Visit</a></li><li><a href="/about">About</a></li></ul></nav></header>
<div class="cookie-banner" role="dialog"><p>We use biscuits and cookies to remember your preferences.</p><button>Accept all trackers</button> <button>Reject</button></div>
<main>
{main}
</main>
<footer><p>© Harbor Lights Coffee Roasters Ltd, registered in Lighthousebury. Follow us on Instagram.</p><a href="/about">About</a> · <a href="/visit">Contact</a></footer>"#
        ),
    )
}

/// An HTML document titled `title` whose body is `body`.
fn html(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>{title}</title>\n<meta name=\"viewport\" content=\"width=device-width\">\n<style>.cookie-banner{{position:fixed}}</style>\n<script>window.analytics = 'tracking-pixel-script';</script></head>\n<body>\n{body}\n</body>\n</html>\n"
    )
}

/// The standard site's page named `name` (`home`, `prices`, `about`, `about-us`, `visit`,
/// `first-roast`, `cold-brew`, `loop-a`, `loop-b`, `secret`).
pub fn standard_page(name: &str) -> String {
    const ABOUT: &str = r#"<h1>About Harbor Lights</h1>
<p>Harbor Lights was founded by Mara Okafor in 1987 in the former harbour master's office.</p>
<h2 id="roaster">Our roaster</h2>
<p>We roast on a restored 1962 Probat drum roaster that we call Old Gertrude, twelve kilos at a time.</p>
<h2 id="team">The team</h2>
<ul><li>Mara Okafor, founder and head roaster</li><li>Tomasz Wren, barista trainer</li></ul>
<p>Staff can find the rota on the <a href="/private/secret.html">staff page</a>.</p>"#;
    match name {
        "home" => page(
            "Home",
            r#"<h1>Harbor Lights Coffee</h1>
<p>Harbor Lights is a small roastery and café by the old lighthouse, roasting speciality coffee since 1987.</p>
<h2 id="explore">Explore</h2>
<ul>
<li><a href="/prices">Our prices</a> (<a href="/old-prices">last year's list</a>)</li>
<li><a href="/visit">Visit the café</a></li>
<li><a href="/about">About us</a>, or <a href="/about-us">the story of the roastery</a></li>
<li><a href="/loop/a">The roasting journal</a></li>
<li><a href="/files/menu.pdf">Printable menu (PDF)</a></li>
<li><a href="/big">The complete bean archive</a></li>
<li><a href="/missing">Our old blog</a></li>
<li><a href="/moved">Our sister shop</a></li>
</ul>"#,
        ),
        "prices" => page(
            "Prices",
            r#"<h1>Prices</h1>
<p>Every drink is made with the Harbor Blend, roasted on Tuesdays.</p>
<h2 id="coffee">Coffee</h2>
<table>
<tr><th>Drink</th><th>Small</th><th>Large</th></tr>
<tr><td>Espresso</td><td>2.40</td><td>2.90</td></tr>
<tr><td>Cappuccino</td><td>3.20</td><td>3.80</td></tr>
<tr><td>Flat white</td><td>3.40</td><td>3.90</td></tr>
</table>
<h2 id="pastries">Pastries</h2>
<ul><li>Cardamom bun: 3.10</li><li>Almond croissant: 3.50</li></ul>"#,
        ),
        "about" => page("About", ABOUT),
        "about-us" => page("About", ABOUT).replacen(
            "<head>",
            "<head><link rel=\"canonical\" href=\"/about\">",
            1,
        ),
        "visit" => page(
            "Visit",
            r#"<h1>Visit us</h1>
<p>The café is at 12 Quay Street, next to the old lighthouse.</p>
<h2 id="opening-hours">Opening hours</h2>
<ul><li>Monday to Friday: 7am to 6pm</li><li>Saturday and Sunday: 8am to 4pm</li></ul>
<h2 id="getting-here">Getting here</h2>
<p>The number 7 tram stops at Lighthouse Square, two minutes' walk from the door.</p>"#,
        ),
        "first-roast" => page(
            "Our first roast of the Guji lot",
            r#"<h1>Our first roast of the Guji lot</h1>
<p>The Ethiopian Guji lot arrived in March; its first roast tasted of bergamot and peach.</p>
<p>We roast it light, dropping the beans at 204 degrees.</p>"#,
        ),
        "cold-brew" => page(
            "Cold brew at home",
            r#"<h1>Cold brew at home</h1>
<p>Our cold brew steeps for eighteen hours in filtered water, one part coffee to eight parts water.</p>
<ol><li>Grind coarse.</li><li>Steep in the fridge.</li><li>Filter through paper.</li></ol>"#,
        ),
        "loop-a" => page(
            "Roasting journal, part one",
            r#"<h1>Roasting journal, part one</h1>
<p>Monday's batch of Sumatra Mandheling ran hot; first crack came at nine minutes.</p>
<p><a href="/loop/b">Part two</a> · <a href="/loop/a">this page</a></p>"#,
        ),
        "loop-b" => page(
            "Roasting journal, part two",
            r#"<h1>Roasting journal, part two</h1>
<p>Wednesday's Colombian Huila batch needed a gentler flame and a longer drying phase.</p>
<p><a href="/loop/a">Part one</a></p>"#,
        ),
        "secret" => page(
            "Staff only",
            r#"<h1>Staff only</h1>
<p>The staff wifi password is saltwater-42 and the safe code is 7311.</p>"#,
        ),
        other => panic!("no standard page {other}"),
    }
}

/// A page of exactly [`BIG_PAGE_BYTES`]: a real page, just too long.
fn big_page() -> String {
    let frame = page(
        "The complete bean archive",
        "<h1>The complete bean archive</h1>\n<!--BEANS-->",
    );
    let room = BIG_PAGE_BYTES - (frame.len() - "<!--BEANS-->".len());
    let mut beans = String::with_capacity(room);
    for i in 1.. {
        let line = format!(
            "<p>Bean lot {i} came from a farm at {} metres and was cupped at {} points.</p>\n",
            1200 + i % 900,
            80 + i % 9
        );
        if beans.len() + line.len() > room {
            break;
        }
        beans.push_str(&line);
    }
    beans.push_str(&" ".repeat(room - beans.len()));
    frame.replace("<!--BEANS-->", &beans)
}

/// Article `i` of a generated site: a few paragraphs no other article says.
fn article(i: usize) -> String {
    const SHIPS: [&str; 8] = [
        "schooner", "trawler", "ferry", "tugboat", "clipper", "barge", "steamer", "lifeboat",
    ];
    const PLACES: [&str; 7] = [
        "the north pier",
        "the salt warehouse",
        "the dry dock",
        "the fish market",
        "the lighthouse",
        "the customs house",
        "the rope walk",
    ];
    const THINGS: [&str; 6] = [
        "a cargo of cinnamon",
        "forty barrels of herring",
        "a brass bell",
        "timber from the north",
        "a crate of oranges",
        "mail for the island",
    ];
    let ship = SHIPS[i % SHIPS.len()];
    let place = PLACES[i % PLACES.len()];
    let thing = THINGS[i % THINGS.len()];
    let year = 1850 + i;
    html(
        &format!("Article {i}: the {ship} of {year}"),
        &format!(
            "<main><h1>Article {i}: the {ship} of {year}</h1>\n\
             <p>In {year} a {ship} numbered {i} moored at {place} carrying {thing}.</p>\n\
             <p>Harbor records list entry number {i} under the code HG-{i:05}, signed by clerk {}.</p>\n\
             <h2 id=\"aftermath\">Aftermath</h2>\n\
             <p>The {ship} left {place} after {} days, bound for a port {} miles away.</p></main>",
            ["Abbott", "Brennan", "Castillo", "Dubois", "Eriksen"][i % 5],
            i % 17 + 2,
            i * 13 % 400 + 20,
        ),
    )
}

/// A sitemap (`<urlset>`) of `urls`.
pub fn urlset(urls: &[String]) -> String {
    let entries: String = urls
        .iter()
        .map(|u| format!("  <url><loc>{u}</loc><changefreq>weekly</changefreq></url>\n"))
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n{entries}</urlset>\n"
    )
}

/// A sitemap index of `sitemaps`.
pub fn sitemap_index(sitemaps: &[&str]) -> String {
    let entries: String = sitemaps
        .iter()
        .map(|u| format!("  <sitemap><loc>{u}</loc></sitemap>\n"))
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n{entries}</sitemapindex>\n"
    )
}

/// `data` gzipped.
pub fn gzip(data: impl AsRef<[u8]>) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(data.as_ref()).expect("gzip");
    encoder.finish().expect("gzip")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `secs` as an HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`).
pub fn http_date(secs: u64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{}, {d:02} {} {y} {:02}:{:02}:{:02} GMT",
        DAYS[(days % 7) as usize],
        MONTHS[(m - 1) as usize],
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

/// An HTTP date (the IMF-fixdate form) in seconds since the epoch.
pub fn parse_http_date(date: &str) -> Option<u64> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let parts: Vec<&str> = date.split_whitespace().collect();
    let [_, day, month, year, time, "GMT"] = parts.as_slice() else {
        return None;
    };
    let m = MONTHS.iter().position(|x| x == month)? as u32 + 1;
    let days = days_from_civil(year.parse().ok()?, m, day.parse().ok()?);
    let mut hms = time.split(':').map(|x| x.parse::<u64>());
    let (h, mi, s) = (hms.next()?.ok()?, hms.next()?.ok()?, hms.next()?.ok()?);
    u64::try_from(days)
        .ok()
        .map(|d| d * 86_400 + h * 3600 + mi * 60 + s)
}

/// (year, month, day) of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        404 => "Not Found",
        410 => "Gone",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

/// Whether an `If-None-Match` value matches `etag` (weak comparison, `*`, lists).
fn etag_matches(header: &str, etag: &str) -> bool {
    let bare = |t: &str| t.trim().trim_start_matches("W/").to_owned();
    header
        .split(',')
        .any(|t| t.trim() == "*" || bare(t) == bare(etag))
}

/// The answer to a request: status, headers, body (empty for `HEAD`).
fn answer(
    state: &State,
    method: &str,
    target: &str,
    headers: &HashMap<String, String>,
) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let path = target.split('?').next().unwrap_or(target);
    let found = state
        .resources
        .get(target)
        .or_else(|| state.resources.get(path));
    let Some(resource) = found.filter(|_| method == "GET" || method == "HEAD") else {
        let (status, body) = if found.is_some() {
            (405, "")
        } else {
            (
                404,
                "<!doctype html><title>Not found</title><h1>Not found</h1>",
            )
        };
        let headers = vec![
            ("Content-Type".into(), "text/html; charset=utf-8".into()),
            ("Content-Length".into(), body.len().to_string()),
        ];
        let body = if method == "HEAD" { "" } else { body };
        return (status, headers, body.as_bytes().to_vec());
    };
    let validators = vec![
        ("ETag".to_owned(), resource.etag.clone()),
        ("Last-Modified".to_owned(), http_date(resource.modified)),
    ];
    if resource.status == 200 {
        let not_modified = match headers.get("if-none-match") {
            Some(tags) => etag_matches(tags, &resource.etag),
            None => headers
                .get("if-modified-since")
                .and_then(|d| parse_http_date(d))
                .is_some_and(|since| resource.modified <= since),
        };
        if not_modified {
            return (304, validators, Vec::new());
        }
    }
    let mut out = vec![
        ("Content-Type".to_owned(), resource.content_type.clone()),
        ("Content-Length".to_owned(), resource.body.len().to_string()),
    ];
    if resource.status == 200 {
        out.extend(validators);
    }
    out.extend(resource.headers.iter().cloned());
    let body = if method == "HEAD" {
        Vec::new()
    } else {
        resource.body.clone()
    };
    (resource.status, out, body)
}

/// Serves one connection: requests one after another (keep-alive) until the client closes it,
/// asks to (`Connection: close`, HTTP/1.0), or is idle for 30 s.
async fn serve(mut socket: TcpStream, state: Arc<Mutex<State>>) {
    let mut buf: Vec<u8> = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        let head_end = loop {
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i;
            }
            if buf.len() > 64 * 1024 {
                return;
            }
            match tokio::time::timeout(Duration::from_secs(30), socket.read(&mut chunk)).await {
                Ok(Ok(n)) if n > 0 => buf.extend_from_slice(&chunk[..n]),
                _ => return,
            }
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
        buf.drain(..head_end + 4);
        let mut lines = head.split("\r\n");
        let mut request_line = lines.next().unwrap_or("").split(' ');
        let (Some(method), Some(target), version) = (
            request_line.next(),
            request_line.next(),
            request_line.next().unwrap_or("HTTP/1.0"),
        ) else {
            return;
        };
        let method = method.to_ascii_uppercase();
        // An absolute-form target (`http://host/path`) names the path after the host.
        let target = match target.split_once("://") {
            Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]).to_owned(),
            None => target.to_owned(),
        };
        let (headers, length) = crate::http::headers(lines);
        while buf.len() < length {
            match socket.read(&mut chunk).await {
                Ok(n) if n > 0 => buf.extend_from_slice(&chunk[..n]),
                _ => return,
            }
        }
        buf.drain(..length);
        let connection = headers
            .get("connection")
            .map(|c| c.to_ascii_lowercase())
            .unwrap_or_default();
        let close = connection.contains("close")
            || (version == "HTTP/1.0" && !connection.contains("keep-alive"));

        let (delay, (status, mut out, body)) = {
            let mut state = state.lock().expect("site");
            let answered = answer(&state, &method, &target, &headers);
            state.log.push(SiteRequest {
                method: method.clone(),
                path: target.clone(),
                headers: headers.clone(),
                status: answered.0,
            });
            (state.delay, answered)
        };
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
        out.push((
            "Connection".into(),
            if close { "close" } else { "keep-alive" }.into(),
        ));
        let mut response = format!("HTTP/1.1 {status} {}\r\n", reason(status));
        for (k, v) in &out {
            response.push_str(&format!("{k}: {v}\r\n"));
        }
        response.push_str("\r\n");
        let mut bytes = response.into_bytes();
        bytes.extend_from_slice(&body);
        if socket.write_all(&bytes).await.is_err() || socket.flush().await.is_err() || close {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn client() -> reqwest::Client {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client")
    }

    #[test]
    fn http_dates_round_trip() {
        assert_eq!(http_date(784_111_777), "Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777)
        );
        let now = now_secs();
        assert_eq!(parse_http_date(&http_date(now)), Some(now));
        assert_eq!(parse_http_date("yesterday"), None);
    }

    #[tokio::test]
    async fn the_standard_site_serves_its_pages_and_answers_304_to_a_matching_etag() {
        let site = TestSite::standard().await;
        let client = client();
        let prices = client.get(site.url("/prices")).send().await.unwrap();
        assert_eq!(prices.status(), 200);
        let etag = prices.headers()["etag"].to_str().unwrap().to_owned();
        let modified = prices.headers()["last-modified"]
            .to_str()
            .unwrap()
            .to_owned();
        let body = prices.text().await.unwrap();
        assert!(body.contains("<td>2.40</td>") && body.contains("cookie-banner"));

        let again = client
            .get(site.url("/prices"))
            .header("If-None-Match", &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 304);
        assert_eq!(again.headers()["etag"].to_str().unwrap(), etag);
        assert!(again.bytes().await.unwrap().is_empty());
        let since = client
            .get(site.url("/prices"))
            .header("If-Modified-Since", &modified)
            .send()
            .await
            .unwrap();
        assert_eq!(since.status(), 304);
        let other = client
            .get(site.url("/prices"))
            .header("If-None-Match", "\"nope\"")
            .send()
            .await
            .unwrap();
        assert_eq!(other.status(), 200);

        // An edit changes both validators; a removed page is gone.
        site.set_page(
            "/prices",
            &page("Prices", "<h1>Prices</h1><p>Espresso 2.60</p>"),
        );
        let edited = client
            .get(site.url("/prices"))
            .header("If-None-Match", &etag)
            .header("If-Modified-Since", &modified)
            .send()
            .await
            .unwrap();
        assert_eq!(edited.status(), 200);
        assert_ne!(edited.headers()["etag"].to_str().unwrap(), etag);
        let later = edited.headers()["last-modified"].to_str().unwrap();
        assert!(parse_http_date(later) > parse_http_date(&modified));
        let by_date = client
            .get(site.url("/prices"))
            .header("If-Modified-Since", &modified)
            .send()
            .await
            .unwrap();
        assert_eq!(by_date.status(), 200, "changed since");
        site.remove("/prices");
        assert_eq!(
            client
                .get(site.url("/prices"))
                .send()
                .await
                .unwrap()
                .status(),
            404
        );

        let head = client.head(site.url("/about")).send().await.unwrap();
        assert_eq!(head.status(), 200);
        assert!(head.headers()["content-length"].to_str().unwrap() != "0");
        assert!(head.bytes().await.unwrap().is_empty());
        let moved = client.get(site.url("/old-prices")).send().await.unwrap();
        assert_eq!(moved.status(), 301);
        assert_eq!(moved.headers()["location"], "/prices");
        assert_eq!(
            client
                .get(site.url("/missing"))
                .send()
                .await
                .unwrap()
                .status(),
            404
        );
        let big = client.get(site.url("/big")).send().await.unwrap();
        assert_eq!(big.bytes().await.unwrap().len(), BIG_PAGE_BYTES);
        let about_us = client
            .get(site.url("/about-us"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(about_us.contains(r#"<link rel="canonical" href="/about">"#));

        let gz = client
            .get(site.url("/sitemap-blog.xml.gz"))
            .send()
            .await
            .unwrap();
        assert_eq!(gz.headers()["content-type"], "application/x-gzip");
        let mut xml = String::new();
        flate2::read::GzDecoder::new(&gz.bytes().await.unwrap()[..])
            .read_to_string(&mut xml)
            .unwrap();
        assert!(xml.contains(&format!("<loc>{}</loc>", site.url("/blog/cold-brew"))));
        let robots = client
            .get(site.url("/robots.txt"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(robots.contains(&format!("Sitemap: {}/sitemap_index.xml", site.base)));

        assert_eq!(site.count("/prices"), 7);
        let logged = site.requests();
        assert_eq!(logged[1].status, 304);
        assert_eq!(logged[1].headers["if-none-match"], etag);
        site.reset_log();
        assert!(site.requests().is_empty());
    }

    #[tokio::test]
    async fn a_generated_site_lists_and_links_every_article_over_one_connection() {
        let site = TestSite::generated(25).await;
        let client = client();
        let sitemap = client
            .get(site.url("/sitemap.xml"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let index = client
            .get(site.url("/"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let mut texts = std::collections::HashSet::new();
        for path in generated_paths(25) {
            assert!(sitemap.contains(&format!("<loc>{}</loc>", site.url(&path))));
            if path != "/" {
                assert!(index.contains(&format!("href=\"{path}\"")));
            }
            let response = client.get(site.url(&path)).send().await.unwrap();
            assert_eq!(response.status(), 200, "{path}");
            assert!(texts.insert(response.text().await.unwrap()), "{path}");
        }
        assert_eq!(site.requests().len(), 2 + 26);

        // A raw client: two requests on one connection, the second asking to close it.
        let mut socket = TcpStream::connect(site.base.trim_start_matches("http://"))
            .await
            .unwrap();
        socket
            .write_all(b"GET /articles/1 HTTP/1.1\r\nHost: x\r\n\r\nHEAD /articles/2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .await
            .unwrap();
        let mut raw = Vec::new();
        socket.read_to_end(&mut raw).await.unwrap();
        let raw = String::from_utf8_lossy(&raw);
        assert_eq!(raw.matches("HTTP/1.1 200 OK").count(), 2, "{raw}");
        assert!(raw.trim_end().ends_with("Connection: close"), "{raw}");
    }
}
