#!/usr/bin/env bash
# The GPU part of speedlab, in one go, on a machine with an NVIDIA GPU:
#   1. build, CUDA for this GPU's architecture only (CMAKE_CUDA_ARCHITECTURES=native) and without
#      the C++ instruction-set builds, into build-gpu/ (the usual build/ is left alone);
#   2. the GPU tests: ctest -L gpu (CUDA kernels, float32, TF32 and BF16 each within its own format's
#      bounds, the CUB sort on fresh inputs), the harness checks (a manual-timing body, as every cuda.*
#      body is, through the real C++ harness and the runner), and the cross-language agreement of every
#      cuda.* impl at every dtype it declares;
#   3. the GPU benchmarks: preset gpu (benchmarks/suite.toml) for matmul (cuBLAS float64, float32,
#      TF32, BF16), stream_triad, nbody, transfer (host <-> device, pageable and pinned) and the other
#      workloads' CUDA impls, beside the best CPU tiers, so the report can find the crossovers;
#   4. the report into reports/samples/<date>_<GPU name>/ (report.md, report.html, results.json,
#      charts/, gpu-check.log) -- commit that folder. Its GPU rows read "(kernel only)" with the
#      end-to-end time beside them; its ceilings give the GPU's FP64 peak with the tensor cores counted
#      (what cuBLAS DGEMM runs on) and DGEMM/SGEMM measured on random matrices.
#
#   scripts/gpu-check.sh                 # everything above (about 10 minutes on a 16-core host)
#   WORKLOADS=matmul,transfer scripts/gpu-check.sh    # fewer workloads, shorter
#   SPEEDLAB_ARGS="-r 3" scripts/gpu-check.sh         # extra `speedlab run` options
#
# Needs: nvidia-smi and a working driver, nvcc (CUDA 12 or 13), and what `make build` needs (the
# Debian packages and .venv of docker/install-deps.sh; on a machine without network, bring .venv).
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build-gpu}
JOBS=${JOBS:-$(nproc)}
WORKLOADS=${WORKLOADS:-matmul,stream_triad,nbody,transfer,leibniz_pi,mandelbrot,stencil2d,sort}
# The CPU side of each comparison: the fastest tiers (the crossover is against the best CPU time), not
# the interpreted or naive ones (those only get extrapolated at these sizes).
IMPLS=${IMPLS:-'cuda.*,cpp.openblas,cpp.tiled,cpp.openmp,cpp.eigen,cpp.simd,cpp.parallel,cpp.std,cpp.memcpy,python.numpy'}

GPU=$(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null | head -1) || true
if [ -z "$GPU" ]; then
  echo "gpu-check: no NVIDIA GPU here (nvidia-smi found none); run this on a machine with one" >&2
  exit 1
fi
command -v nvcc >/dev/null || export PATH="/usr/local/cuda/bin:$PATH"
command -v nvcc >/dev/null || { echo "gpu-check: nvcc not found (install the CUDA toolkit)" >&2; exit 1; }

if [ ! -x .venv/bin/python ]; then
  echo "gpu-check: no .venv yet: running docker/install-deps.sh (needs network for apt and pip)"
  docker/install-deps.sh
fi

STAMP=$(date -u +%Y-%m-%d)
SLUG=$(echo "${GPU%%,*}" | tr -cs 'A-Za-z0-9' '-' | sed 's/^-//; s/-$//')
SAMPLE="reports/samples/${STAMP}_${SLUG}"
mkdir -p "$SAMPLE"
LOG="$SAMPLE/gpu-check.log"
echo "gpu-check: $GPU -> $SAMPLE" | tee "$LOG"

{
  echo "== build ($BUILD_DIR, CUDA architectures: native)"
  cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CUDA_ARCHITECTURES=native \
        -DSPEEDLAB_ISA_VARIANTS=OFF -DPython_EXECUTABLE="$PWD/.venv/bin/python"
  cmake --build "$BUILD_DIR" -j "$JOBS"
  grep -q '"cuda": true' "$BUILD_DIR/speedlab_build_info.json" || { echo "gpu-check: CUDA was not built"; exit 1; }
} 2>&1 | tee -a "$LOG"

# A failing test does not stop the benchmarks (every cell is validated anyway); it sets the exit status.
status=0
{
  echo "== GPU tests"
  (cd "$BUILD_DIR" && ctest -L gpu --output-on-failure && ctest -R "manual-timing" --output-on-failure)
  SPEEDLAB_BUILD_DIR="$PWD/$BUILD_DIR" \
    .venv/bin/python -m pytest -q -p no:cacheprovider tests/python/test_harness_check.py \
    tests/python/test_agreement.py -k "cuda or harness_check or sort_inputs" -rs
} 2>&1 | tee -a "$LOG" || status=$?

echo "== GPU benchmarks (preset gpu: $WORKLOADS)" | tee -a "$LOG"
RESULTS=$(mktemp -d)
# shellcheck disable=SC2086
./speedlab --build-dir "$BUILD_DIR" run --preset gpu -w "$WORKLOADS" -i "$IMPLS" --results-dir "$RESULTS" \
  ${SPEEDLAB_ARGS:-} 2>&1 | tee -a "$LOG" || status=$?

if [ ! -e "$RESULTS/latest" ]; then
  echo "gpu-check: the run wrote no results (see $LOG)" | tee -a "$LOG"
  exit 1
fi
RUN=$(readlink -f "$RESULTS/latest")
cp -r "$RUN"/results.json "$RUN"/results.csv "$RUN"/report.md "$RUN"/report.html "$RUN"/charts "$SAMPLE"/
rm -rf "$RESULTS"
echo "gpu-check: wrote $SAMPLE (report.md names the GPU: $GPU); commit it" | tee -a "$LOG"
exit $status
