"""Which sentences of a document a claim anchors or a no_facts mark explains, and which none does.

Curators aim to account for every sentence: each either carries the claims it states or is marked
as stating no checkable fact. This module splits a document into sentences (SENTENCE_END below is
the one definition) and places every claim's and mark's anchor (graph/ingest/anchors.py) on them,
so `stargate-kg coverage` can list what is left. It expects a corpus that passed `check_corpus`:
every quote anchors.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

from graph.ingest.anchors import anchor
from graph.ingest.seeds import ClaimRecord, Corpus, DocumentRecord, NoFactRecord

# A sentence is a stretch of one line ending at a terminator or at the line end. The full-width
# terminators always end one; ASCII ! ? ; only when no printable ASCII character follows (a URL's
# `?id=`, Markdown's `![image]` and `a;b` do not split; a Chinese sentence ending in an ASCII `?`
# does). A run of terminators ends one sentence, and the closing quotation marks and brackets right
# after it belong to the sentence they close. Surrounding whitespace is not part of a sentence, and
# a stretch of whitespace alone is none.
FULL_WIDTH_ENDS = "。！？；"  # noqa: RUF001 (the full-width forms are the point)
CLOSERS = "”’」』）)]】》〉"  # noqa: RUF001
SENTENCE_END = re.compile(f"(?:[{FULL_WIDTH_ENDS}]|[!?;](?![!-~]))+[{re.escape(CLOSERS)}]*")


@dataclass(frozen=True)
class Sentence:
    start: int  # code-point offsets in the document, end exclusive (as anchors count)
    end: int
    line: int  # 1-based
    text: str
    claims: tuple[str, ...] = ()  # ids of the claims whose quote overlaps it, in file order
    marks: tuple[str, ...] = ()  # reasons of the no_facts marks covering it

    @property
    def status(self) -> str:
        """anchored (a claim states it; claims win over marks), marked (no fact) or uncovered."""
        return "anchored" if self.claims else "marked" if self.marks else "uncovered"


@dataclass(frozen=True)
class Figures:
    sentences: int = 0
    anchored: int = 0
    marked: int = 0
    uncovered: int = 0

    @property
    def covered(self) -> int:
        return self.anchored + self.marked

    @property
    def percent(self) -> float:
        """The covered share, rounded down to a tenth: 100.0 only when nothing is uncovered."""
        return (self.covered * 1000 // self.sentences) / 10 if self.sentences else 100.0

    def below(self, percent: float) -> bool:
        """Whether the covered share is under `percent` (exactly, not after rounding)."""
        return self.covered * 100 < percent * self.sentences

    def __add__(self, other: Figures) -> Figures:
        return Figures(
            self.sentences + other.sentences,
            self.anchored + other.anchored,
            self.marked + other.marked,
            self.uncovered + other.uncovered,
        )


@dataclass(frozen=True)
class DocumentCoverage:
    document: DocumentRecord
    sentences: tuple[Sentence, ...]

    @cached_property
    def figures(self) -> Figures:
        statuses = [sentence.status for sentence in self.sentences]
        return Figures(len(statuses), statuses.count("anchored"), statuses.count("marked"), statuses.count("uncovered"))


def sentence_spans(text: str) -> Iterator[tuple[int, int, int]]:
    """(start, end, line) of every sentence of `text`, in order (see SENTENCE_END)."""
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        cut = 0
        for end in [match.end() for match in SENTENCE_END.finditer(line)] + [len(line)]:
            stretch = line[cut:end]
            stripped = stretch.lstrip()
            if stripped.strip():
                start = offset + cut + len(stretch) - len(stripped)
                yield start, start + len(stripped.rstrip()), number
            cut = end
        offset += len(line) + 1


def document_coverage(
    document: DocumentRecord, claims: Iterable[ClaimRecord], marks: Iterable[NoFactRecord]
) -> DocumentCoverage:
    """Each sentence of the document with the claims anchored in it and the marks covering it."""
    text = document.text
    spans = list(sentence_spans(text))
    starts = [start for start, _, _ in spans]
    lines = [line for _, _, line in spans]
    claimed: dict[int, list[str]] = defaultdict(list)
    marked: dict[int, list[str]] = defaultdict(list)

    def overlapped(start: int, end: int) -> range:
        """The indices of the sentences that [start, end) overlaps."""
        first = max(bisect.bisect_right(starts, start) - 1, 0)
        if spans and spans[first][1] <= start:
            first += 1
        return range(first, bisect.bisect_left(starts, end))

    for claim in claims:
        placed = anchor(text, claim.quote, claim.occurrence)
        for index in overlapped(placed.start, placed.end):
            claimed[index].append(claim.id)
    for mark in marks:
        if mark.lines is not None:
            first_line, last_line = mark.lines
            hit = range(bisect.bisect_left(lines, first_line), bisect.bisect_right(lines, last_line))
        else:
            assert mark.quote is not None
            placed = anchor(text, mark.quote, mark.occurrence)
            hit = overlapped(placed.start, placed.end)
        for index in hit:
            marked[index].append(mark.reason)
    return DocumentCoverage(
        document,
        tuple(
            Sentence(start, end, line, text[start:end], tuple(claimed[i]), tuple(marked[i]))
            for i, (start, end, line) in enumerate(spans)
        ),
    )


def corpus_coverage(corpus: Corpus, documents: Iterable[str] | None = None) -> Iterator[DocumentCoverage]:
    """The coverage of each document (all, in catalogue order, or those named), one at a time."""
    claims: dict[str, list[ClaimRecord]] = defaultdict(list)
    marks: dict[str, list[NoFactRecord]] = defaultdict(list)
    for claim in corpus.claims:
        claims[claim.document].append(claim)
    for mark in corpus.no_facts:
        marks[mark.document].append(mark)
    for document_id in corpus.documents if documents is None else documents:
        yield document_coverage(corpus.documents[document_id], claims[document_id], marks[document_id])
