//! Words of a passage or question, as the index stores them: Latin-script words lowercased,
//! stemmed in their language (Snowball: English, Spanish, French, German) and without
//! accents; runs of Chinese, Japanese or Korean characters, which have no spaces, folded to
//! simplified script and cut into overlapping pairs of characters (as Lucene's CJK analyzer
//! does), so "營業時間" and "营业时间" both become `营业 业时 时间`. Numbers are words of their
//! own, also inside Chinese text ("23巷8號" → `23 巷 8 号`).
//!
//! A question goes through the same analysis, without its stopwords, so that whatever it
//! asks is compared with the knowledge form for form.

use super::lang::{Lang, is_cjk};
use super::words;
use rust_stemmers::{Algorithm, Stemmer};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// A piece of text: a word in an alphabet (or a number), a word of a time of day, or a run of
/// CJK characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// A lowercase word or number, accents kept.
    Word(String),
    /// A word of a time of day ("19" and "00" of "19:00", "7pm", the "pm" of "7:30 pm"): the
    /// time's own token ([`CLOCK_TIME`]) stands before it.
    TimePart(String),
    /// CJK characters without a break, in simplified script.
    Cjk(Vec<char>),
}

/// `c` without its accent, lowercase (`É` → `e`, `ß` → `ss`, full-width `Ａ` → `a`).
fn fold_char(c: char, out: &mut String) {
    let c = match c as u32 {
        // Full-width ASCII (common in Chinese and Japanese text).
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    for c in c.to_lowercase() {
        let plain = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
            'ç' | 'ć' | 'č' => "c",
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => "e",
            'ì' | 'í' | 'î' | 'ï' | 'ī' => "i",
            'ñ' | 'ń' | 'ň' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
            'ý' | 'ÿ' => "y",
            'ß' => "ss",
            'œ' => "oe",
            'æ' => "ae",
            'ś' | 'š' => "s",
            'ź' | 'ż' | 'ž' => "z",
            'ł' => "l",
            'ř' => "r",
            'ť' => "t",
            'ď' => "d",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(plain);
    }
}

/// `text` lowercase, without accents.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        fold_char(c, &mut out);
    }
    out
}

/// Chinese text in simplified script (one-to-one character mapping).
pub fn simplified(text: &str) -> String {
    fast2s::convert(text)
}

/// The token every currency sign becomes ("€", "$", "£", "¥"), so that a price in a page is
/// found by a question about cost. It is a word no stemmer changes and FTS5 keeps (which
/// drops the signs themselves as punctuation).
pub const CURRENCY: &str = "currencysign";

fn is_currency(c: char) -> bool {
    matches!(c, '$' | '€' | '£' | '¥' | '￥' | '₩' | '₣' | '₤' | '¢')
}

/// The token a time of day becomes ("7:30", "20:00", "9h30", "19h"), so that a line of
/// opening hours is found by a question about when, in any language.
pub const CLOCK_TIME: &str = "clocktimesign";

/// The token a time of day in the evening (18:00 to 23:59) adds beside [`CLOCK_TIME`]: "open
/// in the evening?" is answered by "Monday to Thursday 7:30–20:00", which never says
/// "evening" (the evening concept holds it).
pub const EVENING_TIME: &str = "eveningtimesign";

/// The hours of the day [`EVENING_TIME`] marks.
const EVENING_HOURS: std::ops::RangeInclusive<u32> = 18..=23;

