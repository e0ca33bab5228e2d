//! Who may use a bot and how much: the site origins its public endpoints answer (so nobody can
//! put the bot on their own site and spend its owner's AI budget), daily caps on messages and
//! AI tokens, and how long transcripts are kept.

use serde::{Deserialize, Serialize};

/// Most origins a bot may list.
pub const ORIGINS_MAX: usize = 50;
/// Longest transcript retention, in days (ten years).
pub const RETENTION_DAYS_MAX: u32 = 3650;
/// Largest daily token cap: a trillion (exact in a JavaScript number, as KV reads it back).
pub const DAILY_TOKENS_MAX: u64 = 1_000_000_000_000;

/// A site origin a bot answers: `https://shop.example`, `http://localhost:8080`, or a wildcard
/// for every subdomain, `https://*.shop.example`. Kept lowercase, without a trailing slash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct AllowedOrigin(String);

impl AllowedOrigin {
    /// Accepts `scheme://host[:port]` with scheme http or https, and `*.` only as the first
    /// label of the host.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let lower = raw.trim().trim_end_matches('/').to_ascii_lowercase();
        let (scheme, rest) = lower
            .split_once("://")
            .ok_or_else(|| format!("`{raw}` is not an origin like https://shop.example"))?;
        if scheme != "http" && scheme != "https" {
            return Err(format!("`{raw}`: the scheme must be http or https"));
        }
        let (host, port) = match rest.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (rest, None),
        };
        if let Some(port) = port
            && (port.is_empty() || port.len() > 5 || port.parse::<u16>().is_err())
        {
            return Err(format!("`{raw}`: the port is not a number"));
        }
        let bare = host.strip_prefix("*.").unwrap_or(host);
        let valid_label = |label: &str| {
            !label.is_empty()
                && label.len() <= 63
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        };
        if bare.is_empty() || bare.len() > 253 || !bare.split('.').all(valid_label) {
            return Err(format!(
                "`{raw}` must be scheme://host[:port] (no path; `*.` only at the start of the host)"
            ));
        }
        Ok(Self(lower))
    }

    /// The origin as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the page origin `origin` (as a browser sends it) is this one, or under it.
    pub fn admits(&self, origin: &str) -> bool {
        let origin = origin.trim().trim_end_matches('/').to_ascii_lowercase();
        match self.0.split_once("://*.") {
            None => origin == self.0,
            Some((scheme, suffix)) => origin
                .strip_prefix(scheme)
                .and_then(|o| o.strip_prefix("://"))
                .and_then(|host| host.strip_suffix(suffix))
                .is_some_and(|sub| sub.ends_with('.') && sub.len() > 1),
        }
    }
}

impl<'de> Deserialize<'de> for AllowedOrigin {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::parse(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// A bot's access rules and caps. Every field's zero / empty value means "no limit".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AccessSettings {
    /// The page origins whose visitors may use the bot (empty: any).
    pub allowed_origins: Vec<AllowedOrigin>,
    /// Visitor messages the AI answers per day, UTC (0: no cap).
    pub daily_messages: u32,
    /// AI tokens (prompt + completion) per day, UTC (0: no cap).
    pub daily_tokens: u64,
    /// Days a conversation is kept after its last message (0: forever).
    pub retention_days: u32,
    /// Images visitors may send per day, UTC, to all of the bot's conversations (0: no cap;
    /// default [`DAILY_IMAGES_DEFAULT`]).
    pub daily_images: u32,
}

/// Images a bot accepts per day unless its owner says otherwise: images are on by default
/// (seed 003's `upload-image` works out of the box), and this bounds what a stranger can
/// store in a day.
pub const DAILY_IMAGES_DEFAULT: u32 = 200;

impl Default for AccessSettings {
    fn default() -> Self {
        Self {
            allowed_origins: Vec::new(),
            daily_messages: 0,
            daily_tokens: 0,
            retention_days: 0,
            daily_images: DAILY_IMAGES_DEFAULT,
        }
    }
}

impl AccessSettings {
    /// Whether a request from page origin `origin` (absent when the browser sent none) may use
    /// the bot.
    pub fn admits(&self, origin: Option<&str>) -> bool {
        self.allowed_origins.is_empty()
            || origin.is_some_and(|o| self.allowed_origins.iter().any(|a| a.admits(o)))
    }

    /// Whether either daily cap is set.
    pub fn capped(&self) -> bool {
        self.daily_messages > 0 || self.daily_tokens > 0
    }

