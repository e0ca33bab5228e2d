//! Retrieval by words and by meaning together. The words of a question find the passages that
//! say them (BM25 and coverage, [`super::retrieval`]); its embedding finds the passages that
//! mean what it asks, in other words or another language ([`super::vectors`]). Each passage
//! either ranking finds gets its [`Evidence`], and one linear score of it ranks them
//! ([`RANKING`]); a second one tells how likely the first passage answers at all
//! ([`ANSWERING`]), which the extractive responder reads to say "I don't know".
//!
//! Both scores were fitted (logistic regression) on the dev halves of the public evaluation
//! sets and on the sets of `bench/quality/` (small businesses' knowledge, which the public sets
//! lack), with the local model, and read only quantities any model gives on the same scale:
//! similarities as standard deviations above the question's mean over the knowledge, ranks,
//! and shares of the question's words. So they are calibrated for multilingual-e5-small and
//! carried over, unmeasured, to other models (bge-m3 on Workers AI cannot run here). `cargo test -p porthole-edge fit_scores -- --ignored
//! --nocapture` fits them again and prints their leave-one-set-out figures.

use super::compose::{Passage, best_line_share, words_answer};
use super::lang::Lang;
use super::retrieval::{Found, Index, WeightedTerm, coverage, retrieve};
use super::terms::{Analyzed, Stems};
use super::vectors::Similarities;
use serde::{Deserialize, Serialize};

/// Candidates read from each ranking.
pub const CANDIDATES: usize = 24;
/// How much a chunk's centrality counts against its similarity ([`Evidence::distinct`]).
const CENTRALITY: f32 = 0.25;

/// An index that also finds passages by meaning: its rows' embedding vectors.
pub trait Semantic {
    /// The model its vectors are of, `None` when it has none.
    fn model(&self) -> Option<&str>;
    /// Every row's similarity to the unit vector `query`, `None` without vectors of its length.
    fn similarities(&self, query: &[f32]) -> Option<Similarities>;
    /// The passage of a row.
    fn passage(&self, row: usize) -> Option<Passage>;
    /// How near a row lies to the middle of all rows (`VectorIndex::finish`).
    fn central(&self, row: usize) -> f32;
    /// The document (or curated answer) of a row.
    fn doc_id(&self, row: usize) -> Option<i64> {
        self.passage(row).map(|p| p.doc_id)
    }
}

/// What a passage has for it as an answer to a question.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// Its similarity to the question, in standard deviations above the question's mean
    /// similarity over the knowledge.
    pub standing: f32,
    /// The same, less [`CENTRALITY`] times its centrality.
    pub distinct: f32,
    /// `1 / (1 + rank)` by similarity.
    pub semantic_rank: f32,
    /// `1 / (1 + rank)` by words (0 when the words did not find it).
    pub lexical_rank: f32,
    /// The share of the question's word weight its title and text hold.
    pub coverage: f32,
    /// The same, of its text alone.
    pub body_coverage: f32,
    /// The share its best line holds.
    pub line: f32,
}

/// A linear score of a passage's [`Evidence`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RankWeights {
    /// Of [`Evidence::standing`].
    pub standing: f32,
    /// Of [`Evidence::distinct`].
    pub distinct: f32,
    /// Of [`Evidence::semantic_rank`].
    pub semantic_rank: f32,
    /// Of [`Evidence::lexical_rank`].
    pub lexical_rank: f32,
    /// Of [`Evidence::coverage`].
    pub coverage: f32,
    /// Of [`Evidence::body_coverage`].
    pub body_coverage: f32,
    /// Of [`Evidence::line`].
    pub line: f32,
    /// The constant.
    pub bias: f32,
}

impl RankWeights {
    /// The score of `e`.
    pub fn score(&self, e: &Evidence) -> f32 {
        self.standing * e.standing
            + self.distinct * e.distinct
            + self.semantic_rank * e.semantic_rank
            + self.lexical_rank * e.lexical_rank
            + self.coverage * e.coverage
            + self.body_coverage * e.body_coverage
            + self.line * e.line
            + self.bias
    }
}

