//! Persons: names after titles and honorifics, capitalised name sequences that are
//! neither places nor organisations, and every later form of the same person
//! (surname alone, re-ordered names) joined to one document-local cluster.

use std::borrow::Cow;
use std::ops::Range;

use rustc_hash::FxHashMap;

use entente_model::Span;

use crate::doc::Doc;
use crate::entities::{Entities, Target, WordShapes, fold_key};
use crate::index::IndexTable;
use crate::lexicon::Hit;
use crate::text::TokenKind;

/// A title seen before or beside a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleSeen {
    pub name: String,
    pub country: Option<usize>,
    pub organisation: Option<String>,
}

/// One person of the document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Person {
    /// The fullest form seen.
    pub name: String,
    /// Folded words of `name`.
    pub words: Vec<String>,
    /// Every surface form, in order of appearance.
    pub forms: Vec<String>,
    pub country: Option<usize>,
    pub titles: Vec<TitleSeen>,
}

/// One mention of a person by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonMention {
    pub tokens: Range<usize>,
    pub span: Span,
    pub person: usize,
    /// Tokens of the title before the name, if any (with its country words).
    pub title: Option<Range<usize>>,
}

#[derive(Debug, Default)]
pub struct Persons {
    pub people: Vec<Person>,
    /// Sorted by position.
    pub mentions: Vec<PersonMention>,
    /// For each token, the index of the mention covering it.
    pub at: IndexTable,
}

/// Lower-case particles inside names: "Mohammed bin Salman", "Bashar al-Assad".
const PARTICLES: &[&str] = &[
    "al", "bin", "bint", "ibn", "van", "von", "de", "da", "del", "der", "di", "du", "dos", "el",
    "la", "le", "ul", "ur", "ben", "abu",
];

/// Capitalised words that make a sequence a place, event or institution, not a person.
const NOT_PERSON_WORDS: &[&str] = &[
    "Academy",
    "Accord",
    "Act",
    "Administration",
    "Affairs",
    "Agency",
    "Airlines",
    "Airport",
    "Airways",
    "Alliance",
    "Army",
    "Assistant",
    "Association",
    "Avenue",
    "Award",
    "Bay",
    "Bridge",
    "Canal",
    "Cathedral",
    "Caucus",
    "Center",
    "Centre",
    "Century",
    "Church",
    "City",
    "Coalition",
    "Coast",
    "College",
    "Committee",
    "Company",
    "Conference",
    "Congress",
    "Corporation",
    "Corridor",
    "Council",
    "County",
    "Crisis",
    "Cup",
    "Daily",
    "Day",
    "Department",
    "Desert",
    "District",
    "Dynasty",
    "East",
    "Economic",
    "Emirates",
    "Empire",
    "Era",
    "Executive",
    "Forces",
    "Forum",
    "Foundation",
    "Games",
    "Global",
    "Group",
    "Guesthouse",
    "Gulf",
    "Hall",
    "Heights",
    "Holdings",
    "Hospital",
    "Hotel",
    "House",
    "Initiative",
    "Institute",
    "Island",
    "Islands",
    "Journal",
    "Kingdom",
    "Lake",
    "Ministry",
    "Mosque",
    "Mountain",
    "Mountains",
    "Museum",
    "Navy",
    "News",
    "North",
    "Ocean",
    "Olympics",
    "Order",
    "Palace",
    "Park",
    "Party",
    "Peninsula",
    "Plaza",
    "Police",
    "Port",
    "Post",
    "Prize",
    "Program",
    "Programme",
    "Province",
    "Radio",
    "Region",
    "Republic",
    "Revolution",
    "River",
    "Road",
    "School",
    "Sea",
    "Senate",
    "Services",
    "South",
    "Square",
    "Stadium",
    "State",
    "States",
    "Station",
    "Strait",
    "Street",
    "Strip",
    "Summit",
    "Television",
    "Temple",
    "Times",
    "Tower",
    "Treaty",
    "Union",
    "University",
    "Valley",
    "War",
    "Week",
    "West",
    "Zone",
];

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Lower-case words after a hyphen that make a compound, not a name: "Erdogan-led".
const NOT_NAME_SUFFIXES: &[&str] = &[
    "area", "based", "born", "bound", "era", "free", "house", "led", "like", "linked", "made",
    "owned", "run", "style", "type", "wide",
];

