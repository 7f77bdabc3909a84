//! The built-in dictionaries (data files in `extract/data/`) and a user dictionary's
//! entries, parsed once and compiled into one Aho-Corasick automaton over folded text.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, Input, MatchKind, StartKind};
use entente_model::{Country, OrganisationKind};

use crate::dictionary::{self, Dictionary, Role};
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

/// Every data file, by name: for the check that they are tidy, and for the extractor
/// version (`version.rs`), which hashes them.
pub(crate) const DATA_FILES: [(&str, &str); 9] = [
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
    /// Dated roles, from a user dictionary (empty for the built-in people).
    pub roles: Vec<Role>,
}

impl PersonEntry {
    /// The role held on `date` (the latest role without a date), if any.
    pub fn role_on(&self, date: Option<chrono::NaiveDate>) -> Option<&Role> {
        dictionary::role_on(&self.roles, date)
    }
}

/// Countries whose names put the family name first ("Xi Jinping" is "Xi").
const FAMILY_NAME_FIRST: &[&str] = &["CHN", "HKG", "KOR", "MAC", "PRK", "SGP", "TWN"];

/// How a country is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CountryForm {
    Name,
    Adjective,
    Capital,
}

/// What a lexicon phrase stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Hit {
    Country(usize, CountryForm),
    City(usize),
    Organisation(usize),
    Initiative(usize),
    Title(usize),
    Honorific,
    /// A name or alias of a user dictionary person (index into `Lexicon::people`).
    Person(usize),
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
    /// Written by the user dictionary, whose hits replace the built-in ones.
    from_user: bool,
    /// The phrase as written in the data file is an acronym that must keep its capitals ([`is_acronym`]).
    acronym: bool,
    /// The phrase as written starts with a lower-case letter ("the ministry"): it may match so.
    lower_case: bool,
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
    /// Folded names and aliases of the user dictionary's people.
    dictionary_names: HashMap<String, Vec<usize>>,
    reporting_verbs: HashMap<String, String>,
    /// The reporting verb forms, as a quick pre-test: most words are ruled out
    /// without hashing.
    verb_filter: WordFilter,
    stopwords: HashSet<String>,
    /// `stopwords` as a quick pre-test: most names are ruled out without hashing.
    stopword_filter: WordFilter,
    patterns: Vec<Pattern>,
    automaton: AhoCorasick,
    /// The first word of every pattern: a match starts with a whole word of the
    /// text, so a word that is none of these is not searched from. With it, whether the
    /// word is a whole pattern itself.
    first_words: HashMap<Vec<u8>, bool>,
    /// The first word of every pattern of two or more words, with the first one or two
    /// bytes of its second word: a first word that is no whole pattern, followed by a
    /// word no pattern's second word can begin, starts no match, and is not searched
    /// from.
    second_words: PairFilter,
    /// `first_words` as a quick pre-test, tried before the set.
    first_word_filter: WordFilter,
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

/// Files the folded name and aliases of person `index`, and its family name (the first
/// word for states that write it first, else the last).
fn add_person_forms(
    person_names: &mut HashMap<String, Vec<usize>>,
    family_names: &mut HashMap<String, Vec<usize>>,
    index: usize,
    name: &str,
    aliases: &[String],
    country_code: Option<&str>,
) {
    let file = |table: &mut HashMap<String, Vec<usize>>, key: String| {
        let slot = table.entry(key).or_default();
        if !slot.contains(&index) {
            slot.push(index);
        }
    };
    for form in std::iter::once(name).chain(aliases.iter().map(String::as_str)) {
        let key = entente_model::fold(form);
        if !key.contains(' ') {
            file(family_names, key.clone());
        }
        file(person_names, key);
    }
    let key = entente_model::fold(name);
    let words: Vec<&str> = key.split(' ').collect();
    let family = if country_code.is_some_and(|c| FAMILY_NAME_FIRST.contains(&c)) {
        words.first()
    } else {
        words.last()
    };
    if let Some(family) = family.filter(|_| words.len() > 1) {
        file(family_names, (*family).to_string());
    }
}

/// Is `code` the ISO alpha-3 code of a country of the built-in lexicon?
pub(crate) fn is_country_code(code: &str) -> bool {
    data_lines(COUNTRIES).any(|line| line.split('\t').next() == Some(code))
}

