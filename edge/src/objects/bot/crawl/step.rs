//! One alarm's share of the crawls: scheduled syncs started, then for each crawling site a
//! batch of its queued addresses fetched side by side and each result written in its own
//! transaction (the page row, its document and the site's counts together).

use super::fetch::{self, Fetched, Reach, Validators};
use super::{BATCH, PAGE, ROBOTS, SITE_COLUMNS, SITEMAP, SiteRow, reason_name};
use crate::knowledge::site::address::{Scope, resolve};
use crate::knowledge::site::page;
use crate::knowledge::site::robots::Robots;
use crate::knowledge::site::sitemap::{self, Sitemap};
use crate::objects::sql::{atomically, count, exec, first, rows};
use crate::platform::clock::now_ms;
use crate::web::error::ApiResult;
use porthole_shared::ErrorCode;
use porthole_shared::admin::DOCUMENT_MAX_CHARS;
use porthole_shared::sites::{
    CrawlLimit, CrawlProgress, PageState, SITE_CRAWL_MAX_BYTES, SITE_CRAWL_MAX_MINUTES,
    SITE_FOUND_PER_PAGE, SITE_MAX_DEPTH, SITE_PAGE_MAX_BYTES, SiteState, SkipReason,
};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use url::Url;

use super::super::Bot;

/// Most characters of a page's title kept (a document's title holds 200).
const TITLE_MAX_CHARS: usize = 200;
/// Most sitemaps one site's crawls read (indexes within indexes included).
const SITEMAPS_MAX: i64 = 100;
/// The pause before a batch that failed as a whole is tried again.
const FAILED_BATCH_PAUSE_MS: i64 = 10_000;

/// A queued address.
#[derive(Debug, Clone, Deserialize)]
struct Queued {
    url: String,
    kind: String,
    depth: f64,
    etag: Option<String>,
    last_modified: Option<String>,
    hash: Option<String>,
    doc_id: Option<f64>,
}

/// What became of one address.
enum Outcome {
    Kept {
        change: &'static str,
    },
    Skipped(SkipReason),
    /// `robots.txt` or a sitemap, read.
    Read,
}

impl Bot {
    /// Starts the syncs that are due and works one batch of every crawling site; `Some(ms)`:
    /// when the alarm is wanted again (the next batch, or the next scheduled sync).
    pub(in super::super) async fn crawl_some(&self) -> Option<i64> {
        let now = now_ms();
        if let Err(e) = self.start_due_syncs(now) {
            worker::console_error!("bot crawl: {}", e.message);
        }
        // One site a alarm (the one waiting longest), so the alarm's subrequests stay within the
        // limit however many sites crawl; the others come on the next alarms.
        let sites: Vec<SiteRow> = rows(
            &self.sql,
            &format!(
                "SELECT {SITE_COLUMNS} FROM sites WHERE state = 'crawling' AND next_batch_at <= ?
                 ORDER BY next_batch_at, id LIMIT 1"
            ),
            vec![now.into()],
        )
        .unwrap_or_default();
        let mut changed = false;
        for site in &sites {
            match self.crawl_batch(site).await {
                Ok(any) => changed |= any,
                Err(e) => worker::console_error!("bot crawl of site {}: {}", site.id, e.message),
            }
        }
        if changed && let Err(e) = self.chunks_changed() {
            worker::console_error!("bot crawl: {}", e.message);
        }
        self.next_crawl_at().ok().flatten()
    }

    /// When the alarm is next wanted for the crawls.
    fn next_crawl_at(&self) -> ApiResult<Option<i64>> {
        #[derive(Deserialize)]
        struct Next {
            at: Option<f64>,
        }
        let next: Option<Next> = first(
            &self.sql,
            "SELECT min(CASE WHEN state = 'crawling' THEN next_batch_at ELSE next_sync_at END) AS at
             FROM sites",
            vec![],
        )?;
        Ok(next.and_then(|n| n.at).map(|at| at as i64))
    }

    fn start_due_syncs(&self, now: i64) -> ApiResult<()> {
        #[derive(Deserialize)]
        struct Due {
            id: f64,
        }
        let due: Vec<Due> = rows(
            &self.sql,
            "SELECT id FROM sites WHERE state <> 'crawling' AND next_sync_at IS NOT NULL
             AND next_sync_at <= ?",
            vec![now.into()],
        )?;
        for site in due {
            self.start_run(site.id as i64, now)?;
        }
        Ok(())
    }

