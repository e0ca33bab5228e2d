//! Where a growing reply's finished blocks end, so that a reply streaming in is parsed block
//! by block: each finished block once, only the block being written again as text arrives.
//! Fences, list items and blank lines are recognized as [`super::blocks`] recognizes them.

use super::blocks::{Fence, closes_fence, is_blank, opens_fence, starts_item};

/// How far a growing text (a reply as it streams in) is made of finished top-level blocks:
/// those end at a blank line followed by a line that is neither indented nor a list item
/// (either may continue a list), outside a fenced code block. A finished block is parsed and
/// rendered once; only the rest is parsed again as text arrives, so each piece of a reply
/// costs time in proportion to the block it extends, not to the whole reply.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settled {
    /// The byte ranges of the finished blocks, in order.
    pub blocks: Vec<(usize, usize)>,
    /// Which text it reads: a new number whenever the text was replaced rather than grown.
    pub generation: u32,
    /// Where the unfinished rest starts.
    rest: usize,
    /// Where reading stopped: the end of the last whole line read.
    scanned: usize,
    /// Whether the last line read was blank.
    after_blank: bool,
    /// The fence of the code block the last line read is inside.
    fence: Option<Fence>,
}

impl Settled {
    /// Reads the lines `text` gained since this was computed; starts over (with a new
    /// generation) when `text` is not this text grown.
    pub fn advance(&self, text: &str) -> Settled {
        let grown = text.len() >= self.scanned
            && (self.scanned == 0 || text.as_bytes()[self.scanned - 1] == b'\n');
        let mut next = if grown {
            self.clone()
        } else {
            Settled {
                generation: self.generation.wrapping_add(1),
                ..Settled::default()
            }
        };
        while let Some(len) = text[next.scanned..].find('\n') {
            let (start, end) = (next.scanned, next.scanned + len + 1);
            let line = &text[start..end - 1];
            if let Some(fence) = next.fence {
                if closes_fence(line, fence) {
                    next.fence = None;
                }
                next.after_blank = false;
            } else if is_blank(line) {
                next.after_blank = true;
            } else {
                if next.after_blank && !line.starts_with([' ', '\t']) && !starts_item(line) {
                    next.end_block(text, start);
                }
                next.after_blank = false;
                next.fence = opens_fence(line);
            }
            next.scanned = end;
        }
        // A line being written that starts with a letter after a blank line starts a
        // paragraph: the block before it is finished already.
        let writing = &text[next.scanned..];
        if next.after_blank
            && next.fence.is_none()
            && writing.chars().next().is_some_and(char::is_alphabetic)
        {
            next.end_block(text, next.scanned);
        }
        next
    }

    /// Ends the block being written at `at`, where another starts, unless it is blank.
    fn end_block(&mut self, text: &str, at: usize) {
        if !text[self.rest..at].trim().is_empty() {
            self.blocks.push((self.rest, at));
            self.rest = at;
        }
    }

    /// Where the unfinished rest of the text starts.
    pub fn rest(&self) -> usize {
        self.rest
    }
}
