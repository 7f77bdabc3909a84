//! Date expressions: finding "on Monday", "Aug. 31", "a day earlier", "in 2009" in a text
//! and resolving them to calendar dates against the publication date (SCHEMA.md, "Dates").
//!
//! The scanner is hand-written: one pass splits the searched range into tokens with byte
//! offsets (into a per-thread buffer: a call allocates only its results), each word is
//! classified once against a small built-in vocabulary (packed into a `u64` and matched),
//! and at every token the patterns that can start with it are tried, keeping the longest.
//! A range with no digit, no capitalised month and none of "day", "night", "week",
//! "month", "year", "hour" ... (lower case, capitalised or in capitals) is skipped
//! before tokenizing; most sentences are. Nothing here panics on odd text.
//!
//! Resolution rules, beyond SCHEMA.md:
//!
//! - A weekday is the latest such day on or before `published`; when the words before it
//!   in the same sentence hold a future marker ("will", "shall", "is to", "is expected
//!   to", "is scheduled for", "plans to", "next", "upcoming", "'ll") it is the earliest
//!   such day *on or after* `published` ("will be in Istanbul Friday" in an article of a
//!   Friday is that Friday). "last Monday" is strictly before, "next Monday" strictly
//!   after `published`.
//! - An explicit date or a month without a year takes the year of `published`, or the
//!   year before when that would put it more than 183 days after `published` ("Dec. 28"
//!   in an article of Jan. 3). There is no rule for the following year.
//! - A weekday next to an explicit date ("Monday, Aug. 31", "on Monday (Aug. 31)") is
//!   one match: the explicit date when the two agree, else the weekday (SCHEMA), and the
//!   explicit date when the weekday cannot be resolved (no `published`).
//! - Month names only count when capitalised ("march", "may" are verbs), and then only
//!   with a day, a year, or a word such as "in", "since", "early", "last" before them.
//!   Weekday and other words are case-insensitive; "Mondays" is no match.
//! - A bare four-digit year (1900-2100) needs a preposition ("in", "since", "of",
//!   "during", "until", "till", "by", "from", "through", or "early", "late", "mid-")
//!   and nothing numeric right after it ("2019-20", "2009,000").
//! - "on the 3rd" is that day of the published month (of the month before, when the
//!   published month has no such day).

use std::cell::RefCell;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use chrono::{Datelike, Days, Months, NaiveDate};
use entente_model::{DatePrecision, EventDate, Span};

/// A date expression found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMatch {
    /// Byte range in the given text (absolute offsets into `text`).
    pub span: Span,
    /// The resolved date (`None` when it cannot be resolved), its precision, and the
    /// expression as written ("on Monday", "Aug. 31", "a day earlier").
    pub date: EventDate,
    /// The expression is relative to another event ("a day earlier", "the next day",
    /// "two days later") and was resolved against the anchor.
    pub relative_to_event: bool,
}

/// Finds date expressions inside `text[range]`, sorted by span and non-overlapping (the
/// longest expression wins).
///
/// Expressions resolve against `published` (the article's publication date); those
/// relative to another event ("a day earlier") resolve against `anchor` (the date of the
/// event last mentioned), falling back to `published`. A `range` out of bounds or off
/// char boundaries gives nothing.
pub fn find_dates(
    text: &str,
    range: Span,
    published: Option<NaiveDate>,
    anchor: Option<NaiveDate>,
) -> Vec<DateMatch> {
    let Some(searched) = text.get(range.start..range.end) else {
        return Vec::new();
    };
    if !may_hold_date(searched) {
        return Vec::new();
    }
    thread_local! {
        /// Token buffer reused across calls, so a call allocates only its results.
        static TOKENS: RefCell<Vec<Tok>> = const { RefCell::new(Vec::new()) };
    }
    TOKENS.with(|cell| match cell.try_borrow_mut() {
        Ok(mut tokens) => {
            tokens.clear();
            let found = scan_range(text, range, published, anchor, &mut tokens);
            if tokens.capacity() > 1 << 16 {
                *tokens = Vec::new();
            }
            found
        }
        Err(_) => scan_range(text, range, published, anchor, &mut Vec::new()),
    })
}

/// Cheap test before tokenizing: every pattern needs a digit, a capitalised month name,
/// or one of a few words ("day", "week", "night", ...); most sentences have none.
fn may_hold_date(searched: &str) -> bool {
    static KEYS: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
        const WORDS: [&str; 12] = [
            "day",
            "night",
            "morning",
            "evening",
            "afternoon",
            "tomorrow",
            "week",
            "month",
            "year",
            "hour",
            "minute",
            "moment",
        ];
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let mut keys: Vec<String> = Vec::with_capacity(3 * WORDS.len() + 2 * MONTHS.len());
        for word in WORDS {
            let mut capitalised = word.to_string();
            capitalised[..1].make_ascii_uppercase();
            keys.extend([word.to_string(), capitalised, word.to_ascii_uppercase()]);
        }
        for month in MONTHS {
            keys.extend([month.to_string(), month.to_ascii_uppercase()]);
        }
        AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .build(keys)
            .ok()
    });
    let has_digit = searched
        .bytes()
        .fold(false, |found, b| found | b.is_ascii_digit());
    has_digit || KEYS.as_ref().is_none_or(|keys| keys.is_match(searched))
}

fn scan_range(
    text: &str,
    range: Span,
    published: Option<NaiveDate>,
    anchor: Option<NaiveDate>,
    tokens: &mut Vec<Tok>,
) -> Vec<DateMatch> {
    tokenize(text, range.start, range.end, tokens);
    let scan = Scan {
        text,
        tokens,
        published,
        anchor: anchor.or(published),
    };
    let mut found = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if let Some(candidate) = scan.best_at(i) {
            found.push(scan.to_match(i, candidate));
            i = candidate.end;
        } else {
            i += 1;
        }
    }
    found
}

/// A wire dateline at the start of the article body: "BEIJING, Aug 3 (Reuters) -",
/// "ANKARA, March 4 (Wire) –", "BEIJING —", "KARACHI:", "Baku, May 28 (QNA) -",
/// "[Damascus]". Returns the place as written ("BEIJING"; the city alone in "Tashkent,
/// Uzbekistan (UzDaily.com) —") and the date when the dateline gives one.
///
/// The first six non-empty lines are tried (a caption or headline may come first). A
/// place in capitals needs only the dash or colon after it; a place in title case also
/// needs a date or an agency in parentheses.
pub fn dateline(text: &str, published: Option<NaiveDate>) -> Option<(Span, Option<DateMatch>)> {
    const MAX_LINES: usize = 6;
    const MAX_START: usize = 2000;
    const LINE_PREFIX: usize = 200;
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut line_start = 0;
    let mut n_lines = 0;
    while line_start < bytes.len() && line_start < MAX_START && n_lines < MAX_LINES {
        let look_end = bytes.len().min(line_start + LINE_PREFIX);
        let line_end = bytes[line_start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |k| line_start + k);
        let mut cut = line_end.min(look_end);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let line = &text[line_start..cut];
        if !line.trim().is_empty() {
            n_lines += 1;
            // Every dateline ends in a dash or a colon, or closes a bracket: a line
            // without one is not tokenized.
            if !line.contains(['-', '—', '–', '―', ':', ']']) {
                line_start = line_end + 1;
                continue;
            }
            tokens.clear();
            tokenize(text, line_start, cut, &mut tokens);
            let scan = Scan {
                text,
                tokens: &tokens,
                published,
                anchor: published,
            };
            if let Some(found) = scan.dateline() {
                return Some(found);
            }
        }
        line_start = line_end + 1;
    }
    None
}

// ---------------------------------------------------------------------------------------
// Tokens

/// A word of the vocabulary the patterns know about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lex {
    Other,
    /// 0 = Monday.
    Weekday(u8),
    /// 1 = January (full names and abbreviations).
    Month(u8),
    /// "a", "an", "one" ... "ten".
    Count(u8),
    Few,
    Today,
    Tonight,
    Yesterday,
    Tomorrow,
    /// "morning", "afternoon", "evening".
    DayPart,
    Night,
    Day,
    Week,
    MonthWord,
    Year,
    /// "hour(s)", "minute(s)", "moments".
    Hours,
    Ago,
    Earlier,
    Later,
    Before,
    After,
    Previous,
    Following,
    Next,
    Last,
    This,
    That,
    Same,
    The,
    On,
    /// A preposition that may stand before a month or a year: "in", "of", "since",
    /// "during", "until", "till", "by", "from", "through".
    Prep,
    Early,
    Late,
    Mid,
    Will,
    /// "is", "are", "am".
    Be,
    To,
    For,
    /// "expected", "scheduled", "due", "set", "slated", "poised".
    Expected,
    /// "plan(s)", "planning", "intend(s)".
    Plan,
    Upcoming,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word(Lex),
    /// Digits only; `value` saturates at `u32::MAX`.
    Num {
        value: u32,
        digits: u8,
    },
    /// "3rd", "31st".
    Ordinal(u32),
    /// Letters mixed with digits ("G20", "01T10").
    Mixed,
    Punct(char),
}

#[derive(Debug, Clone, Copy)]
struct Tok {
    start: usize,
    end: usize,
    kind: Kind,
    /// The first character is an upper-case letter.
    cap: bool,
    /// Every letter is upper case (words only).
    caps: bool,
}

/// Byte classes of the tokenizer.
const SPACE: u8 = 1;
const LOWER: u8 = 2;
const UPPER: u8 = 4;
const DIGIT: u8 = 8;
/// A byte of a non-ASCII character.
const HIGH: u8 = 16;
const ALNUM: u8 = LOWER | UPPER | DIGIT;

/// The class of every byte; 0 is ASCII punctuation.
static CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => SPACE,
            b'a'..=b'z' => LOWER,
            b'A'..=b'Z' => UPPER,
            b'0'..=b'9' => DIGIT,
            0x80..=0xff => HIGH,
            _ => 0,
        };
        b += 1;
    }
    table
};

