//! The home page (counts, date range, most active actors and pairs) and search.

use maud::html;

use entente_store::{ActorFilter, EntityFilter, StatementFilter, Store};

use super::titled;
use crate::page::{self, PageError, PageResult, pager, paginate, read_limit};
use crate::request::Target;

pub fn home(store: &Store) -> PageResult {
    let overview = store.overview()?;
    let actors = store.query_actors(&ActorFilter {
        limit: Some(10),
        ..ActorFilter::default()
    })?;
    let pairs = store.top_pairs(10)?;
    let range = match (&overview.first_published, &overview.last_published) {
        (Some(first), Some(last)) => format!("{first} to {last}"),
        _ => String::from("no dated articles"),
    };
    titled(
        "Overview",
        html! {
            h1 { "Overview" }
            p.range { "Articles published " (range) "." }
            ul.counts {
                li { a href="/documents" { b { (overview.documents) } " documents" } }
                li { a href="/actors" { b { (overview.actors) } " actors" } }
                li { a href="/organisations" { b { (overview.organisations) } " organisations" } }
                li { a href="/initiatives" { b { (overview.initiatives) } " initiatives" } }
                li { a href="/meetings" { b { (overview.meetings) } " meetings" } }
                li { a href="/statements" { b { (overview.statements) } " statements" } }
            }
            div.columns {
                section {
                    h2 { "Most mentioned actors" }
                    ol.actors {
                        @for record in &actors {
                            li {
                                (page::actor_link(record.actor.id, &record.actor.name)) " "
                                (page::country(record.actor.country.as_ref()))
                                span.count { (crate::graph::plural(record.mentions, "mention")) }
                            }
                        }
                    }
                }
                section {
                    h2 { "Who met most often" }
                    ol.pairs {
                        @for pair in &pairs {
                            li {
                                (page::actor_link(pair.first.0, &pair.first.1)) " and "
                                (page::actor_link(pair.second.0, &pair.second.1)) " "
                                a.count href={ "/meetings?actor=" (pair.first.0.0) "&actor=" (pair.second.0.0) } {
                                    (crate::graph::plural(pair.meetings, "meeting"))
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// Names (folded, by alias) and statement words (FTS5, matches marked).
pub fn search(store: &Store, target: &Target) -> PageResult {
    let query = target.get("q").unwrap_or_default();
    let page = target.page()?;
    if query.is_empty() {
        return titled(
            "Search",
            html! {
                h1 { "Search" }
                p { "Type a name (any order, without accents: \"erdogan\", \"wang yi\") or words of a statement (\"belt and road\", secur*)." }
            },
        );
    }
    if query.chars().count() > 200 {
        return Err(PageError::bad_request(
            "parameter `q` is longer than 200 characters",
        ));
    }
    let limit = Some(20);
    let actors = store.query_actors(&ActorFilter {
        name: Some(query.to_owned()),
        limit,
        ..ActorFilter::default()
    })?;
    let organisations = store.query_organisations(&EntityFilter {
        name: Some(query.to_owned()),
        limit,
        ..EntityFilter::default()
    })?;
    let initiatives = store.query_initiatives(&EntityFilter {
        name: Some(query.to_owned()),
        limit,
        ..EntityFilter::default()
    })?;
    let hits = store.query_statements(&StatementFilter {
        search: Some(fts_query(query)),
        limit: Some(read_limit(page)),
        ..StatementFilter::default()
    })?;
    let (hits, more) = paginate(hits, page)?;
    titled(
        "Search",
        html! {
            h1 { "Search: " q { (query) } }
            @if page == 1 {
                @if !actors.is_empty() {
                    h2 { "Actors" }
                    ul {
                        @for record in &actors {
                            li { (page::actor_link(record.actor.id, &record.actor.name)) " "
                                 (page::country(record.actor.country.as_ref()))
                                 span.count { (crate::graph::plural(record.mentions, "mention")) } }
                        }
                    }
                }
                @if !organisations.is_empty() {
                    h2 { "Organisations" }
                    ul {
                        @for record in &organisations {
                            li { a href={ "/organisation/" (record.organisation.id.0) } { (record.organisation.name) }
                                 span.count { (crate::graph::plural(record.mentions, "mention")) } }
                        }
                    }
                }
                @if !initiatives.is_empty() {
                    h2 { "Initiatives" }
                    ul {
                        @for record in &initiatives {
                            li { a href={ "/initiative/" (record.initiative.id.0) } { (record.initiative.name) }
                                 span.count { (crate::graph::plural(record.mentions, "mention")) } }
                        }
                    }
                }
            }
            h2 { "Statements" }
            @if hits.is_empty() { p.empty { "No statement matches." } }
            ul.statements {
                @for hit in &hits { (page::statement_item(&hit.record, &hit.matches)) }
            }
            (pager("/search", &[("q", query.to_owned())], page, more))
        },
    )
}

/// The search box's text as an FTS5 query: FTS5 syntax when it uses any (quotes, `*`,
/// AND / OR / NOT, parentheses), else every word quoted, so that a stray `-` or `:` in
/// plain words is no syntax error.
fn fts_query(text: &str) -> String {
    let syntax = text.contains(['"', '*', '(', ')'])
        || text
            .split_whitespace()
            .any(|word| matches!(word, "AND" | "OR" | "NOT" | "NEAR"));
    if syntax {
        return text.to_owned();
    }
    text.split_whitespace()
        .map(|word| format!("\"{}\"", word.replace('"', "")))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_words_are_quoted_and_syntax_is_kept() {
        assert_eq!(fts_query("trade deal"), "\"trade\" \"deal\"");
        assert_eq!(
            fts_query("co-operation: more"),
            "\"co-operation:\" \"more\""
        );
        assert_eq!(fts_query("\"belt and road\""), "\"belt and road\"");
        assert_eq!(fts_query("secur*"), "secur*");
        assert_eq!(fts_query("trade AND energy"), "trade AND energy");
    }
}
