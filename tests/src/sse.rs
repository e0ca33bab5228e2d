//! Reading a `text/event-stream` response in tests as a stream of typed events, with the
//! arrival time of each, through the shared incremental decoder (the same one the widget uses).

use futures_util::{Stream, StreamExt};
use porthole_shared::StreamEvent;
use porthole_shared::sse::{SseDecoder, SseItem};
use std::collections::VecDeque;
use std::pin::Pin;
use std::time::Instant;

/// One received frame.
#[derive(Debug, Clone)]
pub struct Frame {
    /// Its `id:`.
    pub id: Option<String>,
    /// Its parsed `data:`.
    pub event: StreamEvent,
    /// When it arrived.
    pub at: Instant,
}

type ByteStream = Pin<Box<dyn Stream<Item = reqwest::Result<bytes::Bytes>> + Send>>;

/// Reads frames off a streaming response.
pub struct SseReader {
    body: ByteStream,
    decoder: SseDecoder,
    ready: VecDeque<Frame>,
    /// Keep-alive comments seen so far.
    pub comments: usize,
}

impl SseReader {
    /// Wraps a response whose body is an event stream.
    pub fn new(response: reqwest::Response) -> Self {
        Self {
            body: Box::pin(response.bytes_stream()),
            decoder: SseDecoder::new(),
            ready: VecDeque::new(),
            comments: 0,
        }
    }

    /// The next frame, or `None` when the stream ends.
    pub async fn next(&mut self) -> Option<Frame> {
        loop {
            if let Some(frame) = self.ready.pop_front() {
                return Some(frame);
            }
            let bytes = self.body.next().await?.ok()?;
            let at = Instant::now();
            for item in self.decoder.push(&bytes) {
                match item {
                    SseItem::Comment(_) => self.comments += 1,
                    SseItem::Event(e) => {
                        let event = StreamEvent::from_json(&e.data).unwrap_or_else(|err| {
                            panic!("frame data is not a stream event ({err}): {}", e.data)
                        });
                        self.ready.push_back(Frame {
                            id: e.id,
                            event,
                            at,
                        });
                    }
                }
            }
        }
    }

    /// Every remaining frame, until the stream ends.
    pub async fn collect(mut self) -> Vec<Frame> {
        let mut out = Vec::new();
        while let Some(frame) = self.next().await {
            out.push(frame);
        }
        out
    }
}

/// The reply text carried by the `chunk` frames of `frames`.
pub fn text_of(frames: &[Frame]) -> String {
    frames
        .iter()
        .filter_map(|f| match &f.event {
            StreamEvent::Chunk { content } => Some(content.as_str()),
            _ => None,
        })
        .collect()
}
