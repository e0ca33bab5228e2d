//! What groups unanswered questions (`porthole_shared::gaps`): the words they ask about, as
//! retrieval reads them — stemmed in the question's language, common words left out, Chinese in
//! pairs of characters, in alphabetical order — so "Do you ship to Canada?" and "ship to
//! canada??" are one group and a different question is another.

use super::lang::{self, Lang};
use super::terms::{Piece, Stems, bigrams, fold, pieces};
use super::words::is_stopword;

/// The group of `question`, asked by a visitor whose widget speaks `widget_lang`; `""` when it
/// has no word to tell it by.
pub fn key(question: &str, widget_lang: Option<Lang>) -> String {
    let lang = lang::of_question(question, widget_lang);
    let stems = Stems::new(&[lang]);
    let folded = fold(question);
    let mut words: Vec<String> = Vec::new();
    for piece in pieces(&folded) {
        match piece {
            Piece::Word(w) | Piece::TimePart(w) if !is_stopword(&[lang, Lang::En], &w) => {
                words.push(stems.stem(lang, &w));
            }
            Piece::Cjk(run) => words.extend(bigrams(&run)),
            _ => {}
        }
    }
    words.sort();
    words.dedup();
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_question_in_other_case_and_punctuation_is_one_group() {
        assert_eq!(
            key("Do you ship to Canada?", Some(Lang::En)),
            key("ship to canada??", Some(Lang::En))
        );
        assert_ne!(
            key("Do you ship to Canada?", Some(Lang::En)),
            key("Do you ship to Mexico?", Some(Lang::En))
        );
        assert!(!key("你们周末几点开门", Some(Lang::ZhHans)).is_empty());
    }
}
