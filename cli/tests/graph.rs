//! End-to-end tests of `entente export --format graphml|gexf`: the real binary on a
//! temporary database of the bundled examples; each file is parsed back and its nodes
//! and edges compared with what `entente meetings` and `entente actors` report.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use entente_model::{ActorRecord, MeetingRecord};

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_entente"));
    cmd.env_remove("ENTENTE_DB")
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS");
    cmd
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A temporary folder whose `entente.db` holds every example.
struct Examples {
    dir: tempfile::TempDir,
}

impl Examples {
    fn new() -> Examples {
        let examples = Examples {
            dir: tempfile::tempdir().unwrap(),
        };
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
        let out = examples.run(&["ingest", folder.to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr(&out));
        examples
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("entente.db")
    }

    fn run(&self, args: &[&str]) -> Output {
        bin()
            .arg("--db")
            .arg(self.db())
            .args(args)
            .output()
            .unwrap()
    }

    fn json_lines<T: serde::de::DeserializeOwned>(&self, args: &[&str]) -> Vec<T> {
        let out = self.run(args);
        assert!(out.status.success(), "{}", stderr(&out));
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect()
    }

    /// Held meetings, as `entente meetings` lists them (with `filters`).
    fn meetings(&self, filters: &[&str]) -> Vec<MeetingRecord> {
        let mut args = vec!["meetings", "--format", "json", "--limit", "0"];
        args.extend_from_slice(filters);
        self.json_lines(&args)
    }

    fn actors(&self) -> BTreeMap<i64, ActorRecord> {
        self.json_lines::<ActorRecord>(&["actors", "--format", "json", "--limit", "0"])
            .into_iter()
            .map(|record| (record.actor.id.0, record))
            .collect()
    }

    /// Exports in `format` with `filters` into a fresh folder and parses the file back.
    fn export(&self, format: &str, filters: &[&str]) -> Graph {
        let out_dir = self.dir.path().join(format!("out-{}", filters.join("_")));
        let mut args = vec![
            "export",
            "--out",
            out_dir.to_str().unwrap(),
            "--format",
            format,
        ];
        args.extend_from_slice(filters);
        let out = self.run(&args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let text = std::fs::read_to_string(out_dir.join(format!("meetings.{format}"))).unwrap();
        match format {
            "graphml" => Graph::from_graphml(&text),
            "gexf" => Graph::from_gexf(&text),
            _ => unreachable!("{format}"),
        }
    }
}

/// A graph file read back: attributes by node id and by edge `(source, target)`.
#[derive(Debug, PartialEq)]
struct Graph {
    nodes: BTreeMap<i64, BTreeMap<String, String>>,
    edges: BTreeMap<(i64, i64), BTreeMap<String, String>>,
}

fn id(text: Option<&str>) -> i64 {
    text.unwrap().parse().unwrap()
}

impl Graph {
    fn from_graphml(text: &str) -> Graph {
        let document = roxmltree::Document::parse(text).unwrap();
        let root = document.root_element();
        assert_eq!(root.tag_name().name(), "graphml");
        let keys: BTreeSet<(&str, &str)> = root
            .children()
            .filter(|node| node.has_tag_name("key"))
            .map(|key| (key.attribute("for").unwrap(), key.attribute("id").unwrap()))
            .collect();
        let graph = root
            .children()
            .find(|node| node.has_tag_name("graph"))
            .unwrap();
        assert_eq!(graph.attribute("edgedefault"), Some("undirected"));
        let data = |element: roxmltree::Node, class: &str| -> BTreeMap<String, String> {
            element
                .children()
                .filter(|node| node.has_tag_name("data"))
                .map(|data| {
                    let key = data.attribute("key").unwrap();
                    assert!(keys.contains(&(class, key)), "undeclared key {key}");
                    (key.to_owned(), data.text().unwrap_or("").to_owned())
                })
                .collect()
        };
        let mut nodes = BTreeMap::new();
        let mut edges = BTreeMap::new();
        for element in graph.children().filter(|node| node.is_element()) {
            match element.tag_name().name() {
                "node" => {
                    let previous = nodes.insert(id(element.attribute("id")), data(element, "node"));
                    assert!(previous.is_none(), "a node twice");
                }
                "edge" => {
                    let pair = (
                        id(element.attribute("source")),
                        id(element.attribute("target")),
                    );
                    let previous = edges.insert(pair, data(element, "edge"));
                    assert!(previous.is_none(), "an edge twice");
                }
                other => panic!("unexpected <{other}>"),
            }
        }
        Graph { nodes, edges }
    }

    /// GEXF read into the same shape: the label as `name`, the weight as `weight`.
    fn from_gexf(text: &str) -> Graph {
        let document = roxmltree::Document::parse(text).unwrap();
        let root = document.root_element();
        assert_eq!(root.tag_name().name(), "gexf");
        assert_eq!(root.attribute("version"), Some("1.3"));
        let graph = root
            .children()
            .find(|node| node.has_tag_name("graph"))
            .unwrap();
        assert_eq!(graph.attribute("mode"), Some("static"));
        assert_eq!(graph.attribute("defaultedgetype"), Some("undirected"));
        let mut declared = BTreeSet::new();
        for attributes in graph.children().filter(|n| n.has_tag_name("attributes")) {
            let class = attributes.attribute("class").unwrap();
            for attribute in attributes
                .children()
                .filter(|n| n.has_tag_name("attribute"))
            {
                declared.insert((
                    class.to_owned(),
                    attribute.attribute("id").unwrap().to_owned(),
                ));
            }
        }
        let values = |element: roxmltree::Node, class: &str| -> BTreeMap<String, String> {
            element
                .descendants()
                .filter(|node| node.has_tag_name("attvalue"))
                .map(|value| {
                    let key = value.attribute("for").unwrap().to_owned();
                    assert!(declared.contains(&(class.to_owned(), key.clone())), "{key}");
                    (key, value.attribute("value").unwrap().to_owned())
                })
                .collect()
        };
        let section = |name: &str| {
            graph
                .children()
                .find(|node| node.has_tag_name(name))
                .unwrap()
        };
        let mut nodes = BTreeMap::new();
        for node in section("nodes")
            .children()
            .filter(|n| n.has_tag_name("node"))
        {
            let mut attributes = values(node, "node");
            attributes.insert("name".into(), node.attribute("label").unwrap().into());
            nodes.insert(id(node.attribute("id")), attributes);
        }
        let mut edges = BTreeMap::new();
        for edge in section("edges")
            .children()
            .filter(|n| n.has_tag_name("edge"))
        {
            let mut attributes = values(edge, "edge");
            attributes.insert("weight".into(), edge.attribute("weight").unwrap().into());
            let pair = (id(edge.attribute("source")), id(edge.attribute("target")));
            edges.insert(pair, attributes);
        }
        Graph { nodes, edges }
    }

    fn edge_meetings(&self) -> BTreeMap<(i64, i64), Vec<i64>> {
        self.edges
            .iter()
            .map(|(pair, attributes)| {
                let ids = attributes["meeting_ids"]
                    .split("; ")
                    .map(|id| id.parse().unwrap())
                    .collect();
                (*pair, ids)
            })
            .collect()
    }
}

/// Every two participants of each meeting, with the meetings of each pair.
fn pairs(meetings: &[MeetingRecord]) -> BTreeMap<(i64, i64), Vec<i64>> {
    let mut pairs: BTreeMap<(i64, i64), Vec<i64>> = BTreeMap::new();
    for record in meetings {
        let ids: BTreeSet<i64> = record
            .meeting
            .participants
            .iter()
            .map(|participant| participant.actor.0)
            .collect();
        for &a in &ids {
            for &b in ids.range(a + 1..) {
                pairs.entry((a, b)).or_default().push(record.meeting.id.0);
            }
        }
    }
    for ids in pairs.values_mut() {
        ids.sort_unstable();
    }
    pairs
}

fn ends(pairs: &BTreeMap<(i64, i64), Vec<i64>>) -> BTreeSet<i64> {
    pairs.keys().flat_map(|&(a, b)| [a, b]).collect()
}

#[test]
fn graphml_holds_every_pair_of_the_held_meetings() {
    let examples = Examples::new();
    let held = examples.meetings(&[]);
    let expected = pairs(&held);
    assert!(expected.len() > 10, "{expected:?}");
    let graph = examples.export("graphml", &["--limit", "0"]);
    assert_eq!(graph.edge_meetings(), expected);
    assert_eq!(
        graph.nodes.keys().copied().collect::<BTreeSet<_>>(),
        ends(&expected)
    );

    // The planned and the cancelled meeting of the examples are in no edge.
    let conn = rusqlite::Connection::open(examples.db()).unwrap();
    let not_held: Vec<i64> = conn
        .prepare("SELECT id FROM meetings WHERE status <> 'held'")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(not_held.len(), 2);
    assert!(
        graph
            .edge_meetings()
            .values()
            .flatten()
            .all(|id| !not_held.contains(id))
    );

    // Node attributes are those of `entente actors`.
    let actors = examples.actors();
    for (id, attributes) in &graph.nodes {
        let record = &actors[id];
        assert_eq!(attributes["name"], record.actor.name);
        assert_eq!(attributes["mentions"], record.mentions.to_string());
        assert_eq!(
            attributes.get("country"),
            record.actor.country.as_ref().map(|country| &country.code)
        );
        assert_eq!(
            attributes.get("title"),
            record.actor.titles.last().map(|title| &title.name)
        );
    }

    // One edge in full: Erdogan and Li Qiang at the G20 in Johannesburg.
    let erdogan = actors
        .values()
        .find(|r| r.actor.name.ends_with("Erdogan"))
        .unwrap();
    let li = actors
        .values()
        .find(|r| r.actor.name == "Li Qiang")
        .unwrap();
    let pair = (
        erdogan.actor.id.0.min(li.actor.id.0),
        erdogan.actor.id.0.max(li.actor.id.0),
    );
    let together = examples.meetings(&["--actor", "erdogan", "--actor", "li qiang"]);
    assert_eq!(together.len(), 1);
    let meeting = &together[0].meeting;
    let day = meeting.date.as_ref().unwrap().date.unwrap().to_string();
    assert_eq!(day, "2025-11-22");
    let edge = &graph.edges[&pair];
    let expected: BTreeMap<String, String> = [
        ("weight", "1"),
        ("meetings", "1"),
        ("first_date", day.as_str()),
        ("last_date", day.as_str()),
        ("meeting_ids", meeting.id.0.to_string().as_str()),
    ]
    .into_iter()
    .map(|(key, value)| (key.to_owned(), value.to_owned()))
    .collect();
    assert_eq!(edge, &expected);
}

#[test]
fn gexf_holds_the_same_network_as_graphml() {
    let examples = Examples::new();
    let graphml = examples.export("graphml", &[]);
    let gexf = examples.export("gexf", &[]);
    assert_eq!(gexf, graphml);
    assert_eq!(gexf.edge_meetings(), pairs(&examples.meetings(&[])));
}

#[test]
fn filters_reduce_the_graph() {
    let examples = Examples::new();
    let all = examples.export("graphml", &[]);

    // An actor: Wang Yi and the people he met, the pairs with him at one end.
    let wang = examples.meetings(&["--actor", "wang yi"]);
    let graph = examples.export("graphml", &["--actor", "wang yi"]);
    let wang_id = graph
        .nodes
        .iter()
        .find(|(_, attributes)| attributes["name"] == "Wang Yi")
        .map(|(id, _)| *id)
        .unwrap();
    let expected: BTreeMap<(i64, i64), Vec<i64>> = pairs(&wang)
        .into_iter()
        .filter(|((a, b), _)| *a == wang_id || *b == wang_id)
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(graph.edge_meetings(), expected);
    assert!(graph.nodes.len() < all.nodes.len());

    // The same by id.
    let by_id = examples.export("graphml", &["--actor", &wang_id.to_string()]);
    assert_eq!(by_id, graph);

    // A state: every edge has an actor of it at one end.
    let graph = examples.export("gexf", &["--country", "chn"]);
    assert!(!graph.edges.is_empty());
    assert!(graph.edges.len() < all.edges.len());
    for (source, target) in graph.edges.keys() {
        let chinese = |id: &i64| graph.nodes[id].get("country").map(String::as_str) == Some("CHN");
        assert!(chinese(source) || chinese(target), "{source}-{target}");
    }

    // Dates: only the meetings of 2026.
    let in_2026 = examples.meetings(&["--from", "2026", "--to", "2026"]);
    let graph = examples.export("graphml", &["--from", "2026", "--to", "2026"]);
    assert_eq!(graph.edge_meetings(), pairs(&in_2026));
    assert!(graph.edges.len() < all.edges.len());
    for attributes in graph.edges.values() {
        assert!(
            attributes["first_date"].starts_with("2026-"),
            "{attributes:?}"
        );
    }

    // A limit: the most mentioned.
    let graph = examples.export("graphml", &["--limit", "3"]);
    assert_eq!(graph.nodes.len(), 3);
    let mut mentions: Vec<u64> = all
        .nodes
        .values()
        .map(|attributes| attributes["mentions"].parse().unwrap())
        .collect();
    mentions.sort_unstable_by(|a, b| b.cmp(a));
    let kept: u64 = graph
        .nodes
        .values()
        .map(|attributes| attributes["mentions"].parse::<u64>().unwrap())
        .sum();
    assert_eq!(kept, mentions[..3].iter().sum::<u64>());
}

#[test]
fn a_hostile_name_stays_well_formed_xml() {
    let examples = Examples::new();
    let hostile = "Fidan & <Co> \"the\" 'diplomat'\u{1}\u{1b}[2J\u{7f}\ttab]]>";
    let expected = "Fidan & <Co> \"the\" 'diplomat'[2J\u{7f}\ttab]]>";
    let conn = rusqlite::Connection::open(examples.db()).unwrap();
    let changed = conn
        .execute(
            "UPDATE actors SET name = ?1 WHERE name = 'Hakan Fidan'",
            [hostile],
        )
        .unwrap();
    assert_eq!(changed, 1);
    drop(conn);
    for format in ["graphml", "gexf"] {
        let graph = examples.export(format, &[]);
        let names: Vec<&str> = graph
            .nodes
            .values()
            .map(|attributes| attributes["name"].as_str())
            .collect();
        assert!(names.contains(&expected), "{format}: {names:?}");
    }
}

#[test]
fn wrong_combinations_and_names_are_refused_without_writing() {
    let examples = Examples::new();
    let out_dir = examples.dir.path().join("refused");
    let out = out_dir.to_str().unwrap();
    let check = |args: &[&str], code: i32, message: &str| {
        let mut all = vec!["export", "--out", out];
        all.extend_from_slice(args);
        let result = examples.run(&all);
        assert_eq!(
            result.status.code(),
            Some(code),
            "{args:?}: {}",
            stderr(&result)
        );
        assert!(
            stderr(&result).contains(message),
            "{args:?}: {}",
            stderr(&result)
        );
        assert!(!out_dir.exists(), "{args:?} wrote {out_dir:?}");
    };
    check(
        &["--country", "TUR"],
        2,
        "--country filters the meeting network",
    );
    check(
        &["--format", "csv", "--from", "2025", "--limit", "3"],
        2,
        "--from, --limit filter the meeting network",
    );
    check(
        &["--format", "gexf", "--table", "actors"],
        2,
        "--table selects CSV tables",
    );
    check(
        &["--format", "gexf", "--country", "Turkey"],
        2,
        "ISO 3166-1 alpha-3",
    );
    check(
        &["--format", "graphml", "--from", "2025-13"],
        2,
        "is not a date",
    );
    check(&["--format", "xml"], 2, "invalid value");
    // "wang" fits several actors: they are listed, nothing is guessed.
    check(
        &["--format", "graphml", "--actor", "wang"],
        1,
        "fits 3 actors",
    );
    check(
        &["--format", "graphml", "--actor", "nobody"],
        1,
        "no actor matches",
    );
    let missing = bin()
        .args(["--db", "/nonexistent/entente.db", "export", "--out", out])
        .args(["--format", "gexf"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("does not exist"));
}
