//! Splits a document into overlapping chunks of a size that retrieval ranks well (about 800
//! characters). Splits fall between paragraphs, then between sentences; a chunk that starts
//! inside a section repeats the section's heading, so every chunk says what it is about; a
//! chunk that continues a paragraph carries the previous chunk's last sentence.

/// Target chunk size in characters.
pub const TARGET_CHARS: usize = 800;
/// How much of the previous chunk a continuing chunk repeats, at most.
pub const OVERLAP_CHARS: usize = 160;

/// Splits `text` into chunks.
pub fn chunk(text: &str) -> Vec<String> {
    chunk_with(text, TARGET_CHARS, OVERLAP_CHARS)
}

/// [`chunk`] with explicit sizes (for tests).
pub fn chunk_with(text: &str, target: usize, overlap: usize) -> Vec<String> {
    let mut chunker = Chunker {
        target,
        overlap,
        chunks: Vec::new(),
        current: String::new(),
        heading: None,
        carry: String::new(),
    };
    for block in blocks(text) {
        if block.starts_with('#') {
            chunker.flush();
            chunker.carry.clear();
            chunker.heading = Some(block);
            continue;
        }
        if len(&block) > target {
            for piece in split_long(&block, target) {
                chunker.add(&piece);
            }
        } else {
            chunker.add(&block);
        }
    }
    chunker.flush();
    chunker.chunks
}

struct Chunker {
    target: usize,
    overlap: usize,
    chunks: Vec<String>,
    current: String,
    heading: Option<String>,
    carry: String,
}

impl Chunker {
    fn add(&mut self, block: &str) {
        if !self.current.is_empty() && len(&self.current) + 2 + len(block) > self.target {
            self.flush();
        }
        if self.current.is_empty() {
            if let Some(h) = &self.heading {
                self.current.push_str(h);
                self.current.push('\n');
            }
            if !self.carry.is_empty() {
                self.current.push_str(&self.carry);
                self.current.push_str("\n\n");
            }
        } else {
            self.current.push_str("\n\n");
        }
        self.current.push_str(block);
    }

    fn flush(&mut self) {
        if self.current.trim().is_empty() {
            self.current.clear();
            return;
        }
        let done = std::mem::take(&mut self.current);
        self.carry = last_sentence(&done, self.overlap);
        self.chunks.push(done);
    }
}

fn len(s: &str) -> usize {
    s.chars().count()
}

/// Paragraphs (blank-line separated) and heading lines, trimmed.
fn blocks(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let flush = |para: &mut Vec<&str>, out: &mut Vec<String>| {
        if !para.is_empty() {
            out.push(para.join("\n"));
            para.clear();
        }
    };
    for line in text.lines().map(str::trim_end) {
        if line.trim().is_empty() {
            flush(&mut para, &mut out);
        } else if line.trim_start().starts_with('#') {
            flush(&mut para, &mut out);
            out.push(line.trim().to_owned());
        } else {
            para.push(line);
        }
    }
    flush(&mut para, &mut out);
    out
}

/// Splits a long paragraph at sentence ends (or spaces, or anywhere) into pieces of at most `target`.
fn split_long(block: &str, target: usize) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut current = String::new();
    for sentence in block.split_inclusive(['.', '!', '?', '。', '\n']) {
        if len(&current) + len(sentence) > target && !current.trim().is_empty() {
            pieces.push(current.trim().to_owned());
            current.clear();
        }
        current.push_str(sentence);
        while len(&current) > target {
            let cut = cut_point(&current, target);
            pieces.push(current[..cut].trim().to_owned());
            current = current[cut..].to_owned();
        }
    }
    if !current.trim().is_empty() {
        pieces.push(current.trim().to_owned());
    }
    pieces
}

/// A byte index at or before the `target`-th character, preferring a space.
fn cut_point(s: &str, target: usize) -> usize {
    let hard = s.char_indices().nth(target).map_or(s.len(), |(i, _)| i);
    s[..hard]
        .rfind(' ')
        .filter(|&i| i > hard / 2)
        .unwrap_or(hard)
}

/// The last sentence of `text` when it is short enough to repeat, else nothing.
fn last_sentence(text: &str, max: usize) -> String {
    let body = text.trim_end();
    let start = body
        .trim_end_matches(['.', '!', '?'])
        .rfind(['.', '!', '?', '\n'])
        .map_or(0, |i| i + 1);
    let s = body[start..].trim();
    if len(s) <= max && !s.starts_with('#') {
        s.to_owned()
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_document_is_one_chunk() {
        assert_eq!(
            chunk("Hello there.\n\nSecond paragraph."),
            ["Hello there.\n\nSecond paragraph."]
        );
    }

    #[test]
    fn no_chunk_is_much_larger_than_the_target() {
        let text = (0..200)
            .map(|i| format!("Sentence number {i} is here."))
            .collect::<Vec<_>>()
            .join(" ");
        let chunks = chunk_with(&text, 300, 80);
        assert!(chunks.len() > 5);
        for c in &chunks {
            assert!(len(c) <= 300 + 80 + 2, "{} chars", len(c));
        }
    }

    #[test]
    fn every_chunk_of_a_section_repeats_its_heading() {
        let text = format!("# Shipping\n\n{}\n\n{}", "a".repeat(250), "b".repeat(250));
        let chunks = chunk_with(&text, 300, 80);
        assert_eq!(chunks.len(), 2);
        assert!(
            chunks.iter().all(|c| c.starts_with("# Shipping\n")),
            "{chunks:?}"
        );
    }

    #[test]
    fn continuing_chunks_overlap_by_the_last_sentence() {
        let text =
            "First sentence here. Second one ends it.\n\nThird paragraph is long enough to split.";
        let chunks = chunk_with(text, 50, 40);
        assert_eq!(chunks.len(), 2, "{chunks:?}");
        assert!(chunks[1].starts_with("Second one ends it."), "{chunks:?}");
    }

    #[test]
    fn nothing_of_the_text_is_lost() {
        let text = "# A\nalpha beta.\n\n## B\ngamma delta. epsilon!\n\nzeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma.";
        let joined = chunk_with(text, 40, 20).join(" ");
        for word in ["alpha", "gamma", "epsilon", "zeta", "sigma"] {
            assert!(joined.contains(word), "{word} lost");
        }
    }

    #[test]
    fn cjk_text_without_spaces_is_cut_on_character_boundaries() {
        let text = "你".repeat(1000);
        let chunks = chunk_with(&text, 300, 50);
        assert!(chunks.len() >= 3);
        assert!(chunks.iter().all(|c| len(c) <= 300));
    }
}
