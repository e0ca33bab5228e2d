//! The prompt an LLM responder sends: the bot's system prompt (or a default that keeps it to
//! the site owner's knowledge and tone), the retrieved passages numbered as sources, the last
//! ten messages, and the question. Numbers in the reply (`[1]`) refer to `sources`. A curated
//! answer that matches the question closely comes first, marked as the owner's own answer to
//! give as written.

use super::TurnInput;
use crate::knowledge::curated;
use crate::knowledge::lang::{self, Lang};
use crate::knowledge::replies;
use porthole_shared::{Role, Source};

/// Most characters of knowledge put into one prompt.
const KNOWLEDGE_MAX_CHARS: usize = 6_000;

/// One message of a chat-completions request.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PromptMessage {
    /// `system`, `user` or `assistant`.
    pub role: &'static str,
    /// The text.
    pub content: String,
}

/// A prompt and the sources its numbers refer to (`sources[n - 1]` for `[n]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    /// System message, history, question.
    pub messages: Vec<PromptMessage>,
    /// The numbered sources.
    pub sources: Vec<Source>,
}

/// The default system prompt for a bot.
pub fn default_system_prompt(bot_name: &str) -> String {
    format!(
        "You are {bot_name}, the assistant on this website. Answer visitors' questions using only the \
         knowledge below, in the site's friendly, concise tone. Cite the sources you use with their \
         numbers in square brackets, like [1]. If the knowledge does not answer the question, say so \
         honestly instead of guessing. Never invent facts, prices, dates or policies."
    )
}

/// The visitor's language: the question's own, else the widget's, else English.
fn visitor_lang(input: TurnInput<'_>) -> Lang {
    lang::of_question(input.message, input.lang)
}

/// The fallback the model is asked to say, in the visitor's language when the owner kept the
/// default.
pub fn fallback_for(input: TurnInput<'_>) -> String {
    replies::fallback(input.config, visitor_lang(input))
}

