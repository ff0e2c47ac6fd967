"""IRIs of the project, defined once.

Every IRI the graph mints is derived here from a stable seed id, so rebuilding the seeds gives
the same IRIs (and an isomorphic dataset).
"""

from __future__ import annotations

BASE = "https://w3id.org/stargate-kg/"
SG = BASE + "ontology#"
ENTITY = BASE + "id/"
CLAIM = BASE + "claim/"
DOCUMENT = BASE + "doc/"
CONTRADICTION = BASE + "contradiction/"
GRAPH = BASE + "graph/"

# Graphs that are not a source document's: entity descriptions, the corpus catalogue, what the
# build derives (contradictions, inverse links), and the ontology.
ENTITIES_GRAPH = GRAPH + "entities"
CATALOGUE_GRAPH = GRAPH + "catalogue"
DERIVED_GRAPH = GRAPH + "derived"
# The vocabulary itself, so SPARQL users can read labels of relations, statuses and units.
ONTOLOGY_GRAPH = GRAPH + "ontology"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
SCHEMA = "https://schema.org/"
DCTERMS = "http://purl.org/dc/terms/"
OWL = "http://www.w3.org/2002/07/owl#"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
QUDT_UNIT = "http://qudt.org/vocab/unit/"
OA = "http://www.w3.org/ns/oa#"

PREFIXES: dict[str, str] = {
    "sg": SG,
    "sgid": ENTITY,
    "claim": CLAIM,
    "doc": DOCUMENT,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "skos": SKOS,
    "prov": PROV,
    "schema": SCHEMA,
    "dcterms": DCTERMS,
    "owl": OWL,
    "unit": QUDT_UNIT,
    "oa": OA,
}


def entity_iri(entity_id: str) -> str:
    return ENTITY + entity_id


def document_iri(document_id: str) -> str:
    """A document's IRI; it also names the graph holding the document's claims."""
    return DOCUMENT + document_id


def claim_iri(document_id: str, local_id: str) -> str:
    return f"{CLAIM}{document_id}/{local_id}"


def local_name(iri: str, base: str) -> str:
    """The id part of an IRI minted under `base`; raises ValueError for a foreign IRI."""
    if not iri.startswith(base):
        raise ValueError(f"{iri} is not under {base}")
    return iri[len(base) :]


def sparql_prefixes() -> str:
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


# Wikidata items, the entities' outside identity (`wikidata: Q95` in the seeds): linked with
# owl:sameAs and schema:sameAs; the project's own IRIs stay the primary ones.
WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"


def wikidata_iri(item_id: str) -> str:
    """The IRI of a Wikidata item ('Q95' -> http://www.wikidata.org/entity/Q95)."""
    return WIKIDATA_ENTITY + item_id


# Facts: what claims of several documents state alike, each once, with first and last seen dates
# (graph/ingest/facts.py); named by a hash of what they state.
FACT = BASE + "fact/"
