//! Statements: direct quotes with their attribution (before, after, or carried over
//! from the previous quote), and reported speech after reporting verbs ("said that",
//! "urged ... to", "vowed to", ", adding that", "according to").

use std::ops::Range;

use entente_model::Span;

use crate::coref::{Found, Referent, Resolver, is_date_word};
use crate::doc::Doc;
use crate::text::{TokenKind, is_double_quote};

/// A statement found in the text, before ids are assigned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    pub speaker: Referent,
    pub addressee: Option<usize>,
    pub direct: bool,
    pub verb: Option<String>,
    /// The quoted words or reported content.
    pub content: Span,
    pub sentence: usize,
    pub rule: &'static str,
}

/// A quoted stretch: the tokens of its marks.
#[derive(Debug, Clone, Copy)]
struct Quote {
    open: usize,
    /// The closing mark, or one past the paragraph's last token when unclosed.
    close: usize,
    closed: bool,
}

pub fn find(resolver: &Resolver) -> Vec<Said> {
    let doc = resolver.doc;
    let mut out: Vec<Said> = Vec::new();
    let quotes = quotes(doc);
    let mut in_quote = vec![false; doc.tokens.len()];
    for q in &quotes {
        for slot in in_quote
            .iter_mut()
            .take(q.close.min(doc.tokens.len()))
            .skip(q.open)
        {
            *slot = true;
        }
    }
    // The verbs of the quotes' attributions, by token.
    let mut consumed_verbs = vec![false; doc.tokens.len()];
    let mut last_direct: Option<(usize, usize)> = None; // (person, paragraph)

    // Direct quotes.
    for q in &quotes {
        let Some(content) = quote_content(doc, q) else {
            continue;
        };
        let words = (q.open + 1..q.close)
            .filter(|&i| doc.tokens.get(i).is_some_and(|t| t.is_word()))
            .count();
        if words < 3 {
            continue;
        }
        let sentence_index = doc.sentence_of[q.open];
        let sentence = &doc.sentences[sentence_index];
        let paragraph = sentence.paragraph;
        let last_speaker = out.last().and_then(|s| match s.speaker {
            Referent::Person(p) => Some(p),
            _ => None,
        });
        let mut attribution: Option<(Found, usize)> = None;
        // After: `,” Erdogan said.` / `,” said X` / `,” he told Cai.`
        if q.closed {
            attribution = attribution_after(resolver, q.close + 1, last_speaker);
        }
        // Before: `X said: “` / `X said “` / `X said that “` / `X told ... that “`.
        if attribution.is_none() {
            attribution = attribution_before(resolver, q.open, last_speaker);
        }
        let at_start = q.open == sentence.tokens.start
            || doc.paragraphs[paragraph].start == doc.tokens[q.open].start;
        if let Some((found, verb)) = attribution {
            if let Some(slot) = consumed_verbs.get_mut(verb) {
                *slot = true;
            }
            let addressee = addressee_after(resolver, verb);
            if let Referent::Person(p) = found.referent {
                last_direct = Some((p, paragraph));
            }
            out.push(Said {
                speaker: found.referent,
                addressee,
                direct: true,
                verb: Some(doc.tok(verb).to_lowercase()),
                content,
                sentence: sentence_index,
                rule: "quote-attributed",
            });
        } else if at_start {
            // A quote opening its paragraph with no attribution continues the last
            // quoted speaker ("X said. / “More words.”").
            if let Some((p, para)) = last_direct
                && paragraph <= para + 2
            {
                out.push(Said {
                    speaker: Referent::Person(p),
                    addressee: None,
                    direct: true,
                    verb: None,
                    content,
                    sentence: sentence_index,
                    rule: "quote-continued",
                });
                last_direct = Some((p, paragraph));
            }
        }
    }

    // Reported speech.
    for (s, sentence) in doc.sentences.iter().enumerate() {
        if sentence.heading {
            continue;
        }
        for verb in sentence.tokens.clone() {
            // Each test only passes over the token, so their order changes nothing: the
            // cheapest first, and the reporting-verb bitset rules out nearly every word.
            if doc.tokens.get(verb).is_none_or(|t| t.upper) {
                continue;
            }
            let Some(lemma) = doc.reporting_verb(verb) else {
                continue;
            };
            if in_quote[verb] || consumed_verbs[verb] {
                continue;
            }
            let word = doc.tok(verb);
            if !is_finite(word) && !participle_after_comma(doc, verb) {
                continue;
            }
            // A base form ("highlight") is no report of speech; an "-s" form may be a
            // noun ("states", "calls") unless its subject stands right before it.
            if word == lemma {
                continue;
            }
            if word.ends_with('s')
                && !resolver
                    .subject_before(verb, 3, None)
                    .is_some_and(|f| matches!(f.referent, Referent::Person(_)) && f.end + 1 >= verb)
            {
                continue;
            }
            // "welcomed the Indonesian President Prabowo": a greeting, not words.
            if matches!(
                lemma,
                "welcome" | "thank" | "congratulate" | "greet" | "receive" | "host"
            ) && (verb + 1..(verb + 5).min(sentence.tokens.end))
                .any(|k| resolver.persons.at.get(k).is_some())
            {
                continue;
            }
            // "spoke to X by phone", "talked with X": an encounter, not words.
            if matches!(lemma, "speak" | "talk" | "chat")
                && (doc.is(verb + 1, "to") || doc.is(verb + 1, "with"))
            {
                continue;
            }
            if let Some(said) = reported(resolver, s, verb, lemma, &out) {
                out.push(said);
            }
        }
        // "according to X": the rest of the sentence is X's.
        let first = sentence.tokens.start;
        let tokens = doc.tokens.get(sentence.tokens.clone()).unwrap_or_default();
        for (k, t) in (first..).zip(tokens) {
            if t.end - t.start == "according".len()
                && doc.is(k, "according")
                && doc.is(k + 1, "to")
                && let Some(found) = resolver.subject_after(k + 2, sentence.tokens.end)
            {
                if !matches!(found.referent, Referent::Person(_)) {
                    continue;
                }
                let range = if k > sentence.tokens.start + 3 {
                    sentence.tokens.start..k
                } else {
                    found.end..sentence.tokens.end
                };
                // "According to his spokesman, X told Y that ...": X's own statement
                // is found at its verb.
                if range.clone().any(|v| {
                    !doc.tokens[v].upper && is_finite(doc.tok(v)) && doc.reporting_verb(v).is_some()
                }) {
                    continue;
                }
                let content = trim_span(doc, range);
                if let Some(content) = content
                    && has_words(doc, content, 4)
                    && !overlaps_direct(&out, content)
                {
                    out.push(Said {
                        speaker: found.referent,
                        addressee: None,
                        direct: false,
                        verb: Some("according to".into()),
                        content,
                        sentence: s,
                        rule: "according-to",
                    });
                }
            }
        }
    }
    out.sort_by_key(|s| (s.content.start, s.content.end));
    out.dedup_by(|b, a| a.content == b.content);
    out
}

