//! Domain types of entente, shared by every crate and by users who import it.
//!
//! The types come in two layers:
//!
//! - the *document-local* [`Extraction`]: everything read from one article, where ids
//!   ([`ActorId`], [`MeetingId`], ...) are indices into the extraction's own vectors and
//!   every fact carries [`Evidence`] (byte offsets into the document text);
//! - the *stored* records ([`ActorRecord`], [`MeetingRecord`], ...): the same types as
//!   kept in the database, where ids are database ids, with counts and document ids.
//!   Every `--format json` line of the CLI deserialises into one of them;
//! - the meeting [`Network`] (actors who met, with the meetings), by [`NetworkFilter`].
//!
//! This crate does no I/O; it is plain data with serde.

mod date;
mod entity;
mod event;
mod fold;
mod network;
mod record;

pub use date::{DatePrecision, EventDate};
pub use entity::{
    Actor, ActorId, Country, Initiative, InitiativeId, Organisation, OrganisationId,
    OrganisationKind, Title,
};
pub use event::{
    Location, Meeting, MeetingId, MeetingKind, MeetingStatus, Mode, Participant, Role, Speaker,
    Statement, StatementId,
};
pub use fold::fold;
pub use network::{DEFAULT_NETWORK_LIMIT, Network, NetworkEdge, NetworkFilter, NetworkNode};
pub use record::{
    ActorRecord, DocumentRecord, InitiativeRecord, MeetingRecord, MentionRecord,
    OrganisationRecord, StatementRecord,
};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Database id of a stored document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DocumentId(pub i64);

/// One article: its metadata and its normalised text (NFC, LF line ends, no BOM, no NUL,
/// trimmed). Every byte offset of an [`Extraction`] indexes `text`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// The article's own id from the input (a JSONL `id`), when it had one.
    pub external_id: Option<String>,
    pub title: Option<String>,
    /// Publication date; relative dates ("on Monday") resolve against it.
    pub published: Option<NaiveDate>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// Where the article was read from (file path, `path:line` for JSONL, or `-`).
    pub path: Option<String>,
    /// Lower-case hex sha256 of `text`: the document's identity.
    pub sha256: String,
    pub text: String,
}

/// A half-open byte range `start..end` into a document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// The text this span covers, or `""` when it does not lie inside `text` on
    /// character boundaries.
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// Where a fact was read: the span that states it, the sentence around it, the rule
/// that produced it, and (for stored records) the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// Set on stored records; `None` inside a document-local [`Extraction`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<DocumentId>,
    pub span: Span,
    pub sentence: Span,
    /// The evidence sentence itself.
    pub text: String,
    /// Name of the extraction rule that produced the fact.
    pub rule: String,
}

/// What a mention refers to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum EntityRef {
    Actor(ActorId),
    Organisation(OrganisationId),
    Initiative(InitiativeId),
    /// ISO 3166-1 alpha-3 code.
    Country(String),
}

impl EntityRef {
    /// The `mentions.kind` spelling: `actor`, `organisation`, `initiative`, `country`.
    pub fn kind(&self) -> &'static str {
        match self {
            EntityRef::Actor(_) => "actor",
            EntityRef::Organisation(_) => "organisation",
            EntityRef::Initiative(_) => "initiative",
            EntityRef::Country(_) => "country",
        }
    }
}

/// One occurrence of an entity in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub entity: EntityRef,
    /// The text as it stands in the article.
    pub surface: String,
    pub span: Span,
}

/// Something the extractor noticed but could not turn into a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub span: Span,
    pub message: String,
}

/// Everything read from one document. Ids are indices into the vectors of this value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extraction {
    /// Sentences of the article body, in order (boilerplate lines excluded).
    pub sentences: Vec<Span>,
    pub actors: Vec<Actor>,
    pub organisations: Vec<Organisation>,
    pub initiatives: Vec<Initiative>,
    /// Countries named in the text (by name, adjective or capital), by code.
    pub countries: Vec<Country>,
    /// Mentions sorted by span.
    pub mentions: Vec<Mention>,
    pub meetings: Vec<Meeting>,
    pub statements: Vec<Statement>,
    pub diagnostics: Vec<Diagnostic>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_ref_json_shape_is_stable() {
        let json = serde_json::to_string(&EntityRef::Actor(ActorId(3))).unwrap();
        assert_eq!(json, r#"{"kind":"actor","id":3}"#);
        let json = serde_json::to_string(&EntityRef::Country("TUR".into())).unwrap();
        assert_eq!(json, r#"{"kind":"country","id":"TUR"}"#);
    }

    #[test]
    fn span_slice_is_safe_off_boundaries() {
        let text = "Türkiye";
        assert_eq!(Span::new(0, 1).slice(text), "T");
        assert_eq!(Span::new(1, 2).slice(text), "");
        assert_eq!(Span::new(5, 99).slice(text), "");
    }
}
