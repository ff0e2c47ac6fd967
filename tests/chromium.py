"""Headless Chromium for page tests: no network but 127.0.0.1, logs of console and requests."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--window-size=1600,1000",
    # WebGL (sigma.js) on the CPU: Chromium is retiring its automatic software fallback
    "--enable-unsafe-swiftshader",
    # no network: every host name but 127.0.0.1 fails to resolve, and every request not to
    # 127.0.0.1 goes to a proxy that does not exist
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>;127.0.0.1",
)
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


@contextmanager
def chromium() -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    with tempfile.TemporaryDirectory() as profile:
        for flag in (*FLAGS, f"--user-data-dir={profile}"):
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
        driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
        driver.set_page_load_timeout(60)
        try:
            yield driver
        finally:
            driver.quit()


def requested_urls(driver: webdriver.Chrome) -> list[str]:
    """URLs the page requested since the last call (the log is drained)."""
    urls = []
    for entry in driver.get_log("performance"):  # type: ignore[no-untyped-call]
        message: dict[str, Any] = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def network(urls: list[str]) -> list[str]:
    """The URLs that would go over a network (not file:, data: or the browser's own chrome:)."""
    return [u for u in urls if u.startswith(("http:", "https:", "ws:", "wss:", "ftp:"))]


def console_errors(driver: webdriver.Chrome) -> list[str]:
    """Console errors since the last call (warnings, such as software WebGL's, are not errors)."""
    entries = driver.get_log("browser")  # type: ignore[no-untyped-call]
    return [entry["message"] for entry in entries if entry["level"] == "SEVERE"]
