//! A bot's AI settings: which responder answers (`extractive`, `openai`, `workers-ai`), the
//! model, the OpenAI-compatible endpoint, the name of the secret that holds its key (never the
//! key itself), the system prompt, temperature and reply length; and where the embeddings that
//! retrieve its knowledge by meaning come from.

use crate::fields::{Bounded, OptionalUrl};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Which responder answers a bot's visitors.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ResponderKind {
    /// Offline: answers from the knowledge base, no key, no network.
    #[default]
    Extractive,
    /// Any OpenAI-compatible `/chat/completions` endpoint.
    Openai,
    /// Cloudflare Workers AI, through the `AI` binding.
    WorkersAi,
}

impl ResponderKind {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            ResponderKind::Extractive => "extractive",
            ResponderKind::Openai => "openai",
            ResponderKind::WorkersAi => "workers-ai",
        }
    }
}

/// The name of a Worker secret holding an API key: `OPENAI_API_KEY`, or `AI_KEY_` followed by
/// capitals, digits and underscores (one per bot, say). Other secrets (the admin token) can
/// never be sent to a model provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretName(String);

impl SecretName {
    /// The default secret name.
    pub const DEFAULT: &'static str = "OPENAI_API_KEY";

    /// Accepts `OPENAI_API_KEY` or `AI_KEY_[A-Z0-9_]{1,60}`.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let ok = raw == Self::DEFAULT
            || raw.strip_prefix("AI_KEY_").is_some_and(|rest| {
                (1..=60).contains(&rest.len())
                    && rest
                        .bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
            });
        if ok {
            Ok(Self(raw.to_owned()))
        } else {
            Err(format!("{raw:?} is not OPENAI_API_KEY or AI_KEY_<NAME>"))
        }
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for SecretName {
    fn default() -> Self {
        Self(Self::DEFAULT.to_owned())
    }
}

impl fmt::Display for SecretName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

text_serde!(SecretName);

/// Sampling temperature, 0 to 2.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Temperature(f32);

impl Temperature {
    /// Accepts 0.0 to 2.0.
    pub fn parse(value: f64) -> Result<Self, String> {
        if (0.0..=2.0).contains(&value) {
            Ok(Self(value as f32))
        } else {
            Err(format!("temperature must be 0 to 2 (got {value})"))
        }
    }

