"""`jupyter console --kernel NAME` driven through a pseudo-terminal (pexpect), as a person uses
it: a multi-line `for` block (the console asks `is_complete` to decide between running and a
continuation line), a tab completion (`mx.symbol.Emb<TAB>` → `Embedding`), an error with its
traceback, then a correct cell."""
import os
import re
import shutil
import sys
from pathlib import Path

import pexpect
import pytest

from conftest import install_kernelspec
from terminal import TerminalReader

KERNEL = install_kernelspec("factorize-console")
CONSOLE = Path(sys.executable).with_name("jupyter-console")
PROMPT = re.compile(r"In \[(\d+)\]: ")
@pytest.fixture
def console(tmp_path):
    if not CONSOLE.exists():
        pytest.fail(f"jupyter-console not found next to {sys.executable}")
    env = dict(os.environ, TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1", COLUMNS="200", LINES="50",
               JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"), IPYTHONDIR=str(tmp_path / "ipython"))
    child = pexpect.spawn(str(CONSOLE), ["--kernel", KERNEL, "--ZMQTerminalInteractiveShell.confirm_exit=False"],
                          env=env, encoding="utf-8",
                          timeout=30, dimensions=(50, 200))
    child.logfile_read = open(tmp_path / "console.log", "w")
    # prompt_toolkit redraws what it showed: everything read up to a match is consumed.
    screen = TerminalReader(child, keep_rest=False, name="jupyter console")
    screen.expect(r"In \[1\]: ")
    yield screen
    child.send("exit\r")
    try:
        child.expect(pexpect.EOF, timeout=10)
    except pexpect.TIMEOUT:
        child.terminate(force=True)
    child.logfile_read.close()


def wait_prompt(screen, number: int) -> str:
    """Output up to the prompt `In [number]:`, without escape sequences."""
    return screen.expect(rf"In \[{number}\]: ")


def test_console_session(console):
    screen = console
    child = screen.child
    # The kernel's banner is shown before the first prompt.
    # A multi-line block: after the header the console asks for more (is_complete: incomplete).
    child.send("for i in range(3):\r")
    screen.expect(r"\.\.\.: ")
    child.send("print('row', i * 10)\r")
    screen.expect(r"\.\.\.: ")
    child.send("\r")
    out = wait_prompt(screen, 2)
    assert re.findall(r"row (\d+)", out) == ["0", "10", "20"], out

    child.send("import mxnet as mx\r")
    wait_prompt(screen, 3)

    # Tab completion: the only match is Embedding, inserted in place.
    child.send("print(mx.symbol.Emb")
    child.send("\t")
    screen.expect("Embedding")
    child.send(")\r")
    out = wait_prompt(screen, 4)
    assert "<built-in function Embedding>" in out, out

    # An error: the exception name and message, and the console keeps going.
    child.send("1 / 0\r")
    out = wait_prompt(screen, 5)
    assert "ZeroDivisionError" in out and "division by zero" in out, out

    # A correct cell after the error: its result as Out[n].
    child.send("sum([x * x for x in range(4)])\r")
    out = wait_prompt(screen, 6)
    assert re.search(r"Out\[5\]: 14", out), out
