//! Words that mean the same thing to a visitor and to a page: "ship", "send" and "mail";
//! "Kassenpatient" and "gesetzliche Krankenkasse"; "退" and "退货"; "iPhone" and "iOS". A
//! visitor asks in their own words and a page answers in its own, so a question word that
//! belongs to a concept is covered by any word of that concept, in any language (a question
//! asked in English of a German page finds "Versand" for "shipping").
//!
//! The concepts are data (`[concept NAME]` in the lexicon's files, [`super::lexicon`]): the
//! vocabulary of customer service (opening, shipping, returns, payment, appointments,
//! parking, plans, trials, apps, data, support), not of any one site. Latin-script words are
//! matched by their stem, so every inflection of a listed word belongs to its concept;
//! Chinese words are found inside the question's text.

use super::lang::Lang;
use super::terms::{self, Stems};
use std::collections::HashMap;
use std::sync::OnceLock;

use Lang::{De, En, Es, Fr};

/// The concepts of the lexicon, ready to look up: each concept's index forms, and which concepts a stem
/// (per language) or a Chinese word belongs to.
struct Lexicon {
    /// Each concept's forms in the index (tokens, or phrases of tokens), with the language of
    /// the list they come from.
    forms: Vec<Vec<(Lang, String)>>,
    /// `(language, stemmed word or phrase)` → concepts.
    by_stem: HashMap<(Lang, String), Vec<usize>>,
    /// Chinese words (simplified) and their concept, longest first.
    chinese: Vec<(Vec<char>, usize)>,
    /// How many words the longest Latin-script phrase has.
    longest: usize,
}

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let concepts = &super::lexicon::lexicon().concepts;
        let stems = Stems::new(&[En, Es, Fr, De]);
        let mut forms = Vec::with_capacity(concepts.len());
        let mut by_stem: HashMap<(Lang, String), Vec<usize>> = HashMap::new();
        let mut chinese = Vec::new();
        let mut longest = 1;
        for (id, concept) in concepts.iter().enumerate() {
            let mut own: Vec<(Lang, String)> = Vec::new();
            for (list, word) in &concept.words {
                // A Latin-script word in a Chinese list ("iPhone") is read as English.
                let lang = if list.is_chinese() && !word.chars().any(super::lang::is_cjk) {
                    En
                } else {
                    *list
                };
                let form = terms::index_text(&stems, word, lang);
                if lang.is_chinese() {
                    let chars: Vec<char> = terms::simplified(word).chars().collect();
                    chinese.push((chars.clone(), id));
                    // A single character is no index token (Chinese is indexed in pairs).
                    if chars.len() < 2 {
                        continue;
                    }
                } else {
                    longest = longest.max(form.split(' ').count());
                    by_stem.entry((lang, form.clone())).or_default().push(id);
                }
                if !form.is_empty() && !own.iter().any(|(l, f)| l == list && *f == form) {
                    own.push((*list, form));
                }
            }
            forms.push(own);
        }
        chinese.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        Lexicon {
            forms,
            by_stem,
            chinese,
            longest,
        }
    })
}

/// `stem`, then without its last one or two letters while five remain: the endings a
/// stemmer leaves on some verb forms (German "schickt" → `schickt`, where "schicken" →
/// `schick`).
fn shortened(stem: &str) -> impl Iterator<Item = &str> {
    let ends: Vec<usize> = stem.char_indices().map(|(i, _)| i).collect();
    let n = ends.len();
    std::iter::once(stem).chain(
        (1..=2)
            .filter(move |cut| n >= 5 + cut)
            .map(move |cut| &stem[..ends[n - cut]]),
    )
}

/// Whether the phrase `form` is the phrase `own` in another inflection: word by word the
/// same, or one the other with a stemmer's leftover ending (French "prendre rendez-vous" →
/// `prendr rendez vous` for "prend rendez-vous" → `prend rendez vous`; see [`shortened`]).
pub fn inflects(form: &str, own: &str) -> bool {
    let (a, b): (Vec<&str>, Vec<&str>) = (form.split(' ').collect(), own.split(' ').collect());
    a.len() == b.len()
        && a.iter().zip(&b).all(|(x, y)| {
            let (short, long) = if x.len() <= y.len() { (x, y) } else { (y, x) };
            x == y || shortened(long).skip(1).any(|s| s == *short)
        })
}

