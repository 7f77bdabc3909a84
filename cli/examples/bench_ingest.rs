//! End-to-end ingest benchmark: times the `entente` binary on whole corpora, each run
//! from an empty database, and prints medians:
//!
//! ```sh
//! cargo build --release -p entente --bin entente --examples
//! target/release/examples/bench_ingest [--runs 3] [--jobs 1,2] [--bin target/release/entente] CORPUS...
//! ```
//!
//! For each corpus (a `.jsonl`, `.jsonl.gz`, or a folder of files):
//!
//! - floor: the time to read every article (decompress, parse its JSON line) and sha256
//!   its text, in this process, on one thread: what any ingest has to do at least;
//! - `ingest --jobs J` for each J, each run on an empty database: MB/s of article text,
//!   documents stored per second, peak RSS (`/usr/bin/time` when present, otherwise
//!   VmHWM polled from `/proc`), and the time as a multiple of the floor;
//! - re-ingest of the same corpus into the full database (everything already known);
//! - `export` of the full database.
//!
//! Every figure is the median of `--runs` runs (min and max beside it: the machines are
//! shared and noisy); the load average is printed before and after. With several
//! corpora, each is compared with the first: how many times the text, how many times
//! the time.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::fs::{self, File};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use entente_extract::sha256_hex;
use flate2::read::MultiGzDecoder;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("bench_ingest: {message}");
            ExitCode::from(2)
        }
    }
}

struct Args {
    runs: usize,
    jobs: Vec<usize>,
    bin: PathBuf,
    work: PathBuf,
    corpora: Vec<PathBuf>,
}

fn parse_args() -> Result<Args, String> {
    let usage = "usage: bench_ingest [--runs N] [--jobs 1,2] [--bin PATH] [--work DIR] CORPUS...";
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut args = Args {
        runs: 3,
        jobs: vec![1, 2],
        bin: root.join("target/release/entente"),
        work: std::env::temp_dir().join("entente-bench-run"),
        corpora: Vec::new(),
    };
    let mut argv = std::env::args().skip(1);
    while let Some(arg) = argv.next() {
        let mut value = || argv.next().ok_or_else(|| format!("{arg} takes a value"));
        match arg.as_str() {
            "--runs" => args.runs = value()?.parse().map_err(|_| "--runs takes a number")?,
            "--jobs" => {
                args.jobs = value()?
                    .split(',')
                    .map(|n| n.trim().parse::<usize>())
                    .collect::<Result<_, _>>()
                    .map_err(|_| "--jobs takes numbers: 1,2")?;
            }
            "--bin" => args.bin = value()?.into(),
            "--work" => args.work = value()?.into(),
            "-h" | "--help" => return Err(usage.into()),
            _ => args.corpora.push(arg.into()),
        }
    }
    if args.corpora.is_empty() || args.runs == 0 || args.jobs.is_empty() {
        return Err(usage.into());
    }
    if !args.bin.is_file() {
        return Err(format!(
            "no binary at `{}`: cargo build --release -p entente",
            args.bin.display()
        ));
    }
    Ok(args)
}

/// Median, min and max of some timings (or sizes).
#[derive(Debug, Clone, Copy)]
struct Spread {
    median: f64,
    min: f64,
    max: f64,
}

fn spread(mut values: Vec<f64>) -> Spread {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    let median = if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    };
    Spread {
        median,
        min: values[0],
        max: values[n - 1],
    }
}

/// One finished run of the binary.
struct Run {
    seconds: f64,
    peak_rss_kb: Option<u64>,
    stderr: String,
    success: bool,
}

