//! Websites in the bot's knowledge (in the Knowledge tab): importing one by its address or its
//! sitemap, the list of the bot's sites with how far each crawl has come (read again every two
//! seconds while one crawls), why a crawl stopped early, and per site: cancel, sync now, its
//! sync schedule, delete, and what the last crawl did with each address.

use super::Current;
use crate::api;
use crate::components::dialog::Confirm;
use crate::components::fields::{NumberField, Select, TextField};
use crate::components::status::{Empty, Loading, Outcome, OutcomeLine};
use crate::format;
use leptos::prelude::*;
use porthole_shared::sites::{
    CrawlLimit, CrawlProgress, SITE_CRAWL_MAX_BYTES, SITE_CRAWL_MAX_MINUTES, SITE_PAGE_CAP_DEFAULT,
    SITE_PAGE_CAP_MAX, SITE_PAGES_LISTED, SITES_MAX, Site, SiteInput, SiteList, SitePage,
    SitePageList, SiteSaved, SiteState, SiteUpdate, SkipCounts, SkipReason, SyncSchedule,
};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Milliseconds between two reads of the list while a site crawls.
const POLL_MS: u32 = 2_000;

/// The schedules, as the selects offer them: `(wire name, label)`.
const SCHEDULES: [(SyncSchedule, &str); 3] = [
    (SyncSchedule::Off, "Off"),
    (SyncSchedule::Daily, "Daily"),
    (SyncSchedule::Weekly, "Weekly"),
];

/// The bot's sites as the section shows them, and how many changes were made to them here: a
/// read of the list that began before a change is stale and is dropped.
#[derive(Clone, Copy)]
struct SiteStore {
    /// The sites (`None` until first read).
    list: RwSignal<Option<Vec<Site>>>,
    /// Changes made here so far.
    edits: StoredValue<u64>,
}

impl SiteStore {
    fn new() -> Self {
        Self {
            list: RwSignal::new(None),
            edits: StoredValue::new(0),
        }
    }

    /// The number of changes made here so far (`None` once the section is gone).
    fn edits(&self) -> Option<u64> {
        self.edits.try_get_value()
    }

    /// Takes `sites` as read, unless a change was made here since the read began (at
    /// `since`). Whether it was taken.
    fn take(&self, sites: Vec<Site>, since: u64) -> bool {
        if self.edits() != Some(since) {
            return false;
        }
        self.list.try_set(Some(sites)).is_none()
    }

    fn changed(&self) {
        self.edits.try_update_value(|n| *n += 1);
    }

    /// Puts `site` in place of the one with its id (or last, when new).
    fn put(&self, site: Site) {
        self.changed();
        self.list.try_update(|list| {
            let list = list.get_or_insert_with(Vec::new);
            match list.iter_mut().find(|s| s.id == site.id) {
                Some(old) => *old = site,
                None => list.push(site),
            }
        });
    }

    /// Takes the site `id` out.
    fn remove(&self, id: i64) {
        self.changed();
        self.list.try_update(|list| {
            if let Some(list) = list {
                list.retain(|s| s.id != id);
            }
        });
    }

    /// Whether any site crawls (tracked).
    fn crawling(&self) -> bool {
        self.list
            .with(|l| l.as_ref().is_some_and(|l| l.iter().any(crawls)))
    }

    /// How many sites there are (tracked).
    fn len(&self) -> usize {
        self.list.with(|l| l.as_ref().map_or(0, Vec::len))
    }
}

fn crawls(site: &Site) -> bool {
    site.state == SiteState::Crawling
}

/// The timer that reads the list again while a site crawls: one at a time, and none once the
/// section is gone.
#[derive(Clone, Default)]
struct Poll {
    /// Cleared when the section goes away.
    alive: Arc<AtomicBool>,
    /// Set while a loop runs.
    running: Arc<AtomicBool>,
}

impl Poll {
    fn new() -> Self {
        let poll = Self::default();
        poll.alive.store(true, Ordering::SeqCst);
        poll
    }

    fn alive(&self) -> bool {
        self.alive.load(Ordering::SeqCst)
    }

    /// Stops the loop at its next wake.
    fn stop(&self) {
        self.alive.store(false, Ordering::SeqCst);
    }

