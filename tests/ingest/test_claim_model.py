"""The claim model end to end over a small corpus: what a seed says becomes exactly that in RDF
(joint parties, polarity, modality, attribution, ranges, translations, anchored quotes), and what
it cannot say is refused at the line of the field at fault."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.files.problems import SeedErrors
from graph.ingest.pipeline import Compiled, compile_seeds
from graph.vocab.namespaces import CLAIM, ENTITY, OA, RDF, SG
from tests.seed_dirs import DOCUMENT, write_seed_dir

TEXT = (
    "甲骨文和MGX共出资70亿美元。微软没有任何出资意向。马斯克称软银到手的资金不到100亿美元。"
    "软银出资。软银出资。数十万个工作岗位。\n"
)
ENTITIES = """\
- {id: softbank, type: Company, label: SoftBank, zh_hans: 软银}
- {id: oracle, type: Company, label: Oracle, zh_hans: 甲骨文}
- {id: mgx, type: Fund, label: MGX, aliases: [MGX]}
- {id: microsoft, type: Company, label: Microsoft, zh_hans: 微软}
- {id: elon-musk, type: Person, label: Elon Musk, zh_hans: 马斯克}
- {id: stargate, type: JointVenture, label: Stargate}
"""
CLAIMS = """\
document: 000_00000000000000aa
claims:
  - id: joint
    subject: oracle
    with: [mgx]
    relation: funds
    object: stargate
    value: {amount: 7000000000, currency: USD}
    quote: 甲骨文和MGX共出资70亿美元
    quote_en: Oracle and MGX together put in US$7 billion
  - id: negative
    subject: microsoft
    relation: funds
    object: stargate
    qualifiers: {polarity: negative}
    quote: 微软没有任何出资意向
    quote_en: Microsoft has no intention of putting in any money
  - id: alleged
    subject: softbank
    relation: funds
    object: stargate
    value: {amount: 10000000000, currency: USD}
    qualifiers: {bound: less_than, modality: alleged}
    claimant: elon-musk
    quote: 马斯克称软银到手的资金不到100亿美元
    quote_en: Musk says SoftBank has secured under US$10 billion
  - id: second
    subject: softbank
    relation: funds
    object: stargate
    quote: 软银出资
    occurrence: 2
    quote_en: SoftBank puts in money
  - id: jobs
    subject: stargate
    relation: createsJobs
    value: {min: 200000, max: 900000, unit: count}
    quote: 数十万个工作岗位
    quote_en: several hundred thousand jobs
