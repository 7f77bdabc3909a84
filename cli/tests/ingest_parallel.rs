//! `ingest --jobs N` stores what `--jobs 1` stores: the same documents under the same
//! ids, so byte-identical CSV files, and the same messages in the same order.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn entente(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_entente"))
        .env_remove("ENTENTE_DB")
        .args(args)
        .output()
        .expect("the binary runs")
}

fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

/// The body of an example article (front matter dropped).
fn body(file: &Path) -> String {
    let text = fs::read_to_string(file).expect("example reads");
    match text
        .strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
    {
        Some((_, body)) => body.to_owned(),
        None => text,
    }
}

/// A corpus with everything that could come out in another order: the example texts
/// again with changed endings and dates, texts repeated within the run, people named
/// by surname only (whose merge depends on what is stored first), malformed lines, a
/// NUL character, an empty text, and a folder of plain-text files.
fn write_corpus(dir: &Path) -> PathBuf {
    let corpus = dir.join("corpus");
    fs::create_dir_all(corpus.join("plain")).unwrap();
    let mut examples: Vec<PathBuf> = fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    examples.sort();
    let bodies: Vec<String> = examples.iter().map(|p| body(p)).collect();
    let surnames = ["Okafor", "Lindqvist", "Haddad", "Moreau", "Tanaka"];
    let given = ["Amara", "Erik", "Samir", "Claire", "Hiro", "Nadia", "Jonas"];
    let countries = ["Nigeria", "Sweden", "Lebanon", "France", "Japan"];
    let mut lines = String::new();
    let line = |lines: &mut String, id: &str, published: &str, text: &str| {
        let article = serde_json::json!({"id": id, "published": published, "text": text});
        writeln!(lines, "{article}").unwrap();
    };
    for copy in 0..6 {
        for (n, text) in bodies.iter().enumerate() {
            let published = format!("2025-{:02}-{:02}", 1 + copy, 1 + n);
            let text = format!("{text}\n\nCopy {copy} of example {n}.");
            line(&mut lines, &format!("ex-{copy}-{n}"), &published, &text);
        }
        for n in 0..12 {
            let s = surnames[(copy + n) % surnames.len()];
            let g = given[(copy * 3 + n) % given.len()];
            let c = countries[(n + copy) % countries.len()];
            let text = format!(
                "Foreign Minister {g} {s} of {c} met Trade Minister {} {} in Geneva on Monday.\n\n\
                 \"We agreed to expand trade,\" {s} said after the talks.\n\n\
                 {} said that the two countries would meet again in March. Story {copy}-{n}.",
                given[(n + 2) % given.len()],
                surnames[(n + 3) % surnames.len()],
                surnames[(n + 3) % surnames.len()],
            );
            line(&mut lines, &format!("gen-{copy}-{n}"), "2025-06-04", &text);
            if n % 5 == 0 {
                // The same text again, under another id: already known.
                line(
                    &mut lines,
                    &format!("again-{copy}-{n}"),
                    "2025-06-04",
                    &text,
                );
            }
        }
        lines.push_str("{\"id\": \"broken\", \"text\": \"unfinished\n");
    }
    line(
        &mut lines,
        "nul",
        "2025-07-01",
        "Lindqvist met Okafor.\0 They talked.",
    );
    line(&mut lines, "empty", "2025-07-01", " \u{feff} ");
    fs::write(corpus.join("articles.jsonl"), lines).unwrap();
    for (n, text) in bodies.iter().enumerate() {
        let file = corpus.join("plain").join(format!("{n:02}.txt"));
        fs::write(file, format!("{text}\n\nPlain copy {n}.")).unwrap();
    }
    corpus
}

/// What one ingest did: its exit status, its stderr, and every exported file with its
/// bytes, by name.
struct Run {
    status: Option<i32>,
    stderr: String,
    files: Vec<(String, Vec<u8>)>,
}

/// Ingests `inputs` into a fresh database with `--jobs` and exports it.
fn ingest(dir: &Path, jobs: &str, inputs: &[&Path]) -> Run {
    let db = dir.join(format!("jobs-{jobs}.db"));
    let out = dir.join(format!("out-{jobs}"));
    let mut args = vec!["--db", path(&db), "-v", "ingest", "--jobs", jobs];
    args.extend(inputs.iter().map(|p| path(p)));
    let ingested = entente(&args);
    let exported = entente(&["--db", path(&db), "export", "--out", path(&out)]);
    assert!(
        exported.status.success(),
        "{}",
        String::from_utf8_lossy(&exported.stderr)
    );
    let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(&out)
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            (name, fs::read(entry.path()).unwrap())
        })
        .collect();
    files.sort();
    Run {
        status: ingested.status.code(),
        stderr: String::from_utf8_lossy(&ingested.stderr).into_owned(),
        files,
    }
}

#[test]
fn four_jobs_store_what_one_job_stores() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = write_corpus(dir.path());
    let examples = root().join("examples");
    let inputs = [examples.as_path(), corpus.as_path()];
    let one = ingest(dir.path(), "1", &inputs);
    let four = ingest(dir.path(), "4", &inputs);

    // Malformed lines and the empty text are rejected, with their file and line.
    let stderr = &one.stderr;
    assert_eq!(one.status, Some(1), "{stderr}");
    assert!(
        stderr.contains("articles.jsonl:") && stderr.contains("rejected"),
        "{stderr}"
    );
    assert!(stderr.contains("NUL character"), "{stderr}");
    assert!(stderr.contains("already known"), "{stderr}");
    let summary = stderr.lines().last().unwrap_or_default();
    assert!(summary.contains("already known, 7 rejected"), "{summary}");

    assert_eq!(four.status, one.status);
    assert_eq!(four.stderr, one.stderr, "messages in another order");
    assert_eq!(four.files.len(), 8);
    for ((name, bytes_1), (name_4, bytes_4)) in one.files.iter().zip(&four.files) {
        assert_eq!(name, name_4);
        assert!(
            bytes_1.len() > 100 || name != "mentions.csv",
            "{name} is empty"
        );
        assert!(
            bytes_1 == bytes_4,
            "{name} differs between --jobs 1 and --jobs 4"
        );
    }
}

#[test]
fn many_jobs_re_ingest_finds_everything_known() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let examples = root().join("examples");
    let first = entente(&["--db", path(&db), "ingest", "-j", "3", path(&examples)]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let again = entente(&["--db", path(&db), "ingest", "--jobs", "16", path(&examples)]);
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(again.status.success(), "{stderr}");
    assert!(
        stderr.contains("added 0 documents") && stderr.contains("8 already known"),
        "{stderr}"
    );
}

#[test]
fn zero_jobs_is_a_usage_error() {
    let out = entente(&["ingest", "--jobs", "0", "x.txt"]);
    assert_eq!(out.status.code(), Some(2));
}
