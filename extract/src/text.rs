//! Segmentation: boilerplate lines, paragraphs, sentences and tokens, all with byte
//! offsets into the document text.

use entente_model::Span;

use crate::fold::alnum_run;

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters (and digits after a letter): "Erdogan", "G20", "U.S.", "al".
    Word,
    /// Starts with a digit: "2025", "31", "3rd", "50".
    Number,
    /// A possessive ending: "’s", "'s", or a lone "’" after a plural.
    Possessive,
    /// One punctuation character.
    Punct(char),
}

/// One token of a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
    /// The first character is an upper-case letter.
    pub upper: bool,
    /// Whitespace (or the start of the line) stands right before this token.
    pub space_before: bool,
}

impl Token {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }

    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }

    pub fn is_punct(&self, c: char) -> bool {
        self.kind == TokenKind::Punct(c)
    }

    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// [`char::is_alphanumeric`], with the General Punctuation block (U+2000 to U+206F: the
/// curly quotes, dashes, ellipses and odd spaces of news text, none of them a letter or
/// a digit) answered without a search of the Unicode tables.
#[inline]
pub(crate) fn is_alphanumeric(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || (!c.is_ascii() && !is_general_punctuation(c) && c.is_alphanumeric())
}

/// [`char::is_alphabetic`], with the General Punctuation block answered at once (see
/// [`is_alphanumeric`]).
#[inline]
pub(crate) fn is_alphabetic(c: char) -> bool {
    c.is_ascii_alphabetic() || (!c.is_ascii() && !is_general_punctuation(c) && c.is_alphabetic())
}

fn is_general_punctuation(c: char) -> bool {
    ('\u{2000}'..='\u{206f}').contains(&c)
}

/// Is `c` an opening or closing double quotation mark?
pub fn is_double_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '«' | '»' | '„')
}

/// Splits `text[range]` into tokens.
pub fn tokenize(text: &str, range: Span, out: &mut Vec<Token>) {
    let Some(slice) = text.get(range.start..range.end) else {
        return;
    };
    let base = range.start;
    let bytes = slice.as_bytes();
    // The character at byte `i`, ASCII without decoding.
    let char_at = |i: usize| match bytes.get(i) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        Some(_) => slice.get(i..).and_then(|rest| rest.chars().next()),
        None => None,
    };
    let mut i = 0;
    let mut prev_space = true;
    while let Some(c) = char_at(i) {
        let start = i;
        let width = c.len_utf8();
        if c.is_whitespace() {
            prev_space = true;
            i += width;
            continue;
        }
        if is_alphanumeric(c) {
            let digit_start = c.is_ascii_digit();
            let mut end = i + width;
            // Letters, digits, combining marks; internal dots of "U.S." style acronyms.
            loop {
                end += alnum_run(bytes.get(end..).unwrap_or_default());
                // Most words end at an ASCII byte that cannot go on with one (a space, a
                // comma after letters): decided on the byte.
                match bytes.get(end) {
                    Some(&b) if b.is_ascii() && b != b'.' && !(b == b',' && digit_start) => break,
                    None => break,
                    _ => {}
                }
                match char_at(end) {
                    Some(d) if is_alphanumeric(d) || is_mark(d) => end += d.len_utf8(),
                    Some('.') if !digit_start && is_acronym_dot(bytes, start, end) => end += 1,
                    // "10,000" and "2.5" stay one number.
                    Some(',' | '.')
                        if digit_start && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) =>
                    {
                        end += 1;
                    }
                    _ => break,
                }
            }
            let kind = if digit_start {
                TokenKind::Number
            } else {
                TokenKind::Word
            };
            out.push(Token {
                start: base + start,
                end: base + end,
                kind,
                upper: c.is_uppercase(),
                space_before: prev_space,
            });
            i = end;
        } else if (c == '\'' || c == '’')
            && out
                .last()
                .is_some_and(|t| t.end == base + i && t.kind == TokenKind::Word)
        {
            // Possessive "’s" or plural possessive "’"; an apostrophe inside a word
            // ("O’Brien") joins the next letters as part of the word.
            let after = &slice[i + width..];
            let next = after.chars().next();
            let next2 = after.chars().nth(1);
            if matches!(next, Some('s' | 'S')) && !next2.is_some_and(is_alphanumeric) {
                let end = i + width + 1;
                out.push(Token {
                    start: base + i,
                    end: base + end,
                    kind: TokenKind::Possessive,
                    upper: false,
                    space_before: false,
                });
                i = end;
            } else if next.is_some_and(is_alphabetic) {
                // O’Brien, D'Souza: glue to the previous word.
                let mut end = i + width;
                while let Some(d) = char_at(end) {
                    if is_alphanumeric(d) || is_mark(d) {
                        end += d.len_utf8();
                    } else {
                        break;
                    }
                }
                if let Some(last) = out.last_mut() {
                    last.end = base + end;
                }
                i = end;
            } else {
                out.push(Token {
                    start: base + i,
                    end: base + i + width,
                    kind: if c == '’' && text_ends_with_s(slice, i) {
                        TokenKind::Possessive
                    } else {
                        TokenKind::Punct(c)
                    },
                    upper: false,
                    space_before: false,
                });
                i += width;
            }
        } else if c == '\\' && slice[i + 1..].starts_with('"') {
            // A scraper's escaped quotation mark, `\"`, is a quotation mark.
            out.push(Token {
                start: base + start,
                end: base + start + 2,
                kind: TokenKind::Punct('"'),
                upper: false,
                space_before: prev_space,
            });
            i += 2;
        } else if is_mark(c) {
            if let Some(last) = out.last_mut().filter(|t| t.end == base + i) {
                last.end = base + i + width;
            }
            i += width;
        } else {
            out.push(Token {
                start: base + start,
                end: base + start + width,
                kind: TokenKind::Punct(c),
                upper: false,
                space_before: prev_space,
            });
            i += width;
        }
        prev_space = false;
    }
}