"""


def build(tmp_path: Path, claims: str = CLAIMS, entities: str = ENTITIES) -> Compiled:
    root = Path(tempfile.mkdtemp(dir=tmp_path))
    return compile_seeds(write_seed_dir(root, claims, entities, text=TEXT))


def problems(tmp_path: Path, claims: str) -> list[str]:
    with pytest.raises(SeedErrors) as raised:
        build(tmp_path, claims)
    return [str(p) for p in raised.value.problems]


@pytest.fixture
def store(tmp_path: Path) -> ox.Store:
    built = ox.Store()
    built.bulk_extend(build(tmp_path).quads)
    return built


def ask(store: ox.Store, where: str) -> bool:
    answer = store.query(
        f"PREFIX sg: <{SG}> PREFIX oa: <{OA}> PREFIX sgid: <{ENTITY}> PREFIX claim: <{CLAIM}{DOCUMENT}/> "
        f"PREFIX rdf: <{RDF}> ASK {{ {where} }}",
        use_default_graph_as_union=True,
    )
    assert isinstance(answer, ox.QueryBoolean)
    return bool(answer)


def line(claims: str, fragment: str) -> str:
    """':N:', the line of the claims file where `fragment` is written, as a problem names it."""
    return f":{next(n for n, text in enumerate(claims.splitlines(), 1) if fragment in text)}:"


def test_a_joint_claim_is_one_claim_with_every_party_acting(store: ox.Store) -> None:
    assert ask(store, "claim:joint sg:jointWith sgid:mgx ; sg:amount ?a FILTER(?a = 7000000000)")
    assert ask(store, "sgid:oracle sg:funds sgid:stargate . sgid:mgx sg:funds sgid:stargate")
    assert not ask(store, "?c sg:jointWith sgid:oracle")  # the subject is not its own joint party


def test_a_negative_claim_states_the_proposition_and_no_truthy_triple(store: ox.Store) -> None:
    assert ask(store, "claim:negative a sg:NegativeClaim ; sg:polarity sg:polarity-negative ; rdf:object sgid:stargate")
    assert not ask(store, "sgid:microsoft sg:funds ?anything")


def test_modality_attribution_and_bound_are_explicit_and_defaults_are_stated(store: ox.Store) -> None:
    assert ask(store, "claim:alleged sg:modality sg:modality-alleged ; sg:bound sg:bound-less_than")
    assert ask(store, "claim:alleged sg:attribution sg:attribution-claimant ; sg:claimant sgid:elon-musk")
    assert ask(store, "claim:joint sg:modality sg:modality-asserted ; sg:polarity sg:polarity-positive")
    assert ask(store, "claim:joint sg:attribution sg:attribution-document")


def test_a_range_has_its_ends_and_no_single_value(store: ox.Store) -> None:
    assert ask(store, "claim:jobs sg:amountMin ?low ; sg:amountMax ?high FILTER(?low = 200000 && ?high = 900000)")
    assert not ask(store, "claim:jobs sg:amount ?a")
    assert not ask(store, "claim:jobs rdf:object ?o")


def test_translations_are_english_and_never_the_evidence(store: ox.Store) -> None:
    assert ask(store, 'claim:joint sg:evidenceTranslation "Oracle and MGX together put in US$7 billion"@en')
    assert ask(store, 'claim:joint sg:evidence "甲骨文和MGX共出资70亿美元"@zh-Hans')
    assert ask(store, '?doc sg:titleTranslation "t"@en')


def test_every_quote_is_anchored_by_offsets_that_select_it(store: ox.Store) -> None:
    rows = store.query(
        f"PREFIX sg: <{SG}> PREFIX oa: <{OA}> "
        "SELECT ?quote ?start ?end ?occurrence ?prefix WHERE { ?c sg:evidence ?quote ; sg:anchor ?a . "
        "?a oa:hasSelector ?p, ?q ; sg:occurrence ?occurrence . ?p oa:start ?start ; oa:end ?end . "
        "?q oa:prefix ?prefix }",
        use_default_graph_as_union=True,
    )
    assert isinstance(rows, ox.QuerySolutions)
    found = {
        (row["quote"].value, int(row["start"].value), int(row["end"].value), int(row["occurrence"].value))
        for row in rows
    }
    assert len(found) == 5
    for quote, start, end, _ in found:
        assert TEXT[start:end] == quote
    # the second of two identical quotes is the later one
    assert ("软银出资", TEXT.rindex("软银出资"), TEXT.rindex("软银出资") + 4, 2) in found


def test_a_repeated_quote_must_say_which_occurrence(tmp_path: Path) -> None:
    claims = CLAIMS.replace("    occurrence: 2\n", "")
    [problem] = [p for p in problems(tmp_path, claims) if "occurs 2 times" in p]
    assert line(claims, "quote: 软银出资") in problem and "occurrence: N" in problem


def test_an_occurrence_the_document_lacks_is_refused_at_its_line(tmp_path: Path) -> None:
    claims = CLAIMS.replace("occurrence: 2", "occurrence: 3")
    assert any(line(claims, "occurrence: 3") in p and "no occurrence 3" in p for p in problems(tmp_path, claims))


def test_an_allegation_is_never_committed(tmp_path: Path) -> None:
    claims = CLAIMS.replace(
        "{bound: less_than, modality: alleged}", "\n      modality: alleged\n      status: committed"
    )
    assert any(line(claims, "status: committed") in p and "never goes with" in p for p in problems(tmp_path, claims))


def test_every_claim_needs_its_translation(tmp_path: Path) -> None:
    found = problems(tmp_path, CLAIMS.replace("    quote_en: several hundred thousand jobs\n", ""))
    assert any("jobs" in p and "quote_en" in p for p in found)


def test_a_joint_party_must_exist_and_differ_from_the_subject(tmp_path: Path) -> None:
    at = line(CLAIMS, "with:")
    assert any(
        at in p and "unknown entity 'nobody'" in p for p in problems(tmp_path, CLAIMS.replace("[mgx]", "[nobody]"))
    )
    assert any(at in p and "jointly with itself" in p for p in problems(tmp_path, CLAIMS.replace("[mgx]", "[oracle]")))


def test_a_range_must_run_upwards(tmp_path: Path) -> None:
    found = problems(tmp_path, CLAIMS.replace("{min: 200000, max: 900000", "{min: 900000, max: 200000"))
    assert any("must be below" in p for p in found)


def test_an_alias_no_document_writes_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SeedErrors) as raised:
        build(tmp_path, entities=ENTITIES.replace("aliases: [MGX]", "aliases: [MGX, Stargate LLC]"))
    assert any("'Stargate LLC' occurs in no document" in str(p) for p in raised.value.problems)


def test_sentences_without_facts_are_marked_with_a_verbatim_quote_or_lines(tmp_path: Path) -> None:
    marked = CLAIMS + "no_facts:\n  - {quote: 不在文中, reason: r}\n  - {lines: 2-9, reason: r}\n"
    found = problems(tmp_path, marked)
    assert any("不在文中" in p and "not verbatim" in p for p in found)
    assert any("lines 2-9" in p for p in found)
