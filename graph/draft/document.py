"""An article as a new document: checked, given its id, and its catalogue record read from the text.

A draft is only worth a curator's time for an article the graph does not hold yet, in a language
the rules read; anything else is refused with one line naming the file (ArticleError) before a
byte is written. The id is the seeds' form (graph/seeds/README.md, "A new document's id"): the
next free serial and the first 16 hex digits of the SHA-256 of the file's bytes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from graph.draft.fold import Folded, fold, is_simplified, is_traditional
from graph.draft.rules import Rules, load_rules
from graph.draft.values import DateReader
from graph.ingest.seeds import ENGLISH, Date, DocumentRecord

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
FIELD_SEPARATOR = re.compile(r"\s*[|｜/]\s*|\s{2,}|\s+(?=\S+[:：])")  # noqa: RUF001
WORD = re.compile(r"[^\W\d_]+")


class ArticleError(ValueError):
    """The article cannot be drafted; the message says why, in one line."""


@dataclass(frozen=True)
class Article:
    path: Path
    text: str
    id: str
    sha256: str
    language: str  # zh or en
    script: str  # ISO 15924: Hans or Hant for Chinese, Latn for English (graph/ingest/seeds.py)
    title: str
    outlet: str | None
    published: Date | None
    published_note: str


def _decoded(path: Path, data: bytes, rules: Rules) -> str:
    if not data.strip():
        raise ArticleError(f"{path}: the file is empty")
    if b"\x00" in data:
        raise ArticleError(f"{path}: a binary file, not an article's text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ArticleError(f"{path}: not UTF-8 text (a binary file, or another encoding)") from None
    head = fold(text[:4000])
    if any(marker in head for marker in rules.html_markers) and head.count("<") > rules.html_tags:
        raise ArticleError(f"{path}: an HTML page; save the article's text only (UTF-8) and draft that")
    return text


def language_of(text: str, rules: Rules) -> tuple[str, str] | None:
    """(language, script) by the shares of Han characters and of common English words; None: unknown."""
    han = HAN.findall(text)
    words = [word for word in WORD.findall(text) if not HAN.match(word)]
    letters = len(han) + sum(len(word) for word in words)
    if letters and len(han) / letters >= rules.chinese_share:
        traditional = sum(1 for c in han if is_traditional(c))
        simplified = sum(1 for c in han if is_simplified(c))
        return "zh", "Hant" if traditional > simplified else "Hans"
    if words and sum(1 for w in words if w.lower() in rules.english_words) / len(words) >= rules.english_share:
        return "en", ENGLISH
    return None


def _after_key(line: str, keys: tuple[str, ...]) -> str | None:
    """The value of a 'key: value' line whose key is one of `keys` (folded), else None."""
    match = re.match(r"\s*[(（]?\s*([^:：]{1,12}?)\s*[:：]\s*(.+?)\s*[)）]?\s*$", line)  # noqa: RUF001
    if match and fold(match[1]).strip("# *") in keys:
        return match[2].strip().strip("\"'")
    return None


def _metadata(text: str, rules: Rules) -> tuple[str, str | None, Date | None, str]:
    """Title, outlet, publication date and how the date was read, from the first lines."""
    lines = text.split("\n")
    head = [(number, line.strip()) for number, line in enumerate(lines[: rules.metadata_lines], 1) if line.strip()]
    dates = DateReader(rules)
    title = outlet = None
    published: Date | None = None
    note = "Unknown: the text states no date in its first lines."
    dateline = None
    for number, line in head:
        parts = [line, *FIELD_SEPARATOR.split(line)]  # "Published: ... | Source: ..." holds two fields
        title = title or _after_key(line, rules.title_keys)
        outlet = outlet or next(filter(None, (_after_key(part, rules.outlet_keys) for part in parts)), None)
        if published is None:
            keyed = next(filter(None, (_after_key(part, rules.date_keys) for part in parts)), None)
            at_sign = re.search(r"@\s*(\d{4}-\d{2}-\d{2})", line)
            found = dates.absolute(fold(keyed or (at_sign[1] if at_sign else "") or line))
            # an unkeyed line is a dateline only when it is little more than a full date
            dateline_alone = found is not None and found.precision == "day" and len(line) <= rules.dateline_chars
            if found is not None and (keyed or at_sign or dateline_alone):
                published, dateline = found, number
                note = f"Read from line {number}: {line[:80]}"
                if at_sign and title is None:
                    title = line[: at_sign.start()].strip()
    if title is None and dateline is not None:
        before = [line for number, line in head if number < dateline and len(line) >= 8]
        title = before[-1] if before else None
    if outlet is None:
        for line in reversed([line for line in lines if line.strip()][-10:]):
            folded = Folded.of(line)
            ends = [folded.text.rfind(mark) + len(mark) for mark in rules.copyright_marks if mark in folded.text]
            if ends:
                after = line[folded.span(0, max(ends))[1] :]
                outlet = re.sub(r"^[\s\d,-]*", "", after).strip(" .") or None
                break
    title = title or next((line for _, line in head if len(line) >= 8), head[0][1] if head else "")
    return title, outlet, published, note


def next_serial(documents: Mapping[str, DocumentRecord]) -> int:
    return max((int(doc_id[:3]) for doc_id in documents), default=-1) + 1


def read_article(path: Path, documents: Mapping[str, DocumentRecord]) -> Article:
    """The article at `path` as a new document of the corpus whose catalogue is `documents`."""
    rules = load_rules()
    try:
        if path.is_dir():
            raise ArticleError(f"{path}: a directory, not an article")
        size = path.stat().st_size
        if size > rules.max_bytes:
            raise ArticleError(f"{path}: {size:,} bytes, over the limit of {rules.max_bytes:,} for one article")
        data = path.read_bytes()
    except OSError as error:
        raise ArticleError(f"{path}: cannot read it: {error.strerror}") from None
    return new_article(path, data, documents)


def new_article(path: Path, data: bytes, documents: Mapping[str, DocumentRecord]) -> Article:
    """An article's bytes as the next document of `documents`, or ArticleError saying why not."""
    rules = load_rules()
    if len(data) > rules.max_bytes:
        raise ArticleError(f"{path}: {len(data):,} bytes, over the limit of {rules.max_bytes:,} for one article")
    text = _decoded(path, data, rules)
    digest = hashlib.sha256(data).hexdigest()
    for known in documents.values():
        if hashlib.sha256(known.path.read_bytes()).hexdigest() == digest or known.id.endswith(digest[:16]):
            raise ArticleError(f"{path}: already in the graph as document {known.id}")
    language = language_of(text, rules)
    if language is None:
        raise ArticleError(f"{path}: the language is neither Chinese nor English; the drafting rules read only those")
    title, outlet, published, note = _metadata(text, rules)
    return Article(
        path=path,
        text=text,
        id=f"{next_serial(documents):03d}_{digest[:16]}",
        sha256=digest,
        language=language[0],
        script=language[1],
        title=title,
        outlet=outlet,
        published=published,
        published_note=note,
    )
