//! Nothing lost, nothing crashes: the real binary on bad input, odd input, special
//! files, an ingest killed with SIGKILL, and two processes on one database.
//!
//! Every test works in its own temporary folder. Fixtures are short news-style texts
//! written here; the large corpora are generated from templates.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags};

// ---------------------------------------------------------------------------------------
// Helpers

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_entente"));
    cmd.env_remove("ENTENTE_DB");
    cmd
}

/// A run that would hang (reading `/dev/zero`, waiting on a FIFO) fails the test
/// instead.
const DEADLINE: Duration = Duration::from_secs(60);

/// Runs `command` to its end, or kills it and fails after [`DEADLINE`].
fn output_within_deadline(command: &mut Command) -> Output {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                pipe.read_to_end(&mut bytes).unwrap();
            }
            bytes
        })
    };
    let stdout = drain(child.stdout.take().map(|p| Box::new(p) as _));
    let stderr = drain(child.stderr.take().map(|p| Box::new(p) as _));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > DEADLINE {
            child.kill().unwrap();
            panic!("still running after {DEADLINE:?}: {command:?}");
        }
        thread::sleep(Duration::from_millis(5));
    };
    Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

fn entente(db: &Path, args: &[&str]) -> Output {
    output_within_deadline(bin().arg("--db").arg(db).args(args).stdin(Stdio::null()))
}

/// `entente --db DB ingest PATHS...` with the paths as given.
fn ingest(db: &Path, paths: &[&Path]) -> Output {
    ingest_with(db, &[], paths)
}

fn ingest_with(db: &Path, options: &[&str], paths: &[&Path]) -> Output {
    output_within_deadline(
        bin()
            .arg("--db")
            .arg(db)
            .arg("ingest")
            .args(options)
            .args(paths)
            .stdin(Stdio::null()),
    )
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[track_caller]
fn assert_status(out: &Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "exit status; stderr:\n{}",
        stderr(out)
    );
}

/// Asserts that stderr has a line containing every one of `parts`.
#[track_caller]
fn assert_line(err: &str, parts: &[&str]) {
    assert!(
        err.lines()
            .any(|line| parts.iter().all(|part| line.contains(part))),
        "no stderr line contains all of {parts:?}:\n{err}"
    );
}

fn write(root: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = root.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, bytes).unwrap();
    path
}

