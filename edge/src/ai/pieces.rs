//! Splits a finished reply into small pieces (a few words each) for streaming, so that an
//! answer composed at once still reads as it flows. The pieces concatenate to the original
//! text exactly: whitespace and newlines travel with the word before them.

/// Words per streamed piece.
pub const WORDS_PER_PIECE: usize = 3;

/// The pieces of `text`, each holding up to `words` words and the whitespace after them.
pub fn pieces(text: &str, words: usize) -> Vec<String> {
    let words = words.max(1);
    let mut out = Vec::new();
    let mut current = String::new();
    let mut count = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        current.push(c);
        let word_ends = !c.is_whitespace() && chars.peek().is_none_or(|n| n.is_whitespace());
        if word_ends {
            count += 1;
        }
        let at_boundary = c.is_whitespace() && chars.peek().is_some_and(|n| !n.is_whitespace());
        if count >= words && at_boundary {
            out.push(std::mem::take(&mut current));
            count = 0;
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_becomes_several_pieces_that_rejoin_exactly() {
        let text = "We open at 7am on weekdays and 8am on weekends.";
        let p = pieces(text, 3);
        assert_eq!(
            p,
            [
                "We open at ",
                "7am on weekdays ",
                "and 8am on ",
                "weekends."
            ]
        );
        assert_eq!(p.concat(), text);
    }

    #[test]
    fn newlines_and_markdown_survive() {
        let text = "- Monday: 7am\n- Tuesday: 7am\n\n**Closed** Sundays.";
        assert_eq!(pieces(text, 2).concat(), text);
        assert!(pieces(text, 2).len() > 3);
    }

    #[test]
    fn empty_text_has_no_pieces() {
        assert!(pieces("", 3).is_empty());
        assert_eq!(pieces("one", 3), ["one"]);
    }
}