    /// Applies the fields present in `patch`.
    pub fn apply(&mut self, patch: AccessPatch) {
        if let Some(list) = patch.allowed_origins {
            self.allowed_origins = list;
        }
        if let Some(n) = patch.daily_messages {
            self.daily_messages = n;
        }
        if let Some(n) = patch.daily_tokens {
            self.daily_tokens = n;
        }
        if let Some(days) = patch.retention_days {
            self.retention_days = days;
        }
        if let Some(n) = patch.daily_images {
            self.daily_images = n;
        }
    }
}

/// A partial update of [`AccessSettings`].
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessPatch {
    /// See [`AccessSettings::allowed_origins`]; at most [`ORIGINS_MAX`].
    #[serde(default, deserialize_with = "origins")]
    pub allowed_origins: Option<Vec<AllowedOrigin>>,
    /// See [`AccessSettings::daily_messages`].
    pub daily_messages: Option<u32>,
    /// See [`AccessSettings::daily_tokens`]; at most [`DAILY_TOKENS_MAX`].
    #[serde(default, deserialize_with = "tokens")]
    pub daily_tokens: Option<u64>,
    /// See [`AccessSettings::retention_days`]; at most [`RETENTION_DAYS_MAX`].
    #[serde(default, deserialize_with = "retention")]
    pub retention_days: Option<u32>,
    /// See [`AccessSettings::daily_images`].
    pub daily_images: Option<u32>,
}

fn origins<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Vec<AllowedOrigin>>, D::Error> {
    let list = Vec::<AllowedOrigin>::deserialize(d)?;
    if list.len() > ORIGINS_MAX {
        return Err(serde::de::Error::custom(format!(
            "at most {ORIGINS_MAX} allowed origins"
        )));
    }
    let mut unique: Vec<AllowedOrigin> = Vec::with_capacity(list.len());
    for origin in list {
        if !unique.contains(&origin) {
            unique.push(origin);
        }
    }
    Ok(Some(unique))
}

fn tokens<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    let n = u64::deserialize(d)?;
    if n > DAILY_TOKENS_MAX {
        return Err(serde::de::Error::custom(format!(
            "daily_tokens must be 0 (no cap) to {DAILY_TOKENS_MAX}"
        )));
    }
    Ok(Some(n))
}

fn retention<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    let days = u32::deserialize(d)?;
    if days > RETENTION_DAYS_MAX {
        return Err(serde::de::Error::custom(format!(
            "retention_days must be 0 (forever) to {RETENTION_DAYS_MAX}"
        )));
    }
    Ok(Some(days))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(raw: &str) -> AllowedOrigin {
        AllowedOrigin::parse(raw).unwrap()
    }

    #[test]
    fn origins_are_scheme_host_and_port_only() {
        assert_eq!(
            origin("HTTPS://Shop.Example/").as_str(),
            "https://shop.example"
        );
        assert_eq!(
            origin("http://localhost:8080").as_str(),
            "http://localhost:8080"
        );
        for bad in [
            "shop.example",
            "ftp://shop.example",
            "https://shop.example/path",
            "https://",
            "https://shop..example",
            "https://sh op.example",
            "https://shop.example:99999",
            "https://shop.*.example",
            "javascript://alert(1)",
        ] {
            assert!(AllowedOrigin::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_origin_admits_itself_and_a_wildcard_its_subdomains_only() {
        let exact = origin("https://shop.example");
        assert!(exact.admits("https://shop.example"));
        assert!(exact.admits("HTTPS://SHOP.EXAMPLE"));
        assert!(!exact.admits("http://shop.example"));
        assert!(!exact.admits("https://shop.example.evil.test"));
        assert!(!exact.admits("https://evilshop.example"));
        let wild = origin("https://*.shop.example");
        assert!(wild.admits("https://www.shop.example"));
        assert!(wild.admits("https://a.b.shop.example"));
        assert!(!wild.admits("https://shop.example"));
        assert!(!wild.admits("https://evilshop.example"));
        assert!(!wild.admits("http://www.shop.example"));
    }

    #[test]
    fn no_list_admits_everyone_and_a_list_needs_an_origin() {
        let open = AccessSettings::default();
        assert!(open.admits(None));
        assert!(open.admits(Some("https://anyone.test")));
        let closed = AccessSettings {
            allowed_origins: vec![origin("https://shop.example")],
            ..AccessSettings::default()
        };
        assert!(closed.admits(Some("https://shop.example")));
        assert!(!closed.admits(Some("https://thief.test")));
        assert!(!closed.admits(None));
    }

    #[test]
    fn a_patch_validates_and_deduplicates() {
        let patch: AccessPatch = serde_json::from_value(serde_json::json!({
            "allowed_origins": ["https://a.test", "https://A.test/"],
            "daily_messages": 100
        }))
        .unwrap();
        assert_eq!(patch.allowed_origins.as_ref().unwrap().len(), 1);
        let mut settings = AccessSettings::default();
        settings.apply(patch);
        assert_eq!(settings.daily_messages, 100);
        assert!(
            serde_json::from_value::<AccessPatch>(serde_json::json!({"retention_days": 5000}))
                .is_err()
        );
        assert!(
            serde_json::from_value::<AccessPatch>(serde_json::json!({"daily_tokens": u64::MAX}))
                .is_err()
        );
        assert!(
            serde_json::from_value::<AccessPatch>(serde_json::json!({"allowed_origins": ["nope"]}))
                .is_err()
        );
        let many: Vec<String> = (0..51).map(|i| format!("https://s{i}.test")).collect();
        assert!(
            serde_json::from_value::<AccessPatch>(serde_json::json!({"allowed_origins": many}))
                .is_err()
        );
    }
}
