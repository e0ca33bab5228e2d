//! Retrieval decisions around SQLite FTS5: what a question asks (its words and the facts its
//! question words stand for, in the index's own forms), their weights (BM25's inverse
//! document frequency), the `MATCH` expressions, and how much of a question a passage
//! covers. A passage that covers too little of the question's weight is not an answer, which
//! is what keeps the extractive responder from answering questions its knowledge does not
//! address.
//!
//! [`retrieve`] runs the whole of it over any [`Index`]: the Bot object's FTS5 table, or the
//! in-memory one that tests and the quality check use.

use super::compose::Passage;
use super::concepts;
use super::intents;
use super::lang::{self, Lang};
use super::terms::{self, Analyzed, Piece, Stems, bigrams, fold, pieces, zh_content_segments};
use super::words;

/// Passages that cover less than this share of the question's term weight are not answers.
pub const MIN_COVERAGE: f64 = 0.5;

/// The least weight a term has, however common: in a small knowledge base a word found in
/// every chunk (the shop's name, "hours" in a page of hours) would otherwise weigh nothing
/// and a question made of such words would never be answered.
pub const IDF_FLOOR: f64 = 0.25;

/// Most terms taken from one question.
const MAX_TERMS: usize = 24;

/// How many candidates bm25 gives for each passage retrieval keeps.
const CANDIDATES_PER_PASSAGE: u32 = 3;

/// Something a question asks, before it is weighed.
#[derive(Debug, Clone, PartialEq)]
pub struct Asked {
    /// The word as asked (a Chinese pair, or an intent's name).
    pub word: String,
    /// Index forms, any of which covers it: tokens, or phrases of tokens separated by spaces.
    pub forms: Vec<String>,
    /// Forms of words that mean the same (its concept's), which cover it a little less.
    pub related: Vec<String>,
    /// For a pair of Chinese characters: its run and place in it (to tell a pair that spans
    /// two known words from an unknown word).
    pub pair: Option<(usize, usize)>,
    /// Whether it is an intent (the kind of fact asked for) rather than a word.
    pub intent: bool,
}

/// A question analysed: what it asks and the languages it was read in.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// The language to answer in.
    pub lang: Lang,
    /// What it asks.
    pub asked: Vec<Asked>,
}

