//! Folded text for dictionary matching, with a map back to the original offsets.
//!
//! Folding: letters transliterated to lower-case ASCII (deunicode: ı, ø, ß too), every
//! run of other characters turned into one space, dots inside acronyms ("U.S.") and
//! apostrophes inside words dropped. Patterns and texts are folded the same way, so a
//! folded match maps back to the exact original span.

use crate::text::{is_alphabetic, is_alphanumeric};

/// A folded copy of a text and, for each folded word (a run of letters and digits),
/// where it starts and ends in the original.
#[derive(Debug, Clone, Default)]
pub struct FoldedText {
    /// The folded text, every byte ASCII: kept as bytes, which is all the lexicon search
    /// reads, so no paragraph's folding is validated as UTF-8 again ([`FoldedText::text`]
    /// gives it as a string).
    folded: Vec<u8>,
    /// The words of `folded`, in order.
    pub words: Vec<FoldedWord>,
}

/// One word of a [`FoldedText`]: its folded byte range and the original byte range
/// it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoldedWord {
    pub start: usize,
    pub end: usize,
    pub original_start: usize,
    pub original_end: usize,
}

impl FoldedText {
    pub fn new(text: &str) -> FoldedText {
        let mut folded = FoldedText::default();
        folded.fold(text);
        folded
    }

    /// The folded text, as bytes (all ASCII).
    pub fn as_bytes(&self) -> &[u8] {
        &self.folded
    }

    /// The folded text.
    pub fn text(&self) -> &str {
        std::str::from_utf8(&self.folded).unwrap_or_default()
    }

    /// Replaces the contents with the folding of `text`, reusing the buffers: a caller
    /// folding many paragraphs allocates once.
    pub fn fold(&mut self, text: &str) {
        // Every byte pushed is ASCII.
        let mut folded = std::mem::take(&mut self.folded);
        let mut words = std::mem::take(&mut self.words);
        folded.clear();
        // Room for the text, and for the eight bytes a short run is appended as.
        folded.reserve(text.len() + 8);
        words.clear();
        words.reserve(text.len() / 5);
        let mut out = Folding { folded, words };
        let mut pending_space: Option<usize> = None;
        let mut prev: Option<char> = None;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            // Runs of ASCII letters and digits, the bulk of news text, without decoding.
            if b.is_ascii_alphanumeric() {
                out.flush_space(&mut pending_space);
                let run = i + alnum_run(bytes.get(i..).unwrap_or_default());
                out.push_ascii_run(&bytes[i..run], bytes.get(i..).unwrap_or_default(), i);
                prev = Some(char::from(bytes[run - 1]));
                i = run;
                continue;
            }
            // ASCII spaces and punctuation other than the dots and apostrophes that
            // can stand inside a word.
            if b.is_ascii() && b != b'.' && b != b'\'' {
                pending_space.get_or_insert(i);
                prev = Some(char::from(b));
                i += 1;
                continue;
            }
            let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
                break;
            };
            let end = i + c.len_utf8();
            let next = text.get(end..).and_then(|rest| rest.chars().next());
            if is_alphanumeric(c) {
                out.flush_space(&mut pending_space);
                let ascii = deunicode::deunicode_char(c).unwrap_or("");
                let mut any = false;
                for b in ascii.bytes() {
                    if b.is_ascii_alphanumeric() {
                        out.push(b.to_ascii_lowercase(), i, end);
                        any = true;
                    }
                }
                if !any {
                    pending_space.get_or_insert(i);
                }
            } else if is_combining(c) {
                // Combining marks vanish; the base letter already stands for them.
                if let Some(last) = out.words.last_mut()
                    && last.end == out.folded.len()
                {
                    last.original_end = end;
                }
            } else if c == '.'
                && prev.is_some_and(is_alphabetic)
                && next.is_some_and(is_alphabetic)
                && is_single_letter_before(text, i)
            {
                // "U.S." -> "us"
            } else if (c == '\'' || c == '’')
                && prev.is_some_and(is_alphabetic)
                && next.is_some_and(is_alphabetic)
                && !next_is_possessive_s(text, end)
            {
                // "O’Brien" -> "obrien"; but "China’s" -> "china s".
            } else {
                pending_space.get_or_insert(i);
            }
            prev = Some(c);
            i = end;
        }
        self.folded = out.folded;
        self.words = out.words;
    }
}

/// `ASCII_ALNUM[b]`: is byte `b` an ASCII letter or digit (one load instead of three
/// range tests, in the loop every byte of a text goes through).
pub(crate) static ASCII_ALNUM: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// The length of the run of ASCII letters and digits that `bytes` starts with: eight
/// bytes at a time while they last (news words are short, so most runs end in the first
/// eight), then byte by byte through [`ASCII_ALNUM`].
pub(crate) fn alnum_run(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Bit 7 of each byte of the result: is that byte of `chunk` at least `low`? For
    // bytes below 0x80 and `low` up to 0x80 the sums stay inside their bytes.
    let at_least = |chunk: u64, low: u8| chunk + ONES * u64::from(0x80 - low);
    let mut n = 0;
    while let Some(chunk) = bytes.get(n..).and_then(|rest| rest.first_chunk::<8>()) {
        let chunk = u64::from_le_bytes(*chunk);
        let ascii = chunk & !HIGH;
        let digit = at_least(ascii, b'0') & !at_least(ascii, b'9' + 1);
        // A letter with bit 5 set is in lower case; nothing else lands in a..z.
        let letter = ascii | (ONES * 0x20);
        let letter = at_least(letter, b'a') & !at_least(letter, b'z' + 1);
        let other = !((digit | letter) & !chunk) & HIGH;
        if other != 0 {
            return n + (other.trailing_zeros() / 8) as usize;
        }
        n += 8;
    }
    n + bytes
        .get(n..)
        .unwrap_or_default()
        .iter()
        .position(|&b| !ASCII_ALNUM[usize::from(b)])
        .unwrap_or(bytes.len().saturating_sub(n))
}

