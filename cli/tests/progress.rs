//! End-to-end tests of the progress bars: absent when stderr is no terminal, with
//! `--quiet` or `TERM=dumb`; drawn on a terminal (a pty from util-linux `script`), on
//! stderr only; and the one-line summary of `ingest`.
#![allow(clippy::print_stderr)] // a helper says when the terminal tests cannot run

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_entente")
}

fn run(args: &[&str]) -> Output {
    Command::new(bin())
        .env_remove("ENTENTE_DB")
        .env("TERM", "xterm")
        .args(args)
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn path(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples")
}

/// What a bar would leave: cursor movement, line clearing, carriage returns, the
/// spinner's braille characters, the bar's own words.
#[track_caller]
fn assert_no_progress(stream: &str, what: &str) {
    assert!(
        !stream.contains('\u{1b}'),
        "escape code in {what}: {stream:?}"
    );
    assert!(
        !stream.contains('\r'),
        "carriage return in {what}: {stream:?}"
    );
    assert!(
        !stream
            .chars()
            .any(|c| ('\u{2800}'..='\u{28ff}').contains(&c)),
        "spinner in {what}: {stream:?}"
    );
    assert!(
        !stream.contains("ETA") && !stream.contains(" read, "),
        "{what}: {stream:?}"
    );
}

/// The summary line of an ingest.
fn summary(stderr: &str) -> &str {
    stderr
        .lines()
        .find(|line| line.starts_with("entente: added "))
        .unwrap_or_else(|| panic!("no summary in {stderr:?}"))
}

#[test]
fn no_bar_when_stderr_is_no_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let out_dir = dir.path().join("out");
    let ingest = run(&[
        "ingest",
        "--db",
        path(&db),
        path(&examples()),
        "--export",
        path(&out_dir),
    ]);
    assert!(ingest.status.success(), "{}", text(&ingest.stderr));
    let stderr = text(&ingest.stderr);
    assert_no_progress(&stderr, "ingest stderr");
    assert!(ingest.stdout.is_empty());
    // The summary, then the export's line: nothing else.
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(lines[1].starts_with("entente: wrote 8 files"), "{stderr}");

    for format in ["csv", "xlsx"] {
        let export = run(&[
            "export",
            "--db",
            path(&db),
            "--out",
            path(&out_dir),
            "--format",
            format,
        ]);
        assert!(export.status.success());
        let stderr = text(&export.stderr);
        assert_no_progress(&stderr, "export stderr");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
}

#[test]
fn the_summary_is_one_line_of_documents_and_records() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(
        &bad,
        "{\"text\": \"Turkish Foreign Minister Hakan Fidan met Chinese Foreign Minister Wang Yi in Ankara on Monday.\", \"published\": \"2025-09-01\"}\n\
         {\"title\": \"no text\"}\n",
    )
    .unwrap();
    let first = run(&["ingest", "--db", path(&db), path(&examples()), path(&bad)]);
    assert_eq!(first.status.code(), Some(1), "one line rejected");
    let stderr = text(&first.stderr);
    let line = summary(&stderr);
    assert!(line.starts_with("entente: added 9 documents ("), "{line}");
    assert!(line.ends_with(", 0 already known, 1 rejected"), "{line}");
    for part in [" actors, ", " meetings, ", " statements)"] {
        assert!(line.contains(part), "{line}");
    }
    // Again: everything known, nothing added.
    let again = run(&["ingest", "--db", path(&db), path(&examples()), path(&bad)]);
    let stderr = text(&again.stderr);
    assert_eq!(
        summary(&stderr),
        "entente: added 0 documents (0 actors, 0 organisations, 0 initiatives, 0 meetings, \
         0 statements), 9 already known, 1 rejected"
    );
    // --quiet: no summary (the rejection is still an error message).
    let quiet = run(&["ingest", "-q", "--db", path(&db), path(&bad)]);
    let stderr = text(&quiet.stderr);
    assert!(!stderr.contains("entente: added"), "{stderr}");
    assert!(stderr.contains("rejected"), "{stderr}");
}

/// Runs `command` (a shell line) with stdin, stdout and stderr on a pseudo-terminal,
/// and returns what the terminal showed; `None` when `script` is not installed.
fn on_a_terminal(command: &str, term: &str) -> Option<String> {
    let found = Command::new("script")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if !found {
        eprintln!("util-linux `script` is not installed: terminal tests skipped");
        return None;
    }
    let out = Command::new("script")
        .args(["-qec", command, "/dev/null"])
        .env("TERM", term)
        .env_remove("ENTENTE_DB")
        .stdin(Stdio::null())
        .output()
        .expect("script runs");
    assert!(out.status.success(), "{command}: {}", text(&out.stdout));
    Some(text(&out.stdout))
}

fn quoted(p: &Path) -> String {
    format!("'{}'", path(p).replace('\'', r"'\''"))
}

#[test]
fn a_bar_on_a_terminal_on_stderr_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let stdout_file = dir.path().join("stdout.txt");
    let command = format!(
        "{} ingest --db {} {} > {}",
        quoted(Path::new(bin())),
        quoted(&db),
        quoted(&examples()),
        quoted(&stdout_file)
    );
    let Some(shown) = on_a_terminal(&command, "xterm") else {
        return;
    };
    assert!(
        shown.contains("\u{1b}[2K"),
        "the bar is drawn and cleared: {shown:?}"
    );
    assert!(shown.contains("articles"), "{shown:?}");
    assert!(shown.contains("entente: added 8 documents"), "{shown:?}");
    let stdout = std::fs::read(&stdout_file).unwrap();
    assert!(stdout.is_empty(), "stdout untouched: {:?}", text(&stdout));

    let out_dir = dir.path().join("out");
    let export = format!(
        "{} export --db {} --out {} --format xlsx",
        quoted(Path::new(bin())),
        quoted(&db),
        quoted(&out_dir)
    );
    let shown = on_a_terminal(&export, "xterm").unwrap();
    assert!(
        shown.contains("reading documents") && shown.contains("/8"),
        "{shown:?}"
    );
    assert!(shown.contains("\u{1b}[2K"), "{shown:?}");
    assert!(shown.contains("entente: wrote"), "{shown:?}");
}

#[test]
fn no_bar_on_a_terminal_with_quiet_or_a_dumb_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let ingest = |extra: &str| {
        format!(
            "{} ingest --db {} {} {extra}",
            quoted(Path::new(bin())),
            quoted(&db),
            quoted(&examples())
        )
    };
    let Some(shown) = on_a_terminal(&ingest("--quiet"), "xterm") else {
        return;
    };
    assert!(shown.is_empty(), "{shown:?}");
    let shown = on_a_terminal(&ingest(""), "dumb").unwrap();
    // The pty turns the summary's line end into CR LF; nothing else may be there.
    let shown = shown.replace("\r\n", "\n");
    assert_no_progress(&shown, "a dumb terminal");
    assert!(shown.contains("8 already known"), "{shown:?}");
}