/// Does `span` hold at least `n` words (runs without whitespace)? Reads only as far as
/// the `n`th.
fn has_words(doc: &Doc, span: Span, n: usize) -> bool {
    n == 0 || doc.slice(span).split_whitespace().nth(n - 1).is_some()
}

fn overlaps_direct(out: &[Said], content: Span) -> bool {
    out.iter().any(|s| {
        s.direct
            && s.content.start < content.end
            && content.start < s.content.end
            && s.content.len() * 2 > content.len()
    })
}

/// Finite reporting-verb forms: "said", "says", "told", "stressed" (not "saying").
fn is_finite(word: &str) -> bool {
    !word.ends_with("ing")
}

/// ", adding that", ", saying", ", warning that": a participle starting a new statement.
fn participle_after_comma(doc: &Doc, verb: usize) -> bool {
    verb > 0 && doc.is_punct(verb - 1, ',') && PARTICIPLES.contains(&doc.tok(verb))
}

/// Participles that open a statement of their own after a comma (", adding that").
const PARTICIPLES: &[&str] = &[
    "adding",
    "arguing",
    "asserting",
    "claiming",
    "emphasising",
    "emphasizing",
    "explaining",
    "insisting",
    "noting",
    "saying",
    "stressing",
    "underlining",
    "urging",
    "warning",
];