fn run() -> Result<(), String> {
    let args = parse_args()?;
    fs::create_dir_all(&args.work)
        .map_err(|e| format!("cannot create `{}`: {e}", args.work.display()))?;
    let cores = thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "machine: {cores} cores, load average {} (1, 5, 15 min); {} runs per figure, medians (min-max)",
        load_average(),
        args.runs
    );
    let mut first: Option<(f64, Vec<f64>)> = None;
    for corpus in &args.corpora {
        let (articles, text_bytes, floor) = measure_floor(corpus, args.runs)?;
        let mb = text_bytes as f64 / 1e6;
        println!(
            "\n{}: {articles} articles, {mb:.1} MB of article text",
            corpus.display()
        );
        println!(
            "  floor (read, parse, sha256; 1 thread)  {}  {:>7.1} MB/s",
            seconds(floor),
            mb / floor.median
        );
        let db = args.work.join("bench.db");
        let mut medians = Vec::new();
        for &jobs in &args.jobs {
            let mut runs = Vec::new();
            for _ in 0..args.runs {
                remove_db(&db);
                let run = entente(&args.bin, &db, &ingest_args(corpus, jobs))?;
                runs.push(run);
            }
            let added = added_documents(&runs[0].stderr);
            if !runs[0].success && added.is_none() {
                return Err(format!("ingest failed:\n{}", runs[0].stderr));
            }
            let time = spread(runs.iter().map(|r| r.seconds).collect());
            let rss: Vec<f64> = runs
                .iter()
                .filter_map(|r| r.peak_rss_kb)
                .map(|kb| kb as f64 / 1024.0)
                .collect();
            let rss = if rss.is_empty() {
                "peak RSS unknown".to_owned()
            } else {
                let rss = spread(rss);
                format!("peak RSS {:.0} MB (max {:.0})", rss.median, rss.max)
            };
            println!(
                "  ingest --jobs {jobs:<2}                    {}  {:>7.1} MB/s  {:>6.0} docs/s  {rss}  {:.1}x floor",
                seconds(time),
                mb / time.median,
                added.unwrap_or(0) as f64 / time.median,
                time.median / floor.median
            );
            medians.push(time.median);
        }
        // The database of the last run is full: everything is known now.
        let jobs = *args.jobs.last().unwrap_or(&1);
        let mut times = Vec::new();
        for _ in 0..args.runs {
            times.push(entente(&args.bin, &db, &ingest_args(corpus, jobs))?.seconds);
        }
        let time = spread(times);
        println!(
            "  re-ingest --jobs {jobs:<2} (all known)      {}  {:>7.1} MB/s  {:.2}x floor",
            seconds(time),
            mb / time.median,
            time.median / floor.median
        );
        let out = args.work.join("out");
        let mut times = Vec::new();
        for _ in 0..args.runs {
            let _ = fs::remove_dir_all(&out);
            let run = entente(&args.bin, &db, &export_args(&out))?;
            if !run.success {
                return Err(format!("export failed:\n{}", run.stderr));
            }
            times.push(run.seconds);
        }
        println!(
            "  export                                {}",
            seconds(spread(times))
        );
        let _ = fs::remove_dir_all(&out);
        remove_db(&db);
        match &first {
            None => first = Some((mb, medians)),
            Some((first_mb, first_medians)) => {
                for ((jobs, median), first_median) in
                    args.jobs.iter().zip(&medians).zip(first_medians)
                {
                    println!(
                        "  scaling --jobs {jobs}: {:.2}x the text of the first corpus in {:.2}x its time",
                        mb / first_mb,
                        median / first_median
                    );
                }
            }
        }
    }
    println!("\nload average after: {}", load_average());
    Ok(())
}

fn seconds(time: Spread) -> String {
    format!("{:>7.2} s ({:.2}-{:.2})", time.median, time.min, time.max)
}

fn ingest_args(corpus: &Path, jobs: usize) -> Vec<String> {
    vec![
        "ingest".into(),
        "--jobs".into(),
        jobs.to_string(),
        corpus.display().to_string(),
    ]
}

fn export_args(out: &Path) -> Vec<String> {
    vec!["export".into(), "--out".into(), out.display().to_string()]
}

fn remove_db(db: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        let _ = fs::remove_file(PathBuf::from(name));
    }
}

/// `N` from the summary line `entente: added N documents ...`.
fn added_documents(stderr: &str) -> Option<usize> {
    stderr.lines().rev().find_map(|line| {
        let rest = line.strip_prefix("entente: added ")?;
        rest.split_whitespace().next()?.parse().ok()
    })
}

