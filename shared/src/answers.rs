//! Wire types of curated answers: an owner's own answer to a question, in several wordings,
//! that wins over the documents when a visitor asks one of them closely enough
//! (`/api/admin/bots/{token}/answers`).

use crate::fields::{Bounded, OptionalUrl};
use serde::{Deserialize, Serialize};

/// Most wordings one curated answer may have.
pub const ANSWER_MAX_QUESTIONS: usize = 20;
/// Most characters of one wording.
pub const QUESTION_MAX_CHARS: usize = 300;
/// Most characters of an answer (Markdown), as many as a message may hold.
pub const ANSWER_MAX_CHARS: usize = 4_000;

/// One wording of the question.
pub type Wording = Bounded<1, QUESTION_MAX_CHARS>;

/// The wordings of a curated answer: 1 to [`ANSWER_MAX_QUESTIONS`], each 1 to
/// [`QUESTION_MAX_CHARS`] characters (trimmed), none twice (ignoring case).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Wordings(Vec<Wording>);

impl Wordings {
    /// Accepts `raw` when every wording and their count are within bounds.
    pub fn parse(raw: &[String]) -> Result<Self, String> {
        let mut out: Vec<Wording> = Vec::with_capacity(raw.len());
        for (i, q) in raw.iter().enumerate() {
            let wording = Wording::parse(q).map_err(|e| format!("questions[{i}] {e}"))?;
            let seen = out
                .iter()
                .any(|w| w.as_str().to_lowercase() == wording.as_str().to_lowercase());
            if seen {
                return Err(format!("questions[{i}] is given twice"));
            }
            out.push(wording);
        }
        if out.is_empty() || out.len() > ANSWER_MAX_QUESTIONS {
            return Err(format!(
                "questions must hold 1 to {ANSWER_MAX_QUESTIONS} wordings (got {})",
                out.len()
            ));
        }
        Ok(Self(out))
    }

    /// The wordings, in the owner's order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(Wording::as_str)
    }

    /// The first wording (what lists show).
    pub fn first(&self) -> &str {
        self.0.first().map_or("", Wording::as_str)
    }

    /// Characters of every wording together.
    pub fn chars(&self) -> usize {
        self.iter().map(|q| q.chars().count()).sum()
    }
}

impl<'de> Deserialize<'de> for Wordings {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = Vec::<String>::deserialize(d)?;
        Self::parse(&raw).map_err(serde::de::Error::custom)
    }
}

/// `POST /api/admin/bots/{token}/answers` and `PUT …/answers/{id}` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerInput {
    /// The question, as visitors ask it (the first is what lists show).
    pub questions: Wordings,
    /// The answer, in Markdown, given as written.
    pub answer: Bounded<1, ANSWER_MAX_CHARS>,
    /// A page that says more (cited as the answer's source), or `""`.
    #[serde(default)]
    pub url: OptionalUrl,
}

/// A curated answer as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CuratedAnswer {
    /// Id within the bot.
    pub id: i64,
    /// Its wordings.
    pub questions: Vec<String>,
    /// The answer (Markdown).
    pub answer: String,
    /// Its source link, or `""`.
    pub url: String,
    /// When it was made (ISO 8601).
    pub created_at: String,
    /// When it was last changed (ISO 8601).
    pub updated_at: String,
}

/// `GET /api/admin/bots/{token}/answers` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerList {
    /// Always `true`.
    pub success: bool,
    /// The bot's curated answers, newest first.
    pub answers: Vec<CuratedAnswer>,
}

/// `POST`/`PUT /api/admin/bots/{token}/answers[/{id}]` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerSaved {
    /// Always `true`.
    pub success: bool,
    /// The stored answer.
    pub answer: CuratedAnswer,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(json: &str) -> Result<AnswerInput, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn takes_wordings_trimmed_and_refuses_empty_twice_or_too_many() {
        let ok = input(r#"{"questions":[" Can I return coffee? ","Refunds?"],"answer":"Yes."}"#)
            .unwrap();
        assert_eq!(
            ok.questions.iter().collect::<Vec<_>>(),
            ["Can I return coffee?", "Refunds?"]
        );
        assert_eq!(ok.url.as_str(), "");
        assert!(input(r#"{"questions":[],"answer":"Yes."}"#).is_err());
        assert!(input(r#"{"questions":["  "],"answer":"Yes."}"#).is_err());
        let twice = input(r#"{"questions":["Refunds?","refunds?"],"answer":"Yes."}"#);
        assert!(twice.unwrap_err().contains("twice"));
        let many: Vec<String> = (0..=ANSWER_MAX_QUESTIONS)
            .map(|i| format!("q{i}"))
            .collect();
        let body = serde_json::json!({ "questions": many, "answer": "Yes." }).to_string();
        assert!(input(&body).is_err());
        assert!(input(r#"{"questions":["q"],"answer":" "}"#).is_err());
        assert!(input(r#"{"questions":["q"],"answer":"a","url":"javascript:alert(1)"}"#).is_err());
        assert!(input(r#"{"questions":["q"],"answer":"a","extra":1}"#).is_err());
    }
}