    /// One batch of `site`; `true` when the knowledge changed.
    async fn crawl_batch(&self, site: &SiteRow) -> ApiResult<bool> {
        let now = now_ms();
        let id = site.id();
        let Some(start) = site.start_url() else {
            self.finish_run(site, SiteState::Done, now)?;
            return Ok(false);
        };
        let scope = Scope::new(&start, &site.prefix);
        let mut progress = site.progress();
        if let Some(limit) = self.limit_reached(site, &progress, now) {
            self.stop(site, limit, now)?;
            return Ok(false);
        }
        // `robots.txt` alone first: every other address is checked against it.
        let robots_first: Vec<Queued> = rows(
            &self.sql,
            "SELECT url, kind, depth, etag, last_modified, hash, doc_id FROM site_pages
             WHERE site_id = ? AND queued = 1 AND kind = 'robots' LIMIT 1",
            vec![id.into()],
        )?;
        // With a `Crawl-delay`, one address per batch, a batch per delay.
        let size = if site.delay > 0.0 { 1 } else { BATCH };
        let batch: Vec<Queued> = if robots_first.is_empty() {
            rows(
                &self.sql,
                "SELECT url, kind, depth, etag, last_modified, hash, doc_id FROM site_pages
                 WHERE site_id = ? AND queued = 1
                 ORDER BY kind = 'page', depth, rowid LIMIT ?",
                vec![id.into(), (size as i64).into()],
            )?
        } else {
            robots_first
        };
        if batch.is_empty() {
            if progress.fetched == 0 && progress.kept == 0 && site.error.is_none() {
                self.set_error(id, "no page could be read: check the address")?;
            }
            self.finish_run(site, SiteState::Done, now)?;
            return Ok(false);
        }
        // Should this batch fail as a whole, the next comes after a pause, not at once.
        exec(
            &self.sql,
            "UPDATE sites SET next_batch_at = ? WHERE id = ?",
            vec![(now + FAILED_BATCH_PAUSE_MS).into(), id.into()],
        )?;
        let robots = Robots::new(site.robots.as_deref().unwrap_or(""));
        // Addresses robots.txt closes are skipped without a request.
        let mut to_fetch = Vec::new();
        for mut queued in batch {
            if queued.kind == PAGE && !robots.allows(&queued.url) {
                self.skip_alone(site, &queued, SkipReason::Robots, "robots.txt")?;
                continue;
            }
            // Validators only for a copy the knowledge still has: without it, a 304 says nothing.
            let kept = queued
                .doc_id
                .is_some_and(|d| self.has_row(d as i64, false).unwrap_or(false));
            if !kept {
                queued.doc_id = None;
                queued.etag = None;
                queued.last_modified = None;
            }
            to_fetch.push(queued);
        }
        let fetches = to_fetch.iter().map(|queued| {
            let url = Url::parse(&queued.url).ok();
            let validators = Validators {
                etag: queued.etag.clone(),
                last_modified: queued.last_modified.clone(),
            };
            // The start page may redirect anywhere on the site (`/` to `/en/`); a page only
            // within the prefix.
            let reach = match (queued.kind.as_str(), queued.depth as i64) {
                (PAGE, 0) => Reach::Site,
                (PAGE, _) => Reach::Prefix,
                _ => Reach::Follow,
            };
            let scope = &scope;
            async move {
                match url {
                    Some(url) => fetch::get(&url, &validators, scope, reach).await,
                    None => Fetched {
                        problem: Some("not a web address".to_owned()),
                        ..Fetched::default()
                    },
                }
            }
        });
        let results = futures_util::future::join_all(fetches).await;
        let mut changed = false;
        for (queued, fetched) in to_fetch.iter().zip(results) {
            progress = self.site_progress(id)?;
            if progress.kept >= site.page_cap as i64 && queued.kind == PAGE {
                break;
            }
            match self.apply(site, &scope, queued, fetched) {
                Ok(any) => changed |= any,
                Err(e) if e.code == ErrorCode::PayloadTooLarge || e.message.contains("at most") => {
                    self.stop(site, CrawlLimit::Knowledge, now_ms())?;
                    return Ok(true);
                }
                Err(e) => {
                    // This address's fault (what it sent could not be kept): the crawl goes on.
                    worker::console_error!("bot crawl of {}: {}", queued.url, e.message);
                    self.skip_alone(site, queued, SkipReason::Error, &e.message)?;
                }
            }
        }
        let delay = site.delay as i64 * 1000;
        exec(
            &self.sql,
            "UPDATE sites SET next_batch_at = ? WHERE id = ?",
            vec![(now_ms() + delay).into(), id.into()],
        )?;
        Ok(changed)
    }

