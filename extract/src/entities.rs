//! Organisations, initiatives and countries: lexicon entries and name patterns
//! ("Ministry of ...", "... Initiative"), with acronyms introduced in brackets.

use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use entente_model::{OrganisationKind, Span};

use crate::doc::Doc;
use crate::index::IndexTable;
use crate::lexicon::{CountryForm, Hit};
use crate::text::TokenKind;

/// An organisation or initiative found in the document (document-local cluster).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub name: String,
    pub acronym: Option<String>,
    pub aliases: Vec<String>,
    pub kind: OrganisationKind,
    /// Index into `Lexicon::countries`.
    pub country: Option<usize>,
}

/// A mention of an organisation, initiative or country.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityMention {
    pub tokens: Range<usize>,
    pub span: Span,
    pub target: Target,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Organisation(usize),
    Initiative(usize),
    /// Index into `Lexicon::countries`, and how it was named.
    Country(usize, CountryForm),
}

/// Everything this stage found.
#[derive(Debug, Default)]
pub struct Entities {
    pub organisations: Vec<Named>,
    pub initiatives: Vec<Named>,
    pub mentions: Vec<EntityMention>,
    /// For each token, whether an organisation or initiative name covers it.
    pub covered: Vec<bool>,
    /// For each token, the first mention starting there / ending right before it.
    start_at: IndexTable,
    end_at: IndexTable,
}

impl Entities {
    /// The first mention that starts at token `i`.
    pub fn starting_at(&self, i: usize) -> Option<&EntityMention> {
        self.start_at.get(i).and_then(|m| self.mentions.get(m))
    }

    /// The first mention whose last token is `end - 1`.
    pub fn ending_at(&self, end: usize) -> Option<&EntityMention> {
        self.end_at.get(end).and_then(|m| self.mentions.get(m))
    }

    fn index(&mut self, n_tokens: usize) {
        self.start_at = IndexTable::new(n_tokens + 1, self.mentions.len());
        self.end_at = IndexTable::new(n_tokens + 1, self.mentions.len());
        for (k, m) in self.mentions.iter().enumerate() {
            self.start_at.set_if_empty(m.tokens.start, k);
            self.end_at.set_if_empty(m.tokens.end, k);
        }
    }
}

/// A quick pre-test for a fixed list of ASCII words: for each first byte, the lengths of
/// the words starting with it. A word it rejects is in the list under no spelling; one
/// it accepts still needs the exact comparison. Most words of a text are rejected in a
/// few instructions, instead of one comparison per word of the list.
pub struct WordShapes([u64; 256]);

impl WordShapes {
    pub const fn new(words: &[&str]) -> WordShapes {
        let mut table = [0u64; 256];
        let mut k = 0;
        while k < words.len() {
            let bytes = words[k].as_bytes();
            if !bytes.is_empty() && bytes.len() < 64 {
                table[bytes[0] as usize] |= 1 << bytes.len();
            }
            k += 1;
        }
        WordShapes(table)
    }

    /// [`WordShapes::may_hold`] of an ASCII word in lower case, given as written.
    pub fn may_hold_ascii(&self, word: &[u8]) -> bool {
        match word.first() {
            Some(&first) if word.len() < 64 => {
                (self.0[usize::from(first.to_ascii_lowercase())] >> word.len()) & 1 == 1
            }
            _ => false,
        }
    }

    /// Could `word` be one of the words? (Never false for one of them.)
    pub fn may_hold(&self, word: &str) -> bool {
        self.may_hold_bytes(word.as_bytes())
    }

    /// [`WordShapes::may_hold`] of a word's bytes.
    pub fn may_hold_bytes(&self, bytes: &[u8]) -> bool {
        match bytes.first() {
            Some(&first) if bytes.len() < 64 => {
                (self.0[usize::from(first)] >> bytes.len()) & 1 == 1
            }
            _ => false,
        }
    }
}