    /// Starts reading `path` into `store` every [`POLL_MS`], unless that already runs; runs
    /// `on_finished` when no site crawls any more.
    fn start(&self, store: SiteStore, path: String, on_finished: Callback<()>) {
        if !self.alive() || self.running.swap(true, Ordering::SeqCst) {
            return;
        }
        let poll = self.clone();
        leptos::task::spawn_local(async move {
            poll.run(store, &path, on_finished).await;
            poll.running.store(false, Ordering::SeqCst);
        });
    }

    async fn run(&self, store: SiteStore, path: &str, on_finished: Callback<()>) {
        loop {
            gloo_timers::future::TimeoutFuture::new(POLL_MS).await;
            if !self.alive() {
                return;
            }
            let Some(since) = store.edits() else { return };
            let answer = api::get::<SiteList>(path).await;
            // The tab may have been left meanwhile.
            if !self.alive() {
                return;
            }
            match answer {
                Ok(list) => {
                    let crawling = list.sites.iter().any(crawls);
                    // A change made here during the read: read again.
                    if store.take(list.sites, since) && !crawling {
                        on_finished.try_run(());
                        return;
                    }
                }
                // No answer, or a passing failure: try again at the next tick.
                Err(e) if e.status == 0 || e.status >= 500 => {}
                Err(_) => return,
            }
        }
    }
}

/// The websites section of the Knowledge tab.
#[component]
pub fn Sites(
    /// Runs when the knowledge changed (a crawl ended, was cancelled, or a site was deleted).
    on_changed: Callback<()>,
) -> impl IntoView {
    let current = expect_context::<Current>();
    let store = SiteStore::new();
    let failed = RwSignal::new(None::<Outcome>);
    let path = current.path("/sites");
    {
        let path = path.clone();
        leptos::task::spawn_local(async move {
            let Some(since) = store.edits() else { return };
            match api::get::<SiteList>(&path).await {
                Ok(list) => {
                    store.take(list.sites, since);
                }
                Err(e) => {
                    failed.try_set(Some(Outcome::Failed(e.message)));
                }
            }
        });
    }
    let poll = Poll::new();
    on_cleanup({
        let poll = poll.clone();
        move || poll.stop()
    });
    let crawling = Memo::new(move |_| store.crawling());
    // Syncs with the outside world: a timer that reads the list runs while a site crawls.
    Effect::new(move |_| {
        if crawling.get() {
            poll.start(store, path.clone(), on_changed);
        }
    });
    view! {
        <section class="card" aria-labelledby="sites-title" data-testid="sites">
            <h2 id="sites-title">"Websites"</h2>
            <p class="hint">"Import your site's pages into the knowledge: give its address or its sitemap, and its pages are read in the background (robots.txt respected). A schedule keeps them in sync."</p>
            <OutcomeLine outcome=failed/>
            <Show when=move || store.list.with(|l| l.is_some()) fallback=|| view! { <Loading/> }>
                <Show when=move || store.len() != 0
                    fallback=|| view! { <Empty>"No websites yet. Import one below."</Empty> }>
                    <ul class="sites" data-testid="site-list">
                        <For each=move || store.list.get().unwrap_or_default() key=|s| s.id let:site>
                            <SiteCard first=site store on_changed/>
                        </For>
                    </ul>
                </Show>
            </Show>
            <SiteImport store/>
        </section>
    }
}

/// The import form's fields, read as the service reads them.
fn site_input(
    url: &str,
    prefix: &str,
    page_cap: &str,
    schedule: &str,
) -> Result<SiteInput, String> {
    let url = url.trim();
    if url.is_empty() {
        return Err("Give the site's address (or its sitemap) first.".into());
    }
    let prefix = prefix.trim();
    Ok(SiteInput {
        url: url.to_owned(),
        prefix: (!prefix.is_empty()).then(|| prefix.to_owned()),
        page_cap: Some(page_cap_of(page_cap)?),
        schedule: Some(SyncSchedule::parse(schedule).unwrap_or_default()),
    })
}

/// The page cap typed (the default when blank), or why it is refused.
fn page_cap_of(raw: &str) -> Result<u32, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(SITE_PAGE_CAP_DEFAULT);
    }
    match raw.parse::<u32>() {
        Ok(n) if (1..=SITE_PAGE_CAP_MAX).contains(&n) => Ok(n),
        _ => Err(format!(
            "The page cap is a whole number from 1 to {}.",
            format::count(SITE_PAGE_CAP_MAX.into())
        )),
    }
}

