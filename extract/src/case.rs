//! The lower case of a document's tokens, and the set of its lower-case words, built so
//! that the ASCII bulk of news text costs little: no token is copied or decoded on its
//! own, and a word is only hashed when some capitalised word of the text could be it.

use std::ops::Range;

use rustc_hash::FxHashSet;

use crate::text::{Token, TokenKind};

/// The lower case of every token of a text.
#[derive(Debug)]
pub struct LowerText {
    /// The text with its ASCII letters lower-cased, so at the text's offsets: the lower
    /// case of a token of ASCII bytes is `lower[token.start..token.end]`. The lower case
    /// of each other token (whose length may differ) follows the copy of the text.
    lower: String,
    /// One bit per token, set for the tokens holding a non-ASCII byte.
    non_ascii: Vec<u64>,
    /// The tokens holding a non-ASCII byte, in token order, and the range of their lower
    /// case in `lower`.
    non_ascii_lower: Vec<(usize, Range<usize>)>,
}

impl LowerText {
    /// `tokens` are sorted and do not overlap, as [`crate::text::tokenize`] makes them.
    pub fn new(text: &str, tokens: &[Token]) -> LowerText {
        // One copy, lower-cased in bulk (a vectorised loop over the bytes), with room for
        // the non-ASCII tokens' lower case after it, so that it is not copied again.
        let mut lower = String::with_capacity(text.len() + text.len() / 8 + 16);
        lower.push_str(text);
        lower.make_ascii_lowercase();
        let mut non_ascii = vec![0u64; tokens.len().div_ceil(64)];
        let mut non_ascii_lower = Vec::new();
        let bytes = text.as_bytes();
        // The tokens holding a non-ASCII byte, found from the non-ASCII bytes of the text
        // (a few in a thousand in English news), not by testing every token.
        let mut k = 0;
        let mut from = 0;
        while let Some(at) = next_non_ascii(bytes, from) {
            // The first token ending after `at`: the one holding it, or the next.
            k += tokens
                .get(k..)
                .unwrap_or_default()
                .partition_point(|t| t.end <= at);
            let Some(t) = tokens.get(k) else {
                break;
            };
            if t.start > at {
                // Between tokens (white space, a line no paragraph took): nothing up to
                // the next token matters.
                from = t.start;
                continue;
            }
            if let Some(slot) = non_ascii.get_mut(k / 64) {
                *slot |= 1 << (k % 64);
            }
            let word = text.get(t.start..t.end).unwrap_or("");
            let start = lower.len();
            for c in word.chars() {
                if c.is_ascii() {
                    lower.push(c.to_ascii_lowercase());
                } else {
                    lower.extend(c.to_lowercase());
                }
            }
            non_ascii_lower.push((k, start..lower.len()));
            from = t.end.max(at + 1);
            k += 1;
        }
        LowerText {
            lower,
            non_ascii,
            non_ascii_lower,
        }
    }

    /// The lower case of token `i` of `tokens` as bytes, and the lower-cased text from
    /// the token on, when the token is ASCII (most are): a byte slice, with no character
    /// boundary to check, for pre-tests that read a word as numbers.
    #[inline]
    pub fn ascii(&self, tokens: &[Token], i: usize) -> Option<(&[u8], &[u8])> {
        let t = tokens.get(i)?;
        let marked = self
            .non_ascii
            .get(i / 64)
            .is_none_or(|bits| bits >> (i % 64) & 1 != 0);
        if marked {
            return None;
        }
        let padded = self.lower.as_bytes().get(t.start..)?;
        Some((padded.get(..t.end.checked_sub(t.start)?)?, padded))
    }

    /// The lower case of token `i` of `tokens` (those given to [`LowerText::new`]).
    pub fn get(&self, tokens: &[Token], i: usize) -> &str {
        let Some(t) = tokens.get(i) else {
            return "";
        };
        let marked = self
            .non_ascii
            .get(i / 64)
            .is_some_and(|bits| bits >> (i % 64) & 1 != 0);
        let range = if marked {
            match self
                .non_ascii_lower
                .binary_search_by_key(&i, |(token, _)| *token)
            {
                Ok(k) => self.non_ascii_lower[k].1.clone(),
                Err(_) => return "",
            }
        } else {
            t.start..t.end
        };
        self.lower.get(range).unwrap_or("")
    }
}

