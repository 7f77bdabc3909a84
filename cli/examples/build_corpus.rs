//! Builds a benchmark corpus of JSON Lines for `entente ingest`, of a given size in MB
//! (10^6 bytes) of article text:
//!
//! ```sh
//! cargo run --release -p entente --example build_corpus -- OUT.jsonl SIZE_MB [--dev FILE] [--seed N] [--dense]
//! ```
//!
//! Half of the text, by bytes, is the development corpus (`../shared/eval/dev/articles.jsonl`,
//! read at run time; `--dev` names another file) repeated: every copy of an article has a
//! fresh `id` and a changed text (a closing line naming the copy, so that it is no
//! "already known" text) and its publication date moved by the copy number in weeks,
//! so that relative dates fall on other days. The other half, or all of it when the
//! development corpus is absent, is generated from the templates below: news-style
//! articles about meetings, phone calls, quotes and reported speech between officials
//! with generated names, real countries, capitals, organisations and initiatives, and
//! varied dates, set among background paragraphs (trade, history, the economy, what
//! analysts expect) as real coverage is, so that the generated half names about as
//! many meetings and statements per megabyte as the development articles do. With
//! `--dense` every article is made of stories alone (one to four visits, no
//! background): six times the meetings and statements per megabyte, a stress test of
//! the writer. The output is the same for the same arguments.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{Datelike, Days, NaiveDate};
use serde_json::{Value, json};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("build_corpus: {message}");
            ExitCode::from(2)
        }
    }
}

struct Args {
    out: PathBuf,
    size_bytes: usize,
    dev: PathBuf,
    seed: u64,
    dense: bool,
}

fn parse_args() -> Result<Args, String> {
    let usage = "usage: build_corpus OUT.jsonl SIZE_MB [--dev FILE] [--seed N] [--dense]";
    let mut positional = Vec::new();
    let mut dev =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/eval/dev/articles.jsonl");
    let mut seed = 1;
    let mut dense = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--dev" => dev = args.next().ok_or(usage)?.into(),
            "--seed" => {
                seed = args
                    .next()
                    .and_then(|s| s.parse().ok())
                    .ok_or("--seed takes a number")?;
            }
            "--dense" => dense = true,
            "-h" | "--help" => return Err(usage.into()),
            _ => positional.push(arg),
        }
    }
    let [out, size] = positional.as_slice() else {
        return Err(usage.into());
    };
    let size_mb: f64 = size
        .parse()
        .map_err(|_| format!("`{size}` is no size in MB"))?;
    Ok(Args {
        out: out.into(),
        size_bytes: (size_mb * 1e6) as usize,
        dev,
        seed,
        dense,
    })
}

fn run() -> Result<(), String> {
    let args = parse_args()?;
    let dev = read_dev(&args.dev);
    if dev.is_empty() {
        eprintln!(
            "build_corpus: {} is absent: generated articles only",
            args.dev.display()
        );
    }
    let file = File::create(&args.out)
        .map_err(|e| format!("cannot create `{}`: {e}", args.out.display()))?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let mut generator = Generator::new(args.seed, args.dense);
    let mut written = Totals::default();
    let mut copy = 0;
    while written.bytes() < args.size_bytes {
        copy += 1;
        // One copy of the development corpus, then as many bytes of generated articles.
        let round_start = written.generated_bytes;
        for article in &dev {
            if written.bytes() >= args.size_bytes {
                break;
            }
            let line = dev_copy(article, copy);
            written.dev_bytes += text_len(&line);
            written.dev_articles += 1;
            write_line(&mut out, &line)?;
        }
        let round_bytes = if dev.is_empty() {
            1 << 20
        } else {
            written.dev_bytes / copy
        };
        while written.generated_bytes - round_start < round_bytes
            && written.bytes() < args.size_bytes
        {
            let line = generator.article();
            written.generated_bytes += text_len(&line);
            written.generated_articles += 1;
            write_line(&mut out, &line)?;
        }
    }
    out.flush()
        .map_err(|e| format!("cannot write `{}`: {e}", args.out.display()))?;
    println!(
        "{}: {} articles, {:.1} MB of text ({} copies of {} development articles, {:.1} MB; {} generated, {:.1} MB)",
        args.out.display(),
        written.dev_articles + written.generated_articles,
        written.bytes() as f64 / 1e6,
        copy,
        dev.len(),
        written.dev_bytes as f64 / 1e6,
        written.generated_articles,
        written.generated_bytes as f64 / 1e6,
    );
    Ok(())
}