    /// The cap `site` reached, if any.
    fn limit_reached(
        &self,
        site: &SiteRow,
        progress: &CrawlProgress,
        now: i64,
    ) -> Option<CrawlLimit> {
        if progress.kept >= site.page_cap as i64 {
            Some(CrawlLimit::Pages)
        } else if progress.bytes as u64 >= SITE_CRAWL_MAX_BYTES {
            Some(CrawlLimit::Bytes)
        } else if now - site.started_at as i64 > i64::from(SITE_CRAWL_MAX_MINUTES) * 60_000 {
            Some(CrawlLimit::Time)
        } else {
            None
        }
    }

    /// Stops the crawl of `site` at `limit`, said in its limits.
    fn stop(&self, site: &SiteRow, limit: CrawlLimit, now: i64) -> ApiResult<()> {
        self.add_limit(site.id(), limit)?;
        self.finish_run(site, SiteState::Done, now)
    }

    fn add_limit(&self, id: i64, limit: CrawlLimit) -> ApiResult<()> {
        #[derive(Deserialize)]
        struct Limits {
            limits: String,
        }
        let row: Option<Limits> = first(
            &self.sql,
            "SELECT limits FROM sites WHERE id = ?",
            vec![id.into()],
        )?;
        let mut limits: Vec<CrawlLimit> = row
            .and_then(|r| serde_json::from_str(&r.limits).ok())
            .unwrap_or_default();
        if !limits.contains(&limit) {
            limits.push(limit);
        }
        exec(
            &self.sql,
            "UPDATE sites SET limits = ? WHERE id = ?",
            vec![
                serde_json::to_string(&limits).unwrap_or_default().into(),
                id.into(),
            ],
        )
    }

    fn set_error(&self, id: i64, error: &str) -> ApiResult<()> {
        exec(
            &self.sql,
            "UPDATE sites SET error = ? WHERE id = ?",
            vec![error.into(), id.into()],
        )
    }

    fn site_progress(&self, id: i64) -> ApiResult<CrawlProgress> {
        #[derive(Deserialize)]
        struct Progress {
            progress: String,
        }
        let row: Option<Progress> = first(
            &self.sql,
            "SELECT progress FROM sites WHERE id = ?",
            vec![id.into()],
        )?;
        Ok(row
            .and_then(|r| serde_json::from_str(&r.progress).ok())
            .unwrap_or_default())
    }

    fn save_progress(&self, id: i64, progress: &CrawlProgress) -> ApiResult<()> {
        exec(
            &self.sql,
            "UPDATE sites SET progress = ? WHERE id = ?",
            vec![
                serde_json::to_string(progress).unwrap_or_default().into(),
                id.into(),
            ],
        )
    }

    /// Writes what `fetched` says about `queued`, in one transaction; `true` when the
    /// knowledge changed.
    fn apply(
        &self,
        site: &SiteRow,
        scope: &Scope,
        queued: &Queued,
        fetched: Fetched,
    ) -> ApiResult<bool> {
        let storage = self.state.storage();
        atomically(&storage, || {
            // The site was deleted, cancelled or started again while this batch was out: what
            // it brought belongs to no crawl.
            if !self.still_running(site)? {
                return Ok(false);
            }
            // The counts are read once, added to as the address is handled, written once.
            let mut progress = self.site_progress(site.id())?;
            progress.requests += fetched.requests;
            progress.bytes += fetched.bytes;
            let changed = match queued.kind.as_str() {
                ROBOTS => self
                    .apply_robots(site, scope, queued, &fetched, &mut progress)
                    .map(|_| false),
                SITEMAP => self
                    .apply_sitemap(site, scope, queued, &fetched, &mut progress)
                    .map(|_| false),
                _ => self.apply_page(site, scope, queued, fetched, &mut progress),
            }?;
            self.save_progress(site.id(), &progress)?;
            Ok(changed)
        })
    }

