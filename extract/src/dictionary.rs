//! User dictionaries: persons, organisations and initiatives an analyst adds or corrects,
//! written in TOML (`--dict FILE`). This module only parses and checks the text; the
//! caller reads the file, and [`crate::Lexicon::with_dictionary`] compiles the entries.
//!
//! ```toml
//! [[person]]
//! name = "Hakan Fidan"
//! aliases = ["Fidan"]
//! country = "TUR"
//! roles = [{ title = "Foreign Minister", country = "TUR", from = 2023-06-04 }]
//!
//! [[organisation]]
//! name = "Presidency of Religious Affairs"
//! acronym = "Diyanet"
//! kind = "government"
//! country = "TUR"
//!
//! [[initiative]]
//! name = "Development Road"
//! sponsor = "IRQ"
//! aliases = ["Development Road Project"]
//! ```
//!
//! Unknown keys, a country that is no ISO 3166-1 alpha-3 code of the built-in lexicon,
//! an unknown organisation kind, a date that is no `YYYY-MM-DD`, an empty name and a name
//! given twice are errors naming the file and the line.

use std::collections::HashMap;

use chrono::NaiveDate;
use entente_model::OrganisationKind;
use serde::Deserialize;
use toml::Spanned;

use crate::error::{Error, Result};

/// The entries of one user dictionary, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dictionary {
    pub persons: Vec<Person>,
    pub organisations: Vec<Organisation>,
    pub initiatives: Vec<Initiative>,
}

/// A person: recognised by name or alias even without a title, given its country, and
/// given the role valid at the article's date when the text states no title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// The canonical name, shown for every form of the person.
    pub name: String,
    pub aliases: Vec<String>,
    /// ISO 3166-1 alpha-3.
    pub country: Option<String>,
    pub roles: Vec<Role>,
    /// The line of the entry's `[[person]]` header.
    pub line: usize,
}

/// An office held, possibly for a period: "Foreign Minister of TUR from 2023-06-04".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    pub title: String,
    /// ISO 3166-1 alpha-3 of the state the office belongs to.
    pub country: Option<String>,
    pub organisation: Option<String>,
    /// First day in office, when known.
    pub from: Option<NaiveDate>,
    /// Last day in office, when it ended.
    pub to: Option<NaiveDate>,
}

/// An organisation; it replaces a built-in one that shares a name, acronym or alias.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    pub name: String,
    pub acronym: Option<String>,
    pub kind: OrganisationKind,
    /// ISO 3166-1 alpha-3, for national bodies.
    pub country: Option<String>,
    pub aliases: Vec<String>,
    pub line: usize,
}

/// An initiative; it replaces a built-in one that shares a name or alias.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Initiative {
    pub name: String,
    /// ISO 3166-1 alpha-3 of the sponsoring state.
    pub sponsor: Option<String>,
    pub aliases: Vec<String>,
    pub line: usize,
}

impl Dictionary {
    /// Parses and checks a dictionary. `file` names it in errors (`file:line: message`).
    pub fn parse(text: &str, file: &str) -> Result<Dictionary> {
        let raw: RawFile = toml::from_str(text).map_err(|error| Error::Dictionary {
            file: file.to_string(),
            line: error.span().map_or(1, |span| line_of(text, span.start)),
            message: error.message().trim().to_string(),
        })?;
        let check = Checker { text, file };
        let mut dictionary = Dictionary::default();
        let mut seen = HashMap::new();
        for entry in raw.person {
            let line = check.line(&entry);
            let entry = entry.into_inner();
            let name = check.name(&entry.name, "person", &mut seen)?;
            let mut roles = Vec::new();
            for role in entry.roles {
                let role_line = check.line(&role);
                let role = role.into_inner();
                let from = role.from.as_ref().map(|d| check.date(d)).transpose()?;
                let to = role.to.as_ref().map(|d| check.date(d)).transpose()?;
                if let (Some(from), Some(to)) = (from, to)
                    && from > to
                {
                    return Err(
                        check.error(role_line, format!("role `from` {from} is after `to` {to}"))
                    );
                }
                roles.push(Role {
                    title: check.text(&role.title, "title")?,
                    country: check.country(role.country.as_ref())?,
                    organisation: check.optional(role.organisation.as_ref(), "organisation")?,
                    from,
                    to,
                });
            }
            dictionary.persons.push(Person {
                name,
                aliases: check.aliases(&entry.aliases)?,
                country: check.country(entry.country.as_ref())?,
                roles,
                line,
            });
        }
        seen.clear();
        for entry in raw.organisation {
            let line = check.line(&entry);
            let entry = entry.into_inner();
            let kind = match &entry.kind {
                None => OrganisationKind::Other,
                Some(kind) => OrganisationKind::parse(kind.get_ref().trim()).ok_or_else(|| {
                    check.error(
                        check.line(kind),
                        format!(
                            "unknown organisation kind `{}`: expected one of {}",
                            kind.get_ref(),
                            KINDS
                        ),
                    )
                })?,
            };
            dictionary.organisations.push(Organisation {
                name: check.name(&entry.name, "organisation", &mut seen)?,
                acronym: check.optional(entry.acronym.as_ref(), "acronym")?,
                kind,
                country: check.country(entry.country.as_ref())?,
                aliases: check.aliases(&entry.aliases)?,
                line,
            });
        }
        seen.clear();
        for entry in raw.initiative {
            let line = check.line(&entry);
            let entry = entry.into_inner();
            dictionary.initiatives.push(Initiative {
                name: check.name(&entry.name, "initiative", &mut seen)?,
                sponsor: check.country(entry.sponsor.as_ref())?,
                aliases: check.aliases(&entry.aliases)?,
                line,
            });
        }
        Ok(dictionary)
    }