#[derive(Default)]
struct Totals {
    dev_articles: usize,
    dev_bytes: usize,
    generated_articles: usize,
    generated_bytes: usize,
}

impl Totals {
    fn bytes(&self) -> usize {
        self.dev_bytes + self.generated_bytes
    }
}

fn text_len(article: &Value) -> usize {
    article["text"].as_str().map_or(0, str::len)
}

fn write_line(out: &mut impl Write, article: &Value) -> Result<(), String> {
    serde_json::to_writer(&mut *out, article)
        .map_err(|e| e.to_string())
        .and_then(|()| out.write_all(b"\n").map_err(|e| e.to_string()))
        .map_err(|e| format!("cannot write: {e}"))
}

/// The development articles (JSON objects with a `text`), or none when the file is absent.
fn read_dev(path: &Path) -> Vec<Value> {
    let Ok(file) = File::open(path) else {
        return Vec::new();
    };
    BufReader::new(file)
        .lines()
        .map_while(Result::ok)
        .filter_map(|line| serde_json::from_str::<Value>(&line).ok())
        .filter(|article| article["text"].is_string())
        .collect()
}

/// Copy `copy` of a development article: a fresh id, a changed text, a later date.
fn dev_copy(article: &Value, copy: usize) -> Value {
    let mut article = article.clone();
    let id = article["id"].as_str().unwrap_or("dev").to_owned();
    article["id"] = json!(format!("{id}-copy{copy}"));
    let text = article["text"].as_str().unwrap_or_default();
    article["text"] = json!(format!("{text}\n\n(Benchmark copy {copy}.)"));
    let published = article["published"]
        .as_str()
        .and_then(|date| NaiveDate::parse_from_str(date.get(..10)?, "%Y-%m-%d").ok());
    if let Some(date) = published {
        let moved = date
            .checked_add_days(Days::new(7 * copy as u64))
            .unwrap_or(date);
        article["published"] = json!(moved.format("%Y-%m-%d").to_string());
    }
    article
}

/// A small deterministic random source (SplitMix64).
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// A state as the templates name it.
struct State {
    name: &'static str,
    adjective: &'static str,
    capital: &'static str,
}

const STATES: &[State] = &[
    state("Türkiye", "Turkish", "Ankara"),
    state("China", "Chinese", "Beijing"),
    state("Russia", "Russian", "Moscow"),
    state("Kazakhstan", "Kazakh", "Astana"),
    state("Azerbaijan", "Azerbaijani", "Baku"),
    state("Iran", "Iranian", "Tehran"),
    state("Pakistan", "Pakistani", "Islamabad"),
    state("Egypt", "Egyptian", "Cairo"),
    state("Brazil", "Brazilian", "Brasilia"),
    state("India", "Indian", "New Delhi"),
    state("Indonesia", "Indonesian", "Jakarta"),
    state("Japan", "Japanese", "Tokyo"),
    state("Germany", "German", "Berlin"),
    state("France", "French", "Paris"),
    state("Italy", "Italian", "Rome"),
    state("Spain", "Spanish", "Madrid"),
    state("Hungary", "Hungarian", "Budapest"),
    state("Uzbekistan", "Uzbek", "Tashkent"),
    state("Georgia", "Georgian", "Tbilisi"),
    state("Qatar", "Qatari", "Doha"),
    state("Saudi Arabia", "Saudi", "Riyadh"),
    state("South Africa", "South African", "Pretoria"),
    state("Nigeria", "Nigerian", "Abuja"),
    state("Kenya", "Kenyan", "Nairobi"),
    state("Mexico", "Mexican", "Mexico City"),
    state("Argentina", "Argentine", "Buenos Aires"),
    state("Vietnam", "Vietnamese", "Hanoi"),
    state("Malaysia", "Malaysian", "Kuala Lumpur"),
    state("Thailand", "Thai", "Bangkok"),
    state("Poland", "Polish", "Warsaw"),
    state("Greece", "Greek", "Athens"),
    state("Serbia", "Serbian", "Belgrade"),
];

const fn state(name: &'static str, adjective: &'static str, capital: &'static str) -> State {
    State {
        name,
        adjective,
        capital,
    }
}