/// The schedules as a select's options.
fn schedule_options() -> Vec<(String, String)> {
    SCHEDULES
        .iter()
        .map(|(s, label)| (s.as_str().to_owned(), (*label).to_owned()))
        .collect()
}

/// "Import a website": its address or sitemap, a path prefix, the page cap and the schedule.
#[component]
fn SiteImport(store: SiteStore) -> impl IntoView {
    let current = expect_context::<Current>();
    let url = RwSignal::new(String::new());
    let prefix = RwSignal::new(String::new());
    let page_cap = RwSignal::new(SITE_PAGE_CAP_DEFAULT.to_string());
    let schedule = RwSignal::new(SyncSchedule::Off.as_str().to_owned());
    let outcome = RwSignal::new(None::<Outcome>);
    let busy = RwSignal::new(false);
    let cap_error = Signal::derive(move || page_cap.with(|c| page_cap_of(c).err()));
    let full = move || store.len() >= SITES_MAX;
    let import = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = match site_input(
            &url.get_untracked(),
            &prefix.get_untracked(),
            &page_cap.get_untracked(),
            &schedule.get_untracked(),
        ) {
            Ok(input) => input,
            Err(e) => {
                outcome.set(Some(Outcome::Failed(e)));
                return;
            }
        };
        busy.set(true);
        let path = current.path("/sites");
        leptos::task::spawn_local(async move {
            match api::send::<_, SiteSaved>("POST", &path, &input).await {
                Ok(saved) => {
                    outcome.try_set(Some(Outcome::Done(format!(
                        "Importing {}: its pages join the knowledge as they are read.",
                        saved.site.url
                    ))));
                    url.try_set(String::new());
                    prefix.try_set(String::new());
                    store.put(saved.site);
                }
                Err(e) => {
                    outcome.try_set(Some(Outcome::Failed(e.message)));
                }
            }
            busy.try_set(false);
        });
    };
    view! {
        <form class="site-import" on:submit=import data-testid="site-import">
            <h3>"Import a website"</h3>
            <div class="row">
                <TextField label="Address" name="url" value=url kind="url" required=true
                    placeholder="https://example.com or …/sitemap.xml"
                    hint="The site's start page, or its sitemap."/>
                <TextField label="Only pages under (optional)" name="prefix" value=prefix
                    placeholder="/docs/" hint="A path prefix; blank: the whole site."/>
            </div>
            <div class="row">
                <NumberField label="Most pages" name="page_cap" value=page_cap min=1 max=SITE_PAGE_CAP_MAX
                    error=cap_error hint="Up to 2,000."/>
                <Select label="Sync" name="schedule" value=schedule options=schedule_options()
                    hint="Read the site again on a schedule."/>
            </div>
            <div class="actions">
                <button type="submit" class="button primary" data-testid="import-site"
                    disabled=move || busy.get() || full()>
                    {move || if busy.get() { "Importing…" } else { "Import" }}
                </button>
                <Show when=full>
                    <span class="hint">{format!("A bot has at most {SITES_MAX} websites: delete one to import another.")}</span>
                </Show>
            </div>
            <OutcomeLine outcome/>
        </form>
    }
}

/// What a site's state is called on its card.
fn state_label(state: SiteState) -> &'static str {
    match state {
        SiteState::Crawling => "Crawling…",
        SiteState::Done => "Done",
        SiteState::Cancelled => "Cancelled",
    }
}

/// Why a crawl stopped early, in words.
fn limit_notice(limit: CrawlLimit, page_cap: u32) -> String {
    match limit {
        CrawlLimit::Pages => format!(
            "Stopped at the page cap ({})",
            format::count(page_cap.into())
        ),
        CrawlLimit::Bytes => format!(
            "Stopped: {} MB fetched",
            SITE_CRAWL_MAX_BYTES / (1024 * 1024)
        ),
        CrawlLimit::Time => format!("Stopped after {SITE_CRAWL_MAX_MINUTES} minutes"),
        CrawlLimit::Found => "Stopped: too many addresses found".into(),
        CrawlLimit::Knowledge => "Stopped: the knowledge base is full".into(),
    }
}

