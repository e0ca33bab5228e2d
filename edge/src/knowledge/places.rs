//! Where a place lies: the cities and islands visitors name ("can you ship to Geneva?") and
//! the country or region a page names for them ("we don't ship to Switzerland yet"). A place
//! asked about is covered by the names of its country or region, as a word of the same
//! meaning is; never the other way round (a page about Switzerland does not say where in it a
//! shop stands), and never one city by another.
//!
//! The regions are those shops name when they say where they deliver: the countries of
//! Europe and North America, and the islands and regions that shipping rules treat apart
//! (the Canaries, the Balearics, Corsica). Cities are matched by their name in any language,
//! without accents; a name that is also a common word ("Nice") is left out.

use super::lang::Lang;
use super::terms::fold;
use std::sync::OnceLock;

use Lang::{De, En, Es, Fr, ZhHans as Zh};

/// A region: its names per language, and the places in it (any language, lowercase).
struct Region {
    names: &'static [(Lang, &'static [&'static str])],
    places: &'static [&'static str],
}

const REGIONS: &[Region] = &[
    Region {
        names: &[
            (En, &["Switzerland"]),
            (Fr, &["Suisse"]),
            (De, &["Schweiz"]),
            (Es, &["Suiza"]),
            (Zh, &["瑞士"]),
        ],
        places: &[
            "genève",
            "geneva",
            "genf",
            "ginebra",
            "zürich",
            "zurich",
            "basel",
            "bâle",
            "basilea",
            "bern",
            "berne",
            "berna",
            "lausanne",
            "lugano",
            "luzern",
            "lucerne",
            "lucerna",
            "winterthur",
            "st. gallen",
            "saint-gall",
        ],
    },
    Region {
        names: &[
            (En, &["Canary Islands", "Canaries"]),
            (Fr, &["Canaries", "îles Canaries"]),
            (De, &["Kanaren", "Kanarische Inseln"]),
            (Es, &["Canarias", "islas Canarias"]),
            (Zh, &["加那利群岛"]),
        ],
        places: &[
            "tenerife",
            "teneriffa",
            "ténérife",
            "gran canaria",
            "grande canarie",
            "lanzarote",
            "fuerteventura",
            "la palma",
            "la gomera",
            "el hierro",
            "las palmas",
        ],
    },
    Region {
        names: &[
            (En, &["Balearic Islands", "Balearics"]),
            (Fr, &["Baléares", "îles Baléares"]),
            (De, &["Balearen"]),
            (Es, &["Baleares", "islas Baleares"]),
            (Zh, &["巴利阿里群岛"]),
        ],
        places: &[
            "mallorca",
            "majorca",
            "majorque",
            "ibiza",
            "menorca",
            "minorca",
            "minorque",
            "formentera",
        ],
    },
    Region {
        names: &[
            (En, &["Corsica"]),
            (Fr, &["Corse"]),
            (De, &["Korsika"]),
            (Es, &["Córcega"]),
        ],
        places: &["ajaccio", "bastia", "porto-vecchio", "calvi"],
    },
    Region {
        names: &[
            (En, &["Austria"]),
            (Fr, &["Autriche"]),
            (De, &["Österreich"]),
            (Es, &["Austria"]),
            (Zh, &["奥地利"]),
        ],
        places: &[
            "wien",
            "vienna",
            "vienne",
            "viena",
            "salzburg",
            "salzbourg",
            "salzburgo",
            "graz",
            "innsbruck",
            "linz",
        ],
    },
    Region {
        names: &[
            (En, &["Germany"]),
            (Fr, &["Allemagne"]),
            (De, &["Deutschland"]),
            (Es, &["Alemania"]),
            (Zh, &["德国"]),
        ],
        places: &[
            "berlin",
            "berlín",
            "münchen",
            "munich",
            "múnich",
            "hamburg",
            "hambourg",
            "hamburgo",
            "köln",
            "cologne",
            "colonia",
            "frankfurt",
            "francfort",
            "fráncfort",
            "stuttgart",
            "düsseldorf",
            "leipzig",
            "dresden",
            "dresde",
        ],
    },
    Region {
        names: &[
            (En, &["France"]),
            (Fr, &["France"]),
            (De, &["Frankreich"]),
            (Es, &["Francia"]),
            (Zh, &["法国"]),
        ],
        places: &[
            "paris",
            "parís",
            "lyon",
            "marseille",
            "marsella",
            "toulouse",
            "bordeaux",
            "burdeos",
            "lille",
            "strasbourg",
            "straßburg",
            "estrasburgo",
            "nantes",
            "montpellier",
        ],
    },
    Region {
        names: &[
            (En, &["Belgium"]),
            (Fr, &["Belgique"]),
            (De, &["Belgien"]),
            (Es, &["Bélgica"]),
            (Zh, &["比利时"]),
        ],
        places: &[
            "bruxelles",
            "brussels",
            "brüssel",
            "bruselas",
            "anvers",
            "antwerp",
            "antwerpen",
            "amberes",
            "gand",
            "ghent",
            "gent",
            "liège",
            "lüttich",
            "lieja",
            "bruges",
            "brügge",
            "brujas",
            "namur",
        ],
    },
    Region {
        names: &[
            (En, &["Netherlands", "Holland"]),
            (Fr, &["Pays-Bas", "Hollande"]),
            (De, &["Niederlande", "Holland"]),
            (Es, &["Países Bajos", "Holanda"]),
            (Zh, &["荷兰"]),
        ],
        places: &[
            "amsterdam",
            "ámsterdam",
            "rotterdam",
            "róterdam",
            "utrecht",
            "la haye",
            "the hague",
            "den haag",
            "la haya",
            "eindhoven",
        ],
    },
    Region {
        names: &[
            (En, &["Italy"]),
            (Fr, &["Italie"]),
            (De, &["Italien"]),
            (Es, &["Italia"]),
            (Zh, &["意大利"]),
        ],
        places: &[
            "rome",
            "rom",
            "roma",
            "milan",
            "mailand",
            "milán",
            "milano",
            "naples",
            "neapel",
            "nápoles",
            "napoli",
            "turin",
            "turín",
            "torino",
            "florence",
            "florenz",
            "florencia",
            "firenze",
            "venise",
            "venice",
            "venedig",
            "venecia",
            "venezia",
            "bologne",
            "bologna",
        ],
    },
    Region {
        names: &[
            (En, &["Spain"]),
            (Fr, &["Espagne"]),
            (De, &["Spanien"]),
            (Es, &["España"]),
            (Zh, &["西班牙"]),
        ],
        places: &[
            "madrid",
            "barcelone",
            "barcelona",
            "séville",
            "seville",
            "sevilla",
            "bilbao",
            "malaga",
            "málaga",
            "saragosse",
            "zaragoza",
        ],
    },
    Region {
        names: &[
            (En, &["Portugal"]),
            (Fr, &["Portugal"]),
            (De, &["Portugal"]),
            (Es, &["Portugal"]),
            (Zh, &["葡萄牙"]),
        ],
        places: &["lisbonne", "lisbon", "lissabon", "lisboa", "oporto"],
    },
    Region {
        names: &[
            (En, &["United Kingdom", "UK", "Britain", "Great Britain"]),
            (Fr, &["Royaume-Uni", "Angleterre", "Grande-Bretagne"]),
            (De, &["Großbritannien", "Vereinigtes Königreich", "England"]),
            (Es, &["Reino Unido", "Inglaterra", "Gran Bretaña"]),
            (Zh, &["英国"]),
        ],
        places: &[
            "london",
            "londres",
            "manchester",
            "birmingham",
            "edinburgh",
            "édimbourg",
            "edimburgo",
            "glasgow",
            "liverpool",
            "belfast",
        ],
    },
    Region {
        names: &[
            (En, &["Ireland"]),
            (Fr, &["Irlande"]),
            (De, &["Irland"]),
            (Es, &["Irlanda"]),
            (Zh, &["爱尔兰"]),
        ],
        places: &["dublin", "dublín", "galway"],
    },
    Region {
        names: &[
            (En, &["United States", "USA"]),
            (Fr, &["États-Unis"]),
            (De, &["Vereinigte Staaten", "USA"]),
            (Es, &["Estados Unidos", "EE. UU."]),
            (Zh, &["美国"]),
        ],
        places: &[
            "new york",
            "nueva york",
            "los angeles",
            "chicago",
            "san francisco",
            "seattle",
            "boston",
            "miami",
            "honolulu",
            "hawaii",
            "hawaï",
            "alaska",
            "texas",
            "california",
            "californie",
            "kalifornien",
            "florida",
            "floride",
        ],
    },
    Region {
        names: &[
            (En, &["Canada"]),
            (Fr, &["Canada"]),
            (De, &["Kanada"]),
            (Es, &["Canadá"]),
            (Zh, &["加拿大"]),
        ],
        places: &[
            "toronto",
            "montréal",
            "montreal",
            "vancouver",
            "québec",
            "quebec",
            "ottawa",
            "calgary",
        ],
    },
    Region {
        names: &[
            (En, &["Australia"]),
            (Fr, &["Australie"]),
            (De, &["Australien"]),
            (Es, &["Australia"]),
            (Zh, &["澳大利亚", "澳洲"]),
        ],
        places: &["sydney", "melbourne", "brisbane", "perth"],
    },
    Region {
        names: &[
            (En, &["Japan"]),
            (Fr, &["Japon"]),
            (De, &["Japan"]),
            (Es, &["Japón"]),
            (Zh, &["日本"]),
        ],
        places: &["tokyo", "tokio", "osaka", "kyoto", "kioto"],
    },
];

