//! End-to-end tests of living with one database: `entente stats`, `reextract`, `merge`,
//! `remove document` / `restore document`, each the real binary on a temporary database
//! built from the bundled examples, checked through the query commands' JSON.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use entente_model::{
    ActorRecord, DocumentRecord, InitiativeRecord, MeetingRecord, OrganisationRecord, Stats,
};
use serde::de::DeserializeOwned;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A temporary database (and folder for dictionaries and exports).
struct Db {
    dir: tempfile::TempDir,
}

impl Db {
    fn new() -> Db {
        Db {
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    fn path(&self) -> PathBuf {
        self.dir.path().join("entente.db")
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_entente"))
            .env_remove("ENTENTE_DB")
            .env_remove("NO_COLOR")
            .env_remove("COLUMNS")
            .arg("--db")
            .arg(self.path())
            .args(args)
            .output()
            .expect("the binary runs")
    }

    /// Runs a command that must succeed; its stdout.
    #[track_caller]
    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        String::from_utf8(out.stdout).expect("stdout is UTF-8")
    }

    /// Ingests the bundled examples, in the order of the README's tour.
    #[track_caller]
    fn ingest_examples(&self, extra: &[&str]) -> Output {
        let examples = root().join("examples");
        let mut args: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
        args.push("ingest".into());
        for name in [
            "01_state_visit.txt",
            "02_phone_call.txt",
            "03_summit_sidelines.txt",
            "04_press_conference.txt",
            "05_ministerial_delegation.txt",
            "06_belt_and_road_middle_corridor.txt",
            "more.jsonl",
        ] {
            args.push(examples.join(name).display().to_string());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        self.run(&args)
    }

    /// Every line of a successful `--format json` run, deserialised.
    #[track_caller]
    fn json<T: DeserializeOwned>(&self, args: &[&str]) -> Vec<T> {
        let mut args = args.to_vec();
        args.extend(["--format", "json"]);
        self.ok(&args)
            .lines()
            .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
            .collect()
    }

    #[track_caller]
    fn stats(&self, extra: &[&str]) -> Stats {
        let mut args = vec!["stats"];
        args.extend(extra);
        let mut all: Vec<Stats> = self.json(&args);
        assert_eq!(all.len(), 1, "one JSON object");
        all.remove(0)
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).expect("a file is written");
        path
    }
}

fn examples_db() -> Db {
    let db = Db::new();
    let out = db.ingest_examples(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    db
}

#[test]
fn stats_count_every_kind_and_rank_actors_pairs_and_speakers() {
    let db = examples_db();
    let stats = db.stats(&["--top", "3"]);
    let documents: Vec<DocumentRecord> = db.json(&["documents", "--limit", "0"]);
    let actors: Vec<ActorRecord> = db.json(&["actors", "--limit", "0"]);
    let organisations: Vec<OrganisationRecord> = db.json(&["organisations", "--limit", "0"]);
    let initiatives: Vec<InitiativeRecord> = db.json(&["initiatives", "--limit", "0"]);
    let meetings: Vec<MeetingRecord> = db.json(&["meetings", "--limit", "0"]);
    assert_eq!(stats.counts.documents, documents.len() as u64);
    assert_eq!(stats.counts.actors, actors.len() as u64);
    assert_eq!(stats.counts.organisations, organisations.len() as u64);
    assert_eq!(stats.counts.initiatives, initiatives.len() as u64);
    assert_eq!(stats.counts.meetings_held, meetings.len() as u64);
    assert!(stats.counts.meetings_planned + stats.counts.meetings_cancelled >= 1);
    let mentions: u64 = actors.iter().map(|a| a.mentions).sum();
    assert!(stats.counts.mentions >= mentions);

    let published = stats.published.expect("the examples have dates");
    let dates: Vec<_> = documents
        .iter()
        .filter_map(|d| d.document.published)
        .collect();
    assert_eq!(Some(&published.first), dates.iter().min());
    assert_eq!(Some(&published.last), dates.iter().max());
    let held = stats.meetings.expect("dated meetings");
    let meeting_dates: Vec<_> = meetings
        .iter()
        .filter_map(|m| m.meeting.date.as_ref().and_then(|d| d.date))
        .collect();
    assert_eq!(Some(&held.first), meeting_dates.iter().min());
    assert_eq!(Some(&held.last), meeting_dates.iter().max());

    // The top actors are the head of `entente actors` (most mentioned first).
    assert_eq!(stats.top_actors.len(), 3);
    for (ranked, listed) in stats.top_actors.iter().zip(&actors) {
        assert_eq!(ranked.count, listed.mentions, "{ranked:?}");
        assert_eq!(ranked.documents, listed.documents);
    }
    assert_eq!(stats.top_actors[0].id, actors[0].actor.id);
    // Every pair met as principals of a held meeting, as often as said.
    assert!(!stats.top_pairs.is_empty());
    for pair in &stats.top_pairs {
        assert!(pair.first < pair.second);
        let together = meetings
            .iter()
            .filter(|m| {
                let principal = |id| {
                    m.meeting
                        .participants
                        .iter()
                        .any(|p| p.actor == id && p.role == entente_model::Role::Principal)
                };
                principal(pair.first) && principal(pair.second)
            })
            .count();
        assert_eq!(together as u64, pair.meetings, "{pair:?}");
    }
    // Penny Wong is quoted most in the examples (the press conference).
    assert_eq!(
        stats.top_speakers[0].name, "Penny Wong",
        "{:?}",
        stats.top_speakers
    );
    let counts: Vec<u64> = stats.top_speakers.iter().map(|s| s.count).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");

    assert_eq!(stats.extractor.recorded, vec![stats.extractor.current.clone()]);
    assert_eq!(stats.extractor.reextract_due, None);

    let table = db.ok(&["stats", "--format", "table"]);
    for part in [
        "documents      8 (published",
        "TOP ACTORS",
        "PAIRS WHO MET MOST OFTEN",
        "MOST QUOTED SPEAKERS",
        "re-extraction  not due",
    ] {
        assert!(table.contains(part), "{part}: {table}");
    }
}

#[test]
fn stats_on_an_empty_or_missing_database() {
    let db = Db::new();
    let out = db.run(&["stats"]);
    assert_eq!(out.status.code(), Some(2), "a missing database is an error");
    assert!(stderr(&out).contains("entente.db"), "{}", stderr(&out));
    let empty = db.dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    db.ok(&["ingest", empty.to_str().unwrap()]);
    let stats = db.stats(&[]);
    assert_eq!(stats.counts, entente_model::Counts::default());
    assert_eq!(stats.published, None);
    assert_eq!(stats.extractor.reextract_due, None, "nothing to re-extract");
}

#[test]
fn stats_say_a_reextraction_is_due_when_the_dictionary_changes() {
    let db = examples_db();
    let dict = db.write(
        "extra.toml",
        "[[organisation]]\nname = \"Nasrec Expo Centre\"\nkind = \"company\"\n",
    );
    let dict = dict.to_str().unwrap();
    let stats = db.stats(&["--dict", dict]);
    let due = stats.extractor.reextract_due.expect("due");
    assert!(due.starts_with("dictionary changed"), "{due}");
    assert_ne!(stats.extractor.recorded, [stats.extractor.current]);
}
