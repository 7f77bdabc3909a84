//! The user dictionary: `--dict FILE`, or `entente.dict.toml` beside the database when
//! present, read here and compiled with the built-in lexicon.

use std::path::{Path, PathBuf};

use anyhow::Context;
use entente_extract::{Dictionary, Lexicon, dictionary_fingerprint, rules_version};
use entente_store::ExtractorVersion;

use crate::commands::Output;

/// The file name looked for beside the database.
pub const BESIDE_DATABASE: &str = "entente.dict.toml";

/// The lexicon to extract with: the built-in one, plus the user dictionary when one is
/// named or lies beside the database. A dictionary that cannot be read or has a
/// malformed entry is an error (`file:line: message`).
pub fn lexicon(dict: Option<&Path>, db: &Path, output: Output) -> anyhow::Result<Lexicon> {
    Ok(load(dict, db, output)?.0)
}

/// [`lexicon`], and the extractor version it makes: this binary's rules with the
/// fingerprint of the dictionary read.
pub fn load(
    dict: Option<&Path>,
    db: &Path,
    output: Output,
) -> anyhow::Result<(Lexicon, ExtractorVersion)> {
    let Some((path, text)) = read(dict, db)? else {
        return Ok((Lexicon::builtin(), version(None)));
    };
    let dictionary = Dictionary::parse(&text, &path.display().to_string())?;
    if output.verbose {
        eprintln!(
            "entente: dictionary {} ({} persons, {} organisations, {} initiatives)",
            path.display(),
            dictionary.persons.len(),
            dictionary.organisations.len(),
            dictionary.initiatives.len()
        );
    }
    Ok((Lexicon::with_dictionary(&dictionary), version(Some(&text))))
}

/// The extractor version an ingest would record now, without compiling the lexicon:
/// the dictionary is read (it must be readable) but not checked.
pub fn current_version(dict: Option<&Path>, db: &Path) -> anyhow::Result<ExtractorVersion> {
    let text = read(dict, db)?.map(|(_, text)| text);
    Ok(version(text.as_deref()))
}

fn version(dictionary: Option<&str>) -> ExtractorVersion {
    ExtractorVersion {
        rules: rules_version(),
        dictionary: dictionary.map(dictionary_fingerprint),
    }
}

/// The dictionary in use, its path and text (without a BOM), if any.
fn read(dict: Option<&Path>, db: &Path) -> anyhow::Result<Option<(PathBuf, String)>> {
    let path: PathBuf = match dict {
        Some(path) => path.to_path_buf(),
        None => {
            let beside = db.parent().unwrap_or(Path::new("")).join(BESIDE_DATABASE);
            if !beside.is_file() {
                return Ok(None);
            }
            beside
        }
    };
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read dictionary `{}`", path.display()))?;
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    Ok(Some((path, text)))
}
