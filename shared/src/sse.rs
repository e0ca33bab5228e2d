//! Server-Sent Events framing: an encoder for frames and comments, and an incremental decoder
//! that follows the WHATWG event-stream rules. The decoder takes bytes as they come off the
//! network — split anywhere, even inside a UTF-8 character or between CR and LF — and yields
//! complete events and comments.

/// Encodes one event frame: an optional `id:` line, one `data:` line per line of `data`,
/// and the blank line that ends the frame.
pub fn encode_event(id: Option<&str>, data: &str) -> String {
    let mut out = String::with_capacity(data.len() + 16);
    if let Some(id) = id {
        out.push_str("id: ");
        out.push_str(id);
        out.push('\n');
    }
    for line in data.split('\n') {
        out.push_str("data: ");
        out.push_str(line.strip_suffix('\r').unwrap_or(line));
        out.push('\n');
    }
    out.push('\n');
    out
}

/// Encodes a comment frame (ignored by clients; used as a keep-alive).
pub fn encode_comment(text: &str) -> String {
    format!(": {}\n\n", text.replace(['\r', '\n'], " "))
}

/// A dispatched event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SseEvent {
    /// The last event id seen in the stream so far (it persists across events).
    pub id: Option<String>,
    /// The `event:` type, when one was given.
    pub event: Option<String>,
    /// The `data:` lines joined with `\n`.
    pub data: String,
}

/// What the decoder yields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SseItem {
    /// A complete event.
    Event(SseEvent),
    /// A comment line (`: …`), without the colon and one leading space.
    Comment(String),
}

/// Incremental event-stream decoder.
#[derive(Debug, Default)]
pub struct SseDecoder {
    line: Vec<u8>,
    after_cr: bool,
    started: bool,
    data: String,
    has_data: bool,
    event: Option<String>,
    last_id: Option<String>,
}

impl SseDecoder {
    /// A decoder at the start of a stream.
    pub fn new() -> Self {
        Self::default()
    }

    /// The last event id seen so far.
    pub fn last_event_id(&self) -> Option<&str> {
        self.last_id.as_deref()
    }

    /// Feeds bytes; returns the events and comments they complete.
    pub fn push(&mut self, bytes: &[u8]) -> Vec<SseItem> {
        let mut out = Vec::new();
        for &b in bytes {
            if self.after_cr {
                self.after_cr = false;
                if b == b'\n' {
                    continue; // the LF of a CRLF whose CR ended the line already
                }
            }
            match b {
                b'\r' => {
                    self.after_cr = true;
                    self.end_line(&mut out);
                }
                b'\n' => self.end_line(&mut out),
                _ => self.line.push(b),
            }
        }
        out
    }

    /// Only the events (comments dropped), for callers that do not care about keep-alives.
    pub fn push_events(&mut self, bytes: &[u8]) -> Vec<SseEvent> {
        self.push(bytes)
            .into_iter()
            .filter_map(|item| match item {
                SseItem::Event(e) => Some(e),
                SseItem::Comment(_) => None,
            })
            .collect()
    }

    fn end_line(&mut self, out: &mut Vec<SseItem>) {
        let raw = std::mem::take(&mut self.line);
        let mut line = String::from_utf8_lossy(&raw).into_owned();
        if !self.started {
            self.started = true;
            if let Some(rest) = line.strip_prefix('\u{feff}') {
                line = rest.to_owned();
            }
        }
        if line.is_empty() {
            self.dispatch(out);
            return;
        }
        if let Some(comment) = line.strip_prefix(':') {
            out.push(SseItem::Comment(
                comment.strip_prefix(' ').unwrap_or(comment).to_owned(),
            ));
            return;
        }
        let (field, value) = match line.split_once(':') {
            Some((f, v)) => (f, v.strip_prefix(' ').unwrap_or(v)),
            None => (line.as_str(), ""),
        };
        match field {
            "data" => {
                self.data.push_str(value);
                self.data.push('\n');
                self.has_data = true;
            }
            "event" => self.event = Some(value.to_owned()),
            "id" if !value.contains('\0') => self.last_id = Some(value.to_owned()),
            _ => {} // `retry` and unknown fields are ignored
        }
    }

