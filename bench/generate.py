"""A deterministic generator of larger worlds, written in the seed format (graph/seeds/README.md).

A world of factor N is N replicas of the seed corpus. Replica 0 is the seed corpus itself, so
every question asked of the seed graph has the same answer in every world. Each other replica
re-tells the five articles about its own venture: every seed entity gets a synthetic bilingual twin (bench/names.py) and
every mention of a seed name in a document, a title, a quote, a reason or a text value is replaced
by the twin's name in the same script (Simplified, Traditional or Latin). Claims keep their
relation, value, qualifiers, claimant and dispute target, so the world has the seed's relation
mix, its contradictions between documents and its disputes, in the same proportions. Quotes are
cut from the rewritten documents by position, so they stay verbatim by construction.

Things the real world has once (places, chip models, government bodies: GLOBAL_TYPES) are shared
by every replica rather than copied. They become hubs whose degree grows with the world, which is
what makes multi-hop queries and centrality expensive on real graphs.

Output is streamed replica by replica, so memory stays bounded whatever the factor. The same
factor always gives byte-identical files.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import yaml

from bench.names import Name, make_name, simplified, traditional
from graph.files.atomic import write_atomically
from graph.files.problems import SeedErrors
from graph.ingest.anchors import anchor, positions
from graph.ingest.judgements import FILE_NAME as JUDGEMENTS_FILE
from graph.ingest.seeds import (
    DEFAULT_SEED_DIR,
    ClaimRecord,
    Corpus,
    DocumentRecord,
    EntityRecord,
    Text,
    load_corpus,
    seed_number,
    seed_value,
)
from graph.runtime.progress import SILENT, Progress
from graph.vocab.vocabulary import load_vocabulary

GLOBAL_TYPES = frozenset({"Place", "ChipModel", "GovernmentBody"})
MANIFEST = "GENERATED.json"
GENERATOR_VERSION = 4
REPLICAS_PER_ENTITY_FILE = 100
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
ALIAS_KINDS = ("latin", "hans", "hant")
_CJK = re.compile(r"[\u3400-\u9fff]")


def _script(name: str) -> str:
    """'latin', 'hans' or 'hant': which form of a twin's name replaces this seed name."""
    if not _CJK.search(name):
        return "latin"
    return "hant" if simplified(name) != name else "hans"


@dataclass(frozen=True)
class Slot:
    """One name of a seed entity: which entity, and which form of its twin's name replaces it."""

    entity: str
    kind: str  # label | zh_hans | zh_hant | latin | hans | hant
    index: int = 0


Segment = str | Slot


def _render(segments: tuple[Segment, ...], names: dict[Slot, str]) -> str:
    return "".join(s if isinstance(s, str) else names[s] for s in segments)


@dataclass
class Template:
    """The seed corpus, with every text cut into literal pieces and replaceable names."""

    corpus: Corpus
    local: list[EntityRecord]  # copied per replica
    shared: list[EntityRecord]  # GLOBAL_TYPES: one for the whole world
    slots: dict[str, tuple[Slot, ...]]  # entity id -> its name slots
    pattern: re.Pattern[str]
    slot_of_name: dict[str, Slot]
    texts: dict[str, tuple[Segment, ...]] = field(default_factory=dict)  # document id -> segments
    quotes: dict[str, tuple[tuple[Segment, ...], tuple[Segment, ...]]] = field(default_factory=dict)
    # claim key -> (the document's segments before the quote, the quote's segments)
    claims: dict[str, list[ClaimRecord]] = field(default_factory=dict)  # document id -> its claims
    defaults: dict[str, str] = field(default_factory=dict)  # qualifier key -> its declared default
    written: set[Slot] = field(default_factory=set)  # the name slots some document text uses
    judgements: list[dict[str, Any]] = field(default_factory=list)  # graph/seeds/judgements.yaml as written

    def segments(self, text: str) -> tuple[Segment, ...]:
        return tuple(self._cut(text, 0, len(text)))

    def _cut(self, text: str, start: int, end: int) -> Iterator[Segment]:
        position = start
        for match in self.pattern.finditer(text, start, end):
            if match.start() > position:
                yield text[position : match.start()]
            yield self.slot_of_name[match.group()]
            position = match.end()
        if position < end:
            yield text[position:end]

    def quote_segments(self, claim: ClaimRecord) -> tuple[tuple[Segment, ...], tuple[Segment, ...]]:
        """The quote as a run of its document's segments, and the segments before it: a name cut by
        the quote's edge is taken whole, so the rewritten quote is a slice of the rewritten document
        at a known place (which says its occurrence there)."""
        text = self.corpus.documents[claim.document].text
        start = anchor(text, claim.quote, claim.occurrence).start
        end = start + len(claim.quote)
        for match in self.pattern.finditer(text):
            if match.start() < start < match.end():
                start = match.start()
            if match.start() < end < match.end():
                end = match.end()
        return tuple(self._cut(text, 0, start)), tuple(self._cut(text, start, end))


