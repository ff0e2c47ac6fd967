"""graph/sparql/guard.py: what may reach an engine, decided by reading and parsing, never by running."""

from __future__ import annotations

import pytest

from graph.sparql.guard import MAX_NESTING, Refused, check_graphs, inspect
from graph.vocab.namespaces import DOCUMENT


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
        ("ASK {}", "ASK"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("DESCRIBE <urn:x>", "DESCRIBE"),
        ("PREFIX ex: <urn:> select ?x { ?x ex:p 1 } limit 1", "SELECT"),
    ],
)
def test_the_form_is_recognised(query: str, form: str) -> None:
    assert inspect(query).form == form


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://127.0.0.1:1/x>",
        "CLEAR ALL",
        "DROP GRAPH <urn:g>",
        "CREATE GRAPH <urn:g>",
        "COPY <urn:a> TO <urn:b>",
        "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "PREFIX x: <urn:> INSERT DATA { x:a x:b x:c }",
    ],
)
def test_updates_are_refused_with_403(update: str) -> None:
    with pytest.raises(Refused) as refused:
        inspect(update)
    assert refused.value.status == 403
    assert "read-only" in refused.value.message


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
        "select * where { service silent <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { ?a ?b ?c { SELECT * WHERE { OPTIONAL { SERVICE ?endpoint { ?s ?p ?o } } } } }",
        "SELECT * WHERE { FILTER EXISTS { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } } }",
        "PREFIX e: <http://127.0.0.1:1/> SELECT * WHERE { # comment\n SERVICE e:sparql { ?s ?p ?o } }",
        "SELECT * WHERE { #c\r SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } \n}",
        "SELECT * WHERE { ?s ?p 1SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
        "PREFIX service: <urn:x#> SELECT * WHERE { ?s service:p ?o }",
    ],
)
def test_service_anywhere_is_refused(query: str) -> None:
    with pytest.raises(Refused) as refused:
        inspect(query)
    assert refused.value.status == 400
    assert "SERVICE" in refused.value.message


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { ?s ?p 'SERVICE <http://127.0.0.1:1/> { }' }",
        "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://127.0.0.1:1/> { }",
        "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }",
    ],
)
def test_the_word_service_in_a_string_comment_or_iri_is_harmless(query: str) -> None:
    assert inspect(query).form == "SELECT"


def test_dataset_clauses_are_resolved_with_prefixes_and_base() -> None:
    shape = inspect(
        "BASE <http://b.example/> PREFIX p: <http://p.example/> "
        "SELECT * FROM <g1> FROM p:g2 FROM doc:x FROM NAMED <http://n.example/> WHERE { ?s ?p ?o }"
    )
    assert shape.from_graphs == ("http://b.example/g1", "http://p.example/g2", DOCUMENT + "x")
    assert shape.from_named == ("http://n.example/",)
    assert shape.names_its_dataset


def test_graphs_outside_the_dataset_are_refused() -> None:
    check_graphs("FROM", [DOCUMENT + "x"], frozenset({DOCUMENT + "x"}))
    with pytest.raises(Refused) as refused:
        check_graphs("FROM", ["file:///etc/passwd"], frozenset({DOCUMENT + "x"}))
    assert refused.value.status == 400
    assert "never fetches" in refused.value.message


@pytest.mark.parametrize("query", ["SELECT * WHERE {", "SELEKT * WHERE { }", "", "SELECT * WHERE { ?s ?p }"])
def test_unreadable_queries_are_refused_with_the_position(query: str) -> None:
    with pytest.raises(Refused) as refused:
        inspect(query)
    assert refused.value.status == 400
    assert "syntax error" in refused.value.message


def test_deep_nesting_is_refused_not_crashed() -> None:
    with pytest.raises(Refused) as refused:
        inspect("SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }")
    assert refused.value.status == 400


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
        "select * where { \\u0053ERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
        "SELECT * FROM <http://127.0.0.1:1/g> WHERE { ?s ?p ?o }",
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    ],
)
def test_nothing_the_guard_must_see_gets_past_it(query: str) -> None:
    with pytest.raises(Refused):
        check_graphs("FROM", inspect(query).from_graphs, frozenset())
        raise AssertionError("not refused")


def test_the_form_follows_comments_and_the_prologue() -> None:
    assert inspect("PREFIX s: <urn:s#>\n# a comment\nconstruct { ?s ?p ?o } WHERE { ?s ?p ?o }").form == "CONSTRUCT"
    assert inspect("BASE <urn:b/> PREFIX a: <urn:a#> BASE <urn:c/> ask { ?s ?p 1 }").form == "ASK"


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { ?s ?p 'FROM <http://127.0.0.1:1/g>' }",
        "SELECT * WHERE { ?s <http://example.org/from> ?from }",
        "SELECT * WHERE { ?s ?p ?o } # FROM <http://127.0.0.1:1/g>",
        'SELECT * WHERE { VALUES (?a ?b) { ("x"@from sg:g) } }',
    ],
)
def test_from_in_a_string_iri_variable_comment_or_language_tag_is_no_dataset_clause(query: str) -> None:
    assert not inspect(query).names_its_dataset


def test_from_as_a_prefix_name_is_refused() -> None:
    with pytest.raises(Refused, match="prefix name"):
        inspect("PREFIX from: <urn:x#> SELECT * WHERE { ?s from:p ?o }")


def test_nesting_up_to_the_limit_is_read() -> None:
    depth = MAX_NESTING - 2
    assert inspect("SELECT * WHERE { FILTER(" + "(" * depth + "1" + ")" * depth + ") }").form == "SELECT"
