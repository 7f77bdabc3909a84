//! Meetings: encounters of two or more persons ("met", "held talks", "received",
//! "phone call", "working lunch", "shook hands", "joint news conference"), with the
//! delegation members who joined, the date, the place and the occasion. Planned,
//! expected and cancelled meetings are kept with their status, never as held.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use entente_model::{DatePrecision, EventDate, MeetingKind, MeetingStatus, Role, Span};

use crate::coref::{Referent, Resolver};
use crate::dates::DateMatch;
use crate::doc::Doc;
use crate::entities::{Target, WordShapes};
use crate::lexicon::{CountryForm, Hit};
use crate::statements::Said;
use crate::text::TokenKind;
use crate::title_case;

/// A meeting found in the document, before ids are assigned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Met {
    /// Person index and role, sorted, unique by person.
    pub participants: Vec<(usize, Role)>,
    pub date: Option<EventDate>,
    pub venue: Option<String>,
    /// Index into `Lexicon::cities`.
    pub city: Option<String>,
    pub country: Option<usize>,
    pub occasion: Option<String>,
    pub kind: MeetingKind,
    pub status: MeetingStatus,
    /// (sentence, trigger span), first first.
    pub evidence: Vec<(usize, Span)>,
    /// Delegation members and the principal they joined: (member, principal).
    pub joined: Vec<(usize, usize)>,
    /// The date was taken from an earlier sentence, not stated with the meeting.
    pub date_inherited: bool,
}

impl Met {
    /// Is `person` one of the participants?
    fn has(&self, person: usize) -> bool {
        self.participants.iter().any(|(p, _)| *p == person)
    }

    fn add(&mut self, person: usize, role: Role) {
        match self.participants.iter_mut().find(|(p, _)| *p == person) {
            Some(slot) => {
                if role == Role::Principal {
                    slot.1 = Role::Principal;
                }
            }
            None => self.participants.push((person, role)),
        }
    }
}

/// A trigger word and the kind of meeting it signals.
struct Trigger {
    start: usize,
    end: usize,
    kind: MeetingKind,
    /// The trigger is a noun ("talks", "meeting") that may refer back to a meeting.
    noun: bool,
}

const VENUE_HEADS: &[&str] = &[
    "Building",
    "Center",
    "Centre",
    "Complex",
    "Embassy",
    "Guesthouse",
    "Hall",
    "Hotel",
    "House",
    "Kremlin",
    "Mansion",
    "Palace",
    "Residence",
    "Resort",
    "Villa",
];

/// Every word that [`trigger_at`] matches first.
const TRIGGER_WORDS: &[&str] = &[
    "alongside",
    "attended",
    "call",
    "called",
    "co",
    "co-chaired",
    "cochaired",
    "conversation",
    "courtesy",
    "discuss",
    "discussed",
    "handshake",
    "handshakes",
    "hosted",
    "hosts",
    "joined",
    "luncheon",
    "meet",
    "meeting",
    "meetings",
    "meets",
    "met",
    "news",
    "phone",
    "phoned",
    "present",
    "press",
    "received",
    "receives",
    "shake",
    "shakes",
    "shook",
    "speaks",
    "spoke",
    "spoken",
    "summit",
    "talked",
    "talks",
    "telephone",
    "video",
    "videoconference",
    "welcomed",
    "welcomes",
    "working",
];