fn class(b: u8) -> u8 {
    CLASS[usize::from(b)]
}

/// The character at byte `i` of `text[..end]`, when `i` is on a char boundary.
fn char_at(text: &str, i: usize, end: usize) -> Option<char> {
    text.get(i..end).and_then(|s| s.chars().next())
}

/// Splits `text[start..end]` (char boundaries) into tokens: runs of letters and digits,
/// and single punctuation characters; whitespace is skipped.
fn tokenize(text: &str, start: usize, end: usize, out: &mut Vec<Tok>) {
    let bytes = text.as_bytes();
    let mut i = start;
    while i < end {
        let byte_class = class(bytes[i]);
        if byte_class & SPACE != 0 {
            i += 1;
        } else if byte_class & ALNUM != 0 {
            i = word(text, i, end, out);
        } else if byte_class == 0 {
            out.push(Tok {
                start: i,
                end: i + 1,
                kind: Kind::Punct(char::from(bytes[i])),
                cap: false,
                caps: false,
            });
            i += 1;
        } else {
            let Some(c) = char_at(text, i, end) else {
                break;
            };
            // General punctuation (’ “ ” – — …) is common in news and never a letter.
            if !('\u{2000}'..='\u{206f}').contains(&c) && c.is_alphabetic() {
                i = word(text, i, end, out);
            } else {
                if !c.is_whitespace() {
                    out.push(Tok {
                        start: i,
                        end: i + c.len_utf8(),
                        kind: Kind::Punct(c),
                        cap: false,
                        caps: false,
                    });
                }
                i += c.len_utf8();
            }
        }
    }
}

/// Reads one run of letters and digits at `start`, pushes its token, returns its end.
fn word(text: &str, start: usize, end: usize, out: &mut Vec<Tok>) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    let mut mask = 0u8;
    let mut cap = class(bytes[start]) == UPPER;
    while i < end {
        let byte_class = class(bytes[i]);
        if byte_class & ALNUM != 0 {
            mask |= byte_class;
            i += 1;
            continue;
        }
        if byte_class == HIGH
            && let Some(c) = char_at(text, i, end)
            && crate::text::is_alphabetic(c)
        {
            let case = if c.is_uppercase() {
                UPPER
            } else if c.is_lowercase() {
                LOWER
            } else {
                0
            };
            if i == start {
                cap = case == UPPER;
            }
            mask |= HIGH | case;
            i += c.len_utf8();
            continue;
        }
        break;
    }
    let word = &bytes[start..i];
    let kind = if mask == DIGIT {
        let value = word.iter().fold(0u32, |v, &d| {
            v.saturating_mul(10).saturating_add(u32::from(d - b'0'))
        });
        Kind::Num {
            value,
            digits: u8::try_from(word.len()).unwrap_or(u8::MAX),
        }
    } else if mask & DIGIT != 0 {
        ordinal(word).map_or(Kind::Mixed, Kind::Ordinal)
    } else if mask & HIGH != 0 {
        Kind::Word(Lex::Other)
    } else {
        Kind::Word(classify(word))
    };
    out.push(Tok {
        start,
        end: i,
        kind,
        cap,
        caps: mask & LOWER == 0 && mask & UPPER != 0,
    });
    i
}

/// "3rd", "31st", "22ND": one or two digits and an ordinal suffix.
fn ordinal(word: &[u8]) -> Option<u32> {
    let (digits, suffix) = match word {
        [d, s @ ..] if d.is_ascii_digit() && !s.first()?.is_ascii_digit() => (&word[..1], s),
        [d, e, s @ ..] if d.is_ascii_digit() && e.is_ascii_digit() => (&word[..2], s),
        _ => return None,
    };
    if word.len() != digits.len() + 2 {
        return None;
    }
    let suffix = [suffix[0] | 0x20, suffix[1] | 0x20];
    if !matches!(&suffix, b"st" | b"nd" | b"rd" | b"th") {
        return None;
    }
    Some(digits.iter().fold(0, |v, &d| v * 10 + u32::from(d - b'0')))
}

/// The lower-case letters of an ASCII word (its first eight), packed little-endian.
const fn pack(word: &[u8]) -> u64 {
    let mut key = 0u64;
    let mut k = 0;
    while k < word.len() && k < 8 {
        key |= ((word[k] | 0x20) as u64) << (8 * k);
        k += 1;
    }
    key
}

/// A bitmap of hashed vocabulary keys: most words are rejected with one multiply and
/// one well-predicted branch before the `match` of [`lookup`].
struct Filter([u64; 16]);

impl Filter {
    const fn bit(packed: u64) -> usize {
        (packed.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 54) as usize
    }

    const fn new(keys: &[u64]) -> Filter {
        let mut bits = [0u64; 16];
        let mut k = 0;
        while k < keys.len() {
            let bit = Filter::bit(keys[k]);
            bits[bit >> 6] |= 1 << (bit & 63);
            k += 1;
        }
        Filter(bits)
    }

    fn may_hold(&self, packed: u64) -> bool {
        let bit = Filter::bit(packed);
        self.0[bit >> 6] & (1 << (bit & 63)) != 0
    }
}

static FILTER: Filter = Filter::new(key::ALL);

/// Declares the vocabulary: one `NAME b"word" => lex` line per word of up to eight
/// letters, looked up by its packed key.
macro_rules! vocabulary {
    ($($name:ident $word:literal => $lex:expr,)*) => {
        mod key {
            $(pub(super) const $name: u64 = super::pack($word);)*
            pub(super) const ALL: &[u64] = &[$($name,)*];
        }
        fn lookup(packed: u64) -> Lex {
            if !FILTER.may_hold(packed) {
                return Lex::Other;
            }
            match packed {
                $(key::$name => $lex,)*
                _ => Lex::Other,
            }
        }
    };
}

vocabulary! {
    A b"a" => Lex::Count(1),
    AN b"an" => Lex::Count(1),
    AGO b"ago" => Lex::Ago,
    AFTER b"after" => Lex::After,
    ARE b"are" => Lex::Be,
    AM b"am" => Lex::Be,
    APR b"apr" => Lex::Month(4),
    APRIL b"april" => Lex::Month(4),
    AUG b"aug" => Lex::Month(8),
    AUGUST b"august" => Lex::Month(8),
    BEFORE b"before" => Lex::Before,
    BY b"by" => Lex::Prep,
    DAY b"day" => Lex::Day,
    DAYS b"days" => Lex::Day,
    DURING b"during" => Lex::Prep,
    DUE b"due" => Lex::Expected,
    DEC b"dec" => Lex::Month(12),
    DECEMBER b"december" => Lex::Month(12),
    EARLIER b"earlier" => Lex::Earlier,
    EARLY b"early" => Lex::Early,
    EVENING b"evening" => Lex::DayPart,
    EXPECTED b"expected" => Lex::Expected,
    EIGHT b"eight" => Lex::Count(8),
    FRIDAY b"friday" => Lex::Weekday(4),
    FEW b"few" => Lex::Few,
    FOR b"for" => Lex::For,
    FROM b"from" => Lex::Prep,
    FOUR b"four" => Lex::Count(4),
    FIVE b"five" => Lex::Count(5),
    FEB b"feb" => Lex::Month(2),
    FEBRUARY b"february" => Lex::Month(2),
    HOUR b"hour" => Lex::Hours,
    HOURS b"hours" => Lex::Hours,
    IN b"in" => Lex::Prep,
    IS b"is" => Lex::Be,
    INTEND b"intend" => Lex::Plan,
    INTENDS b"intends" => Lex::Plan,
    JAN b"jan" => Lex::Month(1),
    JANUARY b"january" => Lex::Month(1),
    JUN b"jun" => Lex::Month(6),
    JUNE b"june" => Lex::Month(6),
    JUL b"jul" => Lex::Month(7),
    JULY b"july" => Lex::Month(7),
    LAST b"last" => Lex::Last,
    LATER b"later" => Lex::Later,
    LATE b"late" => Lex::Late,
    LL b"ll" => Lex::Will,
    MONDAY b"monday" => Lex::Weekday(0),
    MORNING b"morning" => Lex::DayPart,
    MONTH b"month" => Lex::MonthWord,
    MONTHS b"months" => Lex::MonthWord,
    MINUTE b"minute" => Lex::Hours,
    MINUTES b"minutes" => Lex::Hours,
    MOMENTS b"moments" => Lex::Hours,
    MID b"mid" => Lex::Mid,
    MAR b"mar" => Lex::Month(3),
    MARCH b"march" => Lex::Month(3),
    MAY b"may" => Lex::Month(5),
    NEXT b"next" => Lex::Next,
    NIGHT b"night" => Lex::Night,
    NINE b"nine" => Lex::Count(9),
    NOV b"nov" => Lex::Month(11),
    NOVEMBER b"november" => Lex::Month(11),
    ON b"on" => Lex::On,
    OF b"of" => Lex::Prep,
    ONE b"one" => Lex::Count(1),
    OCT b"oct" => Lex::Month(10),
    OCTOBER b"october" => Lex::Month(10),
    PREVIOUS b"previous" => Lex::Previous,
    PLAN b"plan" => Lex::Plan,
    PLANS b"plans" => Lex::Plan,
    PLANNING b"planning" => Lex::Plan,
    POISED b"poised" => Lex::Expected,
    SATURDAY b"saturday" => Lex::Weekday(5),
    SUNDAY b"sunday" => Lex::Weekday(6),
    SINCE b"since" => Lex::Prep,
    SAME b"same" => Lex::Same,
    SEVERAL b"several" => Lex::Few,
    SHALL b"shall" => Lex::Will,
    SET b"set" => Lex::Expected,
    SLATED b"slated" => Lex::Expected,
    SIX b"six" => Lex::Count(6),
    SEVEN b"seven" => Lex::Count(7),
    SEP b"sep" => Lex::Month(9),
    SEPT b"sept" => Lex::Month(9),
    THE b"the" => Lex::The,
    TO b"to" => Lex::To,
    THIS b"this" => Lex::This,
    THAT b"that" => Lex::That,
    TUESDAY b"tuesday" => Lex::Weekday(1),
    THURSDAY b"thursday" => Lex::Weekday(3),
    TODAY b"today" => Lex::Today,
    TONIGHT b"tonight" => Lex::Tonight,
    TOMORROW b"tomorrow" => Lex::Tomorrow,
    THROUGH b"through" => Lex::Prep,
    TILL b"till" => Lex::Prep,
    TWO b"two" => Lex::Count(2),
    THREE b"three" => Lex::Count(3),
    TEN b"ten" => Lex::Count(10),
    UNTIL b"until" => Lex::Prep,
    UPCOMING b"upcoming" => Lex::Upcoming,
    WEEK b"week" => Lex::Week,
    WEEKS b"weeks" => Lex::Week,
    WILL b"will" => Lex::Will,
    YEAR b"year" => Lex::Year,
    YEARS b"years" => Lex::Year,
}