/// Reads `question` (sent from a widget in `widget_lang`) against a knowledge base written
/// in `kb_langs`.
pub fn analyse(question: &str, widget_lang: Option<Lang>, kb_langs: &[Lang]) -> Question {
    let reply_lang = lang::of_question(question, widget_lang);
    // Stopwords: of the language the question is written in and of the widget's.
    let mut langs = vec![reply_lang];
    if let Some(w) = widget_lang
        && !langs.contains(&w)
    {
        langs.push(w);
    }
    // Stems: in those and in the knowledge's languages (a product name asked in English
    // about German knowledge is stemmed as the German text was).
    let mut stem_langs = langs.clone();
    for l in kb_langs {
        if !stem_langs.contains(l) {
            stem_langs.push(*l);
        }
    }
    let stems = Stems::new(&stem_langs);
    let pieces = pieces(question);
    let lower_words: Vec<String> = pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Word(w) | Piece::TimePart(w) => Some(w.clone()),
            Piece::Cjk(_) => None,
        })
        .collect();
    let chinese: String = pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Cjk(run) => Some(run.iter().collect::<String>() + " "),
            Piece::Word(_) | Piece::TimePart(_) => None,
        })
        .collect();
    let raised = intents::raised(&lower_words, &chinese, &langs);
    let triggers: Vec<&String> = raised.iter().flat_map(|r| &r.triggered_by).collect();

    let mut asked: Vec<Asked> = Vec::new();
    let push = |asked: &mut Vec<Asked>, a: Asked| {
        if !asked
            .iter()
            .any(|b| b.forms == a.forms && b.related == a.related)
        {
            asked.push(a);
        }
    };
    let mut run_id = 0;
    let mut word_at = 0;
    let mut skip_words = 0;
    for piece in &pieces {
        match piece {
            // The hour and minutes of a time of day are read as the time (its token, before
            // them), not as words the knowledge must say: "open at 19:00 on Saturday?" asks
            // about the hours.
            Piece::TimePart(_) => word_at += 1,
            Piece::Word(w) => {
                let at = word_at;
                word_at += 1;
                if skip_words > 0 {
                    skip_words -= 1;
                    continue; // a later word of a phrase already asked
                }
                let folded = fold(w);
                let meant = concepts::of_word(&stems, &lower_words, at, &langs, &stem_langs);
                // A phrase of a concept counts even when it starts with a stopword ("entre
                // semana", "nach Hause").
                let phrase = meant.as_ref().is_some_and(|m| m.words > 1);
                if !phrase
                    && (words::is_stopword(&langs, &folded)
                        || triggers.iter().any(|t| **t == folded || **t == *w)
                        || (folded.chars().count() < 2 && folded.is_ascii()))
                {
                    continue;
                }
                let mut forms = stems.stems(w);
                let mut word = w.clone();
                let mut related = Vec::new();
                if let Some(meant) = meant {
                    skip_words = meant.words - 1;
                    if meant.words > 1 {
                        // The phrase as asked, and as its concept lists it in other
                        // inflections: the same words ("prendre rendez-vous").
                        forms = vec![meant.own.clone()];
                        forms.extend(
                            meant
                                .forms
                                .iter()
                                .filter(|f| **f != meant.own && concepts::inflects(f, &meant.own))
                                .cloned(),
                        );
                    }
                    word = meant.word;
                    related = meant.forms;
                    related.retain(|f| !forms.contains(f));
                }
                push(
                    &mut asked,
                    Asked {
                        word,
                        forms,
                        related,
                        pair: None,
                        intent: false,
                    },
                );
            }
            Piece::Cjk(run) => {
                // The words of a concept first ("去不了" before its particle "了"), then the
                // rest between its stopwords, in pairs.
                let (meant, rest) = concepts::in_chinese(run, &stem_langs);
                for m in meant {
                    let mut related = m.forms;
                    let forms = if m.own.is_empty() {
                        vec![]
                    } else {
                        vec![m.own]
                    };
                    related.retain(|f| !forms.contains(f));
                    push(
                        &mut asked,
                        Asked {
                            word: m.word,
                            forms,
                            related,
                            pair: None,
                            intent: false,
                        },
                    );
                }
                for segment in rest.iter().flat_map(|r| zh_content_segments(r)) {
                    run_id += 1;
                    if segment.len() < 2 {
                        continue; // one character alone says too little
                    }
                    for (i, pair) in bigrams(&segment).into_iter().enumerate() {
                        push(
                            &mut asked,
                            Asked {
                                word: pair.clone(),
                                forms: vec![pair],
                                related: vec![],
                                pair: Some((run_id, i)),
                                intent: false,
                            },
                        );
                    }
                }
            }
        }
    }
    for intent in raised {
        // The words that state the fact are its forms; those that name its topic (and the
        // question's own words that raised it) cover it a little less. An intent without
        // such words is covered by any of its words.
        let mut facts: Vec<String> = Vec::new();
        let mut topic: Vec<String> = Vec::new();
        let add = |forms: &mut Vec<String>, form: String| {
            if !form.is_empty() && !forms.contains(&form) {
                forms.push(form);
            }
        };
        for (lang, word) in &intent.facts {
            add(&mut facts, terms::index_text(&stems, word, *lang));
        }
        for (lang, word) in &intent.answers {
            add(&mut topic, terms::index_text(&stems, word, *lang));
        }
        for word in &intent.triggered_by {
            // A trigger whose accent is all that tells it from a stopword (French "où", which
            // folds to "ou", "or") would be found in nearly every line: it raises the intent
            // but is no word of its answer. ("wo" stays: "Wo die Daten liegen" answers.)
            let folded = fold(word);
            if folded != *word && words::is_stopword(&langs, &folded) {
                continue;
            }
            for l in &langs {
                add(&mut topic, terms::index_text(&stems, word, *l));
            }
        }
        topic.retain(|f| !facts.contains(f));
        let (forms, related) = if facts.is_empty() {
            (topic, vec![])
        } else {
            (facts, topic)
        };
        push(
            &mut asked,
            Asked {
                word: intent.name.to_owned(),
                forms,
                related,
                pair: None,
                intent: true,
            },
        );
    }
    asked.truncate(MAX_TERMS);
    Question {
        lang: reply_lang,
        asked,
    }
}

/// The words of a form as a query quotes them: each space-separated word with every
/// character that is not a letter or digit dropped.
pub fn phrase_words(form: &str) -> Vec<String> {
    form.split(' ')
        .map(|t| {
            t.chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
        })
        .filter(|t| !t.is_empty())
        .collect()
}

/// An FTS5 `MATCH` expression that finds chunks containing any of `forms` (tokens or
/// phrases), or `None` when there is nothing to search for. Each is quoted and holds only
/// letters, digits and spaces, so no input can inject FTS5 syntax.
pub fn match_expression(forms: &[String]) -> Option<String> {
    let quoted: Vec<String> = forms
        .iter()
        .map(|f| phrase_words(f).join(" "))
        .filter(|f| !f.is_empty())
        .map(|f| format!("\"{f}\""))
        .collect();
    (!quoted.is_empty()).then(|| quoted.join(" OR "))
}

