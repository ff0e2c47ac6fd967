"""Analytics through GraphQL (graph/api/analytics.py, graph/api/figures.py), on the real session
server: the seed findings the analytics issue requires, each edge with its claims, documents and
verbatim quotes (checked against the seed documents' text); rankings and paths compared with
graph/analytics/centrality.py and graph/analytics/paths.py run here on a projection of the same seed graph; and a
clear GraphQL error for every kind of bad input, after which the server still answers."""

from __future__ import annotations

from typing import Any

import pytest

from graph.analytics.centrality import ranking
from graph.analytics.communities import communities
from graph.analytics.conflict_findings import finding_id, scan
from graph.analytics.paths import find_paths
from graph.analytics.projection import Projection, build_projection
from graph.http.settings import Settings
from graph.ingest.seeds import load_corpus
from graph.store.backends import EmbeddedStore
from tests.graphql_http import ask, errors_of, sparql_rows
from tests.live import LiveServer

CLAIMS = "claims { id relation quote subject { id } object { id } document { id } target { relation } }"
RELATIONSHIP = f"relation relationLabel subject {{ id }} object {{ id }} {CLAIMS} documents {{ id }}"
PATH = f"length text entities {{ id }} steps {{ source {{ id }} target {{ id }} relationships {{ {RELATIONSHIP} }} }}"
FINDING = (
    f"id rule title explanation parties {{ role entity {{ id }} }} "
    f"facets {{ name says truncated paths {{ {PATH} }} }} relationships {{ {RELATIONSHIP} }} documents {{ id }}"
)
DEFAULTS = Settings()
CLAIM = "https://w3id.org/stargate-kg/claim/"
ENTITY = "https://w3id.org/stargate-kg/id/"


@pytest.fixture(scope="module")
def projection(store: EmbeddedStore) -> Projection:
    """The analytics graph built here, independently of the server's."""
    return build_projection(store)


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return {doc.id: doc.text for doc in load_corpus().documents.values()}


@pytest.fixture(scope="module")
def findings(live_server: LiveServer) -> dict[str, dict[str, Any]]:
    # A page of 10: FINDING nests six plain lists, each counted as graphql_list_size items by the
    # size estimate (graph/api/query_size.py), and 100 of them could be too large an answer.
    data = ask(live_server.url, f"{{ conflicts(first: 10) {{ totalCount nodes {{ {FINDING} }} }} }}")
    assert data["conflicts"]["totalCount"] == len(data["conflicts"]["nodes"])
    return {f["id"]: f for f in data["conflicts"]["nodes"]}


@pytest.fixture(scope="module")
def parties(store: EmbeddedStore) -> dict[str, set[str]]:
    """Each claim's parties (its subject and joint parties), by claim id, from SPARQL."""
    found: dict[str, set[str]] = {}
    for row in sparql_rows(store, "SELECT ?c ?p WHERE { { ?c rdf:subject ?p } UNION { ?c sg:jointWith ?p } }"):
        found.setdefault(row["c"].removeprefix(CLAIM), set()).add(row["p"].removeprefix(ENTITY))
    return found


def assert_sourced(relationship: dict[str, Any], texts: dict[str, str], parties: dict[str, set[str]]) -> None:
    """An edge with claims that state it (its subject one of their parties), each quote cut
    verbatim from its document."""
    assert relationship["claims"], relationship
    for claim in relationship["claims"]:
        assert relationship["subject"]["id"] in parties[claim["id"]]
        assert (claim["relation"], claim["object"]["id"]) == (relationship["relation"], relationship["object"]["id"])
        assert claim["quote"] in texts[claim["document"]["id"]], claim
    assert [d["id"] for d in relationship["documents"]] == sorted({c["document"]["id"] for c in relationship["claims"]})


def facet_paths(found: dict[str, Any], facet: str) -> list[list[str]]:
    return [[e["id"] for e in p["entities"]] for f in found["facets"] if f["name"] == facet for p in f["paths"]]