impl Default for Lexicon {
    fn default() -> Self {
        Lexicon::builtin()
    }
}

impl Lexicon {
    /// The lexicon built from the data files compiled into this crate.
    pub fn builtin() -> Lexicon {
        Lexicon::with_dictionary(&Dictionary::default())
    }

    /// The built-in lexicon plus a user dictionary, whose entries win: a user
    /// organisation or initiative sharing a folded name, acronym or alias with a built-in
    /// one replaces it (every form of the built-in entry then stands for the user's), a
    /// user person likewise replaces the built-in person sharing a name or alias, and a
    /// phrase of the dictionary means only what the dictionary says.
    pub fn with_dictionary(dictionary: &Dictionary) -> Lexicon {
        let mut countries = Vec::new();
        let mut country_by_code = HashMap::default();
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
            organisations.push(OrganisationEntry {
                name: name.to_string(),
                acronym,
                kind,
                country,
                aliases,
            });
        }
        let builtin_organisations = organisations.len();
        for entry in &dictionary.organisations {
            organisations.push(OrganisationEntry {
                name: entry.name.clone(),
                acronym: entry.acronym.clone(),
                kind: entry.kind,
                country: code(entry.country.as_deref()),
                aliases: entry.aliases.clone(),
            });
        }
        for (index, entry) in organisations.iter().enumerate() {
            let hit = Hit::Organisation(index);
            for form in std::iter::once(&entry.name)
                .chain(&entry.acronym)
                .chain(&entry.aliases)
            {
                phrases.push((form.clone(), hit));
            }
        }

