"""`factorize repl` on a pseudo-terminal (pexpect), as a person types at it: tab completion,
line editing with the arrow keys and Ctrl-A, history, a multi-line block, Ctrl-C at the prompt and
during a running loop, an error with its traceback, and Ctrl-D to leave.

HOME and the history file point into the test's temporary directory, so nothing reads or writes
the user's ~/.factorize_history or ~/.editrc.
"""
import os
import re
import time

import pexpect
import pytest

from conftest import factorize_binary
from terminal import TerminalReader

UP, LEFT, CTRL_A, CTRL_C, CTRL_D = "\x1b[A", "\x1b[D", "\x01", "\x03", "\x04"


class Repl(TerminalReader):
    """A `factorize repl` child; `expect` matches against the output with escapes removed and
    returns what came before the match (the output through the match is consumed)."""

    def __init__(self, tmp_path, history):
        env = dict(os.environ, HOME=str(tmp_path), TERM="xterm", LANG="C.UTF-8", LC_ALL="C.UTF-8")
        env.pop("EDITRC", None)
        self.child = pexpect.spawn(factorize_binary(), ["repl", "--history-file", str(history)], env=env,
                                   cwd=str(tmp_path), encoding="utf-8", timeout=30, dimensions=(50, 200))
        self.log = open(tmp_path / f"repl-{id(self)}.log", "w")
        self.child.logfile_read = self.log
        super().__init__(self.child, name="the REPL")

    def prompt(self, number: int) -> str:
        """The output up to the prompt `In [number]: `."""
        return self.expect(rf"In \[{number}\]: ")

    def send(self, *keys: str) -> None:
        """Sends keys one group at a time, as typed (libedit reads key sequences whole)."""
        for key in keys:
            self.child.send(key)
            time.sleep(0.05)

    def close(self) -> None:
        if self.child.isalive():
            self.child.terminate(force=True)
        self.log.close()


@pytest.fixture
def start(tmp_path):
    started = []

    def start_repl():
        repl = Repl(tmp_path, tmp_path / "history")
        started.append(repl)
        repl.prompt(1)
        return repl

    yield start_repl
    for repl in started:
        repl.close()


def output_lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n")]


def test_tab_completion(start):
    repl = start()
    repl.send("import mxnet as mx\r")
    repl.prompt(2)
    # A unique completion inserts the rest of the name.
    repl.send("print(mx.symbol.Emb", "\t")
    repl.expect("Embedding")
    repl.send(")\r")
    assert "<built-in function Embedding>" in output_lines(repl.prompt(3))

    # Cursor mid-line: complete `mx.symbol.FullyCon` with the `)` after the cursor kept.
    repl.send("print(mx.symbol.FullyCon)", LEFT, "\t", "\r")
    assert "<built-in function FullyConnected>" in output_lines(repl.prompt(4))

    # Several candidates: the first Tab completes their common prefix, the second lists them.
    repl.send("mx.symbol.L", "\t", "\t")
    listing = repl.expect("LogisticRegressionOutput")
    assert "LinearRegressionOutput" in listing
    repl.send("inear", "\t", "\r")
    assert re.search(r"Out\[4\]: <built-in function LinearRegressionOutput>", repl.prompt(5))

    # Names in scope, with unicode before the cursor, and a keyword.
    repl.send("wörter_liste = ['é', '🎉']\r")
    repl.prompt(6)
    repl.send("print('é🎉', wört", "\t", ")\r")
    assert "é🎉 ['é', '🎉']" in output_lines(repl.prompt(7))
    repl.send("Tr", "\t", "\r")
    assert re.search(r"Out\[7\]: True", repl.prompt(8))

    # Odd input never stops the REPL: Tab after a quote, after a digit, on an unknown
    # receiver, then Tab on an empty continuation line indents the block's body.
    repl.send("'abc\"", "\t", "7", "\t", "nosuch.x", "\t", CTRL_C)
    repl.expect("KeyboardInterrupt")
    repl.prompt(8)
    repl.send("for k in range(2):\r")
    repl.expect(r"\.\.\.: ")
    repl.send("\t", "print('k', k)\r")
    repl.expect(r"\.\.\.: ")
    repl.send("\r")
    assert re.findall(r"^k (\d)$", repl.prompt(9), re.M) == ["0", "1"]


