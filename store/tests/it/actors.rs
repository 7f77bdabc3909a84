//! Actors merge across documents by name, word set and surname, and never by a guess.

use entente_model::{ActorRecord, Title};
use entente_store::Store;

use crate::fixture::Article;

fn store_of(articles: &[Article]) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    for article in articles {
        store.ingest(&[article.pair()]).unwrap();
    }
    store
}

/// One line per actor: `name | aliases | country | mentions/documents`.
fn render(actors: &[ActorRecord]) -> Vec<String> {
    actors
        .iter()
        .map(|record| {
            let actor = &record.actor;
            let aliases = if actor.aliases.is_empty() {
                "-".to_owned()
            } else {
                actor.aliases.join("; ")
            };
            format!(
                "{} | {} | {} | {}/{}",
                actor.name,
                aliases,
                actor.country.as_ref().map_or("-", |c| c.code.as_str()),
                record.mentions,
                record.documents
            )
        })
        .collect()
}

/// Checks the actors of `articles` stored one transaction each by a store opened
/// afresh for each (so that nothing read before could be carried over), one
/// transaction each by one store, and all in one transaction (where the writer keeps
/// what it read and must see its own writes).
#[track_caller]
fn check(articles: &[Article], expected: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fresh.db");
    for article in articles {
        Store::open(&path)
            .unwrap()
            .ingest(&[article.pair()])
            .unwrap();
    }
    let fresh = Store::open(&path).unwrap();
    assert_eq!(
        render(&fresh.actors().unwrap()),
        expected,
        "reopened each time"
    );
    let store = store_of(articles);
    assert_eq!(render(&store.actors().unwrap()), expected, "one store");
    let mut batched = Store::open_in_memory().unwrap();
    let pairs: Vec<_> = articles.iter().map(Article::pair).collect();
    batched.ingest(&pairs).unwrap();
    assert_eq!(render(&batched.actors().unwrap()), expected, "in one batch");
}

fn article(text: &str, people: &[(&str, Option<&str>)]) -> Article {
    let mut article = Article::new(text);
    for (name, country) in people {
        article.actor(name, *country);
    }
    article
}

#[test]
fn a_surname_in_a_later_document_joins_the_full_name() {
    check(
        &[
            article(
                "Türkiye’s President Recep Tayyip Erdoğan arrived in Tianjin.",
                &[("Recep Tayyip Erdoğan", Some("TUR"))],
            ),
            article(
                "Erdogan told reporters the talks went well.",
                &[("Erdogan", None)],
            ),
        ],
        &["Recep Tayyip Erdoğan | Erdogan | TUR | 2/2"],
    );
}

#[test]
fn a_surname_read_before_a_second_bearer_came_is_read_again() {
    // "Smith" joins John Smith while he is the only one; once Jane Smith is stored, a
    // lone "Smith" is no longer his, in the same transaction too.
    check(
        &[
            article("John Smith spoke.", &[("John Smith", Some("USA"))]),
            article("Smith spoke again.", &[("Smith", None)]),
            article("Jane Smith spoke.", &[("Jane Smith", Some("USA"))]),
            article("Smith spoke once more.", &[("Smith", None)]),
        ],
        &[
            "John Smith | Smith | USA | 2/2",
            "Jane Smith | - | USA | 1/1",
        ],
    );
}

#[test]
fn an_actor_given_a_country_is_read_again() {
    // A lone "Fidan" of Russia may be Hakan Fidan while his state is unknown, not once
    // an article has made him Turkish, in the same transaction too.
    check(
        &[
            article("Hakan Fidan spoke.", &[("Hakan Fidan", None)]),
            article("Fidan spoke again.", &[("Fidan", None)]),
            article(
                "Hakan Fidan of Turkey spoke.",
                &[("Hakan Fidan", Some("TUR"))],
            ),
            article("Fidan of Russia spoke.", &[("Fidan", Some("RUS"))]),
        ],
        &["Hakan Fidan | Fidan | TUR | 3/3", "Fidan | - | RUS | 1/1"],
    );
}

#[test]
fn a_fuller_name_later_becomes_the_canonical_name() {
    check(
        &[
            article("Erdogan arrived in Tianjin.", &[("Erdogan", Some("TUR"))]),
            article("Tayyip Erdogan met Xi.", &[("Tayyip Erdogan", Some("TUR"))]),
            article(
                "Recep Tayyip Erdogan left Tianjin.",
                &[("Recep Tayyip Erdogan", None)],
            ),
            article("Erdogan was back in Ankara.", &[("Erdogan", Some("TUR"))]),
        ],
        &["Recep Tayyip Erdogan | Erdogan; Tayyip Erdogan | TUR | 4/4"],
    );
}