    /// The value.
    pub fn get(self) -> f32 {
        self.0
    }
}

impl Default for Temperature {
    fn default() -> Self {
        Self(0.3)
    }
}

impl<'de> Deserialize<'de> for Temperature {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::parse(f64::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// Most tokens of one reply, 16 to 4096.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct MaxTokens(u32);

impl MaxTokens {
    /// Accepts 16 to 4096.
    pub fn parse(value: u64) -> Result<Self, String> {
        if (16..=4096).contains(&value) {
            Ok(Self(value as u32))
        } else {
            Err(format!("max_tokens must be 16 to 4096 (got {value})"))
        }
    }

    /// The value.
    pub fn get(self) -> u32 {
        self.0
    }
}

impl Default for MaxTokens {
    fn default() -> Self {
        Self(512)
    }
}

impl<'de> Deserialize<'de> for MaxTokens {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::parse(u64::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// The model when none is configured, per responder.
pub const DEFAULT_OPENAI_MODEL: &str = "gpt-4o-mini";
/// See [`DEFAULT_OPENAI_MODEL`].
pub const DEFAULT_WORKERS_AI_MODEL: &str = "@cf/meta/llama-3.1-8b-instruct";
/// The OpenAI-compatible endpoint when none is configured.
pub const DEFAULT_OPENAI_BASE_URL: &str = "https://api.openai.com/v1";

/// Where a bot's embeddings come from: they find the knowledge that means what a visitor asks,
/// in any wording and language, beside the knowledge that shares the question's words.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EmbeddingProvider {
    /// The deployment's own: Workers AI (`@cf/baai/bge-m3`) on Cloudflare, the endpoint of the
    /// `EMBEDDINGS_URL` variable where it is set (the local model of `make dev`), else none.
    #[default]
    Auto,
    /// Words only: no embeddings.
    Off,
    /// Any OpenAI-compatible `POST /embeddings` (OpenAI, Ollama, vLLM, TEI).
    Openai,
    /// Cloudflare Workers AI, through the `AI` binding.
    WorkersAi,
}

impl EmbeddingProvider {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            EmbeddingProvider::Auto => "auto",
            EmbeddingProvider::Off => "off",
            EmbeddingProvider::Openai => "openai",
            EmbeddingProvider::WorkersAi => "workers-ai",
        }
    }
}

/// The embedding model of Workers AI when none is configured (multilingual).
pub const DEFAULT_WORKERS_AI_EMBEDDING_MODEL: &str = "@cf/baai/bge-m3";
/// The embedding model of an OpenAI-compatible endpoint when none is configured.
pub const DEFAULT_OPENAI_EMBEDDING_MODEL: &str = "text-embedding-3-small";

/// A bot's embedding settings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EmbeddingSettings {
    /// Where the embeddings come from.
    pub provider: EmbeddingProvider,
    /// The model (empty: the provider's default).
    pub model: Bounded<0, 120>,
    /// The OpenAI-compatible API base (empty: OpenAI's).
    pub base_url: OptionalUrl,
    /// The secret that holds the endpoint's API key (default `OPENAI_API_KEY`).
    pub api_key_secret: SecretName,
}

impl EmbeddingSettings {
    /// Applies the fields present in `patch`.
    pub fn apply(&mut self, patch: EmbeddingPatch) {
        let EmbeddingPatch {
            provider,
            model,
            base_url,
            api_key_secret,
        } = patch;
        if let Some(v) = provider {
            self.provider = v;
        }
        if let Some(v) = model {
            self.model = v;
        }
        if let Some(v) = base_url {
            self.base_url = v;
        }
        if let Some(v) = api_key_secret {
            self.api_key_secret = v;
        }
    }
}

/// A partial update of [`EmbeddingSettings`]; unknown fields are refused.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmbeddingPatch {
    /// See [`EmbeddingSettings::provider`].
    pub provider: Option<EmbeddingProvider>,
    /// See [`EmbeddingSettings::model`].
    pub model: Option<Bounded<0, 120>>,
    /// See [`EmbeddingSettings::base_url`].
    pub base_url: Option<OptionalUrl>,
    /// See [`EmbeddingSettings::api_key_secret`].
    pub api_key_secret: Option<SecretName>,
}

/// A bot's AI settings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AiSettings {
    /// Which responder answers.
    pub responder: ResponderKind,
    /// The model (empty: the responder's default).
    pub model: Bounded<0, 120>,
    /// The OpenAI-compatible API base, e.g. `https://api.groq.com/openai/v1` or
    /// `http://127.0.0.1:11434/v1` (empty: OpenAI's).
    pub base_url: OptionalUrl,
    /// The secret that holds the API key (default `OPENAI_API_KEY`).
    pub api_key_secret: SecretName,
    /// The system prompt (empty: the default, which keeps the bot to its knowledge).
    pub system_prompt: Bounded<0, 4000>,
    /// Sampling temperature.
    pub temperature: Temperature,
    /// Most tokens of one reply.
    pub max_tokens: MaxTokens,
    /// Where the embeddings of its knowledge come from.
    pub embeddings: EmbeddingSettings,
}

impl AiSettings {
    /// The model to call.
    pub fn model(&self) -> &str {
        match (self.model.as_str(), self.responder) {
            ("", ResponderKind::WorkersAi) => DEFAULT_WORKERS_AI_MODEL,
            ("", _) => DEFAULT_OPENAI_MODEL,
            (model, _) => model,
        }
    }

    /// The OpenAI-compatible API base, without a trailing slash.
    pub fn base_url(&self) -> &str {
        match self.base_url.as_str() {
            "" => DEFAULT_OPENAI_BASE_URL,
            url => url.trim_end_matches('/'),
        }
    }

