//! The `entente` binary: parses arguments, runs one subcommand, maps the outcome to an
//! exit status (0 all stored, 1 some input rejected, 2 fatal). All printing is here.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod args;
mod commands;
mod input;

use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command};

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
        } => {
            let defaults = input::Defaults {
                published,
                title,
                source,
                url,
            };
            commands::ingest::run(&cli.db, &paths, &defaults, export.as_deref(), output)
        }
        Command::Export { out, tables } => commands::export::run(&cli.db, &out, &tables, output),
        Command::Extract {
            path,
            published,
            format,
        } => commands::extract::run(&path, published, format),
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
