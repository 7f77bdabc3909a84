//! `entente ingest`: read articles, extract them on every core, store them in batches.
//!
//! One run is a pipeline of threads:
//!
//! ```text
//! reader ──new texts──> N extraction workers ──extractions──> writer (owns the Store)
//!    └──────── rejections, warnings, known texts ───────────────^
//! ```
//!
//! - The reader walks the inputs lazily (`input::read_inputs`); every item it reads, an
//!   article or a message about one, takes the next sequence number.
//! - The workers normalise and hash each text, pass on a text already stored (the hashes
//!   are loaded once, at the start: [`Claims`]) or met earlier in the input as known,
//!   so that it is never extracted, and extract the others, sharing the one lexicon by
//!   reference.
//! - The writer, this thread, takes the items back in sequence order: it prints the
//!   messages in input order and stores each document as it comes, in input order, into
//!   an open write transaction ([`entente_store::Writer`]) that it commits every
//!   `--batch` documents ([`entente_store::BATCH_DOCUMENTS`] by default) / [`BATCH_BYTES`], when no article has come for [`IDLE_COMMIT`]
//!   (a slow stream is not held back) and at the end. Ids, and so the CSV files, are the
//!   same whatever `--jobs`.
//! - A [`Window`] bounds what is between the reader and the writer (items and bytes of
//!   text, the reorder buffer included), and the channels are bounded, so memory stays
//!   flat whatever the size of the corpus.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::num::NonZeroUsize;
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread;
use std::time::Duration;

use anyhow::Context;
use entente_extract::{Lexicon, extract, normalise_text, sha256_hex};
use entente_model::{Document, Extraction};
use entente_store::{BATCH_BYTES, ExtractorVersion, IngestSummary, Store, Writer};

use super::Output;
use crate::input::{Item, RawArticle};
// Messages print above the progress bar, never through it.
use crate::progress::eprintln;

/// At most this many items, and this many more per worker, are between the reader and
/// the writer: while the writer commits, the workers go on extracting ...
const WINDOW_ITEMS: usize = 500;
const WINDOW_ITEMS_PER_JOB: usize = 32;
/// ... and at most this many bytes of text (a larger article still goes, alone).
const WINDOW_BYTES: usize = 16 * 1024 * 1024;

/// The writer commits its open transaction when no item has come for this long.
const IDLE_COMMIT: Duration = Duration::from_secs(1);

/// What one run did, summed over its batches.
#[derive(Debug, Default)]
struct Tally {
    stored: IngestSummary,
    /// Known before extraction (same text stored already, or twice in this run).
    known_early: usize,
    rejected: usize,
    warnings: usize,
}

/// How an ingest runs: extraction threads, and documents per write transaction.
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    pub jobs: usize,
    pub batch: usize,
}

/// The number of extraction threads: `--jobs`, or one per core.
pub fn jobs(requested: Option<NonZeroUsize>) -> usize {
    requested
        .or_else(|| thread::available_parallelism().ok())
        .map_or(1, NonZeroUsize::get)
}

