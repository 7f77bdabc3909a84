//! The meeting network drawn as SVG: a force-directed layout (Fruchterman–Reingold,
//! deterministic from a fixed seed), cached per filter, and the drawing (nodes coloured
//! by country and sized by mentions, edges as wide as their number of meetings).

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex};

use maud::{Markup, html};

/// A node to draw.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Node {
    pub id: i64,
    pub name: String,
    pub country: Option<String>,
    pub title: Option<String>,
    pub mentions: u64,
}

/// An edge to draw, between two indices of the node list.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Edge {
    pub source: usize,
    pub target: usize,
    pub meetings: u64,
    /// First and last meeting dates, as text.
    pub first: Option<String>,
    pub last: Option<String>,
}

/// Positions in the unit square, one per node.
pub type Positions = Vec<(f64, f64)>;

/// Layouts by filter, each with the fingerprint of the network it was computed for, so
/// that a network changed by an ingest is laid out again.
#[derive(Debug, Default)]
pub struct LayoutCache {
    layouts: Mutex<HashMap<String, (u64, Arc<Positions>)>>,
}

/// Layouts kept before the cache starts again.
const CACHED_LAYOUTS: usize = 256;

impl LayoutCache {
    /// The layout of `nodes` and `edges` for `filter`, computed once.
    pub fn layout(&self, filter: &str, nodes: &[Node], edges: &[Edge]) -> Arc<Positions> {
        let mut hasher = DefaultHasher::new();
        nodes.hash(&mut hasher);
        edges.hash(&mut hasher);
        let fingerprint = hasher.finish();
        if let Ok(layouts) = self.layouts.lock()
            && let Some((known, positions)) = layouts.get(filter)
            && *known == fingerprint
        {
            return Arc::clone(positions);
        }
        let positions = Arc::new(layout(nodes.len(), edges));
        if let Ok(mut layouts) = self.layouts.lock() {
            if layouts.len() >= CACHED_LAYOUTS {
                layouts.clear();
            }
            layouts.insert(filter.to_owned(), (fingerprint, Arc::clone(&positions)));
        }
        positions
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.layouts.lock().map(|l| l.len()).unwrap_or_default()
    }
}

/// A small fixed-seed generator (xorshift64*): the same network gets the same picture.
struct Random(u64);

