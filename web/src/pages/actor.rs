//! The actor page: who the person is, a timeline of meetings and statements per month
//! with the lists beneath it, and the counterparts met most often.

use maud::html;

use entente_model::ActorId;
use entente_store::{MeetingFilter, SpeakerFilter, StatementFilter, Store};

use super::{meeting_item, not_found, titled};
use crate::chart::{self, Series};
use crate::page::{self, PageResult};

/// Meetings and statements listed on the page; the rest are one link away.
const SHOWN: usize = 25;

pub fn actor(store: &Store, id: i64) -> PageResult {
    let actor_id = ActorId(id);
    let Some(record) = store.actors_by_id(&[actor_id])?.into_iter().next() else {
        return Err(not_found("actor", id));
    };
    let actor = &record.actor;
    let meetings_per_month = store.meetings_per_month(actor_id)?;
    let statements_per_month = store.statements_per_month(actor_id)?;
    let chart = chart::months(&[
        Series {
            label: "meetings",
            class: "meetings",
            counts: &meetings_per_month,
        },
        Series {
            label: "statements",
            class: "statements",
            counts: &statements_per_month,
        },
    ]);
    let n_meetings: u64 = meetings_per_month.iter().map(|m| m.count).sum();
    let n_statements: u64 = statements_per_month.iter().map(|m| m.count).sum();
    let meetings = store.query_meetings(&MeetingFilter {
        actors: vec![actor_id],
        limit: Some(SHOWN),
        ..MeetingFilter::default()
    })?;
    let statements = store.query_statements(&StatementFilter {
        speaker: Some(SpeakerFilter::Actor(actor_id)),
        limit: Some(SHOWN),
        ..StatementFilter::default()
    })?;
    let counterparts = store.counterparts(actor_id, 15)?;
    titled(
        &actor.name,
        html! {
            h1 { (actor.name) " " (page::country(actor.country.as_ref())) }
            dl.facts {
                @if let Some(country) = &actor.country { dt { "Country" } dd { (country.name) } }
                @if !actor.titles.is_empty() {
                    dt { "Titles" }
                    dd {
                        @for (index, title) in actor.titles.iter().enumerate() {
                            @if index > 0 { "; " }
                            (title.name)
                            @if let Some(organisation) = &title.organisation { " (" (organisation) ")" }
                            @else if let Some(country) = &title.country { " (" (country) ")" }
                        }
                    }
                }
                @if !actor.aliases.is_empty() { dt { "Also written" } dd { (actor.aliases.join("; ")) } }
                dt { "Mentions" } dd { (record.mentions) " in " (record.documents) " documents" }
            }
            h2 { "Timeline" }
            @if let Some(chart) = chart { (chart) } @else { p.empty { "Nothing dated." } }
            div.columns {
                section {
                    h2 { "Met most often" }
                    @if counterparts.is_empty() { p.empty { "No meeting." } }
                    ol.counterparts {
                        @for other in &counterparts {
                            li {
                                (page::actor_link(other.actor, &other.name)) " "
                                a.count href={ "/meetings?actor=" (id) "&actor=" (other.actor.0) } {
                                    (crate::graph::plural(other.count, "meeting"))
                                }
                            }
                        }
                    }
                    p { a href={ "/network?actor=" (id) } { "Network around " (actor.name) } }
                }
                section {
                    h2 { "Meetings" }
                    @if meetings.is_empty() { p.empty { "No meeting." } }
                    ul.meetings { @for meeting in &meetings { (meeting_item(meeting)) } }
                    @if n_meetings as usize > meetings.len() || meetings.len() == SHOWN {
                        p { a href={ "/meetings?actor=" (id) } { "All meetings of " (actor.name) } }
                    }
                }
            }
            h2 { "Statements" }
            @if statements.is_empty() { p.empty { "No statement." } }
            ul.statements { @for hit in &statements { (page::statement_item(&hit.record, &[])) } }
            @if n_statements as usize > statements.len() || statements.len() == SHOWN {
                p { a href={ "/statements?speaker=" (id) } { "All statements of " (actor.name) } }
            }
        },
    )
}
