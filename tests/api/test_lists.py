"""graph/api/lists.py: a list index pages exactly as filtering and slicing the whole list would, for
any rows, filters, page sizes and cursors (checked with hypothesis against the plain reading),
counts only when asked, and refuses a cursor it did not issue."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.api import lists
from graph.api.errors import PublicError
from graph.api.lists import build_index, connect_indexed, count
from graph.http.settings import Settings

COLUMNS = ("colour", "shape")
VALUES = ["a", "b", "c", "d"]
rows = st.lists(
    st.fixed_dictionaries(
        {"key": st.sampled_from([f"k{i:02d}" for i in range(30)])},
        optional={"colour": st.sampled_from(VALUES), "shape": st.sampled_from(VALUES)},
    ),
    max_size=80,
)
wanted = st.one_of(st.none(), st.sets(st.sampled_from([*VALUES, "absent"]), max_size=3))


def plain(data: list[dict[str, str]], filters: dict[str, Any]) -> list[str]:
    """The filtered list read the plain way: keys in first-appearance order, a key kept when, for
    every filtered column, one of its rows has a wanted value."""
    order = list(dict.fromkeys(row["key"] for row in data))

    def admitted(key: str) -> bool:
        for column, values in filters.items():
            if values is not None and not any(r.get(column) in values for r in data if r["key"] == key):
                return False
        return True

    return [key for key in order if admitted(key)]


async def identity(keys: Sequence[str]) -> Sequence[str]:
    return keys


def pages(data: list[dict[str, str]], filters: dict[str, Any], size: int) -> tuple[list[str], list[Any]]:
    """Every item, following end cursors page by page, and each page's connection."""
    index = build_index(data, COLUMNS)
    seen: list[str] = []
    connections = []
    after = None
    for _ in range(100):
        page = asyncio.run(connect_indexed(index, filters, size, after, Settings(), identity))
        connections.append(page)
        seen += page.nodes()
        if not page.page_info.has_next_page:
            return seen, connections
        after = page.page_info.end_cursor
    raise AssertionError("the pages never ended")


@settings(max_examples=150, deadline=None)
@given(data=rows, colour=wanted, shape=wanted, size=st.integers(1, 7))
def test_pages_followed_by_their_cursors_give_the_filtered_list_once_in_order(
    data: list[dict[str, str]], colour: set[str] | None, shape: set[str] | None, size: int
) -> None:
    filters = {"colour": colour, "shape": shape}
    expected = plain(data, filters)
    seen, connections = pages(data, filters, size)
    assert seen == expected
    assert all(c.total_count() == len(expected) for c in connections)
    assert all(len(c.edges) <= size for c in connections)
    assert count(build_index(data, COLUMNS), filters) == len(expected)


def test_the_total_is_counted_only_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    index = build_index([{"key": f"k{i}", "colour": "a"} for i in range(10)], COLUMNS)
    walked, counted = [], []
    original_matches = index.matches

    def matching(position: int, filters: Any) -> bool:
        walked.append(position)
        return original_matches(position, filters)

    def counting(*args: Any) -> int:
        counted.append(args)
        return count(*args)

    object.__setattr__(index, "matches", matching)
    monkeypatch.setattr(lists, "count", counting)
    page = asyncio.run(connect_indexed(index, {"colour": {"a"}}, 2, None, Settings(), identity))
    assert len(walked) == 3 and not counted  # the page and one more, to know there is a next page
    assert page.total_count() == 10 and len(counted) == 1 and len(walked) == 3  # counted without a walk


@pytest.mark.parametrize("cursor", ["b2Zmc2V0OjE=", "not base64!", "YXQ6OTk5"])
def test_a_cursor_not_issued_for_the_list_is_refused(cursor: str) -> None:
    index = build_index([{"key": "k1", "colour": "a"}], COLUMNS)
    with pytest.raises(PublicError, match="after: not a cursor issued by this API"):
        asyncio.run(connect_indexed(index, {}, 2, cursor, Settings(), identity))
