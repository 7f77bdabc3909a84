//! Property tests: `extract` never panics, on any text, and every span it returns lies
//! inside the text on character boundaries.
//!
//! Three kinds of input: arbitrary Unicode; news-like token soup (quotes, brackets,
//! titles, names, reporting verbs, meeting words, dates, odd whitespace); and articles
//! mutated by deletions, insertions, duplications and truncations. Each is extracted
//! both as the stored (normalised) text and raw, with publication dates that include
//! the extremes of the calendar.

use std::sync::LazyLock;

use chrono::NaiveDate;
use entente_extract::{Lexicon, extract, normalise_text, sha256_hex};
use entente_model::{Document, Evidence, Extraction, Span};
use proptest::prelude::*;

static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::builtin);

/// Articles to mutate: the repository's examples and one written here.
const ARTICLES: &[&str] = &[
    include_str!("../../examples/01_state_visit.txt"),
    include_str!("../../examples/02_phone_call.txt"),
    include_str!("../../examples/03_summit_sidelines.txt"),
    include_str!("../../examples/04_press_conference.txt"),
    include_str!("../../examples/05_ministerial_delegation.txt"),
    include_str!("../../examples/06_belt_and_road_middle_corridor.txt"),
    "ANKARA (Reuters) - Turkish Foreign Minister Hakan Fidan met his Chinese counterpart \
     Wang Yi in Beijing on Monday, a day after President Recep Tayyip Erdoğan told \
     reporters: “We want the Middle Corridor and the Belt and Road Initiative (BRI) to \
     complement each other.”\n\n\"Türkiye is a partner,\" Wang said, \"not a rival.\" \
     The two ministers held talks over a working lunch and agreed to meet again at the \
     SCO summit in Tianjin on Aug. 31, according to the ministry.\n\nRead: Related stories",
];

/// Pieces of news text that stress the rules: quotes of every kind, brackets, titles,
/// names (some with diacritics or hyphens), reporting verbs, meeting words, dates that
/// do and do not exist, abbreviations, and whitespace and marks that are easy to slice
/// through.
const TOKENS: &[&str] = &[
    "\"",
    "“",
    "”",
    "'",
    "‘",
    "’",
    "«",
    "»",
    "„",
    "‹",
    "›",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "President",
    "Prime Minister",
    "Foreign Minister",
    "the Chinese leader",
    "Turkey's top diplomat",
    "Gen.",
    "Mr.",
    "Dr",
    "Sheikh",
    "Secretary-General",
    "Xi Jinping",
    "Xi",
    "Erdoğan",
    "Erdogan",
    "Recep Tayyip Erdogan",
    "Wang Yi",
    "Wang",
    "Hakan Fidan",
    "Kassym-Jomart Tokayev",
    "von der Leyen",
    "Cai Qi",
    "Jean-Noël Barrot",
    "he",
    "she",
    "his",
    "they",
    "said",
    "told",
    "urged",
    "stressed",
    "vowed",
    "added that",
    "according to",
    "said:",
    "met",
    "held talks with",
    "talks",
    "phone call",
    "working lunch",
    "shook hands",
    "received",
    "hosted",
    "was joined at the meeting by",
    "will visit",
    "cancelled",
    "on Monday",
    "yesterday",
    "a day earlier",
    "last week",
    "next month",
    "Aug. 31",
    "31 February",
    "Feb. 30, 2025",
    "in 2009",
    "in 99999",
    "on 2025-13-45",
    "2025-09-01",
    "Ankara",
    "Beijing",
    "Tianjin",
    "Türkiye",
    "Turkey",
    "Chinese",
    "Turkish",
    "U.S.",
    "U.N.",
    "SCO",
    "NATO",
    "Nato",
    "the Shanghai Cooperation Organisation",
    "Belt and Road Initiative",
    "Middle Corridor",
    "Ministry of Foreign Affairs",
    "(Reporting by",
    "Photo:",
    "Read:",
    "READ MORE",
    "---",
    "title: x",
    "TOKYO -",
    ".",
    ",",
    ":",
    ";",
    "!",
    "?",
    "...",
    "…",
    "—",
    "–",
    "-",
    "/",
    "&",
    "'s",
    "’s",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    "\u{a0}",
    "\u{200b}",
    "\u{200d}",
    "\u{301}",
    "\u{308}",
    "\u{feff}",
    "\u{202e}",
    "\0",
    "🇹🇷",
    "👍🏽",
    "ß",
    "İ",
    "ı",
    "ǅ",
    "Ⅻ",
    "ﬁ",
    "中国",
    "习近平",
    "مرحبا",
    "A.",
    "J.",
    "St.",
    "No.",
    "1.",
    "2",
    "9999999999999999999999",
];

fn token_soup() -> impl Strategy<Value = String> {
    prop::collection::vec((prop::sample::select(TOKENS), 0..4usize), 0..120).prop_map(|parts| {
        let mut text = String::new();
        for (token, separator) in parts {
            text.push_str(token);
            text.push_str(["", " ", " ", "\n"][separator]);
        }
        text
    })
}

