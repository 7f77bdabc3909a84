//! The one stored text: NFC, LF line ends, no BOM, no NUL, trimmed; and its sha256.

use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

/// A normalised text and what normalisation had to change that a user should hear of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalised {
    pub text: String,
    /// How many NUL characters were dropped.
    pub nul_dropped: usize,
}

/// Normalises raw article text: drops a BOM and NUL characters, turns CRLF and lone CR
/// into LF, composes to NFC and trims surrounding whitespace.
pub fn normalise_text(raw: &str) -> Normalised {
    let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    // Most texts need nothing but the trim: no CR, no NUL, and already NFC (ASCII is).
    let bytes = raw.as_bytes();
    if !bytes.contains(&b'\r')
        && !bytes.contains(&0)
        && (raw.is_ascii()
            || unicode_normalization::is_nfc_quick(raw.chars())
                == unicode_normalization::IsNormalized::Yes)
    {
        return Normalised {
            text: raw.trim().to_string(),
            nul_dropped: 0,
        };
    }
    let nul_dropped = raw.bytes().filter(|&b| b == 0).count();
    let mut unified = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\0' => {}
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                unified.push('\n');
            }
            _ => unified.push(c),
        }
    }
    let text = if unicode_normalization::is_nfc(&unified) {
        unified.trim().to_string()
    } else {
        unified.nfc().collect::<String>().trim().to_string()
    };
    Normalised { text, nul_dropped }
}

/// Lower-case hex sha256 of a text.
pub fn sha256_hex(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut out = String::with_capacity(64);
    for byte in digest {
        out.push(char::from_digit(u32::from(byte >> 4), 16).unwrap_or('0'));
        out.push(char::from_digit(u32::from(byte & 0xf), 16).unwrap_or('0'));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(raw: &str, expected: &str) {
        assert_eq!(normalise_text(raw).text, expected);
    }

    #[test]
    fn normalises_line_ends_bom_nul_and_composition() {
        check(
            "\u{feff}Ankara\r\nBeijing\rTianjin\n",
            "Ankara\nBeijing\nTianjin",
        );
        check("  T\u{fc}rkiye \0 ", "T\u{fc}rkiye");
        check("Tu\u{308}rkiye", "T\u{fc}rkiye");
        assert_eq!(normalise_text("a\0b\0").nul_dropped, 2);
    }

    #[test]
    fn texts_needing_only_a_trim_take_the_short_way_to_the_same_result() {
        check(
            "\n  Ankara and Beijing\n\nsigned.  \n",
            "Ankara and Beijing\n\nsigned.",
        );
        check(
            "\u{feff}T\u{fc}rkiye\u{2019}s \u{201c}century\u{201d}",
            "T\u{fc}rkiye\u{2019}s \u{201c}century\u{201d}",
        );
        // Decomposed text is not quick-checked as NFC: the long way composes it.
        check(" Tu\u{308}rkiye\n", "T\u{fc}rkiye");
        assert_eq!(normalise_text("Ankara.").nul_dropped, 0);
    }

    #[test]
    fn sha256_matches_known_value() {
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
