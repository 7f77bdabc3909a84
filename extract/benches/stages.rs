//! Throughput of each public stage of extraction on the development corpus
//! (`../shared/eval/dev`), in MB/s of article text: `cargo bench -p entente-extract
//! --bench stages`. The stages after the lexicon (entities, persons, coreference,
//! statements, meetings) are not public: their cost is `extract` less the stages before.
//! Skips when `../shared` is absent.
#![allow(clippy::print_stdout, clippy::print_stderr, clippy::unwrap_used)]

use std::path::Path;
use std::sync::LazyLock;

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use entente_extract::{Lexicon, dates, extract, normalise_text, sha256_hex, text};
use entente_model::{Document, Span};

// The allocator the `entente` binary uses.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::builtin);

/// The raw texts and the documents made of them.
static CORPUS: LazyLock<(Vec<String>, Vec<Document>)> = LazyLock::new(|| {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/eval/dev/articles.jsonl");
    let Ok(data) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} is absent", path.display());
        return (Vec::new(), Vec::new());
    };
    let values: Vec<serde_json::Value> = data
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect();
    let raw: Vec<String> = values
        .iter()
        .map(|v| v["text"].as_str().unwrap_or("").to_owned())
        .collect();
    let documents = values
        .iter()
        .zip(&raw)
        .map(|(v, raw)| {
            let text = normalise_text(raw).text;
            Document {
                external_id: v["id"].as_str().map(String::from),
                title: None,
                published: v["published"].as_str().and_then(|s| s.parse().ok()),
                source: None,
                url: None,
                path: None,
                sha256: sha256_hex(&text),
                text,
            }
        })
        .collect();
    (raw, documents)
});

fn documents() -> &'static [Document] {
    &CORPUS.1
}

fn bytes() -> BytesCount {
    BytesCount::new(documents().iter().map(|d| d.text.len()).sum::<usize>())
}

#[divan::bench]
fn normalise(bencher: Bencher) {
    let raw = &CORPUS.0;
    bencher.counter(bytes()).bench(|| {
        let mut total = 0;
        for text in raw {
            total += normalise_text(text).text.len();
        }
        assert!(raw.is_empty() || total > 1000);
        total
    });
}

#[divan::bench]
fn sha256(bencher: Bencher) {
    bencher.counter(bytes()).bench(|| {
        for document in documents() {
            black_box(sha256_hex(&document.text));
        }
    });
}

/// Paragraphs, tokens and sentences: what `Doc::new` does before the lexicon.
#[divan::bench]
fn segment(bencher: Bencher) {
    bencher.counter(bytes()).bench(|| {
        let mut n_sentences = 0;
        let mut tokens = Vec::new();
        let mut sentences: Vec<Span> = Vec::new();
        for document in documents() {
            for paragraph in text::paragraphs(&document.text) {
                tokens.clear();
                sentences.clear();
                text::tokenize(&document.text, paragraph, &mut tokens);
                text::sentences(&document.text, paragraph, &tokens, &mut sentences);
                n_sentences += sentences.len();
            }
        }
        assert!(documents().is_empty() || n_sentences > 100, "{n_sentences}");
        n_sentences
    });
}

/// The one Aho-Corasick pass over the folded text.
#[divan::bench]
fn lexicon_matches(bencher: Bencher) {
    let lexicon = &*LEXICON;
    bencher.counter(bytes()).bench(|| {
        let mut n_matches = 0;
        for document in documents() {
            n_matches += lexicon.find(&document.text).len();
        }
        assert!(documents().is_empty() || n_matches > 100, "{n_matches}");
        n_matches
    });
}

/// Date expressions, paragraph by paragraph.
#[divan::bench]
fn dates(bencher: Bencher) {
    bencher.counter(bytes()).bench(|| {
        let mut n_dates = 0;
        for document in documents() {
            for paragraph in text::paragraphs(&document.text) {
                n_dates +=
                    dates::find_dates(&document.text, paragraph, document.published, None).len();
            }
        }
        assert!(documents().is_empty() || n_dates > 10, "{n_dates}");
        n_dates
    });
}

/// Every stage: the whole of `extract`.
#[divan::bench]
fn extract_all(bencher: Bencher) {
    let lexicon = &*LEXICON;
    bencher.counter(bytes()).bench(|| {
        let mut n_statements = 0;
        for document in documents() {
            n_statements += extract(document, lexicon).statements.len();
        }
        assert!(
            documents().is_empty() || n_statements > 100,
            "{n_statements}"
        );
        n_statements
    });
}
