"""Seed files -> plain typed records.

The first pipeline step: reads `documents.yaml`, `entities/*.yaml` and `claims/*.yaml` (format in
seeds/README.md) into frozen dataclasses that remember the file:line they came from. It checks
only the shape of each record; whether names resolve and quotes are verbatim is `validate`'s job.
No RDF here.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from graph.files.problems import Location, Problem
from graph.files.resources import package_file

DEFAULT_SEED_DIR = package_file("graph", "seeds")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DOCUMENT_ID_PATTERN = re.compile(r"^[0-9]{3}_[0-9a-f]{16}$")
DATE_PATTERN = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
PRECISION = {4: "year", 7: "month", 10: "day"}


@dataclass(frozen=True)
class Date:
    """A date as precise as the source states it: '2025', '2025-01' or '2025-01-21'."""

    iso: str

    @property
    def precision(self) -> str:
        return PRECISION[len(self.iso)]


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str


@dataclass(frozen=True)
class Quantity:
    amount: Decimal
    unit: str


@dataclass(frozen=True)
class DateValue:
    date: Date


@dataclass(frozen=True)
class Text:
    text: str
    lang: str | None


Value = Money | Quantity | DateValue | Text
VALUE_KIND = {Money: "money", Quantity: "quantity", DateValue: "date", Text: "text"}


@dataclass(frozen=True)
class Qualifiers:
    status: str | None = None
    as_of: Date | None = None
    start: Date | None = None
    end: Date | None = None
    share: Decimal | None = None
    role: str | None = None
    reason: str | None = None
    target: str | None = None
    item: str | None = None
    metric: str | None = None
    phase: str | None = None
    bound: str | None = None


@dataclass(frozen=True)
class DocumentRecord:
    id: str
    title: str
    outlet: str
    published: Date | None
    language: str
    script: str
    text: str
    path: Path
    where: Location
    published_note: str | None = None


@dataclass(frozen=True)
class EntityRecord:
    id: str
    type: str
    label: str
    where: Location
    zh_hans: str | None = None
    zh_hant: str | None = None
    aliases: tuple[str, ...] = ()
    description: str | None = None


@dataclass(frozen=True)
class ClaimRecord:
    document: str
    id: str
    subject: str
    relation: str
    quote: str
    where: Location
    object: str | None = None
    value: Value | None = None
    qualifiers: Qualifiers = field(default_factory=Qualifiers)
    claimant: str | None = None

    @property
    def key(self) -> str:
        """The claim's corpus-wide reference: '<document>/<id>'."""
        return f"{self.document}/{self.id}"


@dataclass
class Corpus:
    documents: dict[str, DocumentRecord] = field(default_factory=dict)
    entities: dict[str, EntityRecord] = field(default_factory=dict)
    claims: list[ClaimRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class _Node(dict[str, Any]):
    """A YAML mapping that remembers its line (1-based)."""

    line: int = 0


# libyaml's parser when available (about ten times faster on large seed sets); the constructor
# below is Python either way, so line numbers come out the same.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_STR_TAG, _SEQ_TAG, _MAP_TAG = (f"tag:yaml.org,2002:{t}" for t in ("str", "seq", "map"))


class _NotPlain(Exception):
    """The document uses a YAML feature the direct walk leaves to PyYAML's generic constructor."""


class _LineLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> _Node:
        mapping = _Node(super().construct_mapping(node, deep=deep))
        mapping.line = node.start_mark.line + 1
        return mapping

    def construct_document(self, node: yaml.Node) -> Any:
        """Seed files are plain YAML (mappings, lists, scalars), which a direct walk of the node
        tree builds about twice as fast as PyYAML's generic constructor; a document with tags,
        merge keys, unhashable keys or recursive aliases goes the generic way, errors included."""
        try:
            return self._plain(node, {}, set())
        except _NotPlain:
            return super().construct_document(node)
        finally:
            self.constructed_objects, self.recursive_objects = {}, {}

    def _plain(self, node: yaml.Node, built: dict[int, Any], active: set[int]) -> Any:
        key = id(node)
        if key in built:  # an alias: share the object, as PyYAML does
            return built[key]
        if isinstance(node, yaml.ScalarNode):
            value = node.value if node.tag == _STR_TAG else self.construct_object(node)
        elif key in active:
            raise _NotPlain
        elif isinstance(node, yaml.SequenceNode) and node.tag == _SEQ_TAG:
            active.add(key)
            value = [self._plain(child, built, active) for child in node.value]
            active.discard(key)
        elif isinstance(node, yaml.MappingNode) and node.tag == _MAP_TAG:
            active.add(key)
            value = _Node()
            value.line = node.start_mark.line + 1
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise _NotPlain
                try:
                    value[self._plain(key_node, built, active)] = self._plain(value_node, built, active)
                except TypeError:  # an unhashable key
                    raise _NotPlain from None
            active.discard(key)
        else:
            raise _NotPlain
        built[key] = value
        return value


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    lambda loader, node: loader.construct_mapping(node, deep=True),  # type: ignore[arg-type]
)


