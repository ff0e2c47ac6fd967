"""Seed files -> plain typed records.

The first pipeline step: reads `documents.yaml`, `entities/*.yaml` and `claims/*.yaml` (format in
graph/seeds/README.md) into frozen dataclasses that remember the file:line they came from. It checks
only the shape of each record; whether names resolve and quotes are verbatim is `validate`'s job.
A problem names the line of the field it is about. Which qualifiers a claim may carry, and of
what kind, is read from the ontology's declarations (graph/vocab/vocabulary.py). No RDF here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.files.problems import Location, Problem
from graph.files.resources import package_file
from graph.files.yaml_lines import LineMap, YamlFile, shown
from graph.vocab.vocabulary import Qualifier, load_vocabulary

DEFAULT_SEED_DIR = package_file("graph", "seeds")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DOCUMENT_ID_PATTERN = re.compile(r"^[0-9]{3}_[0-9a-f]{16}$")
# The scripts (ISO 15924) a document may be written in, each with its text's language tag (BCP 47).
# A Latin-script document is English: its quotes need no translation, nor its title.
SCRIPT_LANGUAGES = {"Hans": "zh-Hans", "Hant": "zh-Hant", "Latn": "en"}
ENGLISH = "Latn"
# An entity's Wikidata item id (`wikidata: Q95`): the form only; whether the item is the same
# thing is the curator's judgement (graph/seeds/README.md).
WIKIDATA_ID_PATTERN = re.compile(r"^Q[1-9][0-9]*$")
DATE_PATTERN = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
PRECISION = {4: "year", 7: "month", 10: "day"}
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
# Bounds on a seed number, checked on its text before it is converted: at most NUMBER_CHARS
# characters, NUMBER_DIGITS digits, and within 10**±NUMBER_EXPONENT (or 0). The build would write
# "1e999999999" out digit by digit (4 GB).
NUMBER_CHARS = 64
NUMBER_DIGITS = 30
NUMBER_EXPONENT = 24


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
class Range:
    """Money (`currency`) or a quantity (`unit`) the text gives as a range: 数十万, 50至100亿."""

    low: Decimal
    high: Decimal
    currency: str | None = None
    unit: str | None = None


@dataclass(frozen=True)
class DateValue:
    date: Date


@dataclass(frozen=True)
class Text:
    text: str
    lang: str | None


Value = Money | Quantity | Range | DateValue | Text


def seed_number(amount: object) -> int | float:
    """A number as a seed file writes it: an integer when it is one."""
    number = Decimal(str(amount))
    return int(number) if number == number.to_integral_value() else float(number)


def seed_value(value: Value) -> dict[str, Any]:
    """A value in the form a seed claim writes it (graph/seeds/README.md): {amount, currency},
    {amount, unit}, {min, max, currency or unit}, {date} or {text, lang when given}; what
    `_parse_value` reads back into the same value."""
    if isinstance(value, Money):
        return {"amount": seed_number(value.amount), "currency": value.currency}
    if isinstance(value, Quantity):
        return {"amount": seed_number(value.amount), "unit": value.unit}
    if isinstance(value, Range):
        measure = {"currency": value.currency} if value.currency else {"unit": value.unit}
        return {"min": seed_number(value.low), "max": seed_number(value.high), **measure}
    if isinstance(value, DateValue):
        return {"date": value.date.iso}
    return {"text": value.text, **({"lang": value.lang} if value.lang else {})}


def value_kind(value: Value) -> str:
    """The ontology's value kind (sg:valueKind) a seed value is: money, quantity, date or text."""
    if isinstance(value, Range):
        return "money" if value.currency else "quantity"
    return {Money: "money", Quantity: "quantity", DateValue: "date", Text: "text"}[type(value)]


QualifierValue = str | Date | Decimal  # a date or percent qualifier is parsed; any other kind is its text


class Qualifiers:
    """A claim's qualifiers: one attribute per seed key the ontology declares (`claim.qualifiers.phase`),
    None where the claim gives none. Read-only; which keys exist is data, so none is named here."""

    def __init__(self, values: Mapping[str, QualifierValue | None]) -> None:
        self.__dict__.update(values)

    def __setattr__(self, key: str, value: object) -> None:
        raise AttributeError(f"qualifiers are read-only ({key})")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Qualifiers) and vars(self) == vars(other)

    def __hash__(self) -> int:
        return hash(tuple(vars(self).items()))

    def __repr__(self) -> str:
        given = ", ".join(f"{key}={value!r}" for key, value in vars(self).items() if value is not None)
        return f"Qualifiers({given})"

    if TYPE_CHECKING:

        def __getattr__(self, key: str) -> Any: ...


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
    title_en: str | None = None


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
    wikidata: str | None = None  # the Wikidata item id (Q95), when one is the same entity