/// Ingests what `items` yields (`input::read_inputs`) into the database at `db`,
/// whose writers wait `busy_timeout` for each other.
pub fn run(
    db: &Path,
    busy_timeout: Duration,
    items: impl Iterator<Item = Item> + Send,
    export: Option<&Path>,
    (lexicon, version): (&Lexicon, &ExtractorVersion),
    sizes: Sizes,
    output: Output,
) -> anyhow::Result<ExitCode> {
    let mut store = super::open_store(db, busy_timeout)?;
    store.checkpoint_in_background();
    let known = known_hashes(&store)?;
    let removed = store
        .removed_documents()
        .context("cannot read the database")?
        .iter()
        .filter_map(|document| hash_of_hex(&document.sha256))
        .collect();
    let mut tally = Tally::default();
    let ingested = ingest(
        &mut store,
        items,
        (known, removed),
        lexicon,
        Sizes {
            jobs: sizes.jobs.max(1),
            batch: sizes.batch.max(1),
        },
        output,
        &mut tally,
    );
    // Also after an error: the batches stored before it came from this extractor.
    if tally.stored.added > 0 {
        store
            .note_extractor(version)
            .context("cannot record the extractor version")?;
    }
    ingested?;
    if !output.quiet {
        let s = &tally.stored;
        eprintln!(
            "entente: added {} document{} ({} actors, {} organisations, {} initiatives, {} meetings, {} statements), {} already known, {} rejected",
            s.added,
            if s.added == 1 { "" } else { "s" },
            s.actors_added,
            s.organisations_added,
            s.initiatives_added,
            s.meetings_added,
            s.statements_added,
            s.known + tally.known_early,
            tally.rejected
        );
    }
    if let Some(dir) = export {
        super::export::write(&store, dir, &[], output)?;
    }
    Ok(if tally.rejected > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A sha256 as bytes: a set of them costs a third of one of hex strings.
type Hash = [u8; 32];

/// The hashes of the stored documents: one query, then a set lookup per article, where
/// asking the database for each article would take a query each.
fn known_hashes(store: &Store) -> anyhow::Result<HashSet<Hash>> {
    let hashes = store.known_hashes().context("cannot read the database")?;
    Ok(hashes.iter().filter_map(|hex| hash_of_hex(hex)).collect())
}

/// The bytes of a lower-case hex sha256 (`None` for anything else).
fn hash_of_hex(hex: &str) -> Option<Hash> {
    let digit = |b: u8| char::from(b).to_digit(16);
    let bytes = hex.as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    let mut hash = [0; 32];
    for (out, pair) in hash.iter_mut().zip(bytes.chunks_exact(2)) {
        *out = u8::try_from(digit(pair[0])? << 4 | digit(pair[1])?).ok()?;
    }
    Some(hash)
}

/// Which item had each text first: the workers skip a text that an earlier item (or the
/// database, item 0) has, without extracting it. Two items with one text may reach the
/// workers in either order, so both may be extracted; the writer then keeps the one
/// whose claim stands ([`Claims::is_first`]), which is always the earlier: the outcome
/// does not depend on timing.
struct Claims {
    first: Mutex<HashMap<Hash, u64>>,
    /// The texts removed by `entente remove document`, never stored again.
    removed: HashSet<Hash>,
}

/// The sequence number of the database's own texts; items count from 1.
const STORED: u64 = 0;

impl Claims {
    fn new(known: HashSet<Hash>, removed: HashSet<Hash>) -> Claims {
        Claims {
            first: Mutex::new(known.into_iter().map(|hash| (hash, STORED)).collect()),
            removed,
        }
    }

    fn is_removed(&self, hash: &Hash) -> bool {
        self.removed.contains(hash)
    }

    /// Claims `hash` for item `seq`: false when an earlier item has it.
    fn claim(&self, hash: Hash, seq: u64) -> bool {
        let mut claims = self.first.lock().unwrap_or_else(PoisonError::into_inner);
        let first = claims.entry(hash).or_insert(seq);
        if *first < seq {
            return false;
        }
        *first = seq;
        true
    }

    /// Whether item `seq` is the first with `hash`; sure once every earlier item has
    /// been through a worker, as it has when the writer takes item `seq` in order.
    fn is_first(&self, hash: Hash, seq: u64) -> bool {
        let claims = self.first.lock().unwrap_or_else(PoisonError::into_inner);
        claims.get(&hash) == Some(&seq)
    }
}

/// One article on its way to a worker.
struct Job {
    seq: u64,
    article: RawArticle,
}

/// One input item on its way to the writer, under its sequence number.
struct Done {
    seq: u64,
    /// The text bytes it holds in the [`Window`].
    bytes: usize,
    /// A warning about the item printed before it (NUL characters dropped).
    warning: Option<String>,
    step: Step,
}

/// What the writer does with an item.
enum Step {
    /// An input that holds no usable article: `origin: message`.
    Rejected(String),
    /// Something skipped or ignored: `origin: message`.
    Warning(String),
    /// A text stored already or met earlier in the run; the origin.
    Known(String),
    /// A text removed by `entente remove document`; the origin and the sha256.
    Removed(String, String),
    Extracted(Box<(Document, Extraction)>),
}

/// Reads, extracts on `sizes.jobs` threads and stores everything `items` yields, in
/// order, committing every `sizes.batch` documents.
fn ingest(
    store: &mut Store,
    items: impl Iterator<Item = Item> + Send,
    (known, removed): (HashSet<Hash>, HashSet<Hash>),
    lexicon: &Lexicon,
    Sizes { jobs, batch }: Sizes,
    output: Output,
    tally: &mut Tally,
) -> anyhow::Result<()> {
    let window_items = WINDOW_ITEMS + WINDOW_ITEMS_PER_JOB * jobs;
    let window = Window::new(window_items, WINDOW_BYTES);
    let claims = Claims::new(known, removed);
    let (job_sender, job_receiver) = mpsc::sync_channel::<Job>(2 * jobs);
    // Room for the whole window: a worker never waits for the writer to be done storing.
    let (done_sender, done_receiver) = mpsc::sync_channel::<Done>(window_items);
    // Owned by the workers alone: when they are gone the reader's sends fail.
    let job_receiver = Arc::new(Mutex::new(job_receiver));
    thread::scope(|scope| {
        let (window, claims) = (&window, &claims);
        let reader_done = done_sender.clone();
        scope.spawn(move || read(items, window, &job_sender, &reader_done));
        for _ in 0..jobs {
            let jobs = Arc::clone(&job_receiver);
            let done = done_sender.clone();
            scope.spawn(move || work(&jobs, &done, claims, lexicon));
        }
        drop(job_receiver);
        drop(done_sender);
        let written = write(store, done_receiver, (window, claims), batch, output, tally);
        // On an error, unblock the reader; the workers stop as their sends fail.
        window.close();
        written
    })
}

/// The reader thread: every item of `items`, articles to the workers, messages straight
/// to the writer, each under the next sequence number (from 1). Stops early when the
/// writer is gone.
fn read(
    items: impl Iterator<Item = Item>,
    window: &Window,
    jobs: &SyncSender<Job>,
    done: &SyncSender<Done>,
) {
    for (seq, item) in (STORED + 1..).zip(items) {
        let message = |step| Done {
            seq,
            bytes: 0,
            warning: None,
            step,
        };
        let sent = match item {
            Item::Article(article) => {
                window.enter(article.text.len()) && jobs.send(Job { seq, article }).is_ok()
            }
            Item::Rejected(error) => {
                window.enter(0)
                    && done
                        .send(message(Step::Rejected(error.to_string())))
                        .is_ok()
            }
            Item::Warning(warning) => {
                window.enter(0)
                    && done
                        .send(message(Step::Warning(warning.to_string())))
                        .is_ok()
            }
        };
        if !sent {
            return;
        }
    }
}

/// How much nicer than the writer the workers are (paired runs, `--jobs 2` on two cores:
/// 10 made the generated 100 MB corpus 0.96x the time and the White House one 1.02x; 4
/// made them 0.90x and 0.99x).
const WORKER_NICENESS: i32 = 4;

/// Lowers the calling worker thread's priority by [`WORKER_NICENESS`] (Linux nice values
/// are per thread). The writer stores in input order, so every worker waits for it in
/// the end: when the threads outnumber the cores (`--jobs` workers and the writer), a
/// writer sharing its core with a worker makes the whole ingest slower, while a worker
/// that yields loses nothing the idle core does not give back. Best effort: a
/// niceness the system refuses leaves the thread as it was.
#[cfg(target_os = "linux")]
fn yield_to_the_writer() {
    use rustix::process::{getpriority_process, setpriority_process};
    let thread = Some(rustix::thread::gettid());
    if let Ok(nice) = getpriority_process(thread) {
        let _ = setpriority_process(thread, (nice + WORKER_NICENESS).min(19));
    }
}

#[cfg(not(target_os = "linux"))]
fn yield_to_the_writer() {}

/// A worker thread: normalises, hashes and extracts until the reader is done or the
/// writer gone.
fn work(jobs: &Mutex<Receiver<Job>>, done: &SyncSender<Done>, claims: &Claims, lexicon: &Lexicon) {
    yield_to_the_writer();
    loop {
        let received = jobs.lock().unwrap_or_else(PoisonError::into_inner).recv();
        let Ok(Job { seq, article }) = received else {
            return;
        };
        let bytes = article.text.len();
        let (document, nul_dropped) = document(article);
        let origin = || document.path.clone().unwrap_or_else(|| "-".into());
        let warning = (nul_dropped > 0).then(|| {
            format!(
                "{}: dropped {nul_dropped} NUL character{}",
                origin(),
                if nul_dropped == 1 { "" } else { "s" }
            )
        });
        let hash = hash_of_hex(&document.sha256);
        let step = if document.text.is_empty() {
            Step::Rejected(format!("{}: text is empty", origin()))
        } else if hash.is_some_and(|hash| claims.is_removed(&hash)) {
            Step::Removed(origin(), document.sha256.clone())
        } else if hash.is_some_and(|hash| !claims.claim(hash, seq)) {
            Step::Known(origin())
        } else {
            // Extraction never panics by design; should it, the run goes on without
            // that article rather than wait for it forever.
            match panic::catch_unwind(AssertUnwindSafe(|| extract(&document, lexicon))) {
                Ok(extraction) => Step::Extracted(Box::new((document, extraction))),
                Err(_) => Step::Rejected(format!(
                    "{}: extraction failed (an entente bug: please report it)",
                    origin()
                )),
            }
        };
        let item = Done {
            seq,
            bytes,
            warning,
            step,
        };
        if done.send(item).is_err() {
            return;
        }
    }
}

/// The writer: items back in sequence order, messages printed, documents stored one by
/// one into an open transaction, committed every `batch` documents (or
/// [`BATCH_BYTES`], or after [`IDLE_COMMIT`] without a document). Returns when every sender is
/// gone, or on the first database error (the open transaction then stores nothing).
fn write(
    store: &mut Store,
    done: Receiver<Done>,
    (window, claims): (&Window, &Claims),
    batch: usize,
    output: Output,
    tally: &mut Tally,
) -> anyhow::Result<()> {
    let mut feed = Feed {
        done,
        waiting: BTreeMap::new(),
        next: STORED + 1,
        window,
        claims,
        output,
    };
    loop {
        // No transaction is open while the writer waits for a document to store.
        let first = match feed.next(None, tally) {
            Next::Document(extracted) => extracted,
            Next::Idle => continue,
            Next::End => return Ok(()),
        };
        let mut writer = store.writer().context("cannot store the batch")?;
        store_one(&mut writer, *first, output, tally)?;
        let end = loop {
            let (documents, bytes) = writer.pending();
            if documents >= batch || bytes >= BATCH_BYTES {
                break false;
            }
            match feed.next(Some(IDLE_COMMIT), tally) {
                Next::Document(extracted) => {
                    store_one(&mut writer, *extracted, output, tally)?;
                }
                Next::Idle => break false,
                Next::End => break true,
            }
        };
        commit(writer, tally)?;
        if end {
            return Ok(());
        }
    }
}

/// What the writer gets from [`Feed::next`].
enum Next {
    /// The next document to store, in input order.
    Document(Box<(Document, Extraction)>),
    /// Nothing came for the time given.
    Idle,
    /// Every sender is gone and every item was taken.
    End,
}

/// The items coming back from the reader and the workers, put back in sequence order.
struct Feed<'a> {
    done: Receiver<Done>,
    waiting: BTreeMap<u64, Done>,
    next: u64,
    window: &'a Window,
    claims: &'a Claims,
    output: Output,
}

impl Feed<'_> {
    /// The next document to store, after printing and counting the messages that come
    /// before it; with `timeout`, [`Next::Idle`] when nothing came for that long.
    fn next(&mut self, timeout: Option<Duration>, tally: &mut Tally) -> Next {
        loop {
            while let Some(item) = self.waiting.remove(&self.next) {
                self.next += 1;
                if let Some(extracted) = self.take(item, tally) {
                    return Next::Document(extracted);
                }
            }
            let item = match timeout {
                None => match self.done.recv() {
                    Ok(item) => item,
                    Err(_) => return Next::End,
                },
                Some(timeout) => match self.done.recv_timeout(timeout) {
                    Ok(item) => item,
                    Err(RecvTimeoutError::Timeout) => return Next::Idle,
                    Err(RecvTimeoutError::Disconnected) => return Next::End,
                },
            };
            self.waiting.insert(item.seq, item);
        }
    }

    /// Takes one item in order: its messages printed and counted, its document returned.
    fn take(&self, item: Done, tally: &mut Tally) -> Option<Box<(Document, Extraction)>> {
        let output = self.output;
        self.window.leave(item.bytes);
        if let Some(message) = item.warning {
            tally.warnings += 1;
            if !output.quiet {
                eprintln!("entente: warning: {message}");
            }
        }
        let step = match item.step {
            // The same text again, extracted before the earlier one was claimed.
            Step::Extracted(extracted)
                if hash_of_hex(&extracted.0.sha256)
                    .is_some_and(|hash| !self.claims.is_first(hash, item.seq)) =>
            {
                Step::Known(extracted.0.path.clone().unwrap_or_else(|| "-".into()))
            }
            step => step,
        };
        match step {
            Step::Rejected(message) => {
                tally.rejected += 1;
                eprintln!("entente: rejected {message}");
            }
            Step::Warning(message) => {
                tally.warnings += 1;
                if !output.quiet {
                    eprintln!("entente: warning: {message}");
                }
            }
            Step::Removed(origin, sha256) => {
                if !output.quiet {
                    eprintln!(
                        "entente: skipped {origin}: removed by `entente remove document` (`entente restore document {}` lets it in again)",
                        sha256.get(..12).unwrap_or(&sha256)
                    );
                }
            }
            Step::Known(origin) => {
                tally.known_early += 1;
                if output.verbose {
                    eprintln!("entente: already known {origin}");
                }
            }
            Step::Extracted(extracted) => return Some(extracted),
        }
        None
    }
}

