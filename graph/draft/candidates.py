"""Names the graph does not know, proposed as candidate new entities with a guessed class.

Chinese names are the proper nouns jieba's dictionary and tagger find (人名 nr, 地名 ns, 机构名
nt, 其他专名 nz); Latin ones are runs of capitalised words. The class is guessed from the name's
ending (公司, 基金, University...), else from the tag: rules.yaml holds both tables. A candidate
never overlaps a linked mention, and a word of `not_names` (AI, CEO) is none.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from graph.draft.fold import Folded, fold
from graph.draft.rules import Rules

LATIN_NAME = re.compile(r"(?<![A-Za-z0-9])[A-Z][A-Za-z0-9&'.-]*[A-Za-z0-9](?:[ ](?:[A-Z][A-Za-z0-9&'.-]*[A-Za-z0-9]))*")
HAN = re.compile(r"[\u4e00-\u9fff]")
URL = re.compile(r"(?:https?://|www\.)\S+")


@dataclass(frozen=True)
class Candidate:
    id: str  # a proposed id: a slug of a Latin name, else new-N
    label: str  # as the article first writes it
    type: str  # the guessed ontology class
    rule: str  # what proposed it
    mentions: tuple[tuple[int, int], ...]  # the article's offsets of each mention

    @property
    def confidence(self) -> float:
        """More mentions, surer; never sure: a curator decides."""
        return round(min(0.3 + 0.1 * len(self.mentions), 0.8), 2)


@cache
def _tagger() -> Any:
    """jieba's part-of-speech tagger, loaded once (its dictionary takes a second or two). jieba 0.42
    predates Python 3.6's warning about invalid escapes in its regular expressions: silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import jieba  # type: ignore[import-untyped]
        import jieba.posseg  # type: ignore[import-untyped]

    jieba.setLogLevel(logging.WARNING)
    return jieba.posseg


@cache
def _dotted_name(transliteration: frozenset[str]) -> re.Pattern[str]:
    """A foreign name in Chinese: transliterated parts joined by a middle dot (拉里·埃里森)."""
    part = "[" + "".join(sorted(transliteration)) + "]"
    return re.compile(f"{part}{{1,6}}(?:[·•・]{part}{{1,8}})+")


def _type_by_ending(name: str, rules: Rules) -> str | None:
    folded = fold(name)
    for ending in sorted(rules.name_endings, key=len, reverse=True):
        if folded.endswith(ending) and (len(folded) > len(ending)):
            before = folded[-len(ending) - 1]
            if ending.isascii() and before.isalnum():
                continue  # "act" ends "Contract": an ending is a word of its own
            return rules.name_endings[ending]
    return None


def _looks_like_name(word: str, flag: str, rules: Rules) -> bool:
    """Whether a word jieba tags as a name is one (see transliteration_chars in rules.yaml)."""
    if flag in rules.name_tags_always or _type_by_ending(word, rules):
        return True
    if all(char in rules.transliteration_chars for char in word):
        return True
    return len(word) == 3 and word[0] in rules.surnames and flag.startswith("nr")


def _chinese_names(folded: Folded, rules: Rules) -> Iterable[tuple[int, int, str, str]]:
    """(start, end, class, rule) of each proper noun jieba tags, of each name ending in a word of
    name_endings together with the nouns before it (克鲁索 能源 公司), and of each dotted foreign
    name (拉里·埃里森), in the article's offsets."""
    tokens, offset = [], 0
    for pair in _tagger().cut(folded.text):
        tokens.append((offset, offset + len(pair.word), pair.word, pair.flag))
        offset += len(pair.word)
    for index, (start, end, word, flag) in enumerate(tokens):
        if flag in rules.name_tags and len(word) > 1 and HAN.search(word) and _looks_like_name(word, flag, rules):
            guessed = _type_by_ending(word, rules) or rules.name_tags[flag]
            yield (*folded.span(start, end), guessed, f"jieba:{flag}")
        if word in rules.name_endings and HAN.search(word):
            first = index
            while first > 0 and index - first < 3 and tokens[first - 1][3].startswith("n"):
                first -= 1
            if any(tokens[i][3] in rules.name_tags for i in range(first, index)):
                yield (*folded.span(tokens[first][0], end), rules.name_endings[word], "name-ending")
    for match in _dotted_name(rules.transliteration_chars).finditer(folded.text):
        yield (*folded.span(match.start(), match.end()), "Person", "dotted-name")


def _latin_names(text: str, rules: Rules) -> Iterable[tuple[int, int, str, str]]:
    links = [(m.start(), m.end()) for m in URL.finditer(text)]
    for match in LATIN_NAME.finditer(text):
        if any(start <= match.start() < end for start, end in links):
            continue
        words = match[0].split(" ")
        while words and fold(words[0]) in rules.not_names:
            words.pop(0)
        if not words or (len(words) == 1 and fold(words[0]) in rules.not_names):
            continue
        name = " ".join(words)
        start = match.end() - len(name)
        guessed = _type_by_ending(name, rules)
        if guessed is None:
            person = len(words) >= rules.latin_person_words and all(w[1:].islower() for w in words)
            guessed = "Person" if person else rules.latin_name_type
        yield start, match.end(), guessed, "latin-capitalised"


def _slug(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def find_candidates(folded: Folded, taken: list[tuple[int, int]], rules: Rules) -> list[Candidate]:
    """The unknown names of the article, each once with all its mentions, in order of first mention;
    `taken` are the spans already read (linked mentions, values, triggers), which no name overlaps."""
    taken = list(taken)
    by_name: dict[str, list[tuple[int, int, str, str]]] = {}
    found = sorted([*_chinese_names(folded, rules), *_latin_names(folded.original, rules)], key=lambda f: (f[0], -f[1]))
    for start, end, guessed, rule in found:
        if any(s < end and start < e for s, e in taken):
            continue
        taken.append((start, end))
        by_name.setdefault(fold(folded.original[start:end]), []).append((start, end, guessed, rule))
    candidates, used = [], set()
    for number, places in enumerate(by_name.values(), start=1):
        start, end, guessed, rule = places[0]
        label = folded.original[start:end]
        slug = _slug(label) if label.isascii() else ""
        identifier = slug if slug and slug not in used else f"new-{number}"
        used.add(identifier)
        candidates.append(Candidate(identifier, label, guessed, rule, tuple((s, e) for s, e, _, _ in places)))
    return candidates
