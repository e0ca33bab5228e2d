//! Statistics: conversations, messages, messages per conversation, likes per vote, ratings,
//! widget events and LLM tokens per model, by hour, day or month (UTC) — as charts with the
//! numbers on hover, as totals and as a table — and the switch that scores every AI reply,
//! with its scores.

use super::Current;
use crate::api;
use crate::components::chart::{Bar, BarChart};
use crate::components::status::{Loading, Outcome, OutcomeLine};
use crate::format;
use crate::latest::Latest;
use leptos::prelude::*;
use porthole_shared::admin::BotRecord;
use porthole_shared::webchat::{PeriodUsage, StatisticsPoint};
use std::collections::BTreeMap;

/// The periods a page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Range {
    Day,
    Month,
    Year,
}

impl Range {
    fn parse(raw: &str) -> Self {
        match raw {
            "24h" => Range::Day,
            "12m" => Range::Year,
            _ => Range::Month,
        }
    }

    /// The statistics query for the range ending now.
    fn query(self, now_ms: f64) -> (String, String) {
        const DAY: f64 = 86_400_000.0;
        let iso = |ms: f64| -> String { js_sys::Date::new(&ms.into()).to_iso_string().into() };
        let date = |ms: f64| iso(ms)[..10].to_owned();
        let today = date(now_ms);
        match self {
            Range::Day => (
                format!(
                    "datetimeFrom={}&datetimeTo={}&timeGranularity=hour",
                    iso(now_ms - 23.0 * 3_600_000.0),
                    iso(now_ms)
                ),
                format!(
                    "startDate={}&endDate={today}&timeGranularity=day",
                    date(now_ms - DAY)
                ),
            ),
            Range::Month => (
                format!(
                    "datetimeFrom={}&datetimeTo={today}&timeGranularity=day",
                    date(now_ms - 29.0 * DAY)
                ),
                format!(
                    "startDate={}&endDate={today}&timeGranularity=day",
                    date(now_ms - 29.0 * DAY)
                ),
            ),
            Range::Year => {
                let first = format!("{}-01", &date(now_ms - 334.0 * DAY)[..7]);
                (
                    format!("datetimeFrom={first}&datetimeTo={today}&timeGranularity=month"),
                    format!("startDate={first}&endDate={today}&timeGranularity=month"),
                )
            }
        }
    }

    /// How a period starting at `datetime` (RFC 3339, UTC) is labelled.
    fn label(self, datetime: &str) -> String {
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let month = datetime
            .get(5..7)
            .and_then(|m| m.parse::<usize>().ok())
            .unwrap_or(1)
            .clamp(1, 12);
        let name = MONTHS[month - 1];
        match self {
            Range::Day => format!("{}:00", datetime.get(11..13).unwrap_or("00")),
            Range::Month => format!(
                "{} {name}",
                datetime.get(8..10).unwrap_or("01").trim_start_matches('0')
            ),
            Range::Year => format!("{name} {}", datetime.get(..4).unwrap_or("")),
        }
    }
}

/// Sums over the periods shown.
#[derive(Debug, Default, Clone, PartialEq)]
struct Totals {
    conversations: i64,
    messages: i64,
    likes: i64,
    dislikes: i64,
    ratings: i64,
    rating_points: f64,
    evaluated: i64,
    answered: i64,
    support_points: f64,
    handoffs: i64,
    responses: i64,
    response_secs: f64,
    events: BTreeMap<String, i64>,
}

impl Totals {
    fn of(points: &[StatisticsPoint]) -> Self {
        let mut t = Totals::default();
        for p in points {
            t.conversations += p.conversations_count;
            t.messages += p.messages_count;
            t.likes += p.likes;
            t.dislikes += p.dislikes;
            t.ratings += p.ratings;
            t.rating_points += p.avg_rating * p.ratings as f64;
            t.evaluated += p.evaluated;
            t.answered += p.answered;
            t.support_points += p.avg_support * p.evaluated as f64;
            t.handoffs += p.handoffs;
            t.responses += p.responses;
            t.response_secs += p.avg_first_response_secs * p.responses as f64;
            for (event, n) in &p.events {
                *t.events.entry(event.clone()).or_default() += n;
            }
        }
        t
    }