    /// Skips `queued` without fetching it (robots.txt closes it, or what it sent could not be
    /// kept), in a transaction of its own.
    fn skip_alone(
        &self,
        site: &SiteRow,
        queued: &Queued,
        reason: SkipReason,
        detail: &str,
    ) -> ApiResult<bool> {
        let storage = self.state.storage();
        atomically(&storage, || {
            let mut progress = self.site_progress(site.id())?;
            let changed = self.skip_page(site, queued, reason, detail, &mut progress)?;
            self.save_progress(site.id(), &progress)?;
            Ok(changed)
        })
    }

    /// Whether `site`'s crawl is the one running now.
    fn still_running(&self, site: &SiteRow) -> ApiResult<bool> {
        let now = count(
            &self.sql,
            "SELECT count(*) AS n FROM sites WHERE id = ? AND state = 'crawling' AND run = ?",
            vec![site.id.into(), site.run.into()],
        )?;
        Ok(now > 0)
    }

    /// Skips page `queued` for `reason`; a copy the knowledge kept of it leaves (counted as
    /// removed). `true` when the knowledge changed.
    fn skip_page(
        &self,
        site: &SiteRow,
        queued: &Queued,
        reason: SkipReason,
        detail: &str,
        progress: &mut CrawlProgress,
    ) -> ApiResult<bool> {
        let had = queued
            .doc_id
            .map(|d| d as i64)
            .filter(|d| self.has_row(*d, false).unwrap_or(false));
        if let Some(doc) = had {
            self.remove_document(doc)?;
        }
        self.record(
            site,
            queued,
            Outcome::Skipped(reason),
            detail,
            None,
            progress,
        )?;
        if had.is_some() {
            exec(
                &self.sql,
                "UPDATE site_pages SET change = 'removed', hash = NULL, etag = NULL,
                 last_modified = NULL WHERE site_id = ? AND url = ?",
                vec![site.id.into(), queued.url.clone().into()],
            )?;
            progress.removed += 1;
        }
        Ok(had.is_some())
    }

    fn apply_robots(
        &self,
        site: &SiteRow,
        scope: &Scope,
        queued: &Queued,
        fetched: &Fetched,
        progress: &mut CrawlProgress,
    ) -> ApiResult<()> {
        let id = site.id();
        let redirected = fetched
            .problem
            .as_deref()
            .is_some_and(|p| p.starts_with("redirects away") || p.starts_with("more than"));
        let body = match fetched.status {
            200 if fetched.problem.is_none() => String::from_utf8_lossy(&fetched.body).into_owned(),
            // No robots.txt (4xx), or redirects past what is followed: everything is allowed
            // (RFC 9309, 2.3.1.2 and 2.3.1.3).
            400..=499 => String::new(),
            _ if redirected => String::new(),
            status => {
                // Unreachable (5xx, no answer): everything is disallowed (RFC 9309, 2.3.1.4).
                let why = fetched
                    .problem
                    .clone()
                    .unwrap_or_else(|| format!("HTTP {status}"));
                self.set_error(
                    id,
                    &format!("robots.txt could not be read ({why}): nothing was fetched"),
                )?;
                self.record(site, queued, Outcome::Read, &why, None, progress)?;
                exec(
                    &self.sql,
                    "UPDATE site_pages SET queued = 0 WHERE site_id = ?",
                    vec![id.into()],
                )?;
                return Ok(());
            }
        };
        let robots = Robots::new(&body);
        let (sitemaps, delay) = robots.hints();
        exec(
            &self.sql,
            "UPDATE sites SET robots = ?, delay = ? WHERE id = ?",
            vec![body.into(), i64::from(delay.unwrap_or(0)).into(), id.into()],
        )?;
        let base = Url::parse(&queued.url).ok();
        for raw in sitemaps {
            if let Some(url) = base.as_ref().and_then(|b| resolve(b, &raw))
                && scope.on_site(&url)
            {
                self.note_address(id, &url, SITEMAP, 0)?;
            }
        }
        self.record(
            site,
            queued,
            Outcome::Read,
            &format!("HTTP {}", fetched.status),
            None,
            progress,
        )
    }

