//! The body of a streamed turn: frames already stored (a replay), then live frames, with an
//! SSE comment sent whenever nothing else was sent for a while, so that proxies and browsers
//! keep a slow reply's connection open.

use futures_channel::mpsc::UnboundedReceiver;
use futures_util::stream::{self, Stream, StreamExt};
use porthole_shared::sse::encode_comment;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use worker::{Delay, Headers, Response};

/// A stream that yields a keep-alive comment whenever `inner` is silent for `every`.
struct KeepAlive<S> {
    inner: S,
    every: Duration,
    timer: Option<Pin<Box<Delay>>>,
}

impl<S: Stream<Item = String> + Unpin> Stream for KeepAlive<S> {
    type Item = String;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<String>> {
        match self.inner.poll_next_unpin(cx) {
            Poll::Ready(item) => {
                self.timer = None;
                Poll::Ready(item)
            }
            Poll::Pending => {
                let every = self.every;
                let timer = self
                    .timer
                    .get_or_insert_with(|| Box::pin(Delay::from(every)));
                match timer.as_mut().poll(cx) {
                    Poll::Ready(()) => {
                        self.timer = None;
                        Poll::Ready(Some(encode_comment("keep-alive")))
                    }
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }
}

/// An SSE response: `replay` first, then what `live` brings (if the turn is still running).
pub fn sse_response(
    replay: Vec<String>,
    live: Option<UnboundedReceiver<String>>,
    every: Duration,
) -> Response {
    let frames = stream::iter(replay).chain(stream::iter(live).flatten());
    let body = KeepAlive {
        inner: Box::pin(frames),
        every,
        timer: None,
    }
    .map(|frame| Ok::<Vec<u8>, worker::Error>(frame.into_bytes()));
    let headers = Headers::new();
    let _ = headers.set("Content-Type", "text/event-stream; charset=utf-8");
    let _ = headers.set("Cache-Control", "no-cache, no-transform");
    let _ = headers.set("X-Accel-Buffering", "no");
    match Response::from_stream(body) {
        Ok(response) => response.with_headers(headers),
        Err(e) => crate::web::error::ApiError::internal(format!("sse stream: {e}")).into_response(),
    }
}
