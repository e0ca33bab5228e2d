//! Words of a question or passage: lowercased tokens without stopwords, and their stems, so
//! that "hours" matches "hour" and "shipping" matches "ship".

use rust_stemmers::{Algorithm, Stemmer};
use std::collections::HashSet;

/// Words too common to say what a question is about.
const STOPWORDS: &[&str] = &[
    "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "anything", "are",
    "as", "at", "be", "been", "before", "being", "but", "by", "can", "could", "did", "do", "does",
    "doing", "for", "from", "get", "got", "had", "has", "have", "having", "he", "her", "here",
    "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "know", "let",
    "like", "many", "me", "might", "more", "most", "much", "must", "my", "need", "no", "not", "of",
    "off", "on", "one", "or", "our", "ours", "out", "please", "possible", "s", "shall", "she",
    "should", "so", "some", "tell", "than", "that", "the", "their", "them", "then", "there",
    "these", "they", "this", "those", "to", "too", "u", "up", "us", "very", "want", "was", "we",
    "were", "what", "whats", "when", "where", "which", "who", "whom", "why", "will", "with",
    "would", "you", "your", "yours", "t", "don", "dont", "im", "ive", "id", "youre", "hey", "hi",
    "hello", "thanks", "thank", "ok", "okay",
];

/// Greetings and thanks, recognised when a message has no other content.
const SMALL_TALK: &[&str] = &[
    "hi",
    "hello",
    "hey",
    "thanks",
    "thank",
    "ok",
    "okay",
    "bye",
    "goodbye",
    "cheers",
    "morning",
    "afternoon",
    "evening",
];
/// Words that may accompany a greeting or thanks without making it a question.
const SMALL_TALK_FILLER: &[&str] = &["lot", "much", "good", "great", "there", "folks"];

/// Lowercase alphanumeric tokens of `text`, apostrophes dropped ("don't" → "dont").
pub fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(|t| {
            t.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|t| !t.is_empty())
}

/// The content words of a question, in order, without duplicates or stopwords.
pub fn content_words(question: &str) -> Vec<String> {
    let mut seen = HashSet::new();
    tokens(question)
        .filter(|t| !STOPWORDS.contains(&t.as_str()))
        .filter(|t| t.chars().count() > 1 || !t.is_ascii())
        .filter(|t| seen.insert(t.clone()))
        .take(16)
        .collect()
}

/// What a question word asks for, as words a passage that answers it would contain.
const INTENTS: &[(&[&str], &str, &[&str])] = &[
    (
        &["where"],
        "address",
        &["located", "location", "directions", "street", "find"],
    ),
    (
        &["when", "hours"],
        "hours",
        &["open", "opening", "close", "closed", "hour"],
    ),
    (
        &["much", "price", "prices", "cost", "costs", "pay"],
        "price",
        &["cost", "costs", "fee", "fees", "free"],
    ),
    (
        &["contact", "reach", "call", "email", "phone"],
        "contact",
        &["email", "phone", "call", "write"],
    ),
];

/// Intents of a question: for each question word it contains ("where", "when", "how much"),
/// a word and its alternatives that an answer would mention.
pub fn intents(question: &str) -> Vec<(String, Vec<String>)> {
    let words: Vec<String> = tokens(question).collect();
    INTENTS
        .iter()
        .filter(|(triggers, _, _)| triggers.iter().any(|t| words.iter().any(|w| w == t)))
        .map(|(_, word, alternatives)| {
            (
                (*word).to_owned(),
                alternatives.iter().map(|a| (*a).to_owned()).collect(),
            )
        })
        .collect()
}

/// Whether `message` is only a greeting or thanks ("hi", "thanks!").
pub fn is_small_talk(message: &str) -> bool {
    let mut any = false;
    for t in tokens(message) {
        let word = t.as_str();
        if !(STOPWORDS.contains(&word)
            || SMALL_TALK.contains(&word)
            || SMALL_TALK_FILLER.contains(&word))
        {
            return false;
        }
        any |= SMALL_TALK.contains(&t.as_str());
    }
    any
}

/// Whether `message` is thanks rather than a greeting.
pub fn is_thanks(message: &str) -> bool {
    tokens(message).any(|t| t == "thanks" || t == "thank")
}

/// English stems (Snowball).
pub struct Stems(Stemmer);

impl Default for Stems {
    fn default() -> Self {
        Self(Stemmer::create(Algorithm::English))
    }
}

impl Stems {
    /// The stem of one lowercase word.
    pub fn stem(&self, word: &str) -> String {
        self.0.stem(word).into_owned()
    }

    /// The set of stems of all tokens in `text`.
    pub fn of_text(&self, text: &str) -> HashSet<String> {
        tokens(text).map(|t| self.stem(&t)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_words_drop_stopwords_and_punctuation() {
        assert_eq!(
            content_words("What are your opening hours?"),
            ["opening", "hours"]
        );
        assert_eq!(content_words("Do you ship to Canada??"), ["ship", "canada"]);
    }

    #[test]
    fn content_words_are_deduplicated() {
        assert_eq!(content_words("coffee coffee COFFEE"), ["coffee"]);
    }

    #[test]
    fn question_words_become_intents() {
        assert_eq!(intents("Where are you?")[0].0, "address");
        assert_eq!(intents("When do you close on Sunday?")[0].0, "hours");
        assert_eq!(intents("How much is shipping?")[0].0, "price");
        assert!(intents("Do you sell tea?").is_empty());
    }

    #[test]
    fn stems_match_inflections() {
        let s = Stems::default();
        assert_eq!(s.stem("hours"), s.stem("hour"));
        assert_eq!(s.stem("shipping"), s.stem("ship"));
    }

    #[test]
    fn greetings_and_thanks_are_small_talk() {
        assert!(is_small_talk("Hi!"));
        assert!(is_small_talk("thanks a lot"));
        assert!(is_small_talk("Good morning!"));
        assert!(!is_small_talk("hi, what are your hours?"));
        assert!(!is_small_talk("?"));
        assert!(is_thanks("Thank you!"));
    }
}
