//! Development aid: prints what `extract` finds in the articles of a JSONL corpus.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use entente_extract::{Lexicon, extract, normalise_text, sha256_hex};
use entente_model::{Document, Speaker};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: dump FILE.jsonl [ID]");
        return;
    };
    let only = args.get(2);
    let data = std::fs::read_to_string(path).unwrap_or_default();
    let lexicon = Lexicon::builtin();
    for line in data.lines() {
        let v: serde_json::Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(_) => continue,
        };
        let id = v["id"].as_str().unwrap_or("").to_string();
        if only.is_some_and(|o| *o != id) {
            continue;
        }
        let text = normalise_text(v["text"].as_str().unwrap_or("")).text;
        let doc = Document {
            external_id: Some(id.clone()),
            title: None,
            published: v["published"].as_str().and_then(|s| s.parse().ok()),
            source: None,
            url: None,
            path: None,
            sha256: sha256_hex(&text),
            text,
        };
        let x = extract(&doc, &lexicon);
        println!("=== {id} {:?}", doc.published);
        for a in &x.actors {
            println!(
                "P {} {:?} {:?} {:?}",
                a.name,
                a.aliases,
                a.country.as_ref().map(|c| &c.code),
                a.titles.iter().map(|t| &t.name).collect::<Vec<_>>()
            );
        }
        for o in &x.organisations {
            println!("O {} {:?} {:?}", o.name, o.acronym, o.aliases);
        }
        for o in &x.initiatives {
            println!("I {} {:?}", o.name, o.aliases);
        }
        for m in &x.meetings {
            let names: Vec<&str> = m
                .participants
                .iter()
                .map(|p| x.actors[p.actor.0 as usize].name.as_str())
                .collect();
            println!(
                "M {:?} {:?} {:?} {:?} {:?} {:?} | {}",
                m.status,
                names,
                m.date.as_ref().map(|d| (d.date, &d.text)),
                m.location.display(),
                m.occasion,
                m.kind,
                m.evidence[0].text
            );
        }
        for s in &x.statements {
            let who = match &s.speaker {
                Speaker::Actor(a) => x.actors[a.0 as usize].name.clone(),
                other => format!("{other:?}"),
            };
            println!(
                "S {:?} {} [{}] {}",
                s.mode,
                who,
                s.verb.clone().unwrap_or_default(),
                s.text
            );
        }
    }
}
