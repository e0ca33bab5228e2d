//! Curated answers: an owner's own answer to a question, in several wordings, kept with the
//! documents and found by the same retrieval. Each wording is a chunk of its own (the wording
//! its title, the answer its body, [`KIND`] its kind), so a visitor's question meets the
//! wordings by words and by meaning like any passage. When one meets it closely
//! ([`close_by_meaning`], [`close_by_words`]; [`super::retrieval::Found::curated`]), that answer wins over the documents: the
//! extractive responder gives it as written and an LLM gets it as its first source.

use super::compose::Passage;
use super::hybrid::{Candidate, Semantic};
use super::retrieval::{WeightedTerm, coverage};
use super::terms::{Analyzed, Stems};
use super::vectors::Similarities;
use porthole_shared::Source;
use serde::{Deserialize, Deserializer, Serialize};

/// The kind of a curated answer's chunk (and the format of its row in `documents`).
pub const KIND: &str = "answer";

/// How much nearer (cosine similarity) the question must be to the nearest wording than to the
/// nearest row of anything else (another answer, a document) for the wording to be a close
/// match when the words alone do not make one. A lead, not a level: a small knowledge base
/// has no spread to stand out from. Measured with multilingual-e5-small
/// (`quality::curated`, Syncthing's documentation and two curated answers written here;
/// and a coffee shop's two documents and one answer): paraphrases in other words and
/// languages led by 0.014 to 0.058; questions about something else whose nearest row was a
/// wording by 0.011 at most (moving the whole program to a new computer, for an answer on
/// moving its database). A thin line on a small set: calibrated for that model and carried
/// over to others (bge-m3 cannot run here), like the weights of `super::hybrid`.
pub const CLOSE_LEAD: f32 = 0.013;
/// The share of the question's word weight a wording must hold to match it by its words.
pub const CLOSE_COVERAGE: f32 = 0.9;

/// A curated answer as the Bot object keeps it in its `documents` row (`text`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stored {
    /// Its wordings.
    pub questions: Vec<String>,
    /// The answer (Markdown).
    pub answer: String,
}

impl Stored {
    /// Reads a row's text (`None` when it is not a curated answer's).
    pub fn read(text: &str) -> Option<Self> {
        serde_json::from_str(text).ok()
    }

    /// The chunks it is indexed as: each wording with the answer.
    pub fn chunks(&self) -> impl Iterator<Item = (&str, &str)> {
        self.questions
            .iter()
            .map(|q| (q.as_str(), self.answer.as_str()))
    }
}

/// The candidate, among `ranked` (best first), whose curated wording is the nearest row to the
/// question by meaning and leads every row of anything else by [`CLOSE_LEAD`], or matches it
/// by its words ([`close_by_words`]); its place.
pub fn close_by_meaning<I: Semantic>(
    index: &I,
    similarities: &Similarities,
    ranked: &[(f32, Candidate)],
    terms: &[WeightedTerm],
) -> Option<usize> {
    ranked.iter().position(|(_, c)| {
        c.passage.curated
            && ((c.evidence.semantic_rank >= 1.0 && lead(index, similarities, c.row) >= CLOSE_LEAD)
                || close_by_words(terms, &c.passage))
    })
}

/// How much nearer the question is to `row` than to the nearest row of another document or
/// answer.
pub fn lead<I: Semantic>(index: &I, similarities: &Similarities, row: usize) -> f32 {
    let Some(own) = similarities.of_row.get(row).copied().flatten() else {
        return f32::MIN;
    };
    let doc = index.doc_id(row);
    let others = similarities
        .of_row
        .iter()
        .enumerate()
        .filter_map(|(r, s)| s.filter(|_| r != row && index.doc_id(r) != doc))
        .fold(f32::MIN, f32::max);
    if others == f32::MIN {
        0.0
    } else {
        own - others
    }
}

/// Whether `passage` is a curated wording that holds most of the question's word weight, and
/// every word of the question it lacks is one the knowledge uses (a question about something
/// else, in the same words, is not its paraphrase).
pub fn close_by_words(terms: &[WeightedTerm], passage: &Passage) -> bool {
    if !passage.curated {
        return false;
    }
    let stems = Stems::new(&[passage.language()]);
    let wording = Analyzed::of(&stems, &passage.title, passage.language());
    let foreign = terms.iter().any(|t| t.unknown && !t.in_text(&wording));
    !foreign && coverage(terms, &wording) as f32 >= CLOSE_COVERAGE
}

/// What a curated answer cites: its link, named by its address; none without one (the answer
/// is the owner's own word).
pub fn source(passage: &Passage) -> Option<Source> {
    let url = passage.url.as_str();
    let name = url.split_once("://").map_or(url, |(_, rest)| rest);
    (!url.is_empty()).then(|| Source {
        title: name.trim_end_matches('/').to_owned(),
        url: url.to_owned(),
    })
}

/// Reads a flag kept as a boolean or as SQLite's integer.
pub fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::Bool(b) => b,
        serde_json::Value::Number(n) => n.as_f64().is_some_and(|n| n != 0.0),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_answer_is_a_chunk_per_wording() {
        let stored = Stored {
            questions: vec!["Can I return coffee?".into(), "Refunds?".into()],
            answer: "Yes, within 30 days.".into(),
        };
        let text = serde_json::to_string(&stored).unwrap();
        let read = Stored::read(&text).unwrap();
        let chunks: Vec<_> = read.chunks().collect();
        assert_eq!(
            chunks,
            [
                ("Can I return coffee?", "Yes, within 30 days."),
                ("Refunds?", "Yes, within 30 days.")
            ]
        );
        assert!(Stored::read("# A document").is_none());
    }

    #[test]
    fn a_flag_is_read_from_a_boolean_or_an_integer() {
        let p: Passage = serde_json::from_str(
            r#"{"doc_id":1,"title":"t","url":"","body":"b","lang":"en","curated":1}"#,
        )
        .unwrap();
        assert!(p.curated);
        let p: Passage =
            serde_json::from_str(r#"{"doc_id":1,"title":"t","url":"","body":"b","curated":0}"#)
                .unwrap();
        assert!(!p.curated);
        let p: Passage =
            serde_json::from_str(r#"{"doc_id":1,"title":"t","url":"","body":"b"}"#).unwrap();
        assert!(!p.curated);
    }
}
