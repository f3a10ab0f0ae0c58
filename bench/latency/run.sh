#!/usr/bin/env bash
# Latency of Factorize side by side with ipykernel (issue 4): kernel start to the first
# kernel_info_reply, and the round trip of a trivial execute_request (send -> status idle).
#
# Usage: bash bench/latency/run.sh
#   FACTORIZE_BIN   the factorize binary (default /tmp/factorize-snapshot/factorize when it
#                   exists, else .build/release/factorize)
#   LATENCY_VENV    a venv with jupyter_client and ipykernel (default: the repo's .venv, else
#                   /tmp/fzvenv, else bench/latency/.venv; created and given the anchor's pins of
#                   jupyter_client, ipykernel and pyzmq when it lacks them)
#   REPS            repetitions; each runs ipykernel then Factorize, interleaved (default 3)
#   RUNS            trivial executes per repetition (default 200); STARTUPS launches (default 5)
#   RESULTS         the markdown written (default bench/latency/RESULTS.md)
#
# It calls ../shared/anchors/jupyter/latency.py (not copied), installs both kernelspecs into a
# temporary JUPYTER_PATH prefix (nothing touches the user's Jupyter), and writes
# bench/latency/RESULTS.md plus the raw JSON under bench/latency/raw/ (not committed).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
ANCHOR="${LATENCY_ANCHOR:-$ROOT/../shared/anchors/jupyter}"
if [ -z "${FACTORIZE_BIN:-}" ]; then
  FACTORIZE_BIN=/tmp/factorize-snapshot/factorize
  [ -x "$FACTORIZE_BIN" ] || FACTORIZE_BIN="$ROOT/.build/release/factorize"
fi
if [ -z "${LATENCY_VENV:-}" ]; then
  for candidate in "$ROOT/.venv" /tmp/fzvenv "$HERE/.venv"; do
    LATENCY_VENV="$candidate"
    [ -x "$candidate/bin/python" ] && break
  done
fi
REPS="${REPS:-3}"
RUNS="${RUNS:-200}"
STARTUPS="${STARTUPS:-5}"
RESULTS="${RESULTS:-$HERE/RESULTS.md}"
PY="$LATENCY_VENV/bin/python"

[ -f "$ANCHOR/latency.py" ] || { echo "latency.py not found in $ANCHOR (set LATENCY_ANCHOR)" >&2; exit 1; }
[ -x "$FACTORIZE_BIN" ] || { echo "factorize binary not found at $FACTORIZE_BIN (set FACTORIZE_BIN)" >&2; exit 1; }
if ! "$PY" -c "import jupyter_client, ipykernel" 2>/dev/null; then
  echo "setting up $LATENCY_VENV (jupyter_client, ipykernel at the anchor's versions)"
  [ -x "$PY" ] || python3 -m venv "$LATENCY_VENV"
  pins=$(grep -E '^(jupyter_client|ipykernel|pyzmq)==' "$ANCHOR/requirements.txt")
  # shellcheck disable=SC2086
  "$LATENCY_VENV/bin/pip" install -q $pins
fi

SPECS="$(mktemp -d /tmp/factorize-latency-XXXXXX)"
trap 'rm -rf "$SPECS"' EXIT
export JUPYTER_PATH="$SPECS/share/jupyter"
export JUPYTER_RUNTIME_DIR="$SPECS/runtime"
export FACTORIZE_HISTORY_FILE="$SPECS/history.json"
"$PY" -m ipykernel install --prefix "$SPECS" --name latency-ipykernel >/dev/null 2>&1
"$FACTORIZE_BIN" install --prefix "$SPECS" --name latency-factorize >/dev/null

# The Factorize language has its own print; only the cases both kernels run are timed.
cat > "$SPECS/profile.json" <<'JSON'
{"setup": null, "png100k": null, "first_stream": null, "first_stream_noflush": null,
 "trivial": "x = 1",
 "print1000": "for i in range(1000):\n    print(f'step {i} loss=0.123456 acc=0.987654')"}
JSON

RAW="$HERE/raw"
rm -rf "$RAW"; mkdir -p "$RAW"
for rep in $(seq 1 "$REPS"); do
  for kernel in ipykernel factorize; do
    echo "== repetition $rep/$REPS: $kernel"
    profile=()
    [ "$kernel" = factorize ] && profile=(--profile "$SPECS/profile.json")
    "$PY" "$ANCHOR/latency.py" "latency-$kernel" "${profile[@]}" --cases trivial,print1000 \
      --runs "$RUNS" --warmup 10 --startups "$STARTUPS" --json "$RAW/$kernel-$rep.json" 2>/dev/null
  done
done

"$PY" "$HERE/summarize.py" "$RAW" "$FACTORIZE_BIN" > "$RESULTS"
cat "$RESULTS"
