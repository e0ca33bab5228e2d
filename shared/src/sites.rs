//! Wire types of websites imported into a bot's knowledge (`/api/admin/bots/{token}/sites`):
//! the owner gives a site's address or its sitemap, the service crawls it in the background
//! (its progress counted here) and keeps it in sync on a schedule.

use serde::{Deserialize, Serialize};

/// Pages a crawl keeps unless the owner says otherwise.
pub const SITE_PAGE_CAP_DEFAULT: u32 = 500;
/// Most pages one site may give (the bot's documents are capped too).
pub const SITE_PAGE_CAP_MAX: u32 = 2_000;
/// Most bytes of one page (or sitemap, unpacked): a larger one is skipped as too large.
pub const SITE_PAGE_MAX_BYTES: u64 = 1024 * 1024;
/// Most bytes one crawl fetches in all.
pub const SITE_CRAWL_MAX_BYTES: u64 = 200 * 1024 * 1024;
/// Most links between the start page and a page followed (sitemap pages count as depth 1).
pub const SITE_MAX_DEPTH: u32 = 10;
/// Most minutes one crawl runs.
pub const SITE_CRAWL_MAX_MINUTES: u32 = 120;
/// Most sites one bot may import.
pub const SITES_MAX: usize = 20;
/// Most addresses a crawl notes as found, per page it may keep (a hostile site's endless links
/// stop there).
pub const SITE_FOUND_PER_PAGE: u32 = 10;
/// The user agent the crawler names itself by (and looks for in `robots.txt`).
pub const CRAWLER_USER_AGENT: &str = "PortholeBot";

/// How often a site is synced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SyncSchedule {
    /// Only when the owner asks.
    #[default]
    Off,
    /// Once a day.
    Daily,
    /// Once a week.
    Weekly,
}

impl SyncSchedule {
    /// Milliseconds between syncs.
    pub fn interval_ms(self) -> Option<i64> {
        match self {
            Self::Off => None,
            Self::Daily => Some(86_400_000),
            Self::Weekly => Some(7 * 86_400_000),
        }
    }

    /// Its name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Off => "off",
            Self::Daily => "daily",
            Self::Weekly => "weekly",
        }
    }

    /// The schedule named `name`.
    pub fn parse(name: &str) -> Option<Self> {
        [Self::Off, Self::Daily, Self::Weekly]
            .into_iter()
            .find(|s| s.as_str() == name)
    }
}

/// `POST /api/admin/bots/{token}/sites` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteInput {
    /// The site's address (its start page) or its sitemap (`…/sitemap.xml`, an index or a
    /// `.xml.gz`); `http` or `https`.
    pub url: String,
    /// Only pages whose path starts with it (`/docs/`); none: the whole site.
    #[serde(default)]
    pub prefix: Option<String>,
    /// Most pages kept ([`SITE_PAGE_CAP_DEFAULT`] when absent, at most [`SITE_PAGE_CAP_MAX`]).
    #[serde(default)]
    pub page_cap: Option<u32>,
    /// How often it is synced (`off` when absent).
    #[serde(default)]
    pub schedule: Option<SyncSchedule>,
}

/// `PATCH /api/admin/bots/{token}/sites/{id}` body: what changes.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteUpdate {
    /// A new schedule.
    #[serde(default)]
    pub schedule: Option<SyncSchedule>,
    /// A new page cap (for the next sync).
    #[serde(default)]
    pub page_cap: Option<u32>,
}

/// Where a site's crawl stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SiteState {
    /// Pages are being fetched (in batches, in the background).
    Crawling,
    /// The last crawl or sync finished.
    Done,
    /// The owner cancelled it.
    Cancelled,
}

named!(SiteState, fallback Done, {
    Crawling => "crawling",
    Done => "done",
    Cancelled => "cancelled",
});

/// What the last crawl did with one address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PageState {
    /// Still to be fetched.
    Queued,
    /// Fetched and kept as a document.
    Kept,
    /// Fetched and left out ([`SitePage::reason`] says why).
    Skipped,
    /// Read for what it lists, not kept: `robots.txt` or a sitemap.
    Read,
}

named!(PageState, fallback Queued, {
    Queued => "queued",
    Kept => "kept",
    Skipped => "skipped",
    Read => "read",
});

/// A cap that stopped a crawl early.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CrawlLimit {
    /// The page cap: as many pages kept as the owner allowed.
    Pages,
    /// [`SITE_CRAWL_MAX_BYTES`] fetched.
    Bytes,
    /// [`SITE_CRAWL_MAX_MINUTES`] passed.
    Time,
    /// More addresses found than the crawl notes ([`SITE_FOUND_PER_PAGE`] per page it may keep).
    Found,
    /// The bot's knowledge base is full (characters or documents).
    Knowledge,
}