def _entity_slots(entity: EntityRecord) -> tuple[tuple[str, Slot], ...]:
    found: list[tuple[str, Slot]] = [(entity.label, Slot(entity.id, "label"))]
    if entity.zh_hans:
        found.append((entity.zh_hans, Slot(entity.id, "zh_hans")))
    if entity.zh_hant:
        found.append((entity.zh_hant, Slot(entity.id, "zh_hant")))
    counts = {"latin": 0, "hans": 0, "hant": 0}
    for alias in entity.aliases:
        kind = _script(alias)
        found.append((alias, Slot(entity.id, kind, counts[kind])))
        counts[kind] += 1
    return tuple(found)


def load_template(seed_dir: Path = DEFAULT_SEED_DIR) -> Template:
    """Read the real seeds and prepare them for rewriting."""
    corpus = load_corpus(seed_dir)
    if corpus.problems:
        raise SeedErrors(corpus.problems)
    local = [e for e in corpus.entities.values() if e.type not in GLOBAL_TYPES]
    shared = [e for e in corpus.entities.values() if e.type in GLOBAL_TYPES]
    slot_of_name: dict[str, Slot] = {}
    slots: dict[str, tuple[Slot, ...]] = {}
    for entity in local:
        pairs = _entity_slots(entity)
        slots[entity.id] = tuple(slot for _, slot in pairs)
        for name, slot in pairs:
            slot_of_name.setdefault(name, slot)  # a name repeated as an alias keeps its first slot
    longest_first = sorted(slot_of_name, key=lambda n: (-len(n), n))
    pattern = re.compile("|".join(re.escape(n) for n in longest_first))
    template = Template(corpus, local, shared, slots, pattern, slot_of_name)
    template.texts = {d.id: template.segments(d.text) for d in corpus.documents.values()}
    template.written = {seg for segs in template.texts.values() for seg in segs if isinstance(seg, Slot)}
    template.quotes = {c.key: template.quote_segments(c) for c in corpus.claims}
    template.defaults = {q.key: q.default for q in load_vocabulary().qualifiers.values() if q.default}
    for claim in corpus.claims:
        template.claims.setdefault(claim.document, []).append(claim)
    judgements = seed_dir / JUDGEMENTS_FILE
    if judgements.exists():
        template.judgements = yaml.safe_load(judgements.read_text(encoding="utf-8")) or []
    return template


def _twin_names(template: Template, entity: EntityRecord, name: Name) -> dict[Slot, str]:
    forms: dict[Slot, str] = {}
    for slot in template.slots[entity.id]:
        if slot.kind == "label":
            forms[slot] = name.full_en
        elif slot.kind == "zh_hans":
            forms[slot] = name.full_zh
        elif slot.kind == "zh_hant":
            forms[slot] = traditional(name.full_zh)
        elif slot.kind == "latin":
            forms[slot] = name.latin(slot.index)
        elif slot.kind == "hans":
            forms[slot] = name.chinese(slot.index)
        else:
            forms[slot] = traditional(name.chinese(slot.index))
    return forms


@dataclass
class Replica:
    """One re-telling of the seed corpus: its entity twins, names and document ids."""

    number: int
    entity_ids: dict[str, str]  # seed id -> twin id (shared entities map to themselves)
    names: dict[Slot, str]
    document_ids: dict[str, str]
    entities: list[dict[str, Any]]


def _document_id(serial: int, seed_id: str) -> str:
    """'<serial mod 1000>_<16 hex>' like the seed ids; the hash of seed id and serial keeps it unique."""
    digest = hashlib.sha1(f"{seed_id}|{serial}".encode()).hexdigest()[:16]
    return f"{serial % 1000:03d}_{digest}"


