"""Conflict-of-interest findings: the rules of graph/analytics/conflict_rules.yaml matched on the projection.

A finding names the entities it is about, the paths that make each facet hold (every step with
its edges and claims, so every edge shows its documents and quotes), and a one-line explanation
rendered from the rule (graph/analytics/conflict_rules.py reads and checks the rule file). A
finding that rests on an edge no claim asserts (an allegation, a hedged claim, an opinion, a
rumour, a report) says so: `rests_on` lists those edges with who says what, and the explanation
ends with it, so no reader of the one line takes an allegation for a fact.

Matching: the facet that binds every key variable enumerates candidate keys; every facet is
then matched with the key variables bound, walking the projection's neighbour lists outwards
from a bound variable. Distinct variables always stand for distinct entities.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from graph.analytics.conflict_rules import Facet, Hop, Pattern, Rule, load_rules
from graph.analytics.projection import Edge, Neighbours, Path, Projection, Step
from graph.analytics.qualified import rests_on
from graph.runtime.gc_pause import paused_gc

MAX_PATHS = 20  # per facet of a finding: enough to show, bounded on hub-heavy graphs


@dataclass(frozen=True)
class FacetMatch:
    name: str
    says: str  # rendered
    paths: tuple[Path, ...]
    truncated: bool  # more than MAX_PATHS paths matched


@dataclass(frozen=True)
class Finding:
    rule: str
    title: str
    explanation: str
    entities: dict[str, str]  # key variable -> entity id
    facets: tuple[FacetMatch, ...]
    rests_on: str = ""  # the edges no claim asserts, in words ('' when every edge is asserted)

    def edges(self) -> list[Edge]:
        seen: dict[tuple[str, str, str], Edge] = {}
        for facet in self.facets:
            for path in facet.paths:
                for edge in path.edges():
                    seen.setdefault((edge.subject, edge.relation, edge.object), edge)
        return list(seen.values())

    @property
    def documents(self) -> list[str]:
        return sorted({claim.document for edge in self.edges() for claim in edge.claims})


Binding = dict[str, str]
_TABLE = {
    ("out", True): "out",
    ("in", True): "into",
    ("both", True): "both",
    ("out", False): "into",
    ("in", False): "out",
    ("both", False): "both",
}


class _Matcher:
    """Matches one rule's patterns on one projection."""

    def __init__(self, projection: Projection, rule: Rule) -> None:
        self.projection = projection
        self.rule = rule

    def fits(self, node: str, variable: str) -> bool:
        return bool(self.projection.node_types(node) & self.rule.variables[variable])

    def counts(self, edge: Edge) -> bool:
        rule = self.rule
        return any(c.status not in rule.ignore_status and c.modality not in rule.ignore_modality for c in edge.claims)

    def step(self, left: str, right: str, hop: Hop) -> Step | None:
        found = self.projection.step(left, right, hop.relations, hop.direction)
        edges = tuple(e for e in found.edges if self.counts(e))
        return Step(left, right, edges) if edges else None

    def candidates(self, node: str, hop: Hop, rightwards: bool) -> Iterator[str]:
        table: Neighbours = getattr(self.projection.adjacency, _TABLE[hop.direction, rightwards])
        for neighbour, relations in table[node]:
            if hop.relations is None or relations & hop.relations:
                yield neighbour

    def starts(self, pattern: Pattern) -> list[str]:
        """Nodes the first variable can take, from the first hop's relations (no variable bound)."""
        hop = pattern.hops[0]
        if hop.relations is None:
            return sorted(self.projection.graph)
        ends: set[str] = set()
        for relation in hop.relations:
            for u, v in self.projection.by_relation.get(relation, ()):
                ends.update({"out": (u,), "in": (v,), "both": (u, v)}[hop.direction])
        return sorted(ends)

    def match(self, pattern: Pattern, bound: Binding) -> Iterator[tuple[Binding, tuple[Step, ...]]]:
        """Every binding of the pattern's variables consistent with `bound`, with its steps."""
        names = pattern.variables
        anchor = next((i for i, name in enumerate(names) if name in bound), None)
        if anchor is None:
            for node in self.starts(pattern):
                if self.fits(node, names[0]) and node not in bound.values():
                    yield from self.match(pattern, {**bound, names[0]: node})
            return
        order = list(range(anchor + 1, len(names))) + list(range(anchor - 1, -1, -1))
        yield from self._extend(pattern, anchor, order, dict(bound), [None] * len(pattern.hops))

    def _extend(
        self, pattern: Pattern, anchor: int, order: list[int], binding: Binding, steps: list[Step | None]
    ) -> Iterator[tuple[Binding, tuple[Step, ...]]]:
        """Bind the variables at `order`, each next to one already bound: rightwards of the
        anchor from its left neighbour, leftwards from its right neighbour."""
        if not order:
            yield dict(binding), tuple(s for s in steps if s is not None)
            return
        position, rest = order[0], order[1:]
        rightwards = position > anchor
        hop_index = position - 1 if rightwards else position
        hop = pattern.hops[hop_index]
        known = pattern.variables[position - 1] if rightwards else pattern.variables[position + 1]
        name = pattern.variables[position]
        options = (
            [binding[name]]
            if name in binding
            else [
                n
                for n in self.candidates(binding[known], hop, rightwards)
                if n not in binding.values() and self.fits(n, name)
            ]
        )
        for node in options:
            left, right = (binding[known], node) if rightwards else (node, binding[known])
            step = self.step(left, right, hop)
            if step is None:
                continue
            steps[hop_index] = step
            added = name not in binding
            binding[name] = node
            yield from self._extend(pattern, anchor, rest, binding, steps)
            if added:
                del binding[name]
            steps[hop_index] = None


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


