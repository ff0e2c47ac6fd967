"""Which part of the entity graph a dump or the page shows: all of it, an entity's neighbourhood,
one conflict-of-interest finding or one contradiction (a Part: its edges and entities), and/or only
some relations.

Parameters are a data table (PARAMETERS), read the same way from an HTTP query string and from
`stargate-kg dump` flags, so both say the same thing about a bad value. A neighbourhood walks the
projection's neighbour lists ignoring direction: who funds a venture and whom it hires are both
its surroundings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graph.analytics.centrality_choices import MEASURES
from graph.analytics.conflict_findings import Finding
from graph.analytics.projection import Edge, Projection

MAX_DEPTH = 4  # past four hops the neighbourhood of any hub is the whole seed graph
LANGUAGES = ("en", "zh")
COMMA, COLON = "\N{FULLWIDTH COMMA}", "\N{FULLWIDTH COLON}"  # Chinese punctuation, named for the linter
PARTS = {"finding": "利益冲突发现", "contradiction": "矛盾"}  # what a scope may pick by id, and its Chinese name

PARAMETERS: dict[str, str] = {
    "entity": "an entity id: show its neighbourhood only",
    "depth": f"hops around the entity, ignoring direction (1-{MAX_DEPTH}; default 1)",
    "finding": "a conflict-of-interest finding id, rule:entity,entity (GET /dump lists them): its paths only",
    "contradiction": "a contradiction id (GET /dump lists them): only the entities and edges of its claims",
    "relations": "comma-separated relation names: keep only these edges (and the entities they link)",
    "measure": f"centrality that sizes the nodes: {', '.join(MEASURES)} (default pagerank)",
    "lang": "node and edge labels of the drawn formats and the page's first language: en or zh (default en)",
}


def chinese(data: Mapping[str, Any]) -> str:
    """An entity's Chinese label from its projection node data: Simplified, else Traditional, else ''."""
    labels = data.get("labels", {})
    return str(labels.get("zh-Hans") or labels.get("zh-Hant") or "")


@dataclass(frozen=True)
class Part:
    """What a scope may show on its own, a conflict-of-interest finding or a contradiction: its
    edges, the entities it shows besides their ends, and what a title says of it."""

    edges: tuple[Edge, ...]
    entities: tuple[str, ...]
    about: tuple[str, ...]  # the entities a Chinese title names
    name: str  # the finding's rule, the contradiction's kind
    explanation: str  # in English

    @classmethod
    def of_finding(cls, finding: Finding) -> Part:
        about = tuple(finding.entities.values())
        return cls(tuple(finding.edges()), about, about, finding.rule, finding.explanation)

    @property
    def nodes(self) -> tuple[str, ...]:
        return tuple(sorted({n for e in self.edges for n in (e.subject, e.object)} | set(self.entities)))


Parts = Mapping[str, Mapping[str, Part]]  # kind of PARTS -> id -> part


