//! An overview of a stored database (`entente stats`): counts, date ranges and the
//! leading actors, pairs and speakers.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ActorId;

/// What `entente stats` reports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    pub counts: Counts,
    /// The first and last publication date of the documents that give one.
    pub published: Option<DateRange>,
    /// The first and last date of the meetings reported as held that have one.
    pub meetings: Option<DateRange>,
    /// Actors by mentions, most first (ties: lower id first).
    pub top_actors: Vec<RankedActor>,
    /// Pairs of principals by the meetings held between them, most first.
    pub top_pairs: Vec<MeetingPair>,
    /// Actors by the statements they made, most first.
    pub top_speakers: Vec<RankedActor>,
    pub extractor: ExtractorStatus,
}

/// How many records of each kind are stored. Entities count only those with mentions,
/// as the listings show them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub documents: u64,
    pub actors: u64,
    pub organisations: u64,
    pub initiatives: u64,
    pub meetings_held: u64,
    pub meetings_planned: u64,
    pub meetings_cancelled: u64,
    pub statements: u64,
    pub mentions: u64,
    /// Documents removed by `entente remove document` (skipped by a later ingest).
    pub removed_documents: u64,
    /// Merges made by `entente merge`, applied again after each re-extraction.
    pub merges: u64,
}

/// Both days included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateRange {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

/// An actor and how often it counts: mentions (with the documents they are in) or
/// statements.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RankedActor {
    pub id: ActorId,
    pub name: String,
    /// ISO 3166-1 alpha-3.
    pub country: Option<String>,
    pub count: u64,
    pub documents: u64,
}

/// Two actors (the lower id first) and how many meetings held had both as principals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingPair {
    pub first: ActorId,
    pub first_name: String,
    pub second: ActorId,
    pub second_name: String,
    pub meetings: u64,
}

/// Which extractor produced the records and whether the running one would read them
/// otherwise.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtractorStatus {
    /// The extractors recorded since the last re-extraction, as `rules` or
    /// `rules+dict.FINGERPRINT`.
    pub recorded: Vec<String>,
    /// The running binary's extractor, in the same form.
    pub current: String,
    /// Why `entente reextract` is due, or `None` when it is not.
    pub reextract_due: Option<String>,
}