/// The offset of the first byte at or after `from` that is not ASCII: eight bytes at a
/// time.
fn next_non_ascii(bytes: &[u8], from: usize) -> Option<usize> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut i = from;
    while let Some(chunk) = bytes.get(i..).and_then(|rest| rest.first_chunk::<8>()) {
        let high = u64::from_le_bytes(*chunk) & HIGH;
        if high != 0 {
            return Some(i + (high.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    let rest = bytes.get(i..)?;
    rest.iter().position(|b| !b.is_ascii()).map(|p| i + p)
}

/// The words of a text that start with a lower-case letter, for the question whether a
/// capitalised word of the text also stands in lower case ([`LowercaseWords::contains`]).
///
/// Only such a word's lower-case form is ever asked for, so a word goes into the set only
/// when the filter of the capitalised words, lower-cased, may hold it: most of a text's
/// words are never hashed whole nor stored.
#[derive(Debug, Default)]
pub struct LowercaseWords<'a> {
    /// Words of up to 15 bytes, by [`pack`].
    short: FxHashSet<u128>,
    long: FxHashSet<&'a str>,
}

impl<'a> LowercaseWords<'a> {
    pub fn new(text: &'a str, tokens: &[Token]) -> LowercaseWords<'a> {
        let bytes = text.as_bytes();
        // Sized for capitals making up to a quarter of the tokens (it stays exact with
        // more, only less selective), so the tokens are not counted first.
        let mut filter = Filter::new(tokens.len() / 4);
        for t in tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Word && t.upper)
        {
            let padded = bytes.get(t.start..).unwrap_or_default();
            let word = padded
                .get(..t.end.saturating_sub(t.start))
                .unwrap_or_default();
            if word.first().is_some_and(u8::is_ascii_uppercase) {
                // The first letter lowered as `contains` is asked: bit 5 of the first byte,
                // which the hash reads as is.
                filter.insert(Filter::hash(word, padded) | 0x20);
            } else {
                let lowered = first_lowered(text.get(t.start..t.end).unwrap_or(""));
                filter.insert(Filter::hash(lowered.as_bytes(), lowered.as_bytes()));
            }
        }
        let mut words = LowercaseWords::default();
        for t in tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Word && !t.upper)
        {
            let padded = bytes.get(t.start..).unwrap_or_default();
            let word = padded
                .get(..t.end.saturating_sub(t.start))
                .unwrap_or_default();
            let lowercase = match word.first() {
                Some(first) if first.is_ascii() => first.is_ascii_lowercase(),
                _ => text
                    .get(t.start..t.end)
                    .and_then(|w| w.chars().next())
                    .is_some_and(char::is_lowercase),
            };
            if !lowercase || !filter.may_hold(Filter::hash(word, padded)) {
                continue;
            }
            match pack(word, padded) {
                Some(packed) => {
                    words.short.insert(packed);
                }
                None => {
                    if let Some(word) = text.get(t.start..t.end) {
                        words.long.insert(word);
                    }
                }
            }
        }
        words
    }

    /// Is `word` one of the lower-case words, if it is the lower-case form (first letter
    /// lowered) of a capitalised word of the text? `padded` starts with the bytes of
    /// `word`. (Of another word the answer may be wrong: [`Doc`](crate::doc::Doc) asks
    /// about no other.)
    pub fn contains(&self, word: &[u8], padded: &[u8]) -> bool {
        match pack(word, padded) {
            Some(packed) => self.short.contains(&packed),
            None => std::str::from_utf8(word).is_ok_and(|w| self.long.contains(w)),
        }
    }
}

/// `word` with its first letter in lower case ("Élysée" -> "élysée").
pub fn first_lowered(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The first eight bytes of `word` as a little-endian number (zero past its end).
/// `padded` starts with the word's bytes: when it holds eight they are read at once and
/// masked, without a copy.
fn head(word: &[u8], padded: &[u8]) -> u64 {
    let n = word.len().min(8);
    match padded.first_chunk::<8>() {
        Some(chunk) if n == 8 => u64::from_le_bytes(*chunk),
        Some(chunk) => u64::from_le_bytes(*chunk) & ((1 << (8 * n)) - 1),
        None => word[..n]
            .iter()
            .rev()
            .fold(0, |key, &b| key << 8 | u64::from(b)),
    }
}

/// The key of a word of up to 15 bytes: its bytes, little-endian, and its length in the
/// top byte, so two words have the same key only if they are the same. `padded` starts
/// with the word's bytes.
fn pack(word: &[u8], padded: &[u8]) -> Option<u128> {
    if word.len() > 15 {
        return None;
    }
    let low = head(word, padded);
    let high = match (word.get(8..), padded.get(8..)) {
        (Some(rest), Some(padded)) => head(rest, padded),
        _ => 0,
    };
    Some(u128::from(low) | u128::from(high) << 64 | (word.len() as u128) << 120)
}

/// A one-hash Bloom filter of words, sized to hold about one bit in sixteen set: most
/// words it does not hold are ruled out by one multiply and one load.
struct Filter {
    bits: Vec<u64>,
    /// `64 - log2(bits)`: the top bits of a hash pick the bit.
    shift: u32,
}

impl Filter {
    fn new(words: usize) -> Filter {
        let bits = (words * 16).next_power_of_two().max(64);
        Filter {
            bits: vec![0; bits / 64],
            shift: 64 - bits.trailing_zeros(),
        }
    }

    /// The hash of `word` (its first eight bytes), `padded` starting with its bytes. It
    /// leaves the first byte's bits as they are, so a caller may lower an ASCII capital
    /// in the hash.
    fn hash(word: &[u8], padded: &[u8]) -> u64 {
        head(word, padded) ^ (word.len() as u64) << 56
    }

    fn bit(&self, hash: u64) -> usize {
        (hash.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    fn insert(&mut self, hash: u64) {
        let bit = self.bit(hash);
        if let Some(slot) = self.bits.get_mut(bit / 64) {
            *slot |= 1 << (bit % 64);
        }
    }

    fn may_hold(&self, hash: u64) -> bool {
        let bit = self.bit(hash);
        self.bits
            .get(bit / 64)
            .is_some_and(|slot| slot & (1 << (bit % 64)) != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;
    use entente_model::Span;

    fn tokens(text: &str) -> Vec<Token> {
        let mut tokens = Vec::new();
        tokenize(text, Span::new(0, text.len()), &mut tokens);
        tokens
    }

    /// The lower case a token had before [`LowerText`]: character by character.
    fn lowered(word: &str) -> String {
        word.chars().flat_map(char::to_lowercase).collect()
    }

    /// Every token's lower case, and for every capitalised word whether the text also
    /// has it in lower case, against the plain computations.
    fn check(text: &str) {
        let tokens = tokens(text);
        let lower = LowerText::new(text, &tokens);
        for (i, t) in tokens.iter().enumerate() {
            assert_eq!(lower.get(&tokens, i), lowered(t.text(text)), "{text:?} {i}");
            if let Some((word, padded)) = lower.ascii(&tokens, i) {
                assert!(t.text(text).is_ascii());
                assert_eq!(word, lower.get(&tokens, i).as_bytes());
                assert!(padded.starts_with(word));
            } else {
                assert!(!t.text(text).is_ascii(), "{text:?} {i}");
            }
        }
        assert_eq!(lower.get(&tokens, tokens.len()), "");
        let words = LowercaseWords::new(text, &tokens);
        for t in tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Word && t.upper)
        {
            let word = first_lowered(t.text(text));
            let expected = tokens.iter().any(|u| {
                u.kind == TokenKind::Word
                    && !u.upper
                    && u.text(text).chars().next().is_some_and(char::is_lowercase)
                    && u.text(text) == word
            });
            let found = words.contains(word.as_bytes(), word.as_bytes());
            assert_eq!(found, expected, "{text:?} {word}");
        }
    }

    #[test]
    fn lower_case_and_lowercase_words_of_news_text() {
        check(
            "The ÉLYSÉE said: “Erdoğan’s O’Brien İstanbul ǅemal KELVIN\u{212a} ΣΟΦΟΣ” 2025 AND-so",
        );
        check(
            "The talks. the Élysée said élysée. Basic basic Ǆemal ǆemal \
             Internationalisations internationalisations Xx Yy yy Éa",
        );
        check("");
        check("’");
        check("A");
    }

    #[test]
    fn lowercase_words_know_long_and_short_words() {
        let text = "Internationalisations internationalisations Basic basic Xx";
        let tokens = tokens(text);
        let words = LowercaseWords::new(text, &tokens);
        assert!(words.contains(b"internationalisations", b"internationalisations"));
        assert!(words.contains(b"basic", b"basic"));
        assert!(!words.contains(b"xx", b"xx"));
    }

    #[test]
    fn non_ascii_bytes_are_found_past_every_offset() {
        for len in 0..20 {
            for at in 0..=len {
                let mut bytes = vec![b'a'; len];
                bytes.insert(at, 0xc3);
                for from in 0..=at {
                    assert_eq!(next_non_ascii(&bytes, from), Some(at), "{len} {at} {from}");
                }
                assert_eq!(next_non_ascii(&bytes, at + 1), None);
            }
        }
    }

    #[test]
    fn packed_words_differ_when_the_words_do() {
        let words: [&[u8]; 7] = [
            b"",
            b"a",
            b"ab",
            b"abcdefgh",
            b"abcdefghi",
            b"abcdefghijklmno",
            b"b",
        ];
        for a in words {
            for b in words {
                // The padding after a word is never part of its key.
                let padded_a = [a, b"xyzxyzxyzxyzxyzxyz"].concat();
                assert_eq!(pack(a, &padded_a) == pack(b, b), a == b, "{a:?} {b:?}");
                assert_eq!(Filter::hash(a, &padded_a), Filter::hash(a, a), "{a:?}");
            }
        }
        assert_eq!(pack(b"abcdefghijklmnop", b"abcdefghijklmnop"), None);
    }

    proptest::proptest! {
        #[test]
        fn any_text_lowers_like_character_by_character(
            text in "[a-zA-Z0-9 .,’'\"“”\n\u{a0}ÉéİıǅǆǄKΣσςßẞ\u{301}-]{0,60}"
        ) {
            check(&text);
        }
    }
}