/// What the first passage of a ranking has for it as the answer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Confidence {
    /// Its ranking score.
    pub score: f32,
    /// How far it leads the second.
    pub margin: f32,
    /// Its [`Evidence::standing`].
    pub standing: f32,
    /// Its [`Evidence::coverage`].
    pub coverage: f32,
    /// Its [`Evidence::line`].
    pub line: f32,
    /// The share of the question's word weight in words the knowledge never uses.
    pub unknown: f32,
    /// 1 when the words alone would answer with it ([`words_answer`]), else 0.
    pub words: f32,
}

/// A linear score of a [`Confidence`] (the log-odds that the first passage answers).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AnswerWeights {
    /// Of [`Confidence::score`].
    pub score: f32,
    /// Of [`Confidence::margin`].
    pub margin: f32,
    /// Of [`Confidence::standing`].
    pub standing: f32,
    /// Of [`Confidence::coverage`].
    pub coverage: f32,
    /// Of [`Confidence::line`].
    pub line: f32,
    /// Of [`Confidence::unknown`].
    pub unknown: f32,
    /// Of [`Confidence::words`].
    pub words: f32,
    /// The constant.
    pub bias: f32,
}

impl AnswerWeights {
    /// The log-odds of `c`.
    pub fn score(&self, c: &Confidence) -> f32 {
        self.score * c.score
            + self.margin * c.margin
            + self.standing * c.standing
            + self.coverage * c.coverage
            + self.line * c.line
            + self.unknown * c.unknown
            + self.words * c.words
            + self.bias
    }
}

/// The ranking of passages by their evidence (fitted: see the module's comment).
pub const RANKING: RankWeights = RankWeights {
    standing: 0.229,
    distinct: 0.286,
    semantic_rank: 2.009,
    lexical_rank: 1.969,
    coverage: 0.533,
    body_coverage: 0.821,
    line: 1.264,
    bias: -6.024,
};

/// Whether the first passage answers (fitted: see the module's comment).
pub const ANSWERING: AnswerWeights = AnswerWeights {
    score: 0.059,
    margin: 0.488,
    standing: 0.466,
    coverage: 0.575,
    line: 1.966,
    unknown: -0.786,
    words: 0.124,
    bias: -3.275,
};

/// The log-odds past which the extractive responder answers with the first passage. On the
/// public dev halves (leave one set out), its first passage was then right for 21.6 % of the
/// answerable questions, wrong for 1.7 % of all, and answered 3.2 % of the unanswerable ones;
/// at 0.0: 29.8 %, 6.6 % and 11.7 %; at -1.0: 41.9 %, 15.2 % and 26.6 %. (On the sets of
/// `bench/quality/`, fitted on as well: 51 %, 2.0 % and 0.9 %.)
pub const ANSWER_THRESHOLD: f32 = 1.0;

/// How the question's meaning met the knowledge.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Meaning {
    /// The model (`provider:model`).
    pub model: String,
    /// Each found passage's evidence, in the order of the passages.
    pub evidence: Vec<Evidence>,
    /// How likely the first passage answers: log-odds ([`ANSWERING`]).
    pub answers: f32,
}

impl Meaning {
    /// Whether the first passage is an answer, by the fitted threshold.
    pub fn answered(&self) -> bool {
        self.answers >= ANSWER_THRESHOLD
    }
}

/// A passage found, with its evidence.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The row.
    pub row: usize,
    /// Its passage.
    pub passage: Passage,
    /// What it has for it.
    pub evidence: Evidence,
}

