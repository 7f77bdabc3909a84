//! The extraction rules, one construction per case, on sentences written for these tests.

use entente_extract::{Lexicon, extract, normalise_text, sha256_hex};
use entente_model::{Document, Extraction, MeetingStatus, Mode, Role, Speaker};
use std::sync::LazyLock;

static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::builtin);

fn run(text: &str, published: Option<&str>) -> Extraction {
    let text = normalise_text(text).text;
    let doc = Document {
        external_id: None,
        title: None,
        published: published.and_then(|p| p.parse().ok()),
        source: None,
        url: None,
        path: None,
        sha256: sha256_hex(&text),
        text,
    };
    extract(&doc, &LEXICON)
}

fn actor<'a>(x: &'a Extraction, name: &str) -> &'a entente_model::Actor {
    x.actors
        .iter()
        .find(|a| a.name == name)
        .unwrap_or_else(|| panic!("no actor {name}: {:?}", names(x)))
}

fn names(x: &Extraction) -> Vec<&str> {
    x.actors.iter().map(|a| a.name.as_str()).collect()
}

fn speaker(x: &Extraction, s: &entente_model::Statement) -> String {
    match &s.speaker {
        Speaker::Actor(a) => x.actors[a.0 as usize].name.clone(),
        other => format!("{other:?}"),
    }
}

/// Persons of a text, with their countries: `("Name", Some("ISO"))`.
#[track_caller]
fn check_persons(text: &str, expected: &[(&str, Option<&str>)]) {
    let x = run(text, Some("2025-05-05"));
    let got: Vec<(&str, Option<&str>)> = x
        .actors
        .iter()
        .map(|a| (a.name.as_str(), a.country.as_ref().map(|c| c.code.as_str())))
        .collect();
    assert_eq!(got, expected, "in: {text}");
}

#[test]
fn persons_after_titles_adjectives_and_honorifics() {
    check_persons(
        "Kazakh President Kassym-Jomart Tokayev welcomed the delegation.",
        &[("Kassym-Jomart Tokayev", Some("KAZ"))],
    );
    check_persons(
        "Japan’s Prime Minister Shigeru Ishiba arrived on Monday.",
        &[("Shigeru Ishiba", Some("JPN"))],
    );
    check_persons("Mr. Okonkwo declined to comment.", &[("Okonkwo", None)]);
    check_persons(
        "Brazilian Foreign Minister Mauro Vieira spoke first. Vieira then left.",
        &[("Mauro Vieira", Some("BRA"))],
    );
}

#[test]
fn persons_in_appositions_and_with_particles() {
    check_persons(
        "Talks were led by Nguyen Van Long, Vietnam’s top diplomat, and others.",
        &[("Nguyen Van Long", Some("VNM"))],
    );
    check_persons(
        "Saudi Crown Prince Mohammed bin Salman hosted the dinner.",
        &[("Mohammed bin Salman", Some("SAU"))],
    );
    check_persons(
        "Syrian Foreign Minister Asaad al-Shaibani said little.",
        &[("Asaad al-Shaibani", Some("SYR"))],
    );
    check_persons(
        "South Korean President Lee Jae-myung met the press.",
        &[("Lee Jae-myung", Some("KOR"))],
    );
}

#[test]
fn later_forms_join_the_full_name_and_diacritics_fold() {
    let x = run(
        "Turkish Treasury Minister Mehmet Şimşek spoke in Ankara. Simsek said inflation would fall. Later, Mr. Şimşek left.",
        None,
    );
    assert_eq!(names(&x), ["Mehmet Şimşek"]);
    let a = actor(&x, "Mehmet Şimşek");
    assert!(a.aliases.iter().any(|f| f == "Simsek"), "{:?}", a.aliases);
}

#[test]
fn a_shared_surname_stays_unresolved() {
    let x = run(
        "Chinese Foreign Minister Wang Yi and Commerce Minister Wang Wentao arrived. Wang said the visit mattered.",
        Some("2025-05-05"),
    );
    assert_eq!(names(&x), ["Wang Yi", "Wang Wentao"]);
    assert!(
        x.statements
            .iter()
            .all(|s| !s.text.contains("visit mattered")),
        "a statement was guessed: {:?}",
        x.statements
    );
}

