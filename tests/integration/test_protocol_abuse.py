"""Big and unusual input to the real `factorize` language over the protocol: a 1 MB cell, a
cell printing 100,000 lines, unicode and emoji in code and output. Each is answered and the
kernel keeps serving (the echo-kernel cases of malformed messages are in
test_protocol_robustness.py)."""
import time

import pytest

from conftest import collect_until_idle, install_kernelspec, run_cell, shell_reply, start_kernel

KERNEL = install_kernelspec("factorize-abuse")


@pytest.fixture(scope="module")
def kernel():
    km, kc = start_kernel(KERNEL)
    yield km, kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def stdout_of(messages) -> str:
    return "".join(m["content"]["text"] for m in messages
                   if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")


def still_serving(kc):
    reply, messages = run_cell(kc, "print(6 * 7)")
    assert reply["content"]["status"] == "ok"
    assert stdout_of(messages) == "42\n"


def test_one_megabyte_cell(kernel):
    km, kc = kernel
    # 1 MB of code: 40,000 assignments and a sum over the last of them.
    lines = [f"v{k:06d} = {k} + 1  # padding to make the cell big ..........." for k in range(16_000)]
    code = "\n".join(lines) + "\nprint(v015999 + v000000)\n"
    code += "#" * (1_000_000 - len(code)) + "\n"
    assert len(code.encode()) > 1_000_000
    reply, messages = run_cell(kc, code, timeout=120)
    assert reply["content"]["status"] == "ok", reply["content"]
    assert stdout_of(messages) == "16001\n"
    still_serving(kc)


def test_one_megabyte_invalid_cell_is_a_syntax_error(kernel):
    km, kc = kernel
    code = "x = (" + "1 + " * 250_000 + "\n"
    reply, messages = run_cell(kc, code, timeout=120)
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] in ("SyntaxError", "RecursionError"), reply["content"]["ename"]
    still_serving(kc)


def test_hundred_thousand_lines(kernel):
    km, kc = kernel
    start = time.monotonic()
    reply, messages = run_cell(kc, "for k in range(100000):\n    print('line', k)\n", timeout=120)
    elapsed = time.monotonic() - start
    assert reply["content"]["status"] == "ok"
    text = stdout_of(messages)
    lines = text.splitlines()
    assert len(lines) == 100_000
    assert lines[0] == "line 0" and lines[-1] == "line 99999"
    assert lines == [f"line {k}" for k in range(100_000)]
    # Batched, not one message per line.
    streams = [m for m in messages if m["msg_type"] == "stream"]
    assert len(streams) < 5_000, len(streams)
    assert elapsed < 60, elapsed
    still_serving(kc)


def test_unicode_and_emoji(kernel):
    km, kc = kernel
    code = "# Grüße, 日本語, 🎉\nname = 'café ☕ 🚀 naïve 𝔘𝔫𝔦𝔠𝔬𝔡𝔢'\nprint(name, len(name))\nname"
    reply, messages = run_cell(kc, code)
    assert reply["content"]["status"] == "ok", reply["content"]
    expected = "café ☕ 🚀 naïve 𝔘𝔫𝔦𝔠𝔬𝔡𝔢"
    assert stdout_of(messages) == f"{expected} {len(expected)}\n"
    results = [m for m in messages if m["msg_type"] == "execute_result"]
    assert results and results[0]["content"]["data"]["text/plain"] == repr(expected)

    # An error whose message holds emoji.
    reply, messages = run_cell(kc, "raise ValueError('bad 🍕 topping')")
    assert reply["content"]["ename"] == "ValueError"
    assert reply["content"]["evalue"] == "bad 🍕 topping"

    # Completion and inspection offsets count code points (an emoji is one).
    code = "s = '🎉🎉'; zi"
    msg_id = kc.complete(code, len(code))
    content = shell_reply(kc, msg_id)["content"]
    assert content["matches"] == ["zip"]
    assert (content["cursor_start"], content["cursor_end"]) == (len(code) - 2, len(code))
    still_serving(kc)