/// Title words that describe a relation, not an office: used for the country, never
/// stored as a title.
const RELATION_TITLES: &[&str] = &["counterpart", "counterparts", "leader", "leaders", "host"];

fn is_particle(word: &str) -> bool {
    static SHAPES: WordShapes = WordShapes::new(PARTICLES);
    SHAPES.may_hold(word) && PARTICLES.contains(&word)
}

/// [`is_particle`] of the word in lower case, without building it when it is ASCII.
fn is_particle_any_case(word: &str) -> bool {
    if word.is_ascii() {
        word.len() <= 4 && PARTICLES.iter().any(|p| p.eq_ignore_ascii_case(word))
    } else {
        is_particle(&word.to_lowercase())
    }
}

/// A name with evidence: its tokens, the title before it, and what the title says.
type Found = (Range<usize>, Option<Range<usize>>, Option<TitleSeen>);

struct Run {
    tokens: Range<usize>,
    /// Number of name words (not particles, hyphens or initial dots).
    words: usize,
}

pub fn find(doc: &Doc, entities: &Entities) -> Persons {
    let mut persons = Persons::default();
    let mut found: Vec<Found> = Vec::new();
    let mut single_candidates: Vec<Range<usize>> = Vec::new();

    // Pass 1: names with evidence.
    for sentence in &doc.sentences {
        let mut i = sentence.tokens.start;
        while i < sentence.tokens.end {
            // A name starts at a capitalised word or a particle joined by a hyphen
            // ("al-Sharaa"); no other token needs a look.
            let t = doc.tokens[i];
            if t.kind != TokenKind::Word || !(t.upper || doc.is_punct(i + 1, '-')) {
                i += 1;
                continue;
            }
            let Some(run) = name_run(doc, entities, i, sentence.tokens.end) else {
                i += 1;
                continue;
            };
            let next = run.tokens.end;
            // "Secretary of Transportation Sean Duffy": the department belongs to the
            // title, not the name.
            let mut run = run;
            if run.words >= 3
                && run.tokens.start >= 2
                && doc.is(run.tokens.start - 1, "of")
                && doc
                    .lex_ending_before(run.tokens.start - 1)
                    .is_some_and(|m| m.hits.iter().any(|h| matches!(h, Hit::Title(_))))
            {
                run.tokens.start += 1;
                run.words -= 1;
            }
            // "Recall Donald Trump shipped ...", "under Sleepy Joe Biden": capitalised
            // words before a known person's full name are no part of it (the whole is
            // not a known name, the rest is).
            if run.words >= 3
                && let Some(start) = known_person_within(doc, &run.tokens)
            {
                run.words -= (run.tokens.start..start)
                    .filter(|&k| doc.tokens[k].is_word())
                    .count();
                run.tokens.start = start;
            }
            let (title_range, title) = title_before(doc, entities, run.tokens.start);
            let strong = title_range.is_some();
            let accepted = if sentence.heading {
                false
            } else if run.words >= 2 {
                strong || plausible_full_name(doc, entities, &run)
            } else {
                strong
            };
            // User dictionary: see the block at the end of this file.
            let accepted = accepted || (!sentence.heading && dictionary_run(doc, &run.tokens));
            if accepted {
                found.push((run.tokens.clone(), title_range, title));
            } else if run.words <= 2 {
                single_candidates.push(run.tokens.clone());
            }
            i = next.max(i + 1);
        }
    }

    // Cluster the names with evidence, fullest names first so that a surname seen
    // before the full name still joins it.
    let mut order: Vec<usize> = (0..found.len()).collect();
    order.sort_by_key(|&k| std::cmp::Reverse(found[k].0.len()));
    let mut assigned: Vec<Option<usize>> = vec![None; found.len()];
    for &k in &order {
        let (range, _, _) = &found[k];
        let surface = name_surface(doc, range);
        let words = folded_words(doc, range);
        if words.is_empty() {
            continue;
        }
        match join(&persons.people, &words) {
            Join::One(p) => {
                let person = &mut persons.people[p];
                if words.len() > person.words.len() {
                    person.name = surface.clone();
                    person.words = words;
                }
                assigned[k] = Some(p);
            }
            Join::Ambiguous => {}
            Join::None => {
                persons.people.push(Person {
                    name: surface.clone(),
                    words,
                    forms: Vec::new(),
                    country: None,
                    titles: Vec::new(),
                });
                assigned[k] = Some(persons.people.len() - 1);
            }
        }
    }
    let mut mentions = Vec::new();
    for (k, (range, title_range, title)) in found.into_iter().enumerate() {
        let Some(p) = assigned[k] else { continue };
        let person = &mut persons.people[p];
        if let Some(title) = title {
            if person.country.is_none() {
                person.country = title.country;
            }
            if !person.titles.contains(&title) {
                person.titles.push(title);
            }
        }
        if person.country.is_none() {
            person.country = apposition_country(doc, entities, range.end);
        }
        mentions.push(PersonMention {
            span: doc.span_of(range.clone()),
            tokens: range,
            person: p,
            title: title_range,
        });
    }

    // Pass 2: other forms of the people found (surname alone, partial names).
    for range in single_candidates {
        let words = folded_words(doc, &range);
        if let Join::One(p) = join_partial(&persons.people, &words) {
            mentions.push(PersonMention {
                span: doc.span_of(range.clone()),
                tokens: range,
                person: p,
                title: None,
            });
            continue;
        }
        // "the al-Sharaa-Barrack meeting", "Putin-Trump talks": two known people
        // joined by a hyphen.
        let cut = range.clone().rev().find(|&k| {
            doc.is_punct(k, '-')
                && doc.tokens.get(k + 1).is_some_and(|t| t.upper)
                && k > range.start
        });
        if let Some(cut) = cut {
            let left = range.start..cut;
            let right = cut + 1..range.end;
            let (l, r) = (
                join_partial(&persons.people, &folded_words(doc, &left)),
                join_partial(&persons.people, &folded_words(doc, &right)),
            );
            if let (Join::One(a), Join::One(b)) = (l, r) {
                for (part, person) in [(left, a), (right, b)] {
                    mentions.push(PersonMention {
                        span: doc.span_of(part.clone()),
                        tokens: part,
                        person,
                        title: None,
                    });
                }
            }
        }
    }
    // Capitalised single words the runs did not cover (possessives, headings).
    let covered: Vec<bool> = {
        let mut c = vec![false; doc.tokens.len()];
        for m in &mentions {
            for slot in &mut c[m.tokens.clone()] {
                *slot = true;
            }
        }
        c
    };
    // Which longer name holds each folded word (`None`: two or more do), so that a word
    // is looked up once instead of against every person. The people pushed below have
    // one word and so are no longer name of any.
    let mut holders: FxHashMap<String, Option<usize>> = FxHashMap::default();
    for (p, person) in persons.people.iter().enumerate() {
        if person.words.len() < 2 {
            continue;
        }
        for w in &person.words {
            holders
                .entry(w.clone())
                .and_modify(|h| {
                    if *h != Some(p) {
                        *h = None;
                    }
                })
                .or_insert(Some(p));
        }
    }
    for (i, t) in doc.tokens.iter().enumerate() {
        if covered[i] || !t.upper || t.kind != TokenKind::Word || entities.covered[i] {
            continue;
        }
        let word = doc.tok(i);
        if doc.lexicon.is_stopword(word) {
            continue;
        }
        // Letters and digits of ASCII fold to their lower case.
        let folded: Cow<str> = if word.bytes().all(|b| b.is_ascii_alphanumeric()) {
            Cow::Borrowed(doc.low(i))
        } else {
            Cow::Owned(entente_model::fold(word))
        };
        let joined = match holders.get(folded.as_ref()) {
            Some(Some(p)) => Join::One(*p),
            Some(None) => Join::Ambiguous,
            None => Join::None,
        };
        let person = match joined {
            Join::One(p) => Some(p),
            Join::Ambiguous => None,
            // A well-known office-holder the article names by family name alone
            // ("Trump said"), outside headlines and not a lexicon word.
            Join::None => {
                let heading = doc
                    .sentences
                    .get(doc.sentence_of[i])
                    .is_some_and(|s| s.heading);
                // Standing alone (not inside "App Store"), long enough not to be a
                // common short word, and no month ("May").
                let after_capital = i > 0 && {
                    let prev = doc.tokens[i - 1];
                    prev.upper && prev.is_word() && prev.end + 1 >= t.start
                };
                let alone = !after_capital
                    && !doc
                        .tokens
                        .get(i + 1)
                        .is_some_and(|n| n.upper && n.is_word());
                let plausible = alone
                    && word.chars().count() >= 4
                    && !MONTHS.contains(&word)
                    && !heading
                    && doc.lex_match(i).is_none()
                    && !doc.has_lowercase_form(i);
                let known = if plausible {
                    doc.lexicon.known_family_name(&folded)
                } else {
                    None
                };
                match known {
                    Some(entry) => {
                        persons.people.push(Person {
                            name: word.to_string(),
                            words: vec![folded.into_owned()],
                            forms: Vec::new(),
                            country: entry.country,
                            titles: Vec::new(),
                        });
                        Some(persons.people.len() - 1)
                    }
                    _ => None,
                }
            }
        };
        if let Some(p) = person {
            mentions.push(PersonMention {
                span: t.span(),
                tokens: i..i + 1,
                person: p,
                title: None,
            });
        }
    }
    // User dictionary: see the block at the end of this file.
    apply_dictionary(doc, &mut persons.people, &mut mentions);
    // A known office-holder gives the state of a person the article names without one.
    for person in &mut persons.people {
        if person.country.is_some() {
            continue;
        }
        let key = person.words.join(" ");
        let entry = doc.lexicon.known_person(&key).or_else(|| {
            (person.words.len() == 1)
                .then(|| doc.lexicon.known_family_name(&key))
                .flatten()
        });
        if let Some(entry) = entry {
            person.country = entry.country;
        }
    }
    mentions.sort_by_key(|m| m.tokens.start);
    mentions.dedup_by(|b, a| b.tokens.start < a.tokens.end);
    // Number people by first mention.
    let mut first_seen: Vec<(usize, usize)> = Vec::new();
    let mut seen = vec![false; persons.people.len()];
    for m in &mentions {
        if !seen[m.person] {
            seen[m.person] = true;
            first_seen.push((m.tokens.start, m.person));
        }
    }
    let mut renumber = vec![usize::MAX; persons.people.len()];
    let mut people = Vec::with_capacity(first_seen.len());
    for (new, &(_, old)) in first_seen.iter().enumerate() {
        renumber[old] = new;
        people.push(std::mem::take(&mut persons.people[old]));
    }
    persons.people = people;
    for m in &mut mentions {
        m.person = renumber[m.person];
    }
    for m in &mentions {
        let surface = doc.slice(m.span);
        let person = &mut persons.people[m.person];
        if !person.forms.iter().any(|f| f == surface) {
            person.forms.push(surface.to_string());
        }
    }
    persons.at = IndexTable::new(doc.tokens.len(), mentions.len());
    for (index, m) in mentions.iter().enumerate() {
        persons.at.set_range(m.tokens.clone(), index);
    }
    persons.mentions = mentions;
    persons
}

