//! Retrieval for one question: the question's words (and the facts its question words stand
//! for) weighted by how rare they are in the bot's knowledge, and the best passages by bm25 —
//! what every responder grounds its reply in.

use super::{Bot, MAX_PASSAGES};
use crate::ai::Retrieved;
use crate::error::ApiResult;
use crate::knowledge::compose::Passage;
use crate::knowledge::retrieval::{WeightedTerm, idf, match_expression};
use crate::knowledge::terms::{content_words, intents};
use crate::objects::rpc::ContextRequest;
use crate::objects::sql::{count, rows};
use crate::respond::json;

impl Bot {
    /// Retrieval for one question.
    pub(super) fn context(&self, req: ContextRequest) -> ApiResult {
        let mut asked: Vec<(String, Vec<String>)> = content_words(&req.query)
            .into_iter()
            .map(|w| (w, Vec::new()))
            .collect();
        for (word, alternatives) in intents(&req.query) {
            if !asked.iter().any(|(w, _)| *w == word) {
                asked.push((word, alternatives));
            }
        }
        let every_word: Vec<String> = asked
            .iter()
            .flat_map(|(w, alts)| std::iter::once(w.clone()).chain(alts.iter().cloned()))
            .collect();
        let Some(expression) = match_expression(&every_word) else {
            return json(&Retrieved::default());
        };
        let total = count(&self.sql, "SELECT count(*) AS n FROM chunks", vec![])?.max(0) as u64;
        let mut terms = Vec::with_capacity(asked.len());
        for (word, alternatives) in asked {
            let group: Vec<String> = std::iter::once(word.clone())
                .chain(alternatives.iter().cloned())
                .collect();
            let Some(any_of) = match_expression(&group) else {
                continue;
            };
            // Frequency in bodies only: every chunk repeats its document's title, which would
            // make a document's own subject look common.
            let in_bodies = format!("body : ({any_of})");
            let df = count(
                &self.sql,
                "SELECT count(*) AS n FROM chunks WHERE chunks MATCH ?",
                vec![in_bodies.into()],
            )?;
            terms.push(WeightedTerm {
                word,
                alternatives,
                idf: idf(total, df.max(0) as u64),
            });
        }
        let passages: Vec<Passage> = rows(
            &self.sql,
            "SELECT CAST(doc_id AS INTEGER) AS doc_id, title, url, body FROM chunks
             WHERE chunks MATCH ? ORDER BY bm25(chunks, 2.0, 1.0) LIMIT ?",
            vec![
                expression.into(),
                i64::from(req.limit.min(MAX_PASSAGES)).into(),
            ],
        )?;
        json(&Retrieved { passages, terms })
    }
}