fn trigger_at(doc: &Doc, i: usize) -> Option<Trigger> {
    static SHAPES: WordShapes = WordShapes::new(TRIGGER_WORDS);
    // Every trigger word is a word token; its lower case (made once, in `Doc`) is
    // tested by shape before it is compared.
    if doc.tokens.get(i)?.kind != TokenKind::Word {
        return None;
    }
    // An ASCII word (most are) is tested on its bytes, before its string is taken.
    let shaped = match doc.low_ascii(i) {
        Some((word, _)) => SHAPES.may_hold_bytes(word),
        None => SHAPES.may_hold(doc.low(i)),
    };
    if !shaped {
        return None;
    }
    let lower = doc.low(i);
    let next = doc.low(i + 1);
    let prev = if i > 0 { doc.low(i - 1) } else { "" };
    let t = |len: usize, kind, noun| {
        Some(Trigger {
            start: i,
            end: i + len,
            kind,
            noun,
        })
    };
    match lower {
        "met" | "meets" => t(1, MeetingKind::Talks, false),
        "meet" => t(1, MeetingKind::Talks, false),
        "meeting" | "meetings" => t(1, MeetingKind::Talks, true),
        "talks" if !matches!(prev, "peace" | "nuclear") || next == "with" => {
            t(1, MeetingKind::Talks, true)
        }
        "received" | "receives" | "hosted" | "hosts" | "welcomed" | "welcomes" => {
            // Only with a person as object: checked by the caller.
            t(1, MeetingKind::Visit, false)
        }
        "working" if matches!(next, "lunch" | "dinner" | "breakfast") => {
            t(2, MeetingKind::WorkingLunch, true)
        }
        "luncheon" => t(1, MeetingKind::WorkingLunch, true),
        "phone" | "telephone" if matches!(next, "call" | "conversation" | "talks") => {
            t(2, MeetingKind::PhoneCall, true)
        }
        "phone" | "telephone" if prev == "by" => t(1, MeetingKind::PhoneCall, false),
        "phoned" => t(1, MeetingKind::PhoneCall, false),
        "video" if matches!(next, "call" | "conference" | "link") => {
            t(2, MeetingKind::VideoCall, true)
        }
        "videoconference" => t(1, MeetingKind::VideoCall, true),
        "call" if matches!(prev, "a" | "the" | "another" | "their") => {
            t(1, MeetingKind::PhoneCall, true)
        }
        "conversation" => t(1, MeetingKind::PhoneCall, true),
        "shook" | "shake" | "shakes" if next == "hands" => t(2, MeetingKind::Talks, false),
        "handshake" | "handshakes" => t(1, MeetingKind::Talks, true),
        "press" | "news" if next == "conference" || next == "briefing" => {
            if prev == "joint" {
                Some(Trigger {
                    start: i - 1,
                    end: i + 2,
                    kind: MeetingKind::PressConference,
                    noun: true,
                })
            } else {
                None
            }
        }
        "summit" | "Summit"
            if matches!(prev, "trilateral" | "bilateral")
                || (i + 1..i + 7).any(|k| matches!(doc.tok(k), "with" | "alongside")) =>
        {
            t(1, MeetingKind::SummitMeeting, true)
        }
        "alongside" => t(1, MeetingKind::SummitMeeting, false),
        "present" | "attended" | "joined" if prev == "also" => t(1, MeetingKind::Talks, true),
        "discussed" | "discuss" => t(1, MeetingKind::Talks, false),
        // "A and B co-chaired a session", "was co-chaired by A and B".
        "co" if doc.is_punct(i + 1, '-')
            && matches!(doc.low(i + 2), "chaired" | "chair" | "chairs" | "hosted") =>
        {
            t(3, MeetingKind::Talks, false)
        }
        "co-chaired" | "cochaired" => t(1, MeetingKind::Talks, false),
        // "had spoken with the ambassador, Tom Barrack", "talked to X by phone".
        "spoke" | "spoken" | "speaks" | "talked" if matches!(next, "with" | "to") => {
            t(1, MeetingKind::Talks, false)
        }
        "courtesy" if next == "call" => t(2, MeetingKind::Visit, true),
        "called" if next == "on" && doc.tokens.get(i + 2).is_some_and(|t| t.upper) => {
            t(2, MeetingKind::Visit, false)
        }
        _ => None,
    }
}