enum Join {
    One(usize),
    Ambiguous,
    None,
}

/// Which person a full or partial name joins: same words in any order, or a subset of
/// a longer name, or a superset of a shorter one; never a guess between two.
fn join(people: &[Person], words: &[String]) -> Join {
    let same = only(people, |p| same_set(&p.words, words));
    if let Join::One(_) = same {
        return same;
    }
    only(people, |p| {
        subset(words, &p.words) || subset(&p.words, words)
    })
}

/// Like [`join`], but only into people already known: a partial name never creates one.
fn join_partial(people: &[Person], words: &[String]) -> Join {
    only(people, |p| subset(words, &p.words))
}

/// The one person that `matches`, if exactly one does (no list is built).
fn only(people: &[Person], mut matches: impl FnMut(&Person) -> bool) -> Join {
    let mut found = Join::None;
    for (i, p) in people.iter().enumerate() {
        if matches(p) {
            if let Join::One(_) = found {
                return Join::Ambiguous;
            }
            found = Join::One(i);
        }
    }
    found
}

fn same_set(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().all(|w| b.contains(w))
}

fn subset(small: &[String], big: &[String]) -> bool {
    !small.is_empty() && small.len() < big.len() && small.iter().all(|w| big.contains(w))
}

fn folded_words(doc: &Doc, range: &Range<usize>) -> Vec<String> {
    range
        .clone()
        .filter(|&i| doc.tokens[i].kind == TokenKind::Word)
        .map(|i| (i, doc.tok(i)))
        .filter(|(_, w)| !is_particle_any_case(w) && w.chars().count() > 1 || w.ends_with('.'))
        .map(|(i, w)| {
            // Letters and digits of ASCII fold to their lower case.
            if w.bytes().all(|b| b.is_ascii_alphanumeric()) {
                doc.low(i).to_string()
            } else {
                entente_model::fold(w)
            }
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// Where the longest known person's name or alias that ends `run` and is shorter than
/// it starts, when the whole run is no known name ("Republicans Complain Joe Biden":
/// "Joe Biden"). At least two name words are left.
fn known_person_within(doc: &Doc, run: &Range<usize>) -> Option<usize> {
    let known = |range: Range<usize>| {
        let words = folded_words(doc, &range);
        words.len() >= 2 && doc.lexicon.known_person(&words.join(" ")).is_some()
    };
    if known(run.clone()) {
        return None;
    }
    (run.start + 1..run.end)
        .filter(|&k| doc.tokens.get(k).is_some_and(|t| t.is_word() && t.upper))
        .find(|&k| known(k..run.end))
}

fn name_surface(doc: &Doc, range: &Range<usize>) -> String {
    doc.slice(doc.span_of(range.clone())).to_string()
}

/// Is token `i` a word that can stand in a name?
fn name_word(doc: &Doc, entities: &Entities, i: usize) -> bool {
    let Some(t) = doc.tokens.get(i) else {
        return false;
    };
    if t.kind != TokenKind::Word || !t.upper || entities.covered[i] {
        return false;
    }
    let word = doc.tok(i);
    // All-capitals words of two or more letters are acronyms or datelines.
    let all_capitals = if word.is_ascii() {
        // The lower-case test first: it ends at the second letter of most words.
        !word.bytes().any(|b| b.is_ascii_lowercase())
            && word.bytes().filter(u8::is_ascii_alphabetic).count() >= 2
    } else {
        word.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && word.chars().all(|c| !c.is_lowercase())
    };
    if all_capitals || is_contraction(word) {
        return false;
    }
    if let Some(m) = doc.lex_match(i)
        && m.hits.iter().any(|h| {
            matches!(
                h,
                Hit::Country(..) | Hit::City(_) | Hit::Title(_) | Hit::Honorific
            )
        })
    {
        return false;
    }
    !doc.lexicon.is_stopword(word)
}

/// A word with an apostrophe followed by lower-case letters alone: a contraction ("I’m",
/// "We’ll", "Don’t"), where a name has a capital after it ("O’Brien", "D’Souza").
fn is_contraction(word: &str) -> bool {
    // Most words hold neither apostrophe: '\'' and the last byte of '’' (0x99) are
    // looked for as bytes before any character is decoded.
    if !word.bytes().any(|b| b == b'\'' || b == 0x99) {
        return false;
    }
    word.rfind(['’', '\''])
        .filter(|&at| at > 0)
        .and_then(|at| word.get(at..))
        .and_then(|rest| rest.get(rest.chars().next()?.len_utf8()..))
        .is_some_and(|after| !after.is_empty() && after.chars().all(char::is_lowercase))
}

/// Is there more than one character of white space between token `j` and the one
/// before it? Names are set with single spaces; a wider gap is layout: the speaker
/// label of a transcript ("Q\u{a0}\u{a0}\u{a0} John, thank you"), columns of a
/// table.
fn wide_gap_before(doc: &Doc, j: usize) -> bool {
    let (Some(before), Some(at)) = (
        j.checked_sub(1).and_then(|b| doc.tokens.get(b)),
        doc.tokens.get(j),
    ) else {
        return false;
    };
    doc.text
        .get(before.end..at.start)
        .is_some_and(|gap| gap.chars().nth(1).is_some())
}

/// The name sequence starting at token `i`, if one starts there.
fn name_run(doc: &Doc, entities: &Entities, i: usize, end: usize) -> Option<Run> {
    // A leading particle joined by a hyphen: "al-Sharaa".
    let mut j = i;
    let mut words = 0;
    if is_particle(doc.tok(i)) && doc.is_punct(i + 1, '-') && name_word(doc, entities, i + 2) {
        j = i + 2;
    } else if !name_word(doc, entities, i) {
        return None;
    }
    // Token `j` was just found a name word: the loop's first test need not ask again.
    let known_word = j;
    let mut last_word_end = j;
    while j < end {
        if j > i && wide_gap_before(doc, j) {
            break;
        }
        if j == known_word || name_word(doc, entities, j) {
            words += 1;
            j += 1;
            last_word_end = j;
            // An initial: "J." joins.
            if doc.tok(j - 1).chars().count() == 1 && doc.is_punct(j, '.') {
                j += 1;
                last_word_end = j;
            }
            continue;
        }
        let t = doc.tokens[j];
        // Hyphenated parts: "Jean-Yves", "al-Assad".
        if t.kind == TokenKind::Punct('-')
            && !t.space_before
            && doc.tokens.get(j + 1).is_some_and(|n| !n.space_before)
            && (name_word(doc, entities, j + 1) || is_particle(doc.tok(j + 1)))
        {
            j += 1;
            continue;
        }
        // Lower-case syllables of East Asian given names: "Moon Jae-in", "Chan-o-cha".
        if t.kind == TokenKind::Punct('-')
            && !t.space_before
            && words > 0
            && last_word_end == j
            && doc.tokens.get(j + 1).is_some_and(|n| {
                !n.space_before
                    && n.kind == TokenKind::Word
                    && !n.upper
                    && doc.tok(j + 1).chars().count() <= 5
                    && !NOT_NAME_SUFFIXES.contains(&doc.tok(j + 1))
            })
            && !doc
                .tokens
                .get(j + 2)
                .is_some_and(|n| n.kind == TokenKind::Word && !n.space_before)
        {
            j += 2;
            last_word_end = j;
            continue;
        }
        // "Ursula von der Leyen": two particles in a row.
        if is_particle(doc.tok(j))
            && is_particle(doc.tok(j + 1))
            && name_word(doc, entities, j + 2)
            && words > 0
        {
            j += 2;
            continue;
        }
        if is_particle(doc.tok(j)) && name_word(doc, entities, j + 1) && words > 0 {
            j += 1;
            continue;
        }
        if is_particle(doc.tok(j))
            && doc.is_punct(j + 1, '-')
            && name_word(doc, entities, j + 2)
            && words > 0
        {
            j += 2;
            continue;
        }
        break;
    }
    if words == 0 || words > 5 {
        return None;
    }
    Some(Run {
        tokens: i..last_word_end,
        words,
    })
}

/// A two-to-four word sequence with no sign of being a place, event or institution.
fn plausible_full_name(doc: &Doc, entities: &Entities, run: &Run) -> bool {
    if run.words > 4 {
        return false;
    }
    static NOT_PERSON_SHAPES: WordShapes = WordShapes::new(NOT_PERSON_WORDS);
    for i in run.tokens.clone() {
        let word = doc.tok(i);
        if NOT_PERSON_SHAPES.may_hold(word) && NOT_PERSON_WORDS.contains(&word) {
            return false;
        }
        // A word the article also writes in lower case is a common word ("Basic
        // Instinct", "Political Consultations"), not a name.
        if doc.tokens[i].kind == TokenKind::Word && doc.has_lowercase_form(i) {
            return false;
        }
        if doc.lex_match(i).is_some() || entities.covered[i] {
            return false;
        }
    }
    // "the Global South", "a New Era": persons take no article.
    if let Some(prev) = run.tokens.start.checked_sub(1)
        && ["the", "a", "an", "The", "A", "An"].contains(&doc.tok(prev))
    {
        return false;
    }
    // A following organisation head or plural noun makes it a modifier.
    true
}

/// The title right before token `start`, with the country or organisation it belongs
/// to: "Turkish Foreign Minister", "National Intelligence Organization chief",
/// "Energy and Natural Resources Minister", "his Chinese counterpart", "Mr.".
fn title_before(
    doc: &Doc,
    entities: &Entities,
    start: usize,
) -> (Option<Range<usize>>, Option<TitleSeen>) {
    let mut end = start;
    // "Mr. Wang": the full stop of an abbreviated honorific stands between.
    if start > 0 && doc.is_punct(start - 1, '.') {
        end = start - 1;
    }
    // "Chinese Foreign Minister, Wang Yi" is rare; a title is adjacent to the name.
    let Some(m) = doc.lex_ending_before(end) else {
        return (None, None);
    };
    let is_honorific = m.hits.iter().all(|h| *h == Hit::Honorific);
    if !m
        .hits
        .iter()
        .any(|h| matches!(h, Hit::Title(_) | Hit::Honorific))
    {
        return (None, None);
    }
    let mut title_start = m.tokens.start;

    if is_honorific {
        // An honorific before a title: "Sheikh" alone, or "Gen." — no title stored.
        return (Some(m.tokens.clone()), None);
    }
    // Extend backwards over capitalised words and further titles: "Energy and Natural
    // Resources Minister", "Deputy Prime Minister".
    let mut k = title_start;
    while let Some(prev) = k.checked_sub(1) {
        // Nor across layout ("Q\u{a0}\u{a0}\u{a0} Senator Reed").
        if wide_gap_before(doc, k) {
            break;
        }
        let t = doc.tokens[prev];
        if let Some(pm) = doc.lex_match(prev) {
            if pm.hits.iter().any(|h| matches!(h, Hit::Title(_))) && pm.tokens.end == k {
                k = pm.tokens.start;
                continue;
            }
            break;
        }
        if entities.covered[prev] {
            break;
        }
        let word = doc.tok(prev);
        if t.kind == TokenKind::Word && t.upper && !doc.lexicon.is_stopword(word) {
            k = prev;
            continue;
        }
        if (word == "and" || word == "&")
            && prev > 0
            && doc.tokens[prev - 1].upper
            && !doc
                .lex_match(prev - 1)
                .is_some_and(|pm| pm.hits.iter().any(|h| matches!(h, Hit::Country(..))))
        {
            k = prev;
            continue;
        }
        break;
    }
    title_start = k;
    let title_name = doc
        .slice(doc.span_of(title_start..m.tokens.end))
        .to_string();
    // What the title belongs to, right before it.
    let mut country = None;
    let mut organisation = None;
    let mut range_start = title_start;
    if let Some(prev) = title_start.checked_sub(1) {
        let (at, possessive) = if doc.tokens[prev].kind == TokenKind::Possessive {
            (prev.checked_sub(1), true)
        } else {
            (Some(prev), false)
        };
        if let Some(at) = at {
            if let Some(em) = entities.ending_at(at + 1) {
                match em.target {
                    Target::Country(c, _) => {
                        country = Some(c);
                        range_start = em.tokens.start;
                    }
                    Target::Organisation(o) => {
                        if let Some(org) = entities.organisations.get(o) {
                            organisation = Some(org.name.clone());
                            country = org.country;
                        }
                        range_start = em.tokens.start;
                    }
                    Target::Initiative(_) => {}
                }
            }
            let _ = possessive;
        }
    }
    // "President of Azerbaijan": a country right after "of" inside the title span.
    let relation = RELATION_TITLES.contains(&title_name.to_lowercase().as_str())
        || title_name.ends_with("counterpart");
    let title = (!relation).then(|| TitleSeen {
        name: clean_title(&title_name),
        country,
        organisation,
    });
    let title = match title {
        Some(t) => Some(t),
        None => country.map(|_| TitleSeen {
            name: String::new(),
            country,
            organisation: None,
        }),
    };
    (Some(range_start..start), title.filter(|_| true))
}

fn clean_title(title: &str) -> String {
    let mut chars = title.chars();
    match chars.next() {
        Some(c) if c.is_ascii() => {
            let mut out = String::with_capacity(title.len());
            out.push(c.to_ascii_uppercase());
            out.push_str(chars.as_str());
            out
        }
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "Cai Qi, Turkey’s top diplomat" / "X, the Chinese foreign minister": a country in an
/// apposition right after the name.
fn apposition_country(doc: &Doc, entities: &Entities, after: usize) -> Option<usize> {
    if !doc.is_punct(after, ',') {
        return None;
    }
    for i in after + 1..(after + 14).min(doc.tokens.len()) {
        // "Cai Qi, the first secretary of the Political Bureau of the Communist Party of
        // China": the country of an organisation in the apposition.
        if let Some(em) = entities.starting_at(i)
            && let Target::Organisation(o) = em.target
            && let Some(c) = entities.organisations.get(o).and_then(|o| o.country)
        {
            return Some(c);
        }
        if let Some(m) = doc.lex_starting(i).filter(|_| i < after + 4)
            && let Some(c) = m.hits.iter().find_map(|h| match h {
                Hit::Country(c, _) => Some(*c),
                _ => None,
            })
        {
            // Only when a title or role follows: "Turkey’s top diplomat".
            let tail = m.tokens.end..(m.tokens.end + 4).min(doc.tokens.len());
            if tail.clone().any(|j| {
                doc.lex_match(j)
                    .is_some_and(|t| t.hits.iter().any(|h| matches!(h, Hit::Title(_))))
                    || doc.is(j, "diplomat")
            }) {
                return Some(c);
            }
        }
        if doc.is_punct(i, ',') {
            break;
        }
    }
    None
}

// ---- User dictionary persons (begin) -------------------------------------------------
// Entries of a `--dict` file (see `dictionary.rs`, `Lexicon::with_dictionary`): their
// names and aliases are `Hit::Person` phrases of the automaton.

/// Does the run hold a dictionary person's name or alias? Such a run is a person even
/// without a title.
fn dictionary_run(doc: &Doc, run: &Range<usize>) -> bool {
    run.clone().any(|i| {
        doc.lex_match(i).is_some_and(|m| {
            m.tokens.start >= run.start
                && m.tokens.end <= run.end
                && m.hits.iter().any(|h| matches!(h, Hit::Person(_)))
        })
    })
}

/// The dictionary entry a person is named after (its name or an alias), if one.
fn dictionary_entry<'a>(doc: &Doc<'a>, person: &Person) -> Option<&'a crate::lexicon::PersonEntry> {
    doc.lexicon
        .dictionary_person(&fold_key(&person.name))
        .or_else(|| doc.lexicon.dictionary_person(&person.words.join(" ")))
}

/// Dictionary names the rules above left out (an all-capitals alias such as "MBS", a
/// word they never take in a name) become mentions, outside headings. Then a person
/// named by a dictionary person's name or alias takes the entry's canonical name and
/// country (the dictionary wins over what the rules inferred) and, when the text gives
/// no title, the role held on the article's date (the latest role without a date).
fn apply_dictionary(doc: &Doc, people: &mut Vec<Person>, mentions: &mut Vec<PersonMention>) {
    for m in &doc.lex {
        let entries: Vec<usize> = m
            .hits
            .iter()
            .filter_map(|h| match h {
                Hit::Person(p) => Some(*p),
                _ => None,
            })
            .collect();
        let (&[index], Some(&sentence)) = (entries.as_slice(), doc.sentence_of.get(m.tokens.start))
        else {
            continue;
        };
        let heading = doc.sentences.get(sentence).is_none_or(|s| s.heading);
        let overlaps = mentions
            .iter()
            .any(|x| x.tokens.start < m.tokens.end && m.tokens.start < x.tokens.end);
        let Some(entry) = doc
            .lexicon
            .people
            .get(index)
            .filter(|_| !heading && !overlaps)
        else {
            continue;
        };
        let known = people
            .iter()
            .position(|p| dictionary_entry(doc, p).is_some_and(|e| std::ptr::eq(e, entry)));
        let person = known.unwrap_or_else(|| {
            people.push(Person {
                name: entry.name.clone(),
                words: Vec::new(),
                forms: Vec::new(),
                country: entry.country,
                titles: Vec::new(),
            });
            people.len() - 1
        });
        mentions.push(PersonMention {
            span: doc.span_of(m.tokens.clone()),
            tokens: m.tokens.clone(),
            person,
            title: None,
        });
    }
    for person in people {
        let Some(entry) = dictionary_entry(doc, person) else {
            continue;
        };
        person.name = entry.name.clone();
        person.words = entente_model::fold(&entry.name)
            .split(' ')
            .filter(|w| !is_particle(w) && w.len() > 1)
            .map(String::from)
            .collect();
        if entry.country.is_some() {
            person.country = entry.country;
        }
        let titled = person.titles.iter().any(|t| !t.name.is_empty());
        if !titled && let Some(role) = entry.role_on(doc.published) {
            person.titles.push(TitleSeen {
                name: role.title.clone(),
                country: role
                    .country
                    .as_deref()
                    .and_then(|c| doc.lexicon.country_index(c)),
                organisation: role.organisation.clone(),
            });
        }
    }
}
// ---- User dictionary persons (end) ---------------------------------------------------

#[cfg(test)]
mod tests {
    use super::{PARTICLES, is_contraction, is_particle, is_particle_any_case};

    #[test]
    fn contractions_are_no_name_words() {
        for word in ["I’m", "We’ll", "Don't", "They’re", "I’d"] {
            assert!(is_contraction(word), "{word}");
        }
        for word in ["O’Brien", "D'Souza", "Jill", "Biden’", "’s", "N’Djamena"] {
            assert!(!is_contraction(word), "{word}");
        }
    }

    #[test]
    fn particles_are_found_in_any_case() {
        for p in PARTICLES {
            // `is_particle_any_case` compares only words of up to four letters.
            assert!(p.len() <= 4, "{p}");
            assert!(is_particle(p), "{p}");
            assert!(is_particle_any_case(&p.to_uppercase()), "{p}");
        }
        assert!(!is_particle("Al"));
        assert!(!is_particle_any_case("alas"));
    }
}