const GIVEN_NAMES: &[&str] = &[
    "Ahmet", "Mehmet", "Elif", "Zeynep", "Wei", "Li", "Mei", "Jun", "Sergei", "Olga", "Dmitri",
    "Aigerim", "Nurlan", "Leyla", "Farid", "Reza", "Maryam", "Imran", "Ayesha", "Omar", "Amina",
    "Lucas", "Mariana", "Arjun", "Priya", "Budi", "Sari", "Kenji", "Yuki", "Anna", "Klaus",
    "Claire", "Pierre", "Giulia", "Marco", "Lucia", "Javier", "Istvan", "Rustam", "Nino", "Khalid",
    "Fatima", "Thabo", "Ngozi", "Wanjiru", "Diego", "Sofia", "Minh", "Aziz", "Somchai", "Piotr",
    "Eleni", "Milan",
];

const SURNAME_STARTS: &[&str] = &[
    "Kar", "Tem", "Ozd", "Yil", "Zhan", "Liu", "Chen", "Volk", "Petr", "Nur", "Abd", "Hos", "Ras",
    "Kha", "Sil", "Per", "Sha", "Nak", "Tan", "Mül", "Dub", "Ros", "Gar", "Sza", "Mir", "Bel",
    "Okon", "Mwa", "Ngu", "Kow", "Pap", "Jov", "Asl", "Dem", "Kov", "Sar", "Tor",
];

const CHINESE_FAMILY_NAMES: &[&str] = &[
    "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu", "Sun", "Hu",
    "Zhu", "Gao", "Lin", "He", "Guo", "Ma", "Luo", "Liang", "Song", "Zheng", "Xie", "Han", "Tang",
    "Feng", "Yu", "Dong", "Xiao", "Cheng", "Cao", "Yuan", "Deng", "Fu", "Shen",
];

const CHINESE_SYLLABLES: &[&str] = &[
    "Jian", "Wei", "Ming", "Hua", "Guo", "Qiang", "Lei", "Yan", "Hong", "Jun", "Xin", "Tao", "Bin",
    "Hao", "Kai", "Lan", "Ping", "Rong", "Shan", "Ting", "Xia", "Yong", "Zhi", "Feng",
];

const SURNAME_MIDDLES: &[&str] = &[
    "", "a", "e", "i", "o", "u", "ar", "el", "in", "or", "an", "et", "is", "ul", "am", "er",
];

const SURNAME_ENDS: &[&str] = &[
    "oglu",
    "an",
    "emir",
    "maz",
    "gwei",
    "ova",
    "ov",
    "enko",
    "bayev",
    "ullah",
    "seini",
    "ani",
    "ira",
    "ez",
    "ma",
    "amura",
    "aka",
    "ler",
    "ois",
    "ini",
    "cia",
    "ó",
    "zadeh",
    "vili",
    "ek",
    "ndu",
    "ura",
    "yen",
    "alski",
    "adopoulos",
    "ic",
    "tas",
    "ci",
    "rin",
    "ado",
];

const TITLES: &[&str] = &[
    "President",
    "Prime Minister",
    "Foreign Minister",
    "Trade Minister",
    "Defence Minister",
    "Energy Minister",
    "Vice President",
    "Finance Minister",
];

const JUNIOR_TITLES: &[&str] = &[
    "Deputy Foreign Minister",
    "Ambassador",
    "Transport Minister",
    "Agriculture Minister",
    "Chief of General Staff",
    "presidential adviser",
];

const ORGANISATIONS: &[&str] = &[
    "Shanghai Cooperation Organization",
    "United Nations",
    "Organization of Turkic States",
    "European Union",
    "African Union",
    "World Bank",
    "BRICS",
    "G20",
    "ASEAN",
    "World Trade Organization",
];

const INITIATIVES: &[&str] = &[
    "Belt and Road Initiative",
    "Middle Corridor",
    "Global Development Initiative",
    "Development Road",
    "International North-South Transport Corridor",
];

const OCCASIONS: &[&str] = &[
    "summit",
    "economic forum",
    "ministerial conference",
    "trade fair",
    "security dialogue",
];

const TOPICS: &[&str] = &[
    "trade and investment",
    "energy security",
    "regional stability",
    "transport links",
    "the situation in the Middle East",
    "climate finance",
    "food security",
    "counterterrorism",
    "digital infrastructure",
    "the war in Ukraine",
];

const GOALS: &[&str] = &[
    "deepen economic ties",
    "expand cooperation in energy",
    "open new transport routes",
    "balance bilateral trade",
    "coordinate positions at the United Nations",
    "strengthen security cooperation",
    "increase direct flights",
    "boost investment in industry",
];

/// The number of background paragraph templates ([`Generator::background`]).
const BACKGROUNDS: usize = 12;

