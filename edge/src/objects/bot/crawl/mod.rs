//! Websites imported into the bot's knowledge, crawled on the object's alarm and kept in sync.
//!
//! A site is a row of `sites`; each address its crawls found is a row of `site_pages` (its
//! `robots.txt`, sitemaps and pages), with what the last crawl did to it and the validators
//! (`ETag`, `Last-Modified`) and text hash of the copy kept. A crawl (an import, or a sync of
//! every known page) queues its addresses there and works through them in batches
//! ([`step`]): each batch is at most [`BATCH`] addresses fetched side by side, at most
//! `fetch::MAX_HOPS` + 1 requests each, within Cloudflare's 50 subrequests per invocation on the
//! free plan (the embeddings that follow on the same alarm take at most 20); its results are
//! written in one transaction per address, so a runtime killed mid-batch loses nothing and
//! repeats only the addresses in flight, which stay queued. Caps (pages, bytes, time, addresses
//! found, the knowledge base's size) stop a crawl and are said in the site's `limits`.
//!
//! Scheduled syncs start on the alarm too (`next_sync_at`).

mod fetch;
mod step;

use super::Bot;
use super::protocol::*;
use crate::knowledge::site::address;
use crate::objects::sql::{count, exec, first, rows};
use crate::platform::clock::{iso, now_ms};
use crate::web::error::{ApiError, ApiResult};
use porthole_shared::ErrorCode;
use porthole_shared::api::Ack;
use porthole_shared::sites::{
    CrawlLimit, CrawlProgress, PageState, SITE_PAGE_CAP_DEFAULT, SITE_PAGE_CAP_MAX,
    SITE_PAGES_LISTED, SITES_MAX, Site, SiteList, SitePage, SitePageList, SiteSaved, SiteState,
    SiteUpdate, SkipReason, SyncSchedule,
};
use serde::Deserialize;
use url::Url;

/// Addresses fetched side by side in one batch.
pub const BATCH: usize = 8;

/// The imported sites.
pub const SITES_TABLE: &str = "CREATE TABLE IF NOT EXISTS sites (
    id INTEGER PRIMARY KEY AUTOINCREMENT, url TEXT NOT NULL, prefix TEXT NOT NULL,
    page_cap INTEGER NOT NULL, schedule TEXT NOT NULL, state TEXT NOT NULL, run INTEGER NOT NULL,
    run_kind TEXT NOT NULL, progress TEXT NOT NULL, limits TEXT NOT NULL, error TEXT,
    robots TEXT, delay INTEGER NOT NULL DEFAULT 0, started_at INTEGER NOT NULL,
    finished_at INTEGER, next_sync_at INTEGER, next_batch_at INTEGER NOT NULL DEFAULT 0)";
/// Every address of every site: what the last crawl did to it.
pub const SITE_PAGES_TABLE: &str = "CREATE TABLE IF NOT EXISTS site_pages (
    site_id INTEGER NOT NULL, url TEXT NOT NULL, kind TEXT NOT NULL, depth INTEGER NOT NULL,
    queued INTEGER NOT NULL, state TEXT NOT NULL, reason TEXT, detail TEXT NOT NULL DEFAULT '',
    etag TEXT, last_modified TEXT, hash TEXT, doc_id INTEGER, title TEXT NOT NULL DEFAULT '',
    change TEXT NOT NULL DEFAULT '', PRIMARY KEY (site_id, url))";
/// The queue: a site's addresses still to fetch, in order.
pub const SITE_PAGES_QUEUE: &str =
    "CREATE INDEX IF NOT EXISTS site_pages_queue ON site_pages (site_id, queued, depth)";

/// Kinds of address.
const ROBOTS: &str = "robots";
const SITEMAP: &str = "sitemap";
const PAGE: &str = "page";

