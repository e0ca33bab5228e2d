//! The languages the widget speaks (`en`, `zh-TW`, `zh-CN`, `es`, `fr`, `de`), read from a
//! language tag or recognised in a text: Chinese by its script (traditional when a character
//! has a different simplified form), the others by which language's common words the text
//! uses. Each chunk of knowledge is recognised once, when it is indexed; a question from its
//! own words and the widget's `lang`.

use super::words;

/// A language Porthole understands and answers in (as its tag on the wire between the worker
/// and its objects).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum Lang {
    /// English.
    En,
    /// Chinese in traditional script (Taiwan, Hong Kong).
    ZhHant,
    /// Chinese in simplified script.
    ZhHans,
    /// Spanish.
    Es,
    /// French.
    Fr,
    /// German.
    De,
}

impl From<Lang> for &'static str {
    fn from(lang: Lang) -> Self {
        lang.tag()
    }
}

/// Serde reads a language from one of our tags ([`Lang::tag`]) or any other tag of one of our
/// languages; an unknown tag fails.
impl TryFrom<String> for Lang {
    type Error = String;
    fn try_from(tag: String) -> Result<Self, String> {
        Lang::from_tag(&tag).ok_or_else(|| format!("{tag:?} is not a language Porthole speaks"))
    }
}

impl Lang {
    /// Every language, English first.
    pub const ALL: [Lang; 6] = [
        Lang::En,
        Lang::ZhHant,
        Lang::ZhHans,
        Lang::Es,
        Lang::Fr,
        Lang::De,
    ];

    /// The language of a BCP 47 tag (`zh-TW`, `fr-CA`, `de`), when it is one of ours.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let tag = tag.trim().to_ascii_lowercase().replace('_', "-");
        let mut parts = tag.split('-');
        let primary = parts.next().unwrap_or("");
        Some(match primary {
            "en" => Lang::En,
            "es" => Lang::Es,
            "fr" => Lang::Fr,
            "de" => Lang::De,
            "zh" => {
                let traditional = parts.any(|p| matches!(p, "tw" | "hk" | "mo" | "hant"));
                if traditional {
                    Lang::ZhHant
                } else {
                    Lang::ZhHans
                }
            }
            _ => return None,
        })
    }

    /// The tag stored beside each chunk and used in replies: `en`, `zh-TW`, `zh-CN`, `es`,
    /// `fr`, `de`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhHant => "zh-TW",
            Lang::ZhHans => "zh-CN",
            Lang::Es => "es",
            Lang::Fr => "fr",
            Lang::De => "de",
        }
    }

    /// The language's name in English (for an LLM's instructions).
    pub fn english_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::ZhHant => "Traditional Chinese",
            Lang::ZhHans => "Simplified Chinese",
            Lang::Es => "Spanish",
            Lang::Fr => "French",
            Lang::De => "German",
        }
    }

    /// Whether it is written in Chinese characters.
    pub fn is_chinese(self) -> bool {
        matches!(self, Lang::ZhHant | Lang::ZhHans)
    }

    /// Whether words listed for this language belong with a question and knowledge written
    /// in `langs`: its own, or English and Chinese where Chinese is among them (Latin-script
    /// words in Chinese text, "Android", "macOS", are read as English).
    pub fn is_read_in(self, langs: &[Lang]) -> bool {
        langs.contains(&self)
            || ((self.is_chinese() || self == Lang::En) && langs.iter().any(|l| l.is_chinese()))
    }
}

/// Whether `c` is written as part of a run of Chinese, Japanese or Korean characters (Han,
/// kana, hangul), which have no spaces between words.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF   // hiragana, katakana
        | 0x3400..=0x4DBF // Han extension A
        | 0x4E00..=0x9FFF // Han
        | 0xAC00..=0xD7AF // hangul syllables
        | 0xF900..=0xFAFF // Han compatibility
        | 0x20000..=0x2FA1F)
}

/// Whether `c` is a Han character (Chinese, or Japanese kanji).
fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Whether `c` is kana or hangul: Japanese or Korean, which Porthole does not speak.
fn is_kana_or_hangul(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0xAC00..=0xD7AF)
}