fn text_ends_with_s(slice: &str, i: usize) -> bool {
    slice[..i].ends_with('s') && !slice[i..].chars().nth(1).is_some_and(char::is_alphanumeric)
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}')
}

/// A dot inside "U.S." / "U.N." / "E.U.": single letters separated by dots.
fn is_acronym_dot(bytes: &[u8], word_start: usize, dot: usize) -> bool {
    // The run since the last dot (or word start) is one letter, and a letter follows,
    // or the run is "X.Y" and this is the final dot.
    let run_start = bytes[word_start..dot]
        .iter()
        .rposition(|&b| b == b'.')
        .map_or(word_start, |p| word_start + p + 1);
    if dot - run_start != 1 {
        return false;
    }
    let next = bytes.get(dot + 1).copied();
    match next {
        Some(b) if b.is_ascii_alphabetic() => bytes.get(dot + 2).is_some_and(|&b2| b2 == b'.'),
        _ => bytes[word_start..dot].contains(&b'.'),
    }
}

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "Adm", "Amb", "Apr", "Aug", "Capt", "Cmdr", "Co", "Col", "Corp", "Dec", "Dept", "Dr", "Feb",
    "Fr", "Ft", "Gen", "Gov", "Hon", "Inc", "Jan", "Jr", "Jul", "Jun", "Lt", "Ltd", "Maj", "Mar",
    "Messrs", "Mr", "Mrs", "Ms", "Mt", "No", "Nov", "Oct", "Prof", "Rep", "Rev", "Sen", "Sep",
    "Sept", "Sgt", "Sr", "St", "Supt", "etc", "vs",
];

/// Words that start a new sentence after an ambiguous full stop ("... in the U.S. The").
const SENTENCE_STARTERS: &[&str] = &[
    "A",
    "After",
    "An",
    "And",
    "As",
    "At",
    "But",
    "He",
    "Her",
    "His",
    "However",
    "I",
    "In",
    "It",
    "Its",
    "Meanwhile",
    "On",
    "She",
    "That",
    "The",
    "Their",
    "There",
    "These",
    "They",
    "This",
    "We",
    "When",
    "While",
];

/// Lines that are not article prose: photo credits, bylines, "Read:" teasers and
/// "Related stories" blocks. Returns the byte range of each prose paragraph, with a
/// trailing credit ("... Photo: X / Agency") cut off the caption it follows.
pub fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut offset = 0;
    let mut in_related_block = false;
    for line in text.split('\n') {
        let start = offset;
        offset += line.len() + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() {
            in_related_block = false;
            continue;
        }
        if in_related_block {
            continue;
        }
        match boilerplate(trimmed) {
            Boilerplate::Line => continue,
            Boilerplate::StartsBlock => {
                in_related_block = true;
                continue;
            }
            Boilerplate::None => {}
        }
        let lead = line.len() - line.trim_start().len();
        let mut span = Span::new(start + lead, start + lead + trimmed.len());
        if let Some(cut) = credit_tail(trimmed) {
            span.end = span.start + cut;
        }
        if !span.is_empty() {
            out.push(span);
        }
    }
    out
}

enum Boilerplate {
    None,
    Line,
    StartsBlock,
}

