//! Who a noun phrase refers to: a named person, a description of one ("the Chinese
//! leader", "Turkey’s top diplomat", "his Turkish counterpart"), a pronoun, an
//! organisation or a country.

use crate::doc::Doc;
use crate::entities::{Entities, Target, WordShapes};
use crate::lexicon::{CountryForm, Hit};
use crate::persons::Persons;
use crate::text::TokenKind;

/// What a subject or object phrase refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Referent {
    Person(usize),
    Organisation(usize),
    Country(usize),
}

/// A phrase found while looking for a referent, with where it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub referent: Referent,
    /// First token of the phrase.
    pub start: usize,
    /// One past the last token of the phrase.
    pub end: usize,
}

/// Nouns for what a person said or wrote: "Zakharova’s post said".
const COMMUNICATION_NOUNS: &[&str] = &[
    "announcement",
    "comments",
    "letter",
    "message",
    "office",
    "post",
    "remarks",
    "statement",
    "tweet",
];

/// Role nouns that describe a person by office.
const ROLE_NOUNS: &[&str] = &[
    "chancellor",
    "counterpart",
    "diplomat",
    "emir",
    "envoy",
    "king",
    "leader",
    "minister",
    "monarch",
    "official",
    "premier",
    "president",
    "prince",
    "queen",
    "secretary",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "sultan",
    "ambassador",
    "chief",
    "head",
    "host",
];

pub struct Resolver<'d, 'a> {
    pub doc: &'d Doc<'a>,
    pub persons: &'d Persons,
    pub entities: &'d Entities,
}

impl Resolver<'_, '_> {
    /// The referent of a phrase ending at token `end - 1` (the subject before a verb):
    /// scans left at most `window` tokens within the sentence.
    pub fn subject_before(
        &self,
        verb: usize,
        window: usize,
        last_speaker: Option<usize>,
    ) -> Option<Found> {
        let doc = self.doc;
        let sentence = doc
            .sentence_of
            .get(verb)
            .and_then(|&s| doc.sentences.get(s))?;
        let floor = sentence.tokens.start.max(verb.saturating_sub(window));
        let mut i = verb;
        while i > floor {
            i -= 1;
            let t = doc.tokens[i];
            if let TokenKind::Punct(c) = t.kind {
                if matches!(c, ';' | '“' | '”' | '"' | ':' | '(' | ')') {
                    return None;
                }
                continue;
            }
            if let Some(m) = self
                .persons
                .at
                .get(i)
                .and_then(|m| self.persons.mentions.get(m))
            {
                // Possessive ("Erdogan’s comments") is no subject of the verb.
                if doc
                    .tokens
                    .get(m.tokens.end)
                    .is_some_and(|n| n.kind == TokenKind::Possessive)
                {
                    // ... unless a word of speech follows: "Zakharova’s post said".
                    let noun = m.tokens.end + 1;
                    if noun + 2 >= verb && COMMUNICATION_NOUNS.contains(&doc.tok(noun)) {
                        return Some(Found {
                            referent: Referent::Person(m.person),
                            start: m.tokens.start,
                            end: noun + 1,
                        });
                    }
                    i = m.tokens.start;
                    continue;
                }
                // "PM Lee, who was joined by Foreign Minister X, also spoke": a person
                // inside a relative clause is not the subject; the one before it is.
                if let Some(outer) =
                    self.subject_before_relative_clause(m.tokens.start, verb, floor)
                {
                    return Some(outer);
                }
                return Some(Found {
                    referent: Referent::Person(m.person),
                    start: m.title.as_ref().map_or(m.tokens.start, |r| r.start),
                    end: m.tokens.end,
                });
            }
            let word = doc.tok(i);
            if matches!(word, "he" | "He" | "she" | "She") {
                let person = self
                    .sentence_subject_before(i)
                    .or_else(|| self.previous_subject(i))
                    .or(last_speaker)
                    .or_else(|| self.last_person_before(i))?;
                return Some(Found {
                    referent: Referent::Person(person),
                    start: i,
                    end: i + 1,
                });
            }
            if let Some(found) = self.description_ending_at(i) {
                return Some(found);
            }
            if let Some(em) = self.entities.ending_at(i + 1) {
                let referent = match em.target {
                    Target::Organisation(o) => Referent::Organisation(o),
                    Target::Country(c, CountryForm::Name | CountryForm::Capital) => {
                        Referent::Country(c)
                    }
                    _ => return None,
                };
                if doc
                    .tokens
                    .get(i + 1)
                    .is_some_and(|n| n.kind == TokenKind::Possessive)
                {
                    i = em.tokens.start;
                    continue;
                }
                return Some(Found {
                    referent,
                    start: em.tokens.start,
                    end: em.tokens.end,
                });
            }
            // Words a subject and its verb may have between them.
            if is_adverbial(word) || t.kind == TokenKind::Number || is_date_word(word) {
                continue;
            }
            // A relative clause or other material: keep looking only across commas.
            if word.chars().next().is_some_and(char::is_lowercase) {
                // "Erdogan has repeatedly said", "Xi, who arrived on Sunday, said"
                continue;
            }
            continue;
        }
        None
    }

