"""Statement-level exports (graph/store/statements/): each format written from the seed graph and
read back by its reference reader (followthemoney, pyoxigraph, rdflib, pyld), with one claim per
statement unit (links, reifiers, nanopublications, framed objects) and a known claim's quote,
document, date and claimant surviving the round trip; then the same formats through the CLI and
the server's /export routes."""

from __future__ import annotations

import dataclasses
import io
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from followthemoney.statement import CSV, Statement, StatementEntity, read_statements
from pyld import jsonld

from graph.cli.main import main
from graph.files.atomic import OutputError
from graph.ingest.pipeline import Compiled
from graph.ingest.seeds import ClaimRecord
from graph.store.export import EXPORTS, FORMATS, STATEMENT_EXPORTS
from graph.store.statements.ftm import DATASET, entity_id
from graph.store.statements.jsonld import FRAME
from graph.vocab import namespaces as ns
from tests.live import LiveServer

NP = "http://www.nanopub.org/nschema#"


def written(compiled: Compiled, name: str) -> bytes:
    output = io.BytesIO()
    STATEMENT_EXPORTS[name].write(compiled.quads, output)
    return output.getvalue()


def known_claim(compiled: Compiled) -> ClaimRecord:
    """A positive claim with an entity object, a claimant and a dated document: the one followed."""
    return next(
        c
        for c in sorted(compiled.corpus.claims, key=lambda c: c.key)
        if c.object
        and c.claimant
        and c.quote_en
        and c.qualifiers.polarity != "negative"
        and compiled.corpus.documents[c.document].published is not None
    )


def published(compiled: Compiled, claim: ClaimRecord) -> str:
    date = compiled.corpus.documents[claim.document].published
    assert date is not None
    return date.iso


def test_every_statement_format_is_offered_by_export_beside_the_rdf_ones() -> None:
    assert set(FORMATS) == set(EXPORTS) | set(STATEMENT_EXPORTS)
    assert not set(EXPORTS) & set(STATEMENT_EXPORTS)


def test_ftm_statements_read_back_by_followthemoney(compiled: Compiled) -> None:
    statements = list(read_statements(io.BytesIO(written(compiled, "ftm")), CSV))
    assert {s.dataset for s in statements} == {DATASET.name}
    by_entity: dict[str, list[Statement]] = defaultdict(list)
    for statement in statements:
        by_entity[statement.entity_id].append(statement)
    entities = {key: StatementEntity.from_statements(DATASET, rows) for key, rows in by_entity.items()}
    claims = {key: e for key, e in entities.items() if key.startswith("sg-claim-")}
    assert len(claims) == len(compiled.corpus.claims)
    assert sum(key.startswith("sg-doc-") for key in entities) == len(compiled.corpus.documents)
    assert sum(key.startswith("sg-id-") for key in entities) == len(compiled.corpus.entities)

    openai, altman = entities["sg-id-openai"], entities["sg-id-sam-altman"]
    assert (openai.schema.name, openai.get("wikidataId"), openai.get("name")) == ("Company", ["Q21708200"], ["OpenAI"])
    dates = [
        d.published.iso
        for c in compiled.corpus.claims
        if "sam-altman" in (c.subject, c.object, c.claimant, *c.joint)
        and (d := compiled.corpus.documents[c.document]).published is not None
    ]
    assert (altman.schema.name, altman.first_seen, altman.last_seen) == ("Person", min(dates), max(dates))

    claim = known_claim(compiled)
    link = claims[entity_id(ns.claim_iri(claim.document, claim.id))]
    assert link.schema.name == "UnknownLink"
    assert set(link.get("subject")) == {f"sg-id-{party}" for party in claim.parties}
    assert link.get("object") == [f"sg-id-{claim.object}"]
    assert link.get("description") == [claim.quote]
    assert link.get("summary") == [claim.quote_en]
    assert link.get("proof") == [entity_id(ns.document_iri(claim.document))]
    rows = [s for s in by_entity[link.id or ""] if s.prop != "id"]
    assert {s.origin for s in rows} == {ns.document_iri(claim.document)}
    assert {(s.first_seen, s.last_seen) for s in rows} == {(published(compiled, claim), published(compiled, claim))}


@pytest.mark.parametrize(
    ("name", "rdf_format"), [("rdf12", ox.RdfFormat.TURTLE), ("rdf12-ntriples", ox.RdfFormat.N_TRIPLES)]
)
def test_rdf12_reifiers_read_back_by_pyoxigraph(compiled: Compiled, name: str, rdf_format: ox.RdfFormat) -> None:
    triples = [q.triple if isinstance(q, ox.Quad) else q for q in ox.parse(written(compiled, name), format=rdf_format)]
    reifies = {t.subject: t.object for t in triples if t.predicate.value == ns.RDF + "reifies"}
    assert len(reifies) == len(compiled.corpus.claims)
    assert all(isinstance(term, ox.Triple) for term in reifies.values())

    claim = known_claim(compiled)
    reifier = ox.NamedNode(ns.claim_iri(claim.document, claim.id))
    relation = compiled.vocabulary.relations[claim.relation].iri
    assert reifies[reifier] == ox.Triple(
        ox.NamedNode(ns.entity_iri(claim.subject)),
        ox.NamedNode(relation),
        ox.NamedNode(ns.entity_iri(str(claim.object))),
    )
    about = {(t.predicate.value, t.object) for t in triples if t.subject == reifier}
    assert (ns.PROV + "wasDerivedFrom", ox.NamedNode(ns.document_iri(claim.document))) in about
    assert (ns.SG + "claimant", ox.NamedNode(ns.entity_iri(str(claim.claimant)))) in about
    assert any(p == ns.SG + "evidence" and isinstance(o, ox.Literal) and o.value == claim.quote for p, o in about)


