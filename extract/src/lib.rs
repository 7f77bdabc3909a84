//! Rule- and lexicon-based extraction: one article's text in, an [`Extraction`] out.
//!
//! Tour: [`normalise`] turns raw input into the stored text and its sha256;
//! [`Lexicon`] holds the built-in dictionaries (data files in `extract/data/`) compiled
//! into one automaton once, with a user [`Dictionary`] (TOML, parsed here, read by the
//! caller) through [`Lexicon::with_dictionary`]; [`extract`] runs the pipeline stages
//! over one [`Document`]:
//! segmentation ([`text`], `doc`), organisations, initiatives and countries
//! (`entities`), persons and their other forms (`persons`), references to them
//! (`coref`), dates ([`dates`]), statements (`statements`) and meetings (`meetings`).
//! Nothing here does I/O, and nothing panics on odd text.

mod case;
mod coref;
pub mod dates;
pub mod dictionary;
mod doc;
mod entities;
mod error;
mod fold;
mod index;
mod lexicon;
mod meetings;
pub mod normalise;
mod persons;
mod statements;
pub mod text;
pub mod version;

pub use dictionary::Dictionary;
pub use error::Error;
pub use lexicon::Lexicon;
pub use normalise::{Normalised, normalise_text, sha256_hex};
pub use version::{RULES_REVISION, dictionary_fingerprint, rules_version};

use std::collections::BTreeSet;

use entente_model::{
    Actor, ActorId, Country, Document, EntityRef, Evidence, Extraction, Initiative, InitiativeId,
    Location, Meeting, MeetingId, Mention, Mode, Organisation, OrganisationId, Participant, Span,
    Speaker, Statement, StatementId, Title,
};

use crate::coref::{Referent, Resolver};
use crate::doc::Doc;
use crate::entities::Target;
use crate::lexicon::{CountryForm, Hit};

