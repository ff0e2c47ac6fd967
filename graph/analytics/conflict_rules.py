"""The conflict-of-interest rule file (graph/analytics/conflict_rules.yaml): read, checked, typed.

The rules are data; their format is described at the top of the YAML file. This module reads
them with the line-aware YAML reader (graph/files/yaml_lines.py), so every value keeps its line,
and checks them against the ontology (graph/vocab/vocabulary.py): an unknown relation, class, relation set, variable or
facet, a malformed path, or a rule with nothing to search from, is reported as
`file:line: rule 'name': message`, every mistake at once. graph/analytics/conflict_findings.py matches them.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from pathlib import Path

from graph.files.problems import Location, Problem, RuleErrors
from graph.files.resources import package_file
from graph.files.yaml_fields import FieldReader
from graph.files.yaml_lines import Located, YamlFile
from graph.vocab.vocabulary import Vocabulary, load_vocabulary

RULES_PATH = package_file("graph.analytics", "conflict_rules.yaml")

_VAR = r"[a-z][a-z0-9_]*"
_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")
_START = re.compile(rf"\s*({_VAR})")
_HOP = re.compile(rf"\s+(<-|-)([A-Za-z*@_|]+?)(->|-)\s+({_VAR})")


@dataclass(frozen=True)
class Hop:
    relations: frozenset[str] | None  # None: any relation
    direction: str  # out: left -> right; in: right -> left; both: either


@dataclass(frozen=True)
class Pattern:
    text: str
    variables: tuple[str, ...]
    hops: tuple[Hop, ...]


@dataclass(frozen=True)
class Facet:
    name: str
    says: str
    paths: tuple[Pattern, ...]
    unless: tuple[Pattern, ...]

    def binds(self, names: tuple[str, ...]) -> bool:
        """True when every path of the facet binds all these variables."""
        return all(set(names) <= set(p.variables) for p in self.paths)


@dataclass(frozen=True)
class Rule:
    name: str
    title: str
    description: str
    variables: dict[str, frozenset[str]]
    key: tuple[str, ...]
    unordered: tuple[str, ...]
    facets: tuple[Facet, ...]
    require_all: tuple[str, ...]
    at_least: int
    ignore_status: frozenset[str]
    explanation: str
    location: Location
    ignore_modality: frozenset[str] = frozenset()  # claims said this way do not count (a joke)

    @property
    def generator(self) -> Facet:
        """The required facet whose paths bind the whole key: where candidate keys come from."""
        return next(f for f in self.facets if f.name in self.require_all and f.binds(self.key))


class _Reader(FieldReader):
    """Reads the rules from located values, so every problem names its line and its rule."""

    def __init__(self, source: YamlFile, vocabulary: Vocabulary) -> None:
        super().__init__(source)
        self.vocabulary = vocabulary
        self.linking = {n for n, r in vocabulary.relations.items() if r.links_entities}
        self.sets: dict[str, frozenset[str]] = {}
        self._rule = ""

    @property
    def rule(self) -> str:
        """The name of the rule being read; setting it names the rule in every message."""
        return self._rule

    @rule.setter
    def rule(self, name: str) -> None:
        self._rule = name
        self.context = f"rule {name!r}" if name else ""

    def relations(self, node: Located, names: list[str]) -> frozenset[str]:
        found: set[str] = set()
        for name in names:
            if name.startswith("@"):
                if name[1:] not in self.sets:
                    self.fail(node, f"unknown relation set {name!r} (sets: {', '.join(sorted(self.sets)) or 'none'})")
                found |= self.sets.get(name[1:], frozenset())
            elif name not in self.vocabulary.relations:
                self.fail(node, f"unknown relation {name!r} (not in graph/vocab/ontology.ttl)")
            elif name not in self.linking:
                self.fail(node, f"relation {name!r} does not link two entities, so no edge has it")
            else:
                found.add(name)
        return frozenset(found)

    def pattern(self, node: Located, variables: dict[str, frozenset[str]]) -> Pattern | None:
        text = self.text(node)
        start = _START.match(text)
        if not text or start is None:
            self.fail(node, f"bad path {text!r}: it must start with a variable")
            return None
        names, hops, position = [start.group(1)], [], start.end()
        while position < len(text.rstrip()):
            hop = _HOP.match(text, position)
            if hop is None:
                self.fail(
                    node,
                    f"bad path {text!r} at {text[position:].strip()!r}: expected "
                    "' -rel-> var', ' <-rel- var' or ' -rel- var'",
                )
                return None
            head, rels, tail, name = hop.groups()
            if head == "<-" and tail == "->":
                self.fail(node, f"bad path {text!r}: an edge points one way (<-rel- or -rel->), not both")
                return None
            direction = {"->": "out", "-": "in" if head == "<-" else "both"}[tail]
            hops.append(Hop(None if rels == "*" else self.relations(node, rels.split("|")), direction))
            names.append(name)
            position = hop.end()
        if not hops:
            self.fail(node, f"bad path {text!r}: it needs at least one edge")
            return None
        for name in names:
            if name not in variables:
                self.fail(node, f"path {text!r} uses undeclared variable {name!r}")
        if len(set(names)) != len(names):
            self.fail(node, f"path {text!r} repeats a variable; distinct variables are distinct entities")
        return Pattern(text, tuple(names), tuple(hops))

    def placeholders(self, node: Located, text: str, allowed: set[str]) -> None:
        for _, name, _, _ in string.Formatter().parse(text):
            if name is not None and name not in allowed:
                self.fail(node, f"{{{name}}} is not available here (available: {', '.join(sorted(allowed))})")

    def facet(self, node: Located, variables: dict[str, frozenset[str]], key: tuple[str, ...]) -> Facet | None:
        fields = self.mapping(node, {"name", "paths"}, {"says", "unless"})
        if fields is None or "name" not in fields or "paths" not in fields:
            return None
        name = self.text(fields["name"])
        paths = tuple(p for p in (self.pattern(n, variables) for n in self.sequence(fields["paths"])) if p)
        unless = (
            tuple(p for p in (self.pattern(n, variables) for n in self.sequence(fields["unless"])) if p)
            if "unless" in fields
            else ()
        )
        bound = set(key).union(*(set(p.variables) for p in paths)) if paths else set(key)
        always = set(key).union(set.intersection(*(set(p.variables) for p in paths))) if paths else set(key)
        for pattern in paths:
            if not set(pattern.variables) & set(key):
                self.fail(fields["paths"], f"path {pattern.text!r} of facet {name!r} uses no key variable")
        for pattern in unless:
            if not set(pattern.variables) <= bound:
                self.fail(
                    fields["unless"], f"unless-path {pattern.text!r} uses a variable no path of facet {name!r} binds"
                )
        says = self.text(fields.get("says"))
        if says:
            self.placeholders(fields["says"], says, always)
        return Facet(name, says, paths, unless)

    def rule_of(self, node: Located) -> Rule | None:
        self.rule = ""
        fields = self.mapping(
            node,
            {"name", "title", "description", "variables", "key", "facets", "explanation"},
            {"unordered", "require", "ignore_status", "ignore_modality"},
        )
        if fields is None:
            return None
        if "name" in fields:
            self.rule = self.text(fields["name"])
            if not _NAME.fullmatch(self.rule):
                self.fail(fields["name"], "a rule name is lowercase letters, digits and '-'")
        if not {"name", "variables", "key", "facets", "explanation"} <= set(fields):
            return None
        variables: dict[str, frozenset[str]] = {}
        for key_node, types_node in self.pairs(fields["variables"]):
            name = str(key_node.value)
            if not re.fullmatch(_VAR, name):
                self.fail(key_node, f"bad variable name {name!r} (lowercase, digits, '_')")
            types = self.words(types_node)
            for type_name, type_node in types:
                if type_name and type_name not in self.vocabulary.classes:
                    self.fail(
                        type_node, f"unknown entity type {type_name!r} (types: {', '.join(self.vocabulary.classes)})"
                    )
            variables[name] = frozenset(t for t, _ in types)
        key = tuple(name for name, _ in self.words(fields["key"]))
        for name, item in self.words(fields["key"]):
            if name not in variables:
                self.fail(item, f"key variable {name!r} is not declared")
        unordered = tuple(name for name, _ in self.words(fields["unordered"])) if "unordered" in fields else ()
        if unordered and not set(unordered) <= set(key):
            self.fail(fields["unordered"], "unordered variables must be key variables")
        facets = tuple(f for f in (self.facet(n, variables, key) for n in self.sequence(fields["facets"])) if f)
        names = [f.name for f in facets]
        if len(set(names)) != len(names):
            self.fail(fields["facets"], "facet names must be unique within a rule")
        require_all, at_least = self.requirement(fields.get("require"), names)
        if facets and not any(f.name in require_all and f.binds(key) for f in facets):
            self.fail(
                fields["facets"],
                "no required facet binds every key variable in all its paths, so "
                "there is nothing to search from (list one in require: all)",
            )
        statuses = (
            frozenset(s for s, _ in self.words(fields["ignore_status"])) if "ignore_status" in fields else frozenset()
        )
        for status in sorted(statuses - set(self.vocabulary.statuses)):
            self.fail(fields["ignore_status"], f"unknown status {status!r}")
        modalities = (
            frozenset(m for m, _ in self.words(fields["ignore_modality"]))
            if "ignore_modality" in fields
            else frozenset()
        )
        for modality in sorted(modalities - set(self.vocabulary.qualifiers["modality"].terms)):
            self.fail(fields["ignore_modality"], f"unknown modality {modality!r}")
        explanation = self.text(fields["explanation"])
        self.placeholders(fields["explanation"], explanation, set(key) | {"facets"})
        return Rule(
            self.rule,
            self.text(fields.get("title")),
            " ".join(self.text(fields.get("description")).split()),
            variables,
            key,
            unordered,
            facets,
            require_all,
            at_least,
            statuses,
            explanation,
            self.source.at(node.line),
            modalities,
        )

    def requirement(self, node: Located | None, names: list[str]) -> tuple[tuple[str, ...], int]:
        if node is None:
            return (), 1
        fields = self.mapping(node, set(), {"all", "at_least"}) or {}
        required = tuple(n for n, _ in self.words(fields["all"])) if "all" in fields else ()
        for name in required:
            if name not in names:
                self.fail(fields["all"], f"require names unknown facet {name!r}")
        at_least = max(len(required), 1)
        if "at_least" in fields:
            raw = self.text(fields["at_least"])
            if not raw.isdigit() or not 1 <= int(raw) <= len(names):
                self.fail(fields["at_least"], f"at_least must be a number from 1 to {len(names)}")
            else:
                at_least = int(raw)
        return required, at_least

    def relation_sets(self, node: Located) -> None:
        for key_node, value in self.pairs(node):
            self.sets[str(key_node.value)] = frozenset().union(
                *(self.relations(item, [name]) for name, item in self.words(value))
            )


def load_rules(path: Path = RULES_PATH, vocabulary: Vocabulary | None = None) -> list[Rule]:
    """Read and check the rule file; every mistake at once, as RuleErrors."""
    problems: list[Problem] = []
    source = YamlFile(path, problems)
    document = source.load()
    if source.failed:
        raise RuleErrors(problems)
    if document is None:
        raise RuleErrors([Problem(source.at(1), "the rule file is empty")])
    reader = _Reader(source, vocabulary or load_vocabulary())
    root = Located(document, getattr(document, "line", 1))
    top = reader.mapping(root, {"rules"}, {"relation_sets"})
    if top is None or "rules" not in top:
        raise RuleErrors(problems)
    if "relation_sets" in top:
        reader.relation_sets(top["relation_sets"])
    rules = [r for r in (reader.rule_of(n) for n in reader.sequence(top["rules"])) if r]
    seen: set[str] = set()
    for rule in rules:
        if rule.name in seen:
            problems.append(Problem(rule.location, f"rule {rule.name!r}: defined twice"))
        seen.add(rule.name)
    if problems:
        raise RuleErrors(problems)
    return rules
