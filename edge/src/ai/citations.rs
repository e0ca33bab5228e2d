//! Citation markers in a streamed LLM reply: `[1]`, `[2, 3]` are taken out of the text the
//! visitor reads (the sources are listed under the reply instead), and the numbers cited are
//! remembered. Works on a stream: a marker split across pieces is held back until complete.

/// Removes citation markers from a reply as it streams.
#[derive(Debug, Default)]
pub struct CitationFilter {
    raw: String,
    emitted: usize,
    cited: Vec<usize>,
}

impl CitationFilter {
    /// Takes the next piece; returns the text that is safe to show now.
    pub fn push(&mut self, piece: &str) -> String {
        self.raw.push_str(piece);
        let safe = safe_prefix(&self.raw);
        self.emit(safe)
    }

    /// The rest of the text once the reply is complete.
    pub fn finish(&mut self) -> String {
        self.emit(self.raw.len())
    }

    /// The source numbers cited so far, in order of first citation.
    pub fn cited(&self) -> &[usize] {
        &self.cited
    }

    fn emit(&mut self, end: usize) -> String {
        let (clean, cited) = strip(&self.raw[..end]);
        for n in cited {
            if !self.cited.contains(&n) {
                self.cited.push(n);
            }
        }
        let out = clean.get(self.emitted..).unwrap_or_default().to_owned();
        self.emitted = clean.len().max(self.emitted);
        out
    }
}

/// The length of the longest prefix that cannot be the start of a marker (or of the spaces
/// before one).
fn safe_prefix(raw: &str) -> usize {
    let mut end = raw.len();
    if let Some(open) = raw.rfind('[') {
        let tail = &raw[open + 1..];
        if tail
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == ' ')
        {
            end = open;
        }
    }
    raw[..end].trim_end_matches(' ').len()
}

/// `text` without its markers, and the numbers they cite.
fn strip(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut cited = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let (before, from) = rest.split_at(open);
        out.push_str(before);
        match marker(from) {
            Some((numbers, len)) => {
                cited.extend(numbers);
                while out.ends_with(' ') {
                    out.pop();
                }
                rest = &from[len..];
                if rest.chars().next().is_some_and(|c| c.is_alphanumeric()) {
                    out.push(' ');
                }
            }
            None => {
                out.push('[');
                rest = &from[1..];
            }
        }
    }
    out.push_str(rest);
    (out, cited)
}

/// A marker at the start of `s`: its numbers and its length in bytes.
fn marker(s: &str) -> Option<(Vec<usize>, usize)> {
    let close = s.find(']')?;
    let inner = &s[1..close];
    let numbers: Option<Vec<usize>> = inner
        .split(',')
        .map(|n| n.trim().parse().ok().filter(|n| *n > 0))
        .collect();
    numbers
        .filter(|n| !n.is_empty() && n.len() <= 8)
        .map(|n| (n, close + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(pieces: &[&str]) -> (String, Vec<usize>) {
        let mut f = CitationFilter::default();
        let mut out: String = pieces.iter().map(|p| f.push(p)).collect();
        out.push_str(&f.finish());
        (out, f.cited().to_vec())
    }

    #[test]
    fn markers_are_removed_and_remembered() {
        assert_eq!(
            run(&["We open at 7am [1]. We ship [2, 3] too."]),
            ("We open at 7am. We ship too.".into(), vec![1, 2, 3])
        );
    }

    #[test]
    fn a_marker_split_across_pieces_is_still_removed() {
        assert_eq!(
            run(&["We open at 7am ", "[", "1", "]", ". Bye"]),
            ("We open at 7am. Bye".into(), vec![1])
        );
    }

    #[test]
    fn brackets_that_are_not_markers_stay() {
        assert_eq!(
            run(&["Use [the form] or ", "[x]", " [12a]."]),
            ("Use [the form] or [x] [12a].".into(), vec![])
        );
    }

    #[test]
    fn nothing_is_lost_or_repeated_whatever_the_split() {
        let text = "A [1] b [2][3] c [see] d [4";
        let whole = run(&[text]);
        for cut in 1..text.len() {
            let (a, b) = text.split_at(cut);
            assert_eq!(run(&[a, b]), whole, "cut at {cut}");
        }
    }
}
