//! The meeting network: actors as nodes, pairs of actors who met as edges.
//!
//! Built by `entente_store::Store::meeting_network` from a [`NetworkFilter`]; drawn by
//! the explorer's network page and written as GraphML or GEXF by the export crate.
//! The rules (which meetings count, what each filter keeps) are documented on the
//! store's query; this module is the data.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How many actors a network holds when the filter does not say: the most mentioned.
pub const DEFAULT_NETWORK_LIMIT: usize = 150;

/// Which part of the meeting network to build. Every field empty (the [`Default`]) is
/// the [`DEFAULT_NETWORK_LIMIT`] most mentioned actors who met someone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkFilter {
    /// ISO 3166-1 alpha-3 codes: keep the meetings of actors of these states, with
    /// their counterparts (an edge is kept when either end is of one of them).
    pub countries: Vec<String>,
    /// Actor ids: keep these actors and their counterparts (an edge is kept when either
    /// end is one of them).
    pub actors: Vec<i64>,
    /// Meetings dated on or after this day (undated meetings are left out).
    pub from: Option<NaiveDate>,
    /// Meetings dated on or before this day (undated meetings are left out).
    pub to: Option<NaiveDate>,
    /// At most this many nodes, the most mentioned (listed actors first); `0` is no limit.
    pub limit: usize,
}

impl Default for NetworkFilter {
    fn default() -> Self {
        NetworkFilter {
            countries: Vec::new(),
            actors: Vec::new(),
            from: None,
            to: None,
            limit: DEFAULT_NETWORK_LIMIT,
        }
    }
}

/// An actor in the network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkNode {
    pub actor_id: i64,
    pub name: String,
    /// ISO alpha-3 code of the actor's state.
    pub country_code: Option<String>,
    /// The title last recorded for the actor (the `title` of `actors.csv`).
    pub title: Option<String>,
    /// Mentions of the actor in every stored document (not only in the meetings kept).
    pub mentions: u64,
}

/// Two actors who met, with the meetings they were both at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkEdge {
    /// The smaller actor id of the pair.
    pub source: i64,
    /// The larger actor id of the pair.
    pub target: i64,
    /// How many meetings: the edge's weight; `meeting_ids.len()`.
    pub meetings: u64,
    /// The earliest date of those meetings (undated ones do not count).
    pub first_date: Option<NaiveDate>,
    /// The latest date of those meetings.
    pub last_date: Option<NaiveDate>,
    /// The meetings, ascending.
    pub meeting_ids: Vec<i64>,
}

/// A meeting network: nodes most mentioned first (then by id), edges by `(source,
/// target)`; every edge joins two of the nodes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Network {
    pub nodes: Vec<NetworkNode>,
    pub edges: Vec<NetworkEdge>,
}