/// BM25's inverse document frequency of a term found in `df` of `n` chunks, at least
/// [`IDF_FLOOR`]. A term found nowhere weighs the most.
pub fn idf(n: u64, df: u64) -> f64 {
    let (n, df) = (n as f64, df.min(n) as f64);
    ((n - df + 0.5) / (df + 0.5) + 1.0).ln().max(IDF_FLOOR)
}

/// A question's term and its weight.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct WeightedTerm {
    /// The word as asked.
    pub word: String,
    /// Index forms, any of which covers it.
    pub forms: Vec<String>,
    /// Forms of words that mean the same, which cover it at [`RELATED_SHARE`] of its weight.
    #[serde(default)]
    pub related: Vec<String>,
    /// Its inverse document frequency in the bot's knowledge.
    pub idf: f64,
    /// What kind of fact the question asks for (an address, hours, a price): a line without
    /// it does not answer, however many of the other words it has.
    #[serde(default)]
    pub intent: bool,
    /// A word of the question's own, found nowhere in the knowledge: the question is about
    /// something the knowledge does not know ("do you have a student discount?" of a page
    /// that never says "student"), and no passage answers it.
    #[serde(default)]
    pub unknown: bool,
}

/// How much of a term's weight a word of the same meaning covers: the question's own word
/// is the better evidence, so "shipping" prefers the line that says "shipping" to the one
/// that says "delivery".
pub const RELATED_SHARE: f64 = 0.8;

impl WeightedTerm {
    /// How much of this term the analysed text holds: 1 for its own word, [`RELATED_SHARE`]
    /// for a word of the same meaning, 0 for neither. An intent's own words are its facts
    /// and its related ones its topic: it takes both for 1.
    pub fn share_in(&self, text: &Analyzed) -> f64 {
        let own = self.forms.iter().any(|f| text.has(f));
        let related = self.related.iter().any(|f| text.has(f));
        match (own, related) {
            // An intent's fact (a time) with its topic ("opening hours") says it best; the
            // fact alone could be about something else ("repairs taken until 18:00").
            (true, false) if self.intent && !self.related.is_empty() => RELATED_SHARE,
            (true, _) => 1.0,
            (false, true) => RELATED_SHARE,
            (false, false) => 0.0,
        }
    }

    /// Whether the analysed text holds this term, in its own or a related word.
    pub fn in_text(&self, text: &Analyzed) -> bool {
        self.share_in(text) > 0.0
    }

    /// Every form that covers it, its own and the related.
    pub fn all_forms(&self) -> impl Iterator<Item = &String> {
        self.forms.iter().chain(&self.related)
    }
}

/// The share (0–1) of the question's weight whose terms appear in `text`.
pub fn coverage(terms: &[WeightedTerm], text: &Analyzed) -> f64 {
    weighted_share(terms, |t| t.share_in(text))
}

/// The share (0–1) of the question's weight covered, each term by `share` (0–1) of its own.
pub fn weighted_share<'a>(
    terms: impl IntoIterator<Item = &'a WeightedTerm>,
    share: impl Fn(&WeightedTerm) -> f64,
) -> f64 {
    let (total, covered) = terms.into_iter().fold((0.0, 0.0), |(total, covered), t| {
        (total + t.idf, covered + t.idf * share(t))
    });
    if total <= 0.0 { 0.0 } else { covered / total }
}

/// The search a Bot's knowledge answers to: its chunks and how often a term occurs in them.
pub trait Index {
    /// Why a search failed.
    type Error;
    /// How many chunks there are.
    fn chunk_count(&self) -> Result<u64, Self::Error>;
    /// The languages the chunks are written in.
    fn languages(&self) -> Result<Vec<Lang>, Self::Error>;
    /// How many chunks hold any of `forms` in their body (not their title: every chunk repeats
    /// its document's title, which would make a document's own subject look common).
    fn body_frequency(&self, forms: &[String]) -> Result<u64, Self::Error>;
    /// The best `limit` chunks holding any of `forms`, best first (bm25, titles weighing
    /// double).
    fn search(&self, forms: &[String], limit: u32) -> Result<Vec<Passage>, Self::Error>;
}