/// [`entente_model::fold`] of `text`, without its transliteration pass when `text` is
/// ASCII letters and digits in words of single spaces (most names): their lower case.
pub fn fold_key(text: &str) -> String {
    let bytes = text.as_bytes();
    let plain = bytes.first().is_some_and(u8::is_ascii_alphanumeric)
        && bytes.last().is_some_and(u8::is_ascii_alphanumeric)
        && bytes
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b == b' ')
        && !text.contains("  ");
    if plain {
        text.to_ascii_lowercase()
    } else {
        entente_model::fold(text)
    }
}

const ORG_HEADS: &[&str] = &[
    // Companies.
    "Biotechnologies",
    "Corp",
    "Enterprises",
    "Holdings",
    "Inc",
    "Industries",
    "Laboratories",
    "LLC",
    "Ltd",
    "Pharmaceuticals",
    "Sciences",
    "Scientific",
    "Strategies",
    "Technologies",
    // Public bodies and others.
    "Agency",
    "Alliance",
    "Army",
    "Assembly",
    "Association",
    "Authority",
    "Bank",
    "Board",
    "Bureau",
    "Cabinet",
    "Centre",
    "Center",
    "Chamber",
    "Coalition",
    "Command",
    "Commission",
    "Committee",
    "Company",
    "Confederation",
    "Congress",
    "Corporation",
    "Council",
    "Court",
    "Department",
    "Directorate",
    "Federation",
    "Forces",
    "Front",
    "Fund",
    "Group",
    "Guard",
    "Institute",
    "League",
    "Ministry",
    "Movement",
    "Office",
    "Organisation",
    "Organization",
    "Parliament",
    "Party",
    "Presidency",
    "Secretariat",
    "Service",
    "Tribunal",
    "Union",
    "University",
];

const INITIATIVE_HEADS: &[&str] = &[
    "Accord",
    "Accords",
    "Agreement",
    "Convention",
    "Corridor",
    "Initiative",
    "Pact",
    "Protocol",
    "Treaty",
];

/// Lower-case words allowed inside a multiword name.
const CONNECTORS: &[&str] = &["and", "for", "of", "on", "the", "&", "de", "du", "des"];

fn org_kind_of(head: &str, name: &str) -> OrganisationKind {
    match head {
        "Party" | "Front" | "Movement" if !name.contains("Liberation Army") => {
            OrganisationKind::Party
        }
        "Company" | "Corporation" | "Group" | "Biotechnologies" | "Corp" | "Enterprises"
        | "Holdings" | "Inc" | "Industries" | "Laboratories" | "LLC" | "Ltd"
        | "Pharmaceuticals" | "Sciences" | "Scientific" | "Strategies" | "Technologies" => {
            OrganisationKind::Company
        }
        "University" | "Institute" | "Centre" | "Center" | "Association" => OrganisationKind::Other,
        _ => OrganisationKind::Government,
    }
}

