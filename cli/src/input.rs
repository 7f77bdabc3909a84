//! Reading articles from the paths named on the command line: plain text with optional
//! front matter, JSON Lines (gzip-compressed too), JSON; folders walked in sorted order.
//!
//! Nothing here prints: every problem is an [`Item`] (a rejection or a warning, each
//! with the file, or `file:line`, it concerns) and reading goes on with the next line or
//! file. Texts are returned as read (BOM stripped, UTF-16 decoded, line ends of plain
//! text unified); the caller normalises them.

use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::fs::{self, File, FileType};
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, NaiveDate, NaiveTime};
use flate2::read::MultiGzDecoder;
use serde_json::{Map, Value};

/// The default largest article, in bytes (`--max-article-bytes`): a larger file or
/// `text` is rejected.
pub const MAX_ARTICLE_BYTES: u64 = 16 * 1024 * 1024;
/// A `.json` file is parsed whole, so it has a limit of its own (at least twice the
/// article limit); JSON Lines have none.
const MAX_JSON_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// How much of a plain-text file is looked at to tell a binary file.
const BINARY_SNIFF_BYTES: usize = 8 * 1024;
/// The deepest JSON serde_json's recursion limit lets through: deeper JSON is rejected
/// and never overflows the stack.
const JSON_MAX_DEPTH: usize = 127;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
const UTF16_LE_BOM: &[u8] = b"\xFF\xFE";
const UTF16_BE_BOM: &[u8] = b"\xFE\xFF";
const GZIP_MAGIC: &[u8] = b"\x1F\x8B";

/// Bytes read from input files and streams so far by this process (as stored: gzip
/// counts compressed), and articles read: what the progress bar of `ingest` shows.
static BYTES_READ: AtomicU64 = AtomicU64::new(0);
static ARTICLES_READ: AtomicU64 = AtomicU64::new(0);

/// The bytes of input read so far (files and streams, gzip compressed).
pub fn bytes_read() -> u64 {
    BYTES_READ.load(Ordering::Relaxed)
}

/// The articles read so far.
pub fn articles_read() -> u64 {
    ARTICLES_READ.load(Ordering::Relaxed)
}

/// A reader that adds what it reads to [`BYTES_READ`].
struct Counted<R>(R);

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.0.read(buf)?;
        BYTES_READ.fetch_add(u64::try_from(n).unwrap_or(u64::MAX), Ordering::Relaxed);
        Ok(n)
    }
}

/// The bytes that reading `paths` will read, as far as is known beforehand: the sizes
/// of the files named and of those a folder walk reads (same rules: hidden entries,
/// README files and other extensions skipped; a plain-text file over the article limit
/// is refused unread). `None` when a path is a stream (`-`, a FIFO) of unknown length.
pub fn input_size(paths: &[PathBuf], limits: Limits) -> Option<u64> {
    let mut total = 0u64;
    let mut visited = HashSet::new();
    let mut pending: Vec<(PathBuf, bool)> = paths.iter().map(|p| (p.clone(), true)).collect();
    while let Some((path, named)) = pending.pop() {
        if named && path.as_os_str() == "-" {
            return None;
        }
        let Ok(metadata) = fs::metadata(&path) else {
            continue;
        };
        let file_type = metadata.file_type();
        if file_type.is_dir() {
            let key = fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
            if !visited.insert(key) {
                continue;
            }
            let Ok(entries) = fs::read_dir(&path) else {
                continue;
            };
            for entry in entries.flatten() {
                let name = entry.file_name();
                if !name.as_encoded_bytes().starts_with(b".") && !is_readme(&name) {
                    pending.push((path.join(name), false));
                }
            }
        } else if file_type.is_file() {
            let format = match Format::of(&path) {
                Some(format) => format,
                None if named => Format::Text,
                None => continue,
            };
            let refused = match format {
                Format::Text => metadata.len() > limits.max_article_bytes,
                Format::Json => metadata.len() > limits.max_json_bytes(),
                Format::JsonLines | Format::JsonLinesGz => false,
            };
            if !refused {
                total = total.saturating_add(metadata.len());
            }
        } else if named && is_fifo(&file_type) {
            return None;
        }
    }
    Some(total)
}

/// One article as read, before normalisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawArticle {
    /// The input's own `id` (front matter `id`, JSON `id` as a string or a number).
    pub external_id: Option<String>,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// Where it was read: the path, `path:line` for JSON Lines, `path[index]` for an
    /// element of a JSON array; `-` for standard input.
    pub origin: String,
    /// The text as read: UTF-8 BOM stripped, front matter removed, otherwise untouched.
    pub text: String,
}

/// What `--published`, `--title`, `--source` and `--url` say: they fill what a
/// plain-text article does not (JSON and JSON Lines articles carry their own fields).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Defaults {
    pub published: Option<NaiveDate>,
    pub title: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
}

/// How much one input may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest article, in bytes: a plain-text file or a JSON `text` over it is
    /// rejected before it is read whole (files by their size, streams after this many
    /// bytes).
    pub max_article_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_article_bytes: MAX_ARTICLE_BYTES,
        }
    }
}

impl Limits {
    /// The longest JSON Lines line: room for one article, its escapes and its metadata.
    fn max_line_bytes(self) -> u64 {
        self.max_article_bytes.saturating_mul(2)
    }

    /// The largest `.json` file or stream, which is parsed whole.
    fn max_json_bytes(self) -> u64 {
        MAX_JSON_FILE_BYTES.max(self.max_line_bytes())
    }
}

/// A problem with one input: `origin` is the file, or `file:line`, and `message` says
/// what is wrong in lower case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub origin: String,
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)
    }
}

impl std::error::Error for InputError {}

/// What reading yields, in input order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Article(RawArticle),
    /// An input that holds no usable article (exit status 1).
    Rejected(InputError),
    /// Something skipped or ignored that does not make the run fail.
    Warning(InputError),
}

/// A folder's own README (README, README.md, readme.txt ...) describes the folder; it
/// is no article.
fn is_readme(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy().to_ascii_lowercase();
    name == "readme" || name.starts_with("readme.")
}

/// Reads the articles in `paths`, lazily, in order.
///
/// - A file is read by its extension: `.txt`/`.md` plain text with optional front
///   matter, `.jsonl`/`.ndjson` (also `.gz`) one JSON object per line, `.json` an
///   object or an array of objects; any other extension is read as plain text.
/// - A folder is walked recursively, entries in sorted (byte) order, hidden entries
///   (`.name`) and README files skipped, files of other extensions skipped silently; FIFOs, devices,
///   sockets, broken links and symbolic link loops met there are skipped with a warning.
/// - `-` is standard input, and a FIFO named on the command line (`<(zcat x.gz)`) is
///   read the same way: gzip is decompressed, then a stream whose first non-blank
///   character is `{` is JSON Lines, `[` a JSON array, anything else one plain-text
///   article. A device named on the command line is rejected.
///
/// JSON Lines are streamed line by line; no input is loaded whole beyond one article
/// (`limits.max_article_bytes`), one JSON Lines line (twice that) or one `.json` file
/// (64 MiB, or twice the article limit when more).
pub fn read_inputs(
    paths: &[PathBuf],
    defaults: &Defaults,
    limits: Limits,
) -> impl Iterator<Item = Item> + Send + use<> {
    Inputs::new(paths, defaults, limits, true)
}

/// Like [`read_inputs`] for commands that take files only (`extract`): a folder is
/// rejected instead of walked.
pub fn read_files(
    paths: &[PathBuf],
    defaults: &Defaults,
) -> impl Iterator<Item = Item> + Send + use<> {
    Inputs::new(paths, defaults, Limits::default(), false)
}

