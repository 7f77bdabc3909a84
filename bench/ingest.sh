#!/usr/bin/env bash
# End-to-end ingest benchmark (README, "Benchmark"):
#
#   bench/ingest.sh [SIZE_MB ...]      # default: 100 200
#
# Builds the release binary and the benchmark examples, builds a corpus of each size
# (cli/examples/build_corpus.rs: the development corpus repeated with fresh ids and
# changed texts, plus template-generated articles) in $BENCH_DIR (default
# /tmp/entente-bench; kept between calls, delete it when done), decompresses the
# real-text corpus ../shared/bench/wh-briefings.jsonl.gz there when present, and runs
# cli/examples/bench_ingest.rs over them: floor, ingest per --jobs, peak RSS,
# re-ingest, export, scaling against the first built corpus; medians of $RUNS runs.
#
# Environment: RUNS (default 3), JOBS (default "1,2"), BENCH_DIR; DENSE=1 also builds
# and times the dense variant of each size (build_corpus --dense: stories alone, six
# times the meetings and statements per MB of the development articles).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${RUNS:-3}
jobs=${JOBS:-1,2}
dir=${BENCH_DIR:-/tmp/entente-bench}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100 200)

cargo build --release --locked -p entente --bin entente --example build_corpus --example bench_ingest
mkdir -p "$dir"

corpora=()
for size in "${sizes[@]}"; do
    corpus="$dir/corpus-${size}mb.jsonl"
    [ -s "$corpus" ] || target/release/examples/build_corpus "$corpus" "$size"
    corpora+=("$corpus")
done

bench() {
    target/release/examples/bench_ingest --runs "$runs" --jobs "$jobs" --work "$dir/run" "$@"
}

# The built corpora: each is compared with the first (the scaling figures).
bench "${corpora[@]}"

if [ "${DENSE:-0}" = 1 ]; then
    dense=()
    for size in "${sizes[@]}"; do
        corpus="$dir/corpus-${size}mb-dense.jsonl"
        [ -s "$corpus" ] || target/release/examples/build_corpus "$corpus" "$size" --dense
        dense+=("$corpus")
    done
    bench "${dense[@]}"
fi

wh=../shared/bench/wh-briefings.jsonl.gz
if [ -r "$wh" ]; then
    [ -s "$dir/wh-briefings.jsonl" ] || gzip -dc "$wh" > "$dir/wh-briefings.jsonl"
    bench "$dir/wh-briefings.jsonl"
else
    echo "bench/ingest.sh: $wh is absent: built corpora only" >&2
fi
