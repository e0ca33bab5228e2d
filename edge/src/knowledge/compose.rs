//! The extractive answer: from the passages retrieval found, take the part that answers the
//! question — the best-matching line or sentence and what follows it under the same heading —
//! and name the documents it came from. Nothing is invented: when no passage covers enough of
//! the question, there is no answer and the bot says its fallback.

use super::hybrid::Meaning;
use super::lang::Lang;
use super::retrieval::{MIN_COVERAGE, WeightedTerm, coverage, weighted_share};
use super::terms::{Analyzed, Stems};
use porthole_shared::Source;

/// How long the main extract may grow, in characters.
const MAIN_EXTRACT_CHARS: usize = 420;
/// How long an answer found by meaning may grow: a passage of this length or less is given
/// whole.
const MEANT_EXTRACT_CHARS: usize = 900;
/// How much of the question a line must say for an answer found by meaning to start there.
const MEANT_LINE_SHARE: f64 = 0.5;
/// How long an extract from a second document may grow.
const EXTRA_EXTRACT_CHARS: usize = 240;
/// What a line's score keeps when it does not state the kind of fact the question asks for.
const MISSING_FACT_SHARE: f64 = 0.5;
/// What a term counts for in a line when only the document's title says it.
const TITLE_SHARE: f64 = 0.5;
/// How much of the best line's score the heading of its section (with a list) must reach to
/// bring the whole section, and an earlier sentence of its paragraph to start the answer.
const SECTION_SHARE: f64 = 0.7;

/// A chunk of a knowledge document, as retrieval returns it (best first).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Passage {
    /// The document it belongs to.
    pub doc_id: i64,
    /// The document's title.
    pub title: String,
    /// The document's URL, or `""`.
    pub url: String,
    /// The chunk's text.
    pub body: String,
    /// The language it is written in (`en`, `zh-TW`, …), as recognised when it was indexed.
    #[serde(default)]
    pub lang: String,
    /// Its place in the snapshot it was found in (0 when found elsewhere): what tells it apart
    /// when rankings are fused.
    #[serde(default)]
    pub row: u32,
    /// One wording of a curated answer (its title) and the answer (its body), rather than a
    /// chunk of a document (see [`super::curated`]).
    #[serde(default, deserialize_with = "super::curated::flag")]
    pub curated: bool,
}

impl Passage {
    /// The language it is written in (English when unknown).
    pub fn language(&self) -> Lang {
        Lang::from_tag(&self.lang).unwrap_or(Lang::En)
    }
}

/// An answer drawn from the knowledge base.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// Markdown text of the answer.
    pub text: String,
    /// The documents it came from, best first.
    pub sources: Vec<Source>,
}

/// Composes an answer from `passages`, or `None` when there is none to be had. Found by words
/// and meaning (`meaning`), the first passage answers when retrieval is confident enough
/// ([`Meaning::answered`]); found by words alone, a passage must cover the question, and a
/// question about a word the knowledge never uses gets none.
pub fn compose(
    terms: &[WeightedTerm],
    passages: &[Passage],
    meaning: Option<&Meaning>,
) -> Option<Answer> {
    match meaning {
        Some(meaning) => compose_meant(terms, passages, meaning),
        None => compose_by_words(terms, passages),
    }
}

/// The first passage's part that answers, when retrieval by meaning is confident of it: the
/// whole passage when it is short (a question's answer and its fix, a list of steps, come
/// whole), else from its line that says most of the question, or from its start when no line
/// says much of it.
fn compose_meant(
    terms: &[WeightedTerm],
    passages: &[Passage],
    meaning: &Meaning,
) -> Option<Answer> {
    if !meaning.answered() {
        return None;
    }
    let first = passages.first()?;
    let stems = Stems::new(&[first.language()]);
    let (units, at, line) = best_unit(&stems, terms, first);
    let short = first.body.chars().count() <= MEANT_EXTRACT_CHARS;
    let at = if short || line < MEANT_LINE_SHARE {
        0
    } else {
        at
    };
    let ranked = Ranked {
        passage: first,
        heading: units.get(at).is_some_and(|u| is_heading(u)),
        units,
        at,
        line,
        whole: 0.0,
        body: 0.0,
    };
    Some(Answer {
        text: extract(&ranked, MEANT_EXTRACT_CHARS),
        sources: vec![source_of(first)],
    })
}

