//! Token counts for usage accounting when a provider does not report them: about one token per
//! four characters of Latin text, and one per CJK character.

/// An estimate of the tokens in `text`.
pub fn estimate(text: &str) -> u64 {
    let (wide, other) = text.chars().fold((0u64, 0u64), |(wide, other), c| {
        if (c as u32) >= 0x2E80 {
            (wide + 1, other)
        } else {
            (wide, other + 1)
        }
    });
    wide + other.div_ceil(4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_text_counts_about_a_token_per_four_characters() {
        assert_eq!(estimate("abcdefgh"), 2);
        assert_eq!(estimate("abc"), 1);
        assert_eq!(estimate(""), 0);
    }

    #[test]
    fn cjk_characters_count_one_each() {
        assert_eq!(estimate("你好嗎"), 3);
    }
}
