"""Compare: a pinned scenario next to the live one, both computed by the engine."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qs

import pytest

from calculator import estimate_costs, parse_answers, recommend
from calculator.compare import compare_html, mid_difference
from calculator.presets import preset_by_id
from calculator.report import answers_query, money, money_range
from calculator.web import compare, inputs_from_query

TEAM = preset_by_id("legal-assistant").parsed()
NO_TEAM = preset_by_id("legal-assistant-small-team").parsed()


class _Table(HTMLParser):
    """Rows of the cost table: (approach, kind) -> the row's cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[tuple[str, str], list[str]] = {}
        self.sections: dict[str, str] = {}
        self._row: tuple[str, str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "section":
            self.sections = {k: str(v) for k, v in found.items()}
        if tag == "tr" and found.get("data-approach"):
            self._row = (str(found["data-approach"]), str(found["data-kind"]))
            self.rows[self._row] = []
        if tag in ("td", "th") and self._row:
            self._cell = []

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._row and self._cell is not None:
            self.rows[self._row].append("".join(self._cell))
            self._cell = None
        if tag == "tr":
            self._row = None


def _parsed(html: str) -> _Table:
    table = _Table()
    table.feed(html)
    return table


def test_columns_carry_each_scenarios_own_recommendation() -> None:
    sections = _parsed(compare_html(TEAM, NO_TEAM)).sections
    assert (recommend(TEAM).approach, recommend(NO_TEAM).approach) == (
        sections["data-pinned-approach"],
        sections["data-live-approach"],
    )
    assert ("hybrid", "rag") == (sections["data-pinned-approach"], sections["data-live-approach"])


def test_a_changed_recommendation_is_said_in_words() -> None:
    assert "changes from Hybrid (fine-tuning + RAG) to RAG" in compare_html(TEAM, NO_TEAM)


def test_answers_that_differ_are_listed_with_both_values() -> None:
    html = compare_html(parse_answers({}), parse_answers({"queries_per_day": 5000}))
    assert "Queries per day</th><td>1,000 queries/day</td><td>5,000 queries/day</td>" in html


def test_identical_scenarios_invite_a_change() -> None:
    html = compare_html(TEAM, TEAM)
    assert "change any answer to compare" in html
    assert "Both scenarios get the same recommendation." in html


@pytest.mark.parametrize(
    ("kind", "attribute"), [("monthly", "monthly"), ("first year", "first_year")]
)
def test_cost_rows_are_each_scenarios_estimate_and_the_mid_range_difference(
    kind: str, attribute: str
) -> None:
    pinned, live = parse_answers({}), parse_answers({"queries_per_day": 50_000})
    rows = _parsed(compare_html(pinned, live)).rows
    before, after = (
        getattr(estimate_costs(pinned), attribute),
        getattr(estimate_costs(live), attribute),
    )
    for approach in ("rag", "fine-tuning", "hybrid"):
        _, shown_pinned, shown_live, difference = rows[(approach, kind)]
        assert money_range(before[approach]) == shown_pinned
        assert money_range(after[approach]) == shown_live
        gap = mid_difference(before[approach], after[approach])
        assert gap > 0  # fifty times the volume costs more, whatever the approach
        assert "+" + money(gap) == difference


def test_reasons_that_differ_are_shown_on_their_own_side() -> None:
    html = compare_html(parse_answers({}), parse_answers({"needs_citations": True}))
    live_part = html[html.index('data-side="live"><h4>') :]
    assert "Answers must cite sources." in live_part
    assert 'data-side="pinned"><h4>' not in html  # nothing only the pinned scenario has


def test_the_same_inputs_give_the_same_bytes() -> None:
    assert compare_html(TEAM, NO_TEAM) == compare_html(TEAM, NO_TEAM)


def test_compare_returns_the_page_query_with_the_pinned_answers_url_encoded() -> None:
    pinned_query = answers_query(TEAM)
    result = compare(pinned_query, NO_TEAM.as_dict())
    assert result["ok"] is True
    query = str(result["query"])
    assert query.startswith(answers_query(NO_TEAM) + "&pin=")
    assert [pinned_query] == parse_qs(query)["pin"]
    opened = inputs_from_query("?" + query)  # the link reproduces the live side, pin aside
    assert [] == opened["errors"]
    assert NO_TEAM == parse_answers(opened["values"])


def test_an_empty_pin_is_the_default_scenario() -> None:
    result = compare("", {"domain_count": "3"})
    assert "domain_count=3&pin=" == result["query"]
    assert 'data-pinned-approach="rag"' in str(result["html"])


def test_a_broken_pin_is_a_field_error_on_pin() -> None:
    result = compare("queries_per_day=lots", {})
    assert result["ok"] is False
    [error] = result["errors"]  # type: ignore[misc]
    assert "pin" == error["field"]
    assert "queries_per_day" in error["message"]


def test_invalid_live_answers_are_the_fields_own_errors() -> None:
    result = compare("", {"domain_count": "0"})
    assert ["domain_count"] == [e["field"] for e in result["errors"]]  # type: ignore[attr-defined]