/// Every passage either ranking finds among its first [`CANDIDATES`], with its evidence, and
/// the question's weighted terms.
pub fn candidates<I: Index + Semantic>(
    index: &I,
    question: &str,
    widget_lang: Option<Lang>,
    similarities: &Similarities,
) -> Result<(Vec<Candidate>, Vec<WeightedTerm>), I::Error> {
    let lexical = retrieve(index, question, widget_lang, CANDIDATES as u32)?;
    let semantic = similarities.best(CANDIDATES);
    let semantic_rank_of = |row: usize| {
        // Its place by similarity among every row (not only the first ones).
        let s = similarities.of_row[row].unwrap_or(f32::MIN);
        similarities
            .of_row
            .iter()
            .filter(|o| o.is_some_and(|o| o > s))
            .count()
    };
    let mut rows: Vec<usize> = lexical.passages.iter().map(|p| p.row as usize).collect();
    for (row, _) in &semantic {
        if !rows.contains(row) {
            rows.push(*row);
        }
    }
    let langs: Vec<_> = index_langs(&lexical.passages, &semantic, index);
    let stems = Stems::new(&langs);
    let out = rows
        .into_iter()
        .filter_map(|row| {
            let passage = index.passage(row)?;
            let standing = similarities
                .of_row
                .get(row)
                .copied()
                .flatten()
                .map_or(-3.0, |s| standing(similarities, s));
            let lexical_rank = lexical
                .passages
                .iter()
                .position(|p| p.row as usize == row)
                .map_or(0.0, |r| 1.0 / (1.0 + r as f32));
            let whole = Analyzed::of(
                &stems,
                &format!("{}\n{}", passage.title, passage.body),
                passage.language(),
            );
            let body = Analyzed::of(&stems, &passage.body, passage.language());
            let evidence = Evidence {
                standing,
                distinct: standing - CENTRALITY * index.central(row),
                semantic_rank: 1.0 / (1.0 + semantic_rank_of(row) as f32),
                lexical_rank,
                coverage: coverage(&lexical.terms, &whole) as f32,
                body_coverage: coverage(&lexical.terms, &body) as f32,
                line: best_line_share(&lexical.terms, &passage) as f32,
            };
            Some(Candidate {
                row,
                passage,
                evidence,
            })
        })
        .collect();
    Ok((out, lexical.terms))
}

/// The languages of the passages found (for their stemmers).
fn index_langs<I: Semantic>(
    lexical: &[Passage],
    semantic: &[(usize, f32)],
    index: &I,
) -> Vec<super::lang::Lang> {
    let mut langs: Vec<super::lang::Lang> = Vec::new();
    let found = lexical.iter().map(Passage::language).chain(
        semantic
            .iter()
            .filter_map(|(r, _)| index.passage(*r).map(|p| p.language())),
    );
    for l in found {
        if !langs.contains(&l) {
            langs.push(l);
        }
    }
    langs
}

fn standing(similarities: &Similarities, s: f32) -> f32 {
    if similarities.spread > 0.0 {
        (s - similarities.mean) / similarities.spread
    } else {
        0.0
    }
}

/// The share of the question's word weight in words the knowledge never uses.
pub fn unknown_share(terms: &[WeightedTerm]) -> f32 {
    let total: f64 = terms.iter().map(|t| t.idf).sum();
    let unknown: f64 = terms.iter().filter(|t| t.unknown).map(|t| t.idf).sum();
    if total > 0.0 {
        (unknown / total) as f32
    } else {
        0.0
    }
}

/// `candidates` best first by `weights`, with their scores.
pub fn ranked(mut candidates: Vec<Candidate>, weights: &RankWeights) -> Vec<(f32, Candidate)> {
    let mut scored: Vec<(f32, Candidate)> = candidates
        .drain(..)
        .map(|c| (weights.score(&c.evidence), c))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.row.cmp(&b.1.row)));
    scored
}

