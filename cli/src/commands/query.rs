//! What the query commands share: their options, opening the database read-only,
//! resolving names as people type them, and writing records as a table, JSON lines or
//! CSV.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use chrono::{Datelike, NaiveDate};
use clap::{Args, ValueEnum};
use entente_export::Dataset;
use entente_model::{
    ActorRecord, DatePrecision, DocumentId, DocumentRecord, EventDate, Evidence, InitiativeRecord,
    Location, OrganisationRecord, Span,
};
use entente_store::{Error as StoreError, MentionContext, SpeakerFilter, Store};
use serde::Serialize;

use crate::table::{Style, Table, Text, Tone};

/// How the records are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns wrapped to the terminal, for people.
    Table,
    /// JSON lines: one record per line, in the shape of the model's stored types.
    Json,
    /// CSV with a header row, in the columns of `entente export`.
    Csv,
}

/// The options every listing takes.
#[derive(Debug, Clone, Args)]
pub struct View {
    /// Output format [default: table on a terminal, json otherwise].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Show at most N records; 0 for all [default: 50 in a table, all otherwise].
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

/// How many rows a table shows when `--limit` is not given.
pub const TABLE_LIMIT: usize = 50;

impl View {
    pub fn format(&self) -> Format {
        self.format.unwrap_or_else(default_format)
    }

    /// The limit to query with: `--limit` (0 is none); a table without one fetches one
    /// more than [`TABLE_LIMIT`], to tell whether there is more.
    pub fn query_limit(&self, format: Format) -> Option<usize> {
        match self.limit {
            Some(0) => None,
            Some(limit) => Some(limit),
            None if format == Format::Table => Some(TABLE_LIMIT + 1),
            None => None,
        }
    }

    /// Cuts a table's records to [`TABLE_LIMIT`] when `--limit` was not given, with a note
    /// when some were left out.
    pub fn cut<T>(&self, format: Format, mut records: Vec<T>) -> Vec<T> {
        if self.limit.is_none() && format == Format::Table && records.len() > TABLE_LIMIT {
            records.truncate(TABLE_LIMIT);
            note(&format!(
                "showing the first {TABLE_LIMIT}; --limit N for more, --limit 0 for all"
            ));
        }
        records
    }
}

/// `table` on a terminal, JSON lines when the output goes to a pipe or a file.
pub fn default_format() -> Format {
    if std::io::stdout().is_terminal() {
        Format::Table
    } else {
        Format::Json
    }
}

/// A date bound as typed: `2017`, `2017-03` or `2017-03-08`. `--from` takes its first
/// day, `--to` its last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

pub fn parse_period(text: &str) -> Result<Period, String> {
    let error = || format!("`{text}` is not a date (YYYY, YYYY-MM or YYYY-MM-DD)");
    let parts: Vec<&str> = text.trim().split('-').collect();
    let number = |part: &str| part.parse::<u32>().map_err(|_| error());
    let first_of =
        |year: i32, month: u32| NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(error);
    match parts.as_slice() {
        [year] if year.len() == 4 => {
            let year = number(year)? as i32;
            Ok(Period {
                first: first_of(year, 1)?,
                last: NaiveDate::from_ymd_opt(year, 12, 31).ok_or_else(error)?,
            })
        }
        [year, month] if year.len() == 4 => {
            let first = first_of(number(year)? as i32, number(month)?)?;
            let next = first
                .checked_add_months(chrono::Months::new(1))
                .ok_or_else(error)?;
            Ok(Period {
                first,
                last: next.pred_opt().ok_or_else(error)?,
            })
        }
        [_, _, _] => {
            let day = crate::input::parse_date(text.trim()).ok_or_else(error)?;
            Ok(Period {
                first: day,
                last: day,
            })
        }
        _ => Err(error()),
    }
}

/// An ISO 3166-1 alpha-3 code, in capitals.
pub fn parse_country(text: &str) -> Result<String, String> {
    let code = text.trim().to_ascii_uppercase();
    if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(code)
    } else {
        Err(format!(
            "`{text}` is not an ISO 3166-1 alpha-3 country code (such as TUR or CHN)"
        ))
    }
}

/// Opens the database for reading only; a missing file is an error, never created. A
/// database from an older entente is upgraded first (its indexes), with a note.
pub fn open(db: &Path) -> anyhow::Result<Store> {
    if !db.exists() {
        anyhow::bail!(
            "database `{}` does not exist (create it with `entente ingest`, or give --db)",
            db.display()
        );
    }
    match Store::open_read_only(db) {
        Err(StoreError::SchemaTooOld { found, supported }) => {
            eprintln!(
                "entente: upgrading database `{}` from schema {found} to {supported}",
                db.display()
            );
            drop(
                Store::open(db)
                    .with_context(|| format!("cannot upgrade database `{}`", db.display()))?,
            );
            Ok(Store::open_read_only(db)?)
        }
        result => Ok(result?),
    }
}