def test_line_editing_and_history(start, tmp_path):
    repl = start()
    # Type `rint(13)`, go left twice and insert `2`, go home (Ctrl-A) and insert `p`.
    repl.send("rint(13)", LEFT, LEFT, "2", CTRL_A, "p", "\r")
    assert "123" in output_lines(repl.prompt(2))
    repl.send("40 + 2\r")
    assert re.search(r"Out\[2\]: 42", repl.prompt(3))
    # Up recalls the previous line, Up twice the one before.
    repl.send(UP, "\r")
    assert re.search(r"Out\[3\]: 42", repl.prompt(4))
    repl.send("'other'\r")
    repl.prompt(5)
    repl.send(UP, UP, "\r")
    assert re.search(r"Out\[5\]: 42", repl.prompt(6))
    repl.send(CTRL_D)
    repl.child.expect(pexpect.EOF)
    repl.child.close()
    assert repl.child.exitstatus == 0

    # The history is saved on exit and read by the next session.
    assert (tmp_path / "history").exists()
    again = start()
    again.send(UP, "\r")
    assert re.search(r"Out\[1\]: 42", again.prompt(2))


def test_multiline_block_and_error(start):
    repl = start()
    repl.send("total = 0\r")
    repl.prompt(2)
    repl.send("for i in range(4):\r")
    repl.expect(r"\.\.\.: ")
    repl.send("    total += i\r")
    repl.expect(r"\.\.\.: ")
    repl.send("    print('row', i * 10)\r")
    repl.expect(r"\.\.\.: ")
    repl.send("\r")
    assert re.findall(r"^row (\d+)$", repl.prompt(3), re.M) == ["0", "10", "20", "30"]

    repl.send("1 / 0\r")
    out = repl.prompt(4)
    assert "ZeroDivisionError" in out and "division by zero" in out, out
    assert re.search(r"----> 1 1 / 0", out), out
    # The session goes on, with `total` kept.
    repl.send("total * 7\r")
    assert re.search(r"Out\[4\]: 42", repl.prompt(5))


def test_ctrl_c_at_prompt_drops_the_input(start):
    repl = start()
    # Mid-statement on one line.
    repl.send("dropped = 12", CTRL_C)
    repl.expect("KeyboardInterrupt")
    repl.prompt(1)
    # Mid-block: the pending lines of the block are dropped too.
    repl.send("for i in range(2):\r")
    repl.expect(r"\.\.\.: ")
    repl.send("    print('never', i)\r")
    repl.expect(r"\.\.\.: ")
    repl.send(CTRL_C)
    repl.expect("KeyboardInterrupt")
    repl.prompt(1)
    repl.send("print('after')\r")
    out = repl.prompt(2)
    assert "after" in output_lines(out) and "never" not in out
    repl.send("dropped\r")
    assert "NameError" in repl.prompt(3)


def test_ctrl_c_interrupts_a_running_loop(start):
    repl = start()
    repl.send("kept = 41\r")
    repl.prompt(2)
    repl.send("n = 0\r")
    repl.prompt(3)
    repl.send("while True:\r")
    repl.expect(r"\.\.\.: ")
    repl.send("    n += 1\r")
    repl.expect(r"\.\.\.: ")
    repl.send("\r")
    time.sleep(1.0)
    assert repl.child.isalive()
    repl.send(CTRL_C)
    out = repl.prompt(4)
    assert "KeyboardInterrupt" in out, out
    # The session survived with its variables; the loop ran for a while before the interrupt.
    repl.send("kept + 1\r")
    assert re.search(r"Out\[4\]: 42", repl.prompt(5))
    repl.send("n > 100\r")
    assert re.search(r"Out\[5\]: True", repl.prompt(6))


def test_ctrl_d_exits_cleanly(start):
    repl = start()
    repl.send("x = 1\r")
    repl.prompt(2)
    repl.send(CTRL_D)
    repl.child.expect(pexpect.EOF)
    repl.child.close()
    assert repl.child.exitstatus == 0 and repl.child.signalstatus is None