/// Stores one document into the open transaction, with the warning for a reused id.
fn store_one(
    writer: &mut Writer<'_>,
    (document, extraction): (Document, Extraction),
    output: Output,
    tally: &mut Tally,
) -> anyhow::Result<()> {
    if output.verbose {
        eprintln!(
            "entente: read {} ({} actors, {} meetings, {} statements)",
            document.path.as_deref().unwrap_or("-"),
            extraction.actors.len(),
            extraction.meetings.len(),
            extraction.statements.len()
        );
    }
    if let Some(message) = reused_id(writer, &document)? {
        tally.warnings += 1;
        if !output.quiet {
            eprintln!("entente: warning: {message}");
        }
    }
    writer
        .add(&document, &extraction)
        .context("cannot store the batch")
}

/// The warning for a document whose `id` came with another text before, in the
/// database or earlier in this run (stored already: the open transaction sees its own
/// documents). Both are kept: the same text again is known before it gets here.
fn reused_id(writer: &Writer<'_>, document: &Document) -> anyhow::Result<Option<String>> {
    let Some(id) = document.external_id.as_deref() else {
        return Ok(None);
    };
    let reused = writer
        .external_id_taken(id, &document.sha256)
        .context("cannot read the database")?;
    Ok(reused.then(|| {
        format!(
            "{}: id `{id}` came before with another text; both are kept",
            document.path.as_deref().unwrap_or("-")
        )
    }))
}

