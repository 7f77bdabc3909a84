//! End-to-end tests: the real binary on a temporary database.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_entente"));
    cmd.env_remove("ENTENTE_DB");
    cmd
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("the binary runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let mut reader = csv::Reader::from_path(path).expect("csv opens");
    let mut rows = vec![
        reader
            .headers()
            .expect("header")
            .iter()
            .map(String::from)
            .collect(),
    ];
    for record in reader.records() {
        rows.push(record.expect("row").iter().map(String::from).collect());
    }
    rows
}

/// The rows of a CSV file as maps from column to value.
fn rows(path: &Path) -> Vec<std::collections::BTreeMap<String, String>> {
    let table = read_csv(path);
    let header = &table[0];
    table[1..]
        .iter()
        .map(|row| header.iter().cloned().zip(row.iter().cloned()).collect())
        .collect()
}

#[test]
fn ingest_twice_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let examples = root().join("examples");
    let db = db.to_str().unwrap();
    let first = run(&["ingest", "--db", db, examples.to_str().unwrap()]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stderr(&first).contains("added 8 documents"),
        "{}",
        stderr(&first)
    );
    let out1 = dir.path().join("out1");
    assert!(
        run(&["export", "--db", db, "--out", out1.to_str().unwrap()])
            .status
            .success()
    );

    let second =
        run(&[examples.to_str().unwrap(), "--db", db]
            .iter()
            .fold(vec!["ingest"], |mut v, a| {
                v.push(a);
                v
            }));
    assert!(second.status.success(), "{}", stderr(&second));
    assert!(
        stderr(&second).contains("added 0 documents"),
        "{}",
        stderr(&second)
    );
    assert!(
        stderr(&second).contains("8 already known"),
        "{}",
        stderr(&second)
    );
    let out2 = dir.path().join("out2");
    assert!(
        run(&["export", "--out", out2.to_str().unwrap(), "--db", db])
            .status
            .success()
    );
    for table in ["documents", "actors", "meetings", "statements", "mentions"] {
        let a = std::fs::read(out1.join(format!("{table}.csv"))).unwrap();
        let b = std::fs::read(out2.join(format!("{table}.csv"))).unwrap();
        assert_eq!(a, b, "{table}.csv differs after a second ingest");
    }
}

#[test]
fn csv_headers_are_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let out = dir.path().join("out");
    let example = root().join("examples/02_phone_call.txt");
    let status = run(&[
        "ingest",
        example.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
        "--export",
        out.to_str().unwrap(),
    ]);
    assert!(status.status.success(), "{}", stderr(&status));
    let expected = [
        (
            "documents",
            "id,external_id,title,published,source,url,path,sha256",
        ),
        ("actors", "id,name,country,title,aliases,mentions,documents"),
        (
            "organisations",
            "id,name,acronym,kind,country,aliases,mentions,documents",
        ),
        (
            "initiatives",
            "id,name,sponsor_country,aliases,mentions,documents",
        ),
        (
            "meetings",
            "id,date,date_precision,date_text,location,occasion,kind,countries,participant_ids,participants,document_ids,evidence",
        ),
        ("meeting_participants", "meeting_id,actor_id,actor,role"),
        (
            "statements",
            "id,speaker_kind,speaker_id,speaker,addressee_id,addressee,mode,verb,date,text,meeting_id,initiatives,document_ids,evidence",
        ),
        ("mentions", "document_id,kind,entity_id,surface,start,end"),
    ];
    for (table, header) in expected {
        let text = std::fs::read_to_string(out.join(format!("{table}.csv"))).unwrap();
        assert_eq!(text.lines().next(), Some(header), "{table}.csv header");
    }
}

#[test]
fn a_bad_jsonl_line_is_rejected_with_its_line_and_the_rest_kept() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("batch.jsonl");
    std::fs::write(
        &input,
        concat!(
            r#"{"id": "a", "published": "2025-03-04", "text": "Turkish Foreign Minister Hakan Fidan met Chinese Foreign Minister Wang Yi in Ankara on Tuesday."}"#,
            "\n",
            r#"{"id": "b", "text": "#,
            "\n",
            r#"{"id": "c", "published": "2025-03-05", "text": "Pakistani Prime Minister Shehbaz Sharif said on Wednesday that the talks were fruitful."}"#,
            "\n",
        ),
    )
    .unwrap();
    let db = dir.path().join("t.db");
    let out = run(&[
        "ingest",
        "--db",
        db.to_str().unwrap(),
        input.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("batch.jsonl:2"), "{err}");
    assert!(err.contains("added 2 documents"), "{err}");
}

