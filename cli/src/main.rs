//! The `entente` binary: parses arguments, runs one subcommand, maps the outcome to an
//! exit status (0 all stored, 1 some input rejected, 2 fatal). All printing is here.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod args;
mod commands;
mod dictionary;
mod input;
mod progress;
mod table;

use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command};

/// mimalloc instead of the system allocator: extraction allocates small strings and
/// vectors on every thread, and glibc's malloc was 7% of an ingest's CPU.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            if is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            eprintln!("entente: error: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let output = commands::Output {
        quiet: cli.quiet,
        verbose: cli.verbose,
    };
    match cli.command {
        Command::Ingest {
            paths,
            published,
            title,
            source,
            url,
            export,
            jobs,
            batch,
            max_article_bytes,
        } => {
            let defaults = input::Defaults {
                published,
                title,
                source,
                url,
            };
            let limits = input::Limits { max_article_bytes };
            let (lexicon, version) = dictionary::load(cli.dict.as_deref(), &cli.db, output)?;
            let _progress = progress::IngestProgress::start(&paths, limits, cli.quiet);
            commands::ingest::run(
                &cli.db,
                cli.busy_timeout,
                input::read_inputs(&paths, &defaults, limits),
                export.as_deref(),
                (&lexicon, &version),
                commands::ingest::Sizes {
                    jobs: commands::ingest::jobs(jobs),
                    batch: batch.get(),
                },
                output,
            )
        }
        Command::Export {
            out,
            format,
            tables,
            network,
        } => commands::export::run(
            &cli.db,
            cli.busy_timeout,
            &out,
            format,
            &tables,
            &network,
            output,
        ),
        Command::Extract {
            path,
            published,
            format,
        } => {
            let lexicon = dictionary::lexicon(cli.dict.as_deref(), &cli.db, output)?;
            commands::extract::run(&path, published, format, &lexicon)
        }
        Command::Actors(args) => commands::actors::run(&cli.db, &args),
        Command::Meetings(args) => commands::meetings::run(&cli.db, &args),
        Command::Statements(args) => commands::statements::run(&cli.db, &args),
        Command::Initiatives(args) => commands::initiatives::run(&cli.db, &args),
        Command::Organisations(args) => commands::organisations::run(&cli.db, &args),
        Command::Documents(args) => commands::documents::run(&cli.db, &args),
        Command::Show(args) => commands::show::run(&cli.db, &args),
        Command::Completions { shell } => commands::completions::run(shell),
        Command::Stats(args) => {
            let current = dictionary::current_version(cli.dict.as_deref(), &cli.db)?;
            commands::stats::run(&cli.db, &current, &args)
        }
        Command::Reextract { jobs } => {
            let (lexicon, version) = dictionary::load(cli.dict.as_deref(), &cli.db, output)?;
            commands::reextract::run(
                &cli.db,
                cli.busy_timeout,
                (&lexicon, &version),
                commands::ingest::jobs(jobs),
                output,
            )
        }
        Command::Merge(args) => commands::curation::merge(&cli.db, cli.busy_timeout, &args, output),
        Command::Remove(args) => {
            commands::curation::remove(&cli.db, cli.busy_timeout, &args, output)
        }
        Command::Restore(args) => {
            commands::curation::restore(&cli.db, cli.busy_timeout, &args, output)
        }
        Command::Serve(args) => commands::serve::run(&cli.db, &args, output),
    }
}

/// A closed stdout (`entente extract x | head`) is not an error.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