/// Commits the open transaction and adds what it stored to the tally.
fn commit(writer: Writer<'_>, tally: &mut Tally) -> anyhow::Result<()> {
    let summary = writer.commit().context("cannot store the batch")?;
    let s = &mut tally.stored;
    s.added += summary.added;
    s.known += summary.known;
    s.actors_added += summary.actors_added;
    s.organisations_added += summary.organisations_added;
    s.initiatives_added += summary.initiatives_added;
    s.meetings_added += summary.meetings_added;
    s.statements_added += summary.statements_added;
    s.mentions_added += summary.mentions_added;
    Ok(())
}

/// The stored form of an article: normalised text and its hash; and how many NUL
/// characters normalisation dropped. The text may be empty.
fn document(article: RawArticle) -> (Document, usize) {
    let normalised = normalise_text(&article.text);
    let document = Document {
        external_id: article.external_id,
        title: article.title,
        published: article.published,
        source: article.source,
        url: article.url,
        path: Some(article.origin),
        sha256: sha256_hex(&normalised.text),
        text: normalised.text,
    };
    (document, normalised.nul_dropped)
}

/// A counting limit on the items (and their bytes of text) between the reader and the
/// writer: the reader enters before it sends an item, the writer leaves as it takes
/// one in order. It bounds the reorder buffer, whatever a slow article holds up.
struct Window {
    state: Mutex<WindowState>,
    changed: Condvar,
    max_items: usize,
    max_bytes: usize,
}

