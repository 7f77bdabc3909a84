//! Folded text for dictionary matching, with a map back to the original offsets.
//!
//! Folding: letters transliterated to lower-case ASCII (deunicode: ı, ø, ß too), every
//! run of other characters turned into one space, dots inside acronyms ("U.S.") and
//! apostrophes inside words dropped. Patterns and texts are folded the same way, so a
//! folded match maps back to the exact original span.

/// A folded copy of a text and, for each folded byte, the original byte it came from.
#[derive(Debug, Clone, Default)]
pub struct FoldedText {
    pub folded: String,
    /// `origin[i]` is the original byte offset where folded byte `i` starts; one extra
    /// entry holds the original length.
    origin: Vec<usize>,
    /// `origin_end[i]` is the original byte offset where folded byte `i` ends.
    origin_end: Vec<usize>,
}

impl FoldedText {
    pub fn new(text: &str) -> FoldedText {
        let mut folded = String::with_capacity(text.len());
        let mut origin = Vec::with_capacity(text.len() + 1);
        let mut origin_end = Vec::with_capacity(text.len());
        let mut pending_space: Option<usize> = None;
        let mut prev: Option<char> = None;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            // ASCII letters and digits, the bulk of news text, without decoding.
            if b.is_ascii_alphanumeric() {
                flush_space(
                    &mut folded,
                    &mut origin,
                    &mut origin_end,
                    &mut pending_space,
                );
                folded.push(char::from(b.to_ascii_lowercase()));
                origin.push(i);
                origin_end.push(i + 1);
                prev = Some(char::from(b));
                i += 1;
                continue;
            }
            let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
                break;
            };
            let end = i + c.len_utf8();
            let next = text.get(end..).and_then(|rest| rest.chars().next());
            if c.is_alphanumeric() {
                flush_space(
                    &mut folded,
                    &mut origin,
                    &mut origin_end,
                    &mut pending_space,
                );
                let ascii = deunicode::deunicode_char(c).unwrap_or("");
                let mut any = false;
                for b in ascii.bytes() {
                    if b.is_ascii_alphanumeric() {
                        folded.push(char::from(b.to_ascii_lowercase()));
                        origin.push(i);
                        origin_end.push(end);
                        any = true;
                    }
                }
                if !any {
                    pending_space.get_or_insert(i);
                }
            } else if is_combining(c) {
                // Combining marks vanish; the base letter already stands for them.
                if let Some(last) = origin_end.last_mut() {
                    *last = end;
                }
            } else if c == '.'
                && prev.is_some_and(|p| p.is_alphabetic())
                && next.is_some_and(char::is_alphabetic)
                && is_single_letter_before(text, i)
            {
                // "U.S." -> "us"
            } else if (c == '\'' || c == '’')
                && prev.is_some_and(char::is_alphabetic)
                && next.is_some_and(char::is_alphabetic)
                && !next_is_possessive_s(text, end)
            {
                // "O’Brien" -> "obrien"; but "China’s" -> "china s".
            } else {
                pending_space.get_or_insert(i);
            }
            prev = Some(c);
            i = end;
        }
        origin.push(text.len());
        FoldedText {
            folded,
            origin,
            origin_end,
        }
    }

    /// The original byte range of folded bytes `start..end` (`end` exclusive, > start).
    pub fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        let original_start = self.origin.get(start).copied().unwrap_or(0);
        let original_end = end
            .checked_sub(1)
            .and_then(|last| self.origin_end.get(last).copied())
            .unwrap_or(original_start);
        (original_start, original_end.max(original_start))
    }
}

fn flush_space(
    folded: &mut String,
    origin: &mut Vec<usize>,
    origin_end: &mut Vec<usize>,
    pending: &mut Option<usize>,
) {
    if let Some(at) = pending.take()
        && !folded.is_empty()
    {
        folded.push(' ');
        origin.push(at);
        origin_end.push(at + 1);
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
        assert_eq!(FoldedText::new(text).folded, expected);
    }

    #[test]
    fn folds_like_names_are_compared() {
        check("Recep Tayyip Erdoğan", "recep tayyip erdogan");
        check("İbrahim Kalın, the chief", "ibrahim kalin the chief");
        check("the U.S. envoy", "the us envoy");
        check("Belt-and-Road", "belt and road");
        check("China’s O’Brien", "china s obrien");
        check("  (SCO) ", "sco");
    }

    #[test]
    fn maps_back_to_original_offsets() {
        let text = "Mr. Çavuşoğlu’s visit";
        let folded = FoldedText::new(text);
        let start = folded.folded.find("cavusoglu").unwrap();
        let (a, b) = folded.original_range(start, start + "cavusoglu".len());
        assert_eq!(&text[a..b], "Çavuşoğlu");
    }
}