#[test]
fn bylines_credits_and_headlines_are_no_persons() {
    let x = run(
        "Ministers Agree On Trade Route\nBy Jane Doe\nIndonesian Foreign Minister Sugiono met reporters in Jakarta. Photo: John Roe / Wire Agency\n(Reporting by Ann Smith; Editing by Tom Brown)",
        None,
    );
    assert_eq!(names(&x), ["Sugiono"]);
}

#[test]
fn a_wide_gap_ends_a_name() {
    // A transcript's question marker, set apart by non-breaking spaces, is no part of
    // the name after it; a single space (or a single non-breaking one) still joins.
    let x = run(
        "Q\u{a0}\u{a0}\u{a0} Hello, Mr. Secretary.\n\nQ\u{a0}\u{a0} Lena Marsh, Foreign Minister of Estonia, met Mr. Arvo Pihl.\n\nOlga\u{a0}Tamm said the visit went well.",
        None,
    );
    assert_eq!(names(&x), ["Lena Marsh", "Arvo Pihl", "Olga\u{a0}Tamm"]);
    let x = run(
        "Q\u{a0}\u{a0}\u{a0} Senator Paul Reed, what did you tell the minister?",
        None,
    );
    assert_eq!(actor(&x, "Paul Reed").titles[0].name, "Senator");
    let x = run("Columns:  Anna   Berg  Karl Dahl", None);
    assert!(
        names(&x).iter().all(|n| !n.contains("Berg")),
        "{:?}",
        names(&x)
    );
}

#[test]
fn a_word_before_a_known_full_name_is_no_part_of_it() {
    let x = run(
        "Recall Donald Trump shipped chips abroad, the statement said. Wages fell under Sleepy Joe Biden, it added. Republicans Complain Joe Biden Ignored Them.",
        None,
    );
    assert_eq!(names(&x), ["Donald Trump", "Joe Biden"]);
    // A full name the lexicon knows stays whole.
    let x = run("Recep Tayyip Erdogan arrived in Beijing.", None);
    assert_eq!(names(&x), ["Recep Tayyip Erdogan"]);
}

#[test]
fn institutions_and_offices_in_title_case_are_no_persons() {
    let x = run(
        "Students of Parkview Elementary School met Deputy Mayor Rosa Lind. The Harlan Valley College choir sang, and the Special Assistant read out a Harrison Executive Order.",
        None,
    );
    assert_eq!(names(&x), ["Rosa Lind"]);
}

#[test]
fn organisations_with_acronyms_and_state_institutions() {
    let x = run(
        "Officials of the Economic Cooperation Organization (ECO) met the Turkish Foreign Ministry and the SCO.",
        None,
    );
    let orgs: Vec<(&str, Option<&str>)> = x
        .organisations
        .iter()
        .map(|o| (o.name.as_str(), o.acronym.as_deref()))
        .collect();
    assert!(
        orgs.iter()
            .any(|(n, a)| *n == "Economic Cooperation Organization" && *a == Some("ECO")),
        "{orgs:?}"
    );
    let ministry = x
        .organisations
        .iter()
        .find(|o| {
            o.name.contains("Foreign Ministry")
                || o.aliases.iter().any(|a| a.contains("Foreign Ministry"))
        })
        .unwrap_or_else(|| panic!("{orgs:?}"));
    assert_eq!(
        ministry.country.as_ref().map(|c| c.code.as_str()),
        Some("TUR")
    );
    assert!(orgs.iter().any(|(_, a)| *a == Some("SCO")), "{orgs:?}");
}

#[test]
fn initiatives_from_the_lexicon_and_by_pattern() {
    let x = run(
        "Both sides praised the One Belt, One Road plan and the new Lobito Corridor.",
        None,
    );
    let names: Vec<&str> = x.initiatives.iter().map(|i| i.name.as_str()).collect();
    assert!(names.contains(&"Belt and Road Initiative"), "{names:?}");
    assert!(
        names.iter().any(|n| n.contains("Lobito Corridor")),
        "{names:?}"
    );
}