/// A [`FoldedText`] being built.
struct Folding {
    folded: Vec<u8>,
    words: Vec<FoldedWord>,
}

impl Folding {
    /// Appends one folded letter or digit that came from original bytes
    /// `original_start..original_end`, starting a word after a space.
    fn push(&mut self, folded: u8, original_start: usize, original_end: usize) {
        let at = self.folded.len();
        self.folded.push(folded);
        match self.words.last_mut() {
            Some(word) if word.end == at => {
                word.end = at + 1;
                word.original_end = original_end;
            }
            _ => self.words.push(FoldedWord {
                start: at,
                end: at + 1,
                original_start,
                original_end,
            }),
        }
    }

    /// Appends a run of ASCII letters and digits that starts at original byte `at`;
    /// `padded` starts with the run (and may go on past it).
    fn push_ascii_run(&mut self, run: &[u8], padded: &[u8], at: usize) {
        let start = self.folded.len();
        // An ASCII letter or digit with bit 5 set is its lower case. A run of up to eight
        // bytes (most words) is lowered as one number and appended whole, the bytes past
        // the run cut off again, instead of byte by byte.
        match padded.first_chunk::<8>() {
            Some(chunk) if run.len() <= 8 => {
                let lowered = u64::from_le_bytes(*chunk) | 0x2020_2020_2020_2020;
                self.folded.extend_from_slice(&lowered.to_le_bytes());
                self.folded.truncate(start + run.len());
            }
            _ => self.folded.extend(run.iter().map(|b| b | 0x20)),
        }
        let end = self.folded.len();
        match self.words.last_mut() {
            Some(word) if word.end == start => {
                word.end = end;
                word.original_end = at + run.len();
            }
            _ => self.words.push(FoldedWord {
                start,
                end,
                original_start: at,
                original_end: at + run.len(),
            }),
        }
    }

    fn flush_space(&mut self, pending: &mut Option<usize>) {
        if pending.take().is_some() && !self.folded.is_empty() {
            self.folded.push(b' ');
        }
    }
}

fn is_combining(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}')
}

fn is_single_letter_before(text: &str, dot: usize) -> bool {
    let before = &text[..dot];
    let mut rev = before.chars().rev();
    let letter = rev.next();
    let before_letter = rev.next();
    letter.is_some_and(char::is_alphabetic) && before_letter.is_none_or(|c| !c.is_alphanumeric())
}

fn next_is_possessive_s(text: &str, after_apostrophe: usize) -> bool {
    let rest = &text[after_apostrophe..];
    let mut chars = rest.chars();
    matches!(chars.next(), Some('s' | 'S')) && !chars.next().is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(text: &str, expected: &str) {
        assert_eq!(FoldedText::new(text).text(), expected);
    }

    #[test]
    fn folds_like_names_are_compared() {
        check("Recep Tayyip Erdoğan", "recep tayyip erdogan");
        check("İbrahim Kalın, the chief", "ibrahim kalin the chief");
        check("the U.S. envoy", "the us envoy");
        check("Belt-and-Road", "belt and road");
        check("China’s O’Brien", "china s obrien");
        check("  (SCO) ", "sco");
        check(
            "Internationalisation of the EU, G20 X",
            "internationalisation of the eu g20 x",
        );
        check("ABCDEFGH ABCDEFGHI a", "abcdefgh abcdefghi a");
        check("Z", "z");
    }

    #[test]
    fn alnum_runs_end_at_the_first_other_byte() {
        // Every byte value at every place of a run, inside and past the first eight.
        for len in 0..20 {
            for b in 0..=255u8 {
                let mut bytes = vec![b'a'; len];
                bytes.push(b);
                bytes.extend_from_slice(b"Z9xyzXYZ");
                let expected = if ASCII_ALNUM[usize::from(b)] {
                    len + 9
                } else {
                    len
                };
                assert_eq!(alnum_run(&bytes), expected, "{len} {b:#x}");
            }
        }
        assert_eq!(alnum_run(b""), 0);
        assert_eq!(alnum_run(b"G20 summit"), 3);
        assert_eq!(alnum_run("Erdoğan".as_bytes()), 4);
    }

    #[test]
    fn maps_back_to_original_offsets() {
        let text = "Mr. Çavuşoğlu’s visit";
        let folded = FoldedText::new(text);
        let start = folded.text().find("cavusoglu").unwrap();
        let word = folded.words.iter().find(|w| w.start == start).unwrap();
        assert_eq!(word.end, start + "cavusoglu".len());
        assert_eq!(&text[word.original_start..word.original_end], "Çavuşoğlu");
        let words: Vec<&str> = folded
            .words
            .iter()
            .map(|w| &text[w.original_start..w.original_end])
            .collect();
        assert_eq!(words, ["Mr", "Çavuşoğlu", "s", "visit"]);
    }
}