@dataclass(frozen=True)
class ClaimRecord:
    document: str
    id: str
    subject: str
    relation: str
    quote: str
    where: Location
    qualifiers: Qualifiers
    object: str | None = None
    value: Value | None = None
    claimant: str | None = None
    joint: tuple[str, ...] = ()  # parties acting together with the subject (`with:`)
    occurrence: int | None = None  # which occurrence of the quote, when it occurs more than once
    quote_en: str | None = None  # the project's translation, never evidence
    reason_en: str | None = None
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, hash=False)  # field -> its line

    def at(self, key: str) -> Location:
        """Where a field ('quote', 'qualifiers.status') is written; the claim's first line if absent."""
        return Location(self.where.path, self.lines.get(key, self.where.line))

    @property
    def parties(self) -> tuple[str, ...]:
        """Everyone who acts in the claim: the subject, then its joint parties."""
        return (self.subject, *self.joint)

    @property
    def key(self) -> str:
        """The claim's corpus-wide reference: '<document>/<id>'."""
        return f"{self.document}/{self.id}"


@dataclass(frozen=True)
class NoFactRecord:
    """A stretch of a document that states no checkable fact, and why: by a verbatim quote (with
    its occurrence) or by a span of lines such as front matter."""

    document: str
    reason: str
    where: Location
    quote: str | None = None
    occurrence: int | None = None
    lines: tuple[int, int] | None = None  # first and last line, 1-based, inclusive


