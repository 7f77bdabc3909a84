//! Ingesting: identity by sha256, counts, one transaction per batch.

use entente_model::Speaker;
use entente_store::{IngestSummary, Store};

use crate::fixture::Article;

fn talks() -> Article {
    let mut article = Article::new(
        "Turkish President Recep Tayyip Erdogan met Chinese President Xi Jinping in Tianjin. \
         \"We stand together,\" Erdogan said.",
    )
    .published("2025-09-01");
    let erdogan = article.actor_with(
        "Recep Tayyip Erdogan",
        Some("TUR"),
        &["Erdogan"],
        &["President"],
    );
    let xi = article.actor("Xi Jinping", Some("CHN"));
    article.country("TUR", "Turkish");
    article.country("CHN", "Chinese");
    article.meeting(&[erdogan, xi], Some("2025-09-01"), "met");
    article.statement(Speaker::Actor(erdogan), "We stand together,");
    article
}

/// Row counts of every listing, to see that nothing changed.
fn counts(store: &Store) -> [usize; 7] {
    [
        store.documents().unwrap().len(),
        store.actors().unwrap().len(),
        store.organisations().unwrap().len(),
        store.initiatives().unwrap().len(),
        store.meetings().unwrap().len(),
        store.statements().unwrap().len(),
        store.mentions().unwrap().len(),
    ]
}

#[test]
fn the_same_document_twice_is_known_and_adds_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let article = talks();
    let first = store.ingest(&[article.pair()]).unwrap();
    assert_eq!(
        first,
        IngestSummary {
            added: 1,
            known: 0,
            actors_added: 2,
            organisations_added: 0,
            initiatives_added: 0,
            meetings_added: 1,
            statements_added: 1,
            // "Erdogan" also stands inside the full name: the fixture mentions both.
            mentions_added: 6,
            actors_unresolved: 0,
        }
    );
    assert!(store.is_known(&article.document.sha256).unwrap());
    let before = counts(&store);
    let second = store.ingest(&[article.pair()]).unwrap();
    assert_eq!(
        second,
        IngestSummary {
            known: 1,
            ..IngestSummary::default()
        }
    );
    assert_eq!(counts(&store), before);
}

#[test]
fn a_duplicate_inside_one_batch_is_known() {
    let mut store = Store::open_in_memory().unwrap();
    let article = talks();
    let summary = store.ingest(&[article.pair(), article.pair()]).unwrap();
    assert_eq!((summary.added, summary.known), (1, 1));
    assert_eq!(store.documents().unwrap().len(), 1);
    assert_eq!(store.meetings().unwrap().len(), 1);
}

#[test]
fn documents_round_trip() {
    let mut store = Store::open_in_memory().unwrap();
    let mut article = talks();
    article.document.external_id = Some("wire-1".into());
    article.document.url = Some("https://example.org/1".into());
    store.ingest(&[article.pair()]).unwrap();
    let documents = store.documents().unwrap();
    assert_eq!(documents.len(), 1);
    assert_eq!(documents[0].id.0, 1);
    assert_eq!(documents[0].document, article.document);
}

#[test]
fn a_failing_batch_stores_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let good = Article::new("Hakan Fidan visited Beijing.");
    let mut bad = talks();
    // An offset no database integer can hold: the batch fails as a whole.
    bad.extraction.meetings[0].evidence[0].span.end = usize::MAX;
    let error = store.ingest(&[good.pair(), bad.pair()]).unwrap_err();
    assert!(
        matches!(error, entente_store::Error::OutOfRange { .. }),
        "{error}"
    );
    assert_eq!(counts(&store), [0; 7]);
    assert!(!store.is_known(&good.document.sha256).unwrap());
    // The store is still usable.
    assert_eq!(store.ingest(&[good.pair()]).unwrap().added, 1);
}

#[test]
fn out_of_range_local_ids_are_skipped_not_panicked_on() {
    let mut store = Store::open_in_memory().unwrap();
    let mut article = talks();
    article.extraction.meetings[0].participants[0].actor.0 = 99;
    article.extraction.statements[0].speaker = Speaker::Actor(entente_model::ActorId(-1));
    article.extraction.mentions[0].entity =
        entente_model::EntityRef::Organisation(entente_model::OrganisationId(7));
    let summary = store.ingest(&[article.pair()]).unwrap();
    assert_eq!(summary.statements_added, 0);
    assert_eq!(summary.mentions_added, 5);
    let meetings = store.meetings().unwrap();
    assert_eq!(meetings[0].participant_names, ["Xi Jinping"]);
}

