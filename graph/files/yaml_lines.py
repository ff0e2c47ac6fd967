"""Hand-edited YAML files (the seeds, the conflict rules), read so that every problem names its line.

`YamlFile.load` turns a file into plain values whose mappings and lists remember their own line
and the line of each key or item (`LineMap`, `LineList`), and `YamlFile.fail` reports a problem
as `file:line: message` (graph/files/problems.py). Whatever the file holds (bytes that are not
UTF-8, broken YAML, a directory, a list nested thousands deep, a number of a million digits) the
result is a problem at a line, never an exception.

The tree is built from libyaml's event stream with an explicit stack, not by PyYAML's composer:
the composer recurses once per nesting level, in C, and a deep enough file crashes the process.
Plain YAML (mappings, lists, scalars, anchors and aliases, `<<` merge keys) is what hand-edited
files need; a collection with any other tag (`!!set`, `!!omap`, a custom tag) is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError

from graph.files.problems import Location, Problem

MAX_DEPTH = 64  # nesting levels; seed files use four
MAX_NUMBER_CHARS = 64  # a longer integer or float is refused before Python converts it

# libyaml's parser when available (about ten times faster on large seed sets).
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TAG = "tag:yaml.org,2002:"
_STR, _SEQ, _MAP, _MERGE = (_TAG + name for name in ("str", "seq", "map", "merge"))
_NUMBERS = {_TAG + "int", _TAG + "float"}
_SHOWN = 60  # characters of a value quoted in a message
Mark = Any  # a position in the text: yaml.Mark, or libyaml's own class of the same shape


def shown(value: object) -> str:
    """A value as problems quote it: its repr, cut short so a huge value makes no huge message."""
    text = repr(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


class LineMap(dict[Any, Any]):
    """A YAML mapping that remembers its line and the line of each key (1-based)."""

    __slots__ = ("key_lines", "line")

    def __init__(self, line: int = 1) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[Any, int] = {}

    def line_of(self, key: Any) -> int:
        """The line of `key`, or the mapping's own line when it has no such key."""
        return self.key_lines.get(key, self.line)

    def located(self, key: Any) -> Located:
        return Located(self[key], self.line_of(key))

    def located_items(self) -> list[tuple[Any, Located]]:
        return [(key, Located(value, self.key_lines[key])) for key, value in self.items()]


class LineList(list[Any]):
    """A YAML list that remembers its line and the line of each item (1-based)."""

    __slots__ = ("item_lines", "line")

    def __init__(self, line: int = 1) -> None:
        super().__init__()
        self.line = line
        self.item_lines: list[int] = []

    def located_items(self) -> list[Located]:
        return [Located(value, line) for value, line in zip(self, self.item_lines, strict=True)]


@dataclass(frozen=True)
class Located:
    """A value and the line it was written on (its key's line, for a mapping's value)."""

    value: Any
    line: int


class _Frame:
    """A mapping or list being built, with what its next event completes."""

    __slots__ = ("anchor", "collection", "key", "key_line", "merges", "start")

    def __init__(self, collection: LineMap | LineList, anchor: str | None, start: Mark) -> None:
        self.collection, self.anchor, self.start = collection, anchor, start
        self.key: Any = _NO_KEY
        self.key_line = 0
        self.merges: list[LineMap] = []


_NO_KEY = object()  # a mapping's next scalar is a key
_UNREADABLE = object()  # what YamlFile._load answers for a file it reported
_MERGE_KEY = object()  # the key `<<`


