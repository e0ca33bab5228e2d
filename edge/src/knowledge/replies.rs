//! The fixed texts a responder writes, in the visitor's language: the answer to thanks, the
//! greeting and the fallback when the owner kept the defaults (an owner's own text is said as
//! they wrote it).

use super::lang::Lang;
use porthole_shared::BotConfig;

/// The answer to "thanks".
pub fn welcome_back(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "You're welcome! Is there anything else I can help you with?",
        Lang::ZhHant => "不客氣！還有什麼可以幫您的嗎？",
        Lang::ZhHans => "不客气！还有什么可以帮您的吗？",
        Lang::Es => "¡De nada! ¿Puedo ayudarte con algo más?",
        Lang::Fr => "Avec plaisir ! Puis-je vous aider pour autre chose ?",
        Lang::De => "Gern geschehen! Kann ich sonst noch helfen?",
    }
}

/// The default greeting.
fn hello(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "Hi, how can I help?",
        Lang::ZhHant => "您好，有什麼可以幫您的嗎？",
        Lang::ZhHans => "您好，有什么可以帮您的吗？",
        Lang::Es => "Hola, ¿en qué puedo ayudarte?",
        Lang::Fr => "Bonjour, comment puis-je vous aider ?",
        Lang::De => "Hallo, wie kann ich helfen?",
    }
}

/// The default fallback.
fn default_fallback(lang: Lang) -> &'static str {
    match lang {
        Lang::En => {
            "I'm sorry, I don't have information about that. Could you rephrase, or ask about something else?"
        }
        Lang::ZhHant => "抱歉，我沒有這方面的資料。可以換個說法，或問問其他問題嗎？",
        Lang::ZhHans => "抱歉，我没有这方面的资料。可以换个说法，或问问其他问题吗？",
        Lang::Es => {
            "Lo siento, no tengo información sobre eso. ¿Puedes reformular la pregunta o preguntar otra cosa?"
        }
        Lang::Fr => {
            "Désolé, je n'ai pas d'information à ce sujet. Pouvez-vous reformuler ou poser une autre question ?"
        }
        Lang::De => {
            "Das weiß ich leider nicht. Können Sie die Frage anders stellen oder etwas anderes fragen?"
        }
    }
}

/// The bot's greeting in `lang`: the owner's, or the default in that language.
pub fn greeting(config: &BotConfig, lang: Lang) -> String {
    let own = config.welcome.as_str();
    if own.trim().is_empty() || own == BotConfig::default().welcome.as_str() {
        hello(lang).to_owned()
    } else {
        own.to_owned()
    }
}

/// The bot's fallback in `lang`: the owner's, or the default in that language.
pub fn fallback(config: &BotConfig, lang: Lang) -> String {
    let own = config.fallback.as_str();
    if own.trim().is_empty() || own == BotConfig::default().fallback.as_str() {
        default_fallback(lang).to_owned()
    } else {
        own.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_texts_come_in_the_visitor_s_language() {
        let config = BotConfig::default();
        assert!(fallback(&config, Lang::ZhHant).contains("資料"));
        assert!(fallback(&config, Lang::ZhHans).contains("资料"));
        assert!(fallback(&config, Lang::De).contains("leider"));
        assert_eq!(fallback(&config, Lang::En), config.fallback.as_str());
        assert_eq!(greeting(&config, Lang::En), config.welcome.as_str());
        assert!(greeting(&config, Lang::Es).starts_with("Hola"));
        for lang in Lang::ALL {
            assert!(!welcome_back(lang).is_empty());
        }
    }

    #[test]
    fn an_owner_s_own_text_is_said_as_written() {
        let mut config = BotConfig::default();
        config.apply(
            serde_json::from_value(
                serde_json::json!({"fallback": "問問店長吧！", "welcome": "歡迎光臨"}),
            )
            .unwrap(),
        );
        assert_eq!(fallback(&config, Lang::En), "問問店長吧！");
        assert_eq!(greeting(&config, Lang::Fr), "歡迎光臨");
    }
}