/// The writer does not check foreign keys or CHECK constraints row by row (see
/// `Store::ingest`): what it stores must still hold every reference and every
/// constraint.
#[test]
fn an_ingest_keeps_every_reference() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("entente.db");
    let mut store = Store::open(&path).unwrap();
    let mut later = Article::new("Erdogan and Xi Jinping met again in Ankara.");
    let erdogan = later.actor("Erdogan", Some("TUR"));
    let xi = later.actor("Xi Jinping", Some("CHN"));
    later.meeting(&[erdogan, xi], None, "met");
    later.statement(Speaker::Actor(xi), "again");
    store.ingest(&[talks().pair()]).unwrap();
    store.ingest(&[later.pair()]).unwrap();
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let dangling: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |row| {
            row.get(0)
        })
        .unwrap();
    assert_eq!(dangling, 0);
    // The integrity check verifies every row against the CHECK constraints too ...
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    // ... as a row that breaks one, written with the checks off, shows.
    conn.execute_batch(
        "PRAGMA ignore_check_constraints = ON;
         INSERT INTO mentions (document_id, kind, actor_id, surface, span_start, span_end,
                               char_start, char_end)
             VALUES (1, 'organisation', 1, 'x', 0, 1, 0, 1);
         PRAGMA ignore_check_constraints = OFF;",
    )
    .unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_ne!(integrity, "ok");
}

/// The counts kept beside the records (migration 0006) follow every kind of write:
/// batches, a merge that moves mentions, a removal that drops them.
#[test]
fn mention_counts_follow_ingests_merges_and_removals() {
    let mut store = Store::open_in_memory().unwrap();
    store.ingest(&[talks().pair()]).unwrap();
    assert!(store.counts_consistent().unwrap());
    let mut later = Article::new("Erdogan and Xi Jinping met again. President Xi spoke.");
    let erdogan = later.actor("Erdogan", Some("TUR"));
    let xi = later.actor("President Xi", Some("CHN"));
    later.meeting(&[erdogan, xi], None, "met");
    let mut third = Article::new("Hakan Fidan visited Beijing.");
    third.actor("Hakan Fidan", Some("TUR"));
    store.ingest(&[later.pair(), third.pair()]).unwrap();
    assert!(store.counts_consistent().unwrap());
    let actors = store.actors().unwrap();
    let id = |name: &str| {
        actors
            .iter()
            .find(|record| record.actor.name == name)
            .map(|record| record.actor.id.0)
            .unwrap()
    };
    store
        .merge(
            entente_store::MergeKind::Actor,
            id("Xi Jinping"),
            id("President Xi"),
        )
        .unwrap();
    assert!(store.counts_consistent().unwrap());
    store.remove_document(1).unwrap();
    assert!(store.counts_consistent().unwrap());
}

#[test]
fn documents_without_text_hold_everything_but_the_text() {
    let mut store = Store::open_in_memory().unwrap();
    store.ingest(&[talks().pair()]).unwrap();
    let full = store.documents().unwrap();
    let bare = store.documents_without_text().unwrap();
    assert_eq!(full.len(), 1);
    assert!(full[0].document.text.contains("Tianjin"));
    assert_eq!(bare[0].document.text, "");
    let mut expected = full[0].clone();
    expected.document.text.clear();
    assert_eq!(bare[0], expected);
}

/// Documents stored one by one through a writer are the records one batch gives, the
/// counts included, and the summary says what was stored.
#[test]
fn a_writer_stores_what_one_batch_stores() {
    let mut later = Article::new("Erdogan and Xi Jinping met again in Ankara.");
    let erdogan = later.actor("Erdogan", Some("TUR"));
    let xi = later.actor("Xi Jinping", Some("CHN"));
    later.meeting(&[erdogan, xi], None, "met");
    let articles = [talks().pair(), later.pair(), talks().pair()];

    let mut batch = Store::open_in_memory().unwrap();
    let batched = batch.ingest(&articles).unwrap();
    let mut streamed = Store::open_in_memory().unwrap();
    let mut writer = streamed.writer().unwrap();
    for (document, extraction) in &articles {
        writer.add(document, extraction).unwrap();
    }
    assert_eq!(writer.pending().0, 2);
    assert_eq!(writer.commit().unwrap(), batched);
    assert_eq!(batched.known, 1);
    assert_eq!(streamed.actors().unwrap(), batch.actors().unwrap());
    assert_eq!(streamed.meetings().unwrap(), batch.meetings().unwrap());
    assert_eq!(streamed.mentions().unwrap(), batch.mentions().unwrap());
    assert!(streamed.counts_consistent().unwrap());
}

/// A writer dropped before its commit (the caller met an error) stores nothing, and the
/// store takes the next write.
#[test]
fn a_writer_dropped_uncommitted_stores_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let mut writer = store.writer().unwrap();
    let (document, extraction) = talks().pair();
    writer.add(&document, &extraction).unwrap();
    drop(writer);
    assert_eq!(counts(&store), [0; 7]);
    assert!(!store.is_known(&document.sha256).unwrap());
    assert_eq!(store.ingest(&[talks().pair()]).unwrap().added, 1);
    assert!(store.counts_consistent().unwrap());
}
