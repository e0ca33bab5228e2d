//! Word lists per language: the words too common to say what a question is about
//! (stopwords, also used to recognise a text's language), and greetings and thanks. Latin
//! script words are listed lowercase without accents (they are compared after folding, as
//! visitors often type "donde" for "dónde"); Chinese ones in simplified script (text is folded
//! to it before it is compared).

use super::lang::Lang;

/// English: function words and the verbs questions are wrapped in ("can you tell me").
const EN: &[&str] = &[
    "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "anything", "are",
    "as", "at", "be", "been", "before", "being", "but", "by", "can", "could", "d", "did", "do",
    "does", "doing", "don", "dont", "for", "from", "get", "got", "had", "has", "have", "having",
    "he", "her", "here", "hers", "hey", "hi", "hello", "him", "his", "how", "i", "id", "if", "im",
    "in", "into", "is", "it", "its", "ive", "just", "know", "let", "like", "ll", "m", "many", "me",
    "might", "more", "most", "much", "must", "my", "need", "no", "not", "of", "off", "ok", "okay",
    "on", "one", "or", "our", "ours", "out", "please", "possible", "re", "s", "shall", "she",
    "should", "so", "some", "t", "tell", "than", "thank", "thanks", "that", "the", "their", "them",
    "then", "there", "these", "they", "this", "those", "to", "too", "u", "up", "us", "ve", "very",
    "want", "was", "we", "were", "what", "whats", "when", "where", "which", "who", "whom", "why",
    "will", "with", "would", "you", "your", "youre", "yours",
];

/// Spanish.
const ES: &[&str] = &[
    "a", "al", "algo", "algun", "alguna", "alguno", "algunos", "ante", "aqui", "como", "con",
    "cual", "cuales", "cuando", "de", "del", "donde", "el", "ella", "ellos", "en", "entre", "era",
    "es", "esa", "ese", "eso", "esta", "estan", "estas", "este", "esto", "estoy", "fue", "gracias",
    "hace", "hay", "hola", "la", "las", "le", "les", "lo", "los", "mas", "me", "mi", "mis", "muy",
    "necesito", "no", "nos", "nosotros", "o", "os", "para", "pero", "poder", "podeis", "podemos",
    "podria", "por", "porque", "puede", "pueden", "puedo", "que", "quien", "quiero", "saber", "se",
    "ser", "si", "sin", "sobre", "son", "su", "sus", "tambien", "teneis", "tenemos", "tener",
    "tengo", "tiene", "tienen", "todo", "todos", "tu", "tus", "u", "un", "una", "unas", "uno",
    "unos", "usted", "ustedes", "vosotros", "vuestro", "vuestra", "y", "ya", "yo", "hacen",
    "haceis", "hago", "hacer", "ofrecen", "ofreceis", "buenas", "buenos", "dias", "favor",
    "estais", "estamos", "estar", "sois", "somos", "soy", "vais", "voy", "van", "mucho", "muchas",
];

/// French.
const FR: &[&str] = &[
    "a", "au", "aussi", "aux", "avec", "avez", "avoir", "bonjour", "c", "ce", "ceci", "cela",
    "ces", "cet", "cette", "comment", "d", "dans", "de", "des", "dois", "doit", "donc", "du",
    "elle", "en", "est", "et", "etes", "etre", "eu", "faire", "faites", "fait", "il", "ils", "j",
    "je", "l", "la", "le", "les", "leur", "lui", "m", "ma", "mais", "me", "merci", "mes", "moi",
    "mon", "n", "ne", "nos", "notre", "nous", "on", "ou", "par", "pas", "peut", "peux", "pour",
    "pourquoi", "pouvez", "pouvons", "qu", "quand", "que", "quel", "quelle", "quelles", "quels",
    "qui", "s", "sa", "sans", "se", "ses", "si", "son", "sont", "sur", "t", "ta", "te", "tes",
    "toi", "ton", "tu", "un", "une", "vos", "votre", "vous", "y", "ya", "voudrais", "veux",
    "savoir", "il", "proposez", "faut", "svp", "plait", "possible",
];

