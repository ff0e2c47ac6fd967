"""A small seed directory to parse and build in tests: one document (by default "软银出资190亿美元。"), two
entities (softbank, a Company; stargate, a JointVenture) unless the test gives its own, and the claims
file a test writes."""

from __future__ import annotations

import textwrap
from pathlib import Path

DOCUMENT = "000_00000000000000aa"


TEXT = "软银出资190亿美元。"


def write_seed_dir(root: Path, claims: str, entities: str = "", text: str = TEXT) -> Path:
    (root / "documents").mkdir()
    (root / "entities").mkdir()
    (root / "claims").mkdir()
    (root / "documents" / f"{DOCUMENT}.txt").write_text(text, encoding="utf-8")
    (root / "documents.yaml").write_text(
        textwrap.dedent(f"""\
        - id: {DOCUMENT}
          title: t
          title_en: t
          outlet: o
          published: "2025-01"
          language: zh
          script: Hans
        """),
        encoding="utf-8",
    )
    (root / "entities" / "e.yaml").write_text(
        entities
        or textwrap.dedent("""\
        - id: softbank
          type: Company
          label: SoftBank
        - id: stargate
          type: JointVenture
          label: Stargate
        """),
        encoding="utf-8",
    )
    (root / "claims" / f"{DOCUMENT}.yaml").write_text(textwrap.dedent(claims), encoding="utf-8")
    return root
