//! Websites imported into a bot's knowledge (`/api/admin/bots/{token}/sites`), crawled from a
//! real site on loopback ([`TestSite`]): the import keeps exactly the pages it should — through
//! `robots.txt`, a sitemap index and a gzipped sitemap, links, redirects and canonical links —
//! reads their content without the site's chrome, and skips the rest saying why; a sync asks
//! with the pages' validators and changes exactly what changed; a page cap, a cancel and a
//! runtime killed mid-crawl (this test has a server of its own) end the crawl as they should;
//! malformed input is refused.

use crate::helpers::{JWT_SECRET, TestApp, app_with_bot, server};
use porthole_shared::sites::{
    CrawlLimit, PageState, Site, SitePage, SitePageList, SiteSaved, SiteState, SkipReason,
    SyncSchedule,
};
use porthole_tests::server::Server;
use porthole_tests::site::{CHROME_WORDS, STANDARD_PAGES, TestSite, generated_paths, page};
use reqwest::Method;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

/// A bot with no knowledge of its own, on the server at `base`.
async fn empty_bot(base: &str) -> TestApp {
    app_with_bot(base, json!({"bot_name": "Harbor"}), &[]).await
}

fn sites_path(app: &TestApp) -> String {
    format!("/api/admin/bots/{}/sites", app.token)
}

/// `POST …/sites` with `body`, which must be accepted: the site, crawling.
async fn add_site(app: &TestApp, body: Value) -> Site {
    let response = app.admin(Method::POST, &sites_path(app), Some(&body)).await;
    assert_eq!(response.status(), 201, "add site {body}");
    let saved: SiteSaved = response.json().await.expect("SiteSaved");
    assert!(saved.success);
    assert_eq!(saved.site.state, SiteState::Crawling, "{:?}", saved.site);
    assert_eq!(saved.site.run_kind, "import");
    saved.site
}

/// `GET …/sites/{id}`.
async fn get_site(app: &TestApp, id: i64) -> Site {
    let response = app
        .admin(Method::GET, &format!("{}/{id}", sites_path(app)), None)
        .await;
    assert_eq!(response.status(), 200, "read site {id}");
    let saved: SiteSaved = response.json().await.expect("SiteSaved");
    saved.site
}

