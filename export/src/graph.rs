//! The meeting network as a graph file: GraphML (networkx, Cytoscape, yEd) and GEXF 1.3
//! (Gephi).
//!
//! Both are undirected, static graphs. Nodes are actors, keyed by actor id, with `name`,
//! `country` (ISO alpha-3), `title` and `mentions`; edges join two actors, keyed
//! `source-target`, with the number of meetings as `weight` (and as `meetings`),
//! `first_date`, `last_date` (`YYYY-MM-DD`) and `meeting_ids` (joined with `"; "`, as in
//! the CSV files). A value the network does not have (no country, an undated pair) is
//! left out rather than written empty.
//!
//! The XML is written here, by hand: every text and attribute value goes through
//! [`escape`], which turns `&<>"'` into entities, keeps tab and line breaks as character
//! references and drops what XML 1.0 cannot hold (other control characters,
//! non-characters), so any name gives a well-formed file. The same network gives the
//! same bytes.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use entente_model::{Network, NetworkEdge, NetworkNode};

use crate::{Error, Result};

/// A graph file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphFormat {
    Graphml,
    Gexf,
}

impl GraphFormat {
    /// The file [`write_graph_file`] writes: `meetings.graphml`, `meetings.gexf`.
    pub fn file_name(self) -> &'static str {
        match self {
            GraphFormat::Graphml => "meetings.graphml",
            GraphFormat::Gexf => "meetings.gexf",
        }
    }

    /// The format's name in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            GraphFormat::Graphml => "graphml",
            GraphFormat::Gexf => "gexf",
        }
    }
}

/// Writes `network` in `format` to `out`, flushed at the end.
pub fn write_graph<W: Write>(format: GraphFormat, network: &Network, out: W) -> Result<()> {
    let result = match format {
        GraphFormat::Graphml => graphml(network, out),
        GraphFormat::Gexf => gexf(network, out),
    };
    result.map_err(|source| Error::Graph {
        format: format.as_str(),
        source,
    })
}

/// Creates `dir` when needed and writes `DIR/meetings.graphml` (or `.gexf`): written
/// beside its final name and renamed into place, so a failed export never leaves a
/// half-written file under that name. Returns the path written.
pub fn write_graph_file(dir: &Path, format: GraphFormat, network: &Network) -> Result<PathBuf> {
    fs::create_dir_all(dir).map_err(|source| Error::Io {
        path: dir.to_owned(),
        source,
    })?;
    let path = dir.join(format.file_name());
    let partial = dir.join(format!(".{}.partial", format.file_name()));
    let io_error = |path: &Path| {
        let path = path.to_owned();
        move |source| Error::Io { path, source }
    };
    let result = (|| {
        let file = File::create(&partial).map_err(io_error(&partial))?;
        let mut out = BufWriter::new(file);
        write_graph(format, network, &mut out)?;
        out.into_inner()
            .map_err(|error| io_error(&partial)(error.into_error()))?
            .sync_all()
            .map_err(io_error(&partial))?;
        fs::rename(&partial, &path).map_err(io_error(&path))
    })();
    if let Err(error) = result {
        // Best effort: the error that matters is the one being returned.
        let _ = fs::remove_file(&partial);
        return Err(error);
    }
    Ok(path)
}

const XML_DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

/// GraphML: `<key>` declarations, then one undirected `<graph>`.
fn graphml<W: Write>(network: &Network, mut out: W) -> io::Result<()> {
    out.write_all(XML_DECLARATION.as_bytes())?;
    out.write_all(
        b"<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
          xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
          xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
          http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    )?;
    let keys = [
        ("name", "node", "string"),
        ("country", "node", "string"),
        ("title", "node", "string"),
        ("mentions", "node", "long"),
        ("weight", "edge", "double"),
        ("meetings", "edge", "long"),
        ("first_date", "edge", "string"),
        ("last_date", "edge", "string"),
        ("meeting_ids", "edge", "string"),
    ];
    for (name, target, kind) in keys {
        writeln!(
            out,
            "  <key id=\"{name}\" for=\"{target}\" attr.name=\"{name}\" attr.type=\"{kind}\"/>"
        )?;
    }
    out.write_all(b"  <graph id=\"meetings\" edgedefault=\"undirected\">\n")?;
    for node in &network.nodes {
        writeln!(out, "    <node id=\"{}\">", node.actor_id)?;
        for (key, value) in node_values(node) {
            writeln!(out, "      <data key=\"{key}\">{}</data>", escape(&value))?;
        }
        out.write_all(b"    </node>\n")?;
    }
    for edge in &network.edges {
        writeln!(
            out,
            "    <edge id=\"{}-{}\" source=\"{}\" target=\"{}\">",
            edge.source, edge.target, edge.source, edge.target
        )?;
        writeln!(out, "      <data key=\"weight\">{}</data>", edge.meetings)?;
        for (key, value) in edge_values(edge) {
            writeln!(out, "      <data key=\"{key}\">{}</data>", escape(&value))?;
        }
        out.write_all(b"    </edge>\n")?;
    }
    out.write_all(b"  </graph>\n</graphml>\n")?;
    out.flush()
}