/// A short note on stderr (an empty result, ...).
pub fn note(message: &str) {
    eprintln!("entente: {message}");
}

/// What a name resolved to.
pub enum Found<T> {
    One(T),
    /// Nothing fits: a note was printed; the result is empty (exit 0).
    Missing,
    /// Several fit: the candidates were printed (exit 1).
    Ambiguous,
}

/// The exit status of an ambiguous name.
pub const AMBIGUOUS: u8 = 1;

/// The one actor `name` fits; otherwise the note or the candidates on stderr.
pub fn actor(store: &Store, name: &str) -> anyhow::Result<Found<ActorRecord>> {
    let candidates = store
        .find_actors(name)
        .context("cannot look up the actor")?;
    Ok(one(candidates, name, "actor", "actors", actor_row))
}

/// The one organisation `name` fits.
pub fn organisation(store: &Store, name: &str) -> anyhow::Result<Found<OrganisationRecord>> {
    let candidates = store
        .find_organisations(name)
        .context("cannot look up the organisation")?;
    Ok(one(
        candidates,
        name,
        "organisation",
        "organisations",
        organisation_row,
    ))
}

/// The one initiative `name` fits.
pub fn initiative(store: &Store, name: &str) -> anyhow::Result<Found<InitiativeRecord>> {
    let candidates = store
        .find_initiatives(name)
        .context("cannot look up the initiative")?;
    Ok(one(
        candidates,
        name,
        "initiative",
        "initiatives",
        initiative_row,
    ))
}

/// The one speaker `name` fits: a person, or failing any, an organisation.
pub fn speaker(store: &Store, name: &str) -> anyhow::Result<Found<SpeakerFilter>> {
    let actors = store
        .find_actors(name)
        .context("cannot look up the speaker")?;
    if !actors.is_empty() {
        return Ok(match one(actors, name, "actor", "actors", actor_row) {
            Found::One(record) => Found::One(SpeakerFilter::Actor(record.actor.id)),
            Found::Missing => Found::Missing,
            Found::Ambiguous => Found::Ambiguous,
        });
    }
    let organisations = store
        .find_organisations(name)
        .context("cannot look up the speaker")?;
    if organisations.is_empty() {
        note(&format!(
            "no speaker (person or organisation) matches `{}`",
            crate::table::sanitise(name)
        ));
        return Ok(Found::Missing);
    }
    Ok(
        match one(
            organisations,
            name,
            "organisation",
            "organisations",
            organisation_row,
        ) {
            Found::One(record) => Found::One(SpeakerFilter::Organisation(record.organisation.id)),
            Found::Missing => Found::Missing,
            Found::Ambiguous => Found::Ambiguous,
        },
    )
}

fn actor_row(table: &mut Table, record: &ActorRecord) {
    table.row(vec![
        record.actor.id.0.to_string().into(),
        record.actor.name.as_str().into(),
        code(record.actor.country.as_ref()).into(),
        titles(record).into(),
        record.mentions.to_string().into(),
    ]);
}

fn organisation_row(table: &mut Table, record: &OrganisationRecord) {
    let organisation = &record.organisation;
    table.row(vec![
        organisation.id.0.to_string().into(),
        organisation.name.as_str().into(),
        code(organisation.country.as_ref()).into(),
        organisation.kind.as_str().into(),
        record.mentions.to_string().into(),
    ]);
}

fn initiative_row(table: &mut Table, record: &InitiativeRecord) {
    let initiative = &record.initiative;
    table.row(vec![
        initiative.id.0.to_string().into(),
        initiative.name.as_str().into(),
        code(initiative.sponsor.as_ref()).into(),
        initiative.aliases.join("; ").into(),
        record.mentions.to_string().into(),
    ]);
}

fn one<T>(
    mut candidates: Vec<T>,
    name: &str,
    kind: &str,
    kinds: &str,
    row: impl Fn(&mut Table, &T),
) -> Found<T> {
    match candidates.len() {
        0 => {
            note(&format!(
                "no {kind} matches `{}`",
                crate::table::sanitise(name)
            ));
            Found::Missing
        }
        1 => match candidates.pop() {
            Some(record) => Found::One(record),
            None => Found::Missing,
        },
        n => {
            let mut table = Table::new(&["id", "name", "country", "details", "mentions"])
                .right(0)
                .right(4);
            for candidate in &candidates {
                row(&mut table, candidate);
            }
            let style = Style {
                colour: false,
                ..Style::detect()
            };
            eprintln!(
                "entente: `{}` fits {n} {kinds}; give one of these ids or a fuller name:",
                crate::table::sanitise(name)
            );
            eprint!("{}", table.render(&style));
            Found::Ambiguous
        }
    }
}

