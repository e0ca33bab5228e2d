//! One bot's page: its name and state in the header, and a tab for each part of it —
//! appearance and behaviour (with the live preview), knowledge, AI, statistics, and API keys
//! with the webhook. Agents see its statistics only.

pub mod ai;
pub mod answers;
pub mod appearance;
pub mod form;
pub mod gaps;
pub mod identity;
pub mod install;
pub mod keys;
pub mod knowledge;
pub mod preview;
pub mod sites;
pub mod stats;

use crate::api;
use crate::components::status::Loading;
use crate::session::auth;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use porthole_shared::BotConfig;
use porthole_shared::admin::BotRecord;

/// The bot a tab works on.
#[derive(Clone, Copy)]
pub struct Current {
    /// Its token.
    pub token: Memo<String>,
    /// The bot as last read or saved.
    pub record: RwSignal<Option<BotRecord>>,
}

impl Current {
    /// The admin API path of the bot (`/api/admin/bots/{token}`) followed by `rest`.
    pub fn path(&self, rest: &str) -> String {
        format!("/api/admin/bots/{}{rest}", self.token.get_untracked())
    }

    /// The bot's settings as last read or saved.
    pub fn saved(&self) -> Memo<BotConfig> {
        let record = self.record;
        Memo::new(move |_| {
            record.with(|r| r.as_ref().map(|r| r.config.clone()).unwrap_or_default())
        })
    }

    /// Takes the bot as the service answered a change (keeping the status it had).
    pub fn keep(&self, record: BotRecord) {
        self.record.update(|r| {
            let status = r.as_ref().and_then(|r| r.status.clone());
            *r = Some(BotRecord { status, ..record });
        });
    }
}

/// The tabs: id, label, and whether only owners see it.
const TABS: [(&str, &str, bool); 6] = [
    ("appearance", "Appearance", true),
    ("knowledge", "Knowledge", true),
    ("unanswered", "Unanswered", false),
    ("ai", "AI", true),
    ("statistics", "Statistics", false),
    ("api", "API & webhook", true),
];

/// The bot page.
#[component]
pub fn BotPage() -> impl IntoView {
    let params = use_params_map();
    let token = Memo::new(move |_| params.with(|p| p.get("token").unwrap_or_default()));
    let owner = move || auth().is_owner();
    let tab = Memo::new(move |_| {
        params.with(|p| p.get("tab")).unwrap_or_else(|| {
            if owner() {
                "appearance".into()
            } else {
                "statistics".into()
            }
        })
    });
    let record = RwSignal::new(None::<BotRecord>);
    let failed = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let token = token.get();
        record.set(None);
        failed.set(None);
        leptos::task::spawn_local(async move {
            match api::get::<BotRecord>(&format!("/api/admin/bots/{token}")).await {
                Ok(r) => record.set(Some(r)),
                Err(e) => failed.set(Some(e.message)),
            }
        });
    });
    let current = Current { token, record };
    provide_context(current);
    let name = move || {
        record.with(|r| {
            r.as_ref()
                .map(|r| r.config.bot_name.as_str().to_owned())
                .unwrap_or_default()
        })
    };
    let live = move || record.with(|r| r.as_ref().is_none_or(|r| r.config.enabled));
    view! {
        <section class="page">
            <header class="page-head">
                <p class="crumb"><a href="/console">"Bots"</a></p>
                <h1 data-testid="bot-name">{name}</h1>
                <Show when=move || record.with(|r| r.is_some())>
                    <span class="pill" class:off=move || !live()>{move || if live() { "Live" } else { "Paused" }}</span>
                </Show>
            </header>
            <nav class="tabs page-tabs" aria-label="Bot">
                {TABS.iter().filter(|(_, _, manage)| !manage || owner()).map(|(id, label, _)| {
                    let id = *id;
                    view! {
                        <A href=move || format!("/console/bots/{}/{id}", token.get())
                            attr:class="tab" attr:data-testid=format!("tab-{id}")
                            attr:aria-current=move || (tab.get() == id).then_some("page")>{*label}</A>
                    }
                }).collect_view()}
            </nav>
            {move || failed.get().map(|e| view! { <p class="outcome error" role="alert">{e}</p> })}
            <Show when=move || record.with(|r| r.is_some())
                fallback=move || failed.with(Option::is_none).then(|| view! { <Loading/> })>
                {move || match tab.get().as_str() {
                    "knowledge" => view! { <knowledge::Knowledge/> }.into_any(),
                    "unanswered" => view! { <gaps::Unanswered/> }.into_any(),
                    "ai" => view! { <ai::AiSettings/> }.into_any(),
                    "statistics" => view! { <stats::Statistics/> }.into_any(),
                    "api" => view! { <keys::ApiAccess/> }.into_any(),
                    _ => view! { <appearance::Appearance/> }.into_any(),
                }}
            </Show>
        </section>
    }
}
