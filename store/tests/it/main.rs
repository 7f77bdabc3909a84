//! Integration tests of the store: short news-style articles with hand-built extractions.

mod actors;
mod fixture;
mod ingest;
mod meetings;
mod mentions;
mod open;
mod organisations;
mod statements;
