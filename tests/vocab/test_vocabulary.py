"""vocabulary.py: classes, relations and controlled lists come from graph/vocab/ontology.ttl."""

from __future__ import annotations

import rdflib

from graph.vocab.vocabulary import ONTOLOGY_PATH, load_vocabulary


def test_every_relation_in_the_ontology_is_known_with_labels_and_comment() -> None:
    vocab = load_vocabulary()
    graph = rdflib.Graph().parse(ONTOLOGY_PATH)
    declared = {
        str(s) for s in graph.subjects(rdflib.RDF.type, rdflib.URIRef("https://w3id.org/stargate-kg/ontology#Relation"))
    }
    assert {r.iri for r in vocab.relations.values()} == declared
    for relation in vocab.relations.values():
        assert relation.label and relation.label_zh and relation.comment, relation.name


def test_subclasses_know_their_ancestors() -> None:
    vocab = load_vocabulary()
    assert vocab.is_a("JointVenture", "Organization")
    assert vocab.is_a("Site", "Entity")
    assert not vocab.is_a("Person", "Organization")


def test_value_kinds_and_object_classes_are_read() -> None:
    vocab = load_vocabulary()
    assert vocab.relations["funds"].value_kind == "money"
    assert vocab.relations["funds"].object_class == "Entity"
    assert vocab.relations["hosts"].object_class == "ChipModel"
    assert vocab.relations["hasArea"].object_class is None
    assert {"announced", "planned", "deployed"} <= set(vocab.statuses)
    assert {"MW", "acre", "percent"} <= set(vocab.units)
