"""A reviewed draft into the seed files: staged, validated, then written, or nothing written.

The review page (graph/server/review.py) sends what the curator kept: the article's bytes, its
catalogue record, the candidate entities accepted as new or merged into a known one (whose alias
the spelling becomes), and the claims, each by its quote's offsets in the article. Under one lock,
so that two curators saving at once both land, the current seed files are read again (never a
copy from when the draft was made): the document gets the next free serial then, the records are
added to the files as they are now, and a staged copy of the seeds with them is compiled
(graph/ingest/pipeline.py). Any problem is reported at its file:line in the real seed directory
and nothing is written; otherwise every file is written atomically (graph/files/atomic.py), the
ones written so far put back if a later one fails, and the served graph is rebuilt and swapped
(graph/store/reload.py).

Paths never come from the request: the document id is computed from the article's bytes, entity
and claim ids must match the seeds' id pattern, and an alias is added in the file that already
defines its entity.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from graph.draft.document import Article, ArticleError, new_article
from graph.files.atomic import write_atomically
from graph.files.problems import Location, Problem, SeedErrors
from graph.ingest.anchors import positions
from graph.ingest.pipeline import compile_seeds
from graph.ingest.seeds import ENGLISH, ID_PATTERN, Corpus, EntityRecord, load_corpus
from graph.store.reload import rebuild
from graph.store.snapshot import GraphHolder

CATALOGUE_KEYS = ("title", "title_en", "outlet", "published", "published_note")
CLAIM_KEYS = {"id", "subject", "with", "relation", "object", "value", "qualifiers", "quote_en", "claimant"}
VALUE_KEYS = {"amount", "currency", "unit", "min", "max", "date", "text", "lang"}
MAX_RECORDS = 2000  # claims or entities in one save
MAX_TEXT = 10_000  # characters of one field


class SubmissionError(ValueError):
    """The request is not a save the page makes; the message says which field, in one line."""


class Rejected(Exception):
    """The save would make invalid seeds, or cannot be made; nothing was written."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class NewEntity:
    draft_id: str  # the candidate's id in the draft, as the claims name it
    id: str
    type: str
    label: str
    spelling: str  # as the article writes it


@dataclass(frozen=True)
class Merge:
    draft_id: str
    into: str  # a known entity, which gets the spelling as an alias
    spelling: str


@dataclass(frozen=True)
class Submission:
    article: bytes
    catalogue: Mapping[str, str]
    entities: tuple[NewEntity, ...]
    merges: tuple[Merge, ...]
    claims: tuple[Mapping[str, Any], ...]  # seed claim fields, with `start` and `end` for the quote


@dataclass(frozen=True)
class Saved:
    document: str
    claims: tuple[str, ...]  # '<document>/<id>' of each claim written
    files: tuple[str, ...]  # written, relative to the seed directory


def _text(data: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str:
    value = data.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()) or len(value) > MAX_TEXT:
        raise SubmissionError(f"{where}: '{key}' must be a non-empty text of at most {MAX_TEXT} characters")
    return value


def _ident(data: Mapping[str, Any], key: str, where: str) -> str:
    value = _text(data, key, where)
    if not ID_PATTERN.match(value):
        raise SubmissionError(f"{where}: '{key}' {value!r} is not a valid id (pattern {ID_PATTERN.pattern})")
    return value


