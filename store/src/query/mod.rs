//! Queries behind the `entente actors`, `meetings`, `statements`, `documents` and `show`
//! commands: filters, name matching, and the records they select; and the meeting
//! network ([`network`]) of the graph export and the explorer.
//!
//! Each query first selects the ids of its records, in their final order, with one
//! statement whose filters use indexes (`migrations/0002_query_indexes.sql`); then it
//! loads just those records, passing the ids as one JSON array (`json_each(?)`). A
//! statement is composed of fixed SQL fragments, one per filter given ([`Select`]): every
//! value is bound, never spliced into the text.
//!
//! Names are matched as people type them ([`names`]): folded with
//! [`entente_model::fold`], by canonical name, alias, acronym or words.

mod documents;
mod entities;
pub(crate) mod explore;
mod meetings;
pub(crate) mod names;
mod network;
mod statements;

use chrono::NaiveDate;
use entente_model::{ActorId, DocumentId, EntityRef, InitiativeId, MeetingId, OrganisationId};
use rusqlite::Connection;
use rusqlite::types::Value;

use crate::error::{Result, sqlite};
use crate::sql::{date_to_sql, to_i64};

pub(crate) use documents::{document, documents, documents_by_id, first_mentions};
pub(crate) use entities::{
    actors, actors_by_id, initiatives, initiatives_by_id, organisations, organisations_by_id,
};
pub use explore::{CountedActor, MonthCount, Overview, Pair};
pub(crate) use meetings::{meeting, meetings};
pub(crate) use network::meeting_network;
pub use statements::StatementHit;
pub(crate) use statements::{statement, statements};

/// Which actors `Store::query_actors` lists: all of them when every field is empty.
/// Most mentioned first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActorFilter {
    /// ISO alpha-3 code of the actor's state.
    pub country: Option<String>,
    /// Part of the name or of an alias, folded ("erdo" finds Recep Tayyip Erdoğan).
    pub name: Option<String>,
    /// Only actors mentioned in this document.
    pub document: Option<DocumentId>,
    pub limit: Option<usize>,
}

/// Which organisations or initiatives a listing holds. Most mentioned first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntityFilter {
    /// ISO alpha-3 code: an organisation's state, an initiative's sponsor.
    pub country: Option<String>,
    /// Part of the name, an alias or the acronym, folded.
    pub name: Option<String>,
    /// Only those mentioned in this document.
    pub document: Option<DocumentId>,
    pub limit: Option<usize>,
}

/// Which meetings `Store::query_meetings` lists: only meetings reported as held, newest
/// first (undated ones last).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MeetingFilter {
    /// Meetings where every one of these actors took part.
    pub actors: Vec<ActorId>,
    /// Meetings with a participant of this state (ISO alpha-3).
    pub country: Option<String>,
    /// Dated on or after this day.
    pub from: Option<NaiveDate>,
    /// Dated on or before this day.
    pub to: Option<NaiveDate>,
    /// Part of the venue, city, or country name or code, folded.
    pub location: Option<String>,
    /// Meetings reported by this document.
    pub document: Option<DocumentId>,
    pub limit: Option<usize>,
}

/// Who spoke, for [`StatementFilter::speaker`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpeakerFilter {
    Actor(ActorId),
    Organisation(OrganisationId),
    /// ISO alpha-3 code.
    Country(String),
}

/// Which statements `Store::query_statements` lists: newest first by the statement's
/// date, or its article's publication date when the statement has none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatementFilter {
    pub speaker: Option<SpeakerFilter>,
    /// An FTS5 query over the words (`corridor`, `"belt and road"`, `secur*`, `trade AND
    /// energy`); a malformed one is [`crate::Error::Search`]. Matches come back as spans.
    pub search: Option<String>,
    /// Statements that mention this initiative.
    pub initiative: Option<InitiativeId>,
    /// Statements that mention this organisation.
    pub organisation: Option<OrganisationId>,
    /// Statements made at this meeting.
    pub meeting: Option<MeetingId>,
    /// Statements read from this document (first, or again in another article).
    pub document: Option<DocumentId>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub limit: Option<usize>,
}

