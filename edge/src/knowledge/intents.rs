//! What a question word asks for. "Where", "dónde", "où", "wo" and "哪裡" ask for an address,
//! and a passage that answers them says "located", "calle", "adresse", "Straße" or "地址"
//! rather than the question word itself. Each intent (`[intent NAME …]` in the lexicon's
//! files) lists the question words that raise it in each language, and the words of every
//! language that an answer would contain.
//!
//! A question word is written lowercase, without accents but for French "où" (which "ou" is
//! not); Chinese in simplified script, found anywhere in the question; a two-word one such as
//! "wie viel" is matched as a pair; one ending in `$` only as the last word, as German "auf" in
//! "habt ihr sonntags auf?".

use super::lang::Lang;
use super::lexicon::{Intent, lexicon};
use super::terms::fold;
use super::words::is_auxiliary;

/// Every word of a per-language word list, with its language.
fn each_word(list: &'static [(Lang, String)]) -> Vec<(Lang, &'static str)> {
    list.iter().map(|(l, w)| (*l, w.as_str())).collect()
}

/// An intent a question raised: its name and the answer words of every language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raised {
    /// `address`, `hours`, `price` or `contact`.
    pub name: &'static str,
    /// The words (with their language) that an answering passage would contain.
    pub answers: Vec<(Lang, &'static str)>,
    /// Those of them that state the fact (see [`Intent::states`]); empty: any answer word does.
    pub facts: Vec<(Lang, &'static str)>,
    /// The question's own words that raised it (folded), which need no term of their own.
    pub triggered_by: Vec<String>,
}

/// The intents raised by a question in `langs`, given its lowercase words (`words`, in
/// order, accents kept) and its Chinese text in simplified script (`chinese`).
pub fn raised(words: &[String], chinese: &str, langs: &[Lang]) -> Vec<Raised> {
    let folded: Vec<String> = words.iter().map(|w| fold(w)).collect();
    let is = |i: usize, trigger: &str| words[i] == trigger || folded[i] == trigger;
    let mut out = Vec::new();
    for intent in &lexicon().intents {
        let Intent {
            name,
            asks,
            answers,
            states,
        } = intent;
        let mut triggered_by = Vec::new();
        for (lang, trigger) in asks {
            let trigger = trigger.as_str();
            let chinese_asked = lang.is_chinese() && langs.iter().any(|l| l.is_chinese());
            if !(langs.contains(lang) || chinese_asked) {
                continue;
            }
            if lang.is_chinese() {
                if chinese.contains(trigger) {
                    triggered_by.push(trigger.to_owned());
                }
            } else if let Some((first, second)) = trigger.split_once(' ') {
                if (1..words.len()).any(|i| is(i - 1, first) && is(i, second)) {
                    triggered_by.push(first.to_owned());
                    triggered_by.push(second.to_owned());
                }
            } else if let Some(last) = trigger.strip_suffix('$') {
                if words.len() > 1 && is(words.len() - 1, last) {
                    triggered_by.push(last.to_owned());
                }
            } else if (0..words.len())
                .any(|i| is(i, trigger) && !(i > 0 && is_auxiliary(*lang, &folded[i - 1])))
            {
                triggered_by.push(trigger.to_owned());
            }
        }
        if !triggered_by.is_empty() {
            out.push(Raised {
                name: name.as_str(),
                answers: each_word(answers),
                facts: each_word(states),
                triggered_by,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(question: &str, lang: Lang) -> Vec<&'static str> {
        let words: Vec<String> = question
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let chinese = super::super::terms::simplified(question);
        raised(&words, &chinese, &[lang])
            .into_iter()
            .map(|r| r.name)
            .collect()
    }

    #[test]
    fn question_words_raise_intents_in_every_language() {
        assert_eq!(names("Where are you?", Lang::En), ["address"]);
        assert_eq!(names("When do you close on Sunday?", Lang::En), ["hours"]);
        assert_eq!(names("How much is shipping?", Lang::En), ["price"]);
        assert!(names("Do you sell tea?", Lang::En).is_empty());

        assert_eq!(names("麵包店在哪裡？", Lang::ZhHant), ["address"]);
        assert_eq!(names("週末幾點開門", Lang::ZhHant), ["hours"]);
        assert_eq!(names("營業時間？", Lang::ZhHant), ["hours"]);
        assert_eq!(names("鹽可頌一個多少錢", Lang::ZhHant), ["price"]);
        assert_eq!(names("盐可颂多少钱", Lang::ZhHans), ["price"]);

        assert_eq!(names("¿Dónde estáis?", Lang::Es), ["address"]);
        assert_eq!(names("¿Cuál es el horario?", Lang::Es), ["hours"]);
        assert_eq!(names("¿Cuánto cuesta el envío?", Lang::Es), ["price"]);

        assert_eq!(names("Où êtes-vous ?", Lang::Fr), ["address"]);
        assert_eq!(names("Quels sont vos horaires ?", Lang::Fr), ["hours"]);
        assert_eq!(names("Combien coûte la livraison ?", Lang::Fr), ["price"]);
        assert!(names("Café ou thé ?", Lang::Fr).is_empty());
        assert!(names("Je peux rendre un paquet que j'ai ouvert ?", Lang::Fr).is_empty());
        assert_eq!(names("C'est ouvert le dimanche ?", Lang::Fr), ["hours"]);
        assert!(names("¿Puedo devolver un paquete que he abierto?", Lang::Es).is_empty());
        assert_eq!(names("Habt ihr sonntags auf?", Lang::De), ["hours"]);
        assert!(names("Kann ich auf Rechnung zahlen?", Lang::De).is_empty());

        assert_eq!(names("Wo ist der Laden?", Lang::De), ["address"]);
        assert_eq!(names("Öffnungszeiten am Samstag?", Lang::De), ["hours"]);
        assert_eq!(names("Wie viel kostet der Versand?", Lang::De), ["price"]);
    }
}
