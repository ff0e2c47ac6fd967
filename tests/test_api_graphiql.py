"""The GraphiQL page in a real headless Chromium with the network blocked except 127.0.0.1: it
renders from the package's own assets, runs a query, and no request leaves the server."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from tests.live import LiveServer

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
                                reason="needs Debian's chromium and chromium-driver (tests/run.sh installs them)")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--window-size=1400,900",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium')}",
                 # The network is closed: every host but 127.0.0.1 fails to resolve, and every
                 # request not to loopback goes to a proxy that does not exist.
                 "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                 "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>;127.0.0.1"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def requested_urls(driver: WebDriver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def test_graphiql_renders_offline_and_runs_a_query(browser: WebDriver, live_server: LiveServer) -> None:
    browser.get(f"{live_server.url}/graphql")
    wait = WebDriverWait(browser, 30)
    run = wait.until(expected_conditions.element_to_be_clickable((By.CSS_SELECTOR, ".graphiql-execute-button")))
    editor = browser.find_element(By.CSS_SELECTOR, ".graphiql-query-editor")
    assert "responsibilities" in editor.text  # the example query the page opens with
    run.click()
    wait.until(lambda driver: "Masayoshi Son" in driver.find_element(By.CSS_SELECTOR, ".graphiql-response").text)
    response = browser.find_element(By.CSS_SELECTOR, ".graphiql-response").text
    assert "004_5cf1b9cad3f7a47d" in response and '"errors"' not in response

    time.sleep(0.5)  # let the last requests reach the log
    urls = requested_urls(browser)
    assert any(url.endswith("/graphiql/assets/graphiql.js") for url in urls)
    assert any(url.endswith("/graphql") for url in urls)
    network = [url for url in urls if url.startswith(("http:", "https:", "ws:", "wss:"))]  # not chrome://, data:
    leaving = [url for url in network if not url.startswith(live_server.url + "/")]
    assert leaving == []
    violations = [e["message"] for e in browser.get_log("browser") if "Content Security Policy" in e["message"]]
    assert violations == []
