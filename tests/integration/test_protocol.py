"""Request/reply and IOPub sequences of the kernel, with the echo language (transport alone)."""
import time

from conftest import collect_until_idle, run_cell, shell_reply


def types(messages):
    return [m["msg_type"] if m["msg_type"] != "status" else m["content"]["execution_state"] for m in messages]


def test_kernel_info(echo_kernel):
    _, kc = echo_kernel
    msg_id = kc.kernel_info()
    reply = shell_reply(kc, msg_id)
    content = reply["content"]
    assert reply["msg_type"] == "kernel_info_reply"
    assert content["status"] == "ok"
    assert content["implementation"] == "factorize"
    assert content["protocol_version"] == "5.3"
    assert reply["header"]["version"] == "5.3"
    assert content["language_info"] == {
        "name": "python", "version": "3", "mimetype": "text/x-python", "file_extension": ".py",
        "pygments_lexer": "ipython3", "codemirror_mode": {"name": "ipython", "version": 3},
        "nbconvert_exporter": "python",
    }
    assert content["supported_features"] == []
    assert isinstance(content["banner"], str) and content["banner"]
    assert all(set(link) == {"text", "url"} for link in content["help_links"])
    # busy/idle wrap kernel_info too (jupyter_client's wait_for_ready relies on it)
    assert types(collect_until_idle(kc, msg_id)) == ["busy", "idle"]


def test_execute_sequence_and_counts(echo_kernel):
    _, kc = echo_kernel
    reply, messages = run_cell(kc, "hello, world")
    assert reply["content"]["status"] == "ok"
    assert reply["content"]["execution_count"] == 1
    assert types(messages) == ["busy", "execute_input", "stream", "idle"]
    assert messages[1]["content"] == {"code": "hello, world", "execution_count": 1}
    assert messages[2]["content"] == {"name": "stdout", "text": "hello, world\n"}

    reply, _ = run_cell(kc, "again")
    assert reply["content"]["execution_count"] == 2

    # silent: no output, no count increase
    reply, messages = run_cell(kc, "quiet\nresult:7", silent=True)
    assert reply["content"]["status"] == "ok"
    assert reply["content"]["execution_count"] == 2
    assert types(messages) == ["busy", "idle"]

    # store_history=False: runs and prints, but does not count
    reply, messages = run_cell(kc, "unstored", store_history=False)
    assert reply["content"]["execution_count"] == 2
    assert "stream" in types(messages)

    reply, messages = run_cell(kc, "third")
    assert reply["content"]["execution_count"] == 3


def test_stderr_stream(echo_kernel):
    _, kc = echo_kernel
    _, messages = run_cell(kc, "stderr:something went wrong")
    streams = [m["content"] for m in messages if m["msg_type"] == "stream"]
    assert streams == [{"name": "stderr", "text": "something went wrong\n"}]


def test_execute_result_and_display(echo_kernel):
    _, kc = echo_kernel
    reply, messages = run_cell(kc, "display:a picture\nclear:wait\nresult:42")
    assert types(messages) == ["busy", "execute_input", "display_data", "clear_output", "execute_result", "idle"]
    assert messages[3]["content"] == {"wait": True}
    del messages[3]
    assert messages[2]["content"]["data"] == {"text/plain": "a picture"}
    result = messages[3]["content"]
    assert result["data"] == {"text/plain": "42"}
    assert result["execution_count"] == reply["content"]["execution_count"] == 1


def test_error_reply_and_message(echo_kernel):
    _, kc = echo_kernel
    reply, messages = run_cell(kc, "before\nerror:boom\nnever")
    content = reply["content"]
    assert content["status"] == "error"
    assert (content["ename"], content["evalue"], content["traceback"]) == ("EchoError", "boom", ["EchoError: boom"])
    assert content["execution_count"] == 1
    assert types(messages) == ["busy", "execute_input", "stream", "error", "idle"]
    assert messages[3]["content"] == {"ename": "EchoError", "evalue": "boom", "traceback": ["EchoError: boom"]}
    # the kernel keeps serving, the counter moves on
    reply, _ = run_cell(kc, "fine")
    assert reply["content"]["status"] == "ok"
    assert reply["content"]["execution_count"] == 2


def test_stop_on_error_aborts_queued_executes(echo_kernel):
    _, kc = echo_kernel
    failing = kc.execute("sleep:0.3\nerror:first fails")
    queued = kc.execute("queued cell")
    assert shell_reply(kc, failing)["content"]["status"] == "error"
    aborted = shell_reply(kc, queued)["content"]
    assert aborted["status"] == "error"
    assert "queued cell" not in str([m["content"] for m in collect_until_idle(kc, queued)])
    # stop_on_error=False: the next cell runs anyway
    failing = kc.execute("sleep:0.3\nerror:again", stop_on_error=False)
    runs = kc.execute("runs anyway")
    assert shell_reply(kc, failing)["content"]["status"] == "error"
    assert shell_reply(kc, runs)["content"]["status"] == "ok"
    reply, _ = run_cell(kc, "later")
    assert reply["content"]["status"] == "ok"


