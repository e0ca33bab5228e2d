//! The default responder: no key, no network. It answers from the bot's knowledge with the
//! passage that covers the question (see [`crate::knowledge::compose`]), or with the owner's
//! curated answer as written when one matches closely ([`crate::knowledge::curated`]), or says
//! the bot's fallback. Greetings and thanks get a short friendly answer. The reply is streamed in pieces
//! of a few words, paced by the bot's `stream_pace_ms`; unpaced (0), it is one piece, so a
//! reply costs one write, not one per few words.

use super::{AiError, Outcome, ReplySink, TurnInput, pieces};
use crate::knowledge::compose::compose;
use crate::knowledge::{curated, lang, replies, terms};
use futures_util::future::select;
use std::pin::pin;
use std::time::Duration;

/// What the extractive responder would say, and its sources. Its own words (greeting,
/// thanks, the default fallback) are in the visitor's language: the question's, else the
/// widget's.
pub fn answer(input: TurnInput<'_>) -> (String, Outcome) {
    let lang = lang::of_question(input.message, input.lang);
    if terms::is_small_talk(input.message) {
        let text = if terms::is_thanks(input.message) {
            replies::welcome_back(lang).to_owned()
        } else {
            replies::greeting(input.config, lang)
        };
        return (text, Outcome::default());
    }
    // A curated answer that matches closely is given as the owner wrote it.
    if let Some(answer) = input
        .retrieved
        .passages
        .first()
        .filter(|_| input.retrieved.curated)
    {
        return (
            answer.body.clone(),
            Outcome {
                sources: curated::source(answer).into_iter().collect(),
                ..Outcome::default()
            },
        );
    }
    match compose(
        &input.retrieved.terms,
        &input.retrieved.passages,
        input.retrieved.meaning.as_ref(),
    ) {
        Some(a) => (
            a.text,
            Outcome {
                sources: a.sources,
                ..Outcome::default()
            },
        ),
        None => (
            replies::fallback(input.config, lang),
            Outcome {
                fell_back: true,
                ..Outcome::default()
            },
        ),
    }
}

/// Streams [`answer`] into `sink`, until the turn is stopped.
pub async fn respond(input: TurnInput<'_>, sink: &mut dyn ReplySink) -> Result<Outcome, AiError> {
    let (text, mut outcome) = answer(input);
    let pace = Duration::from_millis(u64::from(input.config.stream_pace_ms));
    let pieces = if pace.is_zero() {
        vec![text]
    } else {
        pieces::pieces(&text, pieces::WORDS_PER_PIECE)
    };
    for (i, piece) in pieces.iter().enumerate() {
        if i > 0 {
            let pause = pin!(worker::Delay::from(pace));
            let _ = select(pause, pin!(input.stop.wait())).await;
        }
        if input.stop.is_stopped() {
            outcome.stopped = true;
            outcome.sources.clear();
            return Ok(outcome);
        }
        sink.chunk(piece);
    }
    Ok(outcome)
}
