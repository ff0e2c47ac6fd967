"""Entities' Wikidata ids: the seed key's form is checked at its line, and the build links each
entity to its item with owl:sameAs and schema:sameAs in the entities graph (SHACL keeps it to one)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pyoxigraph as ox

from graph.ingest.pipeline import Compiled
from graph.ingest.seeds import load_corpus
from graph.vocab import namespaces as ns
from tests.seed_dirs import write_seed_dir

CLAIMS = """\
document: 000_00000000000000aa
claims: []
"""


def entities(softbank_wikidata: str) -> str:
    return textwrap.dedent(f"""\
    - id: softbank
      type: Company
      label: SoftBank
      wikidata: {softbank_wikidata}
    - id: stargate
      type: JointVenture
      label: Stargate
    """)


def test_a_wikidata_id_is_read_with_the_entity(tmp_path: Path) -> None:
    corpus = load_corpus(write_seed_dir(tmp_path, CLAIMS, entities("Q201653")))
    assert corpus.problems == []
    assert (corpus.entities["softbank"].wikidata, corpus.entities["stargate"].wikidata) == ("Q201653", None)


def test_a_malformed_wikidata_id_is_reported_at_its_line(tmp_path: Path) -> None:
    for wrong in ("201653", "Q0201653", "q201653", "Q20 1653", "P31"):
        root = tmp_path / wrong.replace(" ", "_")
        root.mkdir()
        corpus = load_corpus(write_seed_dir(root, CLAIMS, entities(wrong)))
        [problem] = corpus.problems
        assert str(problem).startswith(f"{root / 'entities' / 'e.yaml'}:4: entity softbank: 'wikidata'"), problem
        assert "^Q[1-9][0-9]*$" in problem.message


def test_each_linked_entity_is_the_same_as_its_wikidata_item(compiled: Compiled) -> None:
    linked = {e.id: e.wikidata for e in compiled.corpus.entities.values() if e.wikidata}
    assert len(linked) >= 40  # issue 17 asks for at least 40 linked entities
    assert (linked["openai"], linked["softbank"], linked["sam-altman"], linked["texas"]) == (
        "Q21708200",
        "Q201653",
        "Q7407093",
        "Q1439",
    )
    graph = ox.NamedNode(ns.ENTITIES_GRAPH)
    for predicate in (ns.OWL + "sameAs", ns.SCHEMA + "sameAs"):
        found = {
            ns.local_name(q.subject.value, ns.ENTITY): ns.local_name(q.object.value, ns.WIKIDATA_ENTITY)
            for q in compiled.quads
            if q.predicate.value == predicate and q.graph_name == graph
        }
        assert found == linked
    assert len(set(linked.values())) == len(linked), "two entities linked to one Wikidata item"
