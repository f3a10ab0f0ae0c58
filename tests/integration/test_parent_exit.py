"""A kernel whose Jupyter parent dies without shutting it down exits by itself (ipykernel's
parent poller): jupyter_client sets JPY_PARENT_PID, and once that process is gone nobody can
reach the kernel any more."""
import os
import subprocess
import sys
import time

from conftest import ECHO_KERNEL, install_kernelspec

KERNEL = install_kernelspec("factorize-parent-exit")

PARENT = """
import os, sys
from jupyter_client import KernelManager
km = KernelManager(kernel_name=sys.argv[1])
km.start_kernel()
kc = km.client()
kc.start_channels()
kc.wait_for_ready(timeout=30)
print(km.provisioner.process.pid, flush=True)
os._exit(0)   # dies without a shutdown_request
"""


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:   # a zombie is gone for our purpose
        return stat.read().split(") ")[-1][0] != "Z"


def test_kernel_exits_when_its_jupyter_parent_dies():
    for name in (KERNEL, ECHO_KERNEL):
        out = subprocess.run([sys.executable, "-c", PARENT, name], capture_output=True, text=True,
                             timeout=60, env=os.environ)
        assert out.returncode == 0, out.stderr[-2000:]
        pid = int(out.stdout.split()[-1])
        deadline = time.monotonic() + 15
        while alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        still = alive(pid)
        if still:
            os.kill(pid, 9)
        assert not still, f"{name}: the kernel outlived its parent"
