"""IPython.display through the kernel: display_data, update_display_data, clear_output, fit progress."""
import pytest

from conftest import install_kernelspec, run_cell, start_kernel


@pytest.fixture(scope="module")
def kernel():
    km, kc = start_kernel(install_kernelspec("factorize-display-test"))
    yield kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def outputs(messages, kind):
    return [m for m in messages if m["msg_type"] == kind]


def test_display_html(kernel):
    reply, messages = run_cell(kernel, "from IPython.display import display, HTML\ndisplay(HTML('<b>x</b>'))")
    assert reply["content"]["status"] == "ok"
    [shown] = outputs(messages, "display_data")
    assert shown["content"]["data"]["text/html"] == "<b>x</b>"


def test_display_id_update_and_clear(kernel):
    code = ("from IPython.display import display, Markdown, clear_output\n"
            "h = display(Markdown('*a*'), display_id=True)\nh.update(Markdown('*b*'))\nclear_output(wait=True)")
    reply, messages = run_cell(kernel, code)
    assert reply["content"]["status"] == "ok"
    [first] = outputs(messages, "display_data")
    [update] = outputs(messages, "update_display_data")
    display_id = first["content"]["transient"]["display_id"]
    assert display_id and update["content"]["transient"]["display_id"] == display_id
    assert update["content"]["data"]["text/markdown"] == "*b*"
    [clear] = outputs(messages, "clear_output")
    assert clear["content"]["wait"] is True


def test_fit_progress_is_one_throttled_display(kernel):
    code = """import mxnet as mx
import logging
logging.getLogger().setLevel(logging.INFO)
import numpy as np
np.random.seed(0)
n = 20000
user = np.random.randint(0, 50, n)
movie = np.random.randint(0, 40, n)
score = np.random.randint(1, 6, n).astype('float32')
it = mx.io.NDArrayIter({'user': user, 'movie': movie}, {'score': score}, batch_size=100)
u = mx.symbol.Embedding(data=mx.symbol.Variable('user'), input_dim=50, output_dim=8)
m = mx.symbol.Embedding(data=mx.symbol.Variable('movie'), input_dim=40, output_dim=8)
y = mx.symbol.LinearRegressionOutput(data=mx.symbol.sum_axis(data=u * m, axis=1), label=mx.symbol.Variable('score'))
model = mx.module.Module(context=mx.cpu(), data_names=('user', 'movie'), label_names=('score',), symbol=y)
model.fit(it, num_epoch=3, eval_metric='rmse')
"""
    reply, messages = run_cell(kernel, code, timeout=120)
    assert reply["content"]["status"] == "ok", reply["content"]
    shown = outputs(messages, "display_data")
    updates = outputs(messages, "update_display_data")
    assert len(shown) == 1
    display_id = shown[0]["content"]["transient"]["display_id"]
    assert all(u["content"]["transient"]["display_id"] == display_id for u in updates)
    # 600 batches, but updates at most ~10 a second plus a final one.
    assert len(updates) < 100
    final = (updates[-1] if updates else shown[0])["content"]["data"]["text/plain"]
    assert final.startswith("Epoch 3/3 [") and "200/200 batches" in final and "rmse=" in final
    log = "".join(m["content"]["text"] for m in outputs(messages, "stream") if m["content"]["name"] == "stderr")
    assert "INFO:root:Epoch[2] Train-rmse=" in log