def make_replica(template: Template, number: int) -> Replica:
    """Replica 0 is the seed corpus itself, so every question asked of the seed graph (entity
    'softbank', the competency queries) has the same answer in every world; the others are twins."""
    entity_ids = {e.id: e.id for e in template.shared}
    names: dict[Slot, str] = {}
    entities: list[dict[str, Any]] = []
    for offset, entity in enumerate(template.local):
        if number == 0:
            entity_ids[entity.id] = entity.id
            names.update({slot: name for name, slot in _entity_slots(entity)})
            entities.append(_seed_record(entity))
            continue
        name = make_name((number - 1) * len(template.local) + offset, entity.type)
        entity_ids[entity.id] = name.slug
        forms = _twin_names(template, entity, name)
        names.update(forms)
        record: dict[str, Any] = {"id": name.slug, "type": entity.type, "label": name.full_en}
        if entity.zh_hans:
            record["zh_hans"] = name.full_zh
        if entity.zh_hant:
            record["zh_hant"] = traditional(name.full_zh)
        # an alias only where the texts write it as itself (not only inside a longer name): aliases are verbatim
        aliases = [forms[s] for s in template.slots[entity.id] if s.kind in ALIAS_KINDS and s in template.written]
        if aliases:
            record["aliases"] = list(dict.fromkeys(aliases))
        if entity.description:
            record["description"] = f"Synthetic twin of the seed entity {entity.id!r}."
        entities.append(record)
    per_replica = len(template.corpus.documents)
    document_ids = {
        d: d if number == 0 else _document_id(number * per_replica + i, d)
        for i, d in enumerate(template.corpus.documents)
    }
    return Replica(number, entity_ids, names, document_ids, entities)


def _rewrite(template: Template, replica: Replica, text: str) -> str:
    return _render(template.segments(text), replica.names)


def _value(template: Template, replica: Replica, claim: ClaimRecord) -> dict[str, Any] | None:
    value = claim.value
    if isinstance(value, Text):
        rewritten: dict[str, Any] = {"text": _rewrite(template, replica, value.text)}
        if value.lang:
            rewritten["lang"] = value.lang
        return rewritten
    return seed_value(value) if value is not None else None


def _qualifiers(template: Template, replica: Replica, claim: ClaimRecord) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, raw in vars(claim.qualifiers).items():
        if raw is None:
            continue
        if key in ("as_of", "start", "end"):
            out[key] = raw.iso
        elif key == "share":
            out[key] = seed_number(raw)
        elif key == "item":
            out[key] = replica.entity_ids[raw]
        elif key == "reason":
            out[key] = _rewrite(template, replica, raw)
        elif raw == template.defaults.get(key):
            continue  # a declared default (positive, asserted) goes without saying
        elif key == "target" and "/" in raw:
            document, local_id = raw.split("/", 1)
            out[key] = f"{replica.document_ids[document]}/{local_id}"
        else:
            out[key] = raw
    return out


def _claim_record(template: Template, replica: Replica, claim: ClaimRecord, text: str) -> dict[str, Any]:
    """The claim retold in the replica whose document text is `text`."""
    record: dict[str, Any] = {"id": claim.id, "subject": replica.entity_ids[claim.subject], "relation": claim.relation}
    if claim.joint:
        record["with"] = [replica.entity_ids[party] for party in claim.joint]
    if claim.object is not None:
        record["object"] = replica.entity_ids[claim.object]
    value = _value(template, replica, claim)
    if value is not None:
        record["value"] = value
    qualifiers = _qualifiers(template, replica, claim)
    if qualifiers:
        record["qualifiers"] = qualifiers
    # the seed's own quote in replica 0; elsewhere the rewritten run of document segments
    before, quoted = template.quotes[claim.key]
    quote = _render(quoted, replica.names)
    record["quote"] = quote
    starts = positions(text, quote)
    if len(starts) > 1:
        record["occurrence"] = starts.index(len(_render(before, replica.names))) + 1
    for key in ("quote_en", "reason_en"):
        if getattr(claim, key):
            record[key] = _rewrite(template, replica, getattr(claim, key))
    if claim.claimant is not None:
        record["claimant"] = replica.entity_ids[claim.claimant]
    return record


def _document_record(template: Template, replica: Replica, doc: DocumentRecord) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": replica.document_ids[doc.id],
        "title": _rewrite(template, replica, doc.title),
        "title_en": _rewrite(template, replica, doc.title_en or ""),
        "outlet": doc.outlet,
    }
    if doc.published is not None:
        record["published"] = doc.published.iso
    if doc.published_note:
        record["published_note"] = doc.published_note
    record.update(language=doc.language, script=doc.script)
    return record


def _dump(data: Any, out: TextIO) -> None:
    yaml.dump(data, out, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1 << 16)


def _seed_record(entity: EntityRecord) -> dict[str, Any]:
    record: dict[str, Any] = {"id": entity.id, "type": entity.type, "label": entity.label}
    for key in ("zh_hans", "zh_hant"):
        if getattr(entity, key):
            record[key] = getattr(entity, key)
    if entity.aliases:
        record["aliases"] = list(entity.aliases)
    if entity.description:
        record["description"] = entity.description
    if entity.wikidata:
        record["wikidata"] = entity.wikidata
    return record


