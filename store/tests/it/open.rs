//! Opening: files, schema versions, reopening.

use entente_store::{Error, SCHEMA_VERSION, Store};

use crate::fixture::Article;

#[test]
fn a_database_from_a_newer_entente_is_refused() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("entente.db");
    drop(Store::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", SCHEMA_VERSION + 41)
        .unwrap();
    drop(conn);
    let error = Store::open(&path).unwrap_err();
    assert!(
        matches!(error, Error::SchemaTooNew { found, supported }
            if found == SCHEMA_VERSION + 41 && supported == SCHEMA_VERSION),
        "{error}"
    );
    assert!(matches!(
        Store::open_read_only(&path).unwrap_err(),
        Error::SchemaTooNew { .. }
    ));
}

#[test]
fn data_survives_reopening_in_wal_mode() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("entente.db");
    let mut article = Article::new("Wang Yi met Hakan Fidan in Ankara.");
    article.actor("Wang Yi", Some("CHN"));
    article.actor("Hakan Fidan", Some("TUR"));
    {
        let mut store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        store.ingest(&[article.pair()]).unwrap();
    }
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |row| row.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    drop(conn);
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.actors().unwrap().len(), 2);
    assert_eq!(store.ingest(&[article.pair()]).unwrap().known, 1);
    let mut reader = Store::open_read_only(&path).unwrap();
    assert_eq!(reader.actors().unwrap().len(), 2);
    let other = Article::new("Li Qiang spoke in Beijing.");
    assert!(reader.ingest(&[other.pair()]).is_err());
}

#[test]
fn a_new_database_gets_large_pages_and_an_old_one_keeps_its_own() {
    let folder = tempfile::tempdir().unwrap();
    let page_size = |path: &std::path::Path| -> i64 {
        let conn = rusqlite::Connection::open(path).unwrap();
        conn.pragma_query_value(None, "page_size", |row| row.get(0))
            .unwrap()
    };
    let new = folder.path().join("new.db");
    drop(Store::open(&new).unwrap());
    assert_eq!(page_size(&new), 16384);
    let old = folder.path().join("old.db");
    let conn = rusqlite::Connection::open(&old).unwrap();
    conn.execute_batch("PRAGMA page_size = 4096; CREATE TABLE other (x INTEGER);")
        .unwrap();
    drop(conn);
    let mut store = Store::open(&old).unwrap();
    store
        .ingest(&[Article::new("Wang Yi spoke in Beijing.").pair()])
        .unwrap();
    drop(store);
    assert_eq!(page_size(&old), 4096);
}

#[test]
fn a_missing_folder_or_a_non_database_is_an_open_error() {
    let folder = tempfile::tempdir().unwrap();
    let missing = folder.path().join("no/such/folder/entente.db");
    assert!(matches!(
        Store::open(&missing).unwrap_err(),
        Error::Open { .. }
    ));
    let junk = folder.path().join("notes.db");
    std::fs::write(
        &junk,
        "this is not a database, it is a shopping list ".repeat(40),
    )
    .unwrap();
    let error = Store::open(&junk).unwrap_err();
    assert!(
        matches!(error, Error::Open { ref path, .. } if *path == junk),
        "{error}"
    );
    assert!(error.to_string().starts_with("cannot open database `"));
}

#[test]
fn two_connections_share_one_file() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("entente.db");
    let mut first = Store::open(&path).unwrap();
    let mut second = Store::open(&path).unwrap();
    let mut one = Article::new("Recep Tayyip Erdogan spoke in Ankara.");
    one.actor("Recep Tayyip Erdogan", Some("TUR"));
    let mut two = Article::new("Erdogan spoke again in Istanbul.");
    two.actor("Erdogan", Some("TUR"));
    first.ingest(&[one.pair()]).unwrap();
    second.ingest(&[two.pair()]).unwrap();
    let actors = first.actors().unwrap();
    assert_eq!(actors.len(), 1);
    assert_eq!(actors[0].documents, 2);
}