pub fn find(doc: &Doc) -> Entities {
    let _lexicon = doc.lexicon;
    let mut out = Entities {
        covered: vec![false; doc.tokens.len()],
        ..Entities::default()
    };
    let mut org_keys: HashMap<String, usize> = HashMap::default();
    let mut init_keys: HashMap<String, usize> = HashMap::default();
    let mut org_by_lexicon: HashMap<usize, usize> = HashMap::default();
    let mut init_by_lexicon: HashMap<usize, usize> = HashMap::default();

    for sentence in &doc.sentences {
        let mut i = sentence.tokens.start;
        while i < sentence.tokens.end {
            // 1. A name pattern ending in an organisation or initiative head word, which
            //    may embed lexicon entries ("Political Bureau of the Communist Party").
            if let Some((range, head, is_initiative)) = pattern_at(doc, i, sentence.tokens.end) {
                let name_range = range.clone();
                let name = doc.slice(doc.span_of(name_range.clone())).to_string();
                // A leading adjective is part of the name ("Turkish Foreign Ministry");
                // a country possessive before it is not, but gives the country
                // ("Türkiye’s Communications Directorate").
                let mut country = doc
                    .lex_starting(range.start)
                    .and_then(|m| country_hit(&m.hits));
                if country.is_none()
                    && range.start >= 2
                    && doc.tokens[range.start - 1].kind == TokenKind::Possessive
                {
                    country = doc
                        .lex_ending_before(range.start - 1)
                        .and_then(|m| country_hit(&m.hits));
                }
                if country.is_none() {
                    country = of_country(doc, &range);
                }
                let lexicon_entry = whole_lexicon_entry(doc, &name_range, is_initiative);
                let acronym = bracket_acronym(doc, range.end);
                let index = if is_initiative {
                    cluster(
                        &mut out.initiatives,
                        &mut init_keys,
                        &name,
                        acronym.as_deref(),
                        OrganisationKind::Other,
                        country,
                    )
                } else if let Some(entry) = lexicon_entry {
                    lexicon_org(
                        &mut out.organisations,
                        &mut org_keys,
                        &mut org_by_lexicon,
                        doc,
                        entry,
                        &name,
                    )
                } else {
                    cluster(
                        &mut out.organisations,
                        &mut org_keys,
                        &name,
                        acronym.as_deref(),
                        org_kind_of(head, &name),
                        country,
                    )
                };
                let target = if is_initiative {
                    Target::Initiative(index)
                } else {
                    Target::Organisation(index)
                };
                out.mentions.push(EntityMention {
                    tokens: name_range.clone(),
                    span: doc.span_of(name_range.clone()),
                    target,
                });
                for slot in &mut out.covered[name_range.clone()] {
                    *slot = true;
                }
                // An organisation of the lexicon inside the name is one too: "Political
                // Bureau of the Communist Party of China".
                let mut k = name_range.start + 1;
                while k < name_range.end {
                    if let Some(m) = doc
                        .lex_starting(k)
                        .filter(|m| m.tokens.end <= name_range.end)
                    {
                        let inner = m.tokens.clone();
                        if let Some(entry) = m.hits.iter().find_map(|h| match h {
                            Hit::Organisation(e) => Some(*e),
                            _ => None,
                        }) {
                            let surface = doc.slice(doc.span_of(inner.clone()));
                            let index = lexicon_org(
                                &mut out.organisations,
                                &mut org_keys,
                                &mut org_by_lexicon,
                                doc,
                                entry,
                                surface,
                            );
                            out.mentions.push(EntityMention {
                                span: doc.span_of(inner.clone()),
                                tokens: inner.clone(),
                                target: Target::Organisation(index),
                            });
                        }
                        k = inner.end;
                    } else {
                        k += 1;
                    }
                }
                let mut next = range.end;
                if acronym.is_some() {
                    next = (range.end + 3).min(sentence.tokens.end);
                    if let Some(a) = doc.tokens.get(range.end + 1) {
                        out.mentions.push(EntityMention {
                            tokens: range.end + 1..range.end + 2,
                            span: a.span(),
                            target,
                        });
                        for slot in out.covered.iter_mut().skip(range.end + 1).take(1) {
                            *slot = true;
                        }
                    }
                }
                i = next.max(i + 1);
                continue;
            }
            // 2. A lexicon entry.
            if let Some(m) = doc.lex_starting(i) {
                let range = m.tokens.clone();
                let span = doc.span_of(range.clone());
                let surface = doc.slice(span);
                let mut target = None;
                for hit in &m.hits {
                    match *hit {
                        Hit::Organisation(entry) => {
                            let index = lexicon_org(
                                &mut out.organisations,
                                &mut org_keys,
                                &mut org_by_lexicon,
                                doc,
                                entry,
                                surface,
                            );
                            target = Some(Target::Organisation(index));
                            break;
                        }
                        Hit::Initiative(entry) => {
                            let index = lexicon_initiative(
                                &mut out.initiatives,
                                &mut init_keys,
                                &mut init_by_lexicon,
                                doc,
                                entry,
                                surface,
                            );
                            target = Some(Target::Initiative(index));
                            break;
                        }
                        _ => {}
                    }
                }
                if target.is_none() {
                    for hit in &m.hits {
                        if let Hit::Country(c, form) = *hit {
                            target = Some(Target::Country(c, form));
                            break;
                        }
                    }
                }
                if let Some(target) = target {
                    if !matches!(target, Target::Country(..)) {
                        for slot in &mut out.covered[range.clone()] {
                            *slot = true;
                        }
                    }
                    out.mentions.push(EntityMention {
                        tokens: range.clone(),
                        span,
                        target,
                    });
                }
                i = range.end.max(i + 1);
                continue;
            }
            i += 1;
        }
    }
    out.index(doc.tokens.len());
    out
}