def _records(data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = data.get(key, [])
    if not isinstance(value, list) or len(value) > MAX_RECORDS or not all(isinstance(v, dict) for v in value):
        raise SubmissionError(f"'{key}' must be a list of at most {MAX_RECORDS} objects")
    return value


def _scalar(value: Any, where: str) -> None:
    if isinstance(value, bool) or not isinstance(value, str | int | float) or len(str(value)) > MAX_TEXT:
        raise SubmissionError(f"{where}: expected a text or a number")


def _claim(data: Mapping[str, Any], number: int) -> Mapping[str, Any]:
    where = f"claim {number}"
    unknown = set(data) - CLAIM_KEYS - {"start", "end"}
    if unknown:
        raise SubmissionError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    _text(data, "relation", where)
    for key in ("id", "subject", *(k for k in ("object", "claimant") if data.get(k) is not None)):
        _ident(data, key, where)
    if data.get("quote_en") is not None:
        _text(data, "quote_en", where)
    for key in ("start", "end"):
        if not isinstance(data.get(key), int) or isinstance(data.get(key), bool):
            raise SubmissionError(f"{where}: '{key}' must be an offset in the article")
    joint = data.get("with") or []
    if not isinstance(joint, list) or not all(isinstance(j, str) and ID_PATTERN.match(j) for j in joint):
        raise SubmissionError(f"{where}: 'with' must be a list of entity ids")
    for key, allowed in (("value", VALUE_KEYS), ("qualifiers", None)):
        mapping = data.get(key)
        if mapping is None:
            continue
        if not isinstance(mapping, dict) or (allowed is not None and set(mapping) - allowed):
            raise SubmissionError(f"{where}: '{key}' must be an object" + (f" of {sorted(allowed)}" if allowed else ""))
        for name, value in mapping.items():
            _scalar(value, f"{where}: {key}.{name}")
    return data


def parse_submission(data: Any, article: bytes) -> Submission:
    """The save the page sent (JSON), checked for shape only; the seeds' rules are the compile's."""
    if not isinstance(data, dict):
        raise SubmissionError("the request must be a JSON object")
    raw = data.get("catalogue")
    if not isinstance(raw, dict):
        raise SubmissionError("'catalogue' must be an object")
    # title_en may be left out for an English article: the compile says where it is missing
    catalogue = {k: _text(raw, k, "catalogue", required=k in ("title", "outlet")) for k in CATALOGUE_KEYS}
    entities, merges = [], []
    for number, candidate in enumerate(_records(data, "candidates"), 1):
        where = f"candidate {number}"
        draft_id, spelling = _ident(candidate, "draft_id", where), _text(candidate, "spelling", where).strip()
        action = candidate.get("action")
        if action == "new":
            entity_type, label = _text(candidate, "type", where), _text(candidate, "label", where)
            entities.append(NewEntity(draft_id, _ident(candidate, "id", where), entity_type, label, spelling))
        elif action == "merge":
            merges.append(Merge(draft_id, _ident(candidate, "into", where), spelling))
        elif action != "reject":
            raise SubmissionError(f"{where}: 'action' must be new, merge or reject")
    claims = tuple(_claim(c, n) for n, c in enumerate(_records(data, "claims"), 1))
    return Submission(article, catalogue, tuple(entities), tuple(merges), claims)


def _yaml(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def _catalogue_record(article: Article, catalogue: Mapping[str, str]) -> dict[str, Any]:
    record: dict[str, Any] = {"id": article.id}
    record |= {key: catalogue[key] for key in CATALOGUE_KEYS if catalogue[key]}
    return record | {"language": article.language, "script": article.script}


def _entity_record(entity: NewEntity, script: str) -> dict[str, Any]:
    record: dict[str, Any] = {"id": entity.id, "type": entity.type, "label": entity.label}
    if entity.spelling != entity.label:
        if re.search(r"[\u3400-\u9fff]", entity.spelling) and script != ENGLISH:
            record[f"zh_{script.lower()}"] = entity.spelling
        else:
            record["aliases"] = [entity.spelling]
    return record


def _claim_records(submission: Submission, article: Article, stored: str, ids: Mapping[str, str]) -> list[Any]:
    """The claims in seed form: the quote cut from the article at its offsets, its occurrence
    counted in the text as stored, candidates' draft ids replaced by the entities they became."""
    shift = len(stored) - len(article.text)  # a byte-order mark the draft did not count
    records = []
    for data in submission.claims:
        start, end = data["start"], data["end"]
        if not 0 <= start < end <= len(article.text):
            raise Rejected([f"claim {data['id']}: its quote's offsets {start}-{end} are outside the article"])
        record: dict[str, Any] = {"id": data["id"], "subject": ids.get(data["subject"], data["subject"])}
        if data.get("with"):
            record["with"] = [ids.get(party, party) for party in data["with"]]
        record["relation"] = data["relation"]
        if data.get("object"):
            record["object"] = ids.get(data["object"], data["object"])
        if data.get("value"):
            record["value"] = dict(data["value"])
        qualifiers = dict(data.get("qualifiers") or {})
        if "item" in qualifiers:
            qualifiers["item"] = ids.get(qualifiers["item"], qualifiers["item"])
        if qualifiers:
            record["qualifiers"] = qualifiers
        record["quote"] = quote = article.text[start:end]
        starts = positions(stored, quote)
        if len(starts) > 1:
            record["occurrence"] = starts.index(start + shift) + 1
        if data.get("quote_en"):
            record["quote_en"] = data["quote_en"]
        if data.get("claimant"):
            record["claimant"] = ids.get(data["claimant"], data["claimant"])
        records.append(record)
    return records


def add_aliases(text: str, line: int, aliases: list[str]) -> str:
    """`text` (an entities file) with `aliases` added to the record starting at `line` (1-based):
    to its flow list (aliases: [a, b]), after its block list, or as a new key."""
    lines = text.split("\n")
    first = line - 1
    last = next((i for i in range(first + 1, len(lines)) if lines[i].startswith("-")), len(lines))
    indent = " " * (len(lines[first]) - len(lines[first].lstrip("- ")))
    flow = yaml.safe_dump(aliases, allow_unicode=True, default_flow_style=True, width=10**6).strip()
    for i in range(first, last):
        match = re.match(r"^(\s*-?\s*)aliases:\s*(\[.*\])\s*$", lines[i])
        if match:
            known = yaml.safe_load(match[2]) or []
            joined = yaml.safe_dump([*known, *aliases], allow_unicode=True, default_flow_style=True, width=10**6)
            lines[i] = f"{match[1]}aliases: {joined.strip()}"
            return "\n".join(lines)
        if re.match(r"^\s*-?\s*aliases:\s*$", lines[i]):
            end = i + 1
            while end < last and re.match(r"^\s+-\s", lines[end]):
                end += 1
            item = lines[i + 1][: len(lines[i + 1]) - len(lines[i + 1].lstrip())] if end > i + 1 else indent + "  "
            lines[end:end] = [f"{item}- {yaml.safe_dump(a, allow_unicode=True).split(chr(10))[0]}" for a in aliases]
            return "\n".join(lines)
    end = last
    while end > first + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    lines[end:end] = [f"{indent}aliases: {flow}"]
    return "\n".join(lines)


def _entity_file(entity: EntityRecord, seed_dir: Path) -> Path:
    """The file defining `entity`, which must lie in the seed directory's entities/."""
    path = Path(entity.where.path).resolve()
    if path.parent != (seed_dir / "entities").resolve():
        raise Rejected([f"entity {entity.id} is defined outside {seed_dir / 'entities'}: {path}"])
    return path


def _files(submission: Submission, article: Article, corpus: Corpus, seed_dir: Path) -> dict[Path, bytes]:
    """Every file the save writes, relative to the seed directory, with its whole new content."""
    ids = {e.draft_id: e.id for e in submission.entities} | {m.draft_id: m.into for m in submission.merges}
    files: dict[Path, bytes] = {Path("documents", f"{article.id}.txt"): submission.article}
    for relative in (Path("claims", f"{article.id}.yaml"), Path("entities", f"{article.id}.yaml")):
        if (seed_dir / relative).exists():
            raise Rejected([f"{seed_dir / relative} already exists: a file this save would write"])
    catalogue = (seed_dir / "documents.yaml").read_text(encoding="utf-8")
    record = _yaml([_catalogue_record(article, submission.catalogue)])
    files[Path("documents.yaml")] = (catalogue.rstrip("\n") + "\n\n" + record).encode("utf-8")
    if submission.entities:
        entities = [_entity_record(e, article.script) for e in submission.entities]
        files[Path("entities", f"{article.id}.yaml")] = _yaml(entities).encode("utf-8")
    edited: dict[Path, str] = {}
    for merge in sorted(submission.merges, key=lambda m: -_line(corpus, m.into)):  # bottom up: lines stay put
        known = corpus.entities.get(merge.into)
        if known is None:
            raise Rejected([f"candidate {merge.draft_id}: no entity {merge.into!r} to merge it into"])
        if merge.spelling in (known.label, known.zh_hans, known.zh_hant, *known.aliases):
            continue
        path = _entity_file(known, seed_dir)
        text = edited.get(path) or path.read_text(encoding="utf-8")
        edited[path] = add_aliases(text, known.where.line, [merge.spelling])
    for path, text in edited.items():
        files[path.relative_to(seed_dir.resolve())] = text.encode("utf-8")
    claims = _claim_records(submission, article, submission.article.decode("utf-8"), ids)
    content = _yaml({"document": article.id, "claims": claims})
    files[Path("claims", f"{article.id}.yaml")] = content.encode("utf-8")
    return files


def _line(corpus: Corpus, entity: str) -> int:
    known = corpus.entities.get(entity)
    return known.where.line if known else 0


def _located(problem: Problem, staged: Path, seed_dir: Path) -> str:
    """A problem of the staged copy at its place in the real seed directory."""
    path = Path(problem.location.path).resolve()
    message = problem.message.replace(str(staged), str(seed_dir))  # "already defined at <file:line>"
    if path.is_relative_to(staged):
        return str(Problem(Location.of(seed_dir / path.relative_to(staged), problem.location.line), message))
    return str(Problem(problem.location, message))


def _validate(seed_dir: Path, files: Mapping[Path, bytes]) -> None:
    """Compile a copy of the seeds with `files` written into it; Rejected with every problem."""
    with tempfile.TemporaryDirectory(prefix="stargate-kg-review-") as work:
        staged = Path(work).resolve() / "seeds"
        shutil.copytree(seed_dir, staged, ignore=shutil.ignore_patterns(".*"))
        for relative, content in files.items():
            (staged / relative).write_bytes(content)
        try:
            compile_seeds(staged)
        except SeedErrors as errors:
            raise Rejected([_located(p, staged, seed_dir) for p in errors.problems]) from None


def _put(path: Path, content: bytes) -> None:
    write_atomically(path, lambda output: output.write(content))


def _write_all(seed_dir: Path, files: Mapping[Path, bytes]) -> None:
    """Write each file atomically, in an order that keeps the seeds loadable between two files
    (text, entities, catalogue, claims); on a failure, put back those already written."""
    order = {"documents": 0, "entities": 1, "documents.yaml": 2, "claims": 3}
    done: list[tuple[Path, bytes | None]] = []
    try:
        for relative in sorted(files, key=lambda p: order[p.parts[0]]):
            path = seed_dir / relative
            before = path.read_bytes() if path.is_file() else None
            _put(path, files[relative])  # whole or not at all: only what was written is put back
            done.append((path, before))
    except BaseException:
        for path, before in reversed(done):
            if before is None:
                path.unlink(missing_ok=True)
            else:
                _put(path, before)
        raise


class Curator:
    """Saves into one seed directory, one save at a time."""

    def __init__(self, seed_dir: Path) -> None:
        self.seed_dir = seed_dir.resolve()
        self._lock = threading.Lock()

    def save(self, submission: Submission, holder: GraphHolder) -> Saved:
        """Validate and write a reviewed draft, then serve the graph rebuilt from the seeds
        (blocking: call it from a worker thread)."""
        with self._lock:
            corpus = load_corpus(self.seed_dir)
            if corpus.problems:
                raise Rejected([str(p) for p in corpus.problems])
            try:
                article = new_article(Path("article"), submission.article, corpus.documents)
            except ArticleError as error:
                raise Rejected([str(error).removeprefix("article: ")]) from None
            files = _files(submission, article, corpus, self.seed_dir)
            _validate(self.seed_dir, files)
            _write_all(self.seed_dir, files)
            if not rebuild(holder, self.seed_dir):
                raise Rejected(["the files were written, but the rebuild failed: " + "; ".join(holder.errors)])
        claims = tuple(f"{article.id}/{c['id']}" for c in submission.claims)
        return Saved(article.id, claims, tuple(os.fspath(p) for p in sorted(files)))
