//! Fits the two linear scores of [`crate::knowledge::hybrid`] on the dev halves of the public
//! sets: the ranking of passages (a passage that holds an expected fact is the positive case)
//! and the confidence that the first passage answers (it holds one, and the question is
//! answerable). Logistic regression on standardised features with a little L2, estimated
//! leave one set out (each set scored by weights fitted on the others), then fitted on all.
//! `cargo test -p porthole-edge fit_scores -- --ignored --nocapture` prints both, ready to
//! paste, with the estimates.

use super::model::model;
use super::public::{Half, Set, index, sets};
use crate::ai::embed::Purpose;
use crate::knowledge::hybrid::{
    AnswerWeights, Candidate, Confidence, Evidence, RankWeights, Semantic, candidates, confidence,
    ranked,
};
use crate::knowledge::lang::Lang;

/// One question's candidates (with whether each holds the answer) and confidence inputs.
struct Asked {
    set: usize,
    answerable: bool,
    candidates: Vec<(Candidate, bool)>,
    terms: Vec<crate::knowledge::retrieval::WeightedTerm>,
}

fn evidence_features(e: &Evidence) -> Vec<f64> {
    [
        e.standing,
        e.distinct,
        e.semantic_rank,
        e.lexical_rank,
        e.coverage,
        e.body_coverage,
        e.line,
    ]
    .iter()
    .map(|v| f64::from(*v))
    .collect()
}

fn confidence_features(c: &Confidence) -> Vec<f64> {
    [
        c.score, c.margin, c.standing, c.coverage, c.line, c.unknown, c.words,
    ]
    .iter()
    .map(|v| f64::from(*v))
    .collect()
}

/// Weights (per raw feature) and bias of a logistic regression.
fn fit(rows: &[(Vec<f64>, bool)]) -> (Vec<f64>, f64) {
    let d = rows.first().map_or(0, |r| r.0.len());
    let n = rows.len() as f64;
    let mean: Vec<f64> = (0..d)
        .map(|j| rows.iter().map(|r| r.0[j]).sum::<f64>() / n)
        .collect();
    let spread: Vec<f64> = (0..d)
        .map(|j| {
            let v = rows.iter().map(|r| (r.0[j] - mean[j]).powi(2)).sum::<f64>() / n;
            v.sqrt().max(1e-9)
        })
        .collect();
    let x: Vec<Vec<f64>> = rows
        .iter()
        .map(|r| (0..d).map(|j| (r.0[j] - mean[j]) / spread[j]).collect())
        .collect();
    let (mut w, mut b) = (vec![0.0; d], 0.0);
    for _ in 0..3000 {
        let mut gw = vec![0.0; d];
        let mut gb = 0.0;
        for (xi, (_, label)) in x.iter().zip(rows) {
            let z: f64 = xi.iter().zip(&w).map(|(a, b)| a * b).sum::<f64>() + b;
            let p = 1.0 / (1.0 + (-z).exp());
            let e = p - f64::from(u8::from(*label));
            for j in 0..d {
                gw[j] += e * xi[j];
            }
            gb += e;
        }
        for j in 0..d {
            w[j] -= 0.1 * (gw[j] / n + 0.01 * w[j]);
        }
        b -= 0.1 * gb / n;
    }
    // Back to raw features.
    let raw: Vec<f64> = (0..d).map(|j| w[j] / spread[j]).collect();
    let bias = b - (0..d).map(|j| raw[j] * mean[j]).sum::<f64>();
    (raw, bias)
}

fn rank_weights((w, b): &(Vec<f64>, f64)) -> RankWeights {
    RankWeights {
        standing: w[0] as f32,
        distinct: w[1] as f32,
        semantic_rank: w[2] as f32,
        lexical_rank: w[3] as f32,
        coverage: w[4] as f32,
        body_coverage: w[5] as f32,
        line: w[6] as f32,
        bias: *b as f32,
    }
}

fn answer_weights((w, b): &(Vec<f64>, f64)) -> AnswerWeights {
    AnswerWeights {
        score: w[0] as f32,
        margin: w[1] as f32,
        standing: w[2] as f32,
        coverage: w[3] as f32,
        line: w[4] as f32,
        unknown: w[5] as f32,
        words: w[6] as f32,
        bias: *b as f32,
    }
}

