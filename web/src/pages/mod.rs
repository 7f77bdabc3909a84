//! The pages: one function per kind of page, each reading the store through its query
//! methods and answering a [`Page`] or a [`PageError`]. [`route`] picks one by path.

mod actor;
mod document;
mod home;
mod lists;
mod network;
mod records;

use maud::{Markup, html};

use entente_model::{MeetingRecord, Role};
use entente_store::Store;

use crate::graph::LayoutCache;
use crate::page::{self, Page, PageError, PageResult};
use crate::request::Target;

/// The page for `target`; static files are answered before this.
pub fn route(store: &Store, target: &Target, layouts: &LayoutCache) -> PageResult {
    let segments = target.segments();
    match segments.as_slice() {
        [] => home::home(store),
        ["search"] => home::search(store, target),
        ["actors"] => lists::actors(store, target),
        ["meetings"] => lists::meetings(store, target),
        ["statements"] => lists::statements(store, target),
        ["organisations"] => lists::organisations(store, target),
        ["initiatives"] => lists::initiatives(store, target),
        ["documents"] => lists::documents(store, target),
        ["network"] => network::network(store, target, layouts),
        ["network", "drawing"] => network::network_fragment(store, target, layouts),
        ["actor", id] => actor::actor(store, id_in_path("actor", id)?),
        ["meeting", id] => records::meeting(store, id_in_path("meeting", id)?),
        ["statement", id] => records::statement(store, id_in_path("statement", id)?),
        ["organisation", id] => records::organisation(store, id_in_path("organisation", id)?),
        ["initiative", id] => records::initiative(store, id_in_path("initiative", id)?),
        ["document", id] => document::document(store, id_in_path("document", id)?),
        _ => Err(PageError::not_found(format!(
            "there is no page `{}`",
            target.path
        ))),
    }
}

/// The id of `/kind/ID`: a positive number, else 404 (no such record can exist).
fn id_in_path(kind: &str, text: &str) -> Result<i64, PageError> {
    match text.parse::<i64>() {
        Ok(id) if id > 0 => Ok(id),
        _ => Err(PageError::not_found(format!(
            "`{text}` is no {kind} id: ids are positive numbers"
        ))),
    }
}

fn not_found(kind: &str, id: i64) -> PageError {
    PageError::not_found(format!("there is no {kind} with id {id}"))
}

/// A meeting as a list item: date, participants, place, kind, first evidence.
fn meeting_item(record: &MeetingRecord) -> Markup {
    let meeting = &record.meeting;
    html! {
        li.meeting {
            a.date href={ "/meeting/" (meeting.id.0) } { (page::date(meeting.date.as_ref())) }
            " "
            span.participants {
                @for (index, (participant, name)) in meeting.participants.iter()
                    .zip(&record.participant_names).enumerate() {
                    @if index > 0 { ", " }
                    @if participant.role == Role::Delegation {
                        span.delegation title="delegation" { (page::actor_link(participant.actor, name)) }
                    } @else {
                        (page::actor_link(participant.actor, name))
                    }
                }
            }
            @if !meeting.location.is_empty() {
                " · " span.place { (meeting.location.display()) }
            }
            " · " span.kind { (meeting.kind.as_str().replace('_', " ")) }
            @if let Some(occasion) = &meeting.occasion { " (" (occasion) ")" }
            @if let Some(evidence) = meeting.evidence.first() {
                blockquote.evidence {
                    (evidence.text)
                    @if let Some(document) = evidence.document { " " (page::document_link(document)) }
                }
            }
        }
    }
}

fn titled(title: &str, main: Markup) -> PageResult {
    Ok(Page::html(page::layout(title, main)))
}