/// Polls the site until its crawl is no longer running (at most `secs` seconds).
async fn finished(app: &TestApp, id: i64, secs: u64) -> Site {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
    loop {
        let site = get_site(app, id).await;
        if site.state != SiteState::Crawling {
            assert!(site.finished_at.is_some(), "{site:?}");
            return site;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the crawl did not end within {secs} s: {site:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Polls the site until `check` holds while it is crawling.
async fn while_crawling(app: &TestApp, id: i64, what: &str, check: impl Fn(&Site) -> bool) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        let site = get_site(app, id).await;
        assert_eq!(
            site.state,
            SiteState::Crawling,
            "ended before {what}: {site:?}"
        );
        if check(&site) {
            return;
        }
        assert!(tokio::time::Instant::now() < deadline, "{what}: {site:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// `POST …/sites/{id}/{action}` (`sync`, `cancel`).
async fn act(app: &TestApp, id: i64, action: &str) -> reqwest::Response {
    app.admin(
        Method::POST,
        &format!("{}/{id}/{action}", sites_path(app)),
        None,
    )
    .await
}

/// `GET …/sites/{id}/pages`.
async fn pages(app: &TestApp, id: i64) -> Vec<SitePage> {
    let response = app
        .admin(
            Method::GET,
            &format!("{}/{id}/pages", sites_path(app)),
            None,
        )
        .await;
    assert_eq!(response.status(), 200);
    let list: SitePageList = response.json().await.expect("SitePageList");
    list.pages
}

/// The listed page at `site`'s `path`.
fn page_at<'a>(pages: &'a [SitePage], site: &TestSite, path: &str) -> &'a SitePage {
    let url = site.url(path);
    pages
        .iter()
        .find(|p| p.url == url)
        .unwrap_or_else(|| panic!("{url} is not listed: {pages:#?}"))
}

/// The bot's documents: URL → title.
async fn documents(app: &TestApp) -> Vec<(String, String)> {
    let path = format!("/api/admin/bots/{}/documents", app.token);
    let response = app.admin(Method::GET, &path, None).await;
    assert_eq!(response.status(), 200);
    let listed: Value = response.json().await.expect("json");
    listed["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .map(|d| {
            (
                d["url"].as_str().unwrap_or_default().to_owned(),
                d["title"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// The path of `url` on `site` (`/` for the home page, without a fragment).
fn path_on(site: &TestSite, url: &str) -> String {
    let rest = url
        .strip_prefix(&site.base)
        .unwrap_or_else(|| panic!("{url} is not on {}", site.base));
    let rest = rest.split('#').next().unwrap_or_default();
    if rest.is_empty() {
        "/".to_owned()
    } else {
        rest.to_owned()
    }
}

/// The documents' paths on `site`, each once (asserting none is there twice).
async fn document_paths(app: &TestApp, site: &TestSite) -> BTreeSet<String> {
    let docs = documents(app).await;
    let mut paths = BTreeMap::<String, usize>::new();
    for (url, _) in &docs {
        *paths.entry(path_on(site, url)).or_default() += 1;
    }
    let twice: Vec<_> = paths.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "pages kept twice: {twice:?} in {docs:?}");
    paths.into_keys().collect()
}

fn set_of<S: AsRef<str>>(paths: &[S]) -> BTreeSet<String> {
    paths.iter().map(|p| p.as_ref().to_owned()).collect()
}

/// The trial of `question` on the bot: the passages retrieval found.
async fn passages(app: &TestApp, question: &str) -> Vec<String> {
    let trial: Value = app
        .admin(
            Method::POST,
            &format!("/api/admin/bots/{}/test-question", app.token),
            Some(&json!({"question": question})),
        )
        .await
        .json()
        .await
        .expect("json");
    trial["passages"]
        .as_array()
        .unwrap_or_else(|| panic!("{trial}"))
        .iter()
        .map(|p| p["text"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// Asserts a JSON error with `status`.
async fn assert_refused(response: reqwest::Response, status: u16, what: &str) {
    assert_eq!(response.status().as_u16(), status, "{what}");
    let body: Value = response.json().await.expect("an error is JSON");
    assert_eq!(body["success"], false, "{what}: {body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{what}: {body}"
    );
}

#[tokio::test]
async fn a_site_is_imported_with_exactly_the_pages_it_should() {
    let site = TestSite::standard().await;
    let app = empty_bot(&server().await.base).await;
    let started = add_site(&app, json!({"url": site.url("/")})).await;
    assert_eq!(started.url, site.url("/"));
    assert_eq!(started.prefix, "/");
    assert_eq!(
        started.page_cap,
        porthole_shared::sites::SITE_PAGE_CAP_DEFAULT
    );
    assert_eq!(started.schedule, SyncSchedule::Off);
    assert_eq!(started.next_sync_at, None);
    let done = finished(&app, started.id, 90).await;
    assert_eq!(done.state, SiteState::Done, "{done:?}");
    assert_eq!((done.error.clone(), done.limits.clone()), (None, vec![]));

    // Exactly the readable pages, each once: the sitemaps' (the gzipped one's only there), the
    // linked ones, the loop's two; not the redirect, the second address, nor anything skipped.
    let paths = document_paths(&app, &site).await;
    assert_eq!(paths, set_of(STANDARD_PAGES));
    let progress = &done.progress;
    assert_eq!(progress.kept, STANDARD_PAGES.len() as i64, "{progress:?}");
    assert_eq!(done.pages, progress.kept);
    assert_eq!(progress.added, progress.kept, "an import adds every page");
    let skipped = &progress.skipped;
    assert!(skipped.robots >= 1, "the staff page: {progress:?}");
    assert!(skipped.not_html >= 1, "the PDF: {progress:?}");
    assert!(skipped.too_large >= 1, "the 2 MB page: {progress:?}");
    assert!(
        skipped.error >= 2,
        "the 404 and the redirect away: {progress:?}"
    );
    assert!(skipped.duplicate >= 1, "/about-us: {progress:?}");
    assert_eq!(
        progress.requests as usize,
        site.requests().len(),
        "every request the site got is counted: {progress:?} {:#?}",
        site.requests()
    );
    assert!(progress.fetched >= progress.kept && progress.found >= progress.fetched);

    // What the crawl did with each address, and why.
    let listed = pages(&app, done.id).await;
    for path in STANDARD_PAGES {
        let page = page_at(&listed, &site, path);
        assert_eq!(page.state, PageState::Kept, "{page:?}");
        assert!(!page.title.is_empty(), "{page:?}");
    }
    for (path, reason) in [
        ("/private/secret.html", SkipReason::Robots),
        ("/files/menu.pdf", SkipReason::NotHtml),
        ("/big", SkipReason::TooLarge),
        ("/missing", SkipReason::Error),
        ("/moved", SkipReason::Error),
        ("/about-us", SkipReason::Duplicate),
    ] {
        let page = page_at(&listed, &site, path);
        assert_eq!(
            (page.state, page.reason),
            (PageState::Skipped, Some(reason)),
            "{page:?}"
        );
    }
    assert!(
        page_at(&listed, &site, "/missing").detail.contains("404"),
        "{listed:#?}"
    );

    // The crawler obeyed robots.txt and read the sitemaps it names.
    assert_eq!(site.count("/private/secret.html"), 0, "robots.txt says no");
    assert!(site.count("/robots.txt") >= 1);
    assert!(site.count("/sitemap_index.xml") >= 1);
    assert!(site.count("/sitemap-blog.xml.gz") >= 1);
    let agents: BTreeSet<String> = site
        .requests()
        .iter()
        .filter_map(|r| r.headers.get("user-agent").cloned())
        .collect();
    assert!(
        agents
            .iter()
            .all(|a| a.contains(porthole_shared::sites::CRAWLER_USER_AGENT)),
        "{agents:?}"
    );
    // Each page once, the loop's included.
    for path in STANDARD_PAGES {
        assert!(
            site.gets(path) <= 1,
            "{path} fetched {} times",
            site.gets(path)
        );
    }

    // The pages' content without the site's chrome.
    for words in CHROME_WORDS {
        for passage in passages(&app, &format!("{words} cookies biscuits Instagram")).await {
            for chrome in CHROME_WORDS {
                assert!(!passage.contains(chrome), "{chrome:?} kept in {passage:?}");
            }
        }
    }
    for passage in passages(&app, "analytics tracking pixel script window").await {
        assert!(!passage.contains("tracking-pixel"), "{passage:?}");
    }

    // Answered from the prices page, citing it (at its heading, if at all).
    let answer = app.ask("How much is an espresso?").await;
    assert!(
        answer["reply"]
            .as_str()
            .unwrap_or_default()
            .contains("2.40"),
        "{answer}"
    );
    let cited = answer["sources"][0]["url"].as_str().unwrap_or_default();
    let prices = site.url("/prices");
    assert!(
        cited == prices || cited.starts_with(&format!("{prices}#")),
        "{answer}"
    );
    let hours = app.ask("What are the opening hours on Saturday?").await;
    assert!(
        hours["reply"]
            .as_str()
            .unwrap_or_default()
            .contains("8am to 4pm"),
        "{hours}"
    );
    assert!(
        hours["sources"][0]["url"]
            .as_str()
            .unwrap_or_default()
            .starts_with(&site.url("/visit")),
        "{hours}"
    );
}

#[tokio::test]
async fn a_sync_changes_exactly_the_edited_pages() {
    let site = TestSite::standard().await;
    let app = empty_bot(&server().await.base).await;
    let id = add_site(&app, json!({"url": site.url("/")})).await.id;
    let imported = finished(&app, id, 90).await;
    assert_eq!(imported.progress.kept, STANDARD_PAGES.len() as i64);

    // One page edited (it also links a new page), one removed, one new.
    site.set_page(
        "/visit",
        &page(
            "Visit",
            r#"<h1>Visit us</h1>
<p>The café is at 12 Quay Street, next to the old lighthouse.</p>
<h2 id="opening-hours">Opening hours</h2>
<ul><li>Monday to Friday: 6am to 8pm</li><li>Saturday and Sunday: 9am to 3pm</li></ul>
<p>Read about <a href="/news/pier-nine">our second roastery</a>.</p>"#,
        ),
    );
    site.remove("/blog/cold-brew");
    site.set_page(
        "/news/pier-nine",
        &page(
            "A second roastery",
            r#"<h1>A second roastery on Pier Nine</h1>
<p>In May we open a second roastery in the old net loft on Pier Nine, with a tasting bar.</p>"#,
        ),
    );
    let unchanged: Vec<&str> = STANDARD_PAGES
        .iter()
        .copied()
        .filter(|p| !["/visit", "/blog/cold-brew"].contains(p))
        .collect();
    site.reset_log();

    let response = act(&app, id, "sync").await;
    assert_eq!(response.status(), 202);
    let saved: SiteSaved = response.json().await.expect("SiteSaved");
    assert_eq!(
        (saved.site.state, saved.site.run_kind.as_str()),
        (SiteState::Crawling, "sync")
    );
    let synced = finished(&app, id, 90).await;
    assert_eq!(synced.state, SiteState::Done, "{synced:?}");
    let progress = &synced.progress;
    assert_eq!(
        (
            progress.changed,
            progress.removed,
            progress.added,
            progress.unchanged
        ),
        (1, 1, 1, unchanged.len() as i64),
        "{progress:?}"
    );
    assert_eq!(progress.kept, STANDARD_PAGES.len() as i64, "{progress:?}");
    assert_eq!(synced.pages, progress.kept);

    // The unchanged pages were asked for with their validators and not sent again.
    let log = site.requests();
    for path in &unchanged {
        let etag = site.resource(path).expect("served").etag;
        let gets: Vec<_> = log
            .iter()
            .filter(|r| r.path == *path && r.method == "GET")
            .collect();
        assert!(!gets.is_empty(), "{path} was not checked: {log:#?}");
        for get in gets {
            assert_eq!(
                (get.headers.get("if-none-match"), get.status),
                (Some(&etag), 304),
                "{path}: {get:?}"
            );
        }
    }

    // The knowledge says what the site says now.
    let mut expected = set_of(STANDARD_PAGES);
    expected.remove("/blog/cold-brew");
    expected.insert("/news/pier-nine".to_owned());
    assert_eq!(document_paths(&app, &site).await, expected);
    let listed = pages(&app, id).await;
    for (path, change) in [
        ("/visit", "changed"),
        ("/blog/cold-brew", "removed"),
        ("/news/pier-nine", "added"),
        ("/prices", "unchanged"),
    ] {
        assert_eq!(page_at(&listed, &site, path).change, change, "{path}");
    }
    let hours = app
        .ask("What are the opening hours Monday to Friday?")
        .await;
    let reply = hours["reply"].as_str().unwrap_or_default();
    assert!(
        reply.contains("6am to 8pm") && !reply.contains("7am to 6pm"),
        "{hours}"
    );
    let news = app.ask("Where is the second roastery?").await;
    assert!(
        news["reply"]
            .as_str()
            .unwrap_or_default()
            .contains("Pier Nine"),
        "{news}"
    );
    for passage in passages(&app, "cold brew steeps eighteen hours").await {
        assert!(!passage.contains("eighteen hours"), "{passage:?}");
    }
}

#[tokio::test]
async fn a_page_cap_stops_the_crawl_and_says_so() {
    let site = TestSite::standard().await;
    let app = empty_bot(&server().await.base).await;
    let started = add_site(&app, json!({"url": site.url("/"), "page_cap": 3})).await;
    assert_eq!(started.page_cap, 3);
    let done = finished(&app, started.id, 90).await;
    assert_eq!(done.state, SiteState::Done, "{done:?}");
    assert_eq!(done.progress.kept, 3, "{done:?}");
    assert!(done.limits.contains(&CrawlLimit::Pages), "{done:?}");
    let paths = document_paths(&app, &site).await;
    assert_eq!(paths.len(), 3);
    assert!(paths.is_subset(&set_of(STANDARD_PAGES)), "{paths:?}");
}

#[tokio::test]
async fn cancel_stops_a_crawl() {
    let site = TestSite::generated(200).await;
    site.set_delay(Duration::from_millis(100));
    let app = empty_bot(&server().await.base).await;
    let id = add_site(&app, json!({"url": site.url("/")})).await.id;
    assert_refused(act(&app, id, "sync").await, 409, "a sync while crawling").await;
    while_crawling(&app, id, "a page fetched", |s| s.progress.fetched > 0).await;

    let response = act(&app, id, "cancel").await;
    assert_eq!(response.status(), 200);
    let saved: SiteSaved = response.json().await.expect("SiteSaved");
    assert_eq!(saved.site.state, SiteState::Cancelled, "{:?}", saved.site);
    // Requests already sent may still be answered; then none.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let sent = site.requests().len();
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(site.requests().len(), sent, "requests after the cancel");

    let cancelled = get_site(&app, id).await;
    assert_eq!(cancelled.state, SiteState::Cancelled);
    assert!(cancelled.finished_at.is_some());
    assert!(cancelled.progress.kept < 200, "{cancelled:?}");
    assert_eq!(
        documents(&app).await.len() as i64,
        cancelled.pages,
        "{cancelled:?}"
    );
}

#[tokio::test]
async fn a_crawl_survives_the_runtime_being_killed() {
    let server = tokio::task::spawn_blocking(|| Server::start(&[("JWT_SECRET", JWT_SECRET)]))
        .await
        .unwrap();
    let site = TestSite::generated(60).await;
    site.set_delay(Duration::from_millis(100));
    let app = empty_bot(&server.base).await;
    let id = add_site(&app, json!({"url": site.url("/")})).await.id;
    while_crawling(&app, id, "a page fetched", |s| s.progress.fetched > 0).await;

    let handle = std::sync::Arc::new(server);
    let killed = handle.clone();
    tokio::task::spawn_blocking(move || {
        killed.kill();
        killed.restart();
    })
    .await
    .unwrap();

    let done = finished(&app, id, 90).await;
    assert_eq!(done.state, SiteState::Done, "{done:?}");
    let expected = set_of(&generated_paths(60));
    assert_eq!(done.progress.kept, expected.len() as i64, "{done:?}");
    assert_eq!(documents(&app).await.len(), expected.len());
    assert_eq!(document_paths(&app, &site).await, expected);
    for path in &expected {
        let gets = site.gets(path);
        assert!(
            (1..=2).contains(&gets),
            "{path} fetched {gets} times (one in flight at the kill may be fetched again)"
        );
    }
}

#[tokio::test]
async fn malformed_sites_are_refused_and_a_site_is_listed_changed_and_deleted() {
    let site = TestSite::standard().await;
    let app = empty_bot(&server().await.base).await;
    let path = sites_path(&app);
    let home = site.url("/");
    for bad in [
        json!({"url": "ftp://example.org/"}),
        json!({"url": "not a url"}),
        json!({"url": "javascript:alert(1)"}),
        json!({"url": ""}),
        json!({}),
        json!({"url": home, "page_cap": 0}),
        json!({"url": home, "page_cap": porthole_shared::sites::SITE_PAGE_CAP_MAX + 1}),
        json!({"url": home, "page_cap": -1}),
        json!({"url": home, "schedule": "hourly"}),
        json!({"url": home, "depth": 3}),
    ] {
        assert_refused(
            app.admin(Method::POST, &path, Some(&bad)).await,
            400,
            &bad.to_string(),
        )
        .await;
    }
    assert!(site.requests().is_empty(), "nothing refused was crawled");

    // A prefix without its leading slash is read as having it (or refused).
    let body = json!({"url": home, "prefix": "blog/", "schedule": "weekly"});
    let response = app.admin(Method::POST, &path, Some(&body)).await;
    let started = if response.status() == 400 {
        assert_refused(response, 400, "a prefix without a slash").await;
        add_site(
            &app,
            json!({"url": home, "prefix": "/blog/", "schedule": "weekly"}),
        )
        .await
    } else {
        assert_eq!(response.status(), 201);
        response.json::<SiteSaved>().await.expect("SiteSaved").site
    };
    assert_eq!(started.prefix, "/blog/");
    assert_eq!(started.schedule, SyncSchedule::Weekly);
    assert!(started.next_sync_at.is_some(), "{started:?}");
    let id = started.id;
    let done = finished(&app, id, 90).await;
    assert_eq!(
        document_paths(&app, &site).await,
        set_of(&["/blog/first-roast", "/blog/cold-brew"]),
        "only the pages under the prefix"
    );
    assert_eq!(done.progress.kept, 2);

    let listed: Value = app
        .admin(Method::GET, &path, None)
        .await
        .json()
        .await
        .expect("json");
    let list: porthole_shared::sites::SiteList =
        serde_json::from_value(listed.clone()).expect("SiteList");
    assert_eq!(list.sites.iter().map(|s| s.id).collect::<Vec<_>>(), [id]);

    let at = format!("{path}/{id}");
    let response = app
        .admin(
            Method::PATCH,
            &at,
            Some(&json!({"schedule": "off", "page_cap": 50})),
        )
        .await;
    assert_eq!(response.status(), 200);
    let changed: SiteSaved = response.json().await.expect("SiteSaved");
    assert_eq!(
        (
            changed.site.schedule,
            changed.site.page_cap,
            changed.site.next_sync_at
        ),
        (SyncSchedule::Off, 50, None)
    );
    for bad in [
        json!({"page_cap": 0}),
        json!({"page_cap": 2001}),
        json!({"schedule": "sometimes"}),
        json!({"url": "https://example.org/"}),
    ] {
        assert_refused(
            app.admin(Method::PATCH, &at, Some(&bad)).await,
            400,
            &bad.to_string(),
        )
        .await;
    }
    assert_refused(act(&app, 999_999, "sync").await, 404, "no such site").await;
    assert_refused(
        app.admin(Method::GET, &format!("{path}/1x"), None).await,
        404,
        "no such site",
    )
    .await;

    let response = app.admin(Method::DELETE, &at, None).await;
    assert_eq!(response.status(), 200);
    let deleted: Value = response.json().await.expect("json");
    assert_eq!(deleted, json!({"success": true}));
    assert_refused(app.admin(Method::GET, &at, None).await, 404, "deleted").await;
}

/// What a hostile (or merely odd) site does cannot make the crawl loop, leave the site, or
/// lose a page: two sitemap indexes that list each other are read once each, image entries of
/// a sitemap are not pages, a page whose canonical address is its own `www.` variant is kept,
/// a link loop with ever-new addresses stops at the cap of addresses found, and a page nested
/// 100,000 elements deep is skipped without stalling the crawl.
#[tokio::test]
async fn a_hostile_site_cannot_loop_leave_or_stall_the_crawl() {
    let app = empty_bot(&server().await.base).await;
    let site = TestSite::start().await;
    let base = site.base.clone();
    site.set_text(
        "/robots.txt",
        &format!("User-agent: *\nAllow: /\nSitemap: {base}/a.xml\n"),
    );
    let a = porthole_tests::site::sitemap_index(&[&format!("{base}/b.xml")]);
    let b = porthole_tests::site::sitemap_index(&[
        &format!("{base}/a.xml"),
        &format!("{base}/pages.xml"),
    ]);
    site.set("/a.xml", 200, "application/xml", a, &[]);
    site.set("/b.xml", 200, "application/xml", b, &[]);
    let urlset = format!(
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:image=\"http://www.google.com/schemas/sitemap-image/1.1\">\
         <url><loc>{base}/</loc><image:image><image:loc>{base}/cup.jpg</image:loc></image:image></url></urlset>"
    );
    site.set("/pages.xml", 200, "application/xml", urlset, &[]);
    let host = base.trim_start_matches("http://");
    site.set_page(
        "/",
        &format!(
            "<html><head><link rel=\"canonical\" href=\"https://www.{host}/\"></head><body><main>\
             <h1>Harbor</h1><p>Espresso 2.40 at the pier.</p><a href=\"/deep\">deep</a>\
             <a href=\"/trap/1\">more</a></main></body></html>"
        ),
    );
    site.set_page(
        "/deep",
        &format!(
            "<main>{}x{}</main>",
            "<div>".repeat(100_000),
            "</div>".repeat(100_000)
        ),
    );
    // Every trap page links to a new one.
    for i in 1..=60 {
        site.set_page(
            &format!("/trap/{i}"),
            &page(
                &format!("Trap {i}"),
                &format!("<p>Trap {i}.</p><a href=\"/trap/{}\">next</a>", i + 1),
            ),
        );
    }
    let id = add_site(&app, json!({"url": site.url("/"), "page_cap": 3}))
        .await
        .id;
    let done = finished(&app, id, 60).await;
    assert_eq!(site.gets("/a.xml"), 1, "{done:?}");
    assert_eq!(site.gets("/b.xml"), 1);
    assert_eq!(site.gets("/cup.jpg"), 0, "an image entry is not a page");
    let listed = pages(&app, id).await;
    assert_eq!(
        page_at(&listed, &site, "/").state,
        PageState::Kept,
        "{listed:#?}"
    );
    let deep = page_at(&listed, &site, "/deep");
    assert_eq!(
        deep.reason,
        Some(porthole_shared::sites::SkipReason::TooLarge),
        "{deep:?}"
    );
    assert_eq!(done.progress.kept, 3, "{done:?}");
    assert!(
        done.limits
            .contains(&porthole_shared::sites::CrawlLimit::Pages),
        "{done:?}"
    );
    assert!(
        site.requests().len() < 20,
        "{} requests",
        site.requests().len()
    );
}
