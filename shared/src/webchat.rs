//! Seed 004 (`Authorization: Api-Key <key>`): the web-chat object of a bot with every field of
//! the seed (colors and avatar as the widget shows them, unset images `null`) and its partial
//! update, the statistics, and the evaluation
//! switch.

use crate::config::{
    BotConfig, BotName, ConfigPatch, Description, Domain, Starter, ThemeColors, ThemeMode, Welcome,
};
use crate::fields::OptionalUrl;
use crate::palette::{Palette, light_and_dark};
use serde::{Deserialize, Serialize};

/// A theme as seed 004 shows it: the colors the widget paints in that mode (the ones set, else
/// those it derives from the bot's primary color), so a client can match them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ThemeOut {
    /// Launcher, header, visitor bubbles.
    pub primary_color: String,
    /// The bot's bubbles.
    pub dialog_color: String,
    /// The header's text.
    pub navbar_text_color: String,
}

impl From<&Palette> for ThemeOut {
    fn from(p: &Palette) -> Self {
        Self {
            primary_color: p.primary.clone(),
            dialog_color: p.dialog.clone(),
            navbar_text_color: p.navbar_text.clone(),
        }
    }
}

/// `inbox`: where the web chat's conversations go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Inbox {
    /// The bot's id.
    pub id: String,
    /// The bot's name.
    pub name: String,
    /// Sign-in of visitors (none: visitors are anonymous).
    pub sign_auth: Option<serde_json::Value>,
}

/// `GET /api/web-chats/{id}/`: every field of seed 004's web chat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebChatObject {
    /// The bot's public id (UUID).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Avatar URL: the one set, else the bot's initial in its color
    /// (`/api/widgets/{id}/avatar.svg`).
    pub avatar: String,
    /// Logo URL.
    pub logo: Option<String>,
    /// A line under the name (`""` when unset, as the seed's example shows).
    pub description: String,
    /// Cover image URL.
    pub cover: Option<String>,
    /// Where a "back" link leads (`""` when unset, as the seed's example shows).
    pub back_url: String,
    /// Whether the web chat is live.
    pub is_active: bool,
    /// A microphone that fills the composer by speech recognition.
    pub enable_speech: bool,
    /// The greeting.
    pub display_greeting: Option<String>,
    /// Conversation starters.
    pub display_conversation_starters: Vec<String>,
    /// Light colors.
    pub theme: ThemeOut,
    /// Dark colors.
    pub dark_theme: ThemeOut,
    /// Visitors may send images.
    pub enable_file_upload: bool,
    /// Replies show their sources.
    pub enable_display_citations: bool,
    /// Tool results are shown (kept; no tools run yet).
    pub enable_display_tool_results: bool,
    /// A read-only link to the transcript.
    pub enable_share_conversation: bool,
    /// The visitor's location is asked for (kept; not used).
    pub enable_location: bool,
    /// "Powered by Porthole".
    pub enable_show_powered_by: bool,
    /// Visitors need not sign in (always true here).
    pub enable_anonymous: bool,
    /// `web`.
    pub access_type: String,
    /// A light/dark toggle in the header.
    pub enable_theme_mode_toggle: bool,
    /// `light`, `dark` or `auto`.
    pub default_theme_mode: ThemeMode,
    /// Citations can be downloaded (kept; not used).
    pub enable_download_citations: bool,
    /// A custom domain (kept; not used).
    pub custom_domain: Option<String>,
    /// Where conversations go.
    pub inbox: Inbox,
}

/// A statistics period (`GET /api/chatbots/{id}/statistics/`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatisticsPoint {
    /// The period's start (ISO 8601).
    pub datetime: String,
    /// Messages written in it (visitors', the bot's, operators').
    pub messages_count: i64,
    /// Conversations started in it.
    pub conversations_count: i64,
    /// Messages per conversation started (0 without conversations).
    pub avg_messages_per_conversation: f64,
    /// Votes up among the votes cast in it (0 to 1; 0 without votes).
    pub avg_likes_per_feedback: f64,
    /// Beyond the seed: votes up.
    pub likes: i64,
    /// Votes down.
    pub dislikes: i64,
    /// Ratings given.
    pub ratings: i64,
    /// Their average (0 without ratings).
    pub avg_rating: f64,
    /// Replies evaluated.
    pub evaluated: i64,
    /// Of those, answered (not the fallback).
    pub answered: i64,
    /// Average share of the evaluated replies that their cited passages support (0 to 1).
    pub avg_support: f64,
    /// Visitors who asked for a person.
    #[serde(default)]
    pub handoffs: i64,
    /// Of the visitors who asked, those a person first wrote to in the period.
    #[serde(default)]
    pub responses: i64,
    /// How long those visitors waited for a person's first message, on average (seconds; 0
    /// without any).
    #[serde(default)]
    pub avg_first_response_secs: f64,
    /// Widget events tracked, by name.
    pub events: std::collections::BTreeMap<String, i64>,
}