/// What retrieval found for a question.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Found {
    /// Best passages first.
    pub passages: Vec<Passage>,
    /// The question's terms and their weights.
    pub terms: Vec<WeightedTerm>,
    /// How its meaning met the knowledge (retrieval with embeddings only).
    pub meaning: Option<super::hybrid::Meaning>,
    /// The first passage is a curated answer's wording that matches the question closely
    /// ([`super::curated`]): the answer to give.
    pub curated: bool,
}

/// The question's weighted terms and the best passages of `index` for it.
pub fn retrieve<I: Index>(
    index: &I,
    question: &str,
    widget_lang: Option<Lang>,
    limit: u32,
) -> Result<Found, I::Error> {
    let kb_langs = index.languages()?;
    let Question { asked, .. } = analyse(question, widget_lang, &kb_langs);
    if asked.is_empty() {
        return Ok(Found::default());
    }
    let total = index.chunk_count()?;
    let mut weighed: Vec<(Asked, u64)> = Vec::with_capacity(asked.len());
    for a in asked {
        let every: Vec<String> = a.forms.iter().chain(&a.related).cloned().collect();
        let df = index.body_frequency(&every)?;
        weighed.push((a, df));
    }
    // A pair of Chinese characters found nowhere, beside a pair that is found, spans a known
    // word and its neighbour ("治療|晚上" → "療晚", "麵包|店" → "包店"): it is not what the
    // question asks. An unknown word ("無麩質") has no known pair beside it.
    let known = |run: usize, i: usize| {
        weighed
            .iter()
            .any(|(a, df)| a.pair == Some((run, i)) && *df > 0)
    };
    let junction = |a: &Asked, df: u64| match a.pair {
        Some((run, i)) if df == 0 => (i > 0 && known(run, i - 1)) || known(run, i + 1),
        _ => false,
    };
    // A word of the question's own (not an intent, not one of a concept's): a Latin-script
    // word, or two Chinese characters standing alone between particles ("学生" in
    // "有学生优惠吗"); pairs cut from a longer run may be half of a word the knowledge
    // writes otherwise.
    let is_a_whole_word = |a: &Asked| {
        !a.intent
            && a.related.is_empty()
            && match a.pair {
                None => true,
                Some((run, _)) => {
                    weighed
                        .iter()
                        .filter(|(b, _)| b.pair.is_some_and(|(r, _)| r == run))
                        .count()
                        == 1
                }
            }
    };
    let terms: Vec<WeightedTerm> = weighed
        .iter()
        .filter(|(a, df)| !junction(a, *df))
        .map(|(a, df)| WeightedTerm {
            word: a.word.clone(),
            forms: a.forms.clone(),
            related: a.related.clone(),
            idf: idf(total, *df),
            intent: a.intent,
            unknown: *df == 0 && is_a_whole_word(a),
        })
        .collect();
    let every_form: Vec<String> = terms.iter().flat_map(|t| t.all_forms().cloned()).collect();
    // bm25 finds the candidates; words of the same meaning make many chunks candidates, so
    // more are read than kept and the ones that cover most of the question are kept.
    let mut passages = index.search(&every_form, limit.saturating_mul(CANDIDATES_PER_PASSAGE))?;
    let stems = Stems::new(&kb_langs);
    let covers = |p: &Passage| {
        let text = Analyzed::of(&stems, &format!("{}\n{}", p.title, p.body), p.language());
        coverage(&terms, &text)
    };
    let mut ranked: Vec<(f64, Passage)> = passages.drain(..).map(|p| (covers(&p), p)).collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    // A curated answer that matches closely wins over the documents.
    let close = ranked
        .iter()
        .position(|(_, p)| super::curated::close_by_words(&terms, p));
    if let Some(at) = close {
        let answer = ranked.remove(at);
        ranked.insert(0, answer);
    }
    let passages = ranked
        .into_iter()
        .take(limit as usize)
        .map(|(_, p)| p)
        .collect();
    Ok(Found {
        passages,
        terms,
        meaning: None,
        curated: close.is_some(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weighted(pairs: &[(&str, f64)]) -> Vec<WeightedTerm> {
        pairs
            .iter()
            .map(|(w, idf)| WeightedTerm {
                word: (*w).into(),
                forms: vec![Stems::default().stem(Lang::En, w)],
                related: vec![],
                idf: *idf,
                intent: false,
                unknown: false,
            })
            .collect()
    }

    fn words_of(question: &str, widget: Option<Lang>) -> Vec<String> {
        analyse(question, widget, &[])
            .asked
            .into_iter()
            .map(|a| a.word)
            .collect()
    }

    #[test]
    fn the_match_expression_quotes_each_form() {
        let forms = vec!["open".to_string(), "营业 业时 时间".to_string()];
        assert_eq!(
            match_expression(&forms).unwrap(),
            "\"open\" OR \"营业 业时 时间\""
        );
    }

    #[test]
    fn fts_syntax_cannot_be_injected() {
        let words = vec!["a\"b".to_string(), "NEAR(".to_string(), "*".to_string()];
        assert_eq!(match_expression(&words).unwrap(), "\"ab\" OR \"NEAR\"");
        assert_eq!(match_expression(&[]), None);
    }

    #[test]
    fn rare_terms_weigh_more_than_common_ones_and_none_weighs_nothing() {
        assert!(idf(100, 0) > idf(100, 5));
        assert!(idf(100, 5) > idf(100, 90));
        assert_eq!(idf(10, 10), IDF_FLOOR);
    }

    #[test]
    fn coverage_counts_inflected_words() {
        let stems = Stems::default();
        let terms = weighted(&[("opening", 1.0), ("hours", 1.0)]);
        let text = Analyzed::of(
            &stems,
            "We open at 8. Our hour of opening is early.",
            Lang::En,
        );
        let c = coverage(&terms, &text);
        assert!((c - 1.0).abs() < 1e-9, "{c}");
    }

    #[test]
    fn a_passage_missing_the_rare_word_covers_little() {
        let stems = Stems::default();
        let terms = weighted(&[("sell", 0.4), ("bicycles", 3.0)]);
        let text = Analyzed::of(&stems, "We sell coffee beans and mugs.", Lang::En);
        assert!(coverage(&terms, &text) < MIN_COVERAGE);
    }

    #[test]
    fn questions_keep_their_content_words_in_every_language() {
        assert_eq!(
            words_of("Do you ship to Canada??", None),
            ["ship", "canada"]
        );
        assert_eq!(
            words_of("What are your opening hours?", None),
            ["opening", "hours"]
        );
        assert_eq!(
            words_of("¿Hacéis envíos a Canarias?", Some(Lang::Es)),
            ["envíos", "canarias"]
        );
        assert_eq!(
            words_of("Est-ce que vous livrez en Belgique ?", Some(Lang::Fr)),
            ["livrez", "belgique"]
        );
        assert_eq!(
            words_of("Kann ich mit PayPal bezahlen?", Some(Lang::De)),
            ["paypal", "bezahlen"]
        );
    }

    #[test]
    fn chinese_questions_become_pairs_and_intents() {
        assert_eq!(
            words_of("有沒有無麩質的麵包？", Some(Lang::ZhHant)),
            ["无麸", "麸质", "面包"]
        );
        assert_eq!(
            words_of("鹽可頌一個多少錢", Some(Lang::ZhHant)),
            ["盐可", "可颂", "price"]
        );
        assert_eq!(
            words_of("API每分鐘可以呼叫幾次", None),
            ["api", "每分", "分钟", "呼叫"]
        );
    }

    #[test]
    fn an_intent_is_covered_by_any_of_its_words_in_any_language() {
        let stems = Stems::default();
        let q = analyse("麵包店在哪裡？", Some(Lang::ZhHant), &[Lang::ZhHant]);
        let intent = q.asked.iter().find(|a| a.word == "address").unwrap();
        let term = WeightedTerm {
            word: intent.word.clone(),
            forms: intent.forms.clone(),
            related: vec![],
            idf: 1.0,
            intent: true,
            unknown: false,
        };
        assert!(term.in_text(&Analyzed::of(
            &stems,
            "- 地址：台北市大安區永康街",
            Lang::ZhHant
        )));
        let q = analyse("Where are you?", None, &[Lang::En]);
        let term = WeightedTerm {
            word: "address".into(),
            forms: q.asked[0].forms.clone(),
            related: vec![],
            idf: 1.0,
            intent: true,
            unknown: false,
        };
        assert!(term.in_text(&Analyzed::of(
            &stems,
            "We are located at 12 Quay Street.",
            Lang::En
        )));
    }

    #[test]
    fn french_ou_raises_the_address_but_is_not_found_in_every_or() {
        let q = analyse("vous êtes où ?", Some(Lang::Fr), &[Lang::Fr]);
        let address = q.asked.iter().find(|a| a.word == "address").unwrap();
        assert!(!address.forms.iter().any(|f| f == "ou"), "{address:?}");
        // German "wo" stays a word of the answer: "Wo die Daten liegen" answers it.
        let q = analyse("wo stehen eure Server?", Some(Lang::De), &[Lang::De]);
        let address = q.asked.iter().find(|a| a.word == "address").unwrap();
        assert!(address.forms.iter().any(|f| f == "wo"), "{address:?}");
    }
}
