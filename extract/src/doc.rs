//! The analysed document every stage reads: paragraphs, sentences, tokens and the
//! lexicon matches, aligned to tokens.

use std::cell::OnceCell;
use std::ops::Range;

use chrono::NaiveDate;
use entente_model::Span;

use crate::case::{LowerText, LowercaseWords, first_lowered};
use crate::fold::FoldedText;
use crate::index::IndexTable;
use crate::lexicon::{Hit, Lexicon, LexiconMatch};
use crate::text::{self, Token, TokenKind};

/// One sentence of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub span: Span,
    pub paragraph: usize,
    /// Indices into [`Doc::tokens`].
    pub tokens: Range<usize>,
    /// A headline or section heading: no final punctuation, mostly capitalised words.
    pub heading: bool,
}

/// A lexicon match aligned to tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexTokens {
    pub tokens: Range<usize>,
    pub hits: Vec<Hit>,
}

/// The document as every stage sees it.
#[derive(Debug)]
pub struct Doc<'a> {
    pub text: &'a str,
    pub published: Option<NaiveDate>,
    pub paragraphs: Vec<Span>,
    pub sentences: Vec<Sentence>,
    pub tokens: Vec<Token>,
    /// Sentence index of each token.
    pub sentence_of: Vec<usize>,
    pub lex: Vec<LexTokens>,
    /// For each token, the index into `lex` of the match covering it.
    pub lex_at: IndexTable,
    pub lexicon: &'a Lexicon,
    /// The words of the body that start with a lower-case letter (those that some
    /// capitalised word could be): made at the first [`Doc::has_lowercase_form`].
    lowercase_words: OnceCell<LowercaseWords<'a>>,
    /// The lower case of every token.
    lower: LowerText,
}

