"""Shared set-up for the integration tests: the factorize binary and temporary kernelspecs.

The binary is $FACTORIZE_BIN, else `factorize` in `swift build --show-bin-path` (build it first).
Kernelspecs are installed with `factorize install --prefix TMP` into a temporary directory that
is put first on JUPYTER_PATH (the xeus-zmq pattern), so nothing touches the user's Jupyter.
`install_kernelspec` is reusable: e.g. `install_kernelspec("factorize-test")` for the real language.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Set before anything imports jupyter_client's path machinery, so unittest-style classes
# (jupyter_kernel_test) that start kernels in setUpClass see the temporary specs too.
SPEC_PREFIX = Path(tempfile.mkdtemp(prefix="factorize-kernelspecs-"))
os.environ["JUPYTER_PATH"] = os.pathsep.join(
    [str(SPEC_PREFIX / "share" / "jupyter")] + [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p]
)

# Kernels started by the tests keep their history here, never in the user's history file.
os.environ.setdefault("FACTORIZE_HISTORY_FILE", str(SPEC_PREFIX / "history.json"))

ECHO_KERNEL = "factorize-echo-test"
ECHO_KERNEL_MESSAGE_INTERRUPT = "factorize-echo-test-message"


def factorize_binary() -> str:
    """The path of the factorize executable under test."""
    path = os.environ.get("FACTORIZE_BIN")
    if not path:
        bin_dir = subprocess.check_output(["swift", "build", "--show-bin-path"], cwd=ROOT, text=True).strip()
        path = os.path.join(bin_dir, "factorize")
    if not os.access(path, os.X_OK):
        raise RuntimeError(f"factorize binary not found at {path}: run `swift build` or set FACTORIZE_BIN")
    return path


def install_kernelspec(name: str, language: str | None = None, interrupt_mode: str = "signal") -> str:
    """Installs kernelspec `name` (running the binary under test) into the temporary prefix."""
    args = [factorize_binary(), "install", "--prefix", str(SPEC_PREFIX), "--name", name,
            "--interrupt-mode", interrupt_mode]
    if language:
        args += ["--language", language]
    subprocess.run(args, check=True, capture_output=True, text=True)
    return name


def pytest_sessionstart(session):
    install_kernelspec(ECHO_KERNEL, language="echo")
    install_kernelspec(ECHO_KERNEL_MESSAGE_INTERRUPT, language="echo", interrupt_mode="message")


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(SPEC_PREFIX, ignore_errors=True)


def start_kernel(name: str = ECHO_KERNEL, **kwargs):
    """Starts kernel `name`; returns (KernelManager, BlockingKernelClient), ready."""
    from jupyter_client.manager import start_new_kernel

    return start_new_kernel(kernel_name=name, startup_timeout=30, **kwargs)


@pytest.fixture
def echo_kernel():
    km, kc = start_kernel(ECHO_KERNEL)
    yield km, kc
    kc.stop_channels()
    km.shutdown_kernel(now=False)


def collect_until_idle(kc, msg_id: str, timeout: float = 10.0) -> list[dict]:
    """IOPub messages whose parent is `msg_id`, through its `status: idle` (inclusive)."""
    messages = []
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError(f"no idle for {msg_id}; got {[m['msg_type'] for m in messages]}")
        msg = kc.get_iopub_msg(timeout=remaining)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        messages.append(msg)
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return messages


def shell_reply(kc, msg_id: str, timeout: float = 10.0) -> dict:
    """The shell reply to `msg_id` (other replies are skipped)."""
    deadline = time.monotonic() + timeout
    while True:
        reply = kc.get_shell_msg(timeout=max(0.01, deadline - time.monotonic()))
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply


def run_cell(kc, code: str, timeout: float = 10.0, **kwargs):
    """Executes `code`; returns (execute_reply, IOPub messages through idle)."""
    msg_id = kc.execute(code, **kwargs)
    reply = shell_reply(kc, msg_id, timeout)
    return reply, collect_until_idle(kc, msg_id, timeout)


@pytest.fixture(scope="module")
def kernel(request):
    """A running kernel of the real language for one test module, under the module's KERNEL
    kernelspec name (installed here); yields (KernelManager, BlockingKernelClient)."""
    name = install_kernelspec(getattr(request.module, "KERNEL", "factorize-test"))
    km, kc = start_kernel(name)
    yield km, kc
    kc.stop_channels()
    km.shutdown_kernel(now=False)