@dataclass
class Corpus:
    documents: dict[str, DocumentRecord] = field(default_factory=dict)
    entities: dict[str, EntityRecord] = field(default_factory=dict)
    claims: list[ClaimRecord] = field(default_factory=list)
    no_facts: list[NoFactRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class _Reader:
    """Reads one record's fields, collecting problems (at the field's line) instead of raising."""

    def __init__(self, data: LineMap, source: YamlFile, what: str) -> None:
        self.data, self.source, self.what = data, source, what
        self.where = source.at(data.line)

    def fail(self, message: str, line: int | None = None) -> None:
        """Report a problem of this record, at `line` (the record's first line by default)."""
        self.source.fail(line or self.data.line, f"{self.what}: {message}")

    def check_keys(self, allowed: set[str]) -> None:
        for key in sorted(set(self.data) - allowed, key=str):
            self.fail(f"unknown field {key!r} (allowed: {', '.join(sorted(allowed))})", self.data.line_of(key))

    def text(self, key: str, required: bool = True) -> str | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self.fail(f"missing {key!r}")
            return None
        if isinstance(value, (dt.date, int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            self.fail(f"{key!r} must be a non-empty string, got {shown(value)}", self.data.line_of(key))
            return None
        return value

    def ident(self, key: str, required: bool = True, pattern: re.Pattern[str] = ID_PATTERN) -> str | None:
        value = self.text(key, required)
        if value is not None and not pattern.match(value):
            self.fail(f"{key!r} {shown(value)} is not a valid id (pattern {pattern.pattern})", self.data.line_of(key))
            return None
        return value

    def ids(self, key: str) -> tuple[str, ...]:
        """A list of ids (empty when the field is absent)."""
        raw = self.data.get(key)
        if raw is None:
            return ()
        if not isinstance(raw, list) or not raw or not all(isinstance(i, str) and ID_PATTERN.match(i) for i in raw):
            self.fail(f"{key!r} must be a non-empty list of ids, got {shown(raw)}", self.data.line_of(key))
            return ()
        if len(set(raw)) != len(raw):
            self.fail(f"{key!r} lists an id twice: {shown(raw)}", self.data.line_of(key))
        return tuple(dict.fromkeys(raw))

    def count(self, key: str) -> int | None:
        """A positive whole number (absent: None)."""
        raw = self.data.get(key)
        if raw is None:
            return None
        if not isinstance(raw, int) or isinstance(raw, bool) or raw < 1:
            self.fail(f"{key!r} must be a whole number from 1, got {shown(raw)}", self.data.line_of(key))
            return None
        return raw

    def date(self, raw: Any, key: str, line: int) -> Date | None:
        if isinstance(raw, dt.date):
            raw = raw.isoformat()
        if isinstance(raw, int):
            raw = str(raw)
        if not isinstance(raw, str) or not DATE_PATTERN.match(raw):
            self.fail(f"{key!r} must be a date 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD', got {shown(raw)}", line)
            return None
        try:
            dt.date.fromisoformat((raw + "-01-01")[:10])
        except ValueError:
            self.fail(f"{key!r} is not a calendar date: {raw!r}", line)
            return None
        return Date(raw)

    def number(self, raw: Any, key: str, line: int) -> Decimal | None:
        """A decimal number within the seed bounds, checked on its text before any conversion."""
        text = str(raw).replace("_", "") if isinstance(raw, (int, float, str)) and not isinstance(raw, bool) else None
        if text is None or len(text) > NUMBER_CHARS:
            self.fail(f"{key!r} must be a number, got {shown(raw)}", line)
            return None
        try:
            number = Decimal(text)
        except ArithmeticError:  # InvalidOperation: not a number
            self.fail(f"{key!r} must be a number, got {shown(raw)}", line)
            return None
        if not number.is_finite():
            self.fail(f"{key!r} must be finite, got {shown(raw)}", line)
            return None
        if len(number.as_tuple().digits) > NUMBER_DIGITS:
            self.fail(f"{key!r} has more than {NUMBER_DIGITS} digits: {shown(raw)}", line)
            return None
        if number and not -NUMBER_EXPONENT <= number.adjusted() <= NUMBER_EXPONENT:
            self.fail(
                f"{key!r} is out of range (0, or from 1e-{NUMBER_EXPONENT} to 1e{NUMBER_EXPONENT + 1} in size): "
                f"{shown(raw)}",
                line,
            )
            return None
        return number


def _records(source: YamlFile, data: Any, key: str | None = None) -> list[LineMap]:
    """The list of mappings in a file (optionally under `key`), reporting anything else."""
    items = data.get(key) if key and isinstance(data, dict) else data
    if not isinstance(items, list):
        what = f"a mapping with a {key!r} list" if key else "a list of records"
        line = data.line_of(key) if key and isinstance(data, LineMap) else getattr(data, "line", 1)
        source.fail(line, f"expected {what}")
        return []
    nodes = [item for item in items if isinstance(item, LineMap)]
    if len(nodes) != len(items):
        first = next(i for i, item in enumerate(items) if not isinstance(item, LineMap))
        source.fail(items.item_lines[first], "every list item must be a mapping")  # type: ignore[attr-defined]
    return nodes


def _parse_document(node: LineMap, source: YamlFile, seed_dir: Path) -> DocumentRecord | None:
    r = _Reader(node, source, "document")
    r.check_keys({"id", "title", "title_en", "outlet", "published", "published_note", "language", "script"})
    doc_id = r.ident("id", pattern=DOCUMENT_ID_PATTERN)
    title, outlet, language, script = (r.text(k) for k in ("title", "outlet", "language", "script"))
    published = node.get("published")
    published = r.date(published, "published", node.line_of("published")) if published is not None else None
    published_note = r.text("published_note", required=False)
    if "published" not in node and published_note is None:
        r.fail("no 'published' date: give 'published_note', the reason the date is unknown")
    if script is not None and script not in SCRIPT_LANGUAGES:
        r.fail(f"'script' must be one of {', '.join(SCRIPT_LANGUAGES)}, got {shown(script)}", node.line_of("script"))
        script = None
    if doc_id is None:
        return None
    text_path = seed_dir / "documents" / f"{doc_id}.txt"
    try:
        text = text_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        r.fail(f"cannot read {text_path.name}: {error}")
        return None
    if title is None or outlet is None or language is None or script is None:
        return None
    return DocumentRecord(
        id=doc_id,
        title=title,
        outlet=outlet,
        published=published,
        language=language,
        script=script,
        text=text,
        path=text_path,
        where=r.where,
        published_note=published_note,
        title_en=r.text("title_en", required=script != ENGLISH),
    )


def _parse_entity(node: LineMap, source: YamlFile) -> EntityRecord | None:
    r = _Reader(node, source, f"entity {node.get('id', '?')!s}")
    r.check_keys({"id", "type", "label", "zh_hans", "zh_hant", "aliases", "description", "wikidata"})
    entity_id, type_, label = r.ident("id"), r.text("type"), r.text("label")
    aliases = node.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, (str, int)) for a in aliases):
        r.fail("'aliases' must be a list of strings", node.line_of("aliases"))
        aliases = []
    wikidata = r.ident("wikidata", required=False, pattern=WIKIDATA_ID_PATTERN)
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
        wikidata=wikidata,
    )


def _currency(r: _Reader, raw: LineMap) -> str | None:
    currency = raw["currency"]
    if not (isinstance(currency, str) and re.fullmatch(r"[A-Z]{3}", currency)):
        r.fail(f"'value.currency' must be an ISO 4217 code such as USD, got {shown(currency)}", raw.line_of("currency"))
        return None
    return currency


