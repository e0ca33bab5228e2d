//! A bot's configuration: the full record kept in KV ([`BotConfig`]), the public part the
//! widget reads (seed 000's [`PublicConfig`]), and the partial update the admin API accepts
//! ([`ConfigPatch`]). Field values are parsed types, so a stored config is always valid.

use crate::access::{AccessPatch, AccessSettings};
use crate::ai::{AiPatch, AiSettings};
use crate::fields::{Bounded, HexColor, OptionalUrl};
use serde::{Deserialize, Serialize};

/// Where the launcher sits: bottom-right, bottom-left, top-right or top-left.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Position {
    /// Bottom-right (the default).
    #[default]
    Br,
    /// Bottom-left.
    Bl,
    /// Top-right.
    Tr,
    /// Top-left.
    Tl,
}

/// Seed 004's description (a line under the name).
pub type Description = Bounded<0, 500>;
/// A custom domain name.
pub type Domain = Bounded<0, 253>;

/// Seed 002's assistant id of a bot, which `chat` and `voice/start` name in `assistantId`: set
/// by the owner, or `""` for the one the service derives (`asst-` and twelve hex digits of the
/// bot's id). 1 to 64 of A–Z, a–z, 0–9, `_`, `-`, `.` and `:`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct AssistantId(String);

impl AssistantId {
    /// Accepts `""` (the derived one) or 1 to 64 of the allowed characters.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        let ok = raw.chars().count() <= 64
            && raw
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':'));
        if ok {
            Ok(Self(raw.to_owned()))
        } else {
            Err(format!(
                "{raw:?} is not an assistant id (1 to 64 of A-Z, a-z, 0-9, _, -, . or :)"
            ))
        }
    }

    /// The id the owner set, or `""`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The assistant id of a bot whose owner set none: `asst-` and the first twelve hex digits of
/// its public id (`bot_id`, a UUID).
pub fn derived_assistant_id(bot_id: &str) -> String {
    let hex: String = bot_id
        .chars()
        .filter(char::is_ascii_hexdigit)
        .take(12)
        .collect();
    format!("asst-{hex}")
}

impl<'de> Deserialize<'de> for AssistantId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::parse(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// `Some(None)` for an explicit `null`, `Some(Some(v))` for a value (absent: `None` by default).
fn nullable<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// The bot's display name.
pub type BotName = Bounded<1, 60>;
/// The greeting shown when the panel opens (may be empty).
pub type Welcome = Bounded<0, 1000>;
/// The composer's placeholder.
pub type Placeholder = Bounded<0, 120>;
/// The answer given when the AI has nothing grounded to say.
pub type Fallback = Bounded<1, 1000>;

/// The largest pause between streamed chunks of the extractive responder, in milliseconds.
pub const STREAM_PACE_MAX_MS: u32 = 1000;
/// Most conversation starters a bot may show.
pub const STARTERS_MAX: usize = 6;

/// A conversation starter: a question the widget offers as a chip.
pub type Starter = Bounded<1, 80>;

/// Seed 004's theme colors; each is optional and falls back to the widget's palette.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ThemeColors {
    /// Launcher, header and visitor bubbles (defaults to `primary_color`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_color: Option<HexColor>,
    /// Background of the bot's bubbles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dialog_color: Option<HexColor>,
    /// Text color of the header (chosen for contrast when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub navbar_text_color: Option<HexColor>,
}

/// Light, dark, or following the visitor's system (`prefers-color-scheme`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeMode {
    /// Follow the visitor's system setting.
    #[default]
    Auto,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

/// The widget's appearance beyond seed 000, under seed 004's field names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebChat {
    /// Colors in light mode.
    pub theme: ThemeColors,
    /// Colors in dark mode.
    pub dark_theme: ThemeColors,
    /// Light, dark or auto.
    pub default_theme_mode: ThemeMode,
    /// Questions offered before the first message.
    pub display_conversation_starters: Vec<String>,
    /// Whether replies show their sources as links.
    pub enable_display_citations: bool,
    /// Whether the panel shows "Powered by Porthole".
    pub enable_show_powered_by: bool,
    /// Whether visitors may send images.
    #[serde(default)]
    pub enable_file_upload: bool,
    /// A light/dark toggle in the header.
    #[serde(default)]
    pub enable_theme_mode_toggle: bool,
    /// A microphone that fills the composer (where the browser can recognize speech).
    #[serde(default)]
    pub enable_speech: bool,
    /// A "share this conversation" action (a read-only link).
    #[serde(default)]
    pub enable_share_conversation: bool,
    /// Logo URL (`""`: none).
    #[serde(default)]
    pub logo: String,
    /// A line under the name.
    #[serde(default)]
    pub description: String,
    /// A number visitors may call (seed 002's voice), when the bot has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
}