#[test]
fn the_same_words_in_another_order_are_one_person() {
    check(
        &[
            article(
                "Recep Tayyip Erdogan spoke.",
                &[("Recep Tayyip Erdogan", Some("TUR"))],
            ),
            article(
                "Tayyip Recep Erdogan spoke.",
                &[("Tayyip Recep Erdogan", Some("TUR"))],
            ),
            article(
                "RECEP TAYYIP ERDOĞAN spoke.",
                &[("RECEP TAYYIP ERDOĞAN", None)],
            ),
        ],
        &["Recep Tayyip Erdogan | RECEP TAYYIP ERDOĞAN; Tayyip Recep Erdogan | TUR | 3/3"],
    );
}

#[test]
fn a_surname_shared_by_two_stored_actors_is_not_guessed() {
    let mut store = store_of(&[
        article(
            "Wang Yi met Hakan Fidan.",
            &[("Wang Yi", Some("CHN")), ("Hakan Fidan", Some("TUR"))],
        ),
        article(
            "Wang Wenbin briefed reporters.",
            &[("Wang Wenbin", Some("CHN"))],
        ),
    ]);
    let before = render(&store.actors().unwrap());
    let mut lone = article("Wang said the talks were candid.", &[("Wang", None)]);
    lone.statement(
        entente_model::Speaker::Actor(entente_model::ActorId(0)),
        "the talks were candid",
    );
    let summary = store.ingest(&[lone.pair()]).unwrap();
    assert_eq!(summary.added, 1);
    assert_eq!(summary.actors_added, 0);
    assert_eq!(summary.actors_unresolved, 1);
    assert_eq!(summary.mentions_added, 0);
    assert_eq!(summary.statements_added, 0);
    assert_eq!(render(&store.actors().unwrap()), before);
    assert_eq!(
        before,
        [
            "Wang Yi | - | CHN | 1/1",
            "Hakan Fidan | - | TUR | 1/1",
            "Wang Wenbin | - | CHN | 1/1",
        ]
    );
}

#[test]
fn a_shared_surname_joins_the_full_name_of_the_same_article() {
    let mut store = store_of(&[
        article("Wang Yi met Hakan Fidan.", &[("Wang Yi", Some("CHN"))]),
        article(
            "Wang Wenbin briefed reporters.",
            &[("Wang Wenbin", Some("CHN"))],
        ),
    ]);
    let both = article(
        "Wang Wenbin said Wang would travel.",
        &[("Wang Wenbin", Some("CHN")), ("Wang", None)],
    );
    let summary = store.ingest(&[both.pair()]).unwrap();
    assert_eq!(summary.actors_unresolved, 0);
    assert_eq!(
        render(&store.actors().unwrap()),
        ["Wang Yi | - | CHN | 1/1", "Wang Wenbin | Wang | CHN | 4/2"]
    );
}

#[test]
fn a_family_name_first_surname_joins_the_one_candidate() {
    check(
        &[
            article(
                "Wang Yi met Hakan Fidan.",
                &[("Wang Yi", Some("CHN")), ("Hakan Fidan", Some("TUR"))],
            ),
            article(
                "Wang welcomed Fidan.",
                &[("Wang", None), ("Fidan", Some("TUR"))],
            ),
        ],
        &[
            "Wang Yi | Wang | CHN | 2/2",
            "Hakan Fidan | Fidan | TUR | 2/2",
        ],
    );
}

#[test]
fn a_surname_of_another_country_is_another_person() {
    check(
        &[
            article("Hakan Fidan spoke.", &[("Hakan Fidan", Some("TUR"))]),
            article("Fidan of Russia spoke.", &[("Fidan", Some("RUS"))]),
        ],
        &["Hakan Fidan | - | TUR | 1/1", "Fidan | - | RUS | 1/1"],
    );
}

#[test]
fn different_people_with_one_surname_stay_apart() {
    check(
        &[
            article(
                "Recep Tayyip Erdogan spoke.",
                &[("Recep Tayyip Erdogan", Some("TUR"))],
            ),
            article("Bilal Erdogan spoke.", &[("Bilal Erdogan", Some("TUR"))]),
        ],
        &[
            "Recep Tayyip Erdogan | - | TUR | 1/1",
            "Bilal Erdogan | - | TUR | 1/1",
        ],
    );
}

