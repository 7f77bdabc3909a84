//! Stored shapes: the domain types as kept in the database, with counts and sources.
//! Each `--format json` line of the CLI is one of these.

use serde::{Deserialize, Serialize};

use crate::{Actor, Document, DocumentId, Initiative, Meeting, Organisation, Statement};

/// A stored document (the text is left out of listings).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentRecord {
    pub id: DocumentId,
    #[serde(flatten)]
    pub document: Document,
}

/// A stored actor with how often it is mentioned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorRecord {
    #[serde(flatten)]
    pub actor: Actor,
    pub mentions: u64,
    pub documents: u64,
}

/// A stored organisation with how often it is mentioned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationRecord {
    #[serde(flatten)]
    pub organisation: Organisation,
    pub mentions: u64,
    pub documents: u64,
}

/// A stored initiative with how often it is mentioned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InitiativeRecord {
    #[serde(flatten)]
    pub initiative: Initiative,
    pub mentions: u64,
    pub documents: u64,
}

/// A stored meeting: participant ids are database ids; `names` holds their canonical
/// names in the same order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingRecord {
    #[serde(flatten)]
    pub meeting: Meeting,
    pub participant_names: Vec<String>,
    pub document_ids: Vec<DocumentId>,
}

/// A stored statement with the names of its speaker and addressee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementRecord {
    #[serde(flatten)]
    pub statement: Statement,
    pub speaker_name: String,
    pub addressee_name: Option<String>,
    pub initiative_names: Vec<String>,
    pub document_ids: Vec<DocumentId>,
}

/// A stored mention: the entity (by database id, or country code), and where it stands
/// in its document, both as bytes (`span`) and as characters (`char_start..char_end`,
/// Unicode scalar values, as Python counts them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentionRecord {
    pub document: DocumentId,
    pub entity: crate::EntityRef,
    pub surface: String,
    pub span: crate::Span,
    pub char_start: usize,
    pub char_end: usize,
}
