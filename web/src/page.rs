//! What a handler answers: a page, or an error page with its status; the chrome every
//! page shares (head, navigation, pagination) and the small links used everywhere.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use entente_model::{ActorId, Country, DocumentId, EventDate, Speaker, StatementRecord};

/// An answer: status, content type and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub status: u16,
    pub content_type: &'static str,
    pub body: String,
}

impl Page {
    pub fn html(markup: Markup) -> Page {
        Page {
            status: 200,
            content_type: "text/html; charset=utf-8",
            body: markup.into_string(),
        }
    }
}

/// A request the explorer refuses, with a message for the person who sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageError {
    pub status: u16,
    pub message: String,
}

impl PageError {
    pub fn bad_request(message: impl Into<String>) -> PageError {
        PageError {
            status: 400,
            message: message.into(),
        }
    }

    pub fn not_found(message: impl Into<String>) -> PageError {
        PageError {
            status: 404,
            message: message.into(),
        }
    }

    /// The page shown for this error.
    pub fn page(&self) -> Page {
        let title = match self.status {
            400 => "Bad request",
            404 => "Not found",
            405 => "Method not allowed",
            414 => "Request too long",
            421 => "Wrong host",
            _ => "Server error",
        };
        let mut page = Page::html(layout(
            title,
            html! {
                h1 { (title) }
                p.error { (self.message) }
                p { a href="/" { "Back to the overview" } }
            },
        ));
        page.status = self.status;
        page
    }
}

impl From<entente_store::Error> for PageError {
    fn from(error: entente_store::Error) -> PageError {
        match &error {
            entente_store::Error::Search { query, .. } => PageError::bad_request(format!(
                "invalid search query `{query}`: use words, \"a phrase\", prefix* or AND / OR / NOT"
            )),
            _ => PageError {
                status: 500,
                message: error_chain(&error),
            },
        }
    }
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

pub type PageResult = Result<Page, PageError>;

/// The document every page is: head, navigation, `main`.
pub fn layout(title: &str, main: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · entente" }
                // No favicon request (it would be a failed request in the browser test).
                link rel="icon" href="data:,";
                link rel="stylesheet" href="/static/style.css";
                script src="/static/app.js" defer {}
            }
            body {
                header {
                    nav {
                        a.brand href="/" { "entente" }
                        a href="/actors" { "Actors" }
                        a href="/meetings" { "Meetings" }
                        a href="/statements" { "Statements" }
                        a href="/organisations" { "Organisations" }
                        a href="/initiatives" { "Initiatives" }
                        a href="/documents" { "Documents" }
                        a href="/network" { "Network" }
                        form.search action="/search" method="get" {
                            input type="search" name="q" placeholder="Search names and statements"
                                aria-label="Search";
                        }
                    }
                }
                main { (main) }
            }
        }
    }
}

/// Rows per page of a list.
pub const PER_PAGE: usize = 50;

/// One page of a list read with `limit = page * PER_PAGE + 1`: the rows of `page` and
/// whether another page follows. A page past the end (other than the first) is a 404.
pub fn paginate<T>(mut rows: Vec<T>, page: usize) -> Result<(Vec<T>, bool), PageError> {
    let skip = (page - 1) * PER_PAGE;
    if page > 1 && rows.len() <= skip {
        return Err(PageError::not_found(format!(
            "page {page} is past the end of this list"
        )));
    }
    let more = rows.len() > skip + PER_PAGE;
    rows.truncate(skip + PER_PAGE);
    Ok((rows.split_off(skip.min(rows.len())), more))
}

/// How many rows to read for `page` (one more than it shows).
pub fn read_limit(page: usize) -> usize {
    page * PER_PAGE + 1
}

/// Links to the previous and next page; `base` is the path with its query string
/// without `page`.
pub fn pager(path: &str, params: &[(&str, String)], page: usize, more: bool) -> Markup {
    let link = |page: usize| {
        let mut params = params.to_vec();
        if page > 1 {
            params.push(("page", page.to_string()));
        }
        format!("{path}{}", crate::request::query_string(params))
    };
    html! {
        @if page > 1 || more {
            nav.pager {
                @if page > 1 { a rel="prev" href=(link(page - 1)) { "← previous" } }
                span { "page " (page) }
                @if more { a rel="next" href=(link(page + 1)) { "next →" } }
            }
        }
    }
}

pub fn actor_link(id: ActorId, name: &str) -> Markup {
    html! { a href={ "/actor/" (id.0) } { (name) } }
}

