#!/usr/bin/env bash
# The speed and memory yardstick of ../shared/bench/README.md: closeread trends against
# ripgrep counting the same kind of terms, on the same file, in one hyperfine run.
# Needs: python3, hyperfine, ripgrep, GNU time; and ../shared beside the repository.
set -euo pipefail
cd "$(dirname "$0")/.."

shared="${SHARED:-../shared}"
corpus=target/bench-corpus
cargo build --release --quiet
bin=target/release/closeread

[ -f "$corpus/corpus-100m.txt" ] || python3 "$shared/bench/make_corpus.py" --only 100m --out "$corpus"
hyperfine -w1 -r5 \
  -n "closeread 2 threads" "$bin trends $corpus/corpus-100m.txt --by month -q -o /dev/null" \
  -n "closeread 1 thread" "$bin trends $corpus/corpus-100m.txt --by month -q -j1 -o /dev/null" \
  -n "rg" "rg --count-matches -f $shared/bench/terms-ascii.rg $corpus/corpus-100m.txt"

if [ "${1:-}" = "--memory" ]; then
  [ -f "$corpus/corpus-1g.txt" ] || python3 "$shared/bench/make_corpus.py" --only 1g --out "$corpus"
  for threads in 1 2; do
    /usr/bin/time -f "corpus-1g, $threads thread(s): %e s, max RSS %M KiB" \
      "$bin" trends "$corpus/corpus-1g.txt" --by month -q -j"$threads" -o /dev/null
  done
fi
