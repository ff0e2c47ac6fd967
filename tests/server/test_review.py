# ruff: noqa: RUF001 (Chinese and Russian text: its punctuation and letters are the subject)
"""The review page (graph/server/review.py, curation.py, graph/static/curate/review.js) in headless
Chromium on a real server curating a temporary copy of the seeds: a Chinese article drafted, its
suggestions accepted, edited and rejected, a candidate entity accepted and another merged, saved, and the new claims
answered by GraphQL; a save the seeds refuse shows its problems at file:line and writes nothing;
two saves at once both land; refusals (bad articles, other origins, curation off) write nothing.
Expectations come from the drafting engine run here on the same seeds, never from pinned seeds.
"""

from __future__ import annotations

import base64
import hashlib
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import Select, WebDriverWait

from graph.draft.article import draft_article
from graph.draft.document import new_article
from graph.draft.output import draft_data
from graph.ingest.seeds import DEFAULT_SEED_DIR, load_corpus
from graph.vocab.vocabulary import load_vocabulary
from tests.chromium import console_errors, network, requested_urls
from tests.live import LiveServer, run_server

HEADLINE = "软银加码星际之门\n发布日期：2025-03-04\n"
ARTICLE = (
    HEADLINE + "软银集团周二宣布，将向星际之门注资190亿美元。\n甲骨文和阿联酋MGX共出资70亿美元。\n"
    "云计算公司Lambda将为星际之门提供服务器。\nSB Group此前也曾投资OpenAI。\n"
)


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    seeds = tmp_path_factory.mktemp("review") / "seeds"
    shutil.copytree(DEFAULT_SEED_DIR, seeds)
    return seeds