/// A concept a question asks about: the question's word for it and every form that covers it.
#[derive(Debug, Clone, PartialEq)]
pub struct Meant {
    /// The question's own word (or phrase).
    pub word: String,
    /// How many of the question's words it took (more than 1 for a phrase).
    pub words: usize,
    /// The question's own word as the index holds it ("" for a single Chinese character,
    /// which the index does not hold alone).
    pub own: String,
    /// The index forms of the concepts it belongs to.
    pub forms: Vec<String>,
}

/// The forms of concepts `ids` in `langs`: a word of the same meaning in a language neither
/// the question nor the knowledge is written in only adds chance matches (English "reserve"
/// in French "places réservées" for a French question about appointments); see
/// [`Lang::is_read_in`].
fn forms_of(ids: &[usize], langs: &[Lang]) -> Vec<String> {
    let lexicon = lexicon();
    let mut out: Vec<String> = Vec::new();
    for id in ids {
        for (lang, f) in &lexicon.forms[*id] {
            if lang.is_read_in(langs) && !out.contains(f) {
                out.push(f.clone());
            }
        }
    }
    out
}

/// The concept of the question's word `words[i]` (lowercase), or of it and the words after
/// it as a phrase (the longest preferred: "avancer les frais" before "avancer"), stemmed in
/// each of `langs`; its forms are those of the languages `within` (the question's and the
/// knowledge's).
pub fn of_word(
    stems: &Stems,
    words: &[String],
    i: usize,
    langs: &[Lang],
    within: &[Lang],
) -> Option<Meant> {
    let lexicon = lexicon();
    let latin = langs.iter().filter(|l| !l.is_chinese());
    let mut found: Option<(usize, Vec<usize>, String)> = None;
    // A phrase in any language before a single word; a single word in the first language
    // that knows it.
    'langs: for lang in latin {
        let longest = lexicon.longest.min(words.len() - i);
        for n in (2..=longest).rev() {
            let phrase: Vec<String> = words[i..i + n]
                .iter()
                .map(|w| stems.stem(*lang, w))
                .collect();
            let phrase = phrase.join(" ");
            if let Some(ids) = lexicon.by_stem.get(&(*lang, phrase.clone())) {
                found = Some((n, ids.clone(), phrase));
                break 'langs;
            }
        }
        if found.is_none() {
            let stem = stems.stem(*lang, &words[i]);
            let ids = shortened(&stem).find_map(|s| lexicon.by_stem.get(&(*lang, s.to_owned())));
            if let Some(ids) = ids {
                found = Some((1, ids.clone(), stem.clone()));
            }
        }
    }
    let (n, ids, own) = found?;
    Some(Meant {
        word: words[i..i + n].join(" "),
        words: n,
        own,
        forms: forms_of(&ids, within),
    })
}

