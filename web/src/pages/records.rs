//! One record per page: meeting, statement, organisation, initiative, each with the
//! evidence behind it.

use maud::{Markup, html};

use entente_model::{
    DocumentId, EntityRef, Evidence, InitiativeId, MeetingId, MeetingStatus, OrganisationId, Role,
    StatementId,
};
use entente_store::{DocumentFilter, SpeakerFilter, StatementFilter, Store};

use super::{not_found, titled};
use crate::chart::{self, Series};
use crate::page::{self, PageResult};

/// Statements and documents listed on a record's page.
const SHOWN: usize = 25;

/// Evidence sentences, each linked to its place in the article.
fn evidence_list(evidence: &[Evidence]) -> Markup {
    html! {
        ul.evidence {
            @for item in evidence {
                li {
                    blockquote { (item.text) }
                    span.rule { "rule " code { (item.rule) } }
                    @if let Some(document) = item.document {
                        " · "
                        a href={ "/document/" (document.0) "#at-" (item.span.start) } {
                            "in doc " (document.0)
                        }
                    }
                }
            }
        }
    }
}

pub fn meeting(store: &Store, id: i64) -> PageResult {
    let Some(record) = store.meeting(MeetingId(id))? else {
        return Err(not_found("meeting", id));
    };
    let meeting = &record.meeting;
    let statements = store.query_statements(&StatementFilter {
        meeting: Some(meeting.id),
        limit: Some(SHOWN),
        ..StatementFilter::default()
    })?;
    let status = match meeting.status {
        MeetingStatus::Held => "held",
        MeetingStatus::Planned => "planned",
        MeetingStatus::Cancelled => "cancelled",
    };
    let title = format!("Meeting {id}");
    titled(
        &title,
        html! {
            h1 { "Meeting " (id) ": " (meeting.kind.as_str().replace('_', " ")) }
            dl.facts {
                dt { "Date" } dd { (page::date(meeting.date.as_ref()))
                    @if let Some(date) = &meeting.date { " (“" (date.text) "”)" } }
                dt { "Status" } dd { (status) }
                @if !meeting.location.is_empty() { dt { "Place" } dd { (meeting.location.display()) } }
                @if let Some(occasion) = &meeting.occasion { dt { "Occasion" } dd { (occasion) } }
                dt { "Participants" }
                dd {
                    ul {
                        @for (participant, name) in meeting.participants.iter().zip(&record.participant_names) {
                            li { (page::actor_link(participant.actor, name))
                                 @if participant.role == Role::Delegation { " (delegation)" } }
                        }
                    }
                }
            }
            h2 { "Evidence" }
            (evidence_list(&meeting.evidence))
            @if !statements.is_empty() {
                h2 { "Said at this meeting" }
                ul.statements { @for hit in &statements { (page::statement_item(&hit.record, &[])) } }
            }
        },
    )
}

pub fn statement(store: &Store, id: i64) -> PageResult {
    let Some(record) = store.statement(StatementId(id))? else {
        return Err(not_found("statement", id));
    };
    let statement = &record.statement;
    let title = format!("Statement {id}");
    titled(
        &title,
        html! {
            h1 { "Statement " (id) }
            blockquote.words { (statement.text) }
            dl.facts {
                dt { "Speaker" } dd { (page::speaker(&record)) }
                @if let (Some(addressee), Some(name)) = (statement.addressee, &record.addressee_name) {
                    dt { "Addressed to" } dd { (page::actor_link(addressee, name)) }
                }
                dt { "Mode" } dd { (statement.mode.as_str())
                    @if let Some(verb) = &statement.verb { " (" (verb) ")" } }
                dt { "Date" } dd { (page::date(statement.date.as_ref())) }
                @if let Some(meeting) = statement.meeting {
                    dt { "At" } dd { a href={ "/meeting/" (meeting.0) } { "meeting " (meeting.0) } }
                }
                @if !statement.initiatives.is_empty() {
                    dt { "Initiatives" }
                    dd {
                        @for (index, (initiative, name)) in statement.initiatives.iter()
                            .zip(&record.initiative_names).enumerate() {
                            @if index > 0 { ", " }
                            a href={ "/initiative/" (initiative.0) } { (name) }
                        }
                    }
                }
            }
            h2 { "Evidence" }
            (evidence_list(&statement.evidence))
        },
    )
}

