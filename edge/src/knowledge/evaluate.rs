//! A reply's automatic evaluation (seed 004's evaluation): whether it answered (it is not the
//! bot's fallback), and how much of it the passages it drew on support — the share of its
//! content words (stemmed, without stopwords) that those passages contain. A reply made of the
//! knowledge scores near 100; one that invents scores low.

use super::compose::Passage;
use super::lang::{self, Lang};
use super::retrieval::analyse;
use super::terms::{Analyzed, Stems};
use porthole_shared::Source;
use porthole_shared::webchat::Evaluation;
use std::rc::Rc;

/// Scores `reply` against the passages it cites (all retrieved passages when it cites none).
pub fn evaluate(
    reply: &str,
    fell_back: bool,
    cited: &[Source],
    passages: &[Passage],
) -> Evaluation {
    if fell_back {
        return Evaluation {
            answered: false,
            support: 0,
        };
    }
    let used: Vec<&Passage> = passages
        .iter()
        .filter(|p| cited.iter().any(|s| s.title == p.title && s.url == p.url))
        .collect();
    let basis: Vec<&Passage> = if used.is_empty() {
        passages.iter().collect()
    } else {
        used
    };
    let langs: Vec<Lang> = basis.iter().map(|p| p.language()).collect();
    let known: Vec<Rc<Analyzed>> = {
        let stems = Stems::new(&langs);
        basis
            .iter()
            .map(|p| Analyzed::of(&stems, &format!("{}\n{}", p.title, p.body), p.language()))
            .collect()
    };
    // The reply's content words, read as a question would be (in the reply's language).
    let reply_lang = lang::detect(reply);
    let words = analyse(reply, reply_lang, &langs).asked;
    let support = if words.is_empty() {
        0
    } else {
        let found = words
            .iter()
            .filter(|w| {
                w.forms
                    .iter()
                    .chain(&w.related)
                    .any(|f| known.iter().any(|k| k.has(f)))
            })
            .count();
        ((found * 100) / words.len()) as u8
    };
    Evaluation {
        answered: true,
        support,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passage(body: &str) -> Passage {
        Passage {
            doc_id: 1,
            title: "Visit us".into(),
            url: String::new(),
            body: body.into(),
            lang: "en".into(),
            row: 0,
            curated: false,
        }
    }

    #[test]
    fn a_reply_taken_from_the_knowledge_is_fully_supported() {
        let p = [passage("We are open Monday to Friday from 7am to 6pm.")];
        let e = evaluate("We are open Monday to Friday, 7am to 6pm.", false, &[], &p);
        assert!(e.answered);
        assert_eq!(e.support, 100);
    }

    #[test]
    fn an_invented_reply_is_poorly_supported() {
        let p = [passage("We are open Monday to Friday from 7am to 6pm.")];
        let e = evaluate(
            "Our spaceship tours leave from Mars every Tuesday.",
            false,
            &[],
            &p,
        );
        assert!(e.support < 30, "{e:?}");
    }

    #[test]
    fn the_fallback_did_not_answer() {
        let e = evaluate("I don't know.", true, &[], &[]);
        assert_eq!(
            e,
            Evaluation {
                answered: false,
                support: 0
            }
        );
    }
}