/// Minutes without activity after which an operator's conversation returns to the AI: 0 (never)
/// to 1440, fractions allowed (0.5 = thirty seconds).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(transparent)]
pub struct IdleMinutes(f64);

impl IdleMinutes {
    /// Accepts 0 to 1440.
    pub fn parse(value: f64) -> Result<Self, String> {
        if (0.0..=1440.0).contains(&value) {
            Ok(Self(value))
        } else {
            Err(format!(
                "idle_return_minutes must be 0 to 1440 (got {value})"
            ))
        }
    }

    /// The idle time in milliseconds, or `None` for "never".
    pub fn as_ms(self) -> Option<i64> {
        (self.0 > 0.0).then(|| (self.0 * 60_000.0).round() as i64)
    }
}

impl Default for IdleMinutes {
    fn default() -> Self {
        Self(15.0)
    }
}

impl<'de> Deserialize<'de> for IdleMinutes {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::parse(f64::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// How people take part in a bot's conversations.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OperatorSettings {
    /// Visitors may ask for a person (the widget shows it when operators can see the bot).
    pub handoff: bool,
    /// An operator's conversation left idle this long returns to the AI (0 = never).
    pub idle_return_minutes: IdleMinutes,
}

impl Default for OperatorSettings {
    fn default() -> Self {
        Self {
            handoff: true,
            idle_return_minutes: IdleMinutes::default(),
        }
    }
}

/// A partial update of [`OperatorSettings`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperatorSettingsPatch {
    /// See [`OperatorSettings::handoff`].
    pub handoff: Option<bool>,
    /// See [`OperatorSettings::idle_return_minutes`].
    pub idle_return_minutes: Option<IdleMinutes>,
}

/// When the widget asks a visitor for their contact details.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeadMoment {
    /// Never.
    #[default]
    Never,
    /// Before the visitor's first message.
    BeforeFirstMessage,
    /// After the bot's first reply.
    AfterFirstReply,
    /// When the bot could not answer ("leave your email and we will get back to you").
    WhenUnanswered,
}

/// A contact field the widget asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LeadField {
    /// Email address.
    Email,
    /// Phone number.
    Phone,
    /// Name.
    Name,
}

/// The fields of a lead form: at least an email or a phone (what makes a contact), no repeats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct LeadFields(Vec<LeadField>);

impl LeadFields {
    /// Accepts a list with an email or a phone; repeats are dropped.
    pub fn parse(list: Vec<LeadField>) -> Result<Self, String> {
        let mut out: Vec<LeadField> = Vec::new();
        for f in list {
            if !out.contains(&f) {
                out.push(f);
            }
        }
        if out
            .iter()
            .any(|f| matches!(f, LeadField::Email | LeadField::Phone))
        {
            Ok(Self(out))
        } else {
            Err("fields must include email or phone".into())
        }
    }

    /// The fields, in order.
    pub fn list(&self) -> &[LeadField] {
        &self.0
    }
}

impl Default for LeadFields {
    fn default() -> Self {
        Self(vec![LeadField::Email])
    }
}

impl<'de> Deserialize<'de> for LeadFields {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::parse(Vec::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// Lead capture: when the widget asks for contact details, which, and whether it may be skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LeadCapture {
    /// When.
    pub when: LeadMoment,
    /// Which fields.
    pub fields: LeadFields,
    /// The visitor must fill it in (no "skip").
    pub required: bool,
    /// The form's invitation (empty: the widget's own words).
    pub prompt: Bounded<0, 300>,
}

/// A partial update of [`LeadCapture`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeadCapturePatch {
    /// See [`LeadCapture::when`].
    pub when: Option<LeadMoment>,
    /// See [`LeadCapture::fields`].
    pub fields: Option<LeadFields>,
    /// See [`LeadCapture::required`].
    pub required: Option<bool>,
    /// See [`LeadCapture::prompt`].
    pub prompt: Option<Bounded<0, 300>>,
}