/// Parses a publication date: `YYYY-MM-DD`, or an RFC 3339 / ISO 8601 date-time
/// (`2025-09-01T10:30:00+03:00`, `2025-09-01 10:30`, `2025-09-01T10:30:00Z`) whose date
/// part is kept as written, whatever the offset.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some(date);
    }
    if let Ok(date_time) = DateTime::parse_from_rfc3339(text) {
        return Some(date_time.date_naive());
    }
    let (date, time) = text.split_once(['T', 't', ' '])?;
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    is_iso_time(time).then_some(date)
}

/// `HH:MM[:SS[.fff]]` with an optional `Z` or `±HH[:MM]` offset.
fn is_iso_time(text: &str) -> bool {
    let time = if let Some(time) = text.strip_suffix(['Z', 'z']) {
        time
    } else if let Some(at) = text.rfind(['+', '-']) {
        let offset = text[at + 1..].replace(':', "");
        if !matches!(offset.len(), 2 | 4) || !offset.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
        &text[..at]
    } else {
        text
    };
    ["%H:%M:%S%.f", "%H:%M"]
        .iter()
        .any(|format| NaiveTime::parse_from_str(time, format).is_ok())
}

type Items = Box<dyn Iterator<Item = Item> + Send>;

/// The state of [`read_inputs`]: paths still to read and the file being read.
struct Inputs {
    defaults: Defaults,
    limits: Limits,
    walk_folders: bool,
    /// Paths still to read, the next one last.
    pending: Vec<Pending>,
    /// The items of the input being read.
    current: Option<Items>,
    /// Folders entered (canonical paths): a symbolic link back into one is a loop.
    visited: HashSet<PathBuf>,
}

enum Pending {
    /// Named on the command line: read whatever its extension.
    Named(PathBuf),
    /// Found in a folder: skipped unless its extension is known.
    Walked(PathBuf),
}

impl Inputs {
    fn new(paths: &[PathBuf], defaults: &Defaults, limits: Limits, walk_folders: bool) -> Self {
        Inputs {
            defaults: defaults.clone(),
            limits,
            walk_folders,
            pending: paths.iter().rev().cloned().map(Pending::Named).collect(),
            current: None,
            visited: HashSet::new(),
        }
    }

    fn open_named(&mut self, path: PathBuf) -> Option<Items> {
        if path.as_os_str() == "-" {
            let stdin = BufReader::new(Counted(io::stdin()));
            return Some(read_stream(
                Box::new(stdin),
                "-".into(),
                &self.defaults,
                self.limits,
            ));
        }
        let origin = path.display().to_string();
        let metadata = match fs::metadata(&path) {
            Ok(metadata) => metadata,
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                let message = if fs::symlink_metadata(&path).is_ok() {
                    "symbolic link to a path that does not exist"
                } else {
                    "path does not exist"
                };
                return Some(rejected(origin, message));
            }
            Err(error) => return Some(rejected(origin, format!("cannot read: {error}"))),
        };
        let file_type = metadata.file_type();
        if file_type.is_dir() {
            if self.walk_folders {
                return self.enter_folder(&path, origin);
            }
            return Some(rejected(origin, "a folder, where a file is expected"));
        }
        if file_type.is_file() {
            let format = Format::of(&path).unwrap_or(Format::Text);
            return Some(read_file(
                &path,
                origin,
                format,
                metadata.len(),
                &self.defaults,
                self.limits,
            ));
        }
        if is_fifo(&file_type) {
            return Some(match File::open(&path) {
                Ok(file) => read_stream(
                    Box::new(BufReader::new(Counted(file))),
                    origin,
                    &self.defaults,
                    self.limits,
                ),
                Err(error) => rejected(origin, format!("cannot read: {error}")),
            });
        }
        Some(rejected(
            origin,
            format!("cannot read {}: not a file", special_kind(&file_type)),
        ))
    }

    fn open_walked(&mut self, path: PathBuf) -> Option<Items> {
        let origin = path.display().to_string();
        let metadata = match fs::metadata(&path) {
            Ok(metadata) => metadata,
            Err(error) => {
                let is_link = fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
                return Some(if is_link {
                    warning(
                        origin,
                        format!("skipped: symbolic link cannot be followed ({error})"),
                    )
                } else {
                    rejected(origin, format!("cannot read: {error}"))
                });
            }
        };
        let file_type = metadata.file_type();
        if file_type.is_dir() {
            return self.enter_folder(&path, origin);
        }
        if file_type.is_file() {
            let format = Format::of(&path)?;
            return Some(read_file(
                &path,
                origin,
                format,
                metadata.len(),
                &self.defaults,
                self.limits,
            ));
        }
        Some(warning(
            origin,
            format!("skipped: {}", special_kind(&file_type)),
        ))
    }

    /// Queues the folder's entries in sorted order; yields only problems.
    fn enter_folder(&mut self, path: &Path, origin: String) -> Option<Items> {
        let key = fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        if !self.visited.insert(key) {
            return Some(warning(
                origin,
                "skipped: folder already read (a symbolic link loop?)",
            ));
        }
        let entries = match fs::read_dir(path) {
            Ok(entries) => entries,
            Err(error) => return Some(rejected(origin, format!("cannot read folder: {error}"))),
        };
        let mut names = Vec::new();
        let mut problems = Vec::new();
        for entry in entries {
            match entry {
                Ok(entry) => {
                    let name = entry.file_name();
                    if !name.as_encoded_bytes().starts_with(b".") && !is_readme(&name) {
                        names.push(name);
                    }
                }
                Err(error) => problems.push(Item::Rejected(InputError {
                    origin: origin.clone(),
                    message: format!("cannot read folder: {error}"),
                })),
            }
        }
        names.sort();
        self.pending.extend(
            names
                .into_iter()
                .rev()
                .map(|name| Pending::Walked(path.join(name))),
        );
        (!problems.is_empty()).then(|| Box::new(problems.into_iter()) as Items)
    }
}

impl Iterator for Inputs {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(current) = &mut self.current {
                if let Some(item) = current.next() {
                    if matches!(item, Item::Article(_)) {
                        ARTICLES_READ.fetch_add(1, Ordering::Relaxed);
                    }
                    return Some(item);
                }
                self.current = None;
            }
            self.current = match self.pending.pop()? {
                Pending::Named(path) => self.open_named(path),
                Pending::Walked(path) => self.open_walked(path),
            };
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
    JsonLines,
    JsonLinesGz,
}

impl Format {
    /// The format a file name announces (case-insensitive), if any.
    fn of(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_string_lossy().to_lowercase();
        let format = if name.ends_with(".jsonl.gz") || name.ends_with(".ndjson.gz") {
            Format::JsonLinesGz
        } else if name.ends_with(".jsonl") || name.ends_with(".ndjson") {
            Format::JsonLines
        } else if name.ends_with(".json") {
            Format::Json
        } else if name.ends_with(".txt") || name.ends_with(".md") {
            Format::Text
        } else {
            return None;
        };
        Some(format)
    }
}

fn read_file(
    path: &Path,
    origin: String,
    format: Format,
    len: u64,
    defaults: &Defaults,
    limits: Limits,
) -> Items {
    match format {
        Format::Text if len > limits.max_article_bytes => {
            return rejected(origin, too_large("file", limits.max_article_bytes));
        }
        Format::Json if len > limits.max_json_bytes() => {
            return rejected(origin, too_large_json(limits));
        }
        _ => {}
    }
    let file = match File::open(path) {
        Ok(file) => Counted(file),
        Err(error) => return rejected(origin, format!("cannot read: {error}")),
    };
    match format {
        Format::Text => once(read_text(file, origin, defaults, limits)),
        Format::Json => read_json(file, origin, limits),
        Format::JsonLines => Box::new(JsonLines::new(
            BufReader::with_capacity(1 << 16, file),
            origin,
            limits,
        )),
        Format::JsonLinesGz => {
            let decoder = MultiGzDecoder::new(BufReader::with_capacity(1 << 16, file));
            Box::new(JsonLines::new(
                BufReader::with_capacity(1 << 16, decoder),
                origin,
                limits,
            ))
        }
    }
}