fn any_unicode() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..400).prop_map(String::from_iter)
}

/// One edit of an article; positions are taken modulo the text's length in characters.
#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize, usize),
    Insert(usize, &'static str),
    Duplicate(usize, usize),
    Truncate(usize),
    Swap(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0..40usize).prop_map(|(at, n)| Mutation::Delete(at, n)),
        (any::<usize>(), prop::sample::select(TOKENS)).prop_map(|(at, t)| Mutation::Insert(at, t)),
        (any::<usize>(), 0..200usize).prop_map(|(at, n)| Mutation::Duplicate(at, n)),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::Swap(a, b)),
    ]
}

fn mutate(article: &str, mutations: &[Mutation]) -> String {
    let mut chars: Vec<char> = article.chars().collect();
    for mutation in mutations {
        let len = chars.len().max(1);
        match *mutation {
            Mutation::Delete(at, n) => {
                let at = at % len;
                let end = (at + n).min(chars.len());
                chars.drain(at.min(end)..end);
            }
            Mutation::Insert(at, token) => {
                let at = (at % (chars.len() + 1)).min(chars.len());
                chars.splice(at..at, token.chars());
            }
            Mutation::Duplicate(at, n) => {
                let at = (at % len).min(chars.len());
                let end = (at + n).min(chars.len());
                let copy: Vec<char> = chars[at..end].to_vec();
                chars.splice(end..end, copy);
            }
            Mutation::Truncate(at) => chars.truncate(at % len),
            Mutation::Swap(a, b) => {
                if !chars.is_empty() {
                    let (a, b) = (a % chars.len(), b % chars.len());
                    chars.swap(a, b);
                }
            }
        }
    }
    chars.into_iter().collect()
}

fn published() -> impl Strategy<Value = Option<NaiveDate>> {
    prop_oneof![
        Just(None),
        Just(Some(NaiveDate::MIN)),
        Just(Some(NaiveDate::MAX)),
        (1i32..=9999, 1u32..=12, 1u32..=31).prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(
            y,
            m,
            d.min(28)
        )),
    ]
}

fn document(text: String, published: Option<NaiveDate>) -> Document {
    Document {
        external_id: None,
        title: None,
        published,
        source: None,
        url: None,
        path: None,
        sha256: sha256_hex(&text),
        text,
    }
}

#[track_caller]
fn check_span(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end
            && span.end <= text.len()
            && text.is_char_boundary(span.start)
            && text.is_char_boundary(span.end),
        "{what} span {}..{} is not on character boundaries inside a text of {} bytes: {text:?}",
        span.start,
        span.end,
        text.len()
    );
}

#[track_caller]
fn check_evidence(text: &str, evidence: &[Evidence], what: &str) {
    for e in evidence {
        check_span(text, e.span, what);
        check_span(text, e.sentence, what);
    }
}

/// Extracts `text` (normalised, then as given) and checks every span of the result.
fn check(text: &str, published: Option<NaiveDate>) {
    let normalised = normalise_text(text).text;
    for text in [normalised.as_str(), text] {
        let doc = document(text.to_owned(), published);
        let extraction = extract(&doc, &LEXICON);
        check_spans(&doc.text, &extraction);
    }
}

fn check_spans(text: &str, x: &Extraction) {
    for &sentence in &x.sentences {
        check_span(text, sentence, "sentence");
    }
    for mention in &x.mentions {
        check_span(text, mention.span, "mention");
    }
    for diagnostic in &x.diagnostics {
        check_span(text, diagnostic.span, "diagnostic");
    }
    for meeting in &x.meetings {
        check_evidence(text, &meeting.evidence, "meeting evidence");
    }
    for statement in &x.statements {
        check_evidence(text, &statement.evidence, "statement evidence");
    }
}

// 256 cases each (proptest's default); `PROPTEST_CASES=20000` searches harder.
proptest! {
    #[test]
    fn arbitrary_unicode_never_panics(text in any_unicode(), published in published()) {
        check(&text, published);
    }

    #[test]
    fn news_like_token_soup_never_panics(text in token_soup(), published in published()) {
        check(&text, published);
    }

    #[test]
    fn mutated_articles_never_panic(
        article in prop::sample::select(ARTICLES),
        mutations in prop::collection::vec(mutation(), 1..12),
        published in published(),
    ) {
        check(&mutate(article, &mutations), published);
    }
}

#[test]
fn the_articles_themselves_extract_with_valid_spans() {
    let (mut meetings, mut statements) = (0, 0);
    for article in ARTICLES {
        for published in [None, Some(NaiveDate::MIN), Some(NaiveDate::MAX)] {
            check(article, published);
        }
        let doc = document(normalise_text(article).text, None);
        let extraction = extract(&doc, &LEXICON);
        assert!(!extraction.actors.is_empty(), "{article}");
        meetings += extraction.meetings.len();
        statements += extraction.statements.len();
    }
    // The articles the mutations start from exercise every stage.
    assert!(meetings >= ARTICLES.len() && statements >= ARTICLES.len());
}