/// A row of `sites`.
#[derive(Debug, Clone, Deserialize)]
struct SiteRow {
    id: f64,
    url: String,
    prefix: String,
    page_cap: f64,
    schedule: String,
    state: String,
    /// Which crawl of the site this is (1 the import).
    run: f64,
    run_kind: String,
    progress: String,
    limits: String,
    error: Option<String>,
    robots: Option<String>,
    delay: f64,
    started_at: f64,
    finished_at: Option<f64>,
    next_sync_at: Option<f64>,
}

const SITE_COLUMNS: &str = "id, url, prefix, page_cap, schedule, state, run, run_kind, progress, \
    limits, error, robots, delay, started_at, finished_at, next_sync_at";

impl SiteRow {
    fn id(&self) -> i64 {
        self.id as i64
    }

    fn progress(&self) -> CrawlProgress {
        serde_json::from_str(&self.progress).unwrap_or_default()
    }

    fn limits(&self) -> Vec<CrawlLimit> {
        serde_json::from_str(&self.limits).unwrap_or_default()
    }

    fn crawling(&self) -> bool {
        SiteState::parse(&self.state) == SiteState::Crawling
    }

    fn start_url(&self) -> Option<Url> {
        Url::parse(&self.url).ok()
    }
}

impl Bot {
    /// `POST /sites`: a new site, its import started.
    pub(super) async fn add_site(&self, input: AddSite) -> ApiResult<SiteSaved> {
        let AddSite { site, now } = input;
        let start = site_url(&site.url)?;
        let prefix = address::prefix(site.prefix.as_deref())
            .ok_or_else(|| ApiError::invalid("prefix must be a path, such as /docs/"))?;
        let page_cap = page_cap(site.page_cap)?;
        let sites = count(&self.sql, "SELECT count(*) AS n FROM sites", vec![])?;
        if sites as usize >= SITES_MAX {
            return Err(ApiError::invalid(format!(
                "a bot may import at most {SITES_MAX} sites"
            )));
        }
        let same = count(
            &self.sql,
            "SELECT count(*) AS n FROM sites WHERE url = ? AND prefix = ?",
            vec![start.as_str().into(), prefix.clone().into()],
        )?;
        if same > 0 {
            return Err(ApiError::new(
                ErrorCode::Conflict,
                "this site is imported already: sync it instead",
            ));
        }
        let schedule = site.schedule.unwrap_or_default();
        exec(
            &self.sql,
            "INSERT INTO sites (url, prefix, page_cap, schedule, state, run, run_kind, progress,
             limits, started_at, next_sync_at) VALUES (?, ?, ?, ?, 'done', 0, 'import', '{}', '[]', ?, ?)",
            vec![
                start.as_str().into(),
                prefix.into(),
                (page_cap as i64).into(),
                schedule.as_str().into(),
                now.into(),
                schedule.interval_ms().map(|every| now + every).into(),
            ],
        )?;
        let id = count(&self.sql, "SELECT last_insert_rowid() AS n", vec![])?;
        self.start_run(id, now)?;
        self.wake_crawl().await;
        self.site_answer(id)
    }

    /// `GET /sites`.
    pub(super) async fn list_sites(&self) -> ApiResult<SiteList> {
        self.keep_crawling().await?;
        let sites: Vec<SiteRow> = rows(
            &self.sql,
            &format!("SELECT {SITE_COLUMNS} FROM sites ORDER BY id"),
            vec![],
        )?;
        let sites = sites
            .into_iter()
            .map(|s| self.site_view(&s))
            .collect::<ApiResult<Vec<_>>>()?;
        Ok(SiteList {
            success: true,
            sites,
        })
    }

    /// `GET /sites/{id}`.
    pub(super) async fn get_site(&self, id: &str) -> ApiResult<SiteSaved> {
        self.keep_crawling().await?;
        self.site_answer(self.site_row(id)?.id())
    }

    /// Sets the alarm again if a crawl is under way and none is set (an alarm that failed too
    /// often is not retried by the runtime): an owner watching the progress keeps it going.
    async fn keep_crawling(&self) -> ApiResult<()> {
        let crawling = count(
            &self.sql,
            "SELECT count(*) AS n FROM sites WHERE state = 'crawling'",
            vec![],
        )?;
        if crawling > 0 && !matches!(self.state.storage().get_alarm().await, Ok(Some(_))) {
            self.wake_crawl().await;
        }
        Ok(())
    }

    /// `PATCH /sites/{id}`: a new schedule or page cap.
    pub(super) async fn update_site(&self, id: &str, update: SiteUpdate) -> ApiResult<SiteSaved> {
        let site = self.site_row(id)?;
        if let Some(cap) = update.page_cap {
            let cap = page_cap(Some(cap))?;
            exec(
                &self.sql,
                "UPDATE sites SET page_cap = ? WHERE id = ?",
                vec![(cap as i64).into(), site.id.into()],
            )?;
        }
        if let Some(schedule) = update.schedule {
            let next = schedule.interval_ms().map(|every| {
                let last = site.finished_at.unwrap_or(site.started_at) as i64;
                (last + every).max(now_ms())
            });
            exec(
                &self.sql,
                "UPDATE sites SET schedule = ?, next_sync_at = ? WHERE id = ?",
                vec![schedule.as_str().into(), next.into(), site.id.into()],
            )?;
            self.wake_crawl().await;
        }
        self.site_answer(site.id())
    }

    /// `DELETE /sites/{id}`: the site and its pages leave the knowledge.
    pub(super) fn delete_site(&self, id: &str) -> ApiResult<Ack> {
        let site = self.site_row(id)?;
        #[derive(Deserialize)]
        struct Doc {
            doc_id: f64,
        }
        let docs: Vec<Doc> = rows(
            &self.sql,
            "SELECT DISTINCT doc_id FROM site_pages WHERE site_id = ? AND doc_id IS NOT NULL",
            vec![site.id.into()],
        )?;
        for doc in &docs {
            self.remove_document(doc.doc_id as i64)?;
        }
        exec(
            &self.sql,
            "DELETE FROM site_pages WHERE site_id = ?",
            vec![site.id.into()],
        )?;
        exec(
            &self.sql,
            "DELETE FROM sites WHERE id = ?",
            vec![site.id.into()],
        )?;
        if !docs.is_empty() {
            self.chunks_changed()?;
        }
        Ok(porthole_shared::api::Ack::OK)
    }

    /// `POST /sites/{id}/sync`: a sync now (409 while one runs).
    pub(super) async fn sync_site(&self, id: &str, now: i64) -> ApiResult<SiteSaved> {
        let site = self.site_row(id)?;
        if site.crawling() {
            return Err(ApiError::new(
                ErrorCode::Conflict,
                "this site is being crawled already",
            ));
        }
        self.start_run(site.id(), now)?;
        self.wake_crawl().await;
        self.site_answer(site.id())
    }

    /// `POST /sites/{id}/cancel`: the crawl stops; what it kept stays.
    pub(super) fn cancel_site(&self, id: &str) -> ApiResult<SiteSaved> {
        let site = self.site_row(id)?;
        if site.crawling() {
            exec(
                &self.sql,
                "UPDATE site_pages SET queued = 0 WHERE site_id = ?",
                vec![site.id.into()],
            )?;
            self.finish_run(&site, SiteState::Cancelled, now_ms())?;
        }
        self.site_answer(site.id())
    }

    /// `GET /sites/{id}/pages`: its addresses, the skipped and changed first.
    pub(super) fn site_pages(&self, id: &str) -> ApiResult<SitePageList> {
        let site = self.site_row(id)?;
        #[derive(Deserialize)]
        struct Row {
            url: String,
            queued: f64,
            state: String,
            reason: Option<String>,
            detail: String,
            title: String,
            change: String,
        }
        let found: Vec<Row> = rows(
            &self.sql,
            "SELECT url, queued, state, reason, detail, title, change FROM site_pages
             WHERE site_id = ? AND kind = 'page'
             ORDER BY state = 'kept', change IN ('', 'unchanged'), url LIMIT ?",
            vec![site.id.into(), (SITE_PAGES_LISTED as i64).into()],
        )?;
        let pages = found
            .into_iter()
            .map(|r| SitePage {
                url: r.url,
                state: if r.queued > 0.0 {
                    PageState::Queued
                } else {
                    PageState::parse(&r.state)
                },
                reason: r
                    .reason
                    .and_then(|why| serde_json::from_value(serde_json::Value::String(why)).ok()),
                detail: r.detail,
                title: r.title,
                change: r.change,
            })
            .collect();
        Ok(SitePageList {
            success: true,
            pages,
        })
    }

    /// Starts a crawl of site `id`: an import the first time, a sync of every known address
    /// after. Its `robots.txt` is read first, then its sitemaps, then its pages.
    fn start_run(&self, id: i64, now: i64) -> ApiResult<()> {
        let site: SiteRow = first(
            &self.sql,
            &format!("SELECT {SITE_COLUMNS} FROM sites WHERE id = ?"),
            vec![id.into()],
        )?
        .ok_or_else(|| ApiError::not_found("site"))?;
        let start = site
            .start_url()
            .ok_or_else(|| ApiError::internal("a site's address no longer parses"))?;
        let known = count(
            &self.sql,
            "SELECT count(*) AS n FROM site_pages WHERE site_id = ? AND kind = 'page'",
            vec![id.into()],
        )?;
        let kind = if known > 0 { "sync" } else { "import" };
        exec(
            &self.sql,
            "UPDATE site_pages SET queued = 1, change = '' WHERE site_id = ?
             AND (reason IS NULL OR reason <> 'too_deep')",
            vec![id.into()],
        )?;
        // The start page counts as found (a sync's known pages are found already).
        let start_is_page = !address::is_sitemap(&start);
        let new_start = start_is_page
            && count(
                &self.sql,
                "SELECT count(*) AS n FROM site_pages WHERE site_id = ? AND url = ?",
                vec![id.into(), start.as_str().into()],
            )? == 0;
        let progress = CrawlProgress {
            found: known + i64::from(new_start),
            ..CrawlProgress::default()
        };
        exec(
            &self.sql,
            "UPDATE sites SET state = 'crawling', run = run + 1, run_kind = ?, progress = ?,
             limits = '[]', error = NULL, started_at = ?, finished_at = NULL, next_batch_at = 0
             WHERE id = ?",
            vec![
                kind.into(),
                serde_json::to_string(&progress).unwrap_or_default().into(),
                now.into(),
                id.into(),
            ],
        )?;
        let mut robots = start.clone();
        robots.set_path("/robots.txt");
        robots.set_query(None);
        self.note_address(id, &robots, ROBOTS, 0)?;
        if !start_is_page {
            self.note_address(id, &start, SITEMAP, 0)?;
        } else {
            self.note_address(id, &start, PAGE, 0)?;
            let mut guess = start.clone();
            guess.set_path("/sitemap.xml");
            guess.set_query(None);
            self.note_address(id, &guess, SITEMAP, 0)?;
        }
        Ok(())
    }

    /// Queues `url` (of `kind`, `depth` links from the start) unless known; `true` when new.
    fn note_address(&self, site: i64, url: &Url, kind: &str, depth: i64) -> ApiResult<bool> {
        let known = count(
            &self.sql,
            "SELECT count(*) AS n FROM site_pages WHERE site_id = ? AND url = ?",
            vec![site.into(), url.as_str().into()],
        )?;
        // Known: queued already by `start_run`, or seen in this crawl (never twice: two
        // sitemaps that list each other are read once each).
        if known > 0 {
            return Ok(false);
        }
        exec(
            &self.sql,
            "INSERT INTO site_pages (site_id, url, kind, depth, queued, state)
             VALUES (?, ?, ?, ?, 1, 'queued')",
            vec![site.into(), url.as_str().into(), kind.into(), depth.into()],
        )?;
        Ok(true)
    }

    /// Ends the crawl of `site` as `state` (done or cancelled), its next sync scheduled.
    fn finish_run(&self, site: &SiteRow, state: SiteState, now: i64) -> ApiResult<()> {
        let next = SyncSchedule::parse(&site.schedule)
            .and_then(SyncSchedule::interval_ms)
            .map(|every| now + every);
        exec(
            &self.sql,
            "UPDATE site_pages SET queued = 0 WHERE site_id = ?",
            vec![site.id.into()],
        )?;
        exec(
            &self.sql,
            "UPDATE sites SET state = ?, finished_at = ?, next_sync_at = ? WHERE id = ?",
            vec![
                state.as_str().into(),
                now.into(),
                next.into(),
                site.id.into(),
            ],
        )
    }

    /// The site row named by the route's `id`.
    fn site_row(&self, id: &str) -> ApiResult<SiteRow> {
        let id = porthole_shared::admin::parse_document_id(id)
            .ok_or_else(|| ApiError::not_found("site"))?;
        first(
            &self.sql,
            &format!("SELECT {SITE_COLUMNS} FROM sites WHERE id = ?"),
            vec![id.into()],
        )?
        .ok_or_else(|| ApiError::not_found("site"))
    }

    fn site_answer(&self, id: i64) -> ApiResult<SiteSaved> {
        let site: SiteRow = first(
            &self.sql,
            &format!("SELECT {SITE_COLUMNS} FROM sites WHERE id = ?"),
            vec![id.into()],
        )?
        .ok_or_else(|| ApiError::not_found("site"))?;
        let answer = SiteSaved {
            success: true,
            site: self.site_view(&site)?,
        };
        Ok(answer)
    }

    fn site_view(&self, site: &SiteRow) -> ApiResult<Site> {
        let pages = count(
            &self.sql,
            "SELECT count(DISTINCT p.doc_id) AS n FROM site_pages p JOIN documents d ON d.id = p.doc_id
             WHERE p.site_id = ?",
            vec![site.id.into()],
        )?;
        Ok(Site {
            id: site.id(),
            url: site.url.clone(),
            prefix: site.prefix.clone(),
            page_cap: site.page_cap as u32,
            schedule: SyncSchedule::parse(&site.schedule).unwrap_or_default(),
            state: SiteState::parse(&site.state),
            run_kind: site.run_kind.clone(),
            progress: site.progress(),
            limits: site.limits(),
            error: site.error.clone(),
            pages,
            started_at: iso(site.started_at as i64),
            finished_at: site.finished_at.map(|t| iso(t as i64)),
            next_sync_at: site.next_sync_at.map(|t| iso(t as i64)),
        })
    }

    /// Asks the alarm to come now, unless it comes sooner.
    pub(super) async fn wake_crawl(&self) {
        self.alarm_by(now_ms()).await;
    }
}

