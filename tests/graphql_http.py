"""GraphQL over HTTP for the API tests: a few lines of httpx, and a uvicorn in a thread for tests
that need the server's own objects (its store's call counter, its graph holder)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import uvicorn
from starlette.applications import Starlette

from graph.store.backends import Store
from tests.live import free_port

JSON = "application/json"
GRAPHQL_RESPONSE = "application/graphql-response+json"


def post(base_url: str, query: str, variables: dict[str, Any] | None = None, *, accept: str = JSON) -> httpx.Response:
    return httpx.post(
        f"{base_url}/graphql",
        json={"query": query, "variables": variables or {}},
        headers={"Accept": accept},
        timeout=30,
    )


def ask(base_url: str, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """The data of a query that must succeed."""
    response = post(base_url, query, variables)
    assert response.status_code == 200, response.text
    payload = response.json()
    assert "errors" not in payload, payload["errors"]
    data: dict[str, Any] = payload["data"]
    return data


def errors_of(base_url: str, query: str, variables: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The errors of a query that must fail, each checked to carry no server internals."""
    response = post(base_url, query, variables)
    assert response.status_code == 200, response.text
    errors: list[dict[str, Any]] = response.json()["errors"]
    for error in errors:
        assert "Traceback" not in error["message"] and 'File "' not in error["message"]
        assert set(error) <= {"message", "locations", "path", "extensions"}
    return errors


def sparql_rows(store: Store, query: str) -> list[dict[str, str]]:
    """A SELECT straight on the store, values as text: the independent answer to compare with."""
    return [{name: str(term.value) for name, term in row.items()} for row in store.select(query)]


@contextmanager
def serve_in_thread(app: Starlette) -> Iterator[str]:
    """A real uvicorn on a free 127.0.0.1 port, in a thread of this process; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=15)
