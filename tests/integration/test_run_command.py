"""`factorize run`: a notebook executed in-process, outputs written back in nbformat 4."""
import json
import subprocess

import nbformat

from conftest import ROOT, factorize_binary

DATA = ROOT.parent / "shared" / "data" / "ml-latest-small"


def run(*args, cwd=None):
    return subprocess.run([factorize_binary(), "run", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=600)


def test_tutorial_runs_headless_with_parameters(tmp_path):
    out = tmp_path / "out.ipynb"
    result = run(ROOT / "notebooks" / "tutorial.ipynb", "-p", "data_dir", DATA, "-p", "num_epoch", "1",
                 "-o", out, "--quiet")
    assert result.returncode == 0, result.stderr
    notebook = nbformat.read(out, as_version=4)
    nbformat.validate(notebook)
    injected = [c for c in notebook.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and f"data_dir = '{DATA}'" in injected[0].source and "num_epoch = 1" in injected[0].source
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    logs = "".join(o.get("text", "") for c in code for o in c.outputs if o.output_type == "stream")
    assert "INFO:root:Epoch[0] Validation-rmse=" in logs
    movielens = [c for c in code if "num_epoch=num_epoch" in c.source]
    assert len(movielens) == 2
    for cell in movielens:  # num_epoch = 1: one epoch each
        text = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
        assert "Epoch[0] Validation-rmse=" in text and "Epoch[1]" not in text
    head = next(c for c in code if "data.head()" in c.source)
    assert any(o.output_type == "execute_result" and "text/html" in o.data for o in head.outputs)


def test_first_error_stops_the_run_and_is_reported(tmp_path):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("x = 1\nprint('before')"),
                      nbformat.v4.new_code_cell("y = x +\n"),
                      nbformat.v4.new_code_cell("print('never')")]
    path = tmp_path / "broken.ipynb"
    nbformat.write(notebook, path)
    result = run(path, "--quiet")
    assert result.returncode != 0
    assert "SyntaxError" in result.stderr
    written = json.loads(path.read_text())
    outputs = [c["outputs"] for c in written["cells"]]
    assert outputs[0][0]["text"] == "before\n"
    assert outputs[1][0]["output_type"] == "error" and outputs[1][0]["ename"] == "SyntaxError"
    assert outputs[2] == []


def test_missing_notebook_is_a_clear_error(tmp_path):
    result = run(tmp_path / "nope.ipynb")
    assert result.returncode != 0
    assert "no such file" in result.stderr
