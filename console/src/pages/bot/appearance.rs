//! Appearance and behaviour: every setting of the widget and of the conversation (seed 000's
//! config, seed 004's web-chat fields, lead capture, people taking over), checked as the
//! service checks them, beside a live preview of the real widget that follows every edit
//! before anything is saved, and the snippet to install it. Leaving with unsaved edits asks
//! first.

use super::Current;
use super::form::{Draft, Field, Kind};
use super::install::InstallSnippet;
use super::preview::Preview;
use crate::components::fields::{ColorField, Select, TextField, Toggle};
use crate::components::leave;
use crate::components::status::OutcomeLine;
use leptos::prelude::*;
use porthole_shared::BotConfig;

fn options(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(v, l)| ((*v).to_owned(), (*l).to_owned()))
        .collect()
}

/// The appearance tab.
#[component]
pub fn Appearance() -> impl IntoView {
    let current = expect_context::<Current>();
    let saved = current.saved();
    let draft = Draft::new(&saved.get_untracked());
    let f = |path, kind| draft.field(path, kind);
    // Basics.
    let name = f("/bot_name", Kind::Text);
    let welcome = f("/welcome", Kind::Text);
    let placeholder = f("/placeholder", Kind::Text);
    let description = f("/description", Kind::Text);
    let fallback = f("/fallback", Kind::Text);
    // Look.
    let color = f("/primary_color", Kind::Text);
    let position = f("/position", Kind::Text);
    let avatar = f("/avatar_url", Kind::Text);
    let logo = f("/logo", Kind::Text);
    let mode = f("/defaultThemeMode", Kind::Text);
    let toggle = f("/enableThemeModeToggle", Kind::Bool);
    let light_primary = f("/theme/primaryColor", Kind::OmittedText);
    let light_dialog = f("/theme/dialogColor", Kind::OmittedText);
    let light_navbar = f("/theme/navbarTextColor", Kind::OmittedText);
    let dark_primary = f("/darkTheme/primaryColor", Kind::OmittedText);
    let dark_dialog = f("/darkTheme/dialogColor", Kind::OmittedText);
    let dark_navbar = f("/darkTheme/navbarTextColor", Kind::OmittedText);
    // Conversation.
    let starters = f("/displayConversationStarters", Kind::Lines);
    let citations = f("/enableDisplayCitations", Kind::Bool);
    let powered = f("/enableShowPoweredBy", Kind::Bool);
    let uploads = f("/enableFileUpload", Kind::Bool);
    let speech = f("/enableSpeech", Kind::Bool);
    let share = f("/enableShareConversation", Kind::Bool);
    let phone = f("/phone_number", Kind::NullableText);
    let pace = f("/stream_pace_ms", Kind::Number);
    // Contact details.
    let lead_when = f("/lead_capture/when", Kind::Text);
    let lead_fields = f("/lead_capture/fields", Kind::Set);
    let lead_required = f("/lead_capture/required", Kind::Bool);
    let lead_prompt = f("/lead_capture/prompt", Kind::Text);
    // People.
    let handoff = f("/operators/handoff", Kind::Bool);
    let idle = f("/operators/idle_return_minutes", Kind::Number);
    let email_replies = f("/email_replies", Kind::Bool);
    // Whether the deployment sends email at all (else the toggle says nothing goes).
    let me = LocalResource::new(|| {
        crate::api::get::<porthole_shared::operators::MeResponse>("/api/auth/me")
    });
    let email_off = move || me.get().is_some_and(|m| m.is_ok_and(|m| !m.email_enabled));
    // Business hours.
    let hours_on = f("/hours/enabled", Kind::Bool);
    let time_zone = f("/hours/time_zone", Kind::Text);
    let days = [
        ("Monday", "hours-mon", f("/hours/week/mon", Kind::Text)),
        ("Tuesday", "hours-tue", f("/hours/week/tue", Kind::Text)),
        ("Wednesday", "hours-wed", f("/hours/week/wed", Kind::Text)),
        ("Thursday", "hours-thu", f("/hours/week/thu", Kind::Text)),
        ("Friday", "hours-fri", f("/hours/week/fri", Kind::Text)),
        ("Saturday", "hours-sat", f("/hours/week/sat", Kind::Text)),
        ("Sunday", "hours-sun", f("/hours/week/sun", Kind::Text)),
    ];
    let holidays = f("/hours/holidays", Kind::Lines);
    let browser_zone = browser_time_zone();
    // Access and limits.
    let origins = f("/access/allowed_origins", Kind::Lines);
    let daily_messages = f("/access/daily_messages", Kind::Number);
    let daily_tokens = f("/access/daily_tokens", Kind::Number);
    let daily_images = f("/access/daily_images", Kind::Number);
    let retention = f("/access/retention_days", Kind::Number);

    let previewed = {
        let draft = draft.clone();
        let last = StoredValue::new(None::<BotConfig>);
        Signal::derive(move || {
            let next = draft.applied(&saved.get());
            if next.is_some() {
                last.set_value(next.clone());
            }
            next.or_else(|| last.get_value())
        })
    };
    let saving = draft.saving();
    // Leaving the tab (or the console) with unsaved edits asks first.
    leave::guard(saving.dirty);
    let save = draft.submit(
        current,
        "Saved. Visitors see the change within a minute.",
        saving,
    );
    let discard = {
        let draft = draft.clone();
        move |_| {
            draft.reset(&saved.get_untracked());
            saving.outcome.set(None);
        }
    };
    let text = |label, field: Field, name| view! { <TextField label name value=field.text error=field.error()/> };
    let color_field = |label, field: Field, name, hint| view! { <ColorField label name value=field.text error=field.error() hint/> };
    let theme_color = |label, field: Field, name| view! { <ColorField label name value=field.text error=field.error() optional=true/> };
    let check =
        |label, field: Field, name, hint| view! { <Toggle label name value=field.on hint/> };
    view! {
        <div class="split with-preview">
            <form class="settings" on:submit=save data-testid="appearance-form">
                <fieldset class="card">
                    <legend>"Basics"</legend>
                    {text("Name", name, "bot_name")}
                    <TextField label="Greeting" name="welcome" value=welcome.text error=welcome.error() rows=2
                        hint="The bot's first message in every conversation."/>
                    {text("Composer placeholder", placeholder, "placeholder")}
                    <TextField label="Description" name="description" value=description.text error=description.error()
                        hint="A line under the name in the header."/>
                    <TextField label="When the bot does not know" name="fallback" value=fallback.text error=fallback.error() rows=2
                        hint="What it says when its knowledge has no answer (it never makes one up)."/>
                </fieldset>
                <fieldset class="card">
                    <legend>"Look"</legend>
                    {color_field("Brand colour", color, "primary_color", "Launcher, header and the visitor's messages.")}
                    <Select label="Corner" name="position" value=position.text
                        options=options(&[("br", "Bottom right"), ("bl", "Bottom left"), ("tr", "Top right"), ("tl", "Top left")])/>
                    <TextField label="Avatar URL" name="avatar_url" value=avatar.text error=avatar.error() kind="url" placeholder="https://…"/>
                    <TextField label="Logo URL" name="logo" value=logo.text error=logo.error() kind="url" placeholder="https://…"
                        hint="Shown in the header in place of the avatar."/>
                    <Select label="Light or dark" name="defaultThemeMode" value=mode.text
                        options=options(&[("auto", "Follow the visitor's system"), ("light", "Light"), ("dark", "Dark")])/>
                    {check("Let visitors switch light and dark", toggle, "enableThemeModeToggle", "")}
                    <details class="more">
                        <summary>"Theme colours"</summary>
                        <p class="hint">"Leave empty to use the brand colour and the widget's palette."</p>
                        <div class="row">
                            {theme_color("Light: main", light_primary, "theme-primary")}
                            {theme_color("Light: bot messages", light_dialog, "theme-dialog")}
                            {theme_color("Light: header text", light_navbar, "theme-navbar")}
                        </div>
                        <div class="row">
                            {theme_color("Dark: main", dark_primary, "dark-primary")}
                            {theme_color("Dark: bot messages", dark_dialog, "dark-dialog")}
                            {theme_color("Dark: header text", dark_navbar, "dark-navbar")}
                        </div>
                    </details>
                </fieldset>
                <fieldset class="card">
                    <legend>"Conversation"</legend>
                    <TextField label="Conversation starters" name="starters" value=starters.text error=starters.error() rows=3
                        hint="Questions offered before the first message: one per line, up to six."/>
                    {check("Show sources under replies", citations, "enableDisplayCitations", "")}
                    {check("Show \"Powered by Porthole\"", powered, "enableShowPoweredBy", "")}
                    {check("Visitors may send images", uploads, "enableFileUpload", "")}
                    {check("Microphone (speech to text)", speech, "enableSpeech", "Where the visitor's browser can recognize speech.")}
                    {check("Visitors may share a read-only link to their conversation", share, "enableShareConversation", "")}
                    <TextField label="Phone number for calls" name="phone_number" value=phone.text error=phone.error() kind="tel"
                        placeholder="+1 416 555 0100" hint="A call button appears in the header. Leave empty for none."/>
                    <TextField label="Pause between streamed words (ms)" name="stream_pace_ms" value=pace.text error=pace.error()
                        hint="For the built-in responder: 0 shows the reply at once, 30 reads naturally."/>
                </fieldset>
                <fieldset class="card">
                    <legend>"Contact details"</legend>
                    <Select label="Ask for contact details" name="lead_when" value=lead_when.text error=lead_when.error()
                        options=options(&[("never", "Never"), ("before_first_message", "Before the first message"),
                            ("after_first_reply", "After the bot's first reply"), ("when_unanswered", "When the bot cannot answer")])/>
                    <LeadFields field=lead_fields/>
                    {check("The visitor must fill them in", lead_required, "lead_required", "")}
                    <TextField label="Invitation" name="lead_prompt" value=lead_prompt.text error=lead_prompt.error()
                        placeholder="Leave your email and we will get back to you."/>
                </fieldset>
                <fieldset class="card">
                    <legend>"People"</legend>
                    {check("Visitors may ask for a person", handoff, "handoff", "Offered when an operator can see this bot.")}
                    <TextField label="Back to the AI after (minutes idle)" name="idle_return_minutes" value=idle.text error=idle.error()
                        hint="A conversation an operator took over returns to the AI after this long without a message. 0: never."/>
                    {check("Email for this bot", email_replies, "email_replies",
                        "A person's reply goes by email to a visitor who left an address and has gone (they answer by replying), visitors may ask for the transcript, and operators get alerts of waiting visitors. Off: nothing about this bot is emailed. Needs the deployment's email (EMAIL_FROM and the EMAIL binding, docs/deploy.md).")}
                    {move || email_off().then(|| view! {
                        <p class="outcome warn" data-testid="bot-email-off">"Email is off for this deployment: no reply goes by email until it has the EMAIL binding and EMAIL_FROM."</p>
                    })}
                </fieldset>
                <fieldset class="card" data-testid="hours">
                    <legend>"Business hours"</legend>
                    {check("People answer only during these hours", hours_on, "hours_enabled",
                        "Outside them the widget offers \"Leave a message\" (an email to answer) instead of a person, and says when people are back. The AI answers at any hour.")}
                    <TextField label="Time zone" name="hours_time_zone" value=time_zone.text error=time_zone.error()
                        placeholder="Europe/Berlin" hint="An IANA name, like Europe/Berlin or America/New_York."/>
                    {(!browser_zone.is_empty()).then(|| {
                        let zone = browser_zone.clone();
                        view! {
                            <button type="button" class="button small" data-testid="hours-use-browser-zone"
                                on:click=move |_| time_zone.text.set(zone.clone())>{format!("Use {browser_zone}")}</button>
                        }
                    })}
                    <div class="hours-week">
                        {days.into_iter().map(|(label, name, day)| view! {
                            <TextField label name value=day.text error=day.error() placeholder="Closed"/>
                        }).collect_view()}
                    </div>
                    <p class="hint">"A day's hours as 09:00-17:00; several with commas (09:00-12:00, 13:00-17:00); empty: closed."</p>
                    <TextField label="Holidays" name="hours_holidays" value=holidays.text error=holidays.error() rows=3
                        placeholder="2026-12-25" hint="One date per line (YYYY-MM-DD): closed all day."/>
                </fieldset>
                <fieldset class="card">
                    <legend>"Access and limits"</legend>
                    <TextField label="Sites allowed to use this bot" name="allowed_origins" value=origins.text error=origins.error() rows=3
                        placeholder="https://shop.example"
                        hint="One origin per line (https://*.shop.example for every subdomain). Empty: any site. Other sites cannot spend your AI budget."/>
                    <TextField label="Messages per day" name="daily_messages" value=daily_messages.text error=daily_messages.error()
                        hint="Visitor messages the AI answers per UTC day. 0: no cap."/>
                    <TextField label="AI tokens per day" name="daily_tokens" value=daily_tokens.text error=daily_tokens.error()
                        hint="Prompt and completion tokens per UTC day. 0: no cap."/>
                    <TextField label="Images per day" name="daily_images" value=daily_images.text error=daily_images.error()
                        hint="Images visitors may send per UTC day, all conversations together (at most 5 MB each). 0: no cap."/>
                    <TextField label="Keep conversations for (days)" name="retention_days" value=retention.text error=retention.error()
                        hint="Erased after this many days without activity. 0: kept until you delete them."/>
                </fieldset>
                <div class="save-bar">
                    <button type="submit" class="button primary" data-testid="save"
                        disabled=move || !saving.dirty.get() || saving.busy.get()>{move || if saving.busy.get() { "Saving…" } else { "Save changes" }}</button>
                    <button type="button" class="button" data-testid="discard" disabled=move || !saving.dirty.get()
                        on:click=discard>"Discard"</button>
                    <span class="hint">{move || if saving.dirty.get() { "Unsaved changes: the preview shows them." } else { "" }}</span>
                    <OutcomeLine outcome=saving.outcome/>
                </div>
            </form>
            <aside class="side">
                <Preview config=previewed/>
                <InstallSnippet/>
            </aside>
        </div>
    }
}

/// The fields of the lead form, as checkboxes over a comma-separated draft value.
#[component]
fn LeadFields(field: Field) -> impl IntoView {
    let error = field.error();
    let choice = move |value: &'static str, label: &'static str| {
        let has = move || field.text.with(|t| t.split(',').any(|v| v == value));
        view! {
            <label class="check">
                <input type="checkbox" data-testid=format!("lead-{value}") prop:checked=has
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        field.text.update(|t| {
                            let mut list: Vec<String> = t.split(',').filter(|v| !v.is_empty() && *v != value).map(str::to_owned).collect();
                            if on {
                                list.push(value.to_owned());
                            }
                            *t = list.join(",");
                        });
                    }/>
                {label}
            </label>
        }
    };
    view! {
        <fieldset class="field inline">
            <legend>"Which details"</legend>
            {choice("email", "Email")}
            {choice("phone", "Phone")}
            {choice("name", "Name")}
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
        </fieldset>
    }
}

/// The zone this browser is in (`""` if it cannot say), offered for the bot's hours.
fn browser_time_zone() -> String {
    let options = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new())
        .resolved_options();
    js_sys::Reflect::get(&options, &"timeZone".into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}