    /// The referent named right after token `after - 1` ("said Turkish President X").
    pub fn subject_after(&self, after: usize, limit: usize) -> Option<Found> {
        let doc = self.doc;
        let sentence = doc
            .sentence_of
            .get(after)
            .and_then(|&s| doc.sentences.get(s))?;
        let end = sentence.tokens.end.min(after + 8).min(limit);
        for i in after..end {
            if let Some(m) = self
                .persons
                .at
                .get(i)
                .and_then(|m| self.persons.mentions.get(m))
            {
                // "according to Ramaphosa’s spokesperson Vincent Magwenya": the
                // possessor is not the one who speaks.
                if doc
                    .tokens
                    .get(m.tokens.end)
                    .is_some_and(|n| n.kind == TokenKind::Possessive)
                {
                    continue;
                }
                return Some(Found {
                    referent: Referent::Person(m.person),
                    start: i,
                    end: m.tokens.end,
                });
            }
            let word = doc.tok(i);
            if matches!(word, "he" | "she") {
                let person = self.last_person_before(i)?;
                return Some(Found {
                    referent: Referent::Person(person),
                    start: i,
                    end: i + 1,
                });
            }
            if let Some(found) = self.description_starting_at(i) {
                return Some(found);
            }
            if let Some(em) = self.entities.starting_at(i)
                && let Target::Organisation(o) = em.target
            {
                return Some(Found {
                    referent: Referent::Organisation(o),
                    start: i,
                    end: em.tokens.end,
                });
            }
            let t = doc.tokens[i];
            let ok = t.is_word() && (t.upper || matches!(word, "the" | "his" | "her" | "top"));
            if !ok {
                return None;
            }
        }
        None
    }

    /// A description ("the Saudi crown prince") whose head is token `k`, or a pronoun.
    pub fn description_at(&self, k: usize) -> Option<Found> {
        let short = self
            .doc
            .tokens
            .get(k)
            .is_some_and(|t| matches!(t.end - t.start, 2 | 3));
        if short && matches!(self.doc.tok(k), "he" | "He" | "she" | "She") {
            let person = self.last_person_before(k)?;
            return Some(Found {
                referent: Referent::Person(person),
                start: k,
                end: k + 1,
            });
        }
        self.description_ending_at(k)
    }

    /// The subject of the sentence holding token `i`, when it is a named person before
    /// `i`: "Mr Vucic said he ...". A possessive is no subject.
    pub fn sentence_subject_before(&self, i: usize) -> Option<usize> {
        let doc = self.doc;
        let sentence = doc.sentences.get(*doc.sentence_of.get(i)?)?;
        let first = self
            .persons
            .mentions
            .partition_point(|m| m.tokens.start < sentence.tokens.start);
        let m = self
            .persons
            .mentions
            .get(first)
            .filter(|m| m.tokens.end <= i)?;
        let possessive = doc
            .tokens
            .get(m.tokens.end)
            .is_some_and(|t| t.kind == TokenKind::Possessive);
        let after_preposition = m
            .title
            .as_ref()
            .map_or(m.tokens.start, |r| r.start)
            .checked_sub(1)
            .is_some_and(|p| {
                matches!(
                    doc.tok(p),
                    "with" | "to" | "by" | "from" | "of" | "and" | "for" | "on"
                )
            });
        (!possessive && !after_preposition).then_some(m.person)
    }

    /// When the tokens between `person_start` and `verb` close a relative clause opened
    /// by ", who" after another person, that other person.
    fn subject_before_relative_clause(
        &self,
        person_start: usize,
        verb: usize,
        floor: usize,
    ) -> Option<Found> {
        let doc = self.doc;
        // The clause must be closed by a comma before the verb.
        if !(person_start..verb).any(|k| doc.is_punct(k, ',')) {
            return None;
        }
        let who = (floor..person_start)
            .rev()
            .find(|&k| matches!(doc.tok(k), "who" | "whom") && k > 0 && doc.is_punct(k - 1, ','))?;
        let before = who.checked_sub(2)?;
        let m = self
            .persons
            .at
            .get(before)
            .and_then(|m| self.persons.mentions.get(m))?;
        Some(Found {
            referent: Referent::Person(m.person),
            start: m.title.as_ref().map_or(m.tokens.start, |r| r.start),
            end: m.tokens.end,
        })
    }

    /// The subject of the sentence before the one holding token `i`.
    fn previous_subject(&self, i: usize) -> Option<usize> {
        let doc = self.doc;
        let s = *doc.sentence_of.get(i)?;
        let prev = doc.sentences.get(s.checked_sub(1)?)?;
        self.sentence_subject_before(prev.tokens.end)
    }

    /// A person mentioned before token `i`: the nearest.
    pub fn last_person_before(&self, i: usize) -> Option<usize> {
        // Mentions are sorted and do not overlap: their ends are sorted too.
        let n = self.persons.mentions.partition_point(|m| m.tokens.end <= i);
        n.checked_sub(1).map(|k| self.persons.mentions[k].person)
    }