/// Documents mentioning `entity`, newest first, each with the sentence around its
/// first mention there.
fn mentioning(store: &Store, entity: &EntityRef) -> Result<Markup, crate::page::PageError> {
    let documents = store.query_documents(&DocumentFilter {
        mentions: Some(entity.clone()),
        limit: Some(SHOWN),
        ..DocumentFilter::default()
    })?;
    let ids: Vec<DocumentId> = documents.iter().map(|record| record.id).collect();
    let contexts = store.first_mentions(entity, &ids)?;
    Ok(html! {
        ul.documents {
            @for record in &documents {
                li {
                    (page::document_link(record.id)) " "
                    @if let Some(date) = record.document.published { span.date { (date) } " " }
                    a href={ "/document/" (record.id.0) } {
                        (record.document.title.as_deref().unwrap_or("(untitled)"))
                    }
                    @if let Some(context) = contexts.iter().find(|c| c.document == record.id) {
                        blockquote.context { "…" (context.window) "…" }
                    }
                }
            }
        }
    })
}

pub fn organisation(store: &Store, id: i64) -> PageResult {
    let organisation_id = OrganisationId(id);
    let Some(record) = store
        .organisations_by_id(&[organisation_id])?
        .into_iter()
        .next()
    else {
        return Err(not_found("organisation", id));
    };
    let organisation = &record.organisation;
    let entity = EntityRef::Organisation(organisation_id);
    let per_month = store.mentions_per_month(&entity)?;
    let statements = store.query_statements(&StatementFilter {
        speaker: Some(SpeakerFilter::Organisation(organisation_id)),
        limit: Some(SHOWN),
        ..StatementFilter::default()
    })?;
    let documents = mentioning(store, &entity)?;
    titled(
        &organisation.name,
        html! {
            h1 { (organisation.name)
                 @if let Some(acronym) = &organisation.acronym { " (" (acronym) ")" } }
            dl.facts {
                dt { "Kind" } dd { (organisation.kind.as_str().replace('_', " ")) }
                @if let Some(country) = &organisation.country { dt { "Country" } dd { (country.name) } }
                @if !organisation.aliases.is_empty() { dt { "Also written" } dd { (organisation.aliases.join("; ")) } }
                dt { "Mentions" } dd { (record.mentions) " in " (record.documents) " documents" }
            }
            h2 { "Mentions per month" }
            (mentions_chart(&per_month))
            @if !statements.is_empty() {
                h2 { "Statements" }
                ul.statements { @for hit in &statements { (page::statement_item(&hit.record, &[])) } }
            }
            h2 { "Documents" }
            (documents)
        },
    )
}

fn mentions_chart(per_month: &[entente_store::MonthCount]) -> Markup {
    match chart::months(&[Series {
        label: "mentions",
        class: "mentions",
        counts: per_month,
    }]) {
        Some(chart) => chart,
        None => html! { p.empty { "No dated mention." } },
    }
}

pub fn initiative(store: &Store, id: i64) -> PageResult {
    let initiative_id = InitiativeId(id);
    let Some(record) = store
        .initiatives_by_id(&[initiative_id])?
        .into_iter()
        .next()
    else {
        return Err(not_found("initiative", id));
    };
    let initiative = &record.initiative;
    let entity = EntityRef::Initiative(initiative_id);
    let per_month = store.mentions_per_month(&entity)?;
    let speakers = store.initiative_speakers(initiative_id, 15)?;
    let statements = store.query_statements(&StatementFilter {
        initiative: Some(initiative_id),
        limit: Some(SHOWN),
        ..StatementFilter::default()
    })?;
    let documents = mentioning(store, &entity)?;
    titled(
        &initiative.name,
        html! {
            h1 { (initiative.name) }
            dl.facts {
                @if let Some(sponsor) = &initiative.sponsor { dt { "Sponsor" } dd { (sponsor.name) } }
                @if !initiative.aliases.is_empty() { dt { "Also written" } dd { (initiative.aliases.join("; ")) } }
                dt { "Mentions" } dd { (record.mentions) " in " (record.documents) " documents" }
            }
            h2 { "Mentions per month" }
            (mentions_chart(&per_month))
            div.columns {
                section {
                    h2 { "Who speaks about it" }
                    @if speakers.is_empty() { p.empty { "No statement names it." } }
                    ol {
                        @for speaker in &speakers {
                            li { (page::actor_link(speaker.actor, &speaker.name)) " "
                                 span.count { (speaker.count) " statements" } }
                        }
                    }
                }
                section {
                    h2 { "Statements" }
                    ul.statements { @for hit in &statements { (page::statement_item(&hit.record, &[])) } }
                    @if statements.len() == SHOWN {
                        p { a href={ "/statements?initiative=" (id) } { "All statements about " (initiative.name) } }
                    }
                }
            }
            h2 { "Documents" }
            (documents)
        },
    )
}
