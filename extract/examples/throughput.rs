//! Single-thread extraction throughput on a JSONL corpus, in MB/s of article text:
//! `cargo run --release -p entente-extract --example throughput -- FILE.jsonl [--digest]`.
//!
//! With `--digest` it also prints the sha256 of every extraction's debug form, in
//! order: two builds that print the same digest found exactly the same records, so a
//! speed change can be checked for changed results on a large corpus in one line.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::time::Instant;

use entente_extract::{Lexicon, extract, normalise_text, sha256_hex};
use entente_model::Document;
use sha2::{Digest, Sha256};

// The allocator the `entente` binary uses.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: throughput FILE.jsonl [--digest]");
        return;
    };
    let digest = std::env::args().any(|a| a == "--digest");
    let data = std::fs::read_to_string(&path).unwrap_or_default();
    let docs: Vec<Document> = data
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .map(|v| {
            let text = normalise_text(v["text"].as_str().unwrap_or("")).text;
            Document {
                external_id: None,
                title: None,
                published: v["published"]
                    .as_str()
                    .and_then(|s| s.get(..10)?.parse().ok()),
                source: None,
                url: None,
                path: None,
                sha256: sha256_hex(&text),
                text,
            }
        })
        .collect();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let started = Instant::now();
    let lexicon = Lexicon::builtin();
    let lexicon_time = started.elapsed();
    let started = Instant::now();
    let mut records = 0;
    let mut hasher = Sha256::new();
    for doc in &docs {
        let x = extract(doc, &lexicon);
        records += x.actors.len() + x.meetings.len() + x.statements.len();
        if digest {
            hasher.update(format!("{x:?}").as_bytes());
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    if digest {
        let sum: String = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        println!("digest {sum} (timing includes the digest)");
    }
    println!(
        "{} documents, {:.1} MB, {:.2} s, {:.1} MB/s, {} records (lexicon built in {:?})",
        docs.len(),
        bytes as f64 / 1e6,
        elapsed,
        bytes as f64 / 1e6 / elapsed,
        records,
        lexicon_time
    );
}
