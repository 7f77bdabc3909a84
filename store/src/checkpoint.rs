//! Checkpoints on a thread of their own while an ingest writes.
//!
//! In WAL mode a commit appends the pages it changed to the log; a checkpoint copies
//! them into the database file (reading the log, writing the file, and syncing both).
//! Left to the writing connection, the checkpoint runs inside the commit that crosses
//! `wal_autocheckpoint`, on the writer's thread, which every extraction worker waits
//! for in the end; and the connection's close copies whatever is left. A
//! [`Checkpointer`] holds a second connection to the same file and runs a passive
//! checkpoint after each commit: it never blocks the writer (a passive checkpoint
//! takes no write lock and copies only the frames every reader is past), the log is
//! started again from its beginning once it has all been copied, and the close has
//! only the last commit's pages to copy.

use std::path::Path;
use std::sync::mpsc::{self, SyncSender};
use std::thread::{self, JoinHandle};

use rusqlite::{Connection, OpenFlags};

/// The background checkpoints of one database file; dropping it lets the thread
/// finish the checkpoint it is in, then ends it.
#[derive(Debug)]
pub(crate) struct Checkpointer {
    /// Holds at most one request: commits that come while a checkpoint runs make one
    /// more checkpoint, not one each.
    requests: Option<SyncSender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Opens a second connection to the database at `path` (which must exist, in WAL
    /// mode) and starts the thread. `None` when either fails: the checkpoints then stay
    /// the writer's own, as without one.
    pub(crate) fn start(path: &Path) -> Option<Checkpointer> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).ok()?;
        // As the writer's: the log is synced before its pages are copied, the file
        // after.
        conn.pragma_update(None, "synchronous", "NORMAL").ok()?;
        let (requests, received) = mpsc::sync_channel::<()>(1);
        let thread = thread::Builder::new()
            .name("entente-checkpoint".into())
            .spawn(move || {
                while received.recv().is_ok() {
                    // Best effort: what a checkpoint leaves (a reader in the way, a
                    // full disk) the next one, or the writer's close, copies.
                    let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
                }
            })
            .ok()?;
        Some(Checkpointer {
            requests: Some(requests),
            thread: Some(thread),
        })
    }

    /// Asks for a checkpoint of what is committed; returns at once.
    pub(crate) fn request(&self) {
        if let Some(requests) = &self.requests {
            // Full: a checkpoint is asked for already, and it will copy this commit too.
            let _ = requests.try_send(());
        }
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        drop(self.requests.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use entente_model::{Document, Extraction};

    use crate::Store;

    fn document(text: &str) -> (Document, Extraction) {
        crate::tests::stored_document(None, text)
    }

    /// How many documents a copy of the database file alone (no log) holds.
    fn documents_in_file_alone(dir: &std::path::Path) -> i64 {
        let copy = dir.join("copy.db");
        let _ = std::fs::remove_file(&copy);
        std::fs::copy(dir.join("e.db"), &copy).unwrap();
        let conn = rusqlite::Connection::open(&copy).unwrap();
        conn.query_row("SELECT count(*) FROM documents", [], |row| row.get(0))
            .unwrap_or(0)
    }

    /// Polls until the file alone holds `expected` documents, for up to ten seconds.
    fn wait_for_file(dir: &std::path::Path, expected: i64) -> i64 {
        let start = Instant::now();
        loop {
            let found = documents_in_file_alone(dir);
            if found == expected || start.elapsed() > Duration::from_secs(10) {
                return found;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    #[test]
    fn commits_reach_the_database_file_while_the_store_is_open() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("e.db")).unwrap();
        store.checkpoint_in_background();
        for (round, expected) in [(0, 2), (1, 4)] {
            store
                .ingest(&[
                    document(&format!("Ankara, round {round}.")),
                    document(&format!("Beijing, round {round}.")),
                ])
                .unwrap();
            // Far below `wal_autocheckpoint`: only the checkpoint thread copies these.
            assert_eq!(wait_for_file(dir.path(), expected), expected);
        }
        drop(store);
        assert_eq!(documents_in_file_alone(dir.path()), 4);
    }

    #[test]
    fn without_it_commits_stay_in_the_log_until_the_close() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("e.db")).unwrap();
        store
            .ingest(&[document("Ankara."), document("Beijing.")])
            .unwrap();
        std::thread::sleep(Duration::from_millis(100));
        assert_eq!(documents_in_file_alone(dir.path()), 0);
        drop(store);
        assert_eq!(documents_in_file_alone(dir.path()), 2);
    }

    #[test]
    fn a_store_in_memory_has_none() {
        let mut store = Store::open_in_memory().unwrap();
        store.checkpoint_in_background();
        assert!(store.checkpointer.is_none());
        store.ingest(&[document("Ankara.")]).unwrap();
    }
}
