//! The words the analyser knows, as data: one file per language, `edge/lexicon/<lang>.txt`
//! (compiled into the worker and read once per isolate). The engine's code knows no particular
//! word; these lists say which words are too common to matter (stopwords, fillers), which are
//! greetings, which mean the same to a visitor and a page (concepts), and which ask for a kind
//! of fact (intents). Each list stays only while the evaluation shows it helps (`shared/eval`,
//! with embeddings on; `bench/README.md` §8 says what each earned).
//!
//! The format: a `[section]` line starts a list, its entries follow separated by commas over
//! as many lines as they take, and `#` starts a comment (the files' heads list the sections).

use super::lang::Lang;
use super::terms::{CLOCK_TIME, CURRENCY, EVENING_TIME};
use std::collections::HashMap;
use std::sync::OnceLock;

/// The files, with the language their words are in (Chinese in simplified script).
const FILES: &[(Lang, &str)] = &[
    (Lang::En, include_str!("../../lexicon/en.txt")),
    (Lang::Es, include_str!("../../lexicon/es.txt")),
    (Lang::Fr, include_str!("../../lexicon/fr.txt")),
    (Lang::De, include_str!("../../lexicon/de.txt")),
    (Lang::ZhHans, include_str!("../../lexicon/zh.txt")),
];

/// Words that mean the same to a visitor and a page, in every language.
#[derive(Debug, Default)]
pub struct Concept {
    /// Its name (the files' `[concept NAME]`).
    pub name: String,
    /// Its words, with their language.
    pub words: Vec<(Lang, String)>,
}

/// A kind of fact a question asks for.
#[derive(Debug, Default)]
pub struct Intent {
    /// Its name (`address`, `hours`, `price`, `contact`).
    pub name: String,
    /// Question words that raise it.
    pub asks: Vec<(Lang, String)>,
    /// Words an answering passage contains.
    pub answers: Vec<(Lang, String)>,
    /// Of those, the ones that state the fact itself; empty: any answer word does.
    pub states: Vec<(Lang, String)>,
}

/// Every list, read.
#[derive(Debug, Default)]
pub struct Lexicon {
    lists: HashMap<(Lang, &'static str), Vec<String>>,
    /// The concepts, in the order of the files.
    pub concepts: Vec<Concept>,
    /// The intents, in the order of the files.
    pub intents: Vec<Intent>,
}

/// The lists of one language that are plain lists of words.
pub const STOPWORDS: &str = "stopwords";
/// See the files' heads.
pub const FILLERS: &str = "fillers";
/// See the files' heads.
pub const GREETINGS: &str = "greetings";
/// See the files' heads.
pub const GREETING_FILLERS: &str = "greeting fillers";
/// See the files' heads.
pub const THANKS: &str = "thanks";
/// See the files' heads.
pub const PERFECT_AUXILIARIES: &str = "perfect auxiliaries";

const PLAIN: &[&str] = &[
    STOPWORDS,
    FILLERS,
    GREETINGS,
    GREETING_FILLERS,
    THANKS,
    PERFECT_AUXILIARIES,
];

/// An entry as the analyser reads it: the stand-ins for times and currency signs become the
/// tokens the analyser writes for them.
fn entry(raw: &str) -> String {
    match raw {
        "{clock time}" => CLOCK_TIME.to_owned(),
        "{evening time}" => EVENING_TIME.to_owned(),
        "{currency}" => CURRENCY.to_owned(),
        word => word.to_owned(),
    }
}

impl Lexicon {
    /// Reads the files.
    fn read() -> Lexicon {
        let mut lexicon = Lexicon::default();
        for (lang, text) in FILES {
            let mut section = String::new();
            for line in text.lines() {
                let line = line.split('#').next().unwrap_or("").trim();
                if line.is_empty() {
                    continue;
                }
                if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                    section = name.trim().to_owned();
                    continue;
                }
                for word in line.split(',').map(str::trim).filter(|w| !w.is_empty()) {
                    lexicon.add(*lang, &section, entry(word));
                }
            }
        }
        lexicon
    }

    fn add(&mut self, lang: Lang, section: &str, word: String) {
        if let Some(plain) = PLAIN.iter().find(|p| **p == section) {
            self.lists.entry((lang, plain)).or_default().push(word);
        } else if let Some(name) = section.strip_prefix("concept ") {
            let at = match self.concepts.iter().position(|c| c.name == name) {
                Some(at) => at,
                None => {
                    self.concepts.push(Concept {
                        name: name.to_owned(),
                        words: Vec::new(),
                    });
                    self.concepts.len() - 1
                }
            };
            self.concepts[at].words.push((lang, word));
        } else if let Some(rest) = section.strip_prefix("intent ") {
            let (name, part) = rest.rsplit_once(' ').unwrap_or((rest, ""));
            let at = match self.intents.iter().position(|i| i.name == name) {
                Some(at) => at,
                None => {
                    self.intents.push(Intent {
                        name: name.to_owned(),
                        ..Intent::default()
                    });
                    self.intents.len() - 1
                }
            };
            let intent = &mut self.intents[at];
            match part {
                "asks" => intent.asks.push((lang, word)),
                "answers" => intent.answers.push((lang, word)),
                "states" => intent.states.push((lang, word)),
                _ => {}
            }
        }
    }

    /// The list `name` of `lang` (Chinese of either script: the simplified lists).
    pub fn list(&self, lang: Lang, name: &str) -> &[String] {
        let lang = if lang.is_chinese() {
            Lang::ZhHans
        } else {
            lang
        };
        PLAIN
            .iter()
            .find(|p| **p == name)
            .and_then(|p| self.lists.get(&(lang, *p)))
            .map_or(&[], Vec::as_slice)
    }

    /// Whether `word` is in the list `name` of `lang`.
    pub fn has(&self, lang: Lang, name: &str, word: &str) -> bool {
        self.list(lang, name).iter().any(|w| w == word)
    }

    /// Whether `word` is in the list `name` of any language.
    pub fn any_has(&self, name: &str, word: &str) -> bool {
        Lang::ALL.iter().any(|l| self.has(*l, name, word))
    }
}

/// The lexicon, read on first use.
pub fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(Lexicon::read)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_its_lists_and_a_concept_is_one_across_files() {
        let l = lexicon();
        for lang in Lang::ALL {
            for list in [STOPWORDS, GREETINGS, THANKS] {
                assert!(!l.list(lang, list).is_empty(), "{lang:?} {list}");
            }
        }
        let shipping = l
            .concepts
            .iter()
            .find(|c| c.name == "shipping-and-delivery")
            .expect("shipping");
        for lang in [Lang::En, Lang::Es, Lang::Fr, Lang::De, Lang::ZhHans] {
            assert!(shipping.words.iter().any(|(l, _)| *l == lang), "{lang:?}");
        }
        let hours = l.intents.iter().find(|i| i.name == "hours").expect("hours");
        assert!(hours.states.iter().any(|(_, w)| w == CLOCK_TIME));
    }

    #[test]
    fn no_section_is_misspelt() {
        for (_, text) in FILES {
            for line in text.lines().map(str::trim) {
                let Some(section) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) else {
                    continue;
                };
                let known = PLAIN.contains(&section)
                    || section.starts_with("concept ")
                    || ["asks", "answers", "states"]
                        .iter()
                        .any(|p| section.starts_with("intent ") && section.ends_with(p));
                assert!(known, "[{section}]");
            }
        }
    }
}