def edges(found: dict[str, Any]) -> dict[tuple[str, str, str], dict[str, Any]]:
    return {(r["subject"]["id"], r["relation"], r["object"]["id"]): r for r in found["relationships"]}


def test_the_findings_are_the_rule_scans_each_edge_with_verbatim_sources(
    findings: dict[str, dict[str, Any]], projection: Projection, texts: dict[str, str], parties: dict[str, set[str]]
) -> None:
    expected = {finding_id(f): f for f in scan(projection)}
    assert set(findings) == set(expected)
    for key, found in findings.items():
        assert found["explanation"] == expected[key].explanation
        assert {p["role"]: p["entity"]["id"] for p in found["parties"]} == expected[key].entities
        assert set(edges(found)) == {(e.subject, e.relation, e.object) for e in expected[key].edges()}
        for relationship in found["relationships"]:
            assert_sourced(relationship, texts, parties)
        for facet in found["facets"]:
            for path in facet["paths"]:
                for step in path["steps"]:
                    for relationship in step["relationships"]:
                        assert_sourced(relationship, texts, parties)
        assert [d["id"] for d in found["documents"]] == expected[key].documents


def test_musk_disputes_the_funding_while_competing_through_xai_suing_and_advising_the_administration(
    findings: dict[str, dict[str, Any]],
) -> None:
    rival = findings["disputes-while-rival:elon-musk,stargate"]
    assert ["elon-musk", "xai", "openai", "stargate"] in facet_paths(rival, "competes")
    assert ["elon-musk", "openai", "stargate"] in facet_paths(rival, "litigates")
    assert facet_paths(rival, "rival-infrastructure") == [["elon-musk", "colossus"]]
    dispute = edges(rival)["elon-musk", "disputes", "stargate"]
    assert {c["target"]["relation"] for c in dispute["claims"] if c["target"]} & {"funds", "plansInvestment"}
    assert {
        ("elon-musk", "sues", "openai"),
        ("xai", "competesWith", "openai"),
        ("elon-musk", "builds", "colossus"),
    } <= set(edges(rival))
    assert "sues OpenAI" in rival["explanation"] and "Colossus" in rival["explanation"]

    official = findings["official-disputes-backed-venture:elon-musk,stargate"]
    assert ["elon-musk", "us-government", "stargate"] in facet_paths(official, "serves-government")
    assert ("elon-musk", "advises", "us-government") in edges(official)
    assert ("elon-musk", "disputes", "stargate") in edges(official)


def test_oracle_funds_partners_and_builds_the_abilene_campus(findings: dict[str, dict[str, Any]]) -> None:
    oracle = findings["several-roles:oracle,stargate"]
    assert {f["name"] for f in oracle["facets"]} >= {"funder", "technology", "builder"}
    assert ["oracle", "abilene-campus", "stargate"] in facet_paths(oracle, "builder")
    assert {
        ("oracle", "funds", "stargate"),
        ("oracle", "technologyPartnerOf", "stargate"),
        ("oracle", "builds", "abilene-campus"),
    } <= set(edges(oracle))


def test_softbank_holds_a_stake_in_arm_a_technology_partner(findings: dict[str, dict[str, Any]]) -> None:
    stake = findings["stake-in-partner:softbank,arm,stargate"]
    assert facet_paths(stake, "stake") == [["softbank", "arm", "stargate"]]
    assert {("softbank", "holdsStake", "arm"), ("arm", "technologyPartnerOf", "stargate")} <= set(edges(stake))


