//! Embedding vectors of a bot's chunks: kept compactly (one byte per dimension and one scale
//! per vector, a quarter of `f32`'s size), stored and sent as base64 text, and searched by
//! cosine similarity. Models give unit vectors, so the similarity is a dot product; the
//! question's vector stays `f32` and only the chunks' are quantised, which keeps the
//! similarity within about 0.005 of the exact one (see the tests).
//!
//! A search reads every vector (no approximate index): at 10,000 chunks of 384 dimensions that
//! is 3.8 million multiply-adds, a few milliseconds in wasm; beyond what a snapshot holds, the
//! design names Vectorize (`docs/scale.md`).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// A vector quantised to one signed byte per dimension: `value[i] ≈ scale × bytes[i]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantized {
    /// What one step of a byte is worth.
    pub scale: f32,
    /// The dimensions.
    pub values: Vec<i8>,
}

impl Quantized {
    /// Quantises `vector` (any length; a zero vector keeps scale 0).
    pub fn of(vector: &[f32]) -> Self {
        let largest = vector.iter().fold(0f32, |m, v| m.max(v.abs()));
        let scale = if largest > 0.0 { largest / 127.0 } else { 0.0 };
        let values = vector
            .iter()
            .map(|v| {
                if scale == 0.0 {
                    0
                } else {
                    (v / scale).round().clamp(-127.0, 127.0) as i8
                }
            })
            .collect();
        Self { scale, values }
    }

    /// The stored form: base64 of the scale (`f32`, little-endian) and the bytes.
    pub fn encode(&self) -> String {
        let mut raw = Vec::with_capacity(4 + self.values.len());
        raw.extend_from_slice(&self.scale.to_le_bytes());
        raw.extend(self.values.iter().map(|v| *v as u8));
        STANDARD.encode(raw)
    }

    /// Reads [`Quantized::encode`]'s form; `None` when it is not one of `dims` dimensions.
    pub fn decode(text: &str, dims: usize) -> Option<Self> {
        let raw = STANDARD.decode(text).ok()?;
        if raw.len() != 4 + dims || dims == 0 {
            return None;
        }
        let scale = f32::from_le_bytes(raw[..4].try_into().ok()?);
        scale.is_finite().then(|| Self {
            scale,
            values: raw[4..].iter().map(|b| *b as i8).collect(),
        })
    }
}

/// The similarity of a unit `query` to a quantised unit vector: their dot product.
pub fn similarity(query: &[f32], bytes: &[i8], scale: f32) -> f32 {
    let dot: f32 = query
        .iter()
        .zip(bytes)
        .map(|(q, b)| q * f32::from(*b))
        .sum();
    dot * scale
}

/// `vector` scaled to unit length (a zero vector stays zero).
pub fn normalised(mut vector: Vec<f32>) -> Vec<f32> {
    let norm = vector.iter().map(|v| v * v).sum::<f32>().sqrt();
    if norm > 0.0 {
        vector.iter_mut().for_each(|v| *v /= norm);
    }
    vector
}

/// The text a chunk is embedded as: its document's title, then the chunk (whose first line
/// is its section's heading).
pub fn passage_text(title: &str, body: &str) -> String {
    if title.trim().is_empty() {
        body.to_owned()
    } else {
        format!("{}\n{body}", title.trim())
    }
}

/// Every chunk's vector of one model, in the order of the index's rows, searched at once.
#[derive(Debug, Clone, Default)]
pub struct VectorIndex {
    /// The model the vectors are of (`provider:model`).
    model: String,
    dims: usize,
    /// Row-major bytes, `dims` per row (zeros for a row without a vector).
    bytes: Vec<i8>,
    /// Each row's scale; 0 for a row without a vector.
    scales: Vec<f32>,
    /// Rows with a vector.
    present: usize,
    /// How near each row lies to the middle of all of them, in standard deviations (see
    /// [`VectorIndex::finish`]).
    central: Vec<f32>,
}

