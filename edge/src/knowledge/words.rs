//! The plain word lists of [`super::lexicon`], asked as the analyser asks them: the words too
//! common to say what a question is about (stopwords, which also tell a text's language, and
//! fillers), and greetings and thanks. Latin-script words are compared lowercase and without
//! accents (visitors often type "donde" for "dónde"); Chinese in simplified script (text is
//! folded to it before it is compared).

use super::lang::Lang;
use super::lexicon::{
    FILLERS, GREETING_FILLERS, GREETINGS, PERFECT_AUXILIARIES, STOPWORDS, THANKS, lexicon,
};

/// Whether the (folded, lowercase) word is one of `lang`'s common words, which tell the
/// language of a text.
pub fn is_marker(lang: Lang, word: &str) -> bool {
    lexicon().has(lang, STOPWORDS, word)
}

/// Whether the folded word is a stopword or filler in any of `langs`.
pub fn is_stopword(langs: &[Lang], word: &str) -> bool {
    let l = lexicon();
    langs
        .iter()
        .any(|lang| l.has(*lang, STOPWORDS, word) || l.has(*lang, FILLERS, word))
}

/// The Chinese words a question's run is cut at: stopwords and fillers.
pub fn zh_cut_words() -> impl Iterator<Item = &'static str> {
    let l = lexicon();
    l.list(Lang::ZhHans, STOPWORDS)
        .iter()
        .chain(l.list(Lang::ZhHans, FILLERS))
        .map(String::as_str)
}

/// Whether the folded word is a greeting or thanks (in a Latin script).
pub fn is_small_talk_word(word: &str) -> bool {
    lexicon().any_has(GREETINGS, word)
}

/// Whether the folded word may go with a greeting.
pub fn is_small_talk_filler(word: &str) -> bool {
    lexicon().any_has(GREETING_FILLERS, word)
}

/// The Chinese greetings and thanks.
pub fn zh_small_talk() -> &'static [String] {
    lexicon().list(Lang::ZhHans, GREETINGS)
}

/// The Chinese words that may go with a greeting.
pub fn zh_small_talk_fillers() -> &'static [String] {
    lexicon().list(Lang::ZhHans, GREETING_FILLERS)
}

/// Whether the folded word says thanks.
pub fn is_thanks_word(word: &str) -> bool {
    lexicon().any_has(THANKS, word)
}

/// The Chinese words of thanks.
pub fn zh_thanks() -> &'static [String] {
    lexicon().list(Lang::ZhHans, THANKS)
}

/// Whether `word` (folded) makes the participle after it a perfect tense in `lang`: French
/// "j'ai ouvert" and Spanish "he abierto" say that something was opened, not that a shop opens.
pub fn is_auxiliary(lang: Lang, word: &str) -> bool {
    lexicon().has(lang, PERFECT_AUXILIARIES, word)
}

/// Lowercase words of `text` without accents (for recognising its language): letters only,
/// split at anything else, apostrophes included ("d'ouverture" → "d", "ouverture").
pub fn raw_words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(|w| super::terms::fold(&w.to_lowercase()))
}
