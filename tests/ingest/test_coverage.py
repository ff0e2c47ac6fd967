"""graph/ingest/coverage.py: the sentence split, and which claims and no_facts marks cover each sentence.

A self-made corpus pins the behaviour exactly; the real seeds, which curators keep changing, are
held only to the invariants (every character of text in exactly one sentence, figures that add up).
"""

# ruff: noqa: RUF001 (Chinese text: its full-width punctuation is the subject)

from __future__ import annotations

from pathlib import Path

import pytest

from graph.ingest.coverage import Figures, corpus_coverage, sentence_spans
from graph.ingest.pipeline import compile_seeds
from tests.seed_dirs import DOCUMENT, write_seed_dir

TEXT = (
    "标题：软银出资\n"
    "作者：某人\n"
    "\n"
    "软银出资190亿美元。软银出资190亿美元！ 他说：“好。”  \n"
    "   \n"
    "马斯克质疑资金?网址 https://x.com/a?b=1 不分句;\n"
    "最后一句没有标点\n"
)
CLAIMS = """\
document: 000_00000000000000aa
claims:
  - id: first
    subject: softbank
    relation: funds
    object: stargate
    value: {amount: 19000000000, currency: USD}
    quote: 软银出资190亿美元
    occurrence: 1
    quote_en: SoftBank puts in US$19 billion
  - id: second
    subject: softbank
    relation: funds
    object: stargate
    value: {amount: 19000000000, currency: USD}
    quote: 软银出资190亿美元
    occurrence: 2
    quote_en: SoftBank puts in US$19 billion
  - id: doubted
    subject: softbank
    relation: funds
    object: stargate
    quote: 资金?网址
    quote_en: the funds? the site
no_facts:
  - lines: "1-2"
    reason: front matter
  - quote: 好
    reason: a remark
"""
# (line, sentence, claims, marks) in document order
EXPECTED = [
    (1, "标题：软银出资", (), ("front matter",)),
    (2, "作者：某人", (), ("front matter",)),
    (4, "软银出资190亿美元。", ("first",), ()),
    (4, "软银出资190亿美元！", ("second",), ()),
    (4, "他说：“好。”", (), ("a remark",)),
    (6, "马斯克质疑资金?", ("doubted",), ()),  # the quote runs across the sentence end: both
    (6, "网址 https://x.com/a?b=1 不分句;", ("doubted",), ()),
    (7, "最后一句没有标点", (), ()),
]


CATALOGUE = f"""\
- id: {DOCUMENT}
  title: 软银出资
  title_en: SoftBank invests
  outlet: o
  published: "2025-01"
  language: zh
  script: Hans
"""


def write_coverage_corpus(root: Path, claims: str = CLAIMS) -> Path:
    """The one-document seed directory above: repeated quotes, a lines mark, an uncovered sentence."""
    seed_dir = write_seed_dir(root, claims)
    (seed_dir / "documents" / f"{DOCUMENT}.txt").write_text(TEXT, encoding="utf-8")
    (seed_dir / "documents.yaml").write_text(CATALOGUE, encoding="utf-8")
    return seed_dir


def test_each_sentence_gets_its_claims_and_marks(tmp_path: Path) -> None:
    corpus = compile_seeds(write_coverage_corpus(tmp_path), shacl=False).corpus
    [report] = corpus_coverage(corpus)
    found = [(s.line, s.text, s.claims, s.marks) for s in report.sentences]
    assert found == EXPECTED
    assert [s.status for s in report.sentences] == [
        *("marked", "marked", "anchored", "anchored", "marked", "anchored", "anchored", "uncovered")
    ]
    assert all(TEXT[s.start : s.end] == s.text for s in report.sentences)
    assert report.figures == Figures(sentences=8, anchored=4, marked=3, uncovered=1)
    assert report.figures.percent == 87.5


def test_a_claim_wins_over_a_mark_on_the_same_sentence(tmp_path: Path) -> None:
    claims = CLAIMS.replace('lines: "1-2"', 'lines: "2-4"')
    corpus = compile_seeds(write_coverage_corpus(tmp_path, claims), shacl=False).corpus
    [report] = corpus_coverage(corpus)
    sentence = report.sentences[2]
    assert (sentence.claims, sentence.marks, sentence.status) == (("first",), ("front matter",), "anchored")
    assert report.sentences[0].status == "uncovered"
    assert report.figures == Figures(sentences=8, anchored=4, marked=2, uncovered=2)


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("甲。乙！丙？丁；戊", ["甲。", "乙！", "丙？", "丁；", "戊"]),
        ("真的？！是的。", ["真的？！", "是的。"]),  # a run of terminators ends one sentence
        ("他说：「好。」然后走了", ["他说：「好。」", "然后走了"]),  # the closing mark stays with it
        ("殺驢?特朗普! 好;", ["殺驢?", "特朗普!", "好;"]),
        ("![图片](https://a.b/c?d=1;e)", ["![图片](https://a.b/c?d=1;e)"]),  # ASCII inside a token
        ("第一行\r\n  \n\t第二行  ", ["第一行", "第二行"]),  # whitespace is trimmed, never a sentence
        ("", []),
        ("。", ["。"]),
    ],
)
def test_the_sentence_split(text: str, sentences: list[str]) -> None:
    assert [text[start:end] for start, end, _ in sentence_spans(text)] == sentences


def test_sentences_know_their_line() -> None:
    assert [line for _, _, line in sentence_spans("甲。乙\n\n丙")] == [1, 1, 3]


def test_the_percentage_is_rounded_down_and_the_threshold_exact() -> None:
    nearly = Figures(sentences=10_000, anchored=9_999, uncovered=1)
    assert nearly.percent == 99.9  # never 100.0 while a sentence is uncovered
    assert not nearly.below(99.99) and nearly.below(99.991)
    assert Figures(sentences=3, anchored=2, uncovered=1).percent == 66.6
    assert Figures().percent == 100.0 and not Figures().below(100)
    assert Figures(4, 1, 2, 1) + Figures(1, 0, 0, 1) == Figures(5, 1, 2, 2)


def test_the_real_seeds_list_every_sentence_once_and_their_figures_add_up() -> None:
    corpus = compile_seeds(shacl=False).corpus
    reports = list(corpus_coverage(corpus))
    assert [report.document.id for report in reports] == list(corpus.documents)
    claims = {claim.key for claim in corpus.claims}
    for report in reports:
        text, sentences = report.document.text, report.sentences
        ends = [0] + [s.end for s in sentences]
        assert all(ends[i] <= s.start < s.end for i, s in enumerate(sentences)), "sentences overlap or repeat"
        covered = set().union(*(range(s.start, s.end) for s in sentences))
        assert all(ch.isspace() for i, ch in enumerate(text) if i not in covered), "text outside every sentence"
        assert all(s.text == text[s.start : s.end] == s.text.strip() != "" for s in sentences)
        assert all(f"{report.document.id}/{claim}" in claims for s in sentences for claim in s.claims)
        figures = report.figures
        assert figures.anchored + figures.marked + figures.uncovered == figures.sentences == len(sentences)
    anchored = {f"{r.document.id}/{claim}" for r in reports for s in r.sentences for claim in s.claims}
    assert anchored == claims, "every claim's quote lies in some sentence"
