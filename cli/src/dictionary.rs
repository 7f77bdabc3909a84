//! The user dictionary: `--dict FILE`, or `entente.dict.toml` beside the database when
//! present, read here and compiled with the built-in lexicon.

use std::path::{Path, PathBuf};

use anyhow::Context;
use entente_extract::{Dictionary, Lexicon};

use crate::commands::Output;

/// The file name looked for beside the database.
pub const BESIDE_DATABASE: &str = "entente.dict.toml";

/// The lexicon to extract with: the built-in one, plus the user dictionary when one is
/// named or lies beside the database. A dictionary that cannot be read or has a
/// malformed entry is an error (`file:line: message`).
pub fn lexicon(dict: Option<&Path>, db: &Path, output: Output) -> anyhow::Result<Lexicon> {
    let path: PathBuf = match dict {
        Some(path) => path.to_path_buf(),
        None => {
            let beside = db.parent().unwrap_or(Path::new("")).join(BESIDE_DATABASE);
            if !beside.is_file() {
                return Ok(Lexicon::builtin());
            }
            beside
        }
    };
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read dictionary `{}`", path.display()))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let dictionary = Dictionary::parse(text, &path.display().to_string())?;
    if output.verbose {
        eprintln!(
            "entente: dictionary {} ({} persons, {} organisations, {} initiatives)",
            path.display(),
            dictionary.persons.len(),
            dictionary.organisations.len(),
            dictionary.initiatives.len()
        );
    }
    Ok(Lexicon::with_dictionary(&dictionary))
}
