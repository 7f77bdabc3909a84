//! End-to-end tests of the query commands (`actors`, `meetings`, `statements`,
//! `initiatives`, `organisations`, `documents`, `show`): the real binary on a database
//! built by ingesting the bundled examples.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use entente_model::{
    ActorRecord, DocumentRecord, InitiativeRecord, MeetingRecord, OrganisationRecord,
    StatementRecord,
};
use serde::de::DeserializeOwned;

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_entente"));
    cmd.env_remove("ENTENTE_DB")
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS");
    cmd
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The examples ingested once for the whole test binary.
fn examples_db() -> &'static Path {
    static DB: OnceLock<PathBuf> = OnceLock::new();
    DB.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("query-tests");
        std::fs::create_dir_all(&dir).unwrap();
        // Databases of earlier runs (the target folder is shared: only old ones).
        let hour = std::time::Duration::from_secs(3600);
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let old = entry
                .metadata()
                .and_then(|meta| meta.modified())
                .is_ok_and(|time| time.elapsed().is_ok_and(|age| age > hour));
            if old {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        let db = dir.join(format!("examples-{}.db", std::process::id()));
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
        let examples = root().join("examples");
        let out = bin()
            .arg("--db")
            .arg(&db)
            .arg("ingest")
            .arg(examples.join("01_state_visit.txt"))
            .arg(examples.join("02_phone_call.txt"))
            .arg(examples.join("03_summit_sidelines.txt"))
            .arg(examples.join("04_press_conference.txt"))
            .arg(examples.join("05_ministerial_delegation.txt"))
            .arg(examples.join("06_belt_and_road_middle_corridor.txt"))
            .arg(examples.join("more.jsonl"))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        db
    })
}

/// Runs a query on the examples database.
fn query(args: &[&str]) -> Output {
    bin()
        .arg("--db")
        .arg(examples_db())
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[track_caller]
fn ok(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(0), "{}", stderr(out));
    stdout(out)
}