#[test]
fn extract_prints_the_extraction_as_json() {
    let example = root().join("examples/02_phone_call.txt");
    let out = run(&["extract", example.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let extraction: entente_model::Extraction =
        serde_json::from_slice(&out.stdout).expect("the model's Extraction");
    let names: Vec<&str> = extraction.actors.iter().map(|a| a.name.as_str()).collect();
    assert!(names.contains(&"Cyril Ramaphosa"), "{names:?}");
    assert!(!extraction.meetings.is_empty());
    for m in &extraction.mentions {
        assert!(example_text_has_span(&example, m.span.start, m.span.end));
    }
}

fn example_text_has_span(path: &Path, start: usize, end: usize) -> bool {
    start < end
        && end
            <= std::fs::metadata(path)
                .map(|m| m.len() as usize)
                .unwrap_or(0)
}

#[test]
fn a_missing_database_for_export_is_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&[
        "export",
        "--db",
        dir.path().join("none.db").to_str().unwrap(),
        "--out",
        dir.path().join("o").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("does not exist"));
}

#[test]
fn a_database_in_a_missing_folder_is_named_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("no such folder").join("e.db");
    let out = run(&["--db", db.to_str().unwrap(), "ingest", "examples"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.matches("cannot open database").count(), 1, "{err}");
    assert!(err.contains("no such folder"), "{err}");
}

/// The two seed articles come out right in substance (skips when ../shared is absent).
#[test]
fn seeds_come_out_in_substance() {
    let seeds = root().join("../shared/seeds");
    if !seeds.exists() {
        eprintln!("skipped: {} is absent", seeds.display());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let out = dir.path().join("out");
    let ingest = |file: &str, published: &str| {
        let o = run(&[
            "ingest",
            "--db",
            db.to_str().unwrap(),
            "--published",
            published,
            seeds.join(file).to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
    };
    ingest("000_09a71d7ad73b58e9.txt", "2025-09-01");
    ingest("003_4f7f88b742d9e3a0.txt", "2017-08-03");
    assert!(
        run(&[
            "export",
            "--db",
            db.to_str().unwrap(),
            "--out",
            out.to_str().unwrap()
        ])
        .status
        .success()
    );

    let meetings = rows(&out.join("meetings.csv"));
    let find = |a: &str, b: &str| {
        meetings
            .iter()
            .find(|m| m["participants"].contains(a) && m["participants"].contains(b))
            .unwrap_or_else(|| panic!("no meeting of {a} and {b}: {meetings:#?}"))
            .clone()
    };
    let lunch = find("Recep Tayyip Erdogan", "Cai Qi");
    assert_eq!(lunch["date"], "2025-09-01");
    assert!(
        lunch["location"].contains("Tianjin Guesthouse"),
        "{lunch:?}"
    );
    for member in [
        "Hakan Fidan",
        "Alparslan Bayraktar",
        "Mehmet Simsek",
        "Yasar Guler",
        "Mehmet Fatih Kacir",
        "Omer Bolat",
        "Ibrahim Kalin",
    ] {
        assert!(
            lunch["participants"].contains(member),
            "{member} missing: {lunch:?}"
        );
    }
    let talks = find("Recep Tayyip Erdogan", "Xi Jinping");
    assert_eq!(talks["date"], "2025-08-31");
    let beijing = find("Mevlut Cavusoglu", "Wang Yi");
    assert_eq!(beijing["date"], "2017-08-03");
    assert!(beijing["location"].contains("Beijing"), "{beijing:?}");

    let initiatives: Vec<String> = rows(&out.join("initiatives.csv"))
        .iter()
        .map(|r| r["name"].clone())
        .collect();
    assert!(
        initiatives.iter().any(|n| n.contains("Belt and Road")),
        "{initiatives:?}"
    );
    assert!(
        initiatives.iter().any(|n| n.contains("Middle Corridor")),
        "{initiatives:?}"
    );

    let actors: Vec<String> = rows(&out.join("actors.csv"))
        .iter()
        .map(|r| r["name"].clone())
        .collect();
    for not_actor in ["Ng Han Guan", "Gerry Shih", "Associated Press"] {
        assert!(
            !actors.iter().any(|a| a == not_actor),
            "{not_actor} taken as an actor"
        );
    }

    let statements = rows(&out.join("statements.csv"));
    let direct_by = |speaker: &str| {
        statements
            .iter()
            .filter(|s| s["speaker"] == speaker && s["mode"] == "direct")
            .count()
    };
    assert!(direct_by("Recep Tayyip Erdogan") >= 2, "{statements:#?}");
    assert!(
        statements
            .iter()
            .any(|s| s["speaker"] == "Mevlut Cavusoglu")
    );
    assert!(statements.iter().any(|s| s["speaker"] == "Wang Yi"));
}

/// Two wire stories of the same talks: one meeting and one quote, each with two sources.
#[test]
fn the_same_meeting_and_quote_from_two_articles_are_one_record_each() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("two.jsonl");
    std::fs::write(
        &input,
        concat!(
            r#"{"id": "wire-a", "published": "2025-10-08", "text": "Egyptian President Abdel Fattah al-Sisi met Turkish President Recep Tayyip Erdogan in Cairo on Tuesday.\n\n\u201cOur two nations share one sea and one future,\u201d Erdogan said after the talks."}"#,
            "\n",
            r#"{"id": "wire-b", "published": "2025-10-08", "text": "Turkish President Recep Tayyip Erdogan held talks with Egyptian President Abdel Fattah al-Sisi in Cairo on Tuesday, officials said.\n\n\u201cOur two nations share one sea and one future,\u201d Erdogan said."}"#,
            "\n",
        ),
    )
    .unwrap();
    let db = dir.path().join("t.db");
    let out = dir.path().join("out");
    let o = run(&[
        "ingest",
        "--db",
        db.to_str().unwrap(),
        input.to_str().unwrap(),
        "--export",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let meetings = rows(&out.join("meetings.csv"));
    assert_eq!(meetings.len(), 1, "{meetings:#?}");
    assert_eq!(meetings[0]["date"], "2025-10-07");
    assert_eq!(meetings[0]["document_ids"], "1; 2");
    let statements = rows(&out.join("statements.csv"));
    let quote: Vec<_> = statements
        .iter()
        .filter(|s| s["text"].contains("one sea and one future"))
        .collect();
    assert_eq!(quote.len(), 1, "{statements:#?}");
    assert_eq!(quote[0]["document_ids"], "1; 2");
    assert_eq!(quote[0]["speaker"], "Recep Tayyip Erdogan");
}
