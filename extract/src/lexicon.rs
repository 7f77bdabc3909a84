//! The built-in dictionaries (data files in `extract/data/`), parsed once and compiled
//! into one Aho-Corasick automaton over folded text.

use std::collections::{HashMap, HashSet};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use entente_model::{Country, OrganisationKind};

use crate::fold::FoldedText;

const COUNTRIES: &str = include_str!("../data/countries.tsv");
const CITIES: &str = include_str!("../data/cities.tsv");
const ORGANISATIONS: &str = include_str!("../data/organisations.tsv");
const INITIATIVES: &str = include_str!("../data/initiatives.tsv");
const TITLES: &str = include_str!("../data/titles.txt");
const HONORIFICS: &str = include_str!("../data/honorifics.txt");
const REPORTING_VERBS: &str = include_str!("../data/reporting_verbs.tsv");
const STOPWORDS: &str = include_str!("../data/stopwords.txt");
const PEOPLE: &str = include_str!("../data/people.tsv");

/// Every data file, by name, for the check that they are tidy.
#[cfg(test)]
const DATA_FILES: [(&str, &str); 9] = [
    ("countries.tsv", COUNTRIES),
    ("cities.tsv", CITIES),
    ("organisations.tsv", ORGANISATIONS),
    ("initiatives.tsv", INITIATIVES),
    ("titles.txt", TITLES),
    ("honorifics.txt", HONORIFICS),
    ("reporting_verbs.tsv", REPORTING_VERBS),
    ("stopwords.txt", STOPWORDS),
    ("people.tsv", PEOPLE),
];

/// A well-known office-holder: used to give a state to a person the article names
/// without one, and to recognise a surname the article uses alone ("Trump said").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonEntry {
    pub name: String,
    pub country: Option<usize>,
    pub role: Option<String>,
}

/// Countries whose names put the family name first ("Xi Jinping" is "Xi").
const FAMILY_NAME_FIRST: &[&str] = &["CHN", "HKG", "KOR", "MAC", "PRK", "SGP", "TWN"];

/// How a country is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountryForm {
    Name,
    Adjective,
    Capital,
}

/// What a lexicon phrase stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    Country(usize, CountryForm),
    City(usize),
    Organisation(usize),
    Initiative(usize),
    Title(usize),
    Honorific,
}

/// A known organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationEntry {
    pub name: String,
    pub acronym: Option<String>,
    pub kind: OrganisationKind,
    pub country: Option<usize>,
    pub aliases: Vec<String>,
}

/// A known initiative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitiativeEntry {
    pub name: String,
    pub sponsor: Option<usize>,
    pub aliases: Vec<String>,
}

/// A known city.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CityEntry {
    pub name: String,
    pub country: usize,
}

/// One pattern of the automaton: what it stands for, and how strictly the original
/// text must match its case.
#[derive(Debug, Clone)]
struct Pattern {
    hits: Vec<Hit>,
    /// The pattern as written in the data file (for case checks).
    written: String,
}

/// The built-in dictionaries, compiled. Build once, share across threads.
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub countries: Vec<Country>,
    pub cities: Vec<CityEntry>,
    pub organisations: Vec<OrganisationEntry>,
    pub initiatives: Vec<InitiativeEntry>,
    pub titles: Vec<String>,
    pub people: Vec<PersonEntry>,
    /// Folded full names and aliases of `people`.
    person_names: HashMap<String, Vec<usize>>,
    /// Folded family names of `people`.
    family_names: HashMap<String, Vec<usize>>,
    reporting_verbs: HashMap<String, String>,
    stopwords: HashSet<String>,
    patterns: Vec<Pattern>,
    automaton: AhoCorasick,
    country_by_code: HashMap<String, usize>,
}

/// A lexicon phrase found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconMatch {
    pub start: usize,
    pub end: usize,
    pub hits: Vec<Hit>,
}

fn data_lines(data: &str) -> impl Iterator<Item = &str> {
    data.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
}

fn field(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty() && *v != "-")
}

