"""JupyterLab in a real browser: the tutorial's first cells run on the Factorize kernel.

JupyterLab is started headless on 127.0.0.1 with a random token and an isolated configuration
(its own HOME, JUPYTER_CONFIG_DIR / JUPYTER_DATA_DIR / JUPYTER_RUNTIME_DIR, lab settings and
workspaces; the kernelspec comes from conftest's temporary JUPYTER_PATH prefix). Debian's
`chromium` is driven headless through `chromedriver` with Selenium (the driver path is given
explicitly, so Selenium Manager never tries to download anything). The page opens the notebook,
runs every cell through the menu Run > Run All Cells, and the test checks what a person would
see: the streamed training log (`INFO:root:Epoch[0] Train-rmse=...`) and the histogram decoded
by the browser as a PNG image; neither the browser console nor the server log shows an error.
Everything is kept in tests/integration/output/browser/: `lab.png` (or `lab-failure.png` when the
test fails), `page.txt` (the page's text), `console.log` (the browser console) and
`jupyter-lab.log` (the server's log).
"""
import base64
import json
import os
import re
import secrets
import shutil
import signal
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, SPEC_PREFIX, install_kernelspec

KERNEL = "factorize-browser-test"
DATA = ROOT.parent / "shared" / "data" / "ml-latest-small"
OUTPUT = Path(__file__).resolve().parent / "output" / "browser"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
NOTEBOOK = "tutorial-first-cells.ipynb"
SERVER_START_TIMEOUT = 60
KERNEL_READY_TIMEOUT = 45
RUN_TIMEOUT = 60

# Never let Selenium Manager look for (or download) a driver or a browser.
os.environ.setdefault("SE_OFFLINE", "true")


def first_tutorial_cells(kernel_name: str) -> dict:
    """The tutorial notebook up to and including its first `model.fit(` cell (through the
    histogram of the random matrix), with a parameters cell injected after the `parameters`
    cell, as papermill does, pointing `data_dir` at the test data."""
    notebook = json.loads((ROOT / "notebooks" / "tutorial.ipynb").read_text())
    cells = notebook["cells"]
    first_fit = next(k for k, c in enumerate(cells)
                     if c["cell_type"] == "code" and "model.fit(" in "".join(c["source"]))
    cells = cells[:first_fit + 1]
    parameters = next(k for k, c in enumerate(cells) if "parameters" in c["metadata"].get("tags", []))
    cells.insert(parameters + 1, {"id": "injected-parameters", "cell_type": "code",
                                  "metadata": {"tags": ["injected-parameters"]},
                                  "execution_count": None, "outputs": [],
                                  "source": f"data_dir = {str(DATA)!r}"})
    assert any("plt.hist(" in "".join(c["source"]) for c in cells), "no histogram before the first fit"
    notebook["cells"] = cells
    notebook["metadata"]["kernelspec"] = dict(notebook["metadata"]["kernelspec"], name=kernel_name)
    return notebook


def write_lab_settings(settings_dir: Path):
    """User settings: every cell stays in the DOM (no windowing), and no news or update
    notifications over the page."""
    settings = {
        "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
        "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    }
    for plugin, values in settings.items():
        package, name = plugin.rsplit("/", 1)
        path = settings_dir / package / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))


def child_pids(pid: int) -> list[int]:
    """Direct children of `pid` (from /proc), e.g. the kernels a Jupyter server started."""
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may contain spaces, so split after the last ')'.
        fields = stat[stat.rfind(")") + 2:].split()
        if len(fields) > 1 and int(fields[1]) == pid:
            children.append(int(entry.name))
    return children


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped by its parent) counts as gone.
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


