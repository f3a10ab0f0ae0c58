# Factorize: convenience targets. The build itself is SwiftPM (`swift build -c release`); set-up
# and tests are scripts/setup.sh and scripts/test.sh.
PYTHON ?= python3

.PHONY: bench bench-quick

# Factorize vs MXNet 1.9.1 at MovieLens-20M scale (issue 5): writes bench/RESULTS.md.
# Needs the MXNet venv (bash ../shared/anchors/mxnet/setup.sh) and a release binary
# (FACTORIZE_BIN, default /tmp/factorize-snapshot/factorize). Extra options: BENCH_ARGS="...".
bench:
	$(PYTHON) bench/run_bench.py $(BENCH_ARGS)

# A quick check of the harness: 2M rows, one run each, report under /tmp.
bench-quick:
	$(PYTHON) bench/run_bench.py --rows 2000000 --repeats 1 --out /tmp/factorize-bench/RESULTS-quick.md $(BENCH_ARGS)