/// A skip reason's name (as in `data-reason`) and its words.
fn reason_label(reason: SkipReason) -> (&'static str, &'static str) {
    match reason {
        SkipReason::Robots => ("robots", "robots"),
        SkipReason::NotHtml => ("not_html", "not HTML"),
        SkipReason::TooLarge => ("too_large", "too large"),
        SkipReason::Error => ("error", "error"),
        SkipReason::Duplicate => ("duplicate", "duplicate"),
        SkipReason::TooDeep => ("too_deep", "too deep"),
        SkipReason::Empty => ("empty", "no text"),
    }
}

/// The reasons pages were skipped for, with how many, leaving out those with none.
fn skip_breakdown(skipped: &SkipCounts) -> Vec<(SkipReason, i64)> {
    [
        (SkipReason::Robots, skipped.robots),
        (SkipReason::NotHtml, skipped.not_html),
        (SkipReason::TooLarge, skipped.too_large),
        (SkipReason::Error, skipped.error),
        (SkipReason::Duplicate, skipped.duplicate),
        (SkipReason::TooDeep, skipped.too_deep),
        (SkipReason::Empty, skipped.empty),
    ]
    .into_iter()
    .filter(|(_, n)| *n > 0)
    .collect()
}

/// A byte count in MB with one decimal (`0.3 MB`).
fn megabytes(bytes: i64) -> String {
    format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
}

/// One site: what it is, how its crawl goes, and what can be done with it.
#[component]
fn SiteCard(
    /// The site as the card was made for it.
    first: Site,
    /// The sites it is one of.
    store: SiteStore,
    /// Runs when the knowledge changed.
    on_changed: Callback<()>,
) -> impl IntoView {
    let id = first.id;
    // The site as the list has it now (as it last had it, once gone).
    let site = Memo::new(move |previous: Option<&Site>| {
        store
            .list
            .with(|l| l.iter().flatten().find(|s| s.id == id).cloned())
            .or_else(|| previous.cloned())
            .unwrap_or_else(|| first.clone())
    });
    let showing_pages = RwSignal::new(false);
    let state = move || site.with(|s| s.state);
    view! {
        <li class="site" data-state=move || state().as_str() data-testid="site">
            <SiteHead site/>
            <SiteCounts site/>
            <SiteNotices site/>
            <SiteTimes site/>
            <SiteActions site store showing_pages on_changed/>
            <Show when=move || showing_pages.get()>
                <SitePages site/>
            </Show>
        </li>
    }
}

/// A site's address (and prefix) and its state.
#[component]
fn SiteHead(site: Memo<Site>) -> impl IntoView {
    let url = move || site.with(|s| s.url.clone());
    let prefix = move || site.with(|s| (s.prefix != "/").then(|| s.prefix.clone()));
    let state = move || site.with(|s| s.state);
    view! {
        <div class="site-head">
            <a class="site-url" href=url target="_blank" rel="noopener noreferrer">{url}</a>
            {move || prefix().map(|p| view! { <span class="site-prefix">"only " <code>{p}</code></span> })}
            <span class="badge site-state" class:warn=move || state() == SiteState::Cancelled
                class:done=move || state() == SiteState::Done data-testid="site-state">
                {move || state_label(state())}
            </span>
        </div>
    }
}

/// One count of a crawl.
#[component]
fn Count(
    /// What it counts.
    label: &'static str,
    /// Its class (tests read it).
    class: &'static str,
    /// The count.
    #[prop(into)]
    value: Signal<i64>,
) -> impl IntoView {
    view! {
        <div class="site-count">
            <dt>{label}</dt>
            <dd class=class>{move || format::count(value.get())}</dd>
        </div>
    }
}