def test_output_streams_while_the_cell_runs(echo_kernel):
    """Text printed before a long step reaches the frontend long before the reply."""
    _, kc = echo_kernel
    start = time.monotonic()
    msg_id = kc.execute("epoch 1 done\nsleep:1.5\nepoch 2 done")
    first_stream_at = None
    while first_stream_at is None:
        msg = kc.get_iopub_msg(timeout=5)
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream":
            assert msg["content"]["text"] == "epoch 1 done\n"
            first_stream_at = time.monotonic()
    reply = shell_reply(kc, msg_id)
    reply_at = time.monotonic()
    assert first_stream_at - start < 0.5
    assert reply_at - first_stream_at > 1.0
    rest = collect_until_idle(kc, msg_id)
    assert [m["content"]["text"] for m in rest if m["msg_type"] == "stream"] == ["epoch 2 done\n"]
    assert reply["content"]["status"] == "ok"


def test_many_lines_are_coalesced(echo_kernel):
    _, kc = echo_kernel
    lines = [f"line {i}" for i in range(2000)]
    _, messages = run_cell(kc, "\n".join(lines))
    streams = [m["content"]["text"] for m in messages if m["msg_type"] == "stream"]
    assert "".join(streams) == "".join(line + "\n" for line in lines)
    assert len(streams) <= 5


def test_input_request(echo_kernel):
    _, kc = echo_kernel
    msg_id = kc.execute("input:name? ", allow_stdin=True)
    request = kc.get_stdin_msg(timeout=5)
    assert request["msg_type"] == "input_request"
    assert request["parent_header"]["msg_id"] == msg_id
    assert request["content"] == {"prompt": "name? ", "password": False}
    kc.input("Ada")
    assert shell_reply(kc, msg_id)["content"]["status"] == "ok"
    streams = [m["content"]["text"] for m in collect_until_idle(kc, msg_id) if m["msg_type"] == "stream"]
    assert streams == ["name? Ada\n"]
    # allow_stdin=False: the language gets an error instead of hanging
    reply, _ = run_cell(kc, "input:x", allow_stdin=False)
    assert reply["content"]["ename"] == "StdinNotImplementedError"


def test_complete_inspect_is_complete(echo_kernel):
    _, kc = echo_kernel
    code = "👍🏽 sle"  # the emoji with its modifier is 2 code points
    reply = shell_reply(kc, kc.complete(code, cursor_pos=6))["content"]
    assert reply == {"status": "ok", "matches": ["sleep:"], "cursor_start": 3, "cursor_end": 6, "metadata": {}}

    reply = shell_reply(kc, kc.inspect("sleep", cursor_pos=5))["content"]
    assert reply["status"] == "ok" and reply["found"] is True
    assert "directive" in reply["data"]["text/plain"]
    reply = shell_reply(kc, kc.inspect("nothing", cursor_pos=3))["content"]
    assert reply["found"] is False and reply["data"] == {}

    assert shell_reply(kc, kc.is_complete("for x in y:"))["content"] == {"status": "incomplete", "indent": "    "}
    assert shell_reply(kc, kc.is_complete("hello"))["content"] == {"status": "complete"}


def test_comm_info_and_history_shapes(echo_kernel):
    _, kc = echo_kernel
    msg = kc.session.msg("comm_info_request", {})
    kc.shell_channel.send(msg)
    assert shell_reply(kc, msg["header"]["msg_id"])["content"] == {"status": "ok", "comms": {}}
    # History is kept across kernels (a file), so this session's cells are asked for by the
    # current session (0) and the reply names its absolute number.
    reply = shell_reply(kc, kc.history(hist_access_type="range", session=0, start=0))
    assert reply["msg_type"] == "history_reply"
    assert reply["content"] == {"status": "ok", "history": []}
    run_cell(kc, "first")
    run_cell(kc, "result:2")
    run_cell(kc, "not stored", store_history=False)
    reply = shell_reply(kc, kc.history(hist_access_type="tail", n=2, output=True))
    history = reply["content"]["history"]
    session = history[0][0]
    assert session >= 1
    assert history == [[session, 1, ["first", None]], [session, 2, ["result:2", "2"]]]
    reply = shell_reply(kc, kc.history(hist_access_type="range", session=0, start=0, output=True))
    assert reply["content"]["history"] == history
    reply = shell_reply(kc, kc.history(hist_access_type="search", pattern="res*", n=1, output=False))
    assert reply["content"]["history"] == [[session, 2, "result:2"]]


def test_iopub_welcome_and_heartbeat(echo_kernel):
    import zmq
    from jupyter_client.session import Session

    km, kc = echo_kernel
    context = zmq.Context.instance()
    sub = context.socket(zmq.SUB)
    sub.setsockopt(zmq.SUBSCRIBE, b"")
    sub.connect(f"tcp://{km.ip}:{km.iopub_port}")
    session = Session(key=km.session.key)
    try:
        assert sub.poll(5000), "no iopub_welcome"
        _, frames = session.feed_identities(sub.recv_multipart())
        welcome = session.deserialize(frames)
        assert welcome["msg_type"] == "iopub_welcome"
        assert welcome["content"] == {"subscription": ""}
    finally:
        sub.close(linger=0)

    hb = context.socket(zmq.REQ)
    hb.connect(f"tcp://{km.ip}:{km.hb_port}")
    try:
        hb.send(b"ping \x00\xff")
        assert hb.poll(5000)
        assert hb.recv() == b"ping \x00\xff"
    finally:
        hb.close(linger=0)