/// Writes to stdout, buffered; the caller flushes.
pub struct Out {
    writer: std::io::BufWriter<std::io::StdoutLock<'static>>,
}

impl Out {
    pub fn new() -> Out {
        Out {
            writer: std::io::BufWriter::new(std::io::stdout().lock()),
        }
    }

    pub fn text(&mut self, text: &str) -> anyhow::Result<()> {
        self.writer.write_all(text.as_bytes())?;
        Ok(())
    }

    /// One JSON line per record.
    pub fn json_lines<'a, T: Serialize + 'a>(
        &mut self,
        records: impl IntoIterator<Item = &'a T>,
    ) -> anyhow::Result<()> {
        for record in records {
            let line = serde_json::to_string(record).context("cannot write JSON")?;
            self.writer.write_all(line.as_bytes())?;
            self.writer.write_all(b"\n")?;
        }
        Ok(())
    }

    /// The CSV of `table` (a file stem of `entente export`): the header, then one row
    /// per record in the order given, each from the data set `dataset` makes of it.
    pub fn csv<T>(
        &mut self,
        table: &str,
        records: &[T],
        dataset: impl Fn(&T) -> Dataset,
    ) -> anyhow::Result<()> {
        let mut first = true;
        let mut bytes = Vec::new();
        for record in records {
            bytes.clear();
            entente_export::write_table(table, &dataset(record), &mut bytes)
                .context("cannot write CSV")?;
            // The header line holds column names only, so it ends at the first newline.
            let body = match bytes.iter().position(|&b| b == b'\n') {
                Some(end) if !first => &bytes[end + 1..],
                _ => &bytes[..],
            };
            self.writer.write_all(body)?;
            first = false;
        }
        if first {
            entente_export::write_table(table, &Dataset::default(), &mut self.writer)
                .context("cannot write CSV")?;
        }
        Ok(())
    }

    pub fn finish(mut self) -> anyhow::Result<ExitCode> {
        self.writer.flush()?;
        Ok(ExitCode::SUCCESS)
    }
}

/// The empty result of a name that fits nothing: a CSV header, or nothing.
pub fn empty(format: Format, table: &str) -> anyhow::Result<ExitCode> {
    let mut out = Out::new();
    if format == Format::Csv {
        out.csv::<()>(table, &[], |_| Dataset::default())?;
    }
    out.finish()
}

/// The note for a query without results.
pub fn none_found(what: &str) {
    note(&format!("no {what} match"));
}

/// An ISO code or `-`.
pub fn code(country: Option<&entente_model::Country>) -> String {
    country.map_or_else(|| "-".to_owned(), |country| country.code.clone())
}

