"""The served desk in a real browser: ``factcheck serve`` in a subprocess on a free
localhost port, driven by headless Chromium (Debian's ``chromium`` and ``chromium-driver``,
through selenium; nothing is downloaded at test time). An editor pastes a draft with a
known conflict and sees the figure marked, its verdict label and the source's link.

Screenshots of the desk and of the report page (``check --format html`` opened as a file)
are written to ``reports/desk.png`` and ``reports/check.png``.

Deselect with ``-m "not browser"``; ``.ci/run`` installs the browser, and the test skips,
saying why, only where it is not installed.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

selenium = pytest.importorskip("selenium", reason="selenium is not installed (pip install "
                               "'.[test]')")

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait
from test_html import DRAFT

ROOT = Path(__file__).resolve().parent.parent
WIRES = ROOT / "tests" / "fixtures" / "wires"
WIRE_URL = "https://news.example.org/rare-earths?id=1&x=2"


def _binary(*names: str) -> str | None:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


CHROMIUM = _binary("chromium", "chromium-browser")
DRIVER = _binary("chromedriver", "chromium-driver")
if CHROMIUM is None or DRIVER is None:
    pytest.skip("headless Chromium is not installed here (Debian packages chromium and "
                "chromium-driver; .ci/run installs them when it runs as root with apt-get)",
                allow_module_level=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``factcheck serve`` against the test wires, on a free port, until the module ends."""
    work = tmp_path_factory.mktemp("desk")
    port = free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}
    log = open(work / "serve.log", "w+", encoding="utf-8")  # noqa: SIM115 - the server's life
    proc = subprocess.Popen(
        [sys.executable, "-m", "factcheck", "serve", "--against", str(WIRES), "--port",
         str(port), "--reviewed", "reviewed.toml"],
        stdout=log, stderr=subprocess.STDOUT, env=env, cwd=work)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(url + "/api/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                pytest.fail(f"factcheck serve did not start: {log.read()[-2000:]}")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--hide-scrollbars", "--force-device-scale-factor=1",
                "--no-first-run", "--disable-extensions", "--disable-background-networking"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def test_paste_a_draft_and_see_the_conflict(server, browser, tmp_path):
    browser.get(server + "/")
    assert browser.title == "factcheck desk"
    box = browser.find_element(By.ID, "draft-text")
    box.send_keys(DRAFT)
    browser.find_element(By.ID, "check-button").click()
    wait = WebDriverWait(browser, 60)
    mark = wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "#result mark.fig")))
    # the highlighted figure and its verdict label (words, not only a colour)
    assert mark.get_attribute("data-verdict") == "conflict"
    assert mark.find_element(By.CSS_SELECTOR, "a").text == "2.1 million metric tons"
    tag = mark.find_element(By.CSS_SELECTOR, ".tag")
    assert tag.get_attribute("textContent") == "conflict" and tag.is_displayed()
    # coloured too: the mark's background is not the page's
    assert mark.value_of_css_property("background-color") not in ("rgba(0, 0, 0, 0)",
                                                                   "rgb(255, 255, 255)")
    # the panel: the source's link, and the source's text on the server
    panel = browser.find_element(By.CSS_SELECTOR, "#result article.panel")
    assert panel.get_attribute("data-verdict") == "conflict"
    links = panel.find_elements(By.CSS_SELECTOR, "a.source-link")
    assert [a.get_attribute("href") for a in links] == [WIRE_URL]
    assert "Wire Agency" in panel.text and "<b>3.8 million metric tons</b>" in \
        panel.get_attribute("innerHTML")
    # the mark leads to the panel
    mark.find_element(By.CSS_SELECTOR, "a").click()
    assert browser.current_url.endswith("#figure-1")
    browser.set_window_size(1400, 1500)
    browser.execute_script("window.scrollTo(0, 0)")
    shot(browser, "desk.png")
    browser.set_window_size(1400, 1000)

    # open the source: the stored text, with the figure marked
    opened = panel.find_element(By.CSS_SELECTOR, "a.open-source").get_attribute("href")
    browser.get(opened)
    fig = browser.find_element(By.CSS_SELECTOR, "mark.fig")
    assert fig.text == "3.8 million metric tons"

    # mark it reviewed with a note: written to the reviewed file, then shown as reviewed
    browser.get(server + "/")
    browser.find_element(By.ID, "draft-text").send_keys(DRAFT)
    browser.find_element(By.ID, "check-button").click()
    form = wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "form.review")))
    form.find_element(By.NAME, "note").send_keys("USGS figure is older; both quoted")
    form.find_element(By.NAME, "by").send_keys("J. Editor")
    form.find_element(By.CSS_SELECTOR, "button").click()
    wait.until(ec.presence_of_element_located(
        (By.CSS_SELECTOR, "#result mark.fig[data-verdict='reviewed']")))
    assert "USGS figure is older; both quoted" in browser.find_element(By.ID, "result").text


def test_upload_a_draft(server, browser, tmp_path):
    """A draft uploaded as a Markdown file is checked as soon as it is chosen."""
    draft = tmp_path / "upload.md"
    draft.write_text(DRAFT.replace("2.1 million", "3.8 million"), encoding="utf-8")
    browser.get(server + "/")
    browser.find_element(By.ID, "draft-file").send_keys(str(draft))
    mark = WebDriverWait(browser, 60).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, "#result mark.fig")))
    assert mark.find_element(By.CSS_SELECTOR, "a").text == "3.8 million metric tons"
    assert "3.8 million metric tons" in browser.find_element(By.ID, "draft-text") \
        .get_attribute("value")


def test_report_page_in_the_browser(browser, tmp_path):
    """The self-contained report (check --format html) opened from a file: it renders with
    no server and no request, the figure marked and labelled."""
    draft = tmp_path / "draft.md"
    draft.write_text(DRAFT, encoding="utf-8")
    page = tmp_path / "check.html"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    r = subprocess.run([sys.executable, "-m", "factcheck", "check", draft.name, "-a",
                        str(WIRES), "-f", "html", "-o", page.name], check=False, env=env,
                       cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert r.returncode == 1, r.stderr
    browser.get(page.as_uri())
    mark = browser.find_element(By.CSS_SELECTOR, "mark.fig")
    assert mark.get_attribute("data-verdict") == "conflict"
    assert mark.find_element(By.CSS_SELECTOR, ".tag").get_attribute("textContent") == "conflict"
    link = browser.find_element(By.CSS_SELECTOR, "a.source-link")
    assert link.get_attribute("href") == WIRE_URL
    browser.set_window_size(1400, 1300)
    shot(browser, "check.png")
    browser.set_window_size(1400, 1000)


def shot(driver, name: str) -> None:
    target = ROOT / "reports" / name
    driver.save_screenshot(str(target))
    assert target.stat().st_size > 10_000
