//! A bot's knowledge index held in memory: the same rows as the Bot object's FTS5 table,
//! searched and ranked as FTS5 does it (phrases of tokens, `bm25` with the title weighing
//! double), and the rows' embedding vectors, searched by similarity. Built once per knowledge
//! version from what the Bot object sends ([`SnapshotRows`]), it answers [`Index`] and
//! [`Semantic`] without a call to the Bot object, so retrieval runs wherever the question is
//! asked (see `crate::objects::bot::snapshots`). The answer-quality harness ranks through it as well.

use super::compose::Passage;
use super::hybrid::Semantic;
use super::lang::Lang;
use super::retrieval::{Index, phrase_words};
use super::vectors::{Quantized, Similarities, VectorIndex};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::convert::Infallible;

/// FTS5's bm25 parameters and the column weights of the Bot object's query.
const K1: f64 = 1.2;
const B: f64 = 0.75;
const TITLE_WEIGHT: f64 = 2.0;
const BODY_WEIGHT: f64 = 1.0;

/// One chunk as the Bot object stores it: its analysed title and body (space-separated
/// tokens, what FTS5 indexes), and the passage retrieval gives back.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SnapshotRow {
    /// The title's tokens.
    pub title_terms: String,
    /// The body's tokens.
    pub body_terms: String,
    /// The document it belongs to.
    pub doc_id: i64,
    /// The document's title.
    pub title: String,
    /// The document's URL, or `""`.
    pub url: String,
    /// The chunk's text.
    pub body: String,
    /// Its language tag.
    pub lang: String,
    /// Its embedding vector ([`Quantized::encode`]), or `""` when it has none of the model's.
    #[serde(default)]
    pub vector: String,
    /// What the chunk is: `""` a document's, `answer` a curated answer's wording
    /// ([`super::curated::KIND`]).
    #[serde(default)]
    pub kind: String,
}

/// Everything the Bot object sends to build a snapshot.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SnapshotRows {
    /// The knowledge version the rows are of.
    pub version: String,
    /// The languages the knowledge is written in.
    pub languages: Vec<String>,
    /// The chunks, in the order of the index.
    pub rows: Vec<SnapshotRow>,
    /// The model the rows' vectors are of (`provider:model`), `""` when none are.
    #[serde(default)]
    pub model: String,
    /// The vectors' dimensions.
    #[serde(default)]
    pub dims: u32,
}

/// A chunk in memory: its tokens as vocabulary ids.
struct Row {
    title: Box<[u32]>,
    body: Box<[u32]>,
    passage: Passage,
}

/// The in-memory index.
pub struct Snapshot {
    version: String,
    languages: Vec<Lang>,
    /// Every token seen, to its id.
    vocabulary: HashMap<String, u32>,
    /// For each token id, the rows holding it (ascending, once each).
    postings: Vec<Vec<u32>>,
    rows: Vec<Row>,
    /// Average tokens per row, title and body together (FTS5's document length).
    average_length: f64,
    /// Bytes of passage text held (for the cache's budget).
    bytes: usize,
    /// The rows' vectors, when they have some.
    vectors: Option<VectorIndex>,
}

/// The bytes of text that `text` bytes of text and `vectors` bytes of vectors weigh as much as
/// in memory (see [`Snapshot::weight`]).
pub fn weight(text: usize, vectors: usize) -> usize {
    text.saturating_add(vectors / 4)
}

/// FTS5's `unicode61` reading of stored terms: each space-separated term split at every
/// character that is not a letter or digit.
fn stored_tokens(terms: &str) -> impl Iterator<Item = &str> {
    terms
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
}

/// How many times `phrase` occurs in `tokens`.
fn occurrences(tokens: &[u32], phrase: &[u32]) -> usize {
    if phrase.is_empty() || tokens.len() < phrase.len() {
        return 0;
    }
    tokens
        .windows(phrase.len())
        .filter(|w| *w == phrase)
        .count()
}