const REPORTING_VERBS: &[&str] = &["said", "stressed", "noted", "added", "told reporters"];

const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const SOURCES: &[&str] = &[
    "Bench Wire",
    "Daily Diplomat",
    "Regional Herald",
    "Capital Times",
];

struct Person {
    name: String,
    surname: String,
    title: &'static str,
    state: usize,
}

/// News-style articles from templates, with generated names.
///
/// As in real coverage, most people named are a state's usual officials (a roster drawn
/// once per state, each with one title), and the rest are new names, so that the
/// database keeps growing with people as a year of news does.
struct Generator {
    random: Random,
    n: usize,
    /// Per state: its senior officials, then its junior ones.
    roster: Vec<(Vec<Person>, Vec<Person>)>,
    /// Stories alone, no background (`--dense`).
    dense: bool,
}

/// Officials per state on the roster (senior, junior) ...
const ROSTER: (usize, usize) = (10, 20);
/// ... and the share of people named who are new names.
const NEW_NAMES_PERCENT: usize = 30;

impl Generator {
    fn new(seed: u64, dense: bool) -> Generator {
        let mut generator = Generator {
            random: Random(seed),
            n: 0,
            roster: Vec::new(),
            dense,
        };
        for state in 0..STATES.len() {
            let senior = (0..ROSTER.0)
                .map(|_| generator.new_person(state, TITLES))
                .collect();
            let junior = (0..ROSTER.1)
                .map(|_| generator.new_person(state, JUNIOR_TITLES))
                .collect();
            generator.roster.push((senior, junior));
        }
        generator
    }