/// Each place's name as folded words, with its region, read once.
fn place_names() -> &'static [(Vec<String>, &'static Region)] {
    static NAMES: OnceLock<Vec<(Vec<String>, &'static Region)>> = OnceLock::new();
    NAMES.get_or_init(|| {
        REGIONS
            .iter()
            .flat_map(|region| {
                region.places.iter().map(move |place| {
                    let words = place
                        .split(|c: char| !c.is_alphanumeric())
                        .filter(|w| !w.is_empty())
                        .map(fold)
                        .collect();
                    (words, region)
                })
            })
            .collect()
    })
}

/// The region the place named by the question's words from `words[i]` (lowercase) lies
/// in: how many words the place's name took, and the region's names in `langs` (see
/// [`Lang::is_read_in`]).
pub fn region_of(
    words: &[String],
    i: usize,
    langs: &[Lang],
) -> Option<(usize, Vec<(Lang, &'static str)>)> {
    let names = place_names();
    let longest = names.iter().map(|(name, _)| name.len()).max().unwrap_or(0);
    let asked: Vec<String> = words[i..].iter().take(longest).map(|w| fold(w)).collect();
    let (name, region) = names.iter().find(|(name, _)| asked.starts_with(name))?;
    let names = region
        .names
        .iter()
        .filter(|(lang, _)| lang.is_read_in(langs))
        .flat_map(|(lang, names)| names.iter().map(|n| (*lang, *n)))
        .collect();
    Some((name.len(), names))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split(' ').map(str::to_owned).collect()
    }

    #[test]
    fn a_city_lies_in_its_country_named_in_the_knowledge_languages() {
        let (n, names) = region_of(&words("genève"), 0, &[Fr]).unwrap();
        assert_eq!((n, names), (1, vec![(Fr, "Suisse")]));
        let (n, names) = region_of(&words("gran canaria"), 0, &[Es, En]).unwrap();
        assert_eq!(n, 2);
        assert!(names.contains(&(Es, "Canarias")) && names.contains(&(En, "Canary Islands")));
        // Without accents, as visitors type.
        assert!(region_of(&words("zurich"), 0, &[De]).is_some());
    }

    #[test]
    fn a_word_that_is_no_place_lies_nowhere() {
        assert!(region_of(&words("coffee"), 0, &[En]).is_none());
        assert!(region_of(&words("nice"), 0, &[En]).is_none());
        // A country is no place inside a region.
        assert!(region_of(&words("suisse"), 0, &[Fr]).is_none());
    }
}