    /// No entries at all.
    pub fn is_empty(&self) -> bool {
        self.persons.is_empty() && self.organisations.is_empty() && self.initiatives.is_empty()
    }
}

/// The role valid on `date` (the latest begun of those valid then), or, without a date,
/// the latest role.
pub fn role_on(roles: &[Role], date: Option<NaiveDate>) -> Option<&Role> {
    let valid = |role: &&Role| match date {
        None => true,
        Some(date) => {
            role.from.is_none_or(|from| from <= date) && role.to.is_none_or(|to| date <= to)
        }
    };
    // `max_by_key` keeps the last of equals: the later-listed role wins a tie.
    roles.iter().filter(valid).max_by_key(|role| role.from)
}

const KINDS: &str =
    "`intergovernmental`, `government`, `party`, `armed_group`, `company`, `media`, `other`";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    person: Vec<Spanned<RawPerson>>,
    #[serde(default)]
    organisation: Vec<Spanned<RawOrganisation>>,
    #[serde(default)]
    initiative: Vec<Spanned<RawInitiative>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPerson {
    name: Spanned<String>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    country: Option<Spanned<String>>,
    #[serde(default)]
    roles: Vec<Spanned<RawRole>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRole {
    title: Spanned<String>,
    country: Option<Spanned<String>>,
    organisation: Option<Spanned<String>>,
    from: Option<Spanned<toml::Value>>,
    to: Option<Spanned<toml::Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOrganisation {
    name: Spanned<String>,
    acronym: Option<Spanned<String>>,
    kind: Option<Spanned<String>>,
    country: Option<Spanned<String>>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInitiative {
    name: Spanned<String>,
    sponsor: Option<Spanned<String>>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    1 + text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// Checks values, and makes errors that name the file and line.
struct Checker<'a> {
    text: &'a str,
    file: &'a str,
}

impl Checker<'_> {
    fn line<T>(&self, value: &Spanned<T>) -> usize {
        line_of(self.text, value.span().start)
    }

    fn error(&self, line: usize, message: String) -> Error {
        Error::Dictionary {
            file: self.file.to_string(),
            line,
            message,
        }
    }

    /// A non-empty text, trimmed.
    fn text(&self, value: &Spanned<String>, what: &str) -> Result<String> {
        let text = value.get_ref().trim();
        if text.is_empty() {
            return Err(self.error(self.line(value), format!("empty {what}")));
        }
        Ok(text.to_string())
    }

    fn optional(&self, value: Option<&Spanned<String>>, what: &str) -> Result<Option<String>> {
        value.map(|v| self.text(v, what)).transpose()
    }

    /// An entry's name, not given before in the same section (compared folded).
    fn name(
        &self,
        value: &Spanned<String>,
        section: &str,
        seen: &mut HashMap<String, usize>,
    ) -> Result<String> {
        let name = self.text(value, "name")?;
        let line = self.line(value);
        if let Some(first) = seen.insert(entente_model::fold(&name), line) {
            return Err(self.error(
                line,
                format!("{section} `{name}` is already given on line {first}"),
            ));
        }
        Ok(name)
    }

    fn aliases(&self, values: &[Spanned<String>]) -> Result<Vec<String>> {
        values.iter().map(|v| self.text(v, "alias")).collect()
    }

    fn country(&self, value: Option<&Spanned<String>>) -> Result<Option<String>> {
        let Some(value) = value else {
            return Ok(None);
        };
        let code = value.get_ref().trim();
        if crate::lexicon::is_country_code(code) {
            Ok(Some(code.to_string()))
        } else {
            Err(self.error(
                self.line(value),
                format!(
                    "unknown country `{code}`: expected an ISO 3166-1 alpha-3 code such as `TUR`"
                ),
            ))
        }
    }

    /// `2023-06-04` as a TOML date or a string.
    fn date(&self, value: &Spanned<toml::Value>) -> Result<NaiveDate> {
        let date = match value.get_ref() {
            toml::Value::String(text) => NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok(),
            toml::Value::Datetime(datetime) => datetime
                .date
                .filter(|_| datetime.time.is_none())
                .and_then(|d| {
                    NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
                }),
            _ => None,
        };
        date.ok_or_else(|| {
            self.error(
                self.line(value),
                format!(
                    "bad date `{}`: expected YYYY-MM-DD",
                    self.text.get(value.span()).unwrap_or("?")
                ),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
# A person with two dated roles.
[[person]]
name = "Hakan Fidan"
aliases = ["Fidan"]
country = "TUR"
roles = [
  { title = "Intelligence Chief", country = "TUR", from = 2010-05-27, to = "2023-06-03" },
  { title = "Foreign Minister", country = "TUR", from = "2023-06-04" },
]

[[organisation]]
name = "Presidency of Religious Affairs"
acronym = "Diyanet"
kind = "government"
country = "TUR"
aliases = []

[[initiative]]
name = "Development Road"
sponsor = "IRQ"
aliases = ["Development Road Project"]
"#;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn parses_a_good_file() {
        let dictionary = Dictionary::parse(GOOD, "d.toml").unwrap();
        assert_eq!(dictionary.persons.len(), 1);
        let person = &dictionary.persons[0];
        assert_eq!(person.name, "Hakan Fidan");
        assert_eq!(person.aliases, ["Fidan"]);
        assert_eq!(person.country.as_deref(), Some("TUR"));
        assert_eq!(person.line, 3);
        assert_eq!(person.roles.len(), 2);
        assert_eq!(person.roles[0].from, Some(date("2010-05-27")));
        assert_eq!(person.roles[0].to, Some(date("2023-06-03")));
        assert_eq!(person.roles[1].title, "Foreign Minister");
        let organisation = &dictionary.organisations[0];
        assert_eq!(organisation.acronym.as_deref(), Some("Diyanet"));
        assert_eq!(organisation.kind, OrganisationKind::Government);
        assert_eq!(organisation.line, 12);
        let initiative = &dictionary.initiatives[0];
        assert_eq!(initiative.sponsor.as_deref(), Some("IRQ"));
        assert_eq!(initiative.aliases, ["Development Road Project"]);
        assert!(Dictionary::parse("", "empty.toml").unwrap().is_empty());
    }

    #[track_caller]
    fn check_error(text: &str, line: usize, message: &str) {
        match Dictionary::parse(text, "d.toml") {
            Ok(d) => panic!("no error for {text:?}: {d:?}"),
            Err(Error::Dictionary {
                file,
                line: found,
                message: text,
            }) => {
                assert_eq!(file, "d.toml");
                assert_eq!(found, line, "line of `{text}`");
                assert!(text.contains(message), "`{text}` lacks `{message}`");
            }
        }
    }

    #[test]
    fn a_malformed_entry_names_its_line() {
        let p = "[[person]]\nname = \"A\"\n\n";
        check_error(
            &format!("{p}[[person]]\nname = \"B\"\ncountry = \"XYZ\"\n"),
            6,
            "unknown country `XYZ`",
        );
        check_error(&format!("{p}[[person]]\nname = \"  \"\n"), 5, "empty name");
        check_error(
            &format!("{p}[[person]]\naliases = [\"B\"]\n"),
            4,
            "missing field `name`",
        );
        check_error(
            &format!("{p}[[person]]\nname = \"B\"\ncuntry = \"TUR\"\n"),
            6,
            "unknown field `cuntry`",
        );
        check_error(
            &format!("{p}[[persons]]\nname = \"B\"\n"),
            4,
            "unknown field `persons`",
        );
        check_error(
            &format!("{p}[[person]]\nname = \"a\"\n"),
            5,
            "already given on line 2",
        );
        check_error(
            &format!("{p}[[person]]\nname = \"B\"\naliases = [\"\"]\n"),
            6,
            "empty alias",
        );
        check_error(
            &format!(
                "{p}[[person]]\nname = \"B\"\nroles = [\n  {{ title = \"X\" }},\n  {{ title = \"Y\", from = \"2023-13-01\" }},\n]\n"
            ),
            8,
            "bad date `\"2023-13-01\"`",
        );
        check_error(
            &format!(
                "{p}[[person]]\nname = \"B\"\nroles = [{{ title = \"X\", from = 2020-01-02, to = 2020-01-01 }}]\n"
            ),
            6,
            "is after `to`",
        );
        check_error(
            "[[organisation]]\nname = \"O\"\nkind = \"ngo\"\n",
            3,
            "unknown organisation kind `ngo`",
        );
        check_error(
            "[[initiative]]\nname = \"I\"\nsponsor = \"tur\"\n",
            3,
            "unknown country `tur`",
        );
        check_error("[[initiative]]\nname = \"I\n", 2, "");
        check_error(
            "[[organisation]]\nname = \"O\"\nname = \"P\"\n",
            3,
            "duplicate key",
        );
    }

    #[test]
    fn chooses_the_role_of_the_date() {
        let dictionary = Dictionary::parse(GOOD, "d.toml").unwrap();
        let roles = &dictionary.persons[0].roles;
        let title = |d: Option<&str>| role_on(roles, d.map(date)).map(|r| r.title.as_str());
        assert_eq!(title(Some("2015-01-01")), Some("Intelligence Chief"));
        assert_eq!(title(Some("2023-06-03")), Some("Intelligence Chief"));
        assert_eq!(title(Some("2023-06-04")), Some("Foreign Minister"));
        assert_eq!(title(Some("2009-01-01")), None);
        assert_eq!(title(None), Some("Foreign Minister"));
    }
}
