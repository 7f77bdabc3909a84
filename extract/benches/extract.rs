//! Extraction throughput on the development corpus (`../shared/eval/dev`), in MB/s of
//! article text: `cargo bench -p entente-extract`. Skips when `../shared` is absent.
#![allow(clippy::print_stdout, clippy::print_stderr, clippy::unwrap_used)]

use std::path::Path;
use std::sync::LazyLock;

use divan::counter::BytesCount;
use entente_extract::{Lexicon, extract, normalise_text, sha256_hex};
use entente_model::Document;

// The allocator the `entente` binary uses.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::builtin);

static CORPUS: LazyLock<Vec<Document>> = LazyLock::new(|| {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/eval/dev/articles.jsonl");
    let Ok(data) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} is absent", path.display());
        return Vec::new();
    };
    data.lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .map(|v| {
            let text = normalise_text(v["text"].as_str().unwrap_or("")).text;
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
        .collect()
});

#[divan::bench]
fn lexicon_build() -> Lexicon {
    Lexicon::builtin()
}

#[divan::bench]
fn extract_dev_corpus(bencher: divan::Bencher) {
    let lexicon = &*LEXICON;
    let corpus = &*CORPUS;
    let bytes: usize = corpus.iter().map(|d| d.text.len()).sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        let mut statements = 0;
        for doc in corpus {
            statements += extract(doc, lexicon).statements.len();
        }
        // A fast wrong answer must not pass: the corpus is full of statements.
        assert!(
            corpus.is_empty() || statements > 100,
            "only {statements} statements"
        );
        statements
    });
}