class LabServer:
    """A running `jupyter lab` process: its base URL, token and root directory."""

    def __init__(self, process, url: str, token: str, root: Path):
        self.process, self.url, self.token, self.root = process, url, token, root

    def api(self, path: str, method: str = "GET", timeout: float = 5.0):
        request = urllib.request.Request(f"{self.url}{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None


@pytest.fixture
def lab_server(tmp_path):
    if shutil.which("jupyter-lab", path=str(Path(sys.executable).parent)) is None:
        pytest.fail(f"jupyterlab is not installed next to {sys.executable} (tests/requirements.txt)")
    install_kernelspec(KERNEL)
    root = tmp_path / "notebooks"
    root.mkdir()
    (root / NOTEBOOK).write_text(json.dumps(first_tutorial_cells(KERNEL), indent=1))
    home = tmp_path / "home"
    write_lab_settings(tmp_path / "lab" / "user-settings")
    env = dict(os.environ, HOME=str(home), JUPYTER_CONFIG_DIR=str(home / ".jupyter"),
               JUPYTER_DATA_DIR=str(home / ".local" / "share" / "jupyter"),
               JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
               JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "lab" / "user-settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "lab" / "workspaces"),
               JUPYTER_PLATFORM_DIRS="0", PYTHONUNBUFFERED="1")
    token = secrets.token_hex(24)
    shutil.rmtree(OUTPUT, ignore_errors=True)  # no stale screenshot from an earlier run
    OUTPUT.mkdir(parents=True)
    log = open(OUTPUT / "jupyter-lab.log", "w")
    # Port 0: the server picks a free port and writes it into its runtime file (no race).
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", "--port=0",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         "--LabApp.extension_manager=readonly", "--ServerApp.terminals_enabled=False"]
        + (["--allow-root"] if os.geteuid() == 0 else []),
        env=env, cwd=root, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    server = None
    kernels = set()
    try:
        server = wait_for_server(process, tmp_path / "runtime", token, root)
        yield server
        kernels.update(child_pids(process.pid))
    finally:
        shutdown_server(process, server)
        log.close()
        stray = [pid for pid in kernels if alive(pid)]
        for pid in stray:
            os.kill(pid, signal.SIGKILL)
        assert not stray, f"kernel processes {stray} outlived the Jupyter server"


def wait_for_server(process, runtime: Path, token: str, root: Path) -> LabServer:
    """Waits until the server has written its runtime file and answers /api/status."""
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"jupyter lab exited with {process.returncode}; see {OUTPUT / 'jupyter-lab.log'}")
        info_file = runtime / f"jpserver-{process.pid}.json"
        if info_file.exists():
            try:
                info = json.loads(info_file.read_text())
                server = LabServer(process, f"http://127.0.0.1:{info['port']}/", token, root)
                server.api("api/status")
                return server
            except (ValueError, KeyError, OSError):
                pass  # half-written file, or not answering yet
        time.sleep(0.2)
    raise TimeoutError(f"jupyter lab did not answer within {SERVER_START_TIMEOUT} s; see {OUTPUT / 'jupyter-lab.log'}")


