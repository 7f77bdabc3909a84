//! `entente show KIND ID`: everything known about one record, with every evidence
//! sentence and the article it comes from (title, date, url).

use std::collections::HashMap;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};
use entente_model::{
    ActorRecord, DocumentId, DocumentRecord, EntityRef, Evidence, InitiativeRecord, MeetingId,
    MeetingRecord, OrganisationId, OrganisationRecord, Role, Speaker, StatementId, StatementRecord,
};
use entente_store::{
    ActorFilter, DocumentFilter, EntityFilter, MeetingFilter, SpeakerFilter, StatementFilter,
    StatementHit, Store,
};

use super::query::{self, Format, Found, default_format};
use super::{actors, documents, initiatives, meetings, organisations, statements};
use crate::table::{self, Style, Table, Text, Tone};

/// The kinds of record `show` knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RecordKind {
    Actor,
    #[value(alias = "organization")]
    Organisation,
    Initiative,
    Meeting,
    Statement,
    Document,
}

#[derive(Debug, Clone, Args)]
pub struct ShowArgs {
    /// What to show.
    #[arg(value_enum)]
    pub kind: RecordKind,
    /// The record's id (as the listings print it); an actor, organisation or initiative
    /// may also be named ("erdogan", "belt and road").
    #[arg(value_name = "ID")]
    pub id: String,
    /// Output format [default: table on a terminal, json otherwise]; json and csv write
    /// the one record, as the listings do.
    #[arg(long, value_enum)]
    pub format: Option<query::Format>,
    /// List at most N of each kind of related record (meetings, statements, documents).
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub limit: usize,
}

/// Width of the labels of fields.
const LABEL: usize = 13;

pub fn run(db: &Path, args: &ShowArgs) -> anyhow::Result<ExitCode> {
    let store = query::open(db)?;
    let format = args.format.unwrap_or_else(default_format);
    let style = Style::detect();
    let view = View {
        store: &store,
        style,
        limit: args.limit,
    };
    match args.kind {
        RecordKind::Actor => match query::actor(&store, &args.id)? {
            Found::One(record) if format == Format::Table => view.actor(&record),
            Found::One(record) => actors::write(&[record], format),
            Found::Missing => query::empty(format, "actors"),
            Found::Ambiguous => Ok(ExitCode::from(query::AMBIGUOUS)),
        },
        RecordKind::Organisation => match query::organisation(&store, &args.id)? {
            Found::One(record) if format == Format::Table => view.organisation(&record),
            Found::One(record) => organisations::write(&[record], format),
            Found::Missing => query::empty(format, "organisations"),
            Found::Ambiguous => Ok(ExitCode::from(query::AMBIGUOUS)),
        },
        RecordKind::Initiative => match query::initiative(&store, &args.id)? {
            Found::One(record) if format == Format::Table => view.initiative(&record),
            Found::One(record) => initiatives::write(&[record], format),
            Found::Missing => query::empty(format, "initiatives"),
            Found::Ambiguous => Ok(ExitCode::from(query::AMBIGUOUS)),
        },
        RecordKind::Meeting => {
            let id = MeetingId(number(&args.id, "meeting")?);
            match store.meeting(id).context("cannot read the meeting")? {
                Some(record) if format == Format::Table => view.meeting(&record),
                Some(record) => meetings::write(&store, &[record], format),
                None => missing(format, "meeting", id.0, "meetings"),
            }
        }
        RecordKind::Statement => {
            let id = StatementId(number(&args.id, "statement")?);
            match store.statement(id).context("cannot read the statement")? {
                Some(record) if format == Format::Table => view.statement(&record),
                Some(record) => {
                    let hit = StatementHit {
                        record,
                        matches: Vec::new(),
                    };
                    statements::write(&store, &[hit], format)
                }
                None => missing(format, "statement", id.0, "statements"),
            }
        }
        RecordKind::Document => {
            let id = DocumentId(number(&args.id, "document")?);
            match store.document(id).context("cannot read the document")? {
                Some(record) if format == Format::Table => view.document(&record),
                Some(record) => documents::write(&store, &[record], None, format),
                None => missing(format, "document", id.0, "documents"),
            }
        }
    }
}

