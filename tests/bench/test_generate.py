"""bench/generate.py: larger worlds in the seed format, deterministic, passing the real build, with
the seed graph's shape (relation mix, contradictions, disputes, bilingual names)."""

from __future__ import annotations

import filecmp
from collections import Counter
from pathlib import Path

import pytest

from bench.generate import GLOBAL_TYPES, Template, generate, load_template, read_manifest
from bench.names import SYLLABLES, TYPE_SUFFIXES, ZH_ORDINALS, make_name, simplified, traditional
from graph.ingest.pipeline import Compiled, compile_seeds
from graph.ingest.validate import check_shapes

FACTOR = 3


@pytest.fixture(scope="module")
def template() -> Template:
    return load_template()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, template: Template) -> Path:
    out = tmp_path_factory.mktemp("world") / f"x{FACTOR}"
    generate(out, FACTOR, template)
    return out


@pytest.fixture(scope="module")
def built(world: Path) -> Compiled:
    return compile_seeds(world)  # the real pipeline: references, quotes, SHACL


def _tree(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_the_same_factor_gives_byte_identical_files(world: Path, template: Template, tmp_path: Path) -> None:
    again = tmp_path / "again"
    generate(again, FACTOR, template)
    files = _tree(world)
    assert files == _tree(again)
    _, mismatch, errors = filecmp.cmpfiles(world, again, files, shallow=False)
    assert mismatch == [] and errors == []


def test_the_world_has_the_seed_format_and_a_manifest(world: Path, built: Compiled) -> None:
    assert (world / "documents.yaml").is_file()
    assert {p.suffix for p in (world / "documents").iterdir()} == {".txt"}
    assert {p.name for p in (world / "claims").iterdir()} == {f"{d}.yaml" for d in built.corpus.documents}
    manifest = read_manifest(world)
    assert manifest is not None
    assert manifest["claims"] == len(built.corpus.claims) and manifest["documents"] == len(built.corpus.documents)


def test_the_generated_seeds_pass_the_real_build(built: Compiled, compiled: Compiled) -> None:
    assert len(built.corpus.documents) == FACTOR * len(compiled.corpus.documents)
    assert len(built.corpus.claims) == FACTOR * len(compiled.corpus.claims)
    # shared hubs are not copied, so a world is a little under FACTOR times the seed graph
    assert 0.8 * FACTOR * len(compiled.quads) < len(built.quads) <= FACTOR * len(compiled.quads)


def test_the_sparql_shape_engine_accepts_the_world_too(built: Compiled) -> None:
    assert check_shapes(built.quads, built.corpus, engine="sparql") == []


def test_replica_zero_is_the_seed_graph_itself(template: Template, tmp_path: Path, compiled: Compiled) -> None:
    generate(tmp_path / "x1", 1, template)
    assert set(compile_seeds(tmp_path / "x1", shacl=False).quads) == set(compiled.quads)


def test_the_relation_mix_and_qualifiers_are_the_seed_graphs(built: Compiled, compiled: Compiled) -> None:
    def mix(c: Compiled) -> Counter[str]:
        return Counter(claim.relation for claim in c.corpus.claims)

    assert mix(built) == Counter({r: FACTOR * n for r, n in mix(compiled).items()})
    statuses = Counter(c.qualifiers.status for c in built.corpus.claims)
    assert statuses == Counter(
        {s: FACTOR * n for s, n in Counter(c.qualifiers.status for c in compiled.corpus.claims).items()}
    )


def test_contradictions_and_disputes_are_present_in_every_replica(built: Compiled, compiled: Compiled) -> None:
    assert compiled.contradictions
    assert len(built.contradictions) == FACTOR * len(compiled.contradictions)  # judgements replicated too
    for found in built.contradictions:
        judged = found.judgement.verdict if found.judgement else None
        assert judged == "asserted" or len({(c.document, c.claimant) for c in found.claims}) >= 2
    keys = {c.key for c in built.corpus.claims}
    disputes = [c for c in built.corpus.claims if c.qualifiers.target]
    assert len(disputes) == FACTOR * sum(1 for c in compiled.corpus.claims if c.qualifiers.target)
    for claim in disputes:
        target = claim.qualifiers.target
        assert (target if "/" in target else f"{claim.document}/{target}") in keys


def test_twins_have_bilingual_names_including_traditional_script(built: Compiled, compiled: Compiled) -> None:
    twins = [e for e in built.corpus.entities.values() if e.id not in compiled.corpus.entities]
    assert len(twins) == (FACTOR - 1) * sum(1 for e in compiled.corpus.entities.values() if e.type not in GLOBAL_TYPES)
    traditional_twins = [e for e in twins if e.zh_hant]
    assert traditional_twins and all(e.zh_hans for e in traditional_twins)
    assert sum(e.zh_hant != e.zh_hans for e in traditional_twins) > len(traditional_twins) / 2
    assert any(a != simplified(a) for e in twins for a in e.aliases)  # Traditional aliases too
    for entity in twins:
        assert entity.label.isascii()


def test_every_quote_of_a_twin_document_is_in_its_text(built: Compiled) -> None:
    for claim in built.corpus.claims:
        assert claim.quote in built.corpus.documents[claim.document].text


def test_no_two_generated_entities_share_a_name_in_any_script_or_case() -> None:
    types = sorted(TYPE_SUFFIXES)
    owner: dict[str, int] = {}
    for number in range(4000):
        name = make_name(number, types[number % len(types)])
        forms = {
            name.full_en,
            name.full_zh,
            traditional(name.full_zh),
            name.latin(0),
            name.latin(1),
            name.latin(2),
            name.chinese(0),
            name.chinese(1),
            traditional(name.chinese(1)),
        }
        for form in forms:
            assert owner.setdefault(form.casefold(), number) == number, form


def test_name_parts_never_overlap() -> None:
    """Roots use only syllable characters, suffixes none, and Traditional conversion never turns
    one syllable character into another: what keeps names unique by construction."""
    syllable_chars = {zh for _, zh in SYLLABLES}
    suffix_chars = {ch for zh, _ in TYPE_SUFFIXES.values() for ch in zh} | set(ZH_ORDINALS)
    assert not syllable_chars & suffix_chars
    assert all(traditional(ch) == ch or traditional(ch) not in syllable_chars for ch in syllable_chars)
    assert len({en for en, _ in SYLLABLES}) == len(SYLLABLES) and {len(en) for en, _ in SYLLABLES} == {3}
