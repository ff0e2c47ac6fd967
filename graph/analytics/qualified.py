"""A claim's qualifiers in words: how much (its figure, with its bound or range) and how sure (its
modality and who says so), and what an edge, a path or a finding rests on.

One home for this wording, so the CLI, the CSV findings, the dumps and the page say the same:
"under US$10 bn", "about US$13 bn", "US$2-9 bn"; "alleged by Elon Musk"; "rests on an
allegation: Elon Musk disputes Stargate (alleged by Elon Musk)". A figure never travels without
its bound: "under US$10 bn" read as "US$10 bn" is the mistake this module exists to prevent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from graph.analytics.projection import ASSERTED, ClaimRef, Edge, Step
from graph.vocab.wording import BOUNDS, amount_text, range_text

NOUNS = {  # what a finding or path rests on, for each modality other than asserted
    "reported": "a report",
    "alleged": "an allegation",
    "hedged": "a hedged claim",
    "opinion": "an opinion",
    "rumour": "a rumour",
    "joke": "a joke",
    "denial": "a denial",
}
Label = Callable[[str], str]


def figure(claim: ClaimRef) -> str:
    """The claim's amount with its bound, or its range; '' when it states no number."""
    if claim.amount_min is not None and claim.amount_max is not None:
        return range_text(claim.amount_min, claim.amount_max, claim.currency)
    if claim.amount is None:
        return ""
    text = amount_text(claim.amount, claim.currency)
    return f"{BOUNDS.get(claim.bound, claim.bound)} {text}" if claim.bound else text


def how_sure(claim: ClaimRef, label: Label) -> str:
    """'' for an asserted claim; else its modality and who voices it: 'alleged by Elon Musk'."""
    if claim.modality == ASSERTED:
        return ""
    return claim.modality + (f" by {label(claim.claimant)}" if claim.claimant else "")


def edge_text(edge: Edge, label: Label) -> str:
    return f"{label(edge.subject)} {edge.relation} {label(edge.object)}"


def basis(edge: Edge, label: Label) -> str:
    """What an edge no claim asserts rests on: 'alleged by Elon Musk; opinion'; '' when asserted."""
    if not edge.rests_on:
        return ""
    return "; ".join(dict.fromkeys(how_sure(c, label) for c in edge.claims))


def weak_edges(steps: Iterable[Step]) -> list[Edge]:
    """The edges of steps that no asserted claim makes (a step of two edges, one asserted, is
    asserted), each once."""
    found: dict[tuple[str, str, str], Edge] = {}
    for step in steps:
        if step.edges and all(e.rests_on for e in step.edges):
            found.update({(e.subject, e.relation, e.object): e for e in step.edges})
    return list(found.values())


def rests_on(steps: Iterable[Step], label: Label) -> str:
    """A summary of the steps of a path or finding that no claim asserts, '' when every step is
    asserted: 'rests on an allegation and an opinion: A disputes B (alleged by A); ...'."""
    weak = weak_edges(steps)
    if not weak:
        return ""
    kinds = list(dict.fromkeys(NOUNS.get(m, m) for e in weak for m in e.rests_on))
    listed = "; ".join(f"{edge_text(e, label)} ({basis(e, label)})" for e in weak)
    joined = kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " and " + kinds[-1]
    return f"rests on {joined}: {listed}"
