"""Where a quote sits in its document: character offsets and the context around it.

A claim's quote is evidence only if a reader can find it: the build gives each quote its W3C Web
Annotation selectors (a TextPositionSelector's start and end, a TextQuoteSelector's exact text,
prefix and suffix), computed here from the document text, and the seed check refuses a quote that
is missing or ambiguous. Offsets count Unicode code points from 0, the end excluded (Python string
indices, as the Web Annotation model counts characters).
"""

from __future__ import annotations

from dataclasses import dataclass

CONTEXT = 32  # characters of prefix and suffix: enough to tell repeated quotes apart


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    prefix: str
    suffix: str
    occurrence: int  # which occurrence of the quote this is, 1 = the first
    occurrences: int  # how many times the quote occurs in the document
    line: int  # the 1-based line of the document where the quote starts


def positions(text: str, quote: str) -> list[int]:
    """Every start offset of `quote` in `text`, overlapping occurrences included."""
    found, start = [], text.find(quote)
    while start >= 0 and quote:
        found.append(start)
        start = text.find(quote, start + 1)
    return found


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


class AnchorError(ValueError):
    """The quote cannot be placed: absent, ambiguous, or an occurrence it does not have."""


class QuoteMissing(AnchorError):
    """The quote is nowhere in the document."""


def anchor(text: str, quote: str, occurrence: int | None) -> Anchor:
    """The quote's place in `text`; `occurrence` (1-based) is required when it occurs more than once."""
    starts = positions(text, quote)
    if not starts:
        raise QuoteMissing("is not verbatim in the document")
    lines = ", ".join(str(line_of(text, s)) for s in starts)
    if occurrence is None and len(starts) > 1:
        raise AnchorError(f"occurs {len(starts)} times (lines {lines}): say which with 'occurrence: N'")
    if occurrence is not None and occurrence > len(starts):
        raise AnchorError(f"occurs {len(starts)} time(s) (lines {lines}), so there is no occurrence {occurrence}")
    if occurrence is not None and len(starts) == 1:
        raise AnchorError("occurs once: drop 'occurrence'")
    index = (occurrence or 1) - 1
    start = starts[index]
    end = start + len(quote)
    return Anchor(
        start=start,
        end=end,
        prefix=text[max(0, start - CONTEXT) : start],
        suffix=text[end : end + CONTEXT],
        occurrence=index + 1,
        occurrences=len(starts),
        line=line_of(text, start),
    )