impl Random {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let value = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D);
        (value >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Fruchterman–Reingold in the unit square: near nodes repel each other, edges pull
/// their ends together (more with more meetings), a pull to the centre keeps separate
/// groups close; the step shrinks each round; the result is stretched over the frame.
pub fn layout(n: usize, edges: &[Edge]) -> Positions {
    let mut random = Random(0x5EED_CAFE_F00D_1234);
    let mut positions: Positions = (0..n)
        .map(|_| (0.1 + 0.8 * random.next(), 0.1 + 0.8 * random.next()))
        .collect();
    if n < 2 {
        return positions.into_iter().map(|_| (0.5, 0.5)).collect();
    }
    let k = (1.0 / n as f64).sqrt() * 0.5;
    let rounds = 300;
    let mut moves = vec![(0.0, 0.0); n];
    for round in 0..rounds {
        let step = 0.08 * (1.0 - round as f64 / rounds as f64) + 0.002;
        for (index, push) in moves.iter_mut().enumerate() {
            let (x, y) = positions[index];
            // The centre's pull.
            *push = ((0.5 - x) * 3.0 * k, (0.5 - y) * 3.0 * k);
        }
        for a in 0..n {
            for b in (a + 1)..n {
                let dx = positions[a].0 - positions[b].0;
                let dy = positions[a].1 - positions[b].1;
                let distance = (dx * dx + dy * dy).sqrt().max(1e-4);
                // Far nodes do not push (separate groups settle side by side).
                if distance > 3.0 * k {
                    continue;
                }
                let force = k * k / distance;
                let (ux, uy) = (dx / distance, dy / distance);
                moves[a].0 += ux * force;
                moves[a].1 += uy * force;
                moves[b].0 -= ux * force;
                moves[b].1 -= uy * force;
            }
        }
        for edge in edges {
            let (a, b) = (edge.source, edge.target);
            if a >= n || b >= n || a == b {
                continue;
            }
            let dx = positions[a].0 - positions[b].0;
            let dy = positions[a].1 - positions[b].1;
            let distance = (dx * dx + dy * dy).sqrt().max(1e-4);
            let weight = 1.0 + (edge.meetings as f64).ln();
            let force = distance * distance / k * weight.min(4.0);
            let (ux, uy) = (dx / distance, dy / distance);
            moves[a].0 -= ux * force;
            moves[a].1 -= uy * force;
            moves[b].0 += ux * force;
            moves[b].1 += uy * force;
        }
        for (position, (mx, my)) in positions.iter_mut().zip(&moves) {
            let length = (mx * mx + my * my).sqrt();
            if length > 0.0 {
                let scale = length.min(step) / length;
                position.0 = (position.0 + mx * scale).clamp(0.0, 1.0);
                position.1 = (position.1 + my * scale).clamp(0.0, 1.0);
            }
        }
    }
    fit(&mut positions);
    positions
}

/// Stretches the picture over the frame: x in 0.04..0.84 (names are written to the
/// right of their node), y in 0.04..0.96.
fn fit(positions: &mut Positions) {
    let bounds = |pick: fn(&(f64, f64)) -> f64| {
        positions
            .iter()
            .map(pick)
            .fold((f64::MAX, f64::MIN), |(low, high), v| {
                (low.min(v), high.max(v))
            })
    };
    let (x_low, x_high) = bounds(|p| p.0);
    let (y_low, y_high) = bounds(|p| p.1);
    let stretch = |value: f64, low: f64, high: f64, to_low: f64, to_high: f64| {
        if high - low < 1e-9 {
            (to_low + to_high) / 2.0
        } else {
            to_low + (value - low) / (high - low) * (to_high - to_low)
        }
    };
    for position in positions.iter_mut() {
        position.0 = stretch(position.0, x_low, x_high, 0.04, 0.84);
        position.1 = stretch(position.1, y_low, y_high, 0.04, 0.96);
    }
}

/// Colours for countries, picked by the code so a country keeps its colour.
const PALETTE: [&str; 12] = [
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    "#bcbd22", "#393b79", "#637939", "#843c39",
];
const NO_COUNTRY: &str = "#9a9a9a";

pub fn colour(country: Option<&str>) -> &'static str {
    match country {
        // FNV-1a: stable across runs and machines.
        Some(code) => {
            let mut hash: u32 = 0x811c_9dc5;
            for byte in code.bytes() {
                hash ^= u32::from(byte);
                hash = hash.wrapping_mul(0x0100_0193);
            }
            PALETTE[hash as usize % PALETTE.len()]
        }
        None => NO_COUNTRY,
    }
}

const WIDTH: f64 = 1000.0;
const HEIGHT: f64 = 600.0;
/// Nodes with a name written beside them: the most mentioned.
const LABELLED: usize = 40;

/// The picture: edges (each a link to the meetings behind it), then nodes (each a link
/// to its actor page), names beside the most mentioned. `filter` is recorded in the
/// `data-filter` attribute, so a script can tell which filter a picture shows.
pub fn draw(nodes: &[Node], edges: &[Edge], positions: &Positions, filter: &str) -> Markup {
    let most = nodes.iter().map(|n| n.mentions).max().unwrap_or(1).max(1);
    let radius = |mentions: u64| 4.0 + 14.0 * (mentions as f64 / most as f64).sqrt();
    let at = |index: usize| {
        let (x, y) = positions.get(index).copied().unwrap_or((0.5, 0.5));
        (format!("{:.1}", x * WIDTH), format!("{:.1}", y * HEIGHT))
    };
    let mut by_mentions: Vec<usize> = (0..nodes.len()).collect();
    by_mentions.sort_by_key(|&i| (std::cmp::Reverse(nodes[i].mentions), nodes[i].id));
    let labelled: std::collections::HashSet<usize> =
        by_mentions.into_iter().take(LABELLED).collect();
    let edges: Vec<&Edge> = edges
        .iter()
        .filter(|e| e.source < nodes.len() && e.target < nodes.len())
        .collect();
    html! {
        svg #network-graph xmlns="http://www.w3.org/2000/svg"
            viewBox={ "0 0 " (WIDTH) " " (HEIGHT) } role="img"
            aria-label="meeting network" data-filter=(filter)
            data-nodes=(nodes.len()) data-edges=(edges.len()) {
            g.edges {
                @for edge in &edges {
                    @let (x1, y1) = at(edge.source);
                    @let (x2, y2) = at(edge.target);
                    @let a = &nodes[edge.source];
                    @let b = &nodes[edge.target];
                    a href={ "/meetings?actor=" (a.id) "&actor=" (b.id) } {
                        line x1=(x1) y1=(y1) x2=(x2) y2=(y2)
                            stroke-width={ (format!("{:.1}", 1.0 + (edge.meetings as f64).log2() * 1.5)) } {
                            title {
                                (a.name) " – " (b.name) ": " (plural(edge.meetings, "meeting"))
                                @match (&edge.first, &edge.last) {
                                    (Some(first), Some(last)) if first != last => { ", " (first) " to " (last) }
                                    (Some(first), _) => { ", " (first) }
                                    _ => {}
                                }
                            }
                        }
                    }
                }
            }
            g.nodes {
                @for (index, node) in nodes.iter().enumerate() {
                    @let (x, y) = at(index);
                    a href={ "/actor/" (node.id) } {
                        circle cx=(x) cy=(y) r=(format!("{:.1}", radius(node.mentions)))
                            fill=(colour(node.country.as_deref())) {
                            title {
                                (node.name)
                                @if let Some(country) = &node.country { " (" (country) ")" }
                                @if let Some(title) = &node.title { ", " (title) }
                                ": " (node.mentions) " mentions"
                            }
                        }
                        @if labelled.contains(&index) {
                            text x=(x) y=(y) dx=(format!("{:.1}", radius(node.mentions) + 2.0)) dy="4" { (node.name) }
                        }
                    }
                }
            }
        }
    }
}