#[test]
fn meetings_with_weekday_dates_and_places() {
    let x = run(
        "Indian External Affairs Minister Subrahmanyam Jaishankar met Australian Foreign Minister Penny Wong in Canberra on Tuesday.",
        Some("2025-09-05"),
    );
    assert_eq!(x.meetings.len(), 1, "{:?}", x.meetings);
    let m = &x.meetings[0];
    assert_eq!(m.status, MeetingStatus::Held);
    assert_eq!(m.participants.len(), 2);
    let date = m.date.as_ref().and_then(|d| d.date).map(|d| d.to_string());
    assert_eq!(date.as_deref(), Some("2025-09-02"));
    assert_eq!(m.location.city.as_deref(), Some("Canberra"));
}

#[test]
fn phone_calls_have_no_place() {
    let x = run(
        "In Pretoria, South African President Cyril Ramaphosa held a phone call with Brazilian President Luiz Inacio Lula da Silva on Tuesday.",
        Some("2025-06-12"),
    );
    let m = x.meetings.first().expect("a call");
    assert_eq!(m.kind, entente_model::MeetingKind::PhoneCall);
    assert!(m.location.is_empty(), "{:?}", m.location);
}

#[test]
fn planned_and_cancelled_meetings_are_not_held() {
    for text in [
        "Egyptian President Abdel Fattah al-Sisi will meet Greek Prime Minister Kyriakos Mitsotakis next week.",
        "Egyptian President Abdel Fattah al-Sisi is expected to meet Greek Prime Minister Kyriakos Mitsotakis in Athens.",
        "A meeting between Egyptian President Abdel Fattah al-Sisi and Greek Prime Minister Kyriakos Mitsotakis was called off.",
    ] {
        let x = run(text, Some("2025-05-05"));
        assert!(
            x.meetings.iter().all(|m| m.status != MeetingStatus::Held),
            "held in: {text}: {:?}",
            x.meetings
        );
    }
}

#[test]
fn delegation_members_join_the_meeting() {
    let x = run(
        "Kenyan President William Ruto met Chinese Premier Li Qiang in Beijing on Monday. Ruto was joined at the talks by Foreign Minister Musalia Mudavadi and Trade Minister Lee Kinyanjui.",
        Some("2025-04-22"),
    );
    assert_eq!(x.meetings.len(), 1, "{:?}", x.meetings);
    let m = &x.meetings[0];
    let delegation: Vec<&str> = m
        .participants
        .iter()
        .filter(|p| p.role == Role::Delegation)
        .map(|p| x.actors[p.actor.0 as usize].name.as_str())
        .collect();
    assert_eq!(delegation, ["Musalia Mudavadi", "Lee Kinyanjui"]);
    // Members serve the state of the principal they joined.
    assert_eq!(
        actor(&x, "Musalia Mudavadi")
            .country
            .as_ref()
            .map(|c| c.code.as_str()),
        Some("KEN")
    );
}

#[test]
fn a_day_earlier_counts_from_the_previous_meeting() {
    let x = run(
        "Argentine President Javier Milei met Italian Prime Minister Giorgia Meloni on Friday. The dinner followed Milei’s talks with Spanish Prime Minister Pedro Sanchez a day earlier.",
        Some("2025-06-07"),
    );
    let dates: Vec<String> = x
        .meetings
        .iter()
        .filter_map(|m| m.date.as_ref().and_then(|d| d.date))
        .map(|d| d.to_string())
        .collect();
    assert_eq!(dates, ["2025-06-06", "2025-06-05"]);
}

#[test]
fn the_same_meeting_mentioned_twice_is_one() {
    let x = run(
        "Nigerian President Bola Tinubu met French President Emmanuel Macron in Paris on Thursday. During the meeting, Tinubu and Macron discussed trade.",
        Some("2025-05-08"),
    );
    assert_eq!(x.meetings.len(), 1, "{:?}", x.meetings);
}

/// Statements of a text: `(speaker, mode, text)`.
#[track_caller]
fn check_statements(text: &str, expected: &[(&str, Mode, &str)]) {
    let x = run(text, Some("2025-05-05"));
    let got: Vec<(String, Mode, String)> = x
        .statements
        .iter()
        .map(|s| (speaker(&x, s), s.mode, s.text.clone()))
        .collect();
    let expected: Vec<(String, Mode, String)> = expected
        .iter()
        .map(|(a, m, t)| (a.to_string(), *m, t.to_string()))
        .collect();
    assert_eq!(got, expected, "in: {text}");
}

