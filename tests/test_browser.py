"""The explorers in a real JupyterLab, driven through Debian's Chromium by Playwright.

Starts JupyterLab on 127.0.0.1 (random free port, a token, a temporary root holding a *copy* of the notebook,
no network feeds), runs all cells, moves the N-D ε slider and toggles a bug, and checks that the figure image
and the readout changed. Screenshots go to ``screenshots/`` (git-ignored). Every server, kernel and browser it
starts is stopped in the fixtures' teardown.

Before and after running the cells it audits the lesson with axe-core (the copy inside axe-playwright-python):
the notebook's rendered Markdown and its outputs, where our content is; JupyterLab's own menus, toolbars and side
panels are left out (they are JupyterLab's, and have violations of their own). A serious or critical violation
fails the test, with one exception we cannot fix from the kernel: ipywidgets draws a slider with noUiSlider and
does not give its handle (role="slider") a name, although our sliders have a visible description
(``aria-input-field-name`` on ``.noUi-handle``; jupyter-widgets/ipywidgets does not pass noUiSlider's
``handleAttributes``). Those are reported as a warning, and the test checks that every such slider has its
description.

    pytest -m browser tests/test_browser.py       # only this
    pytest -m "not browser"                       # everything else
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import warnings
from pathlib import Path

import nbformat
import pytest

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO / "notebooks" / "solutions" / "Gradient_Checking.ipynb"
"""The notebook under test; while it does not exist or lacks the explorers, a demo notebook built here stands in."""
NEEDED_EXPLORERS = ("EpsilonExplorerND", "BugInjectorND")
SCREENSHOTS = REPO / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]
SERVER_START_TIMEOUT = 90  # seconds
RUN_ALL_TIMEOUT = 240_000  # milliseconds
CHANGE_TIMEOUT = 60_000  # milliseconds

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the environment
    sync_playwright = None


def _require_browser() -> None:
    if sync_playwright is None:
        pytest.skip("playwright is not installed (pip install playwright; never `playwright install`)")
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _request(url: str, method: str = "GET", timeout: float = 5) -> bytes:
    request = urllib.request.Request(url, method=method, data=b"" if method != "GET" else None)
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - a local server we started
        return response.read()


@pytest.fixture(scope="module")
def notebook_copy(tmp_path_factory) -> Path:
    """The root folder for JupyterLab, holding a copy of the notebook under test."""
    _require_browser()
    root = tmp_path_factory.mktemp("lab-root")
    if NOTEBOOK.exists() and all(name in NOTEBOOK.read_text(encoding="utf-8") for name in NEEDED_EXPLORERS):
        target = root / NOTEBOOK.name
        shutil.copy(NOTEBOOK, target)
        return target
    from tests.gc_utils.widgets.test_base import demo_notebook

    if NOTEBOOK.exists():
        warnings.warn(f"{NOTEBOOK.relative_to(REPO)} has no {' and '.join(NEEDED_EXPLORERS)} cells yet: "
                      "testing the demo notebook instead", stacklevel=1)
    target = root / "Explorers_demo.ipynb"
    nbformat.write(demo_notebook(), target)
    return target


@pytest.fixture(scope="module")
def lab_server(notebook_copy, tmp_path_factory):
    """A JupyterLab server of our own: yields its base URL and token; shut down (kernels too) afterwards."""
    home = tmp_path_factory.mktemp("lab-home")
    settings = home / "settings"
    # render every cell into the DOM (no virtual scrolling), so that the test can find every widget
    tracker = settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text(json.dumps({"windowingMode": "none"}))
    # no "Would you like to get notified about official Jupyter news?" prompt (and no fetching of news)
    notification = settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    notification.parent.mkdir(parents=True)
    notification.write_text(json.dumps({"fetchNews": "false"}))
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTER_RUNTIME_DIR=str(home / "runtime"),
               JUPYTERLAB_SETTINGS_DIR=str(settings), JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
               IPYTHONDIR=str(home / "ipython"), MPLBACKEND="module://matplotlib_inline.backend_inline")
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
               f"--ServerApp.root_dir={notebook_copy.parent}", "--LabApp.news_url=None",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate", "--LabApp.extension_manager=readonly",
               "--LabApp.expose_app_in_browser=True", "--ServerApp.terminals_enabled=False"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers and CI often run as root
        command.append("--allow-root")
    log = open(home / "server.log", "w")  # noqa: SIM115 - closed in the teardown below
    server = subprocess.Popen(command, env=env, cwd=notebook_copy.parent, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if server.poll() is not None:
                pytest.fail(f"JupyterLab exited with {server.returncode}; see {home / 'server.log'}")
            try:
                _request(f"{base}/api/status?token={token}")
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not answer within {SERVER_START_TIMEOUT} s; see {home / 'server.log'}")
                time.sleep(0.5)
        yield base, token
    finally:
        _stop_server(server, base, token)
        log.close()


def _stop_server(server: subprocess.Popen, base: str, token: str) -> None:
    """Shut down the kernels and the server we started; escalate to signals on its own process group."""
    if server.poll() is None:
        try:
            for kernel in json.loads(_request(f"{base}/api/kernels?token={token}")):
                _request(f"{base}/api/kernels/{kernel['id']}?token={token}", method="DELETE", timeout=15)
            _request(f"{base}/api/shutdown?token={token}", method="POST")
        except (urllib.error.URLError, ConnectionError, TimeoutError, ValueError):
            pass
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)


@pytest.fixture(scope="module")
def page(lab_server, notebook_copy):
    """A Chromium page with the notebook open in JupyterLab; the browser is closed afterwards."""
    base, token = lab_server
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            tab = context.new_page()
            tab.goto(f"{base}/lab/tree/{notebook_copy.name}?token={token}")
            tab.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
                                  " && window.jupyterapp.shell.currentWidget.sessionContext"
                                  " && window.jupyterapp.shell.currentWidget.sessionContext.session"
                                  " && window.jupyterapp.shell.currentWidget.sessionContext.session.kernel",
                                  timeout=RUN_ALL_TIMEOUT)
            tab.wait_for_function("() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status"
                                  " === 'idle'", timeout=RUN_ALL_TIMEOUT)
            yield tab
        finally:
            if "tab" in locals():
                SCREENSHOTS.mkdir(exist_ok=True)
                tab.screenshot(path=str(SCREENSHOTS / "lab-last-state.png"), full_page=True)
            browser.close()


def _image_bytes(page, selector: str) -> bytes:
    """The bytes the browser shows in the <img> of ``selector`` (an ipywidgets Image is a blob: URL)."""
    encoded = page.eval_on_selector(selector, """async (img) => {
        const blob = await (await fetch(img.src)).blob();
        return await new Promise((done) => {
            const reader = new FileReader();
            reader.onload = () => done(reader.result.split(',')[1]);
            reader.readAsDataURL(blob);
        });
    }""")
    return base64.b64decode(encoded)


def _wait_for_change(page, selector: str, before: str) -> None:
    page.wait_for_function("([selector, before]) => document.querySelector(selector).innerText !== before",
                           arg=[selector, before], timeout=CHANGE_TIMEOUT)


AUDITED = (".jp-Notebook .jp-MarkdownOutput", ".jp-Notebook .jp-OutputArea-output")
"""Where the audit looks: the notebook's rendered Markdown and outputs (our content), not JupyterLab's chrome."""
BLOCKING = ("serious", "critical")


def _upstream_slider_handle(violation: dict, node: dict) -> bool:
    """ipywidgets' unnamed noUiSlider handle (see the module notes), and only that."""
    return violation["id"] == "aria-input-field-name" and node["html"].startswith('<div class="noUi-handle')