/// "1 meeting", "3 meetings".
pub fn plural(count: u64, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: i64, mentions: u64) -> Node {
        Node {
            id,
            name: format!("Actor <{id}>"),
            country: Some(if id % 2 == 0 { "TUR" } else { "CHN" }.into()),
            title: None,
            mentions,
        }
    }

    fn edge(source: usize, target: usize, meetings: u64) -> Edge {
        Edge {
            source,
            target,
            meetings,
            first: Some("2025-01-02".into()),
            last: Some("2025-03-04".into()),
        }
    }

    #[test]
    fn layouts_are_deterministic_inside_the_square_and_pull_neighbours_together() {
        let edges = [edge(0, 1, 5), edge(2, 3, 1), edge(1, 2, 1)];
        let first = layout(6, &edges);
        assert_eq!(first, layout(6, &edges));
        assert!(
            first
                .iter()
                .all(|&(x, y)| (0.0..=1.0).contains(&x) && (0.0..=1.0).contains(&y))
        );
        let distance = |a: usize, b: usize| {
            let (dx, dy) = (first[a].0 - first[b].0, first[a].1 - first[b].1);
            (dx * dx + dy * dy).sqrt()
        };
        // Nodes 4 and 5 meet no one; the pair with five meetings is the closest.
        assert!(distance(0, 1) < distance(4, 5));
        assert!(distance(0, 1) < distance(0, 4));
        assert_eq!(layout(1, &[]), vec![(0.5, 0.5)]);
        assert!(layout(0, &[]).is_empty());
    }

    #[test]
    fn layouts_are_cached_per_filter_until_the_network_changes() {
        let cache = LayoutCache::default();
        let nodes = [node(1, 3), node(2, 1)];
        let edges = [edge(0, 1, 2)];
        let first = cache.layout("country=TUR", &nodes, &edges);
        let again = cache.layout("country=TUR", &nodes, &edges);
        assert!(Arc::ptr_eq(&first, &again));
        let changed = cache.layout("country=TUR", &nodes, &[edge(0, 1, 3)]);
        assert!(!Arc::ptr_eq(&first, &changed));
        cache.layout("", &nodes, &edges);
        assert_eq!(cache.len(), 2);
    }

    #[test]
    fn drawings_link_nodes_and_edges_and_escape_names() {
        let nodes = [node(1, 9), node(2, 1)];
        let edges = [edge(0, 1, 2)];
        let svg = draw(&nodes, &edges, &layout(2, &edges), "x").into_string();
        assert!(svg.contains("href=\"/actor/1\""));
        assert!(svg.contains("href=\"/meetings?actor=1&amp;actor=2\""));
        assert!(
            svg.contains("Actor &lt;1&gt; – Actor &lt;2&gt;: 2 meetings, 2025-01-02 to 2025-03-04")
        );
        assert!(!svg.contains("<1>"));
        assert_eq!(svg.matches("<circle").count(), 2);
        assert_eq!(svg.matches("<line").count(), 1);
        assert_ne!(colour(Some("TUR")), NO_COUNTRY);
        assert_eq!(colour(Some("TUR")), colour(Some("TUR")));
    }
}