/// The language `text` is written in, when it is clear: Chinese when Han characters make up
/// a good part of it (traditional when one of them has another simplified form), else the
/// language whose common words it uses most (and strictly more than any other).
pub fn detect(text: &str) -> Option<Lang> {
    let (mut han, mut other_cjk, mut letters) = (0usize, 0usize, 0usize);
    for c in text.chars() {
        if is_han(c) {
            han += 1;
        } else if is_kana_or_hangul(c) {
            other_cjk += 1;
        } else if c.is_alphabetic() {
            letters += 1;
        }
    }
    if other_cjk > 0 && other_cjk * 4 >= han {
        return None;
    }
    // A Chinese character says about as much as a word of four or five letters.
    if han > 0 && han * 4 >= letters {
        let simplified = fast2s::convert(text);
        return Some(if simplified != text {
            Lang::ZhHant
        } else {
            Lang::ZhHans
        });
    }
    let mut counts = [
        (Lang::En, 0usize),
        (Lang::Es, 0),
        (Lang::Fr, 0),
        (Lang::De, 0),
    ];
    for token in words::raw_words(text) {
        for (lang, n) in counts.iter_mut() {
            if words::is_marker(*lang, &token) {
                *n += 1;
            }
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    (counts[0].1 > 0 && counts[0].1 > counts[1].1).then_some(counts[0].0)
}

/// The language to answer a question in: the one its own words are written in when that is
/// clear (a visitor may write in another language than their browser's), else the widget's,
/// else English. Chinese keeps the widget's script when the question's characters do not
/// tell traditional from simplified.
pub fn of_question(question: &str, widget: Option<Lang>) -> Lang {
    match (detect(question), widget) {
        (Some(Lang::ZhHans), Some(w)) if w.is_chinese() => w,
        (Some(asked), _) => asked,
        (None, Some(w)) => w,
        (None, None) => Lang::En,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_read_by_their_primary_subtag_and_chinese_by_region_or_script() {
        assert_eq!(Lang::from_tag("zh-TW"), Some(Lang::ZhHant));
        assert_eq!(Lang::from_tag("zh-Hant-HK"), Some(Lang::ZhHant));
        assert_eq!(Lang::from_tag("zh-CN"), Some(Lang::ZhHans));
        assert_eq!(Lang::from_tag("zh"), Some(Lang::ZhHans));
        assert_eq!(Lang::from_tag("fr-CA"), Some(Lang::Fr));
        assert_eq!(Lang::from_tag("de_AT"), Some(Lang::De));
        assert_eq!(Lang::from_tag("ja"), None);
        assert_eq!(Lang::ZhHant.tag(), "zh-TW");
    }

    #[test]
    fn each_language_is_recognised_in_a_short_question() {
        assert_eq!(detect("What are your opening hours?"), Some(Lang::En));
        assert_eq!(detect("¿A qué hora abren el sábado?"), Some(Lang::Es));
        assert_eq!(
            detect("Quels sont vos horaires d'ouverture ?"),
            Some(Lang::Fr)
        );
        assert_eq!(detect("Wann habt ihr am Samstag geöffnet?"), Some(Lang::De));
        assert_eq!(detect("營業時間是幾點到幾點？"), Some(Lang::ZhHant));
        assert_eq!(detect("营业时间是几点到几点？"), Some(Lang::ZhHans));
        assert_eq!(detect("ShiftGo 標準版一個月多少錢"), Some(Lang::ZhHant));
        assert_eq!(detect("こんにちは、営業時間は？"), None);
        assert_eq!(detect("PayPal?"), None);
    }

    #[test]
    fn the_question_s_own_language_wins_over_the_widget_s() {
        assert_eq!(of_question("Where are you?", Some(Lang::De)), Lang::En);
        assert_eq!(of_question("PayPal?", Some(Lang::De)), Lang::De);
        assert_eq!(of_question("PayPal?", None), Lang::En);
        assert_eq!(of_question("营业时间", Some(Lang::ZhHant)), Lang::ZhHant);
        assert_eq!(of_question("營業時間", Some(Lang::ZhHans)), Lang::ZhHant);
        assert_eq!(of_question("营业时间", Some(Lang::En)), Lang::ZhHans);
    }
}