    fn dispatch(&mut self, out: &mut Vec<SseItem>) {
        let event = self.event.take();
        if !self.has_data {
            self.data.clear();
            return;
        }
        self.has_data = false;
        let mut data = std::mem::take(&mut self.data);
        data.pop(); // the trailing newline
        out.push(SseItem::Event(SseEvent {
            id: self.last_id.clone(),
            event,
            data,
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn decode_all(chunks: &[&[u8]]) -> Vec<SseItem> {
        let mut d = SseDecoder::new();
        chunks.iter().flat_map(|c| d.push(c)).collect()
    }

    fn event(id: Option<&str>, data: &str) -> SseItem {
        SseItem::Event(SseEvent {
            id: id.map(str::to_owned),
            event: None,
            data: data.to_owned(),
        })
    }

    #[test]
    fn a_frame_round_trips_through_encoder_and_decoder() {
        let frame = encode_event(Some("3"), "{\"type\":\"chunk\",\"content\":\"hi\"}");
        assert_eq!(
            frame,
            "id: 3\ndata: {\"type\":\"chunk\",\"content\":\"hi\"}\n\n"
        );
        assert_eq!(
            decode_all(&[frame.as_bytes()]),
            vec![event(Some("3"), "{\"type\":\"chunk\",\"content\":\"hi\"}")]
        );
    }

    #[test]
    fn multi_line_data_is_joined_with_newlines() {
        let frame = encode_event(None, "a\nb\r\nc");
        assert_eq!(
            decode_all(&[frame.as_bytes()]),
            vec![event(None, "a\nb\nc")]
        );
    }

    #[test]
    fn crlf_split_between_chunks_does_not_make_an_extra_line() {
        let items = decode_all(&[b"data: x\r", b"\n\r", b"\ndata: y\r\n\r\n"]);
        assert_eq!(items, vec![event(None, "x"), event(None, "y")]);
    }

    #[test]
    fn bare_cr_line_endings_work() {
        assert_eq!(decode_all(&[b"data: x\r\r"]), vec![event(None, "x")]);
    }

    #[test]
    fn comments_are_reported_and_do_not_dispatch() {
        let items = decode_all(&[b": keep-alive\n\n", b"data: z\n\n"]);
        assert_eq!(
            items,
            vec![SseItem::Comment("keep-alive".into()), event(None, "z")]
        );
    }

    #[test]
    fn the_last_id_persists_and_event_types_are_kept() {
        let items = decode_all(&[b"id: 7\nevent: ping\ndata: a\n\ndata: b\n\n"]);
        assert_eq!(
            items,
            vec![
                SseItem::Event(SseEvent {
                    id: Some("7".into()),
                    event: Some("ping".into()),
                    data: "a".into()
                }),
                event(Some("7"), "b"),
            ]
        );
    }

    #[test]
    fn a_field_without_a_space_after_the_colon_and_a_bom_are_handled() {
        assert_eq!(
            decode_all(&["\u{feff}data:x\n\n".as_bytes()]),
            vec![event(None, "x")]
        );
    }

    #[test]
    fn an_unterminated_frame_is_not_dispatched() {
        assert!(decode_all(&[b"data: partial\n"]).is_empty());
    }

    proptest! {
        #[test]
        fn any_split_of_a_stream_decodes_the_same(
            payloads in proptest::collection::vec("[^\r\n]{0,20}(\n[^\r\n]{0,20})?", 1..6),
            crlf in any::<bool>(),
            cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..8),
        ) {
            let mut stream = String::from(": hello\n\n");
            for (i, p) in payloads.iter().enumerate() {
                stream.push_str(&encode_event(Some(&i.to_string()), p));
            }
            if crlf {
                stream = stream.replace('\n', "\r\n");
            }
            let bytes = stream.as_bytes();
            let whole = decode_all(&[bytes]);
            let mut points: Vec<usize> = cuts.iter().map(|c| c.index(bytes.len() + 1)).collect();
            points.sort_unstable();
            let mut pieces = Vec::new();
            let mut start = 0;
            for p in points {
                pieces.push(&bytes[start..p]);
                start = p;
            }
            pieces.push(&bytes[start..]);
            prop_assert_eq!(decode_all(&pieces), whole.clone());
            let datas: Vec<String> = whole.iter().filter_map(|i| match i {
                SseItem::Event(e) => Some(e.data.clone()),
                _ => None,
            }).collect();
            prop_assert_eq!(datas, payloads);
        }
    }
}