/// Markers of a planned, expected or hypothetical meeting before the trigger.
fn status_before(doc: &Doc, trigger: &Trigger, floor: usize) -> MeetingStatus {
    let from = trigger.start.saturating_sub(6).max(floor);
    let word = doc.low(trigger.start);
    if word == "meet" || word == "discuss" || word == "shake" {
        // The bare infinitive is planned unless "did" ... "meet" was denied.
        for k in (from..trigger.start).rev() {
            let w = doc.low(k);
            if matches!(w, "not" | "never" | "didn" | "refused" | "declined") {
                return MeetingStatus::Cancelled;
            }
        }
        return MeetingStatus::Planned;
    }
    for k in (from..trigger.start).rev() {
        let w = doc.low(k);
        match w {
            "will" | "would" | "could" | "might" | "may" | "shall" | "expected" | "plans"
            | "planned" | "planning" | "scheduled" | "upcoming" | "proposed" | "next" | "ahead"
            | "possible" | "potential" | "future" | "prospective" | "invited" | "invitation"
            | "until" | "unless" | "if" | "whether" | "wants" | "want" | "hopes" | "hope"
            | "ready" | "willing" | "propose" | "offered" => {
                return MeetingStatus::Planned;
            }
            "not" | "no" | "cancelled" | "canceled" | "postponed" | "off" | "without"
            | "refused" | "declined" | "never" => return MeetingStatus::Cancelled,
            _ => {}
        }
        if doc.is_punct(k, ',') || doc.is_punct(k, ';') {
            break;
        }
    }
    // "called off", "was cancelled" after the trigger, in its sentence.
    let sentence_end = doc
        .sentence_of
        .get(trigger.start)
        .and_then(|&s| doc.sentences.get(s))
        .map_or(trigger.end, |s| s.tokens.end);
    for k in trigger.end..(trigger.end + 30).min(sentence_end) {
        let w = doc.low(k);
        if matches!(w, "cancelled" | "canceled" | "postponed" | "scrapped") {
            return MeetingStatus::Cancelled;
        }
        if w == "called" && doc.is(k + 1, "off") {
            return MeetingStatus::Cancelled;
        }
    }
    MeetingStatus::Held
}

