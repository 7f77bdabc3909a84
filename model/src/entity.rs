//! Who and what a story is about: countries, persons (actors), organisations, initiatives.

use serde::{Deserialize, Serialize};

/// Id of an actor: an index into [`crate::Extraction::actors`], or a database id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ActorId(pub i64);

/// Id of an organisation (extraction index or database id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OrganisationId(pub i64);

/// Id of an initiative (extraction index or database id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct InitiativeId(pub i64);

/// A state, by ISO 3166-1 alpha-3 code.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Country {
    /// ISO 3166-1 alpha-3, e.g. `TUR`.
    pub code: String,
    /// Display name, e.g. `Türkiye`.
    pub name: String,
}

/// A title or role held by a person, e.g. "Foreign Minister" of `TUR`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Title {
    pub name: String,
    /// ISO alpha-3 code of the state the title belongs to, when stated.
    #[serde(default)]
    pub country: Option<String>,
    /// The organisation the title belongs to, when stated ("Communist Party of China").
    #[serde(default)]
    pub organisation: Option<String>,
}

/// A person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub id: ActorId,
    /// Canonical name: the fullest form seen, without titles or honorifics.
    pub name: String,
    /// Every other surface form of the name, sorted.
    pub aliases: Vec<String>,
    /// The state the person serves or belongs to.
    pub country: Option<Country>,
    /// Titles and roles seen, first seen first.
    pub titles: Vec<Title>,
}

/// What sort of body an organisation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrganisationKind {
    Intergovernmental,
    Government,
    Party,
    ArmedGroup,
    Company,
    Media,
    Other,
}

impl OrganisationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OrganisationKind::Intergovernmental => "intergovernmental",
            OrganisationKind::Government => "government",
            OrganisationKind::Party => "party",
            OrganisationKind::ArmedGroup => "armed_group",
            OrganisationKind::Company => "company",
            OrganisationKind::Media => "media",
            OrganisationKind::Other => "other",
        }
    }

    /// Parses the spelling of [`OrganisationKind::as_str`].
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "intergovernmental" => OrganisationKind::Intergovernmental,
            "government" => OrganisationKind::Government,
            "party" => OrganisationKind::Party,
            "armed_group" => OrganisationKind::ArmedGroup,
            "company" => OrganisationKind::Company,
            "media" => OrganisationKind::Media,
            "other" => OrganisationKind::Other,
            _ => return None,
        })
    }
}

/// A named organisation: an intergovernmental body, a state institution, a party ...
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation {
    pub id: OrganisationId,
    pub name: String,
    pub acronym: Option<String>,
    pub kind: OrganisationKind,
    /// The state of a national organisation.
    pub country: Option<Country>,
    pub aliases: Vec<String>,
}

/// A named international programme, project or agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Initiative {
    pub id: InitiativeId,
    pub name: String,
    pub aliases: Vec<String>,
    /// The state that sponsors it, when known (Belt and Road Initiative: `CHN`).
    pub sponsor: Option<Country>,
}