fn collect(all: &[Set]) -> Vec<Asked> {
    let mut out = Vec::new();
    for (s, set) in all.iter().enumerate() {
        let idx = index(&set.knowledge, true);
        let texts: Vec<String> = set.questions.iter().map(|q| q.q.clone()).collect();
        let vectors = model().embed(&texts, Purpose::Query);
        for (q, v) in set.questions.iter().zip(&vectors) {
            let lang = q.lang.as_deref().unwrap_or(&set.knowledge.lang);
            let similarities = idx.similarities(v).expect("vectors");
            let Ok((found, terms)) = candidates(&idx, &q.q, Lang::from_tag(lang), &similarities);
            let holds = |c: &Candidate| {
                !q.unanswerable && q.expect.iter().any(|f| c.passage.body.contains(f.as_str()))
            };
            out.push(Asked {
                set: s,
                answerable: !q.unanswerable,
                candidates: found
                    .into_iter()
                    .map(|c| {
                        let h = holds(&c);
                        (c, h)
                    })
                    .collect(),
                terms,
            });
        }
    }
    out
}

/// The questions of the sets of `bench/quality/` asked of their own site's bot, numbered
/// after the public sets (from `first_set`).
fn collect_own(first_set: usize) -> Vec<Asked> {
    let mut out = Vec::new();
    for (s, (_, set)) in super::own_sets().into_iter().enumerate() {
        let bots = super::bots(&set, true);
        for q in set.questions.iter().filter(|q| q.site.is_some()) {
            let Some((_, idx)) = bots.iter().find(|(site, _)| Some(site) == q.site.as_ref()) else {
                continue;
            };
            let v = model().embed(std::slice::from_ref(&q.q), Purpose::Query);
            let similarities = idx.similarities(&v[0]).expect("vectors");
            let Ok((found, terms)) =
                candidates(idx, &q.q, Lang::from_tag(&set.lang), &similarities);
            let holds = |c: &Candidate| {
                !q.unanswerable && q.expect.iter().any(|f| c.passage.body.contains(f.as_str()))
            };
            out.push(Asked {
                set: first_set + s,
                answerable: !q.unanswerable,
                candidates: found
                    .into_iter()
                    .map(|c| {
                        let h = holds(&c);
                        (c, h)
                    })
                    .collect(),
                terms,
            });
        }
    }
    out
}

fn rank_rows(asked: &[Asked], except: Option<usize>) -> Vec<(Vec<f64>, bool)> {
    asked
        .iter()
        .filter(|a| Some(a.set) != except)
        .flat_map(|a| {
            a.candidates
                .iter()
                .map(|(c, h)| (evidence_features(&c.evidence), *h))
        })
        .collect()
}

/// The first passage by `weights` and whether it holds the answer, and the confidence inputs.
fn first(a: &Asked, weights: &RankWeights) -> (Confidence, bool) {
    let holding: Vec<usize> = a
        .candidates
        .iter()
        .filter(|(_, h)| *h)
        .map(|(c, _)| c.row)
        .collect();
    let order = ranked(
        a.candidates.iter().map(|(c, _)| c.clone()).collect(),
        weights,
    );
    let right = order.first().is_some_and(|(_, c)| holding.contains(&c.row));
    (confidence(&order, &a.terms), right)
}