/// Every line of a successful `--format json` run, deserialised into the model type.
#[track_caller]
fn json<T: DeserializeOwned>(args: &[&str]) -> Vec<T> {
    let mut args = args.to_vec();
    args.extend(["--format", "json"]);
    ok(&query(&args))
        .lines()
        .map(|line| serde_json::from_str::<T>(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

fn meeting_ids(records: &[MeetingRecord]) -> Vec<i64> {
    records.iter().map(|record| record.meeting.id.0).collect()
}

#[test]
fn actors_have_counts_titles_and_aliases() {
    let actors: Vec<ActorRecord> = json(&["actors"]);
    let erdogan = actors
        .iter()
        .find(|record| record.actor.name == "Recep Tayyip Erdogan")
        .expect("Erdogan is listed");
    assert!(
        erdogan.mentions >= 2 && erdogan.documents >= 2,
        "{erdogan:?}"
    );
    assert!(erdogan.actor.aliases.contains(&"Erdogan".to_owned()));
    assert!(!erdogan.actor.titles.is_empty());
    let counts: Vec<u64> = actors.iter().map(|record| record.mentions).collect();
    assert!(
        counts.windows(2).all(|pair| pair[0] >= pair[1]),
        "most mentioned first"
    );

    let turkish: Vec<ActorRecord> = json(&["actors", "--country", "tur"]);
    assert!(!turkish.is_empty());
    assert!(
        turkish.iter().all(|record| {
            record.actor.country.as_ref().map(|c| c.code.as_str()) == Some("TUR")
        })
    );
    let named: Vec<ActorRecord> = json(&["actors", "--name", "ERDO"]);
    assert_eq!(named.len(), 1);
    assert_eq!(named[0].actor.id, erdogan.actor.id);

    let table = ok(&query(&["actors", "--format", "table"]));
    assert!(table.starts_with("ID  NAME"), "{table}");
    assert!(table.contains("Recep Tayyip Erdogan"), "{table}");
}

#[test]
fn names_are_folded_and_found_by_alias() {
    // "When did Erdogan and Li last meet, and where?"
    let meetings: Vec<MeetingRecord> = json(&[
        "meetings", "--actor", "erdoğan", "--actor", "LI", "--limit", "1",
    ]);
    assert_eq!(meetings.len(), 1, "{meetings:?}");
    let meeting = &meetings[0].meeting;
    assert_eq!(
        meeting
            .date
            .as_ref()
            .and_then(|date| date.date)
            .map(|d| d.to_string()),
        Some("2025-11-22".to_owned())
    );
    assert_eq!(meeting.location.city.as_deref(), Some("Johannesburg"));
    assert!(
        meetings[0]
            .participant_names
            .contains(&"Li Qiang".to_owned())
    );
    // The same meeting by full name, by reordered words, and by id.
    let erdogan = meeting.participants[0].actor.0.to_string();
    for name in ["Recep Tayyip Erdogan", "tayyip erdogan", erdogan.as_str()] {
        let found: Vec<MeetingRecord> = json(&["meetings", "--actor", name, "--actor", "li qiang"]);
        assert!(meeting_ids(&found).contains(&meeting.id.0), "{name}");
    }
}

#[test]
fn meetings_are_newest_first_and_filtered_by_date_place_and_state() {
    let all: Vec<MeetingRecord> = json(&["meetings"]);
    assert!(all.len() >= 5);
    let dates: Vec<String> = all
        .iter()
        .filter_map(|record| record.meeting.date.as_ref()?.date)
        .map(|date| date.to_string())
        .collect();
    assert!(dates.windows(2).all(|pair| pair[0] >= pair[1]), "{dates:?}");
    assert!(
        all.iter()
            .all(|record| record.meeting.status == entente_model::MeetingStatus::Held)
    );

    // "Who met Wang Yi in 2026?"
    let in_2026: Vec<MeetingRecord> = json(&[
        "meetings", "--actor", "wang yi", "--from", "2026", "--to", "2026",
    ]);
    assert!(!in_2026.is_empty());
    for record in &in_2026 {
        let date = record.meeting.date.as_ref().and_then(|d| d.date).unwrap();
        assert!(date.to_string().starts_with("2026-"), "{date}");
        assert!(record.participant_names.contains(&"Wang Yi".to_owned()));
    }
    let none: Vec<MeetingRecord> = json(&["meetings", "--actor", "wang yi", "--to", "2025-12"]);
    assert!(none.is_empty());

    let pretoria: Vec<MeetingRecord> = json(&["meetings", "--location", "PRETORIA"]);
    assert_eq!(pretoria.len(), 1);
    let chinese: Vec<MeetingRecord> = json(&["meetings", "--country", "CHN"]);
    assert!(meeting_ids(&chinese).contains(&meeting_ids(&in_2026)[0]));
    assert!(!meeting_ids(&chinese).contains(&meeting_ids(&pretoria)[0]));
}

#[test]
fn an_ambiguous_name_lists_the_candidates_and_exits_1() {
    let out = query(&["meetings", "--actor", "wang", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
    let message = stderr(&out);
    assert!(message.contains("`wang` fits"), "{message}");
    let actors: Vec<ActorRecord> = json(&["actors", "--name", "wang"]);
    assert!(actors.len() >= 2);
    for record in &actors {
        assert!(message.contains(&record.actor.name), "{message}");
        assert!(
            message.contains(&record.actor.id.0.to_string()),
            "{message}"
        );
    }
    for args in [
        &["statements", "--speaker", "wang"][..],
        &["documents", "--actor", "wang"],
        &["show", "actor", "wang"],
        &["statements", "--initiative", "initiative"],
    ] {
        let out = query(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn no_match_is_an_empty_result_with_a_note_and_exit_0() {
    for args in [
        &["meetings", "--actor", "Nobody Anybody"][..],
        &["statements", "--speaker", "Nobody Anybody"],
        &["statements", "--search", "zeppelin"],
        &["statements", "--initiative", "Marshall Plan"],
        &["actors", "--name", "zzz"],
        &["documents", "--initiative", "Marshall Plan"],
        &["meetings", "--from", "2030"],
        &["show", "meeting", "9999"],
        &["show", "actor", "Nobody Anybody"],
    ] {
        let mut args = args.to_vec();
        args.extend(["--format", "json"]);
        let out = query(&args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert!(stdout(&out).is_empty(), "{args:?}");
        assert!(
            stderr(&out).starts_with("entente: no "),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    // CSV keeps its header.
    let out = query(&["meetings", "--actor", "Nobody Anybody", "--format", "csv"]);
    assert_eq!(stdout(&out).lines().count(), 1);
    assert!(stdout(&out).starts_with("id,date,"));
}

#[test]
fn a_bad_search_query_is_a_clear_error() {
    for search in [
        "corridor AND",
        "\"middle corridor",
        "NEAR(",
        "speaker:corridor",
    ] {
        let out = query(&["statements", "--search", search]);
        assert_eq!(out.status.code(), Some(2), "{search}: {}", stderr(&out));
        let message = stderr(&out);
        assert!(
            message.starts_with(&format!("entente: error: invalid search query `{search}`")),
            "{message}"
        );
        assert!(!message.contains("panicked"), "{message}");
    }
}

#[test]
fn statements_are_searched_with_fts5_and_matches_highlighted() {
    // "What has Sun Weidong said about the Belt and Road?"
    let said: Vec<StatementRecord> = json(&[
        "statements",
        "--speaker",
        "sun",
        "--initiative",
        "belt and road",
    ]);
    assert!(!said.is_empty());
    for record in &said {
        assert_eq!(record.speaker_name, "Sun Weidong");
        assert!(
            record
                .initiative_names
                .contains(&"Belt and Road Initiative".to_owned())
        );
    }
    let found: Vec<StatementRecord> = json(&["statements", "--search", "\"middle corridor\""]);
    assert!(found.len() >= 2);
    assert!(found.iter().all(|record| {
        record
            .statement
            .text
            .to_lowercase()
            .contains("middle corridor")
    }));
    // Piped: no colour; matches in brackets.
    let table = ok(&query(&[
        "statements",
        "--search",
        "corridor",
        "--format",
        "table",
    ]));
    assert!(
        table.contains("[Corridor]") || table.contains("[corridor]"),
        "{table}"
    );
    assert!(!table.contains('\u{1b}'), "{table}");
    // Prefixes, diacritics and dates.
    let prefixed: Vec<StatementRecord> = json(&["statements", "--search", "turk*"]);
    let folded: Vec<StatementRecord> = json(&["statements", "--search", "turkiye"]);
    assert!(!prefixed.is_empty() && !folded.is_empty());
    let dated: Vec<StatementRecord> =
        json(&["statements", "--from", "2026-03-04", "--to", "2026-03-04"]);
    assert!(!dated.is_empty());
    assert!(dated.iter().all(|record| record.document_ids.len() == 1));
}

#[test]
fn documents_answer_which_articles_mention_an_initiative() {
    // "Which articles mention the Middle Corridor?"
    let documents: Vec<DocumentRecord> = json(&["documents", "--initiative", "middle corridor"]);
    assert!(documents.len() >= 2, "{documents:?}");
    let table = ok(&query(&[
        "documents",
        "--initiative",
        "Middle Corridor",
        "--format",
        "table",
    ]));
    assert!(table.contains("[Middle Corridor]"), "{table}");
    for record in &documents {
        let title = record.document.title.as_deref().unwrap();
        assert!(table.contains(&title[..30]), "{table}");
    }
    let all: Vec<DocumentRecord> = json(&["documents"]);
    assert_eq!(all.len(), 8);
    assert!(all.iter().all(|record| record.document.text.is_empty()));
    let published: Vec<String> = all
        .iter()
        .filter_map(|record| record.document.published)
        .map(|date| date.to_string())
        .collect();
    assert!(published.windows(2).all(|pair| pair[0] >= pair[1]));
}

#[test]
fn initiatives_and_organisations_are_listed() {
    let initiatives: Vec<InitiativeRecord> = json(&["initiatives"]);
    let names: Vec<&str> = initiatives
        .iter()
        .map(|record| record.initiative.name.as_str())
        .collect();
    assert!(names.contains(&"Middle Corridor"), "{names:?}");
    assert!(names.contains(&"Belt and Road Initiative"), "{names:?}");
    let chinese: Vec<InitiativeRecord> = json(&["initiatives", "--sponsor", "CHN"]);
    assert!(
        chinese
            .iter()
            .any(|record| record.initiative.name == "Belt and Road Initiative")
    );
    let organisations: Vec<OrganisationRecord> = json(&["organisations"]);
    assert!(
        organisations.iter().any(
            |record| record.organisation.acronym.as_deref() == Some("BRICS")
                || record.organisation.name == "BRICS"
        ),
        "{organisations:?}"
    );
}

#[test]
fn show_gives_every_evidence_sentence_and_its_article() {
    let meetings: Vec<MeetingRecord> =
        json(&["meetings", "--actor", "erdogan", "--actor", "li qiang"]);
    let meeting = &meetings[0].meeting;
    let id = meeting.id.0.to_string();
    let shown = ok(&query(&["show", "meeting", &id, "--format", "table"]));
    assert!(shown.starts_with(&format!("meeting {id}")), "{shown}");
    for evidence in &meeting.evidence {
        assert!(shown.contains(&evidence.text[..40]), "{shown}");
    }
    assert!(shown.contains("https://example.org/news/erdogan-li-qiang-g20-johannesburg"));
    assert!(shown.contains("2025-11-23"), "the article's date: {shown}");
    let again: Vec<MeetingRecord> = json(&["show", "meeting", &id]);
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].meeting, *meeting);

    let actor = ok(&query(&["show", "actor", "erdogan", "--format", "table"]));
    for part in [
        "Recep Tayyip Erdogan",
        "MEETINGS",
        "STATEMENTS",
        "MENTIONED IN",
        "doc 3",
    ] {
        assert!(actor.contains(part), "{part}: {actor}");
    }
    let actors: Vec<ActorRecord> = json(&["show", "actor", "erdogan"]);
    assert_eq!(actors[0].actor.name, "Recep Tayyip Erdogan");

    let initiative = ok(&query(&[
        "show",
        "initiative",
        "belt and road",
        "--format",
        "table",
    ]));
    assert!(
        initiative.contains("Belt and Road Initiative"),
        "{initiative}"
    );
    assert!(
        initiative.contains("[Belt and"),
        "the mention marked: {initiative}"
    );
    let initiatives: Vec<InitiativeRecord> = json(&["show", "initiative", "belt and road"]);
    assert_eq!(initiatives.len(), 1);

    let statements: Vec<StatementRecord> = json(&["statements", "--speaker", "wang yi"]);
    let statement = &statements[0].statement;
    let id = statement.id.0.to_string();
    let shown = ok(&query(&["show", "statement", &id, "--format", "table"]));
    assert!(shown.contains("Wang Yi"), "{shown}");
    assert!(shown.contains(&statement.evidence[0].text[..40]), "{shown}");
    assert!(
        shown.contains("https://example.org/news/fidan-wang-yi-ankara"),
        "{shown}"
    );
    let again: Vec<StatementRecord> = json(&["show", "statement", &id]);
    assert_eq!(again[0].statement, *statement);

    let document = ok(&query(&["show", "document", "8", "--format", "table"]));
    for part in ["document 8", "Wang Yi", "ACTORS", "TEXT", "By Jane Doe"] {
        assert!(document.contains(part), "{part}: {document}");
    }
    let documents: Vec<DocumentRecord> = json(&["show", "document", "8"]);
    assert!(documents[0].document.text.contains("ANKARA"));

    let organisations: Vec<OrganisationRecord> = json(&["organisations", "--limit", "1"]);
    let id = organisations[0].organisation.id.0.to_string();
    let shown = ok(&query(&["show", "organisation", &id, "--format", "table"]));
    assert!(
        shown.contains(&organisations[0].organisation.name),
        "{shown}"
    );

    let out = query(&["show", "meeting", "first"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("`first` is not a meeting id"));
}

#[test]
fn csv_has_the_export_columns_in_query_order() {
    let meetings: Vec<MeetingRecord> = json(&["meetings"]);
    let csv = ok(&query(&["meetings", "--format", "csv"]));
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header[..3], ["id", "date", "date_precision"]);
    assert!(header.contains(&"countries".to_owned()));
    let ids: Vec<i64> = reader
        .records()
        .map(|row| row.unwrap()[0].parse().unwrap())
        .collect();
    assert_eq!(ids, meeting_ids(&meetings));
    for (table, args) in [
        ("actors", &["actors"][..]),
        ("statements", &["statements"]),
        ("initiatives", &["initiatives"]),
        ("organisations", &["organisations"]),
        ("documents", &["documents"]),
    ] {
        let mut args = args.to_vec();
        args.extend(["--format", "csv"]);
        let csv = ok(&query(&args));
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        assert_eq!(&reader.headers().unwrap()[0], "id", "{table}");
        assert!(reader.records().count() > 0, "{table}");
    }
}

#[test]
fn output_defaults_to_json_lines_when_piped_and_tables_fit_the_width() {
    let piped = ok(&query(&["meetings", "--limit", "2"]));
    assert_eq!(piped.lines().count(), 2);
    for line in piped.lines() {
        serde_json::from_str::<MeetingRecord>(line).unwrap();
    }
    let out = bin()
        .env("COLUMNS", "60")
        .arg("--db")
        .arg(examples_db())
        .args(["meetings", "--format", "table"])
        .output()
        .unwrap();
    let table = ok(&out);
    assert!(table.lines().count() > 5);
    for line in table.lines() {
        assert!(line.chars().count() <= 60, "{line:?}");
    }
}

#[test]
fn a_missing_database_is_an_error_and_is_not_created() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("missing.db");
    for args in [&["actors"][..], &["meetings"], &["show", "actor", "1"]] {
        let out = bin().arg("--db").arg(&db).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr(&out).contains("does not exist"), "{}", stderr(&out));
        assert!(!db.exists());
    }
}

#[test]
fn article_text_cannot_steer_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hostile.db");
    let article = dir.path().join("hostile.txt");
    std::fs::write(
        &article,
        "---\ntitle: Hostile \u{1b}]0;owned\u{7}title\npublished: 2025-01-02\n---\n\
         ANKARA - Turkish Foreign Minister Hakan Fidan met Chinese Foreign Minister Wang Yi \
         in Ankara on Thursday.\n\n\
         \"We will \u{1b}[2J\u{1b}[31mclear\u{1b}[0m every \u{9b}1mobstacle \u{202e}now,\" \
         Fidan told reporters.\n",
    )
    .unwrap();
    let out = bin()
        .arg("--db")
        .arg(&db)
        .arg("ingest")
        .arg(&article)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    for args in [
        &["statements", "--format", "table"][..],
        &["statements", "--search", "every", "--format", "table"],
        &["documents", "--format", "table"],
        &["show", "document", "1", "--format", "table"],
        &["meetings", "--format", "table"],
    ] {
        let out = bin().arg("--db").arg(&db).args(args).output().unwrap();
        let text = ok(&out);
        assert!(
            !text
                .chars()
                .any(|c| c.is_control() && c != '\n' || c == '\u{202e}'),
            "{args:?}: {text:?}"
        );
    }
    let table = ok(&bin()
        .arg("--db")
        .arg(&db)
        .args(["statements", "--search", "every", "--format", "table"])
        .output()
        .unwrap());
    assert!(table.contains("clear [every]"), "{table}");
}
