"""seeds -> validate -> build -> validate: the one way a dataset is made.

`compile_seeds` either returns a dataset that passed every check or raises `SeedErrors` with
all the problems found; it never returns half a graph.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from graph.files.problems import RuleErrors, SeedErrors
from graph.ingest.build import build_quads
from graph.ingest.contradiction_rules import load_rules
from graph.ingest.contradictions import Contradiction, find_contradictions
from graph.ingest.facts import Facts, find_facts
from graph.ingest.judgements import judge, read_judgements
from graph.ingest.seeds import DEFAULT_SEED_DIR, Corpus, load_corpus
from graph.ingest.validate import check_corpus, check_shapes
from graph.runtime.gc_pause import paused_gc
from graph.vocab.vocabulary import Vocabulary, load_vocabulary

Progress = Callable[[str], None]


def quiet(message: str) -> None:
    """The default progress sink: say nothing (the CLI passes graph/runtime/progress.py's, the server its log)."""


@dataclass(frozen=True)
class Compiled:
    corpus: Corpus
    vocabulary: Vocabulary
    quads: list[ox.Quad]
    contradictions: list[Contradiction]
    facts: Facts  # each fact once, with the documents stating it and what each document changed


def compile_seeds(seed_dir: Path = DEFAULT_SEED_DIR, *, shacl: bool = True, progress: Progress = quiet) -> Compiled:
    """Load, check, build and SHACL-validate the seeds under `seed_dir`, the cyclic garbage
    collector paused: a build frees almost nothing it makes (graph/runtime/gc_pause.py)."""
    with paused_gc():
        return _compile(seed_dir, shacl, progress)


def _compile(seed_dir: Path, shacl: bool, progress: Progress) -> Compiled:
    started = lap = time.perf_counter()

    def took() -> str:
        """Seconds since the last step ended."""
        nonlocal lap
        now = time.perf_counter()
        seconds, lap = now - lap, now
        return f"{seconds:.1f} s"

    progress(f"reading the seeds in {seed_dir}")
    vocab = load_vocabulary()
    corpus = load_corpus(seed_dir)
    progress(
        f"read {len(corpus.documents)} documents, {len(corpus.entities)} entities, "
        f"{len(corpus.claims)} claims ({took()})"
    )
    progress("checking references and quotes, building quads")
    problems = check_corpus(corpus, vocab)
    records = read_judgements(seed_dir, corpus, vocab, problems)
    if problems:
        raise SeedErrors(problems)
    try:
        rules = load_rules()
    except RuleErrors as errors:
        raise SeedErrors(errors.problems) from None
    contradictions = judge(find_contradictions(corpus, vocab, rules), records, problems)
    if problems:
        raise SeedErrors(problems)
    progress(f"found {len(contradictions)} contradictions ({took()})")
    facts = find_facts(corpus, vocab, contradictions)
    progress(f"derived {len(facts.all)} facts ({took()})")
    quads = build_quads(corpus, vocab, contradictions, facts)
    progress(f"built {len(quads)} quads ({took()})")
    if shacl:
        progress("checking the SHACL shapes")
        problems = check_shapes(quads, corpus)
        if problems:
            raise SeedErrors(problems)
        progress(f"SHACL shapes conform ({took()})")
    progress(f"done in {time.perf_counter() - started:.2f} s")
    return Compiled(corpus, vocab, quads, contradictions, facts)