class _Builder:
    """Builds one document from the parser's events."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader
        self.stack: list[_Frame] = []
        self.anchors: dict[str, Any] = {}
        self.open: set[str] = set()  # anchors of collections still being built
        self.root: Any = None

    def document(self) -> Any:
        loader = self.loader
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            return None
        start: Mark = loader.get_event().start_mark  # document start
        while not loader.check_event(yaml.DocumentEndEvent):
            event = loader.get_event()
            if isinstance(event, yaml.ScalarEvent):
                self.scalar(event)
            elif isinstance(event, yaml.CollectionStartEvent):
                self.begin(event)
            elif isinstance(event, yaml.CollectionEndEvent):
                self.end()
            elif isinstance(event, yaml.AliasEvent):
                self.alias(event)
        loader.get_event()
        if not loader.check_event(yaml.StreamEndEvent):
            another: Mark = loader.peek_event().start_mark
            raise ComposerError(
                "expected a single document in the stream", start, "but found another document", another
            )
        return self.root

    def scalar(self, event: yaml.ScalarEvent) -> None:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == _STR:
            value: Any = event.value
        elif tag == _MERGE and self.stack and self._awaits_key():
            value = _MERGE_KEY
        else:
            value = self.construct(tag, event)
        mark: Mark = event.start_mark
        self.anchor(event.anchor, value, mark)
        self.add(value, mark)

    def _awaits_key(self) -> bool:
        frame = self.stack[-1]
        return isinstance(frame.collection, LineMap) and frame.key is _NO_KEY

    def construct(self, tag: str, event: yaml.ScalarEvent) -> Any:
        mark: Mark = event.start_mark
        end: Mark = event.end_mark
        if tag in _NUMBERS and len(event.value) > MAX_NUMBER_CHARS:
            raise ConstructorError(
                None, None, f"a number of {len(event.value)} characters (at most {MAX_NUMBER_CHARS})", mark
            )
        node = yaml.ScalarNode(tag, event.value, mark, end, event.style)
        try:
            return self.loader.construct_object(node)
        except (ValueError, OverflowError) as error:  # e.g. the date 2025-13-45
            raise ConstructorError(None, None, f"cannot read {shown(event.value)}: {error}", mark) from None

    def begin(self, event: yaml.CollectionStartEvent) -> None:
        mark: Mark = event.start_mark
        mapping = isinstance(event, yaml.MappingStartEvent)
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(yaml.MappingNode if mapping else yaml.SequenceNode, None, event.implicit)
        if tag != (_MAP if mapping else _SEQ):
            raise ConstructorError(None, None, f"the tag {tag!r} is not supported here", mark)
        if len(self.stack) >= MAX_DEPTH:
            raise ComposerError(None, None, f"nested more than {MAX_DEPTH} levels deep", mark)
        line = mark.line + 1
        collection = LineMap(line) if mapping else LineList(line)
        self.anchor(event.anchor, collection, mark)
        if event.anchor is not None:
            self.open.add(event.anchor)
        self.stack.append(_Frame(collection, event.anchor, mark))

    def end(self) -> None:
        frame = self.stack.pop()
        collection = frame.collection
        if isinstance(collection, LineMap):
            for source in frame.merges:  # keys of the mapping itself win, then the first source that has one
                for key, value in source.items():
                    if key not in collection:
                        collection[key] = value
                        collection.key_lines[key] = source.line_of(key)
        if frame.anchor is not None:
            self.open.discard(frame.anchor)
        self.add(collection, frame.start)

    def alias(self, event: yaml.AliasEvent) -> None:
        name = event.anchor
        mark: Mark = event.start_mark
        if name not in self.anchors:
            raise ComposerError(None, None, f"found undefined alias {name!r}", mark)
        if name in self.open:
            raise ComposerError(None, None, f"found recursive alias {name!r}", mark)
        self.add(self.anchors[name], mark)

    def anchor(self, name: str | None, value: Any, mark: Mark) -> None:
        if name is None:
            return
        if name in self.anchors:
            raise ComposerError(None, None, f"found duplicate anchor {name!r}", mark)
        self.anchors[name] = value

    def add(self, value: Any, mark: Mark) -> None:
        """Put a finished value in the collection being built (or make it the document)."""
        line = mark.line + 1
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        collection = frame.collection
        if isinstance(collection, LineList):
            collection.append(value)
            collection.item_lines.append(line)
        elif frame.key is _NO_KEY:
            try:
                hash(value)
            except TypeError:
                raise ConstructorError(
                    "while constructing a mapping", frame.start, "found unhashable key", mark
                ) from None
            frame.key, frame.key_line = value, line
        else:
            if frame.key is _MERGE_KEY:
                frame.merges += self.merged(value, frame.start, mark)
            else:
                collection[frame.key] = value
                collection.key_lines[frame.key] = frame.key_line
            frame.key = _NO_KEY

    @staticmethod
    def merged(value: Any, start: Mark, mark: Mark) -> list[LineMap]:
        if isinstance(value, LineMap):
            return [value]
        if isinstance(value, LineList) and all(isinstance(item, LineMap) for item in value):
            return list(value)
        raise ConstructorError(
            "while constructing a mapping", start, "expected a mapping or list of mappings for merging", mark
        )


def parse_yaml(text: str) -> Any:
    """The single YAML document in `text`, with lines; raises yaml.YAMLError (marked with its line
    where the parser knows it)."""
    loader = _Loader(text)
    try:
        return _Builder(loader).document()
    finally:
        loader.dispose()


class YamlFile:
    """One hand-edited YAML file: its values with their lines, and the problems found in it."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.path = path
        self.shown = Location.of(path, 1).path  # relative to the working directory, computed once
        self.problems = problems
        self.failed = False  # set when `load` reported why the file cannot be read

    def at(self, line: int) -> Location:
        return Location(self.shown, line)

    def fail(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.at(line), message))

    def load(self) -> Any:
        """The document, or None: when the file is empty, or after reporting why it cannot be read
        (then `failed` is set)."""
        document = self._load()
        self.failed = document is _UNREADABLE
        return None if self.failed else document

    def _load(self) -> Any:
        try:
            text = self.path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            self.fail(1, f"not UTF-8: {error}")
            return _UNREADABLE
        except OSError as error:  # a directory, no permission, gone
            self.fail(1, f"cannot read the file: {error.strerror or error}")
            return _UNREADABLE
        try:
            return parse_yaml(text)
        except yaml.MarkedYAMLError as error:
            # Point at the problem; where an unclosed construct started is often the useful line, so
            # that is named too ("while parsing a flow sequence started at line 3").
            mark = error.problem_mark or error.context_mark
            line = min(mark.line + 1, max(1, text.count("\n"))) if mark else 1
            context = ""
            if error.context and error.context_mark is not None:
                context = f" ({error.context} started at line {error.context_mark.line + 1})"
            self.fail(line, f"bad YAML: {error.problem or error}{context}")
        except yaml.YAMLError as error:
            self.fail(1, f"bad YAML: {error}")
        return _UNREADABLE
