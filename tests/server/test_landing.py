"""GET /: the landing page over a real server. Every link it shows answers, the JSON service index
offers the same links, the counts are the SPARQL endpoint's, the documents are the corpus's, and an
example question opens ready to run in GraphiQL and on the SPARQL page (headless Chromium)."""

from __future__ import annotations

import html
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urldefrag, urljoin, urlsplit

import httpx
import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from graph.ingest.pipeline import Compiled
from graph.server.landing import Document, Facts, Index, entry_point_lines, examples, render_html
from graph.store.snapshot import Snapshot
from tests.chromium import CHROMEDRIVER, CHROMIUM, console_errors, network, requested_urls
from tests.live import LiveServer

if TYPE_CHECKING:
    from tests.stores import SparqlServer

pytest_plugins = ["tests.stores"]

JSON = {"Accept": "application/json"}
SPARQL_JSON = {"Accept": "application/sparql-results+json"}
needs_chromium = pytest.mark.skipif(
    not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()),
    reason="needs Debian's chromium and chromium-driver (tests/run.sh installs them)",
)


class _Page(HTMLParser):
    """The page's links (href of every <a>) and whatever would load a resource."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.loads: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href") is not None:
            self.links.append(str(values["href"]))
        source = values.get("src") or (values.get("href") if tag == "link" else None)
        if tag in {"script", "img", "iframe"} or (source and not source.startswith("data:")):
            self.loads.append(tag)


def page_links(server: LiveServer) -> tuple[str, list[str]]:
    response = httpx.get(server.url + "/", headers={"Accept": "text/html"}, timeout=30)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    parser = _Page()
    parser.feed(response.text)
    assert parser.loads == []  # one document: inline CSS, no script, nothing fetched
    return response.text, [urljoin(server.url + "/", href) for href in parser.links]


def index_urls(value: Any) -> list[str]:
    """Every "url" of the service index, wherever it is."""
    if isinstance(value, dict):
        return [u for k, v in value.items() for u in ([v] if k == "url" else index_urls(v))]
    if isinstance(value, list):
        return [u for v in value for u in index_urls(v)]
    return []


@pytest.fixture(scope="module")
def index(live_server: LiveServer) -> dict[str, Any]:
    response = httpx.get(live_server.url + "/", headers=JSON, timeout=30)
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    assert response.headers["vary"] == "Accept"
    data: dict[str, Any] = response.json()
    return data


def test_every_link_of_the_page_answers(live_server: LiveServer) -> None:
    _, links = page_links(live_server)
    assert len(links) == len(set(links)) >= 30
    for url in links:
        assert url.startswith(live_server.url + "/"), url  # nothing leaves the server
        response = httpx.get(urldefrag(url).url, timeout=120)
        assert response.status_code == 200, (url, response.text[:300])
    paths = {urlsplit(url).path for url in links}
    for path in ("/graphql", "/sparql", "/viz", "/export", "/dump", "/.well-known/void", "/export/trig", "/dump/png"):
        assert path in paths


def test_the_json_index_offers_the_links_of_the_page(live_server: LiveServer, index: dict[str, Any]) -> None:
    _, links = page_links(live_server)
    assert sorted(index_urls(index)) == sorted(links)
    logged = [line.split(": ", 1)[1] for line in entry_point_lines(live_server.url + "/")]
    assert [live_server.url + "/", *(e["url"] for e in index["entry_points"])] == logged


def test_a_client_that_accepts_neither_gets_406(live_server: LiveServer) -> None:
    response = httpx.get(live_server.url + "/", headers={"Accept": "image/png"}, timeout=30)
    assert response.status_code == 406


COUNT_QUERIES = {  # written apart from the page's own query, as a reader of the data would
    "entities": "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?type FILTER STRSTARTS(STR(?e), STR(sgid:)) }",
    "claims": "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { GRAPH ?g { ?c a sg:Claim } }",
    "documents": "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a sg:Document }",
    "contradictions": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a sg:Contradiction }",
    "quads": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
}


def corpus_counts(compiled: Compiled) -> dict[str, int]:
    corpus = compiled.corpus
    return {
        "entities": len(corpus.entities),
        "claims": len(corpus.claims),
        "documents": len(corpus.documents),
        "contradictions": len(compiled.contradictions),
        "quads": len(compiled.quads),
    }


def corpus_documents(compiled: Compiled) -> list[tuple[str, str, str | None, str]]:
    """(id, outlet, published, title) of every document, in id order."""
    documents = sorted(compiled.corpus.documents.values(), key=lambda d: d.id)
    return [(d.id, d.outlet, d.published.iso if d.published else None, d.title) for d in documents]


def listed_documents(index: dict[str, Any]) -> list[tuple[str, str, str | None, str]]:
    return [(d["id"], d["outlet"], d["published"], d["title"]) for d in index["documents"]]


def test_the_counts_are_the_sparql_endpoints(
    live_server: LiveServer, index: dict[str, Any], compiled: Compiled
) -> None:
    counted = {}
    for name, query in COUNT_QUERIES.items():
        response = httpx.get(live_server.url + "/sparql", params={"query": query}, headers=SPARQL_JSON, timeout=60)
        assert response.status_code == 200, response.text
        counted[name] = int(response.json()["results"]["bindings"][0]["n"]["value"])
    assert index["counts"] == counted == corpus_counts(compiled)
    page, _ = page_links(live_server)
    for name, n in counted.items():
        assert f"<dt>{name}</dt><dd>{n:,}</dd>" in page


def test_the_documents_are_the_corpus_with_outlet_date_and_title(
    live_server: LiveServer, index: dict[str, Any], compiled: Compiled
) -> None:
    assert listed_documents(index) == corpus_documents(compiled)
    page, _ = page_links(live_server)
    for d in compiled.corpus.documents.values():
        assert html.escape(d.title) in page and html.escape(d.outlet) in page
    for document in index["documents"]:
        data = next(link["url"] for link in document["links"] if link["name"] == "data")
        answer = httpx.get(data, timeout=60).json()
        assert "errors" not in answer
        found = answer["data"]["document"]
        assert found["id"] == document["id"] and found["title"] == document["title"]
        assert found["text"] == compiled.corpus.documents[document["id"]].text
        assert found["claims"]["totalCount"] == sum(1 for c in compiled.corpus.claims if c.document == document["id"])


def test_every_example_question_runs_without_errors(live_server: LiveServer, index: dict[str, Any]) -> None:
    assert {e["language"] for e in index["examples"]} == {"graphql", "sparql"}
    for example in index["examples"]:
        url = urlsplit(example["url"])
        if example["language"] == "graphql":
            assert url.path == "/graphiql" and parse_qs(url.query)["query"] == [example["query"]]
            answer = httpx.post(live_server.url + "/graphql", json={"query": example["query"]}, timeout=60).json()
            assert "errors" not in answer, (example["question"], answer)
            assert all(answer["data"].values()), example["question"]  # each question has an answer
        else:
            assert url.path == "/sparql" and parse_qs(url.fragment)["query"] == [example["query"]]
            response = httpx.post(live_server.url + "/sparql", data={"query": example["query"]}, headers=SPARQL_JSON)
            assert response.status_code == 200, (example["question"], response.text)
            assert response.json()["results"]["bindings"], example["question"]


def test_the_index_reads_the_same_through_either_store(sparql_server: SparqlServer, compiled: Compiled) -> None:
    """Over a remote SPARQL store (`--store URL`) the page says what it says over the embedded one."""
    response = httpx.get(sparql_server.url + "/", headers=JSON, timeout=60)
    assert response.status_code == 200, response.text
    index = response.json()
    assert index["counts"] == corpus_counts(compiled)
    assert listed_documents(index) == corpus_documents(compiled)
    page = httpx.get(sparql_server.url + "/", timeout=60)
    assert page.status_code == 200 and f"<dd>{len(compiled.quads):,}</dd>" in page.text


def test_everything_from_the_graph_is_escaped(snapshot: Snapshot) -> None:
    hostile = '<script>alert("x")</script> & "quotes"'
    document = Document(
        id='000_"><b>', iri="https://example.org/<i>", title=hostile, title_lang='zh"><x', outlet=hostile, published=""
    )
    page = render_html(Index('http://h/"><x/', snapshot, Facts({"documents": 1}, [document])))
    assert "<script" not in page and "<b>" not in page and "<i>" not in page and '"><x' not in page
    assert html.escape(hostile) in page


@needs_chromium
def test_an_example_question_opens_in_graphiql_ready_to_run(
    browser: webdriver.Chrome, live_server: LiveServer, compiled: Compiled
) -> None:
    requested_urls(browser)  # drain what the browser did before
    browser.get(live_server.url + "/")
    question = "Where do the documents contradict each other?"
    browser.find_element(By.LINK_TEXT, question).click()
    wait = WebDriverWait(browser, 60)
    run = wait.until(expected_conditions.element_to_be_clickable((By.CSS_SELECTOR, ".graphiql-execute-button")))
    editor = browser.find_element(By.CSS_SELECTOR, ".graphiql-query-editor")
    assert question in editor.text and "contradictions" in editor.text and "responsibilities" not in editor.text
    for field in ("kind", "explanation", "judgement", "sides", "position", "quote"):
        assert field in editor.text, field
    example = next(e for e in examples() if e.question == question)
    answer = httpx.post(live_server.url + "/graphql", json={"query": example.query}, timeout=60).json()
    first = answer["data"]["contradictions"]["nodes"][0]
    run.click()
    total = f'"totalCount": {len(compiled.contradictions)}'
    wait.until(lambda d: total in d.find_element(By.CSS_SELECTOR, ".graphiql-response").text)
    shown = browser.find_element(By.CSS_SELECTOR, ".graphiql-response").text
    assert '"errors"' not in shown
    assert f'"kind": "{first["kind"]}"' in shown and '"explanation": "' in shown  # the first one, in view
    time.sleep(0.5)  # let the last requests reach the log
    urls = requested_urls(browser)
    assert [u for u in network(urls) if not u.startswith(live_server.url + "/")] == []
    assert [e for e in console_errors(browser) if "/favicon.ico " not in e] == []  # GraphiQL's page names no icon


@needs_chromium
def test_an_example_question_opens_on_the_sparql_page_and_runs(
    browser: webdriver.Chrome, live_server: LiveServer, index: dict[str, Any]
) -> None:
    example = next(e for e in index["examples"] if e["language"] == "sparql" and "chairs" in e["question"])
    browser.get(live_server.url + "/")
    browser.find_element(By.LINK_TEXT, example["question"]).click()
    wait = WebDriverWait(browser, 60)
    wait.until(lambda d: d.execute_script("return window.yasgui !== undefined"))
    tab = browser.execute_script("const t = window.yasgui.getTab(); return [t.getName(), t.getQuery()]")
    assert tab == [example["question"], example["query"]]
    rows = wait.until(
        expected_conditions.presence_of_all_elements_located((By.CSS_SELECTOR, ".tabPanel.active .yasr table tbody tr"))
    )
    assert len(rows) > 0  # run on arrival
    assert "Masayoshi Son" in browser.find_element(By.CSS_SELECTOR, ".tabPanel.active .yasr").text
    tabs = browser.execute_script("return Object.keys(window.yasgui._tabs).length")
    assert tabs == len([e for e in examples() if e.language == "sparql"]) + 1  # the named queries, and this one
