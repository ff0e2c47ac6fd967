"""Money, quantities and dates read from an article, as the seed value model holds them.

A draft's value is exactly what a curated claim would hold (graph/ingest/seeds.py: Money,
Quantity, Range, DateValue, with a sg:BoundScheme bound), so a curator keeps it or corrects it,
never converts it. Numbers are Arabic (1,000 / 3.64) or Chinese (五千, 数十: several tens, a
range); multipliers (万, 亿, billion), currencies, units and bounds are the words of rules.yaml.
A relative date (周二, 去年, yesterday) is resolved against the publication date and marked
inferred: the text does not state it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from graph.draft.fold import Folded
from graph.draft.rules import Rules
from graph.ingest.seeds import Date, DateValue, Money, Quantity, Range, value_kind

Number = Money | Quantity | Range


@dataclass(frozen=True)
class ValueMention:
    start: int  # the article's offsets, end exclusive
    end: int
    value: Number | DateValue
    bound: str | None = None
    inferred: bool = False  # a date resolved from a relative expression

    @property
    def kind(self) -> str:
        return value_kind(self.value)


def _alternatives(words: Iterable[str]) -> str:
    """A regex alternation, longest first; a word that begins or ends with a Latin letter must begin
    or end a word ("over" is no bound in "cover")."""
    parts = []
    for word in sorted(set(words), key=lambda w: (-len(w), w)):
        part = re.escape(word)
        part = r"(?<![a-z])" + part if word[0].isascii() and word[0].isalpha() else part
        parts.append(part + r"(?![a-z])" if word[-1].isascii() and word[-1].isalpha() else part)
    return "|".join(parts)


@dataclass(frozen=True)
class _Reading:
    """One number as read, before its neighbours decide what it is."""

    start: int  # folded offsets
    end: int
    low: Decimal
    high: Decimal
    multiplied: bool
    currency: str | None
    unit: str | None
    bound: str | None

    def value(self) -> Number:
        if self.low != self.high:
            return Range(self.low, self.high, currency=self.currency, unit=None if self.currency else self.unit)
        if self.currency:
            return Money(self.low, self.currency)
        assert self.unit is not None
        return Quantity(self.low, self.unit)


class NumberReader:
    """Money and quantities, with their bounds, and ranges of two numbers (50至100亿美元)."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        chinese = "".join(re.escape(c) for c in {*rules.digits, *rules.places, *rules.several})
        self.pattern = re.compile(
            rf"(?:(?P<bound>{_alternatives(rules.bounds_before)})\s*(?:{_alternatives(rules.bound_verbs)})?\s*)?"
            rf"(?P<ubefore>{_alternatives(rules.units_before)})?"
            rf"(?:(?P<cbefore>{_alternatives(rules.currency_before)})\s*)?"
            rf"(?<![a-z0-9.])(?:{re.escape(rules.several_idiom['before'])}"
            rf"(?P<idiom>[{chinese}]*(?:{_alternatives(rules.multipliers)})?){re.escape(rules.several_idiom['after'])}"
            rf"|(?P<arabic>\d+(?:,\d{{3}})*(?:\.\d+)?)|(?P<chinese>[{chinese}]+))"
            rf"(?:\s*(?P<mult>{_alternatives(rules.multipliers)}))?"
            rf"(?P<inside>{_alternatives(rules.bounds_inside)})?"
            rf"(?:\s*(?:(?P<cur>{_alternatives(rules.currency_after)})|(?P<unit>{_alternatives(rules.units)})))?"
            rf"(?P<after>{_alternatives(rules.bounds_after)})?"
        )
        self.separator = re.compile(rf"\s*(?:{_alternatives(rules.range_separators)})\s*")
        self.several_digit = {word: {value: digit for digit, value in rules.digits.items()} for word in rules.several}

    def _chinese(self, numeral: str) -> tuple[Decimal, Decimal] | None:
        """A Chinese numeral's value; with 数/几 (several), the range it spans."""
        several = next((c for c in numeral if c in self.rules.several), None)
        if several is None:
            value = self._plain_chinese(numeral)
            return None if value is None else (value, value)
        low, high = self.rules.several[several]
        digits = self.several_digit[several]
        values = [self._plain_chinese(numeral.replace(several, digits[n])) for n in (low, high)]
        return None if values[0] is None or values[1] is None else (values[0], values[1])

    def _idiom(self, inside: str) -> Decimal | None:
        """The unit of 数以X计: 百万 is a million, 万 ten thousand."""
        multiplier = next((m for m in sorted(self.rules.multipliers, key=len, reverse=True) if inside.endswith(m)), "")
        head = inside[: len(inside) - len(multiplier)]
        base = self._plain_chinese(head) if head else Decimal(1)
        return None if base is None else base * self.rules.multipliers.get(multiplier, Decimal(1))

    def _plain_chinese(self, numeral: str) -> Decimal | None:
        digits, places = self.rules.digits, self.rules.places
        if not any(c in digits for c in numeral) and not any(c in places for c in numeral):
            return None
        if len(numeral) > 1 and all(c in digits for c in numeral):  # 二〇二五: digit by digit
            return Decimal("".join(str(digits[c]) for c in numeral))
        total, current = 0, None
        for char in numeral:
            if char in digits:
                if current is not None:
                    return None  # 五五: not a numeral
                current = digits[char]
            else:
                total += (1 if current is None else current) * places[char]
                current = None
        return Decimal(total + (current or 0))

    def _reading(self, text: str, match: re.Match[str]) -> _Reading | None:
        rules = self.rules
        numeral, unit_word = match["chinese"], match["unit"]
        # a unit word that begins with the numeral's last character wins (五千兆瓦 is 5 GW)
        if numeral and len(numeral) > 1 and unit_word and numeral[-1] + unit_word in rules.units:
            numeral, unit_word = numeral[:-1], numeral[-1] + unit_word
        factor = rules.multipliers[match["mult"]] if match["mult"] else Decimal(1)
        if match["idiom"] is not None:  # 数以百万计: several times the stretch inside
            inside = self._idiom(match["idiom"])
            if inside is None:
                return None
            low, high = (inside * n for n in next(iter(rules.several.values())))
        elif numeral:
            span = self._chinese(numeral)
            if span is None:
                return None
            low, high = span
        else:
            low = high = Decimal(match["arabic"].replace(",", ""))
        unit = None
        if unit_word:
            unit, unit_factor = rules.units[unit_word]
            factor *= unit_factor
        elif match["ubefore"]:
            unit, unit_factor = rules.units_before[match["ubefore"]]
            factor *= unit_factor
        elif match["idiom"] is not None:
            unit = rules.several_idiom["unit"]
        currency = rules.currency_after.get(match["cur"] or "") or rules.currency_before.get(match["cbefore"] or "")
        bound = next(
            (table[match[g]] for g, table in self._bound_groups() if match[g]),
            None,
        )
        if unit == "year" and not match["mult"] and low >= 1000:
            return None  # 2025年 is a date
        return _Reading(
            match.start(), match.end(), low * factor, high * factor, bool(match["mult"]), currency, unit, bound
        )

    def _bound_groups(self) -> tuple[tuple[str, dict[str, str]], ...]:
        rules = self.rules
        return (("bound", rules.bounds_before), ("inside", rules.bounds_inside), ("after", rules.bounds_after))

    def read(self, folded: Folded, english: bool, taken: list[tuple[int, int]]) -> list[ValueMention]:
        """Every money value and quantity of the text, outside the folded spans `taken` (dates)."""
        text = folded.text
        dated = bytearray(len(text))  # 1 where a date was read
        for start, end in taken:
            dated[start:end] = b"\x01" * (end - start)
        readings: list[_Reading] = []
        for match in self.pattern.finditer(text):
            if any(dated[match.start() : match.end()]):
                continue
            reading = self._reading(text, match)
            if reading is not None:
                readings.append(reading)
        found: list[ValueMention] = []
        index = 0
        while index < len(readings):
            reading = readings[index]
            following = readings[index + 1] if index + 1 < len(readings) else None
            ranged = self._range(text, reading, following)
            if ranged is not None:
                reading, index = ranged, index + 1
            index += 1
            if reading.unit is None and reading.currency is None:
                next_word = re.match(r" [a-z]", text[reading.end : reading.end + 2])
                if not (english and next_word and reading.low >= 2):
                    continue  # a bare number says nothing
                reading = _with_unit(reading, self.rules.english_count_unit)
            start, end = folded.span(reading.start, reading.end)
            found.append(ValueMention(start, end, reading.value(), reading.bound))
        return found

    def _range(self, text: str, first: _Reading, second: _Reading | None) -> _Reading | None:
        """50至100亿美元, 90%-95%: two numbers joined by a separator, the first taking the second's
        multiplier and unit when it has none."""
        if second is None or not self.separator.fullmatch(text[first.end : second.start]):
            return None
        if (first.unit or first.currency) and (first.unit, first.currency) != (second.unit, second.currency):
            return None
        scale = Decimal(1)
        if not first.multiplied and second.multiplied and first.low:
            scale = second.low / _unscaled(text, second)
        low, high = first.low * scale, second.high
        if low >= high:
            return None
        return _Reading(
            first.start, second.end, low, high, True, second.currency, second.unit, first.bound or second.bound
        )