/// How far a site's crawl has come: found, fetched, kept and skipped (and why), what a sync
/// changed, what it cost.
#[component]
fn SiteCounts(site: Memo<Site>) -> impl IntoView {
    let of =
        move |f: fn(&CrawlProgress) -> i64| Signal::derive(move || site.with(|s| f(&s.progress)));
    let skips = move || site.with(|s| skip_breakdown(&s.progress.skipped));
    let is_sync = move || site.with(|s| s.run_kind == "sync");
    let crawling = move || site.with(crawls);
    let bar = move || site.with(|s| (s.progress.found.max(1), s.progress.fetched));
    view! {
        <Show when=crawling>
            <progress class="site-progress" max=move || bar().0 value=move || bar().1
                aria-label="Addresses fetched of those found"></progress>
        </Show>
        <dl class="site-counts">
            <Count label="Found" class="site-found" value=of(|p| p.found)/>
            <Count label="Fetched" class="site-fetched" value=of(|p| p.fetched)/>
            <Count label="Kept" class="site-kept" value=of(|p| p.kept)/>
            <Count label="Skipped" class="site-skipped" value=of(|p| p.skipped.total())/>
            <Count label="In knowledge" class="site-in-knowledge" value=Signal::derive(move || site.with(|s| s.pages))/>
        </dl>
        <Show when=move || !skips().is_empty()>
            <p class="hint site-skips">"Skipped: "
                {move || skips().into_iter().map(|(reason, n)| {
                    let (name, label) = reason_label(reason);
                    view! { <span class="site-skip" data-reason=name>{format!("{label} {}", format::count(n))}</span> }
                }).collect_view()}
            </p>
        </Show>
        <Show when=is_sync>
            <dl class="site-counts site-sync-counts">
                <Count label="Added" class="site-added" value=of(|p| p.added)/>
                <Count label="Changed" class="site-changed" value=of(|p| p.changed)/>
                <Count label="Unchanged" class="site-unchanged" value=of(|p| p.unchanged)/>
                <Count label="Removed" class="site-removed" value=of(|p| p.removed)/>
            </dl>
        </Show>
        <p class="hint site-cost">{move || site.with(|s| format!(
            "{} · {} received",
            format::plural(s.progress.requests, "request"),
            megabytes(s.progress.bytes)
        ))}</p>
    }
}

/// Why a site's crawl stopped early, and why it could not be read at all.
#[component]
fn SiteNotices(site: Memo<Site>) -> impl IntoView {
    let limits = move || site.with(|s| (s.limits.clone(), s.page_cap));
    view! {
        {move || {
            let (limits, cap) = limits();
            limits.into_iter().map(|limit| view! {
                <p class="outcome warn site-limit" role="status">{limit_notice(limit, cap)}</p>
            }).collect_view()
        }}
        {move || site.with(|s| s.error.clone()).map(|e| view! {
            <p class="outcome error site-error" role="alert">{e}</p>
        })}
    }
}

/// When a site's crawl started and finished, and when it is synced next.
#[component]
fn SiteTimes(site: Memo<Site>) -> impl IntoView {
    let line = move || {
        site.with(|s| {
            let kind = if s.run_kind == "sync" {
                "Sync"
            } else {
                "Import"
            };
            let mut said = vec![format!(
                "{kind} started {}",
                format::iso(Some(&s.started_at))
            )];
            if let Some(finished) = &s.finished_at {
                said.push(format!("finished {}", format::iso(Some(finished))));
            }
            said.push(format!(
                "up to {}",
                format::plural(s.page_cap.into(), "page")
            ));
            if let Some(next) = &s.next_sync_at {
                said.push(format!("next sync {}", format::iso(Some(next))));
            }
            said.join(" · ")
        })
    };
    view! { <p class="hint site-times">{line}</p> }
}

