//! Builds a document and its extraction by hand, the way the extractor would.

use std::hash::{DefaultHasher, Hash, Hasher};

use chrono::NaiveDate;
use entente_model::{
    Actor, ActorId, Country, DatePrecision, Document, EntityRef, EventDate, Evidence, Extraction,
    Initiative, InitiativeId, Location, Meeting, MeetingId, MeetingKind, MeetingStatus, Mention,
    Mode, Organisation, OrganisationId, OrganisationKind, Participant, Role, Span, Speaker,
    Statement, StatementId, Title,
};

pub fn country(code: &str) -> Country {
    let name = match code {
        "TUR" => "Türkiye",
        "CHN" => "China",
        "RUS" => "Russia",
        _ => code,
    };
    Country {
        code: code.into(),
        name: name.into(),
    }
}

pub fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

pub struct Article {
    pub document: Document,
    pub extraction: Extraction,
}

impl Article {
    pub fn new(text: &str) -> Article {
        let mut hasher = DefaultHasher::new();
        text.hash(&mut hasher);
        Article {
            document: Document {
                external_id: None,
                title: Some(text.split('.').next().unwrap_or_default().to_owned()),
                published: None,
                source: Some("Test Wire".into()),
                url: None,
                path: Some("test.txt".into()),
                sha256: format!("{:064x}", hasher.finish()),
                text: text.to_owned(),
            },
            extraction: Extraction {
                sentences: vec![Span::new(0, text.len())],
                ..Extraction::default()
            },
        }
    }

    pub fn published(mut self, date: &str) -> Article {
        self.document.published = Some(day(date));
        self
    }

    pub fn pair(&self) -> (Document, Extraction) {
        (self.document.clone(), self.extraction.clone())
    }

    fn span_of(&self, surface: &str) -> Span {
        let start = self
            .document
            .text
            .find(surface)
            .unwrap_or_else(|| panic!("`{surface}` is not in the text"));
        Span::new(start, start + surface.len())
    }

    pub fn evidence(&self, surface: &str) -> Evidence {
        Evidence {
            document: None,
            span: self.span_of(surface),
            sentence: Span::new(0, self.document.text.len()),
            text: self.document.text.clone(),
            rule: "test".into(),
        }
    }

    /// Mentions every occurrence of `surface`.
    pub fn mention(&mut self, entity: EntityRef, surface: &str) {
        let found: Vec<usize> = self
            .document
            .text
            .match_indices(surface)
            .map(|(start, _)| start)
            .collect();
        assert!(!found.is_empty(), "`{surface}` is not in the text");
        for start in found {
            self.extraction.mentions.push(Mention {
                entity: entity.clone(),
                surface: surface.into(),
                span: Span::new(start, start + surface.len()),
            });
        }
        self.extraction.mentions.sort_by_key(|m| m.span);
    }

    /// A person named `name` in the text, mentioned wherever `name` stands.
    pub fn actor(&mut self, name: &str, code: Option<&str>) -> ActorId {
        self.actor_with(name, code, &[], &[])
    }

    pub fn actor_with(
        &mut self,
        name: &str,
        code: Option<&str>,
        aliases: &[&str],
        titles: &[&str],
    ) -> ActorId {
        let id = ActorId(self.extraction.actors.len() as i64);
        self.extraction.actors.push(Actor {
            id,
            name: name.into(),
            aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
            country: code.map(country),
            titles: titles
                .iter()
                .map(|t| Title {
                    name: (*t).into(),
                    country: code.map(str::to_owned),
                    organisation: None,
                })
                .collect(),
        });
        self.mention(EntityRef::Actor(id), name);
        for alias in aliases {
            if self.document.text.contains(alias) {
                self.mention(EntityRef::Actor(id), alias);
            }
        }
        id
    }

    pub fn organisation(
        &mut self,
        name: &str,
        acronym: Option<&str>,
        surface: &str,
    ) -> OrganisationId {
        let id = OrganisationId(self.extraction.organisations.len() as i64);
        self.extraction.organisations.push(Organisation {
            id,
            name: name.into(),
            acronym: acronym.map(str::to_owned),
            kind: OrganisationKind::Intergovernmental,
            country: None,
            aliases: Vec::new(),
        });
        self.mention(EntityRef::Organisation(id), surface);
        id
    }

    pub fn initiative(&mut self, name: &str, sponsor: Option<&str>) -> InitiativeId {
        let id = InitiativeId(self.extraction.initiatives.len() as i64);
        self.extraction.initiatives.push(Initiative {
            id,
            name: name.into(),
            aliases: Vec::new(),
            sponsor: sponsor.map(country),
        });
        self.mention(EntityRef::Initiative(id), name);
        id
    }

    pub fn country(&mut self, code: &str, surface: &str) {
        if !self.extraction.countries.iter().any(|c| c.code == code) {
            self.extraction.countries.push(country(code));
        }
        self.mention(EntityRef::Country(code.into()), surface);
    }

    /// Talks held between `principals` on `date` (day precision), reported by `surface`.
    pub fn meeting(
        &mut self,
        principals: &[ActorId],
        date: Option<&str>,
        surface: &str,
    ) -> MeetingId {
        let id = MeetingId(self.extraction.meetings.len() as i64);
        let evidence = self.evidence(surface);
        self.extraction.meetings.push(Meeting {
            id,
            participants: principals
                .iter()
                .map(|&actor| Participant {
                    actor,
                    role: Role::Principal,
                })
                .collect(),
            date: date.map(|date| EventDate {
                date: Some(day(date)),
                precision: DatePrecision::Day,
                text: "on Monday".into(),
            }),
            location: Location::default(),
            occasion: None,
            kind: MeetingKind::Talks,
            status: MeetingStatus::Held,
            evidence: vec![evidence],
        });
        id
    }

    /// A direct quote `words` (which must stand in the text) by `speaker`.
    pub fn statement(&mut self, speaker: Speaker, words: &str) -> StatementId {
        let id = StatementId(self.extraction.statements.len() as i64);
        let evidence = self.evidence(words);
        self.extraction.statements.push(Statement {
            id,
            speaker,
            addressee: None,
            mode: Mode::Direct,
            verb: Some("said".into()),
            text: words.into(),
            date: None,
            meeting: None,
            initiatives: Vec::new(),
            organisations: Vec::new(),
            countries: Vec::new(),
            evidence: vec![evidence],
        });
        id
    }
}
