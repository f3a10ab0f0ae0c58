"""Reading a program's output on a pseudo-terminal (pexpect) in tests: patterns are matched
against the text with escape sequences, carriage returns and bells removed."""
import re
import time

import pexpect

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b[=>]|\r|\x07")


def plain(text: str) -> str:
    """Terminal output without escape sequences, carriage returns and bells."""
    return ANSI.sub("", text)


class TerminalReader:
    """Reads `child`'s output; `expect` returns the plain text before a pattern's match.

    `keep_rest`: whether the text read past the match stays for the next `expect` (a REPL's
    line-by-line output), or everything read so far is consumed (a full-screen console that
    redraws what it already showed)."""

    def __init__(self, child, keep_rest: bool = True, name: str = "the program"):
        self.child = child
        self.keep_rest = keep_rest
        self.name = name
        self.pending = ""

    def expect(self, pattern: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        regex = re.compile(pattern)
        while True:
            text = plain(self.pending)
            match = regex.search(text)
            if match:
                self.pending = text[match.end():] if self.keep_rest else ""
                return text[:match.start()]
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {pattern!r}; output so far:\n{text[-2000:]}")
            try:
                self.pending += self.child.read_nonblocking(size=65536, timeout=0.2)
            except pexpect.TIMEOUT:
                pass
            except pexpect.EOF:
                raise AssertionError(f"{self.name} exited while waiting for {pattern!r}; output:\n{text[-2000:]}")
