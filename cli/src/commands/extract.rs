//! `entente extract`: one article, no database.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use entente_extract::{Lexicon, extract, normalise_text, sha256_hex};
use entente_model::{Document, Extraction, Speaker};

use crate::args::ExtractFormat;
use crate::input::{self, Defaults, Item};

pub fn run(
    path: &Path,
    published: Option<NaiveDate>,
    format: ExtractFormat,
    lexicon: &Lexicon,
) -> anyhow::Result<ExitCode> {
    let defaults = Defaults {
        published,
        ..Defaults::default()
    };
    let mut article = None;
    for item in input::read_files(&[PathBuf::from(path)], &defaults) {
        match item {
            Item::Article(a) => {
                article = Some(a);
                break;
            }
            Item::Warning(w) => eprintln!("entente: warning: {w}"),
            Item::Rejected(e) => {
                eprintln!("entente: rejected {e}");
                return Ok(ExitCode::from(1));
            }
        }
    }
    let Some(article) = article else {
        eprintln!("entente: rejected {}: no article", path.display());
        return Ok(ExitCode::from(1));
    };
    let normalised = normalise_text(&article.text);
    let document = Document {
        external_id: article.external_id,
        title: article.title,
        published: article.published.or(published),
        source: article.source,
        url: article.url,
        path: Some(article.origin),
        sha256: sha256_hex(&normalised.text),
        text: normalised.text,
    };
    let extraction = extract(&document, lexicon);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match format {
        ExtractFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &extraction).context("cannot write JSON")?;
            writeln!(out)?;
        }
        ExtractFormat::Text => write_text(&mut out, &extraction)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// One line per record: kind, the record, and its evidence sentence.
fn write_text(out: &mut impl Write, x: &Extraction) -> std::io::Result<()> {
    let actor = |id: i64| x.actors.get(id as usize).map_or("?", |a| a.name.as_str());
    for a in &x.actors {
        let country = a.country.as_ref().map_or("-", |c| c.code.as_str());
        let title = a.titles.last().map_or("", |t| t.name.as_str());
        writeln!(
            out,
            "actor         {} [{}] {} aliases: {}",
            a.name,
            country,
            title,
            a.aliases.join("; ")
        )?;
    }
    for o in &x.organisations {
        writeln!(
            out,
            "organisation  {} ({}) {}",
            o.name,
            o.acronym.as_deref().unwrap_or("-"),
            o.kind.as_str()
        )?;
    }
    for i in &x.initiatives {
        writeln!(out, "initiative    {}", i.name)?;
    }
    for m in &x.meetings {
        let names: Vec<&str> = m.participants.iter().map(|p| actor(p.actor.0)).collect();
        let date = m
            .date
            .as_ref()
            .map(|d| {
                format!(
                    "{} ({})",
                    d.date.map_or("-".to_string(), |d| d.to_string()),
                    d.text
                )
            })
            .unwrap_or_else(|| "-".into());
        writeln!(
            out,
            "meeting       {:?} {} | {} | {} | {}",
            m.status,
            m.kind.as_str(),
            names.join(", "),
            date,
            m.location.display()
        )?;
        for e in &m.evidence {
            writeln!(out, "  evidence    [{}] {}", e.rule, e.text)?;
        }
    }
    for s in &x.statements {
        let speaker = match &s.speaker {
            Speaker::Actor(a) => actor(a.0).to_string(),
            Speaker::Organisation(o) => x
                .organisations
                .get(o.0 as usize)
                .map_or("?".into(), |o| o.name.clone()),
            Speaker::Country(c) => c.clone(),
        };
        writeln!(
            out,
            "statement     {} {} ({}): {}",
            speaker,
            s.verb.as_deref().unwrap_or("-"),
            s.mode.as_str(),
            s.text
        )?;
        for e in &s.evidence {
            writeln!(out, "  evidence    [{}] {}", e.rule, e.text)?;
        }
    }
    Ok(())
}