        let mut initiatives = Vec::new();
        for line in data_lines(INITIATIVES) {
            let mut cols = line.split('\t');
            let Some(name) = field(cols.next()) else {
                continue;
            };
            let sponsor = code(cols.next());
            let aliases = list(cols.next());
            initiatives.push(InitiativeEntry {
                name: name.to_string(),
                sponsor,
                aliases,
            });
        }
        let builtin_initiatives = initiatives.len();
        for entry in &dictionary.initiatives {
            initiatives.push(InitiativeEntry {
                name: entry.name.clone(),
                sponsor: code(entry.sponsor.as_deref()),
                aliases: entry.aliases.clone(),
            });
        }
        for (index, entry) in initiatives.iter().enumerate() {
            let hit = Hit::Initiative(index);
            for form in std::iter::once(&entry.name).chain(&entry.aliases) {
                phrases.push((form.clone(), hit));
            }
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
        let mut person_names: HashMap<String, Vec<usize>> = HashMap::default();
        let mut family_names: HashMap<String, Vec<usize>> = HashMap::default();
        for line in data_lines(PEOPLE) {
            let mut cols = line.split('\t');
            let Some(name) = field(cols.next()) else {
                continue;
            };
            let country_code = field(cols.next());
            let aliases = list(cols.next());
            let role = field(cols.next()).map(String::from);
            add_person_forms(
                &mut person_names,
                &mut family_names,
                people.len(),
                name,
                &aliases,
                country_code,
            );
            people.push(PersonEntry {
                name: name.to_string(),
                country: code(country_code),
                role,
                roles: Vec::new(),
            });
        }
        // User people: each replaces the built-in people sharing one of its forms, and
        // its name and aliases are phrases of the automaton.
        let mut dictionary_names: HashMap<String, Vec<usize>> = HashMap::default();
        let builtin_people = people.len();
        for entry in &dictionary.persons {
            let index = people.len();
            let forms: Vec<&String> = std::iter::once(&entry.name).chain(&entry.aliases).collect();
            let replaced: Vec<usize> = forms
                .iter()
                .filter_map(|form| person_names.get(&entente_model::fold(form)))
                .flatten()
                .copied()
                .filter(|&p| p < builtin_people)
                .collect();
            for table in [&mut person_names, &mut family_names] {
                for slot in table.values_mut() {
                    if slot.iter().any(|p| replaced.contains(p)) {
                        slot.retain(|p| !replaced.contains(p));
                        if !slot.contains(&index) {
                            slot.push(index);
                        }
                    }
                }
            }
            let country = entry.country.as_deref().or_else(|| {
                dictionary::role_on(&entry.roles, None).and_then(|r| r.country.as_deref())
            });
            add_person_forms(
                &mut person_names,
                &mut family_names,
                index,
                &entry.name,
                &entry.aliases,
                country,
            );
            for form in forms {
                let slot = dictionary_names
                    .entry(entente_model::fold(form))
                    .or_default();
                if !slot.contains(&index) {
                    slot.push(index);
                }
                phrases.push((form.clone(), Hit::Person(index)));
            }
            people.push(PersonEntry {
                name: entry.name.clone(),
                country: code(country),
                role: dictionary::role_on(&entry.roles, None).map(|r| r.title.clone()),
                roles: entry.roles.clone(),
            });
        }

        let reporting_verbs: HashMap<String, String> = data_lines(REPORTING_VERBS)
            .filter_map(|line| {
                let mut cols = line.split('\t');
                let form = field(cols.next())?;
                let lemma = field(cols.next()).unwrap_or(form);
                Some((form.to_lowercase(), lemma.to_lowercase()))
            })
            .collect();
        let verb_filter = WordFilter::new(reporting_verbs.keys().map(String::as_str));
        let stopwords: HashSet<String> = data_lines(STOPWORDS)
            .map(|line| line.trim().to_string())
            .collect();
        let stopword_filter = WordFilter::new(stopwords.iter().map(String::as_str));

        let is_user = |hit: &Hit| match *hit {
            Hit::Organisation(o) => o >= builtin_organisations,
            Hit::Initiative(n) => n >= builtin_initiatives,
            Hit::Person(_) => true,
            _ => false,
        };
        let keyed: Vec<(String, String, Hit)> = phrases
            .into_iter()
            .map(|(phrase, hit)| (FoldedText::new(&phrase).text().to_string(), phrase, hit))
            .filter(|(key, _, _)| !key.is_empty())
            .collect();
        // A built-in organisation or initiative sharing a form with a user one is
        // replaced by it (the first user entry with that form).
        let mut user_by_key: HashMap<(&str, bool), usize> = HashMap::default();
        for (key, _, hit) in keyed.iter().filter(|(_, _, hit)| is_user(hit)) {
            match *hit {
                Hit::Organisation(o) => user_by_key.entry((key.as_str(), false)).or_insert(o),
                Hit::Initiative(n) => user_by_key.entry((key.as_str(), true)).or_insert(n),
                _ => continue,
            };
        }
        let mut replaced_by: HashMap<Hit, Hit> = HashMap::default();
        for (key, _, hit) in keyed.iter().filter(|(_, _, hit)| !is_user(hit)) {
            let user = match *hit {
                Hit::Organisation(_) => user_by_key
                    .get(&(key.as_str(), false))
                    .map(|&o| Hit::Organisation(o)),
                Hit::Initiative(_) => user_by_key
                    .get(&(key.as_str(), true))
                    .map(|&n| Hit::Initiative(n)),
                _ => None,
            };
            if let Some(user) = user {
                replaced_by.entry(*hit).or_insert(user);
            }
        }

        // One pattern per distinct folded phrase; a user phrase replaces the built-in
        // hits of its pattern.
        let mut by_key: HashMap<String, usize> = HashMap::default();
        let mut keys: Vec<String> = Vec::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        let (user, builtin): (Vec<_>, Vec<_>) =
            keyed.into_iter().partition(|(_, _, hit)| is_user(hit));
        for (key, phrase, hit) in builtin.into_iter().chain(user) {
            let from_user = is_user(&hit);
            let hit = replaced_by.get(&hit).copied().unwrap_or(hit);
            match by_key.get(&key) {
                Some(&i) => {
                    let pattern = &mut patterns[i];
                    if from_user && !pattern.from_user {
                        pattern.hits.clear();
                        pattern.acronym = is_acronym(&phrase);
                        pattern.lower_case = phrase.chars().next().is_some_and(char::is_lowercase);
                        pattern.from_user = true;
                    }
                    if !pattern.hits.contains(&hit) {
                        pattern.hits.push(hit);
                    }
                }
                None => {
                    by_key.insert(key.clone(), patterns.len());
                    keys.push(key);
                    patterns.push(Pattern {
                        hits: vec![hit],
                        acronym: is_acronym(&phrase),
                        lower_case: phrase.chars().next().is_some_and(char::is_lowercase),
                        from_user,
                    });
                }
            }
        }
        // A few thousand short strings (plus a dictionary's): building cannot fail.
        let mut first_words: HashMap<Vec<u8>, bool> = HashMap::default();
        let mut second_words = PairFilter::default();
        for key in &keys {
            let mut words = key.split(' ');
            let Some(first) = words.next() else {
                continue;
            };
            let second = words.next();
            let whole = first_words
                .entry(first.as_bytes().to_vec())
                .or_insert(false);
            *whole |= second.is_none();
            if let Some(second) = second {
                second_words.insert(first.as_bytes(), second.as_bytes());
            }
        }
        let first_word_filter =
            WordFilter::new(keys.iter().filter_map(|key| key.split(' ').next()));
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .build(&keys)
            .expect("lexicon patterns compile");
        Lexicon {
            countries,
            cities,
            organisations,
            initiatives,
            titles,
            people,
            person_names,
            family_names,
            dictionary_names,
            reporting_verbs,
            verb_filter,
            stopwords,
            stopword_filter,
            patterns,
            automaton,
            first_words,
            second_words,
            first_word_filter,
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

    /// [`Lexicon::reporting_verb`] of a word already in lower case.
    pub fn reporting_verb_lower(&self, word: &str) -> Option<&str> {
        if self.verb_filter.may_hold(word.as_bytes()) {
            self.reporting_verbs.get(word).map(String::as_str)
        } else {
            None
        }
    }

    /// Could `word` (ASCII, in lower case) be a reporting verb form? `padded` starts with
    /// its bytes. (Never false for one; a quick pre-test of
    /// [`Lexicon::reporting_verb_lower`].)
    #[inline]
    pub fn may_be_reporting_verb(&self, word: &[u8], padded: &[u8]) -> bool {
        self.verb_filter.may_hold_padded(word, padded)
    }

    /// The one known person with this folded full name or alias, if exactly one.
    pub fn known_person(&self, folded: &str) -> Option<&PersonEntry> {
        match self.person_names.get(folded).map(Vec::as_slice) {
            Some([one]) => self.people.get(*one),
            _ => None,
        }
    }

    /// The one user dictionary person with this folded name or alias, if exactly one.
    pub fn dictionary_person(&self, folded: &str) -> Option<&PersonEntry> {
        match self.dictionary_names.get(folded).map(Vec::as_slice) {
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
        self.stopword_filter.may_hold(word.as_bytes()) && self.stopwords.contains(word)
    }

    /// Every lexicon phrase in `text`, leftmost-longest, on word boundaries, with the
    /// case of the original checked: proper names must be capitalised in the text, and
    /// acronyms written in capitals ("US", "AA") must be in capitals there too.
    pub fn find(&self, text: &str) -> Vec<LexiconMatch> {
        let mut out = Vec::new();
        self.find_into(text, &mut FoldedText::default(), &mut out);
        out
    }

    /// [`Lexicon::find`] into `out` (cleared first), folding into `folded`: buffers a
    /// caller reuses across the paragraphs of a document.
    pub fn find_into(&self, text: &str, folded: &mut FoldedText, out: &mut Vec<LexiconMatch>) {
        out.clear();
        folded.fold(text);
        let haystack = folded.as_bytes();
        // Every match starts a word: search anchored at each word start, not through
        // every byte, and skip the words a match (kept or not) covered.
        let mut resume = 0;
        for (w, word) in folded.words.iter().enumerate() {
            if word.start < resume {
                continue;
            }
            let first_word = haystack.get(word.start..word.end).unwrap_or_default();
            if !self.first_word_filter.may_hold(first_word) {
                continue;
            }
            let Some(&whole) = self.first_words.get(first_word) else {
                continue;
            };
            // Then a match holds the next word too, which must begin as the second word
            // of some pattern: when none can, the automaton would find nothing (at most
            // a pattern ending inside this word, which is no match and covers nothing
            // past it), so it is not run.
            if !whole {
                let next = folded
                    .words
                    .get(w + 1)
                    .and_then(|next| haystack.get(next.start..next.end))
                    .unwrap_or_default();
                if !self.second_words.may_follow(first_word, next) {
                    continue;
                }
            }
            let input = Input::new(haystack)
                .span(word.start..haystack.len())
                .anchored(Anchored::Yes);
            let Ok(Some(m)) = self.automaton.try_find(input) else {
                continue;
            };
            resume = m.end();
            // It must end a word too.
            let Some(last) = folded.words[w..].iter().find(|x| x.end >= m.end()) else {
                continue;
            };
            if last.end != m.end() {
                continue;
            }
            let Some(pattern) = self.patterns.get(m.pattern().as_usize()) else {
                continue;
            };
            let (start, end) = (
                word.original_start,
                last.original_end.max(word.original_start),
            );
            let Some(surface) = text.get(start..end) else {
                continue;
            };
            let hits: Vec<Hit> = pattern
                .hits
                .iter()
                .copied()
                .filter(|hit| case_fits(*hit, pattern, surface))
                .collect();
            if !hits.is_empty() {
                out.push(LexiconMatch { start, end, hits });
            }
        }
    }
}

/// A quick pre-test for a set of words known at run time: one bit of a 65,536-bit set
/// per word, picked by a hash of its length and first eight bytes. A word whose bit is
/// clear is not in the set; one whose bit is set still needs the exact lookup. Most
/// words of a text are ruled out with one multiply and one load, without hashing them
/// whole or probing the set.
#[derive(Debug, Clone)]
struct WordFilter {
    bits: Vec<u64>,
}

impl WordFilter {
    fn new<'w>(words: impl IntoIterator<Item = &'w str>) -> WordFilter {
        let mut filter = WordFilter {
            bits: vec![0; 65536 / 64],
        };
        for word in words {
            let bit = WordFilter::bit(word.as_bytes());
            if let Some(slot) = filter.bits.get_mut(bit / 64) {
                *slot |= 1 << (bit % 64);
            }
        }
        filter
    }

    fn bit(word: &[u8]) -> usize {
        // The first eight bytes as a number, little-endian (a short word's bytes alone),
        // read in registers: a copy into an array would go through memory.
        let head = match word.first_chunk::<8>() {
            Some(chunk) => u64::from_le_bytes(*chunk),
            None => word.iter().rev().fold(0, |key, &b| key << 8 | u64::from(b)),
        };
        WordFilter::bit_of(head, word.len())
    }

    /// The bit of a word of `len` bytes whose first eight (or fewer) are `head`.
    fn bit_of(head: u64, len: usize) -> usize {
        let key = head
            .wrapping_add(len as u64)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (key >> 48) as usize
    }

    /// [`WordFilter::may_hold`] of `word`, read from `padded`, which starts with its bytes:
    /// a short word's bytes are loaded at once and masked, not gathered one by one.
    #[inline]
    fn may_hold_padded(&self, word: &[u8], padded: &[u8]) -> bool {
        let head = match padded.first_chunk::<8>() {
            Some(chunk) if word.len() >= 8 => u64::from_le_bytes(*chunk),
            Some(chunk) => u64::from_le_bytes(*chunk) & ((1 << (8 * word.len())) - 1),
            None => return self.may_hold(word),
        };
        let bit = WordFilter::bit_of(head, word.len());
        self.bits
            .get(bit / 64)
            .is_some_and(|slot| slot & (1 << (bit % 64)) != 0)
    }

    /// Could `word` be in the set? (Never false for a word of it.)
    fn may_hold(&self, word: &[u8]) -> bool {
        let bit = WordFilter::bit(word);
        self.bits
            .get(bit / 64)
            .is_some_and(|slot| slot & (1 << (bit % 64)) != 0)
    }
}

/// A quick pre-test for pairs of words of the patterns: a bit per pair, picked by a hash
/// of the first word and the first one or two bytes of the second (65,536 bits).
#[derive(Debug, Clone)]
struct PairFilter {
    bits: Vec<u64>,
}

impl Default for PairFilter {
    fn default() -> Self {
        PairFilter {
            bits: vec![0; 65536 / 64],
        }
    }
}

impl PairFilter {
    /// The bit of `first` followed by a word beginning with `head` (one or two bytes).
    fn bit(first: &[u8], head: &[u8]) -> usize {
        let first = WordFilter::bit(first) as u64;
        let head = head
            .iter()
            .fold(head.len() as u64, |key, &b| key << 8 | u64::from(b));
        let key = (first << 24 | head).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (key >> 48) as usize
    }

    fn set(&mut self, bit: usize) {
        if let Some(slot) = self.bits.get_mut(bit / 64) {
            *slot |= 1 << (bit % 64);
        }
    }

    fn get(&self, bit: usize) -> bool {
        self.bits
            .get(bit / 64)
            .is_some_and(|slot| slot & (1 << (bit % 64)) != 0)
    }

    /// Notes a pattern whose first two words are `first` and `second`.
    fn insert(&mut self, first: &[u8], second: &[u8]) {
        self.set(PairFilter::bit(first, second.get(..2).unwrap_or(second)));
    }

    /// Could a pattern's second word be a prefix of `next`, the word after `first`?
    /// (Never false when one is: such a word begins with the second word's first two
    /// bytes, or is one byte long and is the next word's first byte.)
    fn may_follow(&self, first: &[u8], next: &[u8]) -> bool {
        next.get(..2)
            .is_some_and(|head| self.get(PairFilter::bit(first, head)))
            || next
                .get(..1)
                .is_some_and(|head| self.get(PairFilter::bit(first, head)))
    }
}

/// Is the written pattern an acronym that must keep its capitals ("US", "AA", "G20")?
fn is_acronym(written: &str) -> bool {
    let letters: Vec<char> = written.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

fn case_fits(hit: Hit, pattern: &Pattern, surface: &str) -> bool {
    let first_upper = surface
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    if pattern.acronym {
        // "NATO", or in the British style a long acronym as a word: "Nato", "Asean".
        let (mut letters, mut all_caps, mut word_style) = (0usize, true, true);
        for c in surface.chars().filter(|c| c.is_alphabetic()) {
            let upper = c.is_uppercase();
            all_caps &= upper;
            word_style &= if letters == 0 {
                upper
            } else {
                c.is_lowercase()
            };
            letters += 1;
        }
        return letters >= 2 && (all_caps || (word_style && letters >= 4));
    }
    match hit {
        // "the Turkish president", "the foreign minister": titles are descriptions too.
        Hit::Title(_) => true,
        // "prince" as a noun is no honorific.
        Hit::Honorific => first_upper,
        // Lower-case aliases in the data ("the ministry") may match as written.
        _ => first_upper || pattern.lower_case,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use entente_model::{Document, Extraction};

    #[test]
    fn data_files_are_tidy() {
        for (name, data) in DATA_FILES {
            let lines: Vec<&str> = data_lines(data).collect();
            assert!(!lines.is_empty(), "{name} is empty");
            let mut seen = HashSet::default();
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

    /// countries.tsv is checked against the ISO 3166-1 data of a maintained crate
    /// (keshvar): every code is an assigned alpha-3 code (but Kosovo's user-assigned
    /// `XKX`), and every UN member state is there.
    #[test]
    fn countries_agree_with_iso_3166() {
        let lexicon = Lexicon::builtin();
        let iso: HashMap<String, &str> = keshvar::CountryIterator::new()
            .map(|c| (c.alpha3().to_string(), c.iso_short_name()))
            .collect();
        for country in &lexicon.countries {
            assert!(
                country.code == "XKX" || iso.contains_key(&country.code),
                "countries.tsv: `{}` ({}) is no ISO 3166-1 alpha-3 code",
                country.code,
                country.name
            );
        }
        let members: Vec<keshvar::Country> = keshvar::CountryIterator::new()
            .filter(|c| c.un_member())
            .collect();
        assert!(members.len() >= 193);
        for member in members {
            let code = member.alpha3().to_string();
            assert!(
                lexicon.country_index(&code).is_some(),
                "countries.tsv lacks the UN member `{code}` ({})",
                member.iso_short_name()
            );
        }
    }

    #[test]
    fn pair_filters_pass_every_next_word_a_second_word_begins() {
        let mut pairs = PairFilter::default();
        pairs.insert(b"kara", b"sea");
        pairs.insert(b"g", b"7");
        for (first, next) in [("kara", "sea"), ("kara", "seas"), ("g", "7"), ("g", "77")] {
            assert!(
                pairs.may_follow(first.as_bytes(), next.as_bytes()),
                "{first} {next}"
            );
        }
        assert!(!pairs.may_follow(b"kara", b""));
        // Phrases of two and more words are still found after their first word.
        check(
            "the United States, the United Nations and the Communist Party of China",
            &[
                "United States",
                "United Nations",
                "Communist Party of China",
            ],
        );
    }

    #[test]
    fn word_filters_read_padded_words_alike() {
        let filter = WordFilter::new(["said", "stressed", "underlined", "a"]);
        for word in [
            "said",
            "stressed",
            "underlined",
            "a",
            "",
            "says",
            "underlines",
        ] {
            let padded = format!("{word} and more text");
            assert_eq!(
                filter.may_hold_padded(word.as_bytes(), padded.as_bytes()),
                filter.may_hold(word.as_bytes()),
                "{word}"
            );
            assert_eq!(
                filter.may_hold_padded(word.as_bytes(), word.as_bytes()),
                filter.may_hold(word.as_bytes()),
                "{word}"
            );
        }
        assert!(filter.may_hold_padded(b"said", b"said that"));
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

    const DICTIONARY: &str = r#"
[[person]]
name = "Selin Aydemir"
aliases = ["Aydemir"]
country = "TUR"
roles = [
  { title = "Deputy Foreign Minister", country = "TUR", to = 2024-12-31 },
  { title = "Ambassador", country = "TUR", organisation = "Embassy of Türkiye", from = 2025-01-01 },
]

[[person]]
name = "Hakan Fidan"
country = "AZE"

[[person]]
name = "Kerem Yalcin"
aliases = ["KYA"]
roles = [{ title = "Spokesman", country = "TUR" }]

[[organisation]]
name = "Presidency of Religious Affairs"
kind = "other"

[[organisation]]
name = "Caspian Ferry Board"
acronym = "CFB"
aliases = ["Ministry of Foreign Affairs of Türkiye"]
country = "AZE"

[[initiative]]
name = "Trans-Caspian Route"
sponsor = "AZE"
aliases = ["Middle Corridor"]
"#;

    fn user_lexicon() -> Lexicon {
        Lexicon::with_dictionary(&Dictionary::parse(DICTIONARY, "d.toml").unwrap())
    }

    fn extract_with(lexicon: &Lexicon, text: &str, published: Option<&str>) -> Extraction {
        let document = Document {
            external_id: None,
            title: None,
            published: published.map(|p| p.parse().unwrap()),
            source: None,
            url: None,
            path: None,
            sha256: String::new(),
            text: text.to_string(),
        };
        crate::extract(&document, lexicon)
    }

    /// What `text` names: the hits of each match, spelt out.
    fn hits(lexicon: &Lexicon, text: &str) -> Vec<String> {
        let name = |hit: &Hit| match *hit {
            Hit::Organisation(o) => format!("organisation {}", lexicon.organisations[o].name),
            Hit::Initiative(n) => format!("initiative {}", lexicon.initiatives[n].name),
            Hit::Person(p) => format!("person {}", lexicon.people[p].name),
            Hit::Country(c, _) => format!("country {}", lexicon.countries[c].code),
            other => format!("{other:?}"),
        };
        lexicon
            .find(text)
            .iter()
            .flat_map(|m| m.hits.iter().map(name))
            .collect()
    }

    #[test]
    fn a_phrase_inside_a_word_hides_no_phrase_after_it() {
        // Folded, "sakkara sea ports council" holds "kara sea" from inside a word: it is
        // no match, and the search from the next word still finds "Sea Ports Council".
        let dictionary = "[[organisation]]\nname = \"Kara Sea\"\nkind = \"other\"\n\n\
                          [[organisation]]\nname = \"Sea Ports Council\"\nkind = \"other\"\n";
        let lexicon = Lexicon::with_dictionary(&Dictionary::parse(dictionary, "d.toml").unwrap());
        assert_eq!(
            hits(&lexicon, "Officials of the Sakkara Sea Ports Council met."),
            ["organisation Sea Ports Council"]
        );
        assert_eq!(
            hits(&lexicon, "A survey of the Kara Sea."),
            ["organisation Kara Sea"]
        );
    }

    #[test]
    fn dictionary_entries_win_over_builtin_ones() {
        let builtin = Lexicon::builtin();
        let user = user_lexicon();
        let text = "Diyanet, the Ministry of Foreign Affairs of Türkiye and the TITR";
        assert_eq!(
            hits(&builtin, text),
            [
                "organisation Presidency of Religious Affairs",
                "organisation Ministry of Foreign Affairs of Türkiye",
                "initiative Middle Corridor",
            ]
        );
        // "Diyanet" and "TITR" are built-in forms of the entries the user replaced; the
        // ministry's name is now an alias of a user organisation.
        assert_eq!(
            hits(&user, text),
            [
                "organisation Presidency of Religious Affairs",
                "organisation Caspian Ferry Board",
                "initiative Trans-Caspian Route",
            ]
        );
        let diyanet = user.find("Diyanet")[0].hits[0];
        let Hit::Organisation(o) = diyanet else {
            panic!("{diyanet:?}")
        };
        assert_eq!(user.organisations[o].kind, OrganisationKind::Other);
        assert_eq!(
            hits(&user, "CFB and Aydemir"),
            ["organisation Caspian Ferry Board", "person Selin Aydemir"]
        );
        let x = extract_with(&user, "The Middle Corridor was discussed.", None);
        assert_eq!(x.initiatives[0].name, "Trans-Caspian Route");
        assert_eq!(
            x.initiatives[0].sponsor.as_ref().map(|c| c.code.as_str()),
            Some("AZE")
        );
    }

    #[track_caller]
    fn check_person(text: &str, published: Option<&str>, expected: &str) {
        let x = extract_with(&user_lexicon(), text, published);
        let found: Vec<String> = x
            .actors
            .iter()
            .map(|a| {
                let country = a.country.as_ref().map_or("-", |c| c.code.as_str());
                let titles: Vec<&str> = a.titles.iter().map(|t| t.name.as_str()).collect();
                format!("{} [{}] {}", a.name, country, titles.join("; "))
            })
            .collect();
        assert_eq!(found.join(" | "), expected, "{text}");
    }

    #[test]
    fn dictionary_persons_need_no_title() {
        // Without the dictionary, a lone family name is nobody.
        let x = extract_with(
            &Lexicon::builtin(),
            "Aydemir told reporters the talks went well.",
            None,
        );
        assert!(x.actors.is_empty(), "{:?}", x.actors);
        check_person(
            "Aydemir told reporters the talks went well.",
            None,
            "Selin Aydemir [TUR] Ambassador",
        );
        check_person(
            "Selin Aydemir arrived on Monday. Aydemir said the talks went well.",
            Some("2024-06-01"),
            "Selin Aydemir [TUR] Deputy Foreign Minister",
        );
        // The user's country replaces the built-in people's, for the family name too.
        check_person(
            "Fidan told reporters the talks went well.",
            None,
            "Fidan [AZE] ",
        );
        check_person("Hakan Fidan spoke first.", None, "Hakan Fidan [AZE] ");
        // An all-capitals alias, which the name rules never take; the role's country.
        check_person(
            "KYA said the talks went well. Kerem Yalcin left.",
            None,
            "Kerem Yalcin [TUR] Spokesman",
        );
    }

    #[test]
    fn a_dated_role_follows_the_published_date() {
        let text = "Aydemir said the talks went well.";
        check_person(
            text,
            Some("2024-12-31"),
            "Selin Aydemir [TUR] Deputy Foreign Minister",
        );
        check_person(text, Some("2025-01-01"), "Selin Aydemir [TUR] Ambassador");
        check_person(text, None, "Selin Aydemir [TUR] Ambassador");
        // A title in the text wins over the dictionary's role.
        check_person(
            "Turkish envoy Selin Aydemir said the talks went well.",
            Some("2024-06-01"),
            "Selin Aydemir [TUR] Envoy",
        );
        let x = extract_with(&user_lexicon(), text, Some("2025-02-01"));
        let title = &x.actors[0].titles[0];
        assert_eq!(title.organisation.as_deref(), Some("Embassy of Türkiye"));
        assert_eq!(title.country.as_deref(), Some("TUR"));
    }
}
