//! Writing tables as CSV: one writer per stream, and a folder of `<table>.csv` files.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use std::marker::PhantomData;

use entente_model::{MentionRecord, StatementRecord};

use crate::row::{MentionRow, RowSink, StatementRow, mention_row, statement_row, with_rows};
use crate::{Dataset, Error, Result};

/// The tables, in the order `write_csv_dir` writes them; each is the stem of its file.
pub const TABLES: [&str; 8] = [
    "documents",
    "actors",
    "organisations",
    "initiatives",
    "meetings",
    "meeting_participants",
    "statements",
    "mentions",
];

/// Writes one table as CSV to `out`: UTF-8 without BOM, a header line even when there are
/// no rows, fields quoted only when needed (RFC 4180), every line ended with `\n` (LF).
/// Rows come in id order (mentions by document, then start), so the same data gives
/// the same bytes. `out` is flushed at the end.
pub fn write_table<W: Write>(table: &str, data: &Dataset, out: W) -> Result<()> {
    with_rows(table, data, CsvSink { table, out }).unwrap_or_else(|| Err(unknown_table(table)))
}

struct CsvSink<'a, W> {
    table: &'a str,
    out: W,
}

impl<W: Write> RowSink for CsvSink<'_, W> {
    type Output = Result<()>;

    fn rows<R: Serialize + Default>(self, rows: Vec<R>) -> Result<()> {
        write_rows(self.table, rows, self.out)
    }
}

/// The tables named in `tables` (every table when empty), in [`TABLES`] order, each
/// once; an unknown name is an error.
pub(crate) fn select(tables: &[&str]) -> Result<Vec<&'static str>> {
    if let Some(name) = tables.iter().find(|name| !TABLES.contains(name)) {
        return Err(unknown_table(name));
    }
    Ok(TABLES
        .into_iter()
        .filter(|table| tables.is_empty() || tables.contains(table))
        .collect())
}

/// Creates `dir` when needed and writes `DIR/<table>.csv` for each of `tables` (every
/// table when empty), in [`TABLES`] order, each name once. Each file is written beside its
/// final name and renamed into place, so a failed export never leaves a half-written
/// file under a table's name. Returns the paths written. Unknown names are refused before
/// anything is written.
pub fn write_csv_dir(dir: &Path, tables: &[&str], data: &Dataset) -> Result<Vec<PathBuf>> {
    let selected = select(tables)?;
    fs::create_dir_all(dir).map_err(|source| Error::Io {
        path: dir.to_owned(),
        source,
    })?;
    let mut written = Vec::with_capacity(selected.len());
    for table in selected {
        let path = dir.join(format!("{table}.csv"));
        let partial = dir.join(format!(".{table}.csv.partial"));
        let result = write_file(table, data, &partial).and_then(|()| {
            fs::rename(&partial, &path).map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })
        });
        if let Err(error) = result {
            // Best effort: the error that matters is the one being returned.
            let _ = fs::remove_file(&partial);
            return Err(error);
        }
        written.push(path);
    }
    Ok(written)
}

/// `DIR/<table>.csv` written one record at a time, for databases whose mentions or
/// statements do not fit in memory: [`MentionsCsv`] and [`StatementsCsv`]. The records
/// must come in the order [`write_table`] sorts them (mentions by document, start, end,
/// entity, surface: `Store::each_mention`'s order; statements by id:
/// `Store::each_statement`'s), and then the file is byte for byte the one
/// [`write_csv_dir`] writes. Like it, the rows go to a file beside the final name,
/// renamed into place by [`RecordsCsv::finish`]; dropped unfinished (an error on the
/// way), the partial file is removed.
pub struct RecordsCsv<R: StreamedRecord> {
    writer: Option<csv::Writer<BufWriter<File>>>,
    partial: PathBuf,
    path: PathBuf,
    record: PhantomData<fn(&R)>,
}

/// `mentions.csv`, a mention at a time.
pub type MentionsCsv = RecordsCsv<MentionRecord>;
/// `statements.csv`, a statement at a time.
pub type StatementsCsv = RecordsCsv<StatementRecord>;