pub fn find(
    resolver: &Resolver,
    dates: &[DateMatch],
    dateline_place: Option<(Option<String>, Option<usize>)>,
    said: &[Said],
) -> Vec<Met> {
    let doc = resolver.doc;
    let mut meetings: Vec<Met> = Vec::new();
    let mut last_date: Option<NaiveDate> = None;
    // The last sentence without a trigger: the place it names may be that of a meeting
    // in the next ("X arrived in Lahore on Thursday. He was received by ...").
    let mut quiet: Option<usize> = None;
    for (s, sentence) in doc.sentences.iter().enumerate() {
        let range = sentence.tokens.clone();
        let mut triggers: Vec<Trigger> = Vec::new();
        let mut k = range.start;
        while k < range.end {
            if let Some(t) = trigger_at(doc, k) {
                k = t.end;
                // "spoke to X by phone": a call.
                if let Some(last) = triggers.last_mut()
                    && t.kind == MeetingKind::PhoneCall
                    && !t.noun
                    && t.start <= last.end + 6
                {
                    last.end = t.end;
                    last.kind = MeetingKind::PhoneCall;
                    continue;
                }
                // "a meeting and warm handshakes": one encounter, one trigger.
                if let Some(last) = triggers.last_mut()
                    && t.start <= last.end + 3
                    && (last.end..t.start).all(|j| {
                        matches!(
                            doc.tok(j),
                            "and" | "warm" | "a" | "an" | "the" | "cordial" | "brief" | ","
                        )
                    })
                {
                    last.end = t.end;
                    if last.kind == MeetingKind::Talks {
                        last.kind = t.kind;
                    }
                    continue;
                }
                triggers.push(t);
            } else {
                k += 1;
            }
        }
        // Dates are sorted by span: the sentence's are one run of them.
        let first = dates.partition_point(|d| d.span.start < sentence.span.start);
        let sentence_dates: Vec<&DateMatch> = dates[first..]
            .iter()
            .take_while(|d| d.span.start < sentence.span.end)
            .filter(|d| d.span.end <= sentence.span.end)
            .collect();
        if triggers.is_empty() {
            if let Some(d) = sentence_dates.iter().rev().find_map(|d| d.date.date) {
                last_date = Some(d);
            }
            quiet = Some(s);
            continue;
        }
        // The place of the sentence before, read only when a meeting here names none.
        let mut place_before: Option<Option<Place>> = None;
        // The occasion named in the sentence, the same for each of its triggers.
        let mut sentence_occasion: Option<Option<String>> = None;
        // Participants of the sentence: named persons, descriptions, pronouns.
        let mut people = sentence_people(resolver, range.clone());
        // "The two officials later met": the last two people named before.
        if people.len() < 2
            && let Some(at) = range.clone().find(|&k| {
                doc.low(k) == "two"
                    && k > 0
                    && matches!(doc.low(k - 1), "the" | "both")
                    && matches!(
                        doc.low(k + 1),
                        "officials"
                            | "leaders"
                            | "ministers"
                            | "presidents"
                            | "diplomats"
                            | "men"
                            | "women"
                            | "envoys"
                            | "heads"
                            | "premiers"
                            | "sides"
                    )
            })
        {
            let mut before: Vec<usize> = Vec::new();
            for m in resolver
                .persons
                .mentions
                .iter()
                .rev()
                .filter(|m| m.tokens.end <= range.start)
            {
                if !before.contains(&m.person) {
                    before.push(m.person);
                }
                if before.len() == 2 {
                    break;
                }
            }
            if before.len() == 2 {
                for p in before {
                    if !people.iter().any(|&(_, q)| q == p) {
                        people.push((at, p));
                    }
                }
            }
        }
        // A meeting inside what someone says ("Morgan explained that he views the
        // meeting as ...") does not include the speaker, unless named inside.
        for st in said.iter().filter(|st| st.sentence == s) {
            let Referent::Person(speaker) = st.speaker else {
                continue;
            };
            let inside = |at: usize| {
                doc.tokens
                    .get(at)
                    .is_some_and(|t| t.start >= st.content.start && t.end <= st.content.end)
            };
            let Some(trigger) = triggers.iter().find(|t| inside(t.start)) else {
                continue;
            };
            // A pronoun counts unless the meeting is a definite reference to one
            // reported already ("he views the al-Sharaa-Barrack meeting").
            let pronoun_counts = !(trigger.noun && definite_reference(doc, trigger));
            // Tokens are sorted by start: those starting inside the content are one run.
            let first = doc.tokens.partition_point(|t| t.start < st.content.start);
            let last = doc.tokens.partition_point(|t| t.start < st.content.end);
            let named_inside = (first..last.max(first)).any(|k| {
                (pronoun_counts
                    && resolver
                        .description_at(k)
                        .is_some_and(|f| f.referent == Referent::Person(speaker)))
                    || resolver
                        .persons
                        .at
                        .get(k)
                        .is_some_and(|m| resolver.persons.mentions[m].person == speaker)
            });
            if !named_inside {
                people.retain(|&(at, p)| p != speaker || inside(at));
            }
        }
        // Delegations: "was joined (at the meeting) by A, B", "accompanied by".
        let delegation_from = delegation_start(doc, range.clone());
        // Assign each person and date to the nearest trigger.
        let mut per_trigger: Vec<Vec<(usize, Role)>> = vec![Vec::new(); triggers.len()];
        let subject = people.first().map(|&(at, _)| at);
        for &(at, person) in &people {
            let t = nearest(&triggers, at);
            let near = at
                .abs_diff(triggers[t].start)
                .min(at.abs_diff(triggers[t].end))
                <= 20;
            if !near && Some(at) != subject && delegation_from.is_none_or(|d| at < d) {
                continue;
            }
            let role = if delegation_from.is_some_and(|d| at >= d) {
                Role::Delegation
            } else {
                Role::Principal
            };
            if !per_trigger[t].iter().any(|(p, _)| *p == person) {
                per_trigger[t].push((person, role));
            }
        }
        for (ti, trigger) in triggers.iter().enumerate() {
            let status = status_before(doc, trigger, range.start);
            let mut participants = per_trigger[ti].clone();
            // A delegation sentence names one principal and the members who joined.
            let has_delegation = participants.iter().any(|(_, r)| *r == Role::Delegation);
            let principals = participants
                .iter()
                .filter(|(_, r)| *r == Role::Principal)
                .count();
            if matches!(trigger.kind, MeetingKind::Visit)
                && !trigger.noun
                && !people
                    .iter()
                    .any(|&(at, _)| at >= trigger.end && at <= trigger.end + 4)
            {
                // "received" / "hosted" need a person as their object.
                continue;
            }
            let date_match = sentence_dates
                .iter()
                .filter(|d| nearest_by_span(doc, &triggers, d.span) == ti)
                .min_by_key(|d| distance(doc, trigger, d.span));
            let mut date = date_match.map(|d| d.date.clone());
            if let Some(d) = date_match.filter(|d| d.relative_to_event) {
                // Resolve against the last meeting's date, when there is one.
                let anchor = meetings
                    .last()
                    .and_then(|m| m.date.as_ref())
                    .and_then(|d| d.date)
                    .or(last_date);
                let resolved = crate::dates::find_dates(doc.text, d.span, doc.published, anchor);
                if let Some(r) = resolved.into_iter().next() {
                    date = Some(r.date);
                }
            }
            let (mut venue, mut city, mut country) = place(resolver, range.clone(), &triggers, ti);
            if venue.is_none()
                && city.is_none()
                && country.is_none()
                && let Some(ps) = s.checked_sub(1).filter(|&ps| quiet == Some(ps))
                && let Some((v, c, k)) = place_before
                    .get_or_insert_with(|| quiet_place(resolver, ps))
                    .clone()
                && doc.sentences[ps].paragraph + 1 >= sentence.paragraph
            {
                (venue, city, country) = (v, c, k);
            }
            let occasion = sentence_occasion
                .get_or_insert_with(|| occasion(doc, range.clone()))
                .clone();
            let evidence = (s, doc.span_of(trigger.start..trigger.end));
            if has_delegation
                || (principals == 1 && participants.len() == 1)
                || participants.is_empty()
            {
                // Refers back: "the working lunch at the Tianjin Guesthouse", "Erdogan
                // was joined at the meeting by ...", "a bilateral meeting ... Xi praised".
                let single = participants
                    .iter()
                    .find(|(_, r)| *r == Role::Principal)
                    .map(|(p, _)| *p);
                let candidates = meetings.iter().enumerate().filter(|(_, m)| match single {
                    Some(p) => m.has(p),
                    None => true,
                });
                // "Erdogan was joined at the meeting by ...": the meeting the story is
                // about, the latest in time; otherwise the latest mentioned.
                let target = if has_delegation && single.is_some() {
                    candidates
                        .max_by_key(|(i, m)| (m.date.as_ref().and_then(|d| d.date), *i))
                        .map(|(i, _)| i)
                } else {
                    candidates.map(|(i, _)| i).next_back()
                };
                let definite = trigger.noun || has_delegation;
                if let (Some(index), true) = (target, definite || has_delegation) {
                    let same_sentence = meetings[index].evidence.iter().any(|&(es, _)| es == s);
                    if participants.is_empty()
                        && !definite_reference(doc, trigger)
                        && !same_sentence
                    {
                        continue;
                    }
                    let m = &mut meetings[index];
                    if date.as_ref().is_some_and(|d| d.date.is_some())
                        && m.date.as_ref().is_some_and(|md| md.date.is_some())
                        && date.as_ref().map(|d| d.date) != m.date.as_ref().map(|d| d.date)
                    {
                        continue;
                    }
                    for &(p, r) in &participants {
                        m.add(p, r);
                        if let (Role::Delegation, Some(principal)) = (r, single) {
                            m.joined.push((p, principal));
                        }
                    }
                    fill(m, date, venue, city, country, occasion, trigger.kind);
                    m.evidence.push(evidence);
                    continue;
                }
                if participants.len() < 2 {
                    continue;
                }
            }
            if participants.len() < 2 {
                continue;
            }
            let mut inherited = false;
            if date.is_none() && status == MeetingStatus::Held {
                inherited = last_date.is_some();
                date = last_date.map(|d| EventDate {
                    date: Some(d),
                    precision: DatePrecision::Day,
                    text: String::new(),
                });
            }
            participants.sort();
            let set: BTreeSet<usize> = participants.iter().map(|(p, _)| *p).collect();
            // "a bilateral meeting" is not the summit of three it took place beside.
            let bilateral = trigger.start > 0
                && matches!(
                    doc.tok(trigger.start - 1),
                    "bilateral" | "one-on-one" | "separate"
                );
            // The same encounter again: same people, compatible date.
            let same = meetings.iter().position(|m| {
                // Participants are unique by person: no set needs building.
                let overlap = m
                    .participants
                    .iter()
                    .filter(|(p, _)| set.contains(p))
                    .count();
                let n_meeting = m.participants.len();
                overlap >= 2.min(set.len())
                    && (overlap == set.len() || overlap == n_meeting)
                    && m.status == status
                    && !(bilateral && n_meeting > set.len())
                    && (inherited
                        || m.date_inherited
                        || !dates_conflict(m.date.as_ref(), date.as_ref()))
            });
            match same {
                Some(index) => {
                    let m = &mut meetings[index];
                    if m.date_inherited
                        && !inherited
                        && date.as_ref().is_some_and(|d| d.date.is_some())
                    {
                        m.date = None;
                        m.date_inherited = false;
                    }
                    let date = if inherited { None } else { date };
                    for (p, r) in participants {
                        m.add(p, r);
                    }
                    fill(m, date, venue, city, country, occasion, trigger.kind);
                    m.evidence.push(evidence);
                }
                None => {
                    let mut m = Met {
                        participants: Vec::new(),
                        date: None,
                        venue: None,
                        city: None,
                        country: None,
                        occasion: None,
                        kind: trigger.kind,
                        status,
                        evidence: vec![evidence],
                        joined: Vec::new(),
                        date_inherited: inherited,
                    };
                    for (p, r) in participants {
                        m.add(p, r);
                    }
                    fill(&mut m, date, venue, city, country, occasion, trigger.kind);
                    meetings.push(m);
                }
            }
        }
        if let Some(d) = sentence_dates.iter().rev().find_map(|d| d.date.date) {
            last_date = Some(d);
        }
    }
    // A dateline gives the place of meetings that name none.
    if let Some((city, country)) = dateline_place {
        for m in &mut meetings {
            if m.venue.is_none() && m.city.is_none() && m.country.is_none() && !m.kind.is_remote() {
                m.city = city.clone();
                m.country = country;
            }
        }
    }
    for m in &mut meetings {
        m.participants.sort();
        if m.kind.is_remote() {
            m.venue = None;
            m.city = None;
            m.country = None;
        }
    }
    meetings
}