@dataclass(frozen=True)
class Scope:
    """What to show (entity and depth, a finding or a contradiction; relations) and how (measure, lang)."""

    entity: str = ""
    depth: int = 1
    finding: str = ""
    relations: tuple[str, ...] = ()
    measure: str = "pagerank"
    lang: str = "en"
    contradiction: str = ""

    @property
    def part(self) -> tuple[str, str] | None:
        """The kind of PARTS and the id of the part it shows alone, if any."""
        return next(((kind, getattr(self, kind)) for kind in PARTS if getattr(self, kind)), None)

    @classmethod
    def parse(cls, params: Mapping[str, str]) -> Scope:
        """A scope from textual parameters; a ValueError names the first bad one."""
        unknown = sorted(set(params) - set(PARAMETERS))
        if unknown:
            raise ValueError(f"unknown parameter(s) {', '.join(unknown)}; parameters: {', '.join(PARAMETERS)}")
        entity, finding = params.get("entity", "").strip(), params.get("finding", "").strip()
        contradiction = params.get("contradiction", "").strip()
        picked = [name for name in ("entity", *PARTS) if params.get(name, "").strip()]
        if len(picked) > 1:
            raise ValueError(f"give one of entity, finding or contradiction, not {' and '.join(picked)}")
        raw_depth = params.get("depth", "").strip()
        if raw_depth and not entity:
            raise ValueError("depth needs an entity")
        if raw_depth and not (raw_depth.isdigit() and 1 <= int(raw_depth) <= MAX_DEPTH):
            raise ValueError(f"depth must be a whole number from 1 to {MAX_DEPTH}, got {raw_depth!r}")
        measure = params.get("measure", "").strip() or "pagerank"
        if measure not in MEASURES:
            raise ValueError(f"unknown measure {measure!r}; choose one of: {', '.join(MEASURES)}")
        lang = params.get("lang", "").strip() or "en"
        if lang not in LANGUAGES:
            raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, got {lang!r}")
        relations = tuple(sorted({r.strip() for r in params.get("relations", "").split(",") if r.strip()}))
        return cls(entity, int(raw_depth or 1), finding, relations, measure, lang, contradiction)

    def describe(self, projection: Projection, parts: Parts) -> str:
        """A title for the picture, in words, in the scope's language: a finding's or a
        contradiction's is its explanation (in Chinese its rule or kind and its entities, as rules
        explain themselves in English)."""
        if self.lang == "zh":
            return self._describe_zh(projection, parts)
        if self.entity:
            what = f"{projection.label(self.entity)} and all within {self.depth} hop{'s' if self.depth > 1 else ''}"
        elif self.part:
            kind, id_ = self.part
            what = parts[kind][id_].explanation
        else:
            what = "the whole entity graph"
        return what + (f", relations {', '.join(self.relations)}" if self.relations else "")

    def _describe_zh(self, projection: Projection, parts: Parts) -> str:
        def label(entity: str) -> str:
            return chinese(projection.graph.nodes[entity]) or projection.label(entity)

        if self.entity:
            what = f"{label(self.entity)}及其{self.depth}跳以内的实体"
        elif self.part:
            kind, id_ = self.part
            found = parts[kind][id_]
            parties = "、".join(label(e) for e in found.about)
            named = f"\N{FULLWIDTH LEFT PARENTHESIS}{found.name}\N{FULLWIDTH RIGHT PARENTHESIS}"
            what = f"{PARTS[kind]}{named}{COLON}{parties}"
        else:
            what = "整个实体图"
        relations = projection.vocabulary.relations
        names = [relations[r].label_zh or r if r in relations else r for r in self.relations]
        return what + (f"{COMMA}关系{COLON}{'、'.join(names)}" if names else "")


@dataclass(frozen=True)
class Selection:
    """The entities and edges a scope keeps, in a stable order."""

    nodes: tuple[str, ...]
    edges: tuple[Edge, ...]


def _neighbourhood(projection: Projection, entity: str, depth: int, allowed: frozenset[str] | None) -> set[str]:
    if entity not in projection.graph:
        raise ValueError(f"unknown entity {entity!r}")
    near = projection.adjacency.both
    seen, frontier = {entity}, [entity]
    for _ in range(depth):
        reached = []
        for node in frontier:
            for neighbour, relations in near[node]:
                if neighbour not in seen and (allowed is None or relations & allowed):
                    seen.add(neighbour)
                    reached.append(neighbour)
        frontier = reached
    return seen


def select(projection: Projection, scope: Scope, parts: Parts) -> Selection:
    """The part of the projection a scope shows (`parts`: findings by finding_id, contradictions
    by id); a ValueError for an unknown entity, finding, contradiction or relation."""
    allowed = projection.relation_filter(scope.relations)
    graph = projection.graph

    def kept(edge: Edge) -> bool:
        return allowed is None or edge.relation in allowed

    if scope.part:
        kind, id_ = scope.part
        found = parts[kind].get(id_)
        if found is None:
            raise ValueError(f"unknown {kind} {id_!r}; {kind}s: {', '.join(parts[kind]) or 'none'}")
        edges = [e for e in found.edges if kept(e)]
        nodes = {n for e in edges for n in (e.subject, e.object)} | set(found.entities)
    elif scope.entity:
        nodes = _neighbourhood(projection, scope.entity, scope.depth, allowed)
        edges = [d["edge"] for u, v, d in graph.subgraph(nodes).edges(data=True) if kept(d["edge"])]
    else:
        edges = [d["edge"] for _, _, d in graph.edges(data=True) if kept(d["edge"])]
        nodes = set(graph) if allowed is None else {n for e in edges for n in (e.subject, e.object)}
    return Selection(tuple(sorted(nodes)), tuple(sorted(edges, key=lambda e: (e.subject, e.relation, e.object))))
