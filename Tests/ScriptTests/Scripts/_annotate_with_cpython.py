"""Writes the expected output of each language-suite script from CPython (the reference).

Usage: python3 _annotate_with_cpython.py [FILES...]   (default: every *.py below this folder)

For each script it runs CPython (3.11 was used), then replaces the trailing block of
`# expect: LINE` comments with CPython's stdout and, when the script fails, adds
`# error@LINE: Kind: message`. Scripts marked `# factorize-only` (behaviour CPython does not
have, e.g. unsupported constructs) keep their hand-written expectations. The Swift runner
(ScriptSuiteTests) skips files whose names start with `_`.
"""
import pathlib
import re
import subprocess
import sys

HERE = pathlib.Path(__file__).parent


def annotate(path: pathlib.Path) -> None:
    text = path.read_text()
    if "# factorize-only" in text:
        return
    body = "\n".join(line for line in text.splitlines()
                     if not line.startswith("# expect:") and not line.startswith("# error@")).rstrip("\n")
    path.write_text(body + "\n")
    run = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=60)
    lines = [f"# expect: {line}" for line in run.stdout.splitlines()]
    if run.returncode != 0:
        err = run.stderr.strip().splitlines()
        numbers = re.findall(r'File ".*", line (\d+)', run.stderr)
        lines.append(f"# error@{numbers[-1] if numbers else 0}: {err[-1]}")
    path.write_text(body + "\n" + "\n".join(lines) + ("\n" if lines else ""))


if __name__ == "__main__":
    files = [pathlib.Path(f) for f in sys.argv[1:]] or sorted(p for p in HERE.rglob("*.py") if not p.name.startswith("_"))
    for f in files:
        annotate(f)
