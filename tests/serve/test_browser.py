"""The dashboard in a real headless Chromium (Debian's chromium and chromium-driver, driven by
Selenium) against `sitrep serve` running as a user starts it: the list, a filter, the map's
markers, an event page's highlighted evidence, and no script of an article's running. Screenshots
go to each test's temporary folder."""

from __future__ import annotations

import json
import shutil
import urllib.request
from pathlib import Path

import pytest

from tests.serve.helpers import needs_model

CHROMIUM = next((p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if Path(p).exists()), None)
DRIVER = shutil.which("chromedriver") or next((p for p in ("/usr/bin/chromedriver",) if Path(p).exists()), None)
pytestmark = [
    needs_model,
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed: apt-get install chromium chromium-driver (.ci/run does)"),
    pytest.mark.skipif(DRIVER is None, reason="no chromedriver installed: apt-get install chromium-driver (.ci/run does)"),
]
selenium = pytest.importorskip("selenium", reason="selenium is not installed: pip install -e '.[dev]'")

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def _get_json(url: str):
    with urllib.request.urlopen(url, timeout=30) as answer:
        return json.load(answer)


def _problems(driver) -> list[str]:
    """Console errors (a CSP violation, a script error) and any alert an injected script raised."""
    found = [entry["message"] for entry in driver.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")
             and "favicon" not in entry["message"]]
    try:
        found.append(f"alert: {driver.switch_to.alert.text}")
    except NoAlertPresentException:
        pass
    return found


def test_the_list_and_a_filter(browser, live_server, tmp_path):
    total = _get_json(f"{live_server}/api/events?limit=1")["total"]
    browser.get(live_server + "/")
    rows = browser.find_elements(By.CSS_SELECTOR, "tr.event-row")
    assert len(rows) == min(total, 50)
    browser.save_screenshot(str(tmp_path / "list.png"))

    field = browser.find_element(By.NAME, "category")
    field.send_keys("PROTEST")
    browser.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]").click()
    WebDriverWait(browser, 20).until(lambda d: "category=PROTEST" in d.current_url)
    shown = [row.find_elements(By.TAG_NAME, "td")[2].text for row in browser.find_elements(By.CSS_SELECTOR, "tr.event-row")]
    expected = _get_json(f"{live_server}/api/events?category=PROTEST&limit=500")["total"]
    assert len(shown) == expected > 0
    assert all(cell.startswith("PROTEST") for cell in shown)
    Select(browser.find_element(By.NAME, "sort")).select_by_value("-sources")
    browser.find_element(By.CSS_SELECTOR, "input[name=disputed]").click()
    browser.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]").click()
    WebDriverWait(browser, 20).until(lambda d: "disputed=true" in d.current_url)
    browser.save_screenshot(str(tmp_path / "filtered.png"))
    assert not _problems(browser)


def test_the_map_draws_a_marker_per_located_event(browser, live_server, tmp_path):
    features = _get_json(f"{live_server}/api/events.geojson")["features"]
    assert features
    browser.get(live_server + "/")
    WebDriverWait(browser, 30).until(lambda d: d.find_element(By.ID, "map").get_attribute("data-markers")
                                     or d.find_element(By.ID, "map").get_attribute("data-error"))
    assert browser.find_element(By.ID, "map").get_attribute("data-error") is None
    markers = browser.find_elements(By.CSS_SELECTOR, "#map path.event-marker")
    assert len(markers) == len(features)
    # the offline basemap: country outlines drawn from the shipped GeoJSON, no tiles
    WebDriverWait(browser, 30).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#map path:not(.event-marker)")) > 100)
    assert not browser.find_elements(By.CSS_SELECTOR, "#map img.leaflet-tile")
    markers[-1].click()  # drawn last, so on top of any marker it overlaps
    popup = WebDriverWait(browser, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, ".leaflet-popup-content a"))
    assert popup.get_attribute("href").startswith(f"{live_server}/events/")
    browser.save_screenshot(str(tmp_path / "map.png"))
    assert browser.find_elements(By.CSS_SELECTOR, "#timeline rect.bar")
    assert not _problems(browser)


def test_an_event_page_marks_each_values_sentence(browser, live_server, tmp_path):
    disputed = _get_json(f"{live_server}/api/events?disputed=true&country=IQ&limit=500")["items"]
    kirkuk = next(e for e in disputed if (e["event_loc"] or {}).get("resolved_place") == "Kirkuk" and len(e["sources"]) >= 2)
    browser.get(f"{live_server}/events/{kirkuk['id']}")
    sources = browser.find_elements(By.CSS_SELECTOR, "article.source")
    assert len(sources) == len(kirkuk["sources"])
    marked = [m.text for m in browser.find_elements(By.CSS_SELECTOR, "article.source mark")]
    for evidence in kirkuk["evidence"]["size.dead"]:
        assert any(evidence["text"].strip() in text or text in evidence["text"] for text in marked), evidence["text"]
    dispute = browser.find_element(By.CSS_SELECTOR, "section.dispute[data-field='size.dead']")
    values = [v.text.split()[0] for v in dispute.find_elements(By.CSS_SELECTOR, ".side .value")]
    assert {"3", "5"} <= set(values)
    browser.save_screenshot(str(tmp_path / "event.png"))
    assert not _problems(browser)


def test_no_article_script_runs(browser, live_server, served_store, tmp_path):
    # the payload-laden record: each page renders it, and nothing it holds runs or breaks the CSP
    hostile = served_store["hostile"]
    for path in (f"/events/{hostile['event']}", f"/entities/{hostile['entity']}", "/?text=<script>alert(1)</script>"):
        browser.get(live_server + path)
        assert not _problems(browser), path
        assert not browser.find_elements(By.CSS_SELECTOR, "main img, main iframe, main style, main script")
    browser.save_screenshot(str(tmp_path / "hostile.png"))
