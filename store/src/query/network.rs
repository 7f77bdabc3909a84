//! The meeting network (`Store::meeting_network`): actors as nodes, every two actors at
//! one meeting as an edge.
//!
//! The rules:
//!
//! - Only meetings reported as held count, as for `entente meetings` and `meetings.csv`:
//!   a planned meeting may never take place and a cancelled one did not, and an edge
//!   says that two people met.
//! - Every two participants of a meeting are a pair, delegation members included (they
//!   were in the room); an edge is one pair over all its meetings, `source < target`.
//! - `from` / `to` select meetings by their date (the first day of a week, month or
//!   year); when either is given, undated meetings are left out.
//! - `actors`: an edge is kept when either end is one of them (those actors and their
//!   counterparts). `countries`: when either end is an actor of one of those states (the
//!   meetings of that state's people, with their foreign counterparts). Both: an edge
//!   meets both conditions (`--actor "wang yi" --country TUR`: Wang Yi's meetings with
//!   Turkish people, or any meeting of his if he were Turkish). The nodes are the ends
//!   of the edges kept; the `limit` most mentioned stay, the listed actors first.
//! - Neither: the `limit` most mentioned actors among those who met at least one other
//!   actor (in the date range), and every edge between two of them.
//! - `limit` 0 keeps every node. Edges join two kept nodes only; a node may be left
//!   with no edge when its counterparts fell below the limit.
//!
//! Speed: the unfiltered network picks its nodes first (mention counts along the
//! `mentions_actor` index) and reads only the pairs among them, from
//! `meeting_participants_actor`; a filtered one starts from the meetings of the listed
//! actors (or of the actors of the listed states, `actors_country`). Nothing reads
//! every meeting.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use entente_model::{Network, NetworkEdge, NetworkFilter, NetworkNode};
use rusqlite::Connection;

use super::{Select, day, id_list};
use crate::error::Result;
use crate::sql::{date_from_sql, to_i64, to_u64};

/// The network [`NetworkFilter`] selects (the module documentation has the rules).
pub(crate) fn meeting_network(conn: &Connection, filter: &NetworkFilter) -> Result<Network> {
    let filtered = !filter.actors.is_empty() || !filter.countries.is_empty();
    let (ends, mut edges) = if filtered {
        let edges = aggregate(filtered_pairs(conn, filter)?)?;
        let mut ends: Vec<i64> = edges
            .iter()
            .flat_map(|edge| [edge.source, edge.target])
            .collect();
        ends.sort_unstable();
        ends.dedup();
        (ends, edges)
    } else {
        // The nodes first; a node may have no edge among them.
        let ends = most_mentioned_who_met(conn, filter)?;
        let edges = aggregate(pairs_among(conn, filter, &ends)?)?;
        (ends, edges)
    };
    let mut nodes = nodes(conn, &ends)?;
    let listed: HashSet<i64> = filter.actors.iter().copied().collect();
    nodes.sort_by(|a, b| {
        listed
            .contains(&b.actor_id)
            .cmp(&listed.contains(&a.actor_id))
            .then(b.mentions.cmp(&a.mentions))
            .then(a.actor_id.cmp(&b.actor_id))
    });
    if filter.limit > 0 {
        nodes.truncate(filter.limit);
    }
    nodes.sort_by(|a, b| {
        b.mentions
            .cmp(&a.mentions)
            .then(a.actor_id.cmp(&b.actor_id))
    });
    let kept: HashSet<i64> = nodes.iter().map(|node| node.actor_id).collect();
    edges.retain(|edge| kept.contains(&edge.source) && kept.contains(&edge.target));
    Ok(Network { nodes, edges })
}

/// One pair at one meeting: source, target (`source < target`), meeting, its date.
type PairRow = (i64, i64, i64, Option<String>);

/// The pairs of held meetings in the date range: the statement's head, up to `WHERE`.
const PAIRS: &str = "SELECT p.actor_id, q.actor_id, m.id, m.date
     FROM meetings m
     JOIN meeting_participants p ON p.meeting_id = m.id
     JOIN meeting_participants q ON q.meeting_id = m.id AND q.actor_id > p.actor_id
     WHERE m.status = 'held'";

fn date_range(select: &mut Select, filter: &NetworkFilter) {
    if let Some(from) = filter.from {
        select.bind("AND m.date >= ?", day(from));
    }
    if let Some(to) = filter.to {
        select.bind("AND m.date <= ?", day(to));
    }
}