/// Pairs quotation marks in each paragraph.
fn quotes(doc: &Doc) -> Vec<Quote> {
    let mut out = Vec::new();
    // Sentences come in paragraph order: each paragraph's are one run.
    let mut rest = doc.sentences.as_slice();
    while let Some(first) = rest.first() {
        let n = rest.partition_point(|s| s.paragraph == first.paragraph);
        let (sentences, after) = rest.split_at(n);
        rest = after;
        // The paragraph's tokens, sentence by sentence (not copied out: most are no
        // quotation mark).
        let Some(last) = sentences
            .iter()
            .rev()
            .find_map(|s| s.tokens.clone().next_back())
        else {
            continue;
        };
        let mut open: Option<usize> = None;
        for sentence in sentences {
            let first = sentence.tokens.start;
            let tokens = doc.tokens.get(sentence.tokens.clone()).unwrap_or_default();
            for (i, t) in (first..).zip(tokens) {
                let TokenKind::Punct(c) = t.kind else {
                    continue;
                };
                if !is_double_quote(c) {
                    continue;
                }
                let opening = match c {
                    '“' | '«' | '„' => true,
                    '”' | '»' => false,
                    // A straight quote opens after a space or at the start.
                    _ => open.is_none(),
                };
                match (open, opening) {
                    (None, true) => open = Some(i),
                    (Some(o), false) => {
                        out.push(Quote {
                            open: o,
                            close: i,
                            closed: true,
                        });
                        open = None;
                    }
                    (Some(_), true) => open = Some(i),
                    (None, false) => {}
                }
            }
        }
        if let Some(o) = open {
            out.push(Quote {
                open: o,
                close: last + 1,
                closed: false,
            });
        }
    }
    out
}

/// The words between the marks, without trailing commas.
fn quote_content(doc: &Doc, q: &Quote) -> Option<Span> {
    trim_span(doc, q.open + 1..q.close)
}

/// The span of tokens `range` without leading/trailing punctuation other than the
/// closing marks that belong to the words.
fn trim_span(doc: &Doc, range: Range<usize>) -> Option<Span> {
    let mut a = range.start;
    let mut b = range.end.min(doc.tokens.len());
    // A dateline opening the sentence is not what was said: "JOHANNESBURG - ...".
    if doc.tokens.get(a).is_some_and(|t| t.is_word() && t.upper)
        && doc.tok(a).chars().filter(|c| c.is_alphabetic()).count() >= 3
        && doc.tok(a).chars().all(|c| !c.is_lowercase())
        && matches!(
            doc.tokens.get(a + 1).map(|t| t.kind),
            Some(TokenKind::Punct('-' | '—' | '–'))
        )
    {
        a += 2;
    }
    while a < b
        && matches!(doc.tokens[a].kind, TokenKind::Punct(c) if matches!(c, ',' | ':' | ';' | '-' | '—' | '–'))
    {
        a += 1;
    }
    while b > a
        && matches!(doc.tokens[b - 1].kind, TokenKind::Punct(c) if matches!(c, ',' | ':' | ';' | '.' | '-' | '—' | '–' | '('))
    {
        b -= 1;
    }
    (a < b).then(|| doc.span_of(a..b))
}