/// Standard input or a FIFO: gzip is decompressed, then the first non-blank byte says
/// JSON Lines (`{`), a JSON array (`[`) or plain text.
fn read_stream(
    reader: Box<dyn BufRead + Send>,
    origin: String,
    defaults: &Defaults,
    limits: Limits,
) -> Items {
    let peeked = peek_start(reader).and_then(|peeked| match peeked {
        (reader, Start::Gzip) => peek_start(Box::new(BufReader::new(MultiGzDecoder::new(reader)))),
        peeked => Ok(peeked),
    });
    let (reader, start) = match peeked {
        Ok(peeked) => peeked,
        Err(error) => return rejected(origin, format!("cannot read: {error}")),
    };
    match start {
        Start::JsonLines => Box::new(JsonLines::new(reader, origin, limits)),
        Start::Json => read_json(reader, origin, limits),
        // Gzip inside gzip is not unpacked again: it is read as text (and found binary).
        Start::Gzip | Start::Text => once(read_text(reader, origin, defaults, limits)),
    }
}

/// What the start of a stream says it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    Gzip,
    JsonLines,
    Json,
    Text,
}

/// Reads the start of a stream, up to its first non-blank byte (or 64 KiB of blanks),
/// and gives back a reader that still yields every byte, with what the start says.
fn peek_start(mut reader: Box<dyn BufRead + Send>) -> io::Result<(Box<dyn BufRead + Send>, Start)> {
    let mut start = Vec::new();
    let mut first = None;
    loop {
        let buffer = reader.fill_buf()?;
        if buffer.is_empty() {
            break;
        }
        start.extend_from_slice(buffer);
        let n = buffer.len();
        reader.consume(n);
        first = first_significant_byte(&start);
        if first.is_some() || start.len() >= 1 << 16 {
            break;
        }
    }
    let kind = if start.starts_with(GZIP_MAGIC) {
        Start::Gzip
    } else {
        match first {
            Some(b'{') => Start::JsonLines,
            Some(b'[') => Start::Json,
            _ => Start::Text,
        }
    };
    Ok((Box::new(Cursor::new(start).chain(reader)), kind))
}

/// The first byte after a UTF-8 BOM and ASCII whitespace.
fn first_significant_byte(bytes: &[u8]) -> Option<u8> {
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    bytes.iter().copied().find(|b| !b.is_ascii_whitespace())
}

/// One plain-text article, with optional front matter.
fn read_text(reader: impl Read, origin: String, defaults: &Defaults, limits: Limits) -> Item {
    let limit = limits.max_article_bytes;
    let mut bytes = Vec::new();
    if let Err(error) = reader.take(limit.saturating_add(1)).read_to_end(&mut bytes) {
        return Item::Rejected(InputError {
            origin,
            message: format!("cannot read: {error}"),
        });
    }
    if bytes.len() as u64 > limit {
        return reject_item(origin, too_large("article", limit));
    }
    if bytes.is_empty() {
        return reject_item(origin, "empty file");
    }
    match decode_text(bytes, true) {
        Ok(text) => article_from_text(text, origin, defaults),
        Err(message) => reject_item(origin, message),
    }
}

fn article_from_text(mut text: String, origin: String, defaults: &Defaults) -> Item {
    // One line end for the front matter too (normalisation would do the same later).
    if text.contains('\r') {
        text = text.replace("\r\n", "\n").replace('\r', "\n");
    }
    let mut article = RawArticle {
        external_id: None,
        title: None,
        published: None,
        source: None,
        url: None,
        origin,
        text: String::new(),
    };
    if let Some((fields, body_start)) = front_matter(&text) {
        for (key, value) in fields {
            let value = unquote(value);
            if value.trim().is_empty() {
                continue;
            }
            match key.to_ascii_lowercase().as_str() {
                "id" => article.external_id = Some(value),
                "title" => article.title = Some(value),
                "source" => article.source = Some(value),
                "url" => article.url = Some(value),
                "published" => match parse_date(&value) {
                    Some(date) => article.published = Some(date),
                    None => {
                        let message = format!(
                            "`published` in the front matter is not a date: `{}`",
                            shorten(&value)
                        );
                        return reject_item(article.origin, message);
                    }
                },
                _ => {}
            }
        }
        text.drain(..body_start);
    }
    if is_blank(&text) {
        return reject_item(article.origin, "text is empty or only whitespace");
    }
    article.text = text;
    article.title = article.title.or_else(|| defaults.title.clone());
    article.published = article.published.or(defaults.published);
    article.source = article.source.or_else(|| defaults.source.clone());
    article.url = article.url.or_else(|| defaults.url.clone());
    Item::Article(article)
}

/// The `key: value` lines of a front-matter block and where the body starts: the text
/// opens with a `---` line and a later `---` line closes the block. Inside, lines are
/// `key: value` (keys of letters, digits, `_`, `-`), indented or `- ` continuation lines
/// (YAML lists, ignored) or blank; any other line means the text has no front matter.
fn front_matter(text: &str) -> Option<(Vec<(&str, &str)>, usize)> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let mut offset = first.len();
    let mut fields = Vec::new();
    for line in lines {
        offset += line.len();
        let content = line.trim_end();
        if content == "---" {
            return Some((fields, offset));
        }
        if content.is_empty() || content.starts_with([' ', '\t', '-', '#']) {
            continue;
        }
        let (key, value) = content.split_once(':')?;
        let is_key = !key.is_empty()
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !is_key {
            return None;
        }
        fields.push((key, value.trim()));
    }
    None
}

/// A front-matter value without its quotes: `"..."` (with `\"` and `\\`) or `'...'`
/// (with `''`).
fn unquote(value: &str) -> String {
    if value.len() >= 2 && value.starts_with('"') && value.ends_with('"') {
        let inner = &value[1..value.len() - 1];
        let mut out = String::with_capacity(inner.len());
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some(next @ ('"' | '\\')) => out.push(next),
                    Some(next) => {
                        out.push('\\');
                        out.push(next);
                    }
                    None => out.push('\\'),
                }
            } else {
                out.push(c);
            }
        }
        out
    } else if value.len() >= 2 && value.starts_with('\'') && value.ends_with('\'') {
        value[1..value.len() - 1].replace("''", "'")
    } else {
        value.to_owned()
    }
}

/// Bytes to text: a UTF-16 file with a BOM is decoded, a UTF-8 BOM stripped; with
/// `sniff_binary`, a file that opens like a binary format, or with NUL bytes among
/// invalid UTF-8, is refused (see [`binary_kind`]). NUL bytes in valid UTF-8 are kept
/// here; normalisation drops them.
fn decode_text(mut bytes: Vec<u8>, sniff_binary: bool) -> Result<String, String> {
    if bytes.starts_with(b"\xFF\xFE\x00\x00") || bytes.starts_with(b"\x00\x00\xFE\xFF") {
        return Err("UTF-32 text is not supported; convert it to UTF-8".into());
    }
    if let Some(rest) = bytes.strip_prefix(UTF16_LE_BOM) {
        return decode_utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(UTF16_BE_BOM) {
        return decode_utf16(rest, u16::from_be_bytes);
    }
    let bom = if bytes.starts_with(UTF8_BOM) {
        UTF8_BOM.len()
    } else {
        0
    };
    if sniff_binary {
        let head = &bytes[bom..bytes.len().min(bom + BINARY_SNIFF_BYTES)];
        if let Some(message) = binary_kind(head) {
            return Err(message);
        }
    }
    bytes.drain(..bom);
    String::from_utf8(bytes).map_err(|error| {
        let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = valid
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |at| at + 1);
        format!(
            "invalid UTF-8 at line {line}, byte {}",
            valid.len() - line_start + 1
        )
    })
}