@lru_cache(maxsize=64)
def _shown(path: Path, cwd: str) -> str:
    """How a file is named in problems (relative to the working directory), once per file."""
    return Location.of(path, 1).path


class _Reader:
    """Reads one record's fields, collecting problems instead of raising."""

    def __init__(self, data: _Node, path: Path, problems: list[Problem], what: str) -> None:
        self.data, self.path, self.problems, self.what = data, path, problems, what
        self.where = Location(_shown(path, os.getcwd()), data.line)

    def fail(self, message: str) -> None:
        self.problems.append(Problem(self.where, f"{self.what}: {message}"))

    def check_keys(self, allowed: set[str]) -> None:
        for key in sorted(set(self.data) - allowed, key=str):
            self.fail(f"unknown field {key!r} (allowed: {', '.join(sorted(allowed))})")

    def text(self, key: str, required: bool = True) -> str | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self.fail(f"missing {key!r}")
            return None
        if isinstance(value, (dt.date, int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            self.fail(f"{key!r} must be a non-empty string, got {value!r}")
            return None
        return value

    def ident(self, key: str, required: bool = True, pattern: re.Pattern[str] = ID_PATTERN) -> str | None:
        value = self.text(key, required)
        if value is not None and not pattern.match(value):
            self.fail(f"{key!r} {value!r} is not a valid id (pattern {pattern.pattern})")
            return None
        return value

    def date(self, raw: Any, key: str) -> Date | None:
        if isinstance(raw, dt.date):
            raw = raw.isoformat()
        if isinstance(raw, int):
            raw = str(raw)
        if not isinstance(raw, str) or not DATE_PATTERN.match(raw):
            self.fail(f"{key!r} must be a date 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD', got {raw!r}")
            return None
        try:
            dt.date.fromisoformat((raw + "-01-01")[:10])
        except ValueError:
            self.fail(f"{key!r} is not a calendar date: {raw!r}")
            return None
        return Date(raw)

    def number(self, raw: Any, key: str) -> Decimal | None:
        if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
            self.fail(f"{key!r} must be a number, got {raw!r}")
            return None
        try:
            number = Decimal(str(raw).replace("_", ""))
        except InvalidOperation:
            self.fail(f"{key!r} must be a number, got {raw!r}")
            return None
        if not number.is_finite():
            self.fail(f"{key!r} must be finite, got {raw!r}")
            return None
        return number


def _load_yaml(path: Path, problems: list[Problem]) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except UnicodeDecodeError as error:
        problems.append(Problem(Location.of(path, 1), f"not UTF-8: {error}"))
    except yaml.MarkedYAMLError as error:
        # Point at the problem; where an unclosed construct started is often the useful line, so
        # that is named too ("while parsing a flow sequence started at line 3").
        mark = error.problem_mark or error.context_mark
        last_line = max(1, path.read_bytes().count(b"\n"))
        line = min(mark.line + 1, last_line) if mark else 1
        context = ""
        if error.context and error.context_mark is not None:
            context = f" ({error.context} started at line {error.context_mark.line + 1})"
        problems.append(Problem(Location.of(path, line), f"bad YAML: {error.problem or error}{context}"))
    except yaml.YAMLError as error:
        problems.append(Problem(Location.of(path, 1), f"bad YAML: {error}"))
    return None


def _records(path: Path, data: Any, problems: list[Problem], key: str | None = None) -> list[_Node]:
    """The list of mappings in a file (optionally under `key`), reporting anything else."""
    items = data.get(key) if key and isinstance(data, dict) else data
    if not isinstance(items, list):
        what = f"a mapping with a {key!r} list" if key else "a list of records"
        problems.append(Problem(Location.of(path, getattr(data, "line", 1)), f"expected {what}"))
        return []
    nodes = [item for item in items if isinstance(item, _Node)]
    if len(nodes) != len(items):
        problems.append(Problem(Location.of(path, 1), "every list item must be a mapping"))
    return nodes


def _parse_document(node: _Node, path: Path, seed_dir: Path, problems: list[Problem]) -> DocumentRecord | None:
    r = _Reader(node, path, problems, "document")
    r.check_keys({"id", "title", "outlet", "published", "published_note", "language", "script"})
    doc_id = r.ident("id", pattern=DOCUMENT_ID_PATTERN)
    title, outlet, language, script = (r.text(k) for k in ("title", "outlet", "language", "script"))
    published = r.date(node["published"], "published") if node.get("published") is not None else None
    if script is not None and script not in {"Hans", "Hant"}:
        r.fail(f"'script' must be Hans or Hant, got {script!r}")
        script = None
    if doc_id is None:
        return None
    text_path = seed_dir / "documents" / f"{doc_id}.txt"
    try:
        text = text_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        r.fail(f"cannot read {text_path.name}: {error}")
        return None
    if None in (title, outlet, language, script):
        return None
    return DocumentRecord(
        id=doc_id,
        title=title,
        outlet=outlet,
        published=published,
        language=language,  # type: ignore[arg-type]
        script=script,
        text=text,
        path=text_path,
        where=r.where,  # type: ignore[arg-type]
        published_note=r.text("published_note", required=False),
    )


def _parse_entity(node: _Node, path: Path, problems: list[Problem]) -> EntityRecord | None:
    r = _Reader(node, path, problems, f"entity {node.get('id', '?')!s}")
    r.check_keys({"id", "type", "label", "zh_hans", "zh_hant", "aliases", "description"})
    entity_id, type_, label = r.ident("id"), r.text("type"), r.text("label")
    aliases = node.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, (str, int)) for a in aliases):
        r.fail("'aliases' must be a list of strings")
        aliases = []
    if entity_id is None or type_ is None or label is None:
        return None
    return EntityRecord(
        id=entity_id,
        type=type_,
        label=label,
        where=r.where,
        zh_hans=r.text("zh_hans", required=False),
        zh_hant=r.text("zh_hant", required=False),
        aliases=tuple(str(a) for a in aliases),
        description=r.text("description", required=False),
    )


