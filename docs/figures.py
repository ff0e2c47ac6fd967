"""The README's generated blocks: the server settings, the seed graph's figures and findings, and
how much of each document its claims and no_facts marks cover.

    uv run --frozen python -m docs.figures           # rewrite the blocks in README.md
    uv run --frozen python -m docs.figures --check   # exit 1, naming them, if any block is stale

Each block lies between its start and end markers; the rest of README.md is prose that nothing
rewrites. tests/test_docs.py fails when a block differs from what this module makes now, so the
README cannot drift from graph/http/settings.py or from the seed graph.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from graph.analytics import service as analytics
from graph.analytics.conflict_findings import Finding, finding_id
from graph.files.atomic import write_atomically
from graph.http.settings import settings_help
from graph.ingest.contradictions import Contradiction
from graph.ingest.coverage import Figures, corpus_coverage
from graph.ingest.pipeline import compile_seeds
from graph.server.serve import build_parser
from graph.store.backends import EmbeddedStore
from graph.store.snapshot import Snapshot

README = Path(__file__).resolve().parent.parent / "README.md"
COMMAND = "uv run --frozen python -m docs.figures"


@dataclass(frozen=True)
class SeedFacts:
    """What a real build of the seed graph counts; the README quotes these figures."""

    documents: int
    entities: int
    claims: int
    relations_used: int
    relations_declared: int
    quads: int
    triples: int
    named_graphs: int
    contradictions: tuple[Contradiction, ...]
    entity_graph_edges: int
    rules: int
    findings: tuple[Finding, ...]
    coverage: tuple[tuple[str, Figures], ...]  # (document id, figures), as `stargate-kg coverage` counts


def seed_facts() -> SeedFacts:
    compiled = compile_seeds()
    corpus = compiled.corpus
    store = EmbeddedStore(compiled.quads)
    snapshot = Snapshot(store, store.version, "embedded:seeds")
    projection = analytics.projection(snapshot)
    triples = store.select("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
    return SeedFacts(
        documents=len(corpus.documents),
        entities=len(corpus.entities),
        claims=len(corpus.claims),
        relations_used=len({claim.relation for claim in corpus.claims}),
        relations_declared=len(compiled.vocabulary.relations),
        quads=len(compiled.quads),
        triples=int(triples[0]["n"].value),
        named_graphs=len({quad.graph_name for quad in compiled.quads}),
        contradictions=tuple(compiled.contradictions),
        entity_graph_edges=projection.graph.number_of_edges(),
        rules=len(analytics.rules(projection)),
        findings=tuple(analytics.conflicts(snapshot)),
        coverage=tuple((report.document.id, report.figures) for report in corpus_coverage(corpus)),
    )


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def settings_table() -> str:
    """One row per setting: its flags as server.py's parser spells them, environment variable, default."""
    flags = {action.dest: action.option_strings for action in build_parser()._actions}
    rows = []
    for name, default, env, help_ in settings_help():
        spelled = " / ".join(f"`{flag}`" for flag in flags[name])
        rows.append((spelled, f"`{env}`", f"`{default}`", help_))
    return _table(["flag", "environment variable", "default", "what it sets"], rows)


def figures_table(facts: SeedFacts) -> str:
    rows = [
        ("source documents (articles)", f"{facts.documents:,}"),
        ("entities", f"{facts.entities:,}"),
        ("claims", f"{facts.claims:,}"),
        (
            "relations used by claims (of those the ontology declares)",
            f"{facts.relations_used:,} (of {facts.relations_declared:,})",
        ),
        ("quads", f"{facts.quads:,}"),
        ("distinct triples (the union default graph, merged)", f"{facts.triples:,}"),
        ("named graphs", f"{facts.named_graphs:,}"),
        ("contradictions (sources disagreeing), found by rules or asserted by curators", _judged(facts)),
        (
            "relations between entities in the entity graph (one per subject, relation, object)",
            f"{facts.entity_graph_edges:,}",
        ),
        ("conflict-of-interest rules", f"{facts.rules:,}"),
        ("conflict-of-interest findings", f"{len(facts.findings):,}"),
    ]
    return _table(["the seed graph", "count"], rows)


