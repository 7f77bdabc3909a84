//! Statements: speakers, links, the meeting they were made at, full-text search.

use entente_model::{DocumentId, InitiativeId, MeetingId, Speaker};
use entente_store::{Error, Store};

use crate::fixture::Article;

fn stored() -> Store {
    let mut article = Article::new(
        "Wang Yi met Hakan Fidan in Ankara. \"The Middle Corridor and the Belt and Road \
         Initiative complement each other,\" Wang told Fidan. Türkiye said security \
         cooperation would deepen.",
    );
    let wang = article.actor("Wang Yi", Some("CHN"));
    let fidan = article.actor("Hakan Fidan", Some("TUR"));
    let corridor = article.initiative("Middle Corridor", Some("TUR"));
    let bri = article.initiative("Belt and Road Initiative", Some("CHN"));
    article.country("TUR", "Türkiye");
    let meeting = article.meeting(&[wang, fidan], Some("2025-06-02"), "met");
    let quote = article.statement(
        Speaker::Actor(wang),
        "The Middle Corridor and the Belt and Road Initiative complement each other,",
    );
    let statement = &mut article.extraction.statements[quote.0 as usize];
    statement.addressee = Some(fidan);
    statement.meeting = Some(meeting);
    statement.initiatives = vec![corridor, bri, corridor];
    statement.countries = vec!["TUR".into(), "CHN".into()];
    article.statement(
        Speaker::Country("TUR".into()),
        "security cooperation would deepen",
    );
    let mut store = Store::open_in_memory().unwrap();
    store.ingest(&[article.pair()]).unwrap();
    store
}

#[test]
fn statements_keep_speaker_addressee_meeting_and_initiatives() {
    let store = stored();
    let statements = store.statements().unwrap();
    assert_eq!(statements.len(), 2);
    let quote = &statements[0];
    let actors = store.actors().unwrap();
    assert_eq!(quote.statement.speaker, Speaker::Actor(actors[0].actor.id));
    assert_eq!(quote.speaker_name, "Wang Yi");
    assert_eq!(quote.statement.addressee, Some(actors[1].actor.id));
    assert_eq!(quote.addressee_name.as_deref(), Some("Hakan Fidan"));
    let meetings = store.meetings().unwrap();
    assert_eq!(quote.statement.meeting, Some(meetings[0].meeting.id));
    assert_eq!(quote.statement.meeting, Some(MeetingId(1)));
    assert_eq!(
        quote.statement.initiatives,
        [InitiativeId(1), InitiativeId(2)]
    );
    assert_eq!(
        quote.initiative_names,
        ["Middle Corridor", "Belt and Road Initiative"]
    );
    assert_eq!(quote.statement.countries, ["TUR", "CHN"]);
    assert_eq!(quote.document_ids, [DocumentId(1)]);
    assert_eq!(quote.statement.evidence[0].document, Some(DocumentId(1)));
    let document = &store.documents().unwrap()[0].document;
    assert_eq!(
        quote.statement.evidence[0].span.slice(&document.text),
        quote.statement.text
    );
    let state = &statements[1];
    assert_eq!(state.statement.speaker, Speaker::Country("TUR".into()));
    assert_eq!(state.speaker_name, "Türkiye");
    assert_eq!(state.addressee_name, None);
}

#[track_caller]
fn check(query: &str, expected: &[&str]) {
    let store = stored();
    let mut found: Vec<String> = store
        .search_statements(query)
        .unwrap()
        .into_iter()
        .map(|record| record.speaker_name)
        .collect();
    found.sort();
    assert_eq!(found, expected, "{query}");
}

#[test]
fn full_text_search_finds_statements_by_their_words() {
    check("corridor", &["Wang Yi"]);
    check("SECURITY", &["Türkiye"]);
    check("\"belt and road\"", &["Wang Yi"]);
    check("secur*", &["Türkiye"]);
    check("cooperation OR complement", &["Türkiye", "Wang Yi"]);
    check("pipeline", &[]);
}

#[test]
fn a_malformed_search_is_a_search_error() {
    let store = stored();
    let error = store.search_statements("\"unclosed").unwrap_err();
    assert!(
        matches!(error, Error::Search { ref query, .. } if query == "\"unclosed"),
        "{error}"
    );
}

/// The same words from the same speaker: one statement for every other article that
/// reports them, whether the articles come in one batch or several; the same words
/// twice in one article stay two statements.
#[test]
fn the_same_quote_is_one_statement_across_articles_in_any_batching() {
    let report = |text: &str, times: usize| {
        let mut article = Article::new(text);
        let wang = article.actor("Wang Yi", Some("CHN"));
        for _ in 0..times {
            article.statement(Speaker::Actor(wang), "the corridor serves both sides");
        }
        article.pair()
    };
    let articles = [
        report(
            "Wang Yi said the corridor serves both sides. He said it twice.",
            2,
        ),
        report("In Ankara, Wang Yi said the corridor serves both sides.", 1),
        report("Wang Yi, in Baku, said the corridor serves both sides.", 1),
    ];
    let sources = |store: &Store| -> Vec<Vec<Option<DocumentId>>> {
        store
            .statements()
            .unwrap()
            .iter()
            .map(|s| s.statement.evidence.iter().map(|e| e.document).collect())
            .collect()
    };
    let mut one_batch = Store::open_in_memory().unwrap();
    one_batch.ingest(&articles).unwrap();
    let mut batches = Store::open_in_memory().unwrap();
    for article in &articles {
        batches.ingest(std::slice::from_ref(article)).unwrap();
    }
    let (d1, d2, d3) = (
        Some(DocumentId(1)),
        Some(DocumentId(2)),
        Some(DocumentId(3)),
    );
    assert_eq!(sources(&one_batch), [vec![d1, d2, d3], vec![d1]]);
    assert_eq!(sources(&batches), sources(&one_batch));
}
