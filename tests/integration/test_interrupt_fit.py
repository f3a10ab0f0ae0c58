"""Interrupting a long `model.fit` on MovieLens (ml-latest-small) in both interrupt modes:
SIGINT to the kernel (`interrupt_mode: signal`, the installed default) and `interrupt_request`
on control (a second kernelspec with `--interrupt-mode message`). The cell must end within a
few seconds with KeyboardInterrupt, every variable must survive, and the partly trained model
must still predict."""
import os
import time
from pathlib import Path

import pytest

from conftest import collect_until_idle, install_kernelspec, run_cell, shell_reply, start_kernel

DATA = Path(os.environ.get("FACTORIZE_MOVIELENS_SMALL", "/work/shared/data/ml-latest-small"))
SIGNAL_KERNEL = install_kernelspec("factorize-interrupt-signal", interrupt_mode="signal")
MESSAGE_KERNEL = install_kernelspec("factorize-interrupt-message", interrupt_mode="message")

SETUP = f"""
import numpy
import pandas
import mxnet as mx
data = pandas.read_csv('{DATA / "ratings.csv"}', usecols=(0, 1, 2))
users = data['userId'].values
movies = data['movieId'].values
ratings = data['rating'].values
n_train = 90000
X_train = mx.io.NDArrayIter({{'user': users[:n_train], 'movie': movies[:n_train]}}, label=ratings[:n_train], batch_size=100)
X_eval = mx.io.NDArrayIter({{'user': users[n_train:], 'movie': movies[n_train:]}}, label=ratings[n_train:], batch_size=100)
user = mx.symbol.Variable('user')
user = mx.symbol.Embedding(data=user, input_dim=611, output_dim=25)
movie = mx.symbol.Variable('movie')
movie = mx.symbol.Embedding(data=movie, input_dim=193610, output_dim=25)
y_true = mx.symbol.Variable('softmax_label')
y_pred = mx.symbol.sum_axis(data=(user * movie), axis=1)
y_pred = mx.symbol.flatten(y_pred)
y_pred = mx.symbol.LinearRegressionOutput(data=y_pred, label=y_true)
model = mx.module.Module(context=mx.cpu(), data_names=('user', 'movie'), symbol=y_pred)
marker = 'still here'
"""

FIT = "model.fit(X_train, num_epoch=10000, optimizer='adam', eval_metric='rmse', eval_data=X_eval)"


@pytest.mark.parametrize("kernel", [SIGNAL_KERNEL, MESSAGE_KERNEL])
def test_interrupt_fit_keeps_model(kernel):
    km, kc = start_kernel(kernel)
    try:
        assert km.kernel_spec.interrupt_mode == ("signal" if kernel == SIGNAL_KERNEL else "message")
        reply, _ = run_cell(kc, SETUP, timeout=60)
        assert reply["content"]["status"] == "ok", reply["content"]

        msg_id = kc.execute(FIT)
        # Wait until training is really under way (the first epoch's log line or ~2 s).
        deadline = time.monotonic() + 20
        started = False
        while time.monotonic() < deadline and not started:
            try:
                msg = kc.get_iopub_msg(timeout=0.5)
            except Exception:
                continue
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] in ("stream", "display_data", "update_display_data"):
                started = True
        time.sleep(1.0)

        interrupted_at = time.monotonic()
        km.interrupt_kernel()
        reply = shell_reply(kc, msg_id, timeout=10)
        elapsed = time.monotonic() - interrupted_at
        collect_until_idle(kc, msg_id, timeout=10)
        assert elapsed < 5, f"fit took {elapsed:.1f} s to stop"
        assert reply["content"]["status"] == "error"
        assert reply["content"]["ename"] == "KeyboardInterrupt"

        # Every variable survives, and the partly trained model predicts.
        reply, outputs = run_cell(kc, "print(marker, n_train, ratings.shape)\n"
                                      "p = model.predict(X_eval).asnumpy()\n"
                                      "print(p.shape, bool((p == p).all()), bool(numpy.abs(p).max() < 1e6))", timeout=60)
        assert reply["content"]["status"] == "ok", reply["content"]
        text = "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")
        n_eval = 100836 - 90000
        assert f"still here 90000 (100836,)" in text
        assert f"({n_eval}, 1) True True" in text or f"({n_eval},) True True" in text, text
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
