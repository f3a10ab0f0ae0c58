"""Interrupts (signal and message modes), shutdown, SIGTERM and the ipc transport."""
import os
import signal
import time

import pytest
from jupyter_client.manager import KernelManager

from conftest import ECHO_KERNEL, ECHO_KERNEL_MESSAGE_INTERRUPT, collect_until_idle, run_cell, shell_reply, start_kernel


def wait_for_stream(kc, msg_id, text, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        msg = kc.get_iopub_msg(timeout=deadline - time.monotonic())
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream":
            assert text in msg["content"]["text"]
            return
    raise TimeoutError(text)


@pytest.mark.parametrize("kernel_name", [ECHO_KERNEL, ECHO_KERNEL_MESSAGE_INTERRUPT])
def test_interrupt_stops_the_cell_and_keeps_the_kernel(kernel_name):
    km, kc = start_kernel(kernel_name)
    try:
        run_cell(kc, "warm up")
        msg_id = kc.execute("started\nsleep:30\nnot reached")
        wait_for_stream(kc, msg_id, "started")
        start = time.monotonic()
        km.interrupt_kernel()  # SIGINT to the process group, or interrupt_request on control
        reply = shell_reply(kc, msg_id, timeout=10)
        assert time.monotonic() - start < 3
        assert reply["content"]["status"] == "error"
        assert reply["content"]["ename"] == "KeyboardInterrupt"
        messages = collect_until_idle(kc, msg_id)
        errors = [m["content"]["ename"] for m in messages if m["msg_type"] == "error"]
        assert errors == ["KeyboardInterrupt"]
        assert "not reached" not in str([m["content"] for m in messages])
        # the session survives, and a later cell is not hit by a stale interrupt
        reply, messages = run_cell(kc, "sleep:0.2\nalive")
        assert reply["content"]["status"] == "ok"
        assert reply["content"]["execution_count"] == 3
        assert km.is_alive()
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_interrupt_request_is_answered_on_control_while_busy():
    km, kc = start_kernel(ECHO_KERNEL_MESSAGE_INTERRUPT)
    try:
        msg_id = kc.execute("started\nsleep:30")
        wait_for_stream(kc, msg_id, "started")
        # kernel_info on control is answered while the cell runs
        info = kc.session.msg("kernel_info_request", {})
        kc.control_channel.send(info)
        assert kc.get_control_msg(timeout=2)["msg_type"] == "kernel_info_reply"
        request = kc.session.msg("interrupt_request", {})
        kc.control_channel.send(request)
        reply = kc.get_control_msg(timeout=2)
        assert reply["msg_type"] == "interrupt_reply"
        assert reply["parent_header"]["msg_id"] == request["header"]["msg_id"]
        assert reply["content"] == {"status": "ok"}
        assert shell_reply(kc, msg_id, timeout=5)["content"]["ename"] == "KeyboardInterrupt"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def wait_for_exit(km, timeout=5.0):
    deadline = time.monotonic() + timeout
    while km.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    return not km.is_alive()


@pytest.mark.parametrize("channel", ["control", "shell"])
def test_shutdown_request(channel):
    km, kc = start_kernel(ECHO_KERNEL)
    try:
        msg = kc.session.msg("shutdown_request", {"restart": False})
        getattr(kc, f"{channel}_channel").send(msg)
        reply = kc.get_control_msg(timeout=5) if channel == "control" else shell_reply(kc, msg["header"]["msg_id"])
        assert reply["msg_type"] == "shutdown_reply"
        assert reply["content"] == {"status": "ok", "restart": False}
        assert wait_for_exit(km), "the kernel did not exit after shutdown_request"
        assert km.provisioner.process.returncode == 0
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_shutdown_while_a_cell_runs():
    km, kc = start_kernel(ECHO_KERNEL)
    try:
        msg_id = kc.execute("started\nsleep:60")
        wait_for_stream(kc, msg_id, "started")
        start = time.monotonic()
        km.shutdown_kernel(now=False)  # shutdown_request on control, then waits
        assert time.monotonic() - start < 3
        assert not km.is_alive()
    finally:
        kc.stop_channels()


def test_restart_keeps_working():
    km, kc = start_kernel(ECHO_KERNEL)
    try:
        run_cell(kc, "one")
        km.restart_kernel(now=False)
        kc.wait_for_ready(timeout=30)
        reply, _ = run_cell(kc, "fresh")
        assert reply["content"]["execution_count"] == 1
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_sigterm_exits_cleanly():
    km, kc = start_kernel(ECHO_KERNEL)
    try:
        os.kill(km.provisioner.process.pid, signal.SIGTERM)
        assert wait_for_exit(km)
        assert km.provisioner.process.returncode == 0
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_ipc_transport(tmp_path):
    km = KernelManager(kernel_name=ECHO_KERNEL, transport="ipc", ip=str(tmp_path / "kernel"))
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=30)
        reply, messages = run_cell(kc, "over ipc")
        assert reply["content"]["status"] == "ok"
        assert [m["content"]["text"] for m in messages if m["msg_type"] == "stream"] == ["over ipc\n"]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