/// Builds the prompt for `input`.
pub fn build(input: TurnInput<'_>) -> Prompt {
    let config = input.config;
    let own = config.ai.system_prompt.as_str();
    let mut system = if own.is_empty() {
        default_system_prompt(config.bot_name.as_str())
    } else {
        own.to_owned()
    };

    let mut sources = Vec::new();
    let mut used = 0;
    let mut knowledge = String::new();
    for (i, passage) in input.retrieved.passages.iter().enumerate() {
        if used + passage.body.len() > KNOWLEDGE_MAX_CHARS && !sources.is_empty() {
            break;
        }
        used += passage.body.len();
        let owners = i == 0 && input.retrieved.curated;
        sources.push(match curated::source(passage).filter(|_| owners) {
            Some(source) => source,
            None => Source {
                title: passage.title.clone(),
                url: passage.url.clone(),
            },
        });
        let n = sources.len();
        let link = if passage.url.is_empty() {
            String::new()
        } else {
            format!(" ({})", passage.url)
        };
        let title = if owners {
            format!(
                "The site owner's own answer to \"{}\": give it as written (translated when the visitor writes in another language)",
                passage.title
            )
        } else {
            passage.title.clone()
        };
        knowledge.push_str(&format!("\n[{n}] {title}{link}\n{}\n", passage.body.trim()));
    }
    if knowledge.is_empty() {
        system.push_str("\n\nKnowledge: nothing in the knowledge base matches this question.");
    } else {
        system.push_str("\n\nKnowledge:");
        system.push_str(&knowledge);
    }
    system.push_str(&format!(
        "\nWhen you cannot answer from the knowledge, reply with: {}",
        fallback_for(input)
    ));
    let lang = visitor_lang(input);
    system.push_str(&format!(
        "\nThe visitor writes in {} ({}): answer in {}, whatever the language of the knowledge.",
        lang.english_name(),
        lang.tag(),
        lang.english_name()
    ));

    let mut messages = vec![PromptMessage {
        role: "system",
        content: system,
    }];
    for item in input.history {
        let role = match item.role {
            Role::User => "user",
            Role::Assistant | Role::Operator => "assistant",
        };
        messages.push(PromptMessage {
            role,
            content: item.content.clone(),
        });
    }
    messages.push(PromptMessage {
        role: "user",
        content: input.message.to_owned(),
    });
    Prompt { messages, sources }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ai::Retrieved;
    use crate::knowledge::compose::Passage;
    use porthole_shared::{BotConfig, HistoryItem};

    fn passage(title: &str, body: &str) -> Passage {
        Passage {
            doc_id: 1,
            title: title.into(),
            url: format!("https://x.test/{title}"),
            body: body.into(),
            lang: "en".into(),
            row: 0,
            curated: false,
        }
    }

    #[test]
    fn the_prompt_has_the_system_prompt_numbered_knowledge_history_and_question() {
        let mut config = BotConfig::default();
        config.apply(
            serde_json::from_value(serde_json::json!({"ai": {"system_prompt": "Be a pirate."}}))
                .unwrap(),
        );
        let retrieved = Retrieved {
            passages: vec![passage("Hours", "Open 7am."), passage("Ship", "We ship.")],
            terms: vec![],
            meaning: None,
            curated: false,
        };
        let history = vec![
            HistoryItem {
                role: Role::User,
                content: "Hi".into(),
            },
            HistoryItem {
                role: Role::Assistant,
                content: "Hello!".into(),
            },
        ];
        let prompt = build(TurnInput {
            message: "When?",
            history: &history,
            retrieved: &retrieved,
            config: &config,
            lang: Some(Lang::Fr),
            stop: &Default::default(),
        });
        let system = &prompt.messages[0].content;
        assert!(system.starts_with("Be a pirate."));
        assert!(
            system.contains("[1] Hours (https://x.test/Hours)\nOpen 7am."),
            "{system}"
        );
        assert!(system.contains("[2] Ship"));
        assert!(
            system.contains("answer in English"),
            "an English question is answered in English, whatever the widget: {system}"
        );
        let roles: Vec<_> = prompt.messages.iter().map(|m| m.role).collect();
        assert_eq!(roles, ["system", "user", "assistant", "user"]);
        assert_eq!(prompt.messages[3].content, "When?");
        assert_eq!(prompt.sources[1].title, "Ship");
    }

    #[test]
    fn a_curated_answer_comes_first_marked_as_the_owner_s_own() {
        let config = BotConfig::default();
        let answer = Passage {
            curated: true,
            ..passage("Can I return an opened bag?", "Yes, once, within 14 days.")
        };
        let retrieved = Retrieved {
            passages: vec![answer, passage("Returns", "Unopened bags within 30 days.")],
            curated: true,
            ..Retrieved::default()
        };
        let prompt = build(TurnInput {
            message: "can I send back an opened bag",
            history: &[],
            retrieved: &retrieved,
            config: &config,
            lang: None,
            stop: &Default::default(),
        });
        let system = &prompt.messages[0].content;
        assert!(
            system.contains("[1] The site owner's own answer to \"Can I return an opened bag?\": give it as written"),
            "{system}"
        );
        assert_eq!(
            prompt.sources[0].title,
            "x.test/Can I return an opened bag?"
        );
        assert_eq!(prompt.sources[1].title, "Returns");
    }

    #[test]
    fn the_model_is_told_to_answer_in_the_visitor_s_language() {
        let config = BotConfig::default();
        let retrieved = Retrieved::default();
        let prompt = build(TurnInput {
            message: "營業時間是幾點？",
            history: &[],
            retrieved: &retrieved,
            config: &config,
            lang: Some(Lang::ZhHant),
            stop: &Default::default(),
        });
        let system = &prompt.messages[0].content;
        assert!(system.contains("answer in Traditional Chinese"), "{system}");
        assert!(
            system.contains("抱歉"),
            "the default fallback in Chinese: {system}"
        );
        let prompt = build(TurnInput {
            message: "PayPal?",
            history: &[],
            retrieved: &retrieved,
            config: &config,
            lang: Some(Lang::De),
            stop: &Default::default(),
        });
        assert!(prompt.messages[0].content.contains("answer in German"));
    }

    #[test]
    fn without_knowledge_the_prompt_says_so_and_the_default_keeps_the_bot_honest() {
        let config = BotConfig::default();
        let retrieved = Retrieved::default();
        let prompt = build(TurnInput {
            message: "?",
            history: &[],
            retrieved: &retrieved,
            config: &config,
            lang: None,
            stop: &Default::default(),
        });
        assert!(
            prompt.messages[0]
                .content
                .contains("nothing in the knowledge base matches")
        );
        assert!(prompt.messages[0].content.contains("Never invent facts"));
        assert!(prompt.sources.is_empty());
    }
}