impl<'a> Doc<'a> {
    pub fn new(text: &'a str, published: Option<NaiveDate>, lexicon: &'a Lexicon) -> Doc<'a> {
        let paragraphs = text::paragraphs(text);
        // News text has a token every five bytes or so: sized once, not grown.
        let mut tokens = Vec::with_capacity(text.len() / 4 + 16);
        let mut sentences = Vec::new();
        let mut sentence_of = Vec::with_capacity(text.len() / 4 + 16);
        let mut lex = Vec::new();
        let mut spans = Vec::new();
        // Lexicon buffers reused across paragraphs.
        let mut folded = FoldedText::default();
        let mut found = Vec::new();
        for (p, &paragraph) in paragraphs.iter().enumerate() {
            spans.clear();
            let first_token = tokens.len();
            // The paragraph's tokens go straight to the end of the document's.
            text::tokenize(text, paragraph, &mut tokens);
            let para_tokens = &tokens[first_token..];
            text::sentences(text, paragraph, para_tokens, &mut spans);
            let heading = is_heading(text, paragraph, para_tokens);
            // Assign tokens to sentences.
            let mut t = first_token;
            for &span in &spans {
                let start = t;
                while t < tokens.len() && tokens[t].start < span.end {
                    t += 1;
                }
                let index = sentences.len();
                sentence_of.extend(std::iter::repeat_n(index, t - start));
                sentences.push(Sentence {
                    span,
                    paragraph: p,
                    tokens: start..t,
                    heading,
                });
            }
            while sentence_of.len() < tokens.len() {
                sentence_of.push(sentences.len().saturating_sub(1));
            }
            // Lexicon matches of this paragraph.
            let Some(slice) = text.get(paragraph.start..paragraph.end) else {
                continue;
            };
            lexicon.find_into(slice, &mut folded, &mut found);
            for LexiconMatch { start, end, hits } in found.drain(..) {
                let (start, end) = (start + paragraph.start, end + paragraph.start);
                let range = &tokens[first_token..];
                // Tokens are sorted by start: a binary search keeps a long paragraph linear.
                let a = range.partition_point(|t| t.start < start);
                if range.get(a).is_none_or(|t| t.start != start) {
                    continue;
                }
                let Some(b) = range[a..].iter().position(|t| t.end >= end) else {
                    continue;
                };
                // A match ending inside a token ("U.S" of "U.S.") still covers it.
                let (a, b) = (first_token + a, first_token + a + b + 1);
                lex.push(LexTokens { tokens: a..b, hits });
            }
        }
        let mut lex_at = IndexTable::new(tokens.len(), lex.len());
        for (i, m) in lex.iter().enumerate() {
            lex_at.set_range(m.tokens.clone(), i);
        }
        let lower = LowerText::new(text, &tokens);
        Doc {
            lower,
            lowercase_words: OnceCell::new(),
            text,
            published,
            paragraphs,
            sentences,
            tokens,
            sentence_of,
            lex,
            lex_at,
            lexicon,
        }
    }

    /// Does the word of token `i` (capitalised here) also stand in lower case somewhere
    /// in the article?
    pub fn has_lowercase_form(&self, i: usize) -> bool {
        let Some(t) = self.tokens.get(i) else {
            return false;
        };
        let word = t.text(self.text);
        if !(t.kind == TokenKind::Word && t.upper) {
            // No capitalised word, which the set is made for (and no caller asks about).
            let lower = first_lowered(word);
            return lower != word
                && self.tokens.iter().any(|u| {
                    u.kind == TokenKind::Word
                        && !u.upper
                        && u.text(self.text)
                            .chars()
                            .next()
                            .is_some_and(char::is_lowercase)
                        && u.text(self.text) == lower
                });
        }
        let words = self
            .lowercase_words
            .get_or_init(|| LowercaseWords::new(self.text, &self.tokens));
        let bytes = word.as_bytes();
        // The common case, an ASCII capital, lower-cased on the stack.
        if let Some(&first) = bytes.first()
            && first.is_ascii_uppercase()
            && bytes.len() <= 64
        {
            let mut buffer = [0u8; 64];
            buffer[..bytes.len()].copy_from_slice(bytes);
            buffer[0] = first.to_ascii_lowercase();
            return words.contains(&buffer[..bytes.len()], &buffer);
        }
        let lower = first_lowered(word);
        lower != word && words.contains(lower.as_bytes(), lower.as_bytes())
    }

    /// The lemma of the reporting verb at token `i`, if it is one.
    #[inline]
    pub fn reporting_verb(&self, i: usize) -> Option<&'a str> {
        if self.tokens.get(i)?.kind != TokenKind::Word {
            return None;
        }
        // Most words are ruled out on their bytes, before any string is made.
        if let Some((word, padded)) = self.low_ascii(i)
            && (word.len() < 3 || !self.lexicon.may_be_reporting_verb(word, padded))
        {
            return None;
        }
        let word = self.low(i);
        if word.len() < 3 {
            return None;
        }
        self.lexicon.reporting_verb_lower(word)
    }

    /// The lower case of token `i` as bytes, and the lower-cased text from it on, when
    /// the token is ASCII: for quick pre-tests of a word (see [`LowerText::ascii`]).
    pub fn low_ascii(&self, i: usize) -> Option<(&[u8], &[u8])> {
        self.lower.ascii(&self.tokens, i)
    }

    /// The lower-cased text of token `i` ("" past the end).
    pub fn low(&self, i: usize) -> &str {
        self.lower.get(&self.tokens, i)
    }

    pub fn tok(&self, i: usize) -> &str {
        self.tokens.get(i).map_or("", |t| t.text(self.text))
    }

    /// The lexicon match covering token `i`, if any.
    pub fn lex_match(&self, i: usize) -> Option<&LexTokens> {
        self.lex_at.get(i).and_then(|m| self.lex.get(m))
    }

    /// The lexicon match that starts at token `i`.
    pub fn lex_starting(&self, i: usize) -> Option<&LexTokens> {
        self.lex_match(i).filter(|m| m.tokens.start == i)
    }

    /// The lexicon match that ends right before token `i` (ends at `i - 1`).
    pub fn lex_ending_before(&self, i: usize) -> Option<&LexTokens> {
        i.checked_sub(1)
            .and_then(|j| self.lex_match(j))
            .filter(|m| m.tokens.end == i)
    }

    /// The byte span of tokens `range`.
    pub fn span_of(&self, range: Range<usize>) -> Span {
        match (
            self.tokens.get(range.start),
            range.end.checked_sub(1).and_then(|e| self.tokens.get(e)),
        ) {
            (Some(a), Some(b)) if range.start < range.end => Span::new(a.start, b.end),
            _ => Span::new(0, 0),
        }
    }

    pub fn slice(&self, span: Span) -> &'a str {
        span.slice(self.text)
    }

    /// The lower-cased text of token `i` equals `word` (ASCII).
    pub fn is(&self, i: usize, word: &str) -> bool {
        self.tok(i).eq_ignore_ascii_case(word)
    }

    pub fn is_punct(&self, i: usize, c: char) -> bool {
        self.tokens
            .get(i)
            .is_some_and(|t| t.kind == TokenKind::Punct(c))
    }
}

fn is_heading(text: &str, paragraph: Span, tokens: &[Token]) -> bool {
    let Some(last) = tokens.last() else {
        return false;
    };
    let ends_like_prose = matches!(last.kind, TokenKind::Punct(c) if matches!(c, '.' | '!' | '?' | '"' | '”' | ':' | ')'));
    if ends_like_prose {
        return false;
    }
    let words: Vec<&Token> = tokens
        .iter()
        .filter(|t| t.kind == TokenKind::Word)
        .collect();
    if words.is_empty() || words.len() > 16 {
        return false;
    }
    let upper = words.iter().filter(|t| t.upper).count();
    let _ = (text, paragraph);
    // Title case, or a short line with some capitals ("Putin apology to Serbia over
    // Russian spokeswoman Zakharova", "Meeting with Xi").
    upper * 2 >= words.len() || (words.len() <= 14 && upper * 4 >= words.len())
}
