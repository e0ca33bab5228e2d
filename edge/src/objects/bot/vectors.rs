//! The embedding vectors of the bot's chunks, made in the background. A chunk's vector is
//! stored under the hash of the text it was made from (its document's title and the chunk),
//! so a document added again unchanged, or re-chunked into the same pieces, keeps its vectors,
//! and only new text is embedded. All vectors are of one model, named in `meta`; when the
//! bot's embedder changes (its settings, or the deployment's `auto`), they are dropped and
//! made again with the new one, while retrieval goes on by words.
//!
//! The work runs on the object's alarm, in batches of [`BATCH`] chunks, at most
//! [`BATCHES_PER_ALARM`] per alarm (each one request to the provider, within Cloudflare's
//! subrequest limit of 50 per invocation on the free plan), then the alarm is set again. A
//! failing provider is retried after [`RETRY_MS`], and the failure is shown in the bot's
//! status. Each finished alarm gives the knowledge a new version, so the isolates' snapshots
//! take the new vectors (`crate::objects::bot::snapshots`).

use super::Bot;
use crate::ai::embed::{BATCH, Embedder, Purpose};
use crate::knowledge::vectors::{Quantized, passage_text};
use crate::objects::sql::{count, exec, meta, rows, set_meta};
use crate::web::error::ApiResult;
use porthole_shared::WidgetToken;
use porthole_shared::admin::{RetrievalMode, RetrievalStatus};
use sha2::{Digest, Sha256};
use std::time::Duration;

/// Where the model of the stored vectors is kept in `meta`.
pub const MODEL_KEY: &str = "vectors_model";
/// Where their dimensions are kept.
pub const DIMS_KEY: &str = "vectors_dims";
/// Where the last failure to embed is kept (removed on success).
const ERROR_KEY: &str = "vectors_error";
/// Where the bytes the vectors take in a snapshot are kept (see [`Bot::measure_vectors`]).
pub const VECTOR_BYTES_KEY: &str = "vectors_bytes";
/// Requests per alarm (each of [`BATCH`] chunks).
const BATCHES_PER_ALARM: usize = 20;
/// Wait before trying a failed provider again.
const RETRY_MS: i64 = 60_000;
/// Longest wait for one batch's vectors.
const BATCH_WAIT: Duration = Duration::from_secs(60);

/// The vectors, by the hash of the text they were made from.
pub const VECTORS_TABLE: &str =
    "CREATE TABLE IF NOT EXISTS vectors (hash TEXT PRIMARY KEY, vector TEXT NOT NULL)";