/// The hour of the time of day that starts at `chars[i]`, if one does, and where it ends: one
/// or two digits (not preceded by a digit or letter) followed by `:` and two digits, by `h` and
/// two digits or a non-letter, or by "am"/"pm" (after a space or none); "am"/"pm" may also
/// follow the minutes ("7:30 pm"). A "pm" hour is read on the 24-hour clock.
fn clock_time_at(chars: &[char], i: usize) -> Option<(u32, usize)> {
    let digit = |j: usize| chars.get(j).and_then(|c| c.to_digit(10));
    let first = digit(i)?;
    if i > 0 && (digit(i - 1).is_some() || chars[i - 1].is_alphabetic()) {
        return None;
    }
    let (hour, after) = match digit(i + 1) {
        Some(second) => (first * 10 + second, i + 2),
        None => (first, i + 1),
    };
    // Whether it is a time without "am"/"pm", where "am"/"pm" would start, and where it ends.
    let (is_time, suffix, end) = match chars.get(after) {
        Some(':') => (
            digit(after + 1).is_some() && digit(after + 2).is_some() && digit(after + 3).is_none(),
            after + 3,
            after + 3,
        ),
        Some('h') if digit(after + 1).is_some() && digit(after + 2).is_some() => {
            (true, after + 1, after + 3)
        }
        Some('h') => (
            !chars.get(after + 1).is_some_and(|c| c.is_alphanumeric()),
            after + 1,
            after + 1,
        ),
        _ => (false, after, after),
    };
    match meridiem_at(chars, suffix) {
        Some((pm, end)) if hour <= 12 && (is_time || suffix == after) => {
            let hour = match (pm, hour) {
                (true, h) if h < 12 => h + 12,
                (false, 12) => 0,
                (_, h) => h,
            };
            Some((hour, end))
        }
        _ => is_time.then_some((hour, end)),
    }
}

/// Whether "am" or "pm" (after one space or none, followed by no letter) starts at
/// `chars[j]`: `Some(true)` for "pm", with where it ends.
fn meridiem_at(chars: &[char], j: usize) -> Option<(bool, usize)> {
    let j = if chars.get(j) == Some(&' ') { j + 1 } else { j };
    let letter = |k: usize| chars.get(k).map(|c| c.to_ascii_lowercase());
    let pm = match (letter(j), letter(j + 1)) {
        (Some('a'), Some('m')) => false,
        (Some('p'), Some('m')) => true,
        _ => return None,
    };
    (!chars.get(j + 2).is_some_and(|c| c.is_alphanumeric())).then_some((pm, j + 2))
}

/// Words and CJK runs of `text`. Apostrophes split words ("l'adresse" → `l`, `adresse`;
/// "don't" → `don`, `t`); the stopword lists know the pieces.
pub fn pieces(text: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut run = String::new();
    // Where the last time of day ends, and whether the word being read began inside it.
    let mut time_end = 0;
    let mut word_in_time = false;
    let flush_word = |word: &mut String, in_time: bool, out: &mut Vec<Piece>| {
        if !word.is_empty() {
            let lower = std::mem::take(word).to_lowercase();
            if in_time {
                out.push(Piece::TimePart(lower));
            } else {
                out.push(Piece::Word(lower));
            }
        }
    };
    let flush_run = |run: &mut String, out: &mut Vec<Piece>| {
        if !run.is_empty() {
            out.push(Piece::Cjk(simplified(run).chars().collect()));
            run.clear();
        }
    };
    let chars: Vec<char> = text
        .chars()
        .map(|c| match c as u32 {
            0xFF10..=0xFF19 | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            _ => c,
        })
        .collect();
    for (i, &c) in chars.iter().enumerate() {
        if let Some((hour, end)) = clock_time_at(&chars, i) {
            flush_word(&mut word, word_in_time, &mut out);
            flush_run(&mut run, &mut out);
            out.push(Piece::Word(CLOCK_TIME.to_owned()));
            if EVENING_HOURS.contains(&hour) {
                out.push(Piece::Word(EVENING_TIME.to_owned()));
            }
            time_end = end;
        }
        if is_cjk(c) {
            flush_word(&mut word, word_in_time, &mut out);
            run.push(c);
        } else if is_currency(c) {
            flush_word(&mut word, word_in_time, &mut out);
            flush_run(&mut run, &mut out);
            out.push(Piece::Word(CURRENCY.to_owned()));
        } else if c.is_alphanumeric() {
            flush_run(&mut run, &mut out);
            if word.is_empty() {
                word_in_time = i < time_end;
            }
            word.push(c);
        } else {
            flush_word(&mut word, word_in_time, &mut out);
            flush_run(&mut run, &mut out);
        }
    }
    flush_word(&mut word, word_in_time, &mut out);
    flush_run(&mut run, &mut out);
    out
}

