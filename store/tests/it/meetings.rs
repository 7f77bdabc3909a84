//! Meetings: the same encounter reported by several documents is one meeting.

use entente_model::{DocumentId, MeetingKind, MeetingStatus, Role};
use entente_store::Store;

use crate::fixture::{Article, country};

fn report(text: &str, date: Option<&str>) -> Article {
    let mut article = Article::new(text).published("2025-09-01");
    let erdogan = article.actor("Erdogan", Some("TUR"));
    let xi = article.actor("Xi Jinping", Some("CHN"));
    article.meeting(&[erdogan, xi], date, "met");
    article
}

#[test]
fn two_reports_of_one_meeting_are_one_meeting_with_two_sources() {
    let mut store = Store::open_in_memory().unwrap();
    let mut first = Article::new(
        "Recep Tayyip Erdogan met Xi Jinping in Tianjin on Monday, a day before the SCO summit.",
    );
    let erdogan = first.actor("Recep Tayyip Erdogan", Some("TUR"));
    let xi = first.actor("Xi Jinping", Some("CHN"));
    first.meeting(&[erdogan, xi], Some("2025-09-01"), "met");
    first.extraction.meetings[0].kind = MeetingKind::Other;
    let mut second = Article::new(
        "Xi Jinping met Erdogan, joined by Hakan Fidan, at the Tianjin Guesthouse on Monday.",
    );
    let xi = second.actor("Xi Jinping", None);
    let erdogan = second.actor("Erdogan", None);
    let foreign_minister = second.actor("Hakan Fidan", Some("TUR"));
    let meeting = second.meeting(&[xi, erdogan], Some("2025-09-01"), "met");
    let meeting = &mut second.extraction.meetings[meeting.0 as usize];
    meeting.participants.push(entente_model::Participant {
        actor: foreign_minister,
        role: Role::Delegation,
    });
    meeting.location.venue = Some("Tianjin Guesthouse".into());
    meeting.location.country = Some(country("CHN"));
    let one = store.ingest(&[first.pair()]).unwrap();
    let two = store.ingest(&[second.pair()]).unwrap();
    assert_eq!((one.meetings_added, two.meetings_added), (1, 0));

    let meetings = store.meetings().unwrap();
    assert_eq!(meetings.len(), 1);
    let record = &meetings[0];
    assert_eq!(record.document_ids, [DocumentId(1), DocumentId(2)]);
    assert_eq!(
        record.participant_names,
        ["Recep Tayyip Erdogan", "Xi Jinping", "Hakan Fidan"]
    );
    let roles: Vec<Role> = record.meeting.participants.iter().map(|p| p.role).collect();
    assert_eq!(roles, [Role::Principal, Role::Principal, Role::Delegation]);
    let actors = store.actors().unwrap();
    let ids: Vec<i64> = record
        .meeting
        .participants
        .iter()
        .map(|p| p.actor.0)
        .collect();
    let actor_ids: Vec<i64> = actors.iter().map(|a| a.actor.id.0).collect();
    assert_eq!(ids, actor_ids);
    let sources: Vec<Option<DocumentId>> =
        record.meeting.evidence.iter().map(|e| e.document).collect();
    assert_eq!(sources, [Some(DocumentId(1)), Some(DocumentId(2))]);
    assert_eq!(record.meeting.kind, MeetingKind::Talks);
    assert_eq!(record.meeting.status, MeetingStatus::Held);
    assert_eq!(
        record.meeting.location.display(),
        "Tianjin Guesthouse, China"
    );
    let date = record.meeting.date.as_ref().unwrap();
    assert_eq!(date.date, Some(crate::fixture::day("2025-09-01")));
    assert_eq!(date.text, "on Monday");

    // The listing for the CSV files: the same meeting, with its first sentence alone.
    let first_only = store.meetings_with_first_evidence().unwrap();
    assert_eq!(first_only.len(), 1);
    let mut expected = record.clone();
    expected.meeting.evidence.truncate(1);
    assert_eq!(first_only[0], expected);
}

#[track_caller]
fn check(dates: [Option<&str>; 2], expected_meetings: usize) {
    let mut store = Store::open_in_memory().unwrap();
    let batch = [
        report("Erdogan met Xi Jinping in Tianjin.", dates[0]).pair(),
        report("Xi Jinping and Erdogan met for talks.", dates[1]).pair(),
    ];
    store.ingest(&batch).unwrap();
    assert_eq!(store.meetings().unwrap().len(), expected_meetings);
}

#[test]
fn meetings_merge_only_on_the_same_known_day() {
    check([Some("2025-09-01"), Some("2025-09-01")], 1);
    check([Some("2025-09-01"), Some("2025-09-02")], 2);
    check([Some("2025-09-01"), None], 2);
    check([None, None], 2);
}

#[test]
fn a_coarse_date_does_not_merge() {
    let mut store = Store::open_in_memory().unwrap();
    let mut one = report("Erdogan met Xi Jinping in 2025.", Some("2025-01-01"));
    let mut two = report("Xi Jinping met Erdogan in 2025.", Some("2025-01-01"));
    for article in [&mut one, &mut two] {
        let date = article.extraction.meetings[0].date.as_mut().unwrap();
        date.precision = entente_model::DatePrecision::Year;
    }
    store.ingest(&[one.pair(), two.pair()]).unwrap();
    assert_eq!(store.meetings().unwrap().len(), 2);
}

#[test]
fn two_meetings_of_one_document_stay_two() {
    let mut store = Store::open_in_memory().unwrap();
    let mut article = report(
        "Erdogan met Xi Jinping, and later they met again.",
        Some("2025-09-01"),
    );
    article.meeting(
        &[entente_model::ActorId(0), entente_model::ActorId(1)],
        Some("2025-09-01"),
        "met again",
    );
    let summary = store.ingest(&[article.pair()]).unwrap();
    assert_eq!(summary.meetings_added, 2);
}
