"""Paths between two entities: every simple path up to length k, shortest first, plus the
shortest path whatever its length. Each step carries its edges and their claims.

Paths ignore edge direction by default (a dispute and a funding meet at the venture), and may
be restricted to some relations. Enumeration is a depth-first search pruned by a breadth-first
ball around the target of radius k/2: a branch is cut as soon as it cannot reach the target in
the hops left. Hubs make the number of simple paths explode, so results are capped (`limit`)
and the search stops after a fixed amount of work, saying so (`truncated`).

Negative claims are no edges, so no path runs through what a source denies. A path with a hop
that no claim asserts (an allegation, an opinion, a rumour...) is still a path; `caveat` says
what it rests on, and the CLI prints that under the path.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise

from graph.analytics.projection import Neighbours, Path, Projection, Step
from graph.analytics.qualified import rests_on

MAX_LENGTH = 6
LIMIT = 50
WORK_BUDGET = 500_000  # neighbour visits per query, whatever the graph


@dataclass(frozen=True)
class PathResult:
    source: str
    target: str
    shortest: Path | None
    paths: list[Path]
    truncated: bool  # the limit or the work budget cut the enumeration


class _Search:
    """One query: direction, relation filter and the work counter shared by its searches."""

    def __init__(self, projection: Projection, directed: bool, relations: frozenset[str] | None) -> None:
        index = projection.adjacency
        self.forward = index.out if directed else index.both
        self.backward = index.into if directed else index.both
        self.successors = projection.graph.succ
        self.predecessors = None if directed else projection.graph.pred
        self.relations = relations
        self.work = 0

    def near(self, table: Neighbours, node: str) -> Iterator[str]:
        for neighbour, relations in table[node]:
            self.work += 1
            if self.relations is None or relations & self.relations:
                yield neighbour

    def ball(self, target: str, radius: int) -> dict[str, int]:
        """Distance to the target of every node within `radius` hops of it."""
        distance = {target: 0}
        frontier = [target]
        for depth in range(1, radius + 1):
            next_frontier = []
            for node in frontier:
                for neighbour in self.near(self.backward, node):
                    if neighbour not in distance:
                        distance[neighbour] = depth
                        next_frontier.append(neighbour)
            frontier = next_frontier
        return distance

    def shortest(self, source: str, target: str) -> list[str] | None:
        """Bidirectional breadth-first search, expanding the smaller frontier first."""
        parents: dict[str, str | None] = {source: None}
        children: dict[str, str | None] = {target: None}
        front, back = [source], [target]
        while front and back and self.work < WORK_BUDGET:
            if len(front) <= len(back):
                front, meet = self._expand(front, parents, children, self.forward)
            else:
                back, meet = self._expand(back, children, parents, self.backward)
            if meet is not None:
                return self._join(meet, parents, children)
        return None

    def _expand(
        self, frontier: list[str], seen: dict[str, str | None], other: dict[str, str | None], table: Neighbours
    ) -> tuple[list[str], str | None]:
        next_frontier = []
        for node in frontier:
            for neighbour in self.near(table, node):
                if neighbour not in seen:
                    seen[neighbour] = node
                    next_frontier.append(neighbour)
                if neighbour in other:
                    return next_frontier, neighbour
        return next_frontier, None

    @staticmethod
    def _join(meet: str, parents: dict[str, str | None], children: dict[str, str | None]) -> list[str]:
        path: list[str] = []
        node: str | None = meet
        while node is not None:
            path.append(node)
            node = parents[node]
        path.reverse()
        node = children[meet]
        while node is not None:
            path.append(node)
            node = children[node]
        return path

    def linked(self, node: str, neighbour: str) -> bool:
        """Whether an allowed edge joins the two (one dictionary lookup per direction)."""
        self.work += 1
        found: set[str] = set(self.successors[node].get(neighbour, ()))
        if self.predecessors is not None:
            found.update(self.predecessors[node].get(neighbour, ()))
        return bool(found) and (self.relations is None or bool(found & self.relations))

    def candidates(
        self, node: str, target: str, left: int, ball: dict[str, int], radius: int, next_to_target: list[str]
    ) -> Iterator[str]:
        """Next nodes after `node` from which the target is still reachable in `left` hops, in id
        order. One hop from the end they must be the target's neighbours: walk whichever list
        is shorter, the node's neighbours or the target's, so a hub on the path costs little."""
        if left == 1 and len(next_to_target) < len(self.forward[node]):
            yield from (n for n in next_to_target if self.linked(node, n))
            return
        for neighbour in self.near(self.forward, node):
            if neighbour != target and (left > radius or ball.get(neighbour, radius + 1) <= left):
                yield neighbour

    def of_length(
        self, source: str, target: str, length: int, ball: dict[str, int], radius: int, limit: int
    ) -> Iterator[list[str]]:
        """Simple paths of exactly `length` hops, in order of their node ids (depth first, pruned
        by the ball: a branch is cut once the target is further than the hops left)."""
        if length == 1:
            if ball.get(source) == 1:
                yield [source, target]
            return
        next_to_target = sorted(n for n, d in ball.items() if d == 1)
        path, on_path = [source], {source}
        stack = [self.candidates(source, target, length - 1, ball, radius, next_to_target)]
        while stack and limit > 0 and self.work < WORK_BUDGET:
            neighbour = next(stack[-1], None)
            if neighbour is None:
                stack.pop()
                on_path.discard(path.pop())
                continue
            if neighbour in on_path:
                continue
            left = length - len(path)  # hops from `neighbour` to the target
            if left == 1:
                limit -= 1
                yield [*path, neighbour, target]
                continue
            path.append(neighbour)
            on_path.add(neighbour)
            stack.append(self.candidates(neighbour, target, left - 1, ball, radius, next_to_target))


def _check(
    projection: Projection, source: str, target: str, max_length: int, limit: int, relations: Sequence[str] | None
) -> frozenset[str] | None:
    for entity in (source, target):
        if entity not in projection.graph:
            raise ValueError(f"unknown entity {entity!r}")
    if source == target:
        raise ValueError("the two ends of a path must be different entities")
    if not 1 <= max_length <= MAX_LENGTH:
        raise ValueError(f"max length must be between 1 and {MAX_LENGTH}")
    if limit < 1:
        raise ValueError("limit must be at least 1")
    return projection.relation_filter(relations)


def find_paths(
    projection: Projection,
    source: str,
    target: str,
    *,
    max_length: int = 4,
    relations: Sequence[str] | None = None,
    directed: bool = False,
    limit: int = LIMIT,
) -> PathResult:
    """Simple paths from `source` to `target` of at most `max_length` hops, shortest first (then by
    node ids), at most `limit` of them; and the shortest path of any length."""
    allowed = _check(projection, source, target, max_length, limit, relations)
    search = _Search(projection, directed, allowed)
    direction = "out" if directed else "both"

    def as_path(nodes: list[str]) -> Path:
        steps = tuple(projection.step(u, v, allowed, direction) for u, v in pairwise(nodes))
        return Path(tuple(nodes), steps)

    shortest = search.shortest(source, target)
    found: list[Path] = []
    if shortest is not None and len(shortest) - 1 <= max_length:
        radius = max(1, max_length // 2)
        ball = search.ball(target, radius)
        for length in range(len(shortest) - 1, max_length + 1):  # one more than asked: is there more?
            found.extend(
                as_path(p) for p in search.of_length(source, target, length, ball, radius, limit + 1 - len(found))
            )
            if len(found) > limit or search.work >= WORK_BUDGET:
                break
    truncated = len(found) > limit or search.work >= WORK_BUDGET
    return PathResult(source, target, as_path(shortest) if shortest else None, found[:limit], truncated)


def _arrow(step: Step) -> str:
    forward = sorted({e.relation for e in step.edges if e.subject == step.source})
    backward = sorted({e.relation for e in step.edges if e.subject != step.source})
    parts = []
    if forward:
        parts.append(f"-[{', '.join(forward)}]->")
    if backward:
        parts.append(f"<-[{', '.join(backward)}]-")
    return " / ".join(parts)


def caveat(graph: Projection, path: Path) -> str:
    """What the path rests on when a hop is made by no asserted claim; '' otherwise."""
    return rests_on(path.steps, graph.label)


def path_line(graph: Projection, path: Path) -> str:
    """A path as one line of labels and arrows, as the CLI and GraphQL's `EntityPath.text` show it."""
    text = graph.label(path.nodes[0])
    for step in path.steps:
        text += f" {_arrow(step)} {graph.label(step.target)}"
    return text