/// Whether the words alone answer the question with `passage`: it covers enough of the
/// question, one of its lines says some of it, and the question has no word the knowledge
/// never uses.
pub fn words_answer(terms: &[WeightedTerm], passage: &Passage) -> bool {
    compose_by_words(terms, std::slice::from_ref(passage)).is_some()
}

/// [`compose`] by words alone.
fn compose_by_words(terms: &[WeightedTerm], passages: &[Passage]) -> Option<Answer> {
    if terms.iter().any(|t| t.unknown) {
        return None;
    }
    let langs: Vec<Lang> = passages.iter().map(Passage::language).collect();
    let stems = Stems::new(&langs);
    let analyze = |p: &Passage, text: &str| Analyzed::of(&stems, text, p.language());
    let mut covered: Vec<Ranked> = passages
        .iter()
        .map(|p| {
            let whole = analyze(p, &format!("{}\n{}", p.title, p.body));
            let body = analyze(p, &p.body);
            let (units, at, line) = best_unit(&stems, terms, p);
            let heading = units.get(at).is_some_and(|u| is_heading(u));
            Ranked {
                passage: p,
                units,
                at,
                line,
                heading,
                whole: coverage(terms, &whole),
                body: coverage(terms, &body),
            }
        })
        // Nothing of the question in any of its lines (a row that only describes the
        // thing asked for): the passage does not answer.
        .filter(|r| r.whole >= MIN_COVERAGE && r.line > 0.0)
        .collect();
    // Stable sort: the passage with the line that says most of the question first (a line
    // is read with its heading and its document's title), a heading before a line that says
    // as much (it introduces a whole section on it); then more coverage of the whole
    // passage; among equal coverage, the passage whose own text (not its document's title)
    // says more of it — a document titled like another's section must not win on its title
    // alone —, then retrieval's (bm25) order.
    covered.sort_by(|a, b| {
        b.line
            .total_cmp(&a.line)
            .then(b.heading.cmp(&a.heading))
            .then(b.whole.total_cmp(&a.whole))
            .then(b.body.total_cmp(&a.body))
    });
    let first = covered.first()?;
    let best = first.passage;
    let mut text = extract(first, MAIN_EXTRACT_CHARS);
    let mut sources = vec![source_of(best)];

    // A second document may add what the first does not say. What the first passage covers
    // (headings included) counts as said.
    let first_words = analyze(best, &format!("{}\n{}", best.title, best.body));
    let adds_something = |p: &Passage| {
        let words = analyze(p, &p.body);
        terms
            .iter()
            .any(|t| t.in_text(&words) && !t.in_text(&first_words))
    };
    if let Some(second) = covered
        .iter()
        .skip(1)
        .find(|r| r.passage.doc_id != best.doc_id && adds_something(r.passage))
    {
        text.push_str("\n\n");
        text.push_str(&extract(second, EXTRA_EXTRACT_CHARS));
        sources.push(source_of(second.passage));
    }
    Some(Answer { text, sources })
}

/// How much of the question the best line of `passage` says (0–1), as [`compose`] reads it.
pub fn best_line_share(terms: &[WeightedTerm], passage: &Passage) -> f64 {
    let stems = Stems::new(&[passage.language()]);
    best_unit(&stems, terms, passage).2
}

/// For the reader of a miss (tests only): each passage's best unit, its score and the
/// passage's coverage, then every unit's score as [`best_unit`] reads it ("F": it states
/// the fact asked for) and the question's terms it holds, each with its share.
#[cfg(test)]
pub fn explain(terms: &[WeightedTerm], passages: &[Passage]) -> Vec<String> {
    let langs: Vec<Lang> = passages.iter().map(Passage::language).collect();
    let stems = Stems::new(&langs);
    passages
        .iter()
        .map(|p| {
            let whole = Analyzed::of(&stems, &format!("{}\n{}", p.title, p.body), p.language());
            let scored = unit_scores(&stems, terms, p);
            let (units, at, line) = best_unit(&stems, terms, p);
            let each: Vec<String> = scored
                .units
                .iter()
                .zip(&scored.scores)
                .zip(&scored.texts)
                .map(|((u, (share, fact, _)), text)| {
                    let fact = if *fact { "F" } else { "" };
                    let start: String = u.chars().take(60).collect();
                    let found: Vec<String> = terms
                        .iter()
                        .filter(|t| t.in_text(text))
                        .map(|t| format!("{} {:.1}", t.word, t.share_in(text)))
                        .collect();
                    format!("        {share:.2}{fact} {start} [{}]", found.join(", "))
                })
                .collect();
            format!(
                "line {line:.2} whole {:.2} | {} | {}\n{}",
                coverage(terms, &whole),
                p.title,
                units.get(at).map_or("", String::as_str),
                each.join("\n")
            )
        })
        .collect()
}

