"""The tutorial notebook, executed with nbclient on the Factorize kernel, on real MovieLens data.

Settings are those of ../shared/anchors/mxnet (sample(frac=1, random_state=0), first 90 % train,
batch 1000, 5 epochs, Adam 0.001). The expected values are MXNet 1.9.1's on the same split
(../shared/anchors/mxnet/README.md): deep MF 0.862 (±0.02), MF 1.58–1.60 over five
initialisation seeds (±0.08: far from converged after 455 updates).
"""
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ROOT, install_kernelspec

DATA = ROOT.parent / "shared" / "data" / "ml-latest-small"
KERNEL = "factorize-notebook-test"
VALIDATION = re.compile(r"INFO:root:Epoch\[(\d+)\] Validation-(\w+)=([0-9.]+)")


def with_parameters(notebook, **values):
    """Adds a cell after the `parameters` cell that overrides its values (what papermill does)."""
    index = next(k for k, c in enumerate(notebook.cells) if "parameters" in c.metadata.get("tags", []))
    source = "\n".join(f"{name} = {value!r}" for name, value in values.items())
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
    notebook.cells.insert(index + 1, cell)
    return notebook


@pytest.fixture(scope="module")
def executed():
    install_kernelspec(KERNEL)
    notebook = nbformat.read(ROOT / "notebooks" / "tutorial.ipynb", as_version=4)
    with_parameters(notebook, data_dir=str(DATA), batch_size=1000, num_epoch=5, seed=0, train_fraction=0.9)
    client = NotebookClient(notebook, kernel_name=KERNEL, timeout=600,
                            resources={"metadata": {"path": str(ROOT / "notebooks")}})
    client.execute()
    return notebook


def stream_text(cell, name=None):
    return "".join(o.get("text", "") for o in cell.outputs
                   if o.output_type == "stream" and (name is None or o.name == name))


def final_validation(cell):
    """{metric: value} of the last epoch logged in a training cell."""
    found = {}
    for epoch, metric, value in VALIDATION.findall(stream_text(cell, "stderr")):
        found[metric] = (int(epoch), float(value))
    return {metric: value for metric, (epoch, value) in found.items()}


def training_cells(notebook):
    return [c for c in notebook.cells if c.cell_type == "code" and "model.fit(" in c.source]


def test_every_cell_ran_without_error(executed):
    code_cells = [c for c in executed.cells if c.cell_type == "code"]
    assert all(c.get("execution_count") for c in code_cells), "a code cell did not run"
    errors = [o for c in code_cells for o in c.outputs if o.output_type == "error"]
    assert not errors, errors


def test_synthetic_part_prints_and_trains(executed):
    shapes = [stream_text(c) for c in executed.cells if c.cell_type == "code" and "print(X_values.shape)" in c.source]
    assert shapes and shapes[0].strip() == "(35000,)"
    fits = training_cells(executed)
    # random data: rmse stays near 1; low-rank with Adam at fit's default 0.01: mse falls below 10
    random_rmse = final_validation(fits[0])["rmse"]
    assert 0.9 < random_rmse < 1.1, random_rmse
    sgd_mse, adam_mse = final_validation(fits[1])["mse"], final_validation(fits[2])["mse"]
    assert sgd_mse > 15, sgd_mse
    assert adam_mse < 10, adam_mse


def test_movielens_head_is_a_table(executed):
    head = next(c for c in executed.cells if c.cell_type == "code" and "data.head()" in c.source)
    result = next(o for o in head.outputs if o.output_type == "execute_result")
    assert "userId" in result.data["text/plain"] and "rating" in result.data["text/plain"]
    assert "<table" in result.data.get("text/html", "")


def test_movielens_models_match_mxnet(executed):
    fits = training_cells(executed)
    mf, deep = final_validation(fits[-2])["rmse"], final_validation(fits[-1])["rmse"]
    assert abs(deep - 0.862) <= 0.02, f"deep MF validation rmse {deep}, MXNet 1.9.1: 0.862"
    assert 1.58 - 0.08 <= mf <= 1.60 + 0.08, f"MF validation rmse {mf}, MXNet 1.9.1: 1.58-1.60"
    # the Speedometer logged batches while training ran
    assert re.search(r"INFO:root:Epoch\[0\] Batch \[\d+-\d+\]\tSpeed: [0-9.]+ samples/sec\trmse=", stream_text(fits[-1], "stderr"))
