//! Knowledge-base logic that needs no runtime: recognising languages, turning a question into
//! search terms, judging how well a passage covers them, composing an extractive answer, and
//! splitting documents into chunks. The Bot Durable Object does the storage (SQLite FTS5); this
//! module decides.

pub mod chunking;
pub mod compose;
pub mod concepts;
pub mod curated;
pub mod evaluate;
pub mod files;
pub mod gaps;
pub mod hybrid;
pub mod ingest;
pub mod intents;
pub mod lang;
pub mod lexicon;

#[cfg(test)]
pub mod quality;
pub mod replies;
pub mod retrieval;
pub mod site;
pub mod snapshot;
pub mod terms;
pub mod vectors;
pub mod words;
