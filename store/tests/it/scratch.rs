#![allow(clippy::print_stderr)]
use crate::fixture::Article;
use entente_model::Speaker;
use entente_store::Store;

#[test]
fn scratch_throughput() {
    let folder = tempfile::tempdir().unwrap();
    let mut store = Store::open(&folder.path().join("b.db")).unwrap();
    let started = std::time::Instant::now();
    let mut batch = Vec::new();
    let mut bytes = 0;
    for i in 0..20000 {
        let a = format!("Name{} Surname{}", i % 3000, i % 1700);
        let b = format!("Other{} Person{}", i % 2000, i % 900);
        let text = format!(
            "{a} met {b} in Ankara on day {i}. \"We agree on trade {i},\" {a} said. {}",
            "Filler text about diplomacy and trade. ".repeat(30)
        );
        let mut art = Article::new(&text);
        let x = art.actor(&a, Some("TUR"));
        let y = art.actor(&b, Some("CHN"));
        art.meeting(&[x, y], Some("2025-09-01"), "met");
        art.statement(Speaker::Actor(x), &format!("We agree on trade {i},"));
        art.country("TUR", "Ankara");
        if std::env::var("NOEXT").is_ok() {
            art.extraction = Default::default();
        }
        if std::env::var("NOACT").is_ok() {
            art.extraction.actors.clear();
            art.extraction.meetings.clear();
            art.extraction.statements.clear();
            art.extraction.mentions.clear();
        }
        if std::env::var("ONLYACT").is_ok() {
            art.extraction.meetings.clear();
            art.extraction.statements.clear();
            art.extraction.mentions.clear();
        }
        if std::env::var("NOMEET").is_ok() {
            art.extraction.meetings.clear();
        }
        if std::env::var("NOSTAT").is_ok() {
            art.extraction.statements.clear();
        }
        bytes += text.len();
        batch.push(art.pair());
        if batch.len() == 500 {
            store.ingest(&batch).unwrap();
            batch.clear();
        }
    }
    store.ingest(&batch).unwrap();
    let elapsed = started.elapsed();
    eprintln!(
        "ingest {} MB in {:?}: {:.1} MB/s",
        bytes / 1_000_000,
        elapsed,
        bytes as f64 / 1e6 / elapsed.as_secs_f64()
    );
    let started = std::time::Instant::now();
    let n = (
        store.actors().unwrap().len(),
        store.meetings().unwrap().len(),
        store.statements().unwrap().len(),
        store.mentions().unwrap().len(),
    );
    eprintln!("list {n:?} in {:?}", started.elapsed());
}

#[test]
fn scratch_reprepare() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("r.db");
    drop(Store::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    let queries: &[(&str, usize)] = &[
        (
            "SELECT id FROM actors WHERE key = ?1 UNION SELECT actor_id FROM actor_aliases WHERE key = ?1 ORDER BY 1 LIMIT 1",
            1,
        ),
        (
            "SELECT id FROM actors WHERE word_set = ?1 ORDER BY id LIMIT 1",
            1,
        ),
        ("SELECT id FROM actors WHERE last_word = ?1", 1),
        ("SELECT id FROM documents WHERE sha256 = ?1", 1),
        (
            "SELECT id, word_set FROM actors WHERE first_word = ?1 AND (?2 OR country_code IN ('CHN', 'HKG'))",
            2,
        ),
        ("SELECT name, key FROM actors WHERE id = ?1", 1),
    ];
    for (sql, n) in queries {
        let mut st = conn.prepare(sql).unwrap();
        for i in 0..5 {
            let v = format!("v{i}");
            let _ = if *n == 1 {
                st.query_map([&v], |_| Ok(())).unwrap().count()
            } else {
                st.query_map(rusqlite::params![&v, i % 2 == 0], |_| Ok(()))
                    .unwrap()
                    .count()
            };
        }
        eprintln!(
            "{} -> {}",
            st.get_status(rusqlite::StatementStatus::RePrepare),
            sql
        );
    }
}
