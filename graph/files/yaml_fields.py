"""Typed reading of a hand-edited YAML data file (rules, judgements): mappings with required and
optional keys, non-empty lists and texts, each mistake reported at its line.

A reader collects problems instead of raising, so a file with several mistakes is reported whole;
`context` (a rule's name, a judgement's number) prefixes every message of the record being read.
"""

from __future__ import annotations

import datetime as dt

from graph.files.yaml_lines import LineList, LineMap, Located, YamlFile


class FieldReader:
    def __init__(self, source: YamlFile) -> None:
        self.source = source
        self.context = ""

    def fail(self, node: Located, message: str) -> None:
        self.source.fail(node.line, f"{self.context}: {message}" if self.context else message)

    def pairs(self, node: Located) -> list[tuple[Located, Located]]:
        """A mapping's keys and values, each at its key's line."""
        if isinstance(node.value, LineMap):
            return [(Located(key, value.line), value) for key, value in node.value.located_items()]
        self.fail(node, "expected a mapping")
        return []

    def mapping(self, node: Located, required: set[str], optional: set[str]) -> dict[str, Located] | None:
        if not isinstance(node.value, LineMap):
            self.fail(node, "expected a mapping")
            return None
        found = {str(key.value): value for key, value in self.pairs(node)}
        for name in sorted(set(found) - required - optional):
            self.fail(found[name], f"unknown key {name!r} (allowed: {', '.join(sorted(required | optional))})")
        for name in sorted(required - set(found)):
            self.fail(node, f"missing key {name!r}")
        return found

    def sequence(self, node: Located) -> list[Located]:
        if isinstance(node.value, LineList) and node.value:
            return node.value.located_items()
        self.fail(node, "expected a non-empty list")
        return []

    def text(self, node: Located | None) -> str:
        if node is None:
            return ""
        value = node.value
        if isinstance(value, (str, int, float, dt.date)) and not isinstance(value, bool) and str(value).strip():
            return str(value)
        self.fail(node, "expected a non-empty text")
        return ""

    def words(self, node: Located) -> list[tuple[str, Located]]:
        return [(self.text(item), item) for item in self.sequence(node)]

    def choice(self, node: Located | None, allowed: set[str] | list[str], what: str) -> str:
        """A text that must be one of `allowed`; '' (reported) otherwise."""
        value = self.text(node)
        if value and value not in allowed:
            assert node is not None
            self.fail(node, f"unknown {what} {value!r} (one of: {', '.join(sorted(allowed))})")
            return ""
        return value
