"""jupyter_kernel_test 0.7's full suite against the real `factorize` language (not the echo
kernel): every sample attribute the suite offers is set,
plus IopubWelcomeTests. History is kept in a temporary file ($FACTORIZE_HISTORY_FILE), so the
`range` check sees absolute session numbers, and a restart test checks it survives the kernel."""
import os
import tempfile
from pathlib import Path

import jupyter_kernel_test as jkt

from conftest import install_kernelspec, run_cell, shell_reply, start_kernel

HISTORY_DIR = Path(tempfile.mkdtemp(prefix="factorize-history-"))
os.environ["FACTORIZE_HISTORY_FILE"] = str(HISTORY_DIR / "history.json")

KERNEL = install_kernelspec("factorize-conformance")


class FactorizeKernelTests(jkt.KernelTests):
    kernel_name = KERNEL
    language_name = "python"
    file_extension = ".py"

    code_hello_world = "print('hello, world')"
    # Python's logging writes WARNING records to stderr.
    code_stderr = "import logging\nlogging.warning('test')"

    completion_samples = [
        {"text": "zi", "matches": {"zip"}},
        {"text": "isinst", "matches": {"isinstance"}},
        {"text": "qqqzzz", "matches": set()},
    ]
    complete_code_samples = ["1", "print('hello, world')", "def f(x):\n  return x*2\n\n\n",
                             "for i in range(3):\n    print(i)\n\n"]
    incomplete_code_samples = ["print('''hello", "def f(x):\n  x*2", "for i in range(3):", "x = [1,"]
    invalid_code_samples = ["import = 7q", "1 +* 2"]

    code_page_something = "print?"

    code_generate_error = "raise ValueError('boom')"

    code_execute_result = [
        {"code": "1+2+3", "result": "6"},
        {"code": "[n*n for n in range(1, 4)]", "result": "[1, 4, 9]"},
        {"code": "import pandas as pd\npd.DataFrame({'a': [1, 2]})", "mime": "text/html"},
    ]

    code_display_data = [
        {"code": "import matplotlib.pyplot as plt\nplt.plot([1, 2, 3])\nplt.show()", "mime": "image/png"},
    ]

    code_history_pattern = "1?2*"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "zip"

    code_clear_output = "from IPython.display import clear_output\nclear_output()"


class FactorizeKernelWelcome(jkt.IopubWelcomeTests):
    kernel_name = KERNEL
    support_iopub_welcome = True


def _history(kc, **content):
    msg_id = kc.history(**content)
    return shell_reply(kc, msg_id)["content"]["history"]


def test_pager_payload_text_is_help_text():
    km, kc = start_kernel(KERNEL)
    try:
        reply, outputs = run_cell(kc, "len?")
        payload = reply["content"]["payload"]
        assert len(payload) == 1 and payload[0]["source"] == "page"
        assert "len" in payload[0]["data"]["text/plain"]
        assert not [m for m in outputs if m["msg_type"] == "stream"], "help went to stdout, not the pager"
        # An unknown name is an error, not a page.
        reply, _ = run_cell(kc, "no_such_name?")
        assert reply["content"]["status"] == "error"
        assert reply["content"]["ename"] == "NameError"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_history_survives_restart():
    km, kc = start_kernel(KERNEL)
    try:
        marker = "restart_marker = 41 + 1"
        reply, _ = run_cell(kc, marker)
        assert reply["content"]["status"] == "ok"
        before = _history(kc, hist_access_type="tail", n=1, raw=True, output=False)
        session, line, code = before[-1]
        assert code == marker

        km.restart_kernel(now=True)
        kc.wait_for_ready(timeout=30)
        after = _history(kc, hist_access_type="search", pattern="restart_marker*", n=1, raw=True, output=False)
        assert after == [[session, line, marker]]
        reply, _ = run_cell(kc, "y = 1")
        new_session = _history(kc, hist_access_type="tail", n=1, raw=True, output=False)[-1][0]
        assert new_session == session + 1
        # Relative session -1 is the session before the restart.
        previous = _history(kc, hist_access_type="range", session=-1, start=line, stop=line + 1, raw=True, output=False)
        assert previous == [[session, line, marker]]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