/// Binary formats by their first bytes, named for messages.
const MAGIC: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1A\n", "a PNG image"),
    (b"\xFF\xD8\xFF", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\0", "a TIFF image"),
    (b"MM\0*", "a TIFF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or an Office document"),
    (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "an Office document"),
    (GZIP_MAGIC, "gzip-compressed data"),
    (b"BZh9", "bzip2-compressed data"),
    (b"\xFD7zXZ\0", "xz-compressed data"),
    (b"(\xB5/\xFD", "zstd-compressed data"),
    (b"7z\xBC\xAF\x27\x1C", "a 7-Zip archive"),
    (b"\x7FELF", "an executable"),
    (b"SQLite format 3\0", "an SQLite database"),
];

/// Why the start of a plain-text file says it is no text, if it does: a known binary
/// format; UTF-16 without a byte-order mark (NUL bytes on one side of every pair); or
/// NUL bytes among bytes that are not UTF-8. Text that is valid UTF-8 with a few NUL
/// bytes (scraper debris) is text.
fn binary_kind(head: &[u8]) -> Option<String> {
    if let Some((_, kind)) = MAGIC.iter().find(|(magic, _)| head.starts_with(magic)) {
        return Some(format!("looks like a binary file ({kind}), not text"));
    }
    if head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WEBP") {
        return Some("looks like a binary file (a WebP image), not text".into());
    }
    let nuls = head.iter().filter(|&&b| b == 0).count();
    if nuls == 0 {
        return None;
    }
    let pairs = head.len() / 2;
    let even = head.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = nuls - even;
    let (most, least) = (even.max(odd), even.min(odd));
    if pairs >= 2 && most * 10 >= pairs * 3 && least * 20 <= pairs {
        return Some(
            "looks like UTF-16 text without a byte-order mark; convert it to UTF-8".into(),
        );
    }
    let valid = match std::str::from_utf8(head) {
        Ok(_) => true,
        // A character cut by the end of the head is no error.
        Err(error) => error.error_len().is_none(),
    };
    if !valid {
        let at = head.iter().position(|&b| b == 0).unwrap_or(0);
        return Some(format!(
            "looks like a binary file (NUL byte at offset {at}, and bytes that are not UTF-8)"
        ));
    }
    None
}

fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, String> {
    if !bytes.len().is_multiple_of(2) {
        return Err("invalid UTF-16: odd number of bytes".into());
    }
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|error| {
            format!(
                "invalid UTF-16: unpaired surrogate `{:#06x}`",
                error.unpaired_surrogate()
            )
        })
}

/// A `.json` file or stream: one object, or an array of objects.
fn read_json(reader: impl Read, origin: String, limits: Limits) -> Items {
    let limit = limits.max_json_bytes();
    let mut bytes = Vec::new();
    if let Err(error) = reader.take(limit.saturating_add(1)).read_to_end(&mut bytes) {
        return rejected(origin, format!("cannot read: {error}"));
    }
    if bytes.len() as u64 > limit {
        return rejected(origin, too_large_json(limits));
    }
    let text = match decode_text(bytes, false) {
        Ok(text) => text,
        Err(message) => return rejected(origin, message),
    };
    if is_blank(&text) {
        return rejected(origin, empty_file(&text));
    }
    match serde_json::from_str::<Value>(&text) {
        Err(error) => rejected(origin, json_error(&error, true)),
        Ok(Value::Array(values)) => {
            if values.is_empty() {
                return warning(origin, "no articles in the file");
            }
            Box::new(
                values
                    .into_iter()
                    .enumerate()
                    .flat_map(move |(index, value)| {
                        items_from_value(value, format!("{origin}[{index}]"), limits)
                    }),
            )
        }
        Ok(value @ Value::Object(_)) => {
            Box::new(items_from_value(value, origin, limits).into_iter())
        }
        Ok(other) => rejected(
            origin,
            format!(
                "expected a JSON object or an array of objects, found {}",
                kind_of(&other)
            ),
        ),
    }
}

/// JSON Lines read line by line; a bad line is rejected and reading goes on.
struct JsonLines<R> {
    reader: R,
    /// The file, without line number.
    origin: String,
    /// Number of the last line read, from 1.
    line: usize,
    max_line: u64,
    limits: Limits,
    buffer: Vec<u8>,
    pending: VecDeque<Item>,
    /// Whether any byte was read, and any line that is not blank.
    any_bytes: bool,
    any_content: bool,
    done: bool,
}

impl<R: BufRead> JsonLines<R> {
    fn new(reader: R, origin: String, limits: Limits) -> Self {
        JsonLines {
            reader,
            origin,
            line: 0,
            max_line: limits.max_line_bytes(),
            limits,
            buffer: Vec::new(),
            pending: VecDeque::new(),
            any_bytes: false,
            any_content: false,
            done: false,
        }
    }

    /// Reads one line and queues what it yields.
    fn read_line(&mut self) {
        self.buffer.clear();
        self.line += 1;
        let origin = format!("{}:{}", self.origin, self.line);
        let read = self
            .reader
            .by_ref()
            .take(self.max_line + 1)
            .read_until(b'\n', &mut self.buffer);
        match read {
            Err(error) => {
                self.done = true;
                return self.reject(origin, format!("cannot read: {error}"));
            }
            Ok(0) => {
                self.done = true;
                if !self.any_content {
                    let message = if self.any_bytes {
                        "empty file (only blank lines)"
                    } else {
                        "empty file"
                    };
                    self.reject(self.origin.clone(), message.into());
                }
                return;
            }
            Ok(_) => self.any_bytes = true,
        }
        let has_newline = self.buffer.last() == Some(&b'\n');
        if self.buffer.len() as u64 - u64::from(has_newline) > self.max_line {
            self.any_content = true;
            if let Err(error) = skip_line(&mut self.reader) {
                self.done = true;
                return self.reject(origin, format!("cannot read: {error}"));
            }
            let message = format!(
                "line is longer than the {} limit (twice --max-article-bytes)",
                size(self.max_line)
            );
            return self.reject(origin, message);
        }
        let mut bytes = self.buffer.as_slice();
        if self.line == 1 {
            if bytes.starts_with(UTF16_LE_BOM) || bytes.starts_with(UTF16_BE_BOM) {
                self.done = true;
                let message = "UTF-16 JSON Lines are not supported; convert the file to UTF-8";
                return self.reject(self.origin.clone(), message.into());
            }
            bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
        }
        let line = match std::str::from_utf8(bytes) {
            Ok(line) => line,
            Err(error) => {
                self.any_content = true;
                let message = format!(
                    "invalid UTF-8 at byte {} of the line",
                    error.valid_up_to() + 1
                );
                return self.reject(origin, message);
            }
        };
        if line.trim().is_empty() {
            return;
        }
        self.any_content = true;
        // Without its line end, an error's column is on this line.
        match serde_json::from_str::<Value>(line.trim_end_matches(['\n', '\r'])) {
            Ok(value) => self
                .pending
                .extend(items_from_value(value, origin, self.limits)),
            Err(error) => {
                let message = json_error(&error, false);
                self.reject(origin, message);
            }
        }
    }

    fn reject(&mut self, origin: String, message: String) {
        self.pending.push_back(reject_item(origin, message));
    }
}

impl<R: BufRead> Iterator for JsonLines<R> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(item) = self.pending.pop_front() {
                return Some(item);
            }
            if self.done {
                return None;
            }
            self.read_line();
        }
    }
}