/// Everything the service knows about a bot, as stored in KV under its token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BotConfig {
    /// Brand color of launcher, header and visitor bubbles.
    pub primary_color: HexColor,
    /// Corner of the launcher.
    pub position: Position,
    /// Display name.
    pub bot_name: BotName,
    /// Avatar image URL, or `""`.
    pub avatar_url: OptionalUrl,
    /// Greeting.
    pub welcome: Welcome,
    /// Composer placeholder.
    pub placeholder: Placeholder,
    /// When false the widget shows nothing and messages get "Service paused".
    pub enabled: bool,
    /// What the bot says when its knowledge holds no answer.
    pub fallback: Fallback,
    /// Pause between streamed chunks of the extractive responder (0 = none).
    pub stream_pace_ms: u32,
    /// Seed 004: light-mode colors.
    pub theme: ThemeColors,
    /// Seed 004: dark-mode colors.
    #[serde(rename = "darkTheme")]
    pub dark_theme: ThemeColors,
    /// Seed 004: light, dark or auto.
    #[serde(rename = "defaultThemeMode")]
    pub theme_mode: ThemeMode,
    /// Seed 004: conversation starters.
    #[serde(rename = "displayConversationStarters")]
    pub starters: Vec<Starter>,
    /// Seed 004: show sources under replies.
    #[serde(rename = "enableDisplayCitations")]
    pub show_citations: bool,
    /// Seed 004: show "Powered by Porthole".
    #[serde(rename = "enableShowPoweredBy")]
    pub show_powered_by: bool,
    /// Which AI answers, and how.
    pub ai: AiSettings,
    /// Human takeover settings.
    pub operators: OperatorSettings,
    /// Whether any operator can see this bot (kept up to date by the service; not settable).
    pub staffed: bool,
    /// When and how the widget asks for contact details.
    pub lead_capture: LeadCapture,
    /// When people answer (outside: "leave a message").
    pub hours: crate::hours::BusinessHours,
    /// Email for this bot (where the deployment can send email): a person's reply goes by email
    /// to a visitor who left an address and is not in the widget, visitors may ask for the
    /// transcript, and operators get alerts of its visitors. Off: nothing about it is emailed
    /// (the owners' daily digest is their own choice).
    pub email_replies: bool,
    /// Seed 004: visitors may send images.
    #[serde(rename = "enableFileUpload")]
    pub file_upload: bool,
    /// Seed 004: logo URL (the header shows it in place of the avatar).
    pub logo: OptionalUrl,
    /// Seed 004: a line under the name in the header.
    pub description: Description,
    /// Seed 004: cover image URL (kept for clients that show one).
    pub cover: OptionalUrl,
    /// Seed 004: where a "back" link leads (kept).
    #[serde(rename = "backUrl")]
    pub back_url: OptionalUrl,
    /// Seed 004: a microphone that fills the composer by speech recognition.
    #[serde(rename = "enableSpeech")]
    pub enable_speech: bool,
    /// Seed 004: show tool results (kept; no tools run).
    #[serde(rename = "enableDisplayToolResults")]
    pub enable_display_tool_results: bool,
    /// Seed 004: visitors may share a read-only link to their transcript.
    #[serde(rename = "enableShareConversation")]
    pub enable_share_conversation: bool,
    /// Seed 004: ask for the visitor's location (kept; not used).
    #[serde(rename = "enableLocation")]
    pub enable_location: bool,
    /// Seed 004: visitors need not sign in.
    #[serde(rename = "enableAnonymous")]
    pub enable_anonymous: bool,
    /// Seed 004: a light/dark toggle in the header.
    #[serde(rename = "enableThemeModeToggle")]
    pub enable_theme_mode_toggle: bool,
    /// Seed 004: citations can be downloaded (kept; not used).
    #[serde(rename = "enableDownloadCitations")]
    pub enable_download_citations: bool,
    /// Seed 004: a custom domain (kept; not used).
    #[serde(rename = "customDomain")]
    pub custom_domain: Domain,
    /// Seed 002: the number visitors may call (E.164); the widget shows a call button.
    pub phone_number: Option<String>,
    /// Seed 002: the assistant id clients name (`""`: derived from the bot's id).
    pub assistant_id: AssistantId,
    /// Seed 004: every AI reply is scored automatically.
    #[serde(rename = "enableEvaluation")]
    pub evaluation: bool,
    /// Seed 001: where the replies of API conversations are sent (empty: nowhere).
    pub webhook_url: OptionalUrl,
    /// The key that signs webhook deliveries (set by the service; stored, never in an answer
    /// but `GET …/webhook`'s).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub webhook_secret: String,
    /// Allowed site origins, daily caps and transcript retention.
    pub access: AccessSettings,
}