/// How a question's vector meets the chunks: each row's similarity, and their spread.
#[derive(Debug, Clone, PartialEq)]
pub struct Similarities {
    /// Each row's similarity (`None` for a row without a vector).
    pub of_row: Vec<Option<f32>>,
    /// The mean similarity over the rows with a vector.
    pub mean: f32,
    /// Their standard deviation.
    pub spread: f32,
}

impl Similarities {
    /// How far `similarity` stands above this question's usual similarity, in standard
    /// deviations: a model's similarities crowd in a narrow band of their own (e5's near 0.8,
    /// bge-m3's lower), and this reads any model's on one scale.
    pub fn standing(&self, similarity: f32) -> f32 {
        if self.spread > 0.0 {
            (similarity - self.mean) / self.spread
        } else {
            0.0
        }
    }

    /// The rows best first, at most `limit`, with their similarity.
    pub fn best(&self, limit: usize) -> Vec<(usize, f32)> {
        let mut ranked: Vec<(usize, f32)> = self
            .of_row
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.map(|s| (i, s)))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(limit);
        ranked
    }
}

impl VectorIndex {
    /// An index of `model`'s `dims`-dimensional vectors, filled with [`VectorIndex::push`].
    pub fn new(model: &str, dims: usize, rows: usize) -> Self {
        Self {
            model: model.to_owned(),
            dims,
            bytes: Vec::with_capacity(rows * dims),
            scales: Vec::with_capacity(rows),
            present: 0,
            central: Vec::new(),
        }
    }

    /// Once every row is pushed: each row's centrality, its similarity to the mean of all
    /// vectors, standardised. A chunk that says little of its own (a list of links, a code
    /// listing, a heading with a line) lies near the middle and is near every question a
    /// little; retrieval holds that against it ("hubness").
    pub fn finish(&mut self) {
        let dims = self.dims;
        let mut centre = vec![0f32; dims];
        for (row, scale) in self.bytes.chunks_exact(dims).zip(&self.scales) {
            for (c, b) in centre.iter_mut().zip(row) {
                *c += f32::from(*b) * scale;
            }
        }
        let centre = normalised(centre);
        let near: Vec<Option<f32>> = self
            .bytes
            .chunks_exact(dims)
            .zip(&self.scales)
            .map(|(row, scale)| (*scale != 0.0).then(|| similarity(&centre, row, *scale)))
            .collect();
        let (mean, spread) = mean_and_spread(near.iter().flatten().copied());
        self.central = near
            .into_iter()
            .map(|n| match n {
                Some(n) if spread > 0.0 => (n - mean) / spread,
                _ => 0.0,
            })
            .collect();
    }

    /// Adds the next row's vector, `None` when it has none (yet) or it is not of this index's
    /// dimensions.
    pub fn push(&mut self, vector: Option<Quantized>) {
        match vector.filter(|v| v.values.len() == self.dims) {
            Some(v) => {
                self.bytes.extend_from_slice(&v.values);
                self.scales.push(v.scale);
                self.present += 1;
            }
            None => {
                self.bytes.extend(std::iter::repeat_n(0, self.dims));
                self.scales.push(0.0);
            }
        }
    }

    /// The model the vectors are of.
    pub fn model(&self) -> &str {
        &self.model
    }

    /// Their dimensions.
    pub fn dims(&self) -> usize {
        self.dims
    }

    /// How many rows have a vector.
    pub fn present(&self) -> usize {
        self.present
    }

    /// A row's centrality (see [`VectorIndex::finish`]; 0 before it).
    pub fn central(&self, row: usize) -> f32 {
        self.central.get(row).copied().unwrap_or(0.0)
    }

    /// Bytes held.
    pub fn bytes(&self) -> usize {
        self.bytes.len() + self.scales.len() * 4
    }

