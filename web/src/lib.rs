//! The entente browser explorer: a local, read-only web server over the database.
//!
//! A tour:
//!
//! - [`Server::bind`] checks the database (it must exist and have this binary's schema;
//!   it is opened `SQLITE_OPEN_READ_ONLY` plus `query_only`, never created or migrated)
//!   and listens; [`Server::run`] answers with a few worker threads, each with its own
//!   read-only [`entente_store::Store`], each request inside one read transaction so a
//!   page never sees half of an ingest batch (`server.rs`).
//! - `request.rs` decodes the request target and its parameters; a bad one is a 400
//!   naming it. `page.rs` is the chrome every page shares and the error pages.
//! - `pages/` has one function per kind of page (home and search, lists, actor,
//!   meeting, statement, organisation, initiative, document), each reading through the
//!   store's query methods. Templates are maud, which escapes every value.
//! - `chart.rs` draws the timelines and `graph.rs` lays out and draws the meeting
//!   network, both as SVG on the server; `assets/` holds the one style sheet and the
//!   few lines of script (the network filters), written for entente.
//!
//! Invariants: no SQL here (the store has it); nothing is loaded from the network;
//! text from the database reaches the page only escaped; only GET and HEAD are answered.

mod chart;
mod error;
// drawn by the network page, which needs the store's meeting network (next commit)
mod graph;
mod page;
mod pages;
mod request;
mod server;

pub use error::{Error, Result};
pub use server::{Config, DEFAULT_BIND, Server};
