//! `entente serve`: the browser explorer on a local address, until Ctrl-C.

use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use super::Output;

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// The address and port to listen on. Only loopback addresses (127.0.0.1, ::1) are
    /// private to this machine; any other is warned about. Port 0 picks a free port.
    #[arg(long, value_name = "ADDR:PORT", default_value = entente_web::DEFAULT_BIND)]
    pub bind: SocketAddr,
    /// Worker threads answering requests, each with its own read-only connection.
    #[arg(long, value_name = "N", default_value = "4")]
    pub threads: std::num::NonZeroUsize,
}

pub fn run(db: &Path, args: &ServeArgs, output: Output) -> anyhow::Result<ExitCode> {
    let config = entente_web::Config {
        db: db.to_path_buf(),
        bind: args.bind,
        threads: args.threads.get(),
    };
    let server = entente_web::Server::bind(&config).context("cannot start the explorer")?;
    let addr = server.local_addr();
    if !addr.ip().is_loopback() {
        eprintln!(
            "entente: warning: `{addr}` is not a loopback address: anyone who can reach this \
             machine on that port can read the database"
        );
    }
    if !output.quiet {
        eprintln!(
            "entente: serving {} at http://{addr}/ (Ctrl-C to stop)",
            db.display()
        );
    }
    server.run();
    Ok(ExitCode::SUCCESS)
}