def _audit(page, when: str) -> None:
    """Run axe-core on ``AUDITED``; fail on serious or critical violations of our content."""
    try:
        from axe_playwright_python.base import AXE_SCRIPT
    except ImportError:  # pragma: no cover - depends on the environment
        pytest.skip("axe-playwright-python is not installed (requirements-test.txt)")
    page.evaluate(AXE_SCRIPT)
    result = page.evaluate("(include) => axe.run({include: include}, {resultTypes: ['violations']})",
                           [[selector] for selector in AUDITED])
    found, upstream = [], []
    for violation in result["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        for node in violation["nodes"]:
            entry = f"{violation['id']} ({violation['impact']}): {violation['help']}: {node['html'][:160]}"
            (upstream if _upstream_slider_handle(violation, node) else found).append(entry)
    if upstream:
        warnings.warn(f"axe, {when}: {len(upstream)} ipywidgets slider handle(s) without a name (upstream)",
                      stacklevel=2)
        labels = page.eval_on_selector_all(".jp-OutputArea-output .widget-slider",
                                           "(sliders) => sliders.map((s) => s.querySelector('.widget-label')"
                                           ".textContent.trim())")
        assert labels and all(labels), f"a slider without its visible description: {labels}"
    assert found == [], f"axe, {when}: serious or critical violations in the lesson's content:\n" + "\n".join(found)


def test_the_stored_lesson_passes_an_accessibility_audit(page):
    """As opened, before any cell runs: the Markdown (headings, diagrams) and the stored outputs (each explorer's
    static figure, described by its alt text)."""
    page.wait_for_selector(".jp-OutputArea-output img", timeout=RUN_ALL_TIMEOUT)
    images = page.eval_on_selector_all(".jp-Notebook .jp-OutputArea-output img", "(imgs) => imgs.map((i) => i.alt)")
    assert len(images) >= 4 and all(len(alt) > 50 for alt in images), images
    _audit(page, "the stored notebook")


def test_explorers_respond_in_jupyterlab(page):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    nd = ".gc-epsilon-nd"
    bugs = ".gc-bugs-nd"
    page.wait_for_selector(f"{nd} img.gc-figure", timeout=RUN_ALL_TIMEOUT)
    page.wait_for_selector(f"{bugs} img.gc-figure", timeout=RUN_ALL_TIMEOUT)
    page.wait_for_function("() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status"
                           " === 'idle'", timeout=RUN_ALL_TIMEOUT)
    page.screenshot(path=str(SCREENSHOTS / "lab-after-run-all.png"), full_page=True)
    for explorer in (".gc-epsilon-1d", ".gc-bug-1d", nd, bugs):
        if page.locator(explorer).count():
            page.locator(explorer).first.screenshot(path=str(SCREENSHOTS / f"{explorer[1:]}-initial.png"))

    # -- move the N-D ε slider by dragging its handle to the right
    readout = f"{nd} .gc-readout"
    image = f"{nd} img.gc-figure"
    text_before, image_before = page.inner_text(readout), _image_bytes(page, image)
    assert "ε = 1.0e-07" in text_before
    handle = page.locator(f"{nd} .gc-epsilon-slider .noUi-handle").first
    handle.scroll_into_view_if_needed()
    box = handle.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 + 120, box["y"] + box["height"] / 2, steps=8)
    page.mouse.up()
    _wait_for_change(page, readout, text_before)
    page.wait_for_function("() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status"
                           " === 'idle'", timeout=CHANGE_TIMEOUT)
    text_after = page.inner_text(readout)
    assert "ε = 1.0e-07" not in text_after and "ε = " in text_after
    assert _image_bytes(page, image) != image_before
    page.locator(nd).first.screenshot(path=str(SCREENSHOTS / "gc-epsilon-nd-moved.png"))

    # -- toggle one bug in the N-D bug injector
    readout = f"{bugs} .gc-readout"
    image = f"{bugs} img.gc-figure"
    text_before, image_before = page.inner_text(readout), _image_bytes(page, image)
    checkbox = page.locator(f"{bugs} .gc-bug-dZ3_sign_flip input[type=checkbox]").first
    checkbox.scroll_into_view_if_needed()
    checkbox.click()
    _wait_for_change(page, readout, text_before)
    page.wait_for_function("() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status"
                           " === 'idle'", timeout=CHANGE_TIMEOUT)
    assert "dZ3 = Y - A3" in page.inner_text(readout)
    assert _image_bytes(page, image) != image_before
    page.locator(bugs).first.screenshot(path=str(SCREENSHOTS / "gc-bugs-nd-toggled.png"))


def test_the_running_explorers_pass_an_accessibility_audit(page):
    """After Run All: the live explorers (controls, the figure as an <img> with alt text, the readout) and the
    tests' output."""
    if not page.locator(".gc-bugs-nd").count():
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        page.wait_for_selector(".gc-bugs-nd img.gc-figure", timeout=RUN_ALL_TIMEOUT)
    page.wait_for_function("() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status"
                           " === 'idle'", timeout=RUN_ALL_TIMEOUT)
    alts = page.eval_on_selector_all(".gc-explorer img.gc-figure", "(imgs) => imgs.map((i) => i.alt)")
    assert len(alts) == 4 and all(len(alt) > 100 for alt in alts), alts
    _audit(page, "after Run All")
