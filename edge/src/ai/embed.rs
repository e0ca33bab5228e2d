//! Embedders: the models that turn a question and the knowledge's chunks into vectors, so that
//! retrieval finds what a question means beside what it says (`crate::knowledge::vectors`).
//!
//! A bot's [`EmbeddingSettings`] resolve, with what the deployment binds, to one [`Embedder`]:
//! - Workers AI through the `AI` binding (`@cf/baai/bge-m3`, multilingual, 1,024 dimensions):
//!   what `auto` means on Cloudflare. The binding cannot run under `wrangler dev`, so only its
//!   request and answer shapes are tested here; it is exercised on Cloudflare only.
//! - Any OpenAI-compatible `POST …/embeddings` (OpenAI, Ollama, vLLM, TEI): what `auto` means
//!   where the `EMBEDDINGS_URL` variable is set. `make dev`, the tests and the benchmarks set it
//!   to the local multilingual-e5-small (`scripts/embeddings`), so this path runs for real
//!   there.
//!
//! A model of the e5 family reads a question and a passage differently: the request says which
//! with `input_type` (`query` or `passage`), the field e5 servers read; other models read both
//! alike and are sent no such field (OpenAI's own API refuses fields it does not know).

use crate::knowledge::vectors::normalised;
use crate::platform::bindings::{self, AI, EMBEDDINGS_API_KEY, EMBEDDINGS_MODEL, EMBEDDINGS_URL};
use porthole_shared::ai::{
    DEFAULT_OPENAI_BASE_URL, DEFAULT_OPENAI_EMBEDDING_MODEL, DEFAULT_WORKERS_AI_EMBEDDING_MODEL,
    EmbeddingProvider, EmbeddingSettings,
};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::time::Duration;
use worker::{Env, Fetch, Headers, Method, Request, RequestInit};

/// The model `auto` names at an `EMBEDDINGS_URL` when `EMBEDDINGS_MODEL` does not say.
pub const DEFAULT_LOCAL_MODEL: &str = "multilingual-e5-small";

/// Passages sent in one request: few enough that a model serving one request at a time (the
/// local one) answers a visitor's question within a second or so even while it embeds.
pub const BATCH: usize = 8;

/// What a text is, for models that read the two differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A visitor's question.
    Query,
    /// A chunk of the knowledge.
    Passage,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::Query => "query",
            Purpose::Passage => "passage",
        }
    }
}

/// A resolved embedder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Embedder {
    /// Workers AI, through the `AI` binding.
    WorkersAi {
        /// The model.
        model: String,
    },
    /// An OpenAI-compatible endpoint.
    OpenAi {
        /// `…/embeddings`.
        url: String,
        /// The model.
        model: String,
        /// The secret holding the API key, if the endpoint wants one.
        key_secret: Option<String>,
    },
}

impl Embedder {
    /// The embedder `settings` name on this deployment; `None`: words only.
    pub fn resolve(settings: &EmbeddingSettings, env: &Env) -> Option<Embedder> {
        let model = |default: &str| match settings.model.as_str() {
            "" => default.to_owned(),
            m => m.to_owned(),
        };
        match settings.provider {
            EmbeddingProvider::Off => None,
            EmbeddingProvider::WorkersAi => Some(Embedder::WorkersAi {
                model: model(DEFAULT_WORKERS_AI_EMBEDDING_MODEL),
            }),
            EmbeddingProvider::Openai => {
                let base = match settings.base_url.as_str() {
                    "" => DEFAULT_OPENAI_BASE_URL,
                    url => url.trim_end_matches('/'),
                };
                Some(Embedder::OpenAi {
                    url: format!("{base}/embeddings"),
                    model: model(DEFAULT_OPENAI_EMBEDDING_MODEL),
                    key_secret: Some(settings.api_key_secret.as_str().to_owned()),
                })
            }
            // An explicit endpoint first: `make dev` names its local model, and a deployment
            // that binds AI as well still means the endpoint it was given.
            EmbeddingProvider::Auto => match bindings::var(env, EMBEDDINGS_URL) {
                Some(base) => Some(Embedder::OpenAi {
                    url: format!("{}/embeddings", base.trim_end_matches('/')),
                    model: bindings::var(env, EMBEDDINGS_MODEL)
                        .unwrap_or_else(|| DEFAULT_LOCAL_MODEL.to_owned()),
                    key_secret: Some(EMBEDDINGS_API_KEY.to_owned()),
                }),
                None if bindings::workers_ai(env).is_ok() => Some(Embedder::WorkersAi {
                    model: model(DEFAULT_WORKERS_AI_EMBEDDING_MODEL),
                }),
                None => None,
            },
        }
    }

    /// What its vectors are stored under: the provider and the model (not the address, which
    /// may change while the model does not).
    pub fn id(&self) -> String {
        match self {
            Embedder::WorkersAi { model } => format!("workers-ai:{model}"),
            Embedder::OpenAi { model, .. } => format!("openai:{model}"),
        }
    }