    fn apply_sitemap(
        &self,
        site: &SiteRow,
        scope: &Scope,
        queued: &Queued,
        fetched: &Fetched,
        progress: &mut CrawlProgress,
    ) -> ApiResult<()> {
        let id = site.id();
        let read = if fetched.status == 200 && !fetched.too_large {
            sitemap::read(&fetched.body)
        } else {
            Err(fetched
                .problem
                .clone()
                .unwrap_or_else(|| format!("HTTP {}", fetched.status)))
        };
        let base = fetched.url.clone().or_else(|| Url::parse(&queued.url).ok());
        let mut detail = String::new();
        match (read, base) {
            (Ok(Sitemap::Index(maps)), Some(base)) => {
                let known = count(
                    &self.sql,
                    "SELECT count(*) AS n FROM site_pages WHERE site_id = ? AND kind = 'sitemap'",
                    vec![id.into()],
                )?;
                let room = (SITEMAPS_MAX - known).max(0) as usize;
                let maps: Vec<Url> = maps
                    .iter()
                    .filter_map(|raw| resolve(&base, raw).filter(|u| scope.on_site(u)))
                    .collect();
                if maps.len() > room {
                    detail = format!("lists {} sitemaps: the first {room} are read", maps.len());
                }
                for url in maps.into_iter().take(room) {
                    self.note_address(id, &url, SITEMAP, 0)?;
                }
            }
            (Ok(Sitemap::Pages(pages)), Some(base)) => {
                for raw in pages {
                    if let Some(url) = resolve(&base, &raw).filter(|u| scope.contains(u))
                        && !self.discover(site, &url, 1, progress)?
                    {
                        break;
                    }
                }
            }
            (Err(why), _) => detail = why,
            _ => {}
        }
        self.record(site, queued, Outcome::Read, &detail, None, progress)
    }

    /// Notes a page found at `depth`; `false` when the crawl may note no more.
    fn discover(
        &self,
        site: &SiteRow,
        url: &Url,
        depth: i64,
        progress: &mut CrawlProgress,
    ) -> ApiResult<bool> {
        let id = site.id();
        let most = site.page_cap as i64 * i64::from(SITE_FOUND_PER_PAGE);
        if progress.found >= most {
            self.add_limit(id, CrawlLimit::Found)?;
            return Ok(false);
        }
        if depth > i64::from(SITE_MAX_DEPTH) {
            let known = count(
                &self.sql,
                "SELECT count(*) AS n FROM site_pages WHERE site_id = ? AND url = ?",
                vec![id.into(), url.as_str().into()],
            )?;
            if known == 0 {
                exec(
                    &self.sql,
                    "INSERT INTO site_pages (site_id, url, kind, depth, queued, state, reason, detail)
                     VALUES (?, ?, 'page', ?, 0, 'skipped', 'too_deep', ?)",
                    vec![id.into(), url.as_str().into(), depth.into(),
                         format!("more than {SITE_MAX_DEPTH} links from the start").into()],
                )?;
                progress.found += 1;
                progress.skipped.too_deep += 1;
            }
            return Ok(true);
        }
        if self.note_address(id, url, PAGE, depth)? {
            progress.found += 1;
        }
        Ok(true)
    }