/// A record [`RecordsCsv`] writes: the table it is a row of, and that row. Only this
/// crate's records are such records (the trait is sealed).
pub trait StreamedRecord: sealed::Sealed {
    #[doc(hidden)]
    const TABLE: &'static str;
    #[doc(hidden)]
    fn write_row<W: Write>(&self, writer: &mut csv::Writer<W>) -> csv::Result<()>;
    #[doc(hidden)]
    fn header() -> csv::Result<csv::StringRecord>;
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for entente_model::MentionRecord {}
    impl Sealed for entente_model::StatementRecord {}
}

impl StreamedRecord for MentionRecord {
    const TABLE: &'static str = "mentions";

    fn write_row<W: Write>(&self, writer: &mut csv::Writer<W>) -> csv::Result<()> {
        writer.serialize(mention_row(self))
    }

    fn header() -> csv::Result<csv::StringRecord> {
        header::<MentionRow>()
    }
}

impl StreamedRecord for StatementRecord {
    const TABLE: &'static str = "statements";

    fn write_row<W: Write>(&self, writer: &mut csv::Writer<W>) -> csv::Result<()> {
        writer.serialize(statement_row(self))
    }

    fn header() -> csv::Result<csv::StringRecord> {
        header::<StatementRow>()
    }
}

impl<R: StreamedRecord> RecordsCsv<R> {
    /// Creates `dir` when needed and starts the file with its header line.
    pub fn create(dir: &Path) -> Result<RecordsCsv<R>> {
        fs::create_dir_all(dir).map_err(|source| Error::Io {
            path: dir.to_owned(),
            source,
        })?;
        let partial = dir.join(format!(".{}.csv.partial", R::TABLE));
        let file = File::create(&partial).map_err(|source| Error::Io {
            path: partial.clone(),
            source,
        })?;
        let mut csv = RecordsCsv {
            writer: Some(csv_writer(BufWriter::new(file))),
            partial,
            path: dir.join(format!("{}.csv", R::TABLE)),
            record: PhantomData,
        };
        let header = R::header().map_err(csv_error::<R>)?;
        if let Some(writer) = csv.writer.as_mut() {
            writer.write_record(&header).map_err(csv_error::<R>)?;
        }
        Ok(csv)
    }

    /// Writes the row of one record.
    pub fn write(&mut self, record: &R) -> Result<()> {
        match self.writer.as_mut() {
            Some(writer) => record.write_row(writer).map_err(csv_error::<R>),
            None => Ok(()),
        }
    }

    /// Flushes and syncs the file and renames it into place; returns its path.
    pub fn finish(mut self) -> Result<PathBuf> {
        let io_error = |path: &Path, source| Error::Io {
            path: path.to_owned(),
            source,
        };
        if let Some(writer) = self.writer.take() {
            let file = writer
                .into_inner()
                .map_err(|error| io_error(&self.partial, error.into_error()))?
                .into_inner()
                .map_err(|error| io_error(&self.partial, error.into_error()))?;
            file.sync_all()
                .map_err(|error| io_error(&self.partial, error))?;
        }
        fs::rename(&self.partial, &self.path).map_err(|error| io_error(&self.path, error))?;
        Ok(self.path.clone())
    }
}

impl<R: StreamedRecord> Drop for RecordsCsv<R> {
    fn drop(&mut self) {
        if self.writer.is_some() {
            // Unfinished: best effort, the error that stopped it is the one reported.
            self.writer = None;
            let _ = fs::remove_file(&self.partial);
        }
    }
}

fn csv_error<R: StreamedRecord>(source: csv::Error) -> Error {
    Error::Csv {
        table: R::TABLE.to_owned(),
        source,
    }
}

/// The CSV writer every table is written with: no header of its own (the first row's
/// would be written late), LF line ends.
fn csv_writer<W: Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .has_headers(false)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out)
}

fn write_file(table: &str, data: &Dataset, path: &Path) -> Result<()> {
    let io_error = |source| Error::Io {
        path: path.to_owned(),
        source,
    };
    let mut out = BufWriter::new(File::create(path).map_err(io_error)?);
    write_table(table, data, &mut out)?;
    out.flush().map_err(io_error)?;
    out.into_inner()
        .map_err(|error| io_error(error.into_error()))?
        .sync_all()
        .map_err(io_error)
}