def _parse_value(r: _Reader, raw: Any) -> Value | None:
    if not isinstance(raw, dict):
        r.fail(f"'value' must be a mapping such as {{amount: 1, currency: USD}}, got {raw!r}")
        return None
    keys = set(raw)
    if keys == {"amount", "currency"}:
        amount = r.number(raw["amount"], "value.amount")
        currency = raw["currency"]
        if not (isinstance(currency, str) and re.fullmatch(r"[A-Z]{3}", currency)):
            r.fail(f"'value.currency' must be an ISO 4217 code such as USD, got {currency!r}")
            return None
        return Money(amount, currency) if amount is not None else None
    if keys == {"amount", "unit"}:
        amount = r.number(raw["amount"], "value.amount")
        return Quantity(amount, str(raw["unit"])) if amount is not None else None
    if keys == {"date"}:
        date = r.date(raw["date"], "value.date")
        return DateValue(date) if date else None
    if keys in ({"text"}, {"text", "lang"}):
        if not isinstance(raw["text"], str) or not raw["text"].strip():
            r.fail("'value.text' must be a non-empty string")
            return None
        return Text(raw["text"], raw.get("lang"))
    r.fail(
        "'value' must be {amount, currency} (money), {amount, unit} (quantity), "
        f"{{date}} or {{text[, lang]}}; got keys {sorted(keys)}"
    )
    return None