fn list(value: Option<&str>) -> Vec<String> {
    field(value)
        .map(|v| {
            v.split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
}

impl Default for Lexicon {
    fn default() -> Self {
        Lexicon::builtin()
    }
}

impl Lexicon {
    /// The lexicon built from the data files compiled into this crate.
    pub fn builtin() -> Lexicon {
        let mut countries = Vec::new();
        let mut country_by_code = HashMap::new();
        let mut phrases: Vec<(String, Hit)> = Vec::new();
        for line in data_lines(COUNTRIES) {
            let mut cols = line.split('\t');
            let (Some(code), Some(name)) = (field(cols.next()), field(cols.next())) else {
                continue;
            };
            let index = countries.len();
            countries.push(Country {
                code: code.to_string(),
                name: name.to_string(),
            });
            country_by_code.insert(code.to_string(), index);
            phrases.push((name.to_string(), Hit::Country(index, CountryForm::Name)));
            for alt in list(cols.next()) {
                phrases.push((alt, Hit::Country(index, CountryForm::Name)));
            }
            for adjective in list(cols.next()) {
                phrases.push((adjective, Hit::Country(index, CountryForm::Adjective)));
            }
            for capital in list(cols.next()) {
                phrases.push((capital, Hit::Country(index, CountryForm::Capital)));
            }
        }
        let code = |value: Option<&str>| field(value).and_then(|c| country_by_code.get(c).copied());

        let mut cities = Vec::new();
        for line in data_lines(CITIES) {
            let mut cols = line.split('\t');
            let Some(name) = field(cols.next()) else {
                continue;
            };
            let Some(country) = code(cols.next()) else {
                continue;
            };
            phrases.push((name.to_string(), Hit::City(cities.len())));
            cities.push(CityEntry {
                name: name.to_string(),
                country,
            });
        }

        let mut organisations = Vec::new();
        for line in data_lines(ORGANISATIONS) {
            let mut cols = line.split('\t');
            let Some(name) = field(cols.next()) else {
                continue;
            };
            let acronym = field(cols.next()).map(String::from);
            let kind = field(cols.next())
                .and_then(OrganisationKind::parse)
                .unwrap_or(OrganisationKind::Other);
            let country = code(cols.next());
            let aliases = list(cols.next());
            let hit = Hit::Organisation(organisations.len());
            phrases.push((name.to_string(), hit));
            if let Some(acronym) = &acronym {
                phrases.push((acronym.clone(), hit));
            }
            for alias in &aliases {
                phrases.push((alias.clone(), hit));
            }
            organisations.push(OrganisationEntry {
                name: name.to_string(),
                acronym,
                kind,
                country,
                aliases,
            });
        }

        let mut initiatives = Vec::new();
        for line in data_lines(INITIATIVES) {
            let mut cols = line.split('\t');
            let Some(name) = field(cols.next()) else {
                continue;
            };
            let sponsor = code(cols.next());
            let aliases = list(cols.next());
            let hit = Hit::Initiative(initiatives.len());
            phrases.push((name.to_string(), hit));
            for alias in &aliases {
                phrases.push((alias.clone(), hit));
            }
            initiatives.push(InitiativeEntry {
                name: name.to_string(),
                sponsor,
                aliases,
            });
        }

        let mut titles = Vec::new();
        for line in data_lines(TITLES) {
            phrases.push((line.trim().to_string(), Hit::Title(titles.len())));
            titles.push(line.trim().to_string());
        }
        for line in data_lines(HONORIFICS) {
            phrases.push((line.trim().to_string(), Hit::Honorific));
        }

        let mut people = Vec::new();
        let mut person_names: HashMap<String, Vec<usize>> = HashMap::new();
        let mut family_names: HashMap<String, Vec<usize>> = HashMap::new();
        for line in data_lines(PEOPLE) {
            let mut cols = line.split('\t');
            let Some(name) = field(cols.next()) else {
                continue;
            };
            let country_code = field(cols.next());
            let country = code(country_code);
            let aliases = list(cols.next());
            let role = field(cols.next()).map(String::from);
            let index = people.len();
            for form in std::iter::once(name.to_string()).chain(aliases) {
                let key = entente_model::fold(&form);
                let words: Vec<&str> = key.split(' ').collect();
                if words.len() == 1 {
                    family_names.entry(key.clone()).or_default().push(index);
                }
                person_names.entry(key).or_default().push(index);
            }
            let key = entente_model::fold(name);
            let words: Vec<&str> = key.split(' ').collect();
            let family = if country_code.is_some_and(|c| FAMILY_NAME_FIRST.contains(&c)) {
                words.first()
            } else {
                words.last()
            };
            if let Some(family) = family.filter(|_| words.len() > 1) {
                let slot = family_names.entry((*family).to_string()).or_default();
                if !slot.contains(&index) {
                    slot.push(index);
                }
            }
            people.push(PersonEntry {
                name: name.to_string(),
                country,
                role,
            });
        }

        let reporting_verbs = data_lines(REPORTING_VERBS)
            .filter_map(|line| {
                let mut cols = line.split('\t');
                let form = field(cols.next())?;
                let lemma = field(cols.next()).unwrap_or(form);
                Some((form.to_lowercase(), lemma.to_lowercase()))
            })
            .collect();
        let stopwords = data_lines(STOPWORDS)
            .map(|line| line.trim().to_string())
            .collect();

        // One pattern per distinct folded phrase.
        let mut by_key: HashMap<String, usize> = HashMap::new();
        let mut keys: Vec<String> = Vec::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        for (phrase, hit) in phrases {
            let key = FoldedText::new(&phrase).folded;
            if key.is_empty() {
                continue;
            }
            match by_key.get(&key) {
                Some(&i) => {
                    let pattern = &mut patterns[i];
                    if !pattern.hits.contains(&hit) {
                        pattern.hits.push(hit);
                    }
                }
                None => {
                    by_key.insert(key.clone(), patterns.len());
                    keys.push(key);
                    patterns.push(Pattern {
                        hits: vec![hit],
                        written: phrase,
                    });
                }
            }
        }
        // The built-in patterns are a few thousand short strings: building cannot fail.
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&keys)
            .expect("built-in lexicon patterns compile");
        Lexicon {
            countries,
            cities,
            organisations,
            initiatives,
            titles,
            people,
            person_names,
            family_names,
            reporting_verbs,
            stopwords,
            patterns,
            automaton,
            country_by_code,
        }
    }

    /// The index of a country by its ISO alpha-3 code.
    pub fn country_index(&self, code: &str) -> Option<usize> {
        self.country_by_code.get(code).copied()
    }

    /// The lemma of a reporting verb form ("stressed" -> "stress"), if it is one.
    pub fn reporting_verb(&self, word: &str) -> Option<&str> {
        if word.bytes().any(|b| b.is_ascii_uppercase()) {
            self.reporting_verbs
                .get(&word.to_lowercase())
                .map(String::as_str)
        } else {
            self.reporting_verbs.get(word).map(String::as_str)
        }
    }

    /// The one known person with this folded full name or alias, if exactly one.
    pub fn known_person(&self, folded: &str) -> Option<&PersonEntry> {
        match self.person_names.get(folded).map(Vec::as_slice) {
            Some([one]) => self.people.get(*one),
            _ => None,
        }
    }

    /// The one known person with this folded family name, if exactly one.
    pub fn known_family_name(&self, folded: &str) -> Option<&PersonEntry> {
        match self.family_names.get(folded).map(Vec::as_slice) {
            Some([one]) => self.people.get(*one),
            _ => None,
        }
    }

    /// Is this capitalised word one that never belongs to a person's name?
    pub fn is_stopword(&self, word: &str) -> bool {
        self.stopwords.contains(word)
    }

    /// Every lexicon phrase in `text`, leftmost-longest, on word boundaries, with the
    /// case of the original checked: proper names must be capitalised in the text, and
    /// acronyms written in capitals ("US", "AA") must be in capitals there too.
    pub fn find(&self, text: &str) -> Vec<LexiconMatch> {
        let folded = FoldedText::new(text);
        let mut out = Vec::new();
        for m in self.automaton.find_iter(&folded.folded) {
            let bytes = folded.folded.as_bytes();
            let before_ok = m.start() == 0 || !bytes[m.start() - 1].is_ascii_alphanumeric();
            let after_ok = m.end() == bytes.len() || !bytes[m.end()].is_ascii_alphanumeric();
            if !before_ok || !after_ok {
                continue;
            }
            let Some(pattern) = self.patterns.get(m.pattern().as_usize()) else {
                continue;
            };
            let (start, end) = folded.original_range(m.start(), m.end());
            let Some(surface) = text.get(start..end) else {
                continue;
            };
            let hits: Vec<Hit> = pattern
                .hits
                .iter()
                .copied()
                .filter(|hit| case_fits(*hit, &pattern.written, surface))
                .collect();
            if !hits.is_empty() {
                out.push(LexiconMatch { start, end, hits });
            }
        }
        out
    }
}

/// Is the written pattern an acronym that must keep its capitals ("US", "AA", "G20")?
fn is_acronym(written: &str) -> bool {
    let letters: Vec<char> = written.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

fn case_fits(hit: Hit, written: &str, surface: &str) -> bool {
    let first_upper = surface
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    if is_acronym(written) {
        let letters: Vec<char> = surface.chars().filter(|c| c.is_alphabetic()).collect();
        if letters.len() < 2 {
            return false;
        }
        // "NATO", or in the British style a long acronym as a word: "Nato", "Asean".
        let all_caps = letters.iter().all(|c| c.is_uppercase());
        let word_style = letters.len() >= 4
            && letters[0].is_uppercase()
            && letters[1..].iter().all(|c| c.is_lowercase());
        return all_caps || word_style;
    }
    match hit {
        // "the Turkish president", "the foreign minister": titles are descriptions too.
        Hit::Title(_) => true,
        // "prince" as a noun is no honorific.
        Hit::Honorific => first_upper,
        // Lower-case aliases in the data ("the ministry") may match as written.
        _ => first_upper || written.chars().next().is_some_and(|c| c.is_lowercase()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_files_are_tidy() {
        for (name, data) in DATA_FILES {
            let lines: Vec<&str> = data_lines(data).collect();
            assert!(!lines.is_empty(), "{name} is empty");
            let mut seen = HashSet::new();
            for (i, line) in lines.iter().enumerate() {
                assert_eq!(line.trim(), *line, "{name}: stray whitespace in `{line}`");
                for f in line.split('\t') {
                    assert_eq!(
                        f.trim(),
                        f,
                        "{name}: stray whitespace in a field of `{line}`"
                    );
                    assert!(!f.is_empty(), "{name}: empty field in `{line}` (use `-`)");
                }
                assert!(seen.insert(*line), "{name}: duplicate line `{line}`");
                if i > 0 {
                    assert!(lines[i - 1] < *line, "{name}: `{line}` is out of order");
                }
            }
        }
    }

    #[test]
    fn data_references_are_valid() {
        let lexicon = Lexicon::builtin();
        assert!(lexicon.countries.len() > 190);
        for line in data_lines(ORGANISATIONS) {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 5, "organisations.tsv: `{line}`");
            assert!(
                OrganisationKind::parse(cols[2]).is_some(),
                "kind in `{line}`"
            );
            assert!(
                cols[3] == "-" || lexicon.country_index(cols[3]).is_some(),
                "country in `{line}`"
            );
        }
        for line in data_lines(INITIATIVES) {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 3, "initiatives.tsv: `{line}`");
            assert!(
                cols[1] == "-" || lexicon.country_index(cols[1]).is_some(),
                "sponsor in `{line}`"
            );
        }
        for line in data_lines(CITIES) {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 2, "cities.tsv: `{line}`");
            assert!(
                lexicon.country_index(cols[1]).is_some(),
                "country in `{line}`"
            );
        }
    }

    #[track_caller]
    fn check(text: &str, expected: &[&str]) {
        let lexicon = Lexicon::builtin();
        let found: Vec<&str> = lexicon
            .find(text)
            .iter()
            .map(|m| &text[m.start..m.end])
            .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn finds_phrases_with_case_rules() {
        check("Türkiye and Turkey’s allies", &["Türkiye", "Turkey"]);
        check("the US and us", &["US"]);
        check("Nato and Asean, not nato", &["Nato", "Asean"]);
        check("the Belt-and-Road plan", &["Belt-and-Road"]);
        check("a china cup in Beijing", &["Beijing"]);
    }
}
