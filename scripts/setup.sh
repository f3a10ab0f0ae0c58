#!/usr/bin/env bash
# The main job on a fresh machine: install everything, build, install the kernel, fetch the default
# dataset (MovieLens 100K) and run the tutorial notebook headlessly on the Factorize kernel.
# Writes out/tutorial.ipynb (the executed notebook) and prints each model's final validation metric.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
bash scripts/install-deps.sh
VENV="${FACTORIZE_VENV:-$here/.venv}"

echo "==> swift build -c release"
swift build -c release > /tmp/factorize-build.log 2>&1 || { grep -vE '^\[[0-9]+/[0-9]+\]' /tmp/factorize-build.log | tail -60; exit 1; }
bin="$(swift build -c release --show-bin-path)/factorize"

echo "==> install the kernelspec"
"$bin" install --user

DATA_DIR="${DATA_DIR:-$here/data/ml-100k}"
echo "==> dataset at $DATA_DIR"
"$VENV/bin/python" scripts/get_movielens_100k.py "$DATA_DIR"

mkdir -p out
echo "==> running notebooks/tutorial.ipynb (papermill, kernel factorize)"
"$VENV/bin/papermill" --log-level WARNING -k factorize --cwd notebooks \
    -p data_dir "$DATA_DIR" notebooks/tutorial.ipynb out/tutorial.ipynb
"$VENV/bin/python" scripts/summarize_notebook.py out/tutorial.ipynb
echo "==> executed notebook: out/tutorial.ipynb  (open it with: $VENV/bin/jupyter lab out/tutorial.ipynb)"