/// One model's usage in a period (seed 004 `llmDetails` item).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelUsage {
    /// The bot (its public id).
    pub chatbot_id: String,
    /// Tokens (prompt + completion).
    pub words_count: u64,
    /// `provider/model`.
    pub llm_model_id: String,
    /// The model.
    pub llm_model_name: String,
    /// The provider.
    pub llm_model_provider: String,
    /// Prompt tokens.
    pub prompt_tokens: u64,
    /// Completion tokens.
    pub completion_tokens: u64,
    /// LLM turns.
    pub turns: u64,
}

/// A period's usage (seed 004 item): every field of the seed's schema at the top level (the
/// model ones of the period's largest model), and every model in `llmDetails`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PeriodUsage {
    /// The day, or the first day of the month.
    pub date: String,
    /// For month periods, the first day of the month (as seed 004's example shows).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub month: Option<String>,
    /// The bot.
    pub chatbot_id: String,
    /// Tokens of the period's largest model.
    pub words_count: u64,
    /// Its `provider/model`.
    pub llm_model_id: String,
    /// Its model.
    pub llm_model_name: String,
    /// Its provider.
    pub llm_model_provider: String,
    /// Tokens of all models in the period.
    pub total_words_count: u64,
    /// Per model.
    pub llm_details: Vec<ModelUsage>,
}

/// `PATCH /api/chatbots/{id}/enable-evaluation/` body and answer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EnableEvaluation {
    /// Whether every AI reply is scored.
    #[serde(default)]
    pub enable_evaluation: Option<bool>,
}

/// A reply's automatic evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    /// It answered (it is not the bot's fallback).
    pub answered: bool,
    /// How much of it the passages it drew on support: the share of its content words found
    /// in them, in percent (0 to 100).
    pub support: u8,
}

/// Seed 004's refusal body: `{"detail":"…"}` (with `valid_types` for a bad parameter).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Detail {
    /// What is wrong.
    pub detail: String,
    /// The accepted values of the bad parameter, when there are few.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_types: Option<Vec<String>>,
}

impl WebChatObject {
    /// The web chat of `config`, whose public id is `id`; `default_avatar` is the URL of its
    /// generated avatar, shown when no avatar is set.
    pub fn of(config: &BotConfig, id: &str, default_avatar: &str) -> Self {
        let url = |u: &OptionalUrl| Some(u.as_str().to_owned()).filter(|s| !s.is_empty());
        let text = |s: &str| Some(s.to_owned()).filter(|s| !s.is_empty());
        let (light, dark) = light_and_dark(
            config.primary_color.as_str(),
            &config.theme,
            &config.dark_theme,
        );
        Self {
            id: id.to_owned(),
            name: config.bot_name.as_str().to_owned(),
            avatar: url(&config.avatar_url).unwrap_or_else(|| default_avatar.to_owned()),
            logo: url(&config.logo),
            description: config.description.as_str().to_owned(),
            cover: url(&config.cover),
            back_url: config.back_url.as_str().to_owned(),
            is_active: config.enabled,
            enable_speech: config.enable_speech,
            display_greeting: text(config.welcome.as_str()),
            display_conversation_starters: config
                .starters
                .iter()
                .map(|s| s.as_str().to_owned())
                .collect(),
            theme: (&light).into(),
            dark_theme: (&dark).into(),
            enable_file_upload: config.file_upload,
            enable_display_citations: config.show_citations,
            enable_display_tool_results: config.enable_display_tool_results,
            enable_share_conversation: config.enable_share_conversation,
            enable_location: config.enable_location,
            enable_show_powered_by: config.show_powered_by,
            enable_anonymous: config.enable_anonymous,
            access_type: "web".into(),
            enable_theme_mode_toggle: config.enable_theme_mode_toggle,
            default_theme_mode: config.theme_mode,
            enable_download_citations: config.enable_download_citations,
            custom_domain: text(config.custom_domain.as_str()),
            inbox: Inbox {
                id: id.to_owned(),
                name: config.bot_name.as_str().to_owned(),
                sign_auth: None,
            },
        }
    }
}

/// `PATCH /api/web-chats/{id}/`: the fields to change, under seed 004's names (`null` clears a
/// URL or text). `id`, `inbox` and `accessType` cannot be changed.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WebChatPatch {
    /// Display name.
    pub name: Option<BotName>,
    /// Avatar URL.
    #[serde(default, deserialize_with = "cleared")]
    pub avatar: Option<OptionalUrl>,
    /// Logo URL.
    #[serde(default, deserialize_with = "cleared")]
    pub logo: Option<OptionalUrl>,
    /// A line under the name.
    #[serde(default, deserialize_with = "cleared")]
    pub description: Option<Description>,
    /// Cover URL.
    #[serde(default, deserialize_with = "cleared")]
    pub cover: Option<OptionalUrl>,
    /// Back link.
    #[serde(default, deserialize_with = "cleared")]
    pub back_url: Option<OptionalUrl>,
    /// Live or not.
    pub is_active: Option<bool>,
    /// Microphone.
    pub enable_speech: Option<bool>,
    /// Greeting.
    #[serde(default, deserialize_with = "cleared")]
    pub display_greeting: Option<Welcome>,
    /// Starters.
    pub display_conversation_starters: Option<Vec<Starter>>,
    /// Light colors.
    pub theme: Option<ThemeColors>,
    /// Dark colors.
    pub dark_theme: Option<ThemeColors>,
    /// Images.
    pub enable_file_upload: Option<bool>,
    /// Sources.
    pub enable_display_citations: Option<bool>,
    /// Tool results.
    pub enable_display_tool_results: Option<bool>,
    /// Share link.
    pub enable_share_conversation: Option<bool>,
    /// Location.
    pub enable_location: Option<bool>,
    /// Powered by.
    pub enable_show_powered_by: Option<bool>,
    /// Anonymous visitors.
    pub enable_anonymous: Option<bool>,
    /// Light/dark toggle.
    pub enable_theme_mode_toggle: Option<bool>,
    /// Light, dark or auto.
    pub default_theme_mode: Option<ThemeMode>,
    /// Downloadable citations.
    pub enable_download_citations: Option<bool>,
    /// Custom domain.
    #[serde(default, deserialize_with = "cleared")]
    pub custom_domain: Option<Domain>,
}