/// Classifies an ASCII word, case-insensitively.
fn classify(word: &[u8]) -> Lex {
    match word.len() {
        1..=8 => lookup(pack(word)),
        9 => {
            const LONG: [(&[u8], Lex); 6] = [
                (b"afternoon", Lex::DayPart),
                (b"following", Lex::Following),
                (b"scheduled", Lex::Expected),
                (b"september", Lex::Month(9)),
                (b"wednesday", Lex::Weekday(2)),
                (b"yesterday", Lex::Yesterday),
            ];
            LONG.iter()
                .find(|(w, _)| w.eq_ignore_ascii_case(word))
                .map_or(Lex::Other, |&(_, lex)| lex)
        }
        _ => Lex::Other,
    }
}

// ---------------------------------------------------------------------------------------
// Patterns

/// A pattern matched at some token: it ends before token `end`.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    end: usize,
    date: Option<NaiveDate>,
    precision: DatePrecision,
    relative: bool,
}

impl Candidate {
    fn day(end: usize, date: Option<NaiveDate>) -> Candidate {
        Candidate {
            end,
            date,
            precision: DatePrecision::Day,
            relative: false,
        }
    }
}

/// A calendar date as the text gives it.
#[derive(Debug, Clone, Copy)]
struct Written {
    year: Option<i32>,
    month: u32,
    day: u32,
}

/// How a weekday is qualified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Which {
    Plain,
    Last,
    Next,
}

/// How far back (in tokens) the future markers of a weekday are looked for.
const MAX_LOOKBACK: usize = 80;

/// More than this many days after `published` means the year before.
const FUTURE_WINDOW_DAYS: i64 = 183;

struct Scan<'a> {
    text: &'a str,
    tokens: &'a [Tok],
    published: Option<NaiveDate>,
    anchor: Option<NaiveDate>,
}

