"""Rendering: escaped, deterministic HTML; Markdown record; CSV; the assumptions table."""

from __future__ import annotations

import csv
import io
import re

from calculator import assumptions_markdown, load_assumptions, markdown_report, parse_answers
from calculator.costs import estimate_costs
from calculator.render import result_html
from calculator.report import csv_report
from tests.shared import LEGAL_ASSISTANT

LEGAL = LEGAL_ASSISTANT


def test_same_inputs_render_the_same_bytes() -> None:
    assert result_html(parse_answers(LEGAL)) == result_html(parse_answers(dict(LEGAL)))


def test_result_links_are_relative_to_the_calculator_page() -> None:
    html = result_html(parse_answers(LEGAL))
    hrefs = re.findall(r'href="([^"]+)"', html)
    guide = [h for h in hrefs if not h.startswith("#")]  # "#..." stays on the page
    assert guide
    assert all(h.startswith("../") and "/#" in h for h in guide)
    assert {"#calc-approach"} == set(hrefs) - set(guide)


def test_result_names_the_recommendation_and_holds_the_chart_and_its_table() -> None:
    html = result_html(parse_answers(LEGAL))
    assert 'data-approach="hybrid"' in html
    assert "Recommendation: Hybrid" in html
    assert "<svg" in html and 'role="img"' in html
    assert "<table" in html and "Queries per day" in html


def test_break_even_is_marked_on_the_chart_when_it_is_in_range() -> None:
    answers = parse_answers(
        {"model_tier": "flagship", "knowledge_updates": "monthly", "document_tokens": 100_000}
    )
    assert estimate_costs(answers).break_even_queries_per_day is not None
    html = result_html(answers)
    assert 2 == html.count('<line class="calc-break-even"')  # in each layout
    assert 2 == html.count(">break-even</tspan>")
    assert '<line class="calc-break-even"' not in result_html(parse_answers({}))


def test_html_has_no_inline_style_or_script() -> None:
    html = result_html(parse_answers(LEGAL))
    assert "<script" not in html
    assert "style=" not in html
    assert re.search(r"\son[a-z]+=", html) is None


def test_markdown_record_has_question_answers_reasons_costs_and_sources() -> None:
    text = markdown_report(parse_answers(LEGAL), link_base="https://example.test/guide/")
    for heading in ("# Decision record", "## Answers", "## Reasons", "## Costs", "## Assumptions"):
        assert heading in text
    assert "**Recommendation: Hybrid" in text
    assert "(https://example.test/guide/when-rag-wins/#source-attribution)" in text


def test_csv_parses_and_has_one_row_per_input_and_approach() -> None:
    rows = list(csv.DictReader(io.StringIO(csv_report(parse_answers({})))))
    assert 17 == sum(r["category"] == "input" for r in rows)
    assert {"rag", "fine-tuning", "hybrid"} == {
        r["name"] for r in rows if r["category"] == "monthly_cost_usd"
    }


def test_assumptions_table_lists_every_figure_with_source_and_date() -> None:
    table = assumptions_markdown()
    data = load_assumptions()
    for figure in data.figures.values():
        assert figure.label in table
        assert figure.as_of in table
    assert "6 January 2027" in table
