#!/usr/bin/env bash
# Runs the smpboot JMH benchmarks and writes, under benchmarks/results/ (or $RESULTS_DIR):
#   jmh-result.json  every JMH row of the run (JMH's -rf json, merged)
#   RESULTS.md       targets, ratios of each runtime variant to its baselines (same run), raw scores
#   *.png            XChart plots;  jmh.log  the JMH console output
#
# Usage: benchmarks/run.sh [REGEX] [--quick]
#   REGEX    JMH benchmark regex (default: all), e.g. 'BarrierBench|PingPongBench'
#   --quick  -f 1 -wi 2 -i 3 -w 1s -r 1s (default: -f 1 -wi 5 -i 5 -w 2s -r 2s)
# Build first: mvn -B -q -pl benchmarks -am package -DskipTests
# Exits non-zero when JMH fails (-foe true), when the regex selects nothing, or when a run writes no result.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
jar=$here/target/benchmarks.jar
java=${JAVA:-java}
out=${RESULTS_DIR:-$here/results}
regex='.*'
quick=0
for arg in "$@"; do
  case $arg in
    --quick) quick=1 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    -*) echo "unknown option $arg (try --help)" >&2; exit 2 ;;
    *) regex=$arg ;;
  esac
done
[[ -f $jar ]] || { echo "no $jar: build it with mvn -B -q -pl benchmarks -am package -DskipTests" >&2; exit 2; }

if (( quick )); then settings=(-f 1 -wi 2 -i 3 -w 1s -r 1s); else settings=(-f 1 -wi 5 -i 5 -w 2s -r 2s); fi
# Host JVM only; the forks get the Agrona flag set from each class's @Fork(jvmArgsAppend).
host=(-XX:+IgnoreUnrecognizedVMOptions --sun-misc-unsafe-memory-access=allow)
# The pool benchmarks use JMH threads (-t); the others run their own crews of threads and need -t 1.
pool='org\.smpboot\.bench\.pool\.'
crew='org\.smpboot\.bench\.(floor|boot|barrier)\.'
pool_threads=(1 2 8 64)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
: > "$tmp/jmh.log"

count_excluding() { "$java" "${host[@]}" -jar "$jar" -l "$regex" -e "$1" | tail -n +2 | grep -c . || true; }

run_jmh() { # name, then JMH arguments
  local name=$1; shift
  echo "== $name: jmh $*" | tee -a "$tmp/jmh.log"
  set +e
  "$java" "${host[@]}" -jar "$jar" "$@" "${settings[@]}" -foe true -rf json -rff "$tmp/$name.json" 2>&1 \
    | tee -a "$tmp/jmh.log" | grep -E '^(# Run progress|# Benchmark:|# Parameters|Benchmark |([a-z]+\.)*[A-Za-z]+Bench\.)'
  local rc=${PIPESTATUS[0]}
  set -e
  if (( rc != 0 )); then
    cp "$tmp/jmh.log" "$out/jmh.log"; echo "JMH failed (exit $rc) in $name; full log in $out/jmh.log" >&2; exit "$rc"
  fi
  if ! grep -q '"benchmark"' "$tmp/$name.json"; then
    cp "$tmp/jmh.log" "$out/jmh.log"; echo "JMH wrote no result in $name; full log in $out/jmh.log" >&2; exit 3
  fi
}

start=$(date +%s)
load_start=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)
files=()
if (( $(count_excluding "$pool") > 0 )); then
  run_jmh crew "$regex" -e "$pool" -t 1
  files+=("$tmp/crew.json")
fi
if (( $(count_excluding "$crew") > 0 )); then
  for t in "${pool_threads[@]}"; do
    run_jmh "pool-t$t" "$regex" -e "$crew" -t "$t"
    files+=("$tmp/pool-t$t.json")
  done
fi
if (( ${#files[@]} == 0 )); then echo "no benchmark matches '$regex'" >&2; exit 2; fi
wall=$(( $(date +%s) - start ))
load_end=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)

command="benchmarks/run.sh${1:+ }$*"
rm -f "$out"/*.png "$out/RESULTS.md" "$out/jmh-result.json"
cp "$tmp/jmh.log" "$out/jmh.log"
"$java" "${host[@]}" -cp "$jar" org.smpboot.bench.report.Report "$out" "$command" \
  "JMH ${settings[*]}, pool threads ${pool_threads[*]}; load average $load_start at start, $load_end at end" "$((wall / 60)) min $((wall % 60)) s" "${files[@]}"
