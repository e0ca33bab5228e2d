//! The public evaluation sets (`shared/eval/<set>/`): a real product's help pages in one
//! language (`knowledge.json`, with where they came from and their licence), and visitor-worded
//! questions split into `dev.json` (read while tuning) and `test.json` (run only to report).
//!
//! Each question goes through retrieval and the extractive responder as a visitor's would,
//! once by words alone and once with the model's embeddings. An answerable question is
//! *right* when the reply carries one of its expected facts, *wrong* when the reply says
//! something else (a confident wrong answer, worse than the fallback), and *fell back*
//! otherwise; an unanswerable one is *invented* when the bot answers it. Recall@1 and @5 count
//! the answerable questions whose first, or one of whose first five, passages hold an expected
//! fact: what an LLM responder would be given. Questions asked in another language than the
//! knowledge's are counted apart as well.

use super::MemoryIndex;
use super::model::model;
use crate::ai::embed::Purpose;
use crate::knowledge::compose::compose;
use crate::knowledge::hybrid::retrieve_hybrid;
use crate::knowledge::lang::Lang;
use crate::knowledge::terms;
use serde::Deserialize;
use std::path::PathBuf;

/// Passages retrieved per question (as the worker does).
const PASSAGES: u32 = 6;

/// Which half of a set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Half {
    /// Read while tuning.
    Dev,
    /// Run only to report.
    Test,
}

impl Half {
    fn file(self) -> &'static str {
        match self {
            Half::Dev => "dev.json",
            Half::Test => "test.json",
        }
    }
}

/// A set's knowledge.
#[derive(Debug, Deserialize)]
pub struct Knowledge {
    /// The set's name (its directory).
    pub name: String,
    /// The language the knowledge is written in (the widget's, for its own questions).
    pub lang: String,
    /// The bot's fallback.
    pub fallback: String,
    /// The help pages.
    pub documents: Vec<Document>,
}

/// A help page.
#[derive(Debug, Deserialize)]
pub struct Document {
    /// Its title.
    pub title: String,
    /// Its public address.
    pub url: String,
    /// Its text (Markdown).
    pub text: String,
}

/// A question of a set.
#[derive(Debug, Clone, Deserialize)]
pub struct Question {
    /// As a visitor typed it.
    pub q: String,
    /// Facts a right answer carries (one is enough).
    #[serde(default)]
    pub expect: Vec<String>,
    /// The knowledge does not answer it.
    #[serde(default)]
    pub unanswerable: bool,
    /// A paraphrase, an indirect situation, an answer deep in a long section.
    #[serde(default)]
    pub hard: bool,
    /// The visitor's language, when it is not the knowledge's.
    #[serde(default)]
    pub lang: Option<String>,
}

#[derive(Deserialize)]
struct Questions {
    questions: Vec<Question>,
}

/// A set and one half of its questions.
pub struct Set {
    /// Its knowledge.
    pub knowledge: Knowledge,
    /// The half's questions.
    pub questions: Vec<Question>,
}

/// Where the sets are.
pub fn directory() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/eval")
}

/// Every set with `half` of its questions, by name.
pub fn sets(half: Half) -> Vec<Set> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(directory())
        .expect("shared/eval")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("knowledge.json").is_file())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|dir| {
            let read = |file: &str| {
                std::fs::read_to_string(dir.join(file))
                    .unwrap_or_else(|e| panic!("{}: {e}", dir.join(file).display()))
            };
            let knowledge: Knowledge =
                serde_json::from_str(&read("knowledge.json")).expect("knowledge.json");
            let questions: Questions = serde_json::from_str(&read(half.file())).expect("questions");
            Set {
                knowledge,
                questions: questions.questions,
            }
        })
        .collect()
}

/// Counts of one kind of question.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    /// Answerable questions.
    pub answerable: usize,
    /// Answered with an expected fact.
    pub right: usize,
    /// Answered without one: a confident wrong answer.
    pub wrong: usize,
    /// The fallback.
    pub fell_back: usize,
    /// Unanswerable questions.
    pub unanswerable: usize,
    /// Unanswerable, yet answered.
    pub invented: usize,
    /// An expected fact in the first passage.
    pub recall_1: usize,
    /// An expected fact in one of the first five passages.
    pub recall_5: usize,
}

impl Tally {
    /// Right answers as a share of the answerable questions (%).
    pub fn right_share(&self) -> f64 {
        percent(self.right, self.answerable)
    }

    /// Invented answers as a share of all questions (%).
    pub fn invented_share(&self) -> f64 {
        percent(self.invented, self.answerable + self.unanswerable)
    }