impl Snapshot {
    /// Indexes `rows`.
    pub fn new(rows: SnapshotRows) -> Self {
        let mut vocabulary: HashMap<String, u32> = HashMap::new();
        let mut postings: Vec<Vec<u32>> = Vec::new();
        let mut out = Vec::with_capacity(rows.rows.len());
        let mut tokens_total = 0usize;
        let mut bytes = 0usize;
        let dims = rows.dims as usize;
        let mut vectors = (!rows.model.is_empty() && dims > 0)
            .then(|| VectorIndex::new(&rows.model, dims, rows.rows.len()));
        for (i, row) in rows.rows.into_iter().enumerate() {
            let row_id = i as u32;
            let mut ids = |terms: &str| -> Box<[u32]> {
                stored_tokens(terms)
                    .map(|t| {
                        let next = vocabulary.len() as u32;
                        let id = *vocabulary.entry(t.to_owned()).or_insert(next);
                        if id == next {
                            postings.push(Vec::new());
                        }
                        let list = &mut postings[id as usize];
                        if list.last() != Some(&row_id) {
                            list.push(row_id);
                        }
                        id
                    })
                    .collect()
            };
            let title = ids(&row.title_terms);
            let body = ids(&row.body_terms);
            tokens_total += title.len() + body.len();
            bytes += row.body.len() + row.title.len();
            if let Some(v) = vectors.as_mut() {
                v.push(Quantized::decode(&row.vector, dims));
            }
            out.push(Row {
                title,
                body,
                passage: Passage {
                    doc_id: row.doc_id,
                    title: row.title,
                    url: row.url,
                    body: row.body,
                    lang: row.lang,
                    row: row_id,
                    curated: row.kind == super::curated::KIND,
                },
            });
        }
        let average_length = tokens_total as f64 / (out.len().max(1) as f64);
        Self {
            version: rows.version,
            languages: rows
                .languages
                .iter()
                .filter_map(|t| Lang::from_tag(t))
                .collect(),
            vocabulary,
            postings,
            rows: out,
            average_length,
            bytes,
            vectors: vectors.filter(|v| v.present() > 0).map(|mut v| {
                v.finish();
                v
            }),
        }
    }

    /// The knowledge version it holds.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Bytes of passage text it holds.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// Bytes of vectors it holds.
    pub fn vector_bytes(&self) -> usize {
        self.vectors.as_ref().map_or(0, VectorIndex::bytes)
    }

    /// What it holds in bytes of text it weighs as much as: a byte of text costs about four
    /// in memory (the memory test below), a byte of vector one.
    pub fn weight(&self) -> usize {
        weight(self.bytes, self.vector_bytes())
    }

    /// A form as token ids; `None` when a token occurs nowhere (so no row holds the form).
    fn phrase(&self, form: &str) -> Option<Vec<u32>> {
        let tokens = phrase_words(form);
        if tokens.is_empty() {
            return None;
        }
        tokens
            .iter()
            .map(|t| self.vocabulary.get(t.as_str()).copied())
            .collect()
    }

    /// The rows that may hold `phrase`: those holding its rarest token.
    fn candidates(&self, phrase: &[u32]) -> &[u32] {
        phrase
            .iter()
            .map(|id| self.postings[*id as usize].as_slice())
            .min_by_key(|list| list.len())
            .unwrap_or(&[])
    }
}

impl Semantic for Snapshot {
    fn model(&self) -> Option<&str> {
        self.vectors.as_ref().map(VectorIndex::model)
    }

    fn similarities(&self, query: &[f32]) -> Option<Similarities> {
        let vectors = self.vectors.as_ref()?;
        (query.len() == vectors.dims()).then(|| vectors.similarities(query))
    }

    fn passage(&self, row: usize) -> Option<Passage> {
        self.rows.get(row).map(|r| r.passage.clone())
    }

    fn central(&self, row: usize) -> f32 {
        self.vectors.as_ref().map_or(0.0, |v| v.central(row))
    }

    fn doc_id(&self, row: usize) -> Option<i64> {
        self.rows.get(row).map(|r| r.passage.doc_id)
    }
}

impl Index for Snapshot {
    type Error = Infallible;

    fn chunk_count(&self) -> Result<u64, Infallible> {
        Ok(self.rows.len() as u64)
    }

    fn languages(&self) -> Result<Vec<Lang>, Infallible> {
        Ok(self.languages.clone())
    }