fn country_hit(hits: &[Hit]) -> Option<usize> {
    hits.iter().find_map(|h| match h {
        Hit::Country(c, _) => Some(*c),
        _ => None,
    })
}

/// "Ministry of Foreign Affairs of Türkiye": a country after the head.
fn of_country(doc: &Doc, range: &Range<usize>) -> Option<usize> {
    for i in range.clone() {
        if let Some(m) = doc.lex_starting(i)
            && let Some(c) = country_hit(&m.hits)
        {
            return Some(c);
        }
    }
    None
}

/// The lexicon organisation whose name is exactly `range`, if any.
fn whole_lexicon_entry(doc: &Doc, range: &Range<usize>, is_initiative: bool) -> Option<usize> {
    let m = doc.lex_starting(range.start)?;
    if m.tokens.end != range.end {
        return None;
    }
    m.hits.iter().find_map(|h| match (h, is_initiative) {
        (Hit::Organisation(e), false) => Some(*e),
        _ => None,
    })
}

/// An acronym in brackets right after a name: "(SCO)".
fn bracket_acronym(doc: &Doc, after: usize) -> Option<String> {
    if !doc.is_punct(after, '(') || !doc.is_punct(after + 2, ')') {
        return None;
    }
    let word = doc.tok(after + 1);
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    (letters.len() >= 2 && letters.iter().filter(|c| c.is_uppercase()).count() * 2 > letters.len())
        .then(|| word.to_string())
}