def _unscaled(text: str, reading: _Reading) -> Decimal:
    """The number as written, before multiplier and unit factor (the 100 of 100亿)."""
    digits = re.search(r"\d+(?:,\d{3})*(?:\.\d+)?", text[reading.start : reading.end])
    return Decimal(digits[0].replace(",", "")) if digits else reading.low


def _with_unit(reading: _Reading, unit: str) -> _Reading:
    return _Reading(
        reading.start, reading.end, reading.low, reading.high, reading.multiplied, None, unit, reading.bound
    )


class DateReader:
    """Absolute dates (2025年1月21日, 2025-01-21, January 21, 2025) and relative ones, resolved."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        cn = "[一二三四五六七八九十]{1,3}"
        months = _alternatives(rules.months)
        self.absolute_patterns = [
            re.compile(
                rf"(?<!\d)(?P<y>\d{{4}})\s*年\s*(?:(?P<m>\d{{1,2}}|{cn})\s*月(?:\s*(?P<d>\d{{1,2}}|{cn})\s*[日号])?)?"
            ),
            re.compile(r"(?<!\d)(?P<y>\d{4})[-/.](?P<m>\d{1,2})(?:[-/.](?P<d>\d{1,2}))?(?![\d.])"),
            re.compile(rf"\b(?P<mon>{months})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})(?!\d)"),
            re.compile(rf"\b(?P<d>\d{{1,2}})\s+(?P<mon>{months})\.?,?\s+(?P<y>\d{{4}})(?!\d)"),
            re.compile(rf"\b(?P<mon>{months})\.?,?\s+(?P<y>\d{{4}})(?!\d)"),
        ]
        self.month_day = [
            re.compile(rf"(?<![\d年])(?P<m>\d{{1,2}}|{cn})\s*月\s*(?P<d>\d{{1,2}}|{cn})\s*[日号]"),
            re.compile(rf"\b(?P<mon>{months})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s+\d{{4}})"),
        ]
        chinese_days = {word: n for word, n in rules.weekdays.items() if not word.isascii()}
        english_days = {word: n for word, n in rules.weekdays.items() if word.isascii()}
        chinese_weeks = {word: n for word, n in rules.weeks.items() if not word.isascii()}
        english_weeks = {word: n for word, n in rules.weeks.items() if word.isascii()}
        self.weekday_patterns = [
            re.compile(
                rf"(?P<wk>{_alternatives(chinese_weeks)})?(?:{_alternatives(rules.weekday_prefixes)})"
                rf"(?P<wd>{_alternatives(chinese_days)})"
            ),
            re.compile(rf"\b(?:(?P<wk>{_alternatives(english_weeks)})\s+)?(?P<wd>{_alternatives(english_days)})"),
        ]
        self.days = re.compile(_alternatives(rules.days))
        self.years = re.compile(_alternatives(rules.years))

    def _number(self, text: str) -> int:
        if text.isdigit():
            return int(text)
        total, current = 0, 0
        for char in text:
            if char in self.rules.places:
                total += (current or 1) * self.rules.places[char]
                current = 0
            else:
                current = self.rules.digits[char]
        return total + current

    def _date(self, match: re.Match[str], year: int | None = None) -> Date | None:
        groups = match.groupdict()
        year_text = groups.get("y")
        year = int(year_text) if year_text else year
        if year is None:
            return None
        month = self.rules.months[groups["mon"]] if groups.get("mon") else groups.get("m")
        month = self._number(month) if isinstance(month, str) else month
        day = self._number(groups["d"]) if groups.get("d") else None
        try:
            dt.date(year, month or 1, day or 1)
        except ValueError:
            return None
        if month is None:
            return Date(f"{year:04d}")
        return Date(f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else ""))

    def absolute(self, text: str) -> Date | None:
        """The first absolute date of a folded text, the most precise reading at that place."""
        found = self._absolute(text)
        return found[0][2] if found else None

    def _absolute(self, text: str) -> list[tuple[int, int, Date]]:
        spans: list[tuple[int, int, Date]] = []
        for pattern in self.absolute_patterns:
            for match in pattern.finditer(text):
                date = self._date(match)
                if date is not None and not any(s < match.end() and match.start() < e for s, e, _ in spans):
                    spans.append((match.start(), match.end(), date))
        return sorted(spans, key=lambda span: span[0])

    def _relative(self, text: str, published: Date) -> list[tuple[int, int, Date]]:
        spans: list[tuple[int, int, Date]] = []
        year = int(published.iso[:4])
        for match in self.years.finditer(text):
            spans.append((match.start(), match.end(), Date(f"{year + self.rules.years[match[0]]:04d}")))
        if published.precision != "day":
            for pattern in self.month_day:
                spans += [(m.start(), m.end(), d) for m in pattern.finditer(text) if (d := self._date(m, year))]
            return spans
        day = dt.date.fromisoformat(published.iso)
        for pattern in self.month_day:
            spans += [(m.start(), m.end(), d) for m in pattern.finditer(text) if (d := self._date(m, year))]
        for match in self.days.finditer(text):
            when = day + dt.timedelta(self.rules.days[match[0]])
            spans.append((match.start(), match.end(), Date(when.isoformat())))
        for pattern in self.weekday_patterns:
            for match in pattern.finditer(text):
                weekday = self.rules.weekdays[match["wd"]]
                if match["wk"]:
                    monday = day - dt.timedelta(day.weekday())
                    when = monday + dt.timedelta(7 * self.rules.weeks[match["wk"]] + weekday)
                else:
                    when = day - dt.timedelta((day.weekday() - weekday) % 7)
                spans.append((match.start(), match.end(), Date(when.isoformat())))
        return spans

    def read(self, folded: Folded, published: Date | None) -> list[tuple[int, int, ValueMention]]:
        """Every date of the text with its folded span: absolute ones as stated, relative ones
        resolved and inferred."""
        found = [(s, e, d, False) for s, e, d in self._absolute(folded.text)]
        if published is not None:
            for start, end, date in self._relative(folded.text, published):
                if not any(s < end and start < e for s, e, _, _ in found):
                    found.append((start, end, date, True))
        mentions = []
        for start, end, date, inferred in sorted(found, key=lambda f: f[0]):
            first, last = folded.span(start, end)
            mentions.append((start, end, ValueMention(first, last, DateValue(date), inferred=inferred)))
        return mentions


def read_values(folded: Folded, published: Date | None, english: bool, rules: Rules) -> list[ValueMention]:
    """Every date, money value and quantity of a folded article, in text order."""
    dates = DateReader(rules).read(folded, published)
    numbers = NumberReader(rules).read(folded, english, [(start, end) for start, end, _ in dates])
    return sorted([*(mention for _, _, mention in dates), *numbers], key=lambda mention: mention.start)