    fn share(part: f64, whole: f64) -> Option<f64> {
        (whole > 0.0).then(|| part / whole)
    }
}

/// The statistics tab.
#[component]
pub fn Statistics() -> impl IntoView {
    let current = expect_context::<Current>();
    let range = RwSignal::new(Range::Month);
    let points = RwSignal::new(None::<Vec<StatisticsPoint>>);
    let usage = RwSignal::new(Vec::<PeriodUsage>::new());
    let failed = RwSignal::new(None::<String>);
    // A range chosen while another's figures are still coming replaces them.
    let latest = Latest::new();
    Effect::new(move |_| {
        let (stats_query, usage_query) = range.get().query(js_sys::Date::now());
        let token = current.token.get();
        points.set(None);
        let ticket = latest.start();
        leptos::task::spawn_local(async move {
            let base = format!("/api/admin/bots/{token}");
            let path = format!("{base}/statistics?{stats_query}");
            let read = api::get::<Vec<StatisticsPoint>>(&path).await;
            if !latest.holds(ticket) {
                return;
            }
            match read {
                Ok(p) => points.set(Some(p)),
                Err(e) => failed.set(Some(e.message)),
            }
            let path = format!("{base}/llm-usage-statistics?{usage_query}");
            if let Ok(u) = api::get::<Vec<PeriodUsage>>(&path).await
                && latest.holds(ticket)
            {
                usage.set(u);
            }
        });
    });
    let totals =
        Memo::new(move |_| points.with(|p| p.as_deref().map(Totals::of).unwrap_or_default()));
    let bars = move |pick: fn(&StatisticsPoint) -> (f64, String)| {
        Signal::derive(move || {
            let r = range.get();
            points.with(|p| {
                p.iter()
                    .flatten()
                    .map(|point| {
                        let (value, text) = pick(point);
                        Bar {
                            label: r.label(&point.datetime),
                            value,
                            text,
                        }
                    })
                    .collect()
            })
        })
    };
    let token_bars = Signal::derive(move || {
        // Tokens are counted by day (or month): the last 24 hours show as days.
        let r = match range.get() {
            Range::Day => Range::Month,
            r => r,
        };
        usage.with(|u| {
            u.iter()
                .map(|p| Bar {
                    label: r.label(&format!("{}T00:00:00Z", p.date)),
                    value: p.total_words_count as f64,
                    text: format!("{} tokens", format::count(p.total_words_count as i64)),
                })
                .collect()
        })
    });
    let card = |label: &'static str, id: &'static str, value: Signal<String>| {
        view! {
            <div class="stat" data-testid=id><span class="stat-label">{label}</span><strong>{value}</strong></div>
        }
    };
    let t = move |f: fn(&Totals) -> String| Signal::derive(move || totals.with(f));
    view! {
        <div class="stats">
            <div class="range" role="radiogroup" aria-label="Period">
                {[("24h", "Last 24 hours"), ("30d", "Last 30 days"), ("12m", "Last 12 months")].into_iter().map(|(id, label)| {
                    let r = Range::parse(id);
                    view! {
                        <button type="button" role="radio" class="tab" data-testid=format!("range-{id}")
                            aria-checked=move || (range.get() == r).to_string()
                            on:click=move |_| range.set(r)>{label}</button>
                    }
                }).collect_view()}
                <span class="hint">"Times in UTC."</span>
            </div>
            {move || failed.get().map(|e| view! { <p class="outcome error" role="alert">{e}</p> })}
            <Show when=move || points.with(|p| p.is_some()) fallback=|| view! { <Loading/> }>
                <div class="stat-cards">
                    {card("Conversations", "total-conversations", t(|t| format::count(t.conversations)))}
                    {card("Messages", "total-messages", t(|t| format::count(t.messages)))}
                    {card("Messages per conversation", "avg-messages", t(|t| Totals::share(t.messages as f64, t.conversations as f64).map(format::ratio).unwrap_or("—".into())))}
                    {card("Likes per vote", "likes-per-feedback", t(|t| Totals::share(t.likes as f64, (t.likes + t.dislikes) as f64).map(format::percent).unwrap_or("—".into())))}
                    {card("Ratings", "ratings", t(|t| match Totals::share(t.rating_points, t.ratings as f64) {
                        Some(avg) => format!("{} · {} / 5", t.ratings, format::ratio(avg)),
                        None => "—".into(),
                    }))}
                    {card("Asked for a person", "handoffs", t(|t| format::count(t.handoffs)))}
                    {card("First reply of a person", "first-response", t(|t| Totals::share(t.response_secs, t.responses as f64).map(wait).unwrap_or("—".into())))}
                </div>
                <div class="charts">
                    <BarChart title="Conversations" testid="chart-conversations"
                        bars=bars(|p| (p.conversations_count as f64, format::count(p.conversations_count)))/>
                    <BarChart title="Messages" testid="chart-messages"
                        bars=bars(|p| (p.messages_count as f64, format::count(p.messages_count)))/>
                    <BarChart title="LLM tokens" testid="chart-tokens" bars=token_bars/>
                </div>
                <PeriodTable points range/>
                <div class="split even">
                    <Models usage/>
                    <Events totals/>
                </div>
                <Evaluation totals/>
            </Show>
        </div>
    }
}

