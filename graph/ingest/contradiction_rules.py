"""The contradiction rule file (graph/ingest/contradiction_rules.yaml): read, checked, typed.

The rules are data; their format is described at the top of the YAML file, and the kinds are the
ontology's (sg:ContradictionKindScheme in graph/vocab/ontology.ttl). Every mistake (an
unknown kind, test, field, relation, status or modality, a placeholder the explanation cannot
fill) is reported as `file:line: rule 'name': message`, all at once, as `RuleErrors`.
graph/ingest/contradictions.py applies the rules.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from graph.files.problems import Location, Problem, RuleErrors
from graph.files.resources import package_file
from graph.files.yaml_fields import FieldReader
from graph.files.yaml_lines import Located, YamlFile
from graph.vocab.vocabulary import Vocabulary, load_vocabulary

RULES_PATH = package_file("graph.ingest", "contradiction_rules.yaml")

TESTS = ("value", "granularity", "stage", "polarity", "parties", "speaker", "certainty")
FIELDS = (
    "subject",
    "parties",
    "relation",
    "object",
    "value",
    "metric",
    "item",
    "phase",
    "as_of",
    "start",
    "end",
    "stage",
    "outcome",
)
PLACEHOLDERS = {"about", "sides", "kind"}
_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")


@dataclass(frozen=True)
class Rule:
    name: str
    kind: str
    description: str
    compare: str
    same: tuple[str, ...]
    compatible: tuple[str, ...]
    relations: frozenset[str] | None  # None: every relation
    given: tuple[str, ...]  # fields each compared claim must give
    claimants: frozenset[str] | None  # classes a claimant must belong to; None: any claimant
    ignore_modality: frozenset[str]
    explanation: str
    location: Location


@dataclass(frozen=True)
class RuleBook:
    """The rules with the groupings they share: status -> stage, modality -> certainty."""

    rules: tuple[Rule, ...]
    stages: tuple[str, ...]  # in lifecycle order
    stage_of: dict[str, str]
    outcome_stages: frozenset[str]  # stages that tell what happened, not what is intended
    certainty_of: dict[str, str]


class _Reader(FieldReader):
    def __init__(self, source: YamlFile, vocabulary: Vocabulary) -> None:
        super().__init__(source)
        self.vocabulary = vocabulary
        self.modalities = set(vocabulary.qualifiers["modality"].terms)

    def names(self, node: Located, allowed: set[str] | tuple[str, ...], what: str) -> tuple[str, ...]:
        found = []
        for name, item in self.words(node):
            if name and name not in allowed:
                self.fail(item, f"unknown {what} {name!r} (one of: {', '.join(sorted(allowed))})")
            elif name:
                found.append(name)
        if len(set(found)) != len(found):
            self.fail(node, f"a {what} is listed twice")
        return tuple(found)

    def grouping(self, node: Located, allowed: set[str], what: str) -> dict[str, str]:
        """A mapping of group name -> members, as member -> group; each member in one group."""
        group_of: dict[str, str] = {}
        for key, members in self.pairs(node):
            for member in self.names(members, allowed, what):
                if member in group_of:
                    self.fail(members, f"{what} {member!r} is already in {group_of[member]!r}")
                group_of[member] = str(key.value)
        return group_of

    def rule(self, node: Located) -> Rule | None:
        self.context = ""
        required = {"name", "kind", "description", "compare", "same", "explanation"}
        fields = self.mapping(node, required, {"compatible", "given", "claimants", "relations", "ignore_modality"})
        if fields is None:
            return None
        name = self.text(fields.get("name"))
        self.context = f"rule {name!r}" if name else ""
        if name and not _NAME.fullmatch(name):
            self.fail(fields["name"], "a rule name is lowercase letters, digits and '-'")
        if not required <= set(fields):
            return None
        same = self.names(fields["same"], FIELDS, "field")
        compatible = self.names(fields["compatible"], FIELDS, "field") if "compatible" in fields else ()
        for both in sorted(set(same) & set(compatible)):
            self.fail(fields["compatible"], f"field {both!r} is both same and compatible")
        relations = (
            frozenset(self.names(fields["relations"], set(self.vocabulary.relations), "relation"))
            if "relations" in fields
            else None
        )
        given = self.names(fields["given"], FIELDS, "field") if "given" in fields else ()
        claimants = (
            frozenset(self.names(fields["claimants"], set(self.vocabulary.classes), "class"))
            if "claimants" in fields
            else None
        )
        ignored = (
            frozenset(self.names(fields["ignore_modality"], self.modalities, "modality"))
            if "ignore_modality" in fields
            else frozenset()
        )
        explanation = self.text(fields["explanation"])
        for _, placeholder, _, _ in string.Formatter().parse(explanation):
            if placeholder is not None and placeholder not in PLACEHOLDERS:
                self.fail(
                    fields["explanation"],
                    f"{{{placeholder}}} is not available (available: {', '.join(sorted(PLACEHOLDERS))})",
                )
        return Rule(
            name=name,
            kind=self.choice(fields["kind"], set(self.vocabulary.contradiction_kinds), "kind"),
            description=" ".join(self.text(fields["description"]).split()),
            compare=self.choice(fields["compare"], set(TESTS), "test"),
            same=same,
            compatible=compatible,
            relations=relations,
            given=given,
            claimants=claimants,
            ignore_modality=ignored,
            explanation=explanation,
            location=self.source.at(node.line),
        )


def read_rules(path: Path, vocabulary: Vocabulary) -> RuleBook:
    """Read and check a rule file; every mistake at once, as RuleErrors."""
    problems: list[Problem] = []
    source = YamlFile(path, problems)
    document = source.load()
    if document is None and not source.failed:
        source.fail(1, "the rule file is empty")
    if problems:
        raise RuleErrors(problems)
    reader = _Reader(source, vocabulary)
    sections = {"stages", "outcome_stages", "certainty", "rules"}
    top = reader.mapping(Located(document, getattr(document, "line", 1)), sections, set())
    if top is None or not sections <= set(top):
        raise RuleErrors(problems)
    stage_of = reader.grouping(top["stages"], set(vocabulary.statuses), "status")
    outcomes = frozenset(reader.names(top["outcome_stages"], set(stage_of.values()), "stage"))
    certainty_of = reader.grouping(top["certainty"], reader.modalities, "modality")
    rules = tuple(r for r in (reader.rule(n) for n in reader.sequence(top["rules"])) if r)
    names = [r.name for r in rules]
    for duplicate in sorted({n for n in names if names.count(n) > 1}):
        reader.context = ""
        reader.fail(top["rules"], f"rule name {duplicate!r} is used twice")
    if problems:
        raise RuleErrors(problems)
    stages = tuple(dict.fromkeys(stage_of.values()))
    return RuleBook(rules, stages, stage_of, outcomes, certainty_of)


@cache
def load_rules(path: Path = RULES_PATH) -> RuleBook:
    """The packaged rules (read once per process)."""
    return read_rules(path, load_vocabulary())