impl Default for BotConfig {
    fn default() -> Self {
        Self {
            primary_color: HexColor("#00d4ff".into()),
            position: Position::Br,
            bot_name: Bounded("AI Assistant".into()),
            avatar_url: OptionalUrl::default(),
            welcome: Bounded("Hi, how can I help?".into()),
            placeholder: Bounded("Type a message...".into()),
            enabled: true,
            fallback: Bounded(
                "I'm sorry, I don't have information about that. Could you rephrase, or ask about something else?"
                    .into(),
            ),
            stream_pace_ms: 30,
            theme: ThemeColors::default(),
            dark_theme: ThemeColors::default(),
            theme_mode: ThemeMode::Auto,
            starters: Vec::new(),
            show_citations: true,
            show_powered_by: true,
            ai: AiSettings::default(),
            operators: OperatorSettings::default(),
            staffed: false,
            lead_capture: LeadCapture::default(),
            hours: crate::hours::BusinessHours::default(),
            email_replies: true,
            // On by default, within the upload limits and the daily cap of `access`.
            file_upload: true,
            logo: OptionalUrl::default(),
            description: Bounded::default(),
            cover: OptionalUrl::default(),
            back_url: OptionalUrl::default(),
            enable_speech: false,
            enable_display_tool_results: false,
            enable_share_conversation: false,
            enable_location: false,
            enable_anonymous: true,
            enable_theme_mode_toggle: false,
            enable_download_citations: false,
            custom_domain: Bounded::default(),
            phone_number: None,
            assistant_id: AssistantId::default(),
            evaluation: false,
            webhook_url: OptionalUrl::default(),
            webhook_secret: String::new(),
            access: AccessSettings::default(),
        }
    }
}

impl BotConfig {
    /// The part of the config the public widget endpoint returns.
    pub fn public(&self) -> PublicConfig {
        PublicConfig {
            primary_color: self.primary_color.as_str().to_owned(),
            position: self.position,
            bot_name: self.bot_name.as_str().to_owned(),
            avatar_url: self.avatar_url.as_str().to_owned(),
            welcome: self.welcome.as_str().to_owned(),
            placeholder: self.placeholder.as_str().to_owned(),
            enabled: self.enabled,
        }
    }

    /// The seed-004 appearance the widget reads beside the seed-000 config.
    pub fn web_chat(&self) -> WebChat {
        WebChat {
            theme: self.theme.clone(),
            dark_theme: self.dark_theme.clone(),
            default_theme_mode: self.theme_mode,
            display_conversation_starters: self
                .starters
                .iter()
                .map(|s| s.as_str().to_owned())
                .collect(),
            enable_display_citations: self.show_citations,
            enable_show_powered_by: self.show_powered_by,
            enable_file_upload: self.file_upload,
            enable_theme_mode_toggle: self.enable_theme_mode_toggle,
            enable_speech: self.enable_speech,
            enable_share_conversation: self.enable_share_conversation,
            logo: self.logo.as_str().to_owned(),
            description: self.description.as_str().to_owned(),
            phone_number: self.phone_number.clone(),
        }
    }

    /// Whether the widget offers "talk to a person": the owner allows it and someone can answer.
    pub fn handoff_available(&self) -> bool {
        self.operators.handoff && self.staffed
    }

