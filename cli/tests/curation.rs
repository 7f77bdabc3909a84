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

    assert_eq!(
        stats.extractor.recorded,
        vec![stats.extractor.current.clone()]
    );
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

/// Every CSV file of `entente export`, by name.
fn export(db: &Db, name: &str) -> Vec<(String, String)> {
    let out = db.dir.path().join(name);
    db.ok(&["export", "--out", out.to_str().unwrap()]);
    let mut files: Vec<(String, String)> = std::fs::read_dir(&out)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect();
    files.sort();
    files
}

fn actor_named(db: &Db, name: &str) -> Option<ActorRecord> {
    let actors: Vec<ActorRecord> = db.json(&["actors", "--limit", "0"]);
    actors.into_iter().find(|record| record.actor.name == name)
}

#[test]
fn reextract_of_an_unchanged_database_gives_the_records_of_a_fresh_ingest() {
    let db = examples_db();
    let before = export(&db, "before");
    let counts = db.stats(&[]).counts;
    let out = db.run(&["reextract", "--jobs", "2"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("re-extracted 8 documents"),
        "{}",
        stderr(&out)
    );
    assert_eq!(db.stats(&[]).counts, counts, "the same counts");
    let after = export(&db, "after");
    assert_eq!(after.len(), before.len());
    for ((name, old), (_, new)) in before.iter().zip(&after) {
        assert_eq!(old, new, "{name} changed");
    }
    // ... which are those of a fresh ingest of the same documents in the same order.
    let fresh = examples_db();
    for ((name, fresh), (_, reextracted)) in export(&fresh, "fresh").iter().zip(&after) {
        assert_eq!(fresh, reextracted, "{name} differs from a fresh ingest");
    }
    // Again, and with one job: still the same.
    db.ok(&["reextract", "--jobs", "1"]);
    assert_eq!(export(&db, "again"), after);
    // The full-text index was rebuilt with the statements, and finds the same ones.
    let search = ["statements", "--search", "corridor", "--format", "csv"];
    assert_eq!(db.ok(&search), fresh.ok(&search));
    assert!(
        db.ok(&search).lines().count() > 1,
        "a statement about a corridor"
    );
    let conn = rusqlite::Connection::open(db.path()).unwrap();
    conn.execute(
        "INSERT INTO statements_fts (statements_fts) VALUES ('integrity-check')",
        [],
    )
    .expect("the full-text index matches the statements");
}

#[test]
fn reextract_applies_a_new_dictionary_entry() {
    let db = examples_db();
    let yalcin = actor_named(&db, "Kerem Yalcin").expect("Kerem Yalcin is an actor");
    assert!(
        yalcin
            .actor
            .titles
            .iter()
            .all(|t| t.name != "Railway Envoy"),
        "{yalcin:?}"
    );
    let dict = db.write(
        "railways.toml",
        "# Written for this test.\n[[person]]\nname = \"Kerem Yalcin\"\ncountry = \"TUR\"\n\
         roles = [{ title = \"Railway Envoy\", country = \"TUR\" }]\n",
    );
    let dict = dict.to_str().unwrap();
    let due = db.stats(&["--dict", dict]).extractor.reextract_due;
    assert!(due.is_some_and(|reason| reason.starts_with("dictionary changed")));

    db.ok(&["--dict", dict, "reextract"]);
    let yalcin = actor_named(&db, "Kerem Yalcin").expect("still an actor");
    let titles: Vec<&str> = yalcin
        .actor
        .titles
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    assert_eq!(titles, ["Railway Envoy"], "the dictionary's role");
    let stats = db.stats(&["--dict", dict]);
    assert_eq!(stats.extractor.reextract_due, None, "{:?}", stats.extractor);
    assert_eq!(stats.extractor.recorded.len(), 1);
    // Without the dictionary the records are no longer what this binary would make.
    let due = db.stats(&[]).extractor.reextract_due;
    assert_eq!(due.as_deref(), Some("dictionary changed (none in use now)"));
}

#[test]
fn a_reextract_needs_an_existing_database() {
    let db = Db::new();
    let out = db.run(&["reextract"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("does not exist"), "{}", stderr(&out));
    assert!(!db.path().exists(), "not created");
}

#[test]
fn a_merge_of_actors_survives_reextract_and_later_ingests() {
    let db = examples_db();
    let kept = actor_named(&db, "Wang Yi").expect("Wang Yi");
    let merged = actor_named(&db, "Wang Wentao").expect("Wang Wentao");
    let total = kept.mentions + merged.mentions;
    let with_merged: Vec<MeetingRecord> =
        db.json(&["meetings", "--actor", &merged.actor.id.0.to_string()]);
    assert!(!with_merged.is_empty(), "Wang Wentao met someone");
    let with_kept: Vec<MeetingRecord> =
        db.json(&["meetings", "--actor", &kept.actor.id.0.to_string()]);
    let counts = db.stats(&[]).counts;

    let out = db.run(&[
        "merge",
        "actor",
        &kept.actor.id.0.to_string(),
        &merged.actor.id.0.to_string(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("merged actor"), "{}", stderr(&out));
    let check = |db: &Db, when: &str| {
        assert!(
            actor_named(db, "Wang Wentao").is_none(),
            "{when}: merged away"
        );
        let wang = actor_named(db, "Wang Yi").expect("kept");
        assert!(
            wang.actor.aliases.contains(&"Wang Wentao".to_owned()),
            "{when}: {wang:?}"
        );
        assert_eq!(wang.mentions, total, "{when}: mentions add up");
        // The merged name finds the kept actor, with the meetings of both (they never
        // met each other in the examples).
        let found: Vec<MeetingRecord> = db.json(&["meetings", "--actor", "wang wentao"]);
        assert_eq!(found.len(), with_kept.len() + with_merged.len(), "{when}");
        assert!(found.iter().all(|m| {
            m.meeting
                .participants
                .iter()
                .any(|p| p.actor == wang.actor.id)
        }));
        let stats = db.stats(&[]);
        assert_eq!(stats.counts.actors, counts.actors - 1, "{when}");
        assert_eq!(stats.counts.merges, 1, "{when}");
    };
    check(&db, "after the merge");

    let out = db.run(&["reextract"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("merges applied again: 1"),
        "{}",
        stderr(&out)
    );
    check(&db, "after a re-extraction");

    // A later ingest that names the merged actor joins the kept one.
    let article = db.write(
        "later.txt",
        "---\ntitle: Trade talks\npublished: 2026-04-02\n---\nChinese Commerce Minister Wang Wentao \
         said on Thursday that trade with Türkiye would grow.\n",
    );
    db.ok(&["ingest", article.to_str().unwrap()]);
    assert!(
        actor_named(&db, "Wang Wentao").is_none(),
        "joined the kept actor"
    );
    assert_eq!(actor_named(&db, "Wang Yi").unwrap().mentions, total + 1);
}

#[test]
fn merges_of_organisations_and_initiatives_survive_reextract() {
    let db = examples_db();
    let organisations: Vec<OrganisationRecord> = db.json(&["organisations", "--limit", "0"]);
    let id_of = |name: &str| {
        organisations
            .iter()
            .find(|o| o.organisation.name == name)
            .unwrap_or_else(|| panic!("{name}"))
            .organisation
            .id
            .0
            .to_string()
    };
    db.ok(&[
        "merge",
        "organisation",
        &id_of("Ministry of Trade of Türkiye"),
        &id_of("Ministry of Commerce"),
    ]);
    let initiatives: Vec<InitiativeRecord> = db.json(&["initiatives", "--limit", "0"]);
    let initiative = |name: &str| {
        initiatives
            .iter()
            .find(|i| i.initiative.name == name)
            .unwrap_or_else(|| panic!("{name}"))
            .clone()
    };
    let (belt, global) = (
        initiative("Belt and Road Initiative"),
        initiative("Global Development Initiative"),
    );
    db.ok(&[
        "merge",
        "initiative",
        &belt.initiative.id.0.to_string(),
        &global.initiative.id.0.to_string(),
    ]);
    let check = |db: &Db, when: &str| {
        let organisations: Vec<OrganisationRecord> = db.json(&["organisations", "--limit", "0"]);
        let names: Vec<&str> = organisations
            .iter()
            .map(|o| o.organisation.name.as_str())
            .collect();
        assert!(
            !names.contains(&"Ministry of Commerce"),
            "{when}: {names:?}"
        );
        let trade = organisations
            .iter()
            .find(|o| o.organisation.name == "Ministry of Trade of Türkiye")
            .expect("kept");
        assert!(
            trade
                .organisation
                .aliases
                .contains(&"Ministry of Commerce".to_owned()),
            "{when}: {trade:?}"
        );
        let initiatives: Vec<InitiativeRecord> = db.json(&["initiatives", "--limit", "0"]);
        assert_eq!(initiatives.len(), 2, "{when}");
        let kept = initiatives
            .iter()
            .find(|i| i.initiative.name == "Belt and Road Initiative")
            .expect("kept");
        assert_eq!(kept.mentions, belt.mentions + global.mentions, "{when}");
        assert!(
            kept.initiative
                .aliases
                .contains(&"Global Development Initiative".to_owned())
        );
    };
    check(&db, "after the merges");
    db.ok(&["reextract"]);
    check(&db, "after a re-extraction");
    assert_eq!(db.stats(&[]).counts.merges, 2);
}

#[test]
fn a_removed_document_stays_removed_through_reextract_and_ingest() {
    let db = examples_db();
    let documents: Vec<DocumentRecord> = db.json(&["documents", "--limit", "0"]);
    let g20 = documents
        .iter()
        .find(|d| {
            d.document
                .title
                .as_deref()
                .is_some_and(|t| t.starts_with("Erdogan meets Chinese Premier Li"))
        })
        .expect("the G20 article");
    let id = g20.id.0.to_string();
    assert!(actor_named(&db, "Li Qiang").is_some());
    let meetings: Vec<MeetingRecord> = db.json(&["meetings", "--limit", "0"]);
    let reported = |meetings: &[MeetingRecord]| {
        meetings
            .iter()
            .filter(|m| m.document_ids.contains(&g20.id))
            .count()
    };
    assert!(reported(&meetings) > 0);

    let out = db.run(&["remove", "document", &id]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&g20.document.sha256),
        "{}",
        stderr(&out)
    );
    let check = |db: &Db, when: &str| {
        let documents: Vec<DocumentRecord> = db.json(&["documents", "--limit", "0"]);
        assert_eq!(documents.len(), 7, "{when}");
        assert!(
            documents
                .iter()
                .all(|d| d.document.sha256 != g20.document.sha256)
        );
        // Li Qiang is named in that article only: he goes with it.
        assert!(actor_named(db, "Li Qiang").is_none(), "{when}");
        let meetings: Vec<MeetingRecord> = db.json(&["meetings", "--limit", "0"]);
        assert!(
            meetings.iter().all(|m| !m.document_ids.is_empty()),
            "{when}: every meeting has a source"
        );
        let stats = db.stats(&[]);
        assert_eq!(stats.counts.documents, 7, "{when}");
        assert_eq!(stats.counts.removed_documents, 1, "{when}");
        // The removal runs without foreign key checks: nothing points at what went.
        let conn = rusqlite::Connection::open(db.path()).unwrap();
        let dangling: i64 = conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |row| {
                row.get(0)
            })
            .unwrap();
        assert_eq!(dangling, 0, "{when}: rows point at missing rows");
    };
    check(&db, "after the removal");
    let counts = db.stats(&[]).counts;
    db.ok(&["reextract"]);
    check(&db, "after a re-extraction");
    assert_eq!(
        db.stats(&[]).counts,
        counts,
        "the same as right after the removal"
    );

    // Ingesting the examples again skips the removed text, with a message.
    let out = db.ingest_examples(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("03_summit_sidelines.txt: removed by `entente remove document`"),
        "{}",
        stderr(&out)
    );
    check(&db, "after another ingest");

    // `restore document` without a sha256 lists the removed documents ...
    let listed = db.ok(&["restore", "document"]);
    assert!(
        listed.starts_with(&format!("{}  2025-11-23  ", g20.document.sha256)),
        "{listed}"
    );
    assert!(
        listed
            .trim_end()
            .ends_with("Erdogan meets Chinese Premier Li on G20 sidelines in Johannesburg")
    );
    // ... and with one lets it in again.
    let out = db.run(&["restore", "document", &g20.document.sha256[..12]]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    db.ok(&[
        "ingest",
        root()
            .join("examples/03_summit_sidelines.txt")
            .to_str()
            .unwrap(),
    ]);
    assert!(actor_named(&db, "Li Qiang").is_some());
    let stats = db.stats(&[]);
    assert_eq!(
        (stats.counts.documents, stats.counts.removed_documents),
        (8, 0)
    );
}

#[test]
fn curation_refuses_bad_ids_with_a_clear_message() {
    let missing = Db::new();
    let out = missing.run(&["merge", "actor", "1", "2"]);
    assert_eq!(out.status.code(), Some(2), "a missing database");
    assert!(!missing.path().exists());

    let db = examples_db();
    let counts = db.stats(&[]).counts;
    #[track_caller]
    fn check(db: &Db, args: &[&str], code: i32, message: &str) {
        let out = db.run(args);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(message), "{args:?}: {}", stderr(&out));
    }
    check(
        &db,
        &["merge", "actor", "12", "12"],
        2,
        "cannot merge actor `12` with itself",
    );
    check(
        &db,
        &["merge", "actor", "12", "999"],
        1,
        "no actor with id `999`",
    );
    check(
        &db,
        &["merge", "organisation", "999", "1"],
        1,
        "no organisation with id `999`",
    );
    check(
        &db,
        &["merge", "initiative", "1", "99"],
        1,
        "no initiative with id `99`",
    );
    check(
        &db,
        &["merge", "actor", "twelve", "1"],
        2,
        "invalid value 'twelve'",
    );
    check(
        &db,
        &["merge", "person", "1", "2"],
        2,
        "invalid value 'person'",
    );
    check(
        &db,
        &["remove", "document", "999"],
        1,
        "no document with id `999`",
    );
    check(
        &db,
        &["restore", "document", "0123abcd"],
        1,
        "fits 0 removed documents",
    );
    check(
        &db,
        &["restore", "document", "xyz"],
        1,
        "at least 8 hex digits",
    );
    assert_eq!(db.stats(&[]).counts, counts, "nothing changed");
}

#[test]
fn merging_two_actors_joins_the_meetings_they_now_share() {
    let db = Db::new();
    let one = db.write(
        "one.txt",
        "---\ntitle: Lula in Pretoria\npublished: 2025-07-08\n---\nPRETORIA - Brazilian President \
         Luiz Inacio Lula da Silva met South African President Cyril Ramaphosa in Pretoria on \
         Monday, the presidency said.\n",
    );
    let two = db.write(
        "two.txt",
        "---\ntitle: Ramaphosa hosts Lula\npublished: 2025-07-08\n---\nPRETORIA - South African \
         President Cyril Ramaphosa met Brazilian President Lula in Pretoria on Monday to discuss \
         trade.\n",
    );
    db.ok(&["ingest", one.to_str().unwrap(), two.to_str().unwrap()]);
    let full = actor_named(&db, "Luiz Inacio Lula da Silva").expect("the full name");
    let short = actor_named(&db, "Lula").expect("the resolver could not tell");
    let meetings: Vec<MeetingRecord> = db.json(&["meetings"]);
    assert_eq!(
        meetings.len(),
        2,
        "one per article, with different principals"
    );

    db.ok(&[
        "merge",
        "actor",
        &full.actor.id.0.to_string(),
        &short.actor.id.0.to_string(),
    ]);
    let check = |db: &Db, when: &str| {
        let meetings: Vec<MeetingRecord> = db.json(&["meetings"]);
        assert_eq!(
            meetings.len(),
            1,
            "{when}: the same meeting, reported twice"
        );
        assert_eq!(meetings[0].document_ids.len(), 2, "{when}");
        assert_eq!(meetings[0].meeting.evidence.len(), 2, "{when}");
        let stats = db.stats(&[]);
        assert_eq!(stats.top_pairs.len(), 1, "{when}");
        assert_eq!(stats.top_pairs[0].meetings, 1, "{when}");
        assert_eq!(stats.counts.actors, 2, "{when}");
    };
    check(&db, "after the merge");
    db.ok(&["reextract"]);
    check(&db, "after a re-extraction");
}

#[test]
fn records_of_an_unrecorded_extractor_are_due_for_reextraction() {
    let db = examples_db();
    // As in a database filled before entente recorded its extractor (migration 0005).
    let conn = rusqlite::Connection::open(db.path()).unwrap();
    conn.execute("DELETE FROM extractor_versions", []).unwrap();
    drop(conn);
    let due = db.stats(&[]).extractor.reextract_due.expect("due");
    assert!(due.contains("unknown"), "{due}");
    db.ok(&["reextract"]);
    let stats = db.stats(&[]);
    assert_eq!(stats.extractor.reextract_due, None);
    assert_eq!(stats.extractor.recorded, vec![stats.extractor.current]);
}
