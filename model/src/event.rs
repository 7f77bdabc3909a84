//! What happened: meetings and statements.

use serde::{Deserialize, Serialize};

use crate::{ActorId, Country, EventDate, Evidence, InitiativeId, OrganisationId};

/// Id of a meeting (extraction index or database id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MeetingId(pub i64);

/// Id of a statement (extraction index or database id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct StatementId(pub i64);

/// How a person took part in a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Principal,
    /// A member of a principal's delegation ("was joined by", "accompanied").
    Delegation,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Principal => "principal",
            Role::Delegation => "delegation",
        }
    }
}

/// One person at a meeting.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Participant {
    pub actor: ActorId,
    pub role: Role,
}

/// The sort of encounter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingKind {
    Talks,
    PhoneCall,
    VideoCall,
    Visit,
    WorkingLunch,
    SummitMeeting,
    PressConference,
    Other,
}

impl MeetingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MeetingKind::Talks => "talks",
            MeetingKind::PhoneCall => "phone_call",
            MeetingKind::VideoCall => "video_call",
            MeetingKind::Visit => "visit",
            MeetingKind::WorkingLunch => "working_lunch",
            MeetingKind::SummitMeeting => "summit_meeting",
            MeetingKind::PressConference => "press_conference",
            MeetingKind::Other => "other",
        }
    }

    /// Parses the spelling of [`MeetingKind::as_str`].
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "talks" => MeetingKind::Talks,
            "phone_call" => MeetingKind::PhoneCall,
            "video_call" => MeetingKind::VideoCall,
            "visit" => MeetingKind::Visit,
            "working_lunch" => MeetingKind::WorkingLunch,
            "summit_meeting" => MeetingKind::SummitMeeting,
            "press_conference" => MeetingKind::PressConference,
            "other" => MeetingKind::Other,
            _ => return None,
        })
    }

    /// Calls have no place.
    pub fn is_remote(self) -> bool {
        matches!(self, MeetingKind::PhoneCall | MeetingKind::VideoCall)
    }
}

/// Whether the article reports the meeting as having happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingStatus {
    Held,
    /// Announced, expected or hypothetical: never exported as held.
    Planned,
    /// Denied or cancelled.
    Cancelled,
}

/// Where a meeting took place. Each part is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    /// A building or site: "Tianjin Guesthouse", "Ciragan Palace".
    pub venue: Option<String>,
    pub city: Option<String>,
    pub country: Option<Country>,
}

impl Location {
    pub fn is_empty(&self) -> bool {
        self.venue.is_none() && self.city.is_none() && self.country.is_none()
    }

    /// The parts joined with `, `, most specific first: "Tianjin Guesthouse, Tianjin, China".
    pub fn display(&self) -> String {
        let mut parts: Vec<&str> = Vec::new();
        parts.extend(self.venue.as_deref());
        parts.extend(self.city.as_deref());
        parts.extend(self.country.as_ref().map(|c| c.name.as_str()));
        parts.join(", ")
    }
}

/// An encounter of two or more persons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub id: MeetingId,
    pub participants: Vec<Participant>,
    pub date: Option<EventDate>,
    pub location: Location,
    /// The occasion: "SCO summit", "UN General Assembly".
    pub occasion: Option<String>,
    pub kind: MeetingKind,
    pub status: MeetingStatus,
    /// Every sentence that reports this meeting, first first.
    pub evidence: Vec<Evidence>,
}

/// Who made a statement.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Speaker {
    Actor(ActorId),
    Organisation(OrganisationId),
    /// ISO alpha-3 code, when a state speaks with no person named.
    Country(String),
}

impl Speaker {
    /// The `speaker_kind` spelling.
    pub fn kind(&self) -> &'static str {
        match self {
            Speaker::Actor(_) => "actor",
            Speaker::Organisation(_) => "organisation",
            Speaker::Country(_) => "country",
        }
    }
}

/// Direct quote or reported speech.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Direct,
    Indirect,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Direct => "direct",
            Mode::Indirect => "indirect",
        }
    }
}

/// An attributed utterance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    pub id: StatementId,
    pub speaker: Speaker,
    /// The person addressed, when stated ("he told Cai").
    pub addressee: Option<ActorId>,
    pub mode: Mode,
    /// The reporting verb as written ("said", "stressed").
    pub verb: Option<String>,
    /// The quoted words (without quotation marks) or the reported content.
    pub text: String,
    pub date: Option<EventDate>,
    /// The meeting the statement was made at, when the text says so.
    pub meeting: Option<crate::MeetingId>,
    pub initiatives: Vec<InitiativeId>,
    pub organisations: Vec<OrganisationId>,
    /// Codes of the countries the words mention.
    pub countries: Vec<String>,
    /// The first evidence's `span` covers `text`.
    pub evidence: Vec<Evidence>,
}