    /// Unit vectors of `texts` (at most [`BATCH`] at a time is best), in order, waiting at
    /// most `wait` for the answer.
    pub async fn embed(
        &self,
        env: &Env,
        texts: &[String],
        purpose: Purpose,
        wait: Duration,
    ) -> Result<Vec<Vec<f32>>, String> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let call = async {
            match self {
                Embedder::WorkersAi { model } => {
                    let binding =
                        bindings::workers_ai(env).map_err(|e| format!("no `{AI}` binding: {e}"))?;
                    let answer: WorkersAiAnswer = binding
                        .run(model, WorkersAiInput { text: texts })
                        .await
                        .map_err(|e| format!("Workers AI {model}: {e}"))?;
                    answer.vectors(texts.len())
                }
                Embedder::OpenAi {
                    url,
                    model,
                    key_secret,
                } => {
                    let key = key_secret.as_deref().and_then(|s| bindings::var(env, s));
                    openai_embed(url, model, key.as_deref(), texts, purpose).await
                }
            }
        };
        crate::ai::upstream::within(wait, call)
            .await
            .unwrap_or_else(|| Err(format!("no answer within {wait:?}")))
            .map(|vectors| vectors.into_iter().map(normalised).collect())
    }
}

/// Longest wait for a question's vector: past it the turn goes on by words alone.
const QUESTION_WAIT: Duration = Duration::from_secs(3);
/// After a question could not be embedded, this isolate asks again only after this long
/// (so a provider that is down costs one wait, not one per message).
const QUESTION_PAUSE_MS: i64 = 30_000;
/// Questions whose vectors an isolate keeps (asked again, they cost no request).
const QUESTIONS_KEPT: usize = 512;

/// The vectors of recent questions in this isolate, by model and text, and until when none
/// are asked for.
#[derive(Default)]
struct Questions {
    kept: HashMap<(String, String), Rc<Vec<f32>>>,
    paused_until: i64,
}

thread_local! {
    static QUESTIONS: RefCell<Questions> = RefCell::default();
}

/// The unit vector of a visitor's `question` (embedded once, and kept a while by this
/// isolate), or `None` when the embedder failed or is paused after failing.
pub async fn question(embedder: &Embedder, env: &Env, question: &str) -> Option<Rc<Vec<f32>>> {
    let key = (embedder.id(), question.to_owned());
    let now = crate::platform::clock::now_ms();
    let (kept, paused) =
        QUESTIONS.with_borrow(|q| (q.kept.get(&key).cloned(), now < q.paused_until));
    if kept.is_some() || paused {
        return kept;
    }
    match embedder
        .embed(
            env,
            std::slice::from_ref(&key.1),
            Purpose::Query,
            QUESTION_WAIT,
        )
        .await
    {
        Ok(mut vectors) => {
            let vector = Rc::new(vectors.pop()?);
            QUESTIONS.with_borrow_mut(|q| {
                if q.kept.len() >= QUESTIONS_KEPT {
                    q.kept.clear();
                }
                q.kept.insert(key, vector.clone());
            });
            Some(vector)
        }
        Err(e) => {
            worker::console_error!("embedding a question: {e}");
            QUESTIONS.with_borrow_mut(|q| q.paused_until = now + QUESTION_PAUSE_MS);
            None
        }
    }
}

/// Whether `model` reads questions and passages differently, told by `input_type`.
fn asymmetric(model: &str) -> bool {
    model.to_ascii_lowercase().contains("e5")
}

/// An OpenAI-compatible embeddings request.
#[derive(Debug, Serialize)]
pub struct OpenAiInput<'a> {
    /// The model.
    pub model: &'a str,
    /// The texts.
    pub input: &'a [String],
    /// Plain numbers.
    pub encoding_format: &'static str,
    /// `query` or `passage`, for models that read them differently.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input_type: Option<&'static str>,
}

impl<'a> OpenAiInput<'a> {
    /// The request for `texts`.
    pub fn new(model: &'a str, input: &'a [String], purpose: Purpose) -> Self {
        Self {
            model,
            input,
            encoding_format: "float",
            input_type: asymmetric(model).then(|| purpose.as_str()),
        }
    }
}

/// An OpenAI-compatible embeddings answer.
#[derive(Debug, Deserialize)]
pub struct OpenAiAnswer {
    data: Vec<OpenAiVector>,
}

#[derive(Debug, Deserialize)]
struct OpenAiVector {
    #[serde(default)]
    index: usize,
    embedding: Vec<f32>,
}

impl OpenAiAnswer {
    /// The vectors in the order of the texts, checked: one per text, all of one length.
    pub fn vectors(mut self, texts: usize) -> Result<Vec<Vec<f32>>, String> {
        self.data.sort_by_key(|v| v.index);
        checked(self.data.into_iter().map(|v| v.embedding).collect(), texts)
    }
}

/// Workers AI's input of an embedding model.
#[derive(Debug, Serialize)]
pub struct WorkersAiInput<'a> {
    /// The texts.
    pub text: &'a [String],
}

/// Workers AI's answer: `{"shape":[n,dims],"data":[[…],…]}`.
#[derive(Debug, Deserialize)]
pub struct WorkersAiAnswer {
    data: Vec<Vec<f32>>,
}