/// Discards the rest of the current line, newline included.
fn skip_line(reader: &mut impl BufRead) -> io::Result<()> {
    loop {
        let buffer = reader.fill_buf()?;
        if buffer.is_empty() {
            return Ok(());
        }
        if let Some(at) = buffer.iter().position(|&b| b == b'\n') {
            reader.consume(at + 1);
            return Ok(());
        }
        let n = buffer.len();
        reader.consume(n);
    }
}

/// serde_json's message, with its position: `line L column C` for a whole file, only the
/// column for one JSON Lines line (its own "line 1" would mislead). Nesting deeper than
/// serde_json's recursion limit gets words of its own.
fn json_error(error: &serde_json::Error, whole_file: bool) -> String {
    let message = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    let bare = message.strip_suffix(&position).unwrap_or(&message);
    let bare = if bare == "recursion limit exceeded" {
        format!("nested more than {JSON_MAX_DEPTH} levels deep")
    } else {
        bare.to_owned()
    };
    match (whole_file, error.column()) {
        (_, 0) => format!("malformed JSON: {bare}"),
        (true, column) => format!(
            "malformed JSON: {bare} at line {} column {column}",
            error.line()
        ),
        (false, column) => format!("malformed JSON: {bare} (column {column})"),
    }
}

/// One JSON article: an object with `text` (required, a string) and optional `id`,
/// `title`, `published`, `source`, `url`. Fields of the wrong type other than `text` and
/// `published` are ignored with a warning; unknown fields are ignored silently.
fn items_from_value(value: Value, origin: String, limits: Limits) -> Vec<Item> {
    let Value::Object(mut object) = value else {
        return vec![reject_item(
            origin,
            format!("expected a JSON object, found {}", kind_of(&value)),
        )];
    };
    let text = match object.remove("text") {
        None => return vec![reject_item(origin, "missing `text`")],
        Some(Value::String(text)) => text,
        Some(other) => {
            let message = format!("`text` is not a string (found {})", kind_of(&other));
            return vec![reject_item(origin, message)];
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    if is_blank(&text) {
        return vec![reject_item(origin, "`text` is empty or only whitespace")];
    }
    if text.len() as u64 > limits.max_article_bytes {
        let message = too_large("`text`", limits.max_article_bytes);
        return vec![reject_item(origin, message)];
    }
    let published = match object.remove("published") {
        None | Some(Value::Null) => None,
        Some(Value::String(date)) if date.trim().is_empty() => None,
        Some(Value::String(date)) => match parse_date(&date) {
            Some(date) => Some(date),
            None => {
                let message = format!("`published` is not a date: `{}`", shorten(&date));
                return vec![reject_item(origin, message)];
            }
        },
        Some(other) => {
            let message = format!(
                "`published` is not a date: `{}`",
                shorten(&other.to_string())
            );
            return vec![reject_item(origin, message)];
        }
    };
    let mut items = Vec::new();
    let external_id = match object.remove("id") {
        None | Some(Value::Null) => None,
        Some(Value::String(id)) => non_blank(id),
        Some(Value::Number(number)) => Some(number.to_string()),
        Some(other) => {
            let message = format!(
                "ignored `id`: expected a string or a number, found {}",
                kind_of(&other)
            );
            items.push(warning_item(origin.clone(), message));
            None
        }
    };
    let mut field = |name: &str| string_field(&mut object, name, &origin, &mut items);
    let title = field("title");
    let source = field("source");
    let url = field("url");
    items.push(Item::Article(RawArticle {
        external_id,
        title,
        published,
        source,
        url,
        origin,
        text,
    }));
    items
}

fn string_field(
    object: &mut Map<String, Value>,
    name: &str,
    origin: &str,
    items: &mut Vec<Item>,
) -> Option<String> {
    match object.remove(name)? {
        Value::Null => None,
        Value::String(value) => non_blank(value),
        other => {
            let message = format!(
                "ignored `{name}`: expected a string, found {}",
                kind_of(&other)
            );
            items.push(warning_item(origin.to_owned(), message));
            None
        }
    }
}

fn non_blank(value: String) -> Option<String> {
    (!value.trim().is_empty()).then_some(value)
}

/// Only whitespace, NULs and BOMs: nothing is left once the text is normalised.
fn is_blank(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_whitespace() || c == '\0' || c == '\u{feff}')
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A value quoted in a message, cut after 60 characters.
fn shorten(value: &str) -> String {
    match value.char_indices().nth(60) {
        Some((at, _)) => format!("{}...", &value[..at]),
        None => value.to_owned(),
    }
}

fn too_large(what: &str, limit: u64) -> String {
    format!(
        "{what} is larger than the {} limit (--max-article-bytes)",
        size(limit)
    )
}

fn too_large_json(limits: Limits) -> String {
    format!(
        "JSON input is larger than the {} limit for a file parsed whole; use JSON Lines",
        size(limits.max_json_bytes())
    )
}

/// What an empty input is called: blank with whitespace, or without any byte.
fn empty_file(text: &str) -> &'static str {
    if text.is_empty() {
        "empty file"
    } else {
        "empty file (only whitespace)"
    }
}

const KIB: u64 = 1024;
const MIB: u64 = 1024 * KIB;
const GIB: u64 = 1024 * MIB;

/// A size for messages: `16 MiB`, `4 KiB`, `1.5 MiB`, `100 bytes`.
fn size(bytes: u64) -> String {
    for (unit, name) in [(GIB, "GiB"), (MIB, "MiB"), (KIB, "KiB")] {
        if bytes >= unit {
            return if bytes.is_multiple_of(unit) {
                format!("{} {name}", bytes / unit)
            } else {
                format!("{:.1} {name}", bytes as f64 / unit as f64)
            };
        }
    }
    format!("{bytes} bytes")
}

/// Parses a size in bytes as `--max-article-bytes` takes it: `16777216`, `16M`, `16MiB`,
/// `512k`, `1G` (K, M and G are powers of 1024; `B`, `iB` and case are optional).
pub fn parse_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let digits = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(digits);
    let number: u64 = number.parse().ok()?;
    let unit = unit.trim().to_ascii_lowercase();
    let unit = unit.strip_suffix('b').unwrap_or(&unit);
    let unit = unit.strip_suffix('i').unwrap_or(unit);
    let factor = match unit {
        "" => 1,
        "k" => KIB,
        "m" => MIB,
        "g" => GIB,
        _ => return None,
    };
    number.checked_mul(factor)
}

#[cfg(unix)]
fn is_fifo(file_type: &FileType) -> bool {
    use std::os::unix::fs::FileTypeExt;
    file_type.is_fifo()
}

#[cfg(not(unix))]
fn is_fifo(_: &FileType) -> bool {
    false
}

/// What a file that is neither a regular file nor a folder is, for messages.
fn special_kind(file_type: &FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device file";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    let _ = file_type;
    "not a regular file"
}

fn reject_item(origin: String, message: impl Into<String>) -> Item {
    Item::Rejected(InputError {
        origin,
        message: message.into(),
    })
}

fn warning_item(origin: String, message: impl Into<String>) -> Item {
    Item::Warning(InputError {
        origin,
        message: message.into(),
    })
}

fn rejected(origin: String, message: impl Into<String>) -> Items {
    once(reject_item(origin, message))
}

fn warning(origin: String, message: impl Into<String>) -> Items {
    once(warning_item(origin, message))
}

