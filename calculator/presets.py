"""The guide's worked examples as presets, read once from data/presets.toml.

A preset is a plain calculator link: its answers go into the query string the page itself would
write. A malformed entry, or answers the engine rejects, fail loudly and name the preset.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import groupby
from typing import Any

from .assumptions import get_typed
from .decision import APPROACHES
from .inputs import Answers, InputError, parse_answers

__all__ = ["Preset", "load_presets", "parse_presets", "preset_by_id", "preset_groups"]

_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


@dataclass(frozen=True, kw_only=True, slots=True)
class Preset:
    id: str
    group: str  # the heading it sits under on the examples page and the calculator's list
    title: str
    description: str
    section: str  # the guide page and anchor that discusses the example
    approach: str  # the answer the guide describes
    answers: tuple[tuple[str, str | bool | int], ...]  # only what differs from the defaults

    def parsed(self) -> Answers:
        return parse_answers(dict(self.answers))


def _preset(table: dict[str, Any]) -> Preset:
    pid = get_typed(table, "id", str, "presets")
    where = f"presets[{pid}]"
    if not _ID.fullmatch(pid):
        raise ValueError(f"{where}: an id is lowercase words joined by hyphens")
    approach = get_typed(table, "approach", str, where)
    if approach not in APPROACHES:
        raise ValueError(f"{where}.approach: one of {', '.join(APPROACHES)}, not {approach!r}")
    section = get_typed(table, "section", str, where)
    if "/#" not in section:
        raise ValueError(
            f"{where}.section: a guide page and anchor, e.g. 'hybrid/#legal-assistant'"
        )
    answers = get_typed(table, "answers", dict, where)
    try:
        parse_answers(answers)
    except InputError as exc:
        raise ValueError(f"{where}.answers: {exc}") from None
    return Preset(
        id=pid,
        group=get_typed(table, "group", str, where),
        title=get_typed(table, "title", str, where),
        description=get_typed(table, "description", str, where),
        section=section,
        approach=approach,
        answers=tuple(answers.items()),
    )


def parse_presets(data: dict[str, Any]) -> tuple[Preset, ...]:
    presets = tuple(_preset(table) for table in get_typed(data, "presets", list, "presets.toml"))
    ids = [p.id for p in presets]
    duplicates = sorted({pid for pid in ids if ids.count(pid) > 1})
    if duplicates:
        raise ValueError(f"presets.toml: duplicate ids {', '.join(duplicates)}")
    # Groups are contiguous, so the examples page and the calculator's list share one order.
    runs = [group for group, _ in groupby(p.group for p in presets)]
    split = sorted({g for g in runs if runs.count(g) > 1})
    if split:
        raise ValueError(f"presets.toml: keep each group's presets together: {', '.join(split)}")
    return presets


@cache
def load_presets() -> tuple[Preset, ...]:
    """The packaged list, parsed once per process."""
    text = resources.files("calculator").joinpath("data/presets.toml").read_text("utf-8")
    return parse_presets(tomllib.loads(text))


def preset_by_id(pid: str) -> Preset:
    for preset in load_presets():
        if preset.id == pid:
            return preset
    raise KeyError(f"no preset {pid!r}; known: {', '.join(p.id for p in load_presets())}")


def preset_groups() -> tuple[tuple[str, tuple[Preset, ...]], ...]:
    """The presets by group, groups in the order they first appear in the list."""
    presets = load_presets()
    groups = dict.fromkeys(p.group for p in presets)
    return tuple((g, tuple(p for p in presets if p.group == g)) for g in groups)