fn dates_conflict(a: Option<&EventDate>, b: Option<&EventDate>) -> bool {
    match (a.and_then(|d| d.date), b.and_then(|d| d.date)) {
        (Some(x), Some(y)) => x != y,
        _ => false,
    }
}

fn definite_reference(doc: &Doc, trigger: &Trigger) -> bool {
    let from = trigger.start.saturating_sub(3);
    (from..trigger.start).any(|k| {
        matches!(
            doc.tok(k),
            "the" | "The" | "this" | "This" | "that" | "their" | "bilateral"
        )
    })
}

#[allow(clippy::too_many_arguments)]
fn fill(
    m: &mut Met,
    date: Option<EventDate>,
    venue: Option<String>,
    city: Option<String>,
    country: Option<usize>,
    occasion: Option<String>,
    kind: MeetingKind,
) {
    if m.date.as_ref().is_none_or(|d| d.date.is_none())
        && let Some(d) = date
        && (d.date.is_some() || m.date.is_none())
    {
        m.date = Some(d);
    }
    if m.venue.is_none() {
        m.venue = venue;
    }
    if m.city.is_none() {
        m.city = city;
        if m.country.is_none() {
            m.country = country;
        }
    } else if m.country.is_none() {
        m.country = country;
    }
    if m.occasion.is_none() {
        m.occasion = occasion;
    }
    // The more specific kind wins over plain talks.
    if m.kind == MeetingKind::Talks && kind != MeetingKind::Talks {
        m.kind = kind;
    }
}

