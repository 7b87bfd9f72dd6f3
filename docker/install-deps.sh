#!/usr/bin/env bash
# Installs what speedlab needs, and only what is missing:
#   1. Debian packages (compilers, Eigen, OpenBLAS, Google Benchmark, Catch2, JDK, JUnit)
#   2. a Python virtual environment at .venv with the pinned requirements.txt
#   3. speedlab itself into that environment, editable (pip install -e .: the `speedlab` command, and
#      the runner, the Python harness and the references importable without any PYTHONPATH)
# The Makefile (make bench / make test), .ci/run and docker/Dockerfile all call
# this one script, so a laptop, CI and the container are set up the same way.
# Safe to run again: it checks before it installs.
set -euo pipefail

# Usage: docker/install-deps.sh [--test] [--list-missing]
#   --test          also what only the tests need (Chromium, to check that report.html renders;
#                   clang-format, for the C++ format check)
#   --list-missing  print the Debian packages whose probe fails, one a line, and change nothing
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WITH_TEST_DEPS=0
LIST_MISSING=0
for arg in "$@"; do
  case "$arg" in
    --test) WITH_TEST_DEPS=1 ;;
    --list-missing) LIST_MISSING=1 ;;
    *) echo "usage: $0 [--test] [--list-missing]" >&2; exit 2 ;;
  esac
done
PYTHON="${PYTHON:-python3}"
VENV="${VENV:-$ROOT/.venv}"

say() { printf '[install-deps] %s\n' "$*" >&2; }
die() { printf '[install-deps] error: %s\n' "$*" >&2; exit 1; }

# --- 1. Debian packages --------------------------------------------------------
# Each entry: package name, then a command that proves it is already usable
# (so a machine that has a tool from elsewhere, e.g. a JDK from SDKMAN, is not
# forced to install Debian's copy).
# Each package is probed for itself, with the finder the build uses (CMake's
# pkg_check_modules / find_package read the same .pc and config files), never by
# a file that another package also ships: the reference BLAS (libblas-dev) ships
# a cblas.h too, and a cblas.h probe once skipped OpenBLAS on such a machine.
# tests/python/test_install_probes.py checks that every CMake requirement has
# a probe here.
DEB_PACKAGES=(
  "g++|command -v g++"
  "make|command -v make"
  "cmake|command -v cmake"
  "pkg-config|command -v pkg-config"
  "libeigen3-dev|pkg-config --exists eigen3"
  "libopenblas-dev|pkg-config --exists openblas"
  "libbenchmark-dev|pkg-config --exists benchmark"
  "catch2|pkg-config --exists catch2 || pkg-config --exists catch2-with-main"
  "nlohmann-json3-dev|pkg-config --exists nlohmann_json"
  "openjdk-17-jdk-headless|command -v javac"
  "junit5|test -f /usr/share/java/junit-platform-console-standalone.jar"
  "python3-venv|$PYTHON -c 'import ensurepip, venv'"
  "python3-dev|$PYTHON -c 'import os, sys, sysconfig; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()[\"include\"], \"Python.h\")))'"
)

if ((WITH_TEST_DEPS)); then
  DEB_PACKAGES+=("chromium|command -v chromium || command -v chromium-browser || command -v google-chrome")
  DEB_PACKAGES+=("clang-format|command -v clang-format")  # the C++ format check (.clang-format)
fi

missing=()
for entry in "${DEB_PACKAGES[@]}"; do
  pkg="${entry%%|*}"; probe="${entry#*|}"
  if ! bash -c "$probe" >/dev/null 2>&1; then missing+=("$pkg"); fi
done
if ((LIST_MISSING)); then
  ((${#missing[@]})) && printf '%s\n' "${missing[@]}"
  exit 0
fi

if ((${#missing[@]})); then
  say "installing Debian packages: ${missing[*]}"
  if ! command -v apt-get >/dev/null; then
    die "missing ${missing[*]} and this is not a Debian/Ubuntu system: install them with your package manager"
  fi
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || die "missing ${missing[*]}: run 'sudo apt-get install ${missing[*]}' (no sudo found)"
    SUDO="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  say "Debian packages: all present"
fi

# Optional: installed where the distribution has them under this name, skipped (with what that costs) where not.
# perf is only for `speedlab profile` of C++ impls, which says "perf is not available" and how to get it;
# Debian calls it linux-perf, Ubuntu ships it per kernel (linux-tools-$(uname -r)).
OPTIONAL_PACKAGES=("linux-perf|command -v perf|speedlab profile of C++ impls will say perf is not available")
if ((!LIST_MISSING)) && command -v apt-get >/dev/null; then
  for entry in "${OPTIONAL_PACKAGES[@]}"; do
    IFS='|' read -r pkg probe without <<<"$entry"
    bash -c "$probe" >/dev/null 2>&1 && continue
    SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
    if [[ -n "$(apt-cache policy "$pkg" 2>/dev/null | grep -v '(none)' | grep Candidate)" ]] &&
       $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null 2>&1; then
      say "installed optional $pkg"
    else
      say "optional $pkg not installed: $without"
    fi
  done
fi

# --- 2. Python virtual environment -------------------------------------------
"$PYTHON" - <<'EOF' || die "speedlab needs Python >= 3.11 (for tomllib); set PYTHON=/path/to/python3.11"
import sys
sys.exit(0 if sys.version_info >= (3, 11) else 1)
EOF

if [[ ! -x "$VENV/bin/python" ]]; then
  say "creating $VENV"
  "$PYTHON" -m venv "$VENV"
fi

stamp="$VENV/.requirements.sha256"
want="$(sha256sum "$ROOT/requirements.txt" | cut -d' ' -f1)"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
  say "installing Python packages from requirements.txt"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$ROOT/requirements.txt"
  echo "$want" >"$stamp"
else
  say "Python packages: up to date"
fi

# --- 3. speedlab itself, editable ---------------------------------------------
# pip install -e . only when the environment's speedlab is not this checkout's, or pyproject.toml changed
# (a new package or entry point): the check is one Python start, so a second run stays fast. --no-deps:
# step 2 installed the pinned versions; --no-build-isolation: setuptools comes from requirements.txt too,
# so nothing is fetched to build.
stamp="$VENV/.speedlab-editable"
want="$ROOT $(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1)"
installed_from="$("$VENV/bin/python" -c 'import importlib.util as u; s = u.find_spec("speedlab"); print(s.origin if s else "")' 2>/dev/null || true)"
if [[ "$installed_from" != "$ROOT/runner/speedlab/__init__.py" || ! -x "$VENV/bin/speedlab" || ! -f "$stamp" \
      || "$(cat "$stamp")" != "$want" ]]; then
  say "installing speedlab from $ROOT (pip install -e .)"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e "$ROOT"
  echo "$want" >"$stamp"
else
  say "speedlab: installed from this checkout"
fi