fn open(db: &Path) -> Connection {
    Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_WRITE).expect("database opens")
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |row| row.get(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// One stored document, by the end of its `path` (file name, `name:line`).
#[derive(Debug)]
struct Stored {
    external_id: Option<String>,
    title: Option<String>,
    published: Option<String>,
    source: Option<String>,
    url: Option<String>,
    text: String,
    /// Surfaces of its actor mentions.
    actors: Vec<String>,
    mentions: i64,
}

fn stored(db: &Path) -> BTreeMap<String, Stored> {
    let conn = open(db);
    let mut statement = conn
        .prepare("SELECT id, path, external_id, title, published, source, url, text FROM documents")
        .unwrap();
    let rows: Vec<(i64, String, Stored)> = statement
        .query_map([], |row| {
            Ok((
                row.get(0)?,
                row.get(1)?,
                Stored {
                    external_id: row.get(2)?,
                    title: row.get(3)?,
                    published: row.get(4)?,
                    source: row.get(5)?,
                    url: row.get(6)?,
                    text: row.get(7)?,
                    actors: Vec::new(),
                    mentions: 0,
                },
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = BTreeMap::new();
    for (id, path, mut document) in rows {
        let mut actors = conn
            .prepare(
                "SELECT surface FROM mentions WHERE document_id = ?1 AND kind = 'actor'
                 ORDER BY span_start",
            )
            .unwrap();
        document.actors = actors
            .query_map([id], |row| row.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        document.mentions = conn
            .query_row(
                "SELECT count(*) FROM mentions WHERE document_id = ?1",
                [id],
                |row| row.get(0),
            )
            .unwrap();
        let name = Path::new(&path)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let key = if out.contains_key(&name) {
            format!("{name}#{id}")
        } else {
            name
        };
        out.insert(key, document);
    }
    out
}

#[track_caller]
fn get<'a>(documents: &'a BTreeMap<String, Stored>, name: &str) -> &'a Stored {
    documents.get(name).unwrap_or_else(|| {
        panic!(
            "`{name}` not stored; stored: {:?}",
            documents.keys().collect::<Vec<_>>()
        )
    })
}

/// A short article that the extractor reads two people and a meeting from.
const MEETING: &str = "Turkish Foreign Minister Hakan Fidan met Chinese Foreign Minister Wang Yi \
    in Beijing on Monday. \"We are partners,\" Fidan told reporters after the talks.";

#[track_caller]
fn assert_extracted(document: &Stored) {
    let names = document.actors.join(" | ");
    assert!(
        names.contains("Hakan Fidan") && names.contains("Wang Yi"),
        "actors read from {:?}: {names}",
        document.text.get(..200.min(document.text.len()))
    );
}

// ---------------------------------------------------------------------------------------
// Inputs that must be accepted

#[test]
fn odd_encodings_and_line_ends_are_accepted_and_extracted() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    write(&corpus, "bom.txt", format!("\u{feff}{MEETING} BOM.\n"));
    write(
        &corpus,
        "crlf.txt",
        format!("---\r\ntitle: CRLF\r\n---\r\n{MEETING}\r\n\r\nCRLF.\r\n"),
    );
    write(
        &corpus,
        "cr.txt",
        format!("---\rtitle: CR\r---\r{MEETING}\r\rCR.\r"),
    );
    write(&corpus, "no-newline.txt", format!("{MEETING} No newline."));
    write(
        &corpus,
        "no-newline.jsonl",
        format!(
            "{{\"text\": \"First.\"}}\n{{\"id\": \"last\", \"text\": {}}}",
            serde_json::to_string(&format!("{MEETING} Last line.")).unwrap()
        ),
    );
    let mut le = vec![0xFF, 0xFE];
    le.extend(
        format!("Erdoğan said. {MEETING}\n")
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    write(&corpus, "utf16le.txt", le);
    let mut be = vec![0xFE, 0xFF];
    be.extend(
        format!("Erdoğan spoke. {MEETING}\n")
            .encode_utf16()
            .flat_map(u16::to_be_bytes),
    );
    write(&corpus, "utf16be.txt", be);
    let db = dir.path().join("t.db");

    let out = ingest(&db, &[&corpus]);
    assert_status(&out, 0);
    let err = stderr(&out);
    assert!(!err.contains("rejected "), "{err}");

    let documents = stored(&db);
    for name in [
        "bom.txt",
        "crlf.txt",
        "cr.txt",
        "no-newline.txt",
        "no-newline.jsonl:2",
        "utf16le.txt",
        "utf16be.txt",
    ] {
        let document = get(&documents, name);
        assert!(
            !document.text.contains(['\r', '\u{feff}', '\0']),
            "{name}: {:?}",
            document.text
        );
        assert_extracted(document);
    }
    let text = |name: &str| get(&documents, name).text.clone();
    assert_eq!(text("bom.txt"), format!("{MEETING} BOM."));
    assert_eq!(text("no-newline.txt"), format!("{MEETING} No newline."));
    assert_eq!(text("no-newline.jsonl:2"), format!("{MEETING} Last line."));
    assert_eq!(text("crlf.txt"), format!("{MEETING}\n\nCRLF."));
    assert_eq!(text("cr.txt"), format!("{MEETING}\n\nCR."));
    assert_eq!(text("utf16le.txt"), format!("Erdoğan said. {MEETING}"));
    assert_eq!(text("utf16be.txt"), format!("Erdoğan spoke. {MEETING}"));
    assert_eq!(get(&documents, "crlf.txt").title.as_deref(), Some("CRLF"));
    assert_eq!(get(&documents, "cr.txt").title.as_deref(), Some("CR"));
    assert_eq!(
        get(&documents, "no-newline.jsonl:2").external_id.as_deref(),
        Some("last")
    );
}

#[test]
fn a_one_megabyte_line_without_a_full_stop_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let mut line = String::from(MEETING);
    line.push(' ');
    let filler = "and the ministers of Türkiye and China talked about the Middle Corridor ";
    while line.len() < 1024 * 1024 {
        line.push_str(filler);
    }
    let txt = write(dir.path(), "long.txt", &line);
    let jsonl = write(
        dir.path(),
        "long.jsonl",
        format!(
            "{{\"text\": {}}}\n",
            serde_json::to_string(&format!("{line} in JSON")).unwrap()
        ),
    );
    let db = dir.path().join("t.db");
    let started = Instant::now();
    let out = ingest(&db, &[&txt, &jsonl]);
    assert_status(&out, 0);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
    let documents = stored(&db);
    for name in ["long.txt", "long.jsonl:1"] {
        let document = get(&documents, name);
        assert!(document.text.len() >= 1024 * 1024, "{name}");
        assert_extracted(document);
    }
}

#[test]
fn nul_bytes_are_dropped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let with_nuls = MEETING.replace("Hakan Fidan met", "Hakan Fidan\0 met\0");
    let txt = write(dir.path(), "nul.txt", &with_nuls);
    let jsonl = write(
        dir.path(),
        "nul.jsonl",
        format!(
            "{{\"text\": {}}}\n",
            serde_json::to_string(&format!("{with_nuls}\0 JSON")).unwrap()
        ),
    );
    let db = dir.path().join("t.db");
    let out = ingest(&db, &[&txt, &jsonl]);
    assert_status(&out, 0);
    let err = stderr(&out);
    assert_line(&err, &["warning", "nul.txt", "dropped 2 NUL characters"]);
    assert_line(
        &err,
        &["warning", "nul.jsonl:1", "dropped 3 NUL characters"],
    );
    let documents = stored(&db);
    assert_eq!(get(&documents, "nul.txt").text, MEETING);
    assert_eq!(
        get(&documents, "nul.jsonl:1").text,
        format!("{MEETING} JSON")
    );
    assert_extracted(get(&documents, "nul.txt"));
}

#[test]
fn metadata_may_be_null_or_absent() {
    let dir = tempfile::tempdir().unwrap();
    let text = serde_json::to_string(MEETING).unwrap();
    let jsonl = write(
        dir.path(),
        "meta.jsonl",
        format!(
            "{{\"id\": null, \"title\": null, \"published\": null, \"source\": null, \"url\": null, \"text\": {text}}}\n\
             {{\"text\": \"Absent fields. {}\"}}\n\
             {{\"id\": 7, \"title\": \"T\", \"published\": \"2025-09-01T10:30:00+03:00\", \"source\": \"S\", \"url\": \"https://example.org/a\", \"text\": \"Present fields.\"}}\n",
            MEETING.replace('"', "\\\"")
        ),
    );
    let json = write(
        dir.path(),
        "meta.json",
        format!(
            "[{{\"title\": null, \"text\": \"In an array. {}\"}}]",
            MEETING.replace('"', "\\\"")
        ),
    );
    let txt = write(
        dir.path(),
        "bare.txt",
        format!("---\ntitle:\n---\n{MEETING} Bare."),
    );
    let db = dir.path().join("t.db");
    let out = ingest(&db, &[&jsonl, &json, &txt]);
    assert_status(&out, 0);
    let documents = stored(&db);
    for name in ["meta.jsonl:1", "meta.jsonl:2", "meta.json[0]", "bare.txt"] {
        let document = get(&documents, name);
        assert_eq!(
            (
                &document.external_id,
                &document.title,
                &document.published,
                &document.source,
                &document.url
            ),
            (&None, &None, &None, &None, &None),
            "{name}"
        );
        assert_extracted(document);
    }
    let present = get(&documents, "meta.jsonl:3");
    assert_eq!(present.external_id.as_deref(), Some("7"));
    assert_eq!(present.title.as_deref(), Some("T"));
    assert_eq!(present.published.as_deref(), Some("2025-09-01"));
    assert_eq!(present.source.as_deref(), Some("S"));
    assert_eq!(present.url.as_deref(), Some("https://example.org/a"));
}

#[test]
fn a_duplicate_id_with_another_text_is_stored_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let first = write(
        dir.path(),
        "first.jsonl",
        "{\"id\": \"wire-17\", \"text\": \"Fidan met Wang in Beijing.\"}\n\
         {\"id\": \"wire-17\", \"text\": \"Fidan met Wang in Beijing on Monday.\"}\n\
         {\"id\": \"wire-18\", \"text\": \"Erdogan met Xi.\"}\n",
    );
    let db = dir.path().join("t.db");
    let out = ingest(&db, &[&first]);
    assert_status(&out, 0);
    assert_line(
        &stderr(&out),
        &["warning", "first.jsonl:2", "`wire-17`", "another text"],
    );
    assert!(!stderr(&out).contains("wire-18"), "{}", stderr(&out));

    // Against the database: another text warns, the same text is already known.
    let second = write(
        dir.path(),
        "second.jsonl",
        "{\"id\": \"wire-18\", \"text\": \"Erdogan met Xi in Tianjin.\"}\n\
         {\"id\": \"wire-17\", \"text\": \"Fidan met Wang in Beijing.\"}\n",
    );
    let out = ingest(&db, &[&second]);
    assert_status(&out, 0);
    let err = stderr(&out);
    assert_line(
        &err,
        &["warning", "second.jsonl:1", "`wire-18`", "another text"],
    );
    assert!(!err.contains("wire-17"), "{err}");
    assert!(err.contains("1 already known"), "{err}");

    let conn = open(&db);
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM documents WHERE external_id = 'wire-17'"
        ),
        2
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM documents WHERE external_id = 'wire-18'"
        ),
        2
    );
}