/// A capitalised name ending in an organisation or initiative head word, starting at
/// token `i`: returns its token range, the head word, and whether it is an initiative.
fn pattern_at(doc: &Doc, i: usize, end: usize) -> Option<(Range<usize>, &'static str, bool)> {
    let first = doc.tokens.get(i)?;
    if !first.upper || first.kind != TokenKind::Word {
        return None;
    }
    // A title ("Head of the ... Agency") is not the start of the organisation's name.
    if doc.lex_match(i).is_some_and(|m| {
        m.hits
            .iter()
            .all(|h| matches!(h, Hit::Title(_) | Hit::Honorific))
    }) {
        return None;
    }
    if doc.lexicon.is_stopword(doc.tok(i)) && is_head(doc.tok(i)).is_none() {
        // "The", "In" ...: a name does not start here. ("Ministry" may.)
        if !matches!(
            doc.tok(i),
            "National"
                | "State"
                | "Central"
                | "Joint"
                | "Supreme"
                | "Foreign"
                | "Defence"
                | "Defense"
                | "Global"
                | "International"
                | "Islamic"
                | "People"
                | "Federal"
                | "Presidential"
                | "Political"
                | "New"
                | "European"
        ) {
            return None;
        }
    }
    let mut j = i;
    let mut best: Option<(usize, &'static str, bool)> = None;
    while j < end {
        let t = doc.tokens[j];
        let word = doc.tok(j);
        // "China-Singapore (Chongqing) Connectivity Initiative": a bracketed place.
        if t.kind == TokenKind::Punct('(')
            && j > i
            && best.is_none()
            && doc.tokens.get(j + 1).is_some_and(|n| n.upper)
            && doc.is_punct(j + 2, ')')
            && doc
                .tokens
                .get(j + 3)
                .is_some_and(|n| n.upper && n.kind == TokenKind::Word)
        {
            j += 3;
            continue;
        }
        let ok = match t.kind {
            TokenKind::Word if t.upper => true,
            TokenKind::Word => CONNECTORS.contains(&word) && j > i,
            TokenKind::Number => j > i,
            TokenKind::Punct('-') => !t.space_before && j > i,
            TokenKind::Possessive => {
                // "People’s Liberation Army"
                j > i && doc.tok(j - 1) == "People"
            }
            _ => false,
        };
        if !ok {
            break;
        }
        // "National People’s Congress and the ...", "Initiative-New ...": a name ends
        // at "and" or a hyphen after its head.
        if best.is_some() && (word == "and" || t.kind == TokenKind::Punct('-')) {
            break;
        }
        if let Some(head) = is_head(word) {
            best = Some((j + 1, head.0, head.1));
        } else if best
            .is_some_and(|(b, _, init)| init && b == j && t.upper && t.kind == TokenKind::Word)
            && !doc.lexicon.is_stopword(word)
            && doc.tokens.get(j + 1).is_none_or(|n| !n.upper)
        {
            // "Chiang Mai Initiative Multilateralisation": one more word names it.
            if let Some((_, h, _)) = best {
                best = Some((j + 1, h, true));
            }
            // "Ministry of Foreign Affairs": extend over "of" + capitalised words.
        }
        j += 1;
    }
    let (stop, head, init) = best?;
    // "Ministry of Foreign Affairs": a head followed by "of" + capitalised words.
    let mut stop = stop;
    if matches!(
        head,
        "Ministry"
            | "Department"
            | "Office"
            | "Council"
            | "Organization"
            | "Organisation"
            | "Bureau"
            | "Committee"
            | "Commission"
            | "Union"
            | "League"
            | "Bank"
            | "Court"
            | "Assembly"
            | "Party"
            | "Agency"
            | "Directorate"
            | "Presidency"
            | "University"
            | "Institute"
    ) && (doc.is(stop, "of") || doc.is(stop, "for"))
    {
        let mut k = stop + 1;
        if doc.is(k, "the") {
            k += 1;
        }
        let start_k = k;
        while k < end
            && (doc.tokens[k].kind == TokenKind::Word
                && (doc.tokens[k].upper || (doc.is(k, "and") && k > start_k))
                || (doc.tokens[k].kind == TokenKind::Possessive && doc.tok(k - 1) == "People"))
        {
            k += 1;
        }
        while k > start_k && !doc.tokens[k - 1].upper {
            k -= 1;
        }
        if k > start_k {
            stop = k;
        }
    }
    // Trim trailing connectors.
    while stop > i + 1
        && !doc.tokens[stop - 1].upper
        && doc.tokens[stop - 1].kind != TokenKind::Number
    {
        stop -= 1;
    }
    // A bare head word alone ("Ministry", "Council") is generic.
    let words = (i..stop)
        .filter(|&k| doc.tokens[k].kind == TokenKind::Word)
        .count();
    if words < 2 {
        return None;
    }
    // A name that is only a lexicon phrase of another kind plus nothing is left to the
    // lexicon pass (it handles countries and titles); require the head to be last.
    Some((i..stop, head, init))
}

fn is_head(word: &str) -> Option<(&'static str, bool)> {
    static ORG_SHAPES: WordShapes = WordShapes::new(ORG_HEADS);
    static INITIATIVE_SHAPES: WordShapes = WordShapes::new(INITIATIVE_HEADS);
    // Every head is a capitalised word of three letters or more.
    if word.len() < 3 || !word.as_bytes()[0].is_ascii_uppercase() {
        return None;
    }
    if !ORG_SHAPES.may_hold(word) && !INITIATIVE_SHAPES.may_hold(word) {
        return None;
    }
    // One lookup instead of a comparison per head word; an organisation head wins.
    static HEADS: LazyLock<HashMap<&'static str, (&'static str, bool)>> = LazyLock::new(|| {
        let initiatives = INITIATIVE_HEADS.iter().map(|h| (*h, (*h, true)));
        let organisations = ORG_HEADS.iter().map(|h| (*h, (*h, false)));
        initiatives.chain(organisations).collect()
    });
    HEADS.get(word).copied()
}

