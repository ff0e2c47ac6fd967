"""/export/csv: the spreadsheet tables over HTTP, on a real server over the embedded store and
over a remote SPARQL store, each read back by pandas and equal to what the library builds."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import httpx
import pandas
import pytest

from graph.analytics.tables import TABLES, table_csv
from graph.store.snapshot import Snapshot

if TYPE_CHECKING:
    from tests.stores import SparqlServer

pytest_plugins = ["tests.stores"]


def test_the_listing_names_every_table_with_its_url(sparql_server: SparqlServer) -> None:
    listing = httpx.get(sparql_server.url + "/export/csv", timeout=30).json()
    assert [t["table"] for t in listing] == list(TABLES)
    assert all(t["url"] == f"{sparql_server.url}/export/csv/{t['table']}" for t in listing)
    assert listing[0]["columns"][:4] == ["claim", "document", "date", "quote"]
    claims = set(listing[0]["columns"])
    assert {"quote_en", "anchor_start", "anchor_end", "joint", "polarity", "modality", "attribution"} <= claims
    assert {"amount_min", "amount_max", "bound"} <= claims and "rests_on" in listing[-1]["columns"]


@pytest.mark.parametrize("name", list(TABLES))
def test_each_table_downloads_as_csv_pandas_reads(sparql_server: SparqlServer, snapshot: Snapshot, name: str) -> None:
    response = httpx.get(f"{sparql_server.url}/export/csv/{name}", timeout=120)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8; header=present"
    assert response.headers["content-disposition"] == f'attachment; filename="stargate-kg-{name}.csv"'
    frame = pandas.read_csv(io.BytesIO(response.content), dtype=str, keep_default_na=False)
    assert tuple(frame.columns) == TABLES[name].columns and len(frame) > 0
    assert frame.equals(pandas.read_csv(io.BytesIO(table_csv(snapshot, name)), dtype=str, keep_default_na=False))
    again = httpx.get(
        f"{sparql_server.url}/export/csv/{name}", headers={"If-None-Match": response.headers["etag"]}, timeout=30
    )
    assert again.status_code == 304


def test_an_unknown_table_is_a_404_naming_the_tables_and_rdf_exports_still_answer(sparql_server: SparqlServer) -> None:
    response = httpx.get(sparql_server.url + "/export/csv/claim", timeout=30)
    assert response.status_code == 404
    assert response.json() == {
        "error": "unknown table 'claim'; choose one of: claims, entities, contradictions, findings"
    }
    assert httpx.get(sparql_server.url + "/export/ntriples", timeout=60).status_code == 200
    assert "csv" not in [f["format"] for f in httpx.get(sparql_server.url + "/export", timeout=30).json()]
