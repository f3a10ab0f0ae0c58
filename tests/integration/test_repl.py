"""`factorize repl` with piped stdin: multi-line blocks, errors, results, saved figures."""
import subprocess

from conftest import factorize_binary


def run_repl(source: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([factorize_binary(), "repl"], input=source, capture_output=True,
                          text=True, timeout=60, cwd=cwd)


def test_block_error_then_result(tmp_path):
    done = run_repl("total = 0\nfor i in range(4):\n    total += i\n    print(i * 10)\n\n1/0\ntotal * 7\n", tmp_path)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.split("\n")[:4] == ["0", "10", "20", "30"]
    assert "ZeroDivisionError: division by zero" in out
    assert "----> 1 1/0" in out and "\x1b[" not in out
    # The error did not end the session: the next statement sees `total`.
    assert out.rstrip().endswith("Out[4]: 42")


def test_figure_saved_to_file(tmp_path):
    done = run_repl("import matplotlib.pyplot as plt\nplt.plot([1, 2, 3])\nplt.show()\n", tmp_path)
    assert done.returncode == 0, done.stderr
    figure = tmp_path / "factorize-figure-1.png"
    assert figure.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert f"saved to {figure}" in done.stdout