def _parse_value(r: _Reader, raw: Any, line: int) -> Value | None:
    if not isinstance(raw, LineMap):
        r.fail(f"'value' must be a mapping such as {{amount: 1, currency: USD}}, got {shown(raw)}", line)
        return None
    keys = set(raw)
    if keys == {"amount", "currency"}:
        amount = r.number(raw["amount"], "value.amount", raw.line_of("amount"))
        currency = _currency(r, raw)
        return Money(amount, currency) if amount is not None and currency else None
    if keys == {"amount", "unit"}:
        amount = r.number(raw["amount"], "value.amount", raw.line_of("amount"))
        return Quantity(amount, str(raw["unit"])) if amount is not None else None
    if keys in ({"min", "max", "currency"}, {"min", "max", "unit"}):
        low = r.number(raw["min"], "value.min", raw.line_of("min"))
        high = r.number(raw["max"], "value.max", raw.line_of("max"))
        if low is None or high is None:
            return None
        if low >= high:
            r.fail(f"'value.min' ({low}) must be below 'value.max' ({high})", raw.line_of("min"))
            return None
        if "currency" in keys:
            currency = _currency(r, raw)
            return Range(low, high, currency=currency) if currency else None
        return Range(low, high, unit=str(raw["unit"]))
    if keys == {"date"}:
        date = r.date(raw["date"], "value.date", raw.line_of("date"))
        return DateValue(date) if date else None
    if keys in ({"text"}, {"text", "lang"}):
        if not isinstance(raw["text"], str) or not raw["text"].strip():
            r.fail("'value.text' must be a non-empty string", raw.line_of("text"))
            return None
        lang = raw.get("lang")
        if lang is not None and not (isinstance(lang, str) and LANGUAGE_TAG.match(lang)):
            r.fail(f"'value.lang' must be a language tag such as zh-Hans, got {shown(lang)}", raw.line_of("lang"))
            return None
        return Text(raw["text"], lang)
    r.fail(
        "'value' must be {amount, currency} (money), {amount, unit} (quantity), {min, max, currency|unit} "
        f"(a range), {{date}} or {{text[, lang]}}; got keys {sorted(keys, key=str)}",
        line,
    )
    return None


def _parse_qualifiers(r: _Reader, raw: Any, declared: Mapping[str, Qualifier]) -> Qualifiers:
    """The qualifiers the ontology declares, each read as its kind: a date, a percentage, or text
    (entity, claim and term references are resolved by `validate`)."""
    values: dict[str, QualifierValue | None] = {key: q.default for key, q in declared.items()}
    if raw is None:
        return Qualifiers(values)
    if not isinstance(raw, LineMap):
        r.fail(f"'qualifiers' must be a mapping, got {shown(raw)}", r.data.line_of("qualifiers"))
        return Qualifiers(values)
    for key, item in raw.items():
        line = raw.line_of(key)
        qualifier = declared.get(key)
        if qualifier is None:
            r.fail(f"unknown qualifier {key!r} (allowed: {', '.join(sorted(declared))})", line)
        elif qualifier.kind == "date":
            values[key] = r.date(item, f"qualifiers.{key}", line)
        elif qualifier.kind == "percent":
            values[key] = r.number(item, f"qualifiers.{key}", line)
        elif isinstance(item, (str, int, float)) and not isinstance(item, bool) and str(item).strip():
            values[key] = str(item)
        else:
            r.fail(f"qualifier {key!r} must be a non-empty string, got {shown(item)}", line)
    return Qualifiers(values)


def _parse_claim(
    node: LineMap, source: YamlFile, document: str, qualifiers: Mapping[str, Qualifier]
) -> ClaimRecord | None:
    r = _Reader(node, source, f"claim {node.get('id', '?')!s}")
    r.check_keys(
        {
            *("id", "subject", "with", "relation", "object", "value", "qualifiers"),
            *("quote", "occurrence", "quote_en", "reason_en", "claimant"),
        }
    )
    claim_id, subject, relation = r.ident("id"), r.ident("subject"), r.text("relation")
    obj, claimant = r.ident("object", required=False), r.ident("claimant", required=False)
    quote = node.get("quote")
    if not isinstance(quote, str) or not quote.strip():
        r.fail(
            f"'quote' must be a non-empty verbatim excerpt of the document, got {shown(quote)}", node.line_of("quote")
        )
        quote = None
    value = _parse_value(r, node["value"], node.line_of("value")) if node.get("value") is not None else None
    parsed = _parse_qualifiers(r, node.get("qualifiers"), qualifiers)
    if claim_id is None or subject is None or relation is None or quote is None:
        return None
    return ClaimRecord(
        document=document,
        id=claim_id,
        subject=subject,
        relation=relation,
        quote=quote,
        where=r.where,
        qualifiers=parsed,
        object=obj,
        value=value,
        claimant=claimant,
        joint=r.ids("with"),
        occurrence=r.count("occurrence"),
        quote_en=r.text("quote_en", required=False),
        reason_en=r.text("reason_en", required=False),
        lines=_field_lines(node),
    )