/// `,” Erdogan said` / `,” said X` / `,” he told Cai` right after a closing mark.
fn attribution_after(
    resolver: &Resolver,
    from: usize,
    last_speaker: Option<usize>,
) -> Option<(Found, usize)> {
    let doc = resolver.doc;
    let sentence = doc
        .sentences
        .get(*doc.sentence_of.get(from.saturating_sub(1))?)?;
    let end = sentence.tokens.end.min(from + 12);
    let mut i = from;
    while i < end && doc.is_punct(i, ',') {
        i += 1;
    }
    if i >= doc.tokens.len() {
        return None;
    }
    // Verb first: `said Turkish President X`.
    if doc.reporting_verb(i).is_some() && is_finite(doc.tok(i)) {
        let found = resolver.subject_after(i + 1, sentence.tokens.end)?;
        return Some((found, i));
    }
    // Subject first: find the verb within a few tokens.
    for v in i..end {
        if doc.tokens[v].kind == TokenKind::Punct('“') || doc.tokens[v].is_punct('"') {
            break;
        }
        if !doc.tokens[v].upper && doc.reporting_verb(v).is_some() && is_finite(doc.tok(v)) {
            let found = resolver.subject_before(v, v - i + 1, last_speaker)?;
            if found.start >= i {
                return Some((found, v));
            }
            return None;
        }
    }
    None
}

/// `X said: “` / `X said “` / `X said that “` / `X told the council on Friday that “`.
fn attribution_before(
    resolver: &Resolver,
    open: usize,
    last_speaker: Option<usize>,
) -> Option<(Found, usize)> {
    let doc = resolver.doc;
    let sentence = doc.sentences.get(*doc.sentence_of.get(open)?)?;
    let mut i = open;
    while i > sentence.tokens.start && matches!(doc.tokens[i - 1].kind, TokenKind::Punct(',' | ':'))
    {
        i -= 1;
    }
    if i == sentence.tokens.start {
        return None;
    }
    let prev = i - 1;
    let colon = i < open;
    let verb = if doc.reporting_verb(prev).is_some() {
        prev
    } else if colon && !doc.is(prev, "that") {
        // "told Serbian TV: “", "said in a statement: “": the verb a few words back.
        (prev.saturating_sub(6).max(sentence.tokens.start)..prev)
            .rev()
            .take_while(|&v| !matches!(doc.tokens[v].kind, TokenKind::Punct(c) if c == ',' || is_double_quote(c)))
            .find(|&v| !doc.tokens[v].upper && doc.reporting_verb(v).is_some())?
    } else if doc.is(prev, "that") {
        // The reporting verb is a little earlier: "told the council on Friday that".
        (prev.saturating_sub(10).max(sentence.tokens.start)..prev)
            .rev()
            .find(|&v| !doc.tokens[v].upper && doc.reporting_verb(v).is_some())?
    } else {
        return None;
    };
    if !is_finite(doc.tok(verb)) && !participle_after_comma(doc, verb) {
        return None;
    }
    let found = resolver.subject_before(verb, 14, last_speaker)?;
    Some((found, verb))
}

/// The person addressed by "told X".
fn addressee_after(resolver: &Resolver, verb: usize) -> Option<usize> {
    let doc = resolver.doc;
    if !matches!(doc.tok(verb), "told" | "tells" | "assured" | "urged") {
        return None;
    }
    let m = resolver.persons.at.get(verb + 1)?;
    Some(resolver.persons.mentions[m].person)
}

