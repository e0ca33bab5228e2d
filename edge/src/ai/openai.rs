//! The `openai` responder: any OpenAI-compatible `/chat/completions` endpoint (OpenAI, Groq,
//! Together, a local Ollama, vLLM or llama.cpp server), streaming, with the bot's prompt. The
//! key comes from the Worker secret the bot names. Refusals, timeouts, cut and malformed
//! streams become an [`AiError`]; what was already streamed stays in the conversation.

use super::prompt::{self, Prompt, PromptMessage};
use super::upstream::{Delta, UsageReport, parse_json_event, within};
use super::{AiError, Outcome, ReplySink, TurnInput, finish, timeouts};
use crate::platform::bindings;
use porthole_shared::ai::AiSettings;
use serde::{Deserialize, Serialize};
use worker::{AbortController, Env, Fetch, Headers, Method, Request, RequestInit};

/// The request body.
#[derive(Debug, Serialize)]
pub struct ChatRequest<'a> {
    /// The model.
    pub model: &'a str,
    /// System, history, question.
    pub messages: &'a [PromptMessage],
    /// Always true: replies stream.
    pub stream: bool,
    /// Ask for a final usage chunk.
    pub stream_options: StreamOptions,
    /// Sampling temperature.
    pub temperature: f32,
    /// Most reply tokens.
    pub max_tokens: u32,
}

/// `stream_options`.
#[derive(Debug, Serialize)]
pub struct StreamOptions {
    /// Report usage at the end.
    pub include_usage: bool,
}

/// The request for `prompt` with the bot's settings.
pub fn request<'a>(prompt: &'a Prompt, ai: &'a AiSettings) -> ChatRequest<'a> {
    ChatRequest {
        model: ai.model(),
        messages: &prompt.messages,
        stream: true,
        stream_options: StreamOptions {
            include_usage: true,
        },
        temperature: ai.temperature.get(),
        max_tokens: ai.max_tokens.get(),
    }
}

#[derive(Deserialize)]
struct Chunk {
    #[serde(default)]
    choices: Vec<Choice>,
    usage: Option<UsageReport>,
}

#[derive(Deserialize)]
struct Choice {
    #[serde(default)]
    delta: Option<ChoiceDelta>,
}

#[derive(Deserialize)]
struct ChoiceDelta {
    content: Option<String>,
}

/// Parses one event of the OpenAI streaming protocol (`[DONE]` ends it).
pub fn parse_event(data: &str) -> Result<Delta, String> {
    parse_json_event(data, "a completion chunk", |chunk: Chunk| Delta {
        content: chunk
            .choices
            .into_iter()
            .filter_map(|c| c.delta.and_then(|d| d.content))
            .reduce(|a, b| a + &b),
        usage: chunk.usage.map(UsageReport::pair),
        done: false,
    })
}

/// Streams the reply of an OpenAI-compatible endpoint into `sink`.
pub async fn respond(
    input: TurnInput<'_>,
    env: &Env,
    sink: &mut dyn ReplySink,
) -> Result<Outcome, AiError> {
    let ai = &input.config.ai;
    let prompt = prompt::build(input);
    let body = serde_json::to_string(&request(&prompt, ai))
        .map_err(|e| AiError::new("The question could not be sent.", e.to_string()))?;
    let url = format!("{}/chat/completions", ai.base_url());
    let unreachable = |detail: String| {
        AiError::new(
            "The AI service could not be reached. Please try again.",
            detail,
        )
    };

    let headers = Headers::new();
    let _ = headers.set("Content-Type", "application/json");
    let _ = headers.set("Accept", "text/event-stream");
    if let Some(key) = bindings::var(env, ai.api_key_secret.as_str()) {
        let _ = headers.set("Authorization", &format!("Bearer {key}"));
    }
    let mut init = RequestInit::new();
    init.with_method(Method::Post)
        .with_headers(headers)
        .with_body(Some(body.into()));
    let request =
        Request::new_with_init(&url, &init).map_err(|e| unreachable(format!("{url}: {e}")))?;
    let (first, idle) = timeouts(env);
    let abort = AbortController::default();
    let sent = within(
        first,
        Fetch::Request(request).send_with_signal(&abort.signal()),
    )
    .await;
    let mut response = match sent {
        None => {
            abort.abort();
            return Err(unreachable(format!("{url}: no answer within {first:?}")));
        }
        Some(Err(e)) => return Err(unreachable(format!("{url}: {}", fetch_failure(&e)))),
        Some(Ok(response)) => response,
    };
    let status = response.status_code();
    if status != 200 {
        let text = response.text().await.unwrap_or_default();
        return Err(AiError::new(
            "The AI service refused the question. Please try again later.",
            format!("{url} answered {status}: {:.300}", text),
        ));
    }
    let stream = response.stream().map_err(|e| unreachable(e.to_string()))?;
    let outcome = finish(stream, upstream_kind(), &prompt, input, idle, sink).await;
    if matches!(&outcome, Ok(o) if o.stopped) {
        // Closing the connection is what tells the provider to stop generating (and billing).
        abort.abort();
    }
    outcome
}

/// Why a fetch failed, for the owner. The runtime says only "internal error; reference = …"
/// when the connection itself failed (the host's name did not resolve, or it refused).
fn fetch_failure(e: &worker::Error) -> String {
    let said = e.to_string();
    if said.contains("internal error; reference") {
        "the connection failed (the host's name did not resolve, or the host refused it)".into()
    } else {
        said
    }
}

fn upstream_kind() -> super::Upstream {
    super::Upstream {
        provider: "openai",
        parse: parse_event,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn content_usage_and_done_are_read_from_the_stream() {
        let d = parse_event(r#"{"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Hel"}}]}"#).unwrap();
        assert_eq!(d.content.as_deref(), Some("Hel"));
        let d = parse_event(r#"{"choices":[],"usage":{"prompt_tokens":42,"completion_tokens":7,"total_tokens":49}}"#).unwrap();
        assert_eq!(d.usage, Some((42, 7)));
        assert!(parse_event("[DONE]").unwrap().done);
        assert_eq!(
            parse_event(r#"{"choices":[{"delta":{"role":"assistant"}}]}"#)
                .unwrap()
                .content,
            None
        );
    }

    #[test]
    fn a_malformed_event_is_an_error() {
        assert!(parse_event("{not json").is_err());
    }

    #[test]
    fn the_request_streams_with_usage_and_the_bots_settings() {
        let mut ai = AiSettings::default();
        ai.apply(serde_json::from_value(json!({"responder": "openai", "model": "llama3", "temperature": 0.5, "max_tokens": 200})).unwrap());
        let prompt = Prompt {
            messages: vec![PromptMessage {
                role: "user",
                content: "Hi".into(),
            }],
            sources: vec![],
        };
        let body = serde_json::to_value(request(&prompt, &ai)).unwrap();
        assert_eq!(
            body,
            json!({
                "model": "llama3", "messages": [{"role": "user", "content": "Hi"}], "stream": true,
                "stream_options": {"include_usage": true}, "temperature": 0.5, "max_tokens": 200
            })
        );
    }
}