    fn apply_page(
        &self,
        site: &SiteRow,
        scope: &Scope,
        queued: &Queued,
        fetched: Fetched,
        progress: &mut CrawlProgress,
    ) -> ApiResult<bool> {
        let id = site.id();
        progress.fetched += 1;
        // `crawl_batch` cleared it when the knowledge no longer has the copy.
        let had_doc = queued.doc_id.map(|d| d as i64);
        let status = fetched.status;
        if let Some(target) = &fetched.redirect {
            // Where it leads is the page (queued unless known): this address is another of it.
            self.discover(site, target, queued.depth as i64, progress)?;
            let why = format!("redirects to {target}");
            return self.skip_page(site, queued, SkipReason::Duplicate, &why, progress);
        }
        if status == 304 && had_doc.is_some() {
            let kept = Outcome::Kept {
                change: "unchanged",
            };
            self.record(site, queued, kept, "HTTP 304", had_doc, progress)?;
            return Ok(false);
        }
        if status != 200 || fetched.problem.is_some() {
            let why = fetched
                .problem
                .clone()
                .unwrap_or_else(|| format!("HTTP {status}"));
            // Gone (404, 410, moved off the site): its copy leaves the knowledge. A passing
            // failure (5xx, no answer) keeps the copy.
            let gone = matches!(status, 404 | 410)
                || why.starts_with("redirects away")
                || why.starts_with("more than");
            if !gone && had_doc.is_some() {
                let why = format!("{why}: the last copy is kept");
                self.record(
                    site,
                    queued,
                    Outcome::Skipped(SkipReason::Error),
                    &why,
                    had_doc,
                    progress,
                )?;
                return Ok(false);
            }
            return self.skip_page(site, queued, SkipReason::Error, &why, progress);
        }
        let Some(final_url) = fetched.url.clone() else {
            return Err(crate::web::error::ApiError::internal(
                "an answer without its address",
            ));
        };
        if fetched.too_large {
            let why = format!("over {SITE_PAGE_MAX_BYTES} bytes");
            return self.skip_page(site, queued, SkipReason::TooLarge, &why, progress);
        }
        if !fetch::is_html(&fetched.content_type) {
            return self.skip_page(
                site,
                queued,
                SkipReason::NotHtml,
                &fetched.content_type,
                progress,
            );
        }
        let text = String::from_utf8_lossy(&fetched.body);
        let page = page::read(&text);
        if page.too_deep {
            let why = format!("elements nested over {} deep", page::MAX_SOURCE_NESTING);
            return self.skip_page(site, queued, SkipReason::TooLarge, &why, progress);
        }
        let base = page
            .base
            .as_deref()
            .and_then(|b| resolve(&final_url, b))
            .unwrap_or_else(|| final_url.clone());
        if !page.nofollow {
            for href in &page.links {
                if let Some(link) = resolve(&base, href).filter(|u| scope.contains(u))
                    && !self.discover(site, &link, queued.depth as i64 + 1, progress)?
                {
                    break;
                }
            }
        }
        if !scope.contains(&final_url) {
            // The start page outside the prefix: read for its links only.
            let why = "outside the prefix: read for its links";
            self.record(site, queued, Outcome::Read, why, None, progress)?;
            return Ok(false);
        }
        if page.noindex {
            return self.skip_page(
                site,
                queued,
                SkipReason::Robots,
                "the page says noindex",
                progress,
            );
        }
        if let Some(canonical) = page
            .canonical
            .as_deref()
            .and_then(|c| resolve(&final_url, c))
            && !same_page(&canonical, &final_url)
            && scope.contains(&canonical)
        {
            #[derive(Deserialize)]
            struct State {
                state: String,
                queued: f64,
            }
            let other: Option<State> = first(
                &self.sql,
                "SELECT state, queued FROM site_pages WHERE site_id = ? AND url = ?",
                vec![id.into(), canonical.as_str().into()],
            )?;
            // It stands for this page when it is kept in this crawl or still to be fetched.
            let stands = match other {
                Some(o) => o.queued > 0.0 || PageState::parse(&o.state) == PageState::Kept,
                None => self.discover(site, &canonical, queued.depth as i64, progress)?,
            };
            if stands {
                let why = format!("its canonical address is {canonical}");
                return self.skip_page(site, queued, SkipReason::Duplicate, &why, progress);
            }
        }
        if page.text.trim().is_empty() {
            return self.skip_page(
                site,
                queued,
                SkipReason::Empty,
                "no readable text",
                progress,
            );
        }
        if page.text.chars().count() > DOCUMENT_MAX_CHARS {
            let why = format!("over {DOCUMENT_MAX_CHARS} characters of text");
            return self.skip_page(site, queued, SkipReason::TooLarge, &why, progress);
        }
        let title: String = if page.title.is_empty() {
            final_url.path().to_owned()
        } else {
            page.title.chars().take(TITLE_MAX_CHARS).collect()
        };
        let hash = text_hash(&title, &page.text);
        #[derive(Deserialize)]
        struct Twin {
            url: String,
        }
        // Another page kept in this crawl with the same text (rows of the last crawl not yet
        // fetched again are queued, so a page that moved is not mistaken for its old address).
        let twin: Option<Twin> = first(
            &self.sql,
            "SELECT url FROM site_pages WHERE site_id = ? AND hash = ? AND url <> ? AND state = 'kept'
             AND queued = 0 AND doc_id IS NOT NULL LIMIT 1",
            vec![id.into(), hash.clone().into(), queued.url.clone().into()],
        )?;
        if let Some(twin) = twin {
            let why = format!("the same text as {}", twin.url);
            return self.skip_page(site, queued, SkipReason::Duplicate, &why, progress);
        }
        if queued.hash.as_deref() == Some(hash.as_str()) && had_doc.is_some() {
            self.record_validators(id, queued, &fetched)?;
            let kept = Outcome::Kept {
                change: "unchanged",
            };
            self.record(site, queued, kept, "the same text", had_doc, progress)?;
            return Ok(false);
        }
        let (doc, replaced) =
            self.store_document(&title, &queued.url, "html", &page.text, now_ms())?;
        exec(
            &self.sql,
            "UPDATE site_pages SET hash = ?, title = ? WHERE site_id = ? AND url = ?",
            vec![
                hash.into(),
                title.into(),
                id.into(),
                queued.url.clone().into(),
            ],
        )?;
        self.record_validators(id, queued, &fetched)?;
        let change = if replaced || had_doc.is_some() {
            "changed"
        } else {
            "added"
        };
        self.record(
            site,
            queued,
            Outcome::Kept { change },
            "",
            Some(doc),
            progress,
        )?;
        Ok(true)
    }

