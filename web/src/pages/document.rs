//! The document page, the "explain" view: the article text with every extracted span
//! highlighted and labelled by kind (mentions of actors, organisations, initiatives and
//! countries inside the evidence of meetings and statements), each linked to its record.

use std::collections::{BTreeSet, HashSet};

use maud::{Markup, PreEscaped, html};

use entente_model::{DocumentId, EntityRef, MentionRecord, Span};
use entente_store::{MeetingFilter, StatementFilter, Store};

use super::{meeting_item, not_found, titled};
use crate::page::{self, PageResult, escape};

/// An evidence span: the outer highlight.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Fact {
    span: Span,
    kind: &'static str,
    id: i64,
}

pub fn document(store: &Store, id: i64) -> PageResult {
    let document_id = DocumentId(id);
    let Some(record) = store.document(document_id)? else {
        return Err(not_found("document", id));
    };
    let document = &record.document;
    let mentions = store.document_mentions(document_id)?;
    let meetings = store.query_meetings(&MeetingFilter {
        document: Some(document_id),
        ..MeetingFilter::default()
    })?;
    let statements = store.query_statements(&StatementFilter {
        document: Some(document_id),
        ..StatementFilter::default()
    })?;
    let mut facts = Vec::new();
    for meeting in &meetings {
        for evidence in &meeting.meeting.evidence {
            if evidence.document == Some(document_id) {
                facts.push(Fact {
                    span: evidence.span,
                    kind: "meeting",
                    id: meeting.meeting.id.0,
                });
            }
        }
    }
    for hit in &statements {
        for evidence in &hit.record.statement.evidence {
            if evidence.document == Some(document_id) {
                facts.push(Fact {
                    span: evidence.span,
                    kind: "statement",
                    id: hit.record.statement.id.0,
                });
            }
        }
    }
    let title = document
        .title
        .clone()
        .unwrap_or_else(|| format!("Document {id}"));
    titled(
        &title,
        html! {
            h1 { (title) }
            dl.facts {
                dt { "Document" } dd { (id) @if let Some(external) = &document.external_id { " (" (external) ")" } }
                @if let Some(date) = document.published { dt { "Published" } dd { (date) } }
                @if let Some(source) = &document.source { dt { "Source" } dd { (source) } }
                @if let Some(url) = &document.url {
                    dt { "URL" }
                    dd {
                        @if let Some(href) = page::safe_url(url) {
                            a href=(href) rel="noopener noreferrer nofollow" { (url) }
                        } @else {
                            span.unsafe-url title="not an http(s) address: not linked" { (url) }
                        }
                    }
                }
                @if let Some(path) = &document.path { dt { "Read from" } dd { code { (path) } } }
                dt { "sha256" } dd { code { (document.sha256) } }
            }
            p.legend {
                "Highlighted: "
                span.m.m-actor { "actor" } " "
                span.m.m-organisation { "organisation" } " "
                span.m.m-initiative { "initiative" } " "
                span.m.m-country { "country" } " "
                span.ev.ev-meeting { "meeting evidence" } " "
                span.ev.ev-statement { "statement evidence" }
            }
            article.text { (explain(&document.text, &facts, &mentions)) }
            @if !meetings.is_empty() {
                h2 { "Meetings in this article" }
                ul.meetings { @for meeting in &meetings { (meeting_item(meeting)) } }
            }
            @if !statements.is_empty() {
                h2 { "Statements in this article" }
                ul.statements { @for hit in &statements { (page::statement_item(&hit.record, &[])) } }
            }
        },
    )
}

/// Where a mention links, and its kind.
fn mention_target(mention: &MentionRecord) -> (&'static str, Option<String>, String) {
    match &mention.entity {
        EntityRef::Actor(id) => ("actor", Some(format!("/actor/{}", id.0)), String::new()),
        EntityRef::Organisation(id) => (
            "organisation",
            Some(format!("/organisation/{}", id.0)),
            String::new(),
        ),
        EntityRef::Initiative(id) => (
            "initiative",
            Some(format!("/initiative/{}", id.0)),
            String::new(),
        ),
        EntityRef::Country(code) => ("country", None, format!(" {code}")),
    }
}

