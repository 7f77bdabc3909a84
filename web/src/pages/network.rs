//! The network page: actors as nodes, held meetings as edges, filtered by country, actor
//! and date range (the top actors by mentions unless filtered), drawn as SVG from a
//! layout cached per filter. `/network/drawing` answers the drawing alone, for the page's
//! script to redraw in place when a filter changes.

use std::collections::BTreeMap;

use maud::{Markup, html};

use entente_model::{DEFAULT_NETWORK_LIMIT, Network, NetworkFilter};
use entente_store::Store;

use super::titled;
use crate::graph::{self, Edge, LayoutCache, Node};
use crate::page::{Page, PageError, PageResult};
use crate::request::{Bound, Target};

/// The largest network drawn.
const MAX_NODES: usize = 500;

/// The filter of a request and its canonical text (the cache key and `data-filter`).
fn filter(store: &Store, target: &Target) -> Result<(NetworkFilter, String), PageError> {
    let countries = target.countries("country")?;
    let mut actors = Vec::new();
    for value in target.all("actor") {
        actors.push(actor_id(store, value)?);
    }
    actors.sort_unstable();
    actors.dedup();
    let from = target.date("from", Bound::From)?;
    let to = target.date("to", Bound::To)?;
    let limit = match target.get("limit") {
        None => DEFAULT_NETWORK_LIMIT,
        Some(text) => match text.parse::<usize>() {
            Ok(limit) if (1..=MAX_NODES).contains(&limit) => limit,
            _ => {
                return Err(PageError::bad_request(format!(
                    "parameter `limit` must be a number of actors from 1 to {MAX_NODES}, not `{text}`"
                )));
            }
        },
    };
    let key = format!(
        "country={}&actor={}&from={}&to={}&limit={limit}",
        countries.join(","),
        actors
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(","),
        from.map(|d| d.to_string()).unwrap_or_default(),
        to.map(|d| d.to_string()).unwrap_or_default(),
    );
    Ok((
        NetworkFilter {
            countries,
            actors,
            from,
            to,
            limit,
        },
        key,
    ))
}

/// An actor given by id or by name (as the query commands match names).
fn actor_id(store: &Store, text: &str) -> Result<i64, PageError> {
    if let Ok(id) = text.parse::<i64>() {
        return if id > 0 {
            if store
                .actors_by_id(&[entente_model::ActorId(id)])?
                .is_empty()
            {
                return Err(super::not_found("actor", id));
            }
            Ok(id)
        } else {
            Err(PageError::bad_request(format!(
                "parameter `actor` must be a positive id or a name, not `{text}`"
            )))
        };
    }
    let found = store.find_actors(text)?;
    match found.as_slice() {
        [one] => Ok(one.actor.id.0),
        [] => Err(PageError::bad_request(format!(
            "parameter `actor`: no actor fits `{text}`"
        ))),
        several => Err(PageError::bad_request(format!(
            "parameter `actor`: `{text}` fits {} actors; give an id or a fuller name: {}",
            several.len(),
            several
                .iter()
                .take(10)
                .map(|record| format!("{} ({})", record.actor.name, record.actor.id.0))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

fn drawing(network: &Network, key: &str, layouts: &LayoutCache) -> Markup {
    let nodes: Vec<Node> = network
        .nodes
        .iter()
        .map(|node| Node {
            id: node.actor_id,
            name: node.name.clone(),
            country: node.country_code.clone(),
            title: node.title.clone(),
            mentions: node.mentions,
        })
        .collect();
    let index: BTreeMap<i64, usize> = nodes.iter().enumerate().map(|(i, n)| (n.id, i)).collect();
    let edges: Vec<Edge> = network
        .edges
        .iter()
        .filter_map(|edge| {
            Some(Edge {
                source: *index.get(&edge.source)?,
                target: *index.get(&edge.target)?,
                meetings: edge.meetings,
                first: edge.first_date.map(|d| d.to_string()),
                last: edge.last_date.map(|d| d.to_string()),
            })
        })
        .collect();
    let positions = layouts.layout(key, &nodes, &edges);
    let mut countries: BTreeMap<&str, usize> = BTreeMap::new();
    for node in &nodes {
        *countries
            .entry(node.country.as_deref().unwrap_or("none"))
            .or_default() += 1;
    }
    let mut countries: Vec<(&str, usize)> = countries.into_iter().collect();
    countries.sort_by_key(|&(code, n)| (std::cmp::Reverse(n), code));
    let mut strongest: Vec<&Edge> = edges.iter().collect();
    strongest.sort_by_key(|e| {
        (
            std::cmp::Reverse(e.meetings),
            nodes[e.source].id,
            nodes[e.target].id,
        )
    });
    html! {
        p.summary { (nodes.len()) " actors, " (edges.len()) " pairs who met. "
            "Circles: actors, coloured by country, sized by mentions; lines: meetings, wider with more. "
            "Click a circle for the actor, a line for the meetings." }
        @if nodes.is_empty() {
            p.empty { "No meeting fits these filters." }
        } @else {
            (graph::draw(&nodes, &edges, &positions, key))
            div.legend-countries {
                @for (code, n) in countries.iter().take(24) {
                    span {
                        svg.swatch viewBox="0 0 10 10" width="10" height="10" {
                            circle cx="5" cy="5" r="5" fill=(graph::colour((*code != "none").then_some(*code))) {}
                        }
                        " " (code) " (" (n) ")"
                    }
                }
            }
            h2 { "Strongest ties" }
            ol.ties {
                @for edge in strongest.iter().take(15) {
                    @let a = &nodes[edge.source];
                    @let b = &nodes[edge.target];
                    li {
                        a href={ "/actor/" (a.id) } { (a.name) } " and "
                        a href={ "/actor/" (b.id) } { (b.name) } " "
                        a.count href={ "/meetings?actor=" (a.id) "&actor=" (b.id) } { (graph::plural(edge.meetings, "meeting")) }
                    }
                }
            }
        }
    }
}

pub fn network(store: &Store, target: &Target, layouts: &LayoutCache) -> PageResult {
    let (filter, key) = filter(store, target)?;
    let network = store.meeting_network(&filter)?;
    // Countries to choose from: those of every actor who took part in a meeting.
    let mut choices = store.meeting_countries()?;
    choices.extend(filter.countries.iter().cloned());
    choices.sort();
    choices.dedup();
    let selected = filter.countries.first().cloned().unwrap_or_default();
    titled(
        "Network",
        html! {
            h1 { "Who met whom" }
            form.filters #network-filters method="get" action="/network" {
                label { "Country "
                    select name="country" {
                        option value="" selected[selected.is_empty()] { "any" }
                        @for code in &choices {
                            option value=(code) selected[*code == selected] { (code) }
                        }
                    }
                }
                label { "Actor (name or id) " input type="text" name="actor" value=[target.get("actor")]; }
                label { "From " input type="text" name="from" size="10" placeholder="2025-01" value=[target.get("from")]; }
                label { "To " input type="text" name="to" size="10" placeholder="2025-12" value=[target.get("to")]; }
                label { "Actors " input type="number" name="limit" min="1" max=(MAX_NODES) value=(filter.limit); }
                button type="submit" { "Draw" }
                span #network-status .error {}
            }
            div #network { (drawing(&network, &key, layouts)) }
        },
    )
}

/// The drawing alone (`/network/drawing`), for the page's script.
pub fn network_fragment(store: &Store, target: &Target, layouts: &LayoutCache) -> PageResult {
    let (filter, key) = filter(store, target)?;
    let network = store.meeting_network(&filter)?;
    Ok(Page::html(drawing(&network, &key, layouts)))
}