impl Scan<'_> {
    fn lex(&self, i: usize) -> Lex {
        match self.tokens.get(i).map(|t| t.kind) {
            Some(Kind::Word(lex)) => lex,
            _ => Lex::Other,
        }
    }

    fn is(&self, i: usize, lex: Lex) -> bool {
        matches!(self.tokens.get(i).map(|t| t.kind), Some(Kind::Word(l)) if l == lex)
    }

    fn punct(&self, i: usize) -> Option<char> {
        match self.tokens.get(i).map(|t| t.kind) {
            Some(Kind::Punct(c)) => Some(c),
            _ => None,
        }
    }

    fn is_punct(&self, i: usize, c: char) -> bool {
        self.punct(i) == Some(c)
    }

    fn is_dash(&self, i: usize) -> bool {
        matches!(self.punct(i), Some('-' | '–' | '—'))
    }

    /// Token `i` touches the token before it (no whitespace between).
    fn glued(&self, i: usize) -> bool {
        i > 0 && i < self.tokens.len() && self.tokens[i - 1].end == self.tokens[i].start
    }

    /// A capitalised month name at `i`.
    fn month(&self, i: usize) -> Option<u32> {
        let tok = self.tokens.get(i)?;
        match tok.kind {
            Kind::Word(Lex::Month(m)) if tok.cap => Some(u32::from(m)),
            _ => None,
        }
    }

    fn weekday(&self, i: usize) -> Option<u8> {
        match self.lex(i) {
            Lex::Weekday(w) => Some(w),
            _ => None,
        }
    }

    /// A number of days (or hours, weeks ...) at `i`: "a", "two", "3".
    fn count(&self, i: usize) -> Option<u32> {
        match self.tokens.get(i)?.kind {
            Kind::Word(Lex::Count(n)) => Some(u32::from(n)),
            Kind::Num { value, digits } if digits <= 2 && value > 0 => Some(value),
            _ => None,
        }
    }

    /// Something numeric glued after token `i` ("2,000", "2019-20", "5.5", "20%").
    fn numeric_after(&self, i: usize) -> bool {
        let next = i + 1;
        if !self.glued(next) {
            return false;
        }
        match self.punct(next) {
            Some('%') => true,
            Some(',' | '.' | ':' | '/' | '-' | '–') => {
                self.glued(next + 1)
                    && matches!(
                        self.tokens.get(next + 1).map(|t| t.kind),
                        Some(Kind::Num { .. })
                    )
            }
            _ => false,
        }
    }

    /// A day of the month at `i` (1-31, a number of at most two digits or an ordinal),
    /// that is not part of a larger number.
    fn day_number(&self, i: usize) -> Option<u32> {
        let tok = self.tokens.get(i)?;
        let day = match tok.kind {
            Kind::Num { value, digits } if digits <= 2 => value,
            Kind::Ordinal(value) => value,
            _ => return None,
        };
        if !(1..=31).contains(&day) || self.numeric_after_day(i) {
            return None;
        }
        Some(day)
    }

    /// Like [`Scan::numeric_after`], but a dash ("11-12", a range) and ", 2025" (a year
    /// after a comma) are fine.
    fn numeric_after_day(&self, i: usize) -> bool {
        if !self.numeric_after(i) || matches!(self.punct(i + 1), Some('-' | '–')) {
            return false;
        }
        // "Aug. 31,2025": a glued comma before a four-digit year is still a year.
        !(self.is_punct(i + 1, ',') && self.year_number(i + 2).is_some())
    }

    /// A four-digit year 1900-2100 at `i`, with nothing numeric glued after it.
    fn year_number(&self, i: usize) -> Option<i32> {
        match self.tokens.get(i)?.kind {
            Kind::Num { value, digits: 4 } if (1900..=2100).contains(&value) => {
                if self.numeric_after(i) {
                    None
                } else {
                    i32::try_from(value).ok()
                }
            }
            _ => None,
        }
    }

    /// The longest pattern starting at token `i` (the first one tried on a tie). Only
    /// the patterns that can start with that token are tried.
    fn best_at(&self, i: usize) -> Option<Candidate> {
        const DEICTIC: u8 = 1;
        const RELATIVE: u8 = 2;
        const WEEKDAY: u8 = 4;
        const EXPLICIT: u8 = 8;
        const MONTH: u8 = 16;
        const YEAR: u8 = 32;
        const PERIOD: u8 = 64;
        let patterns = match self.tokens[i].kind {
            Kind::Num { .. } => RELATIVE | EXPLICIT | PERIOD,
            Kind::Ordinal(_) => EXPLICIT,
            Kind::Word(lex) => match lex {
                Lex::Weekday(_) => WEEKDAY,
                Lex::Month(_) => EXPLICIT | MONTH,
                Lex::The => DEICTIC | RELATIVE | EXPLICIT,
                Lex::On => RELATIVE | WEEKDAY | EXPLICIT,
                Lex::Prep | Lex::Mid => MONTH | YEAR,
                Lex::Count(_) => RELATIVE | PERIOD,
                Lex::Few | Lex::Hours | Lex::That => RELATIVE,
                Lex::Earlier | Lex::Later => DEICTIC | RELATIVE | PERIOD,
                Lex::Early | Lex::Late => WEEKDAY | MONTH | YEAR | PERIOD,
                Lex::Last | Lex::Next | Lex::This => DEICTIC | WEEKDAY | MONTH | PERIOD,
                Lex::Today | Lex::Tonight | Lex::Yesterday | Lex::Tomorrow => DEICTIC,
                _ => 0,
            },
            Kind::Mixed | Kind::Punct(_) => 0,
        };
        if patterns == 0 {
            return None;
        }
        let mut best: Option<Candidate> = None;
        let mut consider = |candidate: Option<Candidate>| {
            if let Some(candidate) = candidate
                && best.is_none_or(|b| candidate.end > b.end)
            {
                best = Some(candidate);
            }
        };
        if patterns & DEICTIC != 0 {
            consider(self.deictic(i));
        }
        if patterns & RELATIVE != 0 {
            consider(self.relative(i));
        }
        if patterns & WEEKDAY != 0 {
            consider(self.weekday_expr(i));
        }
        if patterns & EXPLICIT != 0 {
            consider(self.explicit_expr(i));
        }
        if patterns & MONTH != 0 {
            consider(self.month_period(i));
        }
        if patterns & YEAR != 0 {
            consider(self.year_expr(i));
        }
        if patterns & PERIOD != 0 {
            consider(self.period(i));
        }
        best
    }

    fn span(&self, first: usize, end: usize) -> Span {
        Span::new(self.tokens[first].start, self.tokens[end - 1].end)
    }

    fn to_match(&self, first: usize, candidate: Candidate) -> DateMatch {
        let span = self.span(first, candidate.end);
        DateMatch {
            span,
            date: EventDate {
                date: candidate.date,
                precision: candidate.precision,
                text: span.slice(self.text).to_string(),
            },
            relative_to_event: candidate.relative,
        }
    }

    /// Relative to the publication date: "today", "yesterday", "tomorrow morning",
    /// "this morning", "tonight", "last night", "the day before yesterday".
    fn deictic(&self, i: usize) -> Option<Candidate> {
        let shift = |end: usize, days: i64| {
            Candidate::day(end, self.published.and_then(|p| add_days(p, days)))
        };
        match self.lex(i) {
            Lex::The if self.is(i + 1, Lex::Day) => {
                let days = match (self.lex(i + 2), self.lex(i + 3)) {
                    (Lex::Before, Lex::Yesterday) => -2,
                    (Lex::After, Lex::Tomorrow) => 2,
                    _ => return None,
                };
                Some(shift(i + 4, days))
            }
            Lex::Earlier | Lex::Later if self.is(i + 1, Lex::Today) => Some(shift(i + 2, 0)),
            Lex::Today | Lex::Tonight => Some(shift(i + 1, 0)),
            Lex::This if matches!(self.lex(i + 1), Lex::DayPart) => Some(shift(i + 2, 0)),
            Lex::Last if self.is(i + 1, Lex::Night) => Some(shift(i + 2, -1)),
            Lex::Yesterday | Lex::Tomorrow => {
                let days = if self.is(i, Lex::Yesterday) { -1 } else { 1 };
                let end = if matches!(self.lex(i + 1), Lex::DayPart | Lex::Night) {
                    i + 2
                } else {
                    i + 1
                };
                Some(shift(end, days))
            }
            _ => None,
        }
    }

    /// Relative to the anchor event: "a day earlier", "two days later", "the day before",
    /// "the previous day", "the next day", "the following morning", "the same day",
    /// "later that day", "earlier in the day", "hours later", "the following week".
    fn relative(&self, i: usize) -> Option<Candidate> {
        let relative = |end: usize, days: i64| Candidate {
            end,
            date: self.anchor.and_then(|a| add_days(a, days)),
            precision: DatePrecision::Day,
            relative: true,
        };
        // "two days later", "a week earlier", "3 days after"
        if let Some(n) = self.count(i)
            && (self.is(i + 1, Lex::Day) || self.is(i + 1, Lex::Week))
        {
            let unit = if self.is(i + 1, Lex::Week) { 7 } else { 1 };
            let days = i64::from(n) * unit;
            return match self.lex(i + 2) {
                Lex::Earlier | Lex::Before => Some(relative(i + 3, -days)),
                Lex::Later | Lex::After => Some(relative(i + 3, days)),
                _ => None,
            };
        }
        // "hours later", "a few hours later", "two hours earlier", "minutes later"
        let mut j = i;
        if self.count(j).is_some() {
            j += 1;
        }
        if self.is(j, Lex::Few) {
            j += 1;
        }
        if self.is(j, Lex::Hours) && matches!(self.lex(j + 1), Lex::Later | Lex::Earlier) {
            return Some(relative(j + 2, 0));
        }
        // "earlier in the day", "later that day"
        if matches!(self.lex(i), Lex::Earlier | Lex::Later) {
            if self.is(i + 1, Lex::Prep)
                && self.is(i + 2, Lex::The)
                && self.is(i + 3, Lex::Day)
                && self.text_of(i + 1).eq_ignore_ascii_case("in")
            {
                return Some(relative(i + 4, 0));
            }
            if self.is(i + 1, Lex::That) && self.is(i + 2, Lex::Day) {
                return Some(relative(i + 3, 0));
            }
            return None;
        }
        // "[on] the day before", "[on] the previous day", "that same day", ...
        let j = if self.is(i, Lex::On) { i + 1 } else { i };
        let day_like = |k: usize| matches!(self.lex(k), Lex::Day | Lex::DayPart | Lex::Night);
        match self.lex(j) {
            Lex::The => match self.lex(j + 1) {
                Lex::Day | Lex::DayPart | Lex::Night => match self.lex(j + 2) {
                    Lex::Before => Some(relative(j + 3, -1)),
                    Lex::After if self.is(j + 1, Lex::Day) => Some(relative(j + 3, 1)),
                    _ => None,
                },
                Lex::Previous if day_like(j + 2) => Some(relative(j + 3, -1)),
                Lex::Next | Lex::Following if day_like(j + 2) => Some(relative(j + 3, 1)),
                Lex::Same if day_like(j + 2) => Some(relative(j + 3, 0)),
                Lex::Previous | Lex::Following if self.is(j + 2, Lex::Week) => {
                    let days = if self.is(j + 1, Lex::Previous) { -7 } else { 7 };
                    Some(Candidate {
                        end: j + 3,
                        date: self.anchor.and_then(|a| add_days(a, days)).map(monday_of),
                        precision: DatePrecision::Week,
                        relative: true,
                    })
                }
                _ => None,
            },
            Lex::That if self.is(j + 1, Lex::Same) && day_like(j + 2) => Some(relative(j + 3, 0)),
            Lex::That if j > i && self.is(j + 1, Lex::Day) => Some(relative(j + 2, 0)),
            _ => None,
        }
    }

    fn text_of(&self, i: usize) -> &str {
        self.tokens
            .get(i)
            .and_then(|t| self.text.get(t.start..t.end))
            .unwrap_or("")
    }

    /// "on Monday", "Monday", "last Monday", "next Friday", "on Sunday evening",
    /// "early Friday", "Monday, Aug. 31", "on Monday (Aug. 31)".
    fn weekday_expr(&self, i: usize) -> Option<Candidate> {
        let mut j = i;
        let mut which = Which::Plain;
        match self.lex(j) {
            Lex::On => j += 1,
            Lex::Last => {
                which = Which::Last;
                j += 1;
            }
            Lex::Next => {
                which = Which::Next;
                j += 1;
            }
            Lex::This => j += 1,
            Lex::Early | Lex::Late => {
                j += 1;
                if self.is(j, Lex::On) {
                    j += 1;
                }
            }
            _ => {}
        }
        let weekday = self.weekday(j)?;
        let mut end = j + 1;
        if matches!(self.lex(end), Lex::DayPart | Lex::Night) {
            end += 1;
        }
        let from_weekday = self.published.map(|p| match which {
            Which::Last => weekday_on_or_before(p.pred_opt().unwrap_or(p), weekday),
            Which::Next => weekday_on_or_after(p.succ_opt().unwrap_or(p), weekday),
            Which::Plain if self.future_before(i) => weekday_on_or_after(p, weekday),
            Which::Plain => weekday_on_or_before(p, weekday),
        });
        // An explicit date beside it: "(Aug. 31)", ", Aug. 31", " 31 August".
        let beside = if self.is_punct(end, '(') {
            self.explicit_core(end + 1)
                .filter(|&(k, _)| self.is_punct(k, ')'))
                .map(|(k, written)| (k + 1, written))
        } else if self.is_punct(end, ',') {
            self.explicit_core(end + 1)
        } else {
            self.explicit_core(end)
        };
        let Some((explicit_end, written)) = beside else {
            return Some(Candidate::day(end, from_weekday));
        };
        let explicit = self.resolve_written(written);
        let date = match explicit {
            Some(d) if weekday_index(d) == weekday => Some(d),
            _ => from_weekday.or(explicit),
        };
        Some(Candidate::day(explicit_end, date))
    }

    /// The words before token `i` in its sentence make what follows future.
    fn future_before(&self, i: usize) -> bool {
        let start = self.sentence_start(i);
        (start..i).any(|k| match self.lex(k) {
            Lex::Will | Lex::Upcoming => true,
            Lex::Next => !self.is(k + 1, Lex::To),
            Lex::Be => {
                self.is(k + 1, Lex::To)
                    || (self.is(k + 1, Lex::Expected)
                        && matches!(self.lex(k + 2), Lex::To | Lex::For))
            }
            Lex::Plan => self.is(k + 1, Lex::To),
            _ => false,
        })
    }

    /// Index of the first token of the sentence holding token `i`.
    /// Looks back at most [`MAX_LOOKBACK`] tokens, so a text without full stops stays
    /// linear.
    fn sentence_start(&self, i: usize) -> usize {
        let mut k = i.min(self.tokens.len());
        let floor = k.saturating_sub(MAX_LOOKBACK);
        while k > floor {
            if let Some(c) = self.punct(k - 1)
                && self.ends_sentence(k - 1, c)
            {
                return k;
            }
            if k < self.tokens.len() {
                let gap = self
                    .text
                    .get(self.tokens[k - 1].end..self.tokens[k].start)
                    .unwrap_or("");
                if gap.bytes().filter(|&b| b == b'\n').count() >= 2 {
                    return k;
                }
            }
            k -= 1;
        }
        floor
    }

    /// The punctuation `c` at token `j` ends a sentence.
    fn ends_sentence(&self, j: usize, c: char) -> bool {
        match c {
            '!' | '?' => true,
            '.' => {
                if matches!(
                    self.tokens.get(j + 1).map(|t| (t.kind, t.cap)),
                    Some((Kind::Word(_), false))
                ) {
                    return false;
                }
                match j.checked_sub(1).and_then(|p| self.tokens.get(p)) {
                    Some(prev) => match prev.kind {
                        Kind::Word(lex) => {
                            let word = self.text.get(prev.start..prev.end).unwrap_or("");
                            word.chars().count() > 1
                                && !matches!(lex, Lex::Month(_))
                                && !is_abbreviation(word)
                        }
                        _ => true,
                    },
                    None => false,
                }
            }
            _ => false,
        }
    }

    /// The core of an explicit date at `i`, without "on": "Aug. 31", "August 31, 2025",
    /// "31 August 2025", "1 September, 2025", "the 3rd of August", "September 1st",
    /// "April 11-12", "2025-09-01". Returns its end and the date as written; invalid
    /// dates ("Feb. 30") give `None`.
    fn explicit_core(&self, i: usize) -> Option<(usize, Written)> {
        let (end, written) = self
            .iso_date(i)
            .or_else(|| self.month_first(i))
            .or_else(|| self.day_first(i))?;
        let valid = match written.year {
            Some(year) => NaiveDate::from_ymd_opt(year, written.month, written.day).is_some(),
            // 2000 is a leap year: Feb. 29 exists in some year.
            None => NaiveDate::from_ymd_opt(2000, written.month, written.day).is_some(),
        };
        valid.then_some((end, written))
    }

    fn iso_date(&self, i: usize) -> Option<(usize, Written)> {
        let year = match self.tokens.get(i)?.kind {
            Kind::Num { value, digits: 4 } if (1900..=2100).contains(&value) => value,
            _ => return None,
        };
        let two_digits = |k: usize| match self.tokens.get(k).map(|t| t.kind) {
            Some(Kind::Num { value, digits: 2 }) if self.glued(k) => Some(value),
            _ => None,
        };
        if !(self.is_punct(i + 1, '-') && self.glued(i + 1) && self.is_punct(i + 3, '-')) {
            return None;
        }
        let month = two_digits(i + 2)?;
        let day = two_digits(i + 4)?;
        if !self.glued(i + 3) || self.numeric_after(i + 4) {
            return None;
        }
        let written = Written {
            year: i32::try_from(year).ok(),
            month,
            day,
        };
        Some((i + 5, written))
    }

    /// An optional year after a month or a day: "2025", ", 2025".
    fn year_after(&self, k: usize) -> (usize, Option<i32>) {
        if let Some(year) = self.year_number(k) {
            return (k + 1, Some(year));
        }
        if self.is_punct(k, ',')
            && let Some(year) = self.year_number(k + 1)
        {
            return (k + 2, Some(year));
        }
        (k, None)
    }

    /// An optional second day of a range after the first: "-12" in "April 11-12".
    fn range_end(&self, k: usize, first: u32) -> usize {
        if matches!(self.punct(k), Some('-' | '–'))
            && let Some(Kind::Num { value, digits }) = self.tokens.get(k + 1).map(|t| t.kind)
            && digits <= 2
            && value > first
            && value <= 31
            && !self.numeric_after(k + 1)
        {
            return k + 2;
        }
        k
    }

    fn month_first(&self, i: usize) -> Option<(usize, Written)> {
        let month = self.month(i)?;
        let mut k = i + 1;
        if self.is_punct(k, '.') && self.glued(k) {
            k += 1;
        }
        let day = self.day_number(k)?;
        k = self.range_end(k + 1, day);
        let (k, year) = self.year_after(k);
        Some((k, Written { year, month, day }))
    }

    fn day_first(&self, i: usize) -> Option<(usize, Written)> {
        let mut k = i;
        if self.is(k, Lex::The) && matches!(self.tokens.get(k + 1)?.kind, Kind::Ordinal(_)) {
            k += 1;
        }
        let ordinal = matches!(self.tokens.get(k)?.kind, Kind::Ordinal(_));
        if self.glued(k)
            && matches!(
                self.punct(k - 1),
                Some(',' | '.' | ':' | '/' | '$' | '€' | '£' | '-')
            )
        {
            return None;
        }
        let day = self.day_number(k)?;
        k = self.range_end(k + 1, day);
        if ordinal && self.is(k, Lex::Prep) && self.text_of(k).eq_ignore_ascii_case("of") {
            k += 1;
        }
        let month = self.month(k)?;
        k += 1;
        let dot = self.is_punct(k, '.') && self.glued(k);
        let (after, year) = self.year_after(if dot { k + 1 } else { k });
        if year.is_some() {
            k = after;
        }
        Some((k, Written { year, month, day }))
    }

    /// "[on] Aug. 31", "on the 3rd", "the 3rd of August".
    fn explicit_expr(&self, i: usize) -> Option<Candidate> {
        let j = if self.is(i, Lex::On) { i + 1 } else { i };
        if let Some((end, written)) = self.explicit_core(j) {
            return Some(Candidate::day(end, self.resolve_written(written)));
        }
        // "on the 3rd": a day of the published month.
        if j > i
            && self.is(j, Lex::The)
            && let Some(Kind::Ordinal(day)) = self.tokens.get(j + 1).map(|t| t.kind)
            && (1..=31).contains(&day)
            && !matches!(self.tokens.get(j + 2).map(|t| t.kind), Some(Kind::Word(_)))
        {
            let date = self.published.and_then(|p| {
                NaiveDate::from_ymd_opt(p.year(), p.month(), day).or_else(|| {
                    let previous = first_of_month(p).checked_sub_months(Months::new(1))?;
                    NaiveDate::from_ymd_opt(previous.year(), previous.month(), day)
                })
            });
            return Some(Candidate::day(j + 2, date));
        }
        None
    }

    /// A month: "in May", "in early May", "mid-May", "since March", "May 2024",
    /// "in May 2024", "last May".
    fn month_period(&self, i: usize) -> Option<Candidate> {
        let mut j = i;
        let mut context = true;
        let mut which = Which::Plain;
        match self.lex(j) {
            Lex::Last => {
                which = Which::Last;
                j += 1;
            }
            Lex::Next => {
                which = Which::Next;
                j += 1;
            }
            Lex::This => j += 1,
            Lex::Prep => {
                j += 1;
                j = self.skip_early_late(j);
            }
            Lex::Early | Lex::Late | Lex::Mid => j = self.skip_early_late(j),
            _ => context = false,
        }
        let month = self.month(j)?;
        if self.explicit_core(j).is_some() {
            return None;
        }
        let mut end = j + 1;
        let dot = self.is_punct(end, '.') && self.glued(end);
        let (after, year) = self.year_after(if dot { end + 1 } else { end });
        if year.is_some() {
            end = after;
        } else if !context {
            return None;
        }
        let date = match year {
            Some(year) => NaiveDate::from_ymd_opt(year, month, 1),
            None => self.published.and_then(|p| {
                let pm = p.month();
                let year = match which {
                    Which::Last if month < pm => p.year(),
                    Which::Last => p.year() - 1,
                    Which::Next if month > pm => p.year(),
                    Which::Next => p.year() + 1,
                    Which::Plain => {
                        let this_year = NaiveDate::from_ymd_opt(p.year(), month, 1)?;
                        if too_far_ahead(this_year, p) {
                            p.year() - 1
                        } else {
                            p.year()
                        }
                    }
                };
                NaiveDate::from_ymd_opt(year, month, 1)
            }),
        };
        Some(Candidate {
            end,
            date,
            precision: DatePrecision::Month,
            relative: false,
        })
    }

    /// Skips "early", "late", "mid", "mid-" at `j`.
    fn skip_early_late(&self, j: usize) -> usize {
        match self.lex(j) {
            Lex::Early | Lex::Late => j + 1,
            Lex::Mid if self.is_dash(j + 1) && self.glued(j + 1) => j + 2,
            Lex::Mid => j + 1,
            _ => j,
        }
    }

    /// A year: "in 2009", "in early 2009", "since 2015", "mid-2009".
    fn year_expr(&self, i: usize) -> Option<Candidate> {
        let j = match self.lex(i) {
            Lex::Prep => self.skip_early_late(i + 1),
            Lex::Early | Lex::Late | Lex::Mid => self.skip_early_late(i),
            _ => return None,
        };
        if j == i || self.glued(j) && !self.is_dash(j - 1) {
            return None;
        }
        let year = self.year_number(j)?;
        Some(Candidate {
            end: j + 1,
            date: NaiveDate::from_ymd_opt(year, 1, 1),
            precision: DatePrecision::Year,
            relative: false,
        })
    }

    /// "last week", "earlier this week", "this month", "early next month", "last year",
    /// "later this year", "two days ago", "a month ago".
    fn period(&self, i: usize) -> Option<Candidate> {
        // "two days ago", "a week ago"
        if let Some(n) = self.count(i)
            && self.is(i + 2, Lex::Ago)
        {
            let p = self.published;
            let (precision, date) = match self.lex(i + 1) {
                Lex::Day => (
                    DatePrecision::Day,
                    p.and_then(|p| add_days(p, -i64::from(n))),
                ),
                Lex::Week => (
                    DatePrecision::Week,
                    p.and_then(|p| add_days(p, -7 * i64::from(n)))
                        .map(monday_of),
                ),
                Lex::MonthWord => (
                    DatePrecision::Month,
                    p.and_then(|p| first_of_month(p).checked_sub_months(Months::new(n))),
                ),
                Lex::Year => (
                    DatePrecision::Year,
                    p.and_then(|p| {
                        NaiveDate::from_ymd_opt(p.year() - i32::try_from(n).ok()?, 1, 1)
                    }),
                ),
                _ => return None,
            };
            return Some(Candidate {
                end: i + 3,
                date,
                precision,
                relative: false,
            });
        }
        let j = if matches!(
            self.lex(i),
            Lex::Earlier | Lex::Later | Lex::Early | Lex::Late
        ) {
            i + 1
        } else {
            i
        };
        let step: i32 = match self.lex(j) {
            Lex::This => 0,
            Lex::Last => -1,
            Lex::Next => 1,
            _ => return None,
        };
        let (precision, date) = match self.lex(j + 1) {
            Lex::Week => (
                DatePrecision::Week,
                self.published
                    .and_then(|p| add_days(monday_of(p), 7 * i64::from(step))),
            ),
            Lex::MonthWord => (
                DatePrecision::Month,
                self.published.and_then(|p| {
                    let first = first_of_month(p);
                    match step {
                        0 => Some(first),
                        -1 => first.checked_sub_months(Months::new(1)),
                        _ => first.checked_add_months(Months::new(1)),
                    }
                }),
            ),
            Lex::Year => (
                DatePrecision::Year,
                self.published
                    .and_then(|p| NaiveDate::from_ymd_opt(p.year() + step, 1, 1)),
            ),
            _ => return None,
        };
        Some(Candidate {
            end: j + 2,
            date,
            precision,
            relative: false,
        })
    }

    /// The date a written date stands for: its own year, else the year rule.
    fn resolve_written(&self, written: Written) -> Option<NaiveDate> {
        if let Some(year) = written.year {
            return NaiveDate::from_ymd_opt(year, written.month, written.day);
        }
        let p = self.published?;
        let this_year = NaiveDate::from_ymd_opt(p.year(), written.month, written.day)?;
        if too_far_ahead(this_year, p) {
            NaiveDate::from_ymd_opt(p.year() - 1, written.month, written.day)
        } else {
            Some(this_year)
        }
    }

    /// A dateline at the start of this line's tokens.
    fn dateline(&self) -> Option<(Span, Option<DateMatch>)> {
        let n = self.tokens.len();
        // "[Damascus] ..."
        if self.is_punct(0, '[') {
            let close = (1..n.min(6)).find(|&k| self.is_punct(k, ']'))?;
            if close < 2 || !(1..close).all(|k| self.place_word(k).is_some()) {
                return None;
            }
            return Some((self.span(1, close), None));
        }
        // The place: up to four words, "ST. PETERSBURG" and "ABU DHABI" included.
        let mut k = 0;
        let mut caps = true;
        while k < n && k < 6 {
            match self.place_word(k) {
                Some(word_caps) => caps &= word_caps,
                None if k > 0
                    && matches!(self.punct(k), Some('.' | '\'' | '’'))
                    && self.glued(k) => {}
                None => break,
            }
            k += 1;
        }
        while k > 0 && self.place_word(k - 1).is_none() {
            k -= 1;
        }
        if k == 0 {
            return None;
        }
        let place = self.span(0, k);
        let place_text = place.slice(self.text);
        if caps && (place_text.len() < 2 || is_heading_word(place_text)) {
            return None;
        }
        let mut date = None;
        let mut agency = false;
        let mut region = false;
        loop {
            if self.is_punct(k, ',') {
                if date.is_none()
                    && let Some((end, written)) = self.explicit_core(k + 1)
                {
                    let candidate = Candidate::day(end, self.resolve_written(written));
                    date = Some(self.to_match(k + 1, candidate));
                    k = end;
                    continue;
                }
                if date.is_none()
                    && let Some(weekday) = self.weekday(k + 1)
                {
                    let resolved = self.published.map(|p| weekday_on_or_before(p, weekday));
                    date = Some(self.to_match(k + 1, Candidate::day(k + 2, resolved)));
                    k += 2;
                    continue;
                }
                if !region && date.is_none() && !agency {
                    let mut r = k + 1;
                    while r < n && r < k + 4 && self.place_word(r).is_some() {
                        r += 1;
                    }
                    if r > k + 1 {
                        region = true;
                        k = r;
                        continue;
                    }
                }
                return None;
            }
            if self.is_punct(k, '(') && !agency {
                let close = (k + 1..n.min(k + 12)).find(|&c| self.is_punct(c, ')'))?;
                agency = true;
                k = close + 1;
                continue;
            }
            break;
        }
        let separator = match self.punct(k) {
            Some('—' | '–' | '―') => true,
            Some('-') => !self.glued(k) || self.is_punct(k - 1, ')'),
            Some(':') => caps && date.is_none() && !agency && !region,
            _ => false,
        };
        if !separator || !(caps || date.is_some() || agency) {
            return None;
        }
        Some((place, date))
    }

    /// A word that can be part of a place name: letters only, capitalised. Returns
    /// whether it is all in capitals.
    fn place_word(&self, k: usize) -> Option<bool> {
        let tok = self.tokens.get(k)?;
        match tok.kind {
            Kind::Word(_) if tok.cap => Some(tok.caps),
            _ => None,
        }
    }
}

