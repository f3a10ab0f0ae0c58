"""The tutorial's download cell for real: urlretrieve over HTTP from a local server, zipfile extraction."""
import functools
import http.server
import threading
import zipfile

import pytest

from conftest import ROOT, run_cell

DATA = ROOT.parent / "shared" / "data" / "ml-latest-small"
KERNEL = "factorize-download-test"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A local HTTP server on 127.0.0.1 serving ml-latest-small.zip (built from the test data)."""
    root = tmp_path_factory.mktemp("www")
    with zipfile.ZipFile(root / "ml-latest-small.zip", "w", zipfile.ZIP_DEFLATED) as z:
        for name in ("ratings.csv", "movies.csv", "README.txt"):
            z.write(DATA / name, f"ml-latest-small/{name}")
    (root / "not-a-zip.zip").write_text("this is not a zip archive\n")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_download_extract_and_read(kernel, server, tmp_path):
    _, kc = kernel
    code = f"""import os, urllib.request, zipfile
import pandas
target = '{tmp_path}/ml-latest-small.zip'
if not os.path.exists(target):
    urllib.request.urlretrieve('{server}/ml-latest-small.zip', target)
with zipfile.ZipFile(target, "r") as f:
    f.extractall('{tmp_path}')
data = pandas.read_csv('{tmp_path}/ml-latest-small/ratings.csv', sep=',', usecols=(0, 1, 2))
print(len(data), sorted(os.listdir('{tmp_path}/ml-latest-small')))
"""
    reply, messages = run_cell(kc, code, timeout=60)
    assert reply["content"]["status"] == "ok", reply["content"]
    text = "".join(m["content"]["text"] for m in messages if m["msg_type"] == "stream")
    assert text == "100836 ['README.txt', 'movies.csv', 'ratings.csv']\n"


@pytest.mark.parametrize("code, ename, fragment", [
    ("import urllib.request\nurllib.request.urlretrieve('http://127.0.0.1:9/x.zip', '/tmp/x.zip')", "URLError", "urlopen error"),
    ("import urllib.request\nurllib.request.urlretrieve('{server}/missing.zip', '/tmp/x.zip')", "HTTPError", "404"),
    ("import zipfile, urllib.request\np, _ = urllib.request.urlretrieve('{server}/not-a-zip.zip', '{tmp}/n.zip')\nzipfile.ZipFile(p)", "BadZipFile", "not a zip file"),
    ("import zipfile\nzipfile.ZipFile('{tmp}/nowhere.zip')", "FileNotFoundError", "nowhere.zip"),
])
def test_download_errors_are_python_exceptions(kernel, server, tmp_path, code, ename, fragment):
    _, kc = kernel
    reply, _ = run_cell(kc, code.format(server=server, tmp=tmp_path), timeout=60)
    content = reply["content"]
    assert content["status"] == "error" and content["ename"] == ename, content
    assert fragment in content["evalue"]
    reply, _ = run_cell(kc, "print('alive')")
    assert reply["content"]["status"] == "ok"