/// Which Snowball stemmer reads words of `lang` (Latin-script words in Chinese text, mostly
/// product names, are read as English).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Snowball {
    English,
    Spanish,
    French,
    German,
}

impl Snowball {
    fn of(lang: Lang) -> Self {
        match lang {
            Lang::En | Lang::ZhHant | Lang::ZhHans => Snowball::English,
            Lang::Es => Snowball::Spanish,
            Lang::Fr => Snowball::French,
            Lang::De => Snowball::German,
        }
    }

    fn stemmer(self) -> Stemmer {
        Stemmer::create(match self {
            Snowball::English => Algorithm::English,
            Snowball::Spanish => Algorithm::Spanish,
            Snowball::French => Algorithm::French,
            Snowball::German => Algorithm::German,
        })
    }
}

/// Stemmers for the languages a text may be in.
pub struct Stems {
    stemmers: Vec<(Snowball, Stemmer)>,
}

impl Default for Stems {
    fn default() -> Self {
        Self::new(&[Lang::En])
    }
}

impl Stems {
    /// Stemmers for `langs` (each algorithm once).
    pub fn new(langs: &[Lang]) -> Self {
        let mut stemmers: Vec<(Snowball, Stemmer)> = Vec::new();
        for lang in langs {
            let snowball = Snowball::of(*lang);
            if !stemmers.iter().any(|(s, _)| *s == snowball) {
                stemmers.push((snowball, snowball.stemmer()));
            }
        }
        Self { stemmers }
    }

    /// The stem of a lowercase `word` in `lang`, without accents.
    pub fn stem(&self, lang: Lang, word: &str) -> String {
        let snowball = Snowball::of(lang);
        match self.stemmers.iter().find(|(s, _)| *s == snowball) {
            Some((_, s)) => fold(&s.stem(word)),
            None => fold(&snowball.stemmer().stem(word)),
        }
    }

    /// The stems of a lowercase `word` in every language of these stemmers.
    pub fn stems(&self, word: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (_, s) in &self.stemmers {
            let stem = fold(&s.stem(word));
            if !out.contains(&stem) {
                out.push(stem);
            }
        }
        out
    }
}

/// The index tokens of a CJK run: its overlapping character pairs, or the character alone.
pub fn bigrams(run: &[char]) -> Vec<String> {
    if run.len() == 1 {
        return vec![run[0].to_string()];
    }
    run.windows(2).map(|w| w.iter().collect()).collect()
}

/// The tokens the index stores for `text` written in `lang`.
pub fn index_tokens(stems: &Stems, text: &str, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    for piece in pieces(text) {
        match piece {
            Piece::Word(w) | Piece::TimePart(w) => out.push(stems.stem(lang, &w)),
            Piece::Cjk(run) => out.extend(bigrams(&run)),
        }
    }
    out
}

/// `text` as the index column holds it: its tokens separated by spaces.
pub fn index_text(stems: &Stems, text: &str, lang: Lang) -> String {
    index_tokens(stems, text, lang).join(" ")
}

/// A text's tokens, to tell whether it holds a word or phrase of a question.
#[derive(Debug, Clone, Default)]
pub struct Analyzed {
    tokens: HashSet<String>,
    /// The tokens in order between spaces, with a space at each end (for phrases).
    sequence: String,
}

/// Texts analysed in this isolate, by language: the same passages (and their sentences) are
/// read again for every question about them, and stemming them was a tenth of a message's
/// time. Emptied when it holds [`ANALYSES_KEPT`] texts or [`ANALYSED_BYTES_KEPT`] bytes.
#[derive(Default)]
struct Analyses {
    by_lang: HashMap<Lang, HashMap<String, Rc<Analyzed>>>,
    count: usize,
    bytes: usize,
}

/// The most texts [`Analyses`] keeps.
const ANALYSES_KEPT: usize = 4096;
/// The most bytes of text [`Analyses`] keeps.
const ANALYSED_BYTES_KEPT: usize = 2 << 20;