/// Words before a full stop that do not end a sentence.
fn is_abbreviation(word: &str) -> bool {
    const ABBREVIATIONS: &[&str] = &[
        "capt", "co", "col", "corp", "dept", "dr", "gen", "gov", "inc", "jr", "lt", "ltd", "maj",
        "mr", "mrs", "ms", "mt", "no", "prof", "rep", "rev", "sen", "sgt", "sr", "st", "vs",
    ];
    word.len() <= 5 && ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
}

/// Words in capitals that open a line without being a dateline's place.
fn is_heading_word(place: &str) -> bool {
    const HEADINGS: &[&str] = &[
        "ALSO",
        "ANALYSIS",
        "BREAKING",
        "EDITORIAL",
        "EXCLUSIVE",
        "FILE",
        "LIVE",
        "MORE",
        "NOTE",
        "OPINION",
        "PHOTO",
        "PHOTOS",
        "READ",
        "RELATED",
        "UPDATE",
        "UPDATED",
        "VIDEO",
        "WATCH",
    ];
    place
        .split(|c: char| !c.is_alphabetic())
        .any(|w| HEADINGS.contains(&w))
}

fn add_days(date: NaiveDate, days: i64) -> Option<NaiveDate> {
    if days >= 0 {
        date.checked_add_days(Days::new(days.unsigned_abs()))
    } else {
        date.checked_sub_days(Days::new(days.unsigned_abs()))
    }
}