#[test]
fn a_coreference_slip_in_one_article_does_not_fuse_two_people() {
    let mut slip = Article::new("Polls show a Joe Biden-Donald Trump race.");
    slip.actor_with(
        "Joe Biden-Donald Trump",
        None,
        &["Donald Trump", "Joe Biden", "Biden"],
        &[],
    );
    let mut wrong_alias = Article::new("Donald Trump answered Biden.");
    wrong_alias.actor_with("Donald Trump", Some("USA"), &["Biden"], &[]);
    check(
        &[
            article(
                "Donald J. Trump spoke.",
                &[("Donald J. Trump", Some("USA"))],
            ),
            article("Joe Biden spoke.", &[("Joe Biden", Some("USA"))]),
            slip,
            article("Joe Biden spoke again.", &[("Joe Biden", Some("USA"))]),
            wrong_alias,
        ],
        &[
            "Donald J. Trump | Donald Trump | USA | 3/2",
            "Joe Biden | - | USA | 2/2",
            // Only the form that keeps the canonical surname is an alias.
            "Joe Biden-Donald Trump | Donald Trump | - | 4/1",
        ],
    );
}

#[test]
fn titles_accumulate_and_the_first_country_is_kept() {
    let mut one = Article::new("Foreign Minister Hakan Fidan spoke.");
    one.actor_with("Hakan Fidan", Some("TUR"), &[], &["Foreign Minister"]);
    let mut two = Article::new("Top diplomat Hakan Fidan spoke.");
    two.actor_with(
        "Hakan Fidan",
        None,
        &[],
        &["foreign minister", "Top diplomat"],
    );
    let mut three = Article::new("Hakan Fidan, Turkey's foreign minister, spoke.");
    three.actor_with("Hakan Fidan", Some("RUS"), &[], &[]);
    let store = store_of(&[one, two, three]);
    let actors = store.actors().unwrap();
    assert_eq!(actors.len(), 1);
    let actor = &actors[0].actor;
    assert_eq!(actor.country.as_ref().unwrap().name, "Türkiye");
    let titles: Vec<(&str, Option<&str>)> = actor
        .titles
        .iter()
        .map(|t: &Title| (t.name.as_str(), t.country.as_deref()))
        .collect();
    assert_eq!(
        titles,
        [("Foreign Minister", Some("TUR")), ("Top diplomat", None)]
    );
}

#[test]
fn an_actor_without_mentions_is_not_listed() {
    let mut article = Article::new("Xi Jinping spoke.");
    article.actor("Xi Jinping", Some("CHN"));
    article.extraction.mentions.clear();
    let store = store_of(&[article]);
    assert!(store.actors().unwrap().is_empty());
}

/// The writer keeps what it read of the actors for the rest of its transaction: one batch
/// must store what one transaction per article stores (renames, titles completed later,
/// countries set later, new actors found again by key).
#[test]
fn one_batch_stores_what_one_ingest_per_article_stores() {
    let texts: [(&str, &str, Option<&str>, &[&str]); 6] = [
        ("Fidan spoke.", "Fidan", None, &["Minister"]),
        (
            "Hakan Fidan spoke.",
            "Hakan Fidan",
            Some("TUR"),
            &["Minister"],
        ),
        ("Wang Yi spoke.", "Wang Yi", None, &["Foreign Minister"]),
        (
            "Wang Yi spoke again.",
            "Wang Yi",
            Some("CHN"),
            &["foreign minister", "Envoy"],
        ),
        ("Yi Wang spoke.", "Yi Wang", None, &["Envoy", "Director"]),
        ("Fidan spoke again.", "Fidan", Some("TUR"), &["Spy Chief"]),
    ];
    let articles: Vec<Article> = texts
        .iter()
        .map(|(text, name, code, titles)| {
            let mut article = Article::new(text);
            article.actor_with(name, *code, &[], titles);
            article
        })
        .collect();
    let apart = store_of(&articles);
    let mut together = Store::open_in_memory().unwrap();
    let batch: Vec<_> = articles.iter().map(Article::pair).collect();
    together.ingest(&batch).unwrap();
    assert_eq!(together.actors().unwrap(), apart.actors().unwrap());
    assert_eq!(apart.actors().unwrap().len(), 2);
}