/// Which documents `Store::query_documents` lists: newest first (undated ones last).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentFilter {
    /// Documents that mention this entity.
    pub mentions: Option<EntityRef>,
    /// Published on or after this day.
    pub from: Option<NaiveDate>,
    /// Published on or before this day.
    pub to: Option<NaiveDate>,
    pub limit: Option<usize>,
}

/// The first mention of an entity in one document, with the text around it, from which
/// the caller cuts the sentence (the store keeps no sentence boundaries).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MentionContext {
    pub document: DocumentId,
    /// Byte range of the mention in the document text.
    pub span: entente_model::Span,
    /// How many times the entity is mentioned in this document.
    pub count: u64,
    /// Up to 300 characters either side of the mention, and the mention itself.
    pub window: String,
    /// Byte offset of `window` in the document text.
    pub window_start: usize,
}

/// A statement composed of fixed fragments, each with its bound value.
pub(crate) struct Select {
    sql: String,
    values: Vec<Value>,
}

impl Select {
    pub fn new(head: &'static str) -> Select {
        Select {
            sql: head.to_owned(),
            values: Vec::new(),
        }
    }

    /// Appends a fragment without parameters.
    pub fn push(&mut self, fragment: &'static str) {
        self.sql.push(' ');
        self.sql.push_str(fragment);
    }

    /// Adds the value of the next parameter of the head (`?1` ...).
    pub fn value(&mut self, value: impl Into<Value>) {
        self.values.push(value.into());
    }

    /// Appends a fragment with one anonymous parameter `?` and its value.
    pub fn bind(&mut self, fragment: &'static str, value: impl Into<Value>) {
        self.push(fragment);
        self.values.push(value.into());
    }

    /// Appends `LIMIT ?` (`-1` is no limit).
    pub fn limit(&mut self, limit: Option<usize>) -> Result<()> {
        let limit = match limit {
            Some(limit) => to_i64(limit, "limit")?,
            None => -1,
        };
        self.bind("LIMIT ?", limit);
        Ok(())
    }

    /// Runs the statement, mapping each row with `read`.
    pub fn rows<T>(
        &self,
        conn: &Connection,
        context: &'static str,
        read: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        self.rows_or(conn, read, |source| sqlite(context, source))
    }

    /// [`Select::rows`] with a caller's error mapping (a search query's syntax errors).
    pub fn rows_or<T>(
        &self,
        conn: &Connection,
        read: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
        error: impl Fn(rusqlite::Error) -> crate::Error,
    ) -> Result<Vec<T>> {
        let mut statement = conn.prepare_cached(&self.sql).map_err(&error)?;
        let rows = statement
            .query_map(rusqlite::params_from_iter(self.values.iter()), read)
            .map_err(&error)?;
        rows.collect::<rusqlite::Result<_>>().map_err(error)
    }
}

/// Ids as the JSON array `json_each(?)` reads.
pub(crate) fn id_list(ids: impl IntoIterator<Item = i64>) -> String {
    let mut out = String::from("[");
    for (index, id) in ids.into_iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        out.push_str(&id.to_string());
    }
    out.push(']');
    out
}

/// A date as bound.
pub(crate) fn day(date: NaiveDate) -> String {
    date_to_sql(date)
}

/// Rows by key in the order of `ids`; ids without a row are dropped.
pub(crate) fn in_order<T>(ids: &[i64], mut rows: std::collections::HashMap<i64, T>) -> Vec<T> {
    ids.iter().filter_map(|id| rows.remove(id)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_lists_are_json_arrays() {
        assert_eq!(id_list([]), "[]");
        assert_eq!(id_list([3, 1, 20]), "[3,1,20]");
    }
}