impl WorkersAiAnswer {
    /// The vectors, checked as [`OpenAiAnswer::vectors`] checks them.
    pub fn vectors(self, texts: usize) -> Result<Vec<Vec<f32>>, String> {
        checked(self.data, texts)
    }
}

fn checked(vectors: Vec<Vec<f32>>, texts: usize) -> Result<Vec<Vec<f32>>, String> {
    let dims = vectors.first().map_or(0, Vec::len);
    if vectors.len() != texts {
        return Err(format!("{} vectors for {texts} texts", vectors.len()));
    }
    if dims == 0 || vectors.iter().any(|v| v.len() != dims) {
        return Err("vectors of no or of differing lengths".to_owned());
    }
    if vectors.iter().flatten().any(|x| !x.is_finite()) {
        return Err("a vector that is not a number".to_owned());
    }
    Ok(vectors)
}

async fn openai_embed(
    url: &str,
    model: &str,
    key: Option<&str>,
    texts: &[String],
    purpose: Purpose,
) -> Result<Vec<Vec<f32>>, String> {
    let body = serde_json::to_string(&OpenAiInput::new(model, texts, purpose))
        .map_err(|e| e.to_string())?;
    let headers = Headers::new();
    let _ = headers.set("Content-Type", "application/json");
    if let Some(key) = key {
        let _ = headers.set("Authorization", &format!("Bearer {key}"));
    }
    let mut init = RequestInit::new();
    init.with_method(Method::Post)
        .with_headers(headers)
        .with_body(Some(body.into()));
    let request = Request::new_with_init(url, &init).map_err(|e| format!("{url}: {e}"))?;
    let mut response = Fetch::Request(request)
        .send()
        .await
        .map_err(|e| format!("{url}: {e}"))?;
    let status = response.status_code();
    let text = response.text().await.map_err(|e| format!("{url}: {e}"))?;
    if status != 200 {
        return Err(format!("{url} answered {status}: {text:.200}"));
    }
    serde_json::from_str::<OpenAiAnswer>(&text)
        .map_err(|e| format!("{url}: not an embeddings answer ({e}): {text:.120}"))?
        .vectors(texts.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_e5_model_is_told_what_it_reads_and_another_is_not() {
        let texts = vec!["hello".to_owned()];
        let e5 = serde_json::to_value(OpenAiInput::new(
            "multilingual-e5-small",
            &texts,
            Purpose::Query,
        ))
        .unwrap();
        assert_eq!(
            e5,
            json!({"model": "multilingual-e5-small", "input": ["hello"], "encoding_format": "float", "input_type": "query"})
        );
        let openai = serde_json::to_value(OpenAiInput::new(
            "text-embedding-3-small",
            &texts,
            Purpose::Passage,
        ))
        .unwrap();
        assert!(openai.get("input_type").is_none(), "{openai}");
    }

    #[test]
    fn answers_come_back_in_the_order_of_the_texts_or_are_refused() {
        let answer: OpenAiAnswer = serde_json::from_value(json!({"data": [
            {"index": 1, "embedding": [0.0, 1.0]}, {"index": 0, "embedding": [1.0, 0.0]}
        ]}))
        .unwrap();
        assert_eq!(
            answer.vectors(2).unwrap(),
            vec![vec![1.0, 0.0], vec![0.0, 1.0]]
        );
        let short: OpenAiAnswer =
            serde_json::from_value(json!({"data": [{"index": 0, "embedding": [1.0]}]})).unwrap();
        assert!(short.vectors(2).is_err());
        let ragged: WorkersAiAnswer =
            serde_json::from_value(json!({"shape": [2, 2], "data": [[1.0, 0.0], [1.0]]})).unwrap();
        assert!(ragged.vectors(2).is_err());
        let workers: WorkersAiAnswer =
            serde_json::from_value(json!({"shape": [1, 3], "data": [[0.1, 0.2, 0.3]]})).unwrap();
        assert_eq!(workers.vectors(1).unwrap(), vec![vec![0.1, 0.2, 0.3]]);
    }

    #[test]
    fn workers_ai_is_sent_its_texts() {
        let texts = vec!["a".to_owned(), "b".to_owned()];
        assert_eq!(
            serde_json::to_value(WorkersAiInput { text: &texts }).unwrap(),
            json!({"text": ["a", "b"]})
        );
    }

    #[test]
    fn the_store_names_the_model_not_its_address() {
        let a = Embedder::OpenAi {
            url: "http://127.0.0.1:1/v1/embeddings".into(),
            model: "m".into(),
            key_secret: None,
        };
        let b = Embedder::OpenAi {
            url: "http://127.0.0.1:2/v1/embeddings".into(),
            model: "m".into(),
            key_secret: None,
        };
        assert_eq!(a.id(), b.id());
        assert_eq!(
            Embedder::WorkersAi {
                model: "@cf/baai/bge-m3".into()
            }
            .id(),
            "workers-ai:@cf/baai/bge-m3"
        );
    }
}