def test_findings_filter_by_rule_and_entity_and_answer_by_id(
    live_server: LiveServer, findings: dict[str, dict[str, Any]]
) -> None:
    data = ask(
        live_server.url,
        """{ byRule: conflicts(rule: "several-roles") { nodes { id } }
        byEntity: conflicts(entity: "softbank") { nodes { id } }
        one: conflict(id: "stake-in-partner:softbank,arm,stargate") { id explanation }
        none: conflict(id: "stake-in-partner:arm,softbank,stargate") { id }
        rules: conflictRules { name title description } }""",
    )
    assert {n["id"] for n in data["byRule"]["nodes"]} == {k for k in findings if k.startswith("several-roles:")}
    assert {n["id"] for n in data["byEntity"]["nodes"]} == {
        k for k, f in findings.items() if "softbank" in {p["entity"]["id"] for p in f["parties"]}
    }
    assert data["one"] == {
        "id": "stake-in-partner:softbank,arm,stargate",
        "explanation": findings["stake-in-partner:softbank,arm,stargate"]["explanation"],
    }
    assert data["none"] is None
    assert {r["name"] for r in data["rules"]} == {f["rule"] for f in findings.values()}
    assert all(r["title"] and r["description"] for r in data["rules"])


@pytest.mark.parametrize(
    ("measure", "weight", "types"),
    [
        ("pagerank", "none", []),
        ("pagerank", "none", ["Entity"]),
        ("betweenness", "none", ["Person"]),
        ("eigenvector", "amount", ["Organization"]),
        ("in_degree", "claims", ["Site", "Company"]),
    ],
)
def test_centrality_ranking_is_graph_centralitys(
    live_server: LiveServer, projection: Projection, measure: str, weight: str, types: list[str]
) -> None:
    expected = ranking(projection, measure, types=types, limit=0, weight=weight)
    data = ask(
        live_server.url,
        """query ($measure: CentralityMeasure!, $weight: CentralityWeight!,
                                          $types: [EntityClass!]) {
        centrality(measure: $measure, weight: $weight, type: $types, first: 100) {
          totalCount nodes { rank score entity { id type centrality(measure: $measure, weight: $weight) } } } }""",
        {"measure": measure, "weight": weight, "types": types or None},
    )
    nodes = data["centrality"]["nodes"]
    assert data["centrality"]["totalCount"] == len(expected)
    assert [(n["rank"], n["entity"]["id"]) for n in nodes] == [(r.rank, r.entity) for r in expected][:100]
    for node, ranked in zip(nodes, expected, strict=False):
        assert node["score"] == pytest.approx(ranked.score)
        assert node["entity"]["centrality"] == pytest.approx(ranked.score)
    wanted = set(types or ["Organization", "Person"])  # the default: who acts
    assert all(wanted & projection.node_types(n["entity"]["id"]) for n in nodes)
    assert ("texas" in [n["entity"]["id"] for n in nodes]) == (types == ["Entity"])


def test_centrality_pages_like_every_other_list(live_server: LiveServer) -> None:
    query = (
        "query ($after: String) { centrality(first: 4, after: $after) { pageInfo { hasNextPage endCursor } "
        "nodes { rank } } }"
    )
    first = ask(live_server.url, query)["centrality"]
    second = ask(live_server.url, query, {"after": first["pageInfo"]["endCursor"]})["centrality"]
    assert [n["rank"] for n in first["nodes"] + second["nodes"]] == list(range(1, 9))
    assert first["pageInfo"]["hasNextPage"]


def test_every_entity_carries_its_community(live_server: LiveServer, projection: Projection) -> None:
    data = ask(live_server.url, "{ entities(first: 100) { totalCount nodes { id community } } }")
    expected = communities(projection)
    assert {n["id"]: n["community"] for n in data["entities"]["nodes"]} == {
        n["id"]: expected.get(n["id"]) for n in data["entities"]["nodes"]
    }