pub fn document_link(id: DocumentId) -> Markup {
    html! { a.doc href={ "/document/" (id.0) } { "doc " (id.0) } }
}

pub fn country(country: Option<&Country>) -> Markup {
    html! {
        @if let Some(country) = country {
            span.country title=(country.name) { (country.code) }
        }
    }
}

pub fn date(date: Option<&EventDate>) -> String {
    match date.and_then(|date| date.date.map(|day| (day, date.precision))) {
        Some((day, entente_model::DatePrecision::Year)) => day.format("%Y").to_string(),
        Some((day, entente_model::DatePrecision::Month)) => day.format("%Y-%m").to_string(),
        Some((day, _)) => day.to_string(),
        None => String::from("undated"),
    }
}

/// Who spoke, linked to their page.
pub fn speaker(record: &StatementRecord) -> Markup {
    match &record.statement.speaker {
        Speaker::Actor(id) => actor_link(*id, &record.speaker_name),
        Speaker::Organisation(id) => html! {
            a href={ "/organisation/" (id.0) } { (record.speaker_name) }
        },
        Speaker::Country(code) => html! { span title=(code) { (record.speaker_name) } },
    }
}

/// A statement's words with the spans a search matched in `<mark>`, the safe way:
/// the text between and inside matches is escaped, the marks are the only markup.
pub fn marked(text: &str, matches: &[entente_model::Span]) -> Markup {
    let mut out = String::new();
    let mut at = 0;
    for span in matches {
        let (Some(before), Some(inside)) =
            (text.get(at..span.start), text.get(span.start..span.end))
        else {
            continue;
        };
        out.push_str(&escape(before));
        out.push_str("<mark>");
        out.push_str(&escape(inside));
        out.push_str("</mark>");
        at = span.end;
    }
    out.push_str(&escape(text.get(at..).unwrap_or_default()));
    PreEscaped(out)
}

/// HTML escaping of text content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A statement as a list item: date, speaker, words, source documents.
pub fn statement_item(record: &StatementRecord, matches: &[entente_model::Span]) -> Markup {
    let statement = &record.statement;
    html! {
        li.statement {
            span.date { (date(statement.date.as_ref())) }
            " " (speaker(record)) ": "
            q { (marked(&statement.text, matches)) }
            " "
            a.evidence href={ "/statement/" (statement.id.0) } { "evidence" }
            @for document in &record.document_ids { " " (document_link(*document)) }
        }
    }
}

/// A link target only for http(s) URLs; anything else (`javascript:`, `data:`) is text.
pub fn safe_url(url: &str) -> Option<&str> {
    let lower = url.trim_start().to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")).then_some(url.trim_start())
}

#[cfg(test)]
mod tests {
    use super::*;
    use entente_model::Span;

    #[test]
    fn matches_are_marked_after_escaping() {
        let text = "<b>belt</b> & road";
        let out = marked(text, &[Span::new(3, 7), Span::new(14, 18)]).into_string();
        assert_eq!(
            out,
            "&lt;b&gt;<mark>belt</mark>&lt;/b&gt; &amp; <mark>road</mark>"
        );
        // A span off a character boundary is skipped, never a panic.
        let out = marked("Erdoğan", &[Span::new(0, 5)]).into_string();
        assert_eq!(out, "Erdoğan");
    }

    #[test]
    fn only_http_urls_are_links() {
        assert_eq!(
            safe_url("https://example.org/a"),
            Some("https://example.org/a")
        );
        assert_eq!(safe_url("HTTP://example.org"), Some("HTTP://example.org"));
        assert_eq!(safe_url("javascript:alert(1)"), None);
        assert_eq!(safe_url(" JavaScript:alert(1)"), None);
        assert_eq!(safe_url("data:text/html,x"), None);
    }

    #[test]
    fn pages_cut_lists() {
        let rows: Vec<usize> = (0..120).collect();
        let (first, more) = paginate(rows.clone(), 1).unwrap();
        assert_eq!((first.len(), first[0], more), (50, 0, true));
        let (third, more) = paginate(rows.clone(), 3).unwrap();
        assert_eq!((third.len(), third[0], more), (20, 100, false));
        assert_eq!(paginate(rows, 4).unwrap_err().status, 404);
        let (empty, more) = paginate(Vec::<usize>::new(), 1).unwrap();
        assert!(empty.is_empty() && !more);
    }
}
