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

__all__ = ["Assumptions", "Figure", "ProviderNote", "Range", "load_assumptions"]


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
class ProviderNote:
    provider: str
    announced: str
    effective: str
    text: str
    source: str


@dataclass(frozen=True, kw_only=True, slots=True)
class Assumptions:
    guide_title: str
    guide_short: str
    figures: dict[str, Figure]
    provider_notes: tuple[ProviderNote, ...]

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


def _get(table: dict[str, Any], key: str, kind: type, where: str) -> Any:
    if key not in table:
        raise ValueError(f"{where}: missing key {key!r}")
    value = table[key]
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind):
        raise ValueError(f"{where}.{key}: expected {kind.__name__}, got {type(value).__name__}")
    return value


def _figure(key: str, table: dict[str, Any]) -> Figure:
    where = f"figures.{key}"
    if "value" in table:
        value = _get(table, "value", float, where)
        span = Range(low=value, high=value)
    else:
        span = Range(low=_get(table, "low", float, where), high=_get(table, "high", float, where))
    if not 0 <= span.low <= span.high:
        raise ValueError(f"{where}: need 0 <= low <= high, got {span.low}..{span.high}")
    return Figure(
        key=key,
        label=_get(table, "label", str, where),
        range=span,
        unit=_get(table, "unit", str, where),
        source=_get(table, "source", str, where),
        as_of=_get(table, "as_of", str, where),
    )


def parse_assumptions(data: dict[str, Any]) -> Assumptions:
    guide = _get(data, "guide", dict, "assumptions")
    figures = _get(data, "figures", dict, "assumptions")
    notes = data.get("provider_notes", [])
    return Assumptions(
        guide_title=_get(guide, "title", str, "guide"),
        guide_short=_get(guide, "short", str, "guide"),
        figures={key: _figure(key, table) for key, table in figures.items()},
        provider_notes=tuple(
            ProviderNote(
                **{k: _get(note, k, str, f"provider_notes[{i}]") for k in ProviderNote.__slots__}
            )
            for i, note in enumerate(notes)
        ),
    )


@cache
def load_assumptions() -> Assumptions:
    """The packaged data file, parsed once per process."""
    text = resources.files("calculator").joinpath("data/assumptions.toml").read_text("utf-8")
    return parse_assumptions(tomllib.loads(text))