def _field_lines(node: LineMap) -> dict[str, int]:
    """The line of each field of a claim, qualifiers as 'qualifiers.<key>', so problems point at it."""
    lines = {str(key): node.line_of(key) for key in node}
    qualifiers = node.get("qualifiers")
    if isinstance(qualifiers, LineMap):
        lines |= {f"qualifiers.{key}": qualifiers.line_of(key) for key in qualifiers}
    return lines


LINES_PATTERN = re.compile(r"^(\d+)(?:-(\d+))?$")


def _parse_no_fact(node: LineMap, source: YamlFile, document: str) -> NoFactRecord | None:
    r = _Reader(node, source, "no_facts entry")
    r.check_keys({"quote", "occurrence", "lines", "reason"})
    reason = r.text("reason")
    quote, lines = r.text("quote", required=False), None
    raw_lines = node.get("lines")
    if raw_lines is not None:
        match = LINES_PATTERN.match(str(raw_lines))
        first, last = (int(match[1]), int(match[2] or match[1])) if match else (0, 0)
        if not match or not 1 <= first <= last:
            r.fail(f"'lines' must be 'N' or 'N-M' with 1 <= N <= M, got {shown(raw_lines)}", node.line_of("lines"))
        else:
            lines = (first, last)
    if (quote is None) == (raw_lines is None):
        r.fail("give either 'quote' (verbatim) or 'lines' ('N-M')")
        return None
    if reason is None or (quote is None and lines is None):
        return None
    return NoFactRecord(document, reason, r.where, quote=quote, occurrence=r.count("occurrence"), lines=lines)


def load_corpus(seed_dir: Path = DEFAULT_SEED_DIR, qualifiers: Mapping[str, Qualifier] | None = None) -> Corpus:
    """Read every seed file under `seed_dir`; shape problems are collected in `corpus.problems`.

    `qualifiers` are the declared claim qualifiers by seed key (the ontology's by default)."""
    declared = load_vocabulary().qualifiers if qualifiers is None else qualifiers
    corpus = Corpus()
    problems = corpus.problems
    catalogue = seed_dir / "documents.yaml"
    if not catalogue.is_file():
        problems.append(Problem(Location.of(catalogue, 1), "missing the document catalogue"))
    else:
        source = YamlFile(catalogue, problems)
        data = source.load()
        for node in [] if source.failed else _records(source, data):
            doc = _parse_document(node, source, seed_dir)
            if doc is None:
                continue
            if doc.id in corpus.documents:
                problems.append(Problem(doc.where, f"document {doc.id!r} listed twice"))
            corpus.documents[doc.id] = doc
    for path in sorted((seed_dir / "entities").glob("*.yaml")):
        source = YamlFile(path, problems)
        data = source.load()
        for node in [] if source.failed else _records(source, data):
            entity = _parse_entity(node, source)
            if entity is None:
                continue
            if entity.id in corpus.entities:
                first = corpus.entities[entity.id].where
                problems.append(Problem(entity.where, f"entity {entity.id!r} already defined at {first}"))
                continue
            corpus.entities[entity.id] = entity
    for path in sorted((seed_dir / "claims").glob("*.yaml")):
        source = YamlFile(path, problems)
        data = source.load()
        if data is None:
            continue
        document = data.get("document") if isinstance(data, LineMap) else None
        line = data.line_of("document") if isinstance(data, LineMap) else getattr(data, "line", 1)
        if not isinstance(document, str) or document not in corpus.documents:
            source.fail(line, f"'document' must name a catalogued document, got {shown(document)}")
            continue
        if path.stem != document:
            source.fail(line, f"claims of {document} belong in {document}.yaml")
        for node in _records(source, data, key="claims"):
            claim = _parse_claim(node, source, document, declared)
            if claim is not None:
                corpus.claims.append(claim)
        if isinstance(data, LineMap) and data.get("no_facts") is not None:
            for node in _records(source, data, key="no_facts"):
                marked = _parse_no_fact(node, source, document)
                if marked is not None:
                    corpus.no_facts.append(marked)
    return corpus
