"""Presets: the guide's examples as calculator links, checked against the engine and the guide."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from calculator import parse_answers, recommend
from calculator.presets import load_presets, parse_presets, preset_by_id
from calculator.web import evaluate, inputs_from_query, preset_query, presets_html
from tests.engine.test_decision import GUIDE_EXAMPLES

ROOT = Path(__file__).resolve().parents[2]

PRESETS = [pytest.param(p, id=p.id) for p in load_presets()]

# The examples the guide discusses (issue 15); each must be a preset.
REQUIRED = {
    "support-bot",
    "market-reports",
    "regulated-citations",
    "voice-assistant",
    "offline-mobile-app",
    "legal-assistant",
    "legal-assistant-small-team",
    "several-domains",
    "coding-assistant",
}


def test_every_example_the_guide_discusses_is_a_preset() -> None:
    assert set() == REQUIRED - {p.id for p in load_presets()}


@pytest.mark.parametrize("preset", PRESETS)
def test_preset_gets_the_guides_answer_from_the_engine(preset: Any) -> None:
    assert preset.approach == recommend(preset.parsed()).approach


@pytest.mark.parametrize("preset", PRESETS)
def test_preset_link_is_the_query_the_page_writes_for_its_answers(preset: Any) -> None:
    assert evaluate(dict(preset.answers))["query"] == preset_query(preset.id)


@pytest.mark.parametrize("preset", PRESETS)
def test_opening_a_preset_link_gives_the_guides_answer(preset: Any) -> None:
    parsed = inputs_from_query("?" + preset_query(preset.id))
    assert [] == parsed["errors"]
    assert preset.parsed() == parse_answers(parsed["values"])
    assert preset.approach == recommend(parse_answers(parsed["values"])).approach


@pytest.mark.parametrize("preset", PRESETS)
def test_guide_examples_table_agrees_with_the_preset(preset: Any) -> None:
    """tests/engine/test_decision.py's GUIDE_EXAMPLES and the presets say the same thing."""
    matches = [p.values[1] for p in GUIDE_EXAMPLES if p.values[0] == dict(preset.answers)]
    assert [preset.approach] == matches


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.presets: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("data-preset"):
            self.presets[str(found["data-preset"])] = str(found["href"])


def test_calculator_page_list_links_every_preset_to_its_query() -> None:
    links = _Links()
    links.feed(presets_html())
    assert {p.id: "?" + preset_query(p.id) for p in load_presets()} == links.presets


def test_preset_list_is_escaped() -> None:
    html = presets_html(link_base='"><script>')
    assert "<script>" not in html
    assert "&quot;&gt;&lt;script&gt;" in html


def _data(**change: object) -> dict[str, Any]:
    preset = {
        "id": "x",
        "title": "X",
        "description": "d",
        "section": "hybrid/#legal-assistant",
        "approach": "rag",
        "answers": {"domain_count": 2},
    }
    return {"presets": [{**preset, **change}]}


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"answers": {"domain_count": 0}}, "presets[x].answers: domain_count"),
        ({"answers": {"no_such_input": 1}}, "presets[x].answers: no_such_input"),
        ({"approach": "maybe"}, "presets[x].approach"),
        ({"section": "hybrid"}, "presets[x].section"),
        ({"id": "Not An Id"}, "presets[Not An Id]"),
    ],
)
def test_a_malformed_preset_fails_loudly_and_names_itself(
    change: dict[str, object], named: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(named)):
        parse_presets(_data(**change))


def test_duplicate_preset_ids_fail() -> None:
    data = _data()
    with pytest.raises(ValueError, match="duplicate ids x"):
        parse_presets({"presets": data["presets"] * 2})


def test_unknown_preset_id_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="legal-assistant"):
        preset_by_id("legal-asistant")


# --- Guide pages: `<!-- preset:ID -->` markers -------------------------------------------------


def _section_of(page_text: str, marker: str) -> str:
    """The {#anchor} of the heading a marker sits under."""
    before = page_text[: page_text.index(marker)]
    return re.findall(r"^#+ .*\{#([\w-]+)\}\s*$", before, re.MULTILINE)[-1]


@pytest.mark.parametrize("preset", PRESETS)
def test_guide_page_links_the_preset_where_it_discusses_the_example(preset: Any) -> None:
    page, anchor = preset.section.split("/#")
    text = (ROOT / "docs" / f"{page}.md").read_text("utf-8")
    marker = f"<!-- preset:{preset.id} -->"
    assert 1 == text.count(marker)
    assert anchor == _section_of(text, marker)
