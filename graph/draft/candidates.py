"""Names the graph does not know, proposed as candidate new entities with a guessed class.

Chinese names are words of jieba's segmentation that its dictionary tags as proper nouns (人名 nr,
地名 ns, 机构名 nt, 其他专名 nz) or lacks, when they look like names (transliterations, a surname and
a given name, a name ending, a rare dictionary name, a new word repeated), names ending in an
organisation word with the nouns before them, and dotted foreign names; Latin ones are runs of
capitalised words. The class is guessed from the name's ending (公司, 基金, University...), else from
the tag: rules.yaml holds the tables. A candidate never overlaps a linked mention or a value, and
a word of `not_names` (AI, CEO), a month or a weekday (January, Monday) is none.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from graph.draft.fold import Folded, fold
from graph.draft.rules import Rules

LATIN_NAME = re.compile(r"(?<![A-Za-z0-9])[A-Z][A-Za-z0-9&'.-]*[A-Za-z0-9](?:[ ](?:[A-Z][A-Za-z0-9&'.-]*[A-Za-z0-9]))*")
LATIN_RULE = "latin-capitalised"
HAN = re.compile(r"[\u4e00-\u9fff]+")
URL = re.compile(r"(?:https?://|www\.)\S+")


@dataclass(frozen=True)
class Candidate:
    id: str  # a proposed id: a slug of a Latin name, else new-N
    label: str  # as the article first writes it
    type: str  # the guessed ontology class
    rule: str  # what proposed it
    mentions: tuple[tuple[int, int], ...]  # the article's offsets of each mention
    confidence: float  # more mentions, surer (rules.yaml candidate_confidence); never sure
    alias_of: str | None = None  # a known entity one of whose names begins with this one (SoftBank)


@dataclass(frozen=True)
class _Segmenter:
    """jieba's word segmentation (its HMM finds words its dictionary lacks: most new names) and the
    noun tags of its dictionary (n, nr, ns, nt, nz...), all a name needs; loading jieba.posseg's
    tables instead would take seconds more."""

    cut: Callable[[str], Iterable[str]]
    nouns: dict[bytes, bytes]  # word -> its noun tag, both UTF-8
    frequencies: dict[str, int]  # every word of the dictionary (and its prefixes, at 0)

    def tag(self, word: str) -> str:
        """The word's noun tag, OTHER_WORD for another word of the dictionary, NEW_WORD for one it lacks."""
        noun = self.nouns.get(word.encode("utf-8"))
        if noun is not None:
            return noun.decode("ascii")
        return OTHER_WORD if self.frequencies.get(word) else NEW_WORD


NEW_WORD, OTHER_WORD = "new", "other"


@cache
def _segmenter() -> _Segmenter:
    """Loaded once (a second or two). jieba 0.42 predates Python 3.6's warning about invalid
    escapes in its regular expressions: silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import jieba  # type: ignore[import-untyped]

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    with jieba.get_dict_file() as dictionary:
        nouns = dict(re.findall(rb"^(\S+) \d+ (n\w*)$", dictionary.read(), re.MULTILINE))
    return _Segmenter(jieba.cut, nouns, jieba.dt.FREQ)


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


def _could_be_name(word: str, rules: Rules) -> bool:
    """A name ending (公司), transliteration characters only (特朗普), or a surname and two more (孙正义)."""
    return bool(
        _type_by_ending(word, rules)
        or all(char in rules.transliteration_chars for char in word)
        or (len(word) == 3 and word[0] in rules.surnames)
    )


def _chinese_names(folded: Folded, rules: Rules) -> Iterable[tuple[int, int, str, str]]:
    """(start, end, class, rule) of each word that could be a name and that jieba's dictionary tags
    as one or lacks, of each name ending in a word of name_endings together with the nouns before
    it (克鲁索 能源 公司), and of each dotted foreign name (拉里·埃里森), in the article's offsets."""
    segmenter = _segmenter()
    tokens, offset = [], 0
    for word in segmenter.cut(folded.text):
        tokens.append((offset, offset + len(word), word))
        offset += len(word)
    repeated = Counter(word for _, _, word in tokens)
    for index, (start, end, word) in enumerate(tokens):
        if len(word) > 1 and HAN.fullmatch(word):
            flag = segmenter.tag(word)
            rare = flag in rules.name_tags and segmenter.frequencies.get(word, 0) <= rules.rare_name_frequency
            new = flag == NEW_WORD and repeated[word] >= rules.new_word_repeats and len(word) <= rules.new_word_chars
            if (flag in rules.name_tags or flag == NEW_WORD) and (_could_be_name(word, rules) or rare or new):
                guessed = _type_by_ending(word, rules) or rules.name_tags.get(flag, rules.latin_name_type)
                if flag == NEW_WORD and _could_be_name(word, rules) and not _type_by_ending(word, rules):
                    guessed = "Person"  # a transliteration or a surname and a given name
                yield (*folded.span(start, end), guessed, f"jieba:{flag}")
        if word in rules.name_endings and HAN.fullmatch(word):
            flags: list[str] = []
            while len(flags) < 3 and index > len(flags):
                before = tokens[index - len(flags) - 1][2]
                flag = segmenter.tag(before)
                if not HAN.fullmatch(before) or not (flag.startswith("n") or flag == NEW_WORD):
                    break
                flags.append(flag)
            if any(flag in rules.name_tags or flag == NEW_WORD for flag in flags):
                first = tokens[index - len(flags)][0]
                yield (*folded.span(first, end), rules.name_endings[word], "name-ending")
    for match in _dotted_name(rules.transliteration_chars).finditer(folded.text):
        yield (*folded.span(match.start(), match.end()), "Person", "dotted-name")