    fn body_frequency(&self, forms: &[String]) -> Result<u64, Infallible> {
        let phrases: Vec<Vec<u32>> = forms.iter().filter_map(|f| self.phrase(f)).collect();
        let mut hit = vec![false; self.rows.len()];
        for phrase in &phrases {
            for &r in self.candidates(phrase) {
                if !hit[r as usize] && occurrences(&self.rows[r as usize].body, phrase) > 0 {
                    hit[r as usize] = true;
                }
            }
        }
        Ok(hit.iter().filter(|h| **h).count() as u64)
    }

    /// FTS5's `bm25(chunks, 2.0, 1.0)` over the forms of an OR query: for each phrase, its
    /// idf times the saturated frequency of its column-weighted hits, the row's length being
    /// its title and body together; ties keep the index's order.
    fn search(&self, forms: &[String], limit: u32) -> Result<Vec<Passage>, Infallible> {
        let n = self.rows.len() as f64;
        let mut scores: HashMap<u32, f64> = HashMap::new();
        for phrase in forms.iter().filter_map(|f| self.phrase(f)) {
            let hits: Vec<(u32, f64)> = self
                .candidates(&phrase)
                .iter()
                .filter_map(|&r| {
                    let row = &self.rows[r as usize];
                    let weighted = TITLE_WEIGHT * occurrences(&row.title, &phrase) as f64
                        + BODY_WEIGHT * occurrences(&row.body, &phrase) as f64;
                    (weighted > 0.0).then_some((r, weighted))
                })
                .collect();
            let having = hits.len() as f64;
            let idf = ((n - having + 0.5) / (having + 0.5)).ln();
            let idf = if idf <= 0.0 { 1e-6 } else { idf };
            for (r, freq) in hits {
                let row = &self.rows[r as usize];
                let length = (row.title.len() + row.body.len()) as f64;
                let norm = K1 * (1.0 - B + B * length / self.average_length.max(1.0));
                *scores.entry(r).or_default() += idf * freq * (K1 + 1.0) / (freq + norm);
            }
        }
        let mut ranked: Vec<(u32, f64)> = scores.into_iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        Ok(ranked
            .into_iter()
            .take(limit as usize)
            .map(|(r, _)| self.rows[r as usize].passage.clone())
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(title: &str, body: &str) -> SnapshotRow {
        SnapshotRow {
            title_terms: title.to_lowercase(),
            body_terms: body.to_lowercase(),
            doc_id: 1,
            title: title.to_owned(),
            url: String::new(),
            body: body.to_owned(),
            lang: "en".to_owned(),
            vector: String::new(),
            kind: String::new(),
        }
    }

    fn snapshot(rows: Vec<SnapshotRow>) -> Snapshot {
        Snapshot::new(SnapshotRows {
            version: "7".into(),
            languages: vec!["en".into(), "xx".into()],
            rows,
            ..SnapshotRows::default()
        })
    }

    fn bodies(found: Vec<Passage>) -> Vec<String> {
        found.into_iter().map(|p| p.body).collect()
    }

    #[test]
    fn a_phrase_matches_only_its_tokens_in_a_row_within_one_column() {
        let s = snapshot(vec![
            row("Hours", "open monday to friday"),
            row("Open", "monday we rest"),
            row("Misc", "friday open monday"),
        ]);
        let found = bodies(s.search(&["open monday".into()], 10).unwrap());
        assert_eq!(found, vec!["friday open monday", "open monday to friday"]);
        assert_eq!(s.body_frequency(&["open monday".into()]).unwrap(), 2);
        assert_eq!(
            s.body_frequency(&["open".into()]).unwrap(),
            2,
            "not the title's"
        );
        assert!(s.search(&["closed".into()], 10).unwrap().is_empty());
    }

    #[test]
    fn a_title_hit_weighs_double_and_a_rare_word_more_than_a_common_one() {
        let s = snapshot(vec![
            row("Parking", "there is a garage and a lot"),
            row("Visit", "parking is in the garage"),
            row("Prices", "the garage costs nothing"),
            row("Team", "a friendly team"),
        ]);
        let found = bodies(s.search(&["parking".into(), "garage".into()], 2).unwrap());
        assert_eq!(found[0], "there is a garage and a lot");
        assert_eq!(found.len(), 2);
    }

    #[test]
    fn stored_terms_split_as_fts5_splits_them_and_query_words_as_they_are_quoted() {
        let s = snapshot(vec![row("Mail", "write to e-mail or fax")]);
        assert_eq!(s.search(&["mail".into()], 5).unwrap().len(), 1);
        assert_eq!(
            s.search(&["e-mail".into()], 5).unwrap().len(),
            0,
            "quoted as \"email\""
        );
        assert_eq!(s.search(&["e mail".into()], 5).unwrap().len(), 1);
    }

    #[test]
    fn counts_languages_and_bytes_of_text_and_keeps_its_version() {
        let s = snapshot(vec![row("A", "one"), row("B", "two three")]);
        assert_eq!(s.chunk_count().unwrap(), 2);
        assert_eq!(
            s.languages().unwrap(),
            vec![Lang::En],
            "an unknown tag is dropped"
        );
        assert_eq!(s.version(), "7");
        assert_eq!(
            s.bytes(),
            "one".len() + "A".len() + "two three".len() + "B".len()
        );
    }
}

/// What a snapshot costs in memory, measured with a counting allocator on the bench's synthetic
/// catalogue of 10,000 sections, from the Bot object's JSON to the built index
/// (`cargo test -p porthole-edge --lib snapshot_memory -- --nocapture` prints it). The budgets
/// of `crate::objects::bot::snapshots` rest on it: about 4 bytes kept and 5 at the peak per byte of text
/// here, with 64-bit pointers (wasm's are half as wide).
#[cfg(test)]
mod memory {
    use super::*;
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

    struct Counting;
    static NOW: AtomicUsize = AtomicUsize::new(0);
    static PEAK: AtomicUsize = AtomicUsize::new(0);

    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            let now = NOW.fetch_add(layout.size(), Relaxed) + layout.size();
            PEAK.fetch_max(now, Relaxed);
            unsafe { System.alloc(layout) }
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            NOW.fetch_sub(layout.size(), Relaxed);
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    #[global_allocator]
    static ALLOCATOR: Counting = Counting;

    #[test]
    fn snapshot_memory() {
        let words = "arabica robusta bourbon typica geisha caturra catuai pacamara sumatra kenya ethiopia colombia brazil washed natural honey jasmine bergamot cherry plum cocoa caramel hazelnut almond".split(' ').collect::<Vec<_>>();
        let rows: Vec<SnapshotRow> = (0..10_000)
            .map(|i| {
                let w = |k: usize| words[(i * 7 + k * 13) % words.len()];
                let body = format!("Lot {i} is a {} {} from farm {i}, processed {}, with notes of {}, {} and {}. It is roasted medium and ships in 250 g bags. Growers at farm {i} pick it by hand at {} metres.", w(0), w(1), w(2), w(3), w(4), w(5), 1200 + i % 900);
                SnapshotRow {
                    title_terms: format!("catalogu {}", i / 200),
                    body_terms: body.to_lowercase().replace([',', '.'], ""),
                    doc_id: (i / 200) as i64,
                    title: format!("Catalogue {}", i / 200),
                    url: String::new(),
                    body,
                    lang: "en".into(),
                    vector: String::new(),
                    kind: String::new(),
                }
            })
            .collect();
        let json = serde_json::to_string(&SnapshotRows {
            version: "1".into(),
            languages: vec!["en".into()],
            rows,
            ..SnapshotRows::default()
        })
        .unwrap();
        let base = NOW.load(Relaxed);
        PEAK.store(base, Relaxed);
        let parsed: SnapshotRows = serde_json::from_str(&json).unwrap();
        let text: usize = parsed
            .rows
            .iter()
            .map(|r| r.body.len() + r.title.len())
            .sum::<usize>();
        let snapshot = Snapshot::new(parsed);
        let peak = PEAK.load(Relaxed) - base;
        let kept = NOW.load(Relaxed) - base;
        println!(
            "text {} KB, JSON {} KB, peak while building {} KB ({:.1} B per byte of text), kept {} KB ({:.1} B per byte of text), bytes() {}",
            text / 1024,
            json.len() / 1024,
            peak / 1024,
            peak as f64 / text as f64,
            kept / 1024,
            kept as f64 / text as f64,
            snapshot.bytes()
        );
        assert_eq!(snapshot.bytes(), text);
        assert!(kept < 6 * text, "kept {kept} B for {text} bytes of text");
        assert!(peak < 8 * text, "peak {peak} B for {text} bytes of text");
    }
}