/// Reported speech at reporting verb `verb` of sentence `s`.
fn reported(
    resolver: &Resolver,
    s: usize,
    verb: usize,
    lemma: &str,
    earlier: &[Said],
) -> Option<Said> {
    let doc = resolver.doc;
    let sentence = &doc.sentences[s];
    let last_speaker = earlier
        .iter()
        .rev()
        .find(|x| x.sentence + 3 >= s && x.sentence <= s)
        .and_then(|x| match x.speaker {
            Referent::Person(p) => Some(p),
            _ => None,
        });
    let participle = participle_after_comma(doc, verb);
    // The speaker.
    let mut inverted = false;
    let found = if participle {
        // ", adding that": the subject of the main clause, or the last speaker.
        let main = earlier
            .iter()
            .rev()
            .find(|x| x.sentence == s && x.content.end <= doc.tokens[verb].start)
            .map(|x| x.speaker);
        match main {
            Some(referent) => Some(Found {
                referent,
                start: verb,
                end: verb,
            }),
            None => resolver.subject_before(verb, 40, last_speaker),
        }
    } else {
        match resolver.subject_before(verb, 20, last_speaker) {
            Some(found) => Some(found),
            None => {
                inverted = true;
                resolver.subject_after(verb + 1, sentence.tokens.end)
            }
        }
    }?;
    // The content.
    let end = sentence.tokens.end;
    let after_verb = content_start(doc, verb, end, lemma);
    let tail_words = (after_verb..end)
        .filter(|&k| doc.tokens[k].is_word())
        .count();
    let content_range = if inverted {
        // "..., said X on Saturday": the content is before the verb.
        let stop = (sentence.tokens.start..verb)
            .rev()
            .find(|&k| doc.is_punct(k, ','))?;
        sentence.tokens.start..stop
    } else if tail_words <= 4
        && found.start > sentence.tokens.start + 3
        && doc.is_punct(found.start - 1, ',')
    {
        // "..., Erdogan said." / "..., he said in a statement."
        sentence.tokens.start..found.start - 1
    } else {
        let stop = content_stop(doc, after_verb, end);
        after_verb..stop
    };
    if content_range.is_empty() {
        return None;
    }
    // Content that is one quoted stretch is the direct quote already found.
    let content = trim_span(doc, content_range.clone())?;
    if !has_words(doc, content, 3) {
        return None;
    }
    if overlaps_direct(earlier, content) {
        return None;
    }
    Some(Said {
        speaker: found.referent,
        addressee: addressee_after(resolver, verb),
        direct: false,
        verb: Some(doc.tok(verb).to_lowercase()),
        content,
        sentence: s,
        rule: if participle {
            "reported-participle"
        } else {
            "reported"
        },
    })
}

/// Where reported content starts after the verb: after "that" when one follows soon,
/// after "to" of "vowed to", after "for"/"on" of "called for", skipping dates.
fn content_start(doc: &Doc, verb: usize, end: usize, lemma: &str) -> usize {
    let mut k = verb + 1;
    // "that" within the next few tokens, before any comma or quote.
    for j in k..(k + 12).min(end) {
        if doc.is(j, "that") {
            return j + 1;
        }
        if matches!(doc.tokens[j].kind, TokenKind::Punct(c) if c == ',' || is_double_quote(c)) {
            break;
        }
    }
    while k < end && (is_date_word(doc.tok(k)) || doc.is(k, "on") && is_date_word(doc.tok(k + 1))) {
        k += 1;
    }
    if matches!(lemma, "call" | "point")
        && (doc.is(k, "for") || doc.is(k, "on") || doc.is(k, "out"))
    {
        k += 1;
    }
    if doc.is(k, "to") {
        k += 1;
    }
    while k < end && matches!(doc.tokens[k].kind, TokenKind::Punct(',' | ':')) {
        k += 1;
    }
    k
}

/// Where reported content stops: the end of the sentence, or a comma before a new
/// participle clause (", adding that", ", signalling ...").
fn content_stop(doc: &Doc, start: usize, end: usize) -> usize {
    let mut depth = 0i32;
    for k in start..end {
        match doc.tokens[k].kind {
            TokenKind::Punct('“') => depth += 1,
            TokenKind::Punct('”') => depth -= 1,
            TokenKind::Punct(',')
                if (doc.is(k + 1, "and") || doc.is(k + 1, "but"))
                    && (k + 2..(k + 6).min(end))
                        .any(|v| !doc.tokens[v].upper && doc.reporting_verb(v).is_some()) =>
            {
                // "..., and he added: ..." starts a statement of its own.
                return k;
            }
            TokenKind::Punct(',') => {
                // `manner,” signalling`: the comma may stand inside the closing mark.
                let mut n = k + 1;
                while doc
                    .tokens
                    .get(n)
                    .is_some_and(|t| matches!(t.kind, TokenKind::Punct('”' | '"')))
                {
                    n += 1;
                }
                if depth > 0 && n == k + 1 {
                    continue;
                }
                let next = doc.tok(n);
                if next.ends_with("ing") && next.chars().next().is_some_and(char::is_lowercase) {
                    // A participle clause ends the content: the writer's commentary
                    // (", signalling ...") or a new statement (", adding that").
                    return k;
                }
            }
            _ => {}
        }
    }
    end
}