fn nearest(triggers: &[Trigger], at: usize) -> usize {
    let mut best = 0;
    let mut best_d = usize::MAX;
    for (i, t) in triggers.iter().enumerate() {
        let d = if at < t.start {
            t.start - at
        } else {
            at.saturating_sub(t.end)
        };
        if d < best_d {
            best_d = d;
            best = i;
        }
    }
    best
}

fn token_at_byte(doc: &Doc, byte: usize) -> usize {
    doc.tokens.partition_point(|t| t.start < byte)
}

fn nearest_by_span(doc: &Doc, triggers: &[Trigger], span: Span) -> usize {
    segment(triggers, token_at_byte(doc, span.start))
}

/// The trigger whose arguments token `at` most likely belongs to: the last trigger
/// starting before it ("met X in Ankara on Thursday, and talks ..."), or the first.
fn segment(triggers: &[Trigger], at: usize) -> usize {
    triggers.iter().rposition(|t| t.start <= at).unwrap_or(0)
}

fn distance(doc: &Doc, trigger: &Trigger, span: Span) -> usize {
    let at = token_at_byte(doc, span.start);
    if at < trigger.start {
        trigger.start - at
    } else {
        at.saturating_sub(trigger.end)
    }
}

/// People of a sentence outside quotes: (token, person).
fn sentence_people(resolver: &Resolver, range: std::ops::Range<usize>) -> Vec<(usize, usize)> {
    let doc = resolver.doc;
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut depth = 0i32;
    let mut k = range.start;
    while k < range.end {
        match doc.tokens[k].kind {
            TokenKind::Punct('“') => depth += 1,
            TokenKind::Punct('”') => depth -= 1,
            _ => {}
        }
        if depth > 0 {
            k += 1;
            continue;
        }
        if let Some(m) = resolver
            .persons
            .at
            .get(k)
            .and_then(|m| resolver.persons.mentions.get(m))
        {
            if !out.iter().any(|(_, p)| *p == m.person) {
                out.push((k, m.person));
            }
            k = m.tokens.end;
            continue;
        }
        if let Some(found) = resolver.description_at(k)
            && let Referent::Person(p) = found.referent
            && !out.iter().any(|(_, q)| *q == p)
        {
            out.push((k, p));
        }
        k += 1;
    }
    out
}