// ---------------------------------------------------------------------------------------
// Inputs that must be rejected, the rest kept

/// The ids of one run are remembered only until their batch is stored; after that the
/// database answers. A reused id past a batch boundary still warns.
#[test]
fn a_duplicate_id_in_a_later_batch_of_the_same_run_warns() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = String::new();
    for i in 0..1_200 {
        let id = if i == 1_100 { 3 } else { i };
        lines.push_str(&format!(
            "{{\"id\": \"wire-{id}\", \"text\": \"Delegations met in Ankara, report {i}.\"}}\n"
        ));
    }
    let file = write(dir.path(), "long.jsonl", lines);
    let db = dir.path().join("t.db");
    let out = ingest(&db, &[&file]);
    assert_status(&out, 0);
    let err = stderr(&out);
    assert_line(
        &err,
        &["warning", "long.jsonl:1101", "`wire-3`", "another text"],
    );
    assert_eq!(err.matches("another text").count(), 1, "{err}");
}

#[test]
fn bad_inputs_are_rejected_by_file_and_line_and_the_rest_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    write(&corpus, "good.txt", MEETING);
    write(&corpus, "empty.txt", "");
    write(&corpus, "blank.txt", " \n\t\r\n \u{feff}");
    write(
        &corpus,
        "invalid.txt",
        b"A first line.\nA second \xE9t\xE9 line.\n",
    );
    write(
        &corpus,
        "image.txt",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0\x5c\x72\xa8\x66",
    );
    write(
        &corpus,
        "soon.md",
        format!("---\npublished: soon\n---\n{MEETING}"),
    );
    let batch: [&[u8]; 10] = [
        b"{\"text\": \"Line one is good.\"}",
        b"{\"text\": \"unterminated",
        b"{\"title\": \"No text\"}",
        b"{\"text\": 42}",
        b"{\"text\": \"   \"}",
        b"{\"text\": \"Dated badly.\", \"published\": \"last Tuesday\"}",
        b"{\"text\": \"Dated by a number.\", \"published\": 20250901}",
        b"[\"not\", \"an\", \"object\"]",
        b"{\"text\": \"Line nine \xff is not UTF-8.\"}",
        b"{\"text\": \"Line ten is good.\"}",
    ];
    write(&corpus, "batch.jsonl", batch.join(&b"\n"[..]));
    write(&corpus, "empty.jsonl", "");
    write(&corpus, "blank.jsonl", "\n  \n\t\n");
    write(&corpus, "empty.json", "");
    let db = dir.path().join("t.db");
    let missing = dir.path().join("missing.txt");

    let out = ingest(&db, &[&corpus, &missing]);
    assert_status(&out, 1);
    let err = stderr(&out);
    let rejected = [
        ("empty.txt", "empty"),
        ("blank.txt", "empty or only whitespace"),
        ("invalid.txt", "invalid UTF-8 at line 2"),
        ("image.txt", "binary file"),
        (
            "soon.md",
            "`published` in the front matter is not a date: `soon`",
        ),
        ("batch.jsonl:2", "malformed JSON"),
        ("batch.jsonl:3", "missing `text`"),
        ("batch.jsonl:4", "`text` is not a string"),
        ("batch.jsonl:5", "`text` is empty or only whitespace"),
        ("batch.jsonl:6", "`published` is not a date: `last Tuesday`"),
        ("batch.jsonl:7", "`published` is not a date: `20250901`"),
        ("batch.jsonl:8", "expected a JSON object"),
        ("batch.jsonl:9", "invalid UTF-8"),
        ("empty.jsonl", "empty file"),
        ("blank.jsonl", "empty file"),
        ("empty.json", "empty file"),
        ("missing.txt", "does not exist"),
    ];
    for (origin, message) in rejected {
        assert_line(&err, &["rejected", &format!("{origin}: "), message]);
    }
    let documents = stored(&db);
    assert_eq!(
        documents.keys().collect::<Vec<_>>(),
        ["batch.jsonl:1", "batch.jsonl:10", "good.txt"],
        "{err}"
    );
    assert_extracted(get(&documents, "good.txt"));
    assert!(err.contains("added 3 documents"), "{err}");
    assert!(err.contains("17 rejected"), "{err}");
}