    /// Applies the fields present in `patch`.
    pub fn apply(&mut self, patch: AiPatch) {
        let AiPatch {
            responder,
            model,
            base_url,
            api_key_secret,
            system_prompt,
            temperature,
            max_tokens,
            embeddings,
        } = patch;
        if let Some(v) = responder {
            self.responder = v;
        }
        if let Some(v) = model {
            self.model = v;
        }
        if let Some(v) = base_url {
            self.base_url = v;
        }
        if let Some(v) = api_key_secret {
            self.api_key_secret = v;
        }
        if let Some(v) = system_prompt {
            self.system_prompt = v;
        }
        if let Some(v) = temperature {
            self.temperature = v;
        }
        if let Some(v) = max_tokens {
            self.max_tokens = v;
        }
        if let Some(v) = embeddings {
            self.embeddings.apply(v);
        }
    }
}

/// A partial update of [`AiSettings`]; unknown fields are refused.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AiPatch {
    /// See [`AiSettings::responder`].
    pub responder: Option<ResponderKind>,
    /// See [`AiSettings::model`].
    pub model: Option<Bounded<0, 120>>,
    /// See [`AiSettings::base_url`].
    pub base_url: Option<OptionalUrl>,
    /// See [`AiSettings::api_key_secret`].
    pub api_key_secret: Option<SecretName>,
    /// See [`AiSettings::system_prompt`].
    pub system_prompt: Option<Bounded<0, 4000>>,
    /// See [`AiSettings::temperature`].
    pub temperature: Option<Temperature>,
    /// See [`AiSettings::max_tokens`].
    pub max_tokens: Option<MaxTokens>,
    /// See [`AiSettings::embeddings`].
    pub embeddings: Option<EmbeddingPatch>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_ai_key_secrets_can_be_named() {
        assert!(SecretName::parse("OPENAI_API_KEY").is_ok());
        assert!(SecretName::parse("AI_KEY_SHOP_1").is_ok());
        for bad in [
            "ADMIN_TOKEN",
            "AI_KEY_",
            "AI_KEY_lower",
            "DEMO_BOT_TOKEN",
            "",
        ] {
            assert!(SecretName::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn defaults_depend_on_the_responder() {
        let mut ai = AiSettings::default();
        assert_eq!(ai.responder, ResponderKind::Extractive);
        ai.responder = ResponderKind::WorkersAi;
        assert_eq!(ai.model(), DEFAULT_WORKERS_AI_MODEL);
        ai.responder = ResponderKind::Openai;
        assert_eq!(ai.model(), DEFAULT_OPENAI_MODEL);
        assert_eq!(ai.base_url(), DEFAULT_OPENAI_BASE_URL);
    }

    #[test]
    fn a_patch_merges_and_validates() {
        let mut ai = AiSettings::default();
        let patch: AiPatch = serde_json::from_value(json!({
            "responder": "openai", "model": "llama3.1", "base_url": "http://127.0.0.1:11434/v1/", "temperature": 0.7
        }))
        .unwrap();
        ai.apply(patch);
        assert_eq!(ai.model(), "llama3.1");
        assert_eq!(ai.base_url(), "http://127.0.0.1:11434/v1");
        assert_eq!(ai.max_tokens.get(), 512);
        assert_eq!(ai.embeddings.provider, EmbeddingProvider::Auto);
        let patch: AiPatch = serde_json::from_value(json!({
            "embeddings": {"provider": "openai", "model": "nomic-embed-text"}
        }))
        .unwrap();
        ai.apply(patch);
        assert_eq!(ai.embeddings.provider, EmbeddingProvider::Openai);
        assert_eq!(ai.embeddings.model.as_str(), "nomic-embed-text");
        assert_eq!(ai.model(), "llama3.1", "the responder's model is its own");
        for bad in [
            json!({"temperature": 3}),
            json!({"max_tokens": 5}),
            json!({"responder": "gpt"}),
            json!({"api_key_secret": "ADMIN_TOKEN"}),
            json!({"key": "sk-123"}),
            json!({"embeddings": {"provider": "bert"}}),
            json!({"embeddings": {"api_key_secret": "ADMIN_TOKEN"}}),
            json!({"embeddings": {"dims": 3}}),
        ] {
            assert!(
                serde_json::from_value::<AiPatch>(bad.clone()).is_err(),
                "{bad}"
            );
        }
    }
}
