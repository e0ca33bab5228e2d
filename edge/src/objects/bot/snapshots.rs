//! Retrieval off the Bot object's thread. Each isolate keeps, per bot, an in-memory
//! [`Snapshot`] of the knowledge index keyed by the knowledge's version; questions are
//! answered from it where they are asked (the Conversation object running the turn, the trial
//! route), so a busy bot's messages spread over as many machines as its conversations.
//!
//! The Bot object stays the only writer. An isolate asks it for the knowledge's version at most
//! once every [`RECHECK_MS`] per bot (a read of two `meta` rows) and fetches the rows only when
//! the version changed. A write made through this isolate forgets the snapshot at once
//! ([`forget`]); other isolates see the change within [`RECHECK_MS`]. Knowledge larger than
//! [`MAX_BYTES`] is not held, nor one larger than a quarter of what an isolate holds where the
//! others leave no room: the Bot object searches its FTS5 index for it, by words alone (its
//! vectors are searched only in snapshots; past them, Vectorize: `docs/scale.md`).
//!
//! Sizes are in bytes of text, and a snapshot's embedding vectors count for what they weigh in
//! memory beside it: a quarter of their bytes ([`crate::knowledge::snapshot::weight`]). So
//! [`MAX_BYTES`] holds, say, 4 MB of text alone; or 3 MB of text in about 4,000 chunks with
//! their 1,024-dimension vectors (bge-m3); or 2.3 MB of text in 10,000 short chunks with their
//! 384-dimension vectors (multilingual-e5-small).

use crate::knowledge::snapshot::{Snapshot, SnapshotRows, weight};
use crate::objects::bot::{self, KnowledgeVersion};
use crate::web::error::ApiResult;
use porthole_shared::WidgetToken;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use worker::Env;

/// How long a snapshot is used before its version is checked again.
pub const RECHECK_MS: i64 = 2_000;
/// The most bytes of knowledge text (UTF-8) one snapshot holds. A snapshot keeps about 4
/// bytes per byte of text and needs about 5 while it is built, beside the JSON it is built from
/// (`knowledge::snapshot`'s memory test): 4 MB of text stays near 20–30 MB, within an isolate's
/// 128 MB.
pub const MAX_BYTES: u64 = 4_000_000;
/// The most bytes of text all of an isolate's snapshots hold together (about 32 MB kept);
/// beyond it the snapshot checked longest ago is dropped.
const ISOLATE_BYTES: usize = 8_000_000;

/// What an isolate knows of a bot's knowledge: its version, the snapshot of it (none when it
/// is too large to hold), and when that was last known current.
struct Entry {
    version: String,
    snapshot: Option<Rc<Snapshot>>,
    checked_at: i64,
}

impl Entry {
    fn bytes(&self) -> usize {
        self.snapshot.as_ref().map_or(0, |s| s.weight())
    }
}

/// A snapshot, or none: knowledge too large to hold in memory.
type Held = Option<Rc<Snapshot>>;

thread_local! {
    static CACHE: RefCell<HashMap<String, Entry>> = RefCell::new(HashMap::new());
}

/// What is held of `token`'s knowledge, if it was checked less than [`RECHECK_MS`] ago; `None`
/// when the caller is to check it. The entry counts as checked from then on, so questions that
/// arrive during the check do not check too: they use what is held, and while nothing is held
/// yet (a first load), the Bot object's own search. (They cannot wait for the check: an
/// isolate's Durable Objects must not wake one another's requests. And one load at a time keeps
/// the memory of building a snapshot to one.)
fn fresh(token: &str, now: i64) -> Option<Held> {
    CACHE.with(|c| {
        let mut cache = c.borrow_mut();
        match cache.get_mut(token) {
            Some(entry) if now - entry.checked_at < RECHECK_MS => Some(entry.snapshot.clone()),
            Some(entry) => {
                entry.checked_at = now;
                None
            }
            None => {
                let loading = Entry {
                    version: String::new(),
                    snapshot: None,
                    checked_at: now,
                };
                cache.insert(token.to_owned(), loading);
                None
            }
        }
    })
}

/// Bytes of text held for bots other than `token`.
fn held_beside(token: &str) -> usize {
    CACHE.with(|c| {
        c.borrow()
            .iter()
            .filter(|(k, _)| k.as_str() != token)
            .map(|(_, e)| e.bytes())
            .sum()
    })
}

/// What is held of `token`'s knowledge if it is of `version` (then known current now).
fn of_version(token: &str, version: &str, now: i64) -> Option<Held> {
    CACHE.with(|c| {
        let mut cache = c.borrow_mut();
        let entry = cache.get_mut(token).filter(|e| e.version == version)?;
        entry.checked_at = now;
        Some(entry.snapshot.clone())
    })
}

/// Keeps what is held of `token`'s knowledge at `version`, dropping the least recently
/// checked others while over the budget.
fn keep(token: &str, version: String, snapshot: Held, now: i64) {
    CACHE.with(|c| {
        let mut cache = c.borrow_mut();
        cache.insert(
            token.to_owned(),
            Entry {
                version,
                snapshot,
                checked_at: now,
            },
        );
        while cache.values().map(Entry::bytes).sum::<usize>() > ISOLATE_BYTES {
            let oldest = cache
                .iter()
                .filter(|(k, _)| k.as_str() != token)
                .min_by_key(|(_, e)| e.checked_at)
                .map(|(k, _)| k.clone());
            match oldest {
                Some(k) => cache.remove(&k),
                None => break,
            };
        }
    });
}

/// Forgets what this isolate holds of `token`'s knowledge (after a write through it).
pub fn forget(token: &WidgetToken) {
    CACHE.with(|c| c.borrow_mut().remove(token.as_str()));
}

/// The snapshot of `token`'s knowledge, current to within [`RECHECK_MS`]; `None` when the
/// knowledge is too large to hold, or has no room beside the others held, or is being loaded
/// for another question (then the Bot object searches it).
pub async fn current(env: &Env, token: &WidgetToken) -> ApiResult<Held> {
    let key = token.as_str();
    if let Some(held) = fresh(key, crate::platform::clock::now_ms()) {
        return Ok(held);
    }
    let known: KnowledgeVersion = bot::ask(env, token, bot::GetKnowledgeVersion).await?;
    let now = crate::platform::clock::now_ms();
    if let Some(held) = of_version(key, &known.version, now) {
        return Ok(held);
    }
    // A large bot is held only where there is room: evicting others for it would have
    // isolates serving several large bots rebuild them in turn.
    let size = weight(
        usize::try_from(known.bytes).unwrap_or(usize::MAX),
        usize::try_from(known.vector_bytes).unwrap_or(usize::MAX),
    );
    let fits = size <= ISOLATE_BYTES.saturating_sub(held_beside(key)) || size <= ISOLATE_BYTES / 4;
    let held = if size as u64 > MAX_BYTES || !fits {
        None
    } else {
        let rows: SnapshotRows = bot::ask(env, token, bot::GetSnapshot).await?;
        // The rows may be of a version newer than the one asked about: keep theirs.
        Some(Rc::new(Snapshot::new(rows)))
    };
    let version = held
        .as_ref()
        .map_or(known.version, |s| s.version().to_owned());
    keep(key, version, held.clone(), now);
    Ok(held)
}