fn cluster(
    items: &mut Vec<Named>,
    keys: &mut HashMap<String, usize>,
    name: &str,
    acronym: Option<&str>,
    kind: OrganisationKind,
    country: Option<usize>,
) -> usize {
    let key = fold_key(name);
    let acronym_key = acronym.map(fold_key);
    let existing = keys
        .get(&key)
        .or_else(|| acronym_key.as_ref().and_then(|k| keys.get(k)))
        .copied();
    if let Some(index) = existing {
        let item = &mut items[index];
        if item.name != name && !item.aliases.iter().any(|a| a == name) {
            item.aliases.push(name.to_string());
        }
        if item.acronym.is_none() {
            item.acronym = acronym.map(String::from);
        }
        if item.country.is_none() {
            item.country = country;
        }
        keys.insert(key, index);
        if let Some(k) = acronym_key {
            keys.insert(k, index);
        }
        return index;
    }
    let index = items.len();
    keys.insert(key, index);
    if let Some(k) = acronym_key {
        keys.insert(k, index);
    }
    items.push(Named {
        name: name.to_string(),
        acronym: acronym.map(String::from),
        aliases: Vec::new(),
        kind,
        country,
    });
    index
}

fn lexicon_org(
    items: &mut Vec<Named>,
    keys: &mut HashMap<String, usize>,
    by_lexicon: &mut HashMap<usize, usize>,
    doc: &Doc,
    entry: usize,
    surface: &str,
) -> usize {
    let Some(e) = doc.lexicon.organisations.get(entry) else {
        return cluster(items, keys, surface, None, OrganisationKind::Other, None);
    };
    let index = match by_lexicon.get(&entry) {
        Some(&index) => index,
        None => {
            // A pattern may have made the same organisation already, under its name.
            let index = cluster(
                items,
                keys,
                &e.name,
                e.acronym.as_deref(),
                e.kind,
                e.country,
            );
            items[index].kind = e.kind;
            by_lexicon.insert(entry, index);
            index
        }
    };
    add_alias(&mut items[index], surface);
    index
}

fn lexicon_initiative(
    items: &mut Vec<Named>,
    keys: &mut HashMap<String, usize>,
    by_lexicon: &mut HashMap<usize, usize>,
    doc: &Doc,
    entry: usize,
    surface: &str,
) -> usize {
    let Some(e) = doc.lexicon.initiatives.get(entry) else {
        return cluster(items, keys, surface, None, OrganisationKind::Other, None);
    };
    let index = match by_lexicon.get(&entry) {
        Some(&index) => index,
        None => {
            let index = cluster(
                items,
                keys,
                &e.name,
                None,
                OrganisationKind::Other,
                e.sponsor,
            );
            by_lexicon.insert(entry, index);
            index
        }
    };
    add_alias(&mut items[index], surface);
    index
}

fn add_alias(item: &mut Named, surface: &str) {
    if item.name != surface
        && item.acronym.as_deref() != Some(surface)
        && !item.aliases.iter().any(|a| a == surface)
    {
        item.aliases.push(surface.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::{INITIATIVE_HEADS, ORG_HEADS, WordShapes, is_head};

    #[track_caller]
    fn check(words: &[&str], word: &str, expected: bool) {
        assert_eq!(WordShapes::new(words).may_hold(word), expected, "{word}");
    }

    #[test]
    fn word_shapes_never_reject_a_word_of_the_list() {
        for list in [ORG_HEADS, INITIATIVE_HEADS] {
            for word in list {
                check(list, word, true);
                assert!(is_head(word).is_some(), "{word}");
            }
        }
        check(&["met", "talks"], "the", false);
        check(&["met", "talks"], "tal", false);
        check(&["met", "talks"], "", false);
        check(&["met", "talks"], "taxes", true);
        assert!(WordShapes::new(&["met"]).may_hold_ascii(b"MET"));
        assert!(!WordShapes::new(&["met"]).may_hold_ascii(b"MEET"));
        assert_eq!(is_head("Ministers"), None);
    }

    #[test]
    fn fold_key_is_fold() {
        for text in [
            "Ministry of Foreign Affairs",
            "Recep Tayyip Erdoğan",
            "U.N.",
            " Belt  and Road ",
            "Xi's",
            "G20 Summit",
            "",
            "a",
        ] {
            assert_eq!(super::fold_key(text), entente_model::fold(text), "{text}");
        }
    }
}