/// An explicit `null` clears the field (its empty value); a value sets it.
fn cleared<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Option::<T>::deserialize(d).map(|v| Some(v.unwrap_or_default()))
}

impl WebChatPatch {
    /// The same change as a config patch.
    pub fn into_config_patch(self) -> ConfigPatch {
        ConfigPatch {
            bot_name: self.name,
            avatar_url: self.avatar,
            logo: self.logo,
            description: self.description,
            cover: self.cover,
            back_url: self.back_url,
            enabled: self.is_active,
            enable_speech: self.enable_speech,
            welcome: self.display_greeting,
            starters: self.display_conversation_starters,
            theme: self.theme,
            dark_theme: self.dark_theme,
            file_upload: self.enable_file_upload,
            show_citations: self.enable_display_citations,
            enable_display_tool_results: self.enable_display_tool_results,
            enable_share_conversation: self.enable_share_conversation,
            enable_location: self.enable_location,
            show_powered_by: self.enable_show_powered_by,
            enable_anonymous: self.enable_anonymous,
            enable_theme_mode_toggle: self.enable_theme_mode_toggle,
            theme_mode: self.default_theme_mode,
            enable_download_citations: self.enable_download_citations,
            custom_domain: self.custom_domain,
            ..ConfigPatch::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_web_chat_has_every_field_of_the_seed_as_the_seed_types_it() {
        let avatar = "https://chat.example/api/widgets/id-1/avatar.svg";
        let value =
            serde_json::to_value(WebChatObject::of(&BotConfig::default(), "id-1", avatar)).unwrap();
        for field in [
            "id",
            "name",
            "avatar",
            "logo",
            "description",
            "cover",
            "backUrl",
            "isActive",
            "enableSpeech",
            "displayGreeting",
            "displayConversationStarters",
            "theme",
            "darkTheme",
            "enableFileUpload",
            "enableDisplayCitations",
            "enableDisplayToolResults",
            "enableShareConversation",
            "enableLocation",
            "enableShowPoweredBy",
            "enableAnonymous",
            "accessType",
            "enableThemeModeToggle",
            "defaultThemeMode",
            "enableDownloadCitations",
            "customDomain",
            "inbox",
        ] {
            assert!(value.get(field).is_some(), "{field} missing: {value}");
        }
        assert_eq!(value["logo"], serde_json::Value::Null);
        // As the seed's example: "" for unset text, null for unset images.
        assert_eq!(value["description"], "");
        assert_eq!(value["backUrl"], "");
        assert_eq!(value["cover"], serde_json::Value::Null);
        // Colors and the avatar as the widget shows them: the seed types them as strings.
        let primary = BotConfig::default().primary_color.as_str().to_owned();
        assert_eq!(value["theme"]["primaryColor"], primary.as_str());
        assert_eq!(value["darkTheme"]["primaryColor"], primary.as_str());
        assert_eq!(value["theme"]["dialogColor"], crate::palette::LIGHT_DIALOG);
        assert_eq!(
            value["darkTheme"]["dialogColor"],
            crate::palette::DARK_DIALOG
        );
        assert!(
            value["theme"]["navbarTextColor"]
                .as_str()
                .unwrap()
                .starts_with('#')
        );
        assert_eq!(value["avatar"], avatar);
        assert_eq!(value["accessType"], "web");
    }

    #[test]
    fn a_patch_with_seed_names_changes_the_config_and_refuses_read_only_fields() {
        let patch: WebChatPatch = serde_json::from_value(json!({
            "name": "Barista", "isActive": false, "enableThemeModeToggle": true, "logo": null
        }))
        .unwrap();
        let mut config = BotConfig::default();
        config.apply(patch.into_config_patch());
        assert_eq!(config.bot_name.as_str(), "Barista");
        assert!(!config.enabled);
        assert!(config.enable_theme_mode_toggle);
        for bad in [
            json!({"id": "x"}),
            json!({"accessType": "app"}),
            json!({"inbox": {}}),
            json!({"isActive": "no"}),
        ] {
            assert!(
                serde_json::from_value::<WebChatPatch>(bad.clone()).is_err(),
                "{bad}"
            );
        }
    }
}
