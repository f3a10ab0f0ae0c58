"""Same seed, same trained weights: run to run, and whatever the number of threads (issue 5).

Deep MF with BatchNorm is trained for two epochs on ml-latest-small by `factorize run`, in
separate processes with different thread settings (OpenBLAS's own variable, and one CPU via
taskset); the printed sums of every parameter and auxiliary state must be identical.
"""
import json
import os
import shutil
import subprocess

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "data", "ml-latest-small"))

CELL = """import mxnet as mx
import numpy
import pandas
data = pandas.read_csv(DATA + '/ratings.csv', usecols=(0, 1, 2))
data = data.sample(frac=1, random_state=0).reset_index(drop=True)
n = int(len(data) * 0.9)
users = data['userId'].values - 1
movies = data['movieId'].values - 1
ratings = data['rating'].values
train = mx.io.NDArrayIter({'user': users[:n], 'movie': movies[:n]}, label=ratings[:n], batch_size=5000)
user = mx.symbol.Embedding(data=mx.symbol.Variable('user'), input_dim=int(users.max()) + 1, output_dim=25)
movie = mx.symbol.Embedding(data=mx.symbol.Variable('movie'), input_dim=int(movies.max()) + 1, output_dim=25)
nn = mx.symbol.concat(user, movie)
nn = mx.symbol.FullyConnected(data=nn, num_hidden=64)
nn = mx.symbol.BatchNorm(data=nn)
nn = mx.symbol.Activation(data=nn, act_type='relu')
nn = mx.symbol.FullyConnected(data=nn, num_hidden=64)
nn = mx.symbol.BatchNorm(data=nn)
nn = mx.symbol.Activation(data=nn, act_type='relu')
nn = mx.symbol.FullyConnected(data=nn, num_hidden=1)
y = mx.symbol.LinearRegressionOutput(data=nn, label=mx.symbol.Variable('softmax_label'))
mx.random.seed(0)
model = mx.module.Module(context=mx.cpu(), data_names=('user', 'movie'), symbol=y)
model.fit(train, num_epoch=2, optimizer='adam', optimizer_params=(('learning_rate', 0.001),), eval_metric='rmse')
arg_params, aux_params = model.get_params()
for name in sorted(arg_params):
    w = arg_params[name].asnumpy()
    print('PARAM', name, repr(float(w.sum())), repr(float((w * w).sum())))
for name in sorted(aux_params):
    print('PARAM', name, repr(float(aux_params[name].asnumpy().sum())))
"""


@pytest.fixture(scope="module")
def notebook(tmp_path_factory):
    folder = tmp_path_factory.mktemp("determinism")
    path = folder / "train.ipynb"
    cell = {"cell_type": "code", "id": "train", "metadata": {}, "execution_count": None, "outputs": [],
            "source": f"DATA = {DATA!r}\n" + CELL}
    path.write_text(json.dumps({
        "cells": [cell],
        "metadata": {"kernelspec": {"name": "factorize", "display_name": "Factorize", "language": "python"}},
        "nbformat": 4, "nbformat_minor": 5}))
    return path


def train(notebook, env_extra, prefix=()):
    env = dict(os.environ, **env_extra)
    out = notebook.parent / "out.ipynb"
    result = subprocess.run([*prefix, os.environ["FACTORIZE_BIN"], "run", str(notebook), "-o", str(out)],
                            capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = [line for line in result.stdout.splitlines() if line.startswith("PARAM ")]
    assert len(lines) == 16, result.stdout[-3000:]
    return lines


def test_trained_weights_do_not_depend_on_threads_or_run(notebook):
    reference = train(notebook, {"OPENBLAS_NUM_THREADS": "2", "OMP_NUM_THREADS": "2"})
    # training moved the weights: BatchNorm's beta starts at 0
    beta = next(line for line in reference if " batchnorm0_beta " in line)
    assert float(beta.split()[3]) != 0
    assert train(notebook, {"OPENBLAS_NUM_THREADS": "2", "OMP_NUM_THREADS": "2"}) == reference
    assert train(notebook, {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}) == reference
    if shutil.which("taskset"):
        assert train(notebook, {"OPENBLAS_NUM_THREADS": "1"}, prefix=("taskset", "-c", "0")) == reference