    /// Applies the fields present in `patch`.
    pub fn apply(&mut self, patch: ConfigPatch) {
        let ConfigPatch {
            primary_color,
            position,
            bot_name,
            avatar_url,
            welcome,
            placeholder,
            enabled,
            fallback,
            stream_pace_ms,
            theme,
            dark_theme,
            theme_mode,
            starters,
            show_citations,
            show_powered_by,
            ai,
            operators,
            lead_capture,
            hours,
            email_replies,
            file_upload,
            logo,
            description,
            cover,
            back_url,
            enable_speech,
            enable_display_tool_results,
            enable_share_conversation,
            enable_location,
            enable_anonymous,
            enable_theme_mode_toggle,
            enable_download_citations,
            custom_domain,
            phone_number,
            assistant_id,
            evaluation,
            webhook_url,
            access,
        } = patch;
        set(&mut self.primary_color, primary_color);
        set(&mut self.position, position);
        set(&mut self.bot_name, bot_name);
        set(&mut self.avatar_url, avatar_url);
        set(&mut self.welcome, welcome);
        set(&mut self.placeholder, placeholder);
        set(&mut self.enabled, enabled);
        set(&mut self.fallback, fallback);
        if let Some(pace) = stream_pace_ms {
            self.stream_pace_ms = pace.min(STREAM_PACE_MAX_MS);
        }
        set(&mut self.theme, theme);
        set(&mut self.dark_theme, dark_theme);
        set(&mut self.theme_mode, theme_mode);
        if let Some(list) = starters {
            self.starters = list.into_iter().take(STARTERS_MAX).collect();
        }
        set(&mut self.show_citations, show_citations);
        set(&mut self.show_powered_by, show_powered_by);
        if let Some(ai) = ai {
            self.ai.apply(ai);
        }
        if let Some(o) = operators {
            set(&mut self.operators.handoff, o.handoff);
            set(
                &mut self.operators.idle_return_minutes,
                o.idle_return_minutes,
            );
        }
        if let Some(l) = lead_capture {
            set(&mut self.lead_capture.when, l.when);
            set(&mut self.lead_capture.fields, l.fields);
            set(&mut self.lead_capture.required, l.required);
            set(&mut self.lead_capture.prompt, l.prompt);
        }
        if let Some(h) = hours {
            self.hours.apply(h);
        }
        set(&mut self.email_replies, email_replies);
        set(&mut self.file_upload, file_upload);
        set(&mut self.logo, logo);
        set(&mut self.description, description);
        set(&mut self.cover, cover);
        set(&mut self.back_url, back_url);
        set(&mut self.enable_speech, enable_speech);
        set(
            &mut self.enable_display_tool_results,
            enable_display_tool_results,
        );
        set(
            &mut self.enable_share_conversation,
            enable_share_conversation,
        );
        set(&mut self.enable_location, enable_location);
        set(&mut self.enable_anonymous, enable_anonymous);
        set(&mut self.enable_theme_mode_toggle, enable_theme_mode_toggle);
        set(
            &mut self.enable_download_citations,
            enable_download_citations,
        );
        set(&mut self.custom_domain, custom_domain);
        if let Some(p) = phone_number {
            self.phone_number = p.map(crate::visitor::Phone::into_string);
        }
        set(&mut self.assistant_id, assistant_id);
        set(&mut self.evaluation, evaluation);
        set(&mut self.webhook_url, webhook_url);
        if let Some(access) = access {
            self.access.apply(access);
        }
    }
}

fn set<T>(slot: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *slot = v;
    }
}

/// The seed-000 `config` object, field for field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicConfig {
    /// `#rrggbb`.
    pub primary_color: String,
    /// `br`, `bl`, `tr` or `tl`.
    pub position: Position,
    /// Display name.
    pub bot_name: String,
    /// Avatar URL or `""`.
    pub avatar_url: String,
    /// Greeting.
    pub welcome: String,
    /// Composer placeholder.
    pub placeholder: String,
    /// Whether the widget should show at all.
    pub enabled: bool,
}