/// The site's actions: cancel or sync now, its schedule, its pages, delete.
#[component]
fn SiteActions(
    site: Memo<Site>,
    store: SiteStore,
    showing_pages: RwSignal<bool>,
    on_changed: Callback<()>,
) -> impl IntoView {
    let current = expect_context::<Current>();
    let id = site.with_untracked(|s| s.id);
    let busy = RwSignal::new(false);
    let failed = RwSignal::new(None::<Outcome>);
    let confirming = RwSignal::new(false);
    let crawling = move || site.with(crawls);
    // POSTs `…/sites/{id}/{action}` and takes the site as answered.
    let act = move |action: &'static str| {
        busy.set(true);
        failed.set(None);
        let (path, site_path) = (
            current.path(&format!("/sites/{id}/{action}")),
            current.path(&format!("/sites/{id}")),
        );
        leptos::task::spawn_local(async move {
            match api::call::<SiteSaved>("POST", &path, None).await {
                Ok(saved) => {
                    store.put(saved.site);
                    if action == "cancel" {
                        on_changed.try_run(());
                    }
                }
                Err(e) => {
                    failed.try_set(Some(Outcome::Failed(e.message)));
                    // 409: it crawls already (a scheduled sync began): show it as it is.
                    if e.status == 409
                        && let Ok(saved) = api::get::<SiteSaved>(&site_path).await
                    {
                        store.put(saved.site);
                    }
                }
            }
            busy.try_set(false);
        });
    };
    let delete = Callback::new(move |_| {
        busy.set(true);
        let path = current.path(&format!("/sites/{id}"));
        leptos::task::spawn_local(async move {
            match api::delete(&path).await {
                Ok(()) => {
                    store.remove(id);
                    on_changed.try_run(());
                }
                Err(e) => {
                    failed.try_set(Some(Outcome::Failed(e.message)));
                    busy.try_set(false);
                }
            }
        });
    });
    let url = site.with_untracked(|s| s.url.clone());
    view! {
        <div class="actions site-actions">
            <Show when=crawling fallback=move || view! {
                <button type="button" class="button small primary site-sync" data-testid="site-sync"
                    disabled=move || busy.get() on:click=move |_| act("sync")>"Sync now"</button>
            }>
                <button type="button" class="button small site-cancel" data-testid="site-cancel"
                    disabled=move || busy.get() on:click=move |_| act("cancel")>"Cancel"</button>
            </Show>
            <ScheduleSelect site store failed/>
            <button type="button" class="button small site-pages" data-testid="site-pages"
                aria-expanded=move || showing_pages.get().to_string()
                aria-controls=format!("site-{id}-pages")
                on:click=move |_| showing_pages.update(|s| *s = !*s)>
                {move || if showing_pages.get() { "Hide pages" } else { "Pages" }}
            </button>
            <button type="button" class="button small danger-outline site-delete" data-testid="site-delete"
                disabled=move || busy.get() on:click=move |_| confirming.set(true)>"Delete"</button>
        </div>
        <OutcomeLine outcome=failed/>
        <Confirm open=confirming title=format!("Delete {url}?")
            message=Signal::derive(move || format!(
                "Its {} leave the bot's knowledge at once (the website itself is not touched).",
                format::plural(site.with(|s| s.pages), "page")
            ))
            confirm="Delete the website" on_confirm=delete/>
    }
}

/// A site's sync schedule, changed as soon as it is picked.
#[component]
fn ScheduleSelect(
    site: Memo<Site>,
    store: SiteStore,
    failed: RwSignal<Option<Outcome>>,
) -> impl IntoView {
    let current = expect_context::<Current>();
    let id = site.with_untracked(|s| s.id);
    let control = format!("site-{id}-schedule");
    let label_for = control.clone();
    let chosen = move || site.with(|s| s.schedule);
    let change = move |ev: leptos::ev::Event| {
        let select = event_target::<web_sys::HtmlSelectElement>(&ev);
        let Some(schedule) = SyncSchedule::parse(&select.value()) else {
            return;
        };
        let before = site.with_untracked(|s| s.schedule);
        let path = current.path(&format!("/sites/{id}"));
        let update = SiteUpdate {
            schedule: Some(schedule),
            page_cap: None,
        };
        failed.set(None);
        leptos::task::spawn_local(async move {
            match api::send::<_, SiteSaved>("PATCH", &path, &update).await {
                Ok(saved) => store.put(saved.site),
                Err(e) => {
                    // Back to what is stored.
                    select.set_value(before.as_str());
                    failed.try_set(Some(Outcome::Failed(e.message)));
                }
            }
        });
    };
    view! {
        <label class="site-schedule-field" for=label_for>
            <span>"Sync"</span>
            <select class="site-schedule" id=control name="site-schedule" data-testid="site-schedule"
                prop:value=move || chosen().as_str() on:change=change>
                {SCHEDULES.iter().map(|(s, label)| {
                    let s = *s;
                    view! { <option value=s.as_str() selected=move || chosen() == s>{*label}</option> }
                }).collect_view()}
            </select>
        </label>
    }
}

