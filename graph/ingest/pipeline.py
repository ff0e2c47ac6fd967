"""seeds -> validate -> build -> validate: the one way a dataset is made.

`compile_seeds` either returns a dataset that passed every check or raises `SeedErrors` with
all the problems found; it never returns half a graph.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from graph.files.problems import Problem, RuleErrors, SeedErrors
from graph.ingest.build import build_quads
from graph.ingest.contradiction_rules import RuleBook, load_rules
from graph.ingest.contradictions import Contradiction, find_contradictions
from graph.ingest.facts import Facts, find_facts
from graph.ingest.judgements import JudgementRecord, judge, read_judgements
from graph.ingest.seeds import DEFAULT_SEED_DIR, Corpus, load_corpus
from graph.ingest.validate import check_corpus, check_shapes
from graph.runtime.gc_pause import paused_gc
from graph.vocab.vocabulary import Vocabulary, load_vocabulary

Progress = Callable[[str], None]


def quiet(message: str) -> None:
    """The default progress sink: say nothing (the CLI passes graph/runtime/progress.py's, the server its log)."""


@dataclass(frozen=True)
class Sources:
    """What a dataset is built from, read and checked: enough to build it again from fewer
    documents (the graph as known on a date: graph/ingest/as_of.py) without reading a file."""

    corpus: Corpus
    vocabulary: Vocabulary
    rules: RuleBook
    judgements: tuple[JudgementRecord, ...]


@dataclass(frozen=True)
class Derived:
    """What the build makes of the sources."""

    quads: list[ox.Quad]
    contradictions: list[Contradiction]
    facts: Facts  # each fact once, with the documents stating it and what each document changed


@dataclass(frozen=True)
class Compiled:
    sources: Sources
    derived: Derived
    # the quads as the SHACL check loaded them into Oxigraph: the embedded store serves this store
    # rather than loading them a second time (2 s at a million quads); None without the check
    store: ox.Store | None = field(default=None, repr=False)

    @property
    def corpus(self) -> Corpus:
        return self.sources.corpus

    @property
    def vocabulary(self) -> Vocabulary:
        return self.sources.vocabulary

    @property
    def quads(self) -> list[ox.Quad]:
        return self.derived.quads

    @property
    def contradictions(self) -> list[Contradiction]:
        return self.derived.contradictions

    @property
    def facts(self) -> Facts:
        return self.derived.facts


def compile_seeds(seed_dir: Path = DEFAULT_SEED_DIR, *, shacl: bool = True, progress: Progress = quiet) -> Compiled:
    """Load, check, build and SHACL-validate the seeds under `seed_dir`, the cyclic garbage
    collector paused: a build frees almost nothing it makes (graph/runtime/gc_pause.py)."""
    with paused_gc():
        return _compile(seed_dir, shacl, progress)


def _compile(seed_dir: Path, shacl: bool, progress: Progress) -> Compiled:
    started = lap = time.perf_counter()

    def took() -> str:
        """Seconds since the last step ended, to end a progress line."""
        nonlocal lap
        now = time.perf_counter()
        seconds, lap = now - lap, now
        return f" ({seconds:.1f} s)"

    progress(f"reading the seeds in {seed_dir}")
    vocab = load_vocabulary()
    corpus = load_corpus(seed_dir)
    progress(
        f"read {len(corpus.documents)} documents, {len(corpus.entities)} entities, {len(corpus.claims)} claims{took()}"
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
    sources = Sources(corpus, vocab, rules, tuple(records))
    derived = derive(sources, problems, progress=progress, took=took)
    if problems:
        raise SeedErrors(problems)
    store = None
    if shacl:
        progress("checking the SHACL shapes")
        store = ox.Store()
        store.bulk_extend(derived.quads)
        problems = check_shapes(derived.quads, corpus, store=store)
        if problems:
            raise SeedErrors(problems)
        progress(f"SHACL shapes conform{took()}")
    progress(f"done in {time.perf_counter() - started:.2f} s")
    return Compiled(sources, derived, store)


def _no_time() -> str:
    return ""


def derive(
    sources: Sources, problems: list[Problem], *, progress: Progress = quiet, took: Callable[[], str] = _no_time
) -> Derived:
    """Contradictions (judged), facts and quads from checked sources; a judgement that does not
    apply goes to `problems`."""
    corpus, vocab = sources.corpus, sources.vocabulary
    contradictions = judge(find_contradictions(corpus, vocab, sources.rules), list(sources.judgements), problems)
    progress(f"found {len(contradictions)} contradictions{took()}")
    facts = find_facts(corpus, vocab, contradictions)
    progress(f"derived {len(facts.all)} facts{took()}")
    quads = build_quads(corpus, vocab, contradictions, facts)
    progress(f"built {len(quads)} quads{took()}")
    return Derived(quads, contradictions, facts)
