"""A problem found in the seeds, located as file:line so an editor can jump to it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Location:
    path: str
    line: int

    @classmethod
    def of(cls, path: Path, line: int) -> Location:
        try:
            shown = os.path.relpath(path)
        except ValueError:  # another drive on Windows
            shown = str(path)
        if shown.startswith(".."):
            shown = str(path)
        return cls(shown, line)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True, order=True)
class Problem:
    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class SeedErrors(Exception):
    """Raised when the seeds cannot be built; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class RuleErrors(ValueError):
    """A rule file (conflict-of-interest or contradiction rules) has mistakes; each problem names
    its file:line and rule."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
