//! Paginated lists with their filters in the query string: actors, meetings,
//! statements, organisations, initiatives, documents.

use maud::html;

use entente_model::{ActorId, InitiativeId};
use entente_store::{
    ActorFilter, DocumentFilter, EntityFilter, MeetingFilter, SpeakerFilter, StatementFilter, Store,
};

use super::{meeting_item, titled};
use crate::page::{self, PageResult, pager, paginate, read_limit};
use crate::request::{Bound, Target};

fn date_param(
    target: &Target,
    name: &str,
    bound: Bound,
) -> Result<Option<chrono::NaiveDate>, crate::page::PageError> {
    target.date(name, bound)
}

fn kept(target: &Target, names: &[&'static str]) -> Vec<(&'static str, String)> {
    let mut params = Vec::new();
    for name in names {
        for value in target.all(name) {
            params.push((*name, value.to_owned()));
        }
    }
    params
}

pub fn actors(store: &Store, target: &Target) -> PageResult {
    let page = target.page()?;
    let country = target.country("country")?;
    let name = target.get("name").map(str::to_owned);
    let rows = store.query_actors(&ActorFilter {
        country: country.clone(),
        name: name.clone(),
        limit: Some(read_limit(page)),
        ..ActorFilter::default()
    })?;
    let (rows, more) = paginate(rows, page)?;
    titled(
        "Actors",
        html! {
            h1 { "Actors" }
            form.filters method="get" action="/actors" {
                label { "Name " input type="text" name="name" value=[name.as_deref()]; }
                label { "Country " input type="text" name="country" size="4" placeholder="TUR" value=[country.as_deref()]; }
                button type="submit" { "Filter" }
            }
            table.list {
                thead { tr { th { "Name" } th { "Country" } th { "Title" } th.num { "Mentions" } th.num { "Documents" } } }
                tbody {
                    @for record in &rows {
                        tr {
                            td { (page::actor_link(record.actor.id, &record.actor.name)) }
                            td { (page::country(record.actor.country.as_ref())) }
                            td { @if let Some(title) = record.actor.titles.last() { (title.name) } }
                            td.num { (record.mentions) }
                            td.num { (record.documents) }
                        }
                    }
                }
            }
            @if rows.is_empty() { p.empty { "No actor fits." } }
            (pager("/actors", &kept(target, &["name", "country"]), page, more))
        },
    )
}

pub fn meetings(store: &Store, target: &Target) -> PageResult {
    let page = target.page()?;
    let actors: Vec<ActorId> = target.ids("actor")?.into_iter().map(ActorId).collect();
    let country = target.country("country")?;
    let from = date_param(target, "from", Bound::From)?;
    let to = date_param(target, "to", Bound::To)?;
    let named = store.actors_by_id(&actors)?;
    if let Some(missing) = actors
        .iter()
        .find(|id| !named.iter().any(|record| record.actor.id == **id))
    {
        return Err(super::not_found("actor", missing.0));
    }
    let rows = store.query_meetings(&MeetingFilter {
        actors: actors.clone(),
        country: country.clone(),
        from,
        to,
        limit: Some(read_limit(page)),
        ..MeetingFilter::default()
    })?;
    let (rows, more) = paginate(rows, page)?;
    titled(
        "Meetings",
        html! {
            h1 {
                "Meetings"
                @if !named.is_empty() {
                    " with "
                    @for (index, record) in named.iter().enumerate() {
                        @if index > 0 { " and " }
                        (page::actor_link(record.actor.id, &record.actor.name))
                    }
                }
            }
            form.filters method="get" action="/meetings" {
                @for actor in &actors { input type="hidden" name="actor" value=(actor.0); }
                label { "Country " input type="text" name="country" size="4" placeholder="CHN" value=[country.as_deref()]; }
                label { "From " input type="text" name="from" size="10" placeholder="2025-01" value=[target.get("from")]; }
                label { "To " input type="text" name="to" size="10" placeholder="2025-12" value=[target.get("to")]; }
                button type="submit" { "Filter" }
            }
            @if rows.is_empty() { p.empty { "No meeting fits." } }
            ul.meetings { @for record in &rows { (meeting_item(record)) } }
            (pager("/meetings", &kept(target, &["actor", "country", "from", "to"]), page, more))
        },
    )
}

pub fn statements(store: &Store, target: &Target) -> PageResult {
    let page = target.page()?;
    let speaker = target.id("speaker")?;
    let initiative = target.id("initiative")?;
    let from = date_param(target, "from", Bound::From)?;
    let to = date_param(target, "to", Bound::To)?;
    let search = target.get("q").map(str::to_owned);
    if let Some(id) = speaker
        && store.actors_by_id(&[ActorId(id)])?.is_empty()
    {
        return Err(super::not_found("actor", id));
    }
    if let Some(id) = initiative
        && store.initiatives_by_id(&[InitiativeId(id)])?.is_empty()
    {
        return Err(super::not_found("initiative", id));
    }
    let hits = store.query_statements(&StatementFilter {
        speaker: speaker.map(|id| SpeakerFilter::Actor(ActorId(id))),
        initiative: initiative.map(InitiativeId),
        search: search.clone(),
        from,
        to,
        limit: Some(read_limit(page)),
        ..StatementFilter::default()
    })?;
    let (hits, more) = paginate(hits, page)?;
    titled(
        "Statements",
        html! {
            h1 { "Statements" }
            form.filters method="get" action="/statements" {
                @if let Some(id) = speaker { input type="hidden" name="speaker" value=(id); }
                @if let Some(id) = initiative { input type="hidden" name="initiative" value=(id); }
                label { "Words (FTS5) " input type="text" name="q" value=[search.as_deref()]; }
                label { "From " input type="text" name="from" size="10" value=[target.get("from")]; }
                label { "To " input type="text" name="to" size="10" value=[target.get("to")]; }
                button type="submit" { "Filter" }
            }
            @if hits.is_empty() { p.empty { "No statement fits." } }
            ul.statements { @for hit in &hits { (page::statement_item(&hit.record, &hit.matches)) } }
            (pager("/statements", &kept(target, &["speaker", "initiative", "q", "from", "to"]), page, more))
        },
    )
}

pub fn organisations(store: &Store, target: &Target) -> PageResult {
    let page = target.page()?;
    let country = target.country("country")?;
    let name = target.get("name").map(str::to_owned);
    let rows = store.query_organisations(&EntityFilter {
        country: country.clone(),
        name: name.clone(),
        limit: Some(read_limit(page)),
        ..EntityFilter::default()
    })?;
    let (rows, more) = paginate(rows, page)?;
    titled(
        "Organisations",
        html! {
            h1 { "Organisations" }
            form.filters method="get" action="/organisations" {
                label { "Name " input type="text" name="name" value=[name.as_deref()]; }
                label { "Country " input type="text" name="country" size="4" value=[country.as_deref()]; }
                button type="submit" { "Filter" }
            }
            table.list {
                thead { tr { th { "Name" } th { "Kind" } th { "Country" } th.num { "Mentions" } th.num { "Documents" } } }
                tbody {
                    @for record in &rows {
                        @let organisation = &record.organisation;
                        tr {
                            td { a href={ "/organisation/" (organisation.id.0) } { (organisation.name) }
                                 @if let Some(acronym) = &organisation.acronym { " (" (acronym) ")" } }
                            td { (organisation.kind.as_str().replace('_', " ")) }
                            td { (page::country(organisation.country.as_ref())) }
                            td.num { (record.mentions) }
                            td.num { (record.documents) }
                        }
                    }
                }
            }
            @if rows.is_empty() { p.empty { "No organisation fits." } }
            (pager("/organisations", &kept(target, &["name", "country"]), page, more))
        },
    )
}

pub fn initiatives(store: &Store, target: &Target) -> PageResult {
    let page = target.page()?;
    let country = target.country("sponsor")?;
    let name = target.get("name").map(str::to_owned);
    let rows = store.query_initiatives(&EntityFilter {
        country: country.clone(),
        name: name.clone(),
        limit: Some(read_limit(page)),
        ..EntityFilter::default()
    })?;
    let (rows, more) = paginate(rows, page)?;
    titled(
        "Initiatives",
        html! {
            h1 { "Initiatives" }
            table.list {
                thead { tr { th { "Name" } th { "Sponsor" } th.num { "Mentions" } th.num { "Documents" } } }
                tbody {
                    @for record in &rows {
                        @let initiative = &record.initiative;
                        tr {
                            td { a href={ "/initiative/" (initiative.id.0) } { (initiative.name) } }
                            td { (page::country(initiative.sponsor.as_ref())) }
                            td.num { (record.mentions) }
                            td.num { (record.documents) }
                        }
                    }
                }
            }
            @if rows.is_empty() { p.empty { "No initiative fits." } }
            (pager("/initiatives", &kept(target, &["name", "sponsor"]), page, more))
        },
    )
}

pub fn documents(store: &Store, target: &Target) -> PageResult {
    let page = target.page()?;
    let from = date_param(target, "from", Bound::From)?;
    let to = date_param(target, "to", Bound::To)?;
    let rows = store.query_documents(&DocumentFilter {
        from,
        to,
        limit: Some(read_limit(page)),
        ..DocumentFilter::default()
    })?;
    let (rows, more) = paginate(rows, page)?;
    titled(
        "Documents",
        html! {
            h1 { "Documents" }
            form.filters method="get" action="/documents" {
                label { "From " input type="text" name="from" size="10" value=[target.get("from")]; }
                label { "To " input type="text" name="to" size="10" value=[target.get("to")]; }
                button type="submit" { "Filter" }
            }
            table.list {
                thead { tr { th { "Id" } th { "Published" } th { "Title" } th { "Source" } } }
                tbody {
                    @for record in &rows {
                        tr {
                            td { (page::document_link(record.id)) }
                            td { @if let Some(date) = record.document.published { (date) } }
                            td { a href={ "/document/" (record.id.0) } {
                                (record.document.title.as_deref().unwrap_or("(untitled)")) } }
                            td { @if let Some(source) = &record.document.source { (source) } }
                        }
                    }
                }
            }
            @if rows.is_empty() { p.empty { "No document fits." } }
            (pager("/documents", &kept(target, &["from", "to"]), page, more))
        },
    )
}