/// The text as HTML: escaped everywhere, evidence spans as labelled `<span>`s, mentions
/// as links inside them. Spans that do not fall on character boundaries of the text (a
/// hand-edited database) are left out; overlapping spans are cut where the earlier one
/// ends.
fn explain(text: &str, facts: &[Fact], mentions: &[MentionRecord]) -> Markup {
    let fits = |span: &Span| span.start < span.end && text.get(span.start..span.end).is_some();
    let mut facts: Vec<&Fact> = facts.iter().filter(|fact| fits(&fact.span)).collect();
    facts.sort_by_key(|fact| (fact.span.start, std::cmp::Reverse(fact.span.end)));
    let mentions: Vec<&MentionRecord> = mentions.iter().filter(|m| fits(&m.span)).collect();
    let mut cuts: BTreeSet<usize> = BTreeSet::from([0, text.len()]);
    for span in facts
        .iter()
        .map(|f| f.span)
        .chain(mentions.iter().map(|m| m.span))
    {
        cuts.insert(span.start);
        cuts.insert(span.end);
    }
    let cuts: Vec<usize> = cuts.into_iter().collect();
    let mut out = String::with_capacity(text.len() * 2);
    let mut open_fact: Option<usize> = None;
    let mut open_mention: Option<usize> = None;
    let mut anchors = HashSet::new();
    for window in cuts.windows(2) {
        let (start, end) = (window[0], window[1]);
        let covers = |span: &Span| span.start <= start && end <= span.end;
        let fact = facts.iter().position(|fact| covers(&fact.span));
        let mention = mentions.iter().position(|m| covers(&m.span));
        if fact != open_fact {
            if open_mention.take().is_some() {
                out.push_str("</a>");
            }
            if open_fact.take().is_some() {
                out.push_str("</span>");
            }
            if let Some(index) = fact {
                let fact = facts[index];
                out.push_str(&format!("<span class=\"ev ev-{}\"", fact.kind));
                if fact.span.start == start && anchors.insert(start) {
                    out.push_str(&format!(" id=\"at-{start}\""));
                }
                out.push('>');
                if fact.span.start == start {
                    out.push_str(&format!(
                        "<a class=\"tag\" href=\"/{kind}/{id}\">{kind} {id}</a>",
                        kind = fact.kind,
                        id = fact.id
                    ));
                }
                open_fact = Some(index);
            }
        }
        if mention != open_mention {
            if open_mention.take().is_some() {
                out.push_str("</a>");
            }
            if let Some(index) = mention {
                let (kind, href, detail) = mention_target(mentions[index]);
                let title = escape(&format!("{kind}{detail}"));
                match href {
                    Some(href) => out.push_str(&format!(
                        "<a class=\"m m-{kind}\" href=\"{href}\" title=\"{title}\">"
                    )),
                    None => out.push_str(&format!("<a class=\"m m-{kind}\" title=\"{title}\">")),
                }
                open_mention = Some(index);
            }
        }
        out.push_str(&escape(text.get(start..end).unwrap_or_default()));
    }
    if open_mention.is_some() {
        out.push_str("</a>");
    }
    if open_fact.is_some() {
        out.push_str("</span>");
    }
    PreEscaped(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use entente_model::ActorId;

    fn mention(start: usize, end: usize, entity: EntityRef) -> MentionRecord {
        MentionRecord {
            document: DocumentId(1),
            entity,
            surface: String::new(),
            span: Span::new(start, end),
            char_start: start,
            char_end: end,
        }
    }

    #[track_caller]
    fn check(text: &str, facts: &[Fact], mentions: &[MentionRecord], expected: &str) {
        assert_eq!(explain(text, facts, mentions).into_string(), expected);
    }

    #[test]
    fn spans_nest_and_text_is_escaped() {
        let fact = Fact {
            span: Span::new(0, 19),
            kind: "meeting",
            id: 4,
        };
        check(
            "Fidan met <Wang> in Ankara.",
            &[fact],
            &[
                mention(0, 5, EntityRef::Actor(ActorId(2))),
                mention(20, 26, EntityRef::Country("TUR".into())),
            ],
            "<span class=\"ev ev-meeting\" id=\"at-0\"><a class=\"tag\" href=\"/meeting/4\">meeting 4</a>\
             <a class=\"m m-actor\" href=\"/actor/2\" title=\"actor\">Fidan</a> met &lt;Wang&gt; in</span> \
             <a class=\"m m-country\" title=\"country TUR\">Ankara</a>.",
        );
    }

    #[test]
    fn spans_off_the_text_are_left_out() {
        check(
            "Erdoğan <b>",
            &[],
            &[
                mention(0, 5, EntityRef::Actor(ActorId(1))),
                mention(3, 90, EntityRef::Actor(ActorId(1))),
            ],
            "Erdoğan &lt;b&gt;",
        );
    }
}
