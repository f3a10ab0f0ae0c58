"""The Factorize language behind the kernel: results, errors a user makes, streamed training logs."""
import time

import pytest

from conftest import ROOT, collect_until_idle, run_cell, shell_reply

KERNEL = "factorize-language-test"
DATA = ROOT.parent / "shared" / "data" / "ml-latest-small"


def outputs(messages, kind):
    return [m for m in messages if m["msg_type"] == kind]


def test_result_and_print(kernel):
    _, kc = kernel
    reply, messages = run_cell(kc, "x = [1, 2, 3]\nprint('hello, world', len(x))\nx[1] * 10")
    assert reply["content"]["status"] == "ok"
    assert outputs(messages, "stream")[0]["content"]["text"] == "hello, world 3\n"
    result = outputs(messages, "execute_result")[0]["content"]
    assert result["data"]["text/plain"] == "20"
    assert result["execution_count"] == reply["content"]["execution_count"]


def check_error(kc, code, ename, *fragments, line=None):
    """Runs a failing cell: an error reply and one error message, naming what was wrong."""
    reply, messages = run_cell(kc, code)
    content = reply["content"]
    assert content["status"] == "error", content
    assert content["ename"] == ename, content
    for fragment in fragments:
        assert fragment in content["evalue"], (fragment, content["evalue"])
    errors = outputs(messages, "error")
    assert len(errors) == 1 and errors[0]["content"]["ename"] == ename
    traceback = "\n".join(content["traceback"])
    if line is not None:
        assert f"line {line}" in traceback, traceback
    # the next cell runs in the same session
    reply, messages = run_cell(kc, "1 + 1")
    assert reply["content"]["status"] == "ok"
    assert outputs(messages, "execute_result")[0]["content"]["data"]["text/plain"] == "2"
    return content


def test_syntax_error(kernel):
    _, kc = kernel
    check_error(kc, "a = 1\nb = (2 +\n", "SyntaxError", line=2)


def test_unknown_name(kernel):
    _, kc = kernel
    check_error(kc, "a = 1\nprint(undefined_thing)", "NameError", "undefined_thing", line=2)


def test_unknown_keyword_argument(kernel):
    _, kc = kernel
    check_error(kc, "import mxnet as mx\nu = mx.symbol.Variable('u')\nmx.symbol.Embedding(data=u, input_dim=3, output_dims=2)",
                "TypeError", "output_dims", line=3)


def test_missing_file(kernel):
    _, kc = kernel
    check_error(kc, "import pandas\n\ndata = pandas.read_csv('/nonexistent/ratings.csv')", "FileNotFoundError",
                "/nonexistent/ratings.csv", line=3)


def test_embedding_index_out_of_range(kernel):
    _, kc = kernel
    code = """import mxnet as mx
import numpy
u = mx.symbol.Variable('user')
e = mx.symbol.Embedding(data=u, input_dim=10, output_dim=4, name='user_embedding')
y = mx.symbol.LinearRegressionOutput(data=mx.symbol.sum_axis(data=e, axis=1), label=mx.symbol.Variable('softmax_label'))
it = mx.io.NDArrayIter({'user': numpy.array([1, 2, 12, 3])}, label=numpy.array([1., 2., 3., 4.]), batch_size=2)
model = mx.module.Module(symbol=y, data_names=('user',))
model.fit(it, num_epoch=1)
"""
    content = check_error(kc, code, "IndexError", "user_embedding", "12", "10", line=8)
    assert content["evalue"]


def test_training_log_arrives_before_the_reply(kernel):
    _, kc = kernel
    code = f"""import mxnet as mx
import pandas
import logging
logging.getLogger().setLevel(logging.INFO)
data = pandas.read_csv('{DATA}/ratings.csv', usecols=(0, 1, 2))
u = mx.symbol.Embedding(data=mx.symbol.Variable('user'), input_dim=data['userId'].max(), output_dim=8)
m = mx.symbol.Embedding(data=mx.symbol.Variable('movie'), input_dim=data['movieId'].max(), output_dim=8)
y = mx.symbol.LinearRegressionOutput(data=mx.symbol.flatten(mx.symbol.sum_axis(data=u * m, axis=1)), label=mx.symbol.Variable('softmax_label'))
it = mx.io.NDArrayIter({{'user': data['userId'].values - 1, 'movie': data['movieId'].values - 1}}, label=data['rating'].values, batch_size=1000)
model = mx.module.Module(symbol=y, data_names=('user', 'movie'))
model.fit(it, num_epoch=2, optimizer='adam', eval_metric='rmse', batch_end_callback=mx.callback.Speedometer(1000, 20))
import time
time.sleep(2)
"""
    msg_id = kc.execute(code)
    first_log = None
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        msg = kc.get_iopub_msg(timeout=120)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "stream" and "INFO:root:Epoch[0]" in msg["content"]["text"]:
            first_log = time.monotonic()
            assert msg["content"]["name"] == "stderr"
            break
        assert msg["msg_type"] != "error", msg["content"]
    assert first_log is not None, "no training log line on iopub"
    reply = shell_reply(kc, msg_id, timeout=120)
    assert reply["content"]["status"] == "ok"
    # published while the cell ran, not at its end: the cell sleeps 2 s after training
    assert time.monotonic() - first_log > 1.0
    collect_until_idle(kc, msg_id, timeout=30)


@pytest.mark.parametrize("code, ename, fragment", [
    ("import numpy\nimport matplotlib.pyplot as plt\nplt.hist(numpy.array([1.0, float('nan'), 2.0]))", "ValueError", "nan"),
    ("import matplotlib.pyplot as plt\nplt.hist(['a', 'b', 'a'])", "TypeError", ""),
    ("label_idxs = {'Action': 1, 'Comedy': 5}\nlabel_idxs['Western']", "KeyError", "'Western'"),
])
def test_tutorial_mistakes_are_python_errors(kernel, code, ename, fragment):
    _, kc = kernel
    content = check_error(kc, code, ename, fragment)
    assert content["traceback"]