fn load_average() -> String {
    fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

const TIME: &str = "/usr/bin/time";

/// Runs `entente --db DB ARGS...` to the end: wall time, peak RSS, stderr.
fn entente(bin: &Path, db: &Path, args: &[String]) -> Result<Run, String> {
    let rss_file = db.with_extension("rss");
    let use_time = Path::new(TIME).is_file();
    let mut command = if use_time {
        let mut command = Command::new(TIME);
        command
            .arg("-f")
            .arg("%M")
            .arg("-o")
            .arg(&rss_file)
            .arg(bin);
        command
    } else {
        Command::new(bin)
    };
    command
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ENTENTE_DB")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = command
        .spawn()
        .map_err(|e| format!("cannot run `{}`: {e}", bin.display()))?;
    let mut stderr = child.stderr.take().map(|mut pipe| {
        thread::spawn(move || {
            let mut text = String::new();
            let _ = pipe.read_to_string(&mut text);
            text
        })
    });
    let mut polled_kb = None;
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if !use_time {
            polled_kb = vm_hwm_kb(child.id()).or(polled_kb);
        }
        thread::sleep(Duration::from_millis(5));
    };
    let seconds = started.elapsed().as_secs_f64();
    let stderr = stderr
        .take()
        .and_then(|reader| reader.join().ok())
        .unwrap_or_default();
    let peak_rss_kb = if use_time {
        let kb = fs::read_to_string(&rss_file)
            .ok()
            .and_then(|s| s.lines().last()?.trim().parse().ok());
        let _ = fs::remove_file(&rss_file);
        kb
    } else {
        polled_kb
    };
    Ok(Run {
        seconds,
        peak_rss_kb,
        stderr,
        success: status.success(),
    })
}

/// The peak resident set of a running process, from `/proc/PID/status`.
fn vm_hwm_kb(pid: u32) -> Option<u64> {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Reads every article of the corpus `runs` times and sha256es its text: the article
/// count, the bytes of text and the time taken.
fn measure_floor(corpus: &Path, runs: usize) -> Result<(usize, usize, Spread), String> {
    let mut times = Vec::new();
    let mut totals = (0, 0);
    for _ in 0..runs {
        let started = Instant::now();
        let mut articles = 0;
        let mut bytes = 0;
        let mut checksum = 0u8;
        for_each_text(corpus, &mut |text| {
            articles += 1;
            bytes += text.len();
            checksum ^= sha256_hex(text).as_bytes()[0];
        })?;
        times.push(started.elapsed().as_secs_f64());
        // Keeps the hashing from being optimised away.
        std::hint::black_box(checksum);
        totals = (articles, bytes);
    }
    Ok((totals.0, totals.1, spread(times)))
}

/// Calls `each` with the text of every article of a JSON Lines file (gzip too) or of
/// every file under a folder (JSON Lines files by line, others whole).
fn for_each_text(path: &Path, each: &mut dyn FnMut(&str)) -> Result<(), String> {
    let name = path.to_string_lossy().to_lowercase();
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = fs::read_dir(path)
            .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?
            .filter_map(|entry| Some(entry.ok()?.path()))
            .collect();
        entries.sort();
        for entry in entries {
            for_each_text(&entry, each)?;
        }
        return Ok(());
    }
    let file = File::open(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    let reader: Box<dyn BufRead> = if name.ends_with(".gz") {
        Box::new(BufReader::with_capacity(
            1 << 16,
            MultiGzDecoder::new(BufReader::new(file)),
        ))
    } else {
        Box::new(BufReader::with_capacity(1 << 16, file))
    };
    if name.ends_with(".jsonl") || name.ends_with(".jsonl.gz") || name.ends_with(".ndjson") {
        for line in reader.lines() {
            let line = line.map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
            if let Ok(serde_json::Value::Object(mut article)) = serde_json::from_str(&line)
                && let Some(serde_json::Value::String(text)) = article.remove("text")
            {
                each(&text);
            }
        }
    } else {
        let mut text = String::new();
        let mut reader = reader;
        if reader.read_to_string(&mut text).is_ok() {
            each(&text);
        }
    }
    Ok(())
}