fn write_rows<W, R>(table: &str, rows: Vec<R>, out: W) -> Result<()>
where
    W: Write,
    R: Serialize + Default,
{
    let csv_error = |source| Error::Csv {
        table: table.to_owned(),
        source,
    };
    let mut writer = csv_writer(out);
    writer
        .write_record(&header::<R>().map_err(csv_error)?)
        .map_err(csv_error)?;
    for row in rows {
        writer.serialize(row).map_err(csv_error)?;
    }
    writer.flush().map_err(|error| csv_error(error.into()))
}

/// The column names of a row type, as serde names its fields: the csv crate writes
/// them as the header of the first row serialised, so serialise a default row and read
/// that header back. Column names thus live only in the row structs.
pub(crate) fn header<R: Serialize + Default>() -> csv::Result<csv::StringRecord> {
    let mut scratch = csv::Writer::from_writer(Vec::new());
    scratch.serialize(R::default())?;
    let bytes = scratch
        .into_inner()
        .map_err(|error| csv::Error::from(error.into_error()))?;
    csv::Reader::from_reader(bytes.as_slice())
        .headers()
        .cloned()
}

pub(crate) fn unknown_table(name: &str) -> Error {
    Error::UnknownTable {
        name: name.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use entente_model::{
        Actor, ActorId, ActorRecord, Country, DatePrecision, Document, DocumentId, DocumentRecord,
        EntityRef, EventDate, Evidence, Initiative, InitiativeId, InitiativeRecord, Location,
        Meeting, MeetingId, MeetingKind, MeetingRecord, MeetingStatus, MentionRecord, Mode,
        Organisation, OrganisationId, OrganisationKind, OrganisationRecord, Participant, Role,
        Span, Speaker, Statement, StatementId, StatementRecord, Title,
    };

    use super::*;

    fn country(code: &str, name: &str) -> Country {
        Country {
            code: code.into(),
            name: name.into(),
        }
    }

    fn evidence(text: &str) -> Evidence {
        Evidence {
            document: Some(DocumentId(1)),
            span: Span::new(0, text.len()),
            sentence: Span::new(0, text.len()),
            text: text.into(),
            rule: "test".into(),
        }
    }

    fn actor(id: i64, name: &str, code: &str, titles: &[&str], aliases: &[&str]) -> ActorRecord {
        ActorRecord {
            actor: Actor {
                id: ActorId(id),
                name: name.into(),
                aliases: aliases.iter().map(|alias| alias.to_string()).collect(),
                country: Some(country(code, code)),
                titles: titles
                    .iter()
                    .map(|title| Title {
                        name: title.to_string(),
                        country: Some(code.into()),
                        organisation: None,
                    })
                    .collect(),
            },
            mentions: 3,
            documents: 1,
        }
    }

    fn meeting(id: i64, status: MeetingStatus, participants: &[(i64, &str)]) -> MeetingRecord {
        MeetingRecord {
            meeting: Meeting {
                id: MeetingId(id),
                participants: participants
                    .iter()
                    .map(|&(actor, _)| Participant {
                        actor: ActorId(actor),
                        role: Role::Principal,
                    })
                    .collect(),
                date: Some(EventDate {
                    date: NaiveDate::from_ymd_opt(2025, 8, 31),
                    precision: DatePrecision::Day,
                    text: "a day earlier".into(),
                }),
                location: Location {
                    venue: Some("Tianjin Guesthouse".into()),
                    city: Some("Tianjin".into()),
                    country: Some(country("CHN", "China")),
                },
                occasion: Some("SCO summit".into()),
                kind: MeetingKind::Talks,
                status,
                evidence: vec![
                    evidence("Erdogan held talks with Xi in Tianjin."),
                    evidence("They met again."),
                ],
            },
            participant_names: participants.iter().map(|&(_, name)| name.into()).collect(),
            document_ids: vec![DocumentId(1), DocumentId(2)],
        }
    }

    /// A small dataset, with the records of each vector in scrambled order.
    fn dataset() -> Dataset {
        let document = |id: i64, title: Option<&str>| DocumentRecord {
            id: DocumentId(id),
            document: Document {
                external_id: Some(format!("art-{id}")),
                title: title.map(str::to_owned),
                published: NaiveDate::from_ymd_opt(2025, 9, 1),
                source: Some("seed".into()),
                url: None,
                path: Some(format!("in.jsonl:{id}")),
                sha256: format!("{id:064x}"),
                text: "Erdogan met Xi.".into(),
            },
        };
        let statement = StatementRecord {
            statement: Statement {
                id: StatementId(1),
                speaker: Speaker::Country("TUR".into()),
                addressee: Some(ActorId(2)),
                mode: Mode::Direct,
                verb: Some("said".into()),
                text: "We are ready, \"now\"".into(),
                date: None,
                meeting: Some(MeetingId(1)),
                initiatives: vec![InitiativeId(1), InitiativeId(2)],
                organisations: vec![],
                countries: vec![],
                evidence: vec![evidence("Ankara said: \"We are ready, \"now\"\".")],
            },
            speaker_name: "Türkiye".into(),
            addressee_name: Some("Xi Jinping".into()),
            initiative_names: vec!["Belt and Road Initiative".into(), "Middle Corridor".into()],
            document_ids: vec![DocumentId(2)],
        };
        let mention =
            |document: i64, start: usize, entity: EntityRef, surface: &str| MentionRecord {
                document: DocumentId(document),
                entity,
                surface: surface.into(),
                span: Span::new(start, start + surface.len()),
                char_start: start,
                char_end: start + surface.chars().count(),
            };
        Dataset {
            documents: vec![document(2, Some("Talks, \"warm\"")), document(1, None)],
            actors: vec![
                actor(2, "Xi Jinping", "CHN", &["President"], &["Xi"]),
                actor(
                    1,
                    "Recep Tayyip Erdogan",
                    "TUR",
                    &["Prime Minister", "President"],
                    &["Erdogan", "Tayyip Erdogan"],
                ),
            ],
            organisations: vec![OrganisationRecord {
                organisation: Organisation {
                    id: OrganisationId(1),
                    name: "Shanghai Cooperation Organization".into(),
                    acronym: Some("SCO".into()),
                    kind: OrganisationKind::Intergovernmental,
                    country: None,
                    aliases: vec![],
                },
                mentions: 2,
                documents: 1,
            }],
            initiatives: vec![InitiativeRecord {
                initiative: Initiative {
                    id: InitiativeId(1),
                    name: "Belt and Road Initiative".into(),
                    aliases: vec!["BRI".into()],
                    sponsor: Some(country("CHN", "China")),
                },
                mentions: 1,
                documents: 1,
            }],
            meetings: vec![
                meeting(2, MeetingStatus::Planned, &[(1, "Recep Tayyip Erdogan")]),
                meeting(
                    1,
                    MeetingStatus::Held,
                    &[(2, "Xi Jinping"), (1, "Recep Tayyip Erdogan")],
                ),
                meeting(3, MeetingStatus::Cancelled, &[(2, "Xi Jinping")]),
            ],
            statements: vec![statement],
            mentions: vec![
                mention(2, 0, EntityRef::Actor(ActorId(1)), "Erdoğan"),
                mention(1, 12, EntityRef::Country("CHN".into()), "Beijing"),
                mention(1, 0, EntityRef::Organisation(OrganisationId(1)), "SCO"),
            ],
        }
    }

    fn render(table: &str, data: &Dataset) -> String {
        let mut out = Vec::new();
        write_table(table, data, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[track_caller]
    fn check(table: &str, data: &Dataset, expected: &str) {
        assert_eq!(render(table, data), expected, "table `{table}`");
    }

    #[test]
    fn every_table_has_its_header_even_without_rows() {
        let empty = Dataset::default();
        let headers = [
            (
                "documents",
                "id,external_id,title,published,source,url,path,sha256\n",
            ),
            (
                "actors",
                "id,name,country,title,aliases,mentions,documents\n",
            ),
            (
                "organisations",
                "id,name,acronym,kind,country,aliases,mentions,documents\n",
            ),
            (
                "initiatives",
                "id,name,sponsor_country,aliases,mentions,documents\n",
            ),
            (
                "meetings",
                "id,date,date_precision,date_text,location,occasion,kind,countries,\
                 participant_ids,participants,document_ids,evidence\n",
            ),
            ("meeting_participants", "meeting_id,actor_id,actor,role\n"),
            (
                "statements",
                "id,speaker_kind,speaker_id,speaker,addressee_id,addressee,mode,verb,date,\
                 text,meeting_id,initiatives,document_ids,evidence\n",
            ),
            ("mentions", "document_id,kind,entity_id,surface,start,end\n"),
        ];
        assert_eq!(headers.map(|(table, _)| table), TABLES);
        for (table, header) in headers {
            check(table, &empty, header);
            assert!(render(table, &dataset()).starts_with(header));
        }
    }

    #[test]
    fn rows_follow_the_contract() {
        let data = dataset();
        check(
            "documents",
            &data,
            &format!(
                "id,external_id,title,published,source,url,path,sha256\n\
                 1,art-1,,2025-09-01,seed,,in.jsonl:1,{:064x}\n\
                 2,art-2,\"Talks, \"\"warm\"\"\",2025-09-01,seed,,in.jsonl:2,{:064x}\n",
                1, 2
            ),
        );
        check(
            "actors",
            &data,
            "id,name,country,title,aliases,mentions,documents\n\
             1,Recep Tayyip Erdogan,TUR,President,Erdogan; Tayyip Erdogan,3,1\n\
             2,Xi Jinping,CHN,President,Xi,3,1\n",
        );
        check(
            "organisations",
            &data,
            "id,name,acronym,kind,country,aliases,mentions,documents\n\
             1,Shanghai Cooperation Organization,SCO,intergovernmental,,,2,1\n",
        );
        check(
            "initiatives",
            &data,
            "id,name,sponsor_country,aliases,mentions,documents\n\
             1,Belt and Road Initiative,CHN,BRI,1,1\n",
        );
        check(
            "statements",
            &data,
            "id,speaker_kind,speaker_id,speaker,addressee_id,addressee,mode,verb,date,text,\
             meeting_id,initiatives,document_ids,evidence\n\
             1,country,TUR,Türkiye,2,Xi Jinping,direct,said,,\"We are ready, \"\"now\"\"\",1,\
             Belt and Road Initiative; Middle Corridor,2,\
             \"Ankara said: \"\"We are ready, \"\"now\"\"\"\".\"\n",
        );
        check(
            "mentions",
            &data,
            "document_id,kind,entity_id,surface,start,end\n\
             1,organisation,1,SCO,0,3\n\
             1,country,CHN,Beijing,12,19\n\
             2,actor,1,Erdoğan,0,7\n",
        );
    }

    #[test]
    fn only_held_meetings_are_written() {
        let data = dataset();
        check(
            "meetings",
            &data,
            "id,date,date_precision,date_text,location,occasion,kind,countries,\
             participant_ids,participants,document_ids,evidence\n\
             1,2025-08-31,day,a day earlier,\"Tianjin Guesthouse, Tianjin, China\",SCO summit,\
             talks,CHN; TUR,2; 1,Xi Jinping; Recep Tayyip Erdogan,1; 2,\
             Erdogan held talks with Xi in Tianjin.\n",
        );
        check(
            "meeting_participants",
            &data,
            "meeting_id,actor_id,actor,role\n\
             1,2,Xi Jinping,principal\n\
             1,1,Recep Tayyip Erdogan,principal\n",
        );
    }

    #[test]
    fn a_meeting_without_date_or_place_leaves_cells_empty() {
        let mut record = meeting(7, MeetingStatus::Held, &[(1, "Recep Tayyip Erdogan")]);
        record.meeting.date = None;
        record.meeting.location = Location::default();
        record.meeting.occasion = None;
        record.meeting.evidence.clear();
        record.participant_names.clear(); // falls back to the actor's name
        record.document_ids = vec![DocumentId(4)];
        let mut data = dataset();
        data.meetings = vec![record];
        let csv = render("meetings", &data);
        assert_eq!(
            csv.lines().nth(1),
            Some("7,,,,,,talks,TUR,1,Recep Tayyip Erdogan,4,")
        );
    }

    #[test]
    fn control_characters_are_dropped_but_line_breaks_kept() {
        let mut data = dataset();
        data.statements[0].statement.text = "red\u{1b}[31m alert\r\nsecond\tline\u{0}".into();
        let csv = render("statements", &data);
        assert!(csv.contains(",\"red[31m alert\nsecond\tline\","), "{csv}");
    }

    #[test]
    fn output_is_identical_run_to_run_and_independent_of_input_order() {
        let data = dataset();
        let mut reversed = data.clone();
        reversed.documents.reverse();
        reversed.actors.reverse();
        reversed.meetings.reverse();
        reversed.mentions.reverse();
        for table in TABLES {
            let first = render(table, &data);
            assert_eq!(first, render(table, &data), "table `{table}`");
            assert_eq!(first, render(table, &reversed), "table `{table}`");
        }
    }

    #[test]
    fn unknown_tables_are_refused() {
        let error = write_table("people", &dataset(), Vec::new()).unwrap_err();
        assert!(matches!(&error, Error::UnknownTable { name } if name == "people"));
        assert!(
            error
                .to_string()
                .starts_with("unknown table `people` (expected one of: documents, actors,")
        );

        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let error = write_csv_dir(&out, &["actors", "people"], &dataset()).unwrap_err();
        assert!(matches!(error, Error::UnknownTable { .. }));
        assert!(!out.exists(), "nothing is written when a name is unknown");
    }

    #[test]
    fn mentions_written_one_by_one_are_the_same_file() {
        let dir = tempfile::tempdir().unwrap();
        let data = dataset();
        let mut sorted = data.mentions.clone();
        sorted.sort_by(crate::row::mention_order);
        let mut csv = MentionsCsv::create(dir.path()).unwrap();
        for record in &sorted {
            csv.write(record).unwrap();
        }
        let path = csv.finish().unwrap();
        assert_eq!(path, dir.path().join("mentions.csv"));
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            render("mentions", &data)
        );

        // Dropped unfinished (an error on the way): no file under either name.
        let other = dir.path().join("other");
        let mut csv = MentionsCsv::create(&other).unwrap();
        csv.write(&sorted[0]).unwrap();
        drop(csv);
        assert_eq!(fs::read_dir(&other).unwrap().count(), 0);
    }

    #[test]
    fn statements_written_one_by_one_are_the_same_file() {
        let dir = tempfile::tempdir().unwrap();
        let data = dataset();
        assert!(!data.statements.is_empty());
        let mut csv = StatementsCsv::create(dir.path()).unwrap();
        for record in &data.statements {
            csv.write(record).unwrap();
        }
        let path = csv.finish().unwrap();
        assert_eq!(path, dir.path().join("statements.csv"));
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            render("statements", &data)
        );
    }

    #[test]
    fn write_csv_dir_writes_a_subset_or_everything() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("nested").join("csv");
        let data = dataset();

        let written = write_csv_dir(&out, &["meetings", "actors", "meetings"], &data).unwrap();
        assert_eq!(
            written,
            vec![out.join("actors.csv"), out.join("meetings.csv")]
        );
        let mut names: Vec<_> = fs::read_dir(&out)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, ["actors.csv", "meetings.csv"]);
        assert_eq!(
            fs::read_to_string(&written[0]).unwrap(),
            render("actors", &data)
        );

        let written = write_csv_dir(&out, &[], &data).unwrap();
        let expected: Vec<PathBuf> = TABLES
            .iter()
            .map(|table| out.join(format!("{table}.csv")))
            .collect();
        assert_eq!(written, expected);
        for (table, path) in TABLES.iter().zip(&written) {
            assert_eq!(fs::read_to_string(path).unwrap(), render(table, &data));
        }
        assert_eq!(
            fs::read_dir(&out).unwrap().count(),
            TABLES.len(),
            "no partial files left"
        );
    }
}