def shutdown_server(process, server: LabServer | None):
    """Asks the server to stop (it shuts its kernels down first), then makes sure of it."""
    if server is not None and process.poll() is None:
        try:
            server.api("api/shutdown", method="POST")
        except (OSError, urllib.error.URLError):
            pass
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture
def browser(tmp_path):
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.access(path, os.X_OK):
            pytest.fail(f"{path} not found: install Debian's chromium and chromium-driver (scripts/install-deps.sh)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                     "--window-size=1280,1800", f"--user-data-dir={tmp_path / 'chromium'}"):
        options.add_argument(argument)
    service = Service(executable_path=str(CHROMEDRIVER), log_output=str(tmp_path / "chromedriver.log"))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


# --- reading the page -------------------------------------------------------------------------

PROMPTS_JS = """
return Array.from(document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputArea-prompt'))
            .map(e => e.textContent.trim());
"""

CELL_OUTPUTS_JS = """
return Array.from(document.querySelectorAll('.jp-Notebook .jp-CodeCell')).map(cell => ({
    source: Array.from(cell.querySelectorAll('.jp-InputArea-editor .cm-line')).map(l => l.textContent).join('\\n'),
    text: Array.from(cell.querySelectorAll('.jp-OutputArea-output')).map(o => o.innerText).join('\\n'),
    images: Array.from(cell.querySelectorAll('.jp-OutputArea-output img')).map(img => ({
        src: img.currentSrc || img.src, complete: img.complete,
        naturalWidth: img.naturalWidth, naturalHeight: img.naturalHeight,
        shownWidth: img.getBoundingClientRect().width, shownHeight: img.getBoundingClientRect().height,
    })),
}));
"""


def kernel_status(driver) -> str:
    """The status bar's kernel item, e.g. 'Factorize | Idle' ('No Kernel | ...' before one
    is attached), or '' before the status bar exists."""
    return driver.execute_script(
        "const e = document.querySelector('#jp-main-statusbar .jp-StatusBar-TextItem[title^=\"Change kernel\"]');"
        "return e ? e.textContent.trim() : '';") or ""


def kernel_idle(driver) -> bool:
    """The status bar shows the test kernel (by its kernelspec's display name) as idle."""
    spec = json.loads((SPEC_PREFIX / "share" / "jupyter" / "kernels" / KERNEL / "kernel.json").read_text())
    return kernel_status(driver) == f"{spec['display_name']} | Idle"


def accept_kernel_dialog(driver):
    """If JupyterLab asks which kernel to use, keep the notebook's (selected) kernel."""
    from selenium.webdriver.common.by import By

    for dialog in driver.find_elements(By.CSS_SELECTOR, ".jp-Dialog"):
        buttons = dialog.find_elements(By.CSS_SELECTOR, ".jp-Dialog-button.jp-mod-accept")
        if buttons:
            buttons[0].click()


def png_size(data_uri: str) -> tuple[int, int]:
    """(width, height) from the IHDR chunk of a base64 PNG data URI."""
    raw = base64.b64decode(data_uri.split(",", 1)[1])
    assert raw[:8] == b"\x89PNG\r\n\x1a\n" and raw[12:16] == b"IHDR", "not a PNG"
    return struct.unpack(">II", raw[16:24])


def run_all_cells(driver):
    """Run > Run All Cells, through the menu bar as a person would."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(driver, 15)
    menu = wait.until(EC.element_to_be_clickable(
        (By.XPATH, "//*[@id='jp-MainMenu']//li[contains(@class,'lm-MenuBar-item')][normalize-space(.)='Run']")))
    menu.click()
    item = wait.until(EC.element_to_be_clickable(
        (By.CSS_SELECTOR, "#jp-mainmenu-run li.lm-Menu-item[data-command='runmenu:run-all']:not(.lm-mod-disabled)")))
    item.click()


def save_evidence(driver, name: str):
    """The screenshot `name`.png, the page's text and the browser console, in OUTPUT."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(OUTPUT / f"{name}.png"))
    (OUTPUT / "page.txt").write_text(driver.execute_script("return document.body.innerText") or "")
    entries = driver.get_log("browser")
    (OUTPUT / "console.log").write_text("".join(f"{e['level']} {e['message']}\n" for e in entries))
    return entries


def test_tutorial_cells_run_in_jupyterlab(lab_server, browser):
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser
    started = time.monotonic()
    try:
        driver.get(f"{lab_server.url}lab/tree/{NOTEBOOK}?token={lab_server.token}")
        WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".jp-Notebook .jp-CodeCell")))

        def kernel_ready(d):
            accept_kernel_dialog(d)
            return kernel_idle(d)
        WebDriverWait(driver, KERNEL_READY_TIMEOUT, poll_frequency=0.25).until(
            kernel_ready, message="the Factorize kernel did not become idle in the page")
        sessions = lab_server.api("api/sessions")
        assert [s["kernel"]["name"] for s in sessions] == [KERNEL], sessions

        run_all_cells(driver)

        def all_ran(d):
            prompts = d.execute_script(PROMPTS_JS)
            return bool(prompts) and all(re.fullmatch(r"\[\d+\]:", p) for p in prompts) and kernel_idle(d)
        try:
            WebDriverWait(driver, RUN_TIMEOUT, poll_frequency=0.25).until(all_ran)
        except TimeoutException:
            raise AssertionError(f"cells did not all finish: prompts {driver.execute_script(PROMPTS_JS)}, "
                                 f"kernel {kernel_status(driver)!r}") from None
        ran_after = time.monotonic() - started

        cells = driver.execute_script(CELL_OUTPUTS_JS)
        everything = "\n".join(c["text"] for c in cells)
        assert not re.search(r"Traceback|\w+Error\b", everything), everything

        # The histogram: a PNG the browser decoded to the size its header declares, laid out.
        histogram = next(c for c in cells if "plt.hist(" in c["source"])
        assert "(35000,)" in histogram["text"], histogram["text"]
        pngs = [img for img in histogram["images"] if img["src"].startswith("data:image/png;base64,")]
        assert len(pngs) == 1, [dict(i, src=i["src"][:40]) for i in histogram["images"]]
        image = pngs[0]
        assert image["complete"] and image["naturalWidth"] > 0 and image["naturalHeight"] > 0
        assert (image["naturalWidth"], image["naturalHeight"]) == png_size(image["src"])
        assert image["shownWidth"] > 100 and image["shownHeight"] > 100

        # The training log, streamed on stderr, rendered as stderr text in the fit cell.
        training = next(c for c in cells if "model.fit(" in c["source"])
        log = training["text"]
        for epoch in range(5):
            for line in (r"Train-rmse=\d+\.\d+", r"Time cost=\d+\.\d+", r"Validation-rmse=\d+\.\d+"):
                assert re.search(rf"INFO:root:Epoch\[{epoch}\] {line}", log), log
        stderr = driver.find_elements(
            By.CSS_SELECTOR, ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
        assert any("INFO:root:Epoch[0] Validation-rmse=" in e.text for e in stderr)

        # Show the figure and the log together, and keep the picture.
        driver.execute_script(
            "document.querySelector('.jp-OutputArea-output img').scrollIntoView({block: 'start'});")
        time.sleep(0.3)
        console = save_evidence(driver, "lab")
        # JupyterLab reports kernel messages it cannot handle on the console.
        errors = [e["message"] for e in console if e["level"] == "SEVERE"]
        assert not errors, errors
        print(f"\nbrowser test: cells ran {ran_after:.1f} s after opening the page; "
              f"screenshot {OUTPUT / 'lab.png'}")
    except BaseException:
        try:
            save_evidence(driver, "lab-failure")
        except Exception as error:  # the browser itself may be gone: keep the first failure
            print(f"no failure screenshot: {error}")
        raise
    server_errors = [line for line in (OUTPUT / "jupyter-lab.log").read_text().splitlines()
                     if line.startswith("[E ")]
    assert not server_errors, server_errors
