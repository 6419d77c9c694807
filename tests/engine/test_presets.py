"""Presets: the guide's examples as calculator links, checked against the engine and the guide."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from calculator import parse_answers, recommend
from calculator.presets import load_presets, parse_presets, preset_by_id
from calculator.web import evaluate, inputs_from_query, preset_query, presets_html
from tests.engine.test_decision import GUIDE_EXAMPLES

ROOT = Path(__file__).resolve().parents[2]
# The marker sitebuild/fragments.py renders into a link (kept here: this suite runs in Pyodide).
PRESET_MARKER = re.compile(r"<!-- preset:(.*?) -->")

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
EXAMPLES_PAGE = ROOT / "docs" / "examples.md"
HEADING = re.compile(r"^(#{2,3}) (.*?) \{#([\w-]+)\}\s*$")


def test_every_example_the_guide_discusses_is_a_preset() -> None:
    assert set() == REQUIRED - {p.id for p in load_presets()}


def _examples_page_cases() -> list[tuple[str, str, str]]:
    """(section heading, case anchor, preset id) for each case on the worked examples page."""
    cases, section, case = [], "", ""
    for line in EXAMPLES_PAGE.read_text("utf-8").splitlines():
        if heading := HEADING.match(line):
            level, title, anchor = heading.groups()
            section, case = (title, "") if level == "##" else (section, anchor)
        cases += [(section, case, pid) for pid in PRESET_MARKER.findall(line)]
    return cases


def test_every_case_on_the_examples_page_is_a_preset_in_the_presets_order() -> None:
    """The page holds no answers of its own: each case is one preset, and each preset a case."""
    cases = _examples_page_cases()
    assert [p.id for p in load_presets()] == [pid for _, _, pid in cases]
    assert all(case for _, case, _ in cases)  # every marker sits under an h3 case
    assert len({case for _, case, _ in cases}) == len(cases)  # one preset per case
    assert "calculator.md?" not in EXAMPLES_PAGE.read_text("utf-8")  # no hand-written links


# How the examples page words each answer in a case's "Answers:" line (the rest are defaults).
STATED: dict[str, Callable[[str], object]] = {
    "knowledge_updates": lambda t: re.findall(r"knowledge changes (\w+)", t),
    "needs_citations": lambda t: bool(re.search(r"\bcit", t)),
    "behavior_change": lambda t: bool(re.search(r"behaviour change|behave differently", t)),
    "domain_reasoning": lambda t: bool(re.search(r"domain(-specific)? reasoning", t)),
    "latency_critical": lambda t: "latency is critical" in t,
    "deployment": lambda t: ["edge"] if "edge device" in t else [],
    "keep_data_out_of_weights": lambda t: "out of model weights" in t,
    "knowledge_in_documents": lambda t: "not in documents" not in t,
    "domain_count": lambda t: ["3"] if "three specialised domains" in t else [],
    "training_examples": lambda t: re.findall(r"([\d,]+) training examples", t),
    "queries_per_day": lambda t: re.findall(r"([\d,]+) queries a day", t),
    "stage": lambda t: re.findall(r"\b(prototype|production)\b", t),
    "can_maintain_both": lambda t: "a team that can run two systems" in t,
}


def _stated_answers(case_text: str) -> dict[str, object]:
    line = re.search(r"\*\*Answers:\*\*(.*?)(?=\n- |\Z)", case_text, re.DOTALL)
    assert line, "a case states its answers"
    text = " ".join(line.group(1).split())
    stated: dict[str, object] = {}
    for name, read in STATED.items():
        found = read(text)
        if isinstance(found, list):
            assert len(found) <= 1, (name, found)
            if found:
                stated[name] = found[0].replace(",", "")
        else:
            stated[name] = found
    return stated


def _case_texts() -> dict[str, str]:
    """Each preset's case on the examples page: the text from its h3 to its marker."""
    text = EXAMPLES_PAGE.read_text("utf-8")
    cases = re.split(r"^### ", text, flags=re.MULTILINE)[1:]
    return {pid: case for case in cases for pid in PRESET_MARKER.findall(case)}


@pytest.mark.parametrize("preset", PRESETS)
def test_the_answers_a_case_states_are_its_presets_answers(preset: Any) -> None:
    """The prose "Answers:" line cannot drift from the preset the case's link opens."""
    stated = _stated_answers(_case_texts()[preset.id])
    assert preset.parsed() == parse_answers(stated)