fn once(item: Item) -> Items {
    Box::new(std::iter::once(item))
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use flate2::Compression;
    use flate2::write::GzEncoder;

    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    /// One line per item, paths relative to the test folder.
    fn render(item: &Item, root: &Path) -> String {
        let line = match item {
            Item::Article(article) => {
                let mut line = format!("article {}", article.origin);
                let fields = [
                    ("id", &article.external_id),
                    ("title", &article.title),
                    ("source", &article.source),
                    ("url", &article.url),
                ];
                for (name, value) in fields {
                    if let Some(value) = value {
                        line.push_str(&format!(" {name}={value:?}"));
                    }
                }
                if let Some(published) = article.published {
                    line.push_str(&format!(" published={published}"));
                }
                line.push_str(&format!(" text={:?}", article.text));
                line
            }
            Item::Rejected(error) => format!("rejected {error}"),
            Item::Warning(error) => format!("warning {error}"),
        };
        line.replace(&format!("{}/", root.display()), "")
    }

    fn write(root: &Path, name: &str, bytes: &[u8]) {
        let path = root.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }

    fn read_in(root: &Path, paths: &[&str], defaults: &Defaults) -> Vec<String> {
        let paths: Vec<PathBuf> = paths.iter().map(|path| root.join(path)).collect();
        read_inputs(&paths, defaults, Limits::default())
            .map(|item| render(&item, root))
            .collect()
    }

    /// Writes `files` into a fresh folder, reads `paths` (relative to it) and compares
    /// the rendered items.
    #[track_caller]
    fn check_with(files: &[(&str, &[u8])], paths: &[&str], defaults: &Defaults, expected: &[&str]) {
        let dir = tempfile::tempdir().unwrap();
        for (name, bytes) in files {
            write(dir.path(), name, bytes);
        }
        assert_eq!(read_in(dir.path(), paths, defaults), expected);
    }

    #[track_caller]
    fn check(files: &[(&str, &[u8])], paths: &[&str], expected: &[&str]) {
        check_with(files, paths, &Defaults::default(), expected);
    }

    #[track_caller]
    fn check_stream(bytes: &[u8], expected: &[&str]) {
        let reader = Box::new(Cursor::new(bytes.to_vec()));
        let items: Vec<String> =
            read_stream(reader, "-".into(), &Defaults::default(), Limits::default())
                .map(|item| render(&item, Path::new("/nowhere")))
                .collect();
        assert_eq!(items, expected);
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn parses_dates_and_date_times() {
        #[track_caller]
        fn check_date(text: &str, expected: Option<&str>) {
            assert_eq!(parse_date(text), expected.map(date), "{text:?}");
        }
        check_date("2025-09-01", Some("2025-09-01"));
        check_date(" 2025-09-01 ", Some("2025-09-01"));
        check_date("2025-09-01T23:30:00+03:00", Some("2025-09-01"));
        check_date("2025-09-01T23:30:00.123Z", Some("2025-09-01"));
        check_date("2025-09-01T23:30:00-0500", Some("2025-09-01"));
        check_date("2025-09-01T23:30:00", Some("2025-09-01"));
        check_date("2025-09-01 23:30", Some("2025-09-01"));
        check_date("2025-09-01t08:00:00z", Some("2025-09-01"));
        check_date("2025-02-30", None);
        check_date("2025-09-01T25:00:00", None);
        check_date("2025-09-01Tnoon", None);
        check_date("01/09/2025", None);
        check_date("yesterday", None);
        check_date("", None);
    }

    #[test]
    fn text_with_front_matter() {
        let text =
            b"---\ntitle: \"Erdogan meets Xi: a new page\"\npublished: 2025-09-01T10:00:00+03:00\n\
            source: Daily Sabah\nurl: 'https://example.com/a?b=c'\nid: 42\ntags:\n  - china\n\
            - turkey\n---\nErdogan met Xi.\n";
        check(
            &[("a.txt", text)],
            &["a.txt"],
            &[
                "article a.txt id=\"42\" title=\"Erdogan meets Xi: a new page\" source=\"Daily Sabah\" \
                 url=\"https://example.com/a?b=c\" published=2025-09-01 text=\"Erdogan met Xi.\\n\"",
            ],
        );
        // CRLF, a UTF-8 BOM, and a `---` rule that does not open front matter.
        check(
            &[
                (
                    "b.md",
                    b"\xEF\xBB\xBF---\r\ntitle: Talks\r\n---\r\nBody.\r\n",
                ),
                ("c.md", b"---\nThe minister said: yes.\n---\nMore.\n"),
                ("d.md", b"---\ntitle: never closed\nBody.\n"),
            ],
            &["b.md", "c.md", "d.md"],
            &[
                "article b.md title=\"Talks\" text=\"Body.\\n\"",
                "article c.md text=\"---\\nThe minister said: yes.\\n---\\nMore.\\n\"",
                "article d.md text=\"---\\ntitle: never closed\\nBody.\\n\"",
            ],
        );
    }

    #[test]
    fn defaults_fill_what_plain_text_does_not_say() {
        let defaults = Defaults {
            published: Some(date("2025-08-30")),
            title: Some("Default title".into()),
            source: Some("AA".into()),
            url: Some("https://example.com".into()),
        };
        check_with(
            &[
                ("a.txt", b"Xi met Erdogan."),
                (
                    "b.txt",
                    b"---\ntitle: Own title\npublished: 2025-09-01\n---\nText.",
                ),
                ("c.jsonl", b"{\"text\": \"JSON carries its own fields.\"}\n"),
            ],
            &["a.txt", "b.txt", "c.jsonl"],
            &defaults,
            &[
                "article a.txt title=\"Default title\" source=\"AA\" url=\"https://example.com\" \
                 published=2025-08-30 text=\"Xi met Erdogan.\"",
                "article b.txt title=\"Own title\" source=\"AA\" url=\"https://example.com\" \
                 published=2025-09-01 text=\"Text.\"",
                "article c.jsonl:1 text=\"JSON carries its own fields.\"",
            ],
        );
    }

    #[test]
    fn json_lines_keep_good_lines_around_a_bad_one() {
        let lines = b"{\"id\": 1, \"text\": \"First.\"}\n{\"text\": \"Second.\",\n\n\
            {\"id\": \"c\", \"title\": \"T\", \"text\": \"Third.\", \"extra\": [1]}\n";
        check(
            &[("in.jsonl", lines)],
            &["in.jsonl"],
            &[
                "article in.jsonl:1 id=\"1\" text=\"First.\"",
                "rejected in.jsonl:2: malformed JSON: EOF while parsing a value (column 19)",
                "article in.jsonl:4 id=\"c\" title=\"T\" text=\"Third.\"",
            ],
        );
    }

    #[test]
    fn json_fields_are_checked() {
        let lines = b"{\"title\": \"no text\"}\n\
            {\"text\": 5}\n\
            {\"text\": null}\n\
            {\"text\": \"x\", \"published\": \"yesterday\"}\n\
            {\"text\": \"x\", \"published\": 20250901}\n\
            {\"text\": \"  \\n \"}\n\
            [1, 2]\n\
            {\"text\": \"Kept.\", \"published\": \"2025-09-01T10:30:00Z\", \"source\": {\"name\": \"AP\"}, \"url\": null, \"title\": \"\"}\n";
        check(
            &[("in.ndjson", lines)],
            &["in.ndjson"],
            &[
                "rejected in.ndjson:1: missing `text`",
                "rejected in.ndjson:2: `text` is not a string (found a number)",
                "rejected in.ndjson:3: `text` is not a string (found null)",
                "rejected in.ndjson:4: `published` is not a date: `yesterday`",
                "rejected in.ndjson:5: `published` is not a date: `20250901`",
                "rejected in.ndjson:6: `text` is empty or only whitespace",
                "rejected in.ndjson:7: expected a JSON object, found an array",
                "warning in.ndjson:8: ignored `source`: expected a string, found an object",
                "article in.ndjson:8 published=2025-09-01 text=\"Kept.\"",
            ],
        );
    }

    #[test]
    fn bad_published_in_front_matter_is_rejected() {
        check(
            &[("a.txt", b"---\npublished: last Monday\n---\nText.")],
            &["a.txt"],
            &["rejected a.txt: `published` in the front matter is not a date: `last Monday`"],
        );
    }

    #[test]
    fn empty_inputs_are_rejected() {
        check(
            &[
                ("empty.txt", b""),
                ("blank.txt", b" \n\t\n"),
                ("only-front-matter.md", b"---\ntitle: Nothing\n---\n\n"),
                ("empty.jsonl", b"\n\n"),
                ("none.jsonl", b""),
                ("empty.json", b"[]"),
                ("blank.json", b" \n"),
            ],
            &[
                "empty.txt",
                "blank.txt",
                "only-front-matter.md",
                "empty.jsonl",
                "none.jsonl",
                "empty.json",
                "blank.json",
            ],
            &[
                "rejected empty.txt: empty file",
                "rejected blank.txt: text is empty or only whitespace",
                "rejected only-front-matter.md: text is empty or only whitespace",
                "rejected empty.jsonl: empty file (only blank lines)",
                "rejected none.jsonl: empty file",
                "warning empty.json: no articles in the file",
                "rejected blank.json: empty file (only whitespace)",
            ],
        );
    }

    #[test]
    fn invalid_utf8_is_rejected_with_its_place() {
        check(
            &[
                ("a.txt", b"Fine line.\nBad \xFF byte.\n"),
                (
                    "b.jsonl",
                    b"{\"text\": \"ok\"}\n{\"text\": \"\xC3\x28\"}\n{\"text\": \"ok too\"}\n",
                ),
            ],
            &["a.txt", "b.jsonl"],
            &[
                "rejected a.txt: invalid UTF-8 at line 2, byte 5",
                "article b.jsonl:1 text=\"ok\"",
                "rejected b.jsonl:2: invalid UTF-8 at byte 11 of the line",
                "article b.jsonl:3 text=\"ok too\"",
            ],
        );
    }

    #[test]
    fn json_files_hold_an_object_or_an_array() {
        check(
            &[
                ("one.json", b"{\"id\": 7, \"text\": \"One.\"}"),
                (
                    "many.json",
                    b"\xEF\xBB\xBF[{\"text\": \"A.\"}, {\"text\": \"B.\", \"published\": null}, 3]",
                ),
                ("bad.json", b"{\"text\": \"A.\",}"),
                ("scalar.json", b"\"text\""),
            ],
            &["one.json", "many.json", "bad.json", "scalar.json"],
            &[
                "article one.json id=\"7\" text=\"One.\"",
                "article many.json[0] text=\"A.\"",
                "article many.json[1] text=\"B.\"",
                "rejected many.json[2]: expected a JSON object, found a number",
                "rejected bad.json: malformed JSON: trailing comma at line 1 column 15",
                "rejected scalar.json: expected a JSON object or an array of objects, found a string",
            ],
        );
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let text = "Erdoğan met Xi.\n";
        let mut le = b"\xFF\xFE".to_vec();
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let mut be = b"\xFE\xFF".to_vec();
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        check(
            &[("le.txt", &le), ("be.txt", &be), ("odd.txt", b"\xFF\xFEa")],
            &["le.txt", "be.txt", "odd.txt"],
            &[
                "article le.txt text=\"Erdoğan met Xi.\\n\"",
                "article be.txt text=\"Erdoğan met Xi.\\n\"",
                "rejected odd.txt: invalid UTF-16: odd number of bytes",
            ],
        );
    }

    #[test]
    fn binary_files_are_rejected_but_late_nuls_kept() {
        let mut late = vec![b'a'; BINARY_SNIFF_BYTES];
        late.extend(b"\0b");
        let items = {
            let dir = tempfile::tempdir().unwrap();
            write(dir.path(), "late.txt", &late);
            write(dir.path(), "image.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
            read_in(dir.path(), &["image.txt", "late.txt"], &Defaults::default())
        };
        assert_eq!(
            items[0],
            "rejected image.txt: looks like a binary file (a PNG image), not text"
        );
        assert!(items[1].starts_with("article late.txt text=\"aaaa"));
        assert!(items[1].ends_with("a\\0b\""));
    }

    #[test]
    fn nul_bytes_in_text_are_kept_for_normalisation_unless_the_file_is_binary() {
        let utf16: Vec<u8> = "Erdoğan met Xi."
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        check(
            &[
                ("early.txt", b"Fidan\0 met Wang.\0"),
                ("padded.txt", b"Fidan met Wang.\0\0\0\0\0\0\0\0\0\0\0\0"),
                ("utf16.txt", &utf16),
                ("mixed.txt", b"abc\0\xFF\xFEdef"),
                ("photo.txt", b"\xFF\xD8\xFF\xE0\0\x10JFIF"),
                ("paper.txt", b"%PDF-1.7\n%\xE2\xE3"),
                ("cut.txt", "é\0".repeat(BINARY_SNIFF_BYTES).as_bytes()),
            ],
            &[
                "early.txt",
                "padded.txt",
                "utf16.txt",
                "mixed.txt",
                "photo.txt",
                "paper.txt",
            ],
            &[
                "article early.txt text=\"Fidan\\0 met Wang.\\0\"",
                "article padded.txt text=\"Fidan met Wang.\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\"",
                "rejected utf16.txt: looks like UTF-16 text without a byte-order mark; convert it to UTF-8",
                "rejected mixed.txt: looks like a binary file (NUL byte at offset 3, and bytes that are not UTF-8)",
                "rejected photo.txt: looks like a binary file (a JPEG image), not text",
                "rejected paper.txt: looks like a binary file (a PDF document), not text",
            ],
        );
        // A character cut by the end of the sniffed head is no sign of a binary file.
        let dir = tempfile::tempdir().unwrap();
        let mut cut = vec![b'a'; BINARY_SNIFF_BYTES - 1];
        cut.extend("\0é".as_bytes());
        write(dir.path(), "cut.txt", &cut);
        let items = read_in(dir.path(), &["cut.txt"], &Defaults::default());
        assert!(items[0].starts_with("article cut.txt"), "{items:?}");
    }

    #[test]
    fn lone_carriage_returns_end_front_matter_lines() {
        check(
            &[("cr.md", b"---\rtitle: Old Mac\r---\rBody.\rMore.\r")],
            &["cr.md"],
            &["article cr.md title=\"Old Mac\" text=\"Body.\\nMore.\\n\""],
        );
    }

    #[test]
    fn json_nested_too_deeply_is_rejected() {
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let line = format!(
            "{{\"text\": {}\"x\"{}}}\n",
            "[".repeat(200),
            "]".repeat(200)
        );
        check(
            &[
                ("deep.json", deep.as_bytes()),
                ("deep.jsonl", line.as_bytes()),
            ],
            &["deep.json", "deep.jsonl"],
            &[
                "rejected deep.json: malformed JSON: nested more than 127 levels deep at line 1 column 128",
                "rejected deep.jsonl:1: malformed JSON: nested more than 127 levels deep (column 136)",
            ],
        );
    }

    #[test]
    fn sizes_parse_and_print() {
        for (text, bytes) in [
            ("16777216", Some(16 * MIB)),
            ("16M", Some(16 * MIB)),
            ("16MiB", Some(16 * MIB)),
            ("16 mb", Some(16 * MIB)),
            ("4k", Some(4 * KIB)),
            ("1G", Some(GIB)),
            ("", None),
            ("lots", None),
            ("12x", None),
            ("99999999999G", None),
        ] {
            assert_eq!(parse_size(text), bytes, "{text}");
        }
        for (bytes, text) in [
            (16 * MIB, "16 MiB"),
            (4 * KIB, "4 KiB"),
            (3 * MIB / 2, "1.5 MiB"),
            (100, "100 bytes"),
        ] {
            assert_eq!(size(bytes), text);
        }
    }

    #[test]
    fn articles_over_the_limit_are_rejected_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let file = File::create(dir.path().join("huge.txt")).unwrap();
        file.set_len(MAX_ARTICLE_BYTES + 1).unwrap(); // sparse: nothing is read
        assert_eq!(
            read_in(dir.path(), &["huge.txt"], &Defaults::default()),
            ["rejected huge.txt: file is larger than the 16 MiB limit (--max-article-bytes)"]
        );

        let mut lines = JsonLines::new(
            Cursor::new(b"{\"text\": \"0123456789\"}\n{\"text\": \"ok\"}\n".to_vec()),
            "in.jsonl".into(),
            Limits::default(),
        );
        lines.max_line = 16;
        let items: Vec<String> = lines.map(|item| render(&item, Path::new("/"))).collect();
        assert_eq!(
            items,
            [
                "rejected in.jsonl:1: line is longer than the 16 bytes limit (twice --max-article-bytes)",
                "article in.jsonl:2 text=\"ok\""
            ]
        );
    }

    #[test]
    fn folders_are_walked_in_sorted_order() {
        check(
            &[
                ("corpus/b.txt", b"B."),
                ("corpus/a/z.md", b"Z."),
                ("corpus/a/y.jsonl", b"{\"text\": \"Y.\"}"),
                ("corpus/a/deeper/x.json", b"{\"text\": \"X.\"}"),
                ("corpus/C.txt", b"C."),
                ("corpus/.hidden.txt", b"hidden"),
                ("corpus/.git/config.txt", b"hidden"),
                ("corpus/notes.pdf", b"%PDF"),
                ("corpus/README", b"no extension"),
                ("corpus/a/README.md", b"About this folder."),
                ("other.pdf", b"Named, so read as text."),
            ],
            &["corpus", "other.pdf", "missing.txt"],
            &[
                "article corpus/C.txt text=\"C.\"",
                "article corpus/a/deeper/x.json text=\"X.\"",
                "article corpus/a/y.jsonl:1 text=\"Y.\"",
                "article corpus/a/z.md text=\"Z.\"",
                "article corpus/b.txt text=\"B.\"",
                "article other.pdf text=\"Named, so read as text.\"",
                "rejected missing.txt: path does not exist",
            ],
        );
    }

    #[test]
    fn read_files_does_not_walk_folders() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "corpus/a.txt", b"A.");
        let paths = [dir.path().join("corpus"), dir.path().join("corpus/a.txt")];
        let items: Vec<String> = read_files(&paths, &Defaults::default())
            .map(|item| render(&item, dir.path()))
            .collect();
        assert_eq!(
            items,
            [
                "rejected corpus: a folder, where a file is expected",
                "article corpus/a.txt text=\"A.\""
            ]
        );
    }

    #[test]
    fn gzip_json_lines_are_read() {
        let compressed = gzip(b"{\"text\": \"One.\"}\n{\"text\": \"Two.\"}\n");
        let mut corrupt = compressed.clone();
        corrupt.truncate(compressed.len() / 2);
        check(
            &[
                ("d/in.jsonl.gz", &compressed),
                ("d/bad.ndjson.gz", &corrupt),
            ],
            &["d"],
            &[
                "rejected d/bad.ndjson.gz:1: cannot read: incomplete deflate stream",
                "article d/in.jsonl.gz:1 text=\"One.\"",
                "article d/in.jsonl.gz:2 text=\"Two.\"",
            ],
        );
    }

    #[test]
    fn streams_are_sniffed() {
        check_stream(
            b"\n  {\"text\": \"One.\"}\n{\"text\": 1}\n",
            &[
                "article -:2 text=\"One.\"",
                "rejected -:3: `text` is not a string (found a number)",
            ],
        );
        check_stream(b"[{\"text\": \"A.\"}]", &["article -[0] text=\"A.\""]);
        check_stream(
            b"\xEF\xBB\xBFPlain {text}.",
            &["article - text=\"Plain {text}.\""],
        );
        check_stream(
            &gzip(b"{\"text\": \"Zipped.\"}\n"),
            &["article -:1 text=\"Zipped.\""],
        );
        check_stream(
            &gzip(b"Zipped plain text."),
            &["article - text=\"Zipped plain text.\""],
        );
        check_stream(b"", &["rejected -: empty file"]);
        let mut blank_start = vec![b'\n'; 20_000];
        blank_start.extend(b"{\"text\": \"Late.\"}");
        check_stream(&blank_start, &["article -:20001 text=\"Late.\""]);
    }

    #[cfg(unix)]
    #[test]
    fn special_files_and_link_loops_in_folders_are_skipped_with_a_warning() {
        use std::os::unix::fs::symlink;
        use std::process::Command;

        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "corpus/a.txt", b"A.");
        symlink(root.join("corpus"), root.join("corpus/b-loop")).unwrap();
        symlink(root.join("corpus/c-self"), root.join("corpus/c-self")).unwrap();
        symlink(root.join("nowhere.txt"), root.join("corpus/d-broken.txt")).unwrap();
        let status = Command::new("mkfifo")
            .arg(root.join("corpus/e.txt"))
            .status()
            .unwrap();
        assert!(status.success());

        let items = read_in(root, &["corpus", "/dev/null"], &Defaults::default());
        assert_eq!(
            items,
            [
                "article corpus/a.txt text=\"A.\"",
                "warning corpus/b-loop: skipped: folder already read (a symbolic link loop?)",
                "warning corpus/c-self: skipped: symbolic link cannot be followed \
                 (Too many levels of symbolic links (os error 40))",
                "warning corpus/d-broken.txt: skipped: symbolic link cannot be followed \
                 (No such file or directory (os error 2))",
                "warning corpus/e.txt: skipped: a named pipe (FIFO)",
                "rejected /dev/null: cannot read a device file: not a file",
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_named_fifo_is_read_as_a_stream() {
        use std::process::Command;

        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let status = Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(status.success());
        let writer = {
            let fifo = fifo.clone();
            std::thread::spawn(move || fs::write(fifo, b"{\"text\": \"Piped.\"}\n").unwrap())
        };
        let items = read_in(dir.path(), &["pipe"], &Defaults::default());
        writer.join().unwrap();
        assert_eq!(items, ["article pipe:1 text=\"Piped.\""]);
    }

    #[test]
    fn input_size_counts_what_reading_reads() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "in/a.txt", b"Fidan met Wang.");
        write(root, "in/sub/b.jsonl", b"{\"text\": \"Xi met Erdogan.\"}\n");
        write(root, "in/.hidden.txt", b"hidden");
        write(root, "in/README.md", b"about the folder");
        write(root, "in/photo.png", b"not read");
        write(root, "big.txt", &[b'a'; 64]);
        write(root, "named.dat", b"read as text");
        let limits = Limits {
            max_article_bytes: 32,
        };
        let size = |paths: &[&str]| {
            let paths: Vec<PathBuf> = paths.iter().map(|p| root.join(p)).collect();
            input_size(&paths, limits)
        };
        assert_eq!(size(&["in"]), Some(15 + 28));
        assert_eq!(size(&["in", "named.dat"]), Some(15 + 28 + 12));
        assert_eq!(
            size(&["big.txt", "missing.txt"]),
            Some(0),
            "refused unread, or absent"
        );
        assert_eq!(input_size(&[PathBuf::from("-")], limits), None);

        // What reading the folder counts is at least its size (other tests read too).
        let before = bytes_read();
        let articles = articles_read();
        let items: Vec<Item> =
            read_inputs(&[root.join("in")], &Defaults::default(), limits).collect();
        assert_eq!(items.len(), 2);
        assert!(bytes_read() - before >= 15 + 28);
        assert!(articles_read() - articles >= 2);
    }
}