fn source_of(p: &Passage) -> Source {
    Source {
        title: p.title.clone(),
        url: p.url.clone(),
    }
}

/// The units of a passage (lines, and the sentences of long lines) and how each reads.
struct UnitScores {
    units: Vec<String>,
    /// The line of the body each unit is from.
    lines: Vec<usize>,
    /// Each unit's share of the question (before the missing-fact cut), whether it states
    /// the fact asked for, and the heading it stands under.
    scores: Vec<(f64, bool, Option<usize>)>,
    /// Each unit as it is read (with its heading; empty for the title's heading), for
    /// [`explain`].
    #[cfg(test)]
    texts: Vec<std::rc::Rc<Analyzed>>,
}

/// Reads each unit of `passage` for the question. A line is read with the heading it stands
/// under and its document's title, a table row also with the table's header row: "-
/// Saturday: 7:30 a.m." under "Opening hours" answers "when do you open on Saturday?".
fn unit_scores(stems: &Stems, terms: &[WeightedTerm], passage: &Passage) -> UnitScores {
    let (units, lines): (Vec<String>, Vec<usize>) = units(&passage.body).into_iter().unzip();
    let lang = passage.language();
    let title = Analyzed::of(stems, &passage.title, lang);
    let mut heading = "";
    let mut heading_at = None;
    let mut scores: Vec<(f64, bool, Option<usize>)> = Vec::with_capacity(units.len());
    #[cfg(test)]
    let mut texts = Vec::with_capacity(units.len());
    for (i, u) in units.iter().enumerate() {
        let header = table_start(&units, i).filter(|start| *start != i);
        let text = if is_heading(u) && repeats_title(u, &passage.title) {
            // The document's title as its first heading: it counts as the title does.
            heading = "";
            heading_at = None;
            scores.push((0.0, false, None));
            #[cfg(test)]
            texts.push(std::rc::Rc::default());
            continue;
        } else if is_heading(u) {
            heading = u;
            heading_at = Some(i);
            Analyzed::of(stems, u, lang)
        } else if let Some(header) = header {
            Analyzed::of(stems, &format!("{heading}\n{}\n{u}", units[header]), lang)
        } else {
            Analyzed::of(stems, &format!("{heading}\n{u}"), lang)
        };
        scores.push((
            line_share(terms, &title, &text),
            states_the_fact(terms, &text),
            heading_at.filter(|h| *h != i),
        ));
        #[cfg(test)]
        texts.push(text);
    }
    UnitScores {
        units,
        lines,
        scores,
        #[cfg(test)]
        texts,
    }
}

/// The units of `passage` and the place and score of the one that says most of the
/// question (see [`unit_scores`]).
fn best_unit(
    stems: &Stems,
    terms: &[WeightedTerm],
    passage: &Passage,
) -> (Vec<String>, usize, f64) {
    let UnitScores {
        units,
        lines,
        scores,
        ..
    } = unit_scores(stems, terms, passage);
    let score = |(share, fact, _): &(f64, bool, Option<usize>)| {
        if *fact {
            *share
        } else {
            share * MISSING_FACT_SHARE
        }
    };
    // Of units that say as much, the first: a page states a fact before it remarks on it
    // ("Monday to Thursday 7:30–20:00" before "evening appointments after 18:00 are popular").
    let mut best = scores.iter().enumerate().fold((0, 0.0), |acc, (i, s)| {
        if score(s) > acc.1 { (i, score(s)) } else { acc }
    });
    // A line of a section with a list, under a heading that says nearly as much, is one part
    // of the answer: the whole section is ("What to bring": all of it, and the note on
    // children after the list). The heading needs not state the fact itself ("Opening
    // hours"): its items do.
    if let Some(h) = scores.get(best.0).and_then(|(_, _, h)| *h)
        && units[h + 1..]
            .iter()
            .take_while(|u| !is_heading(u))
            .any(|u| unit_separator(u) == "\n")
        && scores[h].0 >= best.1 * SECTION_SHARE
    {
        best.0 = h;
    }
    // A sentence is read from the start of its paragraph when an earlier sentence of it
    // says nearly as much: "… pay €10 per prescription. For six sessions that is €25." —
    // the second alone leaves out what "that" is.
    if let Some(earlier) = (0..best.0)
        .rev()
        .take_while(|i| lines[*i] == lines[best.0])
        .filter(|i| score(&scores[*i]) >= best.1 * SECTION_SHARE)
        .last()
    {
        best.0 = earlier;
    }
    (units, best.0, best.1)
}

