//! Curated answers against real knowledge, with the real model: an owner's answers added to the
//! knowledge of a public set (Syncthing's documentation, `shared/eval/`) win for paraphrases of
//! their questions, in other words and other languages, and stay out of the way of questions
//! that only look like them. The curated answers, their paraphrases and the other questions
//! are written here (none is a question of the set). `CURATED_TRACE=1 cargo test -p
//! porthole-edge curated -- --nocapture` prints each question's lead
//! ([`crate::knowledge::curated::lead`]).

use super::super::curated::Stored;
use super::super::hybrid::retrieve_hybrid;
use super::super::lang::Lang;
use super::model::model;
use super::public::{Half, index, sets};
use crate::ai::embed::Purpose;

/// The owner's answers: wordings and answer.
fn answers() -> Vec<Stored> {
    let answer = |questions: &[&str], answer: &str| Stored {
        questions: questions.iter().map(|q| (*q).to_owned()).collect(),
        answer: answer.to_owned(),
    };
    vec![
        answer(
            &["Can my company use Syncthing for free?"],
            "Yes: Syncthing is free and open source, for companies too. We offer paid support contracts for teams that want them.",
        ),
        answer(
            &[
                "How do I move Syncthing's database to another disk?",
                "Can I put the index somewhere else?",
            ],
            "Stop Syncthing, move its configuration folder to the new disk, and start it with `--home` pointing there.",
        ),
    ]
}

/// Each question, and the curated answer (by its place in [`answers`]) it must get, if any.
const QUESTIONS: &[(&str, Option<usize>)] = &[
    // Paraphrases: other words, other languages.
    ("is syncthing free for business use?", Some(0)),
    ("do companies have to pay to use syncthing", Some(0)),
    ("¿Syncthing es gratis para una empresa?", Some(0)),
    ("企业可以免费使用 Syncthing 吗？", Some(0)),
    (
        "I want to store the syncthing database on a different drive",
        Some(1),
    ),
    (
        "Wie verschiebe ich die Datenbank von Syncthing auf eine andere Festplatte?",
        Some(1),
    ),
    // Questions near them that they do not answer.
    ("How do I add a new device?", None),
    ("Which ports does Syncthing use?", None),
    ("Is my data encrypted in transit?", None),
    ("How do I ignore files in a folder?", None),
    ("Do you sell gift cards?", None),
    ("Can I move a synced folder to another disk?", None),
    ("Does Syncthing run on Windows servers?", None),
    ("How much does a support contract cost?", None),
    ("Where does Syncthing keep its configuration?", None),
    ("How do I move Syncthing to a new computer?", None),
    ("Is the Syncthing database encrypted?", None),
    ("Does Syncthing cost anything on Android?", None),
];

#[test]
fn a_curated_answer_wins_for_a_paraphrase_and_only_then() {
    let set = sets(Half::Dev)
        .into_iter()
        .find(|s| s.knowledge.name.contains("syncthing"))
        .expect("the Syncthing set");
    let mut bot = index(&set.knowledge, false);
    let base = set.knowledge.documents.len() as i64 + 1;
    for (i, answer) in answers().iter().enumerate() {
        bot.add_answer(base + i as i64, answer);
    }
    bot.embed();
    let texts: Vec<String> = QUESTIONS.iter().map(|(q, _)| (*q).to_owned()).collect();
    let vectors = model().embed(&texts, Purpose::Query);
    let (mut missed, mut wrong) = (Vec::new(), Vec::new());
    for ((question, expected), vector) in QUESTIONS.iter().zip(&vectors) {
        let Ok(found) = retrieve_hybrid(&bot, question, Some(Lang::En), 6, Some(vector));
        if std::env::var("CURATED_TRACE").is_ok() {
            let similarities = crate::knowledge::hybrid::Semantic::similarities(&bot, vector);
            let nearest = similarities
                .as_ref()
                .and_then(|s| s.best(1).first().copied());
            if let (Some(s), Some((row, _))) = (&similarities, nearest) {
                let lead = crate::knowledge::curated::lead(&bot, s, row);
                eprintln!(
                    "{question:?}: nearest row {row}, lead {lead:.3}, curated {}",
                    found.curated
                );
            }
        }
        let got = found
            .curated
            .then(|| (found.passages[0].doc_id - base) as usize);
        match (got, expected) {
            (got, expected) if got == *expected => {}
            (None, Some(_)) => missed.push(*question),
            _ => wrong.push(format!("{question:?}: expected {expected:?}, got {got:?}")),
        }
    }
    // A wrong curated answer is worse than the documents' own: none. A paraphrase may miss
    // (the documents still answer it): at most one.
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert!(missed.len() <= 1, "{missed:#?}");
}