/// GEXF 1.3: a static, undirected graph with declared attributes; the name is the
/// node's label and the number of meetings the edge's weight.
fn gexf<W: Write>(network: &Network, mut out: W) -> io::Result<()> {
    out.write_all(XML_DECLARATION.as_bytes())?;
    out.write_all(
        b"<gexf xmlns=\"http://gexf.net/1.3\" \
          xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
          xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" \
          version=\"1.3\">\n",
    )?;
    out.write_all(
        b"  <meta>\n    <creator>entente</creator>\n    \
          <description>Meeting network: actors who met, weighted by the number of meetings</description>\n  \
          </meta>\n",
    )?;
    out.write_all(b"  <graph mode=\"static\" defaultedgetype=\"undirected\">\n")?;
    let classes = [
        (
            "node",
            &[
                ("country", "string"),
                ("title", "string"),
                ("mentions", "long"),
            ][..],
        ),
        (
            "edge",
            &[
                ("meetings", "long"),
                ("first_date", "string"),
                ("last_date", "string"),
                ("meeting_ids", "string"),
            ][..],
        ),
    ];
    for (class, attributes) in classes {
        writeln!(out, "    <attributes class=\"{class}\">")?;
        for (name, kind) in attributes {
            writeln!(
                out,
                "      <attribute id=\"{name}\" title=\"{name}\" type=\"{kind}\"/>"
            )?;
        }
        out.write_all(b"    </attributes>\n")?;
    }
    out.write_all(b"    <nodes>\n")?;
    for node in &network.nodes {
        writeln!(
            out,
            "      <node id=\"{}\" label=\"{}\">",
            node.actor_id,
            escape(&node.name)
        )?;
        let values = node_values(node)
            .into_iter()
            .filter(|(key, _)| *key != "name");
        attvalues(&mut out, values)?;
        out.write_all(b"      </node>\n")?;
    }
    out.write_all(b"    </nodes>\n    <edges>\n")?;
    for edge in &network.edges {
        writeln!(
            out,
            "      <edge id=\"{}-{}\" source=\"{}\" target=\"{}\" weight=\"{}\">",
            edge.source, edge.target, edge.source, edge.target, edge.meetings
        )?;
        attvalues(&mut out, edge_values(edge))?;
        out.write_all(b"      </edge>\n")?;
    }
    out.write_all(b"    </edges>\n  </graph>\n</gexf>\n")?;
    out.flush()
}