@pytest.fixture(scope="module")
def curating(seeds: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with run_server("--seeds", str(seeds), "--curate", log_dir=tmp_path_factory.mktemp("live")) as server:
        yield server


def drafted(seeds: Path, text: str) -> dict[str, Any]:
    """The draft the server makes of `text`, made here by the same code on the same seeds."""
    corpus = load_corpus(seeds)
    article = new_article(Path("article"), text.encode(), corpus.documents)
    return draft_data(draft_article(article, corpus.entities.values(), load_vocabulary()))


def contents(root: Path) -> dict[str, str]:
    """Every file under `root` by path, as a digest of its bytes."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*") if p.is_file()
    }


def graphql(server: LiveServer, query: str) -> dict[str, Any]:
    response = httpx.post(server.url + "/graphql", json={"query": query}, timeout=60)
    assert response.status_code == 200 and "errors" not in response.json(), response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def open_review(browser: webdriver.Chrome, server: LiveServer) -> None:
    requested_urls(browser)
    console_errors(browser)
    browser.get(server.url + "/review")
    WebDriverWait(browser, 60).until(lambda d: d.execute_script("return document.body.dataset.ready === 'true'"))


def draft_in_page(browser: webdriver.Chrome, text: str) -> None:
    """Paste `text` and draft it; wait for the suggestions."""
    paste = browser.find_element(By.ID, "paste")
    browser.execute_script("arguments[0].value = arguments[1]", paste, text)
    browser.find_element(By.ID, "draft").click()
    WebDriverWait(browser, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#suggestions li"))


def card(browser: webdriver.Chrome, kind: str, index: int) -> WebElement:
    return browser.find_element(By.ID, f"{kind}-{index}")


def decide(element: WebElement, decision: str) -> None:
    element.find_element(By.CSS_SELECTOR, f'.decision button[data-decision="{decision}"]').click()


def type_into(element: WebElement, name: str, text: str) -> None:
    field = element.find_element(By.CSS_SELECTOR, f'[name="{name}"]')
    field.clear()
    field.send_keys(text)


def fill_catalogue(browser: webdriver.Chrome) -> None:
    catalogue = browser.find_element(By.ID, "catalogue")
    type_into(catalogue, "title_en", "SoftBank adds to Stargate")
    type_into(catalogue, "outlet", "test outlet")


def result(browser: webdriver.Chrome, shown: str) -> str:
    WebDriverWait(browser, 60).until(lambda d: d.find_elements(By.ID, shown))
    return str(browser.find_element(By.ID, shown).text)


def index_of(draft: dict[str, Any], **fields: Any) -> int:
    return next(i for i, c in enumerate(draft["claims"]) if all(c.get(k) == v for k, v in fields.items()))


def test_a_curator_accepts_edits_rejects_and_saves_and_graphql_answers(
    curating: LiveServer, seeds: Path, browser: webdriver.Chrome
) -> None:
    draft = drafted(seeds, ARTICLE)
    (candidate,) = [c for c in draft["candidate_entities"] if c["label"] == "Lambda"]
    (alias,) = [c for c in draft["candidate_entities"] if c["label"] == "SB Group"]
    accepted = index_of(draft, subject="softbank", relation="funds")
    edited = index_of(draft, subject="oracle", relation="funds")
    supplied = index_of(draft, subject=candidate["id"])
    rejected = next(i for i in range(len(draft["claims"])) if i not in (accepted, edited, supplied))
    open_review(browser, curating)
    draft_in_page(browser, ARTICLE)
    assert len(browser.find_elements(By.CSS_SELECTOR, "#suggestions li")) == len(draft["claims"])
    highlighted = browser.find_elements(By.CSS_SELECTOR, f'#drafted mark[data-card~="suggestion-{accepted}"]')
    assert "".join(m.text for m in highlighted) == draft["claims"][accepted]["quote"]
    fill_catalogue(browser)
    for index in (accepted, supplied):
        decide(card(browser, "suggestion", index), "accept")
        type_into(card(browser, "suggestion", index), "quote_en", "translated")
    editing = card(browser, "suggestion", edited)
    decide(editing, "edit")
    type_into(editing, "id", "oracle-mgx-fund-stargate")
    type_into(editing, "qualifiers", '{"status": "committed"}')
    type_into(editing, "quote_en", "Oracle and MGX put in US$7 bn together")
    decide(card(browser, "suggestion", rejected), "reject")
    number = draft["candidate_entities"].index(candidate)
    name = browser.find_element(By.CSS_SELECTOR, f'#drafted mark[data-card~="candidate-{number}"]')
    assert name.text == candidate["label"]
    name.click()  # a candidate's name in the text finds its card
    entity = card(browser, "candidate", number)
    assert "selected" in (entity.get_attribute("class") or "")
    decide(entity, "new")
    type_into(entity, "id", "lambda-cloud")
    Select(entity.find_element(By.CSS_SELECTOR, '[name="type"]')).select_by_value("Company")
    type_into(entity, "label", "Lambda")
    merged = card(browser, "candidate", draft["candidate_entities"].index(alias))
    decide(merged, "merge")
    type_into(merged, "into", "softbank")
    browser.find_element(By.ID, "save").click()
    assert "Saved document" in result(browser, "saved")
    document = browser.find_element(By.CSS_SELECTOR, "#saved a").text.split("/")[0]

    data = graphql(
        curating,
        f"""{{
          accepted: claim(id: "{document}/{draft["claims"][accepted]["id"]}") {{ quote amount subject {{ id }} }}
          edited: claim(id: "{document}/oracle-mgx-fund-stargate") {{ status quoteEn jointWith {{ id }} }}
          rejected: claim(id: "{document}/{draft["claims"][rejected]["id"]}") {{ id }}
          supplied: claim(id: "{document}/{draft["claims"][supplied]["id"]}") {{ subject {{ id label }} }}
          entity(id: "lambda-cloud") {{ type label }}
          merged: entity(id: "softbank") {{ aliases }}
          document(id: "{document}") {{ claims {{ totalCount }} }}
        }}""",
    )
    expected = draft["claims"][accepted]
    assert data["accepted"]["quote"] == expected["quote"] and data["accepted"]["subject"]["id"] == "softbank"
    assert float(data["accepted"]["amount"]) == expected["value"]["amount"]
    assert data["edited"]["status"] == "committed" and [p["id"] for p in data["edited"]["jointWith"]] == ["mgx"]
    assert data["rejected"] is None and data["document"]["claims"]["totalCount"] == 3
    assert data["supplied"]["subject"] == {"id": "lambda-cloud", "label": "Lambda"}
    assert data["entity"] == {"type": "Company", "label": "Lambda"}
    assert "SB Group" in data["merged"]["aliases"]  # merged: the spelling is now softbank's alias
    assert (seeds / "documents" / f"{document}.txt").read_text(encoding="utf-8") == ARTICLE

    browser.find_element(By.CSS_SELECTOR, "#saved a").click()  # the reader, at the claim's quote
    WebDriverWait(browser, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#text mark.target"))
    marked = browser.find_elements(By.CSS_SELECTOR, "#text mark.target")
    assert "".join(m.text for m in marked) == draft["claims"][accepted]["quote"]
    assert not [u for u in network(requested_urls(browser)) if not u.startswith(curating.url)]
    assert console_errors(browser) == []


def test_a_save_the_seeds_refuse_lists_the_problems_and_writes_nothing(
    curating: LiveServer, seeds: Path, browser: webdriver.Chrome
) -> None:
    text = HEADLINE + "软银集团宣布，将向星际之门注资200亿美元。\n"
    draft = drafted(seeds, text)
    before = contents(seeds)
    open_review(browser, curating)
    draft_in_page(browser, text)
    fill_catalogue(browser)
    chosen = card(browser, "suggestion", index_of(draft, relation="funds"))
    decide(chosen, "edit")
    type_into(chosen, "subject", "no-such-entity")
    type_into(chosen, "quote_en", "translated")
    browser.find_element(By.ID, "save").click()
    shown = result(browser, "problems")
    claims_file = seeds / "claims" / f"{draft['document']}.yaml"
    assert f"{claims_file}:" in shown and "no-such-entity" in shown  # the real seed path, at its line
    assert contents(seeds) == before


def save_body(server: LiveServer, text: str) -> dict[str, Any]:
    """A save of every suggestion with a value, as the page would send it after drafting `text`."""
    response = httpx.post(server.url + "/review/draft", content=text.encode(), timeout=60)
    assert response.status_code == 200, response.text
    draft = response.json()["draft"]
    claims = [
        {key: c.get(key) for key in ("id", "subject", "with", "relation", "object", "value", "start", "end")}
        | {"quote_en": "translated"}
        for c in draft["claims"]
        if c.get("value") and c["relation"] == "funds"
    ]
    assert claims
    catalogue = {"title": "t", "title_en": "t", "outlet": "o", "published": None, "published_note": "unknown"}
    return {"article": base64.b64encode(text.encode()).decode(), "catalogue": catalogue, "claims": claims}


def test_two_saves_at_once_both_land(curating: LiveServer, seeds: Path) -> None:
    bodies = [save_body(curating, f"软银集团宣布，将向星际之门注资{n}亿美元。\n") for n in (310, 320)]
    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda b: httpx.post(curating.url + "/review/save", json=b, timeout=120), bodies))
    assert [a.status_code for a in answers] == [200, 200], [a.text for a in answers]
    documents = {a.json()["document"] for a in answers}
    assert len(documents) == 2 and documents <= set(load_corpus(seeds).documents)
    for answer, body in zip(answers, bodies, strict=True):
        (claim,) = answer.json()["claims"]
        found = graphql(curating, f'{{ claim(id: "{claim["id"]}") {{ amount }} }}')["claim"]
        assert float(found["amount"]) == body["claims"][0]["value"]["amount"]


@pytest.mark.parametrize(
    ("article", "said"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary", "binary"),
        (b"<!doctype html><html><head><title>x</title></head><body><div><p>" + "星际之门".encode() * 5, "HTML"),
        ("Сегодня компания объявила о новых инвестициях в центр обработки данных.".encode(), "language"),
        (b"x" * 1_000_001, "000 bytes"),
    ],
    ids=["empty", "binary", "html", "unknown-language", "too-large"],
)
def test_an_article_that_cannot_be_drafted_is_refused_with_a_reason(
    curating: LiveServer, seeds: Path, article: bytes, said: str
) -> None:
    before = contents(seeds)
    response = httpx.post(curating.url + "/review/draft", content=article, timeout=60)
    assert response.status_code in (400, 413) and said in response.text
    assert contents(seeds) == before


def test_the_page_shows_why_an_upload_cannot_be_drafted(
    curating: LiveServer, seeds: Path, browser: webdriver.Chrome
) -> None:
    known = sorted((seeds / "documents").glob("*.txt"))[0]
    open_review(browser, curating)
    browser.find_element(By.ID, "upload").send_keys(str(known))
    browser.find_element(By.ID, "draft").click()
    WebDriverWait(browser, 60).until(lambda d: "Cannot draft" in d.find_element(By.ID, "draft-error").text)
    assert f"already in the graph as document {known.stem}" in browser.find_element(By.ID, "draft-error").text


@pytest.mark.parametrize(
    "headers",
    [{"Origin": "http://attacker.example"}, {"Sec-Fetch-Site": "cross-site"}, {"Host": "rebound.example"}],
    ids=["origin", "fetch-site", "dns-rebinding"],
)
def test_a_request_from_another_origin_is_refused(curating: LiveServer, seeds: Path, headers: dict[str, str]) -> None:
    body = save_body(curating, "软银集团宣布，将向星际之门注资330亿美元。\n")
    before = contents(seeds)
    for path in ("/review/save", "/review/draft"):
        assert httpx.post(curating.url + path, json=body, headers=headers, timeout=60).status_code == 403
    assert contents(seeds) == before


def test_without_curation_nothing_is_drafted_or_written(live_server: LiveServer, curating: LiveServer) -> None:
    body = save_body(curating, "软银集团宣布，将向星际之门注资340亿美元。\n")
    before = contents(DEFAULT_SEED_DIR)
    assert httpx.get(live_server.url + "/review", timeout=10).status_code == 403
    for path in ("/review/save", "/review/draft"):
        response = httpx.post(live_server.url + path, json=body, timeout=60)
        assert response.status_code == 403 and "--curate" in response.text
    assert contents(DEFAULT_SEED_DIR) == before