/// The token after which named persons joined as a delegation: "was joined ... by",
/// "accompanied by", "along with" after a principal.
fn delegation_start(doc: &Doc, range: std::ops::Range<usize>) -> Option<usize> {
    for k in range.clone() {
        // "also", "joined", "accompanied", "delegation": other lengths pass.
        if !matches!(doc.tokens[k].end - doc.tokens[k].start, 4 | 6 | 10 | 11) {
            continue;
        }
        let w = doc.tok(k);
        // "X was also present", "Y also attended": everyone named joined.
        if w == "also" && matches!(doc.tok(k + 1), "present" | "attended" | "joined") {
            return Some(range.start);
        }
        if matches!(w, "joined" | "accompanied") {
            for j in k + 1..(k + 6).min(range.end) {
                if doc.is(j, "by") {
                    return Some(j + 1);
                }
            }
        }
        if w == "delegation" && (doc.is(k + 1, "included") || doc.is(k + 1, "including")) {
            return Some(k + 2);
        }
    }
    None
}

/// Venue, city and country.
type Place = (Option<String>, Option<String>, Option<usize>);

/// The place named in sentence `s`, which has no trigger, unless it names none or
/// speaks of the future ("will").
fn quiet_place(resolver: &Resolver, s: usize) -> Option<Place> {
    let doc = resolver.doc;
    let range = doc.sentences.get(s)?.tokens.clone();
    let whole = [Trigger {
        start: range.start,
        end: range.start,
        kind: MeetingKind::Other,
        noun: false,
    }];
    let found = place(resolver, range.clone(), &whole, 0);
    let future = range.clone().any(|k| doc.is(k, "will"));
    ((found.0.is_some() || found.1.is_some()) && !future).then_some(found)
}

