#!/usr/bin/env bash
# Does speedlab's cold time agree with hyperfine's? Both time whole processes of the same harness command,
# RUNS times each, and report the median; this prints both medians and their difference per impl.
#
#   scripts/cold-agreement.sh [-w WORKLOAD] [-i IMPLS] [-n SIZE] [-r RUNS] [-a ALTERNATIONS]
#   defaults: -w leibniz_pi -i cpp.naive,java.loops,python.loops -n 100000000 -r 10 -a 1
#
# speedlab runs first (`speedlab run --cold-runs RUNS`, one warm repetition, no budget); the cold command of
# each cell is read back from results.json (cells[].cold.command: exactly what the runner started, through
# build/bin/speedlab_spawn) and given to `hyperfine -N` with the environment the runner gives a harness
# (thread counts pinned to 1, SPEEDLAB_BUILD_DIR), from the repository root, after one warm-up process (speedlab's
# cold runs follow the cell's warm run, so the page cache is warm for both). With -a K the pair is repeated
# K times and both sides' runs pooled: a JVM's start-up drifts by several percent between batches a minute
# apart, which one pair would read as a disagreement between the timers. Run it on a quiet machine.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORKLOAD=leibniz_pi
IMPLS=cpp.naive,java.loops,python.loops
SIZE=100000000
RUNS=10
ALTERNATIONS=1
while getopts "w:i:n:r:a:h" option; do
  case "$option" in
    w) WORKLOAD="$OPTARG" ;;
    i) IMPLS="$OPTARG" ;;
    n) SIZE="$OPTARG" ;;
    r) RUNS="$OPTARG" ;;
    a) ALTERNATIONS="$OPTARG" ;;
    *) sed -n '2,14p' "$0"; exit 2 ;;
  esac
done
if ! command -v hyperfine >/dev/null; then
  echo "cold-agreement: hyperfine is not installed (apt-get install hyperfine, or cargo install hyperfine)" >&2
  exit 2
fi
BUILD="${SPEEDLAB_BUILD_DIR:-$ROOT/build}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
PY="$ROOT/.venv/bin/python"

export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 BLIS_NUM_THREADS=1 NUMEXPR_NUM_THREADS=1 \
  VECLIB_MAXIMUM_THREADS=1 PYTHONUNBUFFERED=1 SPEEDLAB_BUILD_DIR="$BUILD"
cd "$ROOT"
echo "== $WORKLOAD n=$SIZE: $ALTERNATIONS x ($RUNS speedlab cold runs, then $RUNS hyperfine runs) per impl"
for round in $(seq "$ALTERNATIONS"); do
  status=0
  "$ROOT/speedlab" run -w "$WORKLOAD" -i "$IMPLS" -s "$SIZE" -t 1 -r 1 --processes 1 --min-time 0 --warmup 0 \
    --budget 1e9 --timeout 3600 --cold-runs "$RUNS" --no-ceilings --results-dir "$WORK/reports" \
    >"$WORK/speedlab.log" 2>&1 || status=$?
  if [[ $status -ne 0 && $status -ne 1 ]]; then
    cat "$WORK/speedlab.log" >&2
    exit "$status"
  fi
  # One line per measured cell: impl, the launcher's walls, the runner's walls, the command (shell words)
  "$PY" - "$WORK/reports/latest/results.json" >"$WORK/cells.tsv" <<'PYTHON'
import json, shlex, sys
for cell in json.load(open(sys.argv[1]))["cells"]:
    cold = cell.get("cold") or {}
    if cell["status"] != "ok" or not cold.get("walls_s"):
        print(f"# {cell['impl']}: no cold time ({cell['status']}: {cell.get('reason') or cold.get('error', '')})",
              file=sys.stderr)
        continue
    walls = ",".join(map(str, cold["walls_s"]))
    runner = ",".join(map(str, cold.get("runner_walls_s") or []))
    print(f"{cell['impl']}\t{walls}\t{runner}\t{shlex.join(cold['command'])}")
PYTHON
  while IFS=$'\t' read -r impl walls runner command; do
    echo "$walls" | tr , '\n' >>"$WORK/$impl.speedlab"
    echo "$runner" | tr , '\n' >>"$WORK/$impl.runner"
    hyperfine -N --style none --warmup 1 --runs "$RUNS" --export-json "$WORK/$impl.$round.json" "$command" >/dev/null
    # The same processes timed by both: hyperfine times the launcher, which times the harness inside it and
    # writes its figure; --prepare collects the previous run's figure (the first is the warm-up's).
    usage="$WORK/$impl.usage"
    hyperfine -N --style none --warmup 1 --runs "$RUNS" --export-json "$WORK/$impl.$round.spawned.json" \
      --prepare "sh -c 'cat $usage >>$WORK/$impl.$round.spawned.log 2>/dev/null; rm -f $usage'" \
      "$BUILD/bin/speedlab_spawn $usage $command" >/dev/null
    cat "$usage" >>"$WORK/$impl.$round.spawned.log"
  done <"$WORK/cells.tsv"
done

printf '\n%-14s %14s %14s %14s %12s %8s %13s\n' impl "speedlab (s)" "runner (s)" "hyperfine (s)" "diff (ms)" diff \
  "allowed (ms)"
"$PY" - "$WORK" <<'PYTHON'
import glob, json, os, statistics, sys
work = sys.argv[1]
for path in sorted(glob.glob(os.path.join(work, "*.speedlab"))):
    impl = os.path.basename(path)[: -len(".speedlab")]
    speedlab = statistics.median(float(v) for v in open(path).read().split())
    runner_values = [float(v) for v in open(os.path.join(work, impl + ".runner")).read().split()]
    runner = statistics.median(runner_values) if runner_values else float("nan")
    times = [t for f in glob.glob(os.path.join(work, impl + ".*.json")) for t in json.load(open(f))["results"][0]["times"]]
    hyperfine = statistics.median(times)
    allowed = 1.0 + 0.01 * hyperfine * 1e3  # 1 ms + 1%
    print(f"{impl:<14} {speedlab:14.4f} {runner:14.4f} {hyperfine:14.4f} {(speedlab - hyperfine) * 1e3:+12.1f} "
          f"{(speedlab / hyperfine - 1) * 100:+7.1f}% {allowed:13.1f}")
print()
print(f"{'same processes':<14} {'pairs':>6} {'median diff (ms)':>17} {'max |diff| (ms)':>16}   (hyperfine - launcher)")
for path in sorted(glob.glob(os.path.join(work, "*.speedlab"))):
    impl = os.path.basename(path)[: -len(".speedlab")]
    diffs = []
    for log in sorted(glob.glob(os.path.join(work, impl + ".*.spawned.log"))):
        walls = [json.loads(line)["wall_s"] for line in open(log) if line.strip()][1:]  # the warm-up's first
        times = json.load(open(log.replace(".spawned.log", ".spawned.json")))["results"][0]["times"]
        diffs += [(t - w) * 1e3 for t, w in zip(times, walls)]
    if diffs:
        print(f"{impl:<14} {len(diffs):>6} {statistics.median(diffs):>+17.2f} {max(map(abs, diffs)):>16.2f}")
PYTHON
echo
echo "speedlab: the launcher's fork-to-reaped-exit median; runner: the runner's own spawn-to-exit (cross-check);"
echo "allowed: 1 ms + 1% of hyperfine's median"