/// How much of the question a line says: its terms in the line (read with its heading), and
/// those only its document's title says at [`TITLE_SHARE`] (a title that lists every topic of
/// a page must not make each of its lines an answer to all of them). A line that does not
/// state the kind of fact asked for ("when": a time) keeps [`MISSING_FACT_SHARE`] of it.
fn line_share(terms: &[WeightedTerm], title: &Analyzed, text: &Analyzed) -> f64 {
    weighted_share(terms, |t| {
        t.share_in(text).max(t.share_in(title) * TITLE_SHARE)
    })
}

/// Whether `text` holds the kind of fact the question asks for (a time, a price), not only
/// words naming its topic ("opening hours", "费用"); true when it asks for none.
fn states_the_fact(terms: &[WeightedTerm], text: &Analyzed) -> bool {
    terms
        .iter()
        .filter(|t| t.intent)
        .all(|t| t.forms.iter().any(|f| text.has(f)))
}

/// A passage that covers the question, and how well its best unit does.
struct Ranked<'a> {
    passage: &'a Passage,
    /// Its units (lines, and the sentences of long lines).
    units: Vec<String>,
    /// Where its best unit is.
    at: usize,
    /// How much of the question that unit says.
    line: f64,
    /// Whether that unit is a heading.
    heading: bool,
    /// Coverage of its title and body.
    whole: f64,
    /// Coverage of its body alone.
    body: f64,
}

/// The best-matching unit of a ranked passage and the units after it, up to `budget`
/// characters. Headings are used for matching but left out of the text.
fn extract(ranked: &Ranked, budget: usize) -> String {
    let (units, best, passage) = (&ranked.units, ranked.at, ranked.passage);
    let mut out = table_head(units, best);
    let head_len = out.len();
    for unit in units.iter().skip(best) {
        if is_heading(unit) {
            if out.len() == head_len {
                continue; // the heading that matched introduces what follows
            }
            break; // the next section is about something else
        }
        let separator = if out.len() == head_len {
            ""
        } else {
            unit_separator(unit)
        };
        if out.len() != head_len
            && out.chars().count() + separator.len() + unit.chars().count() > budget
        {
            break;
        }
        out.push_str(separator);
        out.push_str(unit);
    }
    if out.is_empty() {
        // The passage was nothing but headings; fall back to its first lines.
        out = passage
            .body
            .lines()
            .filter(|l| !l.trim().is_empty())
            .take(3)
            .collect::<Vec<_>>()
            .join("\n");
    }
    truncate_chars(&out, budget * 2)
}

/// Where the table that `units[at]` is a row of starts (its header row), or `None` when it
/// is no table row.
fn table_start(units: &[String], at: usize) -> Option<usize> {
    let is_row = |i: usize| units.get(i).is_some_and(|u| u.starts_with('|'));
    is_row(at).then(|| {
        (0..at)
            .rev()
            .take_while(|i| is_row(*i))
            .last()
            .unwrap_or(at)
    })
}

/// The header row and rule of the table whose row `units[at]` is, each followed by a line
/// break, so that a row taken from a table still reads (and renders) as one; `""` for
/// anything else.
fn table_head(units: &[String], at: usize) -> String {
    let Some(start) = table_start(units, at) else {
        return String::new();
    };
    let rule = |i: usize| {
        units
            .get(i)
            .is_some_and(|u| u.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')))
    };
    if start == at || start + 1 == at || !rule(start + 1) {
        return String::new();
    }
    format!("{}\n{}\n", units[start], units[start + 1])
}

/// List items and table rows stay on their own line; sentences of a paragraph join with a space.
fn unit_separator(unit: &str) -> &'static str {
    let t = unit.trim_start();
    let listy = t.starts_with("- ")
        || t.starts_with("* ")
        || t.starts_with('|')
        || t.split_once(". ")
            .is_some_and(|(n, _)| n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty());
    if listy { "\n" } else { " " }
}

/// Whether the heading `unit` is the document's title: a first-level heading ("# …", by
/// Markdown's convention the page's title), or one that says the title again. A page's
/// title often lists all its topics, and it must not make every line after it an answer
/// to all of them.
fn repeats_title(unit: &str, title: &str) -> bool {
    let unit = unit.trim_start();
    let heading = unit.trim_start_matches('#').trim();
    (unit.starts_with("# ") || heading.eq_ignore_ascii_case(title.trim())) && !heading.is_empty()
}