/// Venue, city and country named near the trigger: "at the Tianjin Guesthouse",
/// "in Beijing", "in Türkiye", "visit to Ankara".
fn place(
    resolver: &Resolver,
    range: std::ops::Range<usize>,
    triggers: &[Trigger],
    ti: usize,
) -> Place {
    let doc = resolver.doc;
    let trigger = &triggers[ti];
    let lexicon = doc.lexicon;
    let mut venue = None;
    let mut city: Option<(usize, String, Option<usize>)> = None;
    let mut country: Option<(usize, usize)> = None;
    let mut k = range.start;
    while k < range.end {
        // "at", "in", "to", "visits", "visited", "visiting": other lengths pass.
        if !matches!(doc.tokens[k].end - doc.tokens[k].start, 2 | 6..=8) {
            k += 1;
            continue;
        }
        let w = doc.tok(k);
        let visit_to = w == "to"
            && k > 0
            && matches!(
                doc.tok(k - 1),
                "visit" | "trip" | "travelled" | "traveled" | "flew" | "came" | "tour"
            );
        // "visited Sochi", "arrived in Lachin".
        let visited = matches!(w, "visited" | "visiting" | "visits");
        if (matches!(w, "at" | "in") || visit_to || visited) && segment(triggers, k) == ti {
            let mut j = k + 1;
            let definite = doc.is(j, "the");
            if definite {
                j += 1;
            }
            // "in southwest Russia", "in northern Syria".
            if is_compass(doc.tok(j)) {
                j += 1;
            }
            // A venue: capitalised words ending in a venue head.
            let mut e = j;
            while e < range.end && doc.tokens[e].upper && doc.tokens[e].is_word() {
                e += 1;
            }
            let unknown_name = e > j
                && (j..e)
                    .all(|x| doc.lex_match(x).is_none() && resolver.persons.at.get(x).is_none())
                && !(j..e).any(|x| doc.lexicon.is_stopword(doc.tok(x)));
            // "arrived in Lachin": an unknown name after "arrived in" is a town.
            if unknown_name
                && w == "in"
                && k > 0
                && matches!(doc.tok(k - 1), "arrived" | "landed")
                && e == j + 1
            {
                let dist = trigger.start.abs_diff(k);
                if city.as_ref().is_none_or(|(d, _, _)| dist < *d) {
                    city = Some((dist, doc.slice(doc.span_of(j..e)).to_string(), None));
                }
                k = e;
                continue;
            }
            // "at the Istana": a name after "at the" that is nothing else is a venue.
            if e > j
                && w != "to"
                && (VENUE_HEADS.contains(&doc.tok(e - 1))
                    || (w == "at" && definite && unknown_name))
            {
                let dist = trigger.start.abs_diff(k);
                if venue.as_ref().is_none_or(|(d, _)| dist < *d) {
                    venue = Some((dist, doc.slice(doc.span_of(j..e)).to_string()));
                }
                k = e;
                continue;
            }
            if let Some(m) = doc.lex_starting(j) {
                let dist = trigger.start.abs_diff(k);
                for hit in &m.hits {
                    match *hit {
                        Hit::City(c) => {
                            if let Some(entry) = lexicon.cities.get(c)
                                && city.as_ref().is_none_or(|(d, _, _)| dist < *d)
                            {
                                city = Some((
                                    dist,
                                    doc.slice(doc.span_of(m.tokens.clone())).to_string(),
                                    Some(entry.country),
                                ));
                            }
                            break;
                        }
                        Hit::Country(c, CountryForm::Capital) => {
                            if city.as_ref().is_none_or(|(d, _, _)| dist < *d) {
                                city = Some((
                                    dist,
                                    doc.slice(doc.span_of(m.tokens.clone())).to_string(),
                                    Some(c),
                                ));
                            }
                            break;
                        }
                        Hit::Country(c, CountryForm::Name) if w == "in" || w == "to" => {
                            if country.is_none_or(|(d, _)| dist < d) {
                                country = Some((dist, c));
                            }
                            break;
                        }
                        _ => {}
                    }
                }
            }
        }
        k += 1;
    }
    let _ = Target::Initiative;
    let city_country = city.as_ref().and_then(|(_, _, c)| *c);
    (
        venue.map(|(_, v)| v),
        city.map(|(_, c, _)| title_case(&c)),
        city_country.or(country.map(|(_, c)| c)),
    )
}

fn is_compass(word: &str) -> bool {
    matches!(
        word,
        "north"
            | "south"
            | "east"
            | "west"
            | "northern"
            | "southern"
            | "eastern"
            | "western"
            | "northeast"
            | "northwest"
            | "southeast"
            | "southwest"
            | "northeastern"
            | "northwestern"
            | "southeastern"
            | "southwestern"
            | "central"
    )
}

/// "during the SCO summit", "on the sidelines of the UN General Assembly".
fn occasion(doc: &Doc, range: std::ops::Range<usize>) -> Option<String> {
    for k in range.clone() {
        // Only words of these lengths can match: most tokens are passed by length.
        let len = doc.tokens.get(k).map_or(0, |t| t.end - t.start);
        let start = if matches!(len, 2 | 6) && (doc.is(k, "during") || doc.is(k, "at")) {
            k + 1
        } else if len == 9 && doc.is(k, "sidelines") && doc.is(k + 1, "of") {
            k + 2
        } else {
            continue;
        };
        let mut j = start;
        if doc.is(j, "the") || doc.is(j, "a") {
            j += 1;
        }
        let from = j;
        let mut end = None;
        while j < range.end && j < from + 10 {
            let w = doc.tok(j);
            if matches!(
                doc.low(j),
                "summit"
                    | "forum"
                    | "conference"
                    | "assembly"
                    | "meeting"
                    | "session"
                    | "ceremony"
                    | "games"
                    | "congress"
                    | "visit"
            ) {
                end = Some(j + 1);
                break;
            }
            let t = doc.tokens[j];
            if !(t.upper
                || t.kind == TokenKind::Number
                || matches!(t.kind, TokenKind::Punct('(' | ')' | '-'))
                || matches!(w, "of" | "and" | "the"))
            {
                break;
            }
            j += 1;
        }
        if let Some(end) = end
            && end > from + 1
        {
            return Some(doc.slice(doc.span_of(from..end)).to_string());
        }
    }
    None
}