/// Reads one document. Pure and deterministic.
pub fn extract(document: &Document, lexicon: &Lexicon) -> Extraction {
    let text = document.text.as_str();
    let doc = Doc::new(text, document.published, lexicon);
    let entities = entities::find(&doc);
    let persons = persons::find(&doc, &entities);
    let resolver = Resolver {
        doc: &doc,
        persons: &persons,
        entities: &entities,
    };
    let mut dates = Vec::new();
    for sentence in &doc.sentences {
        dates.extend(dates::find_dates(
            text,
            sentence.span,
            document.published,
            None,
        ));
    }
    let dateline_place = dates::dateline(text, document.published).and_then(|(place, _)| {
        let found = lexicon.find(place.slice(text));
        let first = found.first()?;
        first.hits.iter().find_map(|hit| match *hit {
            Hit::City(c) => lexicon
                .cities
                .get(c)
                .map(|e| (Some(e.name.clone()), Some(e.country))),
            Hit::Country(c, CountryForm::Capital) => Some((
                Some(title_case(
                    &text[place.start + first.start..place.start + first.end],
                )),
                Some(c),
            )),
            Hit::Country(c, CountryForm::Name) => Some((None, Some(c))),
            _ => None,
        })
    });
    let said = statements::find(&resolver);
    let met = meetings::find(&resolver, &dates, dateline_place, &said);

    let country = |index: usize| -> Option<Country> { lexicon.countries.get(index).cloned() };
    let evidence = |span: Span, sentence: usize, rule: &str| -> Evidence {
        let sentence_span = doc.sentences.get(sentence).map_or(span, |s| s.span);
        Evidence {
            document: None,
            span,
            sentence: sentence_span,
            text: sentence_span.slice(text).to_string(),
            rule: rule.to_string(),
        }
    };

    // Delegation members without a known state serve the principal they joined.
    let mut joined_country: Vec<Option<usize>> = vec![None; persons.people.len()];
    for m in &met {
        for &(member, principal) in &m.joined {
            if let (Some(slot), Some(c)) = (
                joined_country.get_mut(member),
                persons.people.get(principal).and_then(|p| p.country),
            ) {
                slot.get_or_insert(c);
            }
        }
    }

    let mut out = Extraction {
        sentences: doc.sentences.iter().map(|s| s.span).collect(),
        ..Extraction::default()
    };
    for (i, person) in persons.people.iter().enumerate() {
        let mut aliases: Vec<String> = person
            .forms
            .iter()
            .filter(|f| **f != person.name)
            .cloned()
            .collect();
        aliases.sort();
        aliases.dedup();
        let mut titles: Vec<Title> = Vec::new();
        for t in person.titles.iter().filter(|t| !t.name.is_empty()) {
            let title = Title {
                name: t.name.clone(),
                country: t.country.and_then(country).map(|c| c.code),
                organisation: t.organisation.clone(),
            };
            if !titles.contains(&title) {
                titles.push(title);
            }
        }
        out.actors.push(Actor {
            id: ActorId(i as i64),
            name: person.name.clone(),
            aliases,
            country: person
                .country
                .or(joined_country.get(i).copied().flatten())
                .and_then(country),
            titles,
        });
    }
    for (i, org) in entities.organisations.iter().enumerate() {
        let mut aliases = org.aliases.clone();
        aliases.sort();
        aliases.dedup();
        out.organisations.push(Organisation {
            id: OrganisationId(i as i64),
            name: org.name.clone(),
            acronym: org.acronym.clone(),
            kind: org.kind,
            country: org.country.and_then(country),
            aliases,
        });
    }
    for (i, initiative) in entities.initiatives.iter().enumerate() {
        let mut aliases = initiative.aliases.clone();
        aliases.sort();
        aliases.dedup();
        out.initiatives.push(Initiative {
            id: InitiativeId(i as i64),
            name: initiative.name.clone(),
            aliases,
            sponsor: initiative.country.and_then(country),
        });
    }
    let mut countries = BTreeSet::new();
    for m in &persons.mentions {
        out.mentions.push(Mention {
            entity: EntityRef::Actor(ActorId(m.person as i64)),
            surface: m.span.slice(text).to_string(),
            span: m.span,
        });
    }
    for m in &entities.mentions {
        let entity = match m.target {
            Target::Organisation(o) => EntityRef::Organisation(OrganisationId(o as i64)),
            Target::Initiative(n) => EntityRef::Initiative(InitiativeId(n as i64)),
            Target::Country(c, _) => match country(c) {
                Some(c) => {
                    countries.insert(c.clone());
                    EntityRef::Country(c.code)
                }
                None => continue,
            },
        };
        out.mentions.push(Mention {
            entity,
            surface: m.span.slice(text).to_string(),
            span: m.span,
        });
    }
    out.mentions
        .sort_by(|a, b| (a.span, &a.entity).cmp(&(b.span, &b.entity)));
    out.countries = countries.into_iter().collect();

    for (i, m) in met.iter().enumerate() {
        out.meetings.push(Meeting {
            id: MeetingId(i as i64),
            participants: m
                .participants
                .iter()
                .map(|&(p, role)| Participant {
                    actor: ActorId(p as i64),
                    role,
                })
                .collect(),
            date: m.date.clone(),
            location: Location {
                venue: m.venue.clone(),
                city: m.city.clone(),
                country: m.country.and_then(country),
            },
            occasion: m.occasion.clone(),
            kind: m.kind,
            status: m.status,
            evidence: m
                .evidence
                .iter()
                .map(|&(s, span)| {
                    let rule = format!("meeting: {}", span.slice(text).to_lowercase());
                    evidence(span, s, &rule)
                })
                .collect(),
        });
    }
    for (i, s) in said.iter().enumerate() {
        let speaker = match s.speaker {
            Referent::Person(p) => Speaker::Actor(ActorId(p as i64)),
            Referent::Organisation(o) => Speaker::Organisation(OrganisationId(o as i64)),
            Referent::Country(c) => match country(c) {
                Some(c) => Speaker::Country(c.code),
                None => continue,
            },
        };
        let inside = |span: Span| span.start >= s.content.start && span.end <= s.content.end;
        let mut initiatives = Vec::new();
        let mut organisations = Vec::new();
        let mut codes = Vec::new();
        for m in entities.mentions.iter().filter(|m| inside(m.span)) {
            match m.target {
                Target::Initiative(n) => initiatives.push(InitiativeId(n as i64)),
                Target::Organisation(o) => organisations.push(OrganisationId(o as i64)),
                Target::Country(c, _) => {
                    if let Some(c) = country(c) {
                        codes.push(c.code);
                    }
                }
            }
        }
        initiatives.sort();
        initiatives.dedup();
        organisations.sort();
        organisations.dedup();
        codes.sort();
        codes.dedup();
        let sentence_span = doc.sentences.get(s.sentence).map(|x| x.span);
        let date = sentence_span.and_then(|span| {
            dates
                .iter()
                .find(|d| d.span.start >= span.start && d.span.end <= span.end)
                .map(|d| d.date.clone())
        });
        let meeting = met
            .iter()
            .position(|m| m.evidence.iter().any(|&(es, _)| es == s.sentence))
            .map(|m| MeetingId(m as i64));
        out.statements.push(Statement {
            id: StatementId(i as i64),
            speaker,
            addressee: s.addressee.map(|p| ActorId(p as i64)),
            mode: if s.direct {
                Mode::Direct
            } else {
                Mode::Indirect
            },
            verb: s.verb.clone(),
            text: s.content.slice(text).to_string(),
            date,
            meeting,
            initiatives,
            organisations,
            countries: codes,
            evidence: vec![evidence(s.content, s.sentence, s.rule)],
        });
    }
    // Statement ids follow the kept order.
    for (i, st) in out.statements.iter_mut().enumerate() {
        st.id = StatementId(i as i64);
    }
    out
}

/// "BEIJING" -> "Beijing"; names already in mixed case stay as written.
fn title_case(name: &str) -> String {
    if name.chars().any(|c| c.is_lowercase()) {
        return name.to_string();
    }
    let mut out = String::with_capacity(name.len());
    let mut start = true;
    for c in name.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphanumeric();
    }
    out
}