    /// Wrong answers as a share of all questions (%).
    pub fn wrong_share(&self) -> f64 {
        percent(self.wrong, self.answerable + self.unanswerable)
    }

    /// Recall@1 (%).
    pub fn recall_1_share(&self) -> f64 {
        percent(self.recall_1, self.answerable)
    }

    /// Recall@5 (%).
    pub fn recall_5_share(&self) -> f64 {
        percent(self.recall_5, self.answerable)
    }

    fn add(&mut self, other: &Tally) {
        self.answerable += other.answerable;
        self.right += other.right;
        self.wrong += other.wrong;
        self.fell_back += other.fell_back;
        self.unanswerable += other.unanswerable;
        self.invented += other.invented;
        self.recall_1 += other.recall_1;
        self.recall_5 += other.recall_5;
    }
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

/// A set's figures: its own language's questions and those asked in another.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Questions in the knowledge's language.
    pub own: Tally,
    /// Questions in another language.
    pub cross: Tally,
    /// What went wrong, for the reader.
    pub misses: Vec<String>,
}

impl Report {
    /// Both kinds together.
    pub fn all(&self) -> Tally {
        let mut all = self.own.clone();
        all.add(&self.cross);
        all
    }
}

/// The index of a set's knowledge (one bot), with the model's vectors when `embeddings`.
pub fn index(knowledge: &Knowledge, embeddings: bool) -> MemoryIndex {
    let mut index = MemoryIndex::default();
    for (i, d) in knowledge.documents.iter().enumerate() {
        index.add(i as i64 + 1, &d.title, &d.url, &d.text);
    }
    if embeddings {
        index.embed();
    }
    index
}

/// Runs `questions` against `index` (built by [`index`]) as a visitor of `knowledge`'s bot.
pub fn run(knowledge: &Knowledge, index: &MemoryIndex, questions: &[Question]) -> Report {
    let embedded = crate::knowledge::hybrid::Semantic::model(index).is_some();
    let vectors = if embedded {
        let texts: Vec<String> = questions.iter().map(|q| q.q.clone()).collect();
        model().embed(&texts, Purpose::Query)
    } else {
        Vec::new()
    };
    let mut report = Report::default();
    for (i, q) in questions.iter().enumerate() {
        let lang = q.lang.as_deref().unwrap_or(&knowledge.lang);
        let query = vectors.get(i).map(Vec::as_slice);
        let Ok(found) = retrieve_hybrid(index, &q.q, Lang::from_tag(lang), PASSAGES, query);
        let reply = if terms::is_small_talk(&q.q) {
            None
        } else {
            compose(&found.terms, &found.passages, found.meaning.as_ref()).map(|a| a.text)
        };
        let tally = if q.lang.as_ref().is_some_and(|l| *l != knowledge.lang) {
            &mut report.cross
        } else {
            &mut report.own
        };
        let holds = |text: &str| q.expect.iter().any(|f| text.contains(f.as_str()));
        if q.unanswerable {
            tally.unanswerable += 1;
            if let Some(r) = &reply {
                tally.invented += 1;
                report
                    .misses
                    .push(format!("INVENTED {} → {}", q.q, one_line(r)));
            }
            continue;
        }
        tally.answerable += 1;
        let rank = found.passages.iter().position(|p| holds(&p.body));
        if rank == Some(0) {
            tally.recall_1 += 1;
        }
        if rank.is_some_and(|r| r < 5) {
            tally.recall_5 += 1;
        }
        match &reply {
            Some(r) if holds(r) => tally.right += 1,
            Some(r) => {
                tally.wrong += 1;
                report.misses.push(format!(
                    "WRONG {} (passage {rank:?}) {:?} → {}",
                    q.q,
                    q.expect,
                    one_line(r)
                ));
            }
            None => {
                tally.fell_back += 1;
                report.misses.push(format!(
                    "FELL BACK {} (passage {rank:?}) {:?}",
                    q.q, q.expect
                ));
            }
        }
    }
    report
}

fn one_line(text: &str) -> String {
    text.replace('\n', " ").chars().take(160).collect()
}

/// One line of figures.
pub fn line(name: &str, t: &Tally) -> String {
    format!(
        "{name:<24} right {:>3}/{:<3} ({:>5.1} %)  wrong {:>2}  fell back {:>2}  invented {:>2}/{:<2}  recall@1 {:>5.1} %  @5 {:>5.1} %",
        t.right,
        t.answerable,
        t.right_share(),
        t.wrong,
        t.fell_back,
        t.invented,
        t.unanswerable,
        t.recall_1_share(),
        t.recall_5_share()
    )
}