fn boilerplate(line: &str) -> Boilerplate {
    // Script or markup left in by a scraper: "(function(v,d,o){...})(window, ...);".
    let code = code_bytes(line.as_bytes());
    if code >= 4 && code * 20 > line.len() {
        return Boilerplate::Line;
    }
    // The markers are ASCII: the first bytes lower-cased, without allocating.
    let mut lower_start = [0u8; 24];
    let head = &line.as_bytes()[..line.len().min(lower_start.len())];
    for (slot, byte) in lower_start.iter_mut().zip(head) {
        *slot = byte.to_ascii_lowercase();
    }
    let lower_start = &lower_start[..head.len()];
    let starts = |p: &str| lower_start.starts_with(p.as_bytes());
    if starts("related stories")
        || starts("related story")
        || starts("related articles")
        || starts("related:")
        || starts("more stories")
        || starts("you may also like")
        || starts("recommended")
    {
        return if line.len() < 40 {
            Boilerplate::StartsBlock
        } else {
            Boilerplate::Line
        };
    }
    if starts("read:")
        || starts("read more")
        || starts("also read")
        || starts("read also")
        || starts("see also")
        || starts("photo:")
        || starts("photo by")
        || starts("photo credit")
        || starts("(photo")
        || starts("image copyright")
        || starts("image caption")
        || starts("image source")
        || starts("media caption")
        || starts("getty images")
        || starts("file photo")
        || starts("(reporting by")
        || starts("reporting by")
        || starts("(editing by")
        || starts("editing by")
        || starts("writing by")
        || starts("story:")
        || starts("more to follow")
        || starts("copyright")
        || starts("follow us")
        || starts("subscribe")
        || starts("share this")
        || starts("click here")
    {
        return Boilerplate::Line;
    }
    // "By Jane Doe" / "By Jane Doe and John Roe, Reuters"
    if let Some(rest) = line.strip_prefix("By ") {
        let words: Vec<&str> = rest.split_whitespace().collect();
        if words.len() <= 8
            && !rest.ends_with('.')
            && words
                .iter()
                .all(|w| w.chars().next().is_some_and(|c| c.is_uppercase()) || *w == "and")
        {
            return Boilerplate::Line;
        }
    }
    Boilerplate::None
}

/// How many of `bytes` are `{`, `}`, `=`, `<` or `>`. Every byte of every paragraph is
/// counted, so the test is branch-free arithmetic (`<`, `=`, `>` are 0x3c..=0x3e; `{` and
/// `}` 0x7b and 0x7d) summed into a byte per chunk, which the compiler turns into vector
/// compares and adds, sixteen bytes at a time.
fn code_bytes(bytes: &[u8]) -> usize {
    bytes
        .chunks(255)
        .map(|chunk| {
            chunk
                .iter()
                .map(|&b| u8::from((b.wrapping_sub(b'<') < 3) | (b.wrapping_sub(b'{') & !2 == 0)))
                .fold(0u8, u8::wrapping_add)
        })
        .map(usize::from)
        .sum()
}

/// Byte offset in `line` where a trailing photo credit starts ("... Beijing. Photo: X").
fn credit_tail(line: &str) -> Option<usize> {
    if !line.contains("Photo") && !line.contains(" Image: ") {
        return None;
    }
    for marker in [
        " Photo: ",
        " Photo by ",
        " (Photo: ",
        " Photograph: ",
        " Image: ",
    ] {
        if let Some(pos) = line.find(marker)
            && pos > 0
        {
            return Some(pos);
        }
    }
    None
}