fn number(text: &str, kind: &str) -> anyhow::Result<i64> {
    text.trim()
        .parse()
        .map_err(|_| anyhow::anyhow!("`{}` is not a {kind} id", table::sanitise(text)))
}

fn missing(format: Format, kind: &str, id: i64, table: &str) -> anyhow::Result<ExitCode> {
    query::note(&format!("no {kind} has id {id}"));
    query::empty(format, table)
}

/// Draws the table view of one record.
struct View<'a> {
    store: &'a Store,
    style: Style,
    limit: usize,
}

impl View<'_> {
    fn print(&self, text: &str) -> anyhow::Result<ExitCode> {
        let mut out = query::Out::new();
        out.text(text)?;
        out.finish()
    }

    fn title(&self, out: &mut String, kind: &str, id: i64, name: &str) {
        let mut text = Text::new().with(Tone::Header, &format!("{kind} {id}"));
        if !name.is_empty() {
            text.push(Tone::Header, "  ");
            text.push(Tone::Header, name);
        }
        out.push_str(&table::block(&text, 0, &self.style));
    }

    fn field(&self, out: &mut String, label: &str, value: impl Into<Text>) {
        let value = value.into();
        if !value.is_empty() {
            out.push_str(&table::field(label, &value, LABEL, &self.style));
        }
    }

    /// A titled table, cut at the limit with a note when there is more.
    fn section(&self, out: &mut String, title: &str, table: Table, more: bool) {
        if table.is_empty() {
            return;
        }
        out.push('\n');
        out.push_str(&table::heading(&title.to_uppercase(), &self.style));
        out.push_str(&table.render(&self.style));
        if more {
            out.push_str(&self.more());
        }
    }

    fn more(&self) -> String {
        table::block(
            &Text::dim(&format!(
                "… more not shown (this lists {}; raise --limit)",
                self.limit
            )),
            0,
            &self.style,
        )
    }

    /// Evidence sentences, each with its article.
    fn evidence(&self, out: &mut String, evidence: &[Evidence]) -> anyhow::Result<()> {
        if evidence.is_empty() {
            return Ok(());
        }
        let documents = self.documents(evidence.iter().filter_map(|e| e.document))?;
        out.push('\n');
        out.push_str(&table::heading("EVIDENCE", &self.style));
        for item in evidence {
            self.evidence_block(
                out,
                Text::plain(&item.text),
                item.document,
                &documents,
                None,
            );
        }
        Ok(())
    }

    fn evidence_block(
        &self,
        out: &mut String,
        sentence: Text,
        document: Option<DocumentId>,
        documents: &HashMap<DocumentId, DocumentRecord>,
        count: Option<u64>,
    ) {
        let mut quoted = Text::plain("“");
        quoted.extend(sentence);
        quoted.push(Tone::Plain, "”");
        out.push_str(&table::block(&quoted, 2, &self.style));
        if let Some(id) = document {
            let mut source = query::source_line(documents.get(&id), id);
            if let Some(count) = count {
                let plural = if count == 1 { "" } else { "s" };
                source.push(Tone::Dim, &format!(" · {count} mention{plural}"));
            }
            out.push_str(&table::block(&source, 4, &self.style));
        }
    }

    fn documents(
        &self,
        ids: impl Iterator<Item = DocumentId>,
    ) -> anyhow::Result<HashMap<DocumentId, DocumentRecord>> {
        let mut ids: Vec<DocumentId> = ids.collect();
        ids.sort_unstable();
        ids.dedup();
        Ok(self
            .store
            .documents_by_id(&ids)
            .context("cannot read the documents")?
            .into_iter()
            .map(|record| (record.id, record))
            .collect())
    }

    /// One more than the limit, to tell whether there is more.
    fn fetch(&self) -> Option<usize> {
        Some(self.limit.saturating_add(1))
    }

    fn cut<T>(&self, mut items: Vec<T>) -> (Vec<T>, bool) {
        let more = items.len() > self.limit;
        items.truncate(self.limit);
        (items, more)
    }

    fn meetings(&self, out: &mut String, title: &str, filter: MeetingFilter) -> anyhow::Result<()> {
        let records = self
            .store
            .query_meetings(&MeetingFilter {
                limit: self.fetch(),
                ..filter
            })
            .context("cannot list meetings")?;
        let (records, more) = self.cut(records);
        self.section(out, title, meetings::table(&records), more);
        Ok(())
    }

    fn statements(
        &self,
        out: &mut String,
        title: &str,
        filter: StatementFilter,
    ) -> anyhow::Result<()> {
        let hits = self
            .store
            .query_statements(&StatementFilter {
                limit: self.fetch(),
                ..filter
            })
            .context("cannot list statements")?;
        let (hits, more) = self.cut(hits);
        let documents = statements::documents(self.store, &hits)?;
        self.section(out, title, statements::table(&hits, &documents), more);
        Ok(())
    }

    /// The documents that mention `entity`, each with the sentence of its first mention.
    fn mentions(&self, out: &mut String, entity: EntityRef) -> anyhow::Result<()> {
        let records = self
            .store
            .query_documents(&DocumentFilter {
                mentions: Some(entity.clone()),
                limit: self.fetch(),
                ..DocumentFilter::default()
            })
            .context("cannot list documents")?;
        let (records, more) = self.cut(records);
        if records.is_empty() {
            return Ok(());
        }
        let contexts = documents::contexts(self.store, &records, &entity)?;
        let by_id: HashMap<DocumentId, DocumentRecord> = records
            .iter()
            .map(|record| (record.id, record.clone()))
            .collect();
        out.push('\n');
        out.push_str(&table::heading(
            "MENTIONED IN (first mention in each document)",
            &self.style,
        ));
        for record in &records {
            let context = contexts.get(&record.id);
            let sentence = context
                .and_then(query::mention_evidence)
                .map_or_else(|| Text::plain("-"), |e| query::mention_text(&e));
            let count = context.map(|context| context.count);
            self.evidence_block(out, sentence, Some(record.id), &by_id, count);
        }
        if more {
            out.push_str(&self.more());
        }
        Ok(())
    }

    fn actor(&self, record: &ActorRecord) -> anyhow::Result<ExitCode> {
        let actor = &record.actor;
        let mut out = String::new();
        self.title(&mut out, "actor", actor.id.0, &actor.name);
        self.field(&mut out, "country", country(actor.country.as_ref()));
        self.field(&mut out, "titles", query::titles(record));
        self.field(&mut out, "aliases", actor.aliases.join("; "));
        self.field(
            &mut out,
            "mentions",
            counts(record.mentions, record.documents),
        );
        self.meetings(
            &mut out,
            "meetings",
            MeetingFilter {
                actors: vec![actor.id],
                ..MeetingFilter::default()
            },
        )?;
        self.statements(
            &mut out,
            "statements",
            StatementFilter {
                speaker: Some(SpeakerFilter::Actor(actor.id)),
                ..StatementFilter::default()
            },
        )?;
        self.mentions(&mut out, EntityRef::Actor(actor.id))?;
        self.print(&out)
    }

    fn organisation(&self, record: &OrganisationRecord) -> anyhow::Result<ExitCode> {
        let organisation = &record.organisation;
        let mut out = String::new();
        self.title(
            &mut out,
            "organisation",
            organisation.id.0,
            &organisation.name,
        );
        self.field(
            &mut out,
            "acronym",
            organisation.acronym.clone().unwrap_or_default(),
        );
        self.field(&mut out, "kind", organisation.kind.as_str());
        self.field(&mut out, "country", country(organisation.country.as_ref()));
        self.field(&mut out, "aliases", organisation.aliases.join("; "));
        self.field(
            &mut out,
            "mentions",
            counts(record.mentions, record.documents),
        );
        self.statements(
            &mut out,
            "statements by it",
            StatementFilter {
                speaker: Some(SpeakerFilter::Organisation(organisation.id)),
                ..StatementFilter::default()
            },
        )?;
        self.statements(
            &mut out,
            "statements that name it",
            StatementFilter {
                organisation: Some(organisation.id),
                ..StatementFilter::default()
            },
        )?;
        self.mentions(&mut out, EntityRef::Organisation(organisation.id))?;
        self.print(&out)
    }

    fn initiative(&self, record: &InitiativeRecord) -> anyhow::Result<ExitCode> {
        let initiative = &record.initiative;
        let mut out = String::new();
        self.title(&mut out, "initiative", initiative.id.0, &initiative.name);
        self.field(&mut out, "sponsor", country(initiative.sponsor.as_ref()));
        self.field(&mut out, "aliases", initiative.aliases.join("; "));
        self.field(
            &mut out,
            "mentions",
            counts(record.mentions, record.documents),
        );
        self.statements(
            &mut out,
            "statements that name it",
            StatementFilter {
                initiative: Some(initiative.id),
                ..StatementFilter::default()
            },
        )?;
        self.mentions(&mut out, EntityRef::Initiative(initiative.id))?;
        self.print(&out)
    }

    fn meeting(&self, record: &MeetingRecord) -> anyhow::Result<ExitCode> {
        let meeting = &record.meeting;
        let mut out = String::new();
        self.title(&mut out, "meeting", meeting.id.0, "");
        let mut date = query::event_date(meeting.date.as_ref());
        if let Some(when) = &meeting.date
            && when.date.is_some()
            && !when.text.is_empty()
        {
            date = format!("{date} (“{}”)", when.text);
        }
        self.field(&mut out, "date", date);
        self.field(&mut out, "kind", meeting.kind.as_str().replace('_', " "));
        self.field(&mut out, "status", status(meeting.status));
        self.field(&mut out, "place", query::place(&meeting.location));
        self.field(
            &mut out,
            "occasion",
            meeting.occasion.clone().unwrap_or_default(),
        );
        for (label, role) in [
            ("participants", Role::Principal),
            ("delegation", Role::Delegation),
        ] {
            let names: Vec<String> = meeting
                .participants
                .iter()
                .zip(&record.participant_names)
                .filter(|(participant, _)| participant.role == role)
                .map(|(participant, name)| format!("{name} [{}]", participant.actor.0))
                .collect();
            self.field(&mut out, label, names.join(", "));
        }
        self.evidence(&mut out, &meeting.evidence)?;
        self.statements(
            &mut out,
            "statements made at it",
            StatementFilter {
                meeting: Some(meeting.id),
                ..StatementFilter::default()
            },
        )?;
        self.print(&out)
    }

    fn statement(&self, record: &StatementRecord) -> anyhow::Result<ExitCode> {
        let statement = &record.statement;
        let mut out = String::new();
        self.title(&mut out, "statement", statement.id.0, "");
        let speaker = match &statement.speaker {
            Speaker::Actor(id) => format!("{} [actor {}]", record.speaker_name, id.0),
            Speaker::Organisation(id) => {
                format!("{} [organisation {}]", record.speaker_name, id.0)
            }
            Speaker::Country(code) => format!("{} [{code}]", record.speaker_name),
        };
        self.field(&mut out, "speaker", speaker);
        if let (Some(name), Some(id)) = (&record.addressee_name, statement.addressee) {
            self.field(&mut out, "addressee", format!("{name} [actor {}]", id.0));
        }
        let mut mode = statement.mode.as_str().to_owned();
        if let Some(verb) = &statement.verb {
            mode = format!("{mode} (“{verb}”)");
        }
        self.field(&mut out, "mode", mode);
        self.field(&mut out, "date", query::event_date(statement.date.as_ref()));
        if let Some(id) = statement.meeting {
            self.field(
                &mut out,
                "meeting",
                format!("{} (entente show meeting {})", id.0, id.0),
            );
        }
        self.field(&mut out, "words", statement.text.as_str());
        let initiatives: Vec<String> = statement
            .initiatives
            .iter()
            .zip(&record.initiative_names)
            .map(|(id, name)| format!("{name} [{}]", id.0))
            .collect();
        self.field(&mut out, "initiatives", initiatives.join(", "));
        let organisations = self.organisation_names(&statement.organisations)?;
        self.field(&mut out, "organisations", organisations.join(", "));
        self.field(&mut out, "countries", statement.countries.join(", "));
        self.evidence(&mut out, &statement.evidence)?;
        self.print(&out)
    }

    fn organisation_names(&self, ids: &[OrganisationId]) -> anyhow::Result<Vec<String>> {
        let names: HashMap<OrganisationId, String> = self
            .store
            .organisations_by_id(ids)
            .context("cannot read the organisations")?
            .into_iter()
            .map(|record| (record.organisation.id, record.organisation.name))
            .collect();
        Ok(ids
            .iter()
            .map(|id| {
                let name = names.get(id).map_or("?", String::as_str);
                format!("{name} [{}]", id.0)
            })
            .collect())
    }

    fn document(&self, record: &DocumentRecord) -> anyhow::Result<ExitCode> {
        let document = &record.document;
        let mut out = String::new();
        self.title(
            &mut out,
            "document",
            record.id.0,
            document.title.as_deref().unwrap_or(""),
        );
        let published = document.published.map(|date| date.to_string());
        self.field(&mut out, "published", published.unwrap_or_default());
        self.field(
            &mut out,
            "source",
            document.source.clone().unwrap_or_default(),
        );
        self.field(&mut out, "url", document.url.clone().unwrap_or_default());
        self.field(&mut out, "path", document.path.clone().unwrap_or_default());
        self.field(
            &mut out,
            "external id",
            document.external_id.clone().unwrap_or_default(),
        );
        self.field(&mut out, "sha256", document.sha256.as_str());
        let actors = self
            .store
            .query_actors(&ActorFilter {
                document: Some(record.id),
                ..ActorFilter::default()
            })
            .context("cannot list the document's actors")?;
        self.section(&mut out, "actors", actors::table(&actors), false);
        let entities = EntityFilter {
            document: Some(record.id),
            ..EntityFilter::default()
        };
        let found = self
            .store
            .query_organisations(&entities)
            .context("cannot list the document's organisations")?;
        self.section(
            &mut out,
            "organisations",
            organisations::table(&found),
            false,
        );
        let found = self
            .store
            .query_initiatives(&entities)
            .context("cannot list the document's initiatives")?;
        self.section(&mut out, "initiatives", initiatives::table(&found), false);
        let found = self
            .store
            .query_meetings(&MeetingFilter {
                document: Some(record.id),
                ..MeetingFilter::default()
            })
            .context("cannot list the document's meetings")?;
        self.section(&mut out, "meetings", meetings::table(&found), false);
        let hits = self
            .store
            .query_statements(&StatementFilter {
                document: Some(record.id),
                ..StatementFilter::default()
            })
            .context("cannot list the document's statements")?;
        let documents = statements::documents(self.store, &hits)?;
        self.section(
            &mut out,
            "statements",
            statements::table(&hits, &documents),
            false,
        );
        out.push('\n');
        out.push_str(&table::heading("TEXT", &self.style));
        for paragraph in document
            .text
            .split('\n')
            .filter(|line| !line.trim().is_empty())
        {
            out.push_str(&table::block(&Text::plain(paragraph), 2, &self.style));
        }
        self.print(&out)
    }
}

fn country(country: Option<&entente_model::Country>) -> String {
    country.map_or_else(String::new, |country| {
        if country.name == country.code {
            country.code.clone()
        } else {
            format!("{} ({})", country.code, country.name)
        }
    })
}

fn counts(mentions: u64, documents: u64) -> String {
    let plural = if documents == 1 { "" } else { "s" };
    format!("{mentions} in {documents} document{plural}")
}

fn status(status: entente_model::MeetingStatus) -> &'static str {
    match status {
        entente_model::MeetingStatus::Held => "held",
        entente_model::MeetingStatus::Planned => "planned",
        entente_model::MeetingStatus::Cancelled => "cancelled",
    }
}