fn attvalues<W: Write>(
    out: &mut W,
    values: impl IntoIterator<Item = (&'static str, String)>,
) -> io::Result<()> {
    out.write_all(b"        <attvalues>\n")?;
    for (key, value) in values {
        writeln!(
            out,
            "          <attvalue for=\"{key}\" value=\"{}\"/>",
            escape(&value)
        )?;
    }
    out.write_all(b"        </attvalues>\n")
}

/// A node's attributes that have a value, in declaration order.
fn node_values(node: &NetworkNode) -> Vec<(&'static str, String)> {
    let mut values = vec![("name", node.name.clone())];
    if let Some(country) = &node.country_code {
        values.push(("country", country.clone()));
    }
    if let Some(title) = &node.title {
        values.push(("title", title.clone()));
    }
    values.push(("mentions", node.mentions.to_string()));
    values
}

/// An edge's attributes that have a value, in declaration order (`weight` aside).
fn edge_values(edge: &NetworkEdge) -> Vec<(&'static str, String)> {
    let mut values = vec![("meetings", edge.meetings.to_string())];
    if let Some(date) = edge.first_date {
        values.push(("first_date", date.format("%Y-%m-%d").to_string()));
    }
    if let Some(date) = edge.last_date {
        values.push(("last_date", date.format("%Y-%m-%d").to_string()));
    }
    let ids: Vec<String> = edge.meeting_ids.iter().map(i64::to_string).collect();
    values.push(("meeting_ids", ids.join("; ")));
    values
}

/// `text` as XML character data or an attribute value: `&<>"'` as entities, tab, line
/// feed and carriage return as character references (an attribute would otherwise turn
/// them into spaces), and every character XML 1.0 cannot hold dropped: the other C0
/// controls and U+FFFE, U+FFFF (Rust strings hold no surrogates).
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    #[track_caller]
    fn check(text: &str, expected: &str) {
        assert_eq!(escape(text), expected);
    }

    #[test]
    fn escaping_makes_any_text_valid_xml() {
        check("Recep Tayyip Erdoğan", "Recep Tayyip Erdoğan");
        check(
            r#"A&B <C> "D" 'E'"#,
            "A&amp;B &lt;C&gt; &quot;D&quot; &apos;E&apos;",
        );
        check("a\tb\nc\rd", "a&#9;b&#10;c&#13;d");
        check("bell\u{7}nul\u{0}esc\u{1b}end", "bellnulescend");
        check("\u{fffe}\u{ffff}\u{fffd}", "\u{fffd}");
        check("\u{7f}\u{85}", "\u{7f}\u{85}");
        check("", "");
    }

    fn network() -> Network {
        Network {
            nodes: vec![
                NetworkNode {
                    actor_id: 1,
                    name: "Recep Tayyip Erdoğan".into(),
                    country_code: Some("TUR".into()),
                    title: Some("President".into()),
                    mentions: 10,
                },
                NetworkNode {
                    actor_id: 2,
                    name: "A&B <x> \"q\" 'a'\u{1}".into(),
                    country_code: None,
                    title: None,
                    mentions: 3,
                },
            ],
            edges: vec![NetworkEdge {
                source: 1,
                target: 2,
                meetings: 2,
                first_date: NaiveDate::from_ymd_opt(2025, 11, 22),
                last_date: NaiveDate::from_ymd_opt(2026, 3, 4),
                meeting_ids: vec![4, 12],
            }],
        }
    }

    fn written(format: GraphFormat) -> String {
        let mut out = Vec::new();
        write_graph(format, &network(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn graphml_declares_its_keys_and_writes_each_value_once() {
        let text = written(GraphFormat::Graphml);
        assert!(text.starts_with(XML_DECLARATION), "{text}");
        assert_eq!(text.matches("<key ").count(), 9, "{text}");
        assert!(text.contains("edgedefault=\"undirected\""), "{text}");
        assert!(text.contains("<data key=\"name\">Recep Tayyip Erdoğan</data>"));
        assert!(
            text.contains(
                "<data key=\"name\">A&amp;B &lt;x&gt; &quot;q&quot; &apos;a&apos;</data>"
            )
        );
        assert!(text.contains("<edge id=\"1-2\" source=\"1\" target=\"2\">"));
        assert!(text.contains("<data key=\"weight\">2</data>"));
        assert!(text.contains("<data key=\"meeting_ids\">4; 12</data>"));
        // No country, no title: no data element rather than an empty one.
        assert_eq!(text.matches("<data key=\"country\">").count(), 1);
        assert_eq!(text.matches("<data key=\"title\">").count(), 1);
        assert_eq!(text, written(GraphFormat::Graphml));
    }

    #[test]
    fn gexf_labels_nodes_and_weighs_edges() {
        let text = written(GraphFormat::Gexf);
        assert!(text.contains("version=\"1.3\""), "{text}");
        assert!(text.contains("<graph mode=\"static\" defaultedgetype=\"undirected\">"));
        assert!(text.contains("<node id=\"1\" label=\"Recep Tayyip Erdoğan\">"));
        assert!(
            text.contains(
                "<node id=\"2\" label=\"A&amp;B &lt;x&gt; &quot;q&quot; &apos;a&apos;\">"
            )
        );
        assert!(text.contains("<edge id=\"1-2\" source=\"1\" target=\"2\" weight=\"2\">"));
        assert!(text.contains("<attvalue for=\"first_date\" value=\"2025-11-22\"/>"));
        assert!(text.contains("<attvalue for=\"last_date\" value=\"2026-03-04\"/>"));
        assert_eq!(text.matches("<attribute ").count(), 7, "{text}");
    }

    #[test]
    fn a_graph_file_is_renamed_into_place() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("new");
        let path = write_graph_file(&out, GraphFormat::Gexf, &network()).unwrap();
        assert_eq!(path, out.join("meetings.gexf"));
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            written(GraphFormat::Gexf)
        );
        let names: Vec<_> = fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["meetings.gexf"]);
    }

    /// The hostile name survives as well-formed XML and reads back without the control
    /// characters, in both formats.
    #[test]
    fn any_name_reads_back_from_both_formats() {
        let name = "A&B <x> \"q\" 'a'\u{1}\u{1b}[31m\tline\nbreak]]> &amp; \u{ffff}";
        let expected = "A&B <x> \"q\" 'a'[31m\tline\nbreak]]> &amp; ";
        let network = Network {
            nodes: vec![NetworkNode {
                actor_id: 7,
                name: name.into(),
                country_code: None,
                title: Some(name.into()),
                mentions: 1,
            }],
            edges: Vec::new(),
        };
        let mut out = Vec::new();
        write_graph(GraphFormat::Graphml, &network, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let document = roxmltree::Document::parse(&text).unwrap();
        let data: Vec<&str> = document
            .descendants()
            .filter(|node| node.has_tag_name("data"))
            .filter_map(|node| node.text())
            .collect();
        assert_eq!(data[0], expected);
        assert_eq!(data[1], expected);

        let mut out = Vec::new();
        write_graph(GraphFormat::Gexf, &network, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let document = roxmltree::Document::parse(&text).unwrap();
        let node = document
            .descendants()
            .find(|node| node.has_tag_name("node"))
            .unwrap();
        assert_eq!(node.attribute("label"), Some(expected));
        let title = document
            .descendants()
            .find(|node| node.attribute("for") == Some("title"))
            .unwrap();
        assert_eq!(title.attribute("value"), Some(expected));
    }
}
