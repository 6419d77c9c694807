"""The default figures, read once from data/assumptions.toml into typed, frozen values.

Every figure carries its unit, source and "as of" date; a malformed entry fails loudly and names
the offending key, so a bad edit to the data file breaks the build rather than the numbers.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

__all__ = [
    "Assumptions",
    "Figure",
    "Range",
    "figure_from_table",
    "get_typed",
    "load_assumptions",
]


@dataclass(frozen=True, kw_only=True, slots=True)
class Range:
    """A low/high pair in one unit; a single value is a range with low == high."""

    low: float
    high: float

    @property
    def mid(self) -> float:
        return (self.low + self.high) / 2

    def scale(self, factor: float) -> Range:
        return Range(low=self.low * factor, high=self.high * factor)

    def __add__(self, other: Range) -> Range:
        return Range(low=self.low + other.low, high=self.high + other.high)

    def __mul__(self, other: Range) -> Range:
        return Range(low=self.low * other.low, high=self.high * other.high)

    def as_dict(self) -> dict[str, float]:
        return {"low": self.low, "high": self.high}


@dataclass(frozen=True, kw_only=True, slots=True)
class Figure:
    key: str
    label: str
    range: Range
    unit: str
    source: str
    as_of: str

    @property
    def is_range(self) -> bool:
        return self.range.low != self.range.high


@dataclass(frozen=True, kw_only=True, slots=True)
class Assumptions:
    guide_title: str
    guide_short: str
    figures: dict[str, Figure]

    def __getitem__(self, key: str) -> Range:
        return self.figures[key].range

    def value(self, key: str) -> float:
        figure = self.figures[key]
        if figure.is_range:
            raise ValueError(f"figure {key!r} is a range, not a single value")
        return figure.range.low

    def source_text(self, figure: Figure) -> str:
        """'guide' in the data file stands for the guide's full title."""
        return self.guide_title if figure.source == "guide" else figure.source


def get_typed(table: dict[str, Any], key: str, kind: type, where: str) -> Any:
    if key not in table:
        raise ValueError(f"{where}: missing key {key!r}")
    value = table[key]
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind):
        raise ValueError(f"{where}.{key}: expected {kind.__name__}, got {type(value).__name__}")
    return value


def figure_from_table(where: str, key: str, table: dict[str, Any]) -> Figure:
    if "value" in table:
        value = get_typed(table, "value", float, where)
        span = Range(low=value, high=value)
    else:
        span = Range(
            low=get_typed(table, "low", float, where), high=get_typed(table, "high", float, where)
        )
    if not 0 <= span.low <= span.high:
        raise ValueError(f"{where}: need 0 <= low <= high, got {span.low}..{span.high}")
    return Figure(
        key=key,
        label=get_typed(table, "label", str, where),
        range=span,
        unit=get_typed(table, "unit", str, where),
        source=get_typed(table, "source", str, where),
        as_of=get_typed(table, "as_of", str, where),
    )


def parse_assumptions(data: dict[str, Any]) -> Assumptions:
    guide = get_typed(data, "guide", dict, "assumptions")
    figures = get_typed(data, "figures", dict, "assumptions")
    return Assumptions(
        guide_title=get_typed(guide, "title", str, "guide"),
        guide_short=get_typed(guide, "short", str, "guide"),
        figures={
            key: figure_from_table(f"figures.{key}", key, table) for key, table in figures.items()
        },
    )


@cache
def load_assumptions() -> Assumptions:
    """The packaged data file, parsed once per process."""
    text = resources.files("calculator").joinpath("data/assumptions.toml").read_text("utf-8")
    return parse_assumptions(tomllib.loads(text))