/// What the first of `ranked` has for it as the answer.
pub fn confidence(ranked: &[(f32, Candidate)], terms: &[WeightedTerm]) -> Confidence {
    let Some((score, first)) = ranked.first() else {
        return Confidence::default();
    };
    let second = ranked.get(1).map_or(score - 1.0, |(s, _)| *s);
    Confidence {
        score: *score,
        margin: score - second,
        standing: first.evidence.standing,
        coverage: first.evidence.coverage,
        line: first.evidence.line,
        unknown: unknown_share(terms),
        words: if words_answer(terms, &first.passage) {
            1.0
        } else {
            0.0
        },
    }
}

/// The best `limit` passages of `index` for `question`: by words alone, or, given the
/// question's unit vector of the index's model, by words and meaning.
pub fn retrieve_hybrid<I: Index + Semantic>(
    index: &I,
    question: &str,
    widget_lang: Option<Lang>,
    limit: u32,
    query: Option<&[f32]>,
) -> Result<Found, I::Error> {
    let Some(similarities) = query.and_then(|q| index.similarities(q)) else {
        return retrieve(index, question, widget_lang, limit);
    };
    let (found, terms) = candidates(index, question, widget_lang, &similarities)?;
    let mut ranked = ranked(found, &RANKING);
    // A curated answer that matches closely wins over the documents.
    let close = super::curated::close_by_meaning(index, &similarities, &ranked, &terms);
    if let Some(at) = close {
        let answer = ranked.remove(at);
        ranked.insert(0, answer);
    }
    let answers = ANSWERING.score(&confidence(&ranked, &terms));
    let kept: Vec<(f32, Candidate)> = ranked.into_iter().take(limit as usize).collect();
    let meaning = Meaning {
        model: index.model().unwrap_or_default().to_owned(),
        evidence: kept.iter().map(|(_, c)| c.evidence).collect(),
        answers,
    };
    Ok(Found {
        passages: kept.into_iter().map(|(_, c)| c.passage).collect(),
        terms,
        meaning: Some(meaning),
        curated: close.is_some(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(row: usize, evidence: Evidence) -> Candidate {
        Candidate {
            row,
            passage: Passage {
                doc_id: 1,
                title: String::new(),
                url: String::new(),
                body: String::new(),
                lang: "en".into(),
                row: row as u32,
                curated: false,
            },
            evidence,
        }
    }

    #[test]
    fn a_passage_found_by_words_and_meaning_ranks_above_one_found_by_either() {
        let both = Evidence {
            standing: 2.0,
            distinct: 2.0,
            semantic_rank: 0.5,
            lexical_rank: 0.5,
            coverage: 0.8,
            body_coverage: 0.8,
            line: 0.6,
        };
        let meaning_only = Evidence {
            lexical_rank: 0.0,
            coverage: 0.0,
            body_coverage: 0.0,
            line: 0.0,
            semantic_rank: 1.0,
            ..both
        };
        let words_only = Evidence {
            standing: 0.0,
            distinct: 0.0,
            semantic_rank: 0.05,
            lexical_rank: 1.0,
            ..both
        };
        let order: Vec<usize> = ranked(
            vec![
                candidate(1, meaning_only),
                candidate(2, words_only),
                candidate(3, both),
            ],
            &RANKING,
        )
        .into_iter()
        .map(|(_, c)| c.row)
        .collect();
        assert_eq!(order[0], 3);
    }

    #[test]
    fn a_clear_leader_that_says_the_question_is_an_answer_and_a_crowd_is_not() {
        let clear = Confidence {
            score: 1.0,
            margin: 2.0,
            standing: 4.0,
            coverage: 0.9,
            line: 0.9,
            unknown: 0.0,
            words: 1.0,
        };
        let crowd = Confidence {
            score: -2.0,
            margin: 0.01,
            standing: 1.0,
            coverage: 0.2,
            line: 0.1,
            unknown: 0.6,
            words: 0.0,
        };
        assert!(ANSWERING.score(&clear) >= ANSWER_THRESHOLD);
        assert!(ANSWERING.score(&crowd) < ANSWER_THRESHOLD);
    }
}
