"""Rendering: escaped, deterministic HTML; Markdown record; CSV; the assumptions table."""

from __future__ import annotations

import csv
import io
import re
from html import escape, unescape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculator import assumptions_markdown, load_assumptions, markdown_report, parse_answers
from calculator.chart import LAYOUTS, chart_svg, label_width
from calculator.costs import estimate_costs
from calculator.decision import APPROACH_NAMES, APPROACHES, recommend
from calculator.inputs import FIELDS, Field
from calculator.render import announcement_text, result_html, summary_html
from calculator.report import csv_report, money, money_range
from tests.shared import LEGAL_ASSISTANT, reachable

LEGAL = LEGAL_ASSISTANT


def test_same_inputs_render_the_same_bytes() -> None:
    assert result_html(parse_answers(LEGAL)) == result_html(parse_answers(dict(LEGAL)))


def test_result_links_are_relative_to_the_calculator_page() -> None:
    html = result_html(parse_answers(LEGAL))
    hrefs = re.findall(r'href="([^"]+)"', html)
    on_page = {h for h in hrefs if h.startswith("#")}  # the phone summary's "Full result"
    assert hrefs
    assert all(h.startswith("../") and "/#" in h for h in set(hrefs) - on_page)
    assert {"#calc-approach"} == on_page
    assert "../assumptions/#figures" in hrefs


def test_result_names_the_recommendation_and_holds_the_chart_and_its_table() -> None:
    html = result_html(parse_answers(LEGAL))
    assert 'data-approach="hybrid"' in html
    assert "Recommendation: Hybrid" in html
    assert "<svg" in html and 'role="img"' in html
    assert "<table" in html and "Queries per day" in html


def test_break_even_is_marked_on_the_chart_when_it_is_in_range() -> None:
    answers = parse_answers({"provider": "azure-openai", "model_tier": "flagship"})
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
    assert len(FIELDS) == sum(r["category"] == "input" for r in rows)
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


# --- The chart's labels stay inside the picture ---------------------------------------------------


def _field_values(field: Field) -> st.SearchStrategy[object]:
    if field.kind == "bool":
        return st.booleans()
    if field.kind == "choice":
        return st.sampled_from([value for value, _ in field.choices])
    return st.integers(min_value=field.minimum, max_value=field.maximum)


any_answers = st.fixed_dictionaries({}, optional={f.name: _field_values(f) for f in FIELDS}).map(
    reachable
)
TEXT = re.compile(r"<text [^>]*>.*?</text>")


def label_boxes(svg: str) -> list[tuple[str, float, float, float, float]]:
    """Each label's text and estimated box (left, right, top, bottom) in the chart's units."""
    boxes = []
    for element in TEXT.findall(svg):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', element.split(">", 1)[0]))
        font = float(attrs["font-size"])
        lines = re.findall(r">([^<>]+)</tspan>", element) or [re.sub(r"<[^>]+>", "", element)]
        width = max(label_width(unescape(line), font) for line in lines)
        x, y = float(attrs["x"]), float(attrs["y"])
        left = {"start": x, "middle": x - width / 2, "end": x - width}[
            attrs.get("text-anchor", "start")
        ]
        top = y - font / 2 if attrs.get("dominant-baseline") == "middle" else y - font
        bottom = top + font + (font + 2) * (len(lines) - 1)
        boxes.append((" ".join(lines), left, left + width, top, bottom + font * 0.3))
    return boxes


def layout_svgs(html: str) -> dict[str, str]:
    """Each layout's drawing, by name."""
    drawings = re.finditer(r'<svg class="calc-chart calc-chart-(\w+)".*?</svg>', html, re.S)
    return {m.group(1): m.group(0) for m in drawings}


@settings(max_examples=100)
@given(any_answers, st.one_of(st.none(), st.floats(min_value=10, max_value=10**7)))
def test_every_chart_label_lies_inside_its_picture(
    raw: dict[str, object], break_even: float | None
) -> None:
    svgs = layout_svgs(chart_svg(parse_answers(raw), break_even))
    assert {layout.name for layout in LAYOUTS} == set(svgs)
    for layout in LAYOUTS:
        boxes = label_boxes(svgs[layout.name])
        outside = [
            text
            for text, left, right, top, bottom in boxes
            if left < 0 or right > layout.width or top < 0 or bottom > layout.height
        ]
        assert [] == outside, layout.name
        if break_even is not None:
            assert any(text.startswith("break-even") for text, *_ in boxes)


def test_axis_labels_are_short_enough_for_a_phone() -> None:
    svg = layout_svgs(chart_svg(parse_answers({}), None))["narrow"]
    labels = [text for text, *_ in label_boxes(svg)]
    assert {"10", "100", "1k", "10k", "100k", "1M", "10M"} <= set(labels)
    assert "Queries per day" in labels
    assert all(len(label) <= 5 for label in labels if label.startswith("$"))


def test_each_chart_drawing_has_its_own_title_ids() -> None:
    html = chart_svg(parse_answers({}), None)
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids)) == 2 * len(LAYOUTS)


# --- The announcement, the phone summary and the warning markers -------------------------------


@pytest.mark.parametrize(
    "raw", [{}, LEGAL, {"deployment": "edge"}, {"queries_per_day": 50_000}], ids=repr
)
def test_the_announcement_is_one_sentence_with_the_answer_and_each_headline_cost(
    raw: dict[str, object],
) -> None:
    answers = parse_answers(raw)
    rec, est = recommend(answers), estimate_costs(answers)
    text = announcement_text(rec, est)
    assert text.startswith(f"Recommendation: {APPROACH_NAMES[rec.approach]}.")
    for approach in APPROACHES:
        low, high = money(est.monthly[approach].low), money(est.monthly[approach].high)
        assert (low if low == high else f"{low} to {high}") in text
    assert len(text) < 200 and "<" not in text
    assert f'data-announcement="{escape(text)}"' in result_html(answers)


def test_the_phone_summary_names_the_answer_its_costs_and_links_to_the_full_result() -> None:
    answers = parse_answers(LEGAL)
    rec, est = recommend(answers), estimate_costs(answers)
    html = summary_html(rec, est)
    assert f"<strong>{APPROACH_NAMES[rec.approach]}</strong> recommended" in html
    for approach in APPROACHES:
        assert escape(money_range(est.monthly[approach])) in html
    assert 'href="#calc-approach"' in html
    assert 'id="calc-approach"' in result_html(answers)


def test_a_hard_constraint_is_marked_by_an_inline_svg_not_an_emoji() -> None:
    html = result_html(parse_answers({"deployment": "air-gapped"}))
    marker = re.search(r'<li class="calc-warning kind-constraint"><svg class="calc-icon"', html)
    assert marker is not None
    assert "⛔" not in html and "⚠" not in html


def test_cost_figures_are_marked_for_right_alignment() -> None:
    html = result_html(parse_answers({}))
    table = html[html.index('<table class="calc-cost-table"') : html.index("</table>")]
    assert table.count("<td") == table.count('<td class="calc-money">') > 0
