"""`factorize install`: where the kernelspec goes and what it holds, as jupyter_client reads it."""
import json
import os
import subprocess

from jupyter_client.kernelspec import KernelSpecManager

from conftest import factorize_binary


def test_install_into_jupyter_data_dir(tmp_path):
    env = dict(os.environ, JUPYTER_DATA_DIR=str(tmp_path / "data"))
    out = subprocess.run([factorize_binary(), "install", "--name", "fz-install-test", "--interrupt-mode", "message"],
                         env=env, check=True, capture_output=True, text=True).stdout
    spec_dir = tmp_path / "data" / "kernels" / "fz-install-test"
    assert str(spec_dir) in out
    spec = json.loads((spec_dir / "kernel.json").read_text())
    assert spec["argv"] == [os.path.realpath(factorize_binary()), "kernel", "--connection-file", "{connection_file}"]
    assert os.path.isabs(spec["argv"][0])
    assert (spec["display_name"], spec["language"], spec["interrupt_mode"]) == ("Factorize", "python", "message")
    assert spec["kernel_protocol_version"] == "5.3"
    for size in (32, 64):
        png = (spec_dir / f"logo-{size}x{size}.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(png[16:20], "big") == size  # IHDR width

    found = KernelSpecManager(kernel_dirs=[str(tmp_path / "data" / "kernels")]).get_kernel_spec("fz-install-test")
    assert found.interrupt_mode == "message"
    assert found.language == "python"


def test_install_prefix_and_bad_arguments(tmp_path):
    subprocess.run([factorize_binary(), "install", "--prefix", str(tmp_path), "--language", "echo"],
                   check=True, capture_output=True)
    spec = json.loads((tmp_path / "share/jupyter/kernels/factorize/kernel.json").read_text())
    assert spec["argv"][1:] == ["kernel", "--language", "echo", "--connection-file", "{connection_file}"]

    for args in (["--name", "bad name"], ["--user", "--prefix", str(tmp_path)], ["--language", "cobol"],
                 ["--interrupt-mode", "smoke-signals"]):
        result = subprocess.run([factorize_binary(), "install", "--prefix", str(tmp_path)] + args
                                if "--prefix" not in args else [factorize_binary(), "install"] + args,
                                capture_output=True, text=True)
        assert result.returncode != 0, args
        assert "Error" in result.stderr, result.stderr