    fn record_validators(&self, id: i64, queued: &Queued, fetched: &Fetched) -> ApiResult<()> {
        exec(
            &self.sql,
            "UPDATE site_pages SET etag = ?, last_modified = ? WHERE site_id = ? AND url = ?",
            vec![
                fetched.etag.clone().into(),
                fetched.last_modified.clone().into(),
                id.into(),
                queued.url.clone().into(),
            ],
        )
    }

    /// Writes the row's new state and counts it in `progress`.
    fn record(
        &self,
        site: &SiteRow,
        queued: &Queued,
        outcome: Outcome,
        detail: &str,
        doc: Option<i64>,
        progress: &mut CrawlProgress,
    ) -> ApiResult<()> {
        let id = site.id();
        let (state, reason, change) = match outcome {
            Outcome::Kept { change } => {
                progress.kept += 1;
                match change {
                    "added" => progress.added += 1,
                    "changed" => progress.changed += 1,
                    _ => progress.unchanged += 1,
                }
                (PageState::Kept, None, change)
            }
            Outcome::Skipped(reason) => {
                let s = &mut progress.skipped;
                match reason {
                    SkipReason::Robots => s.robots += 1,
                    SkipReason::NotHtml => s.not_html += 1,
                    SkipReason::TooLarge => s.too_large += 1,
                    SkipReason::Error => s.error += 1,
                    SkipReason::Duplicate => s.duplicate += 1,
                    SkipReason::TooDeep => s.too_deep += 1,
                    SkipReason::Empty => s.empty += 1,
                }
                (PageState::Skipped, Some(reason_name(reason)), "")
            }
            Outcome::Read => (PageState::Read, None, ""),
        };
        exec(
            &self.sql,
            "UPDATE site_pages SET queued = 0, state = ?, reason = ?, detail = ?, doc_id = ?,
             change = CASE WHEN ? = '' THEN change ELSE ? END WHERE site_id = ? AND url = ?",
            vec![
                state.as_str().into(),
                reason.into(),
                detail.chars().take(300).collect::<String>().into(),
                doc.into(),
                change.into(),
                change.into(),
                id.into(),
                queued.url.clone().into(),
            ],
        )
    }
}

/// Whether `a` and `b` are one page: the same but for the scheme and a leading `www.`.
fn same_page(a: &Url, b: &Url) -> bool {
    let host = |u: &Url| {
        u.host_str()
            .unwrap_or("")
            .trim_start_matches("www.")
            .to_owned()
    };
    host(a) == host(b) && a.port() == b.port() && a.path() == b.path() && a.query() == b.query()
}

/// The hash of a page's title and text: the same page twice, or unchanged.
fn text_hash(title: &str, text: &str) -> String {
    let digest = Sha256::digest(format!("{title}\n{text}").as_bytes());
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}
