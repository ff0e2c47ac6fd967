"""`stargate-kg draft ARTICLE -o DRAFT.yaml`: a new article as draft claims for a curator to review.

The article (UTF-8 text, Chinese in either script or English, at most the size rules.yaml allows)
is registered as the next document, its mentions of the graph's entities are linked, its unknown
names proposed, its values read and claims suggested from the relations' triggers (graph/draft/).
Nothing drafted enters the graph: the curator edits the draft into the seed files. A file that
cannot be drafted (empty, binary, an HTML page, too large, already in the graph, another
language) is refused with one line naming it, exit status 1, and nothing written. The drafting
modules (and jieba's dictionary) are imported only when the command runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graph.cli.command import Command, seed_dir

EPILOG = """\
The draft is YAML in the seed claim format (graph/seeds/README.md) plus draft-only fields: the
catalogue record, candidate entities (a proposed id and class for each unknown name), and on each
claim the rule that suggested it, a confidence from 0 to 1, the quote's offsets (start, end) and
value_inferred for a date resolved from a relative one (周二, yesterday). Example:

  uv run --frozen stargate-kg draft new-article.txt -o draft.yaml
"""


def run(args: argparse.Namespace) -> int:
    from graph.draft.article import draft_article
    from graph.draft.document import ArticleError, read_article
    from graph.draft.output import write_draft
    from graph.files.problems import SeedErrors
    from graph.ingest.seeds import load_corpus
    from graph.vocab.vocabulary import load_vocabulary

    corpus = load_corpus(seed_dir(args))
    if corpus.problems:
        raise SeedErrors(corpus.problems)
    try:
        article = read_article(Path(args.article), corpus.documents)
    except ArticleError as error:
        print(f"draft: {error}", file=sys.stderr)
        return 1
    draft = draft_article(article, corpus.entities.values(), load_vocabulary())
    if write_draft(draft, args.output):
        print(
            f"wrote {args.output}: document {article.id}, {len(draft.suggestions)} suggested claims, "
            f"{len(draft.candidates)} candidate entities, {len(draft.linked)} linked mentions",
            file=sys.stderr,
        )
    return 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("article", metavar="ARTICLE", help="the article's text file (UTF-8)")
    parser.add_argument("--output", "-o", help="the draft YAML file, written atomically (default: stdout)")


COMMANDS = [
    Command(
        "draft",
        "draft claims from a new article (Chinese or English) for a curator to review; nothing enters the graph",
        run,
        add_arguments,
    )
]