/// Every title, with its state when known: "President (TUR); Foreign Minister (TUR)".
pub fn titles(record: &ActorRecord) -> String {
    record
        .actor
        .titles
        .iter()
        .map(|title| match (&title.country, &title.organisation) {
            (_, Some(organisation)) => format!("{} ({organisation})", title.name),
            (Some(country), None) => format!("{} ({country})", title.name),
            (None, None) => title.name.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A date as precise as the text: `2026-03-04`, `2026-W10`, `2026-03`, `2026`; an
/// unresolved one as its words; none as `-`.
pub fn event_date(date: Option<&EventDate>) -> String {
    let Some(date) = date else {
        return "-".to_owned();
    };
    match (date.date, date.precision) {
        (Some(day), DatePrecision::Day) => day.to_string(),
        (Some(day), DatePrecision::Week) => {
            let week = day.iso_week();
            format!("{}-W{:02}", week.year(), week.week())
        }
        (Some(day), DatePrecision::Month) => day.format("%Y-%m").to_string(),
        (Some(day), DatePrecision::Year) => day.year().to_string(),
        (None, _) => format!("“{}”", date.text),
    }
}

/// The place parts, most specific first, or `-`.
pub fn place(location: &Location) -> String {
    let place = location.display();
    if place.is_empty() {
        "-".to_owned()
    } else {
        place
    }
}

/// The evidence sentence followed by its document id, dimmed: `... [doc 8]`.
pub fn evidence_cell(evidence: Option<&Evidence>) -> Text {
    match evidence {
        Some(evidence) => {
            let mut text = Text::plain(&evidence.text);
            if let Some(document) = evidence.document {
                text.push(Tone::Dim, &format!(" [doc {}]", document.0));
            }
            text
        }
        None => Text::plain("-"),
    }
}

/// The source of a piece of evidence, for people: "doc 8 · 2026-03-04 · Example Wire ·
/// Title" and the URL.
pub fn source_line(document: Option<&DocumentRecord>, id: DocumentId) -> Text {
    let mut parts = vec![format!("doc {}", id.0)];
    if let Some(record) = document {
        let document = &record.document;
        parts.extend(document.published.map(|date| date.to_string()));
        parts.extend(document.source.clone());
        parts.extend(document.title.clone());
        parts.extend(document.url.clone());
    }
    Text::dim(&parts.join(" · "))
}

/// The sentence around an entity's first mention in a document, cut from the context
/// the store returned with the extractor's own segmentation, as evidence.
pub fn mention_evidence(context: &MentionContext) -> Option<Evidence> {
    let window = context.window.as_str();
    let start = context.span.start.checked_sub(context.window_start)?;
    let end = context.span.end.checked_sub(context.window_start)?;
    window.get(start..end)?;
    let sentence = sentence_around(window, start, end);
    let raw = window.get(sentence.start..sentence.end)?;
    let text = raw.trim();
    // The sentence span covers the trimmed text, so the mention sits at the same offset
    // in both.
    let lead = raw.len() - raw.trim_start().len();
    let sentence_start = sentence.start + lead + context.window_start;
    Some(Evidence {
        document: Some(context.document),
        span: context.span,
        sentence: Span::new(sentence_start, sentence_start + text.len()),
        text: text.to_owned(),
        rule: "mention".to_owned(),
    })
}

/// The sentence of `text` holding `start..end`; its line when segmentation finds none.
fn sentence_around(text: &str, start: usize, end: usize) -> Span {
    use entente_extract::text::{paragraphs, sentences, tokenize};
    for paragraph in paragraphs(text) {
        if paragraph.start > start || paragraph.end < end {
            continue;
        }
        let mut tokens = Vec::new();
        tokenize(text, paragraph, &mut tokens);
        let mut spans = Vec::new();
        sentences(text, paragraph, &tokens, &mut spans);
        if let Some(sentence) = spans.iter().find(|s| s.start <= start && end <= s.end) {
            return *sentence;
        }
    }
    let line_start = text[..start].rfind('\n').map_or(0, |index| index + 1);
    let line_end = text[end..]
        .find('\n')
        .map_or(text.len(), |index| end + index);
    Span::new(line_start, line_end)
}

/// The mention's sentence with the mention marked.
pub fn mention_text(evidence: &Evidence) -> Text {
    let offset = evidence.sentence.start;
    let mark = evidence
        .span
        .start
        .checked_sub(offset)
        .zip(evidence.span.end.checked_sub(offset))
        .map(|(start, end)| Span::new(start, end))
        .filter(|mark| evidence.text.get(mark.start..mark.end).is_some());
    match mark {
        Some(mark) => Text::marked(&evidence.text, &[mark]),
        None => Text::plain(&evidence.text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_take_years_months_and_days() {
        let period = parse_period("2017").unwrap();
        assert_eq!(period.first.to_string(), "2017-01-01");
        assert_eq!(period.last.to_string(), "2017-12-31");
        let period = parse_period("2024-02").unwrap();
        assert_eq!(period.last.to_string(), "2024-02-29");
        let period = parse_period("2025-11-22").unwrap();
        assert_eq!(period.first, period.last);
        assert!(parse_period("22/11/2025").is_err());
        assert!(parse_period("2025-13").is_err());
        assert!(parse_period("last year").is_err());
    }

    #[test]
    fn countries_are_alpha_3_codes() {
        assert_eq!(parse_country("tur").unwrap(), "TUR");
        assert!(parse_country("Turkey").is_err());
        assert!(parse_country("TR").is_err());
    }

    #[test]
    fn a_mention_becomes_its_sentence() {
        let text = "Ankara, May 14. The Middle Corridor grew. It is long.";
        let start = text.find("Middle").unwrap();
        let context = MentionContext {
            document: DocumentId(3),
            span: Span::new(start + 10, start + 10 + "Middle Corridor".len()),
            count: 2,
            window: text.to_owned(),
            window_start: 10,
        };
        let evidence = mention_evidence(&context).unwrap();
        assert_eq!(evidence.text, "The Middle Corridor grew.");
        let style = Style {
            colour: false,
            width: 80,
        };
        let mut table = Table::new(&["evidence"]);
        table.row(vec![mention_text(&evidence)]);
        assert_eq!(
            table.render(&style),
            "EVIDENCE\nThe [Middle Corridor] grew.\n"
        );
    }
}
