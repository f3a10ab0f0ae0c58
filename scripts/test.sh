#!/usr/bin/env bash
# Runs every test: Swift unit tests and the Python integration tests against the release build.
# One release build serves all of them. Usage: bash scripts/test.sh
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
bash scripts/install-deps.sh
VENV="${FACTORIZE_VENV:-$here/.venv}"

echo "==> swift build -c release (product and tests)"
swift build -c release --build-tests > /tmp/factorize-build.log 2>&1 || { grep -vE '^\[[0-9]+/[0-9]+\]' /tmp/factorize-build.log | tail -80; echo "build failed"; exit 1; }
echo "==> swift test (release)"
rc=0
swift test -c release --skip-build > /tmp/factorize-swift-test.log 2>&1 || rc=$?
grep -vE "^Test Case '.*' (started|passed)|^\[[0-9]+/[0-9]+\]" /tmp/factorize-swift-test.log || true
[ "$rc" = 0 ] || { echo "swift test failed ($rc)"; exit "$rc"; }
bin="$(swift build -c release --show-bin-path)/factorize"

if ls tests/integration/test_*.py >/dev/null 2>&1; then
    echo "==> integration tests (pytest)"
    FACTORIZE_BIN="$bin" "$VENV/bin/python" -m pytest -q tests/integration
fi
