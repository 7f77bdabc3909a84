//! The one folding of names used for matching everywhere: "Erdoğan" = "erdogan".

/// Folds a name for matching: transliterated to ASCII (ı ø ß too), lower case, dots of
/// acronyms dropped ("U.N." = "un"), other punctuation turned into spaces, whitespace
/// collapsed. Display forms keep their diacritics; only keys are folded.
pub fn fold(text: &str) -> String {
    let ascii = deunicode::deunicode(text);
    let mut out = String::with_capacity(ascii.len());
    let mut pending_space = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c.to_ascii_lowercase());
        } else if c == '.' || c == '\'' || c == '\u{2019}' {
            // "U.N." -> "un", "Xi's" stays one word; apostrophes vanish.
        } else {
            pending_space = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[track_caller]
    fn check(input: &str, expected: &str) {
        assert_eq!(fold(input), expected);
    }

    #[test]
    fn folds_diacritics_case_and_punctuation() {
        check("Recep Tayyip Erdoğan", "recep tayyip erdogan");
        check("İbrahim Kalın", "ibrahim kalin");
        check("U.N.", "un");
        check("  Belt-and-Road  ", "belt and road");
        check("People's Liberation Army", "peoples liberation army");
        check("Søren Straße", "soren strasse");
    }
}