fn is_heading(unit: &str) -> bool {
    unit.trim_start().starts_with('#')
}

/// Lines, and the sentences of long lines, each with the number of the line it is from.
fn units(body: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for (n, line) in body
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .enumerate()
    {
        if line.chars().count() <= 160 || is_heading(line) {
            out.push((line.to_owned(), n));
        } else {
            out.extend(sentences(line).into_iter().map(|s| (s, n)));
        }
    }
    out
}

/// Splits after `.`, `!`, `?` (and CJK `。！？`) followed by a space or the end.
fn sentences(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        current.push(c);
        let ends = matches!(c, '。' | '！' | '？')
            || (matches!(c, '.' | '!' | '?') && chars.peek().is_none_or(|n| n.is_whitespace()));
        if ends {
            let s = current.trim();
            if !s.is_empty() {
                out.push(s.to_owned());
            }
            current.clear();
        }
    }
    let rest = current.trim();
    if !rest.is_empty() {
        out.push(rest.to_owned());
    }
    out
}

fn truncate_chars(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut t: String = s.chars().take(max).collect();
    t.push('…');
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(words: &[&str]) -> Vec<WeightedTerm> {
        words
            .iter()
            .map(|w| WeightedTerm {
                word: (*w).into(),
                forms: vec![Stems::default().stem(Lang::En, w)],
                related: vec![],
                idf: 1.0,
                intent: false,
                unknown: false,
            })
            .collect()
    }

    fn passage(id: i64, title: &str, body: &str) -> Passage {
        Passage {
            doc_id: id,
            title: title.into(),
            url: format!("https://x.test/{id}"),
            body: body.into(),
            lang: "en".into(),
            row: 0,
            curated: false,
        }
    }

    #[test]
    fn a_word_the_knowledge_never_uses_gets_no_answer() {
        let p = passage(
            1,
            "Plans",
            "Plans start at $9 a month. Discounts for teams.",
        );
        let mut t = terms(&["discount", "students"]);
        t[1].unknown = true;
        assert!(compose_by_words(&t, std::slice::from_ref(&p)).is_none());
        t[1].unknown = false;
        t[1].idf = 0.1;
        assert!(compose_by_words(&t, &[p]).is_some());
    }

    #[test]
    fn a_page_title_listing_topics_does_not_make_every_line_an_answer() {
        let p = passage(
            1,
            "Bridgeview Dental: hours and parking",
            "## Emergencies\nWe see emergencies every morning.\n\n## Parking\nFree parking in the P1 garage.",
        );
        let answer = compose_by_words(&terms(&["park", "dental"]), &[p]).unwrap();
        assert!(answer.text.contains("P1 garage"), "{}", answer.text);
    }

    #[test]
    fn a_line_with_the_kind_of_fact_asked_for_wins() {
        let mut t = terms(&["saturday"]);
        t.push(WeightedTerm {
            word: "hours".into(),
            forms: vec![crate::knowledge::terms::CLOCK_TIME.into()],
            related: vec![],
            idf: 0.5,
            intent: true,
            unknown: false,
        });
        let p = passage(
            1,
            "Visit",
            "Laptops are welcome, but not on Saturdays.\n\n## Opening hours\n- Saturday: 7:30 a.m. to 5:00 p.m.",
        );
        let answer = compose_by_words(&t, &[p]).unwrap();
        assert!(
            answer.text.starts_with("- Saturday: 7:30"),
            "{}",
            answer.text
        );
    }

    #[test]
    fn a_list_under_a_matching_heading_comes_whole() {
        let p = passage(
            1,
            "Your first visit",
            "### What to bring\n- A photo ID\n- Your insurance card\n- X-rays from another dentist",
        );
        let mut t = terms(&["bring", "rays"]);
        t[1].idf = 0.3;
        let answer = compose_by_words(&t, &[p]).unwrap();
        assert!(
            answer.text.contains("photo ID") && answer.text.contains("X-rays"),
            "{}",
            answer.text
        );
    }

    #[test]
    fn a_heading_that_matches_brings_the_lines_under_it() {
        let p = passage(
            1,
            "Visit us",
            "## Opening hours\n- Monday to Friday: 7am to 6pm\n- Saturday: 8am to 4pm\n## Parking\nStreet parking only.",
        );
        let a = compose_by_words(&terms(&["opening", "hours"]), &[p]).unwrap();
        assert_eq!(
            a.text,
            "- Monday to Friday: 7am to 6pm\n- Saturday: 8am to 4pm"
        );
        assert_eq!(
            a.sources,
            vec![Source {
                title: "Visit us".into(),
                url: "https://x.test/1".into()
            }]
        );
    }

    #[test]
    fn the_best_sentence_of_a_paragraph_leads_the_answer() {
        let body = "We roast every morning in small batches so the beans stay fresh for you and your family at home. \
                    We ship to Canada and the United States within five working days, tracked all the way to your door. \
                    Returns are free within thirty days of delivery if the bag is unopened and still sealed.";
        let p = passage(2, "Shipping", body);
        let a = compose_by_words(&terms(&["ship", "canada"]), &[p]).unwrap();
        assert!(a.text.starts_with("We ship to Canada"), "{}", a.text);
        assert!(!a.text.contains("roast"), "{}", a.text);
    }

    #[test]
    fn no_answer_when_nothing_covers_the_question() {
        let p = passage(1, "Menu", "Espresso, latte and cappuccino.");
        assert_eq!(compose_by_words(&terms(&["bicycle", "repair"]), &[p]), None);
        assert_eq!(compose_by_words(&terms(&["espresso"]), &[]), None);
    }

    #[test]
    fn a_second_document_is_added_when_it_answers_another_part() {
        let a = passage(1, "Hours", "We open at 7am every day.");
        let b = passage(2, "Wifi", "Free wifi is available in the shop.");
        let answer = compose_by_words(&terms(&["open", "wifi"]), &[a, b]).unwrap();
        assert!(
            answer.text.contains("7am") && answer.text.contains("wifi"),
            "{}",
            answer.text
        );
        assert_eq!(answer.sources.len(), 2);
    }

    #[test]
    fn a_second_document_is_not_added_for_words_the_first_passage_already_covers() {
        let a = passage(
            1,
            "Brewing",
            "## French press\nUse 30 g of coarse coffee and steep for 4 minutes.",
        );
        let b = passage(2, "Beans", "Ground for espresso, filter or French press.");
        let answer = compose_by_words(&terms(&["french", "press"]), &[a, b]).unwrap();
        assert_eq!(answer.sources.len(), 1, "{}", answer.text);
    }

    #[test]
    fn a_document_titled_like_a_section_does_not_win_on_its_title() {
        let about = passage(
            1,
            "Opening hours",
            "We are a small family bakery since 1998.",
        );
        let visit = passage(
            2,
            "Visit us",
            "## Opening hours\nMonday to Friday, 7am to 6pm.",
        );
        let answer = compose_by_words(&terms(&["opening", "hours"]), &[about, visit]).unwrap();
        assert_eq!(answer.sources[0].title, "Visit us", "{}", answer.text);
    }

    #[test]
    fn a_chinese_passage_answers_a_chinese_question() {
        let p = Passage {
            lang: "zh-TW".into(),
            ..passage(
                1,
                "門市資訊",
                "## 營業時間\n- 週二至週五：08:00–19:00\n- 每週一公休\n## 停車\n沒有專屬停車位。",
            )
        };
        let terms = vec![WeightedTerm {
            word: "营业".into(),
            forms: vec!["营业".into()],
            related: vec![],
            idf: 1.0,
            intent: false,
            unknown: false,
        }];
        let answer = compose_by_words(&terms, &[p]).unwrap();
        assert_eq!(answer.text, "- 週二至週五：08:00–19:00\n- 每週一公休");
    }

    #[test]
    fn a_row_of_a_table_is_read_with_its_header_and_comes_with_it() {
        let body = "## Plans\n\n| Plan | Price per month |\n| --- | --- |\n| Basic | $5 |\n| Pro | $12 |\n\nPrices do not include VAT. The Pro plan includes priority support.";
        let p = passage(1, "Pricing", body);
        let answer = compose_by_words(&terms(&["pro", "price"]), &[p]).unwrap();
        assert!(
            answer
                .text
                .starts_with("| Plan | Price per month |\n| --- | --- |\n| Pro | $12 |"),
            "{}",
            answer.text
        );
    }

    #[test]
    fn sentences_split_on_terminal_punctuation_only() {
        assert_eq!(
            sentences("It costs 3.50 today. Really! Ok?"),
            ["It costs 3.50 today.", "Really!", "Ok?"]
        );
        assert_eq!(sentences("你好。再見"), ["你好。", "再見"]);
    }
}