/// The concepts found in a run of Chinese text (simplified), with the run cut into the parts
/// between them (which are read as ordinary text); their forms are those of the languages
/// `within` (the question's and the knowledge's).
pub fn in_chinese(run: &[char], within: &[Lang]) -> (Vec<Meant>, Vec<Vec<char>>) {
    let lexicon = lexicon();
    let mut meant: Vec<Meant> = Vec::new();
    let mut rest: Vec<Vec<char>> = Vec::new();
    let mut current: Vec<char> = Vec::new();
    let mut i = 0;
    while i < run.len() {
        let hit = lexicon
            .chinese
            .iter()
            .find(|(w, _)| run[i..].starts_with(w));
        match hit {
            Some((w, _)) => {
                let ids: Vec<usize> = lexicon
                    .chinese
                    .iter()
                    .filter(|(other, _)| other == w)
                    .map(|(_, id)| *id)
                    .collect();
                let word: String = w.iter().collect();
                if !meant.iter().any(|m| m.word == word) {
                    let own = if w.len() > 1 {
                        terms::bigrams(w).join(" ")
                    } else {
                        String::new()
                    };
                    meant.push(Meant {
                        word,
                        words: 1,
                        own,
                        forms: forms_of(&ids, within),
                    });
                }
                if !current.is_empty() {
                    rest.push(std::mem::take(&mut current));
                }
                i += w.len();
            }
            None => {
                current.push(run[i]);
                i += 1;
            }
        }
    }
    if !current.is_empty() {
        rest.push(current);
    }
    (meant, rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Lang::ZhHans as Zh;

    fn words(s: &str) -> Vec<String> {
        s.split(' ').map(str::to_owned).collect()
    }

    #[test]
    fn inflections_of_a_word_find_its_concept_and_its_words_in_every_language() {
        let stems = Stems::new(&[En, De]);
        let every = [En, De, Es, Fr, Zh];
        let m = of_word(&stems, &words("shipped"), 0, &[En], &every).unwrap();
        assert!(m.forms.contains(&stems.stem(De, "versand")));
        assert!(m.forms.iter().any(|f| f == "寄送"));
        let m = of_word(&stems, &words("zurückschicken"), 0, &[De], &[De]).unwrap();
        assert!(m.forms.contains(&stems.stem(De, "rückgabe")));
        assert!(of_word(&stems, &words("pizza"), 0, &[En], &every).is_none());
    }

    #[test]
    fn only_the_languages_of_the_question_and_the_knowledge_bring_forms() {
        let stems = Stems::new(&[En, De, Fr]);
        // An English question of German knowledge finds the German words, not the French.
        let m = of_word(&stems, &words("shipped"), 0, &[En], &[En, De]).unwrap();
        assert!(m.forms.contains(&stems.stem(De, "versand")));
        assert!(!m.forms.contains(&stems.stem(Fr, "livraison")));
        assert!(!m.forms.iter().any(|f| f == "寄送"));
        // French appointments are not English "reserve" ("places réservées").
        let m = of_word(&stems, &words("rendez vous"), 0, &[Fr], &[Fr]).unwrap();
        assert!(!m.forms.contains(&stems.stem(En, "reserve")));
    }

    #[test]
    fn irregular_forms_are_in_their_concept() {
        let stems = Stems::new(&[En]);
        let m = of_word(&stems, &words("sell"), 0, &[En], &[En]).unwrap();
        assert!(m.forms.contains(&stems.stem(En, "sold")));
    }

    #[test]
    fn a_two_word_phrase_is_one_concept() {
        let stems = Stems::new(&[En]);
        let m = of_word(&stems, &words("send back"), 0, &[En], &[En]).unwrap();
        assert_eq!(m.words, 2);
        assert!(m.forms.contains(&stems.stem(En, "refund")));
    }

    #[test]
    fn a_phrase_in_another_inflection_is_the_same_phrase() {
        assert!(inflects("prendr rendez vous", "prend rendez vous"));
        assert!(inflects("prend rendez vous", "prend rendez vous"));
        assert!(!inflects("rendez vous", "prend rendez vous"));
        assert!(!inflects("pris rendez vous", "prend rendez vous"));
    }

    #[test]
    fn a_longer_phrase_is_one_concept_before_its_first_word() {
        let stems = Stems::new(&[Es]);
        let m = of_word(&stems, &words("fin de semana"), 0, &[Es], &[Es]).unwrap();
        assert_eq!(m.words, 3);
        assert!(m.forms.contains(&terms::index_text(&stems, "sábado", Es)));
    }

    #[test]
    fn chinese_concepts_are_found_inside_a_run_and_cut_it() {
        let run: Vec<char> = "开车去诊所好停车".chars().collect();
        let (meant, rest) = in_chinese(&run, &[Zh]);
        let words: Vec<&str> = meant.iter().map(|m| m.word.as_str()).collect();
        assert_eq!(words, ["开车去", "停车"]);
        assert!(meant[1].forms.iter().any(|f| f == "停车 车场"));
        let rest: Vec<String> = rest.into_iter().map(|r| r.into_iter().collect()).collect();
        assert_eq!(rest, ["诊所好"]);
    }
}