def test_each_preset_sits_under_its_group_heading_on_the_examples_page() -> None:
    groups = {pid: section for section, _, pid in _examples_page_cases()}
    assert {p.id: p.group for p in load_presets()} == groups


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


@pytest.mark.parametrize(("answers", "approach"), [e for e in GUIDE_EXAMPLES if e.values[0]])
def test_guide_examples_table_agrees_with_the_preset(answers: object, approach: str) -> None:
    """Each row of tests/engine/test_decision.py's GUIDE_EXAMPLES (but the all-defaults one) is
    one preset's answers, with the same approach: the table cannot drift from the presets."""
    assert [approach] == [p.approach for p in load_presets() if dict(p.answers) == answers]


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


class _Groups(HTMLParser):
    """Each labelled list of presets: the text of the element its aria-labelledby names, and
    the preset ids in the list."""

    def __init__(self) -> None:
        super().__init__()
        self.labels: dict[str, str] = {}
        self.lists: list[tuple[str, list[str]]] = []
        self._label = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if (found.get("id") or "").startswith("presets-group"):
            self._label = str(found["id"])
        if tag == "ul":
            self.lists.append((str(found.get("aria-labelledby")), []))
        if tag == "a" and found.get("data-preset"):
            self.lists[-1][1].append(str(found["data-preset"]))

    def handle_data(self, data: str) -> None:
        if self._label:
            self.labels[self._label] = data
            self._label = ""


def test_calculator_page_lists_the_presets_in_labelled_groups_in_order() -> None:
    parser = _Groups()
    parser.feed(presets_html())
    shown = [(parser.labels[label], ids) for label, ids in parser.lists]
    expected: list[tuple[str, list[str]]] = []
    for preset in load_presets():
        if not expected or expected[-1][0] != preset.group:
            expected.append((preset.group, []))
        expected[-1][1].append(preset.id)
    assert expected == shown
    assert len(shown) >= 4  # grouped, not one long list


def test_preset_list_is_escaped() -> None:
    html = presets_html(link_base='"><script>')
    assert "<script>" not in html
    assert "&quot;&gt;&lt;script&gt;" in html


def _data(**change: object) -> dict[str, Any]:
    preset = {
        "id": "x",
        "group": "G",
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


def test_a_preset_without_a_group_fails_and_names_itself() -> None:
    data = _data()
    del data["presets"][0]["group"]
    with pytest.raises(ValueError, match=re.escape("presets[x]")):
        parse_presets(data)


def test_a_group_split_across_the_list_fails() -> None:
    [x] = _data()["presets"]
    split = [x, {**x, "id": "y", "group": "H"}, {**x, "id": "z"}]
    with pytest.raises(ValueError, match="keep each group's presets together: G"):
        parse_presets({"presets": split})


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
def test_presets_guide_section_exists(preset: Any) -> None:
    page, anchor = preset.section.split("/#")
    text = (ROOT / "docs" / f"{page}.md").read_text("utf-8")
    assert re.search(rf"^#+ .*\{{#{re.escape(anchor)}\}}\s*$", text, re.MULTILINE)


@pytest.mark.parametrize(
    "page", [p for p in sorted((ROOT / "docs").glob("*.md")) if p != EXAMPLES_PAGE], ids=str
)
def test_guide_page_links_a_preset_where_it_discusses_the_example(page: Path) -> None:
    """A guide page's marker sits under the section its preset names, once per page."""
    text = page.read_text("utf-8")
    for pid in PRESET_MARKER.findall(text):
        page_name, anchor = preset_by_id(pid).section.split("/#")
        assert (pid, page_name, 1) == (pid, page.stem, text.count(f"<!-- preset:{pid} -->"))
        assert (pid, anchor) == (pid, _section_of(text, f"<!-- preset:{pid} -->"))


def test_the_guide_pages_still_open_the_examples_they_discuss() -> None:
    guide_pages = [p for p in (ROOT / "docs").glob("*.md") if p != EXAMPLES_PAGE]
    marked = {pid for p in guide_pages for pid in PRESET_MARKER.findall(p.read_text("utf-8"))}
    assert set() == REQUIRED - marked