#[test]
#[ignore = "fits the scores: cargo test -p porthole-edge fit_scores -- --ignored --nocapture"]
fn fit_scores() {
    let all = sets(Half::Dev);
    let mut asked = collect(&all);
    asked.extend(collect_own(all.len()));
    // Ranking, leave one set out.
    let (mut n, mut r1, mut r5) = (0, 0, 0);
    let mut confidence_rows: Vec<(usize, bool, Vec<f64>, bool)> = Vec::new();
    for s in 0..all.len() {
        let weights = rank_weights(&fit(&rank_rows(&asked, Some(s))));
        for a in asked.iter().filter(|a| a.set == s) {
            let holding: Vec<usize> = a
                .candidates
                .iter()
                .filter(|(_, h)| *h)
                .map(|(c, _)| c.row)
                .collect();
            let order = ranked(
                a.candidates.iter().map(|(c, _)| c.clone()).collect(),
                &weights,
            );
            if !holding.is_empty() {
                n += 1;
                r1 += usize::from(order.first().is_some_and(|(_, c)| holding.contains(&c.row)));
                r5 += usize::from(order.iter().take(5).any(|(_, c)| holding.contains(&c.row)));
            }
            let (c, right) = first(a, &weights);
            confidence_rows.push((s, a.answerable, confidence_features(&c), right));
        }
    }
    // The own sets' questions are always fitted on (never left out).
    let weights = rank_weights(&fit(&rank_rows(&asked, None)));
    for a in asked.iter().filter(|a| a.set >= all.len()) {
        let (c, right) = first(a, &weights);
        confidence_rows.push((a.set, a.answerable, confidence_features(&c), right));
    }
    println!(
        "ranking, leave one set out: recall@1 {:.1} %, @5 {:.1} % ({n} questions whose answer was a candidate)",
        100.0 * r1 as f64 / n as f64,
        100.0 * r5 as f64 / n as f64
    );
    // Confidence, leave one set out, at several thresholds (the own sets: fitted on all).
    let mut scored: Vec<(f64, bool, bool)> = Vec::new();
    let mut own_scored: Vec<(f64, bool, bool)> = Vec::new();
    {
        let rows: Vec<(Vec<f64>, bool)> =
            confidence_rows.iter().map(|r| (r.2.clone(), r.3)).collect();
        let (w, b) = fit(&rows);
        for r in confidence_rows.iter().filter(|r| r.0 >= all.len()) {
            let z = r.2.iter().zip(&w).map(|(a, b)| a * b).sum::<f64>() + b;
            own_scored.push((z, r.1, r.3));
        }
    }
    for s in 0..all.len() {
        let rows: Vec<(Vec<f64>, bool)> = confidence_rows
            .iter()
            .filter(|r| r.0 != s)
            .map(|r| (r.2.clone(), r.3))
            .collect();
        let (w, b) = fit(&rows);
        for r in confidence_rows.iter().filter(|r| r.0 == s) {
            let z = r.2.iter().zip(&w).map(|(a, b)| a * b).sum::<f64>() + b;
            scored.push((z, r.1, r.3));
        }
    }
    println!("public sets, leave one set out:");
    thresholds(&scored);
    println!("own sets (fitted on):");
    thresholds(&own_scored);
    let ranking = rank_weights(&fit(&rank_rows(&asked, None)));
    let conf_rows: Vec<(Vec<f64>, bool)> = asked
        .iter()
        .map(|a| {
            let (c, right) = first(a, &ranking);
            (confidence_features(&c), right)
        })
        .collect();
    let answering = answer_weights(&fit(&conf_rows));
    println!("pub const RANKING: RankWeights = {ranking:#?};");
    println!("pub const ANSWERING: AnswerWeights = {answering:#?};");
}

/// Prints what answering at several thresholds gives: `(log-odds, answerable, first passage
/// right)` per question.
fn thresholds(scored: &[(f64, bool, bool)]) {
    let answerable = scored.iter().filter(|s| s.1).count();
    let unanswerable = scored.len() - answerable;
    for t in [-1.0, -0.5, 0.0, 0.25, 0.5, 0.75, 1.0, 1.5] {
        let answered = |s: &&(f64, bool, bool)| s.0 >= t;
        let right = scored.iter().filter(answered).filter(|s| s.2).count();
        let wrong = scored
            .iter()
            .filter(answered)
            .filter(|s| s.1 && !s.2)
            .count();
        let invented = scored.iter().filter(answered).filter(|s| !s.1).count();
        println!(
            "  threshold {t:>5.2}: first passage right {:.1} % of answerable, wrong {:.1} % of all, invented {:.1} % of unanswerable",
            100.0 * right as f64 / answerable as f64,
            100.0 * wrong as f64 / scored.len() as f64,
            100.0 * invented as f64 / unanswerable as f64
        );
    }
}