    /// Every row's similarity to the unit vector `query` (of this index's dimensions; another
    /// length meets nothing).
    pub fn similarities(&self, query: &[f32]) -> Similarities {
        if query.len() != self.dims || self.dims == 0 {
            return Similarities {
                of_row: vec![None; self.scales.len()],
                mean: 0.0,
                spread: 0.0,
            };
        }
        let of_row: Vec<Option<f32>> = self
            .bytes
            .chunks_exact(self.dims)
            .zip(&self.scales)
            .map(|(row, scale)| (*scale != 0.0).then(|| similarity(query, row, *scale)))
            .collect();
        let (mean, spread) = mean_and_spread(of_row.iter().flatten().copied());
        Similarities {
            of_row,
            mean,
            spread,
        }
    }
}

/// The mean and standard deviation of `values` (0 and 0 when there are none).
fn mean_and_spread(values: impl Iterator<Item = f32>) -> (f32, f32) {
    let (n, sum, squares) = values.fold((0f32, 0f32, 0f32), |(n, s, q), v| {
        (n + 1.0, s + v, q + v * v)
    });
    let mean = if n > 0.0 { sum / n } else { 0.0 };
    let spread = if n > 1.0 {
        (squares / n - mean * mean).max(0.0).sqrt()
    } else {
        0.0
    };
    (mean, spread)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(seed: u32, dims: usize) -> Vec<f32> {
        // A fixed pseudo-random vector (xorshift), normalised.
        let mut x = seed.wrapping_mul(2_654_435_761).max(1);
        let v = (0..dims)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                (x % 2000) as f32 / 1000.0 - 1.0
            })
            .collect();
        normalised(v)
    }

    fn exact(a: &[f32], b: &[f32]) -> f32 {
        a.iter().zip(b).map(|(x, y)| x * y).sum()
    }

    #[test]
    fn quantised_similarity_stays_within_half_a_hundredth_of_the_exact_one() {
        for seed in 1..50 {
            let (a, b) = (unit(seed, 384), unit(seed + 1000, 384));
            let q = Quantized::of(&b);
            let error = (similarity(&a, &q.values, q.scale) - exact(&a, &b)).abs();
            assert!(error < 0.005, "seed {seed}: {error}");
            let same = similarity(&a, &Quantized::of(&a).values, Quantized::of(&a).scale);
            assert!((same - 1.0).abs() < 0.005, "{same}");
        }
    }

    #[test]
    fn the_stored_form_reads_back_and_refuses_another_length() {
        let q = Quantized::of(&unit(7, 16));
        let text = q.encode();
        assert_eq!(Quantized::decode(&text, 16), Some(q));
        assert_eq!(Quantized::decode(&text, 17), None);
        assert_eq!(Quantized::decode("not base64!", 16), None);
        assert_eq!(Quantized::decode("", 0), None);
    }

    #[test]
    fn the_nearest_rows_come_first_and_rows_without_a_vector_meet_nothing() {
        let dims = 32;
        let mut index = VectorIndex::new("test:model", dims, 4);
        index.push(Some(Quantized::of(&unit(1, dims))));
        index.push(None);
        index.push(Some(Quantized::of(&unit(3, dims))));
        index.push(Some(Quantized::of(&unit(4, dims)[..8]))); // another length: none
        assert_eq!(index.present(), 2);
        let found = index.similarities(&unit(3, dims));
        assert_eq!(found.of_row[1], None);
        assert_eq!(found.of_row[3], None);
        let best = found.best(5);
        assert_eq!(best.len(), 2);
        assert_eq!(best[0].0, 2);
        assert!(found.standing(best[0].1) > 0.0);
        assert!(index.similarities(&unit(3, 8)).best(5).is_empty());
    }

    #[test]
    fn a_passage_is_embedded_with_its_title() {
        assert_eq!(
            passage_text("Refunds", "## Ask\nWrite to us."),
            "Refunds\n## Ask\nWrite to us."
        );
        assert_eq!(passage_text(" ", "Body"), "Body");
    }
}
