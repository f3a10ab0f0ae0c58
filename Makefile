# Factorize: convenience targets. The build itself is SwiftPM (`swift build -c release`); set-up
# and tests are scripts/setup.sh and scripts/test.sh.
PYTHON ?= python3

MXVENV ?= /tmp/mxvenv

.PHONY: bench bench-quick release mxnet

# The release binary the benchmark measures (FACTORIZE_BIN overrides it).
release:
	bash scripts/install-deps.sh
	swift build -c release --product factorize

# MXNet 1.9.1 in its own venv (../shared/anchors/mxnet/setup.sh), once.
mxnet:
	test -x $(MXVENV)/bin/python || MXVENV=$(MXVENV) bash ../shared/anchors/mxnet/setup.sh

# Factorize vs MXNet 1.9.1 at MovieLens-20M scale (issue 5): writes bench/RESULTS.md.
# Builds the release binary and the MXNet venv first. Extra options: BENCH_ARGS="...".
bench: release mxnet
	$(PYTHON) bench/run_bench.py $(BENCH_ARGS)

# A quick check of the harness: 2M rows, one run each, report under /tmp.
bench-quick: release mxnet
	$(PYTHON) bench/run_bench.py --rows 2000000 --repeats 1 --no-tutorial --out /tmp/factorize-bench/RESULTS-quick.md $(BENCH_ARGS)
