"""An article's sentences: the coverage command's (graph/ingest/coverage.py, one definition of where
a Chinese sentence ends), each also cut after an English full stop followed by a space."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from graph.ingest.coverage import sentence_spans

ENGLISH_STOP = re.compile(r"(?<=[a-z0-9)\"”][.])\s+(?=[A-Z\"“(])")


@dataclass(frozen=True)
class Sentence:
    start: int  # the article's offsets, end exclusive
    end: int
    line: int


def sentences(text: str) -> Iterator[Sentence]:
    for start, end, line in sentence_spans(text):
        cut = start
        for stop in ENGLISH_STOP.finditer(text, start, end):
            yield Sentence(cut, stop.start(), line)
            cut = stop.end()
        yield Sentence(cut, end, line)