def _replica_judgements(template: Template, replica: Replica) -> list[dict[str, Any]]:
    """The seed judgements, naming the replica's claims: every replica keeps the seed's verdicts."""
    documents = {d.split("_")[0]: d for d in template.corpus.documents} | {d: d for d in template.corpus.documents}
    judged = []
    for record in template.judgements:
        claims = []
        for key in record["claims"]:
            document, _, local_id = str(key).partition("/")
            claims.append(f"{replica.document_ids[documents[document]]}/{local_id}")
        judged.append({**record, "claims": claims, "date": str(record["date"])})
    return judged


@dataclass(frozen=True)
class Summary:
    factor: int
    documents: int
    entities: int
    claims: int

    def as_dict(self) -> dict[str, int | str]:
        return {
            "factor": self.factor,
            "documents": self.documents,
            "entities": self.entities,
            "claims": self.claims,
            "generator_version": GENERATOR_VERSION,
            "seeds": seeds_fingerprint(),
        }


def seeds_fingerprint(seed_dir: Path = DEFAULT_SEED_DIR) -> str:
    """A hash of every seed file: a world generated from other seeds is generated again (a kept
    world from older seeds failed its build once their aliases changed)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in seed_dir.rglob("*") if p.is_file()):
        digest.update(path.relative_to(seed_dir).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def generate(out_dir: Path, factor: int, template: Template | None = None, progress: Progress = SILENT) -> Summary:
    """Write a world of `factor` replicas to `out_dir` (replaced if it exists), counting the
    replicas on `progress`."""
    if factor < 1:
        raise ValueError(f"factor must be at least 1, got {factor}")
    template = template or load_template()
    if out_dir.exists():
        shutil.rmtree(out_dir)
    for sub in ("documents", "entities", "claims"):
        (out_dir / sub).mkdir(parents=True)
    with (out_dir / "entities" / "shared.yaml").open("w", encoding="utf-8") as out:
        _dump([_seed_record(e) for e in template.shared], out)
    documents = claims = 0
    entity_file: TextIO | None = None
    judged: list[dict[str, Any]] = []
    with (out_dir / "documents.yaml").open("w", encoding="utf-8") as catalogue:
        for number in range(factor):
            replica = make_replica(template, number)
            if number % REPLICAS_PER_ENTITY_FILE == 0:
                if entity_file is not None:
                    entity_file.close()
                entity_file = (out_dir / "entities" / f"replicas-{number:06d}.yaml").open("w", encoding="utf-8")
            assert entity_file is not None
            _dump(replica.entities, entity_file)
            judged += _replica_judgements(template, replica)
            for seed_id, doc in template.corpus.documents.items():
                doc_id = replica.document_ids[seed_id]
                text = _render(template.texts[seed_id], replica.names)
                (out_dir / "documents" / f"{doc_id}.txt").write_text(text, encoding="utf-8")
                _dump([_document_record(template, replica, doc)], catalogue)
                records = [_claim_record(template, replica, c, text) for c in template.claims[seed_id]]
                with (out_dir / "claims" / f"{doc_id}.yaml").open("w", encoding="utf-8") as out:
                    _dump({"document": doc_id, "claims": records}, out)
                documents += 1
                claims += len(records)
            progress.count("replicas", number + 1, factor)
    progress.done()
    if entity_file is not None:
        entity_file.close()
    if judged:
        with (out_dir / JUDGEMENTS_FILE).open("w", encoding="utf-8") as out:
            _dump(judged, out)
    summary = Summary(factor, documents, len(template.shared) + factor * len(template.local), claims)
    manifest = json.dumps(summary.as_dict(), indent=2) + "\n"  # last, and whole: it says the world is complete
    write_atomically(out_dir / MANIFEST, lambda output: output.write(manifest.encode("utf-8")))
    return summary


def read_manifest(out_dir: Path) -> dict[str, int] | None:
    """The summary of a complete generated world (the manifest is written last), else None."""
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def ensure_world(out_dir: Path, factor: int, progress: Progress = SILENT) -> Path:
    """Generate the world unless a complete one of this factor, generator version and seeds is there."""
    manifest = read_manifest(out_dir)
    wanted = {"factor": factor, "generator_version": GENERATOR_VERSION, "seeds": seeds_fingerprint()}
    if not (manifest and all(manifest.get(key) == value for key, value in wanted.items())):
        generate(out_dir, factor, progress=progress)
    return out_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.splitlines()[0])
    parser.add_argument("factor", type=int, help="how many times the seed corpus (10, 100, 1000, 10000)")
    parser.add_argument("out", type=Path, help="output seed directory (replaced if it exists)")
    args = parser.parse_args(argv)
    progress = Progress()  # on a terminal only
    progress(f"writing {args.factor} replicas of the seed corpus to {args.out}")
    summary = generate(args.out, args.factor, progress=progress)
    print(json.dumps(summary.as_dict()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