/// Splits a paragraph into sentences. `tokens` are the paragraph's tokens.
pub fn sentences(text: &str, paragraph: Span, tokens: &[Token], out: &mut Vec<Span>) {
    let mut start = paragraph.start;
    let n = tokens.len();
    let mut i = 0;
    while i < n {
        let t = tokens[i];
        let is_stop = matches!(t.kind, TokenKind::Punct('.' | '!' | '?'));
        // The last byte first: slicing every word for its last character would check
        // two character boundaries a word.
        let is_acronym_end = t.kind == TokenKind::Word
            && t.end > t.start
            && text.as_bytes().get(t.end - 1) == Some(&b'.')
            && t.text(text).ends_with('.');
        if is_stop || is_acronym_end {
            // Absorb closing quotes and brackets.
            let mut j = i + 1;
            while j < n
                && matches!(tokens[j].kind, TokenKind::Punct(c) if matches!(c, '”' | '"' | ')' | '’' | '»' | '\'' | '.' | '!' | '?'))
                && !(tokens[j].is_punct('"') && tokens[j].space_before)
            {
                j += 1;
            }
            let end = tokens[j - 1].end;
            if j >= n {
                break;
            }
            let next = tokens[j];
            if boundary(text, tokens, i, next, is_acronym_end) {
                out.push(Span::new(start, end));
                start = next.start;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    if start < paragraph.end {
        out.push(Span::new(start, paragraph.end));
    }
}

fn boundary(text: &str, tokens: &[Token], stop: usize, next: Token, acronym: bool) -> bool {
    let next_text = next.text(text);
    let next_opens = next.upper
        || next.kind == TokenKind::Number
        || matches!(next.kind, TokenKind::Punct(c) if is_double_quote(c) || c == '(' || c == '‘');
    if !next_opens {
        return false;
    }
    if acronym {
        return SENTENCE_STARTERS.contains(&next_text);
    }
    let t = tokens[stop];
    if t.kind != TokenKind::Punct('.') {
        return true;
    }
    let Some(prev) = stop.checked_sub(1).map(|p| tokens[p]) else {
        return true;
    };
    if prev.end != t.start || prev.kind != TokenKind::Word {
        return true;
    }
    let word = prev.text(text);
    if ABBREVIATIONS.contains(&word) {
        // "Aug. 31" and "Mr. Wang" continue; "... in Jan. The" is rare enough.
        return false;
    }
    // A single capital letter is an initial ("Donald J. Trump").
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && c.is_uppercase()
    {
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let mut tokens = Vec::new();
        tokenize(text, Span::new(0, text.len()), &mut tokens);
        tokens.iter().map(|t| t.text(text).to_string()).collect()
    }

    fn split(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for p in paragraphs(text) {
            let mut tokens = Vec::new();
            tokenize(text, p, &mut tokens);
            let mut spans = Vec::new();
            sentences(text, p, &tokens, &mut spans);
            out.extend(spans.iter().map(|s| s.slice(text).to_string()));
        }
        out
    }

    #[test]
    fn tokens_keep_acronyms_possessives_and_numbers() {
        assert_eq!(
            words("The U.S. envoy met Erdoğan’s aide, paying $50,000."),
            [
                "The", "U.S.", "envoy", "met", "Erdoğan", "’s", "aide", ",", "paying", "$",
                "50,000", "."
            ]
        );
        assert_eq!(words("al-Assad O’Brien"), ["al", "-", "Assad", "O’Brien"]);
        assert_eq!(words("allies’ talks"), ["allies", "’", "talks"]);
        assert_eq!(words(r#"said \"no\""#), ["said", r#"\""#, "no", r#"\""#]);
        assert_eq!(
            words("2.5, 10,000, Ali, E.U. and Erdoğan’s. Café\u{301}s"),
            [
                "2.5",
                ",",
                "10,000",
                ",",
                "Ali",
                ",",
                "E.U.",
                "and",
                "Erdoğan",
                "’s",
                ".",
                "Café\u{301}s"
            ]
        );
    }

    #[test]
    fn sentences_respect_abbreviations_and_quotes() {
        assert_eq!(
            split(
                "Mr. Wang met Gen. Ali on Aug. 31 in the U.S. capital. He left.\n“We agree.” She nodded."
            ),
            [
                "Mr. Wang met Gen. Ali on Aug. 31 in the U.S. capital.",
                "He left.",
                "“We agree.”",
                "She nodded."
            ]
        );
        assert_eq!(
            split("Talks were held in the U.S. The two sides agreed."),
            ["Talks were held in the U.S.", "The two sides agreed."]
        );
        assert_eq!(split("Donald J. Trump spoke."), ["Donald J. Trump spoke."]);
    }

    #[test]
    fn general_punctuation_holds_no_letter_or_digit() {
        for c in '\u{2000}'..='\u{206f}' {
            assert!(!c.is_alphanumeric() && !c.is_alphabetic(), "{c:?}");
        }
        for c in [
            'a', 'Z', '7', 'é', 'ğ', 'İ', '中', '٣', '\u{2070}', '\u{2071}', '’', '—', ' ', '.',
        ] {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
        }
    }

    #[test]
    fn code_bytes_are_the_markup_characters() {
        let slow = |bytes: &[u8]| {
            bytes
                .iter()
                .filter(|b| matches!(b, b'{' | b'}' | b'=' | b'<' | b'>'))
                .count()
        };
        let every: Vec<u8> = (0..=255).collect();
        assert_eq!(code_bytes(&every), 5);
        let long: Vec<u8> = (0..2000).map(|i| ((i * 7) % 256) as u8).collect();
        assert_eq!(code_bytes(&long), slow(&long));
        let markup = "<div>{x}=</div>".repeat(100);
        assert_eq!(code_bytes(markup.as_bytes()), slow(markup.as_bytes()));
        assert_eq!(code_bytes(b""), 0);
    }

    #[test]
    fn boilerplate_lines_are_dropped() {
        let text = "Ministers met in Ankara.\nPhoto: Jane Roe / Wire Agency\nBy John Doe\nRead: Another story\n\nThe talks ended. Photo: A / B\nRelated stories:\nHeadline one\nHeadline two";
        assert_eq!(
            split(text),
            ["Ministers met in Ankara.", "The talks ended."]
        );
    }
}