@pytest.mark.parametrize(
    ("source", "target", "max_length", "relations", "directed"),
    [
        ("elon-musk", "arm", 3, None, False),
        ("softbank", "abilene-campus", 4, ["funds", "builds", "holdsStake", "operates"], False),
        ("oracle", "abilene-campus", 2, None, True),
    ],
)
def test_paths_are_graph_paths(
    live_server: LiveServer,
    projection: Projection,
    texts: dict[str, str],
    parties: dict[str, set[str]],
    source: str,
    target: str,
    max_length: int,
    relations: list[str] | None,
    directed: bool,
) -> None:
    expected = find_paths(
        projection,
        source,
        target,
        max_length=max_length,
        relations=relations,
        directed=directed,
        limit=DEFAULTS.max_paths,
    )
    data = ask(
        live_server.url,
        f"""query ($source: ID!, $target: ID!, $k: Int!, $relations: [Relation!],
                                           $directed: Boolean!) {{
        paths(source: $source, target: $target, maxLength: $k, relation: $relations, directed: $directed) {{
          maxLength truncated source {{ id }} target {{ id }} shortest {{ {PATH} }}
          paths(first: 100) {{ totalCount nodes {{ {PATH} }} }} }} }}""",
        {"source": source, "target": target, "k": max_length, "relations": relations, "directed": directed},
    )
    answer = data["paths"]
    assert (answer["source"]["id"], answer["target"]["id"], answer["maxLength"]) == (source, target, max_length)
    assert answer["truncated"] == expected.truncated
    assert expected.paths, "the case should have paths"
    assert [[e["id"] for e in p["entities"]] for p in answer["paths"]["nodes"]] == [
        list(p.nodes) for p in expected.paths
    ]
    assert expected.shortest is not None
    assert [e["id"] for e in answer["shortest"]["entities"]] == list(expected.shortest.nodes)
    for path, wanted in zip(answer["paths"]["nodes"], expected.paths, strict=True):
        assert path["length"] == wanted.length
        for step, hop in zip(path["steps"], wanted.steps, strict=True):
            assert [(r["subject"]["id"], r["relation"], r["object"]["id"]) for r in step["relationships"]] == [
                (e.subject, e.relation, e.object) for e in hop.edges
            ]
            for relationship in step["relationships"]:
                assert_sourced(relationship, texts, parties)
                assert relations is None or relationship["relation"] in relations


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('{ paths(source: "nobody", target: "arm") { truncated } }', "unknown entity 'nobody'"),
        ('{ paths(source: "arm", target: "nobody") { truncated } }', "unknown entity 'nobody'"),
        ('{ paths(source: "arm", target: "arm") { truncated } }', "different entities"),
        (
            f'{{ paths(source: "elon-musk", target: "arm", maxLength: {DEFAULTS.max_path_length + 1}) '
            "{ truncated } }",
            f"maxLength: must be between 1 and {DEFAULTS.max_path_length}",
        ),
        ('{ paths(source: "elon-musk", target: "arm", maxLength: 0) { truncated } }', "maxLength: must be between 1"),
        (
            '{ paths(source: "elon-musk", target: "arm", relation: [announcedOn]) { truncated } }',
            "unknown relation(s) announcedOn",
        ),
        ('{ paths(source: "elon-musk", target: "arm") { paths(first: 1000) { totalCount } } }', "first: must be"),
        ('{ conflicts(rule: "no-such-rule") { totalCount } }', "unknown conflict rule 'no-such-rule'; rules:"),
        ('{ conflicts(entity: "nobody") { totalCount } }', "unknown entity 'nobody'"),
        ("{ centrality(measure: fame) { totalCount } }", "Value 'fame' does not exist in 'CentralityMeasure' enum"),
        ("{ centrality(weight: likes) { totalCount } }", "Value 'likes' does not exist in 'CentralityWeight' enum"),
        ("{ centrality(type: [Galaxy]) { totalCount } }", "Value 'Galaxy' does not exist in 'EntityClass' enum"),
        ('{ centrality(after: "bogus") { totalCount } }', "after: not a cursor issued by this API"),
    ],
)
def test_bad_input_gets_a_clear_error_and_the_server_keeps_serving(
    live_server: LiveServer, query: str, message: str
) -> None:
    [error] = errors_of(live_server.url, query)
    assert message in error["message"]
    assert error["message"] != "Unexpected error."
    assert ask(live_server.url, '{ entity(id: "oracle") { id } }') == {"entity": {"id": "oracle"}}
