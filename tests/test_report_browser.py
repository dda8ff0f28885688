"""`veche report` in a real browser: headless Chromium opens the report of every example, logs no
console error, and shows each check's name and verdict.

Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them) and selenium (the
`test` extra).  Without them these tests fail: a skipped test would hide the missing browser.

VECHE_UPDATE_SCREENSHOT=1 also saves docs/report.png, the screenshot shown in docs/report.md.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import EXAMPLES, ROOT
from test_examples import expectations

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENSHOT_OF = "dual_power_1917"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.veche"))


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """Every example's report, written by the real command; the files are checked side by side
    (each report runs the file's checks, which is most of the time of these tests)."""
    out = tmp_path_factory.mktemp("reports")
    jobs = {}
    for path in EXAMPLE_FILES:
        page = out / f"{path.stem}.html"
        cmd = [sys.executable, "-m", "verifier.cli", "report", str(path.relative_to(ROOT)), "-o", str(page)]
        jobs[path.stem] = (page, subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                                  text=True))
    done = {}
    for stem, (page, proc) in jobs.items():
        stdout, stderr = proc.communicate(timeout=300)
        done[stem] = (page, proc.returncode, stdout + stderr)
    return done


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM.exists() and CHROMEDRIVER.exists(), (
        "headless Chromium is needed: apt-get install chromium chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                "--window-size=1280,2000", "--disable-extensions", "--no-first-run"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # The driver is named, so selenium does not go looking for one on the network.
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


# What the page shows, read in one round trip: the verdict table's rows (as displayed, with
# innerText, and whether the browser draws them), the summary and the counterexamples.
READ_PAGE = """
const shown = e => e.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})
  && e.getBoundingClientRect().width > 0;
const rows = [...document.querySelectorAll('table.verdicts tbody tr')].map(tr => {
  const td = tr.querySelectorAll('td');
  return {verdict: td[0].innerText.trim(), name: td[1].innerText.trim(), target: td[2].innerText.trim(),
          line: parseInt(td[td.length - 1].innerText, 10), shown: shown(tr) && shown(td[0].querySelector('.chip'))};
});
const cx = [...document.querySelectorAll('article.cx')].map(a => ({
  shown: shown(a), told: a.querySelectorAll('ol.story li, ul li, pre.json').length}));
const svg = document.querySelector('#institution svg');
return {rows, cx, summary: document.querySelector('header .verdict').innerText,
        institution: !!svg && shown(svg)};
"""


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_every_example_report_opens_cleanly_and_shows_its_verdicts(reports, browser, path):
    page, status, output = reports[path.stem]
    assert "Traceback" not in output and f"report written to {page}" in output, output
    declared = {line: (text.split()[0], expected) for line, text, expected in expectations(path)}
    assert status == (1 if any(e == "violated" for _, e in declared.values()) else 0), output

    browser.get(page.as_uri())
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors

    seen = browser.execute_script(READ_PAGE)
    rows = seen["rows"]
    assert {r["line"] for r in rows} == set(declared)
    for r in rows:
        name, expected = declared[r["line"]]
        assert r["shown"], r
        assert (r["name"], r["verdict"]) == (name, expected), f"{path.name}:{r['line']}: shows {r}"
    assert seen["summary"].startswith(f"{len(rows)} checks:")
    for s in ("violated", "holds"):
        n = sum(r["verdict"] == s for r in rows)
        assert (f"{n} {s}" in seen["summary"]) == (n > 0), seen["summary"]

    # Every violation's counterexample is on the page, told as a numbered story or shown as data.
    assert len(seen["cx"]) == sum(r["verdict"] == "violated" for r in rows)
    assert all(c["shown"] and c["told"] for c in seen["cx"]), seen["cx"]
    assert seen["institution"]

    if path.stem == SCREENSHOT_OF and os.environ.get("VECHE_UPDATE_SCREENSHOT"):
        save_screenshot(browser, ROOT / "docs" / "report.png")


def save_screenshot(driver, target: Path) -> None:
    """The top of the page down to the first counterexample with its diagram."""
    from selenium.webdriver.common.by import By

    first = driver.find_elements(By.CSS_SELECTOR, "article.cx .cx-figures")
    bottom = driver.execute_script(
        "const e = arguments[0]; return e ? e.getBoundingClientRect().bottom + window.scrollY + 24 : 1600;",
        first[0] if first else None)
    driver.set_window_size(1280, 2000)
    chrome = driver.execute_script("return window.outerHeight - window.innerHeight")
    driver.set_window_size(1280, int(min(max(bottom, 1200), 4000)) + chrome)
    driver.execute_script("window.scrollTo(0, 0)")
    driver.save_screenshot(str(target))
    driver.set_window_size(1280, 2000)


def test_the_screenshot_in_the_docs_is_a_report():
    png = ROOT / "docs" / "report.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    doc = (ROOT / "docs" / "report.md").read_text(encoding="utf-8")
    assert "](report.png)" in doc and "veche report" in doc
    assert re.search(r"\(report\.md\)", (ROOT / "docs" / "index.md").read_text(encoding="utf-8"))
    assert shutil.which("dot"), "Graphviz draws the diagrams of a report (.ci/run installs it)"