/// Why a page was not kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// `robots.txt` (or the page's `noindex`) says no.
    Robots,
    /// Not an HTML page (a PDF, an image, …).
    NotHtml,
    /// Over [`SITE_PAGE_MAX_BYTES`].
    TooLarge,
    /// It could not be fetched: a network error, a 4xx or 5xx, a redirect away from the site.
    Error,
    /// Another address of a page already kept (its canonical URL, a redirect, or the same text).
    Duplicate,
    /// More links away from the start than [`SITE_MAX_DEPTH`].
    TooDeep,
    /// No readable text.
    Empty,
}

/// Counts of one crawl or sync, as it goes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrawlProgress {
    /// Addresses found (sitemaps, links, the start).
    pub found: i64,
    /// Of them, fetched (sitemaps and `robots.txt` not counted).
    pub fetched: i64,
    /// Pages kept in the knowledge.
    pub kept: i64,
    /// Pages skipped, by why.
    pub skipped: SkipCounts,
    /// Pages new to the knowledge.
    pub added: i64,
    /// Pages whose text changed.
    pub changed: i64,
    /// Pages unchanged (a `304 Not Modified` or the same text).
    pub unchanged: i64,
    /// Pages removed (gone from the site, or no longer kept).
    pub removed: i64,
    /// Requests sent to the site (`robots.txt`, sitemaps, pages, redirects).
    pub requests: i64,
    /// Bytes received.
    pub bytes: i64,
}

/// Pages skipped, by why.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkipCounts {
    /// [`SkipReason::Robots`].
    pub robots: i64,
    /// [`SkipReason::NotHtml`].
    pub not_html: i64,
    /// [`SkipReason::TooLarge`].
    pub too_large: i64,
    /// [`SkipReason::Error`].
    pub error: i64,
    /// [`SkipReason::Duplicate`].
    pub duplicate: i64,
    /// [`SkipReason::TooDeep`].
    pub too_deep: i64,
    /// [`SkipReason::Empty`].
    pub empty: i64,
}

impl SkipCounts {
    /// Every page skipped.
    pub fn total(&self) -> i64 {
        self.robots
            + self.not_html
            + self.too_large
            + self.error
            + self.duplicate
            + self.too_deep
            + self.empty
    }
}

/// One imported website.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Site {
    /// Its id within the bot.
    pub id: i64,
    /// The address the owner gave.
    pub url: String,
    /// The path prefix pages must have (`/` for the whole site).
    pub prefix: String,
    /// Most pages kept.
    pub page_cap: u32,
    /// How often it is synced.
    pub schedule: SyncSchedule,
    /// Where its crawl stands.
    pub state: SiteState,
    /// `import` (the first crawl) or `sync` (every later one).
    pub run_kind: String,
    /// The current or last crawl's counts.
    pub progress: CrawlProgress,
    /// The caps that stopped the current or last crawl early (none: it saw the whole site).
    pub limits: Vec<CrawlLimit>,
    /// Why the site could not be read at all (its start page and sitemap failed), if so.
    pub error: Option<String>,
    /// Pages of it in the knowledge now.
    pub pages: i64,
    /// When the current or last crawl started (ISO 8601).
    pub started_at: String,
    /// When it finished (none while crawling).
    pub finished_at: Option<String>,
    /// When the next scheduled sync starts (none when the schedule is off).
    pub next_sync_at: Option<String>,
}

/// `GET /api/admin/bots/{token}/sites` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteList {
    /// Always `true`.
    pub success: bool,
    /// The bot's sites, oldest first.
    pub sites: Vec<Site>,
}

/// The answer about one site (added, changed, synced, cancelled, or looked at).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteSaved {
    /// Always `true`.
    pub success: bool,
    /// The site.
    pub site: Site,
}

/// What the last crawl did with one address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SitePage {
    /// The address.
    pub url: String,
    /// What the crawl did with it.
    pub state: PageState,
    /// Why it was skipped.
    pub reason: Option<SkipReason>,
    /// More about it (an HTTP status, where a redirect or canonical link led).
    pub detail: String,
    /// The page's title, when kept.
    pub title: String,
    /// What the last sync did to it: `added`, `changed`, `unchanged`, `removed` or empty.
    pub change: String,
}

/// `GET /api/admin/bots/{token}/sites/{id}/pages` answer: the site's addresses, the skipped and
/// changed ones first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SitePageList {
    /// Always `true`.
    pub success: bool,
    /// At most [`SITE_PAGES_LISTED`] addresses.
    pub pages: Vec<SitePage>,
}

/// Most addresses `…/pages` lists.
pub const SITE_PAGES_LISTED: usize = 500;
