#!/usr/bin/env bash
# Does speedlab's cold time agree with hyperfine's? Both time whole processes of the same harness command,
# RUNS times each, and report the median; this prints both medians and their difference per impl.
#
#   scripts/cold-agreement.sh [-w WORKLOAD] [-i IMPLS] [-n SIZE] [-r RUNS]
#   defaults: -w leibniz_pi -i cpp.naive,java.loops,python.loops -n 100000000 -r 10
#
# speedlab runs first (`speedlab run --cold-runs RUNS`, one warm repetition, no budget); the cold command of
# each cell is read back from results.json (cells[].cold.command: exactly what the runner started, through
# build/bin/speedlab_spawn) and given to `hyperfine -N` with the environment the runner gives a harness
# (thread counts pinned to 1, PYTHONPATH), from the repository root, after one warm-up process (speedlab's
# cold runs follow the cell's warm run, so the page cache is warm for both). Run it on a quiet machine.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORKLOAD=leibniz_pi
IMPLS=cpp.naive,java.loops,python.loops
SIZE=100000000
RUNS=10
while getopts "w:i:n:r:h" option; do
  case "$option" in
    w) WORKLOAD="$OPTARG" ;;
    i) IMPLS="$OPTARG" ;;
    n) SIZE="$OPTARG" ;;
    r) RUNS="$OPTARG" ;;
    *) sed -n '2,12p' "$0"; exit 2 ;;
  esac
done
if ! command -v hyperfine >/dev/null; then
  echo "cold-agreement: hyperfine is not installed (apt-get install hyperfine, or cargo install hyperfine)" >&2
  exit 2
fi
BUILD="${SPEEDLAB_BUILD_DIR:-$ROOT/build}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

echo "== speedlab: $WORKLOAD n=$SIZE, $RUNS cold runs per impl"
status=0
"$ROOT/speedlab" run -w "$WORKLOAD" -i "$IMPLS" -s "$SIZE" -t 1 -r 1 --min-time 0 --warmup 0 --budget 1e9 \
  --timeout 3600 --cold-runs "$RUNS" --no-ceilings --results-dir "$WORK/reports" >"$WORK/speedlab.log" 2>&1 || status=$?
if [[ $status -ne 0 && $status -ne 1 ]]; then
  cat "$WORK/speedlab.log" >&2
  exit "$status"
fi

# One line per measured cell: impl <TAB> speedlab median <TAB> runner cross-check median <TAB> command (shell words)
"$ROOT/.venv/bin/python" - "$WORK/reports/latest/results.json" >"$WORK/cells.tsv" <<'EOF'
import json, shlex, statistics, sys
for cell in json.load(open(sys.argv[1]))["cells"]:
    cold = cell.get("cold") or {}
    if cell["status"] != "ok" or not cold.get("walls_s"):
        print(f"# {cell['impl']}: no cold time ({cell['status']}: {cell.get('reason') or cold.get('error', '')})",
              file=sys.stderr)
        continue
    runner = statistics.median(cold["runner_walls_s"]) if cold.get("runner_walls_s") else float("nan")
    print(f"{cell['impl']}\t{statistics.median(cold['walls_s'])}\t{runner}\t{shlex.join(cold['command'])}")
EOF

export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 BLIS_NUM_THREADS=1 NUMEXPR_NUM_THREADS=1 \
  VECLIB_MAXIMUM_THREADS=1 PYTHONUNBUFFERED=1 PYTHONPATH="$ROOT:$BUILD/python${PYTHONPATH:+:$PYTHONPATH}"
cd "$ROOT"
printf '\n%-14s %14s %14s %14s %12s %8s\n' impl "speedlab (s)" "runner (s)" "hyperfine (s)" "diff (ms)" "diff"
while IFS=$'\t' read -r impl speedlab runner command; do
  hyperfine -N --style none --warmup 1 --runs "$RUNS" --export-json "$WORK/$impl.json" "$command" >/dev/null
  "$ROOT/.venv/bin/python" - "$WORK/$impl.json" "$impl" "$speedlab" "$runner" <<'EOF'
import json, sys
path, impl, speedlab, runner = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
hyperfine = json.load(open(path))["results"][0]["median"]
print(f"{impl:<14} {speedlab:14.4f} {runner:14.4f} {hyperfine:14.4f} {(speedlab - hyperfine) * 1e3:+12.1f} "
      f"{(speedlab / hyperfine - 1) * 100:+7.1f}%")
EOF
done <"$WORK/cells.tsv"
echo
echo "speedlab: the launcher's fork-to-reaped-exit median; runner: the runner's own spawn-to-exit (cross-check)"