QUALIFIER_KEYS = {f for f in Qualifiers.__dataclass_fields__}
_DATE_QUALIFIERS = {"as_of", "start", "end"}


def _parse_qualifiers(r: _Reader, raw: Any) -> Qualifiers:
    if raw is None:
        return Qualifiers()
    if not isinstance(raw, dict):
        r.fail(f"'qualifiers' must be a mapping, got {raw!r}")
        return Qualifiers()
    values: dict[str, Any] = {}
    for key, item in raw.items():
        if key not in QUALIFIER_KEYS:
            r.fail(f"unknown qualifier {key!r} (allowed: {', '.join(sorted(QUALIFIER_KEYS))})")
        elif key in _DATE_QUALIFIERS:
            values[key] = r.date(item, f"qualifiers.{key}")
        elif key == "share":
            values[key] = r.number(item, "qualifiers.share")
        elif isinstance(item, (str, int, float)) and not isinstance(item, bool) and str(item).strip():
            values[key] = str(item)
        else:
            r.fail(f"qualifier {key!r} must be a non-empty string, got {item!r}")
    return Qualifiers(**values)


def _parse_claim(node: _Node, path: Path, document: str, problems: list[Problem]) -> ClaimRecord | None:
    r = _Reader(node, path, problems, f"claim {node.get('id', '?')!s}")
    r.check_keys({"id", "subject", "relation", "object", "value", "qualifiers", "quote", "claimant"})
    claim_id, subject, relation = r.ident("id"), r.ident("subject"), r.text("relation")
    obj, claimant = r.ident("object", required=False), r.ident("claimant", required=False)
    quote = node.get("quote")
    if not isinstance(quote, str) or not quote.strip():
        r.fail(f"'quote' must be a non-empty verbatim excerpt of the document, got {quote!r}")
        quote = None
    value = _parse_value(r, node["value"]) if node.get("value") is not None else None
    qualifiers = _parse_qualifiers(r, node.get("qualifiers"))
    if None in (claim_id, subject, relation, quote):
        return None
    return ClaimRecord(
        document=document,
        id=claim_id,
        subject=subject,
        relation=relation,
        quote=quote,  # type: ignore[arg-type]
        where=r.where,
        object=obj,
        value=value,
        qualifiers=qualifiers,
        claimant=claimant,
    )


def load_corpus(seed_dir: Path = DEFAULT_SEED_DIR) -> Corpus:
    """Read every seed file under `seed_dir`; shape problems are collected in `corpus.problems`."""
    corpus = Corpus()
    problems = corpus.problems
    catalogue = seed_dir / "documents.yaml"
    if not catalogue.is_file():
        problems.append(Problem(Location.of(catalogue, 1), "missing the document catalogue"))
    else:
        for node in _records(catalogue, _load_yaml(catalogue, problems), problems):
            doc = _parse_document(node, catalogue, seed_dir, problems)
            if doc is None:
                continue
            if doc.id in corpus.documents:
                problems.append(Problem(doc.where, f"document {doc.id!r} listed twice"))
            corpus.documents[doc.id] = doc
    for path in sorted((seed_dir / "entities").glob("*.yaml")):
        for node in _records(path, _load_yaml(path, problems), problems):
            entity = _parse_entity(node, path, problems)
            if entity is None:
                continue
            if entity.id in corpus.entities:
                first = corpus.entities[entity.id].where
                problems.append(Problem(entity.where, f"entity {entity.id!r} already defined at {first}"))
                continue
            corpus.entities[entity.id] = entity
    for path in sorted((seed_dir / "claims").glob("*.yaml")):
        data = _load_yaml(path, problems)
        if data is None:
            continue
        document = data.get("document") if isinstance(data, dict) else None
        if not isinstance(document, str) or document not in corpus.documents:
            line = getattr(data, "line", 1)
            problems.append(
                Problem(Location.of(path, line), f"'document' must name a catalogued document, got {document!r}")
            )
            continue
        if path.stem != document:
            problems.append(Problem(Location.of(path, 1), f"claims of {document} belong in {document}.yaml"))
        for node in _records(path, data, problems, key="claims"):
            claim = _parse_claim(node, path, document, problems)
            if claim is not None:
                corpus.claims.append(claim)
    return corpus
