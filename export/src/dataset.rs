//! The records an export is written from.

use entente_model::{
    ActorRecord, DocumentRecord, InitiativeRecord, MeetingRecord, MentionRecord,
    OrganisationRecord, StatementRecord,
};

/// Every stored record an export may need, as the store loads them. The order of the
/// vectors does not matter: writers sort rows themselves.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dataset {
    pub documents: Vec<DocumentRecord>,
    pub actors: Vec<ActorRecord>,
    pub organisations: Vec<OrganisationRecord>,
    pub initiatives: Vec<InitiativeRecord>,
    /// All meetings, whatever their status; only held meetings are exported.
    pub meetings: Vec<MeetingRecord>,
    pub statements: Vec<StatementRecord>,
    pub mentions: Vec<MentionRecord>,
}