/// The hash that names a chunk's vector: of the text it is embedded as.
pub fn chunk_hash(title: &str, body: &str) -> String {
    let digest = Sha256::digest(passage_text(title, body).as_bytes());
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

#[derive(serde::Deserialize)]
struct Pending {
    hash: String,
    title: String,
    body: String,
}

impl Bot {
    /// The bot's embedder on this deployment: its settings, read from KV (the object is named
    /// by the bot's token), resolved against the deployment's bindings.
    async fn embedder(&self) -> ApiResult<Option<Embedder>> {
        let Some(token) = self
            .state
            .id()
            .name()
            .and_then(|n| WidgetToken::parse(&n).ok())
        else {
            return Ok(None);
        };
        let config = crate::bots::read_fresh(&self.env, &token).await?;
        Ok(config.and_then(|c| Embedder::resolve(&c.ai.embeddings, &self.env)))
    }

    /// Embeds what is missing, a few batches at a time (see the module's comment); sets the
    /// alarm again while work remains.
    pub(super) async fn embed_some(&self) {
        let now = crate::platform::clock::now_ms();
        let next = match self.embed_batches().await {
            Ok(Ok(true)) => None,
            Ok(Ok(false)) => Some(now),
            Ok(Err(provider)) => {
                // Shown to the bot's owner in its status: what the provider said.
                worker::console_error!("bot embeddings: {provider}");
                let _ = set_meta(&self.sql, ERROR_KEY, &provider);
                Some(now + RETRY_MS)
            }
            Err(e) => {
                worker::console_error!("bot embeddings: {}", e.message);
                Some(now + RETRY_MS)
            }
        };
        // An earlier alarm (the reindexing's next batch) stays: it looks at the vectors too.
        if let Some(at) = next {
            self.alarm_by(at).await;
        }
    }

    /// Up to [`BATCHES_PER_ALARM`] batches; `true` when nothing is left to embed, or what the
    /// provider's failure was.
    async fn embed_batches(&self) -> ApiResult<Result<bool, String>> {
        let embedder = self.embedder().await?;
        let model = embedder.as_ref().map(Embedder::id).unwrap_or_default();
        let stored = meta(&self.sql, MODEL_KEY)?.unwrap_or_default();
        if stored != model {
            // Another model (or none): its vectors cannot be compared with the new one's.
            exec(&self.sql, "DELETE FROM vectors", vec![])?;
            exec(
                &self.sql,
                "DELETE FROM meta WHERE key IN (?, ?, ?, ?)",
                vec![
                    DIMS_KEY.into(),
                    ERROR_KEY.into(),
                    MODEL_KEY.into(),
                    VECTOR_BYTES_KEY.into(),
                ],
            )?;
            if !model.is_empty() {
                set_meta(&self.sql, MODEL_KEY, &model)?;
            }
            self.new_knowledge_version()?;
        }
        let Some(embedder) = embedder else {
            return Ok(Ok(true));
        };
        let mut embedded = 0;
        for _ in 0..BATCHES_PER_ALARM {
            let pending: Vec<Pending> = rows(
                &self.sql,
                "SELECT c.hash AS hash, min(c.title) AS title, min(c.body) AS body FROM chunks c
                 LEFT JOIN vectors v ON v.hash = c.hash WHERE v.hash IS NULL
                 GROUP BY c.hash LIMIT ?",
                vec![(BATCH as i64).into()],
            )?;
            if pending.is_empty() {
                break;
            }
            let texts: Vec<String> = pending
                .iter()
                .map(|p| passage_text(&p.title, &p.body))
                .collect();
            let result = embedder
                .embed(&self.env, &texts, Purpose::Passage, BATCH_WAIT)
                .await;
            // The settings may have changed while the provider answered.
            if meta(&self.sql, MODEL_KEY)?.as_deref() != Some(model.as_str()) {
                return Ok(Ok(false));
            }
            let vectors = match result {
                Ok(v) => v,
                Err(e) => {
                    if embedded > 0 {
                        self.measure_vectors()?;
                        self.new_knowledge_version()?;
                    }
                    return Ok(Err(format!("embedding with {model}: {e}")));
                }
            };
            let dims = vectors.first().map_or(0, Vec::len).to_string();
            match meta(&self.sql, DIMS_KEY)? {
                Some(d) if d != dims => {
                    // The model answered with another length than before: start again.
                    exec(&self.sql, "DELETE FROM vectors", vec![])?;
                    set_meta(&self.sql, DIMS_KEY, &dims)?;
                }
                Some(_) => {}
                None => set_meta(&self.sql, DIMS_KEY, &dims)?,
            }
            for (p, v) in pending.iter().zip(&vectors) {
                exec(
                    &self.sql,
                    "INSERT OR REPLACE INTO vectors (hash, vector) VALUES (?, ?)",
                    vec![p.hash.clone().into(), Quantized::of(v).encode().into()],
                )?;
            }
            embedded += pending.len();
        }
        exec(
            &self.sql,
            "DELETE FROM meta WHERE key = ?",
            vec![ERROR_KEY.into()],
        )?;
        let left = count(
            &self.sql,
            "SELECT count(*) AS n FROM chunks c LEFT JOIN vectors v ON v.hash = c.hash
             WHERE v.hash IS NULL",
            vec![],
        )?;
        if left == 0 {
            // Vectors of chunks that are gone.
            exec(
                &self.sql,
                "DELETE FROM vectors WHERE hash NOT IN (SELECT hash FROM chunks)",
                vec![],
            )?;
        }
        if embedded > 0 {
            self.measure_vectors()?;
            self.new_knowledge_version()?;
        }
        Ok(Ok(left == 0))
    }

    /// Measures the bytes the chunks' vectors take in a snapshot (one per dimension and four for
    /// the scale) and keeps the figure in `meta`.
    fn measure_vectors(&self) -> ApiResult<()> {
        let dims = meta(&self.sql, DIMS_KEY)?
            .and_then(|d| d.parse::<i64>().ok())
            .unwrap_or(0);
        let embedded = count(
            &self.sql,
            "SELECT count(*) AS n FROM chunks c JOIN vectors v ON v.hash = c.hash",
            vec![],
        )?;
        set_meta(
            &self.sql,
            VECTOR_BYTES_KEY,
            &(embedded * (dims + 4)).to_string(),
        )
    }

    /// Asks the alarm to look at the vectors (after a change to the chunks or the settings,
    /// and once when the object wakes, which backfills bots that had none).
    pub(super) async fn want_embeddings(&self) {
        let storage = self.state.storage();
        let set = matches!(storage.get_alarm().await, Ok(Some(_)));
        if !set
            && let Err(e) =
                crate::platform::clock::set_alarm_at(&storage, crate::platform::clock::now_ms())
                    .await
        {
            worker::console_error!("bot embeddings alarm: {e}");
        }
    }

    /// How the knowledge is retrieved: the stored vectors' model and count.
    pub(super) fn retrieval_status(&self) -> ApiResult<RetrievalStatus> {
        let model = meta(&self.sql, MODEL_KEY)?;
        let embedded = count(
            &self.sql,
            "SELECT count(*) AS n FROM chunks c JOIN vectors v ON v.hash = c.hash",
            vec![],
        )?;
        Ok(RetrievalStatus {
            mode: if model.is_some() && embedded > 0 {
                RetrievalMode::Hybrid
            } else {
                RetrievalMode::Lexical
            },
            model,
            embedded,
            error: meta(&self.sql, ERROR_KEY)?,
        })
    }
}