thread_local! {
    static ANALYSES: RefCell<Analyses> = RefCell::default();
}

impl Analyzed {
    /// The tokens of `text` written in `lang` (analysed once per isolate while it is kept).
    pub fn of(stems: &Stems, text: &str, lang: Lang) -> Rc<Self> {
        let kept = ANALYSES.with_borrow(|a| a.by_lang.get(&lang)?.get(text).cloned());
        if let Some(analyzed) = kept {
            return analyzed;
        }
        let analyzed = Rc::new(Self::analyse(stems, text, lang));
        ANALYSES.with_borrow_mut(|a| {
            if a.count >= ANALYSES_KEPT || a.bytes + text.len() > ANALYSED_BYTES_KEPT {
                *a = Analyses::default();
            }
            a.count += 1;
            a.bytes += text.len();
            let texts = a.by_lang.entry(lang).or_default();
            texts.insert(text.to_owned(), analyzed.clone());
        });
        analyzed
    }

    fn analyse(stems: &Stems, text: &str, lang: Lang) -> Self {
        let tokens = index_tokens(stems, text, lang);
        let sequence = format!(" {} ", tokens.join(" "));
        Self {
            tokens: tokens.into_iter().collect(),
            sequence,
        }
    }

    /// Whether the text holds `form`: a token, or tokens in a row separated by spaces.
    pub fn has(&self, form: &str) -> bool {
        if form.contains(' ') {
            self.sequence.contains(&format!(" {form} "))
        } else {
            self.tokens.contains(form)
        }
    }
}

/// Whether `message` is only a greeting or thanks ("hi", "thanks!", "¡hola!", "謝謝").
pub fn is_small_talk(message: &str) -> bool {
    let mut any = false;
    for piece in pieces(message) {
        match piece {
            Piece::Word(w) | Piece::TimePart(w) => {
                let w = fold(&w);
                if words::is_small_talk_word(&w) {
                    any = true;
                } else if !(words::is_stopword(&Lang::ALL, &w) || words::is_small_talk_filler(&w)) {
                    return false;
                }
            }
            Piece::Cjk(run) => {
                let mut rest: String = run.iter().collect();
                for phrase in words::zh_small_talk() {
                    if rest.contains(phrase.as_str()) {
                        any = true;
                        rest = rest.replace(phrase.as_str(), "");
                    }
                }
                for filler in words::zh_small_talk_fillers() {
                    rest = rest.replace(filler.as_str(), "");
                }
                if !rest.is_empty() {
                    return false;
                }
            }
        }
    }
    any
}

/// Whether `message` is thanks rather than a greeting.
pub fn is_thanks(message: &str) -> bool {
    pieces(message).into_iter().any(|p| match p {
        Piece::Word(w) | Piece::TimePart(w) => words::is_thanks_word(&fold(&w)),
        Piece::Cjk(run) => {
            let run: String = run.iter().collect();
            words::zh_thanks().iter().any(|t| run.contains(t.as_str()))
        }
    })
}