#[test]
fn json_nested_ten_thousand_levels_deep_is_rejected_without_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let deep_object = format!(
        "{{\"text\": {}1{}}}",
        "{\"a\": ".repeat(10_000),
        "}".repeat(10_000)
    );
    let array = write(dir.path(), "deep.json", &deep);
    let object = write(dir.path(), "deep-object.json", &deep_object);
    let lines = write(
        dir.path(),
        "deep.jsonl",
        format!(
            "{deep}\n{deep_object}\n{{\"text\": {}}}\n",
            serde_json::to_string(MEETING).unwrap()
        ),
    );
    let db = dir.path().join("t.db");
    let out = ingest(&db, &[&array, &object, &lines]);
    assert_status(&out, 1);
    let err = stderr(&out);
    for origin in [
        "deep.json",
        "deep-object.json",
        "deep.jsonl:1",
        "deep.jsonl:2",
    ] {
        assert_line(
            &err,
            &["rejected", &format!("{origin}: "), "nested more than"],
        );
    }
    // Standard input too.
    let mut child = bin()
        .arg("--db")
        .arg(&db)
        .args(["ingest", "-"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(deep.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_status(&out, 1);
    assert_line(&stderr(&out), &["rejected", "-: ", "nested more than"]);
    assert_eq!(stored(&db).len(), 1);
}

#[test]
fn articles_over_the_configured_limit_are_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let small = write(dir.path(), "small.txt", MEETING);
    let large = write(
        dir.path(),
        "large.txt",
        format!("{MEETING} {}", "x".repeat(4000)),
    );
    let lines = write(
        dir.path(),
        "lines.jsonl",
        format!(
            "{{\"text\": \"{}\"}}\n{{\"text\": \"{}\"}}\n",
            "y".repeat(5000),
            "Short."
        ),
    );
    let db = dir.path().join("t.db");
    let out = ingest_with(
        &db,
        &["--max-article-bytes", "4k"],
        &[&small, &large, &lines],
    );
    assert_status(&out, 1);
    let err = stderr(&out);
    assert_line(
        &err,
        &[
            "rejected",
            "large.txt: ",
            "4 KiB limit",
            "--max-article-bytes",
        ],
    );
    assert_line(&err, &["rejected", "lines.jsonl:1: ", "4 KiB limit"]);
    assert_eq!(
        stored(&db).keys().collect::<Vec<_>>(),
        ["lines.jsonl:2", "small.txt"]
    );

    // The default limit is 16 MiB.
    let out = ingest(&db, &[&large]);
    assert_status(&out, 0);
    let out = ingest_with(&db, &["--max-article-bytes", "lots"], &[&small]);
    assert_status(&out, 2);
}

/// The peak resident memory of a running process, from `/proc`, in KiB.
fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs the binary to its end, sampling its peak memory; returns the output and the
/// highest peak seen (KiB).
fn run_measured(mut command: Command) -> (Output, u64) {
    let mut child = command
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut peak = 0;
    let status = loop {
        if let Some(kib) = peak_rss_kib(pid) {
            peak = peak.max(kib);
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        thread::sleep(Duration::from_millis(2));
    };
    let mut err = Vec::new();
    std::io::Read::read_to_end(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    (
        Output {
            status,
            stdout: Vec::new(),
            stderr: err,
        },
        peak,
    )
}

#[test]
fn a_200_mb_article_is_refused_without_being_read_whole() {
    const SIZE: u64 = 200 * 1024 * 1024;
    let dir = tempfile::tempdir().unwrap();
    // A sparse plain-text file: its size alone refuses it.
    let sparse = dir.path().join("huge.txt");
    fs::File::create(&sparse).unwrap().set_len(SIZE).unwrap();
    // A .json file of 200 MB: parsed whole when read, so its size refuses it first.
    let sparse_json = dir.path().join("huge.json");
    fs::File::create(&sparse_json)
        .unwrap()
        .set_len(SIZE)
        .unwrap();
    // A JSON Lines line of 200 MB, then a good line.
    let lines = dir.path().join("huge.jsonl");
    {
        let mut file = std::io::BufWriter::new(fs::File::create(&lines).unwrap());
        file.write_all(b"{\"text\": \"").unwrap();
        let chunk = "Fidan met Wang. ".repeat(4096);
        let mut written = 0;
        while written < SIZE {
            file.write_all(chunk.as_bytes()).unwrap();
            written += chunk.len() as u64;
        }
        file.write_all(b"\"}\n").unwrap();
        writeln!(
            file,
            "{{\"text\": {}}}",
            serde_json::to_string(MEETING).unwrap()
        )
        .unwrap();
    }
    let db = dir.path().join("t.db");

    let mut command = bin();
    command
        .arg("--db")
        .arg(&db)
        .arg("ingest")
        .args([&sparse, &sparse_json, &lines])
        .stdin(Stdio::null());
    let (out, peak) = run_measured(command);
    assert_status(&out, 1);
    let err = stderr(&out);
    assert_line(&err, &["rejected", "huge.txt: ", "16 MiB limit"]);
    assert_line(&err, &["rejected", "huge.json: ", "limit"]);
    assert_line(&err, &["rejected", "huge.jsonl:1: ", "limit"]);
    assert_eq!(
        stored(&db).keys().collect::<Vec<_>>(),
        ["huge.jsonl:2"],
        "{err}"
    );
    assert!(peak < 150 * 1024, "peak memory {peak} KiB");

    // Standard input: the long line is skipped, never held whole.
    let mut command = bin();
    command
        .arg("--db")
        .arg(&db)
        .args(["ingest", "-"])
        .stdin(fs::File::open(&lines).unwrap());
    let (out, peak) = run_measured(command);
    assert_status(&out, 1);
    assert_line(&stderr(&out), &["rejected", "-:1: ", "limit"]);
    assert!(peak < 150 * 1024, "peak memory {peak} KiB");
}

// ---------------------------------------------------------------------------------------
// Special files

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn link_loops_and_special_files_in_a_folder_are_skipped_and_the_rest_read() {
    use std::os::unix::fs::symlink;

    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    write(&corpus, "a.txt", MEETING);
    write(&corpus, "sub/b.txt", format!("{MEETING} Again."));
    symlink(&corpus, corpus.join("sub/loop")).unwrap();
    symlink(corpus.join("self.txt"), corpus.join("self.txt")).unwrap();
    mkfifo(&corpus.join("pipe.jsonl"));
    let db = dir.path().join("t.db");

    let out = ingest(&db, &[&corpus]);
    assert_status(&out, 0);
    let err = stderr(&out);
    assert_line(&err, &["warning", "sub/loop", "skipped"]);
    assert_line(&err, &["warning", "self.txt", "skipped"]);
    assert_line(&err, &["warning", "pipe.jsonl", "skipped", "FIFO"]);
    assert_eq!(
        stored(&db).keys().collect::<Vec<_>>(),
        ["a.txt", "b.txt"],
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_named_on_the_command_line_is_read_as_a_stream() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("dump");
    mkfifo(&fifo);
    let writer = {
        let fifo = fifo.clone();
        thread::spawn(move || {
            let lines = format!(
                "{{\"id\": \"p1\", \"text\": {}}}\n{{\"id\": \"p2\", \"text\": \"Piped.\"}}\n",
                serde_json::to_string(MEETING).unwrap()
            );
            fs::write(fifo, lines).unwrap();
        })
    };
    let db = dir.path().join("t.db");
    let out = ingest(&db, &[&fifo]);
    if !writer.is_finished() {
        // The binary never opened the FIFO: open it here, so the writer gets through.
        use std::os::unix::fs::OpenOptionsExt;
        const O_NONBLOCK: i32 = 0o4000;
        let _reader = fs::OpenOptions::new()
            .read(true)
            .custom_flags(O_NONBLOCK)
            .open(&fifo);
        writer.join().unwrap();
        panic!("the FIFO was not read: {}", stderr(&out));
    }
    writer.join().unwrap();
    assert_status(&out, 0);
    let documents = stored(&db);
    assert_eq!(documents.keys().collect::<Vec<_>>(), ["dump:1", "dump:2"]);
    assert_extracted(get(&documents, "dump:1"));
}

#[cfg(unix)]
#[test]
fn devices_are_rejected_and_the_rest_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.txt", MEETING);
    let db = dir.path().join("t.db");
    // /dev/zero never ends: reading it would hang the run.
    let out = ingest(
        &db,
        &[Path::new("/dev/zero"), &good, Path::new("/dev/null")],
    );
    assert_status(&out, 1);
    let err = stderr(&out);
    assert_line(&err, &["rejected", "/dev/zero: ", "device"]);
    assert_line(&err, &["rejected", "/dev/null: ", "device"]);
    assert_eq!(stored(&db).keys().collect::<Vec<_>>(), ["good.txt"]);
}

#[test]
fn extract_rejects_a_folder_a_device_and_a_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("corpus");
    write(&folder, "a.txt", MEETING);
    let db = dir.path().join("unused.db");
    let missing = dir.path().join("missing.txt");
    let cases: [(&Path, &str); 3] = [
        (&folder, "folder"),
        (Path::new("/dev/zero"), "device"),
        (&missing, "does not exist"),
    ];
    for (path, message) in cases {
        let out = entente(&db, &["extract", path.to_str().unwrap()]);
        assert_status(&out, 1);
        assert_line(
            &stderr(&out),
            &["rejected", &format!("{}: ", path.display()), message],
        );
        assert!(out.stdout.is_empty());
    }
    let out = entente(&db, &["extract", folder.join("a.txt").to_str().unwrap()]);
    assert_status(&out, 0);
    assert!(!db.exists(), "extract needs no database");
}

// ---------------------------------------------------------------------------------------
// Crash safety and concurrency on generated corpora

const PEOPLE: &[(&str, &str)] = &[
    ("Turkish Foreign Minister", "Hakan Fidan"),
    ("Chinese Foreign Minister", "Wang Yi"),
    ("Turkish President", "Recep Tayyip Erdogan"),
    ("Chinese President", "Xi Jinping"),
    ("Russian Foreign Minister", "Sergei Lavrov"),
    ("Kazakh President", "Kassym-Jomart Tokayev"),
    ("Indian Prime Minister", "Narendra Modi"),
    ("Pakistani Prime Minister", "Shehbaz Sharif"),
    ("Azerbaijani President", "Ilham Aliyev"),
    ("Japanese Prime Minister", "Sanae Takaichi"),
];
const CITIES: &[&str] = &["Beijing", "Ankara", "Tianjin", "Astana", "Baku", "Tokyo"];
const WEEKDAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
const GIVEN: &[&str] = &["Ayse", "Mehmet", "Li", "Olga", "Kemal", "Zhang", "Dilnoza"];
const FAMILY: &[&str] = &[
    "Demirel",
    "Qiao",
    "Petrova",
    "Yilmazer",
    "Baimukhan",
    "Zhou",
];

/// Article `i` of a generated corpus: recurring leaders and generated officials in
/// meetings, quotes and reported speech.
fn generated_article(i: usize) -> String {
    let (title_a, a) = PEOPLE[i % PEOPLE.len()];
    let (title_b, b) = PEOPLE[(i * 7 + 3) % PEOPLE.len()];
    let (title_b, b) = if a == b {
        PEOPLE[(i + 1) % PEOPLE.len()]
    } else {
        (title_b, b)
    };
    let aide = format!(
        "{} {}{}",
        GIVEN[i % GIVEN.len()],
        FAMILY[(i / GIVEN.len()) % FAMILY.len()],
        ["", "ova", "ci", "son"][(i / 42) % 4]
    );
    let city = CITIES[i % CITIES.len()];
    let day = WEEKDAYS[i % WEEKDAYS.len()];
    let surname_a = a.rsplit(' ').next().unwrap();
    format!(
        "{city_upper} - {title_a} {a} met {title_b} {b} in {city} on {day} for talks on \
         trade, energy and the Middle Corridor, report {i}.\n\n\
         \"We are partners, not rivals, and the {topic} is open to all,\" \
         {surname_a} told reporters after the meeting, which lasted two hours.\n\n\
         {b} said that the two countries would expand cooperation within the Shanghai \
         Cooperation Organisation. Deputy Minister {aide} was joined at the meeting by \
         officials of the Ministry of Foreign Affairs.\n\n\
         The sides agreed to meet again in {next} next month.",
        city_upper = city.to_uppercase(),
        // The same words from the same speaker recur, as quotes do across articles.
        topic = [
            "Belt and Road Initiative",
            "Middle Corridor",
            "Global Gateway"
        ][(i / 10) % 3],
        next = CITIES[(i + 2) % CITIES.len()],
    )
}

/// Writes articles `range` as JSON Lines into `path`.
fn write_corpus(path: &Path, range: std::ops::Range<usize>) {
    let mut file = std::io::BufWriter::new(fs::File::create(path).unwrap());
    for i in range {
        let line = serde_json::json!({
            "id": format!("gen-{i}"),
            "published": format!("2025-{:02}-{:02}", 1 + i % 12, 1 + i % 28),
            "source": "Generated Wire",
            "text": generated_article(i),
        });
        writeln!(file, "{line}").unwrap();
    }
}

/// Row counts of every table but the full-text index's own.
fn table_counts(db: &Path) -> BTreeMap<String, i64> {
    let conn = open(db);
    let names: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table'
             AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'statements_fts%' ORDER BY name",
        )
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    names
        .into_iter()
        .map(|name| {
            let n = count(&conn, &format!("SELECT count(*) FROM \"{name}\""));
            (name, n)
        })
        .collect()
}

/// What each document contributed, by sha256: mentions, statement evidence (a quote
/// reported by several documents is one statement with evidence from each), meetings and
/// meeting evidence. None of it depends on the order documents were stored in.
fn per_document(db: &Path) -> BTreeMap<String, [i64; 4]> {
    let conn = open(db);
    let mut statement = conn
        .prepare(
            "SELECT d.sha256,
               (SELECT count(*) FROM mentions m WHERE m.document_id = d.id),
               (SELECT count(*) FROM statement_evidence e
                 JOIN statements s ON s.id = e.statement_id
                 WHERE coalesce(e.document_id, s.document_id) = d.id),
               (SELECT count(*) FROM meeting_documents md WHERE md.document_id = d.id),
               (SELECT count(*) FROM meeting_evidence me WHERE me.document_id = d.id)
             FROM documents d",
        )
        .unwrap();
    statement
        .query_map([], |row| {
            Ok((
                row.get(0)?,
                [row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?],
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The database is sound: SQLite's and FTS5's integrity checks pass, no row points at
/// a missing row, and nothing is half-written (every meeting has participants, a
/// document and evidence; every statement has evidence).
#[track_caller]
fn assert_sound(db: &Path) {
    let conn = open(db);
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let dangling = count(&conn, "SELECT count(*) FROM pragma_foreign_key_check");
    assert_eq!(dangling, 0, "rows point at missing rows");
    conn.execute(
        "INSERT INTO statements_fts (statements_fts) VALUES ('integrity-check')",
        [],
    )
    .expect("the full-text index matches the statements");
    for (what, sql) in [
        (
            "meetings without participants",
            "SELECT count(*) FROM meetings m WHERE NOT EXISTS
               (SELECT 1 FROM meeting_participants p WHERE p.meeting_id = m.id)",
        ),
        (
            "meetings without documents",
            "SELECT count(*) FROM meetings m WHERE NOT EXISTS
               (SELECT 1 FROM meeting_documents d WHERE d.meeting_id = m.id)",
        ),
        (
            "meetings without evidence",
            "SELECT count(*) FROM meetings m WHERE NOT EXISTS
               (SELECT 1 FROM meeting_evidence e WHERE e.meeting_id = m.id)",
        ),
        (
            "statements without evidence",
            "SELECT count(*) FROM statements s WHERE NOT EXISTS
               (SELECT 1 FROM statement_evidence e WHERE e.statement_id = s.id)",
        ),
        (
            "documents without mentions",
            "SELECT count(*) FROM documents d WHERE NOT EXISTS
               (SELECT 1 FROM mentions m WHERE m.document_id = d.id)",
        ),
    ] {
        assert_eq!(count(&conn, sql), 0, "{what}");
    }
}

fn documents_in(db: &Path) -> i64 {
    let Ok(conn) = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY) else {
        return 0;
    };
    conn.query_row("SELECT count(*) FROM documents", [], |row| row.get(0))
        .unwrap_or(0)
}

fn spawn_ingest(db: &Path, path: &Path) -> Child {
    bin()
        .arg("--db")
        .arg(db)
        .args(["ingest", "-q", "--batch", "500"])
        .arg(path)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits until more than `than` documents are committed, or the process ends.
fn wait_for_commit(db: &Path, child: &mut Child, than: i64) -> i64 {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let n = documents_in(db);
        if n > than {
            return n;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "ingest ended before a commit"
        );
        assert!(Instant::now() < deadline, "no commit in 30 s");
        thread::sleep(Duration::from_millis(20));
    }
}

/// Waits until a writer holds the database's write lock: the ingest is inside a batch's
/// `BEGIN IMMEDIATE` transaction.
fn wait_for_write_transaction(db: &Path, child: &mut Child) {
    let conn = open(db);
    conn.busy_timeout(Duration::ZERO).unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        match conn.execute_batch("BEGIN IMMEDIATE") {
            Ok(()) => conn.execute_batch("ROLLBACK").unwrap(),
            Err(rusqlite::Error::SqliteFailure(error, _))
                if error.code == rusqlite::ErrorCode::DatabaseBusy =>
            {
                return;
            }
            Err(error) => panic!("cannot probe the write lock: {error}"),
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "ingest ended before another write transaction"
        );
        assert!(Instant::now() < deadline, "no write transaction in 30 s");
        thread::sleep(Duration::from_millis(2));
    }
}

#[test]
fn an_ingest_killed_midway_loses_nothing_and_a_rerun_finishes_the_job() {
    // Three batches of at most 500 (`--batch 500`).
    const ARTICLES: usize = 1100;
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus.jsonl");
    write_corpus(&corpus, 0..ARTICLES);
    let killed = dir.path().join("killed.db");
    let reference = dir.path().join("reference.db");

    // The uninterrupted run, beside the ones that are killed.
    let uninterrupted = spawn_ingest(&reference, &corpus);

    // Kill right after the first commit (while the next batch is extracted), then
    // again while the next batch's write transaction is open.
    let mut committed = 0;
    for in_transaction in [false, true] {
        let mut child = spawn_ingest(&killed, &corpus);
        if in_transaction {
            wait_for_write_transaction(&killed, &mut child);
        } else {
            committed = wait_for_commit(&killed, &mut child, committed);
        }
        child.kill().unwrap(); // SIGKILL
        let status = child.wait().unwrap();
        assert!(!status.success(), "the ingest was killed, not finished");
        assert_sound(&killed);
        let after = documents_in(&killed);
        if in_transaction {
            assert_eq!(after, committed, "the open batch left nothing behind");
        }
        committed = after;
        assert!(
            (committed as usize) < ARTICLES,
            "killed after the whole corpus was stored"
        );
    }
    let out = uninterrupted.wait_with_output().unwrap();
    assert_status(&out, 0);
    assert_sound(&reference);

    // Every committed document is complete: it has exactly the records it has in the
    // uninterrupted run.
    let complete = per_document(&reference);
    let partial = per_document(&killed);
    assert_eq!(partial.len() as i64, committed);
    for (sha256, records) in &partial {
        assert_eq!(Some(records), complete.get(sha256), "document {sha256}");
    }

    // Running the same ingest again finishes the job.
    let out = ingest(&killed, &[&corpus]);
    assert_status(&out, 0);
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "added {} documents",
            ARTICLES - committed as usize
        )) && err.contains(&format!("{committed} already known")),
        "{err}"
    );
    assert_sound(&killed);
    assert_eq!(table_counts(&killed), table_counts(&reference));
    assert_eq!(per_document(&killed), complete);
}

#[test]
fn two_ingests_into_one_database_at_once_both_finish() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.jsonl");
    let second = dir.path().join("second.jsonl");
    // Two batches each, and 200 articles in both.
    write_corpus(&first, 0..600);
    write_corpus(&second, 400..1000);
    let shared = dir.path().join("shared.db");
    let sequential = dir.path().join("sequential.db");

    let a = spawn_ingest(&shared, &first);
    let b = spawn_ingest(&shared, &second);
    let reference = thread::spawn({
        let (sequential, first, second) = (sequential.clone(), first.clone(), second.clone());
        move || {
            assert_status(&ingest(&sequential, &[&first]), 0);
            assert_status(&ingest(&sequential, &[&second]), 0);
        }
    });
    for child in [a, b] {
        let out = child.wait_with_output().unwrap();
        assert_status(&out, 0);
    }
    reference.join().unwrap();
    assert_sound(&shared);
    assert_eq!(documents_in(&shared), 1000);
    assert_eq!(table_counts(&shared), table_counts(&sequential));
    assert_eq!(per_document(&shared), per_document(&sequential));
}

