"""Values read as the seed value model holds them: every money, quantity, bound, range and date form."""

from __future__ import annotations

from decimal import Decimal

import pytest

from graph.draft.fold import Folded
from graph.draft.rules import load_rules
from graph.draft.values import ValueMention, read_values
from graph.ingest.seeds import Date, DateValue, Money, Quantity, Range

PUBLISHED = Date("2025-01-23")  # a Thursday


def values(text: str, english: bool = False, published: Date | None = PUBLISHED) -> list[tuple[str, ValueMention]]:
    """Each value with the text its offsets select."""
    return [(text[v.start : v.end], v) for v in read_values(Folded.of(text), published, english, load_rules())]


def usd(amount: str) -> Money:
    return Money(Decimal(amount), "USD")


@pytest.mark.parametrize(
    ("text", "selected", "value", "bound"),
    [
        ("计划投资5000亿美元", "5000亿美元", usd("500000000000"), None),
        ("约合3.64万亿人民币", "约合3.64万亿人民币", Money(Decimal("3640000000000"), "CNY"), "about"),
        ("融资5千万美元", "5千万美元", usd("50000000"), None),
        ("投资 1000 亿美元", "1000 亿美元", usd("100000000000"), None),
        ("涉資高達5,000億美元", "高達5,000億美元", usd("500000000000"), "up_to"),
        ("最高1000亿美元", "最高1000亿美元", usd("100000000000"), "up_to"),
        ("超过1000亿美元", "超过1000亿美元", usd("100000000000"), "more_than"),
        ("近80亿美元", "近80亿美元", usd("8000000000"), "about"),
        ("不到100亿美元", "不到100亿美元", usd("10000000000"), "less_than"),
        ("遠低於100億美元", "遠低於100億美元", usd("10000000000"), "less_than"),
        ("550万美元左右", "550万美元左右", usd("5500000"), "about"),
        ("花费 USD 500 million", "USD 500 million", usd("500000000"), None),
        ("up to US$100bn", "up to US$100bn", usd("100000000000"), "up_to"),
        ("50至100亿美元", "50至100亿美元", Range(Decimal("5e9"), Decimal("1e10"), currency="USD"), None),
        ("全球约有 1750 亿美元", "约有 1750 亿美元", usd("175000000000"), "about"),
    ],
)
def test_money(text: str, selected: str, value: Money | Range, bound: str | None) -> None:
    ((found, mention),) = values(text, english=text.isascii())
    assert (found, mention.value, mention.bound) == (selected, value, bound)


@pytest.mark.parametrize(
    ("text", "selected", "value"),
    [
        ("需要5吉瓦电力", "5吉瓦", Quantity(Decimal(5), "GW")),
        ("可能高达五千兆瓦", "高达五千兆瓦", Quantity(Decimal(5), "GW")),
        ("1.2 GW of power", "1.2 GW", Quantity(Decimal("1.2"), "GW")),
        ("多达5000兆瓦的电力", "多达5000兆瓦", Quantity(Decimal(5000), "MW")),
        ("200MW的容量", "200MW", Quantity(Decimal(200), "MW")),
        ("创造10万个就业岗位", "10万个", Quantity(Decimal(100000), "count")),
        ("建设20座数据中心", "20座", Quantity(Decimal(20), "count")),
        ("首批10家数据中心", "10家", Quantity(Decimal(10), "count")),
        ("占地875英亩", "875英亩", Quantity(Decimal(875), "acre")),
        ("面积约4.6万平方米", "约4.6万平方米", Quantity(Decimal(46000), "m2")),
        ("百万平方英尺的设施", "百万平方英尺", Quantity(Decimal(1000000), "sqft")),
        ("股价上涨了7%", "7%", Quantity(Decimal(7), "percent")),
        ("缩水了八成", "八成", Quantity(Decimal(80), "percent")),
        ("未来四年", "四年", Quantity(Decimal(4), "year")),
        ("数十万个就业机会", "数十万个", Range(Decimal(200000), Decimal(900000), unit="count")),
        ("90%-95%的价格", "90%-95%", Range(Decimal(90), Decimal(95), unit="percent")),
        ("it will cover 875 acres", "875 acres", Quantity(Decimal(875), "acre")),  # no "over" in "cover"
        ("连接数以百万计的GPU", "数以百万计", Range(Decimal(2000000), Decimal(9000000), unit="count")),
        ("目前处于第三阶段", "三阶段", Quantity(Decimal(3), "count")),
    ],
)
def test_quantities(text: str, selected: str, value: Quantity | Range) -> None:
    ((found, mention),) = values(text, english=text.isascii())
    assert (found, mention.value) == (selected, value)


@pytest.mark.parametrize(
    ("text", "selected", "value", "bound"),
    [
        ("预计至少消耗50兆瓦电力", "至少消耗50兆瓦", Quantity(Decimal(50), "MW"), "at_least"),
        ("容纳过千名员工", "过千名", Quantity(Decimal(1000), "count"), "more_than"),
        ("1000多个岗位", "1000多个", Quantity(Decimal(1000), "count"), "more_than"),
    ],
)
def test_bounds_around_a_quantity(text: str, selected: str, value: Quantity, bound: str) -> None:
    ((found, mention),) = values(text)
    assert (found, mention.value, mention.bound) == (selected, value, bound)


def test_english_counts_and_bare_numbers() -> None:
    assert [(found, v.value) for found, v in values("It will create 100,000 jobs", english=True)] == [
        ("100,000", Quantity(Decimal(100000), "count"))
    ]
    assert values("第3章讲了1000") == []  # a number with no unit says nothing


@pytest.mark.parametrize(
    ("text", "selected", "date"),
    [
        ("于2025年1月21日宣布", "2025年1月21日", "2025-01-21"),
        ("2024年3月提出", "2024年3月", "2024-03"),
        ("预计2026年年中投入使用", "2026年", "2026"),
        ("发布日期:2025-01-23 08:34", "2025-01-23", "2025-01-23"),
        ("announced on January 21, 2025", "January 21, 2025", "2025-01-21"),
        ("announced on 21 Jan 2025", "21 Jan 2025", "2025-01-21"),
    ],
)
def test_absolute_dates_are_stated(text: str, selected: str, date: str) -> None:
    ((found, mention),) = values(text, english=text.isascii())
    assert (found, mention.value, mention.inferred) == (selected, DateValue(Date(date)), False)


@pytest.mark.parametrize(
    ("text", "selected", "date"),
    [
        ("周二宣布", "周二", "2025-01-21"),  # the last Tuesday on or before Thursday 23 January
        ("本周二宣布", "本周二", "2025-01-21"),
        ("上周五说", "上周五", "2025-01-17"),
        ("星期四发布", "星期四", "2025-01-23"),
        ("昨天表示", "昨天", "2025-01-22"),
        ("去年投资", "去年", "2024"),
        ("1月20日就职", "1月20日", "2025-01-20"),
        ("said on Tuesday", "Tuesday", "2025-01-21"),
        ("said yesterday", "yesterday", "2025-01-22"),
    ],
)
def test_relative_dates_are_resolved_against_the_publication_date_and_inferred(
    text: str, selected: str, date: str
) -> None:
    ((found, mention),) = values(text, english=text.isascii())
    assert (found, mention.value, mention.inferred) == (selected, DateValue(Date(date)), True)


def test_without_a_publication_date_a_relative_date_is_not_guessed() -> None:
    assert values("周二宣布", published=None) == []