def test_nanopublications_read_back_by_rdflib(compiled: Compiled) -> None:
    dataset = rdflib.Dataset(default_union=True)  # the head graphs' statements, read across graphs
    dataset.parse(data=written(compiled, "nanopub"), format="trig")
    publications = set(dataset.subjects(rdflib.RDF.type, rdflib.URIRef(NP + "Nanopublication")))
    assert len(publications) == len(compiled.corpus.claims)

    claim = known_claim(compiled)
    iri = ns.claim_iri(claim.document, claim.id)
    publication = rdflib.URIRef(iri + "/np")
    assert publication in publications
    parts = {
        name: dataset.value(publication, rdflib.URIRef(NP + name))
        for name in ("hasAssertion", "hasProvenance", "hasPublicationInfo")
    }
    graphs = {name: dataset.graph(part) for name, part in parts.items()}
    assert all(len(graph) > 0 for graph in graphs.values())
    relation = rdflib.URIRef(compiled.vocabulary.relations[claim.relation].iri)
    subject, obj = rdflib.URIRef(ns.entity_iri(claim.subject)), rdflib.URIRef(ns.entity_iri(str(claim.object)))
    assert (subject, relation, obj) in graphs["hasAssertion"]
    assertion, provenance = parts["hasAssertion"], graphs["hasProvenance"]
    prov = rdflib.Namespace(ns.PROV)
    assert (assertion, prov.wasDerivedFrom, rdflib.URIRef(ns.document_iri(claim.document))) in provenance
    assert (assertion, prov.wasAttributedTo, rdflib.URIRef(ns.entity_iri(str(claim.claimant)))) in provenance
    quotes = {str(o) for o in provenance.objects(assertion, rdflib.URIRef(ns.SG + "evidence"))}
    assert quotes == {claim.quote}
    issued = provenance.value(rdflib.URIRef(ns.document_iri(claim.document)), rdflib.DCTERMS.issued)
    assert str(issued) == published(compiled, claim)
    assert (publication, rdflib.DCTERMS.license, None) in graphs["hasPublicationInfo"]


def full_iri(compact: str) -> str:
    """A framed object's id (pyld compacts it with the context's prefixes) in full."""
    prefix, _, rest = compact.partition(":")
    namespace = FRAME["@context"].get(prefix)
    return namespace + rest if isinstance(namespace, str) and not rest.startswith("//") else compact


def test_claims_jsonld_is_what_pyld_frames_by_claim(compiled: Compiled) -> None:
    document = json.loads(written(compiled, "claims-jsonld"))
    assert len(document["@graph"]) == len(compiled.corpus.claims)
    framed = jsonld.frame(document, FRAME)
    objects: dict[str, dict[str, Any]] = {full_iri(o["id"]): o for o in framed["@graph"]}
    assert len(objects) == len(compiled.corpus.claims)
    assert all("quote" in o and "id" in o["document"] for o in objects.values())

    claim = known_claim(compiled)
    framed_claim = objects[ns.claim_iri(claim.document, claim.id)]
    assert framed_claim["quote"]["@value"] == claim.quote
    assert framed_claim["quoteEn"] == claim.quote_en
    assert framed_claim["document"]["published"]["@value"] == published(compiled, claim)
    expanded = jsonld.expand({"@context": FRAME["@context"], **framed_claim})[0]
    assert expanded[ns.PROV + "wasDerivedFrom"][0]["@id"] == ns.document_iri(claim.document)
    assert expanded[ns.SG + "claimant"][0]["@id"] == ns.entity_iri(str(claim.claimant))
    assert expanded[ns.RDF + "object"][0]["@id"] == ns.entity_iri(str(claim.object))


def test_the_cli_exports_a_statement_format(tmp_path: Path, compiled: Compiled) -> None:
    output = tmp_path / "claims.trig"
    assert main(["export", "-f", "nanopub", "-o", str(output)]) == 0
    assert output.read_bytes() == written(compiled, "nanopub")


def test_the_server_lists_and_serves_the_statement_formats(live_server: LiveServer) -> None:
    listing = httpx.get(f"{live_server.url}/export/statements", timeout=30).json()
    assert [entry["format"] for entry in listing] == list(STATEMENT_EXPORTS)
    for name, chosen in STATEMENT_EXPORTS.items():
        response = httpx.get(f"{live_server.url}/export/{name}", timeout=120)
        assert response.status_code == 200, name
        assert response.headers["content-type"].split(";")[0] == chosen.media_type
        assert response.headers["content-disposition"] == f'attachment; filename="stargate-kg.{chosen.extension}"'
    claims = list(
        ox.parse(httpx.get(f"{live_server.url}/export/rdf12", timeout=120).content, format=ox.RdfFormat.TURTLE)
    )
    assert sum(q.predicate.value == ns.RDF + "reifies" for q in claims) > 0


def test_a_format_whose_optional_dependency_is_missing_says_how_to_install_it() -> None:
    lacking = dataclasses.replace(STATEMENT_EXPORTS["ftm"], requires=("no_such_module_here", "ftm"))
    assert "uv sync --frozen --group ftm" in (lacking.missing() or "")
    with pytest.raises(OutputError, match="no_such_module_here"):
        lacking.write([], io.BytesIO())
    assert STATEMENT_EXPORTS["ftm"].missing() is None  # the test environment has the ftm group