fn read_pairs(conn: &Connection, select: &mut Select) -> Result<Vec<PairRow>> {
    select.push("ORDER BY p.actor_id, q.actor_id, m.id");
    select.rows(conn, "select meeting pairs", |row| {
        Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
    })
}

/// The ids of the `limit` most mentioned actors (then by id) who met at least one other
/// actor at a held meeting in the date range.
fn most_mentioned_who_met(conn: &Connection, filter: &NetworkFilter) -> Result<Vec<i64>> {
    let mut select = Select::new(
        "SELECT a.id FROM actors a
         WHERE a.id IN (SELECT p.actor_id FROM meeting_participants p
                        JOIN meetings m ON m.id = p.meeting_id
                        WHERE m.status = 'held'
                          AND EXISTS (SELECT 1 FROM meeting_participants q
                                      WHERE q.meeting_id = p.meeting_id
                                        AND q.actor_id <> p.actor_id)",
    );
    date_range(&mut select, filter);
    select.push(") ORDER BY a.mentions DESC, a.id");
    let limit = match filter.limit {
        0 => -1,
        limit => to_i64(limit, "network limit")?,
    };
    select.bind("LIMIT ?", limit);
    select.rows(conn, "select the most mentioned actors who met", |row| {
        row.get(0)
    })
}

/// Every pair of two of `ids` at a held meeting in the date range.
fn pairs_among(conn: &Connection, filter: &NetworkFilter, ids: &[i64]) -> Result<Vec<PairRow>> {
    read_pairs(conn, &mut among_select(filter, ids))
}

fn among_select(filter: &NetworkFilter, ids: &[i64]) -> Select {
    let list = id_list(ids.iter().copied());
    let mut select = Select::new(PAIRS);
    date_range(&mut select, filter);
    select.bind(
        "AND p.actor_id IN (SELECT value FROM json_each(?))",
        list.clone(),
    );
    // `+`: the list filters the counterparts found at each meeting and is never the
    // index search for them; searched by it, every participation of every chosen actor
    // would probe the index once per listed actor (on a database of 100,000 articles,
    // 45 s instead of 0.2 s for 1,600 actors, in a debug build).
    select.bind("AND +q.actor_id IN (SELECT value FROM json_each(?))", list);
    select
}

/// The pairs that meet the actor and country conditions.
fn filtered_pairs(conn: &Connection, filter: &NetworkFilter) -> Result<Vec<PairRow>> {
    let countries = if filter.countries.is_empty() {
        None
    } else {
        Some(actors_of(conn, &filter.countries)?)
    };
    read_pairs(conn, &mut filtered_select(filter, countries.as_deref()))
}

/// The statement of [`filtered_pairs`], given the actors of the listed states.
fn filtered_select(filter: &NetworkFilter, country_actors: Option<&[i64]>) -> Select {
    let mut select = Select::new(PAIRS);
    date_range(&mut select, filter);
    let mut seeds = Vec::new();
    if !filter.actors.is_empty() {
        seeds.push(id_list(filter.actors.iter().copied()));
    }
    if let Some(ids) = country_actors {
        seeds.push(id_list(ids.iter().copied()));
    }
    for seed in seeds {
        // The meetings of the seed actors first (an index search), then the pairs among
        // them with a seed at one end.
        select.bind(
            "AND m.id IN (SELECT meeting_id FROM meeting_participants
                          WHERE actor_id IN (SELECT value FROM json_each(?)))",
            seed.clone(),
        );
        select.push(
            "AND (p.actor_id IN (SELECT value FROM json_each(?))
                  OR q.actor_id IN (SELECT value FROM json_each(?)))",
        );
        select.value(seed.clone());
        select.value(seed);
    }
    select
}