/// Prints every set's figures for `half`, by words alone and with embeddings (`QUALITY_MISSES`
/// set: with what went wrong); returns each set's reports `(words, embeddings)`.
pub fn print(half: Half) -> Vec<(String, Report, Report)> {
    let misses = std::env::var("QUALITY_MISSES").is_ok();
    let mut out = Vec::new();
    for set in sets(half) {
        let name = set.knowledge.name.clone();
        let words = run(
            &set.knowledge,
            &index(&set.knowledge, false),
            &set.questions,
        );
        let meaning = run(&set.knowledge, &index(&set.knowledge, true), &set.questions);
        println!("{}", line(&format!("{name} words"), &words.own));
        println!("{}", line(&format!("{name} +meaning"), &meaning.own));
        if meaning.cross.answerable > 0 {
            println!("{}", line(&format!("{name} cross words"), &words.cross));
            println!(
                "{}",
                line(&format!("{name} cross +meaning"), &meaning.cross)
            );
        }
        if misses {
            for m in &meaning.misses {
                println!("    {m}");
            }
        }
        out.push((name, words, meaning));
    }
    out
}

/// Every passage text of the public sets, as the Bot object embeds them.
fn passage_texts() -> Vec<String> {
    sets(Half::Dev)
        .iter()
        .flat_map(|set| {
            let index = index(&set.knowledge, false);
            index.passage_texts()
        })
        .collect()
}

/// The floor of a set's dev half, with embeddings, in its own language (`shared/eval/floor.json`).
#[derive(Debug, Deserialize, serde::Serialize)]
struct Floor {
    right: usize,
    wrong: usize,
    invented: usize,
    recall_1: usize,
    recall_5: usize,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// The dev halves keep their figures: at least as many right answers and passages found
    /// first and in the first five, at most as many wrong and invented answers, as
    /// `shared/eval/floor.json` records, less one question each way (a model's arithmetic may
    /// differ in its last digits from one processor to another). `QUALITY_FLOOR=write` records
    /// today's figures; `QUALITY_MISSES=1` prints what went wrong.
    #[test]
    fn public_dev_halves_hold_their_floor() {
        let reports = print(Half::Dev);
        let file = directory().join("floor.json");
        let today: BTreeMap<String, Floor> = reports
            .iter()
            .map(|(name, _, meaning)| {
                let t = meaning.all();
                let floor = Floor {
                    right: t.right,
                    wrong: t.wrong,
                    invented: t.invented,
                    recall_1: t.recall_1,
                    recall_5: t.recall_5,
                };
                (name.clone(), floor)
            })
            .collect();
        if std::env::var("QUALITY_FLOOR").is_ok_and(|v| v == "write") {
            let json = serde_json::to_string_pretty(&today).expect("floor");
            std::fs::write(&file, json + "\n").expect("floor.json");
            return;
        }
        let floor: BTreeMap<String, Floor> =
            serde_json::from_str(&std::fs::read_to_string(&file).expect("floor.json"))
                .expect("floor.json");
        let mut below = Vec::new();
        for (name, f) in &floor {
            let t = &today[name];
            let slack = 1;
            if t.right + slack < f.right
                || t.recall_1 + slack < f.recall_1
                || t.recall_5 + slack < f.recall_5
                || t.wrong > f.wrong + slack
                || t.invented > f.invented + slack
            {
                below.push(format!("{name}: {t:?}, floor {f:?}"));
            }
        }
        assert_eq!(floor.len(), today.len(), "a set without a floor");
        assert!(below.is_empty(), "below the floor: {below:#?}");
    }

    /// The committed passage vectors are the model's: a sample of them, embedded again now.
    #[test]
    fn committed_vectors_are_the_models() {
        let committed = super::super::model::read_committed();
        let texts = passage_texts();
        assert!(!committed.is_empty(), "shared/eval/vectors.bin is missing");
        let sample: Vec<String> = texts.iter().step_by(texts.len() / 8 + 1).cloned().collect();
        let now = super::super::model::model().embed_live(&sample, Purpose::Passage);
        for (text, v) in sample.iter().zip(&now) {
            let stored = committed
                .get(&super::super::model::key_of(text, Purpose::Passage))
                .unwrap_or_else(|| panic!("no committed vector for {text:.60}"));
            let cosine: f32 = stored.iter().zip(v).map(|(a, b)| a * b).sum();
            assert!(cosine > 0.99, "{cosine} for {text:.60}");
        }
    }

    /// Writes `shared/eval/vectors.bin` from the live model.
    #[test]
    #[ignore = "writes shared/eval/vectors.bin: cargo test -p porthole-edge write_eval_vectors -- --ignored"]
    fn write_eval_vectors() {
        super::super::model::write_committed(&passage_texts());
    }
}