/// A partial update of a [`BotConfig`]: absent fields stay as they are; unknown fields are
/// refused so a typo is not silently ignored.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigPatch {
    /// See [`BotConfig::primary_color`].
    pub primary_color: Option<HexColor>,
    /// See [`BotConfig::position`].
    pub position: Option<Position>,
    /// See [`BotConfig::bot_name`].
    pub bot_name: Option<BotName>,
    /// See [`BotConfig::avatar_url`].
    pub avatar_url: Option<OptionalUrl>,
    /// See [`BotConfig::welcome`].
    pub welcome: Option<Welcome>,
    /// See [`BotConfig::placeholder`].
    pub placeholder: Option<Placeholder>,
    /// See [`BotConfig::enabled`].
    pub enabled: Option<bool>,
    /// See [`BotConfig::fallback`].
    pub fallback: Option<Fallback>,
    /// See [`BotConfig::stream_pace_ms`]; values above 1000 are clamped.
    pub stream_pace_ms: Option<u32>,
    /// See [`BotConfig::theme`].
    pub theme: Option<ThemeColors>,
    /// See [`BotConfig::dark_theme`].
    #[serde(rename = "darkTheme")]
    pub dark_theme: Option<ThemeColors>,
    /// See [`BotConfig::theme_mode`].
    #[serde(rename = "defaultThemeMode")]
    pub theme_mode: Option<ThemeMode>,
    /// See [`BotConfig::starters`]; at most six are kept.
    #[serde(rename = "displayConversationStarters")]
    pub starters: Option<Vec<Starter>>,
    /// See [`BotConfig::show_citations`].
    #[serde(rename = "enableDisplayCitations")]
    pub show_citations: Option<bool>,
    /// See [`BotConfig::show_powered_by`].
    #[serde(rename = "enableShowPoweredBy")]
    pub show_powered_by: Option<bool>,
    /// See [`BotConfig::ai`]; the fields given are merged.
    pub ai: Option<AiPatch>,
    /// See [`BotConfig::operators`]; the fields given are merged.
    pub operators: Option<OperatorSettingsPatch>,
    /// See [`BotConfig::lead_capture`]; the fields given are merged.
    pub lead_capture: Option<LeadCapturePatch>,
    /// See [`BotConfig::hours`]; the fields given are merged.
    pub hours: Option<crate::hours::BusinessHoursPatch>,
    /// See [`BotConfig::email_replies`].
    pub email_replies: Option<bool>,
    /// See [`BotConfig::file_upload`].
    #[serde(rename = "enableFileUpload")]
    pub file_upload: Option<bool>,
    /// See [`BotConfig::logo`].
    pub logo: Option<OptionalUrl>,
    /// See [`BotConfig::description`].
    pub description: Option<Description>,
    /// See [`BotConfig::cover`].
    pub cover: Option<OptionalUrl>,
    /// See [`BotConfig::back_url`].
    #[serde(rename = "backUrl")]
    pub back_url: Option<OptionalUrl>,
    /// See [`BotConfig::enable_speech`].
    #[serde(rename = "enableSpeech")]
    pub enable_speech: Option<bool>,
    /// See [`BotConfig::enable_display_tool_results`].
    #[serde(rename = "enableDisplayToolResults")]
    pub enable_display_tool_results: Option<bool>,
    /// See [`BotConfig::enable_share_conversation`].
    #[serde(rename = "enableShareConversation")]
    pub enable_share_conversation: Option<bool>,
    /// See [`BotConfig::enable_location`].
    #[serde(rename = "enableLocation")]
    pub enable_location: Option<bool>,
    /// See [`BotConfig::enable_anonymous`].
    #[serde(rename = "enableAnonymous")]
    pub enable_anonymous: Option<bool>,
    /// See [`BotConfig::enable_theme_mode_toggle`].
    #[serde(rename = "enableThemeModeToggle")]
    pub enable_theme_mode_toggle: Option<bool>,
    /// See [`BotConfig::enable_download_citations`].
    #[serde(rename = "enableDownloadCitations")]
    pub enable_download_citations: Option<bool>,
    /// See [`BotConfig::custom_domain`].
    #[serde(rename = "customDomain")]
    pub custom_domain: Option<Domain>,
    /// See [`BotConfig::phone_number`] (`null` removes it).
    #[serde(default, deserialize_with = "nullable")]
    pub phone_number: Option<Option<crate::visitor::Phone>>,
    /// See [`BotConfig::assistant_id`] (`""`: the derived one again).
    pub assistant_id: Option<AssistantId>,
    /// See [`BotConfig::evaluation`].
    #[serde(rename = "enableEvaluation")]
    pub evaluation: Option<bool>,
    /// See [`BotConfig::webhook_url`].
    pub webhook_url: Option<OptionalUrl>,
    /// See [`BotConfig::access`].
    pub access: Option<AccessPatch>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn colors_are_normalized_to_lowercase_six_digits() {
        assert_eq!(HexColor::parse("#ABC").unwrap().as_str(), "#aabbcc");
        assert_eq!(HexColor::parse("#00D4FF").unwrap().as_str(), "#00d4ff");
        assert_eq!(HexColor::parse("#00d4ff").unwrap().rgb(), (0, 0xd4, 0xff));
    }

    #[test]
    fn malformed_colors_are_rejected() {
        for bad in [
            "",
            "00d4ff",
            "#00d4f",
            "#00d4ffff",
            "#ggg",
            "red",
            "#12 456",
        ] {
            assert!(HexColor::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_public_config_has_exactly_the_seed_fields() {
        let value = serde_json::to_value(BotConfig::default().public()).unwrap();
        let mut keys: Vec<_> = value.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        assert_eq!(
            keys,
            [
                "avatar_url",
                "bot_name",
                "enabled",
                "placeholder",
                "position",
                "primary_color",
                "welcome"
            ]
        );
        assert_eq!(value["position"], "br");
    }

    #[test]
    fn a_patch_changes_only_the_fields_it_names() {
        let mut config = BotConfig::default();
        let patch: ConfigPatch =
            serde_json::from_value(json!({"bot_name": "Barista", "position": "tl"})).unwrap();
        config.apply(patch);
        assert_eq!(config.bot_name.as_str(), "Barista");
        assert_eq!(config.position, Position::Tl);
        assert_eq!(config.welcome, BotConfig::default().welcome);
    }

    #[test]
    fn a_patch_with_bad_values_or_unknown_fields_is_refused() {
        for bad in [
            json!({"position": "middle"}),
            json!({"primary_color": "blue"}),
            json!({"bot_name": ""}),
            json!({"bot_name": "x".repeat(61)}),
            json!({"avatar_url": "javascript:alert(1)"}),
            json!({"enabled": "yes"}),
            json!({"colour": "#fff"}),
        ] {
            assert!(
                serde_json::from_value::<ConfigPatch>(bad.clone()).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn seed_004_theme_fields_use_their_seed_names() {
        let patch: ConfigPatch = serde_json::from_value(json!({
            "theme": {"primaryColor": "#3854d8", "dialogColor": "#ddeaf6", "navbarTextColor": "#ffffff"},
            "darkTheme": {"primaryColor": "#223366"},
            "defaultThemeMode": "dark",
            "displayConversationStarters": ["Where are you?", "Do you ship?"],
            "enableDisplayCitations": false
        }))
        .unwrap();
        let mut config = BotConfig::default();
        config.apply(patch);
        let web = serde_json::to_value(config.web_chat()).unwrap();
        assert_eq!(web["theme"]["dialogColor"], "#ddeaf6");
        assert_eq!(web["darkTheme"], json!({"primaryColor": "#223366"}));
        assert_eq!(web["defaultThemeMode"], "dark");
        assert_eq!(web["displayConversationStarters"][1], "Do you ship?");
        assert_eq!(web["enableDisplayCitations"], false);
        assert_eq!(web["enableShowPoweredBy"], true);
        assert!(
            serde_json::from_value::<ConfigPatch>(json!({"theme": {"primary": "#fff"}})).is_err()
        );
    }

    #[test]
    fn an_old_record_missing_new_fields_still_loads() {
        let config: BotConfig = serde_json::from_value(json!({"bot_name": "Old"})).unwrap();
        assert_eq!(config.bot_name.as_str(), "Old");
        assert_eq!(config.stream_pace_ms, 30);
    }
}
