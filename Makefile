# speedlab: the front door.
#   make bench      install what is missing, build, run the quick preset, write the report
#   make test       install what is missing, build, run every test through ctest
#   make reproduce  re-measure the published comparison tables (see README)
#   make clean      remove the build tree (results under reports/runs are kept)
#
# Knobs: BUILD_DIR, BUILD_TYPE, JOBS, PRESET, and SPEEDLAB_ARGS (extra `speedlab run` options).

BUILD_DIR  ?= build
BUILD_TYPE ?= Release
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
PRESET     ?= quick
VENV       ?= .venv
PYTHON     := $(VENV)/bin/python
SPEEDLAB   := ./speedlab
CMAKE_ARGS ?=

.PHONY: all deps build bench test reproduce clean help

all: build

help:
	@sed -n '2,8p' Makefile

deps:
	@docker/install-deps.sh $(DEPS_FLAGS)

$(BUILD_DIR)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) \
	      -DPython_EXECUTABLE=$(abspath $(PYTHON)) $(CMAKE_ARGS)

build: deps $(BUILD_DIR)/CMakeCache.txt
	cmake --build $(BUILD_DIR) -j $(JOBS)

bench: build
	$(SPEEDLAB) run --preset $(PRESET) $(SPEEDLAB_ARGS)

# The tests also need Chromium (report.html is checked in a real headless browser).
test: DEPS_FLAGS = --test
test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

reproduce: build
	$(SPEEDLAB) reproduce --all

clean:
	rm -rf $(BUILD_DIR)
