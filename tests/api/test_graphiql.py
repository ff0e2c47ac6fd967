"""The GraphiQL page in a real headless Chromium with the network blocked except 127.0.0.1: it
renders from the package's own assets, runs a query, and no request leaves the server."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from tests.chromium import CHROMEDRIVER, CHROMIUM, network, requested_urls
from tests.live import LiveServer

pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()),
    reason="needs Debian's chromium and chromium-driver (tests/run.sh installs them)",
)


def test_graphiql_renders_offline_and_runs_a_query(browser: webdriver.Chrome, live_server: LiveServer) -> None:
    browser.get(f"{live_server.url}/graphql")
    wait = WebDriverWait(browser, 30)
    run = wait.until(expected_conditions.element_to_be_clickable((By.CSS_SELECTOR, ".graphiql-execute-button")))
    editor = browser.find_element(By.CSS_SELECTOR, ".graphiql-query-editor")
    assert "responsibilities" in editor.text  # the example query the page opens with
    run.click()
    wait.until(lambda driver: "Masayoshi Son" in driver.find_element(By.CSS_SELECTOR, ".graphiql-response").text)
    response = browser.find_element(By.CSS_SELECTOR, ".graphiql-response").text
    # the answer panel shows only the lines in view: a quote with its document, and no error
    assert '"quote"' in response and '"errors"' not in response

    time.sleep(0.5)  # let the last requests reach the log
    urls = requested_urls(browser)
    assert any(url.endswith("/graphiql/assets/graphiql.js") for url in urls)
    assert any(url.endswith("/graphql") for url in urls)
    leaving = [url for url in network(urls) if not url.startswith(live_server.url + "/")]
    assert leaving == []
    log = browser.get_log("browser")  # type: ignore[no-untyped-call]
    violations = [e["message"] for e in log if "Content Security Policy" in e["message"]]
    assert violations == []
