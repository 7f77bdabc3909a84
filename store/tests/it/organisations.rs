//! Organisations merge by name, acronym or alias; initiatives by name or alias.

use entente_store::Store;

use crate::fixture::Article;

#[test]
fn organisations_merge_by_acronym_and_initiatives_by_name() {
    let mut one = Article::new(
        "Leaders of the Shanghai Cooperation Organisation met on the Belt and Road Initiative.",
    );
    one.organisation(
        "Shanghai Cooperation Organisation",
        Some("SCO"),
        "Shanghai Cooperation Organisation",
    );
    one.initiative("Belt and Road Initiative", None);
    let mut two = Article::new("The SCO summit praised the belt and road initiative.");
    two.organisation("SCO", None, "SCO");
    let id = two.initiative("belt and road initiative", Some("CHN"));
    two.extraction.initiatives[id.0 as usize]
        .aliases
        .push("BRI".into());
    let mut three = Article::new("The BRI and the Shanghai Cooperation Organization met.");
    three.initiative("BRI", None);
    three.organisation(
        "Shanghai Cooperation Organization",
        Some("SCO"),
        "Shanghai Cooperation Organization",
    );
    let mut four = Article::new("A Belt and Road Initiative summit opened.");
    let id = four.initiative("Belt and Road Initiative", None);
    four.extraction.initiatives[id.0 as usize]
        .aliases
        .push("BRI".into());
    let mut store = Store::open_in_memory().unwrap();
    for article in [three, four, one, two] {
        store.ingest(&[article.pair()]).unwrap();
    }
    let organisations = store.organisations().unwrap();
    assert_eq!(organisations.len(), 1);
    let sco = &organisations[0];
    assert_eq!(sco.organisation.name, "Shanghai Cooperation Organization");
    assert_eq!(sco.organisation.acronym.as_deref(), Some("SCO"));
    assert_eq!(
        sco.organisation.aliases,
        ["Shanghai Cooperation Organisation"]
    );
    assert_eq!((sco.mentions, sco.documents), (3, 3));
    let initiatives = store.initiatives().unwrap();
    assert_eq!(initiatives.len(), 1);
    let bri = &initiatives[0].initiative;
    assert_eq!(bri.name, "Belt and Road Initiative");
    assert_eq!(bri.aliases, ["BRI", "belt and road initiative"]);
    assert_eq!((initiatives[0].mentions, initiatives[0].documents), (4, 4));
    assert_eq!(bri.sponsor.as_ref().unwrap().code, "CHN");
}

/// The organisations of `articles` stored one transaction each and all in one (where
/// the writer keeps its lookups and merges): the same records.
#[test]
fn organisations_merged_in_one_transaction_equal_one_by_one() {
    let forms: [(&str, Option<&str>, &str); 6] = [
        ("SCO", None, "SCO"),
        (
            "Shanghai Cooperation Organisation",
            Some("SCO"),
            "the Shanghai body",
        ),
        ("SCO", None, "SCO"),
        ("Foreign Ministry", None, "Foreign Ministry"),
        (
            "Ministry of Foreign Affairs",
            Some("MFA"),
            "Ministry of Foreign Affairs",
        ),
        ("MFA", None, "MFA"),
    ];
    let articles: Vec<Article> = forms
        .iter()
        .cycle()
        .take(14)
        .enumerate()
        .map(|(n, &(name, acronym, surface))| {
            let mut article = Article::new(&format!("Article {n}: {surface} spoke."));
            article.organisation(name, acronym, surface);
            article
        })
        .collect();
    // The reference: a store opened afresh for each article, so nothing is carried over.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fresh.db");
    for article in &articles {
        Store::open(&path)
            .unwrap()
            .ingest(&[article.pair()])
            .unwrap();
    }
    let expected = Store::open(&path).unwrap().organisations().unwrap();
    assert_eq!(expected.len(), 3, "{expected:?}");
    let mut one_by_one = Store::open_in_memory().unwrap();
    for article in &articles {
        one_by_one.ingest(&[article.pair()]).unwrap();
    }
    assert_eq!(one_by_one.organisations().unwrap(), expected, "one store");
    let mut batched = Store::open_in_memory().unwrap();
    let pairs: Vec<_> = articles.iter().map(Article::pair).collect();
    batched.ingest(&pairs).unwrap();
    assert_eq!(batched.organisations().unwrap(), expected, "in one batch");
}