#[component]
fn PeriodTable(
    points: RwSignal<Option<Vec<StatisticsPoint>>>,
    range: RwSignal<Range>,
) -> impl IntoView {
    view! {
        <details class="card">
            <summary>"The numbers, period by period"</summary>
            <div class="table-scroll">
                <table class="table" data-testid="stats-table">
                    <thead><tr>
                        <th scope="col">"Period"</th><th scope="col" class="num">"Conversations"</th>
                        <th scope="col" class="num">"Messages"</th><th scope="col" class="num">"Per conversation"</th>
                        <th scope="col" class="num">"Likes"</th><th scope="col" class="num">"Dislikes"</th>
                        <th scope="col" class="num">"Ratings"</th><th scope="col" class="num">"Average rating"</th>
                        <th scope="col" class="num">"Evaluated"</th><th scope="col" class="num">"Answered"</th>
                    </tr></thead>
                    <tbody>
                        {move || points.get().unwrap_or_default().into_iter().rev().map(|p| view! {
                            <tr>
                                <th scope="row">{range.get_untracked().label(&p.datetime)}</th>
                                <td class="num">{format::count(p.conversations_count)}</td>
                                <td class="num">{format::count(p.messages_count)}</td>
                                <td class="num">{format::ratio(p.avg_messages_per_conversation)}</td>
                                <td class="num">{p.likes}</td><td class="num">{p.dislikes}</td>
                                <td class="num">{p.ratings}</td><td class="num">{format::ratio(p.avg_rating)}</td>
                                <td class="num">{p.evaluated}</td><td class="num">{p.answered}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </details>
    }
}

#[component]
fn Models(usage: RwSignal<Vec<PeriodUsage>>) -> impl IntoView {
    let models = move || {
        let mut by_model: BTreeMap<String, (u64, u64, u64)> = BTreeMap::new();
        usage.with(|u| {
            for detail in u.iter().flat_map(|p| &p.llm_details) {
                let e = by_model.entry(detail.llm_model_id.clone()).or_default();
                e.0 += detail.prompt_tokens;
                e.1 += detail.completion_tokens;
                e.2 += detail.turns;
            }
        });
        by_model
    };
    view! {
        <section class="card" aria-labelledby="models-title">
            <h2 id="models-title">"LLM tokens by model"</h2>
            <Show when=move || !models().is_empty()
                fallback=|| view! { <p class="hint">"None: the built-in responder uses no tokens."</p> }>
                <table class="table" data-testid="models">
                    <thead><tr><th scope="col">"Model"</th><th scope="col" class="num">"Prompt"</th><th scope="col" class="num">"Completion"</th><th scope="col" class="num">"Replies"</th></tr></thead>
                    <tbody>
                        {move || models().into_iter().map(|(model, (p, c, n))| view! {
                            <tr><th scope="row">{model}</th><td class="num">{format::count(p as i64)}</td>
                                <td class="num">{format::count(c as i64)}</td><td class="num">{format::count(n as i64)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </Show>
        </section>
    }
}

#[component]
fn Events(totals: Memo<Totals>) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="events-title">
            <h2 id="events-title">"Widget events"</h2>
            <Show when=move || totals.with(|t| !t.events.is_empty())
                fallback=|| view! { <p class="hint">"None yet: the widget reports openings, messages and more as visitors use it."</p> }>
                <table class="table" data-testid="events">
                    <thead><tr><th scope="col">"Event"</th><th scope="col" class="num">"Count"</th></tr></thead>
                    <tbody>
                        {move || totals.with(|t| t.events.iter().map(|(e, n)| view! {
                            <tr><th scope="row">{e.clone()}</th><td class="num">{format::count(*n)}</td></tr>
                        }).collect_view())}
                    </tbody>
                </table>
            </Show>
        </section>
    }
}

/// The evaluation switch and its scores.
#[component]
fn Evaluation(totals: Memo<Totals>) -> impl IntoView {
    let current = expect_context::<Current>();
    let on = Memo::new(move |_| {
        current
            .record
            .with(|r| r.as_ref().is_some_and(|r| r.config.evaluation))
    });
    let outcome = RwSignal::new(None::<Outcome>);
    let owner = move || crate::session::auth().is_owner();
    let flip = move |ev: leptos::ev::Event| {
        let wanted = event_target_checked(&ev);
        leptos::task::spawn_local(async move {
            match api::send::<_, BotRecord>(
                "PATCH",
                &current.path(""),
                &serde_json::json!({"enableEvaluation": wanted}),
            )
            .await
            {
                Ok(record) => {
                    current.record.update(|r| {
                        *r = Some(BotRecord {
                            status: r.as_ref().and_then(|r| r.status.clone()),
                            ..record
                        })
                    });
                    outcome.set(Some(Outcome::Done(
                        if wanted {
                            "Every AI reply is scored from now on."
                        } else {
                            "Replies are no longer scored."
                        }
                        .into(),
                    )));
                }
                Err(e) => outcome.set(Some(Outcome::Failed(e.message))),
            }
        });
    };
    view! {
        <section class="card" aria-labelledby="evaluation-title">
            <h2 id="evaluation-title">"Evaluation"</h2>
            <div class="toggle">
                <input id="evaluation" type="checkbox" data-testid="evaluation" prop:checked=move || on.get()
                    disabled=move || !owner() on:change=flip/>
                <label for="evaluation">"Score every AI reply"</label>
                <p class="hint">"Whether it answered (rather than saying it does not know), and how much of it the passages it drew on support. Operators see the scores on each reply."</p>
            </div>
            <OutcomeLine outcome/>
            <div class="stat-cards">
                <div class="stat" data-testid="evaluated"><span class="stat-label">"Replies scored"</span>
                    <strong>{move || format::count(totals.with(|t| t.evaluated))}</strong></div>
                <div class="stat" data-testid="answered"><span class="stat-label">"Answered"</span>
                    <strong>{move || totals.with(|t| Totals::share(t.answered as f64, t.evaluated as f64).map(format::percent).unwrap_or("—".into()))}</strong></div>
                <div class="stat" data-testid="unanswered"><span class="stat-label">"Not answered (the fallback)"</span>
                    <strong>{move || totals.with(|t| Totals::share((t.evaluated - t.answered) as f64, t.evaluated as f64).map(format::percent).unwrap_or("—".into()))}</strong></div>
                <div class="stat" data-testid="support"><span class="stat-label">"Supported by the knowledge"</span>
                    <strong>{move || totals.with(|t| Totals::share(t.support_points, t.evaluated as f64).map(format::percent).unwrap_or("—".into()))}</strong></div>
            </div>
        </section>
    }
}
/// A wait in seconds as people say it: `45 s`, `3 min 20 s`, `2 h 5 min`.
fn wait(secs: f64) -> String {
    let secs = secs.round() as i64;
    match secs {
        s if s < 60 => format!("{s} s"),
        s if s < 3_600 => format!("{} min {} s", s / 60, s % 60),
        s => format!("{} h {} min", s / 3_600, s % 3_600 / 60),
    }
}