def _judged(facts: SeedFacts) -> str:
    verdicts = Counter(c.judgement.verdict for c in facts.contradictions if c.judgement)
    judged = ", ".join(f"{n} {verdict}" for verdict, n in sorted(verdicts.items()))
    return f"{len(facts.contradictions):,}" + (f" ({judged})" if judged else "")


def contradictions_table(facts: SeedFacts) -> str:
    rows = [
        (c.kind, c.judgement.verdict if c.judgement else "", c.rule or "(a curator)", c.explanation)
        for c in sorted(facts.contradictions, key=lambda c: (c.kind, c.explanation))
    ]
    return _table(["kind", "judgement", "rule", "explanation"], rows)


def findings_table(facts: SeedFacts) -> str:
    rows = [(f"`{finding_id(finding)}`", finding.explanation, len(finding.documents)) for finding in facts.findings]
    return _table(["finding (rule:entities)", "explanation", "documents"], rows)


def coverage_table(facts: SeedFacts) -> str:
    total = sum((figures for _, figures in facts.coverage), Figures())
    named = [(f"`{id_}`", figures) for id_, figures in facts.coverage] + [("total", total)]
    rows = [(name, f.sentences, f.anchored, f.marked, f.uncovered, f"{f.percent:.1f}%") for name, f in named]
    return _table(["document", "sentences", "anchored", "marked", "uncovered", "covered"], rows)


@dataclass(frozen=True)
class Block:
    name: str
    make: Callable[[SeedFacts], str]

    @property
    def start(self) -> str:
        return f"<!-- generated:{self.name}:start (by `{COMMAND}`; do not edit by hand) -->"

    @property
    def end(self) -> str:
        return f"<!-- generated:{self.name}:end -->"

    def located(self, text: str) -> tuple[int, int]:
        """Where the block's content lies in `text`; a ValueError if its markers are missing."""
        if text.count(self.start) != 1 or text.count(self.end) != 1:
            raise ValueError(f"README.md needs exactly one {self.start} and one {self.end}")
        begin = text.index(self.start) + len(self.start)
        return begin, text.index(self.end, begin)


BLOCKS = (
    Block("settings", lambda facts: settings_table()),
    Block("seed-figures", figures_table),
    Block("seed-contradictions", contradictions_table),
    Block("seed-findings", findings_table),
    Block("seed-coverage", coverage_table),
)


def current(text: str) -> dict[str, str]:
    """Each block's content as `text` has it."""
    found = {}
    for block in BLOCKS:
        begin, end = block.located(text)
        found[block.name] = text[begin:end].strip("\n")
    return found


def generated(facts: SeedFacts) -> dict[str, str]:
    """Each block's content as it should be now."""
    return {block.name: block.make(facts) for block in BLOCKS}


def rewrite(text: str, contents: dict[str, str]) -> str:
    for block in BLOCKS:
        begin, end = block.located(text)
        text = text[:begin] + "\n" + contents[block.name] + "\n" + text[end:]
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m docs.figures", description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 naming the stale blocks")
    args = parser.parse_args(argv)
    text = README.read_text(encoding="utf-8")
    try:
        have, want = current(text), generated(seed_facts())
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    stale = [name for name in want if have[name] != want[name]]
    if args.check:
        if stale:
            print(f"README.md is out of date in: {', '.join(stale)}; run {COMMAND}", file=sys.stderr)
        return 1 if stale else 0
    if stale:
        new = rewrite(text, want).encode("utf-8")
        write_atomically(README, lambda output: output.write(new))
    print(f"README.md: {', '.join(stale) if stale else 'nothing'} rewritten", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