#[test]
fn direct_quotes_attributed_after_before_and_split() {
    check_statements(
        "Chilean President Gabriel Boric visited Lima. “Our ports must work together,” Boric said.",
        &[(
            "Gabriel Boric",
            Mode::Direct,
            "Our ports must work together",
        )],
    );
    check_statements(
        "Ghanaian President John Mahama said: “We will not wait for others to act.”",
        &[(
            "John Mahama",
            Mode::Direct,
            "We will not wait for others to act",
        )],
    );
    check_statements(
        "Swedish Prime Minister Ulf Kristersson arrived. \"We stand together,\" he said, \"and we will keep standing together.\"",
        &[
            ("Ulf Kristersson", Mode::Direct, "We stand together"),
            (
                "Ulf Kristersson",
                Mode::Direct,
                "and we will keep standing together",
            ),
        ],
    );
}

#[test]
fn unattributed_quotes_are_not_statements() {
    check_statements(
        "The plan was called a “historic step for the region” by observers.",
        &[],
    );
}

#[test]
fn reported_speech_after_reporting_verbs() {
    check_statements(
        "Mexican President Claudia Sheinbaum said that the border talks would resume in June.",
        &[(
            "Claudia Sheinbaum",
            Mode::Indirect,
            "the border talks would resume in June",
        )],
    );
    check_statements(
        "Polish Foreign Minister Radoslaw Sikorski urged European allies to spend more on defence.",
        &[(
            "Radoslaw Sikorski",
            Mode::Indirect,
            "European allies to spend more on defence",
        )],
    );
    check_statements(
        "Qatari Prime Minister Mohammed bin Abdulrahman Al Thani stressed that mediation would continue, adding that both sides had shown restraint.",
        &[
            (
                "Mohammed bin Abdulrahman Al Thani",
                Mode::Indirect,
                "mediation would continue",
            ),
            (
                "Mohammed bin Abdulrahman Al Thani",
                Mode::Indirect,
                "both sides had shown restraint",
            ),
        ],
    );
}

#[test]
fn pronoun_and_title_speakers_resolve_to_the_named_person() {
    check_statements(
        "Vietnamese Prime Minister Pham Minh Chinh met investors. He said the new rules would take effect soon.",
        &[(
            "Pham Minh Chinh",
            Mode::Indirect,
            "the new rules would take effect soon",
        )],
    );
    check_statements(
        "Indonesian President Prabowo Subianto arrived in Tokyo. The Indonesian leader said ties had never been stronger.",
        &[(
            "Prabowo Subianto",
            Mode::Indirect,
            "ties had never been stronger",
        )],
    );
}

#[test]
fn relative_dates_stay_unresolved_without_a_publication_date() {
    let x = run(
        "Peruvian President Dina Boluarte met Bolivian President Luis Arce on Monday.",
        None,
    );
    let m = x.meetings.first().expect("a meeting");
    assert_eq!(m.date.as_ref().and_then(|d| d.date), None);
}

#[test]
fn co_chaired_sessions_and_the_two_officials_are_meetings() {
    let x = run(
        "Kenyan Foreign Minister Musalia Mudavadi and Indian External Affairs Minister Subrahmanyam Jaishankar co-chaired a joint commission in Nairobi on Monday.",
        Some("2025-06-04"),
    );
    assert_eq!(x.meetings.len(), 1, "{:?}", x.meetings);
    let x = run(
        "Greek Foreign Minister Giorgos Gerapetritis spoke at the forum. Egyptian Foreign Minister Badr Abdelatty followed him. The two officials later met at the Zappeion Hall.",
        Some("2025-06-04"),
    );
    let m = x.meetings.first().expect("a meeting of the two");
    assert_eq!(m.participants.len(), 2);
    assert_eq!(m.location.venue.as_deref(), Some("Zappeion Hall"));
}

#[test]
fn a_welcome_is_no_statement() {
    check_statements(
        "Japanese Prime Minister Shigeru Ishiba welcomed Philippine President Ferdinand Marcos Jr. at the Akasaka Palace.",
        &[],
    );
}