#[test]
fn a_writer_waits_for_another_up_to_the_busy_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let first = write(dir.path(), "first.txt", MEETING);
    assert_status(&ingest(&db, &[&first]), 0);
    let second = write(dir.path(), "second.txt", format!("{MEETING} Later."));

    // Another process holds the write lock for longer than the timeout: a clear, fatal
    // error, and nothing stored.
    let holder = open(&db);
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let started = Instant::now();
    let out = entente(
        &db,
        &["--busy-timeout", "0.5", "ingest", second.to_str().unwrap()],
    );
    assert_status(&out, 2);
    assert_line(&stderr(&out), &["error", "locked"]);
    assert!(started.elapsed() < Duration::from_secs(10));

    // Released within the timeout: the ingest waits and finishes.
    let release = thread::spawn(move || {
        thread::sleep(Duration::from_millis(700));
        holder.execute_batch("ROLLBACK").unwrap();
    });
    let out = entente(
        &db,
        &["ingest", "--busy-timeout", "20", second.to_str().unwrap()],
    );
    release.join().unwrap();
    assert_status(&out, 0);
    assert_eq!(documents_in(&db), 2);
}

#[test]
fn export_runs_while_an_ingest_writes() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus.jsonl");
    write_corpus(&corpus, 0..1100);
    let db = dir.path().join("t.db");
    // A database that exists before the ingest starts.
    write_corpus(&dir.path().join("seed.jsonl"), 2000..2010);
    assert_status(&ingest(&db, &[&dir.path().join("seed.jsonl")]), 0);

    let mut child = spawn_ingest(&db, &corpus);
    let mut exports = 0;
    let mut seen = Vec::new();
    while child.try_wait().unwrap().is_none() || exports == 0 {
        let out_dir = dir.path().join(format!("out{exports}"));
        let started = Instant::now();
        let out = entente(&db, &["export", "--out", out_dir.to_str().unwrap()]);
        assert_status(&out, 0);
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "export waited for the writer: {:?}",
            started.elapsed()
        );
        // A consistent snapshot: every mention, meeting and statement points at an
        // exported document.
        let documents = fs::read_to_string(out_dir.join("documents.csv")).unwrap();
        let ids: std::collections::HashSet<&str> = documents
            .lines()
            .skip(1)
            .filter_map(|line| line.split(',').next())
            .collect();
        let mentions = fs::read_to_string(out_dir.join("mentions.csv")).unwrap();
        for line in mentions.lines().skip(1) {
            let id = line.split(',').next().unwrap();
            assert!(ids.contains(id), "mention of document {id} not exported");
        }
        seen.push(ids.len());
        exports += 1;
    }
    let out = child.wait_with_output().unwrap();
    assert_status(&out, 0);
    assert!(exports >= 2, "only {exports} exports ran during the ingest");
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    assert_sound(&db);
    assert_eq!(documents_in(&db), 1110);
}

/// A slow stream (a feed piped in) is committed when it pauses: the articles read so
/// far are in the database while the ingest still waits for more.
#[test]
fn a_pause_in_a_stream_commits_what_came_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let mut child = bin()
        .arg("--db")
        .arg(&db)
        .args(["ingest", "-q", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    for i in 0..3 {
        let line = serde_json::json!({
            "id": format!("feed-{i}"),
            "published": "2025-06-02",
            "text": generated_article(i),
        });
        writeln!(stdin, "{line}").unwrap();
    }
    stdin.flush().unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while documents_in(&db) < 3 {
        assert!(
            Instant::now() < deadline,
            "nothing committed during the pause"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "the ingest ended before its input did"
        );
        thread::sleep(Duration::from_millis(20));
    }
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert_status(&out, 0);
    assert_eq!(documents_in(&db), 3);
}