/// What the last crawl did with each of a site's addresses (skipped and changed first), read
/// again when its crawl starts or ends.
#[component]
fn SitePages(site: Memo<Site>) -> impl IntoView {
    let current = expect_context::<Current>();
    let id = site.with_untracked(|s| s.id);
    let pages = RwSignal::new(None::<Result<Vec<SitePage>, String>>);
    let run = Memo::new(move |_| site.with(|s| (s.state, s.started_at.clone())));
    let path = current.path(&format!("/sites/{id}/pages"));
    // Syncs with the service: the list is read when shown, and again when a crawl starts or
    // ends.
    Effect::new(move |_| {
        run.track();
        let path = path.clone();
        leptos::task::spawn_local(async move {
            let answer = api::get::<SitePageList>(&path).await;
            pages.try_set(Some(answer.map(|l| l.pages).map_err(|e| e.message)));
        });
    });
    view! {
        <div class="site-page-list" id=format!("site-{id}-pages")>
            {move || match pages.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(e)) => view! { <p class="outcome error" role="alert">{e}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="hint">"No addresses yet."</p> }.into_any(),
                Some(Ok(list)) => view! { <PageTable pages=list/> }.into_any(),
            }}
        </div>
    }
}

/// The addresses of a site, one row each.
#[component]
fn PageTable(pages: Vec<SitePage>) -> impl IntoView {
    let more = pages.len() >= SITE_PAGES_LISTED;
    view! {
        {more.then(|| view! { <p class="hint">{format!("The first {SITE_PAGES_LISTED} addresses.")}</p> })}
        <div class="table-scroll">
            <table class="table site-pages-table" data-testid="site-pages-table">
                <thead><tr>
                    <th scope="col">"Address"</th><th scope="col">"State"</th><th scope="col">"Reason"</th>
                    <th scope="col">"Detail"</th><th scope="col">"Change"</th>
                </tr></thead>
                <tbody>
                    {pages.into_iter().map(|page| view! { <PageRow page/> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// One address: where it leads, whether it was kept, why not, and what the last sync did.
#[component]
fn PageRow(page: SitePage) -> impl IntoView {
    let reason = page.reason.map(|r| reason_label(r).1).unwrap_or("");
    let title = (!page.title.is_empty()).then(|| page.title.clone());
    view! {
        <tr class="site-page" data-state=page.state.as_str()>
            <td class="site-page-url">
                <a href=page.url.clone() target="_blank" rel="noopener noreferrer">{page.url.clone()}</a>
                {title.map(|t| view! { <span class="hint">{t}</span> })}
            </td>
            <td>{page.state.as_str()}</td>
            <td>{reason}</td>
            <td class="site-page-detail">{page.detail.clone()}</td>
            <td>{(!page.change.is_empty()).then(|| view! { <span class="badge">{page.change.clone()}</span> })}</td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blank_page_cap_is_the_default_and_one_past_the_most_is_refused() {
        assert_eq!(page_cap_of(" "), Ok(SITE_PAGE_CAP_DEFAULT));
        assert_eq!(page_cap_of("2000"), Ok(SITE_PAGE_CAP_MAX));
        assert!(page_cap_of("2001").is_err());
        assert!(page_cap_of("0").is_err());
        assert!(page_cap_of("12.5").is_err());
    }

    #[test]
    fn the_form_sends_no_prefix_when_blank_and_needs_an_address() {
        let input = site_input(" https://example.com ", "  ", "", "weekly").unwrap();
        assert_eq!(input.url, "https://example.com");
        assert_eq!(input.prefix, None);
        assert_eq!(input.page_cap, Some(SITE_PAGE_CAP_DEFAULT));
        assert_eq!(input.schedule, Some(SyncSchedule::Weekly));
        assert!(site_input("", "/docs/", "10", "off").is_err());
    }

    #[test]
    fn only_reasons_with_skipped_pages_are_listed() {
        let skipped = SkipCounts {
            robots: 2,
            empty: 1,
            ..SkipCounts::default()
        };
        assert_eq!(
            skip_breakdown(&skipped),
            vec![(SkipReason::Robots, 2), (SkipReason::Empty, 1)]
        );
        assert_eq!(reason_label(SkipReason::Empty).1, "no text");
    }

    #[test]
    fn each_limit_says_what_stopped_the_crawl() {
        assert_eq!(
            limit_notice(CrawlLimit::Pages, 500),
            "Stopped at the page cap (500)"
        );
        assert_eq!(
            limit_notice(CrawlLimit::Bytes, 500),
            "Stopped: 200 MB fetched"
        );
        assert_eq!(
            limit_notice(CrawlLimit::Time, 500),
            "Stopped after 120 minutes"
        );
    }
}
