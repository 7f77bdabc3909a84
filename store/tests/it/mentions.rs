//! Mentions: byte spans and character offsets.

use entente_model::{EntityRef, Span};
use entente_store::Store;

use crate::fixture::Article;

#[test]
fn character_offsets_count_what_python_counts() {
    let text = "Türkiye’s President Recep Tayyip Erdoğan met Xi Jinping in Tianjin.";
    let mut article = Article::new(text);
    article.country("TUR", "Türkiye");
    let erdogan = article.actor("Recep Tayyip Erdoğan", Some("TUR"));
    article.actor("Xi Jinping", Some("CHN"));
    let mut store = Store::open_in_memory().unwrap();
    store.ingest(&[article.pair()]).unwrap();
    let mentions = store.mentions().unwrap();
    let found: Vec<(&str, Span, usize, usize)> = mentions
        .iter()
        .map(|m| (m.surface.as_str(), m.span, m.char_start, m.char_end))
        .collect();
    // In Python: text.index("Recep") == 20, len("Recep Tayyip Erdoğan") == 20.
    assert_eq!(
        found,
        [
            ("Türkiye", Span::new(0, 8), 0, 7),
            ("Recep Tayyip Erdoğan", Span::new(23, 44), 20, 40),
            ("Xi Jinping", Span::new(49, 59), 45, 55),
        ]
    );
    assert_eq!(mentions[0].entity, EntityRef::Country("TUR".into()));
    let stored_id = store.actors().unwrap()[0].actor.id;
    assert_eq!(mentions[1].entity, EntityRef::Actor(stored_id));
    assert_ne!(EntityRef::Actor(erdogan), EntityRef::Actor(stored_id));
    let document = &store.documents().unwrap()[0].document;
    assert_eq!(
        mentions[1].span.slice(&document.text),
        "Recep Tayyip Erdoğan"
    );
}

#[test]
fn a_span_off_a_character_boundary_is_skipped() {
    let mut article = Article::new("Türkiye’s Erdoğan spoke.");
    let erdogan = article.actor("Erdoğan", Some("TUR"));
    article.extraction.mentions.push(entente_model::Mention {
        entity: EntityRef::Actor(erdogan),
        surface: "?".into(),
        span: Span::new(2, 3),
    });
    article.extraction.mentions.push(entente_model::Mention {
        entity: EntityRef::Actor(erdogan),
        surface: "?".into(),
        span: Span::new(20, 400),
    });
    let mut store = Store::open_in_memory().unwrap();
    let summary = store.ingest(&[article.pair()]).unwrap();
    assert_eq!(summary.mentions_added, 1);
    let mentions = store.mentions().unwrap();
    assert_eq!((mentions[0].char_start, mentions[0].char_end), (10, 17));
}

#[test]
fn mentions_are_sorted_by_document_and_start() {
    let mut one = Article::new("Xi Jinping hosted Erdogan. Erdogan thanked Xi Jinping.");
    one.actor("Erdogan", Some("TUR"));
    one.actor("Xi Jinping", Some("CHN"));
    let mut two = Article::new("Erdogan flew home.");
    two.actor("Erdogan", Some("TUR"));
    let mut store = Store::open_in_memory().unwrap();
    store.ingest(&[one.pair(), two.pair()]).unwrap();
    let order: Vec<(i64, usize)> = store
        .mentions()
        .unwrap()
        .iter()
        .map(|m| (m.document.0, m.span.start))
        .collect();
    assert_eq!(order, [(1, 0), (1, 18), (1, 27), (1, 43), (2, 0)]);
    let actors = store.actors().unwrap();
    let erdogan = actors.iter().find(|a| a.actor.name == "Erdogan").unwrap();
    assert_eq!((erdogan.mentions, erdogan.documents), (3, 2));
}

#[test]
fn each_mention_streams_in_export_order() {
    // Two entities on the same span, the country stored first (the lower id): streamed
    // actor first, as `EntityRef` orders them; the second document after the first.
    let text = "Ankara hosted Erdoğan in Ankara.";
    let mut first = Article::new(text);
    let erdogan = first.actor("Erdoğan", Some("TUR"));
    first.extraction.mentions.push(entente_model::Mention {
        entity: EntityRef::Country("TUR".into()),
        surface: "Erdoğan".into(),
        span: Span::new(14, 22),
    });
    first.extraction.mentions.reverse();
    let mut second = Article::new("Xi Jinping spoke.");
    second.actor("Xi Jinping", Some("CHN"));
    let mut store = Store::open_in_memory().unwrap();
    store.ingest(&[first.pair(), second.pair()]).unwrap();
    let _ = erdogan;

    let mut streamed = Vec::new();
    store
        .each_mention(|record| -> Result<(), entente_store::Error> {
            streamed.push(record);
            Ok(())
        })
        .unwrap();
    let mut expected = store.mentions().unwrap();
    expected.sort_by(|a, b| {
        (a.document, a.char_start, a.char_end, &a.entity, &a.surface).cmp(&(
            b.document,
            b.char_start,
            b.char_end,
            &b.entity,
            &b.surface,
        ))
    });
    assert_eq!(streamed.len(), 3);
    assert_eq!(streamed, expected);
    assert!(matches!(streamed[0].entity, EntityRef::Actor(_)));
    assert_eq!(streamed[1].entity, EntityRef::Country("TUR".into()));
    assert_eq!(streamed[2].surface, "Xi Jinping");

    // An error of the callback stops the reading and comes back.
    #[derive(Debug, PartialEq)]
    enum Stop {
        Store,
        Enough,
    }
    impl From<entente_store::Error> for Stop {
        fn from(_: entente_store::Error) -> Stop {
            Stop::Store
        }
    }
    let mut seen = 0;
    let stopped = store.each_mention(|_| {
        seen += 1;
        Err(Stop::Enough)
    });
    assert_eq!(stopped, Err(Stop::Enough));
    assert_eq!(seen, 1);
}