def _not_a_name(word: str, rules: Rules) -> bool:
    """A word of `not_names` (AI, CEO), or a month or a day of the week (January, Monday)."""
    folded = fold(word)
    return folded in rules.not_names or folded in rules.months or folded in rules.weekdays


def _latin_names(text: str, rules: Rules) -> Iterable[tuple[int, int, str, str]]:
    links = [(m.start(), m.end()) for m in URL.finditer(text)]
    for match in LATIN_NAME.finditer(text):
        if any(start <= match.start() < end for start, end in links):
            continue
        words = match[0].split(" ")
        while words and _not_a_name(words[0], rules):
            words.pop(0)
        if not words or (len(words) == 1 and _not_a_name(words[0], rules)):
            continue
        name = " ".join(words)
        start = match.end() - len(name)
        guessed = _type_by_ending(name, rules)
        if guessed is None:
            person = len(words) >= rules.latin_person_words and all(w[1:].islower() for w in words)
            guessed = "Person" if person else rules.latin_name_type
        yield start, match.end(), guessed, LATIN_RULE


def _slug(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def find_candidates(
    folded: Folded,
    taken: list[tuple[int, int]],
    rules: Rules,
    words: Sequence[tuple[int, int]] = (),
    reserved: Collection[str] = (),
) -> list[Candidate]:
    """The unknown names of the article, each once with all its mentions, in order of first mention.
    No name overlaps the spans already read (`taken`: linked mentions, values); no Chinese name
    overlaps a trigger word (`words`), which a Latin name may contain (Tritium Partners). A proposed
    id is never one of `reserved` (the known entities' ids)."""
    read, words_read = bytearray(len(folded.original)), bytearray(len(folded.original))  # 1: taken
    for start, end in taken:
        read[start:end] = b"\x01" * (end - start)
    for start, end in words:
        words_read[start:end] = b"\x01" * (end - start)
    by_name: dict[str, list[tuple[int, int, str, str]]] = {}
    found = sorted([*_chinese_names(folded, rules), *_latin_names(folded.original, rules)], key=lambda f: (f[0], -f[1]))
    for start, end, guessed, rule in found:
        if any(read[start:end]) or (rule != LATIN_RULE and any(words_read[start:end])):
            continue
        read[start:end] = b"\x01" * (end - start)
        by_name.setdefault(fold(folded.original[start:end]), []).append((start, end, guessed, rule))
    candidates, used = [], set(reserved)
    for number, places in enumerate(by_name.values(), start=1):
        start, end, guessed, rule = places[0]
        label = folded.original[start:end]
        slug = _slug(label) if label.isascii() else ""
        identifier = slug if slug and slug not in used else f"new-{number}"
        used.add(identifier)
        weights = rules.candidate_confidence
        confidence = round(min(weights["base"] + weights["per_mention"] * len(places), weights["max"]), 2)
        candidates.append(
            Candidate(identifier, label, guessed, rule, tuple((s, e) for s, e, _, _ in places), confidence)
        )
    return candidates