/// German.
const DE: &[&str] = &[
    "aber",
    "alle",
    "als",
    "also",
    "am",
    "an",
    "auch",
    "auf",
    "aus",
    "bei",
    "beim",
    "bin",
    "bis",
    "bitte",
    "da",
    "danke",
    "das",
    "dass",
    "dem",
    "den",
    "der",
    "des",
    "dich",
    "die",
    "dir",
    "du",
    "ein",
    "eine",
    "einem",
    "einen",
    "einer",
    "es",
    "etwas",
    "euch",
    "euer",
    "eure",
    "euren",
    "eurer",
    "fur",
    "gibt",
    "guten",
    "habe",
    "haben",
    "habt",
    "hallo",
    "hat",
    "ich",
    "ihr",
    "ihre",
    "ihren",
    "im",
    "in",
    "ist",
    "ja",
    "kann",
    "kannst",
    "konnen",
    "konnt",
    "man",
    "mein",
    "meine",
    "mich",
    "mir",
    "mit",
    "muss",
    "nach",
    "nicht",
    "noch",
    "nur",
    "ob",
    "oder",
    "sein",
    "sich",
    "sie",
    "sind",
    "so",
    "uber",
    "um",
    "und",
    "uns",
    "unser",
    "unsere",
    "vom",
    "von",
    "vor",
    "was",
    "welche",
    "welcher",
    "welches",
    "wer",
    "wie",
    "wir",
    "wird",
    "wo",
    "zu",
    "zum",
    "zur",
    "tag",
    "moin",
    "mochte",
    "wurde",
    "gerne",
    "denn",
    "mal",
    "eigentlich",
    "macht",
    "bietet",
    "euch",
];

/// Chinese (simplified): particles, pronouns and the phrases questions are wrapped in. A
/// question's runs of characters are cut where these stand, so that a bigram never spans a
/// content word and "吗".
const ZH: &[&str] = &[
    "请问",
    "你好",
    "您好",
    "谢谢",
    "麻烦",
    "想问",
    "想要",
    "我想",
    "我要",
    "可以",
    "可不可以",
    "能不能",
    "能否",
    "是否",
    "是不是",
    "有没有",
    "没有",
    "有无",
    "会不会",
    "要不要",
    "需不需要",
    "什么",
    "甚么",
    "怎么",
    "怎样",
    "怎么样",
    "如何",
    "哪里",
    "哪儿",
    "哪边",
    "哪些",
    "哪个",
    "多少",
    "多久",
    "几点",
    "为什么",
    "吗",
    "呢",
    "吧",
    "啊",
    "呀",
    "嘛",
    "喔",
    "哦",
    "的",
    "了",
    "我",
    "我们",
    "你",
    "你们",
    "您",
    "他",
    "她",
    "它",
    "是",
    "在",
    "有",
    "和",
    "跟",
    "与",
    "及",
    "或",
    "或者",
    "还是",
    "也",
    "都",
    "就",
    "还",
    "很",
    "这",
    "那",
    "这个",
    "那个",
    "这里",
    "那里",
    "一下",
    "请",
    "几",
    "需要",
    "应该",
    "告诉",
];

/// Words a question is wrapped in that say nothing of its subject (the rest of the Snowball
/// stopword lists, and spoken fillers such as "exactly", "erstmal", "chez" or "东西"). They are
/// left out of what a question asks, but do not tell a text's language.
const EN_FILLERS: &[&str] = &[
    "actually", "already", "always", "anyone", "anyway", "around", "because",
    "both", "come", "coming", "during", "each", "else", "even", "ever", "every", "exactly",
    "few", "further", "go", "going", "happen", "happens", "happened", "kind", "lot", "lots",
    "make", "maybe", "mean", "only", "own", "really", "same", "say", "something",
    "someone", "sort", "still", "stuff", "such", "sure", "thing", "things", "through", "till",
    "until", "way", "while", "yet", "ask", "wondering", "wonder", "guys", "folks", "near",
    "nearby", "allowed", "normal", "regular", "usual",
];

const ES_FILLERS: &[&str] = &[
    "ha", "has", "han", "he", "hemos", "habeis", "hasta", "desde", "durante", "mientras",
    "cada", "ir", "vamos", "exactamente", "realmente",
    "bien", "algo", "nada", "cosa", "cosas", "entonces", "pues", "oye", "hacemos", "hace",
    "hago", "quiero", "queria", "querria", "quisiera", "tengo", "tendria", "hay", "hubo",
    "qué", "cual", "sea", "este", "aun", "todavia", "siempre", "tambien", "solo", "mismo",
    "misma", "ese", "esa", "eso", "aquel", "ahi", "alli", "cerca", "sitio", "cuantas", "cuantos",
    "permitido", "permitidas", "normal", "habitual",
];

const FR_FILLERS: &[&str] = &[
    "ai", "as", "avons", "ont", "ete", "suis", "es", "sommes", "sera", "serait", "etait",
    "exactement", "vraiment", "juste", "bien", "alors", "chez", "ca", "quoi", "aller", "venir",
    "vais", "va", "vont", "quelque", "chose", "choses", "encore", "deja", "toujours", "tout",
    "tous", "toute", "toutes", "tres", "trop", "peut", "etre", "ceux", "celle", "celui", "leurs",
    "dont", "ici", "la", "voila", "peu", "pres", "proche", "autorise", "autorisees", "normale",
];

