//! Retrieval decisions around SQLite FTS5: the `MATCH` expression for a question, term weights
//! (BM25's inverse document frequency), and how much of a question a passage covers. A
//! passage that covers too little of the question's weight is not an answer, which is what
//! keeps the extractive responder from answering questions its knowledge does not address.

use super::terms::Stems;

/// Passages that cover less than this share of the question's term weight are not answers.
pub const MIN_COVERAGE: f64 = 0.5;

/// An FTS5 `MATCH` expression that finds chunks containing any of `words`, or `None` when
/// there is nothing to search for. Each word is quoted, so no input can inject FTS5 syntax.
pub fn match_expression(words: &[String]) -> Option<String> {
    let quoted: Vec<String> = words
        .iter()
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\""))
        .collect();
    (!quoted.is_empty()).then(|| quoted.join(" OR "))
}

/// BM25's inverse document frequency of a term found in `df` of `n` chunks. A term found
/// nowhere weighs the most.
pub fn idf(n: u64, df: u64) -> f64 {
    let (n, df) = (n as f64, df.min(n) as f64);
    ((n - df + 0.5) / (df + 0.5) + 1.0).ln()
}

/// A question word (or an intent's word with its alternatives) and its weight.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct WeightedTerm {
    /// The word as asked.
    pub word: String,
    /// Other words that cover it as well (an intent's alternatives).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<String>,
    /// Its inverse document frequency in the bot's knowledge.
    pub idf: f64,
}

impl WeightedTerm {
    /// The word and its alternatives.
    pub fn words(&self) -> impl Iterator<Item = &String> {
        std::iter::once(&self.word).chain(&self.alternatives)
    }
}

/// The share (0–1) of the question's weight whose words appear in `text`.
pub fn coverage(stems: &Stems, terms: &[WeightedTerm], text: &str) -> f64 {
    let total: f64 = terms.iter().map(|t| t.idf).sum();
    if total <= 0.0 {
        return 0.0;
    }
    let present = stems.of_text(text);
    let covered: f64 = terms
        .iter()
        .filter(|t| t.words().any(|w| present.contains(&stems.stem(w))))
        .map(|t| t.idf)
        .sum();
    covered / total
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weighted(pairs: &[(&str, f64)]) -> Vec<WeightedTerm> {
        pairs
            .iter()
            .map(|(w, idf)| WeightedTerm {
                word: (*w).into(),
                alternatives: Vec::new(),
                idf: *idf,
            })
            .collect()
    }

    #[test]
    fn the_match_expression_quotes_each_word() {
        let words = vec!["opening".to_string(), "hours".to_string()];
        assert_eq!(
            match_expression(&words).unwrap(),
            "\"opening\" OR \"hours\""
        );
    }

    #[test]
    fn fts_syntax_cannot_be_injected() {
        let words = vec!["a\"b".to_string(), "NEAR(".to_string(), "*".to_string()];
        assert_eq!(match_expression(&words).unwrap(), "\"ab\" OR \"NEAR\"");
        assert_eq!(match_expression(&[]), None);
    }

    #[test]
    fn rare_terms_weigh_more_than_common_ones() {
        assert!(idf(100, 0) > idf(100, 5));
        assert!(idf(100, 5) > idf(100, 90));
        assert!(idf(10, 10) > 0.0);
    }

    #[test]
    fn coverage_counts_inflected_words() {
        let stems = Stems::default();
        let terms = weighted(&[("opening", 1.0), ("hours", 1.0)]);
        let c = coverage(
            &stems,
            &terms,
            "We open at 8. Our hour of opening is early.",
        );
        assert!((c - 1.0).abs() < 1e-9, "{c}");
    }

    #[test]
    fn an_intent_is_covered_by_any_of_its_words() {
        let stems = Stems::default();
        let terms = vec![WeightedTerm {
            word: "address".into(),
            alternatives: vec!["located".into()],
            idf: 2.0,
        }];
        assert_eq!(
            coverage(&stems, &terms, "We are located at 12 Quay Street."),
            1.0
        );
    }

    #[test]
    fn a_passage_missing_the_rare_word_covers_little() {
        let stems = Stems::default();
        let terms = weighted(&[("sell", 0.4), ("bicycles", 3.0)]);
        let c = coverage(&stems, &terms, "We sell coffee beans and mugs.");
        assert!(c < MIN_COVERAGE, "{c}");
    }
}
