//! The `workers-ai` responder: Cloudflare Workers AI through the `AI` binding, with the same
//! prompt as the `openai` responder. The binding cannot run locally, so the request and the
//! streaming format are unit-tested here; `wrangler.toml` declares the binding (docs/ai.md).

use super::prompt::{self, Prompt, PromptMessage};
use super::upstream::{Delta, UsageReport, parse_json_event, within};
use super::{AiError, Outcome, ReplySink, TurnInput, finish, timeouts};
use crate::platform::bindings::{self, AI};
use porthole_shared::ai::AiSettings;
use serde::{Deserialize, Serialize};
use worker::Env;

/// The input of a text-generation model.
#[derive(Debug, Serialize)]
pub struct Input<'a> {
    /// System, history, question.
    pub messages: &'a [PromptMessage],
    /// Always true: replies stream.
    pub stream: bool,
    /// Most reply tokens.
    pub max_tokens: u32,
    /// Sampling temperature.
    pub temperature: f32,
}

/// The input for `prompt` with the bot's settings.
pub fn input<'a>(prompt: &'a Prompt, ai: &AiSettings) -> Input<'a> {
    Input {
        messages: &prompt.messages,
        stream: true,
        max_tokens: ai.max_tokens.get(),
        temperature: ai.temperature.get(),
    }
}

#[derive(Deserialize)]
struct Event {
    #[serde(default)]
    response: Option<String>,
    usage: Option<UsageReport>,
}

/// Parses one event of Workers AI's stream: `{"response":"…"}`, a last one with `usage`, then
/// `[DONE]`.
pub fn parse_event(data: &str) -> Result<Delta, String> {
    parse_json_event(data, "a Workers AI event", |event: Event| Delta {
        content: event.response,
        usage: event.usage.map(UsageReport::pair),
        done: false,
    })
}

/// Streams the reply of a Workers AI model into `sink`.
pub async fn respond(
    input_: TurnInput<'_>,
    env: &Env,
    sink: &mut dyn ReplySink,
) -> Result<Outcome, AiError> {
    let ai = &input_.config.ai;
    let binding = bindings::workers_ai(env).map_err(|e| {
        AiError::new(
            "Workers AI is not enabled on this service.",
            format!("no `{AI}` binding: {e}"),
        )
    })?;
    let prompt = prompt::build(input_);
    let (first, idle) = timeouts(env);
    let stream = within(first, binding.run_bytes(ai.model(), input(&prompt, ai)))
        .await
        .ok_or_else(|| {
            AiError::new(
                "The AI service did not answer in time. Please try again.",
                format!("no answer within {first:?}"),
            )
        })?
        .map_err(|e| {
            AiError::new(
                "The AI service could not answer. Please try again.",
                e.to_string(),
            )
        })?;
    finish(
        stream,
        super::Upstream {
            provider: "workers-ai",
            parse: parse_event,
        },
        &prompt,
        input_,
        idle,
        sink,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_input_carries_the_prompt_and_the_bots_settings() {
        let mut ai = AiSettings::default();
        ai.apply(
            serde_json::from_value(
                json!({"responder": "workers-ai", "max_tokens": 300, "temperature": 0.2}),
            )
            .unwrap(),
        );
        let prompt = Prompt {
            messages: vec![
                PromptMessage {
                    role: "system",
                    content: "S".into(),
                },
                PromptMessage {
                    role: "user",
                    content: "Q".into(),
                },
            ],
            sources: vec![],
        };
        let value = serde_json::to_value(input(&prompt, &ai)).unwrap();
        assert_eq!(
            value["messages"][1],
            json!({"role": "user", "content": "Q"})
        );
        assert_eq!(value["stream"], true);
        assert_eq!(value["max_tokens"], 300);
        assert!((value["temperature"].as_f64().unwrap() - 0.2).abs() < 1e-6);
        assert_eq!(ai.model(), "@cf/meta/llama-3.1-8b-instruct");
    }

    #[test]
    fn the_stream_format_is_read() {
        assert_eq!(
            parse_event(r#"{"response":"Hel","p":"abc"}"#)
                .unwrap()
                .content
                .as_deref(),
            Some("Hel")
        );
        let last = parse_event(r#"{"response":"","usage":{"prompt_tokens":26,"completion_tokens":10,"total_tokens":36}}"#).unwrap();
        assert_eq!(last.usage, Some((26, 10)));
        assert!(parse_event("[DONE]").unwrap().done);
        assert!(parse_event("garbage").is_err());
    }
}