/// The content of a Chinese run of a question: the parts between its stopwords (longest
/// first: "有没有" before "有").
pub fn zh_content_segments(run: &[char]) -> Vec<Vec<char>> {
    let stop: Vec<&str> = words::zh_cut_words().collect();
    let mut segments = Vec::new();
    let mut current = Vec::new();
    let mut i = 0;
    while i < run.len() {
        let matched = stop
            .iter()
            .map(|s| s.chars().count())
            .filter(|n| i + n <= run.len())
            .filter(|n| {
                let candidate: String = run[i..i + n].iter().collect();
                stop.contains(&candidate.as_str())
            })
            .max();
        match matched {
            Some(n) => {
                if !current.is_empty() {
                    segments.push(std::mem::take(&mut current));
                }
                i += n;
            }
            None => {
                current.push(run[i]);
                i += 1;
            }
        }
    }
    if !current.is_empty() {
        segments.push(current);
    }
    segments
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_folded_and_stemmed_in_their_language() {
        let stems = Stems::new(&[Lang::En, Lang::Es, Lang::Fr, Lang::De]);
        assert_eq!(stems.stem(Lang::En, "hours"), stems.stem(Lang::En, "hour"));
        assert_eq!(
            stems.stem(Lang::En, "shipping"),
            stems.stem(Lang::En, "ship")
        );
        assert_eq!(
            stems.stem(Lang::Es, "envíos"),
            stems.stem(Lang::Es, "envío")
        );
        assert_eq!(
            stems.stem(Lang::Fr, "livraisons"),
            stems.stem(Lang::Fr, "livraison")
        );
        assert_eq!(
            stems.stem(Lang::De, "Fahrräder".to_lowercase().as_str()),
            stems.stem(Lang::De, "fahrrad")
        );
        assert_eq!(
            fold("Öffnungszeiten Straße ÉTÉ"),
            "offnungszeiten strasse ete"
        );
    }

    #[test]
    fn chinese_runs_become_overlapping_pairs_in_simplified_script() {
        let stems = Stems::default();
        assert_eq!(
            index_text(&stems, "營業時間", Lang::ZhHant),
            "营业 业时 时间"
        );
        assert_eq!(
            index_text(&stems, "营业时间", Lang::ZhHans),
            "营业 业时 时间"
        );
        assert_eq!(index_text(&stems, "店", Lang::ZhHans), "店");
    }

    #[test]
    fn mixed_chinese_english_and_numbers_are_split_at_the_script() {
        let stems = Stems::default();
        assert_eq!(
            index_text(&stems, "排班通ShiftGo標準版 NT$490／月", Lang::ZhHant),
            "排班 班通 shiftgo 标准 准版 nt currencysign 490 月"
        );
        assert_eq!(
            index_text(&stems, "永康街23巷8號", Lang::ZhHant),
            "永康 康街 23 巷 8 号"
        );
        assert_eq!(index_text(&stems, "ＡＰＩ１２３", Lang::ZhHans), "api123");
    }

    #[test]
    fn currency_signs_are_one_token_in_every_language() {
        let stems = Stems::new(&[Lang::En, Lang::De, Lang::Es, Lang::Fr]);
        assert_eq!(index_text(&stems, "$19", Lang::En), "currencysign 19");
        assert_eq!(index_text(&stems, "4,95 €", Lang::De), "4 95 currencysign");
        assert_eq!(index_text(&stems, "45 €", Lang::Fr), "45 currencysign");
        assert_eq!(index_text(&stems, "5,90 €", Lang::Es), "5 90 currencysign");
        assert_eq!(index_text(&stems, "¥298", Lang::ZhHans), "currencysign 298");
    }

    #[test]
    fn times_with_am_or_pm_are_times_of_day() {
        let stems = Stems::new(&[Lang::En]);
        assert_eq!(
            index_text(&stems, "9am–7pm", Lang::En),
            "clocktimesign 9am clocktimesign eveningtimesign 7pm"
        );
        assert_eq!(
            index_text(&stems, "until 7:30 PM", Lang::En),
            "until clocktimesign eveningtimesign 7 30 pm"
        );
        // Twelve noon is not the evening; "am" after a number of things is no time.
        assert_eq!(index_text(&stems, "12pm", Lang::En), "clocktimesign 12pm");
        assert!(!index_text(&stems, "2 amigos", Lang::Es).contains("clocktimesign"));
        // The words of a time are its parts; the others are words.
        let parts: Vec<String> = pieces("19:00 19h 9h30 7pm 7:30pm 7 am saturday h 19th 2x")
            .into_iter()
            .filter_map(|p| match p {
                Piece::TimePart(w) => Some(w),
                _ => None,
            })
            .collect();
        assert_eq!(
            parts,
            ["19", "00", "19h", "9h30", "7pm", "7", "30pm", "7", "am"]
        );
        for word in ["saturday", "h", "19th", "2x"] {
            assert!(
                pieces(word).contains(&Piece::Word(word.to_owned())),
                "{word}"
            );
        }
    }

    #[test]
    fn times_of_day_are_marked_in_every_notation() {
        let stems = Stems::new(&[Lang::En, Lang::Fr]);
        assert_eq!(index_text(&stems, "7:30", Lang::En), "clocktimesign 7 30");
        assert_eq!(
            index_text(&stems, "de 9h à 19h", Lang::Fr),
            "de clocktimesign 9h a clocktimesign eveningtimesign 19h"
        );
        assert_eq!(
            index_text(&stems, "09:30開門", Lang::ZhHant),
            "clocktimesign 09 30 开门"
        );
        assert_eq!(
            index_text(&stems, "123:456 4h4 h1", Lang::En),
            "123 456 4h4 h1"
        );
    }

    #[test]
    fn evening_times_are_marked_in_every_language() {
        let stems = Stems::new(&[Lang::En, Lang::De, Lang::Es, Lang::Fr]);
        for lang in [Lang::En, Lang::De, Lang::Es, Lang::Fr, Lang::ZhHans] {
            let text = index_text(&stems, "7:30–17:59, 18:00, 23h, 0:30", lang);
            assert_eq!(text.matches(EVENING_TIME).count(), 2, "{lang:?}: {text}");
        }
    }

    #[test]
    fn apostrophes_split_words() {
        let stems = Stems::new(&[Lang::Fr]);
        assert_eq!(
            index_text(&stems, "l'adresse", Lang::Fr),
            format!("l {}", stems.stem(Lang::Fr, "adresse"))
        );
    }

    #[test]
    fn a_phrase_is_found_only_in_order() {
        let stems = Stems::default();
        let a = Analyzed::of(&stems, "每週一公休，營業時間 08:00", Lang::ZhHant);
        assert!(a.has("营业 业时 时间"));
        assert!(a.has("公休"));
        assert!(!a.has("时间 营业"));
    }

    #[test]
    fn chinese_questions_are_cut_at_their_particles() {
        let segments = |q: &str| -> Vec<String> {
            zh_content_segments(&simplified(q).chars().collect::<Vec<_>>())
                .into_iter()
                .map(|s| s.into_iter().collect())
                .collect()
        };
        assert_eq!(segments("可以用信用卡付款嗎"), ["用信用卡付款"]);
        assert_eq!(segments("有沒有無麩質的麵包"), ["无麸质", "面包"]);
        assert_eq!(segments("請問你們的地址在哪裡"), ["地址"]);
    }

    #[test]
    fn an_analysis_is_kept_per_language_and_made_again_the_same_once_dropped() {
        let stems = Stems::new(&[Lang::En, Lang::Fr]);
        let text = "Opening hours on weekdays";
        let first = Analyzed::of(&stems, text, Lang::En);
        assert!(Rc::ptr_eq(&first, &Analyzed::of(&stems, text, Lang::En)));
        // The same text in another language is analysed in that language.
        let french = Analyzed::of(&stems, text, Lang::Fr);
        assert!(!Rc::ptr_eq(&first, &french));
        assert!(
            first.has("open") && !french.has("open"),
            "{first:?} {french:?}"
        );
        // More texts than are kept: the cache starts again, and the new analysis is the same.
        for i in 0..ANALYSES_KEPT {
            Analyzed::of(&stems, &format!("text number {i}"), Lang::En);
        }
        let again = Analyzed::of(&stems, text, Lang::En);
        assert!(!Rc::ptr_eq(&first, &again));
        assert_eq!(first.tokens, again.tokens);
        assert_eq!(first.sequence, again.sequence);
    }

    #[test]
    fn greetings_and_thanks_are_small_talk_in_every_language() {
        for s in [
            "Hi!",
            "thanks a lot",
            "Good morning!",
            "¡Hola!",
            "muchas gracias",
            "Bonjour",
            "merci beaucoup",
            "Hallo",
            "Danke schön",
            "你好",
            "謝謝！",
        ] {
            assert!(is_small_talk(s), "{s}");
        }
        assert!(!is_small_talk("hi, what are your hours?"));
        assert!(!is_small_talk("你好，請問營業時間？"));
        assert!(!is_small_talk("?"));
        assert!(is_thanks("Thank you!"));
        assert!(is_thanks("多謝"));
        assert!(!is_thanks("Bonjour"));
    }
}