    /// A description whose head noun is token `head`: "the Chinese leader",
    /// "Turkey’s top diplomat", "the Turkish President".
    fn description_ending_at(&self, head: usize) -> Option<Found> {
        let doc = self.doc;
        static ROLE_SHAPES: WordShapes = WordShapes::new(ROLE_NOUNS);
        let titled = doc.lex_match(head).is_some_and(|m| {
            m.tokens.end == head + 1 && m.hits.iter().any(|h| matches!(h, Hit::Title(_)))
        });
        // A token in ASCII is tested as written before it is lowered.
        let may_be_role = doc
            .tokens
            .get(head)
            .and_then(|t| doc.text.as_bytes().get(t.start..t.end))
            .is_none_or(|raw| !raw.is_ascii() || ROLE_SHAPES.may_hold_ascii(raw));
        if !titled && !may_be_role {
            return None;
        }
        let word = doc.low(head);
        let is_role = titled || (ROLE_SHAPES.may_hold(word) && ROLE_NOUNS.contains(&word));
        if !is_role {
            return None;
        }
        // A named person right after the head is that person, not a description.
        if self.persons.at.get(head + 1).is_some() {
            return None;
        }
        let head_start = doc.lex_match(head).map_or(head, |m| m.tokens.start);
        let mut start = head_start;
        let mut country = None;
        let mut determined = false;
        let mut k = head_start;
        while k > 0 && head_start - k < 4 {
            let prev = k - 1;
            let w = doc.tok(prev);
            if let Some(m) = doc.lex_match(prev) {
                if let Some(c) = m.hits.iter().find_map(|h| match h {
                    Hit::Country(c, _) => Some(*c),
                    _ => None,
                }) {
                    country = Some(c);
                    start = m.tokens.start;
                    determined = true;
                    k = m.tokens.start;
                    continue;
                }
                if m.hits.iter().any(|h| matches!(h, Hit::Title(_))) {
                    k = m.tokens.start;
                    start = k;
                    continue;
                }
                break;
            }
            if doc.tokens[prev].kind == TokenKind::Possessive {
                k = prev;
                continue;
            }
            if matches!(
                w,
                "the" | "The" | "his" | "His" | "her" | "Her" | "its" | "their"
            ) {
                determined = true;
                start = prev;
                break;
            }
            if matches!(
                w,
                "top" | "senior" | "chief" | "foreign" | "new" | "visiting" | "former"
            ) {
                k = prev;
                start = prev;
                continue;
            }
            break;
        }
        if !determined {
            return None;
        }
        let person = self.resolve_role(start, country, word)?;
        Some(Found {
            referent: Referent::Person(person),
            start,
            end: head + 1,
        })
    }

    fn description_starting_at(&self, i: usize) -> Option<Found> {
        let doc = self.doc;
        if !matches!(doc.tok(i), "the" | "his" | "her") {
            return None;
        }
        for head in i + 1..(i + 5).min(doc.tokens.len()) {
            if let Some(found) = self.description_ending_at(head)
                && found.start == i
            {
                return Some(found);
            }
        }
        None
    }

    /// The person a role description refers to: the latest mentioned before `before`
    /// with that country, preferring one who holds a title with that head word.
    fn resolve_role(&self, before: usize, country: Option<usize>, head: &str) -> Option<usize> {
        let specific = !matches!(
            head,
            "leader" | "counterpart" | "diplomat" | "official" | "host" | "head" | "chief"
        );
        let n = self
            .persons
            .mentions
            .partition_point(|m| m.tokens.end <= before);
        let earlier = self.persons.mentions[..n].iter().rev();
        let mut fallback = None;
        for m in earlier {
            let person = &self.persons.people[m.person];
            if country.is_some() && person.country != country {
                continue;
            }
            let holds = person.titles.iter().any(|t| {
                let title = t.name.to_lowercase();
                title.contains(head)
                    || (head == "premier" && title.contains("prime minister"))
                    || (head == "minister" && title.contains("premier"))
            });
            if holds || (!specific && country.is_some()) {
                return Some(m.person);
            }
            if fallback.is_none() && country.is_some() {
                fallback = Some(m.person);
            }
        }
        fallback
    }
}

fn is_adverbial(word: &str) -> bool {
    matches!(
        word,
        "also"
            | "further"
            | "then"
            | "later"
            | "again"
            | "meanwhile"
            | "however"
            | "has"
            | "had"
            | "have"
            | "was"
            | "is"
            | "repeatedly"
            | "previously"
            | "earlier"
            | "separately"
            | "reportedly"
            | "publicly"
            | "firmly"
            | "on"
            | "in"
            | "at"
            | "last"
            | "this"
            | "a"
            | "the"
            | "statement"
    )
}

pub fn is_date_word(word: &str) -> bool {
    matches!(
        word,
        "Monday"
            | "Tuesday"
            | "Wednesday"
            | "Thursday"
            | "Friday"
            | "Saturday"
            | "Sunday"
            | "today"
            | "yesterday"
            | "tonight"
            | "morning"
            | "evening"
            | "afternoon"
            | "night"
            | "week"
            | "month"
            | "year"
    )
}