#[derive(Default)]
struct WindowState {
    items: usize,
    bytes: usize,
    closed: bool,
}

impl Window {
    fn new(max_items: usize, max_bytes: usize) -> Window {
        Window {
            state: Mutex::new(WindowState::default()),
            changed: Condvar::new(),
            max_items,
            max_bytes,
        }
    }

    /// Waits for room for an item of `bytes` (an empty window takes any item); false
    /// once the window is closed.
    fn enter(&self, bytes: usize) -> bool {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        while !state.closed
            && state.items > 0
            && (state.items >= self.max_items || state.bytes + bytes > self.max_bytes)
        {
            state = self
                .changed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        if state.closed {
            return false;
        }
        state.items += 1;
        state.bytes += bytes;
        true
    }

    fn leave(&self, bytes: usize) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.items = state.items.saturating_sub(1);
        state.bytes = state.bytes.saturating_sub(bytes);
        self.changed.notify_one();
    }

    fn close(&self) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.closed = true;
        self.changed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A worker thread ends up nicer than the thread that spawned it, which keeps its
    /// own priority.
    #[cfg(target_os = "linux")]
    #[test]
    fn workers_yield_to_the_writer() {
        use rustix::process::getpriority_process;
        let nice = || getpriority_process(Some(rustix::thread::gettid())).unwrap();
        let before = nice();
        let worker = thread::spawn(move || {
            yield_to_the_writer();
            nice()
        })
        .join()
        .unwrap();
        assert_eq!(worker, (before + WORKER_NICENESS).min(19));
        assert_eq!(nice(), before);
    }

