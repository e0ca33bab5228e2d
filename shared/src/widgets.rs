//! Seed 002's widget-token API (`/api/widgets/{widgetId}/…`, `Authorization: Bearer
//! <widget_token>`): chat, config and voice call bodies and answers, in the seed's camelCase.

use crate::error::ErrorCode;
use crate::request::{RequestError, object, optional_str};
use crate::text::MessageText;
use serde::{Deserialize, Serialize};

/// `POST /api/widgets/{widgetId}/chat` body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WidgetChatRequest {
    /// The visitor's session (1–128 characters).
    pub session_id: String,
    /// What the visitor wrote.
    pub message: MessageText,
    /// The assistant (the bot's id), when the client names it.
    pub assistant_id: Option<String>,
    /// The conversation to continue (a chat id), when the client has one.
    pub conversation_id: Option<String>,
}

impl WidgetChatRequest {
    /// Parses a chat body: 400 for a missing `sessionId` or `message`.
    pub fn from_json(bytes: &[u8]) -> Result<Self, RequestError> {
        let body = object(bytes)?;
        let session_id = session(&body)?;
        let raw = optional_str(&body, "message", ErrorCode::InvalidMessage)?
            .ok_or_else(|| RequestError::new(ErrorCode::InvalidMessage, "message is required"))?;
        // An integrator's client, like seed 001's API channel: longer than a widget visitor's.
        let message = MessageText::parse_api(raw)
            .map_err(|e| RequestError::new(ErrorCode::InvalidMessage, e.to_string()))?;
        Ok(Self {
            session_id,
            message,
            assistant_id: optional_str(&body, "assistantId", ErrorCode::InvalidField)?
                .map(str::to_owned),
            conversation_id: optional_str(&body, "conversationId", ErrorCode::InvalidField)?
                .map(str::to_owned),
        })
    }
}

/// `POST /api/widgets/{widgetId}/voice/start` body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoiceStartRequest {
    /// The visitor's session.
    pub session_id: String,
    /// The assistant, when named.
    pub assistant_id: Option<String>,
    /// The conversation the call belongs to, when not the session's own (as in `chat`).
    pub conversation_id: Option<String>,
}

impl VoiceStartRequest {
    /// Parses a voice-call body: 400 for a missing `sessionId`.
    pub fn from_json(bytes: &[u8]) -> Result<Self, RequestError> {
        let body = object(bytes)?;
        Ok(Self {
            session_id: session(&body)?,
            assistant_id: optional_str(&body, "assistantId", ErrorCode::InvalidField)?
                .map(str::to_owned),
            conversation_id: optional_str(&body, "conversationId", ErrorCode::InvalidField)?
                .map(str::to_owned),
        })
    }
}

fn session(body: &serde_json::Map<String, serde_json::Value>) -> Result<String, RequestError> {
    optional_str(body, "sessionId", ErrorCode::InvalidField)?
        .filter(|s| (1..=128).contains(&s.chars().count()))
        .map(str::to_owned)
        .ok_or_else(|| {
            RequestError::new(
                ErrorCode::InvalidField,
                "sessionId is required (1 to 128 characters)",
            )
        })
}

/// `metadata` of a chat answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatMetadata {
    /// The model that answered (`extractive` for the offline responder).
    pub model: String,
    /// Tokens the turn used (prompt and completion; estimated when the provider says nothing).
    pub tokens: u64,
}

/// `POST /api/widgets/{widgetId}/chat` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WidgetChatResponse {
    /// Always `true`.
    pub success: bool,
    /// The conversation (pass it back to continue).
    pub conversation_id: String,
    /// The reply.
    pub message: String,
    /// Model and tokens.
    pub metadata: ChatMetadata,
}

/// `config.widget`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WidgetLook {
    /// `#rrggbb`.
    pub primary_color: String,
    /// `bottom-right`, `bottom-left`, `top-right` or `top-left`.
    pub position: String,
}

/// `config.branding`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Branding {
    /// Logo URL: the logo, else the avatar, else the generated avatar.
    pub logo: String,
}

/// `config`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WidgetConfig {
    /// The bot's name.
    pub name: String,
    /// The assistant's id (the bot's public id).
    pub assistant_id: String,
    /// Colors and corner.
    pub widget: WidgetLook,
    /// Logo.
    pub branding: Branding,
}

/// `GET /api/widgets/{widgetId}/config` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WidgetConfigResponse {
    /// Always `true`.
    pub success: bool,
    /// The public configuration.
    pub config: WidgetConfig,
}

/// `POST /api/widgets/{widgetId}/voice/start` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VoiceStartResponse {
    /// Always `true`.
    pub success: bool,
    /// The conversation the call request is recorded in.
    pub conversation_id: String,
    /// The assistant.
    pub assistant_id: String,
    /// The number to call (E.164).
    pub phone_number: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_chat_needs_a_session_and_a_message() {
        let ok = WidgetChatRequest::from_json(
            json!({"sessionId": "session_abc123", "message": "Hello, I need help with pricing",
                   "assistantId": "asst-123", "conversationId": "conv-456"})
            .to_string()
            .as_bytes(),
        )
        .unwrap();
        assert_eq!(ok.conversation_id.as_deref(), Some("conv-456"));
        let long = "a".repeat(crate::limits::API_MESSAGE_MAX_CHARS);
        let long_ok = json!({"sessionId": "s", "message": long}).to_string();
        assert!(WidgetChatRequest::from_json(long_ok.as_bytes()).is_ok());
        for (bad, code) in [
            (
                json!({"sessionId": "s", "message": long.clone() + "a"}),
                ErrorCode::InvalidMessage,
            ),
            (json!({"message": "Hi"}), ErrorCode::InvalidField),
            (json!({"sessionId": "s"}), ErrorCode::InvalidMessage),
            (
                json!({"sessionId": "s", "message": ""}),
                ErrorCode::InvalidMessage,
            ),
            (
                json!({"sessionId": 5, "message": "Hi"}),
                ErrorCode::InvalidField,
            ),
        ] {
            assert_eq!(
                WidgetChatRequest::from_json(bad.to_string().as_bytes())
                    .unwrap_err()
                    .code,
                code,
                "{bad}"
            );
        }
    }

    #[test]
    fn answers_use_the_seeds_names() {
        let v = serde_json::to_value(VoiceStartResponse {
            success: true,
            conversation_id: "c".into(),
            assistant_id: "a".into(),
            phone_number: "+14165559999".into(),
        })
        .unwrap();
        assert_eq!(v["phoneNumber"], "+14165559999");
        assert_eq!(v["conversationId"], "c");
    }
}