const DE_FILLERS: &[&str] = &[
    "genau", "erstmal", "erst", "eigentlich", "mal", "denn", "doch", "eben", "halt", "schon",
    "wenn", "will", "wollen", "willst", "wollt", "mochte", "mochten", "wurde", "wurden",
    "dann", "wie", "wer", "wieso", "warum", "welcher", "welches", "welchen", "dies", "diese",
    "dieser", "dieses", "jetzt", "hier", "dort", "ran", "rein", "raus", "drauf", "dran",
    "komme", "kommen", "kommt", "passiert", "besten", "zum", "zur", "ins", "uberhaupt",
    "einfach", "irgendwie", "jemand", "alles", "soll", "sollte", "darf", "durfen", "brauche",
    "brauchen", "braucht", "gehen", "geht", "machen", "macht", "mache", "gerne", "gern",
    "wird", "werden", "sind", "war", "waren", "ihm", "ihn", "euren", "eurem", "meinen",
    "meinem", "meiner", "unserem", "unseren", "unserer", "keine", "kein", "keinen", "zu", "viele",
    "erlaubt", "stehen", "steht", "nahe", "nahe", "normale", "normal",
];

/// Chinese fillers: measure words and spoken particles ("补个胎", "带啥").
const ZH_FILLERS: &[&str] = &[
    "东西", "啥", "一些", "有点", "到底", "大概", "一般", "一个", "个", "要", "能", "去", "先", "做", "了",
    "附近",
];

/// Greetings and thanks, recognised when a message has no other content.
const SMALL_TALK: &[&str] = &[
    // en
    "hi",
    "hello",
    "hey",
    "thanks",
    "thank",
    "ok",
    "okay",
    "bye",
    "goodbye",
    "cheers",
    "morning",
    "afternoon",
    "evening", // es
    "hola",
    "gracias",
    "adios",
    "buenas",
    "buenos",
    "dias",
    "tardes",
    "noches", // fr
    "bonjour",
    "bonsoir",
    "salut",
    "merci",
    "coucou",
    "revoir", // de
    "hallo",
    "danke",
    "moin",
    "servus",
    "tschuss",
    "guten",
    "tag",
    "morgen",
    "abend",
];

/// Words that may accompany a greeting or thanks without making it a question.
const SMALL_TALK_FILLER: &[&str] = &[
    "lot", "much", "good", "great", "there", "folks", "muchas", "mucho", "beaucoup", "bien",
    "vielen", "schon", "sehr", "a", "au", "vielmals",
];

/// Chinese greetings and thanks (simplified).
const ZH_SMALL_TALK: &[&str] = &[
    "你好",
    "您好",
    "哈啰",
    "哈喽",
    "嗨",
    "早安",
    "午安",
    "晚安",
    "早上好",
    "谢谢",
    "多谢",
    "感谢",
    "谢啦",
    "再见",
    "拜拜",
];

/// Thanks, in every language (folded).
const THANKS: &[&str] = &[
    "thanks", "thank", "gracias", "merci", "danke", "谢谢", "多谢", "感谢", "谢啦",
];

/// The stopwords of `lang`.
pub fn stopwords(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::En => EN,
        Lang::Es => ES,
        Lang::Fr => FR,
        Lang::De => DE,
        Lang::ZhHant | Lang::ZhHans => ZH,
    }
}

/// Whether the (folded, lowercase) word is one of `lang`'s common words, which tell the
/// language of a text.
pub fn is_marker(lang: Lang, word: &str) -> bool {
    stopwords(lang).contains(&word)
}

/// Words of `lang` that say nothing of a question's subject: its stopwords and fillers.
fn fillers(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::En => EN_FILLERS,
        Lang::Es => ES_FILLERS,
        Lang::Fr => FR_FILLERS,
        Lang::De => DE_FILLERS,
        Lang::ZhHant | Lang::ZhHans => ZH_FILLERS,
    }
}

/// Whether the folded word is a stopword or filler in any of `langs`.
pub fn is_stopword(langs: &[Lang], word: &str) -> bool {
    langs
        .iter()
        .any(|l| stopwords(*l).contains(&word) || fillers(*l).contains(&word))
}

/// The Chinese words a question's run is cut at: stopwords and fillers.
pub fn zh_cut_words() -> impl Iterator<Item = &'static str> {
    ZH.iter().chain(ZH_FILLERS).copied()
}

/// Whether the folded word is a greeting or thanks.
pub fn is_small_talk_word(word: &str) -> bool {
    SMALL_TALK.contains(&word) || ZH_SMALL_TALK.contains(&word)
}

/// Whether the folded word may go with a greeting.
pub fn is_small_talk_filler(word: &str) -> bool {
    SMALL_TALK_FILLER.contains(&word)
}

/// The Chinese greetings and thanks.
pub fn zh_small_talk() -> &'static [&'static str] {
    ZH_SMALL_TALK
}

/// Whether the folded word says thanks.
pub fn is_thanks_word(word: &str) -> bool {
    THANKS.contains(&word)
}

/// Lowercase words of `text` without accents (for recognising its language): letters only,
/// split at anything else, apostrophes included ("d'ouverture" → "d", "ouverture").
pub fn raw_words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(|w| super::terms::fold(&w.to_lowercase()))
}