/// 0 = Monday.
fn weekday_index(date: NaiveDate) -> u8 {
    // num_days_from_monday is 0..=6.
    date.weekday().num_days_from_monday() as u8
}

fn weekday_on_or_before(date: NaiveDate, weekday: u8) -> NaiveDate {
    let back = (weekday_index(date) + 7 - weekday) % 7;
    add_days(date, -i64::from(back)).unwrap_or(date)
}

fn weekday_on_or_after(date: NaiveDate, weekday: u8) -> NaiveDate {
    let ahead = (weekday + 7 - weekday_index(date)) % 7;
    add_days(date, i64::from(ahead)).unwrap_or(date)
}

fn monday_of(date: NaiveDate) -> NaiveDate {
    weekday_on_or_before(date, 0)
}

fn first_of_month(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

/// `date` (read with the published year) lies so far after `published` that the text
/// must mean the year before.
fn too_far_ahead(date: NaiveDate, published: NaiveDate) -> bool {
    add_days(published, FUTURE_WINDOW_DAYS).is_some_and(|limit| date > limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[track_caller]
    fn check(
        sentence: &str,
        published: Option<&str>,
        anchor: Option<&str>,
        expected: &[(&str, Option<&str>, &str)],
    ) {
        let found = find_dates(
            sentence,
            Span::new(0, sentence.len()),
            published.map(day),
            anchor.map(day),
        );
        for m in &found {
            assert_eq!(m.span.slice(sentence), m.date.text, "span and text differ");
        }
        let got: Vec<(String, Option<String>, &str)> = found
            .iter()
            .map(|m| {
                (
                    m.date.text.clone(),
                    m.date.date.map(|d| d.to_string()),
                    m.date.precision.as_str(),
                )
            })
            .collect();
        let want: Vec<(String, Option<String>, &str)> = expected
            .iter()
            .map(|&(text, date, precision)| (text.to_string(), date.map(str::to_string), precision))
            .collect();
        assert_eq!(got, want, "in {sentence:?}");
    }

    #[track_caller]
    fn check_relative(sentence: &str, expected: &[bool]) {
        let found = find_dates(
            sentence,
            Span::new(0, sentence.len()),
            Some(day("2025-09-01")),
            None,
        );
        let got: Vec<bool> = found.iter().map(|m| m.relative_to_event).collect();
        assert_eq!(got, expected, "in {sentence:?}");
    }

    // 2025-09-01 is a Monday.
    const MON: Option<&str> = Some("2025-09-01");

    #[rustfmt::skip]
    #[test]
    fn weekdays() {
        check("Erdogan met Cai Qi on Monday in Tianjin.", MON, None, &[("on Monday", Some("2025-09-01"), "day")]);
        check("Xi hosted a banquet on Sunday evening.", MON, None, &[("on Sunday evening", Some("2025-08-31"), "day")]);
        check("The envoy arrived Thursday.", MON, None, &[("Thursday", Some("2025-08-28"), "day")]);
        check("They last spoke last Monday.", MON, None, &[("last Monday", Some("2025-08-25"), "day")]);
        check("She said last Friday that talks were over.", MON, None, &[("last Friday", Some("2025-08-29"), "day")]);
        check("Talks resume next Monday.", MON, None, &[("next Monday", Some("2025-09-08"), "day")]);
        check("Airstrikes began early Friday.", MON, None, &[("early Friday", Some("2025-08-29"), "day")]);
        check("The ministers talked on TUESDAY night.", MON, None, &[("on TUESDAY night", Some("2025-08-26"), "day")]);
        check("Monday's talks ran late.", MON, None, &[("Monday", Some("2025-09-01"), "day")]);
        check("The market closes on Mondays.", MON, None, &[]);
        check("Cavusoglu endorsed the plan on Wednesday.", None, None, &[("on Wednesday", None, "day")]);
    }

    #[rustfmt::skip]
    #[test]
    fn future_weekdays() {
        check("Fidan will meet his Saudi counterpart on Friday.", MON, None, &[("on Friday", Some("2025-09-05"), "day")]);
        check("The summit is expected to open on Wednesday.", MON, None, &[("on Wednesday", Some("2025-09-03"), "day")]);
        check("The vote is scheduled for Thursday.", MON, None, &[("Thursday", Some("2025-09-04"), "day")]);
        check("Lavrov is to travel to Ankara on Sunday.", MON, None, &[("on Sunday", Some("2025-09-07"), "day")]);
        check("Delegations will be in Istanbul Monday.", MON, None, &[("Monday", Some("2025-09-01"), "day")]);
        check("He plans to visit Baku on Tuesday.", MON, None, &[("on Tuesday", Some("2025-09-02"), "day")]);
        check("The upcoming round opens Saturday.", MON, None, &[("Saturday", Some("2025-09-06"), "day")]);
        check("Shehbaz said he'll fly out Thursday.", MON, None, &[("Thursday", Some("2025-09-04"), "day")]);
        // The marker is in another sentence, or after the weekday.
        check("Talks will go on. Both sides met on Friday.", MON, None, &[("on Friday", Some("2025-08-29"), "day")]);
        check("On Friday he said Ankara will not yield.", MON, None, &[("On Friday", Some("2025-08-29"), "day")]);
        check("She sat next to Xi on Sunday.", MON, None, &[("on Sunday", Some("2025-08-31"), "day")]);
        check("Talks would proceed Thursday, he said.", MON, None, &[("Thursday", Some("2025-08-28"), "day")]);
        check("Ankara will, Mr. Fidan said, host talks on Friday.", MON, None, &[("on Friday", Some("2025-09-05"), "day")]);
    }

    #[rustfmt::skip]
    #[test]
    fn deictic() {
        check("Erdogan spoke to reporters today.", MON, None, &[("today", Some("2025-09-01"), "day")]);
        check("The statement came this morning.", MON, None, &[("this morning", Some("2025-09-01"), "day")]);
        check("He will address the nation tonight.", MON, None, &[("tonight", Some("2025-09-01"), "day")]);
        check("During yesterday’s meeting they agreed.", MON, None, &[("yesterday", Some("2025-08-31"), "day")]);
        check("They spoke yesterday afternoon.", MON, None, &[("yesterday afternoon", Some("2025-08-31"), "day")]);
        check("She flies to Doha tomorrow.", MON, None, &[("tomorrow", Some("2025-09-02"), "day")]);
        check("He landed the day before yesterday.", MON, None, &[("the day before yesterday", Some("2025-08-30"), "day")]);
        check("Talks are due the day after tomorrow.", MON, None, &[("the day after tomorrow", Some("2025-09-03"), "day")]);
        check("Earlier today, the PM laid a wreath.", MON, None, &[("Earlier today", Some("2025-09-01"), "day")]);
        check("Shots were heard last night.", MON, None, &[("last night", Some("2025-08-31"), "day")]);
        check("He arrived yesterday.", None, None, &[("yesterday", None, "day")]);
    }

    #[rustfmt::skip]
    #[test]
    fn explicit_dates() {
        check("The deal was signed Aug. 31.", MON, None, &[("Aug. 31", Some("2025-08-31"), "day")]);
        check("The deal was signed on Aug 31.", MON, None, &[("on Aug 31", Some("2025-08-31"), "day")]);
        check("It follows the Aug 13 announcement.", MON, None, &[("Aug 13", Some("2025-08-13"), "day")]);
        check("They met on August 31 in Tianjin.", MON, None, &[("on August 31", Some("2025-08-31"), "day")]);
        check("They met on 31 August in Tianjin.", MON, None, &[("on 31 August", Some("2025-08-31"), "day")]);
        check("Signed Aug. 31, 2024, the pact held.", MON, None, &[("Aug. 31, 2024", Some("2024-08-31"), "day")]);
        check("Signed on 31 August 2023 in Ankara.", MON, None, &[("on 31 August 2023", Some("2023-08-31"), "day")]);
        check("Signed on 1 September, 2024 in Baku.", MON, None, &[("on 1 September, 2024", Some("2024-09-01"), "day")]);
        check("The vote is set for Sept. 14.", MON, None, &[("Sept. 14", Some("2025-09-14"), "day")]);
        check("It was announced on Sept 11 last.", MON, None, &[("on Sept 11", Some("2025-09-11"), "day")]);
        check("Elections come on September 1st.", MON, None, &[("on September 1st", Some("2025-09-01"), "day")]);
        check("It was signed on the 3rd of August.", MON, None, &[("on the 3rd of August", Some("2025-08-03"), "day")]);
        check("It was signed the 3rd of August.", MON, None, &[("the 3rd of August", Some("2025-08-03"), "day")]);
        check("Parliament reconvenes on the 3rd.", MON, None, &[("on the 3rd", Some("2025-09-03"), "day")]);
        check("Ships left port on the 31st, officials said.", MON, None, &[("on the 31st", Some("2025-08-31"), "day")]);
        check("He lives on the 3rd floor.", MON, None, &[]);
        check("The summit closed on 2025-09-01 in Tianjin.", None, None, &[("on 2025-09-01", Some("2025-09-01"), "day")]);
        check("Fidan visited on April 11-12.", MON, None, &[("on April 11-12", Some("2025-04-11"), "day")]);
        check("Fidan visited on 11–12 April.", MON, None, &[("on 11–12 April", Some("2025-04-11"), "day")]);
        check("The NOV 3 election looms.", MON, None, &[("NOV 3", Some("2025-11-03"), "day")]);
        // The year before, when the published year would put it half a year ahead.
        check("They met on Dec. 28 in Moscow.", Some("2026-01-03"), None, &[("on Dec. 28", Some("2025-12-28"), "day")]);
        check("They will meet on Jan. 20.", Some("2026-01-03"), None, &[("on Jan. 20", Some("2026-01-20"), "day")]);
        // Invalid dates are no match; a leap day is fine with a leap year.
        check("A deal on Feb. 30 was rumoured.", MON, None, &[]);
        check("It was signed Feb. 29, 2024.", MON, None, &[("Feb. 29, 2024", Some("2024-02-29"), "day")]);
        check("It was signed Feb. 29, 2025.", MON, None, &[]);
        check("It was signed on 2025-02-30.", MON, None, &[]);
        // No published date: only full dates with their year resolve.
        check("Talks ended on June 2, 2025 in Istanbul.", None, None, &[("on June 2, 2025", Some("2025-06-02"), "day")]);
        check("Talks ended on June 2 in Istanbul.", None, None, &[("on June 2", None, "day")]);
        // Numbers that are not days.
        check("March 2,000 troops to the border.", MON, None, &[]);
        check("Turnout was June 5.5 percent.", MON, None, &[]);
    }

    #[rustfmt::skip]
    #[test]
    fn weekday_with_explicit_date() {
        check("US officials landed on Monday (Aug. 31) in Abu Dhabi.", Some("2020-08-31"), None, &[("on Monday (Aug. 31)", Some("2020-08-31"), "day")]);
        check("He spoke on Sunday (Aug. 31) in Tianjin.", MON, None, &[("on Sunday (Aug. 31)", Some("2025-08-31"), "day")]);
        check("It was Sunday, Aug. 31, in Tianjin.", MON, None, &[("Sunday, Aug. 31", Some("2025-08-31"), "day")]);
        check("MFA said on Friday night (Aug 29).", MON, None, &[("on Friday night (Aug 29)", Some("2025-08-29"), "day")]);
        check("They spoke by phone last Friday (Aug 29).", MON, None, &[("last Friday (Aug 29)", Some("2025-08-29"), "day")]);
        check("It opened Saturday 30 August 2025 in Tianjin.", MON, None, &[("Saturday 30 August 2025", Some("2025-08-30"), "day")]);
        // They disagree: the weekday wins (2025-08-31 is a Sunday).
        check("US officials landed on Monday (Aug. 31) in Abu Dhabi.", MON, None, &[("on Monday (Aug. 31)", Some("2025-09-01"), "day")]);
        check("Lee said on Tuesday (April 15).", Some("2020-04-14"), None, &[("on Tuesday (April 15)", Some("2020-04-14"), "day")]);
        check("Talks opened on Monday, Aug. 31, 2025.", Some("2025-09-03"), None, &[("on Monday, Aug. 31, 2025", Some("2025-09-01"), "day")]);
        // Without a published date the explicit date with its year stands.
        check("Talks opened on Monday, Aug. 31, 2025.", None, None, &[("on Monday, Aug. 31, 2025", Some("2025-08-31"), "day")]);
        check("On Sunday, Xi hosted a dinner.", MON, None, &[("On Sunday", Some("2025-08-31"), "day")]);
    }

    #[rustfmt::skip]
    #[test]
    fn relative_to_event() {
        let anchor = Some("2025-09-01");
        check("Erdogan met Xi a day earlier.", Some("2025-09-02"), anchor, &[("a day earlier", Some("2025-08-31"), "day")]);
        check("Erdogan met Xi the day before.", MON, anchor, &[("the day before", Some("2025-08-31"), "day")]);
        check("They had spoken the previous day.", MON, anchor, &[("the previous day", Some("2025-08-31"), "day")]);
        check("A deal came a day later.", MON, anchor, &[("a day later", Some("2025-09-02"), "day")]);
        check("They met again the next day.", MON, anchor, &[("the next day", Some("2025-09-02"), "day")]);
        check("On the following day he left.", MON, anchor, &[("On the following day", Some("2025-09-02"), "day")]);
        check("He had arrived two days earlier.", MON, anchor, &[("two days earlier", Some("2025-08-30"), "day")]);
        check("A truce followed three days later.", MON, anchor, &[("three days later", Some("2025-09-04"), "day")]);
        check("They signed 10 days later.", MON, anchor, &[("10 days later", Some("2025-09-11"), "day")]);
        check("A week later the border reopened.", MON, anchor, &[("A week later", Some("2025-09-08"), "day")]);
        check("Hours later, he flew home.", MON, anchor, &[("Hours later", Some("2025-09-01"), "day")]);
        check("A few hours later, he flew home.", MON, anchor, &[("A few hours later", Some("2025-09-01"), "day")]);
        check("Rockets fell the same day.", MON, anchor, &[("the same day", Some("2025-09-01"), "day")]);
        check("Three died earlier in the day.", MON, anchor, &[("earlier in the day", Some("2025-09-01"), "day")]);
        check("He left later that day.", MON, anchor, &[("later that day", Some("2025-09-01"), "day")]);
        // No anchor: the published date; neither: unresolved.
        check("Barrack was appointed a day earlier.", Some("2025-05-25"), None, &[("a day earlier", Some("2025-05-24"), "day")]);
        check("Barrack was appointed a day earlier.", None, None, &[("a day earlier", None, "day")]);
        check_relative("He met Xi a day earlier, on Monday, and left the next day.", &[true, false, true]);
        check_relative("He left the day before yesterday.", &[false]);
    }

    #[rustfmt::skip]
    #[test]
    fn periods() {
        check("Fidan visited Rome last week.", MON, None, &[("last week", Some("2025-08-25"), "week")]);
        check("He toured Italy earlier this week.", Some("2025-09-04"), None, &[("earlier this week", Some("2025-09-01"), "week")]);
        check("A deal is due next week.", MON, None, &[("next week", Some("2025-09-08"), "week")]);
        check("Talks stalled last month.", MON, None, &[("last month", Some("2025-08-01"), "month")]);
        check("Talks started earlier this month.", Some("2025-09-20"), None, &[("earlier this month", Some("2025-09-01"), "month")]);
        check("Lanes open early next month.", MON, None, &[("early next month", Some("2025-10-01"), "month")]);
        check("Exports fell last year.", MON, None, &[("last year", Some("2024-01-01"), "year")]);
        check("Singapore hosts it later this year.", MON, None, &[("later this year", Some("2025-01-01"), "year")]);
        check("He was elected two years ago.", MON, None, &[("two years ago", Some("2023-01-01"), "year")]);
        check("Clashes erupted three days ago.", MON, None, &[("three days ago", Some("2025-08-29"), "day")]);
        check("Talks stalled last month.", None, None, &[("last month", None, "month")]);
    }

    #[rustfmt::skip]
    #[test]
    fn months() {
        check("Erdogan urged Trump in March to lift curbs.", MON, None, &[("in March", Some("2025-03-01"), "month")]);
        check("The two last met in China in May 2019.", MON, None, &[("in May 2019", Some("2019-05-01"), "month")]);
        check("The talks of May 2024 failed.", None, None, &[("of May 2024", Some("2024-05-01"), "month")]);
        check("May 2024 was a turning point.", MON, None, &[("May 2024", Some("2024-05-01"), "month")]);
        check("Exports rose in early May.", MON, None, &[("in early May", Some("2025-05-01"), "month")]);
        check("A ceasefire held until mid-June.", MON, None, &[("until mid-June", Some("2025-06-01"), "month")]);
        check("Visits have been frozen since July.", MON, None, &[("since July", Some("2025-07-01"), "month")]);
        check("He visited Ankara last May.", MON, None, &[("last May", Some("2025-05-01"), "month")]);
        check("He visited Ankara last October.", MON, None, &[("last October", Some("2024-10-01"), "month")]);
        check("The vote takes place in November.", MON, None, &[("in November", Some("2025-11-01"), "month")]);
        check("The pact was signed in December.", Some("2026-01-03"), None, &[("in December", Some("2025-12-01"), "month")]);
        check("In May, the two met again.", MON, None, &[("In May", Some("2025-05-01"), "month")]);
        check("Ministers may meet again soon.", MON, None, &[]);
        check("May God grant them peace, he said.", MON, None, &[]);
        check("Both sides may march on Friday.", MON, None, &[("on Friday", Some("2025-08-29"), "day")]);
        check("The July agreement holds.", MON, None, &[]);
        check("He spoke in May.", None, None, &[("in May", None, "month")]);
    }

    #[rustfmt::skip]
    #[test]
    fn years() {
        check("Washington imposed curbs in 2020.", MON, None, &[("in 2020", Some("2020-01-01"), "year")]);
        check("Relations soured in early 2009.", MON, None, &[("in early 2009", Some("2009-01-01"), "year")]);
        check("The first direct talks since 2022 began.", None, None, &[("since 2022", Some("2022-01-01"), "year")]);
        check("Growth slowed in mid-2019.", MON, None, &[("in mid-2019", Some("2019-01-01"), "year")]);
        check("The pledge runs until 2030.", MON, None, &[("until 2030", Some("2030-01-01"), "year")]);
        check("The fund holds $50 billion.", MON, None, &[]);
        check("About 2,000 troops were sent.", MON, None, &[]);
        check("In 2000 troops were sent.", MON, None, &[("In 2000", Some("2000-01-01"), "year")]);
        check("The 2015 accord is dead.", MON, None, &[]);
        check("It grew in 2019-20.", MON, None, &[]);
        check("Prices rose in 1850.", MON, None, &[]);
        check("The deal runs to 2030.", MON, None, &[]);
    }

    #[test]
    fn several_in_a_sentence() {
        check(
            "Erdogan, who met Xi on Sunday, held talks with Cai on Monday and flew home on Sept. 2.",
            MON,
            None,
            &[
                ("on Sunday", Some("2025-08-31"), "day"),
                ("on Monday", Some("2025-09-01"), "day"),
                ("on Sept. 2", Some("2025-09-02"), "day"),
            ],
        );
        check(
            "Since 2015, the two met in May 2019 and again last week.",
            MON,
            None,
            &[
                ("Since 2015", Some("2015-01-01"), "year"),
                ("in May 2019", Some("2019-05-01"), "month"),
                ("last week", Some("2025-08-25"), "week"),
            ],
        );
    }

    #[rustfmt::skip]
    #[test]
    fn words_in_capitals() {
        // The quick test before tokenizing knows lower case, capitalised and capitals.
        check("ERDOGAN MET CAI QI ON MONDAY.", MON, None, &[("ON MONDAY", Some("2025-09-01"), "day")]);
        check("HOURS LATER, THE ENVOY LEFT.", MON, Some("2025-08-30"), &[("HOURS LATER", Some("2025-08-30"), "day")]);
        check("TALKS RESUME IN MAY 2026.", MON, None, &[("IN MAY 2026", Some("2026-05-01"), "month")]);
        check("Moments later the convoy left.", MON, None, &[("Moments later", Some("2025-09-01"), "day")]);
        check("Tonight the summit ends.", MON, None, &[("Tonight", Some("2025-09-01"), "day")]);
        check("Ministers met on the eve of the talks.", MON, None, &[]);
    }

    #[test]
    fn odd_text_and_ranges() {
        check(
            "Türkiye’s envoy met İlham Aliyev on Sunday — “a good day”.",
            MON,
            None,
            &[("on Sunday", Some("2025-08-31"), "day")],
        );
        check(
            "Cumhurbaşkanı Erdoğan Pazartesi günü, 31 Ağustos’ta.",
            MON,
            None,
            &[],
        );
        check("", MON, None, &[]);
        check("on", MON, None, &[]);
        check("the day", MON, None, &[]);
        check("Aug.", MON, None, &[]);
        check("99999999999999999999 days later", MON, None, &[]);
        let text = "Türkiye’s minister spoke on Monday.";
        let published = Some(day("2025-09-01"));
        assert!(find_dates(text, Span::new(0, 1000), published, None).is_empty());
        assert!(find_dates(text, Span::new(1, 3), published, None).is_empty());
        assert!(find_dates(text, Span::new(20, 10), published, None).is_empty());
        // A range inside the text: offsets stay absolute.
        let start = text.find("on Monday").unwrap();
        let found = find_dates(text, Span::new(start, text.len()), published, None);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].span, Span::new(start, start + "on Monday".len()));
        // Every range of a mixed text, on or off char boundaries.
        let mixed = "Türkiye’s Aug. 31 talks — on Monday (Aug. 31), “in 2009”, 2025-09-01.";
        for a in 0..=mixed.len() + 1 {
            for b in a..=mixed.len() + 1 {
                let _ = find_dates(mixed, Span::new(a, b), published, None);
            }
        }
        for a in 0..=mixed.len() {
            if mixed.is_char_boundary(a) {
                let _ = dateline(&mixed[a..], published);
            }
        }
    }

    /// The dateline's date as written and resolved.
    type DatelineDate<'a> = (&'a str, Option<&'a str>);

    #[track_caller]
    fn check_dateline(
        text: &str,
        published: Option<&str>,
        expected: Option<(&str, Option<DatelineDate>)>,
    ) {
        let got = dateline(text, published.map(day)).map(|(place, date)| {
            (
                place.slice(text).to_string(),
                date.map(|m| {
                    assert_eq!(m.span.slice(text), m.date.text);
                    (m.date.text, m.date.date.map(|d| d.to_string()))
                }),
            )
        });
        let want = expected.map(|(place, date)| {
            (
                place.to_string(),
                date.map(|(t, d)| (t.to_string(), d.map(str::to_string))),
            )
        });
        assert_eq!(got, want, "in {text:?}");
    }

    #[rustfmt::skip]
    #[test]
    fn datelines() {
        check_dateline("BEIJING, Aug 3 (Reuters) - China said on Thursday ...", Some("2017-08-03"), Some(("BEIJING", Some(("Aug 3", Some("2017-08-03"))))));
        check_dateline("ANKARA, March 4 (Wire) – Turkey's top diplomat ...", Some("2025-03-04"), Some(("ANKARA", Some(("March 4", Some("2025-03-04"))))));
        check_dateline("BEIJING — Turkey’s top diplomat vowed Thursday ...", None, Some(("BEIJING", None)));
        check_dateline("SINGAPORE - Top Chinese diplomat Yang Jiechi met ...", None, Some(("SINGAPORE", None)));
        check_dateline("ABU DHABI (REUTERS) – Senior US officials landed ...", None, Some(("ABU DHABI", None)));
        check_dateline("JERUSALEM (AFP, REUTERS) - Israel is in talks ...", None, Some(("JERUSALEM", None)));
        check_dateline("KARACHI: The Ambassador of Türkiye visited ...", None, Some(("KARACHI", None)));
        check_dateline("Baku, May 28 (QNA) - Turkish President ...", Some("2025-05-28"), Some(("Baku", Some(("May 28", Some("2025-05-28"))))));
        check_dateline("Tashkent, Uzbekistan (UzDaily.com) — As part of ...", None, Some(("Tashkent", None)));
        check_dateline("[Damascus] Syrian President Ahmed al-Sharaa held ...", None, Some(("Damascus", None)));
        check_dateline("İSTANBUL — Delegations met ...", None, Some(("İSTANBUL", None)));
        check_dateline("LONDON, Dec. 28 (Wire) - ...", Some("2026-01-03"), Some(("LONDON", Some(("Dec. 28", Some("2025-12-28"))))));
        check_dateline("Wang Yi shakes hands with Cavusoglu. Photo: Ng Han Guan / AP\n\nBEIJING — Turkey’s top diplomat ...", None, Some(("BEIJING", None)));
        check_dateline("(CNN) Belarusian President Alexander Lukashenko ...", None, None);
        check_dateline("Turkish President Recep Tayyip Erdogan met Cai Qi on Monday.", None, None);
        check_dateline("Photo: Ng Han Guan / AP", None, None);
        check_dateline("BREAKING: Erdogan meets Xi", None, None);
        check_dateline("Erdogan — the long game", None, None);
        check_dateline("", None, None);
    }
}
