#!/usr/bin/env bash
# Installs what Factorize needs on a fresh Debian machine (as root, or with sudo):
# the three C libraries of DESIGN.md and a Python venv with the Jupyter stack for tests and notebooks.
# Idempotent: a second run only checks.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
VENV="${FACTORIZE_VENV:-$here/.venv}"
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

apt_packages=(libzmq3-dev libopenblas-dev libpng-dev libfreetype-dev fonts-dejavu-core libedit-dev pkg-config python3-venv
              chromium chromium-driver)  # the last two: the JupyterLab browser test (Selenium)
missing=()
for p in "${apt_packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "==> apt-get install ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -x "$VENV/bin/python" ]; then
    echo "==> python venv at $VENV"
    python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c "import jupyter_client, nbclient, nbformat, jupyter_kernel_test, pytest, papermill, numpy, nbconvert, jupyter_console, jupyterlab, selenium" 2>/dev/null; then
    echo "==> pip install (Jupyter stack, JupyterLab, Selenium, pytest, numpy)"
    "$VENV/bin/pip" install -q --disable-pip-version-check -r "$here/tests/requirements.txt"
fi