    /// Someone of `state` with one of `titles`: mostly from the roster.
    fn person(&mut self, state: usize, titles: &'static [&'static str]) -> Person {
        if self.random.chance(NEW_NAMES_PERCENT) {
            return self.new_person(state, titles);
        }
        let (senior, junior) = &self.roster[state];
        let people = if std::ptr::eq(titles, TITLES) {
            senior
        } else {
            junior
        };
        let person = &people[self.random.below(people.len())];
        Person {
            name: person.name.clone(),
            surname: person.surname.clone(),
            title: person.title,
            state,
        }
    }

    /// A new name (about 50 given names and 20,000 surnames; Chinese names family name
    /// first, from common family names and two-syllable given names).
    fn new_person(&mut self, state: usize, titles: &'static [&'static str]) -> Person {
        let random = &mut self.random;
        if STATES[state].name == "China" {
            let surname = (*random.pick(CHINESE_FAMILY_NAMES)).to_owned();
            let given = format!(
                "{}{}",
                random.pick(CHINESE_SYLLABLES),
                random.pick(CHINESE_SYLLABLES).to_lowercase()
            );
            return Person {
                name: format!("{surname} {given}"),
                surname,
                title: titles[random.below(titles.len())],
                state,
            };
        }
        let surname = format!(
            "{}{}{}",
            random.pick(SURNAME_STARTS),
            random.pick(SURNAME_MIDDLES),
            random.pick(SURNAME_ENDS)
        );
        let name = format!("{} {surname}", random.pick(GIVEN_NAMES));
        Person {
            name,
            surname,
            title: titles[random.below(titles.len())],
            state,
        }
    }

    fn date_phrase(&mut self, published: NaiveDate) -> String {
        match self.random.below(4) {
            0 => format!("on {}", self.random.pick(WEEKDAYS)),
            1 => {
                let day = published
                    .checked_sub_days(Days::new(self.random.below(10) as u64))
                    .unwrap_or(published);
                format!("on {} {}", MONTHS[day.month0() as usize], day.day())
            }
            2 => "a day earlier".into(),
            _ => format!("on {} evening", self.random.pick(WEEKDAYS)),
        }
    }

    fn article(&mut self) -> Value {
        self.n += 1;
        let random = &mut self.random;
        let host = random.below(STATES.len());
        let mut guest = random.below(STATES.len() - 1);
        if guest >= host {
            guest += 1;
        }
        let published = NaiveDate::from_ymd_opt(2021, 1, 1)
            .and_then(|start| start.checked_add_days(Days::new(random.below(2000) as u64)))
            .unwrap_or_default();
        let source = *random.pick(SOURCES);
        let goal = *random.pick(GOALS);
        let (hs, gs) = (&STATES[host], &STATES[guest]);
        let mut paragraphs = Vec::new();
        if self.dense {
            // One to four stories of the same visit, each with people of its own.
            for story in 0..1 + self.random.below(4) {
                self.story(host, guest, published, story == 0, goal, &mut paragraphs);
            }
        } else {
            // The visit, then what a reader needs around it: the second half of the
            // story's paragraphs among background paragraphs, mostly after it.
            self.story(host, guest, published, true, goal, &mut paragraphs);
            let story_paragraphs = paragraphs.len();
            // Each background template once at most, in a random order.
            let mut kinds: Vec<usize> = (0..BACKGROUNDS).collect();
            for i in (1..kinds.len()).rev() {
                kinds.swap(i, self.random.below(i + 1));
            }
            kinds.truncate(10 + self.random.below(BACKGROUNDS - 9));
            for kind in kinds {
                let paragraph = self.background(kind, host, guest, published);
                let at = story_paragraphs / 2
                    + self
                        .random
                        .below(paragraphs.len() + 1 - story_paragraphs / 2);
                paragraphs.insert(at, paragraph);
            }
        }
        let title = format!("{} and {} pledge to {goal}", hs.name, gs.name);
        json!({
            "id": format!("gen-{}", self.n),
            "title": title,
            "published": published.format("%Y-%m-%d").to_string(),
            "source": source,
            "url": Value::Null,
            "text": paragraphs.join("\n\n"),
        })
    }

    fn story(
        &mut self,
        host: usize,
        guest: usize,
        published: NaiveDate,
        lead: bool,
        goal: &str,
        paragraphs: &mut Vec<String>,
    ) {
        let a = self.person(host, TITLES);
        let b = self.person(guest, TITLES);
        let c = self.person(host, JUNIOR_TITLES);
        let d = self.person(guest, JUNIOR_TITLES);
        let (hs, gs) = (&STATES[host], &STATES[guest]);
        let when = self.date_phrase(published);
        let random = &mut self.random;
        let organisation = *random.pick(ORGANISATIONS);
        let initiative = *random.pick(INITIATIVES);
        let occasion = *random.pick(OCCASIONS);
        let topic = *random.pick(TOPICS);
        let other_topic = *random.pick(TOPICS);
        let other_goal = *random.pick(GOALS);
        let verb = *random.pick(REPORTING_VERBS);
        let billions = 2 + random.below(90);
        let year = published.year() - 1;
        if lead {
            paragraphs.push(format!(
                "{} {} {} met {} {} {} in {} {when}, as the two countries sought to {goal}.",
                hs.adjective, a.title, a.name, gs.adjective, b.title, b.name, hs.capital
            ));
        } else {
            paragraphs.push(format!(
                "In separate talks {when}, {} {} {} received {} {} {} at the {} headquarters.",
                hs.adjective, a.title, a.name, gs.adjective, b.title, b.name, organisation
            ));
        }
        paragraphs.push(format!(
            "The talks on the sidelines of the {occasion} focused on {topic} and {other_topic}, officials said."
        ));
        paragraphs.push(format!(
            "“We have agreed to {goal} and to work together within the {organisation},” {} {verb} after the meeting.",
            a.surname
        ));
        paragraphs.push(format!(
            "{} said that {} was ready to {other_goal} and stressed that the {initiative} offered both countries new opportunities.",
            b.surname, gs.name
        ));
        if random.chance(60) {
            paragraphs.push(format!(
                "{} was joined at the meeting by {} {} and {} {}.",
                a.surname, c.title, c.name, d.title, d.name
            ));
        }
        paragraphs.push(format!(
            "Trade between {} and {} reached ${billions} billion in {year}, according to figures published by the {organisation}.",
            hs.name, gs.name
        ));
        if random.chance(50) {
            paragraphs.push(format!(
                "{}, the {} {}, told reporters in {}: “Our relations are built on mutual respect. We will not let anyone divide us.”",
                d.name,
                STATES[d.state].adjective,
                d.title.to_lowercase(),
                hs.capital
            ));
        }
        if random.chance(50) {
            let caller = self.person(guest, TITLES);
            let callee = self.person(host, TITLES);
            let when = self.date_phrase(published);
            paragraphs.push(format!(
                "Earlier, {} {} {} held a phone call with {} {} {} {when} to prepare the visit.",
                gs.adjective, caller.title, caller.name, hs.adjective, callee.title, callee.name
            ));
            paragraphs.push(format!(
                "{} urged {} to support the {initiative}, a statement from {}’s office said.",
                caller.surname, callee.surname, caller.surname
            ));
        }
        if self.random.chance(40) {
            paragraphs.push(format!(
                "Analysts in {} said the visit showed that {} wanted to diversify its partners. “This is a signal to Washington and Brussels,” one diplomat said.",
                gs.capital, hs.name
            ));
        }
        paragraphs.push(format!(
            "The two sides also signed agreements on {topic}, customs and tourism, and agreed to meet again at the next {occasion} in {}.",
            gs.capital
        ));
    }

    /// Background paragraph `kind` (below [`BACKGROUNDS`]) about the two states: no
    /// meeting, no quote, no people.
    fn background(
        &mut self,
        kind: usize,
        host: usize,
        guest: usize,
        published: NaiveDate,
    ) -> String {
        let random = &mut self.random;
        let (hs, gs) = if random.chance(50) {
            (&STATES[host], &STATES[guest])
        } else {
            (&STATES[guest], &STATES[host])
        };
        let third = random.pick(STATES);
        let organisation = *random.pick(ORGANISATIONS);
        let initiative = *random.pick(INITIATIVES);
        let topic = *random.pick(TOPICS);
        let year = published.year() - 1 - random.below(15) as i32;
        let share = 3 + random.below(40);
        let billions = 2 + random.below(90);
        let percent = 1 + random.below(9);
        let month = *random.pick(MONTHS);
        match kind {
            0 => format!(
                "{} is among the largest trading partners of {}, with exports of machinery, textiles and farm produce growing by {percent} percent a year since {year}. The balance has long favoured the other side, a sore point in {}, and customs data for the first months of this year showed the gap widening again.",
                hs.name, gs.name, gs.capital
            ),
            1 => format!(
                "Relations between the two countries go back centuries, to the caravan routes that once linked {} with the cities of the east. Diplomatic ties in their present form were established in {year}, and the two governments have since signed more than {share} agreements on matters from education to civil aviation.",
                hs.capital
            ),
            2 => format!(
                "The economy of {} grew by {percent} percent last year, according to the national statistics office, while inflation eased for the third quarter in a row. The central bank in {} has kept interest rates on hold since {month}, waiting for prices to settle before it moves.",
                hs.name, hs.capital
            ),
            3 => format!(
                "Companies from {} have invested about ${billions} billion in {} over the past decade, much of it in ports, power plants and railways linked to the {initiative}. Critics in the opposition have questioned the terms of some of the loans, while supporters point to the jobs the projects created in the provinces.",
                hs.name, gs.name
            ),
            4 => format!(
                "Both countries are members of the {organisation}, where they have often voted together on questions of {topic}. Diplomats say the two governments also coordinate their positions before meetings of the {}, though they have differed in public over the pace of reform.",
                random.pick(ORGANISATIONS)
            ),
            5 => format!(
                "Tourism has become another link between the two peoples. Close to {share} flights a week now connect {} and {}, and the number of visitors from {} rose to a record last year, helped by simpler visa rules and a weaker currency.",
                hs.capital, gs.capital, gs.name
            ),
            6 => format!(
                "The region has drawn growing attention from larger powers. {} and {} have both stepped up their engagement in recent years, offering credit, weapons and infrastructure, and smaller states have tried to keep good relations with all sides rather than choose between them.",
                third.name, gs.name
            ),
            7 => format!(
                "Energy is at the centre of the relationship. {} imports a large part of its gas through pipelines that cross the region, and plans for a new line carrying up to {share} billion cubic metres a year have been discussed since {year}, though financing has yet to be agreed.",
                hs.name
            ),
            8 => format!(
                "Students from {} make up one of the largest groups of foreign students in {}, and universities in both countries have opened joint programmes in engineering and medicine. Cultural centres in {} and {} organise language courses, film weeks and exhibitions throughout the year.",
                gs.name, hs.name, hs.capital, gs.capital
            ),
            9 => format!(
                "Analysts expect the coming months to test the relationship. Elections are due in {} next year, and a slowing global economy has cut demand for the goods both countries sell abroad. Some economists have warned that falling commodity prices could strain public finances across the region.",
                hs.name
            ),
            10 => format!(
                "The {initiative} has reshaped transport across the region since it was launched. New rail links have cut the time it takes to move containers from {} to Europe to less than {share} days, and logistics firms say freight volumes have grown by about {percent} percent a year.",
                hs.capital
            ),
            _ => format!(
                "Security cooperation has grown more slowly. Defence officials of {} and {} hold regular consultations, and their navies took part in joint exercises in {month} {year}, but there is no formal alliance, and both governments say their ties are directed against no third country.",
                hs.name, gs.name
            ),
        }
    }
}