/// The ids of the actors of these states (ISO alpha-3 codes).
fn actors_of(conn: &Connection, countries: &[String]) -> Result<Vec<i64>> {
    let mut ids = Vec::new();
    for code in countries {
        let mut select = Select::new("SELECT id FROM actors WHERE country_code = ?1");
        select.value(code.clone());
        ids.extend(select.rows(conn, "select the actors of a state", |row| {
            row.get::<_, i64>(0)
        })?);
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// Pair rows (sorted by pair, then meeting) as one edge per pair.
fn aggregate(pairs: Vec<PairRow>) -> Result<Vec<NetworkEdge>> {
    let mut edges: BTreeMap<(i64, i64), NetworkEdge> = BTreeMap::new();
    for (source, target, meeting, date) in pairs {
        let date: Option<NaiveDate> = date
            .map(|date| date_from_sql(&date, "meetings", "date"))
            .transpose()?;
        let edge = edges.entry((source, target)).or_insert(NetworkEdge {
            source,
            target,
            meetings: 0,
            first_date: None,
            last_date: None,
            meeting_ids: Vec::new(),
        });
        edge.meetings += 1;
        edge.meeting_ids.push(meeting);
        if let Some(date) = date {
            edge.first_date = Some(edge.first_date.map_or(date, |first| first.min(date)));
            edge.last_date = Some(edge.last_date.map_or(date, |last| last.max(date)));
        }
    }
    Ok(edges.into_values().collect())
}

/// The actors `ids` with their last title and mention count, in no order.
fn nodes(conn: &Connection, ids: &[i64]) -> Result<Vec<NetworkNode>> {
    let mut select = Select::new(
        "SELECT a.id, a.name, a.country_code,
                (SELECT t.name FROM actor_titles t WHERE t.actor_id = a.id
                 ORDER BY t.id DESC LIMIT 1),
                a.mentions
         FROM actors a WHERE a.id IN (SELECT value FROM json_each(?1))",
    );
    select.value(id_list(ids.iter().copied()));
    type NodeRow = (i64, String, Option<String>, Option<String>, i64);
    let rows: Vec<NodeRow> = select.rows(conn, "read network nodes", |row| {
        Ok((
            row.get(0)?,
            row.get(1)?,
            row.get(2)?,
            row.get(3)?,
            row.get(4)?,
        ))
    })?;
    rows.into_iter()
        .map(|(actor_id, name, country_code, title, mentions)| {
            Ok(NetworkNode {
                actor_id,
                name,
                country_code,
                title,
                mentions: to_u64(mentions, "actor mentions")?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Actors: (id, name, state, mentions, titles in order recorded).
    const ACTORS: &[(i64, &str, &str, usize, &[&str])] = &[
        (
            1,
            "Recep Tayyip Erdogan",
            "TUR",
            10,
            &["Prime Minister", "President"],
        ),
        (2, "Li Qiang", "CHN", 8, &[]),
        (3, "Hakan Fidan", "TUR", 6, &["Foreign Minister"]),
        (4, "Wang Yi", "CHN", 5, &[]),
        (5, "Ilham Aliyev", "AZE", 4, &[]),
        // Most mentioned, but never at a meeting.
        (6, "Numan Kurtulmus", "TUR", 20, &[]),
        // Only at a meeting with nobody else.
        (7, "Wang Wentao", "CHN", 3, &[]),
        // Only at a planned meeting.
        (8, "Jeyhun Bayramov", "AZE", 2, &[]),
    ];

    /// Meetings: (id, status, date, participants).
    const MEETINGS: &[(i64, &str, Option<&str>, &[i64])] = &[
        (10, "held", Some("2025-11-22"), &[1, 2, 3]),
        (11, "held", Some("2026-03-04"), &[4, 3]),
        (12, "held", Some("2026-03-04"), &[1, 4]),
        (13, "held", None, &[2, 1]),
        (14, "planned", Some("2026-02-01"), &[1, 8]),
        (15, "cancelled", Some("2026-02-02"), &[1, 5]),
        (16, "held", Some("2024-05-01"), &[2, 5]),
        (17, "held", Some("2025-01-01"), &[7]),
    ];

    fn store() -> crate::Store {
        let store = crate::Store::open_in_memory().unwrap();
        let conn = &store.conn;
        conn.execute(
            "INSERT INTO documents (id, sha256, text) VALUES (1, 'x', 'text')",
            [],
        )
        .unwrap();
        for code in ["AZE", "CHN", "TUR"] {
            conn.execute(
                "INSERT OR IGNORE INTO countries (code, name) VALUES (?1, ?1)",
                [code],
            )
            .unwrap();
        }
        for (id, name, country, mentions, titles) in ACTORS {
            conn.execute(
                "INSERT INTO actors (id, name, key, word_set, first_word, last_word,
                     country_code)
                 VALUES (?1, ?2, ?2, '', '', '', ?3)",
                rusqlite::params![id, name, country],
            )
            .unwrap();
            for _ in 0..*mentions {
                conn.execute(
                    "INSERT INTO mentions (document_id, kind, actor_id, surface, span_start,
                         span_end, char_start, char_end)
                     VALUES (1, 'actor', ?1, ?2, 0, 1, 0, 1)",
                    rusqlite::params![id, name],
                )
                .unwrap();
            }
            for title in *titles {
                conn.execute(
                    "INSERT INTO actor_titles (actor_id, name) VALUES (?1, ?2)",
                    rusqlite::params![id, title],
                )
                .unwrap();
            }
        }
        for (id, status, date, participants) in MEETINGS {
            conn.execute(
                "INSERT INTO meetings (id, principals, date, kind, status)
                 VALUES (?1, '', ?2, 'talks', ?3)",
                rusqlite::params![id, date, status],
            )
            .unwrap();
            for actor in *participants {
                conn.execute(
                    "INSERT INTO meeting_participants (meeting_id, actor_id, role)
                     VALUES (?1, ?2, 'principal')",
                    rusqlite::params![id, actor],
                )
                .unwrap();
            }
        }
        crate::counts::rebuild(conn).unwrap();
        store
    }

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    /// Nodes as ids in their order; edges as `source-target:meeting,meeting`.
    #[track_caller]
    fn check(filter: NetworkFilter, nodes: &[i64], edges: &[&str]) {
        let network = store().meeting_network(&filter).unwrap();
        let found: Vec<i64> = network.nodes.iter().map(|node| node.actor_id).collect();
        assert_eq!(found, nodes, "nodes of {filter:?}");
        let found: Vec<String> = network
            .edges
            .iter()
            .map(|edge| {
                assert_eq!(edge.meetings as usize, edge.meeting_ids.len());
                let ids: Vec<String> = edge.meeting_ids.iter().map(i64::to_string).collect();
                format!("{}-{}:{}", edge.source, edge.target, ids.join(","))
            })
            .collect();
        assert_eq!(found, edges, "edges of {filter:?}");
    }

    fn filter(countries: &[&str], actors: &[i64], limit: usize) -> NetworkFilter {
        NetworkFilter {
            countries: countries.iter().map(|code| code.to_string()).collect(),
            actors: actors.to_vec(),
            limit,
            ..NetworkFilter::default()
        }
    }

    #[test]
    fn every_two_participants_of_a_held_meeting_are_an_edge() {
        // Planned (14) and cancelled (15) meetings do not count; 6 never met anyone and 7
        // met nobody else, so neither is a node.
        check(
            NetworkFilter::default(),
            &[1, 2, 3, 4, 5],
            &[
                "1-2:10,13",
                "1-3:10",
                "1-4:12",
                "2-3:10",
                "2-5:16",
                "3-4:11",
            ],
        );
        check(
            filter(&[], &[], 0),
            &[1, 2, 3, 4, 5],
            &[
                "1-2:10,13",
                "1-3:10",
                "1-4:12",
                "2-3:10",
                "2-5:16",
                "3-4:11",
            ],
        );
    }

    #[test]
    fn the_limit_keeps_the_most_mentioned_who_met_someone() {
        check(filter(&[], &[], 2), &[1, 2], &["1-2:10,13"]);
        check(
            filter(&[], &[], 3),
            &[1, 2, 3],
            &["1-2:10,13", "1-3:10", "2-3:10"],
        );
        // A node whose counterparts are below the limit stays, without edges.
        check(filter(&[], &[], 1), &[1], &[]);
    }

    #[test]
    fn dates_select_meetings_and_leave_undated_ones_out() {
        let from_2025 = NetworkFilter {
            from: Some(date("2025-01-01")),
            ..NetworkFilter::default()
        };
        check(
            from_2025,
            &[1, 2, 3, 4],
            &["1-2:10", "1-3:10", "1-4:12", "2-3:10", "3-4:11"],
        );
        let until_2025 = NetworkFilter {
            to: Some(date("2025-11-22")),
            ..NetworkFilter::default()
        };
        check(
            until_2025,
            &[1, 2, 3, 5],
            &["1-2:10", "1-3:10", "2-3:10", "2-5:16"],
        );
        let mut march = filter(&["TUR"], &[], 150);
        march.from = Some(date("2026-03-01"));
        march.to = Some(date("2026-03-31"));
        check(march, &[1, 3, 4], &["1-4:12", "3-4:11"]);
    }

    #[test]
    fn a_country_keeps_the_edges_with_one_of_its_actors_at_either_end() {
        check(filter(&["AZE"], &[], 150), &[2, 5], &["2-5:16"]);
        check(
            filter(&["TUR"], &[], 150),
            &[1, 2, 3, 4],
            &["1-2:10,13", "1-3:10", "1-4:12", "2-3:10", "3-4:11"],
        );
        check(
            filter(&["AZE", "TUR"], &[], 150),
            &[1, 2, 3, 4, 5],
            &[
                "1-2:10,13",
                "1-3:10",
                "1-4:12",
                "2-3:10",
                "2-5:16",
                "3-4:11",
            ],
        );
        check(filter(&["USA"], &[], 150), &[], &[]);
    }

    #[test]
    fn actors_keep_themselves_and_their_counterparts() {
        // Wang Yi's counterparts are 1 and 3; their own meeting (1-3) is not his.
        check(filter(&[], &[4], 150), &[1, 3, 4], &["1-4:12", "3-4:11"]);
        check(
            filter(&[], &[4, 5], 150),
            &[1, 2, 3, 4, 5],
            &["1-4:12", "2-5:16", "3-4:11"],
        );
        // Li Qiang with Turkish people only.
        check(
            filter(&["TUR"], &[2], 150),
            &[1, 2, 3],
            &["1-2:10,13", "2-3:10"],
        );
        // Nobody met the actor who never met anyone, or an unknown one.
        check(filter(&[], &[6], 150), &[], &[]);
        check(filter(&[], &[99], 150), &[], &[]);
    }

    #[test]
    fn listed_actors_stay_within_the_limit_before_more_mentioned_ones() {
        check(filter(&[], &[5], 1), &[5], &[]);
        check(filter(&[], &[4], 2), &[1, 4], &["1-4:12"]);
    }

    #[test]
    fn nodes_and_edges_carry_their_attributes() {
        let network = store().meeting_network(&NetworkFilter::default()).unwrap();
        let erdogan = &network.nodes[0];
        assert_eq!(
            erdogan,
            &NetworkNode {
                actor_id: 1,
                name: "Recep Tayyip Erdogan".into(),
                country_code: Some("TUR".into()),
                title: Some("President".into()),
                mentions: 10,
            }
        );
        assert_eq!(network.nodes[1].title, None);
        assert_eq!(
            network.edges[0],
            NetworkEdge {
                source: 1,
                target: 2,
                meetings: 2,
                first_date: Some(date("2025-11-22")),
                last_date: Some(date("2025-11-22")),
                meeting_ids: vec![10, 13],
            }
        );
        let wang_fidan = network.edges.iter().find(|edge| edge.source == 3).unwrap();
        assert_eq!(wang_fidan.first_date, Some(date("2026-03-04")));
    }

    /// The unfiltered network reads pairs from the participants of the chosen actors,
    /// and a filtered one from the meetings of its seed actors: neither scans the
    /// meetings or participants.
    fn values_of(select: &Select) -> Vec<&dyn rusqlite::ToSql> {
        select
            .values
            .iter()
            .map(|value| value as &dyn rusqlite::ToSql)
            .collect()
    }

    #[test]
    fn pairs_are_read_through_indexes() {
        let store = store();
        let plan = |sql: &str, values: &[&dyn rusqlite::ToSql]| -> Vec<String> {
            let mut statement = store
                .conn
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                .unwrap();
            statement
                .query_map(values, |row| row.get(3))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap()
        };
        let ids: Vec<i64> = (1..=8).collect();
        let among = among_select(&NetworkFilter::default(), &ids);
        let seeded = filtered_select(&filter(&["TUR"], &[4], 150), Some(&[1, 3, 6]));
        let steps = plan(&among.sql, &values_of(&among));
        // The counterparts at each meeting are searched by meeting, never probed once
        // per listed actor.
        assert!(
            steps
                .iter()
                .any(|step| step.starts_with("SEARCH q") && step.contains("actor_id>?")),
            "{steps:?}"
        );
        for select in [among, seeded] {
            let steps = plan(&select.sql, &values_of(&select));
            for step in &steps {
                assert!(
                    !(step.starts_with("SCAN m")
                        || step.starts_with("SCAN p")
                        || step.starts_with("SCAN q")
                        || step.starts_with("SCAN meeting")),
                    "{steps:?}"
                );
            }
        }
    }
}