class _Scan:
    def __init__(self, projection: Projection, rule: Rule) -> None:
        self.projection = projection
        self.rule = rule
        self.matcher = _Matcher(projection, rule)

    def keys(self) -> list[tuple[str, ...]]:
        rule = self.rule
        found: set[tuple[str, ...]] = set()
        positions = [rule.key.index(v) for v in rule.unordered]
        for pattern in rule.generator.paths:
            for binding, _ in self.matcher.match(pattern, {}):
                key = [binding[v] for v in rule.key]
                for position, value in zip(positions, sorted(key[p] for p in positions), strict=True):
                    key[position] = value
                found.add(tuple(key))
        return sorted(found, key=lambda k: ([self.projection.label(n) for n in k], k))

    def facet(self, facet: Facet, bound: Binding) -> FacetMatch | None:
        paths: list[Path] = []
        values: dict[str, list[str]] = {}
        for pattern in facet.paths:
            for binding, steps in self.matcher.match(pattern, bound):
                if any(True for u in facet.unless for _ in self.matcher.match(u, binding)):
                    continue
                if len(paths) == MAX_PATHS:
                    return self._rendered(facet, paths, values, truncated=True)
                paths.append(Path(tuple(binding[v] for v in pattern.variables), steps))
                for name, node in binding.items():
                    label = self.projection.label(node)
                    if label not in values.setdefault(name, []):
                        values[name].append(label)
        return self._rendered(facet, paths, values, truncated=False) if paths else None

    @staticmethod
    def _rendered(facet: Facet, paths: list[Path], values: dict[str, list[str]], truncated: bool) -> FacetMatch:
        says = facet.says.format(**{name: _join(labels) for name, labels in values.items()})
        return FacetMatch(facet.name, says, tuple(paths), truncated)

    def finding(self, key: tuple[str, ...]) -> Finding | None:
        rule = self.rule
        bound = dict(zip(rule.key, key, strict=True))
        held: list[FacetMatch] = []
        for facet in rule.facets:
            match = self.facet(facet, bound)
            if match is None and facet.name in rule.require_all:
                return None
            if match is not None:
                held.append(match)
        if len(held) < rule.at_least:
            return None
        labels = {name: self.projection.label(node) for name, node in bound.items()}
        explanation = rule.explanation.format(**labels, facets=_join([m.says for m in held if m.says] or [""]))
        found = Finding(rule.name, rule.title, explanation, bound, tuple(held))
        steps = (step for facet in held for path in facet.paths for step in path.steps)
        caveat = rests_on(steps, self.projection.label)
        return replace(found, explanation=f"{explanation} ({caveat})", rests_on=caveat) if caveat else found

    def findings(self) -> list[Finding]:
        return [f for f in (self.finding(key) for key in self.keys()) if f is not None]


def scan(projection: Projection, rules: list[Rule] | None = None) -> list[Finding]:
    """Every finding of every rule, in rule order, then by the labels of the key entities."""
    rules = load_rules(vocabulary=projection.vocabulary) if rules is None else rules
    with paused_gc():
        return [finding for rule in rules for finding in _Scan(projection, rule).findings()]


def finding_id(finding: Finding) -> str:
    """Rule name and key entities: stable across rebuilds, as entity ids are."""
    return f"{finding.rule}:{','.join(finding.entities.values())}"
