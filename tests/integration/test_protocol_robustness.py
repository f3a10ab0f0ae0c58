"""Bad input never ends the kernel: wrong signatures, invalid JSON, unknown message types."""
import zmq
from jupyter_client.session import Session

from conftest import collect_until_idle, run_cell, shell_reply


def raw_dealer(km):
    socket = zmq.Context.instance().socket(zmq.DEALER)
    socket.setsockopt(zmq.LINGER, 0)
    socket.connect(f"tcp://{km.ip}:{km.shell_port}")
    return socket


def test_wrong_signature_is_dropped_and_kernel_keeps_serving(echo_kernel):
    km, kc = echo_kernel
    dealer = raw_dealer(km)
    try:
        forged = Session(key=b"not-the-kernel-key")
        forged.send(dealer, forged.msg("execute_request", {"code": "forged", "silent": False}))
        forged.send(dealer, forged.msg("kernel_info_request", {}))
        assert dealer.poll(1000) == 0, "the kernel answered a message with a bad signature"

        # the same socket with the right key is answered: the drop was the signature's doing
        good = Session(key=km.session.key)
        good.send(dealer, good.msg("kernel_info_request", {}))
        assert dealer.poll(5000)
        _, frames = good.feed_identities(dealer.recv_multipart())
        assert good.deserialize(frames)["msg_type"] == "kernel_info_reply"
    finally:
        dealer.close()
    reply, messages = run_cell(kc, "still here")
    assert reply["content"]["status"] == "ok"
    assert reply["content"]["execution_count"] == 1  # the forged execute never ran


def test_invalid_json_and_missing_frames_are_dropped(echo_kernel):
    km, kc = echo_kernel
    session = Session(key=km.session.key)
    dealer = raw_dealer(km)
    try:
        header = session.msg_header("execute_request")
        parts = [session.pack(header), b"{}", b"{}", b"{not json"]
        dealer.send_multipart([b"<IDS|MSG>", session.sign(parts)] + parts)
        dealer.send_multipart([b"<IDS|MSG>", b"deadbeef", b"{}"])  # missing frames
        dealer.send_multipart([b"no delimiter at all"])
        assert dealer.poll(1000) == 0
    finally:
        dealer.close()
    reply, _ = run_cell(kc, "still here")
    assert reply["content"]["status"] == "ok"


def test_unknown_message_type_is_ignored(echo_kernel):
    _, kc = echo_kernel
    msg = kc.session.msg("frobnicate_request", {"x": 1})
    kc.shell_channel.send(msg)
    # no reply, but busy/idle so a frontend waiting for idle is not stuck
    assert [m["content"]["execution_state"] for m in collect_until_idle(kc, msg["header"]["msg_id"])] == ["busy", "idle"]
    reply, _ = run_cell(kc, "still here")
    assert reply["content"]["status"] == "ok"


def test_execute_without_code_gets_an_error_reply(echo_kernel):
    _, kc = echo_kernel
    msg = kc.session.msg("execute_request", {"silent": False})
    kc.shell_channel.send(msg)
    reply = shell_reply(kc, msg["header"]["msg_id"])
    assert reply["msg_type"] == "execute_reply"
    assert reply["content"]["status"] == "error"
    reply, _ = run_cell(kc, "still here")
    assert reply["content"]["status"] == "ok"


def test_comm_open_is_closed(echo_kernel):
    _, kc = echo_kernel
    msg = kc.session.msg("comm_open", {"comm_id": "c1", "target_name": "jupyter.widget", "data": {}})
    kc.shell_channel.send(msg)
    messages = collect_until_idle(kc, msg["header"]["msg_id"])
    closes = [m["content"] for m in messages if m["msg_type"] == "comm_close"]
    assert closes == [{"comm_id": "c1", "data": {}}]
