"""What the SPARQL endpoint adds to the engine's own work: per query, the guard; per row, the cap.

- The guard (graph/sparql/guard.py) on query texts it has never seen (its cache cannot help): the
  median over `GUARD_RUNS` texts of each shape, a counter in each text so that no two are equal.
- The row cap (graph/sparql/worker.py) answering `CAP_QUERY` (every claim's quote: 548 rows on the
  seed graph, more than the cap from 20x) in SPARQL JSON with the endpoint's default cap, against
  Oxigraph serializing the same rows itself (the query with a LIMIT at the cap): both include the
  query's evaluation, so their ratio is what capping costs per row.

Run by bench/probe.py on each world; numbers only, nothing asserted.
"""

from __future__ import annotations

import itertools
import statistics
import time
from collections.abc import Callable
from typing import Any

import pyoxigraph as ox

from graph.http.settings import Settings
from graph.sparql.guard import QueryShape, inspect
from graph.sparql.worker import Job, execute
from graph.store.backends import EmbeddedStore
from graph.vocab.namespaces import DOCUMENT

GUARD_RUNS = 200
CAP_RUNS = 5
GUARD_QUERIES = {
    "select": "SELECT ?claim ?quote WHERE { ?claim a sg:Claim ; sg:evidence ?quote FILTER(CONTAINS(?quote, 'N')) }",
    "from": f"PREFIX d: <{DOCUMENT}> SELECT ?claim FROM d:a FROM NAMED <{DOCUMENT}b> WHERE "
    "{ ?claim a sg:Claim ; sg:localId 'N' }",
    "construct": "CONSTRUCT { ?claim sg:evidence ?quote } WHERE { ?claim sg:localId 'N' ; sg:evidence ?quote }",
}
CAP_QUERY = "SELECT ?claim ?document ?quote WHERE { ?claim prov:wasDerivedFrom ?document ; sg:evidence ?quote }"


def _median(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def guard_seconds() -> dict[str, float]:
    """Median seconds of the guard on an unseen text, per query shape."""
    counter = itertools.count()

    def unseen(text: str) -> Callable[[], QueryShape]:
        return lambda: inspect(text.replace("'N'", f"'{next(counter)}'"))

    return {name: _median(unseen(text), GUARD_RUNS) for name, text in GUARD_QUERIES.items()}


class _Engine:
    """The worker's engine over the store already loaded here."""

    def __init__(self, store: EmbeddedStore) -> None:
        self.store = store
        self.graphs = frozenset(g.value for g in store.store.named_graphs() if isinstance(g, ox.NamedNode))

    def run(self, shape: QueryShape, job: Job) -> ox.QuerySolutions:
        solutions = self.store.raw_query(shape.text)
        assert isinstance(solutions, ox.QuerySolutions)  # CAP_QUERY is a SELECT
        return solutions


def row_cap(store: EmbeddedStore) -> dict[str, Any]:
    """The capped answer and Oxigraph's own serialization of the same rows, in seconds."""
    cap = Settings().sparql_max_rows
    job = Job(CAP_QUERY, result_format="json", max_rows=cap)
    engine = _Engine(store)
    answer = execute(engine, job)
    if answer.status != 200:
        raise SystemExit(f"the row cap's query failed: {answer.body[:300]!r}")
    limited = f"{CAP_QUERY} LIMIT {cap}"

    def direct() -> bytes:
        result = store.raw_query(limited)
        assert isinstance(result, ox.QuerySolutions)
        return result.serialize(format=ox.QueryResultsFormat.JSON) or b""

    solutions = ox.parse_query_results(direct(), format=ox.QueryResultsFormat.JSON)
    assert isinstance(solutions, ox.QuerySolutions)
    rows = sum(1 for _ in solutions)
    return {
        "rows": rows,
        "truncated": answer.truncated,
        "capped_s": _median(lambda: execute(engine, job), CAP_RUNS),
        "oxigraph_s": _median(direct, CAP_RUNS),
    }