    #[test]
    fn hex_hashes_round_trip() {
        let hex = sha256_hex("Erdogan met Xi in Tianjin.");
        let hash = hash_of_hex(&hex).unwrap();
        let back: String = hash.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(back, hex);
        assert_eq!(hash_of_hex("abc"), None);
        assert_eq!(hash_of_hex(&"g".repeat(64)), None);
    }

    #[test]
    fn the_earlier_item_keeps_a_text_whatever_order_the_claims_come_in() {
        let claims = Claims::new(HashSet::from([[1; 32]]), HashSet::new());
        assert!(!claims.claim([1; 32], 5), "stored before the run");
        assert!(claims.claim([2; 32], 9));
        assert!(
            claims.claim([2; 32], 4),
            "an earlier item takes the text over"
        );
        assert!(!claims.claim([2; 32], 12));
        assert!(claims.is_first([2; 32], 4));
        assert!(!claims.is_first([2; 32], 9), "the later twin is known");
    }

    #[test]
    fn a_full_window_waits_for_the_writer() {
        let window = Window::new(2, 100);
        assert!(window.enter(60));
        assert!(window.enter(30));
        thread::scope(|scope| {
            let entered = scope.spawn(|| window.enter(10));
            thread::sleep(std::time::Duration::from_millis(20));
            assert!(!entered.is_finished());
            window.leave(60);
            assert!(entered.join().unwrap());
        });
        // A text larger than the window goes alone.
        let window = Window::new(2, 100);
        assert!(window.enter(500));
        window.close();
        assert!(!window.enter(1));
    }
}
