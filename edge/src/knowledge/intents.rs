//! What a question word asks for. "Where", "dónde", "où", "wo" and "哪裡" ask for an address,
//! and a passage that answers them says "located", "calle", "adresse", "Straße" or "地址"
//! rather than the question word itself. Each intent lists the question words that raise it
//! in each language, and the words of every language that an answer would contain.

use super::lang::Lang;
use super::terms::{CLOCK_TIME, fold};

/// One intent: its name, its question words per language, and what an answer mentions.
struct Intent {
    name: &'static str,
    /// Question words (lowercase, without accents but for French "où", which "ou" is not;
    /// Chinese in simplified script, found anywhere in the question; two-word triggers such
    /// as "wie viel" are matched as a pair; a trigger ending in `$` only as the last word, as
    /// German "auf" in "habt ihr sonntags auf?").
    triggers: &'static [(Lang, &'static [&'static str])],
    /// Words an answering passage contains, in their language.
    answers: &'static [(Lang, &'static [&'static str])],
    /// Of those, the ones that state the fact itself (a time, a price, "closed", "free")
    /// rather than name its topic ("opening hours", "费用"): a line that only names the topic
    /// does not answer. Empty: any answer word does.
    facts: &'static [(Lang, &'static [&'static str])],
}

const INTENTS: &[Intent] = &[
    Intent {
        name: "address",
        triggers: &[
            (Lang::En, &["where", "address", "located", "location"]),
            (
                Lang::ZhHans,
                &[
                    "哪里",
                    "哪儿",
                    "在哪",
                    "地址",
                    "位置",
                    "怎么去",
                    "怎么走",
                    "地点",
                ],
            ),
            (Lang::Es, &["donde", "direccion", "ubicacion", "ubicados"]),
            (Lang::Fr, &["où", "adresse", "situe", "situes", "trouve"]),
            (Lang::De, &["wo", "adresse", "anfahrt"]),
        ],
        answers: &[
            (
                Lang::En,
                &[
                    "address",
                    "located",
                    "location",
                    "directions",
                    "street",
                    "find",
                ],
            ),
            (Lang::ZhHans, &["地址", "位置", "交通", "地点", "路"]),
            (
                Lang::Es,
                &[
                    "dirección",
                    "calle",
                    "ubicado",
                    "encuentra",
                    "llegar",
                    "estamos",
                ],
            ),
            (Lang::Fr, &["adresse", "rue", "situé", "accès", "trouver"]),
            (
                Lang::De,
                &[
                    "adresse", "straße", "anfahrt", "befindet", "liegt", "finden",
                ],
            ),
        ],
        facts: &[],
    },
    Intent {
        name: "hours",
        triggers: &[
            (Lang::En, &["when", "hours", "open", "close", "what time"]),
            (
                Lang::ZhHans,
                &[
                    "几点",
                    "营业时间",
                    "什么时候",
                    "开门",
                    "关门",
                    "营业",
                    "开到",
                    "几号",
                ],
            ),
            (
                Lang::Es,
                &[
                    "cuando", "horario", "horarios", "hora", "abren", "abris", "cierran",
                    "cerrais", "abierto", "abre", "cierra", "atiende", "atienden",
                ],
            ),
            (
                Lang::Fr,
                &[
                    "quand", "horaires", "horaire", "heure", "ouvert", "ouverts", "ouvrez",
                    "fermez", "ferme", "ouvre", "ouverte", "recoit",
                ],
            ),
            (
                Lang::De,
                &[
                    "wann",
                    "bis wann",
                    "offnungszeiten",
                    "erreichbar",
                    "uhr",
                    "geoffnet",
                    "offen",
                    "auf$",
                    "zu$",
                ],
            ),
        ],
        answers: &[
            (
                Lang::En,
                &[
                    "hours", "open", "opening", "close", "closed", "hour", CLOCK_TIME,
                ],
            ),
            (
                Lang::ZhHans,
                &["营业", "时间", "公休", "休息", "开门", "营业时间"],
            ),
            (
                Lang::Es,
                &["horario", "abierto", "cerrado", "abrimos", "cerramos"],
            ),
            (
                Lang::Fr,
                &[
                    "horaires",
                    "ouvert",
                    "fermé",
                    "ouvrons",
                    "fermeture",
                    "ouverture",
                ],
            ),
            (
                Lang::De,
                &["öffnungszeiten", "geöffnet", "geschlossen", "uhr", "offen"],
            ),
        ],
        facts: &[
            (Lang::En, &[CLOCK_TIME, "closed", "noon", "midnight"]),
            (
                Lang::ZhHans,
                &["公休", "休息", "不营业", "休诊", "闭店", "店休"],
            ),
            (Lang::Es, &["cerrado", "cerrados", "cerramos", "mediodía"]),
            (Lang::Fr, &["fermé", "fermée", "fermés", "midi", "minuit"]),
            (Lang::De, &["uhr", "geschlossen", "ruhetag", "mittag"]),
        ],
    },
    Intent {
        name: "price",
        triggers: &[
            (
                Lang::En,
                &[
                    "much", "price", "prices", "cost", "costs", "pay", "fee", "fees",
                ],
            ),
            (
                Lang::ZhHans,
                &[
                    "多少钱",
                    "价格",
                    "价钱",
                    "费用",
                    "收费",
                    "多少",
                    "几块",
                    "价位",
                ],
            ),
            (
                Lang::Es,
                &[
                    "cuanto", "cuesta", "cuestan", "precio", "precios", "coste", "costo", "tarifa",
                    "vale", "tarifas",
                ],
            ),
            (
                Lang::Fr,
                &[
                    "combien", "prix", "coute", "coutent", "tarif", "tarifs", "cout",
                ],
            ),
            (
                Lang::De,
                &[
                    "kostet", "kosten", "preis", "preise", "gebuhr", "wieviel", "wie viel",
                ],
            ),
        ],
        answers: &[
            (
                Lang::En,
                &["price", "cost", "costs", "fee", "fees", "free", "$"],
            ),
            (Lang::ZhHans, &["价格", "费用", "收费", "元", "免费", "价"]),
            (
                Lang::Es,
                &["precio", "cuesta", "tarifa", "gratis", "euros", "€"],
            ),
            (
                Lang::Fr,
                &["prix", "tarif", "coûte", "gratuit", "euros", "€"],
            ),
            (
                Lang::De,
                &[
                    "preis",
                    "kostet",
                    "kosten",
                    "gebühr",
                    "kostenlos",
                    "euro",
                    "€",
                ],
            ),
        ],
        facts: &[
            (Lang::En, &["$", "free", "dollars"]),
            (Lang::ZhHans, &["元", "块", "免费"]),
            (Lang::Es, &["gratis", "gratuito", "gratuita", "euros"]),
            (Lang::Fr, &["gratuit", "gratuite", "gratuits", "euros"]),
            (Lang::De, &["kostenlos", "gratis", "euro"]),
        ],
    },
    Intent {
        name: "contact",
        triggers: &[
            (Lang::En, &["contact", "reach", "call", "email", "phone"]),
            (
                Lang::ZhHans,
                &["联络", "联系", "电话", "客服", "信箱", "email"],
            ),
            (
                Lang::Es,
                &[
                    "contacto",
                    "contactar",
                    "telefono",
                    "llamar",
                    "correo",
                    "email",
                ],
            ),
            (
                Lang::Fr,
                &[
                    "contacter",
                    "contact",
                    "telephone",
                    "appeler",
                    "joindre",
                    "email",
                ],
            ),
            (
                Lang::De,
                &[
                    "kontakt",
                    "telefon",
                    "anrufen",
                    "erreichen",
                    "erreiche",
                    "email",
                ],
            ),
        ],
        answers: &[
            (Lang::En, &["email", "phone", "call", "write"]),
            (Lang::ZhHans, &["电话", "联络", "联系", "email", "line"]),
            (Lang::Es, &["teléfono", "correo", "email", "llámanos"]),
            (Lang::Fr, &["téléphone", "email", "appelez", "écrivez"]),
            (Lang::De, &["telefon", "e-mail", "anrufen", "schreiben"]),
        ],
        facts: &[],
    },
];

/// Whether `word` (folded) makes the participle after it a perfect tense: French "j'ai
/// ouvert" and Spanish "he abierto" say that something was opened, not that a shop opens.
fn is_auxiliary(lang: Lang, word: &str) -> bool {
    match lang {
        Lang::Fr => matches!(word, "ai" | "as" | "a" | "avons" | "avez" | "ont" | "avais"),
        Lang::Es => matches!(
            word,
            "he" | "has" | "ha" | "hemos" | "habeis" | "han" | "habia"
        ),
        _ => false,
    }
}

/// Phrases that ask whether the business has or sells a thing ("do you have tea?"), per
/// language (folded; Chinese in simplified script, found anywhere in the question).
const HAVE_OR_SELL: &[(Lang, &[&str])] = &[
    (
        Lang::En,
        &[
            "do you have",
            "do you sell",
            "do you carry",
            "do you stock",
            "is there",
        ],
    ),
    (
        Lang::Fr,
        &[
            "vous avez",
            "avez vous",
            "vous vendez",
            "vendez vous",
            "il y a",
        ],
    ),
    (
        Lang::De,
        &[
            "habt ihr",
            "haben sie",
            "verkauft ihr",
            "verkaufen sie",
            "gibt es",
        ],
    ),
    (Lang::Es, &["teneis", "tienen", "vendeis", "venden", "hay"]),
    (Lang::ZhHans, &["有没有", "有卖", "卖不卖", "有没有卖"]),
];

/// Whether a question in `langs` (its folded words in order, its Chinese text in simplified
/// script) asks whether the business has or sells something: a table row then answers only
/// when it names the thing in its first cell (the item), not in a cell that describes
/// another ("thé noir" as a coffee's tasting note is no tea for sale).
pub fn asks_have_or_sell(words: &[String], chinese: &str, langs: &[Lang]) -> bool {
    let folded: Vec<String> = words.iter().map(|w| fold(w)).collect();
    let sequence = format!(" {} ", folded.join(" "));
    HAVE_OR_SELL.iter().any(|(lang, phrases)| {
        if lang.is_chinese() {
            phrases.iter().any(|p| chinese.contains(p))
        } else {
            langs.contains(lang) && phrases.iter().any(|p| sequence.contains(&format!(" {p} ")))
        }
    })
}

/// Every word of a per-language word table, with its language.
fn each_word(table: &[(Lang, &'static [&'static str])]) -> Vec<(Lang, &'static str)> {
    table
        .iter()
        .flat_map(|(lang, words)| words.iter().map(move |w| (*lang, *w)))
        .collect()
}

/// An intent a question raised: its name and the answer words of every language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raised {
    /// `address`, `hours`, `price` or `contact`.
    pub name: &'static str,
    /// The words (with their language) that an answering passage would contain.
    pub answers: Vec<(Lang, &'static str)>,
    /// Those of them that state the fact (see `Intent::facts`); empty: any answer word does.
    pub facts: Vec<(Lang, &'static str)>,
    /// The question's own words that raised it (folded), which need no term of their own.
    pub triggered_by: Vec<String>,
}

/// The intents raised by a question in `langs`, given its lowercase words (`words`, in
/// order, accents kept) and its Chinese text in simplified script (`chinese`).
pub fn raised(words: &[String], chinese: &str, langs: &[Lang]) -> Vec<Raised> {
    let folded: Vec<String> = words.iter().map(|w| fold(w)).collect();
    let is = |i: usize, trigger: &str| words[i] == trigger || folded[i] == trigger;
    let mut out = Vec::new();
    for intent in INTENTS {
        let mut triggered_by = Vec::new();
        for (lang, triggers) in intent.triggers {
            let chinese_asked = lang.is_chinese() && langs.iter().any(|l| l.is_chinese());
            if !(langs.contains(lang) || chinese_asked) {
                continue;
            }
            for trigger in *triggers {
                if lang.is_chinese() {
                    if chinese.contains(trigger) {
                        triggered_by.push((*trigger).to_owned());
                    }
                } else if let Some((first, second)) = trigger.split_once(' ') {
                    if (1..words.len()).any(|i| is(i - 1, first) && is(i, second)) {
                        triggered_by.push(first.to_owned());
                        triggered_by.push(second.to_owned());
                    }
                } else if let Some(last) = trigger.strip_suffix('$') {
                    if words.len() > 1 && is(words.len() - 1, last) {
                        triggered_by.push(last.to_owned());
                    }
                } else if (0..words.len())
                    .any(|i| is(i, trigger) && !(i > 0 && is_auxiliary(*lang, &folded[i - 1])))
                {
                    triggered_by.push((*trigger).to_owned());
                }
            }
        }
        if !triggered_by.is_empty() {
            out.push(Raised {
                name: intent.name,
                answers: each_word(intent.answers),
                facts: each_word(intent.facts),
                triggered_by,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(question: &str, lang: Lang) -> Vec<&'static str> {
        let words: Vec<String> = question
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let chinese = super::super::terms::simplified(question);
        raised(&words, &chinese, &[lang])
            .into_iter()
            .map(|r| r.name)
            .collect()
    }

    #[test]
    fn question_words_raise_intents_in_every_language() {
        assert_eq!(names("Where are you?", Lang::En), ["address"]);
        assert_eq!(names("When do you close on Sunday?", Lang::En), ["hours"]);
        assert_eq!(names("How much is shipping?", Lang::En), ["price"]);
        assert!(names("Do you sell tea?", Lang::En).is_empty());

        assert_eq!(names("麵包店在哪裡？", Lang::ZhHant), ["address"]);
        assert_eq!(names("週末幾點開門", Lang::ZhHant), ["hours"]);
        assert_eq!(names("營業時間？", Lang::ZhHant), ["hours"]);
        assert_eq!(names("鹽可頌一個多少錢", Lang::ZhHant), ["price"]);
        assert_eq!(names("盐可颂多少钱", Lang::ZhHans), ["price"]);

        assert_eq!(names("¿Dónde estáis?", Lang::Es), ["address"]);
        assert_eq!(names("¿Cuál es el horario?", Lang::Es), ["hours"]);
        assert_eq!(names("¿Cuánto cuesta el envío?", Lang::Es), ["price"]);

        assert_eq!(names("Où êtes-vous ?", Lang::Fr), ["address"]);
        assert_eq!(names("Quels sont vos horaires ?", Lang::Fr), ["hours"]);
        assert_eq!(names("Combien coûte la livraison ?", Lang::Fr), ["price"]);
        assert!(names("Café ou thé ?", Lang::Fr).is_empty());
        assert!(names("Je peux rendre un paquet que j'ai ouvert ?", Lang::Fr).is_empty());
        assert_eq!(names("C'est ouvert le dimanche ?", Lang::Fr), ["hours"]);
        assert!(names("¿Puedo devolver un paquete que he abierto?", Lang::Es).is_empty());
        assert_eq!(names("Habt ihr sonntags auf?", Lang::De), ["hours"]);
        assert!(names("Kann ich auf Rechnung zahlen?", Lang::De).is_empty());

        assert_eq!(names("Wo ist der Laden?", Lang::De), ["address"]);
        assert_eq!(names("Öffnungszeiten am Samstag?", Lang::De), ["hours"]);
        assert_eq!(names("Wie viel kostet der Versand?", Lang::De), ["price"]);
    }
}
