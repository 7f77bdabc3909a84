//! End-to-end tests of the user dictionary: `--dict FILE`, `entente.dict.toml` beside
//! the database, and a malformed dictionary (exit 2, `file:line: message`).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

const DICTIONARY: &str = r#"# Written for this test.
[[person]]
name = "Selin Aydemir"
aliases = ["Aydemir"]
country = "TUR"
roles = [
  { title = "Deputy Foreign Minister", country = "TUR", to = 2024-12-31 },
  { title = "Ambassador", country = "TUR", from = 2025-01-01 },
]

[[organisation]]
name = "Anatolian Ferry Board"
acronym = "AFB"
kind = "company"
country = "TUR"
"#;

const ARTICLE: &str = "---
title: Ferry talks
published: 2024-06-03
---
Aydemir said on Monday that the Anatolian Ferry Board (AFB) would add two routes.

The AFB said the new routes would open in the spring.
";

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_entente"))
        .env_remove("ENTENTE_DB")
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 temporary path")
}

/// The rows of a CSV file as maps from column to value.
fn rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).expect("csv opens");
    let header = reader.headers().expect("header").clone();
    reader
        .records()
        .map(|r| {
            let r = r.expect("row");
            header
                .iter()
                .map(String::from)
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect()
}

/// Ingests the article into `db` (with `extra` arguments), exports, and returns the
/// actors and organisations as `name [country] title` and `name (acronym) kind`.
fn ingest(dir: &Path, db: &Path, extra: &[&str]) -> (Vec<String>, Vec<String>) {
    let articles = dir.join("articles");
    std::fs::create_dir_all(&articles).unwrap();
    std::fs::write(articles.join("ferry.txt"), ARTICLE).unwrap();
    let mut args = vec!["ingest", "--db", path(db), path(&articles)];
    args.extend_from_slice(extra);
    let out = run(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = dir.join("out");
    let out = run(&["export", "--db", path(db), "--out", path(&csv)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let actors = rows(&csv.join("actors.csv"))
        .iter()
        .map(|r| format!("{} [{}] {}", r["name"], r["country"], r["title"]))
        .collect();
    let organisations = rows(&csv.join("organisations.csv"))
        .iter()
        .map(|r| format!("{} ({}) {}", r["name"], r["acronym"], r["kind"]))
        .collect();
    (actors, organisations)
}

#[test]
fn dict_option_adds_persons_and_organisations() {
    let dir = tempfile::tempdir().unwrap();
    let dict = dir.path().join("mine.toml");
    std::fs::write(&dict, DICTIONARY).unwrap();
    let db = dir.path().join("t.db");
    // The global option goes after the subcommand too.
    let (actors, organisations) = ingest(dir.path(), &db, &["--dict", path(&dict)]);
    assert_eq!(actors, ["Selin Aydemir [TUR] Deputy Foreign Minister"]);
    assert_eq!(organisations, ["Anatolian Ferry Board (AFB) company"]);
}

#[test]
fn without_a_dictionary_the_names_are_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let (actors, organisations) = ingest(dir.path(), &dir.path().join("t.db"), &[]);
    assert!(actors.is_empty(), "{actors:?}");
    assert!(
        !organisations.iter().any(|o| o.contains("company")),
        "{organisations:?}"
    );
}

#[test]
fn a_dictionary_beside_the_database_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("entente.dict.toml"), DICTIONARY).unwrap();
    let db = data.join("t.db");
    let (actors, _) = ingest(dir.path(), &db, &[]);
    assert_eq!(actors, ["Selin Aydemir [TUR] Deputy Foreign Minister"]);

    // `extract` reads it too (beside `--db`), and `--dict` replaces it.
    let article = dir.path().join("articles").join("ferry.txt");
    let out = run(&[
        "extract",
        path(&article),
        "--format",
        "text",
        "--db",
        path(&db),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("actor         Selin Aydemir [TUR] Deputy Foreign Minister"),
        "{text}"
    );
    let other = dir.path().join("other.toml");
    std::fs::write(
        &other,
        "[[person]]\nname = \"Mehmet Aydemir\"\naliases = [\"Aydemir\"]\ncountry = \"AZE\"\n",
    )
    .unwrap();
    let out = run(&[
        "--dict",
        path(&other),
        "--db",
        path(&db),
        "extract",
        path(&article),
        "--format",
        "text",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("actor         Mehmet Aydemir [AZE]"),
        "{text}"
    );
}

#[test]
fn a_malformed_dictionary_is_fatal_and_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let dict = dir.path().join("bad.toml");
    std::fs::write(
        &dict,
        "[[person]]\nname = \"A B\"\n\n[[organisation]]\nname = \"C\"\nkind = \"club\"\n",
    )
    .unwrap();
    let db = dir.path().join("t.db");
    let article = dir.path().join("a.txt");
    std::fs::write(&article, "Ali Veli met reporters in Ankara on Monday.\n").unwrap();
    for args in [
        vec![
            "ingest",
            "--dict",
            path(&dict),
            "--db",
            path(&db),
            path(&article),
        ],
        vec!["extract", "--dict", path(&dict), path(&article)],
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        let message = stderr(&out);
        assert!(
            message.contains(&format!(
                "{}:6: unknown organisation kind `club`",
                dict.display()
            )),
            "{message}"
        );
    }
    // Nothing was written: the dictionary is read before the database is opened.
    assert!(!db.exists());

    // Beside the database, the same; a missing `--dict` file is fatal too.
    std::fs::copy(&dict, dir.path().join("entente.dict.toml")).unwrap();
    let out = run(&["ingest", "--db", path(&db), path(&article)]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("entente.dict.toml:6: "),
        "{}",
        stderr(&out)
    );
    let missing = dir.path().join("missing.toml");
    let out = run(&["extract", "--dict", path(&missing), path(&article)]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("cannot read dictionary"),
        "{}",
        stderr(&out)
    );
}