/// The address an owner gave, if it is a web address.
fn site_url(raw: &str) -> ApiResult<Url> {
    let raw = raw.trim();
    let parsed = Url::parse(raw).or_else(|_| Url::parse(&format!("https://{raw}")));
    parsed
        .ok()
        .filter(|_| raw.len() <= 2_000 && !raw.contains(char::is_whitespace))
        .and_then(address::normalize)
        .ok_or_else(|| ApiError::invalid("url must be a web address (http or https)"))
        .and_then(|u| {
            let lower = raw.to_ascii_lowercase();
            if raw.contains("://")
                && !lower.starts_with("http://")
                && !lower.starts_with("https://")
            {
                Err(ApiError::invalid(
                    "url must be a web address (http or https)",
                ))
            } else {
                Ok(u)
            }
        })
}

/// The page cap an owner gave, checked.
fn page_cap(raw: Option<u32>) -> ApiResult<u32> {
    match raw.unwrap_or(SITE_PAGE_CAP_DEFAULT) {
        cap @ 1..=SITE_PAGE_CAP_MAX => Ok(cap),
        _ => Err(ApiError::invalid(format!(
            "page_cap must be 1 to {SITE_PAGE_CAP_MAX}"
        ))),
    }
}

/// The name a skip reason is stored by (its wire name).
fn reason_name(reason: SkipReason) -> String {
    serde_json::to_value(reason)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}
